// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/upload/uploadtransfer.h"

#include <QElapsedTimer>
#include <QSslSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/upload/httpresponseparser.h"
#include "core/upload/multipartbody.h"

using namespace Qt::StringLiterals;

namespace Upload {

namespace {

// Large pieces keep the per-piece cost (a read, an event, a send) small next to copying the
// bytes; a few pieces in flight keep the kernel's send buffer full without holding much memory.
constexpr qint64 pieceSize = 256 * 1024;
constexpr qint64 inFlightLimit = 1024 * 1024;
// An answer that goes on after this much body is cut off: the status and the first bytes of
// the body are all the job reads.
constexpr qint64 answerReadLimit = 1024 * 1024;

bool isSafeHeaderValue(const QByteArray &value)
{
    return !value.contains('\r') && !value.contains('\n') && !value.contains('\0');
}

} // namespace

/**
 * The part of an UploadTransfer that runs on its thread: the socket, the body and the answer.
 * Reports once, through `report`, which the owner queues back to its own thread.
 */
class TransferWorker final : public QObject
{
public:
    TransferWorker(TransferRequest request, std::unique_ptr<MultipartBody> body,
                   std::shared_ptr<UploadTransfer::Progress> progress)
        : m_request(std::move(request))
        , m_body(std::move(body))
        , m_progress(std::move(progress))
        , m_parser(m_request.answerLimit)
    {
    }

    ~TransferWorker() override
    {
        if (m_answerFd >= 0) {
            ::close(m_answerFd);
        }
    }

    std::function<void(const TransferResult &)> report;

    void start();
    void abort() { finish(TransferResult::Failure::Aborted, u"canceled"_s); }

private:
    void sendMore();
    void onBytesWritten(qint64 bytes);
    void onReadyRead();
    void onSocketError(QAbstractSocket::SocketError error);
    void readLeftAnswer();
    void onStallCheck();
    void takeAnswer();
    void finish(TransferResult::Failure failure, const QString &message);
    [[nodiscard]] qint64 pendingBytes() const;
    [[nodiscard]] qint64 encryptedPending() const { return m_ssl != nullptr ? m_ssl->encryptedBytesToWrite() : 0; }

