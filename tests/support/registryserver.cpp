// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/registryserver.h"

#include <QDir>
#include <QFileInfo>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

#include "core/dist/hasher.h"
#include "core/metadata/name.h"
#include "tests/support/registryserverexchange.h"

namespace TestSupport {

namespace {

constexpr qsizetype recordedBodyLimit = 64 * 1024;

QByteArray standardReason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 413: return "Request Entity Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
    }
}

} // namespace

// --- RegistryFault ------------------------------------------------------------------------

RegistryFault RegistryFault::dropMidBody(qint64 afterBodyBytes)
{
    RegistryFault fault;
    fault.kind = Kind::DropMidBody;
    fault.afterBodyBytes = afterBodyBytes;
    return fault;
}

RegistryFault RegistryFault::dropAfterStore()
{
    RegistryFault fault;
    fault.kind = Kind::DropAfterStore;
    return fault;
}

RegistryFault RegistryFault::status(int httpStatus, const QByteArray &reason, const QByteArray &body)
{
    RegistryFault fault;
    fault.kind = Kind::Status;
    fault.httpStatus = httpStatus;
    fault.reason = reason;
    fault.body = body;
    return fault;
}

RegistryFault RegistryFault::serverError()
{
    return status(500);
}

RegistryFault RegistryFault::serviceUnavailable(int retryAfterSeconds)
{
    RegistryFault fault = status(503);
    fault.retryAfterSeconds = retryAfterSeconds;
    return fault;
}

RegistryFault RegistryFault::tooManyRequests(int retryAfterSeconds)
{
    RegistryFault fault = status(429);
    fault.retryAfterSeconds = retryAfterSeconds;
    return fault;
}

RegistryFault RegistryFault::redirect(int httpStatus, const QString &location)
{
    RegistryFault fault;
    fault.kind = Kind::Redirect;
    fault.httpStatus = httpStatus;
    fault.location = location;
    return fault;
}

RegistryFault RegistryFault::delay(int milliseconds)
{
    RegistryFault fault;
    fault.kind = Kind::Delay;
    fault.delayMs = milliseconds;
    return fault;
}

RegistryFault RegistryFault::throttle(qint64 bytesPerSecond)
{
    RegistryFault fault;
    fault.kind = Kind::ThrottleRead;
    fault.bytesPerSecond = bytesPerSecond;
    return fault;
}

// --- RecordedRequest ----------------------------------------------------------------------

QByteArray RecordedRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

bool RecordedRequest::hasFormField(QStringView name) const
{
    return std::any_of(form.begin(), form.end(), [name](const RecordedFormField &field) { return field.name == name; });
}

QString RecordedRequest::formValue(QStringView name) const
{
    for (const RecordedFormField &field : form) {
        if (field.name == name) {
            return field.value;
        }
    }
    return {};
}

QStringList RecordedRequest::formValues(QStringView name) const
{
    QStringList values;
    for (const RecordedFormField &field : form) {
        if (field.name == name) {
            values.append(field.value);
        }
    }
    return values;
}

QStringList RecordedRequest::formFieldNames() const
{
    QStringList names;
    for (const RecordedFormField &field : form) {
        names.append(field.name);
    }
    return names;
}

// --- RegistryServer -----------------------------------------------------------------------

RegistryServer::RegistryServer(QObject *parent, const QString &storageDirectory)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    if (storageDirectory.isEmpty()) {
        m_temporaryStorage = std::make_unique<QTemporaryDir>();
        m_storage = m_temporaryStorage->path();
    } else {
        m_storage = QDir(storageDirectory).absolutePath();
    }
    QDir().mkpath(m_storage + QStringLiteral("/incoming"));
    QDir().mkpath(m_storage + QStringLiteral("/files"));
    // One thread per upload in flight; the system spreads them over the cores.
    m_bodyPool.setMaxThreadCount(16);
    connect(m_server, &QTcpServer::newConnection, this, &RegistryServer::onNewConnection);
}

