// SPDX-License-Identifier: GPL-3.0-or-later
// The release workflow end to end against two strict local registries in this process (test and
// production), with faults at every stage; each test asserts the journal on disk and what each
// registry holds afterwards.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "core/release/releasejournal.h"
#include "core/release/releaseworkflow.h"
#include "tests/core/upload/uploadfixtures.h"
#include "tests/support/registryserver.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;
using Release::Stage;
using Release::StageOutcome;
using Release::Target;
using Release::TransferState;
using Release::WorkflowError;
using TestSupport::RegistryFault;
using TestSupport::RegistryServer;

namespace {

const QString testToken = u"pypi-release-test-registry-token"_s;
const QString productionToken = u"pypi-release-production-registry-token"_s;

} // namespace

class TestReleaseWorkflow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void startThenPromote();
    void cancelBetweenTwoFilesThenResume();
    void fileInFlightIsLookedUpNotSentAgain();
    void slowIndexIsWaitedFor();
    void indexTooSlowFailsThenResumeVerifies();
    void productionUploadRejectedThenResume();
    void verificationOnProductionResumesWithoutTheFiles();
    void fileModifiedAfterTestUpload();
    void filenameOnTestWithAnotherHash();
    void filenameOnProductionWithAnotherHash();
    void checkErrorsStopBeforeAnyUpload();
    void failedStartIsSupersededByANewVersion();
    void promoteBeforeRehearsalIsRefused();
    void declinedApprovalUploadsNothing();
    void startRefusedWhileAReleaseIsUnderWay();
    void abortKeepsHistoryAndAllowsANewStart();
    void credentialFailureIsReported();

private:
    Release::WorkflowSettings settings() const;
    Release::StartOptions startOptions() const;
    Release::WorkflowResult run(Release::ReleaseWorkflow &workflow);
    Release::WorkflowResult start(const Release::StartOptions &options, Release::WorkflowSettings settings = {});
    Release::WorkflowResult resume();
    Release::WorkflowResult promote(
        bool preApproved = true, std::optional<Release::ApprovalSummary> *summary = nullptr);
    Release::ReleaseJournal journalOnDisk();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<RegistryServer> m_test;
    std::unique_ptr<RegistryServer> m_production;
    QString m_project;
    QString m_wheel;
    QString m_sdist;
    bool m_haveSettings = false;
};

void TestReleaseWorkflow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_project = m_dir->filePath(u"project"_s);
    QVERIFY(QDir().mkpath(m_project + u"/dist"_s));
    m_test = std::make_unique<RegistryServer>();
    m_production = std::make_unique<RegistryServer>();
    QVERIFY(m_test->listen());
    QVERIFY(m_production->listen());
    m_test->addToken(testToken);
    m_production->addToken(productionToken);
    m_wheel = UploadFixtures::writeWheel(
        m_project + u"/dist"_s, "relpkg", "1.0", "Classifier: Programming Language :: Python :: 3\n");
    m_sdist = UploadFixtures::writeSdist(m_project + u"/dist"_s, "relpkg", "1.0");
    QVERIFY(!m_wheel.isEmpty() && !m_sdist.isEmpty());
}

void TestReleaseWorkflow::cleanup()
{
    m_test.reset();
    m_production.reset();
    m_dir.reset();
}

Release::WorkflowSettings TestReleaseWorkflow::settings() const
{
    Release::WorkflowSettings settings;
    const QUrl testUpload = m_test->uploadUrl();
    settings.credentials = [testUpload](const Registry::Registry &registry, auto done) {
        done(Registry::Credential { u"__token__"_s, registry.uploadUrl == testUpload ? testToken : productionToken,
            Registry::Credential::Source::Environment });
    };
    // Short pauses: the tests exercise the logic, not the waiting.
    settings.verify.attempts = 40;
    settings.verify.interval = std::chrono::milliseconds(25);
    settings.uploadFirstBackoff = std::chrono::milliseconds(10);
    settings.uploadMaxBackoff = std::chrono::milliseconds(50);
    settings.uploadMaxAttempts = 2;
    return settings;
}

