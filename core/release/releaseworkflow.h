// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <optional>

#include "core/build/buildjob.h"
#include "core/check/checkoptions.h"
#include "core/project/versionbump.h"
#include "core/registry/credentials.h"
#include "core/registry/registry.h"
#include "core/release/gitrepository.h"
#include "core/release/indexverifier.h"
#include "core/release/releasejournal.h"

namespace Upload {
struct FileResult;
struct FormField;
} // namespace Upload

namespace Release {

/// Why a workflow step stopped. `message` names the problem and the way out.
struct WorkflowError {
    enum class Code {
        InvalidOptions, ///< a registry without a simple index URL, no files, ...
        Journal, ///< the journal cannot be read or written
        NoRelease, ///< no release in progress in this project
        ReleaseInProgress, ///< start while another release is under way: resume or abort it
        WrongStage, ///< e.g. promote before the test verification
        GitDirty, ///< tracked files modified: commit or stash first
        TagExists, ///< the release tag exists already
        Git, ///< git failed
        VersionBumped, ///< --bump changed pyproject.toml in a git repository: commit, then start again
        Project, ///< pyproject.toml could not be read or bumped
        BuildFailed,
        CheckFailed, ///< the check engine reports errors
        FilenameReused, ///< the test index holds a pinned filename with another sha256
        FileChanged, ///< a pinned file changed on disk (hash or size) or is missing
        Credentials,
        UploadFailed,
        VerificationFailed,
        InstallTestFailed,
        NotApproved, ///< the approval was declined
        Canceled,
    };
    Code code = Code::Canceled;
    QString message;
    QString details; ///< raw text (build output tail, server words)

    /// "invalid-options", "filename-reused", ... (stable, for --json).
    [[nodiscard]] QString codeName() const;
};

/// One field that differs between the release and the latest version on production.
struct MetadataChange {
    QString field; ///< the JSON API / upload form name ("summary", "requires_dist", ...)
    QString before; ///< on production (lists joined with "\n")
    QString after; ///< in this release
};

/// What promotion will put on production; shown before approval.
struct ApprovalSummary {
    QString project;
    QString version;
    Registry::Registry production;
    QList<PinnedFile> files; ///< re-hashed just now: identical to what went to test
    QString descriptionContentType;
    QString descriptionHtml; ///< rendered as the index will show it (Markdown/plain; RST as <pre> when not rendered)
    QString productionVersion; ///< latest version on production; empty for a new project
    QList<MetadataChange> changes; ///< against productionVersion
    QString note; ///< e.g. "the production index has no JSON API: no metadata diff"
    bool rehearsalSkipped = false;

    [[nodiscard]] QJsonObject toJson() const;
};

/// The result of one workflow run (start, promote, resume).
struct WorkflowResult {
    std::optional<WorkflowError> error;
    ReleaseJournal journal; ///< as saved last (empty project when none was created)
    bool awaitingApproval = false; ///< stopped before approval as asked (start, resume)

    [[nodiscard]] bool succeeded() const { return !error.has_value(); }
};

/// Gives the credential for a registry (keychain, environment, prompt); calls back once.
using CredentialProvider = std::function<void(
    const Registry::Registry &registry, std::function<void(std::expected<Registry::Credential, QString>)> done)>;

/// Settings every run shares: timings, tools, where secrets come from.
struct WorkflowSettings {
    /// Default: Registry::CredentialStore::resolve with `environment`; a registry may also
    /// need none (then an empty credential is fine for reads). Whatever the provider, a run
    /// with both registries refuses an `environment` whose one TWINE_PASSWORD would reach
    /// both (Registry::requireSeparateSecrets): a provider should resolve with that environment.
    CredentialProvider credentials;
    VerifyOptions verify;
    int uploadJobs = 3;
    std::chrono::milliseconds uploadFirstBackoff { 1000 };
    std::chrono::milliseconds uploadMaxBackoff { 60000 };
    int uploadMaxAttempts = 5;
    QString git = QStringLiteral("git");
    QString remote = QStringLiteral("origin");
    bool pushTag = false; ///< push the tag after creating it (only ever on request)
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
};

/// What `release start` does.
struct StartOptions {
    Build::BuildOptions build; ///< build.sourceDirectory is the project directory
    QStringList prebuiltFiles; ///< non-empty: release these files instead of building
    Registry::Registry test;
    Registry::Registry production;
    Check::CheckOptions check;
    std::optional<Project::BumpPart> bump; ///< bump the version in pyproject.toml first (post, micro)
    bool skipRehearsal = false; ///< no test upload: recorded as an override
    QString overrideReason;
    bool installTest = false; ///< install from test in a fresh venv and run the smoke command
    QString smokeCommand; ///< empty: import the top-level modules and print the version
    QString installPython = QStringLiteral("/usr/bin/python3"); ///< creates the venv
    QString tagTemplate = QStringLiteral("v{version}");
    bool tag = true; ///< tag when the project is a git repository
};

/**
 * The release workflow: build -> check -> upload to test -> verify on test (+ install test) ->
 * approval -> upload to production -> verify on production -> tag. A composite job that stops at
 * the first failure, writes every stage change and every file transfer to the release journal
 * (JournalStore, atomically) and can be resumed from it: files already on an index are never
 * sent again, files in an unknown state are looked up on the index first (Upload::UploadJob with
 * skip-existing), none is skipped.
 *
 * One run per object: call exactly one of start(), promote(), resume(); each returns at once
 * (the work begins on the next event-loop turn, so connect after calling) and finished() comes
 * exactly once, also after cancel(). start() and resume() stop before approval (finished with
 * awaitingApproval), except that resume() of an approved release goes on to production.
 * promote() re-hashes and re-checks the pinned files, reads the production index, then emits
 * approvalRequested() with an ApprovalSummary and waits for approve() or decline(); with
 * `preApproved` it approves by itself right after emitting the summary.
 * Lives in the thread that created it (network and child processes run on its event loop).
 * Secrets come from WorkflowSettings::credentials for the requests that need them; the journal
 * never contains one. Errors are WorkflowError values in the result, never exceptions.
 */
class ReleaseWorkflow final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReleaseWorkflow)

