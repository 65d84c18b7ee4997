// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QUrl>

#include <algorithm>
#include <expected>
#include <memory>
#include <optional>
#include <utility>

#include "tests/support/registryserverhttp.h"

class QSslCertificate;
class QSslKey;
class QTcpServer;

namespace TestSupport {

/// Whose upload API the server imitates. The read side (Simple API, JSON API) is the same.
enum class RegistryFlavor {
    Warehouse,  ///< PyPI: 200 on success, errors as "400 <message>" in reason phrase and body
    GitLab,     ///< 201 + JSON on success, 400 "File name has already been taken", 401 JSON
    PypiServer, ///< pypiserver: 409 on an existing file (400 when the User-Agent says twine)
};

/**
 * One fault to inject, described as a value and handed to RegistryServer::injectFault().
 * A fault matches requests of its target; each match uses up one of `remaining` (-1: until
 * cleared). Delay and ThrottleRead combine with whatever else applies; of the others the
 * first matching fault in injection order decides the answer.
 */
struct RegistryFault {
    enum class Kind {
        DropMidBody,    ///< reset the connection after `afterBodyBytes` bytes of body (-1: half)
        DropAfterStore, ///< handle the request normally (an upload is stored), then close unanswered
        Status,         ///< answer `httpStatus` (after reading the body), store nothing
        Redirect,       ///< answer `httpStatus` (301/302/307/308) with Location: `location`
        Delay,          ///< wait `delayMs` before answering
        ThrottleRead,   ///< read the request body at most `bytesPerSecond`
    };
    enum class Target {
        Upload,      ///< POST to the upload endpoint
        SimpleIndex, ///< GET /simple/...
        JsonApi,     ///< GET /pypi/<name>/json
        Files,       ///< GET /files/...
        Any,
    };

    Kind kind = Kind::Status;
    Target target = Target::Upload;
    int remaining = 1;
    int httpStatus = 500;
    QByteArray reason;        ///< reason phrase; empty: the standard one
    QByteArray body;          ///< response body; empty: the reason phrase
    int retryAfterSeconds = -1;
    QString location;         ///< for Redirect: an absolute URL or a path on this server
    int delayMs = 0;
    qint64 bytesPerSecond = 0;
    qint64 afterBodyBytes = -1;

    static RegistryFault dropMidBody(qint64 afterBodyBytes = -1);
    static RegistryFault dropAfterStore();
    static RegistryFault status(int httpStatus, const QByteArray &reason = {}, const QByteArray &body = {});
    static RegistryFault serverError();                          ///< 500
    static RegistryFault serviceUnavailable(int retryAfterSeconds); ///< 503 + Retry-After
    static RegistryFault tooManyRequests(int retryAfterSeconds);    ///< 429 + Retry-After
    static RegistryFault redirect(int httpStatus, const QString &location);
    static RegistryFault delay(int milliseconds);
    static RegistryFault throttle(qint64 bytesPerSecond);