Release::StartOptions TestReleaseWorkflow::startOptions() const
{
    Release::StartOptions options;
    options.build.sourceDirectory = m_project;
    options.prebuiltFiles = { m_wheel, m_sdist };
    options.test.name = u"test-registry"_s;
    options.test.uploadUrl = m_test->uploadUrl();
    options.test.simpleUrl = m_test->simpleIndexUrl();
    options.test.role = Registry::Role::Test;
    options.production.name = u"production-registry"_s;
    options.production.uploadUrl = m_production->uploadUrl();
    options.production.simpleUrl = m_production->simpleIndexUrl();
    options.production.role = Registry::Role::Production;
    options.check.python = TestSupport::systemPython();
    return options;
}

Release::WorkflowResult TestReleaseWorkflow::run(Release::ReleaseWorkflow &workflow)
{
    QSignalSpy finished(&workflow, &Release::ReleaseWorkflow::finished);
    if (!finished.wait(300000)) {
        qWarning("the release workflow did not finish");
        return {};
    }
    [&finished] { QCOMPARE(finished.size(), 1); }();
    return finished.first().first().value<Release::WorkflowResult>();
}

Release::WorkflowResult TestReleaseWorkflow::start(
    const Release::StartOptions &options, Release::WorkflowSettings custom)
{
    Release::ReleaseWorkflow workflow(custom.credentials ? custom : settings());
    workflow.start(options);
    return run(workflow);
}

Release::WorkflowResult TestReleaseWorkflow::resume()
{
    Release::ReleaseWorkflow workflow(settings());
    workflow.resume(m_project, startOptions().check);
    return run(workflow);
}

Release::WorkflowResult TestReleaseWorkflow::promote(bool preApproved, std::optional<Release::ApprovalSummary> *summary)
{
    Release::ReleaseWorkflow workflow(settings());
    QObject context;
    connect(&workflow, &Release::ReleaseWorkflow::approvalRequested, &context,
        [summary](const Release::ApprovalSummary &shown) {
            if (summary != nullptr) {
                *summary = shown;
            }
        });
    workflow.promote(m_project, preApproved, startOptions().check);
    return run(workflow);
}

Release::ReleaseJournal TestReleaseWorkflow::journalOnDisk()
{
    const Release::JournalStore store(m_project);
    auto journal = store.load(QDir(store.directory()).filePath(u"relpkg-1.0.json"_s));
    if (!journal) {
        qWarning("%s", qPrintable(journal.error().message));
        return {};
    }
    return *journal;
}

// ---------------------------------------------------------------------------------------------

