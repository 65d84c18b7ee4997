// SPDX-License-Identifier: GPL-3.0-or-later
// The index client against the strict local registry: formats, 404, redirects, errors,
// credentials, TLS.
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "core/index/indexclient.h"
#include "core/index/jsonapi.h"
#include "core/index/simpleapi.h"
#include "core/index/tlsconfig.h"
#include "tests/support/registryserver.h"
#include "tests/support/registryserverform.h"
#include "tests/support/testsupport.h"

using namespace Index;
using TestSupport::RegistryFault;
using TestSupport::RegistryServer;

namespace {

const QString token = QStringLiteral("pypi-index-client-test-token");

template<typename Reply>
std::unique_ptr<Reply> finished(Reply *reply)
{
    reply->setAutoDelete(false);
    if (!reply->isFinished()) {
        QEventLoop loop;
        QObject::connect(reply, &IndexReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return std::unique_ptr<Reply>(reply);
}

RequestOptions withCredentials(const QString &password = token)
{
    RequestOptions options;
    options.username = QStringLiteral("__token__");
    options.password = password;
    return options;
}

} // namespace

class TestIndexClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void readsJsonPage();
    void readsHtmlPage_data();
    void readsHtmlPage();
    void missingProjectIsAnEmptyAnswer();
    void asksForTheNormalizedName();
    void followsAndReportsRedirects();
    void redirectLoopIsAnError();
    void serverErrorsCarryRetryAfter();
    void authentication();
    void credentialsStayWithTheirOrigin();
    void noCredentialsOverPlainHttpToRemoteHosts();
    void connectionRefused();
    void droppedConnection();
    void timeout();
    void abortCancels();
    void invalidProjectName();
    void replyDeletesItselfByDefault();
    void listsProjects();
    void readsJsonApi();
    void listingLagIsVisibleToTheClient();
    void tlsWithCaBundle();
    void tlsClientCertificate();
    void tlsConfigurationErrors_data();
    void tlsConfigurationErrors();

private:
    QString writeFile(const QString &name, const QByteArray &content);
    bool makeCertificates();

    std::unique_ptr<QTemporaryDir> m_certificates;
    bool m_haveCertificates = false;
    std::unique_ptr<RegistryServer> m_server;
    std::unique_ptr<IndexClient> m_client;
};

QString TestIndexClient::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_certificates->filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(content);
    }
    return path;
}

bool TestIndexClient::makeCertificates()
{
    // A throw-away CA, a server certificate for 127.0.0.1 and a client certificate, made with
    // the openssl command line tool.
    const QString dir = m_certificates->path();
    writeFile(QStringLiteral("server.ext"), "subjectAltName=IP:127.0.0.1\n");
    const QList<QStringList> steps{
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
         QStringLiteral("-nodes"), QStringLiteral("-keyout"), dir + QStringLiteral("/ca.key"), QStringLiteral("-out"),
         dir + QStringLiteral("/ca.pem"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
         QStringLiteral("/CN=Slipway Test CA")},
        {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
         QStringLiteral("-keyout"), dir + QStringLiteral("/server.key"), QStringLiteral("-out"),
         dir + QStringLiteral("/server.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")},
        {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), dir + QStringLiteral("/server.csr"),
         QStringLiteral("-CA"), dir + QStringLiteral("/ca.pem"), QStringLiteral("-CAkey"), dir + QStringLiteral("/ca.key"),
         QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), dir + QStringLiteral("/server.pem"),
         QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"), dir + QStringLiteral("/server.ext")},
        {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
         QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
         dir + QStringLiteral("/client.key"), QStringLiteral("-out"), dir + QStringLiteral("/client.csr"),
         QStringLiteral("-subj"), QStringLiteral("/CN=slipway-client")},
        {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), dir + QStringLiteral("/client.csr"),
         QStringLiteral("-CA"), dir + QStringLiteral("/ca.pem"), QStringLiteral("-CAkey"), dir + QStringLiteral("/ca.key"),
         QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), dir + QStringLiteral("/client.pem"),
         QStringLiteral("-days"), QStringLiteral("2")},
    };
    for (const QStringList &arguments : steps) {
        const TestSupport::ProcessResult result = TestSupport::run(QStringLiteral("openssl"), arguments);
        if (result.exitCode != 0) {
            qWarning("openssl %s failed: %s", qPrintable(arguments.first()), result.err.constData());
            return false;
        }
    }
    QFile clientCertificate(dir + QStringLiteral("/client.pem"));
    QFile clientKey(dir + QStringLiteral("/client.key"));
    if (!clientCertificate.open(QIODevice::ReadOnly) || !clientKey.open(QIODevice::ReadOnly)) {
        return false;
    }
    writeFile(QStringLiteral("client-combined.pem"), clientCertificate.readAll() + clientKey.readAll());
    return true;
}

