// SPDX-License-Identifier: GPL-3.0-or-later
// The upload engine against the strict local registry in this process: the form as received,
// every fault the server injects, every error mapping, skip-existing, parallel uploads, dry
// runs, TLS, and a large file with flat memory.
#include <QDir>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "core/registry/verifier.h"
#include "core/upload/uploadjob.h"
#include "tests/support/registryserver.h"
#include "tests/support/testsupport.h"
#include "uploadfixtures.h"

using namespace Qt::StringLiterals;
using TestSupport::RegistryFault;
using TestSupport::RegistryFlavor;
using TestSupport::RegistryServer;
using Upload::FileOutcome;
using Code = Upload::UploadError::Code;

namespace {

const QString token = u"pypi-upload-engine-test-token"_s;

// An HTTP proxy that tunnels CONNECT requests, as corporate proxies do for https: it requires
// Basic credentials (407 and a closed connection without them, as squid answers), records the
// target of each tunnel, and sends every tunnel to one local port whatever host was asked for,
// so a name that resolves nowhere proves that the client left the lookup to the proxy.
class ConnectProxy final : public QObject
{
public:
    ConnectProxy(quint16 targetPort, const QByteArray &userAndPassword)
        : m_targetPort(targetPort)
        , m_expected("Basic " + userAndPassword.toBase64())
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection()) {
                accept(client);
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    [[nodiscard]] QString url(const QString &credentials) const
    {
        return u"http://%1@127.0.0.1:%2"_s.arg(credentials).arg(m_server.serverPort());
    }
    QStringList tunnels;   // "host:port" of each tunnel opened
    int refusals = 0;      // 407 answers

private:
    void accept(QTcpSocket *client)
    {
        client->setParent(this);
        auto *head = new QByteArray;
        connect(client, &QObject::destroyed, this, [head] { delete head; });
        connect(client, &QTcpSocket::readyRead, this, [this, client, head] {
            if (client->property("tunnel").toBool()) {
                return;
            }
            *head += client->readAll();
            const qsizetype end = head->indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            const QList<QByteArray> lines = head->left(end).split('\n');
            const QList<QByteArray> request = lines.first().trimmed().split(' ');
            QByteArray authorization;
            for (const QByteArray &line : lines) {
                if (line.toLower().startsWith("proxy-authorization:")) {
                    authorization = line.mid(line.indexOf(':') + 1).trimmed();
                }
            }
            if (request.size() != 3 || request.at(0) != "CONNECT" || authorization != m_expected) {
                ++refusals;
                client->write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic "
                              "realm=\"slipway-test\"\r\nContent-Length: 0\r\nProxy-Connection: close\r\n"
                              "Connection: close\r\n\r\n");
                client->disconnectFromHost();
                return;
            }
            tunnels.append(QString::fromLatin1(request.at(1)));
            client->setProperty("tunnel", true);
            auto *upstream = new QTcpSocket(client);
            connect(upstream, &QTcpSocket::connected, client,
                    [client] { client->write("HTTP/1.1 200 Connection established\r\n\r\n"); });
            connect(upstream, &QTcpSocket::readyRead, client, [client, upstream] { client->write(upstream->readAll()); });
            connect(client, &QTcpSocket::readyRead, upstream, [client, upstream] { upstream->write(client->readAll()); });
            connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
            connect(client, &QTcpSocket::disconnected, upstream, [upstream] { upstream->disconnectFromHost(); });
            upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
        });
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    }

    QTcpServer m_server;
    quint16 m_targetPort;
    QByteArray m_expected;
};

} // namespace

class TestUploadJob final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void uploadsWheelAndSdistWithTheRightForm();
    void dropMidBodyIsRetried();
    void dropAfterStoreIsFoundOnTheIndex();
    void serverErrorIsRetried_data();
    void serverErrorIsRetried();
    void retryAfterIsHonoured();
    void persistentServerErrorGivesUp();
    void slowServerStillSucceeds();
    void stallIsRetried();
    void redirectIsNeverFollowed();
    void errorMappings_data();
    void errorMappings();
    void differentFileOnIndexFailsBeforeSending();
    void identicalReuploadIsAlreadyPresent();
    void previouslyUsedFilename();
    void tooLarge();
    void gitLabDuplicateOfOurOwnFileIsSuccess();
    void pypiServerConflict();
    void skipExistingSameHash_data();
    void skipExistingSameHash();
    void skipExistingDifferentHashIsAnError();
    void skipExistingNeedsTheIndex();
    void parallelUploads();
    void checkErrorsBlockTheWholeSet();
    void noCheckUploadsAnyway();
    void dryRunSendsNothing();
    void insecureUrlsAreRefused_data();
    void insecureUrlsAreRefused();
    void cancelStopsEverything();
    void tlsWithCaBundleAndClientCertificate();
    void httpsThroughAProxy_data();
    void httpsThroughAProxy();
    void largeFileStreamsWithFlatMemory();
    void credentialCheckAgainstTheStrictRegistry_data();
    void credentialCheckAgainstTheStrictRegistry();

private:
    Upload::UploadOptions options(bool withIndex = true) const;
    Upload::UploadResult runJob(const QStringList &paths, const Upload::UploadOptions &options,
                                QList<int> *states = nullptr);
    bool makeCertificates();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QTemporaryDir> m_certificates;
    std::unique_ptr<RegistryServer> m_server;
    QString m_wheel;
    QString m_sdist;
    bool m_haveCertificates = false;
};

void TestUploadJob::initTestCase()
{
    m_certificates = std::make_unique<QTemporaryDir>();
    m_haveCertificates = !QStandardPaths::findExecutable(u"openssl"_s).isEmpty() && makeCertificates();
}

