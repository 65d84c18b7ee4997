// SPDX-License-Identifier: GPL-3.0-or-later
// One UploadTransfer against a scripted raw-TCP server in this file: the request as it arrives
// on the wire, every framing of the answer, early answers, a server that closes, stalls,
// answers garbage or is not there, a file that changes, abort() and destruction while
// running, and the progress of a large body.
#include <QElapsedTimer>
#include <QFile>
#include <QList>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

#include "core/upload/multipartbody.h"
#include "core/upload/uploadtransfer.h"

using namespace Qt::StringLiterals;
using Upload::MultipartBody;
using Upload::TransferRequest;
using Upload::TransferResult;
using Upload::UploadTransfer;
using Failure = TransferResult::Failure;

namespace {

constexpr qint64 MiB = 1024 * 1024;
constexpr int finishTimeout = 30000;

const QByteArray userAgent = "slipway-test/1.0 (transfer)";
const QByteArray authorization = "Basic X190b2tlbl9fOnB5cGktdGVzdA==";

// What the server does with each connection.
struct Script {
    enum class Mode {
        AnswerAfterRequest, ///< read the head and Content-Length body, then answer
        AnswerAfterHead,    ///< answer as soon as the request head is in
        CloseAfterBytes,    ///< close once `closeAfter` bytes are in, never answer
        CloseAfterRequest,  ///< read everything, close without answering
        SilentAfterRequest, ///< read everything, never answer, never close
        NeverRead,          ///< accept, read nothing (a small read buffer, so the kernel's fill up)
        SlowRead,           ///< read `readPerTick` bytes per timer tick, answer after the request
    };
    enum class End {
        KeepOpen,  ///< after answering, go on reading
        Close,     ///< flush the answer, then close
        Reset,     ///< write the answer, then close with SO_LINGER 0: a RST
    };
    Mode mode = Mode::AnswerAfterRequest;
    QByteArray answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nOK";
    End end = End::Close;
    qint64 closeAfter = 0;
    qint64 readPerTick = 256 * 1024;
};

struct Connection {
    QPointer<QTcpSocket> socket;
    QByteArray received;
    qsizetype headEnd = -1;       // bytes of the request head, with its empty line
    qint64 contentLength = -1;
    bool answered = false;
    bool closedByUs = false;
    bool disconnected = false;

