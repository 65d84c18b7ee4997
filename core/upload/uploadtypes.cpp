// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/upload/uploadtypes.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Upload {

QString UploadError::codeName() const
{
    switch (code) {
    case Code::InvalidFile: return u"invalid-file"_s;
    case Code::CheckFailed: return u"check-failed"_s;
    case Code::InvalidOptions: return u"invalid-options"_s;
    case Code::Network: return u"network"_s;
    case Code::Timeout: return u"timeout"_s;
    case Code::Tls: return u"tls"_s;
    case Code::Redirect: return u"redirect"_s;
    case Code::WrongUrl: return u"wrong-url"_s;
    case Code::Authentication: return u"authentication"_s;
    case Code::FileExists: return u"file-exists"_s;
    case Code::FilenameReused: return u"filename-reused"_s;
    case Code::TooLarge: return u"too-large"_s;
    case Code::NameNotAllowed: return u"name-not-allowed"_s;
    case Code::InvalidMetadata: return u"invalid-metadata"_s;
    case Code::Rejected: return u"rejected"_s;
    case Code::ServerError: return u"server-error"_s;
    case Code::RateLimited: return u"rate-limited"_s;
    case Code::IndexUnavailable: return u"index-unavailable"_s;
    case Code::Canceled: return u"canceled"_s;
    }
    return u"unknown"_s;
}

QString outcomeName(FileOutcome outcome)
{
    switch (outcome) {
    case FileOutcome::Uploaded: return u"uploaded"_s;
    case FileOutcome::AlreadyPresent: return u"already-present"_s;
    case FileOutcome::WouldUpload: return u"would-upload"_s;
    case FileOutcome::Failed: return u"failed"_s;
    case FileOutcome::Canceled: return u"canceled"_s;
    }
    return u"failed"_s;
}

std::optional<qint64> TransferProgress::etaSeconds() const
{
    if (bytesPerSecond <= 0 || bytesTotal <= 0) {
        return std::nullopt;
    }
    const qint64 left = std::max<qint64>(0, bytesTotal - bytesDone);
    return qint64(std::ceil(double(left) / bytesPerSecond));
}

QJsonObject FileResult::toJson() const
{
    QJsonObject object{
        {u"path"_s, path},
        {u"filename"_s, filename},
        {u"size"_s, double(size)},
        {u"sha256"_s, sha256},
        {u"outcome"_s, outcomeName(outcome)},
        {u"attempts"_s, attempts},
    };
    if (!note.isEmpty()) {
        object.insert(u"note"_s, note);
    }
    if (error) {
        QJsonObject errorObject{{u"code"_s, error->codeName()}, {u"message"_s, error->message}};
        if (!error->serverMessage.isEmpty()) {
            errorObject.insert(u"server_message"_s, error->serverMessage);
        }
        if (error->httpStatus != 0) {
            errorObject.insert(u"http_status"_s, error->httpStatus);
        }
        object.insert(u"error"_s, errorObject);
    }
    if (!check.path.isEmpty()) {
        object.insert(u"check"_s, check.toJson());
    }
    return object;
}

bool UploadResult::succeeded() const
{
    return !files.isEmpty() && std::all_of(files.cbegin(), files.cend(), [this](const FileResult &file) {
        return dryRun ? file.outcome == FileOutcome::WouldUpload : file.isOnIndex();
    });
}

} // namespace Upload
