// SPDX-License-Identifier: GPL-3.0-or-later
// The window shell, driven through its real widgets under the offscreen platform.
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <QProgressBar>
#include <QStatusBar>
#include <QToolButton>

#include "ui/jobs/jobtracker.h"
#include "ui/mainwindow.h"
#include "ui/uisettings.h"

class TestWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void titleNamesAppAndProject();
    void foldersThatAreNotProjectsAreExplained_data();
    void foldersThatAreNotProjectsAreExplained();
    void recentProjectsAreRememberedMostRecentFirst();
    void droppingAFolderOpensIt();
    void geometryAndSplitterAreRestored();
    void statusBarShowsJobsWithProgressAndCancel();
    void toolPagesNeedNoProjectAndProjectPagesDo();

private:
    QString makeProject(const QString &name);

    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
};

void TestWindow::init()
{
    m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("settings-%1.ini").arg(QString::fromLatin1(QTest::currentTestFunction()))),
                                             QSettings::IniFormat);
    m_settings->clear();
}

QString TestWindow::makeProject(const QString &name)
{
    const QString project = m_dir.filePath(name);
    QDir().mkpath(project);
    QFile pyproject(project + QStringLiteral("/pyproject.toml"));
    if (pyproject.open(QIODevice::WriteOnly)) {
        pyproject.write("[project]\nname = \"demo\"\nversion = \"1.0\"\n");
    }
    return project;
}

void TestWindow::titleNamesAppAndProject()
{
    UiSettings settings(*m_settings);
    MainWindow window(settings);
    QCOMPARE(window.windowTitle(), QStringLiteral("Slipway"));
    window.openProject(makeProject(QStringLiteral("demo-project")));
    QCOMPARE(window.windowTitle(), QStringLiteral("demo-project — Slipway"));
    auto *label = window.findChild<QLabel *>(QStringLiteral("projectLabel"));
    QVERIFY(label->text().contains(QStringLiteral("<b>demo-project</b>")));
    QCOMPARE(settings.lastProject(), QDir::cleanPath(m_dir.filePath(QStringLiteral("demo-project"))));
}

void TestWindow::foldersThatAreNotProjectsAreExplained_data()
{
    QTest::addColumn<QString>("relativePath");
    QTest::addColumn<QString>("expectedEnd");
    QTest::addRow("empty folder") << QStringLiteral("empty")
                                  << QStringLiteral("Choose the folder at the root of your Python project.");
    QTest::addRow("a file") << QStringLiteral("file.txt")
                            << QStringLiteral("is not a folder. Choose the folder that holds your pyproject.toml.");
}

