// SPDX-License-Identifier: GPL-3.0-or-later
// `slipway upload` as a user runs it, against the strict local registry in this process.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>
#include <QTest>

#include <memory>

#include <signal.h>

#include "tests/support/registryserver.h"
#include "tests/support/testsupport.h"
#include "uploadfixtures.h"

using namespace Qt::StringLiterals;
using TestSupport::RegistryFault;
using TestSupport::RegistryServer;

namespace {

const QString token = u"pypi-command-test-secret-0123456789"_s;

} // namespace

class TestUploadCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void dryRunPrintsTheFormWithoutTheSecret();
    void uploadsAndReports();
    void jsonOutput();
    void jsonReportsAFailureBeforeUpload();
    void refusedCredentialExitsOneWithoutTheSecret();
    void alreadyPresentIsSuccess();
    void namedRegistryWithTheKeychain();
    void usageErrors_data();
    void usageErrors();
    void refusesPlainHttpToRemoteHosts();
    void dryRunNamesTheProxy();
    void interruptCancelsAndReports();

private:
    UploadFixtures::ChildResult slipway(const QStringList &arguments, const QString &password = token);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<RegistryServer> m_server;
    QString m_wheel;
    QString m_sdist;
};

void TestUploadCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<RegistryServer>();
    QVERIFY(m_server->listen());
    m_server->addToken(token);
    m_wheel = UploadFixtures::writeWheel(m_dir->path(), "cli-demo", "0.1");
    m_sdist = UploadFixtures::writeSdist(m_dir->path(), "cli-demo", "0.1");
    QVERIFY(!m_wheel.isEmpty() && !m_sdist.isEmpty());
}

void TestUploadCommand::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

UploadFixtures::ChildResult TestUploadCommand::slipway(const QStringList &arguments, const QString &password)
{
    // A private config folder and no TWINE_* leaking in from the caller's environment.
    return UploadFixtures::runAsync(TestSupport::slipwayExecutable(), QStringList{u"upload"_s} + arguments,
                                    {u"XDG_CONFIG_HOME="_s + m_dir->filePath(u"config"_s), u"TWINE_USERNAME"_s,
                                     u"TWINE_REPOSITORY"_s, u"TWINE_REPOSITORY_URL"_s,
                                     u"TWINE_PASSWORD="_s + password});
}

void TestUploadCommand::dryRunPrintsTheFormWithoutTheSecret()
{
    const auto result = slipway({u"--repository-url"_s, m_server->uploadUrl().toString(), u"--dry-run"_s, m_wheel});
    QCOMPARE(result.exitCode, 0);
    const QString out = QString::fromUtf8(result.out);
    QVERIFY2(out.contains(u"Would POST cli_demo-0.1-py3-none-any.whl to "_s + m_server->uploadUrl().toString()),
             qPrintable(out));
    for (const QString &line : {u"  :action: file_upload"_s, u"  protocol_version: 1"_s, u"  name: cli-demo"_s,
                                u"  version: 0.1"_s, u"  filetype: bdist_wheel"_s, u"  pyversion: py3"_s,
                                u"  requires_python: \n"_s, u"  sha256_digest: "_s, u"  blake2_256_digest: "_s,
                                u"  content: cli_demo-0.1-py3-none-any.whl (application/octet-stream, "_s,
                                u"user __token__, secret not shown"_s}) {
        QVERIFY2(out.contains(line), qPrintable(line));
    }
    QVERIFY(!result.out.contains(token.toUtf8()));
    QVERIFY(!result.err.contains(token.toUtf8()));
    QVERIFY(m_server->requests().isEmpty());
}

void TestUploadCommand::uploadsAndReports()
{
    const auto result = slipway({u"--repository-url"_s, m_server->uploadUrl().toString(), u"--simple-url"_s,
                                 m_server->simpleIndexUrl().toString(), u"--jobs"_s, u"2"_s, m_dir->path()});
    QVERIFY2(result.exitCode == 0, result.out.constData());
    QCOMPARE(m_server->files().size(), 2);
    const QString out = QString::fromUtf8(result.out);
    QVERIFY(out.contains(u"uploaded  cli_demo-0.1-py3-none-any.whl"_s));
    QVERIFY(out.contains(u"uploaded  cli_demo-0.1.tar.gz"_s));
    QVERIFY(out.contains(u"2 uploaded, 0 already there, 0 failed"_s));
    QVERIFY(!out.contains(u"\r"_s)); // not a terminal: plain lines
    QVERIFY(!result.out.contains(token.toUtf8()));
}

