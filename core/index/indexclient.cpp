// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/index/indexclient.h"

#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>

#include "core/index/jsonapi.h"
#include "core/index/simpleapi.h"
#include "core/util/loopback.h"

namespace Index {

namespace {

QString urlText(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveFragment);
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(a.scheme() == QLatin1String("https") ? 443 : 80) == b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

} // namespace

// --- IndexReply ---------------------------------------------------------------------------

IndexReply::IndexReply(QNetworkAccessManager *network, const QUrl &url, QByteArray accept, RequestOptions options,
                       QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_requestedUrl(url)
    , m_url(url)
    , m_accept(std::move(accept))
    , m_options(std::move(options))
{
}

IndexReply::~IndexReply()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

const IndexError &IndexReply::error() const
{
    static const IndexError none;
    return m_error ? *m_error : none;
}

void IndexReply::failEarly(const IndexError &error)
{
    m_error = error;
}

IndexError IndexReply::errorFor(const QString &message, IndexError::Code code) const
{
    IndexError error;
    error.code = code;
    error.message = message;
    error.url = m_url;
    error.httpStatus = m_httpStatus;
    return error;
}

void IndexReply::abort()
{
    if (m_finished || m_aborted) {
        return;
    }
    m_aborted = true;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    QMetaObject::invokeMethod(
        this,
        [this] {
            finish(errorFor(QStringLiteral("Reading %1 was canceled.").arg(urlText(m_url)), IndexError::Code::Canceled));
        },
        Qt::QueuedConnection);
}

void IndexReply::start()
{
    if (m_finished || m_aborted || m_started) {
        return;
    }
    m_started = true;
    if (m_error) {
        finish(m_error);
        return;
    }
    const QString scheme = m_url.scheme().toLower();
    if (!m_url.isValid() || (scheme != QLatin1String("https") && scheme != QLatin1String("http")) || m_url.host().isEmpty()) {
        finish(errorFor(QStringLiteral("'%1' is not an http(s) URL of an index.").arg(urlText(m_url)),
                        IndexError::Code::InvalidRequest));
        return;
    }
    sendRequest();
}

void IndexReply::sendRequest()
{
    const bool https = m_url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
    const bool sendCredentials = !m_options.username.isEmpty() && sameOrigin(m_url, m_requestedUrl);
    if (sendCredentials && !https && !Util::isLoopbackHost(m_url.host())) {
        finish(errorFor(QStringLiteral("Slipway does not send credentials over plain http to %1; use an https URL for "
                                       "this index.")
                            .arg(m_url.host()),
                        IndexError::Code::InsecureRequest));
        return;
    }
    if (!m_network) {
        finish(errorFor(QStringLiteral("The index client is gone."), IndexError::Code::Canceled));
        return;
    }
    QNetworkRequest request(m_url);
    request.setRawHeader("Accept", m_accept);
    request.setRawHeader("User-Agent", m_userAgent);
    // "Is my file there now?" must not be answered from a cache.
    request.setRawHeader("Cache-Control", "max-age=0");
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_options.timeoutMs);
    if (sendCredentials) {
        request.setRawHeader("Authorization",
                             "Basic " + (m_options.username + QLatin1Char(':') + m_options.password).toUtf8().toBase64());
    }
    if (https) {
        const auto configuration = sslConfiguration(m_options.tls);
        if (!configuration) {
            IndexError error = configuration.error();
            error.url = m_url;
            finish(error);
            return;
        }
        request.setSslConfiguration(*configuration);
    }
    m_body.clear();
    m_sslErrors.clear();
    m_httpStatus = 0;
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::readyRead, this, &IndexReply::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &IndexReply::onFinished);
    connect(m_reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &error : errors) {
            m_sslErrors.append(error.errorString());
        }
    });
}

void IndexReply::onReadyRead()
{
    if (!m_reply || m_tooLarge) {
        return;
    }
    m_body += m_reply->readAll();
    if (m_body.size() > SimpleApi::maxPageSize) {
        m_tooLarge = true;
        m_body.clear();
        m_reply->abort();
    }
}