void TestIndexClient::initTestCase()
{
    m_certificates = std::make_unique<QTemporaryDir>();
    m_haveCertificates = !QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty() && makeCertificates();
}

void TestIndexClient::init()
{
    m_server = std::make_unique<RegistryServer>();
    QVERIFY(m_server->listen());
    m_server->addToken(token);
    m_client = std::make_unique<IndexClient>();
}

void TestIndexClient::cleanup()
{
    m_client.reset();
    m_server.reset();
}

void TestIndexClient::readsJsonPage()
{
    QVERIFY(m_server->addFile(QStringLiteral("Demo.Pkg"), QStringLiteral("1.0"), QStringLiteral("demo_pkg-1.0.tar.gz"), "sdist",
                              QStringLiteral(">=3.8")));
    QVERIFY(m_server->addFile(QStringLiteral("Demo.Pkg"), QStringLiteral("1.1"),
                              QStringLiteral("demo_pkg-1.1-py3-none-any.whl"), "wheel bytes"));
    QVERIFY(m_server->yankFile(QStringLiteral("demo_pkg-1.1-py3-none-any.whl"), QStringLiteral("broken")));

    const auto reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo-pkg")));
    QVERIFY2(!reply->hasError(), qPrintable(reply->error().message));
    const ProjectPage &page = reply->page();
    QVERIFY(page.found);
    QCOMPARE(page.format, PageFormat::Json);
    QCOMPARE(page.name, QStringLiteral("demo-pkg"));
    QCOMPARE(page.versions, (QStringList{QStringLiteral("1.0"), QStringLiteral("1.1")}));
    QCOMPARE(page.files.size(), 2);
    for (const TestSupport::RegistryFile &stored : m_server->files()) {
        const auto file = page.file(stored.filename);
        QVERIFY(file.has_value());
        QCOMPARE(file->sha256().toLatin1(), stored.sha256);
        QCOMPARE(file->size, std::optional<qint64>(stored.size));
        QCOMPARE(file->url, m_server->fileUrl(stored));
        QVERIFY(file->uploadTime.has_value());
        QVERIFY(qAbs(file->uploadTime->msecsTo(stored.uploadTime)) < 1000);
    }
    QCOMPARE(page.file(QStringLiteral("demo_pkg-1.0.tar.gz"))->requiresPython, QStringLiteral(">=3.8"));
    QVERIFY(page.file(QStringLiteral("demo_pkg-1.1-py3-none-any.whl"))->yanked);
    QCOMPARE(page.file(QStringLiteral("demo_pkg-1.1-py3-none-any.whl"))->yankedReason, QStringLiteral("broken"));
    QCOMPARE(reply->httpStatus(), 200);
    QVERIFY(reply->redirects().isEmpty());

    // What the client sent.
    const TestSupport::RecordedRequest request = m_server->requests().last();
    QCOMPARE(request.method, QByteArray("GET"));
    QCOMPARE(request.header("Accept"), SimpleApi::acceptHeader());
    QCOMPARE(request.header("Cache-Control"), QByteArray("max-age=0"));
    QVERIFY(request.header("User-Agent").startsWith("slipway/"));
    QVERIFY(!request.hadAuthorization);
}

void TestIndexClient::readsHtmlPage_data()
{
    QTest::addColumn<bool>("relative");
    QTest::addRow("absolute links") << false;
    QTest::addRow("relative links") << true;
}