RegistryServer::~RegistryServer()
{
    delete std::exchange(m_server, nullptr);
    // Connections call back into this object; end them while it is still whole.
    for (const auto &exchange : std::as_const(m_exchanges)) {
        exchange->finished = true;
    }
    m_exchanges.clear();
    const QList<HttpConnection *> connections = findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly);
    for (HttpConnection *connection : connections) {
        delete connection;
    }
}

bool RegistryServer::listen(quint16 port)
{
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        m_error = m_server->errorString();
        return false;
    }
    return true;
}

bool RegistryServer::listenTls(const QSslCertificate &certificate, const QSslKey &key,
                               const QList<QSslCertificate> &clientCertificateAuthorities, quint16 port)
{
    auto *server = new QSslServer(this);
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate);
    configuration.setPrivateKey(key);
    if (clientCertificateAuthorities.isEmpty()) {
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    } else {
        configuration.setCaCertificates(clientCertificateAuthorities);
        configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    }
    server->setSslConfiguration(configuration);
    delete m_server;
    m_server = server;
    m_tls = true;
    // QSslServer queues a socket once its handshake is done, which newConnection (emitted when
    // the TCP connection arrives) does not announce.
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &RegistryServer::onNewConnection);
    return listen(port);
}

quint16 RegistryServer::port() const
{
    return m_server->serverPort();
}

QUrl RegistryServer::baseUrl() const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2/").arg(m_tls ? QStringLiteral("https") : QStringLiteral("http")).arg(port()));
}

QUrl RegistryServer::uploadUrl() const
{
    return baseUrl().resolved(QUrl(QStringLiteral("legacy/")));
}

QUrl RegistryServer::simpleIndexUrl() const
{
    return baseUrl().resolved(QUrl(QStringLiteral("simple/")));
}

QUrl RegistryServer::simpleProjectUrl(const QString &project) const
{
    return baseUrl().resolved(QUrl(QStringLiteral("simple/%1/").arg(Metadata::normalizeName(project))));
}

QUrl RegistryServer::jsonApiUrl(const QString &project) const
{
    return baseUrl().resolved(QUrl(QStringLiteral("pypi/%1/json").arg(Metadata::normalizeName(project))));
}

QUrl RegistryServer::fileUrl(const RegistryFile &file) const
{
    QUrl url = baseUrl();
    url.setPath(QStringLiteral("/files/%1/%2").arg(file.normalizedProject, file.filename));
    return url;
}

void RegistryServer::addToken(const QString &token, const QStringList &projects)
{
    QStringList normalized;
    for (const QString &project : projects) {
        normalized.append(Metadata::normalizeName(project));
    }
    m_tokens.insert(token, normalized);
}

void RegistryServer::addAccount(const QString &username, const QString &password)
{
    m_accounts.insert(username, password);
}

void RegistryServer::setListingLag(int requests, int milliseconds)
{
    m_lagRequests = std::max(0, requests);
    m_lagMs = std::max(0, milliseconds);
}

void RegistryServer::injectFault(const RegistryFault &fault)
{
    if (fault.remaining != 0) {
        m_faults.append(fault);
    }
}

void RegistryServer::clearFaults()
{
    m_faults.clear();
}

QList<RegistryFile> RegistryServer::files() const
{
    QList<RegistryFile> result;
    for (const StoredFile &stored : m_files) {
        result.append(stored.file);
    }
    return result;
}

std::optional<RegistryFile> RegistryServer::file(const QString &filename) const
{
    for (const StoredFile &stored : m_files) {
        if (stored.file.filename == filename) {
            return stored.file;
        }
    }
    return std::nullopt;
}

