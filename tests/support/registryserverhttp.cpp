// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/registryserverhttp.h"

#include <QFile>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace TestSupport {

namespace {

constexpr qint64 readChunk = 256 * 1024;
constexpr qint64 fileChunk = 256 * 1024;
constexpr qint64 writeHighWater = 1024 * 1024;
constexpr int throttleTickMs = 50;

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView value)
{
    return !value.isEmpty() && std::all_of(value.begin(), value.end(), isTokenChar);
}

bool parseDecimal(QByteArrayView text, qint64 &value)
{
    if (text.isEmpty() || text.size() > 18) {
        return false;
    }
    value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
        value = value * 10 + (c - '0');
    }
    return true;
}

} // namespace

QByteArray HttpRequestHead::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

bool HttpRequestHead::hasHeader(QByteArrayView name) const
{
    return std::any_of(headers.begin(), headers.end(), [name](const auto &header) {
        return QByteArrayView(header.first).compare(name, Qt::CaseInsensitive) == 0;
    });
}

QByteArray HttpRequestHead::path() const
{
    const qsizetype question = target.indexOf('?');
    return question < 0 ? target : target.left(question);
}

QByteArray HttpRequestHead::query() const
{
    const qsizetype question = target.indexOf('?');
    return question < 0 ? QByteArray() : target.mid(question + 1);
}

