// SPDX-License-Identifier: GPL-3.0-or-later
// The strict local registry itself: its multipart parser, Warehouse's upload rules and
// messages, the read side, every fault, the other flavours, and real twine against it.
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHttpMultiPart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

#include "core/dist/hasher.h"
#include "tests/support/registryserver.h"
#include "tests/support/registryserverform.h"
#include "tests/support/registryservermultipart.h"
#include "tests/support/testsupport.h"

using TestSupport::RegistryFault;
using TestSupport::RegistryServer;
using TestSupport::UploadForm;

namespace {

const QString token = QStringLiteral("pypi-AgEIcHlwaS5vcmc-test-secret-7f3a");

struct Response {
    int status = 0;
    QByteArray reason;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QList<QNetworkReply::RawHeaderPair> headers;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0) {
                return value;
            }
        }
        return {};
    }
};

Response waitFor(QNetworkReply *reply)
{
    if (!reply->isFinished()) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    Response response;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    response.body = reply->readAll();
    response.error = reply->error();
    response.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return response;
}

// A process run without blocking the event loop, so the in-process server keeps serving.
TestSupport::ProcessResult runWithEventLoop(const QString &program, const QStringList &arguments,
                                            const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                                            const QString &workingDirectory = {})
{
    QProcess process;
    process.setProcessEnvironment(environment);
    if (!workingDirectory.isEmpty()) {
        process.setWorkingDirectory(workingDirectory);
    }
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    process.start(program, arguments);
    if (process.state() != QProcess::NotRunning || process.error() == QProcess::UnknownError) {
        loop.exec();
    }
    TestSupport::ProcessResult result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit && process.error() != QProcess::FailedToStart
        ? process.exitCode()
        : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// Writes a real wheel and sdist (the files twine reads metadata from) with Python's zipfile
// and tarfile. Returns the two paths.
QStringList writeDistributions(const QString &directory, const QString &name, const QString &version,
                               const QString &extraMetadata = {})
{
    static const char script[] = R"PY(
import base64, hashlib, io, sys, tarfile, zipfile
out, name, version, extra = sys.argv[1:5]
component = name.replace("-", "_").replace(".", "_").lower()
metadata = ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: A test package\n"
            "Requires-Python: >=3.8\nClassifier: Programming Language :: Python :: 3\n%s\n"
            "A long description.\n") % (name, version, extra)
dist_info = "%s-%s.dist-info" % (component, version)
files = {
    component + "/__init__.py": b"VALUE = 1\n",
    dist_info + "/METADATA": metadata.encode(),
    dist_info + "/WHEEL": b"Wheel-Version: 1.0\nGenerator: slipway-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
record = ""
for path, data in files.items():
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record += "%s,sha256=%s,%d\n" % (path, digest, len(data))
files[dist_info + "/RECORD"] = (record + dist_info + "/RECORD,,\n").encode()
wheel = "%s/%s-%s-py3-none-any.whl" % (out, component, version)
with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
    for path, data in files.items():
        archive.writestr(path, data)
sdist = "%s/%s-%s.tar.gz" % (out, component, version)
with tarfile.open(sdist, "w:gz", format=tarfile.PAX_FORMAT) as archive:
    for path, data in {"PKG-INFO": metadata.encode(), "pyproject.toml": b"[project]\nname = 'x'\n"}.items():
        info = tarfile.TarInfo("%s-%s/%s" % (component, version, path))
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
print(wheel)
print(sdist)
)PY";
    const TestSupport::ProcessResult result = TestSupport::run(
        TestSupport::systemPython(),
        {QStringLiteral("-c"), QString::fromUtf8(script), directory, name, version, extraMetadata});
    if (result.exitCode != 0) {
        qWarning("%s", result.err.constData());
        return {};
    }
    return QString::fromUtf8(result.out).trimmed().split(QLatin1Char('\n'));
}

struct RawAnswer {
    QByteArray bytes;
    QAbstractSocket::SocketError error = QAbstractSocket::UnknownSocketError;
};

// Sends bytes on a plain socket and reads until the server closes: shows exactly what the
// server did, with none of QNetworkAccessManager's retries in between.
RawAnswer rawExchange(quint16 port, const QByteArray &request)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    RawAnswer answer;
    if (!socket.waitForConnected()) {
        answer.error = socket.error();
        return answer;
    }
    QEventLoop loop;
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] { answer.bytes += socket.readAll(); });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QTcpSocket::errorOccurred, &loop, [&](QAbstractSocket::SocketError error) {
        answer.error = error;
        loop.quit();
    });
    socket.write(request);
    loop.exec();
    answer.bytes += socket.readAll();
    return answer;
}

QByteArray rawUpload(const UploadForm &form, const QByteArray &path = "/legacy/")
{
    const QByteArray body = form.body();
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + form.contentTypeHeader()
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nAuthorization: Basic "
        + QByteArray("__token__:" + token.toUtf8()).toBase64() + "\r\nConnection: close\r\n\r\n" + body;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray allOutput(const TestSupport::ProcessResult &result)
{
    return result.out + result.err;
}

bool hasTwine()
{
    return QFile::exists(QStringLiteral("/usr/bin/twine"));
}

} // namespace

class TestRegistryServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // Multipart parser
    void multipartSplitsParts_data();
    void multipartSplitsParts();
    void multipartRejectsMalformedBodies_data();
    void multipartRejectsMalformedBodies();
    void boundaryFromContentType_data();
    void boundaryFromContentType();

    // Uploads
    void uploadIsStoredAndServed();
    void uploadWithQHttpMultiPartStreamsFromFile();
    void largeUploadKeepsMemoryFlat();
    void parallelUploadsAreHandledIntact_data();
    void parallelUploadsAreHandledIntact();
    void uploadErrorsUseWarehouseMessages_data();
    void uploadErrorsUseWarehouseMessages();
    void identicalReuploadIsOk();
    void sameFilenameOtherBytesIsRefused();
    void sameBytesOtherFilenameIsRefused();
    void deletedFilenameIsPreviouslyUsed();
    void secondSdistOfAReleaseIsRefused();
    void fileSizeLimitAndProxyLimit();
    void md5DigestIsCheckedWhenSent();
    void legacyWithoutSlashRedirects();
    void postToSimpleIndexIs405();
    void chunkedUploadIsAccepted();
    void tokenAuthorizationSchemes_data();
    void tokenAuthorizationSchemes();
    void nonMultipartBodyIsRefused();

    // Recording
    void requestsAreRecordedWithoutSecrets();

    // Read side
    void contentNegotiation_data();
    void contentNegotiation();
    void nonNormalizedNamesRedirect();
    void unknownProjectIs404();
    void jsonApiPicksLatestLikeWarehouse();
    void yankedFilesAreMarked();
    void readsCanRequireAuthentication();

    // Faults
    void dropMidBody();
    void dropAfterStore();
    void networkAccessManagerResendsAfterADrop();
    void statusFaults_data();
    void statusFaults();
    void faultCountsAndPersistence();
    void delayedAnswer();
    void throttledReading();
    void redirectFault();
    void faultTargetsOnlyMatchingRequests();
    void listingLag();

    // Flavours
    void gitLabFlavor();
    void pypiServerFlavor();

    // Real clients
    void twineUploadsWheelAndSdist();
    void twineSeesErrorsAndSkipsExisting();
    void twineAgainstFaults();
    void twineUploadsARealBuild();
    void standaloneExecutableServes();

private:
    Response upload(const UploadForm &form, const QString &username = QStringLiteral("__token__"),
                    const QString &password = token);
    Response get(const QUrl &url, const QByteArray &accept = {});
    QProcessEnvironment twineEnvironment(const QString &password = token) const;

    std::unique_ptr<RegistryServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<QTemporaryDir> m_directory;
};

void TestRegistryServer::init()
{
    m_server = std::make_unique<RegistryServer>();
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_server->addToken(token);
    m_network = std::make_unique<QNetworkAccessManager>();
    m_directory = std::make_unique<QTemporaryDir>();
}

void TestRegistryServer::cleanup()
{
    m_network.reset();
    m_server.reset();
    m_directory.reset();
}

Response TestRegistryServer::upload(const UploadForm &form, const QString &username, const QString &password)
{
    return waitFor(form.post(*m_network, m_server->uploadUrl(), username, password));
}

Response TestRegistryServer::get(const QUrl &url, const QByteArray &accept)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!accept.isEmpty()) {
        request.setRawHeader("Accept", accept);
    }
    return waitFor(m_network->get(request));
}

QProcessEnvironment TestRegistryServer::twineEnvironment(const QString &password) const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("TWINE_USERNAME"), QStringLiteral("__token__"));
    environment.insert(QStringLiteral("TWINE_PASSWORD"), password);
    environment.insert(QStringLiteral("TWINE_NON_INTERACTIVE"), QStringLiteral("1"));
    // Keep twine away from the desktop keyring and the user's .pypirc.
    environment.insert(QStringLiteral("PYTHON_KEYRING_BACKEND"), QStringLiteral("keyring.backends.null.Keyring"));
    environment.insert(QStringLiteral("HOME"), m_directory->path());
    environment.remove(QStringLiteral("http_proxy"));
    environment.remove(QStringLiteral("https_proxy"));
    environment.remove(QStringLiteral("HTTP_PROXY"));
    environment.remove(QStringLiteral("HTTPS_PROXY"));
    return environment;
}

// --- Multipart parser ---------------------------------------------------------------------

void TestRegistryServer::multipartSplitsParts_data()
{
    QTest::addColumn<int>("chunkSize");
    for (const int size : {1, 2, 3, 7, 16, 61, 4096, 1 << 20}) {
        QTest::addRow("chunks of %d", size) << size;
    }
}

