// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>

#include <utility>

class QFile;

class QTimer;

namespace TestSupport {

using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

/**
 * The request line and headers of one HTTP/1.1 request.
 */
struct HttpRequestHead {
    QByteArray method;
    QByteArray target;    // as sent: path plus optional query
    QByteArray version;   // "HTTP/1.1"
    HttpHeaders headers;
    qint64 contentLength = 0;
    bool chunked = false;
    bool keepAlive = true;
    bool expectContinue = false;

    /// The first header with this name (case-insensitive), or an empty array.
    [[nodiscard]] QByteArray header(QByteArrayView name) const;
    [[nodiscard]] bool hasHeader(QByteArrayView name) const;
    [[nodiscard]] QByteArray path() const;    // target without the query, still percent-encoded
    [[nodiscard]] QByteArray query() const;   // after '?', without it
};

class HttpConnection;

/**
 * What the connection tells the server. Every call happens on the server's thread, from
 * inside the connection's socket handling; the delegate may answer or close from any of them.
 */
class HttpDelegate
{
public:
    virtual ~HttpDelegate() = default;
    /// The request head is complete; the body (if any) follows through requestBody().
    virtual void requestHead(HttpConnection *connection) = 0;
    virtual void requestBody(HttpConnection *connection, QByteArrayView data) = 0;
    /// The whole body has arrived; answer now or later (respond*, abort*, closeWithoutAnswer).
    virtual void requestEnd(HttpConnection *connection) = 0;
    /// The peer went away, or sent something that is not HTTP, before the answer was written.
    virtual void connectionLost(HttpConnection *connection) = 0;
};

/**
 * One accepted TCP connection speaking HTTP/1.1: persistent connections, Content-Length and
 * chunked request bodies, Expect: 100-continue, streamed file responses, and the knobs the
 * fault injection needs (read throttling, dropping the connection). Bodies are passed on as
 * they arrive and never buffered whole. Lives on the server's thread; deletes itself when the
 * socket closes.
 */
class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    HttpConnection(QTcpSocket *socket, HttpDelegate *delegate, QObject *parent = nullptr);
    ~HttpConnection() override;

    [[nodiscard]] const HttpRequestHead &head() const { return m_head; }
    [[nodiscard]] qint64 bodyBytesReceived() const { return m_bodyReceived; }
    [[nodiscard]] bool isOpen() const { return m_state != State::Closed; }
    [[nodiscard]] bool hasAnswered() const { return m_answered; }
    [[nodiscard]] quint64 requestNumber() const { return m_requestNumber; }
    [[nodiscard]] QTcpSocket *socket() const { return m_socket; }

    /// Writes a complete answer. Safe before the body is complete: the connection then closes
    /// after the answer instead of reading the rest.
    void respond(int status, const QByteArray &reason, HttpHeaders headers, const QByteArray &body);
    /// Answers 200 with the file's content, streamed from disk.
    void respondWithFile(HttpHeaders headers, const QString &path);
    /// Resets the connection (RST) without answering: what a crashed server looks like.
    void abortConnection();
    /// Closes the connection cleanly (FIN) without answering.
    void closeWithoutAnswer();
    /// Reads the request body at most this fast (0 = unlimited), so the client feels back-pressure.
    void setReadThrottle(qint64 bytesPerSecond);

    static constexpr qsizetype maxHeadSize = 64 * 1024;

private:
    enum class State { ReadingHead, ReadingBody, AwaitingAnswer, Writing, Closed };
    enum class ChunkState { Size, Data, DataEnd, Trailer };

    void onReadyRead();
    void onBytesWritten();
    void onDisconnected();
    void processInput();
    bool parseHead(QByteArrayView block);
    void consumeBody();
    qsizetype consumeChunked(QByteArrayView data);
    void deliverBody(QByteArrayView data);
    void bodyComplete();
    void writeHead(int status, const QByteArray &reason, HttpHeaders headers, qint64 contentLength);
    void finishAnswer();
    void failRequest(int status, const QByteArray &reason);
    void close(bool abort);
    qint64 readBudget() const;

    QPointer<QTcpSocket> m_socket;
    HttpDelegate *m_delegate = nullptr;
    QTimer *m_throttleTimer = nullptr;
    QFile *m_file = nullptr;
    State m_state = State::ReadingHead;
    ChunkState m_chunkState = ChunkState::Size;
    HttpRequestHead m_head;
    QByteArray m_input;
    qint64 m_bodyReceived = 0;
    qint64 m_chunkRemaining = 0;
    qint64 m_throttle = 0;
    qint64 m_throttleBudget = 0;
    quint64 m_requestNumber = 0;
    bool m_answered = false;
    bool m_closeAfterAnswer = false;
    bool m_processing = false;
};

} // namespace TestSupport