    RegistryFault &times(int count)
    {
        remaining = count;
        return *this;
    }
    RegistryFault &persistent()
    {
        remaining = -1;
        return *this;
    }
    RegistryFault &on(Target requests)
    {
        target = requests;
        return *this;
    }
};

/// A file the registry holds.
struct RegistryFile {
    QString project;            ///< the name as uploaded (display name)
    QString normalizedProject;  ///< PEP 503
    QString version;            ///< as uploaded in the `version` field
    QString filename;
    QString filetype;           ///< "sdist" or "bdist_wheel"
    QString pyversion;
    QString requiresPython;
    QByteArray sha256;          ///< lowercase hex
    QByteArray blake2_256;      ///< lowercase hex
    QByteArray md5;             ///< lowercase hex
    qint64 size = 0;
    QDateTime uploadTime;       ///< UTC
    bool yanked = false;
    QString yankedReason;
    QString storagePath;
    QList<std::pair<QString, QString>> metadata; ///< the form fields of the upload, minus content
};

/// One form field of a recorded upload. The `content` part is recorded without its bytes.
struct RecordedFormField {
    QString name;
    QString value;         ///< UTF-8 text of a plain field; empty for file parts
    bool isFile = false;   ///< the part carried a filename parameter
    QString filename;
    QByteArray contentType;
    qint64 size = 0;       ///< bytes of the part's data
};

/// How an exchange ended, from the server's side.
enum class RequestOutcome {
    Answered,
    DroppedMidBody,    ///< fault: connection reset while the body was arriving
    DroppedAfterStore, ///< fault: handled (and stored), then closed without an answer
    ClientGone,        ///< the client closed the connection before the answer
};

/**
 * Everything a client sent in one request, and what it got. Never holds a password: the
 * Authorization header is left out of `headers`, only the user name is kept.
 */
struct RecordedRequest {
    quint64 id = 0;
    QByteArray method;
    QByteArray target;           ///< path and query as sent
    HttpHeaders headers;         ///< without Authorization
    bool hadAuthorization = false;
    QString username;            ///< from Basic auth; empty otherwise
    QString clientCertificate;   ///< TLS: common name of the client's certificate, if it sent one
    QList<RecordedFormField> form;
    QString multipartError;      ///< why the body was not valid multipart/form-data, if it was not
    qint64 bodyBytes = 0;
    int status = 0;              ///< 0 when no answer was sent
    QByteArray reason;
    QByteArray responseBody;     ///< first 64 KiB
    RequestOutcome outcome = RequestOutcome::Answered;

    [[nodiscard]] QByteArray header(QByteArrayView name) const;
    [[nodiscard]] bool hasFormField(QStringView name) const;
    [[nodiscard]] QString formValue(QStringView name) const;   ///< first value
    [[nodiscard]] QStringList formValues(QStringView name) const;
    [[nodiscard]] QStringList formFieldNames() const;          ///< in the order sent
};

/**
 * A strict PyPI-compatible registry for tests: a QTcpServer on 127.0.0.1 with a random port,
 * event-driven, living in the test's thread and stopping when destroyed. Only each upload's
 * body (parsing, digests, spooling) is worked on elsewhere, in order, on a worker thread of its
 * own (BodyPipeline), as a real index serves parallel uploads on many workers.
 *
 * Upload side (the legacy API, POST /legacy/): the multipart body is parsed strictly and
 * incrementally, the `content` part is spooled to disk while sha256, blake2_256 and md5 are
 * computed, so memory stays flat for any file size. Then, in Warehouse's order and with its
 * messages: :action, "Should not be a tuple", content present, Basic auth (`__token__` +
 * token), protocol_version, required fields, filetype/pyversion, digest syntax, filename
 * against name/version, size limit, digest check, duplicates (an identical re-upload is a
 * 200), filenames used before and deleted, one sdist per release. Errors go in the reason
 * phrase and the body, as Warehouse sends them. GitLab and pypiserver flavours change what
 * success and a duplicate look like.
 *
 * Read side: PEP 691 JSON and PEP 503 HTML Simple API at /simple/ and /simple/<name>/ (content
 * negotiation as PyPI; non-normalized names get a 301), the JSON API at /pypi/<name>/json and
 * /pypi/<name>/<version>/json, and the files under /files/<project>/<filename>. Every route is
 * also served under /mirror/, so a redirect fault can send a client somewhere that works.
 *
 * Faults (injectFault) and a listing lag (setListingLag) let tests reproduce what real indexes
 * do on bad days. Every request is recorded (requests()), without credentials.
 *
 * Not thread-safe: use it from the thread that created it, with an event loop running
 * (QSignalSpy::wait or QTRY_*). A client in the same thread works; a blocking child process
 * (QProcess::waitForFinished) would starve it, so wait for children with signals.
 */
class RegistryServer final : public QObject, private HttpDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistryServer)