public:
    explicit ReleaseWorkflow(WorkflowSettings settings, QObject *parent = nullptr);
    ~ReleaseWorkflow() override;

    /// Builds (or takes prebuilt files), checks, rehearses on test, stops before approval.
    void start(const StartOptions &options);
    /// Continues the release in progress in projectDirectory from its journal; stops before
    /// approval unless it was given already.
    void resume(const QString &projectDirectory, const Check::CheckOptions &check = {});
    /// Re-hashes and re-checks the pinned files, shows the summary, and after approval uploads
    /// to production, verifies and tags.
    void promote(const QString &projectDirectory, bool preApproved, const Check::CheckOptions &check = {});

    /// Goes on after approvalRequested(); recorded in the journal with `note` (who/how).
    void approve();
    void setApprovalNote(const QString &note) { m_approvalNote = note; }
    /// Stops after approvalRequested() without uploading (NotApproved).
    void decline();
    void cancel();

    [[nodiscard]] const ReleaseJournal &journal() const { return m_journal; }
    [[nodiscard]] bool isRunning() const { return m_started && !m_finished; }

    // ---- synchronous, no network: for status, history and abort
    [[nodiscard]] static std::expected<ReleaseJournal, WorkflowError> status(const QString &projectDirectory);
    [[nodiscard]] static std::expected<QList<ReleaseJournal>, WorkflowError> history(const QString &projectDirectory);
    /// Marks the release in progress aborted (nothing is deleted on any index) and keeps it in history.
    [[nodiscard]] static std::expected<ReleaseJournal, WorkflowError> abort(
        const QString &projectDirectory, const QString &reason = {});

Q_SIGNALS:
    void stageChanged(Release::Stage stage, Release::StageOutcome outcome, const QString &details);
    void fileStateChanged(
        Release::Target target, const QString &filename, Release::TransferState state, const QString &detail);
    void fileProgress(Release::Target target, const QString &filename, qint64 bytesDone, qint64 bytesTotal);
    void logLine(const QString &line);
    /// The journal was written (after every stage change and file transfer).
    void journalSaved(const Release::ReleaseJournal &journal);
    void approvalRequested(const Release::ApprovalSummary &summary);
    void finished(const Release::WorkflowResult &result);

private:
    enum class Mode { Start, Resume, Promote };

    void begin(Mode mode);
    void next();
    void inspectGit();
    void bumpVersion();
    void build();
    void pinFiles(const QStringList &paths);
    void check(Stage stage);
    void precheck(Target target, std::function<void()> then);
    void failFilenameReused(Target target, const QString &what, Stage stage);
    void upload(Target target);
    void recordUpload(Target target, const Upload::FileResult &result);
    void onUploadFinished(Target target);
    void verify(Target target);
    void runInstallTest(const QString &verified);
    void rehash(std::function<void()> then);
    void prepareApproval();
    void fetchProductionMetadata(std::shared_ptr<ApprovalSummary> summary, const QList<Upload::FormField> &fields);
    void requestApproval(const ApprovalSummary &summary);
    void tag();
    void tagged(const QString &details);
    void credential(Target target, std::function<void(std::optional<Registry::Credential>)> next);
    [[nodiscard]] Index::RequestOptions requestOptions(Target target) const;
    void setStage(Stage stage, StageOutcome outcome, const QString &details = {});
    void setTransfer(
        Target target, const QString &filename, TransferState state, const QString &detail = {}, int attempts = 0);
    bool save();
    void log(const QString &line);
    void fail(WorkflowError::Code code, const QString &message, const QString &details = {},
        std::optional<Stage> stage = std::nullopt);
    void complete(bool awaitingApproval);
    [[nodiscard]] const Registry::Registry &registry(Target target) const;

    WorkflowSettings m_settings;
    Mode m_mode = Mode::Start;
    StartOptions m_start;
    Check::CheckOptions m_checkOptions;
    ReleaseJournal m_journal;
    QString m_projectDirectory;
    QString m_journalPath;
    GitState m_gitState;
    std::optional<Registry::Credential> m_testCredential;
    std::optional<Registry::Credential> m_productionCredential;
    std::optional<ApprovalSummary> m_summary;
    QString m_approvalNote;
    QStringList m_reusedFilenames;
    std::function<void()> m_cancelCurrent; // stops the job in flight (build, check, upload, ...)
    GitRepository *m_git = nullptr;
    bool m_journalCreated = false;
    bool m_preApproved = false;
    bool m_waitingForApproval = false;
    bool m_changedDuringUpload = false;
    bool m_started = false;
    bool m_finished = false;
    bool m_canceled = false;
};

} // namespace Release

Q_DECLARE_METATYPE(Release::ApprovalSummary)
Q_DECLARE_METATYPE(Release::WorkflowResult)
Q_DECLARE_METATYPE(Release::Stage)
Q_DECLARE_METATYPE(Release::StageOutcome)
Q_DECLARE_METATYPE(Release::Target)
Q_DECLARE_METATYPE(Release::TransferState)