    [[nodiscard]] bool hasHead() const { return headEnd >= 0; }
    [[nodiscard]] bool requestComplete() const
    {
        return hasHead() && contentLength >= 0 && received.size() >= headEnd + contentLength;
    }
    [[nodiscard]] QByteArray head() const { return hasHead() ? received.first(headEnd) : QByteArray(); }
    [[nodiscard]] QByteArray body() const { return hasHead() ? received.sliced(headEnd) : QByteArray(); }
};

// A QTcpServer on 127.0.0.1 in the test's thread that records every byte of each connection
// and follows a Script.
class ScriptedServer final : public QObject
{
    Q_DISABLE_COPY_MOVE(ScriptedServer)

public:
    explicit ScriptedServer(Script script)
        : m_script(std::move(script))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] { accept(); });
        m_tick.setInterval(1);
        QObject::connect(&m_tick, &QTimer::timeout, this, [this] { tick(); });
    }

    ~ScriptedServer() override
    {
        // The sockets are the server's children: gone before the records they write to.
        for (const auto &connection : m_connections) {
            delete connection->socket.data();
        }
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    [[nodiscard]] QUrl url(const QString &path = u"/legacy/"_s) const
    {
        return QUrl(u"http://127.0.0.1:%1%2"_s.arg(port()).arg(path));
    }
    [[nodiscard]] qsizetype connectionCount() const { return qsizetype(m_connections.size()); }
    [[nodiscard]] Connection &connection(qsizetype index) { return *m_connections.at(size_t(index)); }
    [[nodiscard]] qint64 totalReceived() const
    {
        qint64 total = 0;
        for (const auto &connection : m_connections) {
            total += connection->received.size();
        }
        return total;
    }

    /// Switches every connection to reading everything from now on (after NeverRead).
    void readEverything()
    {
        m_script.mode = Script::Mode::SilentAfterRequest;
        for (const auto &connection : m_connections) {
            if (connection->socket != nullptr) {
                connection->socket->setReadBufferSize(0);
                take(*connection);
            }
        }
    }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            auto connection = std::make_unique<Connection>();
            Connection *c = connection.get();
            c->socket = socket;
            m_connections.push_back(std::move(connection));
            if (m_script.mode == Script::Mode::NeverRead || m_script.mode == Script::Mode::SlowRead) {
                socket->setReadBufferSize(m_script.mode == Script::Mode::NeverRead ? 64 * 1024 : 256 * 1024);
            }
            if (m_script.mode == Script::Mode::SlowRead) {
                m_tick.start();
            }
            QObject::connect(socket, &QTcpSocket::readyRead, this, [this, c] {
                if (m_script.mode != Script::Mode::NeverRead && m_script.mode != Script::Mode::SlowRead) {
                    take(*c);
                }
            });
            QObject::connect(socket, &QTcpSocket::disconnected, this, [c] { c->disconnected = true; });
            if (socket->bytesAvailable() > 0 && m_script.mode != Script::Mode::NeverRead
                && m_script.mode != Script::Mode::SlowRead) {
                take(*c);
            }
        }
    }

    void tick()
    {
        for (const auto &connection : m_connections) {
            if (connection->socket != nullptr && !connection->closedByUs) {
                take(*connection, m_script.readPerTick);
            }
        }
    }

    void take(Connection &c, qint64 limit = -1)
    {
        if (c.socket == nullptr || c.closedByUs) {
            return;
        }
        c.received += limit < 0 ? c.socket->readAll() : c.socket->read(limit);
        if (!c.hasHead()) {
            const qsizetype end = c.received.indexOf("\r\n\r\n");
            if (end >= 0) {
                c.headEnd = end + 4;
                for (const QByteArray &line : c.received.first(end).split('\n')) {
                    const QByteArray trimmed = line.trimmed();
                    if (trimmed.toLower().startsWith("content-length:")) {
                        c.contentLength = trimmed.sliced(15).trimmed().toLongLong();
                    }
                }
            }
        }
        using Mode = Script::Mode;
        switch (m_script.mode) {
        case Mode::AnswerAfterRequest:
        case Mode::SlowRead:
            if (c.requestComplete() && !c.answered) {
                answer(c);
            }
            break;
        case Mode::AnswerAfterHead:
            if (c.hasHead() && !c.answered) {
                answer(c);
            }
            break;
        case Mode::CloseAfterBytes:
            if (c.received.size() >= m_script.closeAfter) {
                c.closedByUs = true;
                c.socket->close();
            }
            break;
        case Mode::CloseAfterRequest:
            if (c.requestComplete()) {
                c.closedByUs = true;
                c.socket->disconnectFromHost();
            }
            break;
        case Mode::SilentAfterRequest:
        case Mode::NeverRead:
            break;
        }
    }

    void answer(Connection &c)
    {
        c.answered = true;
        c.socket->write(m_script.answer);
        switch (m_script.end) {
        case Script::End::KeepOpen:
            break;
        case Script::End::Close:
            c.closedByUs = true;
            c.socket->disconnectFromHost();
            break;
        case Script::End::Reset:
            c.closedByUs = true;
            c.socket->flush();
#ifdef Q_OS_UNIX
            {
                const linger noLinger{1, 0};
                ::setsockopt(int(c.socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &noLinger, sizeof noLinger);
            }
#endif
            c.socket->abort();
            break;
        }
    }

    QTcpServer m_server;
    QTimer m_tick;
    Script m_script;
    std::vector<std::unique_ptr<Connection>> m_connections;
};

// Bytes that do not repeat with any short period (xorshift), so a piece sent twice or out of
// order shows.
QByteArray patternedBytes(qint64 size, quint64 seed)
{
    QByteArray bytes(qsizetype(size), Qt::Uninitialized);
    quint64 state = seed * 0x9E3779B97F4A7C15ULL + 1;
    for (qsizetype i = 0; i < bytes.size(); i += 8) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        std::memcpy(bytes.data() + i, &state, size_t(std::min<qsizetype>(8, bytes.size() - i)));
    }
    return bytes;
}

// A file to upload and a body made of it.
struct Prepared {
    QString path;
    QByteArray fileBytes;   // empty for large files that are not compared
    QByteArray bodyHead;
    QByteArray bodyTail;
    std::unique_ptr<MultipartBody> body;
};

Prepared makeUpload(const QTemporaryDir &dir, qint64 size, bool keepBytes = true)
{
    Prepared upload;
    upload.path = dir.filePath(u"demo-1.0-py3-none-any.whl"_s);
    QFile file(upload.path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        qFatal("cannot write %s", qPrintable(upload.path));
    }
    const QByteArray bytes = patternedBytes(size, quint64(size));
    file.write(bytes);
    file.close();
    if (keepBytes) {
        upload.fileBytes = bytes;
    }
    const QList<Upload::FormField> fields = {
        {u":action"_s, u"file_upload"_s},
        {u"protocol_version"_s, u"1"_s},
        {u"name"_s, u"demo"_s},
        {u"version"_s, u"1.0"_s},
    };
    upload.body = std::make_unique<MultipartBody>(fields, u"content"_s, upload.path, u"demo-1.0-py3-none-any.whl"_s,
                                                  size);
    upload.bodyHead = upload.body->head();
    upload.bodyTail = "\r\n--" + upload.body->boundary() + "--\r\n";
    return upload;
}

