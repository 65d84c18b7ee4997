// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/upload/responseinterpreter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>

#include "core/registry/registry.h"

using namespace Qt::StringLiterals;

namespace Upload {

namespace {

constexpr qsizetype maxMessageLength = 1000;

// The standard reason phrases: a reason equal to one of these carries no message of its own.
bool isStandardReason(int status, const QString &reason)
{
    static const QHash<int, QString> reasons{
        {200, u"ok"_s}, {201, u"created"_s}, {202, u"accepted"_s}, {204, u"no content"_s},
        {301, u"moved permanently"_s}, {302, u"found"_s}, {303, u"see other"_s}, {307, u"temporary redirect"_s},
        {308, u"permanent redirect"_s}, {400, u"bad request"_s}, {401, u"unauthorized"_s}, {403, u"forbidden"_s},
        {404, u"not found"_s}, {405, u"method not allowed"_s}, {409, u"conflict"_s}, {410, u"gone"_s},
        {411, u"length required"_s}, {413, u"payload too large"_s}, {422, u"unprocessable entity"_s},
        {429, u"too many requests"_s}, {500, u"internal server error"_s}, {502, u"bad gateway"_s},
        {503, u"service unavailable"_s}, {504, u"gateway timeout"_s},
    };
    const QString lower = reason.trimmed().toLower();
    return lower.isEmpty() || lower == reasons.value(status) || (status == 413 && lower == u"request entity too large"_s)
        || (status == 422 && lower == u"unprocessable content"_s) || (status == 413 && lower == u"content too large"_s);
}

QString collapse(QString text)
{
    text = text.simplified();
    if (text.size() > maxMessageLength) {
        text = text.left(maxMessageLength) + u"…"_s;
    }
    return text;
}

QString jsonMessage(const QJsonValue &value)
{
    if (value.isString()) {
        return value.toString();
    }
    if (value.isArray()) {
        QStringList parts;
        for (const QJsonValue &item : value.toArray()) {
            const QString part = jsonMessage(item);
            if (!part.isEmpty()) {
                parts.append(part);
            }
        }
        return parts.join(u"; "_s);
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (const QString &key : {u"message"_s, u"error"_s, u"detail"_s, u"errors"_s, u"title"_s}) {
            const QString text = jsonMessage(object.value(key));
            if (!text.isEmpty()) {
                return text;
            }
        }
    }
    return {};
}

QString bodyText(const HttpAnswer &answer)
{
    if (answer.body.trimmed().isEmpty()) {
        return {};
    }
    const QByteArray type = answer.contentType.toLower();
    const QByteArray trimmed = answer.body.trimmed();
    if (type.contains("json") || trimmed.startsWith('{') || trimmed.startsWith('[')) {
        const QJsonDocument document = QJsonDocument::fromJson(trimmed);
        if (!document.isNull()) {
            const QString text = document.isObject() ? jsonMessage(document.object()) : jsonMessage(document.array());
            if (!text.isEmpty()) {
                return text;
            }
        }
    }
    QString text = QString::fromUtf8(answer.body);
    if (type.contains("html") || text.contains(u"</"_s)) {
        // Pyramid and nginx error pages: the title repeats the h1; keep the body's text.
        static const QRegularExpression head(u"<head.*?</head>"_s, QRegularExpression::DotMatchesEverythingOption
                                                                      | QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression tags(u"<[^>]*>"_s);
        text.remove(head);
        text.replace(tags, u" "_s);
        text.replace(u"&quot;"_s, u"\""_s).replace(u"&#39;"_s, u"'"_s).replace(u"&lt;"_s, u"<"_s);
        text.replace(u"&gt;"_s, u">"_s).replace(u"&amp;"_s, u"&"_s).replace(u"&nbsp;"_s, u" "_s);
    }
    return text;
}

UploadError error(UploadError::Code code, const QString &message, const QString &server, int status)
{
    return {code, message, server, status};
}

QString quotedServer(const QString &server)
{
    return server.isEmpty() ? QString() : u" The registry said: \"%1\""_s.arg(server);
}

} // namespace

QString serverMessage(const HttpAnswer &answer)
{
    const QString reason = QString::fromLatin1(answer.reason).trimmed();
    const QString body = collapse(bodyText(answer));
    if (!isStandardReason(answer.status, reason)) {
        // Warehouse puts its message in the reason phrase; the body wraps it in an error page.
        return collapse(reason);
    }
    return body;
}

int parseRetryAfter(const QByteArray &value)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty()) {
        return -1;
    }
    bool ok = false;
    const qlonglong seconds = trimmed.toLongLong(&ok);
    if (ok) {
        return seconds < 0 ? -1 : int(std::min<qlonglong>(seconds, 24 * 3600));
    }
    // IMF-fixdate: "Wed, 21 Oct 2015 07:28:00 GMT".
    const QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(trimmed), u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
    if (!when.isValid()) {
        return -1;
    }
    const QDateTime utc(when.date(), when.time(), Qt::UTC);
    return int(std::clamp<qint64>(QDateTime::currentDateTimeUtc().secsTo(utc), 0, 24 * 3600));
}