void TestUploadJob::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<RegistryServer>();
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_server->addToken(token);
    m_wheel = UploadFixtures::writeWheel(m_dir->path(), "demo", "1.0",
                                         "Classifier: Programming Language :: Python :: 3\n"
                                         "Classifier: Operating System :: OS Independent\n"
                                         "Project-URL: Homepage, https://example.org\n"
                                         "Keywords: one,two\nRequires-Dist: requests>=2\n");
    m_sdist = UploadFixtures::writeSdist(m_dir->path(), "demo", "1.0");
    QVERIFY(!m_wheel.isEmpty() && !m_sdist.isEmpty());
}

void TestUploadJob::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

Upload::UploadOptions TestUploadJob::options(bool withIndex) const
{
    Upload::UploadOptions options;
    options.registry.name = u"local"_s;
    options.registry.uploadUrl = m_server->uploadUrl();
    if (withIndex) {
        options.registry.simpleUrl = m_server->simpleIndexUrl();
    }
    options.credential = Registry::Credential{u"__token__"_s, token, Registry::Credential::Source::Environment};
    options.checkOptions.python = TestSupport::systemPython();
    // Short pauses: the tests exercise the retry logic, not the waiting.
    options.firstBackoff = std::chrono::milliseconds(20);
    options.maxBackoff = std::chrono::milliseconds(100);
    return options;
}

Upload::UploadResult TestUploadJob::runJob(const QStringList &paths, const Upload::UploadOptions &options,
                                           QList<int> *states)
{
    Upload::UploadJob job(paths, options);
    QSignalSpy finished(&job, &Upload::UploadJob::finished);
    QObject context;
    if (states != nullptr) {
        QObject::connect(&job, &Upload::UploadJob::fileStateChanged, &context,
                         [states](int, Upload::FileState state, const QString &) { states->append(int(state)); });
    }
    job.start();
    if (!finished.wait(600000)) {
        qWarning("the upload job did not finish");
        return {};
    }
    [&finished] { QCOMPARE(finished.size(), 1); }();
    return finished.first().first().value<Upload::UploadResult>();
}

// --- Success ---------------------------------------------------------------------------------

void TestUploadJob::uploadsWheelAndSdistWithTheRightForm()
{
    const auto result = runJob({m_sdist, m_wheel}, options());
    QCOMPARE(result.files.size(), 2);
    for (const Upload::FileResult &file : result.files) {
        QVERIFY2(file.outcome == FileOutcome::Uploaded,
                 qPrintable(file.error ? file.error->message : Upload::outcomeName(file.outcome)));
        QCOMPARE(file.attempts, 1);
        QCOMPARE(file.check.verdict == Check::Verdict::Error, false);
    }
    QVERIFY(result.succeeded());
    QCOMPARE(m_server->files().size(), 2);

    const QList<TestSupport::RecordedRequest> uploads = m_server->uploadRequests();
    QCOMPARE(uploads.size(), 2);
    // Wheels go first, whatever the order given.
    QCOMPARE(uploads.first().formValue(u"filetype"), u"bdist_wheel"_s);
    for (const TestSupport::RecordedRequest &request : uploads) {
        QVERIFY(request.hadAuthorization);
        QCOMPARE(request.username, u"__token__"_s);
        QVERIFY(request.multipartError.isEmpty());
        QCOMPARE(request.formValue(u":action"), u"file_upload"_s);
        QCOMPARE(request.formValue(u"protocol_version"), u"1"_s);
        QCOMPARE(request.formValue(u"metadata_version"), u"2.1"_s);
        QCOMPARE(request.formValue(u"name"), u"demo"_s);
        QCOMPARE(request.formValue(u"version"), u"1.0"_s);
        QVERIFY(request.hasFormField(u"requires_python")); // sent empty: GitLab needs it
        QCOMPARE(request.formValue(u"requires_python"), QString());
        QCOMPARE(request.formValue(u"description_content_type"), u"text/markdown"_s);
        const auto file = m_server->file(request.form.last().filename);
        QVERIFY(file);
        QCOMPARE(request.formValue(u"sha256_digest"), QString::fromLatin1(file->sha256));
        QCOMPARE(request.formValue(u"blake2_256_digest"), QString::fromLatin1(file->blake2_256));
        const TestSupport::RecordedFormField &content = request.form.last();
        QCOMPARE(content.name, u"content"_s);
        QVERIFY(content.isFile);
        QCOMPARE(content.contentType, QByteArray("application/octet-stream"));
        QCOMPARE(content.size, file->size);
        QVERIFY(request.header("User-Agent").startsWith("slipway/"));
    }
    const TestSupport::RecordedRequest &wheel = uploads.first();
    QCOMPARE(wheel.formValue(u"pyversion"), u"py3"_s);
    QCOMPARE(wheel.formValues(u"classifiers").size(), 2);
    QCOMPARE(wheel.formValues(u"project_urls"), QStringList{u"Homepage, https://example.org"_s});
    QCOMPARE(wheel.formValue(u"keywords"), u"one,two"_s);
    QCOMPARE(wheel.formValues(u"requires_dist"), QStringList{u"requests>=2"_s});
    QCOMPARE(uploads.last().formValue(u"pyversion"), u"source"_s);
}

// --- Faults ------------------------------------------------------------------------------------

void TestUploadJob::dropMidBodyIsRetried()
{
    m_server->injectFault(RegistryFault::dropMidBody(200));
    const auto result = runJob({m_wheel}, options());
    QCOMPARE(result.files.first().outcome, FileOutcome::Uploaded);
    QCOMPARE(result.files.first().attempts, 2);
    QCOMPARE(m_server->uploadRequests().size(), 2);
    QCOMPARE(m_server->files().size(), 1);
}