TransferRequest makeRequest(const QUrl &url, std::chrono::milliseconds stallTimeout = std::chrono::milliseconds(300000))
{
    TransferRequest request;
    request.url = url;
    request.headers = {{"User-Agent", userAgent}, {"Authorization", authorization}};
    request.stallTimeout = stallTimeout;
    return request;
}

// An upload URL on a loopback port that was just listening and is closed now: connections are refused.
QUrl closedPortUrl()
{
    QTcpServer gone;
    if (!gone.listen(QHostAddress::LocalHost, 0)) {
        return {};
    }
    const quint16 port = gone.serverPort();
    gone.close();
    return QUrl(u"http://127.0.0.1:%1/legacy/"_s.arg(port));
}

// Starts the transfer and waits for finished(); true when it came.
bool runToEnd(UploadTransfer &transfer, QSignalSpy &spy)
{
    transfer.start();
    return !spy.isEmpty() || spy.wait(finishTimeout);
}

// One upload of a generated file to a server that follows a script, run until finished().
struct Exchange {
    explicit Exchange(const Script &script)
        : server(script)
    {
    }
    ScriptedServer server;
    std::unique_ptr<UploadTransfer> transfer;
    qint64 bodySize = 0;

    [[nodiscard]] const TransferResult &result() const { return transfer->result(); }
    // Listens, writes a file of `fileSize` bytes, sends it and waits; false when a step failed.
    bool run(const QTemporaryDir &dir, qint64 fileSize,
             std::chrono::milliseconds stallTimeout = std::chrono::milliseconds(300000))
    {
        if (!server.listen()) {
            return false;
        }
        Prepared upload = makeUpload(dir, fileSize, false);
        bodySize = upload.body->size();
        transfer = std::make_unique<UploadTransfer>(makeRequest(server.url(), stallTimeout), std::move(upload.body));
        QSignalSpy spy(transfer.get(), &UploadTransfer::finished);
        return runToEnd(*transfer, spy);
    }
};

struct ParsedHead {
    QByteArray requestLine;
    QList<std::pair<QByteArray, QByteArray>> fields;
    [[nodiscard]] QByteArrayList values(QByteArrayView name) const
    {
        QByteArrayList found;
        for (const auto &[fieldName, value] : fields) {
            if (fieldName.compare(name, Qt::CaseInsensitive) == 0) {
                found.append(value);
            }
        }
        return found;
    }
};

ParsedHead parseHead(const QByteArray &head)
{
    ParsedHead parsed;
    QByteArrayList lines = head.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r')) {
            line.chop(1);
        }
    }
    parsed.requestLine = lines.value(0);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0) {
            parsed.fields.append({lines[i].first(colon), lines[i].sliced(colon + 1).trimmed()});
        }
    }
    return parsed;
}

} // namespace

Q_DECLARE_METATYPE(Script::Mode)
Q_DECLARE_METATYPE(Script::End)

class TestUploadTransfer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestHead_data();
    void requestHead();

    void happyPathSendsTheWholeRequestOnce();
    void answerFramings_data();
    void answerFramings();
    void earlyAnswerIsTheResult_data();
    void earlyAnswerIsTheResult();
    void closeMidBodyIsClosed();
    void closeWithoutAnswerIsClosed();
    void stallIsReported_data();
    void stallIsReported();
    void malformedAnswer_data();
    void malformedAnswer();
    void connectionRefused();
    void changedFileFailsBeforeConnecting_data();
    void changedFileFailsBeforeConnecting();
    void fileShrinkingWhileSentFails();
    void abortWhileStalled_data();
    void abortWhileStalled();
    void abortAfterTheWorkerEnded();
    void destroyWhileRunning_data();
    void destroyWhileRunning();
    void progressRisesAndStaysBounded();

private:
    QTemporaryDir m_dir;
};

void TestUploadTransfer::requestHead_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("host");

    QTest::newRow("path with query") << QUrl(u"http://example.org:8080/legacy/?a=b&c=d%20e"_s)
                                     << QByteArray("/legacy/?a=b&c=d%20e") << QByteArray("example.org:8080");
    QTest::newRow("IPv6 literal") << QUrl(u"http://[::1]:8080/upload"_s) << QByteArray("/upload")
                                  << QByteArray("[::1]:8080");
    QTest::newRow("empty path") << QUrl(u"http://example.org"_s) << QByteArray("/") << QByteArray("example.org");
    QTest::newRow("default port omitted") << QUrl(u"https://upload.pypi.org/legacy/"_s) << QByteArray("/legacy/")
                                          << QByteArray("upload.pypi.org");
    QTest::newRow("user info dropped") << QUrl(u"https://user:secret@example.org:8443/x/"_s) << QByteArray("/x/")
                                       << QByteArray("example.org:8443");
    QTest::newRow("space in path encoded") << QUrl(u"http://example.org/a b/"_s) << QByteArray("/a%20b/")
                                           << QByteArray("example.org");
}