HttpConnection::HttpConnection(QTcpSocket *socket, HttpDelegate *delegate, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_delegate(delegate)
{
    socket->setParent(this);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    // Data may already be waiting when the connection is handed over.
    QTimer::singleShot(0, this, &HttpConnection::onReadyRead);
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::onReadyRead()
{
    processInput();
}

qint64 HttpConnection::readBudget() const
{
    return m_throttle > 0 ? m_throttleBudget : readChunk;
}

void HttpConnection::setReadThrottle(qint64 bytesPerSecond)
{
    m_throttle = std::max<qint64>(0, bytesPerSecond);
    if (m_throttle == 0) {
        if (m_throttleTimer) {
            m_throttleTimer->stop();
        }
        if (m_socket) {
            m_socket->setReadBufferSize(0);
        }
        return;
    }
    const qint64 perTick = std::max<qint64>(1, m_throttle * throttleTickMs / 1000);
    if (m_socket) {
        // A small user-space buffer lets the kernel's window close, so the client really waits.
        m_socket->setReadBufferSize(std::max<qint64>(perTick, 4096));
    }
    if (!m_throttleTimer) {
        m_throttleTimer = new QTimer(this);
        m_throttleTimer->setInterval(throttleTickMs);
        connect(m_throttleTimer, &QTimer::timeout, this, [this] {
            const qint64 tick = std::max<qint64>(1, m_throttle * throttleTickMs / 1000);
            m_throttleBudget = std::min(m_throttleBudget + tick, 2 * tick);
            processInput();
        });
    }
    m_throttleBudget = perTick;
    m_throttleTimer->start();
}

void HttpConnection::processInput()
{
    if (m_processing || m_state == State::Closed || !m_socket) {
        return;
    }
    m_processing = true;
    while (m_state != State::Closed && m_socket) {
        if (m_state == State::ReadingHead) {
            if (m_socket->bytesAvailable() > 0) {
                m_input.append(m_socket->read(readChunk));
            }
            // Servers ignore empty lines before a request line (RFC 9112 2.2).
            while (m_input.startsWith("\r\n")) {
                m_input.remove(0, 2);
            }
            const qsizetype end = m_input.indexOf("\r\n\r\n");
            if (end < 0) {
                if (m_input.size() > maxHeadSize) {
                    failRequest(431, "Request Header Fields Too Large");
                }
                if (m_socket && m_socket->bytesAvailable() > 0 && m_state == State::ReadingHead) {
                    continue;
                }
                break;
            }
            if (end > maxHeadSize) {
                failRequest(431, "Request Header Fields Too Large");
                break;
            }
            const QByteArray block = m_input.left(end);
            m_input.remove(0, end + 4);
            m_head = {};
            m_bodyReceived = 0;
            m_answered = false;
            m_closeAfterAnswer = false;
            m_chunkState = ChunkState::Size;
            m_chunkRemaining = 0;
            ++m_requestNumber;
            if (!parseHead(block)) {
                break;
            }
            const bool hasBody = m_head.chunked || m_head.contentLength > 0;
            m_state = hasBody ? State::ReadingBody : State::AwaitingAnswer;
            m_delegate->requestHead(this);
            if (m_state == State::Closed) {
                break;
            }
            if (!hasBody) {
                bodyComplete();
                continue;
            }
            if (m_head.expectContinue && !m_answered && m_socket) {
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            }
            continue;
        }
        if (m_state == State::ReadingBody) {
            const qint64 before = m_bodyReceived;
            const qsizetype inputBefore = m_input.size();
            consumeBody();
            if (m_state == State::ReadingBody && m_bodyReceived == before && m_input.size() == inputBefore) {
                break; // nothing more to read right now
            }
            continue;
        }
        break; // AwaitingAnswer or Writing: the next request waits until this one is answered
    }
    m_processing = false;
}

bool HttpConnection::parseHead(QByteArrayView block)
{
    const qsizetype lineEnd = block.indexOf(QByteArrayView("\r\n"));
    const QByteArrayView requestLine = lineEnd < 0 ? block : block.first(lineEnd);
    const QList<QByteArray> parts = requestLine.toByteArray().split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || !parts[1].startsWith('/')
        || (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0")) {
        failRequest(400, "Bad Request");
        return false;
    }
    m_head.method = parts[0];
    m_head.target = parts[1];
    m_head.version = parts[2];
    m_head.keepAlive = m_head.version == "HTTP/1.1";
    bool sawLength = false;
    qsizetype position = lineEnd < 0 ? block.size() : lineEnd + 2;
    while (position < block.size()) {
        qsizetype end = block.indexOf(QByteArrayView("\r\n"), position);
        if (end < 0) {
            end = block.size();
        }
        const QByteArrayView line = block.sliced(position, end - position);
        position = end + 2;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon))) {
            // Includes obsolete line folding, which RFC 9112 lets a server reject.
            failRequest(400, "Bad Request");
            return false;
        }
        const QByteArray name = line.first(colon).toByteArray();
        const QByteArray value = line.sliced(colon + 1).trimmed().toByteArray();
        m_head.headers.append({name, value});
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            qint64 length = 0;
            if (!parseDecimal(value, length) || (sawLength && length != m_head.contentLength)) {
                failRequest(400, "Bad Request");
                return false;
            }
            sawLength = true;
            m_head.contentLength = length;
        } else if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            if (value.compare("chunked", Qt::CaseInsensitive) != 0) {
                failRequest(501, "Not Implemented");
                return false;
            }
            m_head.chunked = true;
        } else if (name.compare("Connection", Qt::CaseInsensitive) == 0) {
            const QByteArray lower = value.toLower();
            if (lower.contains("close")) {
                m_head.keepAlive = false;
            } else if (lower.contains("keep-alive")) {
                m_head.keepAlive = true;
            }
        } else if (name.compare("Expect", Qt::CaseInsensitive) == 0) {
            if (value.compare("100-continue", Qt::CaseInsensitive) != 0) {
                failRequest(417, "Expectation Failed");
                return false;
            }
            m_head.expectContinue = true;
        }
    }
    if (m_head.chunked && sawLength) {
        // Both framings at once is how request smuggling starts; a strict server refuses.
        failRequest(400, "Bad Request");
        return false;
    }
    if (m_head.version == "HTTP/1.1" && !m_head.hasHeader("Host")) {
        failRequest(400, "Bad Request");
        return false;
    }
    return true;
}