    TransferRequest m_request;
    std::unique_ptr<MultipartBody> m_body;
    std::shared_ptr<UploadTransfer::Progress> m_progress;
    HttpResponseParser m_parser;
    QTcpSocket *m_socket = nullptr;
    QSslSocket *m_ssl = nullptr;     // m_socket, for https
    int m_answerFd = -1;             // a duplicate of a plain connection's descriptor, see connected
    QTimer *m_stallTimer = nullptr;
    QElapsedTimer m_sinceProgress;
    QByteArray m_head;
    qint64 m_headLeft = 0;       // request head bytes not yet confirmed written
    qint64 m_bodyTaken = 0;      // body bytes handed to the socket
    qint64 m_bodyWritten = 0;    // body bytes the socket has written
    QStringList m_sslErrors;
    bool m_connected = false;
    bool m_done = false;
};

void TransferWorker::start()
{
    m_stallTimer = new QTimer(this);
    m_stallTimer->setInterval(int(std::clamp<qint64>(m_request.stallTimeout.count() / 4, 10, 1000)));
    QObject::connect(m_stallTimer, &QTimer::timeout, this, [this] { onStallCheck(); });
    m_sinceProgress.start();
    m_stallTimer->start();

    if (!m_body->open(QIODevice::ReadOnly)) {
        finish(TransferResult::Failure::File, m_body->errorString());
        return;
    }
    for (const auto &[name, value] : std::as_const(m_request.headers)) {
        if (!isSafeHeaderValue(name) || !isSafeHeaderValue(value)) {
            finish(TransferResult::Failure::File, u"a request header contains a line break"_s);
            return;
        }
    }
    m_head = UploadTransfer::requestHead(m_request.url, m_request.headers, m_body->contentType(), m_body->size());
    m_headLeft = m_head.size();

    const bool secure = m_request.url.scheme() == u"https"_s;
    // Plain http (loopback only) skips QSslSocket, whose unencrypted mode copies every write once more.
    m_ssl = secure ? new QSslSocket(this) : nullptr;
    m_socket = secure ? m_ssl : new QTcpSocket(this);
    QObject::connect(m_socket, &QAbstractSocket::errorOccurred, this,
                     [this](QAbstractSocket::SocketError error) { onSocketError(error); });
    QObject::connect(m_socket, &QIODevice::bytesWritten, this, [this](qint64 bytes) { onBytesWritten(bytes); });
    QObject::connect(m_socket, &QIODevice::readyRead, this, [this] { onReadyRead(); });
    QObject::connect(m_socket, &QAbstractSocket::disconnected, this, [this] {
        // Usually after errorOccurred(RemoteHostClosedError); a clean close may come alone.
        onSocketError(QAbstractSocket::RemoteHostClosedError);
    });

    m_socket->setProxy(m_request.proxy);
    const QString host = m_request.url.host();
    const quint16 port = quint16(m_request.url.port(secure ? 443 : 80));
    if (secure) {
        QSslConfiguration ssl = m_request.ssl.value_or(QSslConfiguration::defaultConfiguration());
        ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
        ssl.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
        m_ssl->setSslConfiguration(ssl);
        QObject::connect(m_ssl, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            for (const QSslError &error : errors) {
                m_sslErrors.append(error.errorString());
            }
        });
        QObject::connect(m_ssl, &QSslSocket::encrypted, this, [this] {
            m_connected = true;
            m_sinceProgress.restart();
            sendMore();
        });
        QObject::connect(m_ssl, &QSslSocket::encryptedBytesWritten, this, [this](qint64) {
            m_sinceProgress.restart();
            sendMore();
        });
        m_ssl->connectToHostEncrypted(host, port);
    } else {
        QObject::connect(m_socket, &QAbstractSocket::connected, this, [this] {
            m_connected = true;
            // A registry that answers early (413, 401) and closes with the body unread resets
            // the connection; Qt's socket engine then closes its descriptor inside the failing
            // write, before the answer was read. A second descriptor keeps the answer readable.
            m_answerFd = ::fcntl(int(m_socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
            m_sinceProgress.restart();
            sendMore();
        });
        m_socket->connectToHost(host, port);
    }
}

qint64 TransferWorker::pendingBytes() const
{
    return m_socket->bytesToWrite() + encryptedPending();
}

void TransferWorker::sendMore()
{
    if (m_done || !m_connected) {
        return;
    }
    if (!m_head.isEmpty()) {
        m_socket->write(std::exchange(m_head, {}));
    }
    while (!m_done && m_bodyTaken < m_body->size() && pendingBytes() < inFlightLimit) {
        // A fresh array per piece: a QTcpSocket keeps the array itself instead of copying it.
        QByteArray piece(qsizetype(std::min(pieceSize, m_body->size() - m_bodyTaken)), Qt::Uninitialized);
        const qint64 got = m_body->read(piece.data(), piece.size());
        if (got <= 0) {
            finish(TransferResult::Failure::File, m_body->errorString());
            return;
        }
        piece.truncate(qsizetype(got));
        m_bodyTaken += got;
        if (m_socket->write(piece) != got) {
            finish(TransferResult::Failure::Closed, m_socket->errorString());
            return;
        }
    }
}

void TransferWorker::onBytesWritten(qint64 bytes)
{
    m_sinceProgress.restart();
    const qint64 ofHead = std::min(bytes, m_headLeft);
    m_headLeft -= ofHead;
    m_bodyWritten += bytes - ofHead;
    m_progress->sent.store(std::max<qint64>(0, m_bodyWritten - encryptedPending()),
                           std::memory_order_relaxed);
    sendMore();
}

void TransferWorker::onReadyRead()
{
    m_sinceProgress.restart();
    while (!m_done && m_socket->bytesAvailable() > 0) {
        const QByteArray bytes = m_socket->read(64 * 1024);
        m_parser.feed(bytes);
        if (m_parser.state() != HttpResponseParser::State::Incomplete) {
            takeAnswer();
            return;
        }
        if (m_parser.hasHeaders() && m_parser.bodySize() > answerReadLimit) {
            takeAnswer();
            return;
        }
    }
}

void TransferWorker::takeAnswer()
{
    if (m_parser.state() == HttpResponseParser::State::Malformed) {
        finish(TransferResult::Failure::Malformed, m_parser.error());
        return;
    }
    finish(TransferResult::Failure::None, {});
}

void TransferWorker::onSocketError(QAbstractSocket::SocketError error)
{
    if (m_done) {
        return;
    }
    // What the registry said before the connection ended counts: an early 413 or 401 often
    // comes with a reset, because the rest of the body was never read.
    if (m_socket->bytesAvailable() > 0) {
        onReadyRead();
        if (m_done) {
            return;
        }
    }
    readLeftAnswer();
    if (m_done) {
        return;
    }
    if (m_parser.finish() == HttpResponseParser::State::Complete || m_parser.hasHeaders()) {
        takeAnswer();
        return;
    }
    using Failure = TransferResult::Failure;
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
    case QAbstractSocket::HostNotFoundError:
    case QAbstractSocket::NetworkError:
    case QAbstractSocket::SocketAccessError:
    case QAbstractSocket::ProxyConnectionRefusedError:
        if (!m_connected) {
            finish(Failure::Connect, m_socket->errorString());
            return;
        }
        break;
    case QAbstractSocket::ProxyAuthenticationRequiredError:
    case QAbstractSocket::ProxyNotFoundError:
    case QAbstractSocket::ProxyProtocolError:
        finish(Failure::Proxy, m_socket->errorString());
        return;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInvalidUserDataError:
    case QAbstractSocket::SslInternalError:
        finish(Failure::Tls, m_socket->errorString());
        return;
    default:
        break;
    }
    if (!m_connected && !m_sslErrors.isEmpty()) {
        finish(Failure::Tls, m_socket->errorString());
        return;
    }
    if (error == QAbstractSocket::RemoteHostClosedError && m_bodyTaken == m_body->size()) {
        finish(Failure::Closed, u"the connection closed before the registry answered"_s);
        return;
    }
    if (error == QAbstractSocket::RemoteHostClosedError) {
        finish(Failure::Closed, u"the registry closed the connection after %1 of %2 bytes"_s.arg(m_bodyTaken)
                                    .arg(m_body->size()));
        return;
    }
    finish(Failure::Closed, m_socket->errorString());
}

void TransferWorker::readLeftAnswer()
{
    if (m_answerFd < 0) {
        return;
    }
    QByteArray buffer(64 * 1024, Qt::Uninitialized);
    while (m_parser.state() == HttpResponseParser::State::Incomplete && m_parser.bodySize() <= answerReadLimit) {
        const ssize_t got = ::recv(m_answerFd, buffer.data(), size_t(buffer.size()), MSG_DONTWAIT);
        if (got <= 0) {
            break;
        }
        m_parser.feed(QByteArrayView(buffer.constData(), qsizetype(got)));
    }
    if (m_parser.state() != HttpResponseParser::State::Incomplete) {
        takeAnswer();
    }
}

void TransferWorker::onStallCheck()
{
    if (!m_done && m_sinceProgress.elapsed() >= m_request.stallTimeout.count()) {
        finish(TransferResult::Failure::Stalled,
               u"no data moved for %1 s"_s.arg(double(m_request.stallTimeout.count()) / 1000.0));
    }
}

void TransferWorker::finish(TransferResult::Failure failure, const QString &message)
{
    if (m_done) {
        return;
    }
    m_done = true;
    if (m_stallTimer != nullptr) {
        m_stallTimer->stop();
    }
    TransferResult result;
    result.failure = failure;
    result.message = message;
    result.sslErrors = m_sslErrors;
    result.bodyBytesTaken = m_bodyTaken;
    result.bodyComplete = m_bodyTaken == m_body->size();
    if (failure == TransferResult::Failure::None) {
        result.answer.status = m_parser.status();
        result.answer.reason = m_parser.reason();
        result.answer.body = m_parser.body();
        result.answer.contentType = m_parser.header("Content-Type");
        result.answer.location = QString::fromUtf8(m_parser.header("Location"));
        result.answer.retryAfter = m_parser.header("Retry-After");
    }
    if (m_socket != nullptr) {
        QObject::disconnect(m_socket, nullptr, this, nullptr);
        m_socket->abort();
    }
    if (m_answerFd >= 0) {
        ::close(m_answerFd);
        m_answerFd = -1;
    }
    m_body->close();
    if (report) {
        report(result);
    }
}

// --- UploadTransfer ------------------------------------------------------------------------

UploadTransfer::UploadTransfer(TransferRequest request, std::unique_ptr<MultipartBody> body, QObject *parent)
    : QObject(parent)
    , m_progress(std::make_shared<Progress>())
    , m_bodySize(body->size())
{
    qRegisterMetaType<Upload::TransferResult>();
    m_thread = new QThread(this);
    m_thread->setObjectName(u"upload"_s);
    body->setParent(nullptr);
    body->moveToThread(m_thread);
    m_worker = new TransferWorker(std::move(request), std::move(body), m_progress);
    m_worker->moveToThread(m_thread);
    m_worker->report = [this, thread = m_thread](const TransferResult &result) {
        // On the worker's thread: hand the result over, then let the thread end. `this` outlives
        // the thread (the destructor waits for it), and a queued call to a deleted object is dropped.
        QMetaObject::invokeMethod(this, [this, result] { onWorkerDone(result); }, Qt::QueuedConnection);
        thread->quit();
    };
}

UploadTransfer::~UploadTransfer()
{
    if (m_thread->isRunning()) {
        // abort() reports (or had reported) and so quits the thread, on the thread itself.
        QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->abort(); }, Qt::QueuedConnection);
        m_thread->wait();
    }
    // The worker outlives its thread, so that abort() and the destructor never post to a
    // deleted worker (finished() is still queued here when the thread has ended); with the
    // thread ended or never started, nothing else touches it now.
    delete m_worker;
}