void TestRegistryServer::multipartSplitsParts()
{
    QFETCH(int, chunkSize);
    // A boundary-like sequence inside the data must not end the part.
    QByteArray content;
    for (int i = 0; i < 3000; ++i) {
        content += char(i % 251);
    }
    content += "\r\n--slipway-test-boundary-7d1\r\n--";
    UploadForm form;
    form.add("name", "demo").add("summary", QByteArray("line one\r\nline two"))
        .addFilePart("content", "demo-1.0.tar.gz", content, "application/octet-stream")
        .add("empty", "");
    QByteArray body = "preamble ignored\r\n" + form.body() + "epilogue ignored";

    struct Part {
        TestSupport::MultipartPartHeaders headers;
        QByteArray data;
        bool ended = false;
    };
    QList<Part> parts;
    TestSupport::MultipartParser::Callbacks callbacks;
    callbacks.partBegin = [&parts](const TestSupport::MultipartPartHeaders &headers) { parts.append({headers, {}, false}); };
    callbacks.partData = [&parts](QByteArrayView data) { parts.last().data.append(data); };
    callbacks.partEnd = [&parts] { parts.last().ended = true; };
    TestSupport::MultipartParser parser(form.boundary(), callbacks);
    for (qsizetype offset = 0; offset < body.size(); offset += chunkSize) {
        QVERIFY2(parser.feed(QByteArrayView(body).sliced(offset, std::min<qsizetype>(chunkSize, body.size() - offset))),
                 qPrintable(parser.errorString()));
    }
    QVERIFY(parser.finish());
    QVERIFY(parser.isComplete());
    QCOMPARE(parts.size(), 4);
    QCOMPARE(parts[0].headers.name, QByteArray("name"));
    QCOMPARE(parts[0].data, QByteArray("demo"));
    QVERIFY(!parts[0].headers.hasFilename);
    QCOMPARE(parts[1].data, QByteArray("line one\r\nline two"));
    QCOMPARE(parts[3].headers.name, QByteArray("content"));
    QVERIFY(parts[3].headers.hasFilename);
    QCOMPARE(parts[3].headers.filename, QByteArray("demo-1.0.tar.gz"));
    QCOMPARE(parts[3].headers.contentType, QByteArray("application/octet-stream"));
    QCOMPARE(parts[3].data, content);
    QCOMPARE(parts[2].data, QByteArray());
    for (const Part &part : parts) {
        QVERIFY(part.ended);
    }
}

void TestRegistryServer::multipartRejectsMalformedBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    const QByteArray b = "--XyZ";
    QTest::addRow("no closing delimiter") << b + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n"
                                          << QStringLiteral("ended before its closing boundary");
    QTest::addRow("no disposition") << b + "\r\nContent-Type: text/plain\r\n\r\nvalue\r\n" + b + "--\r\n"
                                    << QStringLiteral("no Content-Disposition");
    QTest::addRow("no headers at all") << b + "\r\n\r\nvalue\r\n" + b + "--\r\n" << QStringLiteral("no Content-Disposition");
    QTest::addRow("no name") << b + "\r\nContent-Disposition: form-data; filename=\"x\"\r\n\r\nv\r\n" + b + "--\r\n"
                             << QStringLiteral("has no name");
    QTest::addRow("not form-data") << b + "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n" + b + "--\r\n"
                                   << QStringLiteral("not form-data");
    QTest::addRow("unterminated quote") << b + "\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n" + b + "--\r\n"
                                        << QStringLiteral("unterminated quote");
    QTest::addRow("folded header") << b + "\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\nv\r\n" + b + "--\r\n"
                                   << QStringLiteral("folded");
    QTest::addRow("garbage after boundary") << b + "garbage\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n" + b
            + "--\r\n"
                                            << QStringLiteral("trailing garbage");
    QTest::addRow("two names") << b + "\r\nContent-Disposition: form-data; name=\"a\"; name=\"b\"\r\n\r\nv\r\n" + b + "--\r\n"
                               << QStringLiteral("two names");
    QTest::addRow("no boundary at all") << QByteArray(70000, 'x') << QStringLiteral("does not contain the multipart boundary");
    QTest::addRow("header block too long") << b + "\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: "
            + QByteArray(20000, 'p') + "\r\n\r\nv\r\n" + b + "--\r\n"
                                           << QStringLiteral("too long");
}

void TestRegistryServer::multipartRejectsMalformedBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    TestSupport::MultipartParser parser("XyZ", {});
    const bool fed = parser.feed(body);
    const bool finished = fed && parser.finish();
    QVERIFY(!finished);
    QVERIFY(parser.hasError());
    QVERIFY2(parser.errorString().contains(expected), qPrintable(parser.errorString()));
    QVERIFY(!parser.feed("more"));
}

void TestRegistryServer::boundaryFromContentType_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("boundary");
    QTest::addRow("plain") << QByteArray("multipart/form-data; boundary=abc123") << QByteArray("abc123");
    QTest::addRow("quoted") << QByteArray("multipart/form-data; boundary=\"a b:c\"") << QByteArray("a b:c");
    QTest::addRow("case and spaces") << QByteArray("Multipart/Form-Data ;  charset=utf-8; Boundary=xyz") << QByteArray("xyz");
    QTest::addRow("urlencoded") << QByteArray("application/x-www-form-urlencoded") << QByteArray();
    QTest::addRow("no boundary") << QByteArray("multipart/form-data") << QByteArray();
    QTest::addRow("empty boundary") << QByteArray("multipart/form-data; boundary=") << QByteArray();
    QTest::addRow("too long") << QByteArray("multipart/form-data; boundary=" + QByteArray(71, 'b')) << QByteArray();
}

void TestRegistryServer::boundaryFromContentType()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, boundary);
    QCOMPARE(TestSupport::MultipartParser::boundaryFromContentType(header), boundary);
}

// --- Uploads ------------------------------------------------------------------------------

void TestRegistryServer::parallelUploadsAreHandledIntact_data()
{
    QTest::addColumn<int>("workers");
    QTest::addRow("one worker thread") << 1;
    QTest::addRow("a worker thread per upload") << 16;
}

void TestRegistryServer::parallelUploadsAreHandledIntact()
{
    // Bodies larger than a pipeline's queue, at once, so back-pressure and interleaving happen;
    // one with a wrong digest must still be refused while the others are stored.
    QFETCH(int, workers);
    m_server->setUploadWorkers(workers);
    QList<QByteArray> contents;
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 4; ++i) {
        QByteArray content(6 * 1024 * 1024 + i, '\0');
        for (qsizetype at = 0; at < content.size(); at += 4096) {
            content[at] = char(QRandomGenerator::global()->generate());
        }
        contents.append(content);
        const QString version = QStringLiteral("1.%1").arg(i);
        UploadForm form = UploadForm::forFile(QStringLiteral("parallel"), version,
                                              QStringLiteral("parallel-%1-py3-none-any.whl").arg(version), content);
        if (i == 2) {
            form.set("sha256_digest", UploadForm::sha256Hex("other bytes"));
        }
        replies.append(form.post(*m_network, m_server->uploadUrl(), QStringLiteral("__token__"), token));
    }
    for (int i = 0; i < 4; ++i) {
        const Response response = waitFor(replies.at(i));
        const QString filename = QStringLiteral("parallel-1.%1-py3-none-any.whl").arg(i);
        if (i == 2) {
            QCOMPARE(response.status, 400);
            QVERIFY(!m_server->file(filename));
            continue;
        }
        QCOMPARE(response.status, 200);
        const auto file = m_server->file(filename);
        QVERIFY(file);
        QCOMPARE(file->sha256, UploadForm::sha256Hex(contents.at(i)));
        QCOMPARE(file->blake2_256, UploadForm::blake2b256Hex(contents.at(i)));
        QVERIFY(readFile(file->storagePath) == contents.at(i));
    }
    QCOMPARE(m_server->files().size(), 3);
    // No spool file is left behind, the refused upload's included.
    const QString stored = m_server->files().first().storagePath;
    const QString incoming = stored.left(stored.indexOf(QStringLiteral("/files/"))) + QStringLiteral("/incoming");
    QTRY_VERIFY(QDir(incoming).isEmpty());
}

void TestRegistryServer::uploadIsStoredAndServed()
{
    const QByteArray content = "wheel bytes " + QByteArray::number(QRandomGenerator::global()->generate64());
    UploadForm form = UploadForm::forFile(QStringLiteral("Demo.Pkg"), QStringLiteral("1.0"),
                                          QStringLiteral("demo_pkg-1.0-py3-none-any.whl"), content);
    form.add("requires_python", ">=3.9").add("classifiers", "Programming Language :: Python :: 3")
        .add("classifiers", "License :: OSI Approved :: MIT License");
    QSignalSpy stored(m_server.get(), &RegistryServer::fileStored);
    const Response response = upload(form);
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body, QByteArray());
    QCOMPARE(stored.size(), 1);

    const auto file = m_server->file(QStringLiteral("demo_pkg-1.0-py3-none-any.whl"));
    QVERIFY(file.has_value());
    QCOMPARE(file->project, QStringLiteral("Demo.Pkg"));
    QCOMPARE(file->normalizedProject, QStringLiteral("demo-pkg"));
    QCOMPARE(file->sha256, UploadForm::sha256Hex(content));
    QCOMPARE(file->blake2_256, UploadForm::blake2b256Hex(content));
    QCOMPARE(file->size, content.size());
    QCOMPARE(file->requiresPython, QStringLiteral(">=3.9"));
    QCOMPARE(file->pyversion, QStringLiteral("py3"));
    QCOMPARE(readFile(file->storagePath), content);

    // PEP 691 JSON
    const Response json = get(m_server->simpleProjectUrl(QStringLiteral("demo-pkg")), "application/vnd.pypi.simple.v1+json");
    QCOMPARE(json.status, 200);
    QCOMPARE(json.header("Content-Type"), QByteArray("application/vnd.pypi.simple.v1+json"));
    const QJsonObject page = QJsonDocument::fromJson(json.body).object();
    QCOMPARE(page.value(QLatin1String("name")).toString(), QStringLiteral("demo-pkg"));
    QCOMPARE(page.value(QLatin1String("meta")).toObject().value(QLatin1String("api-version")).toString(), QStringLiteral("1.1"));
    QCOMPARE(page.value(QLatin1String("versions")).toArray(), QJsonArray{QStringLiteral("1.0")});
    const QJsonObject entry = page.value(QLatin1String("files")).toArray().first().toObject();
    QCOMPARE(entry.value(QLatin1String("filename")).toString(), QStringLiteral("demo_pkg-1.0-py3-none-any.whl"));
    QCOMPARE(entry.value(QLatin1String("hashes")).toObject().value(QLatin1String("sha256")).toString().toLatin1(),
             UploadForm::sha256Hex(content));
    QCOMPARE(entry.value(QLatin1String("requires-python")).toString(), QStringLiteral(">=3.9"));
    QCOMPARE(entry.value(QLatin1String("size")).toInteger(), content.size());
    QCOMPARE(entry.value(QLatin1String("yanked")).toBool(true), false);
    QVERIFY(QDateTime::fromString(entry.value(QLatin1String("upload-time")).toString(), Qt::ISODateWithMs).isValid());

    // PEP 503 HTML
    const Response html = get(m_server->simpleProjectUrl(QStringLiteral("demo-pkg")), "text/html");
    QCOMPARE(html.status, 200);
    QVERIFY(html.header("Content-Type").startsWith("text/html"));
    QVERIFY(html.body.contains(QByteArray("#sha256=" + UploadForm::sha256Hex(content))));
    QVERIFY(html.body.contains("data-requires-python=\"&gt;=3.9\""));
    QVERIFY(html.body.contains(">demo_pkg-1.0-py3-none-any.whl</a>"));

    // The file itself, from the URL the index gives.
    const Response download = get(QUrl(entry.value(QLatin1String("url")).toString()));
    QCOMPARE(download.status, 200);
    QCOMPARE(download.body, content);

    // The JSON API, with the metadata from the form.
    const Response api = get(m_server->jsonApiUrl(QStringLiteral("demo-pkg")));
    QCOMPARE(api.status, 200);
    const QJsonObject project = QJsonDocument::fromJson(api.body).object();
    const QJsonObject info = project.value(QLatin1String("info")).toObject();
    QCOMPARE(info.value(QLatin1String("version")).toString(), QStringLiteral("1.0"));
    QCOMPARE(info.value(QLatin1String("name")).toString(), QStringLiteral("Demo.Pkg"));
    QCOMPARE(info.value(QLatin1String("classifiers")).toArray().size(), 2);
    const QJsonObject digests = project.value(QLatin1String("urls")).toArray().first().toObject()
                                    .value(QLatin1String("digests")).toObject();
    QCOMPARE(digests.value(QLatin1String("blake2b_256")).toString().toLatin1(), UploadForm::blake2b256Hex(content));
    QVERIFY(project.value(QLatin1String("releases")).toObject().contains(QLatin1String("1.0")));

    // The project list.
    const Response index = get(m_server->simpleIndexUrl(), "application/vnd.pypi.simple.v1+json");
    QCOMPARE(QJsonDocument::fromJson(index.body).object().value(QLatin1String("projects")).toArray().first().toObject()
                 .value(QLatin1String("name")).toString(),
             QStringLiteral("Demo.Pkg"));
}