void TestUploadTransfer::requestHead()
{
    QFETCH(QUrl, url);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, host);

    const QByteArray head = UploadTransfer::requestHead(url, {{"User-Agent", userAgent}, {"Authorization", authorization}},
                                                        "multipart/form-data; boundary=xyz", 12345);
    const QByteArray expected = "POST " + target + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + userAgent
        + "\r\nAuthorization: " + authorization
        + "\r\nContent-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 12345\r\n"
          "Accept-Encoding: identity\r\nConnection: close\r\n\r\n";
    QCOMPARE(head, expected);
}

void TestUploadTransfer::happyPathSendsTheWholeRequestOnce()
{
    ScriptedServer server(Script{});
    QVERIFY(server.listen());
    // Several 512 KiB pieces, and a last one that is not full.
    Prepared upload = makeUpload(m_dir, 3 * MiB + 12345);
    const qint64 bodySize = upload.body->size();
    QCOMPARE(bodySize, upload.bodyHead.size() + upload.fileBytes.size() + upload.bodyTail.size());

    UploadTransfer transfer(makeRequest(server.url()), std::move(upload.body));
    QCOMPARE(transfer.bodySize(), bodySize);
    QCOMPARE(transfer.bodyBytesSent(), 0);
    QVERIFY(!transfer.isFinished());
    QSignalSpy spy(&transfer, &UploadTransfer::finished);
    QVERIFY(runToEnd(transfer, spy));
    QCoreApplication::processEvents();
    QCOMPARE(spy.count(), 1);
    QVERIFY(transfer.isFinished());

    const TransferResult &result = transfer.result();
    QCOMPARE(result.failure, Failure::None);
    QVERIFY2(result.message.isEmpty(), qPrintable(result.message));
    QCOMPARE(result.answer.status, 200);
    QCOMPARE(result.answer.reason, QByteArray("OK"));
    QCOMPARE(result.answer.body, QByteArray("OK"));
    QCOMPARE(result.answer.contentType, QByteArray("text/plain"));
    QVERIFY(result.bodyComplete);
    QCOMPARE(result.bodyBytesTaken, bodySize);
    QCOMPARE(transfer.bodyBytesSent(), bodySize);

    QCOMPARE(server.connectionCount(), 1);
    const Connection &c = server.connection(0);
    QVERIFY(c.requestComplete());
    const ParsedHead head = parseHead(c.head());
    QCOMPARE(head.requestLine, QByteArray("POST /legacy/ HTTP/1.1"));
    QCOMPARE(head.values("Host"), QByteArrayList{"127.0.0.1:" + QByteArray::number(server.port())});
    QCOMPARE(head.values("Content-Length"), QByteArrayList{QByteArray::number(bodySize)});
    QCOMPARE(head.values("Connection"), QByteArrayList{"close"});
    QCOMPARE(head.values("User-Agent"), QByteArrayList{userAgent});
    QCOMPARE(head.values("Authorization"), QByteArrayList{authorization});
    QCOMPARE(head.values("Content-Type").size(), 1);
    QVERIFY(head.values("Content-Type").constFirst().startsWith("multipart/form-data; boundary="));
    QVERIFY(head.values("Transfer-Encoding").isEmpty());
    QVERIFY(head.values("Expect").isEmpty());

    const QByteArray body = c.body();
    QCOMPARE(body.size(), bodySize);
    QVERIFY(body.startsWith(upload.bodyHead));
    QVERIFY(body.endsWith(upload.bodyTail));
    // Compare the file part without printing megabytes when it differs.
    QVERIFY(body.sliced(upload.bodyHead.size(), upload.fileBytes.size()) == upload.fileBytes);
}

