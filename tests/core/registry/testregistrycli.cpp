// SPDX-License-Identifier: GPL-3.0-or-later
// `slipway registry` and `slipway token` driven as a user would, in a throw-away home and
// config folder, against the test session's gnome-keyring. The canary test plants unique
// secrets, runs every command that touches credentials, and searches all output and every
// file under the config and cache folders for them.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include "tests/support/registrystub.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;
using TestSupport::RegistryStub;
using TestSupport::StubProcessResult;

namespace {

QByteArray varint(quint64 value)
{
    QByteArray out;
    do {
        char byte = static_cast<char>(value & 0x7f);
        value >>= 7;
        if (value != 0) {
            byte = static_cast<char>(byte | 0x80);
        }
        out.append(byte);
    } while (value != 0);
    return out;
}

QByteArray packet(quint64 type, const QByteArray &data)
{
    return varint(type) + varint(static_cast<quint64>(data.size())) + data;
}

// A PyPI-format token (libmacaroons V2) with a random signature, so every run's is unique.
QString makePypiToken(const QByteArray &location, const QList<QByteArray> &caveats)
{
    QByteArray data(1, '\x02');
    data += packet(1, location) + packet(2, QUuid::createUuid().toByteArray(QUuid::WithoutBraces)) + QByteArray(1, 0);
    for (const QByteArray &caveat : caveats) {
        data += packet(2, caveat) + QByteArray(1, 0);
    }
    QByteArray signature = QUuid::createUuid().toRfc4122() + QUuid::createUuid().toRfc4122();
    data += QByteArray(1, 0) + packet(6, signature);
    return u"pypi-"_s
           + QString::fromLatin1(data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString unique()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
}

// A home, config, cache and data folder of its own; everything the child writes lands here.
class Sandbox
{
public:
    Sandbox()
    {
        for (const char *folder : {"home", "config", "cache", "data"}) {
            QDir(m_root.path()).mkpath(QString::fromLatin1(folder));
        }
        m_environment = QProcessEnvironment::systemEnvironment();
        m_environment.insert(u"HOME"_s, path(u"home"_s));
        m_environment.insert(u"XDG_CONFIG_HOME"_s, path(u"config"_s));
        m_environment.insert(u"XDG_CACHE_HOME"_s, path(u"cache"_s));
        m_environment.insert(u"XDG_DATA_HOME"_s, path(u"data"_s));
        for (const QString &name : {u"TWINE_USERNAME"_s, u"TWINE_PASSWORD"_s, u"TWINE_REPOSITORY_URL"_s,
                                    u"TWINE_REPOSITORY"_s, u"SLIPWAY_KEYCHAIN_TIMEOUT"_s}) {
            m_environment.remove(name);
        }
    }

    QString path(const QString &relative) const { return m_root.filePath(relative); }
    QString root() const { return m_root.path(); }
    QProcessEnvironment &environment() { return m_environment; }

    StubProcessResult run(const QStringList &arguments, const QByteArray &input = {})
    {
        StubProcessResult result =
            TestSupport::runWithEventLoop(TestSupport::slipwayExecutable(), arguments, m_environment, input);
        m_transcript += result.out + result.err;
        return result;
    }

    QString registriesFile() const { return path(u"config/Slipway/slipway/registries.toml"_s); }
    const QByteArray &transcript() const { return m_transcript; }

private:
    QTemporaryDir m_root;
    QProcessEnvironment m_environment;
    QByteArray m_transcript;
};

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

// Every file under `folder` whose bytes contain `needle`.
QStringList filesContaining(const QString &folder, const QByteArray &needle)
{
    QStringList found;
    QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        if (readAll(file).contains(needle)) {
            found << file;
        }
    }
    return found;
}

#define RUN_OK(sandbox, ...)                                                                                          \
    do {                                                                                                              \
        const auto result_ = (sandbox).run(__VA_ARGS__);                                                              \
        QVERIFY2(result_.exitCode == 0, QByteArray(result_.out + result_.err).constData());                                    \
    } while (false)

} // namespace

class TestRegistryCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void addListShow();
    void usageErrors_data();
    void usageErrors();
    void unknownRegistryName_data();
    void unknownRegistryName();
    void brokenListIsKeptAndNamed();
    void loginVerifyLogout();
    void loginRefusesWrongTokens();
    void editMovesTheSecret();
    void importAndScrubPypirc();
    void exportPypirc();
    void tokenInspect();
    void noKeychain();
    void silentKeychainTimesOut();
    void canaryNeverLeaks();

private:
    bool m_session = false;
};

void TestRegistryCli::initTestCase()
{
    QVERIFY2(QFile::exists(TestSupport::slipwayExecutable()), qPrintable(TestSupport::slipwayExecutable()));
    m_session = !qEnvironmentVariableIsEmpty("SLIPWAY_IN_TEST_SESSION");
}

void TestRegistryCli::addListShow()
{
    Sandbox sandbox;
    const auto empty = sandbox.run({u"registry"_s, u"list"_s});
    QCOMPARE(empty.exitCode, 0);
    QVERIFY(empty.out.contains("No registries yet"));

    RUN_OK(sandbox, {u"registry"_s, u"add"_s, u"pypi"_s, u"--preset"_s, u"pypi"_s});
    RUN_OK(sandbox, {u"registry"_s, u"add"_s, u"lab"_s, u"--preset"_s, u"gitlab"_s, u"--host"_s,
                     u"git.example.org"_s, u"--project-id"_s, u"group/app"_s, u"--username"_s, u"deployer"_s,
                     u"--role"_s, u"test"_s});
    RUN_OK(sandbox, {u"registry"_s, u"add"_s, u"local"_s, u"--url"_s, u"http://127.0.0.1:3141/root/dev/"_s,
                     u"--simple-url"_s, u"http://127.0.0.1:3141/root/dev/+simple/"_s});
    const auto refused = sandbox.run({u"registry"_s, u"add"_s, u"plain"_s, u"--url"_s, u"http://pypi.example.com/"_s});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains("unencrypted"), refused.err.constData());

    const auto list = sandbox.run({u"registry"_s, u"list"_s, u"--json"_s});
    QCOMPARE(list.exitCode, 0);
    const QJsonArray registries = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(registries.size(), 3);
    QCOMPARE(registries.at(0).toObject().value(u"name"_s).toString(), u"lab"_s);
    QCOMPARE(registries.at(0).toObject().value(u"upload_url"_s).toString(),
             u"https://git.example.org/api/v4/projects/group%2Fapp/packages/pypi"_s);
    QCOMPARE(registries.at(0).toObject().value(u"role"_s).toString(), u"test"_s);
    QCOMPARE(registries.at(2).toObject().value(u"web_url"_s).toString(), u"https://pypi.org/project/"_s);

    const auto table = sandbox.run({u"registry"_s, u"list"_s});
    QVERIFY(table.out.startsWith("NAME"));
    QVERIFY(table.out.contains("deployer"));

    const QByteArray file = readAll(sandbox.registriesFile());
    QVERIFY2(file.contains("[registry.lab]"), file.constData());

    if (m_session) {
        const auto show = sandbox.run({u"registry"_s, u"show"_s, u"PYPI"_s, u"--json"_s});
        QCOMPARE(show.exitCode, 0);
        const QJsonObject object = QJsonDocument::fromJson(show.out).object();
        QCOMPARE(object.value(u"name"_s).toString(), u"pypi"_s);
        QCOMPARE(object.value(u"credential"_s).toObject().value(u"stored"_s).toBool(true), false);
        QVERIFY(object.value(u"verification"_s).toString().contains(u"403"_s));
    }

    RUN_OK(sandbox, {u"registry"_s, u"remove"_s, u"local"_s});
    QVERIFY(!readAll(sandbox.registriesFile()).contains("local"));
    QVERIFY(QFile::exists(sandbox.registriesFile() + u".bak"_s));
}

void TestRegistryCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("messagePart");
    QTest::addRow("no verb") << QStringList{u"registry"_s} << QByteArray("which verb");
    QTest::addRow("unknown verb") << QStringList{u"registry"_s, u"lsit"_s} << QByteArray("unknown verb 'lsit'");
    QTest::addRow("add without source") << QStringList{u"registry"_s, u"add"_s, u"x"_s} << QByteArray("--preset");
    QTest::addRow("add both sources") << QStringList{u"registry"_s, u"add"_s, u"x"_s, u"--preset"_s, u"pypi"_s,
                                                     u"--url"_s, u"https://x.example/"_s}
                                      << QByteArray("either --preset");
    QTest::addRow("bad preset") << QStringList{u"registry"_s, u"add"_s, u"x"_s, u"--preset"_s, u"pipy"_s}
                                << QByteArray("--preset must be");
    QTest::addRow("gitlab without project") << QStringList{u"registry"_s, u"add"_s, u"x"_s, u"--preset"_s,
                                                           u"gitlab"_s}
                                            << QByteArray("--project-id is required");
    QTest::addRow("bad name") << QStringList{u"registry"_s, u"add"_s, u"my reg"_s, u"--preset"_s, u"pypi"_s}
                              << QByteArray("not a usable registry name");
    QTest::addRow("secret as argument") << QStringList{u"registry"_s, u"login"_s, u"pypi"_s, u"pypi-AgEIsecret"_s}
                                        << QByteArray("the secret is never an argument");
    QTest::addRow("token without source") << QStringList{u"token"_s, u"inspect"_s} << QByteArray("either --registry");
    QTest::addRow("token as argument") << QStringList{u"token"_s, u"inspect"_s, u"pypi-AgEIsecret"_s}
                                       << QByteArray("never an argument");
}

void TestRegistryCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, messagePart);
    Sandbox sandbox;
    const auto result = sandbox.run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(messagePart), result.err.constData());
    QVERIFY(!result.err.contains("AgEIsecret"));
}

void TestRegistryCli::unknownRegistryName_data()
{
    QTest::addColumn<QString>("verb");
    for (const QString &verb : {u"show"_s, u"edit"_s, u"remove"_s, u"login"_s, u"logout"_s, u"verify"_s}) {
        QTest::addRow("%s", qPrintable(verb)) << verb;
    }
}

void TestRegistryCli::unknownRegistryName()
{
    QFETCH(QString, verb);
    Sandbox sandbox;
    RUN_OK(sandbox, {u"registry"_s, u"add"_s, u"pypi"_s, u"--preset"_s, u"pypi"_s});
    const auto result = sandbox.run({u"registry"_s, verb, u"pipy"_s}, "unused\n");
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.err, QByteArray("slipway registry: there is no registry named 'pipy'; `slipway registry list` "
                                    "shows the names.\n"));
    QVERIFY(result.out.isEmpty());
    const auto missingName = sandbox.run({u"registry"_s, verb});
    QCOMPARE(missingName.exitCode, 2);
}

void TestRegistryCli::brokenListIsKeptAndNamed()
{
    Sandbox sandbox;
    QDir().mkpath(QFileInfo(sandbox.registriesFile()).absolutePath());
    const QByteArray broken = "format = 1\n\n[registry.pypi]\nupload-url = \"https://upload.pypi.org/legacy/\"\n"
                              "password = \"hunter2-canary\"\n";
    QVERIFY(writeAll(sandbox.registriesFile(), broken));
    const auto list = sandbox.run({u"registry"_s, u"list"_s});
    QCOMPARE(list.exitCode, 1);
    QVERIFY2(list.err.contains("line 5"), list.err.constData());
    QVERIFY2(list.err.contains("slipway registry login pypi"), list.err.constData());
    QVERIFY(!list.err.contains("hunter2-canary"));
    const auto add = sandbox.run({u"registry"_s, u"add"_s, u"test"_s, u"--preset"_s, u"testpypi"_s});
    QCOMPARE(add.exitCode, 1);
    QCOMPARE(readAll(sandbox.registriesFile()), broken);
}