void HttpConnection::consumeBody()
{
    if (!m_input.isEmpty()) {
        const QByteArray pending = std::exchange(m_input, {});
        qsizetype used = 0;
        if (m_head.chunked) {
            used = consumeChunked(pending);
        } else {
            used = std::min<qint64>(pending.size(), m_head.contentLength - m_bodyReceived);
            deliverBody(QByteArrayView(pending).first(used));
        }
        if (m_state == State::Closed) {
            return;
        }
        // Bytes beyond the body belong to the next request (or to an unfinished chunk line).
        m_input = pending.mid(used);
        if (!m_head.chunked && m_bodyReceived == m_head.contentLength) {
            bodyComplete();
        }
        return;
    }
    if (!m_socket || m_socket->bytesAvailable() <= 0) {
        return;
    }
    qint64 wanted = readBudget();
    if (!m_head.chunked) {
        wanted = std::min(wanted, m_head.contentLength - m_bodyReceived);
    }
    if (wanted <= 0) {
        return;
    }
    const QByteArray chunk = m_socket->read(std::min(wanted, readChunk));
    if (m_throttle > 0) {
        m_throttleBudget -= chunk.size();
    }
    if (chunk.isEmpty()) {
        return;
    }
    if (m_head.chunked) {
        const qsizetype used = consumeChunked(chunk);
        if (m_state != State::Closed) {
            m_input = chunk.mid(used);
        }
        return;
    }
    deliverBody(chunk);
    if (m_state != State::Closed && m_bodyReceived == m_head.contentLength) {
        bodyComplete();
    }
}

qsizetype HttpConnection::consumeChunked(QByteArrayView data)
{
    qsizetype position = 0;
    while (position < data.size() && m_state == State::ReadingBody) {
        switch (m_chunkState) {
        case ChunkState::Size: {
            const qsizetype end = data.indexOf(QByteArrayView("\r\n"), position);
            if (end < 0) {
                if (data.size() - position > 1024) {
                    failRequest(400, "Bad Request");
                }
                return position; // wait for the rest of the line
            }
            QByteArrayView line = data.sliced(position, end - position);
            const qsizetype semicolon = line.indexOf(';');
            if (semicolon >= 0) {
                line = line.first(semicolon); // chunk extensions are ignored
            }
            bool ok = false;
            const qint64 size = line.trimmed().toByteArray().toLongLong(&ok, 16);
            if (!ok || size < 0) {
                failRequest(400, "Bad Request");
                return position;
            }
            position = end + 2;
            m_chunkRemaining = size;
            m_chunkState = size == 0 ? ChunkState::Trailer : ChunkState::Data;
            break;
        }
        case ChunkState::Data: {
            const qsizetype take = std::min<qint64>(m_chunkRemaining, data.size() - position);
            deliverBody(data.sliced(position, take));
            position += take;
            m_chunkRemaining -= take;
            if (m_chunkRemaining == 0) {
                m_chunkState = ChunkState::DataEnd;
            }
            break;
        }
        case ChunkState::DataEnd:
            if (data.size() - position < 2) {
                return position;
            }
            if (data[position] != '\r' || data[position + 1] != '\n') {
                failRequest(400, "Bad Request");
                return position;
            }
            position += 2;
            m_chunkState = ChunkState::Size;
            break;
        case ChunkState::Trailer: {
            const qsizetype end = data.indexOf(QByteArrayView("\r\n"), position);
            if (end < 0) {
                return position;
            }
            const bool lastLine = end == position;
            position = end + 2;
            if (lastLine) {
                bodyComplete();
                return position;
            }
            break;
        }
        }
    }
    return position;
}

void HttpConnection::deliverBody(QByteArrayView data)
{
    if (data.isEmpty()) {
        return;
    }
    m_bodyReceived += data.size();
    if (!m_answered) {
        m_delegate->requestBody(this, data);
    }
}

void HttpConnection::bodyComplete()
{
    m_state = State::AwaitingAnswer;
    if (m_answered) {
        // An early answer was already written; the body was only being drained.
        finishAnswer();
        return;
    }
    m_delegate->requestEnd(this);
}

void HttpConnection::writeHead(int status, const QByteArray &reason, HttpHeaders headers, qint64 contentLength)
{
    if (m_state == State::ReadingBody) {
        m_closeAfterAnswer = true; // answered before the body ended: drain it, then close
    }
    const bool closing = m_closeAfterAnswer || !m_head.keepAlive;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const auto &[name, value] : headers) {
        head += name + ": " + value + "\r\n";
    }
    head += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    if (closing) {
        head += "Connection: close\r\n";
    }
    head += "\r\n";
    m_socket->write(head);
    m_answered = true;
}