void TestUploadTransfer::answerFramings_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<Script::End>("end");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QByteArray>("retryAfter");

    const QByteArray none;
    QTest::newRow("Content-Length, connection left open")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 11\r\n\r\n"
                      "<p>done</p>")
        << Script::End::KeepOpen << 200 << QByteArray("OK") << QByteArray("<p>done</p>")
        << QByteArray("text/html; charset=utf-8") << QString() << none;
    QTest::newRow("Content-Length, then close")
        << QByteArray("HTTP/1.1 400 Invalid distribution file.\r\nContent-Length: 25\r\n\r\nInvalid distribution file")
        << Script::End::Close << 400 << QByteArray("Invalid distribution file.") << QByteArray("Invalid distribution file")
        << none << QString() << none;
    QTest::newRow("chunked with extension and trailer")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
                      "5;name=value\r\nHello\r\n7\r\n, world\r\n0\r\nX-Checksum: abc\r\n\r\n")
        << Script::End::KeepOpen << 200 << QByteArray("OK") << QByteArray("Hello, world") << QByteArray("text/plain")
        << QString() << none;
    QTest::newRow("close-delimited")
        << QByteArray("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 120\r\nContent-Type: text/plain\r\n\r\n"
                      "try again later")
        << Script::End::Close << 503 << QByteArray("Service Unavailable") << QByteArray("try again later")
        << QByteArray("text/plain") << QString() << QByteArray("120");
    QTest::newRow("204 without body")
        << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << Script::End::KeepOpen << 204 << QByteArray("No Content")
        << QByteArray() << none << QString() << none;
    QTest::newRow("100 Continue first")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK")
        << Script::End::KeepOpen << 200 << QByteArray("OK") << QByteArray("OK") << none << QString() << none;
    QTest::newRow("redirect with Location")
        << QByteArray("HTTP/1.1 301 Moved Permanently\r\nLocation: https://upload.example.org/legacy/\r\n"
                      "Content-Length: 0\r\n\r\n")
        << Script::End::Close << 301 << QByteArray("Moved Permanently") << QByteArray() << none
        << u"https://upload.example.org/legacy/"_s << none;
    QTest::newRow("429 with Retry-After date")
        << QByteArray("HTTP/1.1 429 Too Many Requests\r\nRetry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\n"
                      "Content-Length: 4\r\n\r\nslow")
        << Script::End::KeepOpen << 429 << QByteArray("Too Many Requests") << QByteArray("slow") << none << QString()
        << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT");
}

void TestUploadTransfer::answerFramings()
{
    QFETCH(QByteArray, answer);
    QFETCH(Script::End, end);
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, location);
    QFETCH(QByteArray, retryAfter);

    Script script;
    script.answer = answer;
    script.end = end;
    Exchange exchange(script);
    QVERIFY(exchange.run(m_dir, 700 * 1024));
    ScriptedServer &server = exchange.server;
    const qint64 bodySize = exchange.bodySize;
    const TransferResult &result = exchange.result();
    QVERIFY2(result.failure == Failure::None, qPrintable(result.message));
    QCOMPARE(result.answer.status, status);
    QCOMPARE(result.answer.reason, reason);
    QCOMPARE(result.answer.body, body);
    QCOMPARE(result.answer.contentType, contentType);
    QCOMPARE(result.answer.location, location);
    QCOMPARE(result.answer.retryAfter, retryAfter);
    QVERIFY(result.bodyComplete);
    QCOMPARE(exchange.transfer->bodyBytesSent(), bodySize);
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(server.connection(0).body().size(), bodySize);
}

void TestUploadTransfer::earlyAnswerIsTheResult_data()
{
    QTest::addColumn<Script::End>("end");

    // The server keeps reading (and dropping) the rest: the answer must end the transfer at
    // once, without waiting for the body to go through.
    QTest::newRow("answer, go on reading") << Script::End::KeepOpen;
    // The server closes with most of the body unread, so its kernel resets the connection
    // (a plain close with unread data is a RST on Linux; SO_LINGER 0 makes it one at once).
    // The reset fails a write under way, and Qt's socket engine closes its descriptor inside
    // that write; the 413 is still in the receive queue and must be read from there.
    QTest::newRow("answer, close") << Script::End::Close;
    QTest::newRow("answer, reset") << Script::End::Reset;
}

void TestUploadTransfer::earlyAnswerIsTheResult()
{
    QFETCH(Script::End, end);

    Script script;
    script.mode = Script::Mode::AnswerAfterHead;
    script.answer = "HTTP/1.1 413 Request Entity Too Large\r\nContent-Type: text/plain\r\nContent-Length: 22\r\n\r\n"
                    "File too large (limit)";
    script.end = end;
    Exchange exchange(script);
    QVERIFY(exchange.run(m_dir, 32 * MiB));
    ScriptedServer &server = exchange.server;
    const qint64 bodySize = exchange.bodySize;
    const TransferResult &result = exchange.result();
    QVERIFY2(result.failure == Failure::None,
             qPrintable(u"failure %1: %2"_s.arg(int(result.failure)).arg(result.message)));
    QCOMPARE(result.answer.status, 413);
    QCOMPARE(result.answer.reason, QByteArray("Request Entity Too Large"));
    QCOMPARE(result.answer.body, QByteArray("File too large (limit)"));
    QVERIFY(!result.bodyComplete);
    QVERIFY(result.bodyBytesTaken < bodySize);
    QVERIFY(exchange.transfer->bodyBytesSent() < bodySize);
    QCOMPARE(server.connectionCount(), 1);
    QVERIFY(server.connection(0).received.size() < bodySize);
}