void TestRegistryCli::loginVerifyLogout()
{
    if (!m_session) {
        QSKIP("needs the test session's keychain (scripts/with-test-session.sh)");
    }
    Sandbox sandbox;
    const QString secret = u"s3cret-"_s + unique();
    RegistryStub server(RegistryStub::warehouse(u"uploader"_s, secret));
    const QString url = server.url(u"/"_s + unique() + u"/legacy/"_s).toString();
    RUN_OK(sandbox, {u"registry"_s, u"add"_s, u"stub"_s, u"--url"_s, url, u"--username"_s, u"uploader"_s});

    const auto notLoggedIn = sandbox.run({u"registry"_s, u"verify"_s, u"stub"_s});
    QCOMPARE(notLoggedIn.exitCode, 1);
    QVERIFY2(notLoggedIn.err.contains("slipway registry login stub"), notLoggedIn.err.constData());

    const auto noTerminal = sandbox.run({u"registry"_s, u"login"_s, u"stub"_s});
    QCOMPARE(noTerminal.exitCode, 2);
    QVERIFY(noTerminal.err.contains("--password-stdin"));

    const auto wrong = sandbox.run({u"registry"_s, u"login"_s, u"stub"_s, u"--password-stdin"_s}, "not-the-secret\n");
    QCOMPARE(wrong.exitCode, 0);
    const auto refused = sandbox.run({u"registry"_s, u"verify"_s, u"stub"_s});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.out.startsWith("REFUSED: "), refused.out.constData());

    const auto login = sandbox.run({u"registry"_s, u"login"_s, u"stub"_s, u"--password-stdin"_s}, secret.toUtf8() + "\n");
    QCOMPARE(login.exitCode, 0);
    QVERIFY2(login.out.contains("fingerprint sha256:"), login.out.constData());
    const auto accepted = sandbox.run({u"registry"_s, u"verify"_s, u"stub"_s});
    QCOMPARE(accepted.exitCode, 0);
    QVERIFY2(accepted.out.startsWith("OK: "), accepted.out.constData());

    const auto show = sandbox.run({u"registry"_s, u"show"_s, u"stub"_s});
    QVERIFY2(show.out.contains("in the keychain (fingerprint sha256:"), show.out.constData());

    // The environment wins over the keychain, as twine's variables do.
    sandbox.environment().insert(u"TWINE_PASSWORD"_s, u"from-the-environment"_s);
    const auto fromEnvironment = sandbox.run({u"registry"_s, u"verify"_s, u"stub"_s});
    QCOMPARE(fromEnvironment.exitCode, 1);
    QVERIFY(fromEnvironment.err.contains("from TWINE_PASSWORD"));
    sandbox.environment().insert(u"TWINE_PASSWORD"_s, secret);
    sandbox.environment().insert(u"TWINE_REPOSITORY_URL"_s, u"https://upload.pypi.org/legacy/"_s);
    const auto mismatch = sandbox.run({u"registry"_s, u"verify"_s, u"stub"_s});
    QCOMPARE(mismatch.exitCode, 1);
    QVERIFY2(mismatch.err.contains("will not send that secret to another registry"), mismatch.err.constData());
    sandbox.environment().remove(u"TWINE_PASSWORD"_s);
    sandbox.environment().remove(u"TWINE_REPOSITORY_URL"_s);

    RUN_OK(sandbox, {u"registry"_s, u"logout"_s, u"stub"_s});
    const auto again = sandbox.run({u"registry"_s, u"logout"_s, u"stub"_s});
    QCOMPARE(again.exitCode, 0);
    QVERIFY(again.out.contains("holds no secret"));
    RUN_OK(sandbox, {u"registry"_s, u"remove"_s, u"stub"_s});
}