void TestIndexClient::readsHtmlPage()
{
    QFETCH(bool, relative);
    m_server->setSimpleJsonEnabled(false);
    m_server->setRelativeFileUrls(relative);
    QVERIFY(m_server->addFile(QStringLiteral("demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"), "a",
                              QStringLiteral("<4,>=3.8")));
    QVERIFY(m_server->addFile(QStringLiteral("demo"), QStringLiteral("1.1"), QStringLiteral("demo-1.1.tar.gz"), "b"));
    QVERIFY(m_server->yankFile(QStringLiteral("demo-1.1.tar.gz")));
    const auto reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo")));
    QVERIFY2(!reply->hasError(), qPrintable(reply->error().message));
    const ProjectPage &page = reply->page();
    QVERIFY(page.found);
    QCOMPARE(page.format, PageFormat::Html);
    QCOMPARE(page.apiVersion, QStringLiteral("1.1"));
    QCOMPARE(page.files.size(), 2);
    const auto first = page.file(QStringLiteral("demo-1.0.tar.gz"));
    QVERIFY(first.has_value());
    QCOMPARE(first->sha256().toLatin1(), m_server->file(QStringLiteral("demo-1.0.tar.gz"))->sha256);
    QCOMPARE(first->requiresPython, QStringLiteral("<4,>=3.8"));
    QCOMPARE(first->url, m_server->fileUrl(*m_server->file(QStringLiteral("demo-1.0.tar.gz"))));
    QVERIFY(!first->size.has_value()); // HTML carries no size
    QVERIFY(page.file(QStringLiteral("demo-1.1.tar.gz"))->yanked);
}

void TestIndexClient::missingProjectIsAnEmptyAnswer()
{
    const auto reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("Not-There")));
    QVERIFY(!reply->hasError());
    QVERIFY(!reply->page().found);
    QCOMPARE(reply->page().name, QStringLiteral("Not-There"));
    QVERIFY(reply->page().files.isEmpty());
    QCOMPARE(reply->httpStatus(), 404);
}

void TestIndexClient::asksForTheNormalizedName()
{
    QVERIFY(m_server->addFile(QStringLiteral("Demo.Pkg"), QStringLiteral("1.0"), QStringLiteral("demo_pkg-1.0.tar.gz"), "a"));
    const auto reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("Demo__Pkg")));
    QVERIFY(!reply->hasError());
    QVERIFY(reply->page().found);
    QVERIFY(reply->redirects().isEmpty());
    QCOMPARE(m_server->requests().last().target, QByteArray("/simple/demo-pkg/"));
}

void TestIndexClient::followsAndReportsRedirects()
{
    QVERIFY(m_server->addFile(QStringLiteral("demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"), "a"));
    m_server->injectFault(RegistryFault::redirect(301, QStringLiteral("/mirror/simple/demo/")).on(RegistryFault::Target::SimpleIndex));
    const auto reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo")));
    QVERIFY2(!reply->hasError(), qPrintable(reply->error().message));
    QVERIFY(reply->page().found);
    QCOMPARE(reply->redirects().size(), 1);
    QCOMPARE(reply->redirects().first().httpStatus, 301);
    QCOMPARE(reply->redirects().first().from, m_server->simpleProjectUrl(QStringLiteral("demo")));
    QCOMPARE(reply->redirects().first().to.path(), QStringLiteral("/mirror/simple/demo/"));
    QCOMPARE(reply->finalUrl().path(), QStringLiteral("/mirror/simple/demo/"));
    QCOMPARE(reply->requestedUrl(), m_server->simpleProjectUrl(QStringLiteral("demo")));
    QVERIFY(reply->page().files.first().url.path().startsWith(QLatin1String("/mirror/files/")));
}

void TestIndexClient::redirectLoopIsAnError()
{
    m_server->injectFault(
        RegistryFault::redirect(302, QStringLiteral("/simple/demo/")).on(RegistryFault::Target::SimpleIndex).persistent());
    RequestOptions options;
    options.maxRedirects = 3;
    const auto reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo"), options));
    QVERIFY(reply->hasError());
    QCOMPARE(reply->error().code, IndexError::Code::TooManyRedirects);
    QVERIFY(reply->error().message.contains(QLatin1String("more than 3 times")));
    QCOMPARE(m_server->requests().size(), 4);
}

