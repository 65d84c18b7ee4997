// SPDX-License-Identifier: GPL-3.0-or-later
// The Overview page, on projects, dist/ folders and registries made here: the check verdicts
// of the files in dist/, the versions on a real local test and production registry, the
// offline state when a registry is gone, and the next action.
#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "core/check/checker.h"
#include "core/registry/registrystore.h"
#include "tests/support/distgenerator.h"
#include "tests/support/registryserver.h"
#include "ui/models/distfilesmodel.h"
#include "ui/models/registryversionsmodel.h"
#include "ui/mainwindow.h"
#include "ui/pages/metadatapage.h"
#include "ui/pages/overviewpage.h"
#include "ui/projectdocument.h"
#include "ui/projectpages.h"
#include "ui/uisettings.h"

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

Registry::Registry registryFor(const QString &name, const TestSupport::RegistryServer &server, Registry::Role role)
{
    Registry::Registry registry;
    registry.name = name;
    registry.kind = Registry::Kind::Custom;
    registry.uploadUrl = server.uploadUrl();
    registry.simpleUrl = server.simpleIndexUrl();
    registry.username = QStringLiteral("__token__");
    registry.role = role;
    return registry;
}

QString cell(const QTableView *view, int row, int column)
{
    return view->model()->index(row, column).data().toString();
}

} // namespace

class TestOverviewPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void distVerdictsRegistryVersionsNextActionAndOffline();
    void notConfiguredRegistriesAndMetadataProblems();
    void actionButtonSelectsItsPageInTheWindow();

private:
    QString makeProject(const QByteArray &pyproject);

    QTemporaryDir m_dir;
    int m_projects = 0;
};

void TestOverviewPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // the check's render cache
    QVERIFY(m_dir.isValid());
}

QString TestOverviewPage::makeProject(const QByteArray &pyproject)
{
    const QString path = m_dir.filePath(QStringLiteral("project-%1").arg(++m_projects));
    QDir().mkpath(path);
    writeFile(path + QStringLiteral("/pyproject.toml"), pyproject);
    return path;
}