std::expected<RegistryFile, QString> RegistryServer::addFile(const QString &project, const QString &version,
                                                              const QString &filename, const QByteArray &content,
                                                              const QString &requiresPython)
{
    if (file(filename)) {
        return std::unexpected(QStringLiteral("%1 is already stored").arg(filename));
    }
    if (!Metadata::isValidName(project) || filename.contains(QLatin1Char('/'))) {
        return std::unexpected(QStringLiteral("invalid project name or filename"));
    }
    RegistryFile stored;
    stored.project = project;
    stored.normalizedProject = Metadata::normalizeName(project);
    stored.version = version;
    stored.filename = filename;
    stored.filetype = filename.endsWith(QLatin1String(".whl")) ? QStringLiteral("bdist_wheel") : QStringLiteral("sdist");
    stored.pyversion = stored.filetype == QLatin1String("sdist") ? QStringLiteral("source") : QStringLiteral("py3");
    stored.requiresPython = requiresPython;
    stored.sha256 = Dist::Hasher::hash(Dist::HashAlgorithm::Sha256, content).toHex();
    stored.blake2_256 = Dist::Hasher::hash(Dist::HashAlgorithm::Blake2b256, content).toHex();
    stored.md5 = Dist::Hasher::hash(Dist::HashAlgorithm::Md5, content).toHex();
    stored.size = content.size();
    stored.uploadTime = QDateTime::currentDateTimeUtc();
    const QString directory = m_storage + QStringLiteral("/files/") + stored.normalizedProject;
    QDir().mkpath(directory);
    stored.storagePath = directory + QLatin1Char('/') + filename;
    QFile out(stored.storagePath);
    if (!out.open(QIODevice::WriteOnly) || out.write(content) != content.size()) {
        return std::unexpected(QStringLiteral("cannot write %1: %2").arg(stored.storagePath, out.errorString()));
    }
    stored.metadata = {{QStringLiteral("name"), project}, {QStringLiteral("version"), version}};
    if (!requiresPython.isEmpty()) {
        stored.metadata.append({QStringLiteral("requires_python"), requiresPython});
    }
    StoredFile entry;
    entry.file = stored;
    m_files.append(entry);
    ++m_serial;
    Q_EMIT fileStored(stored);
    return stored;
}

bool RegistryServer::deleteFile(const QString &filename)
{
    for (qsizetype i = 0; i < m_files.size(); ++i) {
        if (m_files[i].file.filename == filename) {
            QFile::remove(m_files[i].file.storagePath);
            m_files.removeAt(i);
            m_deletedFilenames.insert(filename);
            ++m_serial;
            return true;
        }
    }
    return false;
}

bool RegistryServer::yankFile(const QString &filename, const QString &reason)
{
    for (StoredFile &stored : m_files) {
        if (stored.file.filename == filename) {
            stored.file.yanked = true;
            stored.file.yankedReason = reason;
            ++m_serial;
            return true;
        }
    }
    return false;
}

QList<RecordedRequest> RegistryServer::uploadRequests() const
{
    QList<RecordedRequest> uploads;
    for (const RecordedRequest &request : m_requests) {
        if (request.method == "POST") {
            uploads.append(request);
        }
    }
    return uploads;
}

void RegistryServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        new HttpConnection(socket, this, this);
    }
}

// --- Request handling ---------------------------------------------------------------------