public:
    /// Stores files in a temporary directory removed on destruction, or in `storageDirectory`.
    explicit RegistryServer(QObject *parent = nullptr, const QString &storageDirectory = {});
    ~RegistryServer() override;

    /// Listens on 127.0.0.1 (port 0: a free one). False with errorString() on failure.
    /// Call once, before any request.
    bool listen(quint16 port = 0);
    /// The same over TLS (https:// URLs) with this certificate and key. With client CAs, the
    /// handshake requires a client certificate signed by one of them.
    bool listenTls(const QSslCertificate &certificate, const QSslKey &key,
                   const QList<QSslCertificate> &clientCertificateAuthorities = {}, quint16 port = 0);
    [[nodiscard]] QString errorString() const { return m_error; }
    [[nodiscard]] quint16 port() const;

    [[nodiscard]] QUrl baseUrl() const;                      ///< http://127.0.0.1:PORT/
    [[nodiscard]] QUrl uploadUrl() const;                    ///< .../legacy/
    [[nodiscard]] QUrl simpleIndexUrl() const;               ///< .../simple/
    [[nodiscard]] QUrl simpleProjectUrl(const QString &project) const; ///< .../simple/<normalized>/
    [[nodiscard]] QUrl jsonApiUrl(const QString &project) const;       ///< .../pypi/<normalized>/json
    [[nodiscard]] QUrl fileUrl(const RegistryFile &file) const;

    // --- Behaviour -------------------------------------------------------------------------
    void setFlavor(RegistryFlavor flavor) { m_flavor = flavor; }
    [[nodiscard]] RegistryFlavor flavor() const { return m_flavor; }
    /// Accepts Basic auth `__token__` / `token` (also "Authorization: token|Bearer <token>").
    /// With `projects`, the token is scoped to those projects (PyPI's project-scoped tokens).
    void addToken(const QString &token, const QStringList &projects = {});
    /// Accepts Basic auth with this user name and password (GitLab deploy tokens, pypiserver
    /// accounts; PyPI refuses every user name but __token__).
    void addAccount(const QString &username, const QString &password);
    /// Reads (/simple/, /pypi/, /files/) need valid credentials too, as on private indexes.
    void setReadsNeedAuthentication(bool needed) { m_readsNeedAuth = needed; }
    /// PyPI's per-project file size limit (400 "File too large. ..."); 0: unlimited.
    void setMaxFileSize(qint64 bytes) { m_maxFileSize = bytes; }
    /// Threads that parse, hash and store upload bodies, each upload on one of them (Warehouse
    /// serves parallel uploads on many workers). Default 16, one per upload in flight; 1
    /// handles one body's bytes at a time, as a single-worker server would.
    void setUploadWorkers(int threads) { m_bodyPool.setMaxThreadCount(std::max(1, threads)); }
    /// A front proxy's body limit, answered 413 as soon as the headers announce more; 0: none.
    void setMaxRequestBodySize(qint64 bytes) { m_maxBodySize = bytes; }
    /// Off: the Simple API answers HTML whatever the client accepts (pypiserver, old GitLab).
    void setSimpleJsonEnabled(bool enabled) { m_simpleJson = enabled; }
    /// Links in Simple API pages relative to the page instead of absolute URLs.
    void setRelativeFileUrls(bool relative) { m_relativeUrls = relative; }
    /// Files uploaded from now on stay out of /simple/ and /pypi/ listings for their project's
    /// first `requests` read requests and for `milliseconds` (both must pass); 0, 0: at once.
    void setListingLag(int requests, int milliseconds = 0);

    // --- Faults ----------------------------------------------------------------------------
    void injectFault(const RegistryFault &fault);
    void clearFaults();
    [[nodiscard]] int pendingFaultCount() const { return int(m_faults.size()); }

    // --- Contents --------------------------------------------------------------------------
    [[nodiscard]] QList<RegistryFile> files() const;
    [[nodiscard]] std::optional<RegistryFile> file(const QString &filename) const;
    /// Puts a file in place without an upload (for skip-existing and verification tests).
    std::expected<RegistryFile, QString> addFile(const QString &project, const QString &version,
                                                 const QString &filename, const QByteArray &content,
                                                 const QString &requiresPython = {});
    /// Removes a file; its filename can never be uploaded again ("previously used").
    bool deleteFile(const QString &filename);
    bool yankFile(const QString &filename, const QString &reason = {});

    // --- Recording -------------------------------------------------------------------------
    [[nodiscard]] QList<RecordedRequest> requests() const { return m_requests; }
    /// POST requests only (uploads, and posts to wrong URLs).
    [[nodiscard]] QList<RecordedRequest> uploadRequests() const;
    void clearRequests() { m_requests.clear(); }