void TestUploadCommand::jsonOutput()
{
    const auto result = slipway({u"--repository-url"_s, m_server->uploadUrl().toString(), u"--json"_s, m_wheel});
    QCOMPARE(result.exitCode, 0);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(result.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, result.out.constData());
    const QJsonObject root = document.object();
    QCOMPARE(root.value(u"succeeded"_s).toBool(), true);
    QCOMPARE(root.value(u"dry_run"_s).toBool(), false);
    const QJsonArray files = root.value(u"files"_s).toArray();
    QCOMPARE(files.size(), 1);
    QCOMPARE(files.first().toObject().value(u"outcome"_s).toString(), u"uploaded"_s);
    QCOMPARE(files.first().toObject().value(u"sha256"_s).toString(),
             QString::fromLatin1(m_server->files().first().sha256));
}

void TestUploadCommand::jsonReportsAFailureBeforeUpload()
{
    // No registry of that name (the private config folder holds none): nothing is sent, and
    // a script reading --json still gets one object saying why.
    const auto result = slipway({u"-r"_s, u"nosuch"_s, u"--json"_s, m_wheel});
    QCOMPARE(result.exitCode, 1);
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(result.out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, result.out.constData());
    QCOMPARE(root.value(u"succeeded"_s).toBool(true), false);
    const QString message = root.value(u"error"_s).toString();
    QVERIFY2(message.contains(u"nosuch"_s), qPrintable(message));
    QVERIFY(result.err.contains(message.toUtf8()));
    QCOMPARE(root.value(u"files"_s).toArray().size(), 0);
    QVERIFY(m_server->requests().isEmpty());
}

void TestUploadCommand::refusedCredentialExitsOneWithoutTheSecret()
{
    const QString wrong = u"pypi-this-is-not-the-right-token-42"_s;
    const auto result = slipway({u"--repository-url"_s, m_server->uploadUrl().toString(), m_wheel}, wrong);
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.out.contains("FAILED"));
    QVERIFY(result.out.contains("Invalid or non-existent authentication information"));
    QVERIFY(!result.out.contains(wrong.toUtf8()) && !result.err.contains(wrong.toUtf8()));
    QVERIFY(m_server->files().isEmpty());
}

void TestUploadCommand::alreadyPresentIsSuccess()
{
    QFile file(m_wheel);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(m_server->addFile(u"cli-demo"_s, u"0.1"_s, QFileInfo(m_wheel).fileName(), file.readAll()).has_value());
    const auto result = slipway({u"--repository-url"_s, m_server->uploadUrl().toString(), u"--simple-url"_s,
                                 m_server->simpleIndexUrl().toString(), u"--skip-existing"_s, m_wheel});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains("present   cli_demo-0.1-py3-none-any.whl"));
    QVERIFY(m_server->uploadRequests().isEmpty());
}

void TestUploadCommand::namedRegistryWithTheKeychain()
{
    const QStringList environment{u"XDG_CONFIG_HOME="_s + m_dir->filePath(u"config"_s), u"TWINE_USERNAME"_s,
                                  u"TWINE_PASSWORD"_s, u"TWINE_REPOSITORY"_s, u"TWINE_REPOSITORY_URL"_s};
    const QString program = TestSupport::slipwayExecutable();
    auto step = UploadFixtures::runAsync(program,
                                         {u"registry"_s, u"add"_s, u"local"_s, u"--url"_s,
                                          m_server->uploadUrl().toString(), u"--simple-url"_s,
                                          m_server->simpleIndexUrl().toString(), u"--username"_s, u"__token__"_s},
                                         environment);
    QVERIFY2(step.exitCode == 0, step.err.constData());
    step = UploadFixtures::runAsync(program, {u"registry"_s, u"login"_s, u"local"_s, u"--password-stdin"_s},
                                    environment, token.toUtf8() + '\n');
    QVERIFY2(step.exitCode == 0, step.err.constData());

    const auto result = UploadFixtures::runAsync(program, {u"upload"_s, u"-r"_s, u"local"_s, u"--skip-existing"_s,
                                                           m_wheel},
                                                 environment);
    UploadFixtures::runAsync(program, {u"registry"_s, u"logout"_s, u"local"_s}, environment);
    QVERIFY2(result.exitCode == 0, QByteArray(result.out + result.err).constData());
    QVERIFY(result.out.contains("with the secret from the keychain"));
    QVERIFY(!result.out.contains(token.toUtf8()) && !result.err.contains(token.toUtf8()));
    QCOMPARE(m_server->files().size(), 1);
    QCOMPARE(m_server->uploadRequests().first().username, u"__token__"_s);
}

void TestUploadCommand::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addRow("no files") << QStringList{u"--repository-url"_s, u"https://upload.example.org/legacy/"_s};
    QTest::addRow("both registry forms")
        << QStringList{u"-r"_s, u"x"_s, u"--repository-url"_s, u"https://upload.example.org/legacy/"_s, u"a.whl"_s};
    QTest::addRow("jobs zero") << QStringList{u"--jobs"_s, u"0"_s, u"a.whl"_s};
    QTest::addRow("unknown option") << QStringList{u"--password"_s, u"x"_s, u"a.whl"_s};
}