void RegistryServer::requestHead(HttpConnection *connection)
{
    auto exchange = std::make_shared<Exchange>();
    exchange->connection = connection;
    exchange->head = connection->head();
    exchange->record.id = m_nextRequestId++;
    exchange->record.method = exchange->head.method;
    exchange->record.target = exchange->head.target;
    for (const auto &[name, value] : exchange->head.headers) {
        if (name.compare("Authorization", Qt::CaseInsensitive) == 0) {
            exchange->record.hadAuthorization = true;
            continue; // never kept: it holds the password or token
        }
        exchange->record.headers.append({name, value});
    }
    const Credentials credentials = credentialsOf(*exchange);
    if (credentials.basic) {
        exchange->record.username = credentials.username;
    }
    if (const auto *tls = qobject_cast<QSslSocket *>(connection->socket()); tls && !tls->peerCertificate().isNull()) {
        exchange->record.clientCertificate =
            tls->peerCertificate().subjectInfo(QSslCertificate::CommonName).join(QLatin1Char(','));
    }
    m_exchanges.insert(connection, exchange);

    QString path = QUrl::fromPercentEncoding(exchange->head.path());
    if (path == QLatin1String("/mirror") || path.startsWith(QLatin1String("/mirror/"))) {
        exchange->prefix = QStringLiteral("/mirror");
        path = path.mid(7);
        if (path.isEmpty()) {
            path = QStringLiteral("/");
        }
    }
    exchange->route = path;
    const QByteArray &method = exchange->head.method;
    if (method == "POST"
        && (path == QLatin1String("/legacy/") || (m_flavor == RegistryFlavor::PypiServer && path == QLatin1String("/")))) {
        exchange->target = RegistryFault::Target::Upload;
        exchange->isUpload = true;
    } else if (path.startsWith(QLatin1String("/simple"))) {
        exchange->target = RegistryFault::Target::SimpleIndex;
    } else if (path.startsWith(QLatin1String("/pypi/"))) {
        exchange->target = RegistryFault::Target::JsonApi;
    } else if (path.startsWith(QLatin1String("/files/"))) {
        exchange->target = RegistryFault::Target::Files;
    }

    // Pick the faults for this request, in injection order.
    for (qsizetype i = 0; i < m_faults.size();) {
        RegistryFault &fault = m_faults[i];
        const bool matches = fault.target == RegistryFault::Target::Any || fault.target == exchange->target;
        bool used = false;
        if (matches) {
            switch (fault.kind) {
            case RegistryFault::Kind::Delay:
                exchange->delayMs += fault.delayMs;
                used = true;
                break;
            case RegistryFault::Kind::ThrottleRead:
                connection->setReadThrottle(fault.bytesPerSecond);
                used = true;
                break;
            case RegistryFault::Kind::DropMidBody:
            case RegistryFault::Kind::DropAfterStore:
            case RegistryFault::Kind::Status:
            case RegistryFault::Kind::Redirect:
                if (!exchange->terminal) {
                    exchange->terminal = fault;
                    used = true;
                }
                break;
            }
        }
        if (used && fault.remaining > 0 && --fault.remaining == 0) {
            m_faults.removeAt(i);
            continue;
        }
        ++i;
    }
    if (exchange->terminal && exchange->terminal->kind == RegistryFault::Kind::DropMidBody) {
        const qint64 length = exchange->head.chunked ? 128 * 1024 : exchange->head.contentLength;
        exchange->dropAfterBodyBytes =
            exchange->terminal->afterBodyBytes >= 0 ? exchange->terminal->afterBodyBytes : length / 2;
    }

    if (m_maxBodySize > 0 && exchange->head.contentLength > m_maxBodySize && !exchange->terminal) {
        // A front proxy answers from the headers alone, before the body arrives.
        Answer answer;
        answer.status = 413;
        answer.reason = "Request Entity Too Large";
        answer.headers = {{"Content-Type", "text/html"}};
        answer.body = "<html><head><title>413 Request Entity Too Large</title></head><body>"
                      "<center><h1>413 Request Entity Too Large</h1></center></body></html>\n";
        exchange->isUpload = false;
        sendAnswer(connection, answer);
        return;
    }
    if (exchange->isUpload) {
        setUpUpload(*exchange);
    }
    if (exchange->dropAfterBodyBytes == 0 && (exchange->head.contentLength > 0 || exchange->head.chunked)) {
        finishExchange(connection, RequestOutcome::DroppedMidBody);
        connection->abortConnection();
    }
}

void RegistryServer::requestBody(HttpConnection *connection, QByteArrayView data)
{
    const auto found = m_exchanges.constFind(connection);
    if (found == m_exchanges.constEnd()) {
        return;
    }
    const std::shared_ptr<Exchange> exchange = found.value();
    exchange->record.bodyBytes += data.size();
    if (exchange->dropAfterBodyBytes >= 0 && exchange->record.bodyBytes >= exchange->dropAfterBodyBytes) {
        const qsizetype wanted = data.size() - qsizetype(exchange->record.bodyBytes - exchange->dropAfterBodyBytes);
        if (exchange->pipeline && wanted > 0) {
            exchange->pipeline->push(data.first(wanted));
        }
        exchange->record.bodyBytes = exchange->dropAfterBodyBytes;
        finishExchange(connection, RequestOutcome::DroppedMidBody);
        connection->abortConnection();
        return;
    }
    if (exchange->pipeline) {
        exchange->pipeline->push(data);
    }
}

