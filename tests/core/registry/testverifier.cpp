// SPDX-License-Identifier: GPL-3.0-or-later
// Verifying a credential with an upload request without a file, against a local server on
// 127.0.0.1 that answers the way the registries do.
#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

#include "core/registry/transport.h"
#include "core/registry/verifier.h"
#include "tests/support/registrystub.h"

using namespace Qt::StringLiterals;
using Registry::VerifyResult;
using TestSupport::RegistryStub;

namespace {

Registry::Registry registryAt(const QUrl &url, Registry::Kind kind = Registry::Kind::PyPI,
                              const QString &username = u"__token__"_s)
{
    Registry::Registry registry;
    registry.name = u"local"_s;
    registry.kind = kind;
    registry.uploadUrl = url;
    registry.username = username;
    return registry;
}

VerifyResult verifyNow(const Registry::Registry &registry, const Registry::Credential &credential)
{
    QNetworkAccessManager network;
    Registry::CredentialVerifier verifier(&network);
    QObject context;
    std::optional<VerifyResult> result;
    verifier.verify(registry, credential, &context, [&](VerifyResult answer) { result = answer; });
    while (!result) { // the verifier's own timeout bounds this
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return *result;
}

const Registry::Credential goodCredential{u"__token__"_s, u"pypi-good-secret-0123"_s,
                                          Registry::Credential::Source::Keychain};
const Registry::Credential badCredential{u"__token__"_s, u"pypi-bad-secret-4567"_s,
                                         Registry::Credential::Source::Keychain};

} // namespace

class TestVerifier final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptedAndRejected();
    void requestCarriesNoFile();
    void answers_data();
    void answers();
    void echoedSecretIsRedacted();
    void unreachable();
    void unreadableCertificate();
    void everyKindDocumentsVerification();
};

void TestVerifier::acceptedAndRejected()
{
    RegistryStub server(RegistryStub::warehouse(u"__token__"_s, goodCredential.secret));
    const auto registry = registryAt(server.url(u"/legacy/"_s));

    const VerifyResult good = verifyNow(registry, goodCredential);
    QCOMPARE(good.outcome, VerifyResult::Outcome::Accepted);
    QCOMPARE(good.status, 400);
    QCOMPARE(good.serverMessage, u"Upload payload does not have a file."_s);
    QVERIFY2(good.message.contains(u"accepted"_s), qPrintable(good.message));

    const VerifyResult bad = verifyNow(registry, badCredential);
    QCOMPARE(bad.outcome, VerifyResult::Outcome::Rejected);
    QCOMPARE(bad.status, 403);
    QVERIFY2(bad.message.contains(u"Invalid or non-existent authentication information"_s), qPrintable(bad.message));
    QVERIFY2(bad.message.contains(u"slipway registry login local"_s), qPrintable(bad.message));
}

void TestVerifier::requestCarriesNoFile()
{
    RegistryStub server(RegistryStub::warehouse(u"__token__"_s, goodCredential.secret));
    verifyNow(registryAt(server.url(u"/legacy/"_s)), goodCredential);
    QCOMPARE(server.requests().size(), 1);
    const RegistryStub::Request &request = server.requests().first();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.target, QByteArray("/legacy/"));
    QVERIFY(request.headers.value("content-type").startsWith("multipart/form-data; boundary="));
    QVERIFY(request.headers.value("user-agent").startsWith("slipway/"));
    QVERIFY(request.body.contains("name=\":action\"\r\n\r\nfile_upload\r\n"));
    QVERIFY(request.body.contains("name=\"protocol_version\"\r\n\r\n1\r\n"));
    QVERIFY(!request.body.contains("name=\"content\""));
    QVERIFY(!request.body.contains("filename="));
    QCOMPARE(request.headers.value("authorization"),
             Registry::basicAuthorization(goodCredential.username, goodCredential.secret));
}