void TestIndexClient::serverErrorsCarryRetryAfter()
{
    m_server->injectFault(RegistryFault::serviceUnavailable(9).on(RegistryFault::Target::SimpleIndex));
    const auto reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo")));
    QVERIFY(reply->hasError());
    QCOMPARE(reply->error().code, IndexError::Code::HttpStatus);
    QCOMPARE(reply->error().httpStatus, 503);
    QCOMPARE(reply->error().retryAfterSeconds, 9);
    QVERIFY2(reply->error().message.contains(QLatin1String("503 Service Unavailable")), qPrintable(reply->error().message));
    QVERIFY(reply->error().message.contains(m_server->simpleProjectUrl(QStringLiteral("demo")).toString()));

    m_server->injectFault(RegistryFault::status(418, "I'm a teapot").on(RegistryFault::Target::SimpleIndex));
    const auto teapot = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo")));
    QCOMPARE(teapot->error().code, IndexError::Code::HttpStatus);
    QCOMPARE(teapot->error().retryAfterSeconds, -1);
}

void TestIndexClient::authentication()
{
    QVERIFY(m_server->addFile(QStringLiteral("demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"), "a"));
    m_server->setReadsNeedAuthentication(true);
    auto reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo")));
    QCOMPARE(reply->error().code, IndexError::Code::Authentication);
    QVERIFY(reply->error().message.contains(QLatin1String("needs credentials")));

    reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo"),
                                                withCredentials(QStringLiteral("pypi-wrong"))));
    QCOMPARE(reply->error().code, IndexError::Code::Authentication);
    QVERIFY(reply->error().message.contains(QLatin1String("refused the credentials")));
    QVERIFY(!reply->error().message.contains(QLatin1String("pypi-wrong")));

    reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo"), withCredentials()));
    QVERIFY2(!reply->hasError(), qPrintable(reply->error().message));
    QVERIFY(reply->page().found);
    QVERIFY(m_server->requests().last().hadAuthorization);
    QCOMPARE(m_server->requests().last().username, QStringLiteral("__token__"));
}

void TestIndexClient::credentialsStayWithTheirOrigin()
{
    RegistryServer other;
    QVERIFY(other.listen());
    QVERIFY(other.addFile(QStringLiteral("demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"), "a"));
    m_server->injectFault(RegistryFault::redirect(302, other.simpleProjectUrl(QStringLiteral("demo")).toString())
                              .on(RegistryFault::Target::SimpleIndex));
    const auto reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo"), withCredentials()));
    QVERIFY2(!reply->hasError(), qPrintable(reply->error().message));
    QVERIFY(reply->page().found);
    QVERIFY(m_server->requests().last().hadAuthorization);
    QVERIFY(!other.requests().last().hadAuthorization);
}

void TestIndexClient::noCredentialsOverPlainHttpToRemoteHosts()
{
    const auto reply = finished(m_client->fetchProjectPage(QUrl(QStringLiteral("http://index.example.invalid/simple/")),
                                                           QStringLiteral("demo"), withCredentials()));
    QCOMPARE(reply->error().code, IndexError::Code::InsecureRequest);
    QVERIFY(reply->error().message.contains(QLatin1String("index.example.invalid")));
    QVERIFY(!reply->error().message.contains(token));
}

void TestIndexClient::connectionRefused()
{
    QUrl url;
    {
        RegistryServer gone;
        QVERIFY(gone.listen());
        url = gone.simpleIndexUrl();
    }
    const auto reply = finished(m_client->fetchProjectPage(url, QStringLiteral("demo")));
    QCOMPARE(reply->error().code, IndexError::Code::Network);
    QVERIFY(reply->error().message.startsWith(QLatin1String("Cannot reach the index at")));
    QCOMPARE(reply->httpStatus(), 0);
}

void TestIndexClient::droppedConnection()
{
    m_server->injectFault(RegistryFault::dropMidBody().on(RegistryFault::Target::SimpleIndex).persistent());
    const auto reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo")));
    QCOMPARE(reply->error().code, IndexError::Code::Network);
    QVERIFY(!m_server->requests().isEmpty());
    QCOMPARE(m_server->requests().last().outcome, TestSupport::RequestOutcome::DroppedMidBody);
}