void TestUploadJob::dropAfterStoreIsFoundOnTheIndex()
{
    m_server->injectFault(RegistryFault::dropAfterStore());
    const auto result = runJob({m_wheel}, options());
    const Upload::FileResult &file = result.files.first();
    QVERIFY2(file.outcome == FileOutcome::Uploaded, qPrintable(file.error ? file.error->message : file.note));
    QCOMPARE(m_server->files().size(), 1);
    // Either the index said it arrived (no second POST), or a re-POST of the same bytes was a
    // no-op; never a duplicate and never a failure.
    const auto uploads = m_server->uploadRequests();
    QVERIFY(!uploads.isEmpty());
    QCOMPARE(uploads.first().outcome, TestSupport::RequestOutcome::DroppedAfterStore);
    if (file.attempts == 1) {
        QCOMPARE(uploads.size(), 1);
        QVERIFY2(file.note.contains(u"index"_s), qPrintable(file.note));
        bool asked = false;
        for (const TestSupport::RecordedRequest &request : m_server->requests()) {
            asked = asked || request.target.startsWith("/simple/demo/");
        }
        QVERIFY(asked);
    }
}

void TestUploadJob::serverErrorIsRetried_data()
{
    QTest::addColumn<int>("status");
    QTest::addRow("500") << 500;
    QTest::addRow("502") << 502;
    QTest::addRow("503") << 503;
    QTest::addRow("429") << 429;
}

void TestUploadJob::serverErrorIsRetried()
{
    QFETCH(int, status);
    m_server->injectFault(RegistryFault::status(status).times(2));
    const auto result = runJob({m_wheel}, options());
    QCOMPARE(result.files.first().outcome, FileOutcome::Uploaded);
    QCOMPARE(result.files.first().attempts, 3);
    QCOMPARE(m_server->files().size(), 1);
}

void TestUploadJob::retryAfterIsHonoured()
{
    m_server->injectFault(RegistryFault::serviceUnavailable(1));
    m_server->injectFault(RegistryFault::tooManyRequests(1));
    Upload::UploadJob job({m_wheel}, options());
    QStringList waits;
    QObject context;
    connect(&job, &Upload::UploadJob::fileStateChanged, &context,
            [&waits](int, Upload::FileState state, const QString &detail) {
                if (state == Upload::FileState::Waiting) {
                    waits.append(detail);
                }
            });
    QSignalSpy finished(&job, &Upload::UploadJob::finished);
    job.start();
    QVERIFY(finished.wait(60000));
    const auto result = finished.first().first().value<Upload::UploadResult>();
    QCOMPARE(result.files.first().outcome, FileOutcome::Uploaded);
    QCOMPARE(result.files.first().attempts, 3);
    QCOMPARE(waits.size(), 2);
    // The backoff here is 20-100 ms; the pause announced is the server's second.
    for (const QString &wait : std::as_const(waits)) {
        QVERIFY2(wait.contains(u"Retrying in 1.0 s"_s), qPrintable(wait));
    }
}

void TestUploadJob::persistentServerErrorGivesUp()
{
    m_server->injectFault(RegistryFault::serverError().persistent());
    Upload::UploadOptions opts = options(false);
    opts.maxAttempts = 3;
    const auto result = runJob({m_wheel}, opts);
    const Upload::FileResult &file = result.files.first();
    QCOMPARE(file.outcome, FileOutcome::Failed);
    QCOMPARE(file.error->code, Code::ServerError);
    QCOMPARE(file.attempts, 3);
    QVERIFY(file.error->message.contains(u"Gave up after 3 attempts"_s));
    QCOMPARE(m_server->uploadRequests().size(), 3);
    QVERIFY(!result.succeeded());
}

void TestUploadJob::slowServerStillSucceeds()
{
    m_server->injectFault(RegistryFault::throttle(64 * 1024));
    m_server->injectFault(RegistryFault::delay(300));
    const auto result = runJob({m_wheel}, options());
    QCOMPARE(result.files.first().outcome, FileOutcome::Uploaded);
    QCOMPARE(result.files.first().attempts, 1);
}

void TestUploadJob::stallIsRetried()
{
    m_server->injectFault(RegistryFault::delay(4000));
    Upload::UploadOptions opts = options();
    opts.stallTimeout = std::chrono::milliseconds(500);
    const auto result = runJob({m_wheel}, opts);
    const Upload::FileResult &file = result.files.first();
    QVERIFY2(file.outcome == FileOutcome::Uploaded, qPrintable(file.error ? file.error->message : QString()));
    QCOMPARE(m_server->files().size(), 1);
}

void TestUploadJob::redirectIsNeverFollowed()
{
    m_server->injectFault(RegistryFault::redirect(307, u"/mirror/legacy/"_s));
    const auto result = runJob({m_wheel}, options());
    const Upload::FileResult &file = result.files.first();
    QCOMPARE(file.outcome, FileOutcome::Failed);
    QCOMPARE(file.error->code, Code::Redirect);
    QVERIFY2(file.error->message.contains(u"/mirror/legacy/"_s), qPrintable(file.error->message));
    QVERIFY(file.error->message.contains(u"never re-sends"_s));
    QCOMPARE(file.attempts, 1);
    QCOMPARE(m_server->uploadRequests().size(), 1);
    QVERIFY(m_server->files().isEmpty());
}

// --- Error mappings -------------------------------------------------------------------------------

