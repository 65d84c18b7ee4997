// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkProxy>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <utility>

#include "core/upload/responseinterpreter.h"

class QThread;

namespace Upload {

class MultipartBody;
class TransferWorker;

/// What one upload POST is sent to, and how.
struct TransferRequest {
    QUrl url;                                          ///< http or https; no user info
    QList<std::pair<QByteArray, QByteArray>> headers;  ///< e.g. User-Agent, Authorization
    std::optional<QSslConfiguration> ssl;              ///< for https (peer verification stays on)
    QNetworkProxy proxy{QNetworkProxy::NoProxy};       ///< an http (CONNECT) or SOCKS5 proxy, see Index::proxyFor
    std::chrono::milliseconds stallTimeout{300000};    ///< fail when no byte moves this long
    qsizetype answerLimit = 64 * 1024;                 ///< answer body bytes kept
};

/// How one upload POST ended.
struct TransferResult {
    enum class Failure {
        None,      ///< `answer` holds the registry's complete answer
        Connect,   ///< no connection (refused, unreachable, name not found)
        Proxy,     ///< the proxy refused the connection (credentials, policy) or does not speak HTTP/SOCKS
        Tls,       ///< the TLS handshake failed; see sslErrors
        Closed,    ///< the connection broke or closed before a complete answer
        Stalled,   ///< no byte moved for the stall timeout
        Malformed, ///< the registry's answer is not HTTP/1.x
        File,      ///< the file could not be read, or changed, while being sent
        Aborted,   ///< abort() was called
    };
    Failure failure = Failure::None;
    QString message;            ///< for failures: what went wrong, in a few words
    QStringList sslErrors;      ///< certificate problems, when there were any
    HttpAnswer answer;          ///< status 0 unless failure is None
    qint64 bodyBytesTaken = 0;  ///< body bytes handed to the connection: they may have reached the server
    bool bodyComplete = false;  ///< every byte of the body was handed to the connection
};

/**
 * One attempt to POST a multipart upload body: its own connection and its own thread, the file
 * read straight into the socket in large pieces, at most a few MiB in flight.
 *
 * Why not QNetworkAccessManager: in Qt 6 it always passes an upload body from the request's
 * thread to its HTTP thread 16 KiB per round trip between the two threads (its synchronous
 * mode buffers the whole body in memory instead). That was about a third of Slipway's CPU time
 * for a 200 MB release. This class does only what an upload needs: one HTTP/1.1 request with a
 * Content-Length, `Connection: close`, never a redirect followed, never a body sent twice (a
 * new attempt is a new UploadTransfer), and the answer read with HttpResponseParser, also when
 * the registry answers (413, 401) before the body is through.
 *
 * Lives on the thread that creates it; finished() is emitted there, once, after start().
 * bodyBytesSent() may be read at any time, from any thread.
 */
class UploadTransfer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UploadTransfer)

public:
    /// Takes the body (not yet open); it is opened, read and closed on the transfer's thread.
    UploadTransfer(TransferRequest request, std::unique_ptr<MultipartBody> body, QObject *parent = nullptr);
    /// Aborts a transfer still running and waits for its thread.
    ~UploadTransfer() override;

    void start();
    /// Stops at once; finished() follows with Failure::Aborted unless the transfer had ended.
    void abort();

    [[nodiscard]] qint64 bodySize() const { return m_bodySize; }
    /// Body bytes the kernel has taken so far (thread-safe).
    [[nodiscard]] qint64 bodyBytesSent() const { return m_progress->sent.load(std::memory_order_relaxed); }
    /// Complete after finished().
    [[nodiscard]] const TransferResult &result() const { return m_result; }
    [[nodiscard]] bool isFinished() const { return m_finished; }

    /// The request line and header fields sent before the body.
    [[nodiscard]] static QByteArray requestHead(const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers,
                                                const QByteArray &contentType, qint64 contentLength);

Q_SIGNALS:
    void finished();

public:
    struct Progress {
        std::atomic<qint64> sent{0};
    };

private:
    void onWorkerDone(const Upload::TransferResult &result);

    std::shared_ptr<Progress> m_progress;
    qint64 m_bodySize = 0;
    QThread *m_thread = nullptr;
    TransferWorker *m_worker = nullptr;
    TransferResult m_result;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace Upload

Q_DECLARE_METATYPE(Upload::TransferResult)