void IndexReply::onFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply) {
        return;
    }
    reply->deleteLater();
    if (m_finished) {
        return;
    }
    if (m_tooLarge) {
        finish(errorFor(QStringLiteral("The answer from %1 is larger than %2 MiB; Slipway does not read it.")
                            .arg(urlText(m_url))
                            .arg(SimpleApi::maxPageSize / (1024 * 1024)),
                        IndexError::Code::ResponseTooLarge));
        return;
    }
    if (reply->isOpen()) {
        m_body += reply->readAll();
    }
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid()) {
        switch (reply->error()) {
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            finish(errorFor(QStringLiteral("The index at %1 did not answer within %2 seconds.")
                                .arg(urlText(m_url))
                                .arg(m_options.timeoutMs / 1000.0),
                            IndexError::Code::Timeout));
            return;
        case QNetworkReply::SslHandshakeFailedError:
            finish(errorFor(QStringLiteral("The TLS connection to %1 failed: %2. If the index uses a private certificate "
                                           "authority, set a CA bundle for this registry.")
                                .arg(m_url.host(),
                                     m_sslErrors.isEmpty() ? reply->errorString() : m_sslErrors.join(QStringLiteral("; "))),
                            IndexError::Code::Tls));
            return;
        default:
            finish(errorFor(QStringLiteral("Cannot reach the index at %1: %2.").arg(urlText(m_url), reply->errorString()),
                            IndexError::Code::Network));
            return;
        }
    }
    m_httpStatus = status.toInt();
    const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    const QString statusText = reason.isEmpty() ? QString::number(m_httpStatus)
                                                : QStringLiteral("%1 %2").arg(m_httpStatus).arg(reason.left(200));
    if (isRedirect(m_httpStatus)) {
        const QByteArray location = reply->rawHeader("Location");
        const QUrl target = m_url.resolved(QUrl::fromEncoded(location));
        if (location.isEmpty() || !target.isValid()) {
            finish(errorFor(QStringLiteral("The index at %1 answered %2 without a usable Location.").arg(urlText(m_url), statusText),
                            IndexError::Code::InvalidResponse));
            return;
        }
        if (m_redirects.size() >= m_options.maxRedirects) {
            finish(errorFor(QStringLiteral("The index at %1 redirected more than %2 times.")
                                .arg(urlText(m_requestedUrl))
                                .arg(m_options.maxRedirects),
                            IndexError::Code::TooManyRedirects));
            return;
        }
        const QString targetScheme = target.scheme().toLower();
        if (targetScheme != QLatin1String("https") && targetScheme != QLatin1String("http")) {
            finish(errorFor(QStringLiteral("The index at %1 redirected to a non-http URL.").arg(urlText(m_url)),
                            IndexError::Code::InvalidResponse));
            return;
        }
        if (m_url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 && targetScheme == QLatin1String("http")) {
            finish(errorFor(QStringLiteral("The index at %1 redirected from https to plain http (%2); Slipway does not "
                                           "follow that.")
                                .arg(urlText(m_url), urlText(target)),
                            IndexError::Code::InsecureRequest));
            return;
        }
        m_redirects.append(Redirect{m_httpStatus, m_url, target});
        m_url = target;
        sendRequest();
        return;
    }
    if (m_httpStatus == 404 && acceptNotFound()) {
        finish(std::nullopt);
        return;
    }
    if (m_httpStatus >= 200 && m_httpStatus < 300) {
        finish(parse(m_body, reply->header(QNetworkRequest::ContentTypeHeader).toString().toLatin1()));
        return;
    }
    if (m_httpStatus == 401 || m_httpStatus == 403) {
        const QString message = m_options.username.isEmpty()
            ? QStringLiteral("The index at %1 needs credentials (%2).").arg(urlText(m_url), statusText)
            : QStringLiteral("The index at %1 refused the credentials (%2). Check the username and token for this "
                             "registry.")
                  .arg(urlText(m_url), statusText);
        finish(errorFor(message, IndexError::Code::Authentication));
        return;
    }
    IndexError error = errorFor(QStringLiteral("The index at %1 answered %2.").arg(urlText(m_url), statusText),
                                IndexError::Code::HttpStatus);
    if (m_httpStatus == 404) {
        error.message += QStringLiteral(" Check the index URL (a Simple API URL usually ends in /simple/).");
    }
    if (m_httpStatus == 429 || m_httpStatus >= 500) {
        bool ok = false;
        const int seconds = reply->rawHeader("Retry-After").trimmed().toInt(&ok);
        if (ok && seconds >= 0) {
            error.retryAfterSeconds = seconds;
        }
    }
    finish(error);
}

void IndexReply::finish(std::optional<IndexError> error)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    if (error && error->url.isEmpty()) {
        error->url = m_url;
    }
    m_error = std::move(error);
    m_body.clear();
    Q_EMIT finished();
    if (m_autoDelete) {
        deleteLater();
    }
}

// --- Replies ------------------------------------------------------------------------------