void TestReleaseWorkflow::startThenPromote()
{
    QList<Stage> seen;
    Release::ReleaseWorkflow workflow(settings());
    QObject context;
    connect(&workflow, &Release::ReleaseWorkflow::stageChanged, &context,
        [&seen](Stage stage, StageOutcome outcome, const QString &) {
            if (outcome == StageOutcome::Passed) {
                seen.append(stage);
            }
        });
    workflow.start(startOptions());
    const Release::WorkflowResult started = run(workflow);
    QVERIFY2(started.succeeded(), qPrintable(started.error ? started.error->message : QString()));
    QVERIFY(started.awaitingApproval);
    QCOMPARE(seen, (QList<Stage> { Stage::Built, Stage::Checked, Stage::UploadedToTest, Stage::VerifiedOnTest }));
    QCOMPARE(m_test->files().size(), 2);
    QCOMPARE(m_production->files().size(), 0);
    QCOMPARE(m_production->requests().size(), 0); // nothing touches production before approval

    Release::ReleaseJournal journal = journalOnDisk();
    QCOMPARE(journal.project, u"relpkg"_s);
    QCOMPARE(journal.version, u"1.0"_s);
    QCOMPARE(journal.state, Release::ReleaseState::AwaitingApproval);
    QCOMPARE(journal.files.size(), 2);
    for (const Release::PinnedFile &file : std::as_const(journal.files)) {
        const auto stored = m_test->file(file.filename);
        QVERIFY(stored);
        QCOMPARE(file.sha256, QString::fromLatin1(stored->sha256));
        QCOMPARE(file.size, stored->size);
        QCOMPARE(file.test.state, TransferState::Uploaded);
        QCOMPARE(file.production.state, TransferState::Pending);
    }
    QCOMPARE(journal.stage(Stage::VerifiedOnTest).outcome, StageOutcome::Passed);
    QCOMPARE(journal.stage(Stage::Approved).outcome, StageOutcome::Pending);
    QVERIFY(journal.stage(Stage::Built).time.isValid());
    // The journal is plain, readable JSON and never holds a secret.
    QFile raw(QDir(Release::JournalStore(m_project).directory()).filePath(u"relpkg-1.0.json"_s));
    QVERIFY(raw.open(QIODevice::ReadOnly));
    const QByteArray text = raw.readAll();
    QVERIFY(text.contains("\"uploaded-to-test\""));
    QVERIFY(!text.contains(testToken.toUtf8()));
    QVERIFY(!text.contains(productionToken.toUtf8()));

    std::optional<Release::ApprovalSummary> summary;
    const Release::WorkflowResult promoted = promote(true, &summary);
    QVERIFY2(promoted.succeeded(), qPrintable(promoted.error ? promoted.error->message : QString()));
    QVERIFY(summary);
    QCOMPARE(summary->files.size(), 2);
    QCOMPARE(summary->version, u"1.0"_s);
    QVERIFY(summary->descriptionHtml.contains(u"A test package"_s));
    QVERIFY(summary->productionVersion.isEmpty()); // a new project there
    QVERIFY2(summary->note.contains(u"new project"_s), qPrintable(summary->note));

    QCOMPARE(m_production->files().size(), 2);
    journal = journalOnDisk();
    QCOMPARE(journal.state, Release::ReleaseState::Completed);
    for (const Release::PinnedFile &file : std::as_const(journal.files)) {
        const auto stored = m_production->file(file.filename);
        QVERIFY(stored);
        QCOMPARE(QString::fromLatin1(stored->sha256), file.sha256); // the very bytes of the rehearsal
        QCOMPARE(file.production.state, TransferState::Uploaded);
    }
    QCOMPARE(journal.stage(Stage::Approved).outcome, StageOutcome::Passed);
    QVERIFY(journal.stage(Stage::Approved).details.contains(u"given in advance"_s));
    QCOMPARE(journal.stage(Stage::VerifiedOnProduction).outcome, StageOutcome::Passed);
    QCOMPARE(journal.stage(Stage::Tagged).outcome, StageOutcome::Skipped); // not a git repository
    QVERIFY(!journal.nextStage());

    // A second version shows the metadata diff against the first.
    QVERIFY(QFile::remove(m_wheel) && QFile::remove(m_sdist));
    m_wheel = UploadFixtures::writeWheel(m_project + u"/dist"_s, "relpkg", "1.1",
        "Classifier: Programming Language :: Python :: 3\nRequires-Python: >=3.9\n");
    m_sdist = UploadFixtures::writeSdist(m_project + u"/dist"_s, "relpkg", "1.1");
    const Release::WorkflowResult second = start(startOptions());
    QVERIFY2(second.succeeded(), qPrintable(second.error ? second.error->message : QString()));
    summary.reset();
    const Release::WorkflowResult secondPromoted = promote(true, &summary);
    QVERIFY2(secondPromoted.succeeded(), qPrintable(secondPromoted.error ? secondPromoted.error->message : QString()));
    QVERIFY(summary);
    QCOMPARE(summary->productionVersion, u"1.0"_s);
    QStringList changed;
    for (const Release::MetadataChange &change : std::as_const(summary->changes)) {
        changed.append(change.field);
        if (change.field == u"requires_python"_s) {
            QCOMPARE(change.before, QString());
            QCOMPARE(change.after, u">=3.9"_s);
        }
    }
    QVERIFY2(changed.contains(u"version"_s) && changed.contains(u"requires_python"_s), qPrintable(changed.join(u',')));
    QCOMPARE(m_production->files().size(), 4);
    const auto history = Release::ReleaseWorkflow::history(m_project);
    QVERIFY(history);
    QCOMPARE(history->size(), 2);
}

