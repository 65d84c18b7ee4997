// SPDX-License-Identifier: GPL-3.0-or-later
// Renders the workflow pages (Build & Check after a real build and check, Registries & Tokens
// empty, with registries, and in its editor) at 1280x800 in a light and a dark palette (Fusion)
// into $SLIPWAY_SCREENSHOTS, so that they can be looked at. Off when the variable is unset.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUuid>
#include <QTest>

#include "core/registry/credentialstore.h"
#include "core/registry/presets.h"
#include "core/registry/registrystore.h"
#include "tests/support/buildprojects.h"
#include "tests/support/registryserver.h"
#include "tests/support/testsupport.h"
#include "tests/ui/screenshotpalettes.h"
#include "ui/mainwindow.h"
#include "ui/models/registrylistmodel.h"
#include "ui/pages/buildcheckpage.h"
#include "ui/pages/registriespage.h"
#include "ui/pages/releasepage.h"
#include "ui/uisettings.h"
#include "ui/projectpages.h"
#include "ui/workflowpages.h"

class TestWorkflowScreenshot final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void screenshots_data();
    void screenshots();

private:
    bool save(QWidget &window, const QString &name);
    QString m_folder;
    QString m_palette;
};

void TestWorkflowScreenshot::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestWorkflowScreenshot::screenshots_data()
{
    QTest::addColumn<QString>("paletteName");
    QTest::addRow("light") << QStringLiteral("light");
    QTest::addRow("dark") << QStringLiteral("dark");
}

bool TestWorkflowScreenshot::save(QWidget &window, const QString &name)
{
    QTest::qWait(50); // let the layouts settle before grabbing; not a timing assertion
    const QString file = QDir(m_folder).filePath(QStringLiteral("%1-%2.png").arg(name, m_palette));
    return window.grab().save(file);
}

