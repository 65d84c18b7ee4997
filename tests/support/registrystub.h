// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QProcessEnvironment>
#include <QStringList>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

namespace TestSupport {

/**
 * A minimal HTTP/1.1 server on 127.0.0.1 (random port) for credential checks: it reads one
 * request per connection, records it (Authorization included: tests use throw-away secrets)
 * and answers whatever the handler returns, then closes. Lives in the test's thread; run
 * children with runWithEventLoop() so it can answer them.
 */
class RegistryStub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistryStub)

public:
    struct Request {
        QByteArray method;
        QByteArray target;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
    };
    struct Response {
        int status = 200;
        QByteArray reason;
        QByteArray body;
        QList<std::pair<QByteArray, QByteArray>> headers;
    };
    using Handler = std::function<Response(const Request &)>;

    explicit RegistryStub(Handler handler, QObject *parent = nullptr);
    ~RegistryStub() override;

    [[nodiscard]] QUrl url(const QString &path) const; // http://127.0.0.1:PORT<path>
    [[nodiscard]] const QList<Request> &requests() const { return m_requests; }

    // A handler that answers like Warehouse to a credential check: 403 without the expected
    // Basic credential, 400 "Upload payload does not have a file." with it.
    static Handler warehouse(const QString &username, const QString &secret);

private:
    void serve(QTcpSocket *socket);

    Handler m_handler;
    QTcpServer *m_server;
    QList<Request> m_requests;
};

struct StubProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs a program to completion while the event loop keeps running (so an in-thread server can
// answer it), with the given environment and standard input.
StubProcessResult runWithEventLoop(const QString &program, const QStringList &arguments,
                                   const QProcessEnvironment &environment, const QByteArray &input = {});

} // namespace TestSupport
