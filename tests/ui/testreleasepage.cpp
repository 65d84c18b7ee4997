// SPDX-License-Identifier: GPL-3.0-or-later
// The Release page through the real window: a release of a real project (Debian's setuptools,
// /usr/bin/python3) against two strict local registries (test and production) with credentials
// in the real keychain of the test session, a failed upload to test, Resume, the approval view
// and Promote, and the history from the journal.
#include <QApplication>
#include <QDeadlineTimer>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QUuid>

#include <memory>

#include "core/registry/credentialstore.h"
#include "core/registry/registrystore.h"
#include "tests/support/buildprojects.h"
#include "tests/support/registryserver.h"
#include "tests/support/testsupport.h"
#include "ui/jobs/jobtracker.h"
#include "ui/mainwindow.h"
#include "ui/pages/releasepage.h"
#include "ui/uisettings.h"
#include "ui/workflowpages.h"

namespace {

constexpr int releaseTimeout = 240000; // shared cores; never a speed assertion

Registry::Registry registryFor(const QString &name, const TestSupport::RegistryServer &server, Registry::Role role)
{
    Registry::Registry registry;
    registry.name = name;
    registry.kind = Registry::Kind::Custom;
    registry.uploadUrl = server.uploadUrl();
    registry.simpleUrl = server.simpleIndexUrl();
    registry.webUrl = server.baseUrl().resolved(QUrl(QStringLiteral("project/")));
    registry.username = QStringLiteral("__token__");
    registry.role = role;
    return registry;
}

bool storeSecret(const QString &service, const Registry::Registry &registry, const QString &secret)
{
    Registry::CredentialStore credentials(nullptr, service);
    QObject context;
    std::optional<bool> stored;
    credentials.writeSecret(registry, secret, &context,
                            [&stored](std::expected<void, Registry::CredentialError> written) { stored = bool(written); });
    QDeadlineTimer deadline(60000);
    while (!stored && !deadline.hasExpired()) {
        QTest::qWait(20);
    }
    return stored.value_or(false);
}

void forgetSecret(const QString &service, const Registry::Registry &registry)
{
    Registry::CredentialStore credentials(nullptr, service);
    QObject context;
    bool done = false;
    credentials.removeSecret(registry, &context, [&done](auto) { done = true; });
    QTRY_VERIFY_WITH_TIMEOUT(done, 60000);
}

} // namespace

class TestReleasePage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void releaseWithFailureResumeAndPromote();
};