void TestWorkflowScreenshot::screenshots()
{
    m_folder = qEnvironmentVariable("SLIPWAY_SCREENSHOTS");
    if (m_folder.isEmpty()) {
        QSKIP("SLIPWAY_SCREENSHOTS is not set: no screenshots written");
    }
    QFETCH(QString, paletteName);
    m_palette = paletteName;
    QVERIFY(QDir().mkpath(m_folder));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(paletteName == u"dark" ? ScreenshotPalettes::dark() : ScreenshotPalettes::light());

    QTemporaryDir dir;
    const QString project = dir.filePath(QStringLiteral("harbour-lights"));
    TestSupport::writeBackendProject(project, TestSupport::Backend::Setuptools, QStringLiteral("harbourlights"),
                                     QStringLiteral("2.3.0"));
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    UiSettings uiSettings(settings);
    MainWindow window(uiSettings);
    const QString storePath = dir.filePath(QStringLiteral("registries.toml"));
    const QString service = QStringLiteral("slipway-screenshot-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    // The whole window, as the app builds it: project pages first, then these.
    addProjectPages(window, storePath);
    const WorkflowPages pages = addWorkflowPages(window, storePath, service);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // Registries & Tokens, empty.
    window.showPage(pages.registries);
    QVERIFY(save(window, QStringLiteral("registries-empty")));

    // Build & Check before and after a real build.
    window.openProject(project);
    window.showPage(pages.buildCheck);
    QVERIFY(save(window, QStringLiteral("buildcheck-empty")));
    auto *isolation = window.findChild<QCheckBox *>(QStringLiteral("isolationBox"));
    isolation->setChecked(false);
    window.findChild<QLineEdit *>(QStringLiteral("interpreterEdit"))->setText(TestSupport::systemPython());
    QSignalSpy built(pages.buildCheck, &BuildCheckPage::buildFinished);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("buildButton")), Qt::LeftButton);
    QVERIFY(built.wait(180000));
    QVERIFY(built.first().first().toBool());
    auto *table = window.findChild<QTableView *>(QStringLiteral("artifactTable"));
    table->selectRow(1);
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("detailTabs"));
    tabs->setCurrentIndex(0);
    QVERIFY(save(window, QStringLiteral("buildcheck-findings")));
    tabs->setCurrentIndex(1);
    QVERIFY(save(window, QStringLiteral("buildcheck-contents")));
    tabs->setCurrentIndex(2);
    QVERIFY(save(window, QStringLiteral("buildcheck-log")));

    // Registries & Tokens with a test and a production registry.
    {
        Registry::RegistryStore store(storePath);
        QVERIFY(store.load());
        auto testpypi = Registry::fromPreset(Registry::Kind::TestPyPI, QStringLiteral("testpypi"), {});
        QVERIFY(testpypi);
        auto pypi = Registry::fromPreset(Registry::Kind::PyPI, QStringLiteral("pypi"), {});
        QVERIFY(pypi);
        Registry::PresetOptions gitlab;
        gitlab.projectId = QStringLiteral("harbour/lights");
        auto company = Registry::fromPreset(Registry::Kind::GitLab, QStringLiteral("company-gitlab"), gitlab);
        QVERIFY(company);
        QVERIFY(store.add(*testpypi));
        QVERIFY(store.add(*pypi));
        QVERIFY(store.add(*company));
        QVERIFY(store.save());
    }
    pages.registries->reload();
    window.showPage(pages.registries);
    pages.registries->selectRegistry(QStringLiteral("pypi"));
    QSignalSpy state(pages.registries, &RegistriesPage::credentialStateChanged);
    QTRY_VERIFY_WITH_TIMEOUT(pages.registries->model()->credentialState(QStringLiteral("company-gitlab")) != QString(),
                             60000);
    QVERIFY(save(window, QStringLiteral("registries-list")));
    window.findChild<QLineEdit *>(QStringLiteral("secretEdit"))
        ->setText(QStringLiteral("pypi-AgEIcHlwaS5vcmcCJDZiZDNhNWUyLThlYzQtNGQ2YS05ZTJkLTBmMWEyYjNjNGQ1ZQAABiBaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWg"));
    QVERIFY(save(window, QStringLiteral("registries-token")));
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("addRegistryButton")), Qt::LeftButton);
    auto *preset = window.findChild<QComboBox *>(QStringLiteral("presetCombo"));
    preset->setCurrentIndex(preset->findText(QStringLiteral("GitLab")));
    QVERIFY(save(window, QStringLiteral("registries-editor")));
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("editorCancelButton")), Qt::LeftButton);

    // Release: in progress on test (the registry holds its answer a while), then the approval.
    TestSupport::RegistryServer testServer;
    TestSupport::RegistryServer productionServer;
    QVERIFY(testServer.listen());
    QVERIFY(productionServer.listen());
    testServer.addToken(QStringLiteral("pypi-screenshot-test"));
    productionServer.addToken(QStringLiteral("pypi-screenshot-production"));
    QList<std::pair<Registry::Registry, QString>> local;
    {
        Registry::RegistryStore store(storePath);
        QVERIFY(store.load());
        for (const auto &[name, server, role, token] :
             {std::tuple{QStringLiteral("rehearsal"), &testServer, Registry::Role::Test, QStringLiteral("pypi-screenshot-test")},
              std::tuple{QStringLiteral("public"), &productionServer, Registry::Role::Production,
                         QStringLiteral("pypi-screenshot-production")}}) {
            Registry::Registry registry;
            registry.name = name;
            registry.uploadUrl = server->uploadUrl();
            registry.simpleUrl = server->simpleIndexUrl();
            registry.username = QStringLiteral("__token__");
            registry.role = role;
            local.append({registry, token});
        }
        // The local pair takes the roles for this release.
        for (Registry::Registry registry : store.registries()) {
            registry.role = Registry::Role::None;
            QVERIFY(store.replace(registry.name, registry));
        }
        for (const auto &[registry, token] : std::as_const(local)) {
            QVERIFY(store.add(registry));
        }
        QVERIFY(store.save());
    }
    Registry::CredentialStore credentials(nullptr, service);
    for (const auto &[registry, token] : std::as_const(local)) {
        bool stored = false;
        credentials.writeSecret(registry, token, &window, [&stored](auto written) { stored = bool(written); });
        QTRY_VERIFY_WITH_TIMEOUT(stored, 60000);
    }
    testServer.injectFault(TestSupport::RegistryFault::delay(2500).times(2));
    window.showPage(pages.release);
    pages.release->reloadRegistries();
    window.findChild<QComboBox *>(QStringLiteral("sourceCombo"))->setCurrentIndex(1);
    window.findChild<QLineEdit *>(QStringLiteral("releasePythonEdit"))->setText(TestSupport::systemPython());
    window.findChild<QCheckBox *>(QStringLiteral("tagBox"))->setChecked(false);
    QVERIFY(save(window, QStringLiteral("release-empty")));
    QSignalSpy finished(pages.release, &ReleasePage::runFinished);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("startReleaseButton")), Qt::LeftButton);
    auto *files = window.findChild<QTableWidget *>(QStringLiteral("releaseFiles"));
    QTRY_VERIFY_WITH_TIMEOUT(files->rowCount() == 2 && pages.release->journal()
                                 && pages.release->journal()->stage(Release::Stage::UploadedToTest).outcome
                                        == Release::StageOutcome::Running,
                             120000);
    QTest::qWait(800); // the bodies are sent; the registry holds its answers
    QVERIFY(save(window, QStringLiteral("release-in-progress")));
    QVERIFY(finished.wait(120000));
    QVERIFY(finished.first().first().value<Release::WorkflowResult>().awaitingApproval);
    QSignalSpy approval(pages.release, &ReleasePage::approvalShown);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("promoteReleaseButton")), Qt::LeftButton);
    QVERIFY(approval.wait(120000));
    QVERIFY(save(window, QStringLiteral("release-approval")));
    finished.clear();
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("approveButton")), Qt::LeftButton);
    QVERIFY(finished.wait(120000));
    QVERIFY(save(window, QStringLiteral("release-done")));
    window.findChild<QTabWidget *>(QStringLiteral("releaseTabs"))->setCurrentIndex(2);
    QVERIFY(save(window, QStringLiteral("release-history")));
    for (const auto &[registry, token] : std::as_const(local)) {
        bool removed = false;
        credentials.removeSecret(registry, &window, [&removed](auto) { removed = true; });
        QTRY_VERIFY_WITH_TIMEOUT(removed, 60000);
    }
}

QTEST_MAIN(TestWorkflowScreenshot)
#include "testworkflowscreenshot.moc"
