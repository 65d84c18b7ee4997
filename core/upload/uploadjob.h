// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include <atomic>
#include <chrono>
#include <expected>
#include <functional>
#include <optional>

#include "core/check/checkoptions.h"
#include "core/index/indextypes.h"
#include "core/index/proxyconfig.h"
#include "core/registry/credentials.h"
#include "core/registry/registry.h"
#include "core/upload/uploadform.h"
#include "core/upload/uploadtypes.h"

class QTimer;

namespace Check {
class Checker;
}

namespace Index {
class IndexClient;
class ProjectPageReply;
struct RequestOptions;
}

namespace Upload {

class UploadTransfer;

/// How an UploadJob runs. A plain value type.
struct UploadOptions {
    /// Where to: uploadUrl (the legacy API), simpleUrl (for skip-existing and for asking whether
    /// a broken upload arrived; may be empty), caBundlePath, clientCertPath, kind, name.
    Registry::Registry registry;
    /// Sent as HTTP Basic authentication; nullopt or an empty secret: no Authorization header.
    std::optional<Registry::Credential> credential;
    /// The proxy settings (http_proxy, https_proxy, all_proxy, no_proxy); nullopt: this process's.
    std::optional<Index::ProxyEnvironment> proxyEnvironment;
    int jobs = 3;                       ///< files in flight at once (1-16)
    bool skipExisting = false;          ///< skip files the index has with the same sha256 (needs simpleUrl)
    bool dryRun = false;                ///< stop before the network: results are WouldUpload with the form
    bool runChecks = true;              ///< run the check engine first; its errors block the whole upload
    Check::CheckOptions checkOptions;   ///< for the check engine (python, strict, ...)
    int maxAttempts = 5;                ///< POSTs per file, retries included
    std::chrono::milliseconds firstBackoff{1000};   ///< doubled per retry, with jitter
    std::chrono::milliseconds maxBackoff{60000};
    int maxRetryAfterSeconds = 600;     ///< a longer Retry-After fails at once instead of waiting
    std::chrono::milliseconds stallTimeout{300000}; ///< an attempt that moves no byte this long fails (Timeout)
    std::chrono::milliseconds indexTimeout{30000};
    std::chrono::milliseconds progressInterval{250}; ///< how often progress signals fire
    QByteArray userAgent;               ///< default "slipway/<version>"
};

/**
 * Uploads distribution files to one registry through the legacy upload API: the job behind
 * `slipway upload`, the UI's publish page and the release workflow.
 *
 * start() returns at once; the work happens in the event loop of the job's thread (the main
 * thread), except for what runs on worker threads: hashing, the checks, and each upload's
 * bytes (UploadTransfer). In order:
 *  1. Prepare, in parallel on a worker pool: each file's metadata and its sha256 + BLAKE2b-256
 *     in one pass (prepareFile), while the check engine checks every file. A file that cannot
 *     be read, or any check error, blocks the whole set (a release goes up whole): nothing is
 *     sent and those files fail with CheckFailed / InvalidFile.
 *  2. --dry-run stops here: every file is WouldUpload with FileResult::fields.
 *  3. With a simple index URL, each project's file list is read once (PEP 691 JSON, HTML
 *     fallback). A file listed with a different sha256 fails at once (a filename can never be
 *     reused); one with the same sha256 is skipped with skipExisting, and otherwise reported
 *     as AlreadyPresent when the registry accepts the no-op re-upload.
 *  4. Up to `jobs` files stream in parallel (wheels first), straight from disk, each on a
 *     connection and thread of its own (UploadTransfer). The first file of a release goes up
 *     before the rest of that release, since it sets the release's metadata on PyPI.
 *     Connection errors, stalls, 5xx and 429 are retried with exponential backoff and jitter,
 *     honouring Retry-After; 3xx and other 4xx never are. Before each retry, and after an
 *     "already exists" answer, the index is asked whether the file arrived (same filename and
 *     sha256): a connection that broke after the server stored the file ends as Uploaded,
 *     without a duplicate or a false failure.
 *
 * Signals: fileStateChanged and fileFinished per file, fileProgress/totalProgress every
 * progressInterval while bytes move, and finished() exactly once (also after cancel()). A file
 * ends Uploaded or AlreadyPresent only when the registry accepted it or the index lists it.
 * Credentials never appear in a message, a signal or a result.
 */
class UploadJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UploadJob)

