// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class BuildCheckPage;
class MainWindow;
class RegistriesPage;

struct WorkflowPages {
    BuildCheckPage *buildCheck = nullptr;
    RegistriesPage *registries = nullptr;
};

// Adds Build & Check to the project pages and Registries & Tokens to the toolbar and the Go
// menu (Ctrl+Shift+R), and points Build & Check at every project the window opens.
// registryStorePath empty: Registry::RegistryStore::defaultPath().
WorkflowPages addWorkflowPages(MainWindow &window, const QString &registryStorePath = {},
                               const QString &keychainService = QStringLiteral("slipway"));