void HttpConnection::respond(int status, const QByteArray &reason, HttpHeaders headers, const QByteArray &body)
{
    if (m_state == State::Closed || !m_socket || m_answered) {
        return;
    }
    writeHead(status, reason, std::move(headers), body.size());
    if (m_head.method != "HEAD") {
        m_socket->write(body);
    }
    if (m_state != State::ReadingBody) {
        finishAnswer();
    }
}

void HttpConnection::respondWithFile(HttpHeaders headers, const QString &path)
{
    if (m_state == State::Closed || !m_socket || m_answered) {
        return;
    }
    auto *file = new QFile(path, this);
    if (!file->open(QIODevice::ReadOnly)) {
        delete file;
        respond(500, "Internal Server Error", {}, "The stored file cannot be read.\n");
        return;
    }
    writeHead(200, "OK", std::move(headers), file->size());
    if (m_head.method == "HEAD") {
        delete file;
        if (m_state != State::ReadingBody) {
            finishAnswer();
        }
        return;
    }
    m_file = file;
    m_state = State::Writing;
    onBytesWritten();
}

void HttpConnection::onBytesWritten()
{
    if (!m_file || !m_socket || m_state == State::Closed) {
        return;
    }
    while (m_socket->bytesToWrite() < writeHighWater && !m_file->atEnd()) {
        const QByteArray chunk = m_file->read(fileChunk);
        if (chunk.isEmpty()) {
            break;
        }
        m_socket->write(chunk);
    }
    if (m_file->atEnd()) {
        delete std::exchange(m_file, nullptr);
        finishAnswer();
    }
}

void HttpConnection::finishAnswer()
{
    if (m_state == State::Closed || !m_socket) {
        return;
    }
    if (m_closeAfterAnswer || !m_head.keepAlive) {
        m_state = State::Closed;
        m_socket->disconnectFromHost();
        if (m_socket->state() == QAbstractSocket::UnconnectedState) {
            deleteLater();
        }
        return;
    }
    m_state = State::ReadingHead;
    // Pipelined bytes may already be waiting; handle them once the current call stack unwinds.
    QTimer::singleShot(0, this, &HttpConnection::processInput);
}

void HttpConnection::failRequest(int status, const QByteArray &reason)
{
    if (m_state == State::ReadingBody || m_state == State::AwaitingAnswer) {
        m_delegate->connectionLost(this);
    }
    if (m_state == State::Closed || !m_socket) {
        return;
    }
    m_closeAfterAnswer = true;
    m_head.keepAlive = false;
    const QByteArray body = reason + "\n";
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n";
    m_socket->write(head + body);
    m_answered = true;
    m_state = State::Closed;
    m_socket->disconnectFromHost();
}

void HttpConnection::abortConnection()
{
    close(true);
}

void HttpConnection::closeWithoutAnswer()
{
    close(false);
}

void HttpConnection::close(bool abort)
{
    if (m_state == State::Closed) {
        return;
    }
    m_state = State::Closed;
    delete std::exchange(m_file, nullptr);
    if (m_throttleTimer) {
        m_throttleTimer->stop();
    }
    if (m_socket) {
        if (abort) {
            m_socket->abort();
        } else {
            m_socket->disconnectFromHost();
        }
    }
    deleteLater();
}

void HttpConnection::onDisconnected()
{
    if (m_state != State::Closed) {
        // Whatever the peer sent before closing still counts.
        processInput();
    }
    if (m_state == State::ReadingBody || m_state == State::AwaitingAnswer || m_state == State::Writing) {
        const bool waitingForAnswer = !m_answered;
        m_state = State::Closed;
        if (waitingForAnswer) {
            m_delegate->connectionLost(this);
        }
    }
    m_state = State::Closed;
    deleteLater();
}

} // namespace TestSupport