void TestIndexClient::timeout()
{
    m_server->injectFault(RegistryFault::delay(10000).on(RegistryFault::Target::SimpleIndex));
    RequestOptions options;
    options.timeoutMs = 200;
    const auto reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo"), options));
    QCOMPARE(reply->error().code, IndexError::Code::Timeout);
    QVERIFY2(reply->error().message.contains(QLatin1String("did not answer within 0.2 seconds")),
             qPrintable(reply->error().message));
}

void TestIndexClient::abortCancels()
{
    m_server->injectFault(RegistryFault::delay(10000).on(RegistryFault::Target::SimpleIndex));
    ProjectPageReply *raw = m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo"));
    raw->setAutoDelete(false);
    int finishedCount = 0;
    connect(raw, &IndexReply::finished, this, [&finishedCount] { ++finishedCount; });
    raw->abort();
    raw->abort();
    const auto reply = finished(raw);
    QCOMPARE(reply->error().code, IndexError::Code::Canceled);
    QCOMPARE(finishedCount, 1);
}

void TestIndexClient::invalidProjectName()
{
    const auto reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("../../etc/passwd")));
    QCOMPARE(reply->error().code, IndexError::Code::InvalidRequest);
    QVERIFY(m_server->requests().isEmpty());
    const auto badUrl = finished(m_client->fetchProjectList(QUrl(QStringLiteral("ftp://index.example/simple/"))));
    QCOMPARE(badUrl->error().code, IndexError::Code::InvalidRequest);
}

void TestIndexClient::replyDeletesItselfByDefault()
{
    QPointer<ProjectPageReply> reply = m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo"));
    bool found = true;
    connect(reply, &IndexReply::finished, this, [&found, reply] { found = reply->page().found; });
    QTRY_VERIFY(reply.isNull());
    QVERIFY(!found);
}

void TestIndexClient::listsProjects()
{
    QVERIFY(m_server->addFile(QStringLiteral("Demo.Pkg"), QStringLiteral("1.0"), QStringLiteral("demo_pkg-1.0.tar.gz"), "a"));
    QVERIFY(m_server->addFile(QStringLiteral("other"), QStringLiteral("1.0"), QStringLiteral("other-1.0.tar.gz"), "b"));
    auto reply = finished(m_client->fetchProjectList(m_server->simpleIndexUrl()));
    QVERIFY2(!reply->hasError(), qPrintable(reply->error().message));
    QCOMPARE(reply->list().format, PageFormat::Json);
    QCOMPARE(reply->list().names, (QStringList{QStringLiteral("Demo.Pkg"), QStringLiteral("other")}));
    m_server->setSimpleJsonEnabled(false);
    reply = finished(m_client->fetchProjectList(m_server->simpleIndexUrl()));
    QCOMPARE(reply->list().format, PageFormat::Html);
    QCOMPARE(reply->list().names, (QStringList{QStringLiteral("Demo.Pkg"), QStringLiteral("other")}));
    // The root of an index that is not there is an error, not an empty list.
    QUrl wrong = m_server->baseUrl();
    wrong.setPath(QStringLiteral("/nothing/"));
    reply = finished(m_client->fetchProjectList(wrong));
    QCOMPARE(reply->error().code, IndexError::Code::HttpStatus);
    QVERIFY(reply->error().message.contains(QLatin1String("usually ends in /simple/")));
}

