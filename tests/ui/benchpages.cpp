// SPDX-License-Identifier: GPL-3.0-or-later
// Driven by bench/ui.py (not a test): times opening a project in the real window with the real
// pages, and re-rendering its README on the README page, and prints one JSON object.
//   bench_ui_pages PROJECT_DIR OTHER_PROJECT_DIR [REPEATS]
// The two projects are opened in turn, so that every opening reads and renders afresh (their
// READMEs must differ: the page does not render the same text again).
// Re-renderings are timed from the write of README.md (the page's settle delay set to 0) to the
// rendered() signal, to the preview repainted after it (its first part, when it is set in
// parts) and to the preview complete (previewCompleted(), repainted), while a 1 ms timer on the UI thread
// records the longest time the event loop did not run:
//   live edit: one paragraph of the README changed on disk (the page updates what changed);
//   full re-render: the README replaced on disk by the other project's, of the same size; the
//     preview is set in parts, so it is timed to its first part painted and to complete;
//   same HTML: the content type switched between GFM and CommonMark, which renders the same
//     HTML; the preview is then not touched, so this is not a re-render of the preview.
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScrollBar>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTimer>

#include <cstdio>
#include <functional>

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

// Runs the event loop until the README page's preview shows all of the rendering (a large
// README is set in parts after rendered()).
bool waitForCompletePreview(ReadmePage *page)
{
    if (page->isPreviewComplete()) {
        return true;
    }
    QEventLoop loop;
    QObject::connect(page, &ReadmePage::previewCompleted, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    loop.exec();
    return page->isPreviewComplete();
}

double milliseconds(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// The longest gap between the ticks of a 1 ms timer on the UI thread while it runs: how long
// the event loop was blocked at most.
class UiBlockProbe
{
public:
    UiBlockProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            m_longest = qMax(m_longest, milliseconds(m_sinceTick));
            m_sinceTick.restart();
        });
    }
    void start()
    {
        m_longest = 0;
        m_sinceTick.start();
        m_timer.start();
    }
    double stop()
    {
        m_longest = qMax(m_longest, milliseconds(m_sinceTick));
        m_timer.stop();
        return m_longest;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    double m_longest = 0;
};

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Runs the event loop until the page can update its preview partially (its element map, made
// on the thread pool after a full update, is there).
bool waitForElementMap(ReadmePage *page)
{
    QElapsedTimer timer;
    timer.start();
    while (!page->canUpdatePreviewPartially() && timer.elapsed() < 60000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    return page->canUpdatePreviewPartially();
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

    auto *preview = readme->findChild<QTextBrowser *>(QStringLiteral("readmePreview"));
    QJsonArray openSync;
    QJsonArray openFirstPainted;
    QJsonArray openComplete;
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
        preview->viewport()->repaint();
        openFirstPainted.append(milliseconds(timer));
        if (!waitForCompletePreview(readme)) {
            std::fputs("the README preview was not complete within a minute\n", stderr);
            return 1;
        }
        preview->viewport()->repaint();
        openComplete.append(milliseconds(timer));
    }
    // Re-renderings on disk, on the project opened last.
    readme->setReloadDelay(0);
    const QString readmeFile = projects.at((repeats - 1) % 2) + QStringLiteral("/README.md");
    const QString otherReadmeFile = projects.at(repeats % 2) + QStringLiteral("/README.md");
    const QByteArray original = readFile(readmeFile);
    const QByteArray other = readFile(otherReadmeFile);
    UiBlockProbe probe;
    // One measured re-rendering: the write, then until rendered(), until repainted and until
    // the preview is complete and repainted (the same, unless it comes in parts).
    const auto timeRendering = [&](const std::function<void()> &change, QJsonArray &toRendered,
                                   QJsonArray &toPainted, QJsonArray &toComplete, QJsonArray &blocked) {
        QCoreApplication::processEvents();
        probe.start();
        QElapsedTimer timer;
        timer.start();
        change();
        if (!waitForRendering(readme)) {
            return false;
        }
        toRendered.append(milliseconds(timer));
        preview->viewport()->repaint();
        toPainted.append(milliseconds(timer));
        if (!waitForCompletePreview(readme)) {
            return false;
        }
        preview->viewport()->repaint();
        toComplete.append(milliseconds(timer));
        // Whatever the update left for the event loop (layout, signals) counts as blocking too.
        QEventLoop settle;
        QTimer::singleShot(20, &settle, &QEventLoop::quit);
        settle.exec();
        blocked.append(probe.stop());
        return true;
    };

    // (a) The live edit: one paragraph in the middle of the README changes on disk.
    QJsonArray editRendered;
    QJsonArray editPainted;
    QJsonArray editComplete;
    QJsonArray editBlocked;
    int partialEdits = 0;
    const qsizetype section = original.indexOf("\n## Section 50:");
    const qsizetype paragraph = section < 0 ? -1 : original.indexOf("\n\n", section + 1) + 2;
    if (paragraph < 2) {
        std::fputs("the benchmark README has no section 50\n", stderr);
        return 1;
    }
    preview->verticalScrollBar()->setValue(preview->verticalScrollBar()->maximum() / 3);
    for (int i = 0; i < repeats; ++i) {
        if (!waitForElementMap(readme)) {
            std::fputs("the README page made no element map within a minute\n", stderr);
            return 1;
        }
        QByteArray edited = original;
        edited.insert(paragraph, "Edited " + QByteArray::number(i) + " times. ");
        if (!timeRendering([&] { writeFile(readmeFile, edited); }, editRendered, editPainted, editComplete, editBlocked)) {
            std::fputs("the README did not render within a minute\n", stderr);
            return 1;
        }
        partialEdits += readme->canUpdatePreviewPartially() ? 1 : 0; // a full update drops the map
    }

    // (b) A full re-render: another README of the same size replaces this one on disk.
    QJsonArray fullRendered;
    QJsonArray fullPainted;
    QJsonArray fullComplete;
    QJsonArray fullBlocked;
    for (int i = 0; i < repeats; ++i) {
        const QByteArray &next = i % 2 == 0 ? other : original;
        if (!timeRendering([&] { writeFile(readmeFile, next); }, fullRendered, fullPainted, fullComplete, fullBlocked)) {
            std::fputs("the README did not render within a minute\n", stderr);
            return 1;
        }
    }

    // (c) The content type switch: the same HTML again, the preview is not touched.
    QJsonArray sameRendered;
    QJsonArray samePainted;
    QJsonArray sameComplete;
    QJsonArray sameBlocked;
    for (int i = 0; i < repeats; ++i) {
        const auto toggle = [&] { contentType->setCurrentIndex(contentType->currentIndex() == 0 ? 1 : 0); };
        if (!timeRendering(toggle, sameRendered, samePainted, sameComplete, sameBlocked)) {
            std::fputs("the README did not render within a minute\n", stderr);
            return 1;
        }
    }
    writeFile(readmeFile, original);

    // Where a re-render goes: the engine (cmark-gfm and the sanitizer) and the view (setHtml).
    QJsonArray engine;
    QJsonArray view;
    QJsonArray parseOnly;
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
                             {QStringLiteral("open_until_readme_first_painted_ms"), openFirstPainted},
                             {QStringLiteral("open_until_readme_complete_ms"), openComplete},
                             {QStringLiteral("live_edit_rendered_ms"), editRendered},
                             {QStringLiteral("live_edit_painted_ms"), editPainted},
                             {QStringLiteral("live_edit_complete_ms"), editComplete},
                             {QStringLiteral("live_edit_ui_blocked_ms"), editBlocked},
                             {QStringLiteral("live_edit_partial"), partialEdits},
                             {QStringLiteral("full_rerender_rendered_ms"), fullRendered},
                             {QStringLiteral("full_rerender_painted_ms"), fullPainted},
                             {QStringLiteral("full_rerender_complete_ms"), fullComplete},
                             {QStringLiteral("full_rerender_ui_blocked_ms"), fullBlocked},
                             {QStringLiteral("same_html_rendered_ms"), sameRendered},
                             {QStringLiteral("same_html_painted_ms"), samePainted},
                             {QStringLiteral("same_html_complete_ms"), sameComplete},
                             {QStringLiteral("same_html_ui_blocked_ms"), sameBlocked}};
    std::fputs(QJsonDocument(result).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputs("\n", stdout);
    return 0;
}