void TestVerifier::answers_data()
{
    QTest::addColumn<Registry::Kind>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("location");
    QTest::addColumn<VerifyResult::Outcome>("outcome");
    QTest::addColumn<QString>("messagePart");

    using Outcome = VerifyResult::Outcome;
    using Kind = Registry::Kind;
    QTest::addRow("pypi password login") << Kind::PyPI << 403
                                         << QByteArray("Username/Password authentication is no longer supported. "
                                                       "Migrate to API Tokens or Trusted Publishers instead.")
                                         << QByteArray() << QByteArray() << Outcome::Rejected
                                         << u"with the username __token__"_s;
    QTest::addRow("pypi expired token") << Kind::PyPI << 403 << QByteArray("Invalid API Token: token is expired")
                                        << QByteArray() << QByteArray() << Outcome::Rejected << u"token is expired"_s;
    QTest::addRow("gitlab 401 json") << Kind::GitLab << 401 << QByteArray("Unauthorized")
                                     << QByteArray(R"({"message":"401 Unauthorized"})") << QByteArray()
                                     << Outcome::Rejected << u"Unauthorized: 401 Unauthorized"_s;
    QTest::addRow("gitlab accepted") << Kind::GitLab << 400 << QByteArray("Bad Request")
                                     << QByteArray(R"({"error":"content is missing"})") << QByteArray()
                                     << Outcome::Accepted << u"content is missing"_s;
    QTest::addRow("gitlab private project") << Kind::GitLab << 404 << QByteArray("Not Found")
                                            << QByteArray(R"({"message":"404 Project Not Found"})") << QByteArray()
                                            << Outcome::WrongUrl << u"cannot see this private project"_s;
    QTest::addRow("pypiserver unauthenticated")
        << Kind::Custom << 401 << QByteArray("Unauthorized") << QByteArray("<html><b>Access denied</b></html>")
        << QByteArray() << Outcome::Rejected << u"Access denied"_s;
    QTest::addRow("unprocessable") << Kind::Custom << 422 << QByteArray() << QByteArray() << QByteArray()
                                   << Outcome::Accepted << u"accepted"_s;
    QTest::addRow("missing slash") << Kind::PyPI << 308 << QByteArray("Permanent Redirect") << QByteArray()
                                   << QByteArray("/legacy/") << Outcome::WrongUrl << u"missing its trailing slash"_s;
    QTest::addRow("redirect elsewhere") << Kind::Custom << 302 << QByteArray("Found") << QByteArray()
                                        << QByteArray("https://login.example/sso") << Outcome::WrongUrl
                                        << u"https://login.example/sso"_s;
    QTest::addRow("simple url") << Kind::Custom << 405 << QByteArray("Method Not Allowed") << QByteArray()
                                << QByteArray() << Outcome::WrongUrl << u"simple index URL"_s;
    QTest::addRow("gone") << Kind::PyPI << 410 << QByteArray("Gone") << QByteArray() << QByteArray()
                          << Outcome::WrongUrl << u"no longer takes uploads"_s;
    QTest::addRow("server error") << Kind::Custom << 503 << QByteArray("Service Unavailable") << QByteArray()
                                  << QByteArray() << Outcome::Inconclusive << u"try again later"_s;
    QTest::addRow("accepts nothing") << Kind::Custom << 200 << QByteArray("OK") << QByteArray() << QByteArray()
                                     << Outcome::Inconclusive << u"does not behave like a PyPI upload endpoint"_s;
}

void TestVerifier::answers()
{
    QFETCH(Registry::Kind, kind);
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, location);
    QFETCH(VerifyResult::Outcome, outcome);
    QFETCH(QString, messagePart);
    RegistryStub server([&](const RegistryStub::Request &) {
        RegistryStub::Response response{status, reason, body, {}};
        if (!location.isEmpty()) {
            response.headers.append({"Location", location});
        }
        return response;
    });
    const QString path = status == 308 ? u"/legacy"_s : u"/upload/"_s;
    const VerifyResult result = verifyNow(registryAt(server.url(path), kind), goodCredential);
    QCOMPARE(result.status, status);
    QCOMPARE(result.outcome, outcome);
    QVERIFY2(result.message.contains(messagePart), qPrintable(result.message));
    QCOMPARE(server.requests().size(), 1); // a redirect is never followed
}

void TestVerifier::echoedSecretIsRedacted()
{
    RegistryStub server([](const RegistryStub::Request &request) {
        return RegistryStub::Response{
            403, {}, "You sent: " + request.headers.value("authorization") + " and " + goodCredential.secret.toUtf8(), {}};
    });
    const VerifyResult result = verifyNow(registryAt(server.url(u"/"_s), Registry::Kind::Custom), goodCredential);
    QCOMPARE(result.outcome, VerifyResult::Outcome::Rejected);
    QVERIFY(!result.message.contains(goodCredential.secret));
    QVERIFY(!result.serverMessage.contains(goodCredential.secret));
    const QString basic = QString::fromLatin1(
        Registry::basicAuthorization(goodCredential.username, goodCredential.secret).mid(6));
    QVERIFY(!result.message.contains(basic));
    QVERIFY2(result.message.contains(u"[redacted]"_s), qPrintable(result.message));
}

void TestVerifier::unreachable()
{
    quint16 port = 0;
    {
        RegistryStub closed([](const RegistryStub::Request &) { return RegistryStub::Response{}; });
        port = static_cast<quint16>(closed.url(u"/"_s).port());
    }
    const VerifyResult result =
        verifyNow(registryAt(QUrl(u"http://127.0.0.1:%1/legacy/"_s.arg(port))), goodCredential);
    QCOMPARE(result.outcome, VerifyResult::Outcome::Failed);
    QCOMPARE(result.status, 0);
    QVERIFY2(result.message.startsWith(u"Could not reach http://127.0.0.1:"_s), qPrintable(result.message));
}

void TestVerifier::unreadableCertificate()
{
    QTemporaryDir dir;
    auto registry = registryAt(QUrl(u"https://127.0.0.1:1/legacy/"_s));
    registry.caBundlePath = dir.filePath(u"missing.pem"_s);
    const VerifyResult result = verifyNow(registry, goodCredential);
    QCOMPARE(result.outcome, VerifyResult::Outcome::Failed);
    QVERIFY2(result.message.contains(u"CA bundle"_s), qPrintable(result.message));
}

void TestVerifier::everyKindDocumentsVerification()
{
    for (const auto kind : {Registry::Kind::PyPI, Registry::Kind::TestPyPI, Registry::Kind::GitLab,
                            Registry::Kind::CodeArtifact, Registry::Kind::Nexus, Registry::Kind::Artifactory,
                            Registry::Kind::Custom}) {
        const QString text = Registry::verifySupport(kind);
        QVERIFY(text.contains(u"without a file"_s));
        QVERIFY(text.contains(u"401"_s) || text.contains(u"403"_s));
    }
}

QTEST_GUILESS_MAIN(TestVerifier)
#include "testverifier.moc"