void TestReleaseWorkflow::cancelBetweenTwoFilesThenResume()
{
    Release::WorkflowSettings custom = settings();
    custom.uploadJobs = 1; // one file after the other
    Release::ReleaseWorkflow workflow(custom);
    QObject context;
    connect(&workflow, &Release::ReleaseWorkflow::fileStateChanged, &context,
        [&workflow](Target target, const QString &, TransferState state, const QString &) {
            if (target == Target::Test && state == TransferState::Uploaded) {
                workflow.cancel(); // the first file is up, the second not yet
            }
        });
    workflow.start(startOptions());
    const Release::WorkflowResult canceled = run(workflow);
    QVERIFY(canceled.error);
    QCOMPARE(canceled.error->code, WorkflowError::Code::Canceled);

    QCOMPARE(m_test->files().size(), 1);
    Release::ReleaseJournal journal = journalOnDisk();
    QCOMPARE(journal.state, Release::ReleaseState::InProgress);
    QCOMPARE(journal.stage(Stage::UploadedToTest).outcome, StageOutcome::Failed);
    int uploaded = 0;
    for (const Release::PinnedFile &file : std::as_const(journal.files)) {
        if (file.test.state == TransferState::Uploaded) {
            ++uploaded;
            QVERIFY(m_test->file(file.filename));
        } else {
            QVERIFY(file.test.state == TransferState::Pending || file.test.state == TransferState::InFlight);
        }
    }
    QCOMPARE(uploaded, 1);
    const qsizetype postsBefore = m_test->uploadRequests().size();

    const Release::WorkflowResult resumed = resume();
    QVERIFY2(resumed.succeeded(), qPrintable(resumed.error ? resumed.error->message : QString()));
    QVERIFY(resumed.awaitingApproval);
    QCOMPARE(m_test->files().size(), 2);
    // Only the missing file was sent: nothing twice, nothing skipped.
    QVERIFY(m_test->uploadRequests().size() - postsBefore <= 1);
    QCOMPARE(m_test->uploadRequests().size(), 2);
    journal = journalOnDisk();
    QCOMPARE(journal.state, Release::ReleaseState::AwaitingApproval);
    for (const Release::PinnedFile &file : std::as_const(journal.files)) {
        QVERIFY(file.test.isOnIndex());
    }
    QCOMPARE(journal.stage(Stage::UploadedToTest).outcome, StageOutcome::Passed);
    QCOMPARE(m_production->files().size(), 0);
}

void TestReleaseWorkflow::fileInFlightIsLookedUpNotSentAgain()
{
    const Release::WorkflowResult started = start(startOptions());
    QVERIFY(started.succeeded());
    QCOMPARE(m_test->uploadRequests().size(), 2);

    // As a kill in the middle of a transfer leaves it: the file was stored, the journal does not know.
    Release::ReleaseJournal journal = journalOnDisk();
    journal.state = Release::ReleaseState::InProgress;
    journal.files[0].test.state = TransferState::InFlight;
    journal.setStage(Stage::UploadedToTest, StageOutcome::Running);
    journal.setStage(Stage::VerifiedOnTest, StageOutcome::Pending);
    QVERIFY(Release::JournalStore(m_project).save(journal));

    const Release::WorkflowResult resumed = resume();
    QVERIFY2(resumed.succeeded(), qPrintable(resumed.error ? resumed.error->message : QString()));
    QCOMPARE(m_test->uploadRequests().size(), 2); // asked the index, sent nothing
    QCOMPARE(m_test->files().size(), 2);
    journal = journalOnDisk();
    QCOMPARE(journal.files[0].test.state, TransferState::AlreadyPresent);
    QCOMPARE(journal.files[1].test.state, TransferState::Uploaded);
    QCOMPARE(journal.state, Release::ReleaseState::AwaitingApproval);
}

void TestReleaseWorkflow::slowIndexIsWaitedFor()
{
    m_test->setListingLag(4); // a new file shows up on the fifth read of the project page
    QStringList lines;
    Release::ReleaseWorkflow workflow(settings());
    QObject context;
    connect(
        &workflow, &Release::ReleaseWorkflow::logLine, &context, [&lines](const QString &line) { lines.append(line); });
    workflow.start(startOptions());
    const Release::WorkflowResult result = run(workflow);
    QVERIFY2(result.succeeded(), qPrintable(result.error ? result.error->message : QString()));
    QVERIFY(lines.filter(u"waiting"_s).size() >= 1);
    const Release::ReleaseJournal journal = journalOnDisk();
    QCOMPARE(journal.stage(Stage::VerifiedOnTest).outcome, StageOutcome::Passed);
    QVERIFY(!journal.stage(Stage::VerifiedOnTest).details.contains(u"after 1 read)"_s));
}