void TestIndexClient::readsJsonApi()
{
    QVERIFY(m_server->addFile(QStringLiteral("Demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"), "a"));
    QVERIFY(m_server->addFile(QStringLiteral("Demo"), QStringLiteral("1.2"), QStringLiteral("demo-1.2.tar.gz"), "c"));
    QVERIFY(m_server->addFile(QStringLiteral("Demo"), QStringLiteral("2.0rc1"), QStringLiteral("demo-2.0rc1.tar.gz"), "d"));
    const QUrl base = JsonApi::baseFromSimpleIndex(m_server->simpleIndexUrl());
    QCOMPARE(base, m_server->baseUrl());
    auto reply = finished(m_client->fetchReleases(base, QStringLiteral("demo")));
    QVERIFY2(!reply->hasError(), qPrintable(reply->error().message));
    const ProjectReleases &releases = reply->releases();
    QVERIFY(releases.found);
    QCOMPARE(releases.name, QStringLiteral("Demo"));
    QCOMPARE(releases.latestVersion, QStringLiteral("1.2"));
    QCOMPARE(releases.versions(), (QStringList{QStringLiteral("1.0"), QStringLiteral("1.2"), QStringLiteral("2.0rc1")}));
    QCOMPARE(releases.highestVersion(true), QStringLiteral("2.0rc1"));
    QCOMPARE(releases.latestFiles.first().sha256().toLatin1(), m_server->file(QStringLiteral("demo-1.2.tar.gz"))->sha256);
    QCOMPARE(releases.latestFiles.first().digests.value(QStringLiteral("blake2b_256")).toLatin1(),
             m_server->file(QStringLiteral("demo-1.2.tar.gz"))->blake2_256);
    QCOMPARE(m_server->requests().last().target, QByteArray("/pypi/demo/json"));

    reply = finished(m_client->fetchReleases(base, QStringLiteral("demo"), QStringLiteral("1.0")));
    QVERIFY(reply->releases().found);
    QCOMPARE(reply->releases().latestVersion, QStringLiteral("1.0"));
    QVERIFY(reply->releases().releases.isEmpty());

    reply = finished(m_client->fetchReleases(base, QStringLiteral("missing")));
    QVERIFY(!reply->hasError());
    QVERIFY(!reply->releases().found);
    reply = finished(m_client->fetchReleases(base, QStringLiteral("demo"), QStringLiteral("9.9")));
    QVERIFY(!reply->hasError());
    QVERIFY(!reply->releases().found);
}

