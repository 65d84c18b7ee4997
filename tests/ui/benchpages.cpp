// SPDX-License-Identifier: GPL-3.0-or-later
// Driven by bench/ui.py (not a test): times opening a project in the real window with the real
// pages, and re-rendering its README on the README page, and prints one JSON object.
//   bench_ui_pages PROJECT_DIR OTHER_PROJECT_DIR [REPEATS]
// The two projects are opened in turn, so that every opening reads and renders afresh (their
// READMEs must differ: the page does not render the same text again).
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTimer>

#include <cstdio>

#include "core/readme/renderer.h"
#include "ui/mainwindow.h"
#include "ui/pages/readmepage.h"
#include "ui/projectpages.h"
#include "ui/uisettings.h"

namespace {

// Runs the event loop until the README page has rendered (a benchmark harness may wait so).
bool waitForRendering(ReadmePage *page)
{
    QEventLoop loop;
    bool rendered = false;
    QObject::connect(page, &ReadmePage::rendered, &loop, [&] {
        rendered = true;
        loop.quit();
    });
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    loop.exec();
    return rendered;
}

double milliseconds(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 3) {
        std::fputs("usage: bench_ui_pages PROJECT_DIR OTHER_PROJECT_DIR [REPEATS]\n", stderr);
        return 2;
    }
    const QStringList projects{arguments.at(1), arguments.at(2)};
    const int repeats = arguments.size() > 3 ? qMax(1, arguments.at(3).toInt()) : 10;

    QTemporaryDir scratch;
    QSettings settings(scratch.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    UiSettings uiSettings(settings);
    MainWindow window(uiSettings);
    // No registries: the Overview does not go to the network here.
    addProjectPages(window, scratch.filePath(QStringLiteral("registries.toml")));
    window.resize(1280, 800);
    window.show();
    auto *readme = window.findChild<ReadmePage *>();
    // The README page renders only while it is shown.
    window.openProject(projects.at(1));
    window.showPage(readme);
    if (!waitForRendering(readme)) {
        std::fputs("the README did not render within a minute\n", stderr);
        return 1;
    }
    auto *contentType = readme->findChild<QComboBox *>(QStringLiteral("contentTypeBox"));

    QJsonArray openSync;
    QJsonArray openRendered;
    QJsonArray rerender;
    for (int i = 0; i < repeats; ++i) {
        QCoreApplication::processEvents();
        QElapsedTimer timer;
        timer.start();
        window.openProject(projects.at(i % 2));
        openSync.append(milliseconds(timer));

        if (!waitForRendering(readme)) {
            std::fputs("the README did not render within a minute\n", stderr);
            return 1;
        }
        openRendered.append(milliseconds(timer));
    }
    for (int i = 0; i < repeats; ++i) {
        // GFM and CommonMark render through the same engine: a re-render of the same text.
        QElapsedTimer timer;
        timer.start();
        contentType->setCurrentIndex(contentType->currentIndex() == 0 ? 1 : 0);
        if (!waitForRendering(readme)) {
            std::fputs("the README did not render within a minute\n", stderr);
            return 1;
        }
        rerender.append(milliseconds(timer));
    }
    // Where a re-render goes: the engine (cmark-gfm and the sanitizer) and the view (setHtml).
    QJsonArray engine;
    QJsonArray view;
    QJsonArray parseOnly;
    auto *preview = readme->findChild<QTextBrowser *>(QStringLiteral("readmePreview"));
    const QString source = readme->findChild<QWidget *>(QStringLiteral("readmeSource"))->property("plainText").toString();
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer timer;
        timer.start();
        const Readme::RenderResult rendered = Readme::renderMarkdown(source);
        engine.append(milliseconds(timer));
        timer.restart();
        preview->setHtml(QStringLiteral("<body>%1</body>").arg(rendered.html));
        view.append(milliseconds(timer));
        timer.restart();
        {
            QTextDocument document;
            document.setDefaultStyleSheet(preview->document()->defaultStyleSheet());
            document.setHtml(QStringLiteral("<body>%1</body>").arg(rendered.html));
            parseOnly.append(milliseconds(timer));
        }
    }
    const QJsonObject result{{QStringLiteral("open_sync_ms"), openSync},
                             {QStringLiteral("readme_engine_ms"), engine},
                             {QStringLiteral("readme_view_ms"), view},
                             {QStringLiteral("readme_parse_only_ms"), parseOnly},
                             {QStringLiteral("open_until_readme_rendered_ms"), openRendered},
                             {QStringLiteral("readme_rerender_ms"), rerender}};
    std::fputs(QJsonDocument(result).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputs("\n", stdout);
    return 0;
}