void TestRegistryServer::uploadWithQHttpMultiPartStreamsFromFile()
{
    // The shape the upload engine uses: QHttpMultiPart with the file part read from disk.
    const QString path = m_directory->filePath(QStringLiteral("demo-1.0.tar.gz"));
    QByteArray content(300 * 1024, '\0');
    for (qsizetype i = 0; i < content.size(); ++i) {
        content[i] = char(QRandomGenerator::global()->bounded(256));
    }
    {
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(content);
    }
    auto *multiPart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    auto addField = [multiPart](const QByteArray &name, const QByteArray &value) {
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader, QByteArray("form-data; name=\"" + name + "\""));
        part.setBody(value);
        multiPart->append(part);
    };
    addField(":action", "file_upload");
    addField("protocol_version", "1");
    addField("metadata_version", "2.1");
    addField("name", "demo");
    addField("version", "1.0");
    addField("filetype", "sdist");
    addField("pyversion", "source");
    addField("requires_python", "");
    addField("sha256_digest", UploadForm::sha256Hex(content));
    addField("blake2_256_digest", UploadForm::blake2b256Hex(content));
    QHttpPart filePart;
    filePart.setHeader(QNetworkRequest::ContentDispositionHeader, QByteArray("form-data; name=\"content\"; filename=\"demo-1.0.tar.gz\""));
    filePart.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/octet-stream"));
    auto *file = new QFile(path, multiPart);
    QVERIFY(file->open(QIODevice::ReadOnly));
    filePart.setBodyDevice(file);
    multiPart->append(filePart);

    QNetworkRequest request(m_server->uploadUrl());
    request.setRawHeader("Authorization", "Basic " + QByteArray("__token__:" + token.toUtf8()).toBase64());
    QNetworkReply *reply = m_network->post(request, multiPart);
    multiPart->setParent(reply);
    const Response response = waitFor(reply);
    QCOMPARE(response.status, 200);
    const auto stored = m_server->file(QStringLiteral("demo-1.0.tar.gz"));
    QVERIFY(stored.has_value());
    QCOMPARE(stored->sha256, UploadForm::sha256Hex(content));
    // The empty requires_python was sent (GitLab needs it) and recorded as sent.
    const TestSupport::RecordedRequest recorded = m_server->uploadRequests().last();
    QVERIFY(recorded.hasFormField(QStringLiteral("requires_python")));
    QCOMPARE(recorded.formValue(QStringLiteral("requires_python")), QString());
}

namespace {

qint64 peakResidentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:")) {
            return line.mid(6).trimmed().split(' ').first().toLongLong();
        }
    }
    return -1;
}

} // namespace

void TestRegistryServer::largeUploadKeepsMemoryFlat()
{
    // 256 MiB through the server (and Qt's streaming client in the same process): the server
    // spools to disk while hashing, so the peak grows by far less than the file.
    const qint64 size = 256LL * 1024 * 1024;
    const QString path = m_directory->filePath(QStringLiteral("big-1.0.tar.gz"));
    QByteArray sha256;
    QByteArray blake2;
    {
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QByteArray block(1024 * 1024, '\0');
        Dist::Hasher sha(Dist::HashAlgorithm::Sha256);
        Dist::Hasher b2(Dist::HashAlgorithm::Blake2b256);
        for (qint64 written = 0; written < size; written += block.size()) {
            for (qsizetype i = 0; i < block.size(); i += 4096) {
                block[i] = char(written / block.size() + i);
            }
            out.write(block);
            sha.addData(block);
            b2.addData(block);
        }
        sha256 = sha.result().toHex();
        blake2 = b2.result().toHex();
    }
    const qint64 before = peakResidentKiB();
    QVERIFY(before > 0);

    auto *multiPart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    const QList<std::pair<QByteArray, QByteArray>> fields{
        {":action", "file_upload"}, {"protocol_version", "1"}, {"metadata_version", "2.1"}, {"name", "big"},
        {"version", "1.0"}, {"filetype", "sdist"}, {"sha256_digest", sha256}, {"blake2_256_digest", blake2}};
    for (const auto &[name, value] : fields) {
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader, QByteArray("form-data; name=\"" + name + "\""));
        part.setBody(value);
        multiPart->append(part);
    }
    QHttpPart filePart;
    filePart.setHeader(QNetworkRequest::ContentDispositionHeader, QByteArray("form-data; name=\"content\"; filename=\"big-1.0.tar.gz\""));
    filePart.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/octet-stream"));
    auto *file = new QFile(path, multiPart);
    QVERIFY(file->open(QIODevice::ReadOnly));
    filePart.setBodyDevice(file);
    multiPart->append(filePart);
    QNetworkRequest request(m_server->uploadUrl());
    request.setRawHeader("Authorization", "Basic " + QByteArray("__token__:" + token.toUtf8()).toBase64());
    QNetworkReply *reply = m_network->post(request, multiPart);
    multiPart->setParent(reply);
    const Response response = waitFor(reply);
    QCOMPARE(response.status, 200);
    const auto stored = m_server->file(QStringLiteral("big-1.0.tar.gz"));
    QVERIFY(stored.has_value());
    QCOMPARE(stored->size, size);
    QCOMPARE(stored->sha256, sha256);
    const qint64 growthKiB = peakResidentKiB() - before;
    QVERIFY2(growthKiB < 64 * 1024, qPrintable(QStringLiteral("peak memory grew by %1 MiB").arg(growthKiB / 1024)));
}

