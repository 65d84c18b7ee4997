// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

#include "core/check/finding.h"

namespace Upload {

/// One plain field of the legacy upload form, in the order it is sent.
struct FormField {
    QString name;
    QString value;
    friend bool operator==(const FormField &, const FormField &) = default;
};

/**
 * Why a file did not reach the index. `message` is plain language: what happened and what to
 * do. `serverMessage` keeps the server's own words (reason phrase or body, cleaned and with
 * the secret redacted), because registries explain themselves better than any mapping.
 * Neither ever contains a password.
 */
struct UploadError {
    enum class Code {
        InvalidFile,        ///< not readable as a wheel/sdist, or without metadata
        CheckFailed,        ///< the check engine found errors (or another file of the set did)
        InvalidOptions,     ///< bad upload URL, insecure http, unreadable certificate file, ...
        Network,            ///< connection refused/reset/closed, after the retries
        Timeout,            ///< no progress for the stall timeout, after the retries
        Tls,                ///< certificate or handshake failure
        Redirect,           ///< the server answered 3xx; uploads are never re-sent elsewhere
        WrongUrl,           ///< 404/405/410: not an upload endpoint
        Authentication,     ///< 401/403: bad credential, token scope, no permission
        FileExists,         ///< the index holds another file under this name
        FilenameReused,     ///< the filename was used by a deleted file (PyPI: forever)
        TooLarge,           ///< 413, or the registry's size limit
        NameNotAllowed,     ///< the project name is refused (prohibited, too similar, stdlib)
        InvalidMetadata,    ///< the registry refused the metadata or the file's contents
        Rejected,           ///< any other 4xx
        ServerError,        ///< 5xx, after the retries
        RateLimited,        ///< 429, after the retries
        IndexUnavailable,   ///< --skip-existing could not read the index
        Canceled,
    };
    Code code = Code::Network;
    QString message;
    QString serverMessage;
    int httpStatus = 0;

    /// "network", "file-exists", ... (stable, for --json and scripts).
    [[nodiscard]] QString codeName() const;
};

/// How one file ended.
enum class FileOutcome {
    Uploaded,       ///< the registry stored it now (confirmed by its answer, or by the index after a broken connection)
    AlreadyPresent, ///< the index already had this exact file (same sha256): skipped, or re-upload was a no-op
    WouldUpload,    ///< --dry-run: everything up to the network passed
    Failed,
    Canceled,
};

/// "uploaded", "already-present", "would-upload", "failed", "canceled".
[[nodiscard]] QString outcomeName(FileOutcome outcome);

/// Where a file is in the job; reported through UploadJob::fileStateChanged.
enum class FileState {
    Queued,
    Preparing,    ///< reading metadata and computing digests
    Checking,     ///< the check engine runs
    Listing,      ///< reading the index's file list (skip-existing, verification)
    Uploading,
    Waiting,      ///< before a retry
    Verifying,    ///< asking the index whether a broken upload arrived
    Done,
};

/// Bytes moved and how fast. `bytesPerSecond` is smoothed over the last few seconds.
struct TransferProgress {
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    double bytesPerSecond = 0;

    /// Seconds left at the current rate; nullopt while the rate is unknown.
    [[nodiscard]] std::optional<qint64> etaSeconds() const;
};

/// The result for one file. A plain value type.
struct FileResult {
    QString path;
    QString filename;
    qint64 size = 0;
    QString sha256;               ///< lowercase hex, when the file could be read
    FileOutcome outcome = FileOutcome::Failed;
    std::optional<UploadError> error;
    QString note;                 ///< e.g. "the index already had this identical file"
    int attempts = 0;             ///< POSTs sent
    qint64 elapsedMs = 0;         ///< from the first POST to the end
    Check::FileReport check;      ///< empty when checks did not run
    QList<FormField> fields;      ///< the form as sent (or, dry run, as it would be)

    [[nodiscard]] bool isOnIndex() const
    {
        return outcome == FileOutcome::Uploaded || outcome == FileOutcome::AlreadyPresent;
    }
    /// {"path","filename","size","sha256","outcome","attempts","note","error":{code,message,server_message,http_status}}
    [[nodiscard]] QJsonObject toJson() const;
};

/// The results of a whole job, in the order the files were given.
struct UploadResult {
    QList<FileResult> files;
    bool dryRun = false;

    /// Every file is on the index (or, dry run, would be sent).
    [[nodiscard]] bool succeeded() const;
};

} // namespace Upload

Q_DECLARE_METATYPE(Upload::TransferProgress)
Q_DECLARE_METATYPE(Upload::FileResult)
Q_DECLARE_METATYPE(Upload::UploadResult)
Q_DECLARE_METATYPE(Upload::FileState)
