// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/workflowpages.h"

#include <QKeySequence>

#include "core/registry/registrystore.h"
#include "ui/mainwindow.h"
#include "ui/pages/buildcheckpage.h"
#include "ui/pages/registriespage.h"
#include "ui/pages/releasepage.h"

WorkflowPages addWorkflowPages(MainWindow &window, const QString &registryStorePath, const QString &keychainService)
{
    WorkflowPages pages;
    pages.buildCheck = new BuildCheckPage(window.jobs());
    window.addPage(BuildCheckPage::tr("Build & Check"), pages.buildCheck);
    const QString storePath =
        registryStorePath.isEmpty() ? Registry::RegistryStore::defaultPath() : registryStorePath;
    pages.release = new ReleasePage(window.jobs(), storePath, keychainService);
    window.addPage(ReleasePage::tr("Release"), pages.release);
    pages.registries = new RegistriesPage(window.jobs(), storePath, keychainService);
    window.addToolPage(RegistriesPage::tr("Registries && Tokens"), pages.registries,
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    QObject::connect(&window, &MainWindow::projectOpened, pages.buildCheck,
                     [page = pages.buildCheck](const QString &path) { page->setProject(path); });
    QObject::connect(&window, &MainWindow::projectOpened, pages.release,
                     [page = pages.release](const QString &path) { page->setProject(path); });
    QObject::connect(pages.registries, &RegistriesPage::registrySaved, pages.release, &ReleasePage::reloadRegistries);
    pages.buildCheck->setProject(window.projectPath());
    pages.release->setProject(window.projectPath());
    return pages;
}
