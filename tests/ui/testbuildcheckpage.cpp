// SPDX-License-Identifier: GPL-3.0-or-later
// Build & Check through the real window: real builds (Debian's setuptools and in-tree
// backends, /usr/bin/python3), the real check engine, the status bar's job monitor, and the
// UI thread's event-loop latency during a noisy build and a large upload.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

#include <algorithm>
#include <functional>
#include <memory>

#include "core/upload/uploadjob.h"
#include "tests/support/buildprojects.h"
#include "tests/support/testsupport.h"
#include "ui/jobs/jobtracker.h"
#include "ui/mainwindow.h"
#include "ui/models/artifacttablemodel.h"
#include "ui/models/findinglistmodel.h"
#include "ui/models/membertreemodel.h"
#include "ui/pages/buildcheckpage.h"
#include "ui/uisettings.h"
#include "ui/workflowpages.h"

namespace {

constexpr int buildTimeout = 180000; // generous: the cores are shared; never a speed assertion

// Measures how late a 5 ms timer fires on the UI thread: the event loop's latency.
class LatencyMeter final : public QObject
{
public:
    explicit LatencyMeter(QObject *parent = nullptr)
        : QObject(parent)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last >= 0) {
                const double late = (now - m_last) / 1000000.0 - 5.0;
                if (late > m_max) {
                    m_max = late;
                    m_worstAt = m_context ? m_context() : QString();
                }
                ++m_samples;
            }
            m_last = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = -1;
        m_max = 0;
        m_samples = 0;
        m_worstAt.clear();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    [[nodiscard]] double maxLatencyMs() const { return m_max; }
    [[nodiscard]] int samples() const { return m_samples; }
    // What the window was doing when the worst delay ended (for the report, not asserted).
    [[nodiscard]] QString worstAt() const { return m_worstAt; }
    void setContext(std::function<QString()> context) { m_context = std::move(context); }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    double m_max = 0;
    int m_samples = 0;
    QString m_worstAt;
    std::function<QString()> m_context;
};

struct Window {
    QTemporaryDir dir;
    std::unique_ptr<QSettings> settings;
    std::unique_ptr<UiSettings> uiSettings;
    std::unique_ptr<MainWindow> window;
    WorkflowPages pages;