void TestUploadTransfer::closeMidBodyIsClosed()
{
    Script script;
    script.mode = Script::Mode::CloseAfterBytes;
    script.closeAfter = 1 * MiB;
    Exchange exchange(script);
    QVERIFY(exchange.run(m_dir, 16 * MiB));
    ScriptedServer &server = exchange.server;
    const qint64 bodySize = exchange.bodySize;
    const TransferResult &result = exchange.result();
    QVERIFY2(result.failure == Failure::Closed, qPrintable(result.message));
    QVERIFY(!result.message.isEmpty());
    QCOMPARE(result.answer.status, 0);
    QVERIFY(result.bodyBytesTaken > 0);
    QVERIFY(result.bodyBytesTaken < bodySize);
    QVERIFY(!result.bodyComplete);
    QVERIFY(exchange.transfer->bodyBytesSent() < bodySize);
    // Never sent again on a connection of its own.
    QCOMPARE(server.connectionCount(), 1);
}

void TestUploadTransfer::closeWithoutAnswerIsClosed()
{
    Script script;
    script.mode = Script::Mode::CloseAfterRequest;
    Exchange exchange(script);
    QVERIFY(exchange.run(m_dir, 1 * MiB + 1));
    ScriptedServer &server = exchange.server;
    const qint64 bodySize = exchange.bodySize;
    const TransferResult &result = exchange.result();
    QVERIFY2(result.failure == Failure::Closed, qPrintable(result.message));
    QVERIFY2(result.message.contains(u"closed before the registry answered"_s), qPrintable(result.message));
    QCOMPARE(result.answer.status, 0);
    QVERIFY(result.bodyComplete);
    QCOMPARE(result.bodyBytesTaken, bodySize);
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(server.connection(0).body().size(), bodySize);
}

void TestUploadTransfer::stallIsReported_data()
{
    QTest::addColumn<Script::Mode>("mode");
    QTest::addColumn<qint64>("fileSize");
    QTest::addColumn<bool>("bodyComplete");

    // The kernel's buffers fill up, then nothing moves.
    QTest::newRow("server reads nothing") << Script::Mode::NeverRead << 32 * MiB << false;
    // The whole body is in, no answer comes.
    QTest::newRow("server never answers") << Script::Mode::SilentAfterRequest << 1 * MiB << true;
}

void TestUploadTransfer::stallIsReported()
{
    QFETCH(Script::Mode, mode);
    QFETCH(qint64, fileSize);
    QFETCH(bool, bodyComplete);

    Script script;
    script.mode = mode;
    Exchange exchange(script);
    QVERIFY(exchange.run(m_dir, fileSize, std::chrono::milliseconds(300)));
    ScriptedServer &server = exchange.server;
    const TransferResult &result = exchange.result();
    QVERIFY2(result.failure == Failure::Stalled, qPrintable(result.message));
    QVERIFY(!result.message.isEmpty());
    QCOMPARE(result.answer.status, 0);
    QCOMPARE(result.bodyComplete, bodyComplete);
    QCOMPARE(server.connectionCount(), 1);
}

void TestUploadTransfer::malformedAnswer_data()
{
    QTest::addColumn<Script::Mode>("mode");
    QTest::addColumn<QByteArray>("answer");

    QTest::newRow("garbage after the request") << Script::Mode::AnswerAfterRequest << QByteArray("garbage\r\n\r\n");
    QTest::newRow("garbage early") << Script::Mode::AnswerAfterHead << QByteArray("garbage\r\n\r\n");
    QTest::newRow("bad chunk size") << Script::Mode::AnswerAfterRequest
                                    << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
}

void TestUploadTransfer::malformedAnswer()
{
    QFETCH(Script::Mode, mode);
    QFETCH(QByteArray, answer);

    Script script;
    script.mode = mode;
    script.answer = answer;
    script.end = Script::End::KeepOpen;
    Exchange exchange(script);
    QVERIFY(exchange.run(m_dir, 600 * 1024));
    ScriptedServer &server = exchange.server;
    const TransferResult &result = exchange.result();
    QVERIFY2(result.failure == Failure::Malformed, qPrintable(result.message));
    QVERIFY(!result.message.isEmpty());
    QCOMPARE(result.answer.status, 0);
    QCOMPARE(server.connectionCount(), 1);
}

void TestUploadTransfer::connectionRefused()
{
    const QUrl nobody = closedPortUrl();
    QVERIFY(!nobody.isEmpty());
    Prepared upload = makeUpload(m_dir, 1000);
    UploadTransfer transfer(makeRequest(nobody), std::move(upload.body));
    QSignalSpy spy(&transfer, &UploadTransfer::finished);
    QVERIFY(runToEnd(transfer, spy));

    const TransferResult &result = transfer.result();
    QVERIFY2(result.failure == Failure::Connect, qPrintable(result.message));
    QVERIFY(!result.message.isEmpty());
    QCOMPARE(result.answer.status, 0);
    QCOMPARE(result.bodyBytesTaken, 0);
    QVERIFY(!result.bodyComplete);
    QCOMPARE(transfer.bodyBytesSent(), 0);
}