void RegistryServer::requestEnd(HttpConnection *connection)
{
    const auto found = m_exchanges.constFind(connection);
    if (found == m_exchanges.constEnd()) {
        return;
    }
    const std::shared_ptr<Exchange> exchange = found.value();
    if (exchange->dropAfterBodyBytes >= 0) {
        // The body was shorter than the drop point: drop before answering instead.
        finishExchange(connection, RequestOutcome::DroppedMidBody);
        connection->abortConnection();
        return;
    }
    if (exchange->pipeline) {
        exchange->pipeline->finish();
    }
    if (exchange->parser && !exchange->parser->hasError() && !exchange->parser->finish()) {
        exchange->multipartError = exchange->parser->errorString();
    }

    Answer answer;
    const std::optional<RegistryFault> &fault = exchange->terminal;
    if (fault && fault->kind == RegistryFault::Kind::Status) {
        answer.status = fault->httpStatus;
        answer.reason = fault->reason.isEmpty() ? standardReason(fault->httpStatus) : fault->reason;
        answer.body = fault->body.isEmpty() ? answer.reason + "\n" : fault->body;
        answer.headers = {{"Content-Type", "text/plain; charset=UTF-8"}};
        if (fault->retryAfterSeconds >= 0) {
            answer.headers.append({"Retry-After", QByteArray::number(fault->retryAfterSeconds)});
        }
    } else if (fault && fault->kind == RegistryFault::Kind::Redirect) {
        answer.status = fault->httpStatus;
        answer.reason = fault->reason.isEmpty() ? standardReason(fault->httpStatus) : fault->reason;
        answer.headers = {{"Location", QUrl(fault->location).isRelative() ? baseUrl().resolved(QUrl(fault->location)).toEncoded()
                                                                          : QUrl(fault->location).toEncoded()},
                          {"Content-Type", "text/plain; charset=UTF-8"}};
        answer.body = answer.reason + "\n";
    } else {
        answer = answerRequest(*exchange);
    }

    const bool dropAfterStore = fault && fault->kind == RegistryFault::Kind::DropAfterStore;
    auto deliver = [this, exchange, answer, dropAfterStore] {
        if (exchange->finished || !exchange->connection) {
            return;
        }
        HttpConnection *target = exchange->connection;
        if (dropAfterStore) {
            exchange->record.status = 0;
            finishExchange(target, RequestOutcome::DroppedAfterStore);
            target->closeWithoutAnswer();
            return;
        }
        sendAnswer(target, answer);
    };
    if (exchange->delayMs > 0) {
        QTimer::singleShot(exchange->delayMs, this, deliver);
    } else {
        deliver();
    }
}

void RegistryServer::connectionLost(HttpConnection *connection)
{
    const auto found = m_exchanges.constFind(connection);
    if (found == m_exchanges.constEnd()) {
        return;
    }
    finishExchange(connection, RequestOutcome::ClientGone);
}

void RegistryServer::sendAnswer(HttpConnection *connection, Answer answer)
{
    const auto found = m_exchanges.constFind(connection);
    if (found == m_exchanges.constEnd()) {
        return;
    }
    const std::shared_ptr<Exchange> exchange = found.value();
    exchange->record.status = answer.status;
    exchange->record.reason = answer.reason;
    answer.headers.prepend({"Server", "slipway-test-registry"});
    if (answer.filePath.isEmpty()) {
        exchange->record.responseBody = answer.body.left(recordedBodyLimit);
        finishExchange(connection, RequestOutcome::Answered);
        connection->respond(answer.status, answer.reason, answer.headers, answer.body);
    } else {
        finishExchange(connection, RequestOutcome::Answered);
        connection->respondWithFile(answer.headers, answer.filePath);
    }
}

