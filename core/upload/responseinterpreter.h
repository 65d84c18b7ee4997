// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <optional>

#include "core/upload/uploadtypes.h"

namespace Upload {

/// What a registry answered to one upload POST.
struct HttpAnswer {
    int status = 0;             ///< 0: no answer (see networkError)
    QByteArray reason;          ///< reason phrase (HTTP/1.1)
    QByteArray body;            ///< first bytes of the body
    QByteArray contentType;
    QString location;           ///< Location header of a redirect
    QByteArray retryAfter;      ///< Retry-After header as sent
};

/// How the job goes on after an answer.
enum class AnswerKind {
    Success,     ///< 2xx
    Retry,       ///< 5xx, 429: try again after a pause (never for 3xx and other 4xx)
    Exists,      ///< the server holds a file under this name: ask the index whose it is
    Fatal,       ///< anything else: stop with the error
};

struct Interpretation {
    AnswerKind kind = AnswerKind::Fatal;
    UploadError error;          ///< for everything but Success
    int retryAfterSeconds = -1; ///< from Retry-After (seconds or an HTTP date), -1 when absent
};

/**
 * The server's own message: the reason phrase when it is not just the standard text for the
 * status (Warehouse puts its message there), else the body, read as JSON ("message", "error",
 * "detail", Artifactory's "errors"), HTML (tags dropped) or text; whitespace collapsed and
 * capped at 1000 characters. Pure function.
 */
[[nodiscard]] QString serverMessage(const HttpAnswer &answer);

/// Seconds from a Retry-After value (delta-seconds or an HTTP date); -1 when absent or unusable.
[[nodiscard]] int parseRetryAfter(const QByteArray &value);

/**
 * Classifies an answer to an upload of `filename` to `uploadUrl` and puts it in plain words,
 * keeping the server's message: redirects (with the likely cause: a missing trailing slash or
 * /legacy/, http instead of https), 405 (the simple-index URL given as upload URL), 401/403
 * (bad credential, token scope, PyPI's refusal of passwords), "File already exists" / GitLab's
 * "has already been taken" / 409 (Exists), PyPI's "previously used" (only a new version helps),
 * 413 and size limits, names that are not allowed, invalid metadata, 429 and 5xx (Retry).
 * Pure function; `serverText` is serverMessage(answer) and `answer.location` must already have
 * the secret redacted (Registry::redact), since both are quoted in the message.
 */
[[nodiscard]] Interpretation interpretAnswer(const HttpAnswer &answer, const QString &serverText, const QUrl &uploadUrl,
                                             const QString &filename);

/// Words for a redirect of an upload from `from` to `location`: what is probably wrong.
[[nodiscard]] QString explainRedirect(int status, const QUrl &from, const QString &location);

} // namespace Upload
