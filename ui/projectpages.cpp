// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/projectpages.h"

#include <QListWidget>

#include "core/registry/registrystore.h"
#include "ui/mainwindow.h"
#include "ui/pages/classifierspage.h"
#include "ui/pages/metadatapage.h"
#include "ui/pages/overviewpage.h"
#include "ui/pages/readmepage.h"
#include "ui/projectdocument.h"

namespace {

// MainWindow lists its pages by title in the sidebar; the Overview's action button selects one.
QListWidgetItem *pageItem(MainWindow &window, const QString &title)
{
    auto *list = window.findChild<QListWidget *>(QStringLiteral("pageList"));
    if (list == nullptr) {
        return nullptr;
    }
    const QList<QListWidgetItem *> items = list->findItems(title, Qt::MatchExactly);
    return items.isEmpty() ? nullptr : items.constFirst();
}

} // namespace

ProjectDocument *addProjectPages(MainWindow &window, const QString &registryStorePath)
{
    auto *document = new ProjectDocument(&window);
    auto *overview = new OverviewPage(
        *document, registryStorePath.isEmpty() ? Registry::RegistryStore::defaultPath() : registryStorePath);
    window.addPage(OverviewPage::tr("Overview"), overview);
    window.addPage(MetadataPage::tr("Metadata"), new MetadataPage(*document));
    window.addPage(ClassifiersPage::tr("Classifiers"), new ClassifiersPage(*document));
    window.addPage(ReadmePage::tr("README"), new ReadmePage(*document));
    overview->setPageAvailable([&window](const QString &title) { return pageItem(window, title) != nullptr; });
    QObject::connect(overview, &OverviewPage::pageRequested, &window, [&window](const QString &title) {
        if (QListWidgetItem *item = pageItem(window, title)) {
            item->listWidget()->setCurrentItem(item);
        }
    });
    QObject::connect(&window, &MainWindow::projectOpened, document,
                     [document](const QString &path) { document->load(path); });
    if (!window.projectPath().isEmpty()) {
        document->load(window.projectPath());
    }
    return document;
}