void TestRegistryCli::loginRefusesWrongTokens()
{
    if (!m_session) {
        QSKIP("needs the test session's keychain (scripts/with-test-session.sh)");
    }
    Sandbox sandbox;
    RUN_OK(sandbox, {u"registry"_s, u"add"_s, u"pypi"_s, u"--preset"_s, u"pypi"_s});
    const auto password = sandbox.run({u"registry"_s, u"login"_s, u"pypi"_s, u"--password-stdin"_s}, "hunter2\n");
    QCOMPARE(password.exitCode, 1);
    QVERIFY2(password.err.contains("accepts only API tokens"), password.err.constData());
    const QString testToken = makePypiToken("test.pypi.org", {R"([1,["demo"]])"});
    const auto wrongIndex = sandbox.run({u"registry"_s, u"login"_s, u"pypi"_s, u"--password-stdin"_s}, testToken.toUtf8());
    QCOMPARE(wrongIndex.exitCode, 1);
    QVERIFY2(wrongIndex.err.contains("issued by test.pypi.org"), wrongIndex.err.constData());
    const auto expired = sandbox.run({u"registry"_s, u"login"_s, u"pypi"_s, u"--password-stdin"_s},
                                     makePypiToken("pypi.org", {"[0,1000,1]"}).toUtf8());
    QCOMPARE(expired.exitCode, 1);
    QVERIFY2(expired.err.contains("expired"), expired.err.constData());
    const auto accountWide = sandbox.run({u"registry"_s, u"login"_s, u"pypi"_s, u"--password-stdin"_s},
                                         makePypiToken("pypi.org", {R"([3,"user"])"}).toUtf8());
    QCOMPARE(accountWide.exitCode, 0);
    QVERIFY2(accountWide.out.contains("Warning: This token is account-wide"), accountWide.out.constData());
    RUN_OK(sandbox, {u"registry"_s, u"remove"_s, u"pypi"_s});
}

void TestRegistryCli::editMovesTheSecret()
{
    if (!m_session) {
        QSKIP("needs the test session's keychain (scripts/with-test-session.sh)");
    }
    Sandbox sandbox;
    const QString secret = u"move-me-"_s + unique();
    RegistryStub server(RegistryStub::warehouse(u"second"_s, secret));
    const QString url = server.url(u"/"_s + unique() + u"/"_s).toString();
    RUN_OK(sandbox, {u"registry"_s, u"add"_s, u"corp"_s, u"--url"_s, url, u"--username"_s, u"first"_s});
    RUN_OK(sandbox, {u"registry"_s, u"login"_s, u"corp"_s, u"--password-stdin"_s}, secret.toUtf8());
    const auto edited = sandbox.run({u"registry"_s, u"edit"_s, u"corp"_s, u"--username"_s, u"second"_s});
    QCOMPARE(edited.exitCode, 0);
    QVERIFY2(edited.out.contains("Moved its secret"), edited.out.constData());
    const auto verified = sandbox.run({u"registry"_s, u"verify"_s, u"corp"_s});
    QCOMPARE(verified.exitCode, 0);
    const auto unchanged = sandbox.run({u"registry"_s, u"edit"_s, u"corp"_s, u"--username"_s, u"second"_s});
    QVERIFY(unchanged.out.contains("unchanged"));
    RUN_OK(sandbox, {u"registry"_s, u"remove"_s, u"corp"_s});
}