void RegistryServer::finishExchange(HttpConnection *connection, RequestOutcome outcome)
{
    const auto found = m_exchanges.find(connection);
    if (found == m_exchanges.end()) {
        return;
    }
    const std::shared_ptr<Exchange> exchange = found.value();
    m_exchanges.erase(found);
    if (exchange->finished) {
        return;
    }
    if (exchange->pipeline) {
        exchange->pipeline->finish(); // the form parsed so far is recorded below
    }
    exchange->finished = true;
    exchange->record.outcome = outcome;
    exchange->record.multipartError = exchange->multipartError;
    if (outcome != RequestOutcome::Answered) {
        exchange->record.status = 0;
        exchange->record.reason.clear();
    }
    record(*exchange);
}

void RegistryServer::record(const Exchange &exchange)
{
    RecordedRequest recorded = exchange.record;
    for (const Exchange::Part &part : exchange.parts) {
        RecordedFormField field;
        field.name = part.name;
        field.isFile = part.isFile;
        field.filename = part.filename;
        field.contentType = part.contentType;
        field.size = part.size;
        if (!part.isFile) {
            field.value = QString::fromUtf8(part.data);
        }
        recorded.form.append(field);
    }
    m_requests.append(recorded);
    Q_EMIT requestFinished(recorded);
}

RegistryServer::Answer RegistryServer::answerRequest(Exchange &exchange)
{
    const QByteArray &method = exchange.head.method;
    const QString &path = exchange.route;
    if (exchange.isUpload) {
        return answerUpload(exchange);
    }
    if (method == "POST") {
        if (path == QLatin1String("/legacy")) {
            Answer answer = warehouseError(
                308, QStringLiteral("An upload was attempted to /legacy, but the expected upload URL is /legacy/, "
                                    "with the trailing /"));
            answer.headers.append({"Location", routeUrl(exchange.prefix, QStringLiteral("legacy/")).toUtf8()});
            return answer;
        }
        if (path == QLatin1String("/pypi") || path == QLatin1String("/pypi/")) {
            return warehouseError(410, QStringLiteral("This API has moved to %1. See "
                                                      "https://packaging.python.org/guides/migrating-to-pypi-org/#uploading "
                                                      "for more information.")
                                           .arg(uploadUrl().toString()));
        }
        Answer answer = warehouseError(405, QStringLiteral("Method Not Allowed"));
        answer.reason = "Method Not Allowed";
        answer.headers.emplaceBack("Allow", "GET, HEAD");
        return answer;
    }
    if (method != "GET" && method != "HEAD") {
        Answer answer = warehouseError(405, QStringLiteral("Method Not Allowed"));
        answer.headers.emplaceBack("Allow", "GET, HEAD, POST");
        return answer;
    }
    if (path == QLatin1String("/legacy/")) {
        Answer answer = warehouseError(405, QStringLiteral("Method Not Allowed"));
        answer.headers.emplaceBack("Allow", "POST");
        return answer;
    }
    return answerRead(exchange, path);
}

RegistryServer::Answer RegistryServer::warehouseError(int status, const QString &message) const
{
    // Warehouse puts the message in the reason phrase (latin-1, '?' for the rest, no line
    // breaks) and Pyramid repeats it in a plain-text body.
    QByteArray reason;
    for (const QChar c : message) {
        const char16_t unit = c.unicode();
        if (unit == u'\r' || unit == u'\n') {
            reason.append(' ');
        } else if (unit < 0x20 && unit != u'\t') {
            reason.append('?');
        } else {
            reason.append(unit < 0x100 ? char(unit) : '?');
        }
    }
    Answer answer;
    answer.status = status;
    answer.reason = reason;
    answer.headers = {{"Content-Type", "text/plain; charset=UTF-8"}};
    QByteArray explanation;
    switch (status) {
    case 400:
        explanation = "The server could not comply with the request since it is either malformed or otherwise incorrect.";
        break;
    case 403:
        explanation = "Access was denied to this resource.";
        break;
    case 410:
        explanation = "This resource is no longer available.  No forwarding address is given.";
        break;
    default:
        break;
    }
    answer.body = QByteArray::number(status) + ' ' + standardReason(status) + "\n\n";
    if (!explanation.isEmpty()) {
        answer.body += explanation + "\n\n";
    }
    answer.body += message.toUtf8() + "\n\n";
    return answer;
}