void TestRegistryServer::uploadErrorsUseWarehouseMessages_data()
{
    QTest::addColumn<std::function<void(UploadForm &)>>("change");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");

    using Change = std::function<void(UploadForm &)>;
    const Change none = [](UploadForm &) {};
    const QString user = QStringLiteral("__token__");
    QTest::addRow("no credentials") << none << QString() << QString() << 403
                                    << QStringLiteral("Invalid or non-existent authentication information. See "
                                                      "https://pypi.org/help/#invalid-auth for more information.");
    QTest::addRow("wrong token") << none << user << QStringLiteral("pypi-wrong") << 403
                                 << QStringLiteral("Invalid or non-existent authentication information.");
    QTest::addRow("user and password") << none << QStringLiteral("alice") << QStringLiteral("secret") << 403
                                       << QStringLiteral("Username/Password authentication is no longer supported. "
                                                         "Migrate to API Tokens or Trusted Publishers instead.");
    QTest::addRow("missing :action") << Change([](UploadForm &f) { f.remove(":action"); }) << user << token << 400
                                     << QStringLiteral("Missing :action");
    QTest::addRow("doc_upload") << Change([](UploadForm &f) { f.set(":action", "doc_upload"); }) << user << token << 410
                                << QStringLiteral("Uploading documentation is no longer supported");
    QTest::addRow("submit") << Change([](UploadForm &f) { f.set(":action", "submit"); }) << user << token << 410
                            << QStringLiteral("Project pre-registration is no longer required or supported");
    QTest::addRow("protocol 2") << Change([](UploadForm &f) { f.set("protocol_version", "2"); }) << user << token << 400
                                << QStringLiteral("Unknown protocol version.");
    QTest::addRow("field sent as file") << Change([](UploadForm &f) { f.addFilePart("summary", "summary.txt", "text"); })
                                        << user << token << 400 << QStringLiteral("summary: Should not be a tuple.");
    QTest::addRow("no content") << Change([](UploadForm &f) { f.remove("content"); }) << user << token << 400
                                << QStringLiteral("Upload payload does not have a file.");
    QTest::addRow("no content, wrong token") << Change([](UploadForm &f) { f.remove("content"); }) << user
                                             << QStringLiteral("pypi-wrong") << 403
                                             << QStringLiteral("Invalid or non-existent authentication information.");
    QTest::addRow("content without type")
        << Change([](UploadForm &f) { f.setContent("demo_pkg-1.0-py3-none-any.whl", "bytes", QByteArray()); }) << user
        << token << 400 << QStringLiteral("Invalid distribution file.");
    QTest::addRow("content as image")
        << Change([](UploadForm &f) { f.setContent("demo_pkg-1.0-py3-none-any.whl", "bytes", "image/png"); }) << user
        << token << 400 << QStringLiteral("Invalid distribution file.");
    QTest::addRow("missing metadata_version") << Change([](UploadForm &f) { f.remove("metadata_version"); }) << user << token
                                              << 400 << QStringLiteral("'metadata_version' is a required field.");
    QTest::addRow("metadata 3.0") << Change([](UploadForm &f) { f.set("metadata_version", "3.0"); }) << user << token << 400
                                  << QStringLiteral("'3.0' is not a valid metadata version.");
    QTest::addRow("metadata UNKNOWN is absent") << Change([](UploadForm &f) { f.set("metadata_version", "UNKNOWN"); })
                                                << user << token << 400
                                                << QStringLiteral("'metadata_version' is a required field.");
    QTest::addRow("missing name") << Change([](UploadForm &f) { f.remove("name"); }) << user << token << 400
                                  << QStringLiteral("'name' is a required field.");
    QTest::addRow("invalid name") << Change([](UploadForm &f) { f.set("name", "-demo-"); }) << user << token << 400
                                  << QStringLiteral("'-demo-' is an invalid value for Name.");
    QTest::addRow("missing version") << Change([](UploadForm &f) { f.remove("version"); }) << user << token << 400
                                     << QStringLiteral("'version' is a required field.");
    QTest::addRow("invalid version") << Change([](UploadForm &f) { f.set("version", "one"); }) << user << token << 400
                                     << QStringLiteral("'one' is invalid for 'version'.");
    QTest::addRow("local version") << Change([](UploadForm &f) { f.set("version", "1.0+local"); }) << user << token << 400
                                   << QStringLiteral("The use of local versions in '1.0+local' is not allowed.");
    QTest::addRow("bad requires_python") << Change([](UploadForm &f) { f.set("requires_python", ">=3.x"); }) << user << token
                                         << 400 << QStringLiteral("'>=3.x' is invalid for 'requires-python'.");
    QTest::addRow("version twice") << Change([](UploadForm &f) { f.add("version", "1.0"); }) << user << token << 400
                                   << QStringLiteral("'version' has invalid data");
    QTest::addRow("unknown filetype") << Change([](UploadForm &f) { f.set("filetype", "bdist_egg"); }) << user << token << 400
                                      << QStringLiteral("Invalid value for filetype. Error: Use a known file type.");
    QTest::addRow("wheel without pyversion") << Change([](UploadForm &f) { f.remove("pyversion"); }) << user << token << 400
                                             << QStringLiteral("Python version is required for binary distribution uploads.");
    QTest::addRow("no digest") << Change([](UploadForm &f) {
        f.remove("sha256_digest").remove("blake2_256_digest");
    }) << user << token << 400 << QStringLiteral("Include at least one message digest.");
    QTest::addRow("malformed sha256") << Change([](UploadForm &f) { f.set("sha256_digest", "abc"); }) << user << token << 400
                                      << QStringLiteral("Invalid value for sha256_digest.");
    QTest::addRow("sha256 mismatch") << Change([](UploadForm &f) { f.set("sha256_digest", QByteArray(64, 'a')); }) << user
                                     << token << 400
                                     << QStringLiteral("The digest supplied does not match a digest calculated from the "
                                                       "uploaded file.");
    QTest::addRow("blake2 mismatch, upper-case sha256")
        << Change([](UploadForm &f) {
               const QByteArray sha = f.fields().at(6).value.toUpper();
               f.set("sha256_digest", sha).set("blake2_256_digest", QByteArray(64, 'b'));
           })
        << user << token << 400 << QStringLiteral("The digest supplied does not match");
    QTest::addRow("attestations with a token") << Change([](UploadForm &f) { f.add("attestations", "[{}]"); }) << user << token
                                               << 400 << QStringLiteral("Invalid attestations supplied during upload");
    QTest::addRow("wheel of another project")
        << Change([](UploadForm &f) { f.setContent("other_pkg-1.0-py3-none-any.whl", "bytes"); }) << user << token << 400
        << QStringLiteral("Start filename for 'demo-pkg' with 'demo_pkg'.");
    QTest::addRow("wheel name not normalized")
        << Change([](UploadForm &f) { f.setContent("Demo_Pkg-1.0-py3-none-any.whl", "bytes"); }) << user << token << 400
        << QStringLiteral("Filename 'Demo_Pkg-1.0-py3-none-any.whl' should contain the normalized project name "
                          "'demo_pkg', not 'Demo_Pkg'.");
    QTest::addRow("wheel of another version")
        << Change([](UploadForm &f) { f.setContent("demo_pkg-1.1-py3-none-any.whl", "bytes"); }) << user << token << 400
        << QStringLiteral("Version in filename should be '1.0' not '1.1'.");
    QTest::addRow("wheel 1.0.0 matches version 1.0, then the digest fails")
        << Change([](UploadForm &f) { f.setContent("demo_pkg-1.0.0-py3-none-any.whl", "bytes"); }) << user << token << 400
        << QStringLiteral("The digest supplied does not match");
    QTest::addRow("wheel with too few parts")
        << Change([](UploadForm &f) { f.setContent("demo_pkg-1.0-py3.whl", "bytes"); }) << user << token << 400
        << QStringLiteral("Invalid wheel filename (wrong number of parts)");
    QTest::addRow("linux_x86_64 wheel")
        << Change([](UploadForm &f) { f.setContent("demo_pkg-1.0-cp312-cp312-linux_x86_64.whl", "bytes"); }) << user << token
        << 400 << QStringLiteral("has an unsupported platform tag 'linux_x86_64'.");
    QTest::addRow("exe") << Change([](UploadForm &f) { f.setContent("demo_pkg-1.0.exe", "bytes"); }) << user << token << 400
                         << QStringLiteral("Invalid file extension: Use .tar.gz, .whl or .zip extension.");
    QTest::addRow("wheel sent as sdist") << Change([](UploadForm &f) { f.set("filetype", "sdist").set("pyversion", "source"); })
                                         << user << token << 400
                                         << QStringLiteral("Invalid file extension: Extension .whl is invalid for filetype sdist.");
    QTest::addRow("slash in filename") << Change([](UploadForm &f) { f.setContent("dir/demo_pkg-1.0-py3-none-any.whl", "x"); })
                                       << user << token << 400
                                       << QStringLiteral("Cannot upload a file with '/' or '\\' in the name.");
    QTest::addRow("sdist pyversion") << Change([](UploadForm &f) {
        f.set("filetype", "sdist").setContent("demo_pkg-1.0.tar.gz", "bytes");
    }) << user << token << 400 << QStringLiteral("Use 'source' as Python version for an sdist.");
    QTest::addRow("sdist name not normalized") << Change([](UploadForm &f) {
        f.set("filetype", "sdist").set("pyversion", "source").setContent("Demo-Pkg-1.0.tar.gz", "bytes");
    }) << user << token << 400 << QStringLiteral("Filename 'Demo-Pkg-1.0.tar.gz' is invalid, should be 'demo_pkg-1.0.tar.gz'.");
    QTest::addRow("sdist version not normalized") << Change([](UploadForm &f) {
        f.set("filetype", "sdist").set("pyversion", "source").set("version", "01.0").setContent("demo_pkg-01.0.tar.gz", "b");
    }) << user << token << 400 << QStringLiteral("Filename 'demo_pkg-01.0.tar.gz' is invalid, should be 'demo_pkg-1.0.tar.gz'.");
    // packaging splits an sdist name at its last '-', so a dash in the version reads as part of the name.
    QTest::addRow("sdist version with a dash") << Change([](UploadForm &f) {
        f.set("filetype", "sdist").set("pyversion", "source").set("version", "1.0-1").setContent("demo_pkg-1.0-1.tar.gz", "b");
    }) << user << token << 400 << QStringLiteral("Start filename for 'demo-pkg' with 'demo_pkg'.");
    QTest::addRow("sdist of another project") << Change([](UploadForm &f) {
        f.set("filetype", "sdist").set("pyversion", "source").setContent("other-1.0.tar.gz", "bytes");
    }) << user << token << 400 << QStringLiteral("Start filename for 'demo-pkg' with 'demo_pkg'.");
    QTest::addRow("gpg_signature may be a file") << Change([](UploadForm &f) {
        f.addFilePart("gpg_signature", "x.asc", "-----BEGIN PGP SIGNATURE-----");
    }) << user << token << 200 << QString();
    QTest::addRow("malformed multipart") << Change([](UploadForm &f) {
        f.addFilePart("a\"b", "x", "y");
    }) << user << token << 400 << QStringLiteral("Invalid multipart/form-data body");
}

void TestRegistryServer::uploadErrorsUseWarehouseMessages()
{
    QFETCH(std::function<void(UploadForm &)>, change);
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(int, status);
    QFETCH(QString, message);
    m_server->addToken(QStringLiteral("pypi-scoped"), {QStringLiteral("other")});
    const QByteArray content = "the wheel's bytes";
    UploadForm form = UploadForm::forFile(QStringLiteral("demo-pkg"), QStringLiteral("1.0"),
                                          QStringLiteral("demo_pkg-1.0-py3-none-any.whl"), content);
    change(form);
    const Response response = upload(form, username, password);
    QCOMPARE(response.status, status);
    if (status == 200) {
        QVERIFY(m_server->file(QStringLiteral("demo_pkg-1.0-py3-none-any.whl")).has_value());
        return;
    }
    // Warehouse puts the message in the reason phrase and the body.
    QVERIFY2(QString::fromLatin1(response.reason).contains(message), response.reason.constData());
    QVERIFY2(QString::fromUtf8(response.body).contains(message), response.body.constData());
    QVERIFY(m_server->files().isEmpty());
    QCOMPARE(m_server->uploadRequests().size(), 1);
    QCOMPARE(m_server->uploadRequests().first().status, status);
}

void TestRegistryServer::identicalReuploadIsOk()
{
    const UploadForm form = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                QStringLiteral("demo-1.0-py3-none-any.whl"), "same bytes");
    QCOMPARE(upload(form).status, 200);
    const Response again = upload(form);
    QCOMPARE(again.status, 200);
    QCOMPARE(m_server->files().size(), 1);
}

void TestRegistryServer::sameFilenameOtherBytesIsRefused()
{
    QCOMPARE(upload(UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                        QStringLiteral("demo-1.0-py3-none-any.whl"), "first"))
                 .status,
             200);
    const Response response = upload(UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                         QStringLiteral("demo-1.0-py3-none-any.whl"), "second"));
    QCOMPARE(response.status, 400);
    const QString expected = QStringLiteral("File already exists ('demo-1.0-py3-none-any.whl', with blake2_256 hash '%1'). "
                                            "See https://pypi.org/help/#file-name-reuse for more information.")
                                 .arg(QString::fromLatin1(UploadForm::blake2b256Hex("second")));
    QCOMPARE(QString::fromLatin1(response.reason), expected);
    QVERIFY(response.body.contains(expected.toUtf8()));
    QCOMPARE(m_server->file(QStringLiteral("demo-1.0-py3-none-any.whl"))->sha256, UploadForm::sha256Hex("first"));
}