void TestRegistryCli::importAndScrubPypirc()
{
    if (!m_session) {
        QSKIP("needs the test session's keychain (scripts/with-test-session.sh)");
    }
    Sandbox sandbox;
    const QString token = makePypiToken("pypi.org", {R"([1,["demo"]])"});
    const QString corpSecret = u"corp-"_s + unique();
    const QString host = u"pypi-"_s + unique() + u".corp.example"_s;
    const QByteArray pypirc = "# my settings\n[distutils]\nindex-servers =\n    pypi\n    corp\n\n[pypi]\n"
                              "username = __token__\npassword = "
                              + token.toUtf8() + "\n\n[corp]\nrepository = https://" + host.toUtf8()
                              + "/\nusername = me\npassword = " + corpSecret.toUtf8() + "\n[unlisted]\nx = 1\n";
    const QString path = sandbox.path(u"home/.pypirc"_s);
    QVERIFY(writeAll(path, pypirc));

    const auto imported = sandbox.run({u"registry"_s, u"import-pypirc"_s});
    QCOMPARE(imported.exitCode, 0);
    QVERIFY2(imported.out.contains("Added 2 registries: pypi, corp."), imported.out.constData());
    QVERIFY(imported.out.contains("Stored 2 of 2 passwords in the keychain."));
    QVERIFY(imported.out.contains("[unlisted] is not listed"));
    QVERIFY(imported.out.contains("run again with --scrub"));
    QCOMPARE(readAll(path), pypirc);

    const auto scrubbed = sandbox.run({u"registry"_s, u"import-pypirc"_s, path, u"--scrub"_s});
    QCOMPARE(scrubbed.exitCode, 0);
    QVERIFY2(scrubbed.out.contains("Already configured: pypi, corp."), scrubbed.out.constData());
    QVERIFY2(scrubbed.out.contains("Removed the imported passwords"), scrubbed.out.constData());
    QByteArray expected = pypirc;
    expected.replace(QByteArray("password = " + token.toUtf8() + "\n"), QByteArray());
    expected.replace(QByteArray("password = " + corpSecret.toUtf8() + "\n"), QByteArray());
    QCOMPARE(readAll(path), expected);
    QCOMPARE(readAll(path + u".slipway-backup"_s), pypirc);
    QCOMPARE(QFile::permissions(path + u".slipway-backup"_s) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());

    const auto inspect = sandbox.run({u"token"_s, u"inspect"_s, u"--registry"_s, u"pypi"_s, u"--json"_s});
    QCOMPARE(inspect.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(inspect.out).object().value(u"pypi"_s).toObject().value(u"projects"_s).toArray(),
             QJsonArray{u"demo"_s});
    RUN_OK(sandbox, {u"registry"_s, u"remove"_s, u"pypi"_s});
    RUN_OK(sandbox, {u"registry"_s, u"remove"_s, u"corp"_s});
}

void TestRegistryCli::exportPypirc()
{
    Sandbox sandbox;
    RUN_OK(sandbox, {u"registry"_s, u"add"_s, u"pypi"_s, u"--preset"_s, u"pypi"_s});
    const auto printed = sandbox.run({u"registry"_s, u"export-pypirc"_s});
    QCOMPARE(printed.exitCode, 0);
    QVERIFY(printed.out.contains("[pypi]\nrepository = https://upload.pypi.org/legacy/\nusername = __token__\n"));
    const QString path = sandbox.path(u"home/exported.pypirc"_s);
    RUN_OK(sandbox, {u"registry"_s, u"export-pypirc"_s, path});
    QCOMPARE(readAll(path), printed.out);
    const auto again = sandbox.run({u"registry"_s, u"export-pypirc"_s, path});
    QCOMPARE(again.exitCode, 1);
    QVERIFY(again.err.contains("--force"));
    RUN_OK(sandbox, {u"registry"_s, u"export-pypirc"_s, path, u"--force"_s});
    QVERIFY(QFile::exists(path + u".slipway-backup"_s));
}

void TestRegistryCli::tokenInspect()
{
    Sandbox sandbox;
    const QString token = makePypiToken("pypi.org", {R"([3,"u-1"])"});
    const auto text = sandbox.run({u"token"_s, u"inspect"_s, u"--stdin"_s}, token.toUtf8() + "\n");
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.startsWith("PyPI API token (fingerprint sha256:"), text.out.constData());
    QVERIFY(text.out.contains("Warning: This token is account-wide"));
    const auto gitlab = sandbox.run({u"token"_s, u"inspect"_s, u"--stdin"_s, u"--json"_s}, "gldt-AbCdEfGhIjKlMnOpQrSt");
    QCOMPARE(QJsonDocument::fromJson(gitlab.out).object().value(u"type"_s).toString(), u"gitlab-deploy-token"_s);
    const auto broken = sandbox.run({u"token"_s, u"inspect"_s, u"--stdin"_s}, "pypi-AgEI$$$");
    QCOMPARE(broken.exitCode, 1);
    QVERIFY(broken.err.contains("not a valid PyPI token"));
}