QString explainRedirect(int status, const QUrl &from, const QString &location)
{
    const QUrl to = from.resolved(QUrl(location));
    QString cause;
    if (from.scheme() == u"http"_s && to.scheme() == u"https"_s && from.host() == to.host()) {
        cause = u"The server wants https: use %1 as the upload URL."_s.arg(Registry::urlText(to));
    } else if (to.path() == from.path() + u'/') {
        cause = u"The upload URL lacks its trailing slash: use %1."_s.arg(Registry::urlText(to));
    } else if (to.path().endsWith(u"/legacy/"_s) && !from.path().contains(u"/legacy"_s)) {
        cause = u"The upload URL lacks /legacy/ (PyPI-style registries take uploads there): use %1."_s.arg(
            Registry::urlText(to));
    } else if (to.host() != from.host()) {
        cause = u"The registry sends uploads to another host (%1). If that is right, make it the upload URL."_s.arg(
            to.host());
    } else {
        cause = u"If %1 is the right upload URL, configure it instead."_s.arg(Registry::urlText(to));
    }
    return u"The registry answered %1 and redirects the upload to %2. Slipway never re-sends an upload (and your "
           u"credential) to another address on its own. %3"_s.arg(status)
        .arg(Registry::urlText(to), cause);
}

Interpretation interpretAnswer(const HttpAnswer &answer, const QString &serverText, const QUrl &uploadUrl,
                               const QString &filename)
{
    using Code = UploadError::Code;
    Interpretation result;
    const int status = answer.status;
    const QString said = quotedServer(serverText);
    const QString lower = serverText.toLower();
    result.retryAfterSeconds = parseRetryAfter(answer.retryAfter);
    auto fatal = [&result](UploadError e) {
        result.kind = AnswerKind::Fatal;
        result.error = std::move(e);
        return result;
    };

    if (status >= 200 && status < 300) {
        result.kind = AnswerKind::Success;
        return result;
    }
    if (status >= 300 && status < 400) {
        return fatal(error(Code::Redirect, explainRedirect(status, uploadUrl, answer.location), serverText, status));
    }
    if (status == 429) {
        result.kind = AnswerKind::Retry;
        result.error = error(Code::RateLimited,
                             u"The registry is rate-limiting uploads (429 Too Many Requests)."_s + said, serverText,
                             status);
        if (lower.contains(u"too many new projects"_s)) {
            // Warehouse's limit on creating projects lasts far longer than a retry loop.
            return fatal(error(Code::RateLimited,
                               u"The registry refuses to create more new projects for this account for now; wait "
                               u"(hours, on PyPI) before uploading a new project."_s + said,
                               serverText, status));
        }
        return result;
    }
    if (status >= 500) {
        result.kind = AnswerKind::Retry;
        result.error = error(Code::ServerError,
                             u"The registry failed with %1 while taking %2; this is its fault, not the file's."_s.arg(
                                 status)
                                     .arg(filename)
                                 + said,
                             serverText, status);
        return result;
    }

    // 4xx: never retried. Specific texts first: the status code alone is ambiguous.
    if (lower.contains(u"previously used"_s)) {
        return fatal(error(Code::FilenameReused,
                           u"%1 was uploaded before and then deleted; PyPI never accepts a filename twice, even after "
                           u"deletion. Only a new version helps: bump the version (a post-release such as 1.0.post1 "
                           u"works) and build again."_s.arg(filename)
                               + said,
                           serverText, status));
    }
    const bool exists = status == 409 || lower.contains(u"already exist"_s) || lower.contains(u"already been taken"_s)
        || lower.contains(u"overwrite"_s);
    if (exists && !lower.contains(u"name '"_s)) {
        result.kind = AnswerKind::Exists;
        result.error = error(Code::FileExists,
                             u"The registry already holds a file named %1, and a file can never be replaced. If it "
                             u"is a different build, only a new version helps: bump the version and build again."_s.arg(
                                 filename)
                                 + said,
                             serverText, status);
        return result;
    }
    if (status == 413 || lower.contains(u"too large"_s) || lower.contains(u"file size limit"_s)) {
        return fatal(error(Code::TooLarge,
                           u"%1 is larger than the registry accepts. On PyPI, ask for a larger limit for the project "
                           u"(https://docs.pypi.org/project-management/storage-limits), or make the file smaller."_s
                                   .arg(filename)
                               + said,
                           serverText, status));
    }
    if (status == 401) {
        return fatal(error(Code::Authentication,
                           u"The registry wants credentials it did not get or did not accept (401). Store the token "
                           u"with `slipway registry login NAME`, or set TWINE_USERNAME/TWINE_PASSWORD; for "
                           u"Artifactory tokens leave the username empty."_s
                               + said,
                           serverText, status));
    }
    if (status == 403) {
        QString advice;
        if (lower.contains(u"username/password authentication is no longer supported"_s)) {
            advice = u"PyPI accepts only API tokens: use the username __token__ and a token starting with pypi- as "
                     u"the password."_s;
        } else if (lower.contains(u"invalid api token"_s) || lower.contains(u"isn't allowed to upload to project"_s)
                   || lower.contains(u"not valid for project"_s)) {
            advice = u"The token is valid but may not upload this project (it is scoped to another project, or it "
                     u"expired). Create a token for this project, or an account-wide one for a project's first "
                     u"upload."_s;
        } else if (lower.contains(u"two-factor"_s) || lower.contains(u"verified primary email"_s)) {
            advice = u"The account behind the token must have a verified e-mail address and two-factor "
                     u"authentication before it can upload."_s;
        } else if (lower.contains(u"read-only"_s) || lower.contains(u"temporarily disabled"_s)) {
            advice = u"The registry does not accept uploads right now; try again later."_s;
        } else {
            advice = u"The credential was refused: the token is wrong, revoked, or lacks upload permission. Check it "
                     u"with `slipway registry verify NAME`, then store a new one with `slipway registry login NAME`."_s;
        }
        return fatal(error(Code::Authentication, u"The registry refused the upload (403). "_s + advice + said,
                           serverText, status));
    }
    if (status == 405) {
        return fatal(error(Code::WrongUrl,
                           u"The server does not take uploads at %1 (405 Method Not Allowed). This looks like the "
                           u"simple-index URL, not the upload URL: for PyPI the upload URL is "
                           u"https://upload.pypi.org/legacy/, for TestPyPI https://test.pypi.org/legacy/."_s.arg(
                               Registry::urlText(uploadUrl))
                               + said,
                           serverText, status));
    }
    if (status == 404 || status == 410) {
        return fatal(error(Code::WrongUrl,
                           u"There is no upload endpoint at %1 (%2). Check the registry's upload URL (PyPI: "
                           u"https://upload.pypi.org/legacy/); on GitLab a 404 also means the token cannot see the "
                           u"project."_s.arg(Registry::urlText(uploadUrl))
                                   .arg(status)
                               + said,
                           serverText, status));
    }
    if (lower.contains(u"isn't allowed"_s) || lower.contains(u"too similar"_s)
        || (lower.contains(u"the name '"_s) && lower.contains(u"invalid"_s)) || lower.contains(u"standard library"_s)) {
        return fatal(error(Code::NameNotAllowed,
                           u"The registry does not allow this project name; choose another one (rename the project "
                           u"in pyproject.toml and build again)."_s
                               + said,
                           serverText, status));
    }
    static const QStringList metadataMarkers{
        u"is invalid for"_s,       u"is not a valid"_s,       u"invalid value for"_s, u"is a required field"_s,
        u"failed to render"_s,     u"classifier"_s,           u"metadata"_s,          u"invalid distribution"_s,
        u"invalid wheel"_s,        u"invalid source"_s,       u"filename"_s,          u"local version"_s,
        u"license"_s,              u"should contain"_s,       u"start filename"_s,    u"version in filename"_s,
        u"platform tag"_s,         u"digest"_s,               u"only one sdist"_s,    u"invalid file extension"_s,
        u"has invalid data"_s,     u"older than"_s,
    };
    if (std::any_of(metadataMarkers.cbegin(), metadataMarkers.cend(),
                    [&lower](const QString &marker) { return lower.contains(marker); })) {
        return fatal(error(Code::InvalidMetadata,
                           u"The registry refused %1 because of its metadata or contents (%2). Fix what it names, "
                           u"build again, and run `slipway check` on the result."_s.arg(filename)
                                   .arg(status)
                               + said,
                           serverText, status));
    }
    return fatal(error(Code::Rejected,
                       u"The registry refused %1 with %2."_s.arg(filename).arg(status)
                           + (said.isEmpty() ? u" It gave no reason."_s : said),
                       serverText, status));
}

} // namespace Upload