void TestUploadTransfer::changedFileFailsBeforeConnecting_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("words");

    QTest::newRow("grew") << u"grow"_s << u"changed since it was hashed"_s;
    QTest::newRow("shrank") << u"shrink"_s << u"changed since it was hashed"_s;
    QTest::newRow("removed") << u"remove"_s << u"Cannot open"_s;
}

void TestUploadTransfer::changedFileFailsBeforeConnecting()
{
    QFETCH(QString, change);
    QFETCH(QString, words);

    ScriptedServer server(Script{});
    QVERIFY(server.listen());
    Prepared upload = makeUpload(m_dir, 100 * 1024);
    if (change == u"grow"_s) {
        QFile file(upload.path);
        QVERIFY(file.open(QIODevice::Append));
        file.write("more");
    } else if (change == u"shrink"_s) {
        QVERIFY(QFile::resize(upload.path, 10));
    } else {
        QVERIFY(QFile::remove(upload.path));
    }
    UploadTransfer transfer(makeRequest(server.url()), std::move(upload.body));
    QSignalSpy spy(&transfer, &UploadTransfer::finished);
    QVERIFY(runToEnd(transfer, spy));

    const TransferResult &result = transfer.result();
    QVERIFY2(result.failure == Failure::File, qPrintable(result.message));
    QVERIFY2(result.message.contains(words), qPrintable(result.message));
    QCOMPARE(result.bodyBytesTaken, 0);
    QVERIFY(!result.bodyComplete);
    QCOMPARE(transfer.bodyBytesSent(), 0);
    // The file is checked before connecting: the server never saw a connection.
    QCOMPARE(server.connectionCount(), 0);
}

void TestUploadTransfer::fileShrinkingWhileSentFails()
{
    Script script;
    script.mode = Script::Mode::NeverRead;
    ScriptedServer server(script);
    QVERIFY(server.listen());
    Prepared upload = makeUpload(m_dir, 32 * MiB, false);
    const qint64 bodySize = upload.body->size();
    UploadTransfer transfer(makeRequest(server.url()), std::move(upload.body));
    QSignalSpy spy(&transfer, &UploadTransfer::finished);
    transfer.start();
    // The kernel took the first bytes, then the server stopped reading: far less than the
    // file is out. Cut the file, then let the server read again.
    QTRY_VERIFY(transfer.bodyBytesSent() > 0);
    QVERIFY(QFile::resize(upload.path, 0));
    server.readEverything();
    QVERIFY(!spy.isEmpty() || spy.wait(finishTimeout));

    const TransferResult &result = transfer.result();
    QVERIFY2(result.failure == Failure::File, qPrintable(result.message));
    QVERIFY2(result.message.contains(u"shorter"_s), qPrintable(result.message));
    QVERIFY(!result.bodyComplete);
    QVERIFY(result.bodyBytesTaken < bodySize);
    QCOMPARE(server.connectionCount(), 1);
}

void TestUploadTransfer::abortWhileStalled_data()
{
    QTest::addColumn<Script::Mode>("mode");
    QTest::addColumn<qint64>("fileSize");

    QTest::newRow("server reads nothing") << Script::Mode::NeverRead << 32 * MiB;
    QTest::newRow("server never answers") << Script::Mode::SilentAfterRequest << 1 * MiB;
}

void TestUploadTransfer::abortWhileStalled()
{
    QFETCH(Script::Mode, mode);
    QFETCH(qint64, fileSize);

    Script script;
    script.mode = mode;
    ScriptedServer server(script);
    QVERIFY(server.listen());
    Prepared upload = makeUpload(m_dir, fileSize, false);
    UploadTransfer transfer(makeRequest(server.url()), std::move(upload.body));
    QSignalSpy spy(&transfer, &UploadTransfer::finished);
    transfer.abort(); // before start(): nothing to stop, no finished()
    transfer.start();
    QTRY_VERIFY(server.connectionCount() == 1 && transfer.bodyBytesSent() > 0);
    if (mode == Script::Mode::SilentAfterRequest) {
        QTRY_VERIFY(server.connection(0).requestComplete());
    }
    QVERIFY(spy.isEmpty());
    transfer.abort();
    QVERIFY(spy.wait(finishTimeout));
    QCoreApplication::processEvents();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(transfer.result().failure, Failure::Aborted);
    QCOMPARE(transfer.result().answer.status, 0);
    transfer.abort(); // after the end: nothing happens
    QCoreApplication::processEvents();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(transfer.result().failure, Failure::Aborted);
    if (mode == Script::Mode::SilentAfterRequest) {
        // The connection is closed, not left to the registry.
        QTRY_VERIFY(server.connection(0).disconnected);
    }
}