void TestUploadJob::errorMappings_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("faultStatus");
    QTest::addColumn<QByteArray>("faultReason");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("bad token") << u"__token__"_s << u"pypi-wrong"_s << 0 << QByteArray() << int(Code::Authentication)
                               << u"Invalid or non-existent authentication"_s;
    QTest::addRow("user name instead of token")
        << u"alice"_s << token << 0 << QByteArray() << int(Code::Authentication) << u"__token__"_s;
    QTest::addRow("405 simple URL") << u"__token__"_s << token << 405 << QByteArray() << int(Code::WrongUrl)
                                    << u"simple-index URL"_s;
    QTest::addRow("404") << u"__token__"_s << token << 404 << QByteArray() << int(Code::WrongUrl)
                         << u"no upload endpoint"_s;
    QTest::addRow("name not allowed") << u"__token__"_s << token << 400
                                      << QByteArray("The name 'demo' isn't allowed. See https://pypi.org/help/#project-name")
                                      << int(Code::NameNotAllowed) << u"isn't allowed"_s;
    QTest::addRow("invalid metadata") << u"__token__"_s << token << 400
                                      << QByteArray("'Foo :: Bar' is not a valid classifier.")
                                      << int(Code::InvalidMetadata) << u"Foo :: Bar"_s;
    QTest::addRow("413") << u"__token__"_s << token << 413 << QByteArray() << int(Code::TooLarge) << u"larger"_s;
    QTest::addRow("other 4xx") << u"__token__"_s << token << 422 << QByteArray("Nope") << int(Code::Rejected)
                               << u"Nope"_s;
}

void TestUploadJob::errorMappings()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(int, faultStatus);
    QFETCH(QByteArray, faultReason);
    QFETCH(int, code);
    QFETCH(QString, mentions);
    if (faultStatus != 0) {
        m_server->injectFault(RegistryFault::status(faultStatus, faultReason));
    }
    Upload::UploadOptions opts = options(false);
    opts.credential = Registry::Credential{username, password, Registry::Credential::Source::Environment};
    const auto result = runJob({m_wheel}, opts);
    const Upload::FileResult &file = result.files.first();
    QCOMPARE(file.outcome, FileOutcome::Failed);
    QCOMPARE(int(file.error->code), code);
    QVERIFY2(file.error->message.contains(mentions), qPrintable(file.error->message));
    QCOMPARE(file.attempts, 1); // 4xx are never retried
    QVERIFY(!file.error->message.contains(password));
    QVERIFY(!file.error->serverMessage.contains(password));
}

void TestUploadJob::differentFileOnIndexFailsBeforeSending()
{
    QVERIFY(m_server->addFile(u"demo"_s, u"1.0"_s, QFileInfo(m_wheel).fileName(), "other bytes").has_value());
    const auto result = runJob({m_wheel}, options());
    const Upload::FileResult &file = result.files.first();
    QCOMPARE(file.outcome, FileOutcome::Failed);
    QCOMPARE(file.error->code, Code::FileExists);
    QVERIFY(file.error->message.contains(u"different file"_s));
    QVERIFY(file.error->message.contains(u"new version"_s));
    QCOMPARE(m_server->uploadRequests().size(), 0);

    // Without an index URL the registry's own answer says it, with its message kept.
    const auto blind = runJob({m_wheel}, options(false));
    QCOMPARE(blind.files.first().error->code, Code::FileExists);
    QVERIFY(blind.files.first().error->serverMessage.startsWith(u"File already exists"_s));
    QCOMPARE(blind.files.first().attempts, 1);
}

void TestUploadJob::identicalReuploadIsAlreadyPresent()
{
    QVERIFY(runJob({m_wheel}, options()).succeeded());
    m_server->clearRequests();
    const auto result = runJob({m_wheel}, options());
    const Upload::FileResult &file = result.files.first();
    QCOMPARE(file.outcome, FileOutcome::AlreadyPresent);
    QVERIFY(file.note.contains(u"already had this identical file"_s));
    QCOMPARE(m_server->uploadRequests().size(), 1); // sent, and PyPI-like 200 no-op
    QCOMPARE(m_server->files().size(), 1);
    QVERIFY(result.succeeded());
}

void TestUploadJob::previouslyUsedFilename()
{
    QVERIFY(runJob({m_wheel}, options()).succeeded());
    QVERIFY(m_server->deleteFile(QFileInfo(m_wheel).fileName()));
    const auto result = runJob({m_wheel}, options());
    const Upload::FileResult &file = result.files.first();
    QCOMPARE(file.outcome, FileOutcome::Failed);
    QCOMPARE(file.error->code, Code::FilenameReused);
    QVERIFY(file.error->message.contains(u"Only a new version helps"_s));
    QVERIFY(file.error->serverMessage.contains(u"previously used"_s));
}

void TestUploadJob::tooLarge()
{
    m_server->setMaxFileSize(100);
    auto result = runJob({m_wheel}, options());
    QCOMPARE(result.files.first().error->code, Code::TooLarge);
    QVERIFY(result.files.first().error->serverMessage.startsWith(u"File too large"_s));

    m_server->setMaxFileSize(0);
    m_server->setMaxRequestBodySize(100);
    result = runJob({m_wheel}, options());
    QCOMPARE(result.files.first().error->code, Code::TooLarge);
    QCOMPARE(result.files.first().error->httpStatus, 413);
    QCOMPARE(result.files.first().attempts, 1);
}

