// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class BuildCheckPage;
class MainWindow;
class RegistriesPage;
class ReleasePage;

struct WorkflowPages {
    BuildCheckPage *buildCheck = nullptr;
    ReleasePage *release = nullptr;
    RegistriesPage *registries = nullptr;
};

// Adds Build & Check and Release to the project pages and Registries & Tokens to the toolbar and the Go
// menu (Ctrl+Shift+R), and points the project pages at every project the window opens.
// registryStorePath empty: Registry::RegistryStore::defaultPath().
WorkflowPages addWorkflowPages(MainWindow &window, const QString &registryStorePath = {},
                               const QString &keychainService = QStringLiteral("slipway"));