void TestRegistryCli::noKeychain()
{
    Sandbox sandbox;
    RUN_OK(sandbox, {u"registry"_s, u"add"_s, u"corp"_s, u"--url"_s, u"https://corp.example/"_s});
    sandbox.environment().insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path="_s + sandbox.path(u"no-such-bus"_s));
    const QByteArray secret = "no-keychain-canary-" + unique().toUtf8();
    const auto login = sandbox.run({u"registry"_s, u"login"_s, u"corp"_s, u"--password-stdin"_s}, secret);
    QCOMPARE(login.exitCode, 1);
    QVERIFY2(login.err.contains("No keychain is available"), login.err.constData());
    QVERIFY(login.err.contains("TWINE_USERNAME and TWINE_PASSWORD"));
    QVERIFY(!login.err.contains(secret) && !login.out.contains(secret));
    // Never a plaintext fallback: the secret is nowhere on disk.
    QCOMPARE(filesContaining(sandbox.root(), secret), QStringList());
    // With the environment the registry still works without a keychain.
    sandbox.environment().insert(u"TWINE_PASSWORD"_s, QString::fromUtf8(secret));
    const auto show = sandbox.run({u"registry"_s, u"show"_s, u"corp"_s});
    QCOMPARE(show.exitCode, 0);
    QVERIFY(show.out.contains("TWINE_PASSWORD is set"));
}

void TestRegistryCli::silentKeychainTimesOut()
{
    Sandbox sandbox;
    RUN_OK(sandbox, {u"registry"_s, u"add"_s, u"corp"_s, u"--url"_s, u"https://corp.example/"_s});
    QLocalServer silent; // accepts connections, never says a word
    QVERIFY(silent.listen(sandbox.path(u"silent-bus"_s)));
    sandbox.environment().insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path="_s + silent.fullServerName());
    sandbox.environment().insert(u"SLIPWAY_KEYCHAIN_TIMEOUT"_s, u"1"_s);
    const auto show = sandbox.run({u"registry"_s, u"verify"_s, u"corp"_s});
    QCOMPARE(show.exitCode, 1);
    QVERIFY2(show.err.contains("The keychain did not answer within 1 second"), show.err.constData());
}

