// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class MainWindow;
class ProjectDocument;

// Creates the shared ProjectDocument (owned by the window) and the finished project pages
// (Overview first), adds them to the window and loads the document whenever the window opens
// a project. registryStorePath: the registries.toml the Overview reads the test and
// production registries from; empty: Registry::RegistryStore::defaultPath().
ProjectDocument *addProjectPages(MainWindow &window, const QString &registryStorePath = {});
