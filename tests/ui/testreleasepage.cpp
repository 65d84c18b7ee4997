// SPDX-License-Identifier: GPL-3.0-or-later
// The Release page through the real window: a release of a real project (Debian's setuptools,
// /usr/bin/python3) against two strict local registries (test and production) with credentials
// in the real keychain of the test session, a failed upload to test, Resume, the approval view
// and Promote, and the history from the journal.
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QTimer>
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

#include <algorithm>
#include <memory>
#include <tuple>

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

// A valid pure-Python wheel of about `megabytes` MiB (one stored, incompressible member).
QString writeLargeWheel(const QString &directory, int megabytes)
{
    const QString path = QDir(directory).filePath(QStringLiteral("bigrelease-1.0.0-py3-none-any.whl"));
    const QString script = QStringLiteral(R"PY(
import base64, hashlib, os, sys, zipfile
path, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
files = {
    "bigrelease/__init__.py": b"VALUE = 1\n",
    "bigrelease/blob.bin": os.urandom(size),
    "bigrelease-1.0.0.dist-info/METADATA": (b"Metadata-Version: 2.1\nName: bigrelease\nVersion: 1.0.0\n"
        b"Summary: A large wheel for the responsiveness test\nDescription-Content-Type: text/markdown\n\n"
        b"# bigrelease\n\nA large wheel.\n"),
    "bigrelease-1.0.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
record = "".join("%s,%s,%d\n" % (name, digest(data), len(data)) for name, data in files.items())
record += "bigrelease-1.0.0.dist-info/RECORD,,\n"
with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
    for name, data in files.items():
        archive.writestr(name, data)
    archive.writestr("bigrelease-1.0.0.dist-info/RECORD", record)
)PY");
    const auto result = TestSupport::run(TestSupport::systemPython(),
                                         {QStringLiteral("-c"), script, path, QString::number(megabytes)});
    return result.exitCode == 0 ? path : QString();
}

// The strict local registry as its own process, so that its work is not on the UI thread.
struct RegistryProcess {
    QProcess process;
    QUrl base;
    bool start(const QString &token, const QStringList &arguments = {})
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SLIPWAY_TEST_REGISTRY_TOKEN"), token);
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(SLIPWAY_BINARY_DIR "/bin/slipway-test-registry"), arguments);
        if (!process.waitForStarted()) {
            return false;
        }
        QDeadlineTimer deadline(30000);
        while (!process.canReadLine() && !deadline.hasExpired()) {
            QTest::qWait(10);
        }
        base = QUrl(QString::fromUtf8(process.readLine().trimmed()));
        return base.isValid();
    }
    ~RegistryProcess()
    {
        process.kill();
        process.waitForFinished();
    }
};

} // namespace

class TestReleasePage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void releaseWithFailureResumeAndPromote();
    void responsivenessDuringLargeReleaseUpload();
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
    // Shown as the journal has it (long words get break opportunities only).
    auto *uploadDetails = window.findChild<QLabel *>(QStringLiteral("stageDetails-uploaded-to-test"));
    QCOMPARE(uploadDetails->text().remove(QChar(0x200B)), result.journal.stage(Release::Stage::UploadedToTest).details);
    QCOMPARE(uploadDetails->toolTip(), result.journal.stage(Release::Stage::UploadedToTest).details);
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