void TestUploadJob::gitLabDuplicateOfOurOwnFileIsSuccess()
{
    m_server->setFlavor(RegistryFlavor::GitLab);
    m_server->addAccount(u"deploy"_s, u"deploy-secret"_s);
    Upload::UploadOptions opts = options();
    opts.credential = Registry::Credential{u"deploy"_s, u"deploy-secret"_s, Registry::Credential::Source::Keychain};
    m_server->injectFault(RegistryFault::dropAfterStore());
    m_server->setListingLag(3); // the index shows it only at the fourth look
    const auto result = runJob({m_wheel}, opts);
    const Upload::FileResult &file = result.files.first();
    QVERIFY2(file.outcome == FileOutcome::Uploaded, qPrintable(file.error ? file.error->message : QString()));
    QCOMPARE(m_server->files().size(), 1);

    // Without credentials GitLab answers 401.
    opts.credential.reset();
    const auto anonymous = runJob({m_sdist}, opts);
    QCOMPARE(anonymous.files.first().error->code, Code::Authentication);
    QCOMPARE(anonymous.files.first().error->httpStatus, 401);

    // A different file under the same name: "has already been taken" is an error.
    QVERIFY(QDir(m_dir->path()).mkdir(u"other"_s));
    const QString other = UploadFixtures::writeWheel(m_dir->filePath(u"other"_s), "demo", "1.0", {}, "x = 2\n");
    QVERIFY(!other.isEmpty());
    opts = options(false);
    opts.credential = Registry::Credential{u"deploy"_s, u"deploy-secret"_s, Registry::Credential::Source::Keychain};
    const auto taken = runJob({other}, opts);
    QCOMPARE(taken.files.first().error->code, Code::FileExists);
    QVERIFY(taken.files.first().error->serverMessage.contains(u"already been taken"_s));
}

void TestUploadJob::pypiServerConflict()
{
    m_server->setFlavor(RegistryFlavor::PypiServer);
    m_server->addAccount(u"user"_s, u"secret"_s);
    Upload::UploadOptions opts = options(false);
    opts.credential = Registry::Credential{u"user"_s, u"secret"_s, Registry::Credential::Source::Keychain};
    QVERIFY(runJob({m_wheel}, opts).succeeded());
    const auto again = runJob({m_wheel}, opts);
    QCOMPARE(again.files.first().error->code, Code::FileExists);
    QCOMPARE(again.files.first().error->httpStatus, 409);
}

// --- Skip existing ----------------------------------------------------------------------------------

void TestUploadJob::skipExistingSameHash_data()
{
    QTest::addColumn<bool>("json");
    QTest::addRow("PEP 691 JSON") << true;
    QTest::addRow("PEP 503 HTML") << false;
}

void TestUploadJob::skipExistingSameHash()
{
    QFETCH(bool, json);
    m_server->setSimpleJsonEnabled(json);
    QVERIFY(runJob({m_wheel}, options()).succeeded());
    m_server->clearRequests();
    Upload::UploadOptions opts = options();
    opts.skipExisting = true;
    const auto result = runJob({m_wheel, m_sdist}, opts);
    QVERIFY(result.succeeded());
    QCOMPARE(result.files.at(0).outcome, FileOutcome::AlreadyPresent);
    QCOMPARE(result.files.at(0).attempts, 0);
    QCOMPARE(result.files.at(1).outcome, FileOutcome::Uploaded);
    QCOMPARE(m_server->uploadRequests().size(), 1);
}

void TestUploadJob::skipExistingDifferentHashIsAnError()
{
    QVERIFY(m_server->addFile(u"demo"_s, u"1.0"_s, QFileInfo(m_wheel).fileName(), "different").has_value());
    Upload::UploadOptions opts = options();
    opts.skipExisting = true;
    const auto result = runJob({m_wheel}, opts);
    QCOMPARE(result.files.first().outcome, FileOutcome::Failed);
    QCOMPARE(result.files.first().error->code, Code::FileExists);
    QCOMPARE(m_server->uploadRequests().size(), 0);
    QVERIFY(!result.succeeded());
}

void TestUploadJob::skipExistingNeedsTheIndex()
{
    Upload::UploadOptions opts = options(false);
    opts.skipExisting = true;
    QVERIFY(!Upload::UploadJob::validateOptions(opts));
    const auto result = runJob({m_wheel}, opts);
    QCOMPARE(result.files.first().error->code, Code::InvalidOptions);

    // An index that cannot be read stops skip-existing instead of guessing.
    opts = options();
    opts.skipExisting = true;
    m_server->injectFault(RegistryFault::serverError().on(RegistryFault::Target::SimpleIndex).persistent());
    const auto broken = runJob({m_wheel}, opts);
    QCOMPARE(broken.files.first().error->code, Code::IndexUnavailable);
    QCOMPARE(m_server->uploadRequests().size(), 0);
}

// --- Parallelism, checks, dry run, options ---------------------------------------------------------

void TestUploadJob::parallelUploads()
{
    QStringList paths;
    for (int i = 0; i < 7; ++i) {
        paths.append(UploadFixtures::writeWheel(m_dir->path(), "multi", QByteArray::number(i + 1) + ".0", {},
                                                QByteArray(256 * 1024, char('a' + i))));
    }
    m_server->injectFault(RegistryFault::throttle(2 * 1024 * 1024).persistent());
    Upload::UploadOptions opts = options();
    opts.jobs = 3;
    opts.progressInterval = std::chrono::milliseconds(20);
    Upload::UploadJob job(paths, opts);
    int active = 0;
    int maxActive = 0;
    QList<Upload::TransferProgress> totals;
    QObject context;
    connect(&job, &Upload::UploadJob::fileStateChanged, &context,
            [&](int, Upload::FileState state, const QString &detail) {
                if (state == Upload::FileState::Uploading && detail.isEmpty()) {
                    maxActive = std::max(maxActive, ++active);
                } else if (state == Upload::FileState::Done) {
                    active = std::max(0, active - 1);
                }
            });
    connect(&job, &Upload::UploadJob::totalProgress, &context,
            [&totals](const Upload::TransferProgress &progress) { totals.append(progress); });
    QSignalSpy finished(&job, &Upload::UploadJob::finished);
    job.start();
    QVERIFY(finished.wait(120000));
    const auto result = finished.first().first().value<Upload::UploadResult>();
    QVERIFY(result.succeeded());
    QCOMPARE(m_server->files().size(), 7);
    QCOMPARE(maxActive, 3);
    QVERIFY(!totals.isEmpty());
    QCOMPARE(totals.last().bytesDone, totals.last().bytesTotal);
    for (qsizetype i = 1; i < totals.size(); ++i) {
        QVERIFY(totals.at(i).bytesTotal == totals.first().bytesTotal);
    }
    const bool sawRate = std::any_of(totals.cbegin(), totals.cend(),
                                     [](const Upload::TransferProgress &p) { return p.bytesPerSecond > 0; });
    QVERIFY(sawRate);
}

