// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringView>

#include <expected>
#include <optional>

#include "core/registry/registry.h"

namespace Release {

/// The gates of a release, in the order they are passed.
enum class Stage {
    Built,
    Checked,
    UploadedToTest,
    VerifiedOnTest,
    Approved,
    UploadedToProduction,
    VerifiedOnProduction,
    Tagged,
};

/// "built", "checked", "uploaded-to-test", ... (stable: journal files, --json).
[[nodiscard]] QString stageName(Stage stage);
[[nodiscard]] std::optional<Stage> stageFromName(QStringView name);
/// "Built", "Checked", "Uploaded to test", ... (for tables and the UI).
[[nodiscard]] QString stageTitle(Stage stage);
[[nodiscard]] QList<Stage> allStages();

/// Where a stage is. Skipped means passed over on purpose (an override, no git repository).
enum class StageOutcome {
    Pending,
    Running,
    Passed,
    Failed,
    Skipped,
};

/// "pending", "running", "passed", "failed", "skipped".
[[nodiscard]] QString outcomeName(StageOutcome outcome);
[[nodiscard]] std::optional<StageOutcome> outcomeFromName(QStringView name);

/// One stage's latest state: when it changed, how it ended, and what happened in words.
struct StageRecord {
    Stage stage = Stage::Built;
    StageOutcome outcome = StageOutcome::Pending;
    QDateTime time; ///< UTC; invalid while Pending
    QString details;

    [[nodiscard]] bool isDone() const { return outcome == StageOutcome::Passed || outcome == StageOutcome::Skipped; }
};

/// Which of the two registries of a release.
enum class Target {
    Test,
    Production,
};

/// "test", "production".
[[nodiscard]] QString targetName(Target target);

/// Where one pinned file is on one registry, as far as the journal knows.
enum class TransferState {
    Pending, ///< never sent
    InFlight, ///< sending started and did not end as far as the journal knows: ask the index first
    Uploaded, ///< the registry accepted it, or the index lists it with the pinned sha256
    AlreadyPresent, ///< the index already had this exact file
    Failed, ///< the last attempt failed; `detail` says why
};

/// "pending", "in-flight", "uploaded", "already-present", "failed".
[[nodiscard]] QString transferStateName(TransferState state);
[[nodiscard]] std::optional<TransferState> transferStateFromName(QStringView name);

struct FileTransfer {
    TransferState state = TransferState::Pending;
    QDateTime time; ///< of the last change; invalid while Pending
    int attempts = 0; ///< POSTs sent, over every run
    QString detail;

    [[nodiscard]] bool isOnIndex() const
    {
        return state == TransferState::Uploaded || state == TransferState::AlreadyPresent;
    }
};

/// A distribution file pinned at build time: exactly these bytes go to both registries.
struct PinnedFile {
    QString filename;
    QString path; ///< absolute, where it was built
    QString kind; ///< "wheel" or "sdist"
    qint64 size = 0;
    QString sha256; ///< lowercase hex
    FileTransfer test;
    FileTransfer production;

    [[nodiscard]] FileTransfer &transfer(Target target) { return target == Target::Test ? test : production; }
    [[nodiscard]] const FileTransfer &transfer(Target target) const
    {
        return target == Target::Test ? test : production;
    }
};

/// A gate passed over on the user's explicit word, kept for the record.
struct Override {
    QString kind; ///< "skip-rehearsal"
    QString reason; ///< in the user's words, or Slipway's explanation
    QDateTime time;
};

/// What the optional install test on the test registry did.
struct InstallTestRecord {
    bool requested = false; ///< --install-test was given at start
    QString python; ///< the interpreter that creates the venv
    bool ran = false;
    bool passed = false;
    QString requirement; ///< "name==version"
    QString smokeCommand;
    int exitCode = -1;
    QString output; ///< pip's and the smoke command's output (capped, tail kept)
    QDateTime time;
};

/// The git side of a release: the commit that was built and the tag it gets.
struct GitRecord {
    bool repository = false; ///< the project is in a git work tree
    QString commit; ///< HEAD when the release started
    QString tagTemplate; ///< "v{version}"
    QString tagName; ///< the template applied
    bool tagCreated = false;
    bool tagPushed = false;
};

/// One line of the journal's running log.
struct LogEntry {
    QDateTime time;
    QString text;
};

/// Where a whole release is.
enum class ReleaseState {
    InProgress, ///< a stage is to do (or failed and can be resumed)
    AwaitingApproval, ///< verified on test; `promote` shows what goes to production
    Completed, ///< every stage passed or was skipped
    Aborted, ///< given up with `abort`; nothing was deleted anywhere
};

/// "in-progress", "awaiting-approval", "completed", "aborted".
[[nodiscard]] QString releaseStateName(ReleaseState state);
[[nodiscard]] std::optional<ReleaseState> releaseStateFromName(QStringView name);

struct JournalError {
    enum class Code {
        NotFound, ///< no journal (no release started in this project)
        Unreadable, ///< exists but cannot be read
        Corrupt, ///< not a journal Slipway understands (hand-edited badly)
        TooNew, ///< written by a newer Slipway
        Unwritable, ///< saving failed; the previous journal is untouched
    };
    Code code = Code::NotFound;
    QString message;
};

/**
 * The record of one release (a project version): pinned files, both registries, every stage
 * with time, outcome and details, per-file per-registry transfer state, overrides, the install
 * test output and a log. A plain value type; JournalStore keeps it on disk as human-readable
 * JSON, rewritten atomically after every change, so that a crash at any moment leaves a
 * journal from which the release can be resumed.
 */
struct ReleaseJournal {
    static constexpr int formatVersion = 1;
    static constexpr qsizetype maxLogEntries = 500;