void TestReleasePage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestReleasePage::releaseWithFailureResumeAndPromote()
{
    TestSupport::RegistryServer testServer;
    TestSupport::RegistryServer productionServer;
    QVERIFY(testServer.listen());
    QVERIFY(productionServer.listen());
    testServer.addToken(QStringLiteral("pypi-test-side-token"));
    productionServer.addToken(QStringLiteral("pypi-production-side-token"));

    QTemporaryDir dir;
    const QString service = QStringLiteral("slipway-test-ui-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    const QString storePath = dir.filePath(QStringLiteral("registries.toml"));
    const Registry::Registry test = registryFor(QStringLiteral("rehearsal"), testServer, Registry::Role::Test);
    const Registry::Registry production =
        registryFor(QStringLiteral("public"), productionServer, Registry::Role::Production);
    {
        Registry::RegistryStore store(storePath);
        QVERIFY(store.load());
        QVERIFY(store.add(test));
        QVERIFY(store.add(production));
        QVERIFY(store.save());
    }
    QVERIFY(storeSecret(service, test, QStringLiteral("pypi-test-side-token")));
    QVERIFY(storeSecret(service, production, QStringLiteral("pypi-production-side-token")));

    const QString project = dir.filePath(QStringLiteral("lantern"));
    TestSupport::writeBackendProject(project, TestSupport::Backend::Setuptools, QStringLiteral("lanternkeeper"),
                                     QStringLiteral("0.4.0"));

    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    UiSettings uiSettings(settings);
    MainWindow window(uiSettings);
    const WorkflowPages pages = addWorkflowPages(window, storePath, service);
    window.resize(1280, 800);
    window.show();
    window.openProject(project);
    ReleasePage *page = pages.release;
    window.showPage(page);
    QCOMPARE(window.currentPage(), page);

    auto *testCombo = window.findChild<QComboBox *>(QStringLiteral("testRegistryCombo"));
    auto *productionCombo = window.findChild<QComboBox *>(QStringLiteral("productionRegistryCombo"));
    QCOMPARE(testCombo->currentData().toString(), QStringLiteral("rehearsal"));
    QCOMPARE(productionCombo->currentData().toString(), QStringLiteral("public"));
    auto *source = window.findChild<QComboBox *>(QStringLiteral("sourceCombo"));
    source->setCurrentIndex(1); // the interpreter's packages: no PyPI here
    auto *python = window.findChild<QLineEdit *>(QStringLiteral("releasePythonEdit"));
    QTest::keyClicks(python, TestSupport::systemPython());
    auto *start = window.findChild<QPushButton *>(QStringLiteral("startReleaseButton"));
    auto *resume = window.findChild<QPushButton *>(QStringLiteral("resumeReleaseButton"));
    auto *promote = window.findChild<QPushButton *>(QStringLiteral("promoteReleaseButton"));
    QVERIFY(start->isEnabled());
    QVERIFY(!resume->isEnabled());
    QVERIFY(!promote->isEnabled());

    // 1. The test registry refuses the first upload: the release stops at that stage.
    testServer.injectFault(TestSupport::RegistryFault::status(400, "400 The test registry is refusing uploads "
                                                                   "for a moment"));
    QSignalSpy finished(page, &ReleasePage::runFinished);
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(page->isRunning());
    QVERIFY(!window.jobs().runningJobs().isEmpty());
    QVERIFY(finished.wait(releaseTimeout));
    auto result = finished.takeFirst().first().value<Release::WorkflowResult>();
    QVERIFY(result.error.has_value());
    QVERIFY2(result.error->code == Release::WorkflowError::Code::UploadFailed, qPrintable(result.error->message));
    QCOMPARE(result.journal.stage(Release::Stage::Built).outcome, Release::StageOutcome::Passed);
    QCOMPARE(result.journal.stage(Release::Stage::Checked).outcome, Release::StageOutcome::Passed);
    QCOMPARE(result.journal.stage(Release::Stage::UploadedToTest).outcome, Release::StageOutcome::Failed);
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("releaseMessage"))->text().contains(QStringLiteral("Resume")));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("stageDetails-uploaded-to-test"))->text(),
             result.journal.stage(Release::Stage::UploadedToTest).details);
    auto *files = window.findChild<QTableWidget *>(QStringLiteral("releaseFiles"));
    QCOMPARE(files->rowCount(), 2);
    QVERIFY(resume->isEnabled());
    QVERIFY(!start->isEnabled());
    QVERIFY(productionServer.files().isEmpty());
    QVERIFY(window.jobs().runningJobs().isEmpty());

    // 2. Resume: the rest goes to test, is verified there, and the release waits for approval.
    QTest::mouseClick(resume, Qt::LeftButton);
    QVERIFY(finished.wait(releaseTimeout));
    result = finished.takeFirst().first().value<Release::WorkflowResult>();
    QVERIFY2(!result.error, result.error ? qPrintable(result.error->message) : "");
    QVERIFY(result.awaitingApproval);
    QCOMPARE(testServer.files().size(), 2);
    QCOMPARE(result.journal.stage(Release::Stage::VerifiedOnTest).outcome, Release::StageOutcome::Passed);
    for (int row = 0; row < files->rowCount(); ++row) {
        auto *bar = qobject_cast<QProgressBar *>(files->cellWidget(row, 3));
        QCOMPARE(bar->value(), 1000);
    }
    QVERIFY(productionServer.files().isEmpty());
    QVERIFY(promote->isEnabled());

    // 3. Review & Promote: the approval view shows the files and hashes; nothing moves until
    // the explicit Promote.
    QSignalSpy approval(page, &ReleasePage::approvalShown);
    QTest::mouseClick(promote, Qt::LeftButton);
    QVERIFY(approval.wait(releaseTimeout));
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("releaseTabs"));
    QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("approvalView"));
    auto *approvalFiles = window.findChild<QTableWidget *>(QStringLiteral("approvalFiles"));
    QCOMPARE(approvalFiles->rowCount(), 2);
    for (int row = 0; row < approvalFiles->rowCount(); ++row) {
        const auto onTest = testServer.file(approvalFiles->item(row, 0)->text());
        QVERIFY(onTest.has_value());
        QCOMPARE(approvalFiles->item(row, 2)->text().toLatin1(), onTest->sha256);
    }
    QVERIFY(!window.findChild<QTextBrowser *>(QStringLiteral("approvalDescription"))->toPlainText().isEmpty());
    QTest::qWait(200); // nothing is sent while the approval is open
    QVERIFY(productionServer.files().isEmpty());
    auto *approve = window.findChild<QPushButton *>(QStringLiteral("approveButton"));
    QVERIFY(approve->isEnabled());
    QTest::mouseClick(approve, Qt::LeftButton);
    QVERIFY(finished.wait(releaseTimeout));
    result = finished.takeFirst().first().value<Release::WorkflowResult>();
    QVERIFY2(!result.error, result.error ? qPrintable(result.error->message) : "");
    QCOMPARE(result.journal.state, Release::ReleaseState::Completed);
    QCOMPARE(productionServer.files().size(), 2);
    for (const TestSupport::RegistryFile &file : productionServer.files()) {
        QCOMPARE(testServer.file(file.filename)->sha256, file.sha256);
    }
    QCOMPARE(result.journal.stage(Release::Stage::VerifiedOnProduction).outcome, Release::StageOutcome::Passed);
    for (int row = 0; row < files->rowCount(); ++row) {
        auto *bar = qobject_cast<QProgressBar *>(files->cellWidget(row, 4));
        QCOMPARE(bar->value(), 1000);
    }

    // 4. History from the journal.
    auto *history = window.findChild<QTableWidget *>(QStringLiteral("releaseHistory"));
    QCOMPARE(history->rowCount(), 1);
    QCOMPARE(history->item(0, 0)->text(), QStringLiteral("0.4.0"));
    QCOMPARE(history->item(0, 1)->text(), QStringLiteral("completed"));
    QVERIFY(start->isEnabled());
    QVERIFY(!resume->isEnabled());

    forgetSecret(service, test);
    forgetSecret(service, production);
}

QTEST_MAIN(TestReleasePage)
#include "testreleasepage.moc"