    Window()
    {
        settings = std::make_unique<QSettings>(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        uiSettings = std::make_unique<UiSettings>(*settings);
        window = std::make_unique<MainWindow>(*uiSettings);
        pages = addWorkflowPages(*window, dir.filePath(QStringLiteral("registries.toml")),
                                 QStringLiteral("slipway-test-ui"));
        window->resize(1280, 800);
        window->show();
    }
    template<typename T>
    T *find(const QString &name) const
    {
        T *widget = window->findChild<T *>(name);
        if (widget == nullptr) {
            qWarning("no widget %s", qPrintable(name));
        }
        return widget;
    }
    // Points the page at the system Python, without isolation (no PyPI here).
    void chooseSystemPython() const
    {
        auto *isolation = find<QCheckBox>(QStringLiteral("isolationBox"));
        if (isolation->isChecked()) {
            QTest::mouseClick(isolation, Qt::LeftButton, {}, QPoint(8, isolation->height() / 2));
        }
        auto *interpreter = find<QLineEdit>(QStringLiteral("interpreterEdit"));
        interpreter->clear();
        QTest::keyClicks(interpreter, TestSupport::systemPython());
    }
};

QByteArray sha256Hex(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

// A valid pure-Python wheel of about `megabytes` MiB (one stored, incompressible member).
QString writeLargeWheel(const QString &directory, int megabytes)
{
    const QString path = QDir(directory).filePath(QStringLiteral("big_payload-1.0.0-py3-none-any.whl"));
    const QString script = QStringLiteral(R"PY(
import base64, hashlib, os, sys, zipfile
path, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
files = {
    "big_payload/__init__.py": b"VALUE = 1\n",
    "big_payload/blob.bin": os.urandom(size),
    "big_payload-1.0.0.dist-info/METADATA": (b"Metadata-Version: 2.1\nName: big-payload\nVersion: 1.0.0\n"
        b"Summary: A large wheel for the responsiveness test\nDescription-Content-Type: text/markdown\n\n"
        b"# big-payload\n\nA large wheel.\n"),
    "big_payload-1.0.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
record = "".join("%s,%s,%d\n" % (name, digest(data), len(data)) for name, data in files.items())
record += "big_payload-1.0.0.dist-info/RECORD,,\n"
with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
    for name, data in files.items():
        archive.writestr(name, data)
    archive.writestr("big_payload-1.0.0.dist-info/RECORD", record)
)PY");
    const auto result = TestSupport::run(TestSupport::systemPython(),
                                         {QStringLiteral("-c"), script, path, QString::number(megabytes)});
    return result.exitCode == 0 ? path : QString();
}

// A project whose in-tree backend sleeps in build_sdist until it is killed.
void writeSleepingProject(const QString &directory)
{
    QDir().mkpath(directory + QStringLiteral("/_backend"));
    QFile pyproject(directory + QStringLiteral("/pyproject.toml"));
    QVERIFY(pyproject.open(QIODevice::WriteOnly));
    pyproject.write("[build-system]\nrequires = []\nbuild-backend = \"sleepy\"\nbackend-path = [\"_backend\"]\n\n"
                    "[project]\nname = \"hanging-pkg\"\nversion = \"0.9\"\n");
    QFile backend(directory + QStringLiteral("/_backend/sleepy.py"));
    QVERIFY(backend.open(QIODevice::WriteOnly));
    backend.write("import sys, time\n\ndef build_sdist(sdist_directory, config_settings=None):\n"
                  "    print('sleeping in build_sdist', flush=True)\n    time.sleep(600)\n\n"
                  "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n"
                  "    time.sleep(600)\n");
}

} // namespace

class TestBuildCheckPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void buildShowsArtifactsFindingsAndContents();
    void checkDistShowsFindings();
    void cancelFromStatusBarKeepsResults();
    void responsivenessDuringBuildAndUpload();
};

void TestBuildCheckPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestBuildCheckPage::buildShowsArtifactsFindingsAndContents()
{
    QTemporaryDir work;
    const QString project = work.filePath(QStringLiteral("project"));
    TestSupport::writeBackendProject(project, TestSupport::Backend::Setuptools, QStringLiteral("sample-pkg"),
                                     QStringLiteral("1.2.3"));
    Window w;
    w.window->openProject(project);
    BuildCheckPage *page = w.pages.buildCheck;
    w.window->showPage(page);
    QCOMPARE(w.window->currentPage(), page);
    QCOMPARE(page->projectPath(), QDir::cleanPath(QFileInfo(project).absoluteFilePath()));
    w.chooseSystemPython();

    QSignalSpy finished(page, &BuildCheckPage::buildFinished);
    QSignalSpy jobStarted(&w.window->jobs(), &JobTracker::jobStarted);
    QTest::mouseClick(w.find<QPushButton>(QStringLiteral("buildButton")), Qt::LeftButton);
    QVERIFY(page->isBusy());
    QCOMPARE(jobStarted.count(), 1);
    QVERIFY(!w.find<QPushButton>(QStringLiteral("buildButton"))->isEnabled());
    QVERIFY(finished.wait(buildTimeout));
    QVERIFY2(finished.first().first().toBool(), qPrintable(w.find<QLabel>(QStringLiteral("errorLabel"))->text()));
    QVERIFY(w.window->jobs().runningJobs().isEmpty());
    QVERIFY(w.window->statusBar()->currentMessage().contains(QStringLiteral("Check")));

    // The backend's output streamed into the console.
    auto *console = w.find<QPlainTextEdit>(QStringLiteral("buildLog"));
    QTRY_VERIFY2(console->toPlainText().contains(QStringLiteral("sample_pkg")), qPrintable(console->toPlainText()));

    // Two artifacts with their real size and sha256 and a verdict.
    ArtifactTableModel *artifacts = page->artifactModel();
    QCOMPARE(artifacts->rowCount(), 2);
    QStringList names;
    for (const ArtifactTableModel::Row &row : artifacts->rows()) {
        names << row.fileName;
        QVERIFY(QFileInfo::exists(row.path));
        QCOMPARE(row.size, QFileInfo(row.path).size());
        QCOMPARE(row.sha256.toLatin1(), sha256Hex(row.path));
        QVERIFY(row.verdict.has_value());
    }
    // Setuptools spells the sdist's name as it likes (older versions keep the dash).
    QCOMPARE(names.size(), 2);
    QVERIFY2(names.first().endsWith(QStringLiteral("-1.2.3.tar.gz")), qPrintable(names.first()));
    QCOMPARE(names.last(), QStringLiteral("sample_pkg-1.2.3-py3-none-any.whl"));
    auto *table = w.find<QTableView>(QStringLiteral("artifactTable"));
    QCOMPARE(table->model()->index(1, ArtifactTableModel::Sha256Column).data().toString(), artifacts->rows()[1].sha256);

    // Selecting the wheel shows its findings and its contents.
    QSignalSpy shown(page, &BuildCheckPage::contentsShown);
    const QRect wheelRect = table->visualRect(table->model()->index(1, ArtifactTableModel::FileColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, wheelRect.center());
    QCOMPARE(table->currentIndex().row(), 1);
    QVERIFY(shown.count() > 0 || shown.wait());
    QCOMPARE(shown.last().first().toString(), artifacts->rows()[1].path);
    QCOMPARE(page->findingModel()->findings(), artifacts->rows()[1].findings);
    QVERIFY(w.find<QLabel>(QStringLiteral("findingSummary"))->text().contains(QStringLiteral("sample_pkg-1.2.3-py3")));

    MemberTreeModel *members = page->memberModel();
    QVERIFY(members->memberCount() >= 4);
    QStringList topLevel;
    for (int row = 0; row < members->rowCount(); ++row) {
        topLevel << members->index(row, MemberTreeModel::NameColumn).data().toString();
    }
    QVERIFY2(topLevel.contains(QStringLiteral("sample_pkg-1.2.3.dist-info")), qPrintable(topLevel.join(u',')));
    auto *metadata = w.find<QTreeWidget>(QStringLiteral("metadataView"));
    const QList<QTreeWidgetItem *> nameRows = metadata->findItems(QStringLiteral("Name"), Qt::MatchExactly, 0);
    QCOMPARE(nameRows.size(), 1);
    QCOMPARE(nameRows.first()->text(1), QStringLiteral("sample-pkg"));
    QCOMPARE(metadata->findItems(QStringLiteral("Version"), Qt::MatchExactly, 0).first()->text(1),
             QStringLiteral("1.2.3"));
}

void TestBuildCheckPage::checkDistShowsFindings()
{
    QTemporaryDir work;
    const QString project = work.filePath(QStringLiteral("project"));
    TestSupport::writeBackendProject(project, TestSupport::Backend::Setuptools);
    const QString dist = QDir(project).filePath(QStringLiteral("dist"));
    QVERIFY(QDir().mkpath(dist));
    // A wheel whose metadata lacks what PyPI wants (no summary, no description) and a file
    // that is no distribution at all.
    const QString wheel = TestSupport::writeWheel(dist, QStringLiteral("bare-wheel"), QStringLiteral("0.1"),
                                                  QStringLiteral("bare_wheel"), 1);
    QVERIFY(!wheel.isEmpty());
    {
        QFile broken(QDir(dist).filePath(QStringLiteral("broken-1.0-py3-none-any.whl")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("this is not a zip archive");
    }
    Window w;
    w.window->openProject(project);
    BuildCheckPage *page = w.pages.buildCheck;
    w.window->showPage(page);
    w.chooseSystemPython();
    QSignalSpy checked(page, &BuildCheckPage::checkFinished);
    QTest::mouseClick(w.find<QPushButton>(QStringLiteral("checkButton")), Qt::LeftButton);
    QVERIFY(checked.wait(buildTimeout));

    ArtifactTableModel *artifacts = page->artifactModel();
    QCOMPARE(artifacts->rowCount(), 2);
    const int brokenRow = artifacts->rowOf(QDir(dist).filePath(QStringLiteral("broken-1.0-py3-none-any.whl")));
    const int wheelRow = artifacts->rowOf(wheel);
    QVERIFY(brokenRow >= 0 && wheelRow >= 0);
    const ArtifactTableModel::Row broken = artifacts->rows().at(brokenRow);
    QCOMPARE(broken.verdict, Check::Verdict::Error);
    QVERIFY(!broken.readError.isEmpty());
    QVERIFY(!broken.findings.isEmpty());

    auto *table = w.find<QTableView>(QStringLiteral("artifactTable"));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(table->model()->index(brokenRow, 0)).center());
    auto *findings = w.find<QTableView>(QStringLiteral("findingTable"));
    QCOMPARE(findings->model()->rowCount(), int(broken.findings.size()));
    const QModelIndex first = findings->model()->index(0, FindingListModel::CodeColumn);
    QCOMPARE(first.data().toString(), broken.findings.first().code);
    QVERIFY(first.data().toString().startsWith(QStringLiteral("SW")));
    QCOMPARE(findings->model()->index(0, FindingListModel::SeverityColumn).data().toString(), QStringLiteral("Error"));
    QVERIFY(!findings->model()->index(0, FindingListModel::SeverityColumn).data(Qt::DecorationRole).isNull());
    QCOMPARE(findings->model()->index(0, FindingListModel::MessageColumn).data().toString(),
             broken.findings.first().message);
    QCOMPARE(findings->model()->index(0, FindingListModel::HintColumn).data().toString(), broken.findings.first().hint);
    QCOMPARE(w.find<QLabel>(QStringLiteral("contentsLabel"))->text(), broken.readError);

    // The bare wheel: readable, its findings listed in order, each with a message.
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(table->model()->index(wheelRow, 0)).center());
    const ArtifactTableModel::Row bare = artifacts->rows().at(wheelRow);
    QCOMPARE(bare.sha256.toLatin1(), sha256Hex(wheel));
    QCOMPARE(page->findingModel()->findings(), bare.findings);
    QVERIFY2(!bare.findings.isEmpty(), "a wheel without summary and description has findings");
    QVERIFY(page->memberModel()->memberCount() >= 3);
}

void TestBuildCheckPage::cancelFromStatusBarKeepsResults()
{
    QTemporaryDir work;
    const QString project = work.filePath(QStringLiteral("project"));
    writeSleepingProject(project);
    // Results of an earlier run: a wheel in dist/, checked first.
    const QString dist = QDir(project).filePath(QStringLiteral("dist"));
    QVERIFY(QDir().mkpath(dist));
    const QString wheel = TestSupport::writeWheel(dist, QStringLiteral("hanging-pkg"), QStringLiteral("0.9"),
                                                  QStringLiteral("hanging_pkg"), 1);
    Window w;
    w.window->openProject(project);
    BuildCheckPage *page = w.pages.buildCheck;
    w.window->showPage(page);
    w.chooseSystemPython();
    QSignalSpy checked(page, &BuildCheckPage::checkFinished);
    QTest::mouseClick(w.find<QPushButton>(QStringLiteral("checkButton")), Qt::LeftButton);
    QVERIFY(checked.wait(buildTimeout));
    QCOMPARE(page->artifactModel()->rowCount(), 1);

    QSignalSpy finished(page, &BuildCheckPage::buildFinished);
    QSignalSpy jobFinished(&w.window->jobs(), &JobTracker::jobFinished);
    QTest::mouseClick(w.find<QPushButton>(QStringLiteral("buildButton")), Qt::LeftButton);
    // The status bar shows the running build with its Cancel button.
    QToolButton *cancel = nullptr;
    auto findCancel = [&w, &cancel] {
        const auto buttons = w.window->statusBar()->findChildren<QToolButton *>(QStringLiteral("jobCancelButton"));
        for (QToolButton *button : buttons) {
            if (button->isVisible() && button->toolTip() == u"Cancel Build") {
                cancel = button;
            }
        }
        return cancel != nullptr;
    };
    QTRY_VERIFY_WITH_TIMEOUT(findCancel(), buildTimeout);
    // Wait until the backend is really inside its hook before cancelling.
    QTRY_VERIFY_WITH_TIMEOUT(w.find<QPlainTextEdit>(QStringLiteral("buildLog"))->toPlainText().contains(
                                 QStringLiteral("sleeping in build_sdist")),
                             buildTimeout);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(finished.wait(buildTimeout));
    QCOMPARE(finished.first().first().toBool(), false);
    QCOMPARE(jobFinished.count(), 1);
    QCOMPARE(jobFinished.first().at(1).value<TrackedJob::Outcome>(), TrackedJob::Outcome::Cancelled);
    QVERIFY(w.find<QLabel>(QStringLiteral("stageLabel"))->text().contains(QStringLiteral("cancelled")));
    // The earlier results are still there, and the page is ready again.
    QCOMPARE(page->artifactModel()->rowCount(), 1);
    QCOMPARE(page->artifactModel()->rows().first().path, wheel);
    QVERIFY(w.find<QPushButton>(QStringLiteral("buildButton"))->isEnabled());
    QVERIFY(w.window->jobs().runningJobs().isEmpty());
    QVERIFY(!page->isBusy());
}

void TestBuildCheckPage::responsivenessDuringBuildAndUpload()
{
    QTemporaryDir work;
    Window w;
    LatencyMeter meter;

    // 1. A backend printing about 5 MB of output while the console shows it.
    const QString project = work.filePath(QStringLiteral("noisy"));
    TestSupport::writeInTreeProject(project, QStringLiteral("noisy-pkg"), TestSupport::InTreeBehaviour::PrintMegabytes);
    w.window->openProject(project);
    BuildCheckPage *page = w.pages.buildCheck;
    w.window->showPage(page);
    w.chooseSystemPython();
    QSignalSpy finished(page, &BuildCheckPage::buildFinished);
    auto *stage = w.find<QLabel>(QStringLiteral("stageLabel"));
    meter.setContext([stage] { return stage->text(); });
    meter.start();
    QTest::mouseClick(w.find<QPushButton>(QStringLiteral("buildButton")), Qt::LeftButton);
    QVERIFY(finished.wait(buildTimeout));
    QVERIFY(finished.first().first().toBool());
    QCOMPARE(page->artifactModel()->rowCount(), 2);
    const double buildLatency = meter.maxLatencyMs();
    // The console shows the end of the flood and never grows past its cap.
    auto *console = w.find<QPlainTextEdit>(QStringLiteral("buildLog"));
    QTRY_VERIFY(console->toPlainText().contains(QStringLiteral("out %1 ").arg(TestSupport::megabyteLines - 1)));
    meter.stop();
    const QString log = console->toPlainText();
    QVERIFY(console->blockCount() <= 5000);
    QVERIFY(!log.contains(QStringLiteral("out 0 ")));
    QVERIFY(meter.samples() > 0);
    qInfo("%s", qPrintable(QStringLiteral("ui-latency build max_ms=%1 samples=%2 worst_during=\"%3\"")
                                .arg(buildLatency, 0, 'f', 1)
                                .arg(meter.samples())
                                .arg(meter.worstAt())));

    // 2. A large upload to the strict local registry (its own process, so that only the
    // client's work is on this thread), shown in the status bar as a job with progress.
    const QString wheel = writeLargeWheel(work.path(), 64);
    QVERIFY(!wheel.isEmpty());
    QProcess server;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("SLIPWAY_TEST_REGISTRY_TOKEN"), QStringLiteral("pypi-ui-latency-token"));
    server.setProcessEnvironment(environment);
    server.start(QStringLiteral(SLIPWAY_BINARY_DIR "/bin/slipway-test-registry"), {});
    QVERIFY2(server.waitForStarted(), qPrintable(server.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine(), 30000);
    const QUrl base(QString::fromUtf8(server.readLine().trimmed()));
    QVERIFY(base.isValid());

    Upload::UploadOptions options;
    options.registry.name = QStringLiteral("latency");
    options.registry.kind = Registry::Kind::Custom;
    options.registry.uploadUrl = base.resolved(QUrl(QStringLiteral("legacy/")));
    options.registry.simpleUrl = base.resolved(QUrl(QStringLiteral("simple/")));
    options.credential = Registry::Credential{QStringLiteral("__token__"), QStringLiteral("pypi-ui-latency-token"),
                                              Registry::Credential::Source::Keychain};
    options.checkOptions.python = TestSupport::systemPython();
    auto *upload = new Upload::UploadJob({wheel}, options, w.window.get());
    TrackedJob *tracked = w.window->jobs().begin(QStringLiteral("Upload"), [upload] { upload->cancel(); });
    qint64 lastSent = 0;
    connect(upload, &Upload::UploadJob::totalProgress, tracked, [tracked, &lastSent](const Upload::TransferProgress &p) {
        tracked->setProgress(p.bytesDone, p.bytesTotal);
        lastSent = p.bytesDone;
    });
    QSignalSpy uploaded(upload, &Upload::UploadJob::finished);
    meter.start();
    upload->start();
    QVERIFY(uploaded.wait(buildTimeout));
    meter.stop();
    tracked->finish(TrackedJob::Outcome::Succeeded, {});
    const Upload::UploadResult result = upload->result();
    QCOMPARE(result.files.size(), 1);
    QCOMPARE(result.files.first().outcome, Upload::FileOutcome::Uploaded);
    QVERIFY(lastSent >= 64 * 1024 * 1024);
    const double uploadLatency = meter.maxLatencyMs();
    qInfo("%s", qPrintable(QStringLiteral("ui-latency upload max_ms=%1 samples=%2 bytes=%3")
                                .arg(uploadLatency, 0, 'f', 1)
                                .arg(meter.samples())
                                .arg(lastSent)));
    server.kill();
    server.waitForFinished();
}

QTEST_MAIN(TestBuildCheckPage)
#include "testbuildcheckpage.moc"