void TestRegistryServer::sameBytesOtherFilenameIsRefused()
{
    QCOMPARE(upload(UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                        QStringLiteral("demo-1.0-py3-none-any.whl"), "bytes"))
                 .status,
             200);
    const Response response = upload(UploadForm::forFile(QStringLiteral("other"), QStringLiteral("2.0"),
                                                         QStringLiteral("other-2.0-py3-none-any.whl"), "bytes"));
    QCOMPARE(response.status, 400);
    QVERIFY(response.reason.startsWith("File already exists ('other-2.0-py3-none-any.whl'"));
}

void TestRegistryServer::deletedFilenameIsPreviouslyUsed()
{
    const UploadForm form = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                QStringLiteral("demo-1.0.tar.gz"), "sdist");
    QCOMPARE(upload(form).status, 200);
    QVERIFY(m_server->deleteFile(QStringLiteral("demo-1.0.tar.gz")));
    QVERIFY(!m_server->file(QStringLiteral("demo-1.0.tar.gz")));
    QCOMPARE(get(m_server->simpleProjectUrl(QStringLiteral("demo"))).status, 404);
    const Response response = upload(form);
    QCOMPARE(response.status, 400);
    QVERIFY(response.reason.startsWith("This filename was previously used by a file that has since been deleted. Use a "
                                       "different version."));
}

void TestRegistryServer::secondSdistOfAReleaseIsRefused()
{
    QCOMPARE(upload(UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"), "a"))
                 .status,
             200);
    // 1.0.0 is the same release as 1.0 under PEP 440.
    const Response response = upload(
        UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0.0"), QStringLiteral("demo-1.0.0.tar.gz"), "b"));
    QCOMPARE(response.status, 400);
    QCOMPARE(response.reason, QByteArray("Only one sdist may be uploaded per release."));
}

void TestRegistryServer::fileSizeLimitAndProxyLimit()
{
    m_server->setMaxFileSize(1024 * 1024);
    const QByteArray big(1024 * 1024 + 1, 'x');
    Response response = upload(UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                   QStringLiteral("demo-1.0.tar.gz"), big));
    QCOMPARE(response.status, 400);
    QVERIFY(response.reason.startsWith("File too large. Limit for project 'demo' is 1 MB. See "
                                       "https://docs.pypi.org/project-management/storage-limits"));
    QCOMPARE(upload(UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"),
                                        QByteArray(1024 * 1024, 'y')))
                 .status,
             200);

    m_server->setMaxRequestBodySize(64 * 1024);
    response = upload(UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("2.0"), QStringLiteral("demo-2.0.tar.gz"),
                                          QByteArray(100 * 1024, 'z')));
    QCOMPARE(response.status, 413);
    QVERIFY(!m_server->file(QStringLiteral("demo-2.0.tar.gz")));
}

void TestRegistryServer::md5DigestIsCheckedWhenSent()
{
    UploadForm good = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                          QStringLiteral("demo-1.0.tar.gz"), "content");
    // md5 after the content part: the server hashes the spooled file afterwards.
    good.append("md5_digest", QCryptographicHash::hash("content", QCryptographicHash::Md5).toHex());
    QCOMPARE(upload(good).status, 200);
    UploadForm bad = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.1"), QStringLiteral("demo-1.1.tar.gz"),
                                         "content 1.1");
    // md5 before the content part: hashed on the fly.
    bad.add("md5_digest", QByteArray(32, '0'));
    QCOMPARE(upload(bad).status, 400);
    UploadForm early = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.2"), QStringLiteral("demo-1.2.tar.gz"),
                                           "content 1.2");
    early.add("md5_digest", QCryptographicHash::hash("content 1.2", QCryptographicHash::Md5).toHex());
    QCOMPARE(upload(early).status, 200);
    QCOMPARE(m_server->file(QStringLiteral("demo-1.2.tar.gz"))->md5,
             QCryptographicHash::hash("content 1.2", QCryptographicHash::Md5).toHex());
}

void TestRegistryServer::legacyWithoutSlashRedirects()
{
    const UploadForm form = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                QStringLiteral("demo-1.0.tar.gz"), "x");
    QUrl url = m_server->uploadUrl();
    url.setPath(QStringLiteral("/legacy"));
    const Response response = waitFor(form.post(*m_network, url, QStringLiteral("__token__"), token));
    QCOMPARE(response.status, 308);
    QCOMPARE(response.header("Location"), m_server->uploadUrl().toEncoded());
    QVERIFY(response.reason.contains("expected upload URL is /legacy/"));
    QVERIFY(m_server->files().isEmpty());
}

void TestRegistryServer::postToSimpleIndexIs405()
{
    const UploadForm form = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                QStringLiteral("demo-1.0.tar.gz"), "x");
    const Response response = waitFor(form.post(*m_network, m_server->simpleIndexUrl(), QStringLiteral("__token__"), token));
    QCOMPARE(response.status, 405);
    QVERIFY(m_server->files().isEmpty());
}

void TestRegistryServer::chunkedUploadIsAccepted()
{
    // Qt sends chunked bodies for sequential devices of unknown size; the server decodes them.
    const UploadForm form = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                QStringLiteral("demo-1.0.tar.gz"), QByteArray(200000, 'c'));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected());
    const QByteArray body = form.body();
    QByteArray request = "POST /legacy/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Type: "
        + form.contentTypeHeader() + "\r\nAuthorization: Basic " + QByteArray("__token__:" + token.toUtf8()).toBase64()
        + "\r\nConnection: close\r\n\r\n";
    for (qsizetype offset = 0; offset < body.size(); offset += 7000) {
        const QByteArray chunk = body.mid(offset, 7000);
        request += QByteArray::number(chunk.size(), 16) + ";ext=1\r\n" + chunk + "\r\n";
    }
    request += "0\r\n\r\n";
    socket.write(request);
    QByteArray answer;
    QEventLoop loop;
    connect(&socket, &QTcpSocket::readyRead, &loop, [&] { answer += socket.readAll(); });
    connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    loop.exec();
    QVERIFY2(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer.constData());
    QVERIFY(m_server->file(QStringLiteral("demo-1.0.tar.gz")).has_value());
}

void TestRegistryServer::tokenAuthorizationSchemes_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<int>("status");
    QTest::addRow("token") << QByteArray("token " + token.toUtf8()) << 200;
    QTest::addRow("bearer") << QByteArray("Bearer " + token.toUtf8()) << 200;
    QTest::addRow("basic with spaces around the token")
        << QByteArray("Basic " + QByteArray("__token__:  " + token.toUtf8() + " ").toBase64()) << 200;
    QTest::addRow("bearer, wrong token") << QByteArray("Bearer pypi-nope") << 403;
    QTest::addRow("unknown scheme") << QByteArray("Digest x") << 403;
    QTest::addRow("basic, not base64") << QByteArray("Basic %%%") << 403;
}

void TestRegistryServer::tokenAuthorizationSchemes()
{
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);
    const UploadForm form = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                QStringLiteral("demo-1.0.tar.gz"), "x");
    const QByteArray body = form.body();
    const RawAnswer answer = rawExchange(
        m_server->port(), "POST /legacy/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + form.contentTypeHeader()
                              + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nAuthorization: "
                              + authorization + "\r\nConnection: close\r\n\r\n" + body);
    QVERIFY2(answer.bytes.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status) + ' ')), answer.bytes.left(200).constData());
    QVERIFY(m_server->requests().last().hadAuthorization);
    QVERIFY(m_server->requests().last().header("Authorization").isEmpty());
}

void TestRegistryServer::nonMultipartBodyIsRefused()
{
    const QByteArray body = ":action=file_upload&name=demo&version=1.0";
    const RawAnswer answer = rawExchange(
        m_server->port(), "POST /legacy/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
                          "\r\nContent-Length: "
                              + QByteArray::number(body.size()) + "\r\nAuthorization: Bearer " + token.toUtf8()
                              + "\r\nConnection: close\r\n\r\n" + body);
    QVERIFY2(answer.bytes.startsWith("HTTP/1.1 400 Invalid multipart/form-data body: The upload is not a "
                                     "multipart/form-data body"),
             answer.bytes.left(200).constData());
    // Malformed HTTP gets a plain 400 and a closed connection.
    QVERIFY(rawExchange(m_server->port(), "NOT HTTP AT ALL\r\n\r\n").bytes.startsWith("HTTP/1.1 400 Bad Request"));
    QVERIFY(rawExchange(m_server->port(), "POST /legacy/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                          "Transfer-Encoding: chunked\r\n\r\n")
                .bytes.startsWith("HTTP/1.1 400 Bad Request"));
}

// --- Recording ----------------------------------------------------------------------------

void TestRegistryServer::requestsAreRecordedWithoutSecrets()
{
    UploadForm form = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                          QStringLiteral("demo-1.0-py3-none-any.whl"), "bytes");
    form.add("classifiers", "A :: B").add("classifiers", "C :: D");
    QSignalSpy finished(m_server.get(), &RegistryServer::requestFinished);
    QCOMPARE(upload(form).status, 200);
    QCOMPARE(finished.size(), 1);
    const TestSupport::RecordedRequest recorded = m_server->requests().last();
    QCOMPARE(recorded.method, QByteArray("POST"));
    QCOMPARE(recorded.target, QByteArray("/legacy/"));
    QVERIFY(recorded.hadAuthorization);
    QCOMPARE(recorded.username, QStringLiteral("__token__"));
    QVERIFY(recorded.header("Authorization").isEmpty());
    QVERIFY(!recorded.header("Content-Type").isEmpty());
    QCOMPARE(recorded.formValues(QStringLiteral("classifiers")), (QStringList{QStringLiteral("A :: B"), QStringLiteral("C :: D")}));
    QCOMPARE(recorded.formValue(QStringLiteral(":action")), QStringLiteral("file_upload"));
    QCOMPARE(recorded.formFieldNames().last(), QStringLiteral("content"));
    const TestSupport::RecordedFormField content = recorded.form.last();
    QVERIFY(content.isFile);
    QCOMPARE(content.filename, QStringLiteral("demo-1.0-py3-none-any.whl"));
    QCOMPARE(content.size, 5);
    QCOMPARE(content.value, QString());
    QCOMPARE(recorded.status, 200);
    QCOMPARE(recorded.outcome, TestSupport::RequestOutcome::Answered);

    // The token is nowhere in what was recorded.
    const QByteArray secret = token.toUtf8();
    for (const auto &[name, value] : recorded.headers) {
        QVERIFY(!value.contains(secret) && !value.contains(QByteArray("__token__:" + secret).toBase64()));
    }
    for (const TestSupport::RecordedFormField &field : recorded.form) {
        QVERIFY(!field.value.contains(token));
    }
}

