// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

#include "core/index/indextypes.h"
#include "core/index/tlsconfig.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace Index {

/// How to reach an index for one request.
struct RequestOptions {
    QString username;         ///< HTTP Basic user; empty: no credentials are sent
    QString password;         ///< never logged, never in messages
    TlsOptions tls;
    int timeoutMs = 30000;    ///< a request that transfers nothing for this long fails with Timeout
    int maxRedirects = 10;
};

/**
 * One read from an index in flight. Created by IndexClient (which owns it), started on the
 * next event-loop turn so callers can connect first, and emits finished() exactly once. After
 * that it deletes itself unless setAutoDelete(false) was called, so read its results in the
 * slot connected to finished().
 *
 * Redirects of these GETs are followed (up to RequestOptions::maxRedirects) and reported in
 * redirects(); credentials are dropped when a redirect leaves the original scheme, host and
 * port, and a redirect from https to http is refused.
 */
class IndexReply : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IndexReply)

public:
    ~IndexReply() override;

    [[nodiscard]] bool isFinished() const { return m_finished; }
    [[nodiscard]] bool hasError() const { return m_error.has_value(); }
    /// Valid when hasError().
    [[nodiscard]] const IndexError &error() const;
    [[nodiscard]] QUrl requestedUrl() const { return m_requestedUrl; }
    [[nodiscard]] QUrl finalUrl() const { return m_url; }
    [[nodiscard]] const QList<Redirect> &redirects() const { return m_redirects; }
    /// The status of the last answer; 0 when none came.
    [[nodiscard]] int httpStatus() const { return m_httpStatus; }

    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }
    /// Stops the request; finished() follows with Code::Canceled. No-op once finished.
    void abort();

Q_SIGNALS:
    void finished();

protected:
    IndexReply(QNetworkAccessManager *network, const QUrl &url, QByteArray accept, RequestOptions options,
               QObject *parent);

    /// Parses a 2xx body; returns the error that makes it unusable, if any.
    virtual std::optional<IndexError> parse(const QByteArray &body, const QByteArray &contentType) = 0;
    /// A 404: true when that is a valid, empty answer (a project that does not exist).
    virtual bool acceptNotFound() { return false; }

    /// Finishes at once with this error (queued), e.g. for an invalid request.
    void failEarly(const IndexError &error);

private:
    friend class IndexClient;

    void start();
    void sendRequest();
    void onReadyRead();
    void onFinished();
    void finish(std::optional<IndexError> error);
    IndexError errorFor(const QString &message, IndexError::Code code) const;

    QPointer<QNetworkAccessManager> m_network;
    QPointer<QNetworkReply> m_reply;
    QUrl m_requestedUrl;
    QUrl m_url;
    QByteArray m_accept;
    QByteArray m_userAgent;
    RequestOptions m_options;
    QList<Redirect> m_redirects;
    QByteArray m_body;
    QStringList m_sslErrors;
    std::optional<IndexError> m_error;
    int m_httpStatus = 0;
    bool m_finished = false;
    bool m_aborted = false;
    bool m_tooLarge = false;
    bool m_autoDelete = true;
    bool m_started = false;
};

/// A project's Simple API page (PEP 691 JSON preferred, PEP 503 HTML accepted).
class ProjectPageReply final : public IndexReply
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectPageReply)

public:
    /// found == false when the index answered 404.
    [[nodiscard]] const ProjectPage &page() const { return m_page; }

private:
    friend class IndexClient;
    ProjectPageReply(QNetworkAccessManager *network, const QUrl &url, const QString &project, RequestOptions options,
                     QObject *parent);
    std::optional<IndexError> parse(const QByteArray &body, const QByteArray &contentType) override;
    bool acceptNotFound() override;

    QString m_project;
    ProjectPage m_page;
};

/// The Simple API root page: the projects an index holds.
class ProjectListReply final : public IndexReply
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectListReply)

public:
    [[nodiscard]] const ProjectList &list() const { return m_list; }

private:
    friend class IndexClient;
    ProjectListReply(QNetworkAccessManager *network, const QUrl &url, RequestOptions options, QObject *parent);
    std::optional<IndexError> parse(const QByteArray &body, const QByteArray &contentType) override;

    ProjectList m_list;
};

/// The PyPI JSON API document of a project (or of one of its versions).
class ReleasesReply final : public IndexReply
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReleasesReply)

public:
    /// found == false when the index answered 404.
    [[nodiscard]] const ProjectReleases &releases() const { return m_releases; }

private:
    friend class IndexClient;
    ReleasesReply(QNetworkAccessManager *network, const QUrl &url, RequestOptions options, QObject *parent);
    std::optional<IndexError> parse(const QByteArray &body, const QByteArray &contentType) override;
    bool acceptNotFound() override { return true; }

    ProjectReleases m_releases;
};

/**
 * Reads package indexes: the Simple API (PEP 503/691) and the PyPI JSON API. Owns its
 * QNetworkAccessManager (one more per distinct TLS setting: Qt keeps a connection per host and
 * ignores the TLS configuration of later requests on it); every fetch returns a reply object
 * (owned by the client, deleting itself after finished() unless told otherwise). Lives in one thread (the one that created
 * it); all work is asynchronous. Caches are bypassed (Cache-Control: max-age=0) because
 * callers ask "is my file there now?".
 */
class IndexClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IndexClient)

public:
    explicit IndexClient(QObject *parent = nullptr);
    ~IndexClient() override;

    /// GET <simpleIndexUrl>/<normalized project>/ with PEP 691 content negotiation.
    ProjectPageReply *fetchProjectPage(const QUrl &simpleIndexUrl, const QString &project,
                                       const RequestOptions &options = {});
    /// GET <simpleIndexUrl>.
    ProjectListReply *fetchProjectList(const QUrl &simpleIndexUrl, const RequestOptions &options = {});
    /// GET <base>pypi/<normalized project>/json (or .../<version>/json); `base` is the site
    /// root, see JsonApi::baseFromSimpleIndex.
    ReleasesReply *fetchReleases(const QUrl &base, const QString &project, const QString &version = {},
                                 const RequestOptions &options = {});

    /// "slipway/<version>" unless changed.
    void setUserAgent(const QByteArray &userAgent) { m_userAgent = userAgent; }
    [[nodiscard]] QByteArray userAgent() const { return m_userAgent; }

private:
    void prepare(IndexReply *reply, const QUrl &url, const QString &what);
    QNetworkAccessManager *networkFor(const TlsOptions &tls);

    QNetworkAccessManager *m_network = nullptr;
    // Qt reuses a connection per host whatever TLS configuration a later request carries, so
    // requests with their own CA bundle or client certificate get a manager of their own.
    QHash<QString, QNetworkAccessManager *> m_tlsNetworks;
    QByteArray m_userAgent;
};

} // namespace Index