void TestReleaseWorkflow::indexTooSlowFailsThenResumeVerifies()
{
    // New files stay unlisted for their first 6 reads; the start gives up after 3.
    m_test->setListingLag(6);
    Release::WorkflowSettings custom = settings();
    custom.verify.attempts = 3;
    const Release::WorkflowResult result = start(startOptions(), custom);
    QVERIFY(result.error);
    QCOMPARE(result.error->code, WorkflowError::Code::VerificationFailed);
    QVERIFY2(result.error->message.contains(u"resume"_s), qPrintable(result.error->message));
    Release::ReleaseJournal journal = journalOnDisk();
    QCOMPARE(journal.stage(Stage::UploadedToTest).outcome, StageOutcome::Passed);
    QCOMPARE(journal.stage(Stage::VerifiedOnTest).outcome, StageOutcome::Failed);
    QCOMPARE(journal.lastError, result.error->message);
    QCOMPARE(journal.state, Release::ReleaseState::InProgress);
    QCOMPARE(m_test->files().size(), 2);

    // Later the index lists them: resume verifies without uploading anything again.
    const qsizetype posts = m_test->uploadRequests().size();
    const Release::WorkflowResult resumed = resume();
    QVERIFY2(resumed.succeeded(), qPrintable(resumed.error ? resumed.error->message : QString()));
    QCOMPARE(m_test->uploadRequests().size(), posts);
    journal = journalOnDisk();
    QCOMPARE(journal.stage(Stage::VerifiedOnTest).outcome, StageOutcome::Passed);
    QVERIFY(journal.lastError.isEmpty());
    QCOMPARE(journal.state, Release::ReleaseState::AwaitingApproval);
}

void TestReleaseWorkflow::productionUploadRejectedThenResume()
{
    QVERIFY(start(startOptions()).succeeded());
    m_production->injectFault(
        RegistryFault::status(403, "Forbidden: the given token isn't allowed to upload").persistent());
    const Release::WorkflowResult rejected = promote();
    QVERIFY(rejected.error);
    QCOMPARE(rejected.error->code, WorkflowError::Code::UploadFailed);
    QCOMPARE(m_production->files().size(), 0);
    Release::ReleaseJournal journal = journalOnDisk();
    QCOMPARE(journal.stage(Stage::Approved).outcome, StageOutcome::Passed);
    QCOMPARE(journal.stage(Stage::UploadedToProduction).outcome, StageOutcome::Failed);
    QCOMPARE(journal.state, Release::ReleaseState::InProgress);
    for (const Release::PinnedFile &file : std::as_const(journal.files)) {
        QCOMPARE(file.production.state, TransferState::Failed);
        QVERIFY(!file.production.detail.isEmpty());
        QCOMPARE(file.test.state, TransferState::Uploaded);
    }

    // Fixed on the registry's side: resume goes on from the approved state without asking again.
    m_production->clearFaults();
    const Release::WorkflowResult resumed = resume();
    QVERIFY2(resumed.succeeded(), qPrintable(resumed.error ? resumed.error->message : QString()));
    QVERIFY(!resumed.awaitingApproval);
    QCOMPARE(m_production->files().size(), 2);
    journal = journalOnDisk();
    QCOMPARE(journal.state, Release::ReleaseState::Completed);
    QCOMPARE(journal.stage(Stage::VerifiedOnProduction).outcome, StageOutcome::Passed);
}

void TestReleaseWorkflow::verificationOnProductionResumesWithoutTheFiles()
{
    QVERIFY(start(startOptions()).succeeded());
    m_production->setListingLag(20);
    Release::WorkflowSettings custom = settings();
    custom.verify.attempts = 2;
    Release::ReleaseWorkflow workflow(custom);
    workflow.promote(m_project, true, startOptions().check);
    const Release::WorkflowResult slow = run(workflow);
    QVERIFY(slow.error);
    QCOMPARE(slow.error->code, WorkflowError::Code::VerificationFailed);
    QCOMPARE(m_production->files().size(), 2);
    QCOMPARE(journalOnDisk().stage(Stage::UploadedToProduction).outcome, StageOutcome::Passed);

    // dist/ cleaned meanwhile: the files are on production, only verification and the tag remain.
    QVERIFY(QFile::remove(m_wheel) && QFile::remove(m_sdist));
    const qsizetype posts = m_production->uploadRequests().size();
    // The index lists them after a few more reads.
    Release::ReleaseWorkflow resumed(settings());
    resumed.resume(m_project, startOptions().check);
    const Release::WorkflowResult result = run(resumed);
    QVERIFY2(result.succeeded(), qPrintable(result.error ? result.error->message : QString()));
    QCOMPARE(m_production->uploadRequests().size(), posts);
    QCOMPARE(journalOnDisk().state, Release::ReleaseState::Completed);
}