// --- Read side ----------------------------------------------------------------------------

void TestRegistryServer::contentNegotiation_data()
{
    QTest::addColumn<QByteArray>("accept");
    QTest::addColumn<QByteArray>("contentType");
    const QByteArray json = "application/vnd.pypi.simple.v1+json";
    const QByteArray v1html = "application/vnd.pypi.simple.v1+html";
    const QByteArray html = "text/html; charset=utf-8";
    QTest::addRow("none") << QByteArray() << html;
    QTest::addRow("any") << QByteArray("*/*") << html;
    QTest::addRow("json") << json << json;
    QTest::addRow("latest json") << QByteArray("application/vnd.pypi.simple.latest+json") << json;
    QTest::addRow("v1 html") << v1html << v1html;
    QTest::addRow("slipway's") << QByteArray("application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01")
                               << json;
    QTest::addRow("pip's") << QByteArray("application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01")
                           << json;
    QTest::addRow("html preferred") << QByteArray("text/html, application/vnd.pypi.simple.v1+json;q=0.5") << html;
    QTest::addRow("json refused") << QByteArray("application/vnd.pypi.simple.v1+json;q=0, */*;q=0.1") << html;
    QTest::addRow("unknown only") << QByteArray("application/xml") << html;
    QTest::addRow("application wildcard") << QByteArray("application/*") << v1html;
}

void TestRegistryServer::contentNegotiation()
{
    QFETCH(QByteArray, accept);
    QFETCH(QByteArray, contentType);
    QVERIFY(m_server->addFile(QStringLiteral("demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"), "x"));
    QNetworkRequest request(m_server->simpleProjectUrl(QStringLiteral("demo")));
    // Qt adds no Accept header of its own, so "none" really sends none.
    if (!accept.isEmpty()) {
        request.setRawHeader("Accept", accept);
    }
    const Response response = waitFor(m_network->get(request));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.header("Content-Type"), contentType);
    QCOMPARE(response.header("Vary"), QByteArray("Accept"));
    m_server->setSimpleJsonEnabled(false);
    QVERIFY(waitFor(m_network->get(request)).header("Content-Type").startsWith("text/html"));
}

void TestRegistryServer::nonNormalizedNamesRedirect()
{
    QVERIFY(m_server->addFile(QStringLiteral("Demo.Pkg"), QStringLiteral("1.0"), QStringLiteral("demo_pkg-1.0.tar.gz"), "x"));
    QUrl url = m_server->baseUrl();
    url.setPath(QStringLiteral("/simple/Demo.Pkg/"));
    Response response = get(url);
    QCOMPARE(response.status, 301);
    QCOMPARE(response.header("Location"), m_server->simpleProjectUrl(QStringLiteral("demo-pkg")).toEncoded());
    url.setPath(QStringLiteral("/simple/demo-pkg"));
    QCOMPARE(get(url).status, 301);
    url.setPath(QStringLiteral("/pypi/Demo_Pkg/json"));
    response = get(url);
    QCOMPARE(response.status, 301);
    QCOMPARE(response.header("Location"), m_server->jsonApiUrl(QStringLiteral("demo-pkg")).toEncoded());
    url.setPath(QStringLiteral("/mirror/simple/demo-pkg/"));
    response = get(url, "application/vnd.pypi.simple.v1+json");
    QCOMPARE(response.status, 200);
    QVERIFY(response.body.contains("/mirror/files/demo-pkg/demo_pkg-1.0.tar.gz"));
}

void TestRegistryServer::unknownProjectIs404()
{
    QCOMPARE(get(m_server->simpleProjectUrl(QStringLiteral("nothing-here"))).status, 404);
    QCOMPARE(get(m_server->jsonApiUrl(QStringLiteral("nothing-here"))).status, 404);
    QUrl url = m_server->baseUrl();
    url.setPath(QStringLiteral("/files/nothing-here/nothing-1.0.tar.gz"));
    QCOMPARE(get(url).status, 404);
}

void TestRegistryServer::jsonApiPicksLatestLikeWarehouse()
{
    for (const auto &[version, filename] :
         QList<std::pair<QString, QString>>{{QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz")},
                                            {QStringLiteral("1.10"), QStringLiteral("demo-1.10.tar.gz")},
                                            {QStringLiteral("1.9"), QStringLiteral("demo-1.9.tar.gz")},
                                            {QStringLiteral("2.0b1"), QStringLiteral("demo-2.0b1.tar.gz")},
                                            {QStringLiteral("1.11"), QStringLiteral("demo-1.11.tar.gz")}}) {
        QVERIFY(m_server->addFile(QStringLiteral("demo"), version, filename, filename.toUtf8()));
    }
    QVERIFY(m_server->yankFile(QStringLiteral("demo-1.11.tar.gz"), QStringLiteral("broken")));
    const QJsonObject project = QJsonDocument::fromJson(get(m_server->jsonApiUrl(QStringLiteral("demo"))).body).object();
    // Not yanked, not a pre-release, highest: 1.10.
    QCOMPARE(project.value(QLatin1String("info")).toObject().value(QLatin1String("version")).toString(), QStringLiteral("1.10"));
    QCOMPARE(project.value(QLatin1String("releases")).toObject().size(), 5);
    QCOMPARE(project.value(QLatin1String("urls")).toArray().first().toObject().value(QLatin1String("filename")).toString(),
             QStringLiteral("demo-1.10.tar.gz"));
    QUrl url = m_server->baseUrl();
    url.setPath(QStringLiteral("/pypi/demo/1.11/json"));
    const QJsonObject release = QJsonDocument::fromJson(get(url).body).object();
    QCOMPARE(release.value(QLatin1String("info")).toObject().value(QLatin1String("yanked_reason")).toString(), QStringLiteral("broken"));
    QVERIFY(!release.contains(QLatin1String("releases")));
    url.setPath(QStringLiteral("/pypi/demo/9.9/json"));
    QCOMPARE(get(url).status, 404);
}

void TestRegistryServer::yankedFilesAreMarked()
{
    QVERIFY(m_server->addFile(QStringLiteral("demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"), "a"));
    QVERIFY(m_server->addFile(QStringLiteral("demo"), QStringLiteral("1.1"), QStringLiteral("demo-1.1.tar.gz"), "b"));
    QVERIFY(m_server->addFile(QStringLiteral("demo"), QStringLiteral("1.2"), QStringLiteral("demo-1.2.tar.gz"), "c"));
    QVERIFY(m_server->yankFile(QStringLiteral("demo-1.0.tar.gz"), QStringLiteral("bad <build>")));
    QVERIFY(m_server->yankFile(QStringLiteral("demo-1.1.tar.gz")));
    const QJsonArray files = QJsonDocument::fromJson(get(m_server->simpleProjectUrl(QStringLiteral("demo")),
                                                         "application/vnd.pypi.simple.v1+json")
                                                         .body)
                                 .object()
                                 .value(QLatin1String("files"))
                                 .toArray();
    QCOMPARE(files.at(0).toObject().value(QLatin1String("yanked")).toString(), QStringLiteral("bad <build>"));
    QCOMPARE(files.at(1).toObject().value(QLatin1String("yanked")).toBool(), true);
    QCOMPARE(files.at(2).toObject().value(QLatin1String("yanked")).toBool(true), false);
    const QByteArray html = get(m_server->simpleProjectUrl(QStringLiteral("demo")), "text/html").body;
    QVERIFY(html.contains("data-yanked=\"bad &lt;build&gt;\">demo-1.0.tar.gz"));
    QVERIFY(html.contains("data-yanked>demo-1.1.tar.gz"));
}

void TestRegistryServer::readsCanRequireAuthentication()
{
    QVERIFY(m_server->addFile(QStringLiteral("demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"), "a"));
    m_server->setReadsNeedAuthentication(true);
    const Response anonymous = get(m_server->simpleProjectUrl(QStringLiteral("demo")));
    QCOMPARE(anonymous.status, 401);
    QVERIFY(anonymous.header("WWW-Authenticate").startsWith("Basic"));
    QNetworkRequest request(m_server->simpleProjectUrl(QStringLiteral("demo")));
    request.setRawHeader("Authorization", "Basic " + QByteArray("__token__:" + token.toUtf8()).toBase64());
    QCOMPARE(waitFor(m_network->get(request)).status, 200);
}

// --- Faults -------------------------------------------------------------------------------

void TestRegistryServer::dropMidBody()
{
    m_server->injectFault(RegistryFault::dropMidBody(100 * 1024));
    const UploadForm form = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                QStringLiteral("demo-1.0.tar.gz"), QByteArray(400 * 1024, 'd'));
    const RawAnswer answer = rawExchange(m_server->port(), rawUpload(form));
    QCOMPARE(answer.bytes, QByteArray());
    QVERIFY(m_server->files().isEmpty());
    const TestSupport::RecordedRequest recorded = m_server->requests().last();
    QCOMPARE(recorded.outcome, TestSupport::RequestOutcome::DroppedMidBody);
    QCOMPARE(recorded.bodyBytes, 100 * 1024);
    QCOMPARE(recorded.status, 0);
    QCOMPARE(m_server->pendingFaultCount(), 0);
    // One-shot: the next attempt goes through.
    QVERIFY(rawExchange(m_server->port(), rawUpload(form)).bytes.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(m_server->file(QStringLiteral("demo-1.0.tar.gz")).has_value());
}

void TestRegistryServer::dropAfterStore()
{
    m_server->injectFault(RegistryFault::dropAfterStore());
    const UploadForm form = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                QStringLiteral("demo-1.0.tar.gz"), "stored anyway");
    const RawAnswer answer = rawExchange(m_server->port(), rawUpload(form));
    QCOMPARE(answer.bytes, QByteArray());
    // The file is there: a client that checks the index before retrying finds it.
    QVERIFY(m_server->file(QStringLiteral("demo-1.0.tar.gz")).has_value());
    QCOMPARE(m_server->requests().last().outcome, TestSupport::RequestOutcome::DroppedAfterStore);
    QCOMPARE(get(m_server->simpleProjectUrl(QStringLiteral("demo"))).status, 200);
}