void TestUploadCommand::usageErrors()
{
    QFETCH(QStringList, arguments);
    const auto result = slipway(arguments);
    QCOMPARE(result.exitCode, 2);
}

void TestUploadCommand::refusesPlainHttpToRemoteHosts()
{
    auto result = slipway({u"--repository-url"_s, u"http://upload.example.org/legacy/"_s, m_wheel});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.err.contains("http"));
    // --skip-existing needs an index to compare with.
    result = slipway({u"--repository-url"_s, m_server->uploadUrl().toString(), u"--skip-existing"_s, m_wheel});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains("simple index URL"), result.err.constData());
    QVERIFY(m_server->requests().isEmpty());
}

void TestUploadCommand::dryRunNamesTheProxy()
{
    const QStringList environment{u"XDG_CONFIG_HOME="_s + m_dir->filePath(u"config"_s), u"TWINE_USERNAME"_s,
                                  u"TWINE_REPOSITORY"_s, u"TWINE_REPOSITORY_URL"_s, u"TWINE_PASSWORD="_s + token,
                                  u"HTTPS_PROXY"_s, u"no_proxy"_s, u"NO_PROXY"_s, u"all_proxy"_s, u"ALL_PROXY"_s};
    const QStringList arguments{u"upload"_s, u"--repository-url"_s, u"https://upload.example.org/legacy/"_s,
                                u"--dry-run"_s, m_wheel};
    auto result = UploadFixtures::runAsync(TestSupport::slipwayExecutable(), arguments,
                                           environment + QStringList{u"https_proxy=http://me:proxy-secret@proxy.corp:3128"_s});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains("to https://upload.example.org/legacy/ through the proxy proxy.corp:3128\n"),
             result.out.constData());
    QVERIFY2(result.out.contains(") through the proxy proxy.corp:3128\n"), result.out.constData()); // the first line
    QVERIFY(!result.out.contains("proxy-secret") && !result.err.contains("proxy-secret"));

    // A host in no_proxy goes direct, and loopback always does.
    result = UploadFixtures::runAsync(TestSupport::slipwayExecutable(), arguments,
                                      environment + QStringList{u"https_proxy=http://proxy.corp:3128"_s,
                                                                u"no_proxy=example.org"_s});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(!result.out.contains("proxy"), result.out.constData());

    // A proxy Slipway cannot use stops the upload before anything is sent, and says which variable.
    result = UploadFixtures::runAsync(TestSupport::slipwayExecutable(), arguments,
                                      environment + QStringList{u"https_proxy=https://me:proxy-secret@proxy.corp"_s});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.out.contains("https_proxy") || result.err.contains("https_proxy"), result.err.constData());
    QVERIFY(!result.out.contains("proxy-secret") && !result.err.contains("proxy-secret"));
}

void TestUploadCommand::interruptCancelsAndReports()
{
    // A registry that reads 20 kB a second: the wheel is still on its way when Ctrl-C comes.
    m_server->injectFault(RegistryFault::throttle(20'000).persistent());
    const QString big = UploadFixtures::writeLargeWheel(m_dir->path(), "cli_slow", "0.1", 2'000'000);
    QVERIFY(!big.isEmpty());
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"TWINE_PASSWORD"_s, token);
    environment.insert(u"XDG_CONFIG_HOME"_s, m_dir->filePath(u"config"_s));
    process.setProcessEnvironment(environment);
    QByteArray out;
    bool interrupted = false;
    QEventLoop loop;
    connect(&process, &QProcess::readyReadStandardOutput, &loop, [&] {
        out += process.readAllStandardOutput();
        if (!interrupted && out.contains("  sending   cli_slow-0.1-py3-none-any.whl")) {
            interrupted = true;
            ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        }
    });
    connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    process.start(TestSupport::slipwayExecutable(),
                  {u"upload"_s, u"--repository-url"_s, m_server->uploadUrl().toString(), u"--no-check"_s, big});
    QVERIFY(process.waitForStarted());
    loop.exec();
    out += process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(interrupted, out.constData());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit); // reported, not killed by the signal
    QCOMPARE(process.exitCode(), 1);
    QVERIFY2(err.contains("slipway upload: interrupted, stopping the uploads."), err.constData());
    QVERIFY2(err.contains("--skip-existing"), err.constData());
    QVERIFY2(out.contains("0 uploaded, 0 already there"), out.constData());
    QVERIFY(m_server->files().isEmpty());
}

QTEST_GUILESS_MAIN(TestUploadCommand)
#include "testuploadcommand.moc"