void TestUploadJob::checkErrorsBlockTheWholeSet()
{
    const QString bad = UploadFixtures::writeWheel(m_dir->path(), "broken", "1.0",
                                                   "Classifier: Private :: Do Not Upload\n");
    const auto result = runJob({m_wheel, bad}, options());
    QCOMPARE(result.files.size(), 2);
    QCOMPARE(result.files.at(1).outcome, FileOutcome::Failed);
    QCOMPARE(result.files.at(1).error->code, Code::CheckFailed);
    QCOMPARE(result.files.at(1).check.verdict, Check::Verdict::Error);
    QVERIFY(result.files.at(1).error->message.contains(u"--no-check"_s));
    QCOMPARE(result.files.at(0).outcome, FileOutcome::Failed);
    QCOMPARE(result.files.at(0).error->code, Code::CheckFailed);
    QVERIFY(result.files.at(0).error->message.contains(QFileInfo(bad).fileName()));
    QVERIFY(m_server->requests().isEmpty());
}

void TestUploadJob::noCheckUploadsAnyway()
{
    const QString bad = UploadFixtures::writeWheel(m_dir->path(), "broken", "1.0",
                                                   "Classifier: Private :: Do Not Upload\n");
    Upload::UploadOptions opts = options();
    opts.runChecks = false;
    const auto result = runJob({bad}, opts);
    QCOMPARE(result.files.first().outcome, FileOutcome::Uploaded);
    QVERIFY(result.files.first().check.path.isEmpty());
}

void TestUploadJob::dryRunSendsNothing()
{
    Upload::UploadOptions opts = options();
    opts.dryRun = true;
    const auto result = runJob({m_wheel, m_sdist}, opts);
    QVERIFY(result.dryRun);
    QVERIFY(result.succeeded());
    for (const Upload::FileResult &file : result.files) {
        QCOMPARE(file.outcome, FileOutcome::WouldUpload);
        QVERIFY(!file.fields.isEmpty());
        QCOMPARE(file.fields.first().name, u":action"_s);
        QCOMPARE(file.sha256.size(), 64);
    }
    QVERIFY(m_server->requests().isEmpty());
}

void TestUploadJob::insecureUrlsAreRefused_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("accepted");
    QTest::addRow("remote http") << u"http://upload.example.org/legacy/"_s << false;
    QTest::addRow("ftp") << u"ftp://upload.example.org/legacy/"_s << false;
    QTest::addRow("user info") << u"https://me:secret@upload.example.org/legacy/"_s << false;
    QTest::addRow("https") << u"https://upload.example.org/legacy/"_s << true;
    QTest::addRow("loopback http") << u"http://127.0.0.1:8080/legacy/"_s << true;
    QTest::addRow("localhost http") << u"http://localhost:8080/legacy/"_s << true;
}

void TestUploadJob::insecureUrlsAreRefused()
{
    QFETCH(QString, url);
    QFETCH(bool, accepted);
    Upload::UploadOptions opts = options(false);
    opts.registry.uploadUrl = QUrl(url);
    const auto valid = Upload::UploadJob::validateOptions(opts);
    QCOMPARE(bool(valid), accepted);
    if (!valid) {
        QCOMPARE(valid.error().code, Code::InvalidOptions);
        QVERIFY(!valid.error().message.contains(u"secret"_s));
    }
    if (accepted) {
        // Nor may a header value end the request's header early.
        opts.userAgent = "slipway/1.0\r\nX-Injected: 1";
        const auto injected = Upload::UploadJob::validateOptions(opts);
        QVERIFY(!injected);
        QVERIFY(injected.error().message.contains(u"line break"_s));
    }
}

void TestUploadJob::cancelStopsEverything()
{
    m_server->injectFault(RegistryFault::throttle(16 * 1024).persistent());
    QList<quint32> words(512 * 1024);
    QRandomGenerator::global()->fillRange(words.data(), words.size());
    const QByteArray noise(reinterpret_cast<const char *>(words.constData()), words.size() * 4);
    const QString big = UploadFixtures::writeWheel(m_dir->path(), "slow", "1.0", {}, noise);
    Upload::UploadOptions opts = options();
    opts.progressInterval = std::chrono::milliseconds(20);
    Upload::UploadJob job({big}, opts);
    QSignalSpy finished(&job, &Upload::UploadJob::finished);
    QObject context;
    connect(&job, &Upload::UploadJob::totalProgress, &context, [&job](const Upload::TransferProgress &progress) {
        if (progress.bytesDone > 0) {
            job.cancel();
        }
    });
    job.start();
    QVERIFY(finished.wait(120000));
    QTest::qWait(50);
    QCOMPARE(finished.size(), 1);
    const auto result = finished.first().first().value<Upload::UploadResult>();
    QCOMPARE(result.files.first().outcome, FileOutcome::Canceled);
    QVERIFY(m_server->files().isEmpty());
}