void TestRegistryServer::networkAccessManagerResendsAfterADrop()
{
    // Worth knowing for the upload engine: Qt's HTTP stack silently sends a request again
    // (POST included) when the server closes the connection before answering. After a drop
    // post-store the resend is an identical re-upload, so PyPI answers 200.
    m_server->injectFault(RegistryFault::dropAfterStore());
    const UploadForm form = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                QStringLiteral("demo-1.0.tar.gz"), "stored anyway");
    const Response response = upload(form);
    const QList<TestSupport::RecordedRequest> uploads = m_server->uploadRequests();
    QCOMPARE(uploads.first().outcome, TestSupport::RequestOutcome::DroppedAfterStore);
    if (uploads.size() == 2) {
        QCOMPARE(response.status, 200);
        QCOMPARE(uploads.last().status, 200);
    } else {
        QCOMPARE(uploads.size(), 1);
        QVERIFY(response.error != QNetworkReply::NoError);
    }
    QCOMPARE(m_server->files().size(), 1);
}

void TestRegistryServer::statusFaults_data()
{
    QTest::addColumn<RegistryFault>("fault");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addRow("500") << RegistryFault::serverError() << 500 << QByteArray();
    QTest::addRow("503 retry after 7") << RegistryFault::serviceUnavailable(7) << 503 << QByteArray("7");
    QTest::addRow("429 retry after 0") << RegistryFault::tooManyRequests(0) << 429 << QByteArray("0");
    QTest::addRow("502 custom") << RegistryFault::status(502, "Bad Gateway", "<html>proxy</html>") << 502 << QByteArray();
}

void TestRegistryServer::statusFaults()
{
    QFETCH(RegistryFault, fault);
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    m_server->injectFault(fault);
    const Response response = upload(UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                         QStringLiteral("demo-1.0.tar.gz"), "x"));
    QCOMPARE(response.status, status);
    QCOMPARE(response.header("Retry-After"), retryAfter);
    QVERIFY(m_server->files().isEmpty());
    // The whole body was read before answering.
    QCOMPARE(m_server->requests().last().bodyBytes, UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                                        QStringLiteral("demo-1.0.tar.gz"), "x")
                                                        .body()
                                                        .size());
}

void TestRegistryServer::faultCountsAndPersistence()
{
    const UploadForm form = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                QStringLiteral("demo-1.0.tar.gz"), "x");
    m_server->injectFault(RegistryFault::serviceUnavailable(1).times(2));
    QCOMPARE(upload(form).status, 503);
    QCOMPARE(upload(form).status, 503);
    QCOMPARE(upload(form).status, 200);

    m_server->injectFault(RegistryFault::serverError().persistent());
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(upload(form).status, 500);
    }
    QCOMPARE(m_server->pendingFaultCount(), 1);
    m_server->clearFaults();
    QCOMPARE(upload(form).status, 200);
}

void TestRegistryServer::delayedAnswer()
{
    m_server->injectFault(RegistryFault::delay(300));
    QElapsedTimer timer;
    timer.start();
    const Response response = upload(UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                         QStringLiteral("demo-1.0.tar.gz"), "slow"));
    QCOMPARE(response.status, 200);
    // A lower bound only: the answer cannot come before the delay.
    QVERIFY(timer.elapsed() >= 290);
}

void TestRegistryServer::throttledReading()
{
    m_server->injectFault(RegistryFault::throttle(1024 * 1024));
    QElapsedTimer timer;
    timer.start();
    const QByteArray content(512 * 1024, 't');
    const Response response = upload(UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                         QStringLiteral("demo-1.0.tar.gz"), content));
    QCOMPARE(response.status, 200);
    QCOMPARE(m_server->file(QStringLiteral("demo-1.0.tar.gz"))->sha256, UploadForm::sha256Hex(content));
    // Half a MiB at 1 MiB/s cannot take less than about 0.4 s (the first tick is free).
    QVERIFY(timer.elapsed() >= 350);
}

void TestRegistryServer::redirectFault()
{
    m_server->injectFault(RegistryFault::redirect(307, QStringLiteral("/mirror/legacy/")));
    const UploadForm form = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                QStringLiteral("demo-1.0.tar.gz"), "x");
    const Response response = upload(form);
    QCOMPARE(response.status, 307);
    QUrl mirror = m_server->baseUrl();
    mirror.setPath(QStringLiteral("/mirror/legacy/"));
    QCOMPARE(response.header("Location"), mirror.toEncoded());
    QVERIFY(m_server->files().isEmpty());
    // The target works: a client that re-posts there (knowingly) succeeds.
    QCOMPARE(waitFor(form.post(*m_network, mirror, QStringLiteral("__token__"), token)).status, 200);

    // Reads follow redirects: Qt's default policy does for GET.
    m_server->injectFault(RegistryFault::redirect(302, QStringLiteral("/mirror/simple/demo/")).on(RegistryFault::Target::SimpleIndex));
    QNetworkRequest request(m_server->simpleProjectUrl(QStringLiteral("demo")));
    const Response read = waitFor(m_network->get(request));
    QCOMPARE(read.status, 200);
    QVERIFY(read.body.contains("demo-1.0.tar.gz"));
}