void TestRegistryCli::canaryNeverLeaks()
{
    if (!m_session) {
        QSKIP("needs the test session's keychain (scripts/with-test-session.sh)");
    }
    Sandbox sandbox;
    const QString canary = u"canary-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces) + u"-secret"_s;
    const QString pypiCanary = makePypiToken("pypi.org", {R"([1,["canary-project"]])"});
    const QString pypircCanary = u"pypirc-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString tag = unique();
    RegistryStub server([&](const RegistryStub::Request &request) {
        // A careless server that echoes the credential back.
        return RegistryStub::Response{403, "Forbidden", "bad credential: " + request.headers.value("authorization")
                                                        + " " + canary.toUtf8(), {}};
    });
    const QString url = server.url(u"/"_s + tag + u"/"_s).toString();

    RUN_OK(sandbox, {u"registry"_s, u"add"_s, u"corp"_s, u"--url"_s, url, u"--username"_s, u"canary-user"_s});
    RUN_OK(sandbox, {u"registry"_s, u"add"_s, u"pypi"_s, u"--preset"_s, u"pypi"_s});
    RUN_OK(sandbox, {u"registry"_s, u"login"_s, u"corp"_s, u"--password-stdin"_s}, canary.toUtf8() + "\n");
    RUN_OK(sandbox, {u"registry"_s, u"login"_s, u"pypi"_s, u"--password-stdin"_s}, pypiCanary.toUtf8());
    for (const QString &name : {u"corp"_s, u"pypi"_s}) {
        RUN_OK(sandbox, {u"registry"_s, u"show"_s, name});
        RUN_OK(sandbox, {u"registry"_s, u"show"_s, name, u"--json"_s});
        RUN_OK(sandbox, {u"token"_s, u"inspect"_s, u"--registry"_s, name});
        RUN_OK(sandbox, {u"token"_s, u"inspect"_s, u"--registry"_s, name, u"--json"_s});
    }
    RUN_OK(sandbox, {u"registry"_s, u"list"_s});
    RUN_OK(sandbox, {u"registry"_s, u"list"_s, u"--json"_s});
    QCOMPARE(sandbox.run({u"registry"_s, u"verify"_s, u"corp"_s}).exitCode, 1);
    RUN_OK(sandbox, {u"token"_s, u"inspect"_s, u"--stdin"_s}, pypiCanary.toUtf8());
    RUN_OK(sandbox, {u"token"_s, u"inspect"_s, u"--stdin"_s, u"--json"_s}, canary.toUtf8());
    // Refused logins: the messages must not repeat what was typed.
    QCOMPARE(sandbox.run({u"registry"_s, u"login"_s, u"pypi"_s, u"--password-stdin"_s}, canary.toUtf8()).exitCode, 1);
    QCOMPARE(sandbox.run({u"registry"_s, u"login"_s, u"corp"_s, u"--password-stdin"_s},
                         canary.toUtf8() + "\nsecond line")
                 .exitCode,
             1);
    RUN_OK(sandbox, {u"registry"_s, u"edit"_s, u"corp"_s, u"--username"_s, u"canary-user-2"_s});
    RUN_OK(sandbox, {u"registry"_s, u"export-pypirc"_s});
    RUN_OK(sandbox, {u"registry"_s, u"export-pypirc"_s, sandbox.path(u"config/exported.pypirc"_s)});
    const QByteArray pypirc = "[distutils]\nindex-servers = imported\n[imported]\nrepository = https://imported-" + tag.toUtf8()
                              + ".example/\nusername = u\npassword = " + pypircCanary.toUtf8() + "\n";
    QVERIFY(writeAll(sandbox.path(u"home/.pypirc"_s), pypirc));
    RUN_OK(sandbox, {u"registry"_s, u"import-pypirc"_s, u"--scrub"_s});
    sandbox.environment().insert(u"TWINE_PASSWORD"_s, canary);
    QCOMPARE(sandbox.run({u"registry"_s, u"verify"_s, u"corp"_s}).exitCode, 1);
    RUN_OK(sandbox, {u"registry"_s, u"show"_s, u"corp"_s});
    sandbox.environment().remove(u"TWINE_PASSWORD"_s);
    RUN_OK(sandbox, {u"registry"_s, u"logout"_s, u"corp"_s});
    RUN_OK(sandbox, {u"registry"_s, u"remove"_s, u"pypi"_s});
    RUN_OK(sandbox, {u"registry"_s, u"remove"_s, u"imported"_s});

    // The secret part of the PyPI token is its tail (the signature); its identifier is public.
    const QList<QByteArray> secrets{canary.toUtf8(), pypiCanary.toUtf8(), pypiCanary.right(24).toUtf8(),
                                    pypircCanary.toUtf8(), (u"canary-user:"_s + canary).toUtf8().toBase64(),
                                    (u"canary-user-2:"_s + canary).toUtf8().toBase64()};
    for (const QByteArray &secret : secrets) {
        QVERIFY2(!sandbox.transcript().contains(secret), secret.left(12).constData());
        QCOMPARE(filesContaining(sandbox.path(u"config"_s), secret), QStringList());
        QCOMPARE(filesContaining(sandbox.path(u"cache"_s), secret), QStringList());
        QCOMPARE(filesContaining(sandbox.path(u"data"_s), secret), QStringList());
    }
    // The scrubbed .pypirc lost its password; only the owner-only backup keeps it, by design.
    QCOMPARE(filesContaining(sandbox.path(u"home"_s), pypircCanary.toUtf8()),
             QStringList{sandbox.path(u"home/.pypirc.slipway-backup"_s)});
    QVERIFY(sandbox.transcript().contains("[redacted]"));
}

QTEST_GUILESS_MAIN(TestRegistryCli)
#include "testregistrycli.moc"