void TestOverviewPage::distVerdictsRegistryVersionsNextActionAndOffline()
{
    TestSupport::RegistryServer testRegistry;
    QVERIFY2(testRegistry.listen(), qPrintable(testRegistry.errorString()));
    auto production = std::make_unique<TestSupport::RegistryServer>();
    QVERIFY2(production->listen(), qPrintable(production->errorString()));
    QVERIFY(testRegistry.addFile(QStringLiteral("demo"), QStringLiteral("0.9"), QStringLiteral("demo-0.9.tar.gz"), "sdist 0.9"));
    QVERIFY(testRegistry.addFile(QStringLiteral("demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"), "sdist 1.0"));
    QVERIFY(production->addFile(QStringLiteral("demo"), QStringLiteral("0.9"), QStringLiteral("demo-0.9.tar.gz"), "sdist 0.9"));

    const QString storePath = m_dir.filePath(QStringLiteral("registries.toml"));
    Registry::RegistryStore store(storePath);
    QVERIFY(store.add(registryFor(QStringLiteral("rehearsal"), testRegistry, Registry::Role::Test)));
    QVERIFY(store.add(registryFor(QStringLiteral("public"), *production, Registry::Role::Production)));
    QVERIFY(store.save());

    const QString path = makeProject("[project]\nname = \"demo\"\nversion = \"1.0\"\ndescription = \"A demo\"\n");
    const QString dist = path + QStringLiteral("/dist");
    QVERIFY(QDir().mkpath(dist));
    const QString wheel = dist + QStringLiteral("/demo-1.0-py3-none-any.whl");
    QVERIFY(TestSupport::writeWheel(
        wheel, TestSupport::wheelFiles("demo", "1.0",
                                       {{"demo/__init__.py", "VALUE = 1\n"}})));
    const QString broken = dist + QStringLiteral("/demo-1.0.tar.gz");
    QVERIFY(writeFile(broken, "this is not a gzip file"));

    // What the check engine says about them, independently of the page.
    Check::Checker checker;
    QSignalSpy checked(&checker, &Check::Checker::finished);
    checker.start({wheel, broken}); // the page lists them by name
    QVERIFY(checked.wait(60000));
    QVERIFY(checker.reports().at(0).verdict != Check::Verdict::Error);
    QCOMPARE(checker.reports().at(1).verdict, Check::Verdict::Error);

    ProjectDocument document;
    OverviewPage page(document, storePath);
    page.setPageAvailable([](const QString &) { return true; });
    QSignalSpy registriesAnswered(page.registryVersions(), &RegistryVersionsModel::finished);
    QSignalSpy distChecked(page.distFiles(), &DistFilesModel::checkFinished);
    QSignalSpy requested(&page, &OverviewPage::pageRequested);
    QVERIFY(document.load(path));
    page.resize(1100, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QCOMPARE(page.findChild<QLabel *>(QStringLiteral("overviewName"))->text(), QStringLiteral("demo"));
    QCOMPARE(page.findChild<QLabel *>(QStringLiteral("overviewVersion"))->text(), QStringLiteral("1.0"));
    QCOMPARE(page.findChild<QLabel *>(QStringLiteral("overviewSummary"))->text(), QStringLiteral("A demo"));

    auto *distView = page.findChild<QTableView *>(QStringLiteral("distFilesView"));
    QAbstractItemModelTester distTester(distView->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    // The check may already be over: waiting for the window to show ran the event loop.
    QVERIFY(!distChecked.isEmpty() || distChecked.wait(60000));
    QCOMPARE(distView->model()->rowCount(), 2);
    for (int row = 0; row < 2; ++row) {
        QCOMPARE(cell(distView, row, DistFilesModel::FileColumn), QFileInfo(checker.reports().at(row).path).fileName());
        QCOMPARE(cell(distView, row, DistFilesModel::VerdictColumn), Check::verdictText(checker.reports().at(row).verdict));
    }
    QVERIFY(cell(distView, 1, DistFilesModel::FindingColumn).startsWith(checker.reports().at(1).findings.at(0).code));

    auto *registryView = page.findChild<QTableView *>(QStringLiteral("registryVersionsView"));
    QAbstractItemModelTester registryTester(registryView->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    if (page.registryVersions()->isLoading()) {
        QVERIFY(registriesAnswered.wait(30000));
    }
    QCOMPARE(registryView->model()->rowCount(), 2);
    QCOMPARE(cell(registryView, 0, RegistryVersionsModel::RegistryColumn), QStringLiteral("rehearsal"));
    QCOMPARE(cell(registryView, 0, RegistryVersionsModel::VersionsColumn), QStringLiteral("1.0, 0.9"));
    QCOMPARE(cell(registryView, 1, RegistryVersionsModel::RegistryColumn), QStringLiteral("public"));
    QCOMPARE(cell(registryView, 1, RegistryVersionsModel::VersionsColumn), QStringLiteral("0.9"));

    // A file PyPI would refuse comes first.
    auto *action = page.findChild<QPushButton *>(QStringLiteral("nextActionButton"));
    QCOMPARE(action->text(), QStringLiteral("Fix 1 failing file"));
    QVERIFY(action->isEnabled());

    // Removing it is seen in dist/; 1.0 is on the test registry, not in production.
    distChecked.clear();
    QVERIFY(QFile::remove(broken));
    QVERIFY(distChecked.wait(60000));
    QCOMPARE(distView->model()->rowCount(), 1);
    QCOMPARE(action->text(), QStringLiteral("Release to production"));
    QTest::mouseClick(action, Qt::LeftButton);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), QStringLiteral("Release"));

    // The production registry goes away: its row says offline, the test registry still answers.
    production.reset();
    registriesAnswered.clear();
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("refreshRegistriesButton")), Qt::LeftButton);
    QCOMPARE(page.registryVersions()->state(Registry::Role::Production), RegistryVersionsModel::State::Loading);
    QVERIFY(registriesAnswered.wait(30000));
    QCOMPARE(page.registryVersions()->state(Registry::Role::Production), RegistryVersionsModel::State::Offline);
    QVERIFY2(cell(registryView, 1, RegistryVersionsModel::VersionsColumn).startsWith(QStringLiteral("Offline")),
             qPrintable(cell(registryView, 1, RegistryVersionsModel::VersionsColumn)));
    QCOMPARE(page.registryVersions()->state(Registry::Role::Test), RegistryVersionsModel::State::Listed);
    QCOMPARE(cell(registryView, 0, RegistryVersionsModel::VersionsColumn), QStringLiteral("1.0, 0.9"));
}