void TestReleaseWorkflow::fileModifiedAfterTestUpload()
{
    QVERIFY(start(startOptions()).succeeded());
    // Rebuilt (or touched) after the rehearsal: other bytes under the same name.
    QVERIFY(QFile::remove(m_wheel));
    QCOMPARE(UploadFixtures::writeWheel(m_project + u"/dist"_s, "relpkg", "1.0", {}, "x = 2\n"), m_wheel);
    std::optional<Release::ApprovalSummary> summary;
    const Release::WorkflowResult result = promote(true, &summary);
    QVERIFY(result.error);
    QCOMPARE(result.error->code, WorkflowError::Code::FileChanged);
    QVERIFY(result.error->message.contains(u"relpkg-1.0-py3-none-any.whl changed"_s));
    QVERIFY(!summary); // refused before anything was offered for approval
    QCOMPARE(m_production->files().size(), 0);
    QCOMPARE(m_production->requests().size(), 0);
    const Release::ReleaseJournal journal = journalOnDisk();
    QCOMPARE(journal.stage(Stage::Approved).outcome, StageOutcome::Failed);
    QVERIFY(journal.lastError.contains(u"changed"_s));
}

void TestReleaseWorkflow::filenameOnTestWithAnotherHash()
{
    // A rehearsal of 1.0 ran before with other bytes.
    QTemporaryDir old;
    const QString oldWheel = UploadFixtures::writeWheel(old.path(), "relpkg", "1.0", {}, "x = 0\n");
    QFile oldFile(oldWheel);
    QVERIFY(oldFile.open(QIODevice::ReadOnly));
    QVERIFY(m_test->addFile(u"relpkg"_s, u"1.0"_s, QFileInfo(oldWheel).fileName(), oldFile.readAll()));

    const Release::WorkflowResult result = start(startOptions());
    QVERIFY(result.error);
    QCOMPARE(result.error->code, WorkflowError::Code::FilenameReused);
    QVERIFY(result.error->message.contains(u"--bump post"_s));
    QVERIFY(result.error->message.contains(u"--skip-rehearsal"_s));
    QVERIFY(m_test->uploadRequests().isEmpty()); // found before sending anything
    QCOMPARE(m_test->files().size(), 1);
    Release::ReleaseJournal journal = journalOnDisk();
    QCOMPARE(journal.stage(Stage::UploadedToTest).outcome, StageOutcome::Failed);
    QVERIFY(!journal.anythingSent());

    // The way out taken: skip the rehearsal, recorded.
    Release::StartOptions options = startOptions();
    options.skipRehearsal = true;
    options.overrideReason = u"rehearsed 1.0 last week"_s;
    const Release::WorkflowResult skipped = start(options);
    QVERIFY2(skipped.succeeded(), qPrintable(skipped.error ? skipped.error->message : QString()));
    QVERIFY(skipped.awaitingApproval);
    journal = journalOnDisk();
    QVERIFY(journal.rehearsalSkipped());
    QCOMPARE(journal.overrides.first().reason, u"rehearsed 1.0 last week"_s);
    QCOMPARE(journal.stage(Stage::UploadedToTest).outcome, StageOutcome::Skipped);
    QCOMPARE(journal.stage(Stage::VerifiedOnTest).outcome, StageOutcome::Skipped);
    QCOMPARE(m_test->files().size(), 1);
    QVERIFY(m_test->uploadRequests().isEmpty());

    std::optional<Release::ApprovalSummary> summary;
    QVERIFY(promote(true, &summary).succeeded());
    QVERIFY(summary && summary->rehearsalSkipped);
    QCOMPARE(m_production->files().size(), 2);
    // The earlier journal was kept aside.
    const auto history = Release::ReleaseWorkflow::history(m_project);
    QVERIFY(history);
    QCOMPARE(history->size(), 2);
}