Q_SIGNALS:
    /// Emitted when an exchange ends (answered, dropped, or abandoned by the client).
    void requestFinished(const TestSupport::RecordedRequest &request);
    /// Emitted when an upload (or addFile) stores a file.
    void fileStored(const TestSupport::RegistryFile &file);

private:
    struct Exchange;
    struct StoredFile {
        RegistryFile file;
        qint64 storedAtMs = 0;
        int lagRequests = 0;
        int lagMs = 0;
        int readsSinceStored = 0;
    };
    struct Answer {
        int status = 200;
        QByteArray reason;
        HttpHeaders headers;
        QByteArray body;
        QString filePath;
    };
    struct Credentials {
        bool present = false;
        QString username;
        QString secret;
        bool basic = false;
    };

    void requestHead(HttpConnection *connection) override;
    void requestBody(HttpConnection *connection, QByteArrayView data) override;
    void requestEnd(HttpConnection *connection) override;
    void connectionLost(HttpConnection *connection) override;

    void onNewConnection();
    void setUpUpload(Exchange &exchange);
    void finishExchange(HttpConnection *connection, RequestOutcome outcome);
    void sendAnswer(HttpConnection *connection, Answer answer);
    Answer answerRequest(Exchange &exchange);
    Answer answerUpload(Exchange &exchange);
    Answer answerWarehouseUpload(Exchange &exchange);
    Answer answerGitLabUpload(Exchange &exchange);
    Answer answerPypiServerUpload(Exchange &exchange);
    Answer answerRead(Exchange &exchange, const QString &path);
    Answer answerSimpleIndex(const Exchange &exchange, const QString &prefix);
    Answer answerSimpleProject(const Exchange &exchange, const QString &prefix, const QString &name);
    Answer answerJsonApi(const QString &prefix, const QString &name, const QString &version);
    Answer answerFile(const QString &project, const QString &filename);
    Answer warehouseError(int status, const QString &message) const;
    /// Absolute URL of a route ("simple/x/") under the request's mount prefix ("" or "/mirror").
    QString routeUrl(const QString &prefix, const QString &route) const;
    Answer authenticationChallenge() const;
    std::optional<Answer> checkReadAuthentication(const Exchange &exchange) const;

    Credentials credentialsOf(const Exchange &exchange) const;
    bool credentialsValid(const Credentials &credentials, const QString &project, QString *scopeError) const;
    RegistryFile storeUpload(Exchange &exchange, const QString &project, const QString &version);
    QList<const StoredFile *> visibleFiles(const QString &normalizedProject, bool countRead);
    void record(const Exchange &exchange);

    QTcpServer *m_server = nullptr;
    bool m_tls = false;
    std::unique_ptr<QTemporaryDir> m_temporaryStorage;
    QString m_storage;
    QString m_error;
    RegistryFlavor m_flavor = RegistryFlavor::Warehouse;
    QHash<QString, QStringList> m_tokens;        // token -> project scope (empty: all)
    QHash<QString, QString> m_accounts;          // username -> password
    bool m_readsNeedAuth = false;
    qint64 m_maxFileSize = 0;
    qint64 m_maxBodySize = 0;
    bool m_simpleJson = true;
    bool m_relativeUrls = false;
    int m_lagRequests = 0;
    int m_lagMs = 0;
    QList<RegistryFault> m_faults;
    QList<StoredFile> m_files;
    QSet<QString> m_deletedFilenames;
    QList<RecordedRequest> m_requests;
    QHash<HttpConnection *, std::shared_ptr<Exchange>> m_exchanges;
    quint64 m_nextRequestId = 1;
    quint64 m_serial = 1;
    quint64 m_spoolCounter = 0;
    // Upload bodies are parsed, hashed and spooled here, one pipeline per upload (Warehouse
    // serves parallel uploads on many workers). Declared last: destroyed first, after waiting.
    QThreadPool m_bodyPool;
};

} // namespace TestSupport
