// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/verifier.h"

#include <QHttpMultiPart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>

#include "core/registry/transport.h"

namespace Registry {

namespace {

using namespace Qt::StringLiterals;

constexpr qint64 maximumBody = 64 * 1024;

QString clean(const QString &text, qsizetype limit = 300)
{
    QString result;
    for (const QChar c : text) {
        result += (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format) ? u' ' : c;
    }
    result = result.simplified();
    if (result.size() > limit) {
        result = result.left(limit) + u'…';
    }
    return result;
}

bool isGenericReason(const QString &reason)
{
    static const QStringList generic{u"OK"_s,        u"Created"_s,    u"Bad Request"_s,           u"Unauthorized"_s,
                                     u"Forbidden"_s, u"Not Found"_s,  u"Method Not Allowed"_s,    u"Gone"_s,
                                     u"Conflict"_s,  u"Found"_s,      u"Unprocessable Entity"_s,  u"Moved Permanently"_s,
                                     u"See Other"_s, u"Bad Gateway"_s, u"Internal Server Error"_s, u"Permanent Redirect"_s,
                                     u"Temporary Redirect"_s, u"Service Unavailable"_s, u"Gateway Timeout"_s};
    return reason.isEmpty() || generic.contains(reason, Qt::CaseInsensitive);
}

// What the server said: Warehouse puts its message in the reason phrase; GitLab, Nexus and
// others in a JSON or HTML body.
QString serverMessage(const QString &reason, const QByteArray &body)
{
    if (!isGenericReason(reason)) {
        return clean(reason);
    }
    QString fromBody;
    const QJsonDocument json = QJsonDocument::fromJson(body);
    if (json.isObject()) {
        const QJsonObject object = json.object();
        for (const QString &key : {u"message"_s, u"detail"_s, u"error"_s, u"errors"_s}) {
            const QJsonValue value = object.value(key);
            if (value.isString()) {
                fromBody = value.toString();
            } else if (value.isArray() || value.isObject()) {
                fromBody = QString::fromUtf8(value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                                             : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
            }
            if (!fromBody.isEmpty()) {
                break;
            }
        }
    } else if (!body.isEmpty()) {
        static const QRegularExpression tags(u"<[^>]*>"_s);
        fromBody = QString::fromUtf8(body).remove(tags);
    }
    fromBody = clean(fromBody);
    if (fromBody.isEmpty()) {
        return reason;
    }
    return reason.isEmpty() ? fromBody : reason + u": "_s + fromBody;
}

QString withServer(const QString &message, int status, const QString &server)
{
    return server.isEmpty() ? u"%1 (HTTP %2)"_s.arg(message).arg(status)
                            : u"%1 (HTTP %2: %3)"_s.arg(message).arg(status).arg(server);
}

} // namespace

QString verifySupport(Kind kind)
{
    switch (kind) {
    case Kind::PyPI:
    case Kind::TestPyPI:
        return u"Slipway sends an upload request without a file. PyPI checks the token first: 403 means it is "
               u"wrong, expired or deleted; 400 means PyPI accepted it and refused only the empty upload. A "
               u"project-scoped token is checked against the project only at upload time."_s;
    case Kind::GitLab:
        return u"Slipway sends an upload request without a file. GitLab checks the credential first: 401 or 403 "
               u"means it was refused; 400 means it was accepted. GitLab answers 404 when the credential cannot "
               u"see a private project, so 404 may also mean a refused credential."_s;
    case Kind::CodeArtifact:
        return u"Slipway sends an upload request without a file: 401 or 403 means the authorization token was "
               u"refused (they expire after at most 12 hours; get a new one with `aws codeartifact "
               u"get-authorization-token`); 400 means it was accepted."_s;
    case Kind::Nexus:
    case Kind::Artifactory:
    case Kind::Custom:
        break;
    }
    return u"Slipway sends an upload request without a file: 401 or 403 means the credential was refused, 400 or "
           u"422 that it was accepted. Other answers are reported as inconclusive; this is the behaviour of "
           u"pypiserver, devpi, Nexus and Artifactory as far as known, not confirmed against every version."_s;
}

VerifyResult classifyVerifyResponse(const Registry &registry, int status, const QString &message,
                                    const QString &location)
{
    VerifyResult result;
    result.status = status;
    result.serverMessage = message;
    const QString where = urlText(registry.uploadUrl);
    if (status == 400 || status == 422) {
        result.outcome = VerifyResult::Outcome::Accepted;
        result.message = withServer(u"The credential was accepted: %1 refused only the empty upload"_s.arg(where),
                                    status, message);
        if (registry.kind == Kind::PyPI || registry.kind == Kind::TestPyPI) {
            result.message += u". The token is valid; whether it may upload a given project is checked at upload "
                              u"time."_s;
        }
        return result;
    }
    if (status == 401 || status == 403) {
        result.outcome = VerifyResult::Outcome::Rejected;
        result.message = withServer(u"%1 refused the credential"_s.arg(where), status, message);
        if (message.contains(u"Username/Password authentication is no longer supported"_s)) {
            result.message += u". PyPI accepts only API tokens, with the username __token__."_s;
        } else if (registry.kind == Kind::Artifactory && !registry.username.isEmpty()
                   && registry.username == u"__token__") {
            result.message += u". Artifactory expects an empty username with an access token."_s;
        } else {
            result.message += u": check the username and log in again with `slipway registry login %1`."_s.arg(
                registry.name);
        }
        return result;
    }
    if (status >= 300 && status < 400) {
        result.outcome = VerifyResult::Outcome::WrongUrl;
        const QUrl target = registry.uploadUrl.resolved(QUrl(location));
        const bool slash = target.path() == registry.uploadUrl.path() + u'/';
        result.message = withServer(
            u"%1 redirects to %2%3; Slipway never follows a redirect with a credential. Fix the upload URL"_s.arg(
                where, location.isEmpty() ? u"another address"_s : urlText(target),
                slash ? u" (the upload URL is missing its trailing slash)"_s : QString()),
            status, message);
        return result;
    }
    if (status == 404) {
        result.outcome = VerifyResult::Outcome::WrongUrl;
        result.message = withServer(registry.kind == Kind::GitLab
                                        ? u"%1 was not found: the project ID is wrong, or the credential cannot see "
                                          u"this private project (GitLab answers 404 then)"_s.arg(where)
                                        : u"%1 was not found: check the upload URL"_s.arg(where),
                                    status, message);
        return result;
    }
    if (status == 405) {
        result.outcome = VerifyResult::Outcome::WrongUrl;
        result.message = withServer(
            u"%1 does not take uploads: is it the simple index URL instead of the upload URL?"_s.arg(where), status,
            message);
        return result;
    }
    if (status == 410) {
        result.outcome = VerifyResult::Outcome::WrongUrl;
        result.message = withServer(u"%1 no longer takes uploads (for PyPI use https://upload.pypi.org/legacy/)"_s.arg(
                                        where),
                                    status, message);
        return result;
    }
    result.outcome = VerifyResult::Outcome::Inconclusive;
    if (status >= 200 && status < 300) {
        result.message = withServer(u"%1 accepted an upload request without a file, which says nothing about the "
                                    u"credential; it does not behave like a PyPI upload endpoint"_s.arg(where),
                                    status, message);
    } else if (status >= 500) {
        result.message = withServer(u"%1 failed on its side; try again later"_s.arg(where), status, message);
    } else {
        result.message = withServer(u"%1 gave an answer that says nothing about the credential"_s.arg(where), status,
                                    message);
    }
    return result;
}

CredentialVerifier::CredentialVerifier(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{
}

void CredentialVerifier::verify(const Registry &registry, const Credential &credential, QObject *context,
                                Callback callback)
{
    Q_ASSERT(context != nullptr);
    QNetworkRequest request(registry.uploadUrl);
    if (auto prepared = prepareRequest(request, registry, credential); !prepared) {
        const QString message = prepared.error().message;
        QTimer::singleShot(0, context, [callback, message] {
            callback(VerifyResult{VerifyResult::Outcome::Failed, 0, {}, message});
        });
        return;
    }
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("slipway/" SLIPWAY_VERSION " (credential check)"));
    request.setTransferTimeout(static_cast<int>(m_timeout.count()));

    auto *guard = new QObject(context);
    auto *form = new QHttpMultiPart(QHttpMultiPart::FormDataType, guard);
    for (const auto &[name, value] : {std::pair{":action", "file_upload"}, std::pair{"protocol_version", "1"}}) {
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader,
                       QStringLiteral("form-data; name=\"%1\"").arg(QLatin1StringView(name)));
        part.setBody(value);
        form->append(part);
    }
    QNetworkReply *reply = m_network->post(request, form);
    reply->setParent(guard);
    const auto limit = m_timeout;
    connect(reply, &QNetworkReply::finished, guard, [guard, reply, registry, credential, callback, limit] {
        guard->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0) {
            const QString reason = reply->error() == QNetworkReply::OperationCanceledError
                                       ? u"no answer within %1 seconds"_s.arg(limit.count() / 1000)
                                       : redact(reply->errorString(), credential);
            callback(VerifyResult{VerifyResult::Outcome::Failed, 0, {},
                                  u"Could not reach %1: %2."_s.arg(urlText(registry.uploadUrl), reason)});
            return;
        }
        // Redacted before and after cleaning: some servers echo what they were sent.
        const QString reason = redact(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(), credential);
        const QByteArray body = redact(QString::fromUtf8(reply->read(maximumBody)), credential).toUtf8();
        const QString message = redact(serverMessage(reason, body), credential);
        const QString location = QString::fromUtf8(reply->rawHeader("Location"));
        callback(classifyVerifyResponse(registry, status, message, location));
    });
}

} // namespace Registry