ProjectPageReply::ProjectPageReply(QNetworkAccessManager *network, const QUrl &url, const QString &project,
                                   RequestOptions options, QObject *parent)
    : IndexReply(network, url, SimpleApi::acceptHeader(), std::move(options), parent)
    , m_project(project)
{
}

std::optional<IndexError> ProjectPageReply::parse(const QByteArray &body, const QByteArray &contentType)
{
    auto page = SimpleApi::parseProjectPage(body, contentType, finalUrl());
    if (!page) {
        return page.error();
    }
    m_page = std::move(*page);
    if (m_page.name.isEmpty()) {
        m_page.name = m_project;
    }
    return std::nullopt;
}

bool ProjectPageReply::acceptNotFound()
{
    m_page = {};
    m_page.found = false;
    m_page.name = m_project;
    return true;
}

ProjectListReply::ProjectListReply(QNetworkAccessManager *network, const QUrl &url, RequestOptions options,
                                   QObject *parent)
    : IndexReply(network, url, SimpleApi::acceptHeader(), std::move(options), parent)
{
}

std::optional<IndexError> ProjectListReply::parse(const QByteArray &body, const QByteArray &contentType)
{
    auto list = SimpleApi::parseProjectList(body, contentType, finalUrl());
    if (!list) {
        return list.error();
    }
    m_list = std::move(*list);
    return std::nullopt;
}

ReleasesReply::ReleasesReply(QNetworkAccessManager *network, const QUrl &url, RequestOptions options, QObject *parent)
    : IndexReply(network, url, QByteArrayLiteral("application/json"), std::move(options), parent)
{
}

std::optional<IndexError> ReleasesReply::parse(const QByteArray &body, const QByteArray &)
{
    auto releases = JsonApi::parseProject(body, finalUrl());
    if (!releases) {
        return releases.error();
    }
    m_releases = std::move(*releases);
    return std::nullopt;
}

// --- IndexClient --------------------------------------------------------------------------

IndexClient::IndexClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_userAgent(QByteArrayLiteral("slipway/" SLIPWAY_VERSION))
{
    // Redirects are followed by hand, so they can be reported and checked.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

IndexClient::~IndexClient() = default;

QNetworkAccessManager *IndexClient::networkFor(const TlsOptions &tls)
{
    if (tls.isEmpty()) {
        return m_network;
    }
    const QString key = tls.caBundlePath + QLatin1Char('\n') + tls.clientCertificatePath;
    QNetworkAccessManager *&network = m_tlsNetworks[key];
    if (!network) {
        network = new QNetworkAccessManager(this);
        network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    return network;
}

void IndexClient::prepare(IndexReply *reply, const QUrl &url, const QString &what)
{
    reply->m_userAgent = m_userAgent;
    if (!url.isValid()) {
        IndexError error;
        error.code = IndexError::Code::InvalidRequest;
        error.message = what;
        reply->failEarly(error);
    }
    QMetaObject::invokeMethod(reply, &IndexReply::start, Qt::QueuedConnection);
}

ProjectPageReply *IndexClient::fetchProjectPage(const QUrl &simpleIndexUrl, const QString &project,
                                                const RequestOptions &options)
{
    const QUrl url = SimpleApi::projectUrl(simpleIndexUrl, project);
    auto *reply = new ProjectPageReply(networkFor(options.tls), url.isValid() ? url : simpleIndexUrl, project, options, this);
    prepare(reply, url,
            QStringLiteral("Cannot read project '%1' from %2: the project name or the index URL is invalid.")
                .arg(project.left(100), urlText(simpleIndexUrl)));
    return reply;
}

ProjectListReply *IndexClient::fetchProjectList(const QUrl &simpleIndexUrl, const RequestOptions &options)
{
    auto *reply = new ProjectListReply(networkFor(options.tls), simpleIndexUrl, options, this);
    prepare(reply, simpleIndexUrl, QStringLiteral("'%1' is not a valid index URL.").arg(urlText(simpleIndexUrl)));
    return reply;
}

ReleasesReply *IndexClient::fetchReleases(const QUrl &base, const QString &project, const QString &version,
                                          const RequestOptions &options)
{
    const QUrl url = JsonApi::projectUrl(base, project, version);
    auto *reply = new ReleasesReply(networkFor(options.tls), url.isValid() ? url : base, options, this);
    prepare(reply, url,
            QStringLiteral("Cannot read project '%1' from %2: the project name or the URL is invalid.")
                .arg(project.left(100), urlText(base)));
    return reply;
}

} // namespace Index