void TestUploadTransfer::abortAfterTheWorkerEnded()
{
    // The worker ends on its own (connection refused) and its thread finishes while
    // finished() is still queued for this thread; abort() in that gap must be harmless.
    const QUrl nobody = closedPortUrl();
    QVERIFY(!nobody.isEmpty());
    Prepared upload = makeUpload(m_dir, 1000);
    UploadTransfer transfer(makeRequest(nobody), std::move(upload.body));
    auto *thread = transfer.findChild<QThread *>();
    QVERIFY(thread != nullptr);
    QSignalSpy spy(&transfer, &UploadTransfer::finished);
    transfer.start();
    // Without running this thread's event loop, so that finished() stays queued.
    for (int i = 0; i < finishTimeout && !thread->isFinished(); ++i) {
        QThread::msleep(1);
    }
    QVERIFY(thread->isFinished());
    QVERIFY(!transfer.isFinished());
    transfer.abort();
    QVERIFY(!spy.isEmpty() || spy.wait(finishTimeout));
    QCOMPARE(transfer.result().failure, Failure::Connect);
}

void TestUploadTransfer::destroyWhileRunning_data()
{
    QTest::addColumn<QString>("when");

    QTest::newRow("never started") << u"never started"_s;
    QTest::newRow("right after start") << u"right after start"_s;
    QTest::newRow("server reads nothing") << u"server reads nothing"_s;
    QTest::newRow("waiting for the answer") << u"waiting for the answer"_s;
}

void TestUploadTransfer::destroyWhileRunning()
{
    QFETCH(QString, when);

    Script script;
    script.mode = when == u"server reads nothing"_s ? Script::Mode::NeverRead : Script::Mode::SilentAfterRequest;
    ScriptedServer server(script);
    QVERIFY(server.listen());
    Prepared upload = makeUpload(m_dir, when == u"server reads nothing"_s ? 32 * MiB : 1 * MiB, false);
    auto transfer = std::make_unique<UploadTransfer>(makeRequest(server.url()), std::move(upload.body));
    bool finished = false;
    QObject::connect(transfer.get(), &UploadTransfer::finished, this, [&finished] { finished = true; });
    if (when != u"never started"_s) {
        transfer->start();
    }
    if (when == u"server reads nothing"_s) {
        QTRY_VERIFY(server.connectionCount() == 1 && transfer->bodyBytesSent() > 0);
    } else if (when == u"waiting for the answer"_s) {
        QTRY_VERIFY(server.connectionCount() == 1 && server.connection(0).requestComplete());
    }
    // Returns (the destructor aborts and waits for the thread) and nothing is delivered later.
    transfer.reset();
    QCoreApplication::processEvents();
    QVERIFY(!finished);
    if (when == u"waiting for the answer"_s) {
        QTRY_VERIFY(server.connection(0).disconnected);
    }
}

void TestUploadTransfer::progressRisesAndStaysBounded()
{
    Script script;
    script.mode = Script::Mode::SlowRead;
    script.readPerTick = 256 * 1024;
    ScriptedServer server(script);
    QVERIFY(server.listen());
    Prepared upload = makeUpload(m_dir, 64 * MiB, false);
    const qint64 bodySize = upload.body->size();
    UploadTransfer transfer(makeRequest(server.url()), std::move(upload.body));
    QSignalSpy spy(&transfer, &UploadTransfer::finished);

    struct Sample {
        qint64 sent;
        qint64 received;
    };
    std::vector<Sample> samples;
    QTimer sampler;
    sampler.setInterval(1);
    QObject::connect(&sampler, &QTimer::timeout, this,
                     [&] { samples.push_back({transfer.bodyBytesSent(), server.totalReceived()}); });
    sampler.start();
    transfer.start();
    QVERIFY(spy.wait(finishTimeout * 2));
    sampler.stop();
    samples.push_back({transfer.bodyBytesSent(), server.totalReceived()});

    const TransferResult &result = transfer.result();
    QVERIFY2(result.failure == Failure::None, qPrintable(result.message));
    QCOMPARE(result.answer.status, 200);
    QVERIFY(result.bodyComplete);
    QCOMPARE(transfer.bodyBytesSent(), bodySize);

    qint64 previous = 0;
    bool partway = false;
    for (const Sample &sample : samples) {
        QVERIFY2(sample.sent >= previous, qPrintable(u"progress fell from %1 to %2"_s.arg(previous).arg(sample.sent)));
        QVERIFY(sample.sent <= bodySize);
        previous = sample.sent;
        // The body is not taken all at once: at some point part of it is out and the server
        // has not yet got it all.
        if (sample.sent > 0 && sample.sent < bodySize && sample.received < bodySize) {
            partway = true;
        }
    }
    QVERIFY(partway);
    QCOMPARE(server.connectionCount(), 1);
    QVERIFY(server.connection(0).requestComplete());
    QCOMPARE(server.connection(0).body().size(), bodySize);
}

QTEST_GUILESS_MAIN(TestUploadTransfer)

#include "testuploadtransfer.moc"