bool TestUploadJob::makeCertificates()
{
    const QString dir = m_certificates->path();
    QFile extension(dir + u"/server.ext"_s);
    if (!extension.open(QIODevice::WriteOnly)) {
        return false;
    }
    // registry.test resolves nowhere: only a proxy can reach it (httpsThroughAProxy).
    extension.write("subjectAltName=IP:127.0.0.1,DNS:registry.test\n");
    extension.close();
    const QList<QStringList> steps{
        {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, dir + u"/ca.key"_s, u"-out"_s,
         dir + u"/ca.pem"_s, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=Slipway Upload Test CA"_s},
        {u"req"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, dir + u"/server.key"_s, u"-out"_s,
         dir + u"/server.csr"_s, u"-subj"_s, u"/CN=127.0.0.1"_s},
        {u"x509"_s, u"-req"_s, u"-in"_s, dir + u"/server.csr"_s, u"-CA"_s, dir + u"/ca.pem"_s, u"-CAkey"_s,
         dir + u"/ca.key"_s, u"-CAcreateserial"_s, u"-out"_s, dir + u"/server.pem"_s, u"-days"_s, u"2"_s,
         u"-extfile"_s, dir + u"/server.ext"_s},
        {u"req"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, dir + u"/client.key"_s, u"-out"_s,
         dir + u"/client.csr"_s, u"-subj"_s, u"/CN=slipway-upload-client"_s},
        {u"x509"_s, u"-req"_s, u"-in"_s, dir + u"/client.csr"_s, u"-CA"_s, dir + u"/ca.pem"_s, u"-CAkey"_s,
         dir + u"/ca.key"_s, u"-CAcreateserial"_s, u"-out"_s, dir + u"/client.pem"_s, u"-days"_s, u"2"_s},
    };
    for (const QStringList &arguments : steps) {
        const TestSupport::ProcessResult result = TestSupport::run(u"openssl"_s, arguments);
        if (result.exitCode != 0) {
            qWarning("openssl %s failed: %s", qPrintable(arguments.first()), result.err.constData());
            return false;
        }
    }
    QFile certificate(dir + u"/client.pem"_s);
    QFile key(dir + u"/client.key"_s);
    QFile combined(dir + u"/client-combined.pem"_s);
    if (!certificate.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly)
        || !combined.open(QIODevice::WriteOnly)) {
        return false;
    }
    combined.write(certificate.readAll() + key.readAll());
    return true;
}

void TestUploadJob::tlsWithCaBundleAndClientCertificate()
{
    if (!m_haveCertificates) {
        QSKIP("openssl is not available to make test certificates");
    }
    const QString dir = m_certificates->path();
    const auto certificates = QSslCertificate::fromPath(dir + u"/server.pem"_s);
    const auto authority = QSslCertificate::fromPath(dir + u"/ca.pem"_s);
    QFile keyFile(dir + u"/server.key"_s);
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QSslKey key(&keyFile, QSsl::Rsa);
    RegistryServer secure;
    QVERIFY(secure.listenTls(certificates.first(), key, authority));
    secure.addToken(token);

    Upload::UploadOptions opts = options(false);
    opts.registry.uploadUrl = secure.uploadUrl();
    QCOMPARE(opts.registry.uploadUrl.scheme(), u"https"_s);

    // The system store does not know the test CA.
    auto result = runJob({m_wheel}, opts);
    QCOMPARE(result.files.first().error->code, Code::Tls);
    QCOMPARE(result.files.first().attempts, 1);

    opts.registry.caBundlePath = dir + u"/ca.pem"_s;
    opts.registry.clientCertPath = dir + u"/client-combined.pem"_s;
    result = runJob({m_wheel}, opts);
    QVERIFY2(result.succeeded(), qPrintable(result.files.first().error ? result.files.first().error->message : QString()));
    QCOMPARE(secure.uploadRequests().last().clientCertificate, u"slipway-upload-client"_s);

    // A body of many pieces, so that sending waits on encryption and on the socket in turn.
    const QString larger = UploadFixtures::writeLargeWheel(m_dir->path(), "tlslarge", "1.0", 24LL * 1024 * 1024);
    QVERIFY(!larger.isEmpty());
    result = runJob({larger}, opts);
    QVERIFY2(result.succeeded(), qPrintable(result.files.first().error ? result.files.first().error->message : QString()));
    const auto stored = secure.file(QFileInfo(larger).fileName());
    QVERIFY(stored);
    QCOMPARE(stored->size, QFileInfo(larger).size());

    opts.registry.clientCertPath = dir + u"/missing.pem"_s;
    QVERIFY(!Upload::UploadJob::validateOptions(opts));
}

void TestUploadJob::httpsThroughAProxy_data()
{
    QTest::addColumn<QString>("credentials");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<bool>("skipExisting");
    QTest::addRow("right proxy credentials") << u"builder:pr%40xy"_s << true << true;
    // The index's file list fails first, and --skip-existing needs it.
    QTest::addRow("wrong proxy credentials, index") << u"builder:wrong"_s << false << true;
    // Without --skip-existing the upload goes on without the list, and its own tunnel is refused.
    QTest::addRow("wrong proxy credentials, upload") << u"builder:wrong"_s << false << false;
}