void TestWindow::foldersThatAreNotProjectsAreExplained()
{
    QFETCH(QString, relativePath);
    QFETCH(QString, expectedEnd);
    QDir(m_dir.path()).mkpath(QStringLiteral("empty"));
    QFile file(m_dir.filePath(QStringLiteral("file.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();

    UiSettings settings(*m_settings);
    MainWindow window(settings);
    window.openProject(m_dir.filePath(relativePath));
    auto *status = window.findChild<QLabel *>(QStringLiteral("welcomeStatus"));
    QVERIFY2(status->text().endsWith(expectedEnd), qPrintable(status->text()));
    QVERIFY(window.projectPath().isEmpty());
    QCOMPARE(window.windowTitle(), QStringLiteral("Slipway"));
    QVERIFY(settings.recentProjects().isEmpty());
}

void TestWindow::recentProjectsAreRememberedMostRecentFirst()
{
    UiSettings settings(*m_settings);
    MainWindow window(settings);
    const QString first = QDir::cleanPath(makeProject(QStringLiteral("first")));
    const QString second = QDir::cleanPath(makeProject(QStringLiteral("second")));
    window.openProject(first);
    window.openProject(second);
    window.openProject(first);
    QCOMPARE(settings.recentProjects(), (QStringList{first, second}));

    auto *recentMenu = window.findChild<QMenu *>(QStringLiteral("recentMenu"));
    QCOMPARE(recentMenu->actions().size(), 2);
    recentMenu->actions().at(1)->trigger();
    QCOMPARE(window.projectPath(), second);
}

void TestWindow::droppingAFolderOpensIt()
{
    UiSettings settings(*m_settings);
    MainWindow window(settings);
    window.show();
    const QString project = QDir::cleanPath(makeProject(QStringLiteral("dropped")));
    QMimeData mimeData;
    mimeData.setUrls({QUrl::fromLocalFile(project)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mimeData, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mimeData, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QCOMPARE(window.projectPath(), project);
}

void TestWindow::geometryAndSplitterAreRestored()
{
    QList<int> sizes;
    {
        UiSettings settings(*m_settings);
        MainWindow window(settings);
        window.resize(900, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *splitter = window.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
        splitter->setSizes({300, 600});
        sizes = splitter->sizes();
        window.close();
    }
    UiSettings settings(*m_settings);
    MainWindow window(settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.size(), QSize(900, 600));
    QCOMPARE(window.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes(), sizes);
}

void TestWindow::statusBarShowsJobsWithProgressAndCancel()
{
    UiSettings settings(*m_settings);
    MainWindow window(settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    JobTracker &jobs = window.jobs();
    QStatusBar *bar = window.statusBar();
    auto *monitor = bar->findChild<QWidget *>(QStringLiteral("jobStatus"));
    QVERIFY(monitor != nullptr);
    QVERIFY(!monitor->isVisible());

    int cancelled = 0;
    TrackedJob *upload = jobs.begin(QStringLiteral("Upload"), [&cancelled] { ++cancelled; });
    TrackedJob *keychain = jobs.begin(QStringLiteral("Keychain")); // cannot be stopped
    QVERIFY(monitor->isVisible());
    QCOMPARE(jobs.runningJobs().size(), 2);
    upload->setDescription(QStringLiteral("2 files"));
    upload->setProgress(250, 1000);

    const auto rows = monitor->findChildren<QWidget *>(QStringLiteral("jobRow"));
    QCOMPARE(rows.size(), 2);
    QWidget *uploadRow = rows.first()->findChild<QLabel *>()->text().startsWith(u"Upload") ? rows.first() : rows.last();
    QWidget *keychainRow = uploadRow == rows.first() ? rows.last() : rows.first();
    QCOMPARE(uploadRow->findChild<QLabel *>(QStringLiteral("jobLabel"))->text(), QStringLiteral("Upload: 2 files"));
    auto *progress = uploadRow->findChild<QProgressBar *>(QStringLiteral("jobProgress"));
    QCOMPARE(progress->maximum(), 1000);
    QCOMPARE(progress->value(), 250);
    QCOMPARE(keychainRow->findChild<QProgressBar *>(QStringLiteral("jobProgress"))->maximum(), 0); // busy
    QVERIFY(!keychainRow->findChild<QToolButton *>(QStringLiteral("jobCancelButton"))->isVisible());

    auto *cancel = uploadRow->findChild<QToolButton *>(QStringLiteral("jobCancelButton"));
    QVERIFY(cancel->isVisible());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(cancelled, 1);
    QVERIFY(!cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton); // asked once only
    QCOMPARE(cancelled, 1);

    // One result each; the status bar says it; later results are ignored.
    QSignalSpy finished(&jobs, &JobTracker::jobFinished);
    upload->finish(TrackedJob::Outcome::Cancelled, QStringLiteral("nothing was sent"));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(bar->currentMessage(), QStringLiteral("Upload cancelled: nothing was sent"));
    keychain->finish(TrackedJob::Outcome::Failed, QStringLiteral("the keychain is locked"));
    keychain->finish(TrackedJob::Outcome::Succeeded, {});
    QCOMPARE(finished.count(), 2);
    QCOMPARE(bar->currentMessage(), QStringLiteral("Keychain failed: the keychain is locked"));
    QVERIFY(jobs.runningJobs().isEmpty());
    QVERIFY(!monitor->isVisible());
}

void TestWindow::toolPagesNeedNoProjectAndProjectPagesDo()
{
    UiSettings settings(*m_settings);
    MainWindow window(settings);
    auto *projectPage = new QLabel(QStringLiteral("project page"));
    auto *toolPage = new QLabel(QStringLiteral("tool page"));
    window.addPage(QStringLiteral("Build"), projectPage);
    QAction *action = window.addToolPage(QStringLiteral("Tools"), toolPage, QKeySequence(Qt::CTRL | Qt::Key_T));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.currentPage()->objectName(), QStringLiteral("welcomePage"));
    window.showPage(projectPage); // no project: not shown
    QCOMPARE(window.currentPage()->objectName(), QStringLiteral("welcomePage"));
    action->trigger();
    QCOMPARE(window.currentPage(), toolPage);

    window.openProject(makeProject(QStringLiteral("tools")));
    QCOMPARE(window.currentPage(), toolPage); // opening a project does not hide the tool page
    auto *list = window.findChild<QListWidget *>(QStringLiteral("pageList"));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(0)).center());
    QCOMPARE(window.currentPage(), projectPage);
    action->trigger();
    QCOMPARE(window.currentPage(), toolPage);
    QVERIFY(list->selectedItems().isEmpty());
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(0)).center());
    QCOMPARE(window.currentPage(), projectPage);
}

QTEST_MAIN(TestWindow)
#include "testwindow.moc"
