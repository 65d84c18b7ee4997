// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/workflowpages.h"

#include <QKeySequence>

#include "core/registry/registrystore.h"
#include "ui/mainwindow.h"
#include "ui/pages/buildcheckpage.h"
#include "ui/pages/registriespage.h"

WorkflowPages addWorkflowPages(MainWindow &window, const QString &registryStorePath, const QString &keychainService)
{
    WorkflowPages pages;
    pages.buildCheck = new BuildCheckPage(window.jobs());
    window.addPage(BuildCheckPage::tr("Build & Check"), pages.buildCheck);
    pages.registries = new RegistriesPage(
        window.jobs(), registryStorePath.isEmpty() ? Registry::RegistryStore::defaultPath() : registryStorePath,
        keychainService);
    window.addToolPage(RegistriesPage::tr("Registries && Tokens"), pages.registries,
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    QObject::connect(&window, &MainWindow::projectOpened, pages.buildCheck,
                     [page = pages.buildCheck](const QString &path) { page->setProject(path); });
    pages.buildCheck->setProject(window.projectPath());
    return pages;
}
