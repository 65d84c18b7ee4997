// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/projectpages.h"

#include "ui/mainwindow.h"
#include "ui/pages/classifierspage.h"
#include "ui/pages/metadatapage.h"
#include "ui/pages/readmepage.h"
#include "ui/projectdocument.h"

ProjectDocument *addProjectPages(MainWindow &window)
{
    auto *document = new ProjectDocument(&window);
    window.addPage(MetadataPage::tr("Metadata"), new MetadataPage(*document));
    window.addPage(ClassifiersPage::tr("Classifiers"), new ClassifiersPage(*document));
    window.addPage(ReadmePage::tr("README"), new ReadmePage(*document));
    QObject::connect(&window, &MainWindow::projectOpened, document,
                     [document](const QString &path) { document->load(path); });
    if (!window.projectPath().isEmpty()) {
        document->load(window.projectPath());
    }
    return document;
}