void UploadTransfer::start()
{
    if (m_started) {
        return;
    }
    m_started = true;
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->start(); }, Qt::QueuedConnection);
}

void UploadTransfer::abort()
{
    if (!m_started || m_finished) {
        return;
    }
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->abort(); }, Qt::QueuedConnection);
}

void UploadTransfer::onWorkerDone(const TransferResult &result)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_result = result;
    if (result.bodyComplete && result.failure == TransferResult::Failure::None) {
        m_progress->sent.store(m_bodySize, std::memory_order_relaxed);
    }
    Q_EMIT finished();
}

QByteArray UploadTransfer::requestHead(const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers,
                                       const QByteArray &contentType, qint64 contentLength)
{
    QByteArray target = url.path(QUrl::FullyEncoded).toUtf8();
    if (target.isEmpty()) {
        target = "/";
    }
    if (url.hasQuery()) {
        target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    }
    QByteArray head = "POST " + target + " HTTP/1.1\r\nHost: "
        + url.adjusted(QUrl::RemoveUserInfo).authority(QUrl::FullyEncoded).toUtf8() + "\r\n";
    for (const auto &[name, value] : headers) {
        head += name + ": " + value + "\r\n";
    }
    head += "Content-Type: " + contentType + "\r\nContent-Length: " + QByteArray::number(contentLength)
        + "\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n";
    return head;
}

} // namespace Upload