RegistryServer::Answer RegistryServer::authenticationChallenge() const
{
    Answer answer;
    answer.status = 401;
    answer.reason = "Unauthorized";
    answer.headers = {{"WWW-Authenticate", "Basic realm=\"slipway-test-registry\""},
                      {"Content-Type", "text/plain; charset=UTF-8"}};
    answer.body = "401 Unauthorized\n\nThis index needs credentials.\n";
    return answer;
}

RegistryServer::Credentials RegistryServer::credentialsOf(const Exchange &exchange) const
{
    Credentials credentials;
    const QByteArray header = exchange.head.header("Authorization").trimmed();
    if (header.isEmpty()) {
        return credentials;
    }
    const qsizetype space = header.indexOf(' ');
    const QByteArray scheme = header.left(space < 0 ? header.size() : space).toLower();
    const QByteArray value = space < 0 ? QByteArray() : header.mid(space + 1).trimmed();
    credentials.present = true;
    if (scheme == "basic") {
        const auto decoded = QByteArray::fromBase64Encoding(value, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            return credentials;
        }
        const qsizetype colon = decoded.decoded.indexOf(':');
        if (colon < 0) {
            return credentials;
        }
        credentials.basic = true;
        credentials.username = QString::fromUtf8(decoded.decoded.left(colon));
        credentials.secret = QString::fromUtf8(decoded.decoded.mid(colon + 1));
    } else if (scheme == "token" || scheme == "bearer") {
        credentials.username = QStringLiteral("__token__");
        credentials.secret = QString::fromUtf8(value);
    }
    return credentials;
}

bool RegistryServer::credentialsValid(const Credentials &credentials, const QString &project, QString *scopeError) const
{
    if (!credentials.present) {
        return false;
    }
    const QString token = credentials.secret.trimmed();
    const bool tokenUser = credentials.username == QLatin1String("__token__")
        || (m_flavor == RegistryFlavor::GitLab && !credentials.username.isEmpty());
    if (tokenUser && m_tokens.contains(token)) {
        const QStringList &scope = m_tokens.value(token);
        if (!project.isEmpty() && !scope.isEmpty() && !scope.contains(Metadata::normalizeName(project))) {
            if (scopeError) {
                *scopeError = QStringLiteral("Invalid API Token: project-scoped token is not valid for project: '%1'")
                                  .arg(Metadata::normalizeName(project));
            }
            return false;
        }
        return true;
    }
    if (credentials.basic && m_flavor != RegistryFlavor::Warehouse) {
        const auto account = m_accounts.constFind(credentials.username);
        return account != m_accounts.constEnd() && account.value() == credentials.secret;
    }
    return false;
}

std::optional<RegistryServer::Answer> RegistryServer::checkReadAuthentication(const Exchange &exchange) const
{
    if (!m_readsNeedAuth) {
        return std::nullopt;
    }
    Credentials credentials = credentialsOf(exchange);
    if (credentials.basic && m_flavor == RegistryFlavor::Warehouse && m_accounts.contains(credentials.username)) {
        // Private Warehouse-compatible mirrors take plain accounts for reading.
        const auto account = m_accounts.constFind(credentials.username);
        if (account.value() == credentials.secret) {
            return std::nullopt;
        }
    }
    if (credentialsValid(credentials, {}, nullptr)) {
        return std::nullopt;
    }
    return authenticationChallenge();
}

QList<const RegistryServer::StoredFile *> RegistryServer::visibleFiles(const QString &normalizedProject, bool countRead)
{
    QList<const StoredFile *> visible;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (StoredFile &stored : m_files) {
        if (stored.file.normalizedProject != normalizedProject) {
            continue;
        }
        const bool shown = stored.readsSinceStored >= stored.lagRequests && now - stored.storedAtMs >= stored.lagMs;
        if (shown) {
            visible.append(&stored);
        } else if (countRead) {
            ++stored.readsSinceStored;
        }
    }
    return visible;
}

} // namespace TestSupport