    QString project; ///< as the metadata spells it
    QString version;
    QString projectDirectory; ///< absolute
    ReleaseState state = ReleaseState::InProgress;
    QDateTime created;
    QDateTime updated;
    Registry::Registry testRegistry; ///< never holds a secret
    Registry::Registry productionRegistry;
    QList<PinnedFile> files;
    QList<StageRecord> stages; ///< one per Stage, in order (see ensureStages)
    QList<Override> overrides;
    InstallTestRecord installTest;
    GitRecord git;
    QString lastError; ///< the message of the last failure, empty after a success
    QList<LogEntry> log;

    /// A journal for a new release with every stage pending.
    [[nodiscard]] static ReleaseJournal create(
        const QString &project, const QString &version, const QString &projectDirectory);

    [[nodiscard]] StageRecord &stage(Stage stage);
    [[nodiscard]] const StageRecord &stage(Stage stage) const;
    /// Sets a stage's outcome and details, stamped with the current time.
    void setStage(Stage stage, StageOutcome outcome, const QString &details = {});
    /// The first stage neither passed nor skipped; nullopt when all are done.
    [[nodiscard]] std::optional<Stage> nextStage() const;
    [[nodiscard]] bool hasOverride(QStringView kind) const;
    [[nodiscard]] bool rehearsalSkipped() const { return hasOverride(u"skip-rehearsal"); }
    /// Any file reached (or may have reached) a registry.
    [[nodiscard]] bool anythingSent() const;
    void addLog(const QString &text);
    [[nodiscard]] PinnedFile *file(const QString &filename);

    /// "<normalized name>-<version>.json".
    [[nodiscard]] QString fileName() const;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static std::expected<ReleaseJournal, JournalError> fromJson(const QJsonObject &object);

private:
    void ensureStages();
};

/**
 * The journals of one project, in <project>/.slipway/releases/. Synchronous, small files;
 * use from one thread. save() writes atomically (Util::writeFileAtomically), so readers see the
 * previous journal or the new one.
 */
class JournalStore final
{
public:
    explicit JournalStore(const QString &projectDirectory);

    [[nodiscard]] QString directory() const { return m_directory; }
    [[nodiscard]] QString pathFor(const ReleaseJournal &journal) const;

    [[nodiscard]] std::expected<ReleaseJournal, JournalError> load(const QString &path) const;
    /// Stamps `updated` and writes the journal atomically.
    [[nodiscard]] std::expected<void, JournalError> save(ReleaseJournal &journal) const;
    /// Every journal, oldest first (by `created`). Unreadable files are an error naming them.
    [[nodiscard]] std::expected<QList<ReleaseJournal>, JournalError> history() const;
    /// The release still going on (InProgress or AwaitingApproval, latest updated); NotFound if none.
    [[nodiscard]] std::expected<ReleaseJournal, JournalError> current() const;
    /// The most recently updated journal of any state; NotFound if none.
    [[nodiscard]] std::expected<ReleaseJournal, JournalError> latest() const;
    /// Moves a journal aside as "<name>-<version>.<yyyyMMddTHHmmss>.json" so a new release of
    /// the same version can start; the old one stays in history().
    [[nodiscard]] std::expected<void, JournalError> archive(const ReleaseJournal &journal) const;

private:
    QString m_directory;
};

} // namespace Release

Q_DECLARE_METATYPE(Release::ReleaseJournal)