void TestOverviewPage::notConfiguredRegistriesAndMetadataProblems()
{
    const QString path = makeProject("[project]\nname = \"demo\"\nversion = \"1.0\"\nrequires-python = \">=three\"\n");
    ProjectDocument document;
    OverviewPage page(document, m_dir.filePath(QStringLiteral("no-registries.toml")));
    QStringList available{QStringLiteral("Metadata")};
    page.setPageAvailable([&available](const QString &title) { return available.contains(title); });
    QSignalSpy registriesAnswered(page.registryVersions(), &RegistryVersionsModel::finished);
    QSignalSpy distChecked(page.distFiles(), &DistFilesModel::checkFinished);
    QSignalSpy requested(&page, &OverviewPage::pageRequested);
    QVERIFY(document.load(path));
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QVERIFY(registriesAnswered.size() > 0 || registriesAnswered.wait());
    QVERIFY(distChecked.size() > 0 || distChecked.wait());

    QCOMPARE(page.registryVersions()->state(Registry::Role::Test), RegistryVersionsModel::State::NotConfigured);
    QCOMPARE(page.registryVersions()->state(Registry::Role::Production), RegistryVersionsModel::State::NotConfigured);
    auto *registryView = page.findChild<QTableView *>(QStringLiteral("registryVersionsView"));
    QVERIFY(cell(registryView, 0, RegistryVersionsModel::VersionsColumn).contains(QStringLiteral("No registry has the test role")));
    QVERIFY(!page.findChild<QTableView *>(QStringLiteral("distFilesView"))->isVisible());
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("distState"))->text().contains(QStringLiteral("No distribution files")));

    int errors = 0;
    for (const Project::Finding &finding : document.project().findings()) {
        errors += finding.severity == Project::Finding::Severity::Error ? 1 : 0;
    }
    QCOMPARE(errors, 1);
    auto *action = page.findChild<QPushButton *>(QStringLiteral("nextActionButton"));
    QCOMPARE(action->text(), QStringLiteral("Fix 1 metadata problem"));
    QTest::mouseClick(action, Qt::LeftButton);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), QStringLiteral("Metadata"));

    // Fixed, the next step is a build; without a Build & Check page the button is not offered.
    QVERIFY(document.edit([](const Project::PyProject &p) { return p.set(QStringLiteral("requires-python"), QStringLiteral(">=3.9")); }));
    QCOMPARE(action->text(), QStringLiteral("Build"));
    QVERIFY(!action->isEnabled());
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("nextActionReason"))->text().contains(QStringLiteral("Build & Check")));
    available.append(QStringLiteral("Build & Check"));
    page.setPageAvailable([&available](const QString &title) { return available.contains(title); });
    QVERIFY(action->isEnabled());
}

void TestOverviewPage::actionButtonSelectsItsPageInTheWindow()
{
    QSettings settings(m_dir.filePath(QStringLiteral("window.ini")), QSettings::IniFormat);
    UiSettings uiSettings(settings);
    MainWindow window(uiSettings);
    ProjectDocument *document = addProjectPages(window, m_dir.filePath(QStringLiteral("no-registries.toml")));
    window.openProject(makeProject("[project]\nname = \"demo\"\nversion = \"one\"\n"));
    QVERIFY(document->isOpen());
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *pages = window.findChild<QListWidget *>(QStringLiteral("pageList"));
    QVERIFY(pages->count() >= 4);
    QCOMPARE(pages->item(0)->text(), QStringLiteral("Overview"));
    pages->setCurrentRow(0);
    auto *overview = window.findChild<OverviewPage *>();
    QCOMPARE(window.currentPage(), overview);
    auto *action = overview->findChild<QPushButton *>(QStringLiteral("nextActionButton"));
    QVERIFY(action->text().startsWith(QStringLiteral("Fix")));
    QVERIFY(action->isEnabled());
    QTest::mouseClick(action, Qt::LeftButton);
    QCOMPARE(window.currentPage(), window.findChild<MetadataPage *>());
    QCOMPARE(pages->currentItem()->text(), QStringLiteral("Metadata"));
}

QTEST_MAIN(TestOverviewPage)
#include "testoverviewpage.moc"