void TestIndexClient::listingLagIsVisibleToTheClient()
{
    // What release verification will see: the upload is stored at once, listed two reads later.
    m_server->setListingLag(2);
    QNetworkAccessManager network;
    QNetworkReply *upload = TestSupport::UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                             QStringLiteral("demo-1.0.tar.gz"), "content")
                                .post(network, m_server->uploadUrl(), QStringLiteral("__token__"), token);
    QEventLoop loop;
    connect(upload, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    QCOMPARE(upload->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    upload->deleteLater();
    for (int attempt = 0; attempt < 2; ++attempt) {
        const auto reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo")));
        QVERIFY(!reply->hasError());
        QVERIFY(!reply->page().found);
    }
    const auto reply = finished(m_client->fetchProjectPage(m_server->simpleIndexUrl(), QStringLiteral("demo")));
    QVERIFY(reply->page().found);
    QCOMPARE(reply->page().file(QStringLiteral("demo-1.0.tar.gz"))->sha256().toLatin1(),
             TestSupport::UploadForm::sha256Hex("content"));
}

void TestIndexClient::tlsWithCaBundle()
{
    if (!m_haveCertificates) {
        QSKIP("openssl is not available to make test certificates");
    }
    RegistryServer secure;
    const auto certificates = QSslCertificate::fromPath(m_certificates->filePath(QStringLiteral("server.pem")));
    QFile keyFile(m_certificates->filePath(QStringLiteral("server.key")));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QSslKey key(&keyFile, QSsl::Rsa);
    QVERIFY(!certificates.isEmpty() && !key.isNull());
    QVERIFY(secure.listenTls(certificates.first(), key));
    QVERIFY(secure.addFile(QStringLiteral("demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"), "a"));
    QCOMPARE(secure.simpleIndexUrl().scheme(), QStringLiteral("https"));

    // The system store does not know the test CA.
    auto reply = finished(m_client->fetchProjectPage(secure.simpleIndexUrl(), QStringLiteral("demo")));
    QCOMPARE(reply->error().code, IndexError::Code::Tls);
    QVERIFY2(reply->error().message.contains(QLatin1String("CA bundle")), qPrintable(reply->error().message));

    RequestOptions options;
    options.tls.caBundlePath = m_certificates->filePath(QStringLiteral("ca.pem"));
    reply = finished(m_client->fetchProjectPage(secure.simpleIndexUrl(), QStringLiteral("demo"), options));
    QVERIFY2(!reply->hasError(), qPrintable(reply->error().message));
    QVERIFY(reply->page().found);
    QCOMPARE(reply->page().files.first().url.scheme(), QStringLiteral("https"));

    // https -> http is refused.
    secure.injectFault(RegistryFault::redirect(302, m_server->simpleProjectUrl(QStringLiteral("demo")).toString())
                           .on(RegistryFault::Target::SimpleIndex));
    reply = finished(m_client->fetchProjectPage(secure.simpleIndexUrl(), QStringLiteral("demo"), options));
    QCOMPARE(reply->error().code, IndexError::Code::InsecureRequest);
    QVERIFY(m_server->requests().isEmpty());
}

void TestIndexClient::tlsClientCertificate()
{
    if (!m_haveCertificates) {
        QSKIP("openssl is not available to make test certificates");
    }
    RegistryServer secure;
    const auto certificates = QSslCertificate::fromPath(m_certificates->filePath(QStringLiteral("server.pem")));
    const auto authority = QSslCertificate::fromPath(m_certificates->filePath(QStringLiteral("ca.pem")));
    QFile keyFile(m_certificates->filePath(QStringLiteral("server.key")));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    QVERIFY(secure.listenTls(certificates.first(), QSslKey(&keyFile, QSsl::Rsa), authority));
    QVERIFY(secure.addFile(QStringLiteral("demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"), "a"));

    RequestOptions options;
    options.tls.caBundlePath = m_certificates->filePath(QStringLiteral("ca.pem"));
    auto reply = finished(m_client->fetchProjectPage(secure.simpleIndexUrl(), QStringLiteral("demo"), options));
    QVERIFY(reply->hasError());

    options.tls.clientCertificatePath = m_certificates->filePath(QStringLiteral("client-combined.pem"));
    reply = finished(m_client->fetchProjectPage(secure.simpleIndexUrl(), QStringLiteral("demo"), options));
    QVERIFY2(!reply->hasError(), qPrintable(reply->error().message));
    QCOMPARE(secure.requests().last().clientCertificate, QStringLiteral("slipway-client"));
}

void TestIndexClient::tlsConfigurationErrors_data()
{
    QTest::addColumn<QString>("caBundle");
    QTest::addColumn<QString>("clientCertificate");
    QTest::addColumn<QString>("message");
    QTest::addRow("missing bundle") << QStringLiteral("missing.pem") << QString() << QStringLiteral("Cannot read the CA bundle");
    QTest::addRow("bundle without certificates") << QStringLiteral("empty.pem") << QString()
                                                 << QStringLiteral("contains no PEM certificate");
    QTest::addRow("client file without key") << QString() << QStringLiteral("ca.pem")
                                             << QStringLiteral("has no unencrypted private key");
    QTest::addRow("client file without certificate") << QString() << QStringLiteral("client.key")
                                                     << QStringLiteral("contains no PEM certificate");
}

void TestIndexClient::tlsConfigurationErrors()
{
    if (!m_haveCertificates) {
        QSKIP("openssl is not available to make test certificates");
    }
    QFETCH(QString, caBundle);
    QFETCH(QString, clientCertificate);
    QFETCH(QString, message);
    writeFile(QStringLiteral("empty.pem"), "not a certificate\n");
    TlsOptions options;
    if (!caBundle.isEmpty()) {
        options.caBundlePath = m_certificates->filePath(caBundle);
    }
    if (!clientCertificate.isEmpty()) {
        options.clientCertificatePath = m_certificates->filePath(clientCertificate);
    }
    const auto configuration = sslConfiguration(options);
    QVERIFY(!configuration.has_value());
    QCOMPARE(configuration.error().code, IndexError::Code::InvalidRequest);
    QVERIFY2(configuration.error().message.contains(message), qPrintable(configuration.error().message));
    QVERIFY(sslConfiguration({}).has_value());
}

QTEST_GUILESS_MAIN(TestIndexClient)
#include "testindexclient.moc"