void TestReleaseWorkflow::filenameOnProductionWithAnotherHash()
{
    QVERIFY(start(startOptions()).succeeded());
    // Someone published other bytes of 1.0 on production meanwhile.
    QTemporaryDir other;
    const QString otherSdist = UploadFixtures::writeSdist(other.path(), "relpkg", "1.0", "Keywords: other\n");
    QFile otherFile(otherSdist);
    QVERIFY(otherFile.open(QIODevice::ReadOnly));
    QVERIFY(m_production->addFile(u"relpkg"_s, u"1.0"_s, QFileInfo(otherSdist).fileName(), otherFile.readAll()));

    std::optional<Release::ApprovalSummary> summary;
    const Release::WorkflowResult result = promote(true, &summary);
    QVERIFY(result.error);
    QCOMPARE(result.error->code, WorkflowError::Code::FilenameReused);
    QVERIFY(result.error->message.contains(u"relpkg-1.0.tar.gz"_s));
    QVERIFY(result.error->message.contains(u"new version"_s));
    QVERIFY(!summary); // refused before asking for an approval that could not be honoured
    QVERIFY(m_production->uploadRequests().isEmpty());
    QCOMPARE(m_production->files().size(), 1);
    const Release::ReleaseJournal journal = journalOnDisk();
    QCOMPARE(journal.stage(Stage::Approved).outcome, StageOutcome::Failed);
    QCOMPARE(journal.stage(Stage::UploadedToProduction).outcome, StageOutcome::Pending);
}

void TestReleaseWorkflow::checkErrorsStopBeforeAnyUpload()
{
    QVERIFY(QFile::remove(m_wheel));
    m_wheel = UploadFixtures::writeWheel(
        m_project + u"/dist"_s, "relpkg", "1.0", "Classifier: Not :: A :: Real :: Classifier\n");
    const Release::WorkflowResult result = start(startOptions());
    QVERIFY(result.error);
    QCOMPARE(result.error->code, WorkflowError::Code::CheckFailed);
    QVERIFY(m_test->requests().isEmpty());
    QVERIFY(m_production->requests().isEmpty());
    const Release::ReleaseJournal journal = journalOnDisk();
    QCOMPARE(journal.stage(Stage::Built).outcome, StageOutcome::Passed);
    QCOMPARE(journal.stage(Stage::Checked).outcome, StageOutcome::Failed);
    QVERIFY(journal.stage(Stage::Checked).details.contains(u"relpkg-1.0-py3-none-any.whl"_s));
}

void TestReleaseWorkflow::failedStartIsSupersededByANewVersion()
{
    QVERIFY(QFile::remove(m_wheel));
    m_wheel = UploadFixtures::writeWheel(
        m_project + u"/dist"_s, "relpkg", "1.0", "Classifier: Not :: A :: Real :: Classifier\n");
    QVERIFY(start(startOptions()).error);
    QCOMPARE(journalOnDisk().state, Release::ReleaseState::InProgress);

    QVERIFY(QFile::remove(m_wheel) && QFile::remove(m_sdist));
    m_wheel = UploadFixtures::writeWheel(m_project + u"/dist"_s, "relpkg", "1.0.1");
    m_sdist = UploadFixtures::writeSdist(m_project + u"/dist"_s, "relpkg", "1.0.1");
    const Release::WorkflowResult fixed = start(startOptions());
    QVERIFY2(fixed.succeeded(), qPrintable(fixed.error ? fixed.error->message : QString()));
    QCOMPARE(journalOnDisk().state, Release::ReleaseState::Aborted);
    QVERIFY(journalOnDisk().log.last().text.contains(u"Superseded"_s));
    const auto status = Release::ReleaseWorkflow::status(m_project);
    QVERIFY(status);
    QCOMPARE(status->version, u"1.0.1"_s);
}