public:
    UploadJob(const QStringList &paths, const UploadOptions &options, QObject *parent = nullptr);
    ~UploadJob() override;

    /// Refuses what must never be sent: a missing or non-http(s) upload URL, plain http to a
    /// host that is not loopback, credentials in the URL, unreadable CA bundle or client
    /// certificate, skip-existing without a simple index URL, jobs out of range.
    [[nodiscard]] static std::expected<void, UploadError> validateOptions(const UploadOptions &options);

    /// Call once.
    void start();
    /// Stops everything in flight; finished() follows (queued) with unfinished files Canceled.
    void cancel();

    [[nodiscard]] const QStringList &paths() const { return m_paths; }
    [[nodiscard]] const UploadOptions &options() const { return m_options; }
    [[nodiscard]] bool isFinished() const { return m_finished; }
    /// Complete after finished().
    [[nodiscard]] const UploadResult &result() const { return m_result; }

Q_SIGNALS:
    void fileStateChanged(int index, Upload::FileState state, const QString &detail);
    void fileProgress(int index, const Upload::TransferProgress &progress);
    void totalProgress(const Upload::TransferProgress &progress);
    void fileFinished(int index, const Upload::FileResult &result);
    void finished(const Upload::UploadResult &result);

private:
    struct RateMeter {
        QList<std::pair<qint64, qint64>> samples; // (ms, bytes)
        void add(qint64 ms, qint64 bytes);
        [[nodiscard]] double rate() const;
        void clear() { samples.clear(); }
    };
    struct Task {
        int index = 0;
        QString path;
        std::optional<PreparedFile> prepared;
        std::optional<UploadError> prepareError;
        Check::FileReport check;
        bool prepareDone = false;
        bool done = false;
        bool listedBefore = false;  // the index had this exact file before anything was sent
        bool uncertain = false;     // an attempt may have reached the server before it broke
        bool leadsRelease = false;  // the first file of its release, sent before the others
        qint64 bodySize = 0;
        qint64 sent = 0;
        RateMeter meter;
        QElapsedTimer clock;
        QPointer<UploadTransfer> transfer;
        QPointer<QTimer> retryTimer;
        QPointer<Index::ProjectPageReply> indexReply;
        QString note;
        FileResult result;
    };
    using IndexAnswer = std::function<void(std::optional<Index::DistributionFile> file,
                                           std::optional<Index::IndexError> error)>;

    void run();
    void onPrepared(int index, std::expected<PreparedFile, UploadError> prepared);
    void onChecked();
    void afterPreparation();
    void startListing();
    void onListed(const QString &project, Index::ProjectPageReply *reply);
    void startUploads();
    void pump();
    void startAttempt(Task &task);
    void onTransferFinished(int index);
    void handleRetryable(Task &task, const UploadError &error, int retryAfterSeconds);
    void handleExists(Task &task, const UploadError &error, int lookup = 0);
    void askIndex(Task &task, IndexAnswer answer);
    void succeed(Task &task, FileOutcome outcome, const QString &note);
    void fail(Task &task, const UploadError &error);
    void finishTask(Task &task, FileOutcome outcome, std::optional<UploadError> error, const QString &note);
    void setState(Task &task, FileState state, const QString &detail = {});
    void emitProgress();
    void finishJob();
    [[nodiscard]] Index::RequestOptions indexOptions() const;
    [[nodiscard]] QString redacted(const QString &text) const;
    [[nodiscard]] Task *task(int index);
    [[nodiscard]] static QString releaseOf(const Task &task);

    QStringList m_paths;
    UploadOptions m_options;
    UploadResult m_result;
    QList<Task> m_tasks;
    QList<int> m_queue;
    QSet<QString> m_openReleases;     // releases the index holds a file of: the rest may go in parallel
    QSet<QString> m_leadingReleases;  // releases whose first file is on its way
    QThreadPool m_pool;
    std::atomic<bool> m_cancel{false};
    Index::IndexClient *m_index = nullptr;
    Check::Checker *m_checker = nullptr;
    QTimer *m_progressTimer = nullptr;
    QElapsedTimer m_clock;
    RateMeter m_totalMeter;
    int m_preparing = 0;
    int m_listing = 0;
    int m_active = 0;
    bool m_checking = false;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace Upload