void TestUploadJob::httpsThroughAProxy()
{
    QFETCH(QString, credentials);
    QFETCH(bool, accepted);
    QFETCH(bool, skipExisting);
    if (!m_haveCertificates) {
        QSKIP("openssl is not available to make test certificates");
    }
    const QString dir = m_certificates->path();
    QFile keyFile(dir + u"/server.key"_s);
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    RegistryServer secure;
    QVERIFY(secure.listenTls(QSslCertificate::fromPath(dir + u"/server.pem"_s).first(), QSslKey(&keyFile, QSsl::Rsa),
                             QSslCertificate::fromPath(dir + u"/ca.pem"_s)));
    secure.addToken(token);
    ConnectProxy proxy(quint16(secure.uploadUrl().port()), "builder:pr@xy");
    QVERIFY(proxy.listen());

    const Index::ProxyEnvironment environment{{}, proxy.url(credentials), {}, u"example.org"_s};
    // The index is read through QNetworkAccessManager, which asks the application's factory.
    QNetworkProxyFactory::setApplicationProxyFactory(new Index::EnvironmentProxyFactory(environment));
    const auto restore = qScopeGuard([] { QNetworkProxyFactory::setApplicationProxyFactory(nullptr); });

    Upload::UploadOptions opts = options();
    auto throughProxy = [&secure](QUrl url) {
        url.setHost(u"registry.test"_s);
        url.setPort(secure.uploadUrl().port());
        return url;
    };
    opts.registry.uploadUrl = throughProxy(secure.uploadUrl());
    opts.registry.simpleUrl = throughProxy(secure.simpleIndexUrl());
    opts.registry.caBundlePath = dir + u"/ca.pem"_s;
    opts.registry.clientCertPath = dir + u"/client-combined.pem"_s; // this registry asks for one
    opts.proxyEnvironment = environment;
    opts.skipExisting = skipExisting;
    const auto result = runJob({m_wheel}, opts);
    QCOMPARE(result.files.size(), 1);
    const QString port = QString::number(secure.uploadUrl().port());
    if (accepted) {
        QVERIFY2(result.succeeded(), qPrintable(result.files.first().error ? result.files.first().error->message : QString()));
        QCOMPARE(secure.files().size(), 1);
        // One tunnel for the index's file list, one for the upload.
        QCOMPARE(proxy.tunnels, QStringList({u"registry.test:"_s + port, u"registry.test:"_s + port}));
    } else {
        QCOMPARE(result.files.first().outcome, FileOutcome::Failed);
        QVERIFY(proxy.refusals > 0);
        QVERIFY(proxy.tunnels.isEmpty());
        QVERIFY(secure.files().isEmpty());
        const QString message = result.files.first().error->message;
        QVERIFY2(message.contains(u"proxy"_s, Qt::CaseInsensitive), qPrintable(message));
        QVERIFY2(!message.contains(u"wrong"_s), qPrintable(message)); // the proxy password is not shown
        if (!skipExisting) {
            // Refused credentials are not retried: another attempt would be refused the same way.
            QCOMPARE(result.files.first().attempts, 1);
            QVERIFY2(message.contains(u"https_proxy"_s), qPrintable(message));
        }
    }
}

void TestUploadJob::largeFileStreamsWithFlatMemory()
{
    // Hundreds of MB through the whole engine (checks, hashing, streaming) while the registry in
    // this same process spools it to disk: resident memory must not follow the file's size.
    constexpr qint64 payload = 400LL * 1024 * 1024;
    const QString large = UploadFixtures::writeLargeWheel(m_dir->path(), "large", "1.0", payload);
    QVERIFY(!large.isEmpty());
    QVERIFY(QFileInfo(large).size() > payload);

    Upload::UploadOptions opts = options();
    opts.progressInterval = std::chrono::milliseconds(50);
    Upload::UploadJob job({large}, opts);
    const qint64 before = UploadFixtures::residentBytes();
    qint64 peak = before;
    QObject context;
    connect(&job, &Upload::UploadJob::totalProgress, &context,
            [&peak](const Upload::TransferProgress &) { peak = std::max(peak, UploadFixtures::residentBytes()); });
    QSignalSpy finished(&job, &Upload::UploadJob::finished);
    job.start();
    QVERIFY(finished.wait(600000));
    peak = std::max(peak, UploadFixtures::residentBytes());
    const auto result = finished.first().first().value<Upload::UploadResult>();
    QVERIFY2(result.succeeded(), qPrintable(result.files.first().error ? result.files.first().error->message : QString()));
    QCOMPARE(m_server->files().first().size, QFileInfo(large).size());
    const qint64 growth = peak - before;
    qInfo("resident memory: %lld MiB before, %lld MiB at peak (+%lld MiB) for a %lld MiB file", before >> 20,
          peak >> 20, growth >> 20, QFileInfo(large).size() >> 20);
    QVERIFY2(before > 0, "VmRSS not readable");
    QVERIFY2(growth < 64LL * 1024 * 1024, qPrintable(u"grew by %1 MiB"_s.arg(growth >> 20)));
}

void TestUploadJob::credentialCheckAgainstTheStrictRegistry_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<bool>("rightToken");
    QTest::addColumn<int>("outcome");
    QTest::addRow("right token") << u"__token__"_s << true << int(Registry::VerifyResult::Outcome::Accepted);
    QTest::addRow("wrong token") << u"__token__"_s << false << int(Registry::VerifyResult::Outcome::Rejected);
    QTest::addRow("password login") << u"alice"_s << true << int(Registry::VerifyResult::Outcome::Rejected);
}

void TestUploadJob::credentialCheckAgainstTheStrictRegistry()
{
    // `slipway registry verify` posts the form without a file: the registry must judge the
    // credential before it looks for the file, as Warehouse does.
    QFETCH(QString, username);
    QFETCH(bool, rightToken);
    QFETCH(int, outcome);
    QNetworkAccessManager network;
    Registry::CredentialVerifier verifier(&network);
    Registry::Registry registry;
    registry.name = u"local"_s;
    registry.kind = Registry::Kind::Custom;
    registry.uploadUrl = m_server->uploadUrl();
    std::optional<Registry::VerifyResult> result;
    QEventLoop loop; // the verifier gives up by itself (timeout()), so this ends
    verifier.verify(registry,
                    Registry::Credential{username, rightToken ? token : u"pypi-not-the-token-0000000000"_s, {}},
                    this, [&result, &loop](Registry::VerifyResult answer) {
                        result = std::move(answer);
                        loop.quit();
                    });
    loop.exec();
    QVERIFY(result.has_value());
    QCOMPARE(int(result->outcome), outcome);
    QVERIFY(m_server->files().isEmpty());
}

QTEST_GUILESS_MAIN(TestUploadJob)
#include "testuploadjob.moc"