void TestReleaseWorkflow::promoteBeforeRehearsalIsRefused()
{
    m_test->setListingLag(1000);
    Release::WorkflowSettings custom = settings();
    custom.verify.attempts = 2;
    QVERIFY(start(startOptions(), custom).error);
    const Release::WorkflowResult result = promote();
    QVERIFY(result.error);
    QCOMPARE(result.error->code, WorkflowError::Code::WrongStage);
    QVERIFY(m_production->requests().isEmpty());
    QCOMPARE(journalOnDisk().stage(Stage::Approved).outcome, StageOutcome::Pending);
}

void TestReleaseWorkflow::declinedApprovalUploadsNothing()
{
    QVERIFY(start(startOptions()).succeeded());
    Release::ReleaseWorkflow workflow(settings());
    QObject context;
    connect(&workflow, &Release::ReleaseWorkflow::approvalRequested, &context,
        [&workflow](const Release::ApprovalSummary &) { workflow.decline(); });
    workflow.promote(m_project, false, startOptions().check);
    const Release::WorkflowResult result = run(workflow);
    QVERIFY(result.error);
    QCOMPARE(result.error->code, WorkflowError::Code::NotApproved);
    QCOMPARE(m_production->files().size(), 0);
    const Release::ReleaseJournal journal = journalOnDisk();
    QCOMPARE(journal.state, Release::ReleaseState::AwaitingApproval);
    QCOMPARE(journal.stage(Stage::Approved).outcome, StageOutcome::Pending);
}

void TestReleaseWorkflow::startRefusedWhileAReleaseIsUnderWay()
{
    QVERIFY(start(startOptions()).succeeded());
    const Release::WorkflowResult again = start(startOptions());
    QVERIFY(again.error);
    QCOMPARE(again.error->code, WorkflowError::Code::ReleaseInProgress);
    QVERIFY(again.error->message.contains(u"abort"_s));
    QCOMPARE(m_test->uploadRequests().size(), 2);
    QCOMPARE(journalOnDisk().state, Release::ReleaseState::AwaitingApproval);
}

void TestReleaseWorkflow::abortKeepsHistoryAndAllowsANewStart()
{
    QVERIFY(start(startOptions()).succeeded());
    const auto aborted = Release::ReleaseWorkflow::abort(m_project, u"wrong changelog"_s);
    QVERIFY(aborted);
    QCOMPARE(aborted->state, Release::ReleaseState::Aborted);
    QCOMPARE(journalOnDisk().state, Release::ReleaseState::Aborted);
    QVERIFY(journalOnDisk().log.last().text.contains(u"wrong changelog"_s));
    QCOMPARE(m_test->files().size(), 2); // nothing deleted remotely

    const auto status = Release::ReleaseWorkflow::status(m_project);
    QVERIFY(status);
    QCOMPARE(status->state, Release::ReleaseState::Aborted);
    QCOMPARE(Release::ReleaseWorkflow::abort(m_project).error().code, WorkflowError::Code::NoRelease);
    QCOMPARE(resume().error->code, WorkflowError::Code::NoRelease);

    // The same files again: the test index has them already, identical.
    const Release::WorkflowResult again = start(startOptions());
    QVERIFY2(again.succeeded(), qPrintable(again.error ? again.error->message : QString()));
    for (const Release::PinnedFile &file : journalOnDisk().files) {
        QCOMPARE(file.test.state, TransferState::AlreadyPresent);
    }
    const auto history = Release::ReleaseWorkflow::history(m_project);
    QVERIFY(history);
    QCOMPARE(history->size(), 2);
    QCOMPARE(history->first().state, Release::ReleaseState::Aborted);
    QCOMPARE(history->last().state, Release::ReleaseState::AwaitingApproval);
}

void TestReleaseWorkflow::credentialFailureIsReported()
{
    Release::WorkflowSettings custom = settings();
    custom.credentials = [](const Registry::Registry &registry, auto done) {
        done(std::unexpected(u"No credential stored for %1."_s.arg(registry.name)));
    };
    const Release::WorkflowResult result = start(startOptions(), custom);
    QVERIFY(result.error);
    QCOMPARE(result.error->code, WorkflowError::Code::Credentials);
    QVERIFY(m_test->uploadRequests().isEmpty());
    QCOMPARE(journalOnDisk().stage(Stage::UploadedToTest).outcome, StageOutcome::Failed);
}

QTEST_GUILESS_MAIN(TestReleaseWorkflow)
#include "testreleaseworkflow.moc"