void TestRegistryServer::faultTargetsOnlyMatchingRequests()
{
    QVERIFY(m_server->addFile(QStringLiteral("demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"), "a"));
    m_server->injectFault(RegistryFault::serverError().on(RegistryFault::Target::JsonApi));
    m_server->injectFault(RegistryFault::tooManyRequests(3).on(RegistryFault::Target::Files));
    QCOMPARE(get(m_server->simpleProjectUrl(QStringLiteral("demo"))).status, 200);
    QCOMPARE(upload(UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.1"), QStringLiteral("demo-1.1.tar.gz"), "b"))
                 .status,
             200);
    QCOMPARE(get(m_server->jsonApiUrl(QStringLiteral("demo"))).status, 500);
    QCOMPARE(get(m_server->fileUrl(*m_server->file(QStringLiteral("demo-1.0.tar.gz")))).status, 429);
    QCOMPARE(m_server->pendingFaultCount(), 0);
    m_server->injectFault(RegistryFault::dropMidBody().on(RegistryFault::Target::Any));
    const RawAnswer dropped = rawExchange(m_server->port(), "GET /simple/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QCOMPARE(dropped.bytes, QByteArray());
    QCOMPARE(m_server->requests().last().outcome, TestSupport::RequestOutcome::DroppedMidBody);
}

void TestRegistryServer::listingLag()
{
    m_server->setListingLag(2);
    QCOMPARE(upload(UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"), "a"))
                 .status,
             200);
    // Stored at once, listed after two reads.
    QVERIFY(m_server->file(QStringLiteral("demo-1.0.tar.gz")).has_value());
    QCOMPARE(get(m_server->simpleProjectUrl(QStringLiteral("demo"))).status, 404);
    QCOMPARE(get(m_server->jsonApiUrl(QStringLiteral("demo"))).status, 404);
    QCOMPARE(get(m_server->simpleProjectUrl(QStringLiteral("demo"))).status, 200);

    m_server->setListingLag(0, 60 * 60 * 1000);
    QCOMPARE(upload(UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.1"), QStringLiteral("demo-1.1.tar.gz"), "b"))
                 .status,
             200);
    const QByteArray page = get(m_server->simpleProjectUrl(QStringLiteral("demo"))).body;
    QVERIFY(page.contains("demo-1.0.tar.gz"));
    QVERIFY(!page.contains("demo-1.1.tar.gz"));
}

// --- Flavours -----------------------------------------------------------------------------

void TestRegistryServer::gitLabFlavor()
{
    m_server->setFlavor(TestSupport::RegistryFlavor::GitLab);
    m_server->addAccount(QStringLiteral("deploy-user"), QStringLiteral("deploy-secret"));
    UploadForm form = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"), QStringLiteral("demo-1.0.tar.gz"), "x");
    // GitLab requires requires_python, even empty.
    Response response = upload(form);
    QCOMPARE(response.status, 400);
    QVERIFY(response.body.contains("requires_python is missing"));
    form.set("requires_python", "");
    // Personal access tokens work with any user name.
    response = upload(form, QStringLiteral("someone"), token);
    QCOMPARE(response.status, 201);
    QCOMPARE(QJsonDocument::fromJson(response.body).object().value(QLatin1String("message")).toString(),
             QStringLiteral("201 Created"));
    response = upload(form, QStringLiteral("deploy-user"), QStringLiteral("deploy-secret"));
    QCOMPARE(response.status, 400);
    QCOMPARE(QJsonDocument::fromJson(response.body).object().value(QLatin1String("message")).toString(),
             QStringLiteral("400 Bad request - Validation failed: File name has already been taken"));
    response = upload(form, QStringLiteral("deploy-user"), QStringLiteral("wrong"));
    QCOMPARE(response.status, 401);
}

void TestRegistryServer::pypiServerFlavor()
{
    m_server->setFlavor(TestSupport::RegistryFlavor::PypiServer);
    m_server->addAccount(QStringLiteral("alice"), QStringLiteral("wonderland"));
    const UploadForm form = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                QStringLiteral("demo-1.0.tar.gz"), "x");
    Response response = upload(form, {}, {});
    QCOMPARE(response.status, 401);
    QCOMPARE(response.header("WWW-Authenticate"), QByteArray("Basic realm=\"pypi\""));
    QCOMPARE(upload(form, QStringLiteral("alice"), QStringLiteral("nope")).status, 403);
    // pypiserver takes uploads at its root too.
    QCOMPARE(waitFor(form.post(*m_network, m_server->baseUrl(), QStringLiteral("alice"), QStringLiteral("wonderland"))).status, 200);
    response = upload(form, QStringLiteral("alice"), QStringLiteral("wonderland"));
    QCOMPARE(response.status, 409);
    QVERIFY(response.body.contains("Package 'demo-1.0.tar.gz' already exists!"));
    QNetworkRequest request(m_server->uploadUrl());
    request.setHeader(QNetworkRequest::ContentTypeHeader, form.contentTypeHeader());
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("twine/4.0.2"));
    request.setRawHeader("Authorization", "Basic " + QByteArray("alice:wonderland").toBase64());
    QCOMPARE(waitFor(m_network->post(request, form.body())).status, 400);
}

// --- Real clients -------------------------------------------------------------------------

void TestRegistryServer::twineUploadsWheelAndSdist()
{
    if (!hasTwine()) {
        QSKIP("Debian's twine is not installed");
    }
    const QStringList files = writeDistributions(m_directory->path(), QStringLiteral("Twine-Demo"), QStringLiteral("0.3.1"),
                                                 QStringLiteral("Project-URL: Source, https://example.org/src"));
    QCOMPARE(files.size(), 2);
    const TestSupport::ProcessResult result = runWithEventLoop(
        QStringLiteral("/usr/bin/twine"),
        QStringList{QStringLiteral("upload"), QStringLiteral("--disable-progress-bar"), QStringLiteral("--non-interactive"),
                    QStringLiteral("--repository-url"), m_server->uploadUrl().toString()}
            + files,
        twineEnvironment());
    QVERIFY2(result.exitCode == 0, allOutput(result).constData());
    for (const QString &path : files) {
        const auto stored = m_server->file(QFileInfo(path).fileName());
        QVERIFY2(stored.has_value(), qPrintable(path));
        QCOMPARE(stored->sha256, UploadForm::sha256Hex(readFile(path)));
        QCOMPARE(stored->blake2_256, UploadForm::blake2b256Hex(readFile(path)));
        QCOMPARE(stored->requiresPython, QStringLiteral(">=3.8"));
    }
    // What twine sent, field by field.
    const TestSupport::RecordedRequest wheel = m_server->uploadRequests().first();
    QCOMPARE(wheel.formValue(QStringLiteral("name")), QStringLiteral("Twine-Demo"));
    QCOMPARE(wheel.formValue(QStringLiteral("filetype")), QStringLiteral("bdist_wheel"));
    QCOMPARE(wheel.formValue(QStringLiteral("pyversion")), QStringLiteral("py3"));
    QCOMPARE(wheel.formValue(QStringLiteral("metadata_version")), QStringLiteral("2.1"));
    QCOMPARE(wheel.formValue(QStringLiteral("project_urls")), QStringLiteral("Source, https://example.org/src"));
    QCOMPARE(wheel.username, QStringLiteral("__token__"));
    QVERIFY(wheel.header("User-Agent").contains("twine"));
    const TestSupport::RecordedRequest sdist = m_server->uploadRequests().last();
    QCOMPARE(sdist.formValue(QStringLiteral("filetype")), QStringLiteral("sdist"));
    // twine 4 sends an empty pyversion for sdists; Warehouse reads empty as "source".
    QVERIFY(sdist.formValue(QStringLiteral("pyversion")).isEmpty()
            || sdist.formValue(QStringLiteral("pyversion")) == QLatin1String("source"));
    QCOMPARE(m_server->file(QFileInfo(files.last()).fileName())->pyversion, QStringLiteral("source"));
    QCOMPARE(m_server->files().size(), 2);
}

void TestRegistryServer::twineSeesErrorsAndSkipsExisting()
{
    if (!hasTwine()) {
        QSKIP("Debian's twine is not installed");
    }
    const QStringList files = writeDistributions(m_directory->path(), QStringLiteral("demo"), QStringLiteral("1.0"));
    QCOMPARE(files.size(), 2);
    const QStringList upload{QStringLiteral("upload"), QStringLiteral("--disable-progress-bar"),
                             QStringLiteral("--non-interactive"), QStringLiteral("--repository-url"),
                             m_server->uploadUrl().toString()};
    // A wrong token: twine shows PyPI's message from the reason phrase, and the secret is
    // nowhere in what the server kept.
    TestSupport::ProcessResult result = runWithEventLoop(QStringLiteral("/usr/bin/twine"), upload + files.mid(0, 1),
                                                         twineEnvironment(QStringLiteral("pypi-wrong-token")));
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(allOutput(result).contains("Invalid or non-existent authentication information"), allOutput(result).constData());

    // Another file under the same name: refused, and twine --skip-existing recognises PyPI's
    // "File already exists" and skips.
    QVERIFY(m_server->addFile(QStringLiteral("demo"), QStringLiteral("1.0"), QFileInfo(files.first()).fileName(), "other bytes"));
    result = runWithEventLoop(QStringLiteral("/usr/bin/twine"), upload + files.mid(0, 1), twineEnvironment());
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(allOutput(result).contains("File already exists"), allOutput(result).constData());
    result = runWithEventLoop(QStringLiteral("/usr/bin/twine"), upload + QStringList{QStringLiteral("--skip-existing")} + files,
                              twineEnvironment());
    QVERIFY2(result.exitCode == 0, allOutput(result).constData());
    QVERIFY2(allOutput(result).contains("Skipping"), allOutput(result).constData());
    QVERIFY(m_server->file(QFileInfo(files.last()).fileName()).has_value());
}

void TestRegistryServer::twineAgainstFaults()
{
    if (!hasTwine()) {
        QSKIP("Debian's twine is not installed");
    }
    const QStringList files = writeDistributions(m_directory->path(), QStringLiteral("demo"), QStringLiteral("1.0"));
    const QStringList upload{QStringLiteral("upload"), QStringLiteral("--disable-progress-bar"),
                             QStringLiteral("--non-interactive"), QStringLiteral("--repository-url"),
                             m_server->uploadUrl().toString(), files.first()};
    // twine resends a POST on 5xx: two 503s, then success.
    m_server->injectFault(RegistryFault::serviceUnavailable(0).times(2));
    TestSupport::ProcessResult result = runWithEventLoop(QStringLiteral("/usr/bin/twine"), upload, twineEnvironment());
    QVERIFY2(result.exitCode == 0, allOutput(result).constData());
    QCOMPARE(m_server->uploadRequests().size(), 3);

    // A redirect is fatal for twine (it never re-posts).
    m_server->injectFault(RegistryFault::redirect(308, QStringLiteral("/mirror/legacy/")));
    result = runWithEventLoop(QStringLiteral("/usr/bin/twine"), upload, twineEnvironment());
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(allOutput(result).contains("redirect"), allOutput(result).constData());

    // Stored, then the connection closes: twine fails although the file arrived.
    QVERIFY(m_server->deleteFile(QFileInfo(files.first()).fileName()) || true);
    const QStringList sdistUpload = upload.mid(0, upload.size() - 1) + QStringList{files.last()};
    m_server->injectFault(RegistryFault::dropAfterStore());
    result = runWithEventLoop(QStringLiteral("/usr/bin/twine"), sdistUpload, twineEnvironment());
    QVERIFY(result.exitCode != 0);
    QVERIFY(m_server->file(QFileInfo(files.last()).fileName()).has_value());

    // Dropped mid-body: twine fails and nothing is stored.
    const QStringList other = writeDistributions(m_directory->path(), QStringLiteral("demo"), QStringLiteral("2.0"));
    m_server->injectFault(RegistryFault::dropMidBody(200));
    result = runWithEventLoop(QStringLiteral("/usr/bin/twine"), upload.mid(0, upload.size() - 1) + other.mid(0, 1),
                              twineEnvironment());
    QVERIFY(result.exitCode != 0);
    QVERIFY(!m_server->file(QFileInfo(other.first()).fileName()).has_value());
}

void TestRegistryServer::twineUploadsARealBuild()
{
    if (!hasTwine()) {
        QSKIP("Debian's twine is not installed");
    }
    if (TestSupport::run(TestSupport::systemPython(), {QStringLiteral("-c"), QStringLiteral("import build, setuptools")}).exitCode
        != 0) {
        QSKIP("python3-build or setuptools is not installed");
    }
    const QString project = m_directory->filePath(QStringLiteral("project"));
    // A name without '-': Debian 12's setuptools still writes "real-demo-0.1.0.tar.gz" for
    // "real-demo", which PyPI (and this server) refuse since PEP 625.
    QVERIFY(QDir().mkpath(project + QStringLiteral("/src/realdemo")));
    {
        QFile pyproject(project + QStringLiteral("/pyproject.toml"));
        QVERIFY(pyproject.open(QIODevice::WriteOnly));
        pyproject.write("[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n\n"
                        "[project]\nname = \"realdemo\"\nversion = \"0.1.0\"\ndescription = \"Built by the test\"\n"
                        "requires-python = \">=3.9\"\n");
        QFile module(project + QStringLiteral("/src/realdemo/__init__.py"));
        QVERIFY(module.open(QIODevice::WriteOnly));
        module.write("VALUE = 42\n");
    }
    const TestSupport::ProcessResult build = TestSupport::run(
        TestSupport::systemPython(),
        {QStringLiteral("-m"), QStringLiteral("build"), QStringLiteral("--no-isolation"), QStringLiteral("--outdir"),
         project + QStringLiteral("/dist"), project});
    QVERIFY2(build.exitCode == 0, allOutput(build).constData());
    const QStringList dists = QDir(project + QStringLiteral("/dist")).entryList(QDir::Files);
    QCOMPARE(dists.size(), 2);
    QStringList arguments{QStringLiteral("upload"), QStringLiteral("--disable-progress-bar"), QStringLiteral("--non-interactive"),
                          QStringLiteral("--repository-url"), m_server->uploadUrl().toString()};
    for (const QString &name : dists) {
        arguments.append(project + QStringLiteral("/dist/") + name);
    }
    const TestSupport::ProcessResult result = runWithEventLoop(QStringLiteral("/usr/bin/twine"), arguments, twineEnvironment());
    QVERIFY2(result.exitCode == 0, allOutput(result).constData());
    QCOMPARE(m_server->files().size(), 2);
    QCOMPARE(m_server->files().first().normalizedProject, QStringLiteral("realdemo"));
}

void TestRegistryServer::standaloneExecutableServes()
{
    const QString executable = QStringLiteral(SLIPWAY_BINARY_DIR "/bin/slipway-test-registry");
    if (!QFile::exists(executable)) {
        QSKIP("slipway-test-registry is not built");
    }
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("SLIPWAY_TEST_REGISTRY_TOKEN"), token);
    process.setProcessEnvironment(environment);
    process.start(executable, {QStringLiteral("--fault"), QStringLiteral("status,code=503,retry-after=2,times=1")});
    QVERIFY(process.waitForStarted());
    QVERIFY(process.waitForReadyRead());
    const QUrl base(QString::fromUtf8(process.readLine()).trimmed());
    QVERIFY2(base.isValid() && base.host() == QLatin1String("127.0.0.1") && base.port() > 0, qPrintable(base.toString()));
    const UploadForm form = UploadForm::forFile(QStringLiteral("demo"), QStringLiteral("1.0"),
                                                QStringLiteral("demo-1.0.tar.gz"), "x");
    const QUrl uploadUrl = base.resolved(QUrl(QStringLiteral("legacy/")));
    Response response = waitFor(form.post(*m_network, uploadUrl, QStringLiteral("__token__"), token));
    QCOMPARE(response.status, 503);
    QCOMPARE(response.header("Retry-After"), QByteArray("2"));
    response = waitFor(form.post(*m_network, uploadUrl, QStringLiteral("__token__"), token));
    QCOMPARE(response.status, 200);
    process.terminate();
    QVERIFY(process.waitForFinished());
}

QTEST_GUILESS_MAIN(TestRegistryServer)
#include "testregistryserver.moc"