// The UI thread's event-loop latency (a 5 ms timer's lateness) while the Release page checks and
// uploads a 64 MiB wheel to the test registry and verifies it; recorded, never asserted.
void TestReleasePage::responsivenessDuringLargeReleaseUpload()
{
    const QString token = QStringLiteral("pypi-large-release-token");
    RegistryProcess testRegistry;
    RegistryProcess productionRegistry;
    // About 24 MB/s: a couple of seconds of upload, long enough to show a rate.
    QVERIFY(testRegistry.start(token, {QStringLiteral("--fault"), QStringLiteral("throttle,bps=25000000,times=always")}));
    QVERIFY(productionRegistry.start(token));
    QTemporaryDir dir;
    const QString storePath = dir.filePath(QStringLiteral("registries.toml"));
    {
        Registry::RegistryStore store(storePath);
        QVERIFY(store.load());
        for (const auto &[name, registry, role] :
             {std::tuple{QStringLiteral("rehearsal"), &testRegistry, Registry::Role::Test},
              std::tuple{QStringLiteral("public"), &productionRegistry, Registry::Role::Production}}) {
            Registry::Registry entry;
            entry.name = name;
            entry.uploadUrl = registry->base.resolved(QUrl(QStringLiteral("legacy/")));
            entry.simpleUrl = registry->base.resolved(QUrl(QStringLiteral("simple/")));
            entry.username = QStringLiteral("__token__");
            entry.role = role;
            QVERIFY(store.add(entry));
        }
        QVERIFY(store.save());
    }
    // Each registry's credential from its own variable, as in CI (the keychain path is tested above).
    qputenv("SLIPWAY_TOKEN_REHEARSAL", token.toUtf8());
    qputenv("SLIPWAY_TOKEN_PUBLIC", token.toUtf8());
    const auto restore = qScopeGuard([] {
        qunsetenv("SLIPWAY_TOKEN_REHEARSAL");
        qunsetenv("SLIPWAY_TOKEN_PUBLIC");
    });

    const QString project = dir.filePath(QStringLiteral("bigrelease"));
    QVERIFY(QDir().mkpath(project + QStringLiteral("/dist")));
    {
        QFile pyproject(project + QStringLiteral("/pyproject.toml"));
        QVERIFY(pyproject.open(QIODevice::WriteOnly));
        pyproject.write("[project]\nname = \"bigrelease\"\nversion = \"1.0.0\"\n");
    }
    QVERIFY(!writeLargeWheel(project + QStringLiteral("/dist"), 64).isEmpty());

    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    UiSettings uiSettings(settings);
    MainWindow window(uiSettings);
    const WorkflowPages pages = addWorkflowPages(window, storePath, QStringLiteral("slipway-test-ui-unused"));
    window.resize(1280, 800);
    window.show();
    window.openProject(project);
    ReleasePage *page = pages.release;
    window.showPage(page);
    window.findChild<QComboBox *>(QStringLiteral("sourceCombo"))->setCurrentIndex(2); // the files in dist/
    QTest::keyClicks(window.findChild<QLineEdit *>(QStringLiteral("releasePythonEdit")), TestSupport::systemPython());
    window.findChild<QCheckBox *>(QStringLiteral("tagBox"))->setChecked(false);

    // Watch the per-file progress bar: it shows the rate and the time left while bytes move.
    auto *files = window.findChild<QTableWidget *>(QStringLiteral("releaseFiles"));
    bool sawRate = false;
    QTimer watch;
    connect(&watch, &QTimer::timeout, &watch, [files, &sawRate] {
        if (files->rowCount() > 0) {
            if (auto *bar = qobject_cast<QProgressBar *>(files->cellWidget(0, 3))) {
                sawRate |= bar->format().contains(QStringLiteral("/s")) && bar->format().contains(QStringLiteral("left"));
            }
        }
    });
    watch.start(20);

    QElapsedTimer clock;
    double maxLate = 0;
    int samples = 0;
    qint64 last = -1;
    QTimer meter;
    meter.setTimerType(Qt::PreciseTimer);
    connect(&meter, &QTimer::timeout, &meter, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (last >= 0) {
            maxLate = std::max(maxLate, double(now - last) / 1e6 - 5.0);
            ++samples;
        }
        last = now;
    });
    QSignalSpy finished(page, &ReleasePage::runFinished);
    clock.start();
    meter.start(5);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("startReleaseButton")), Qt::LeftButton);
    QVERIFY(finished.wait(releaseTimeout));
    meter.stop();
    watch.stop();
    const auto result = finished.first().first().value<Release::WorkflowResult>();
    QVERIFY2(!result.error, result.error ? qPrintable(result.error->message) : "");
    QVERIFY(result.awaitingApproval);
    QCOMPARE(result.journal.files.size(), 1);
    QCOMPARE(result.journal.files.first().test.state, Release::TransferState::Uploaded);
    QVERIFY(result.journal.files.first().size > 64 * 1024 * 1024);
    QVERIFY2(sawRate, "the progress bar showed the rate and the time left");
    qInfo("%s", qPrintable(QStringLiteral("ui-latency release-upload max_ms=%1 samples=%2 bytes=%3")
                               .arg(maxLate, 0, 'f', 1)
                               .arg(samples)
                               .arg(result.journal.files.first().size)));
}

QTEST_MAIN(TestReleasePage)
#include "testreleasepage.moc"
