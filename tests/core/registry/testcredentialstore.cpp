// SPDX-License-Identifier: GPL-3.0-or-later
// Registry secrets in the real gnome-keyring of the test session, and the errors when there
// is no keychain or it never answers (a child run of this executable with a broken D-Bus).
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLocalServer>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <cstdio>
#include <optional>

#include "core/registry/credentialstore.h"
#include "core/registry/presets.h"

using namespace Qt::StringLiterals;
using Registry::CredentialError;

namespace {

// Each test uses its own keychain service, so runs never see each other's entries.
const QString testService = u"slipway-test-credentialstore"_s;

Registry::Registry makeRegistry(const QString &name, const QString &url, const QString &username)
{
    Registry::Registry registry;
    registry.name = name;
    registry.uploadUrl = *Registry::parseUrl(url, u"upload URL"_s);
    registry.username = username;
    return registry;
}

template<typename T>
struct Waiter {
    std::optional<std::expected<T, CredentialError>> result;
    bool wait()
    {
        // No time limit of our own: the store's own limit guarantees an answer.
        while (!result) {
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        }
        return true;
    }
};

std::expected<QString, CredentialError> readNow(Registry::CredentialStore &store, const Registry::Registry &registry)
{
    QObject context;
    Waiter<QString> waiter;
    store.readSecret(registry, &context, [&](auto result) { waiter.result = result; });
    waiter.wait();
    return *waiter.result;
}

std::expected<void, CredentialError> writeNow(Registry::CredentialStore &store, const Registry::Registry &registry,
                                              const QString &secret)
{
    QObject context;
    Waiter<void> waiter;
    store.writeSecret(registry, secret, &context, [&](auto result) { waiter.result = result; });
    waiter.wait();
    return *waiter.result;
}

std::expected<void, CredentialError> removeNow(Registry::CredentialStore &store, const Registry::Registry &registry)
{
    QObject context;
    Waiter<void> waiter;
    store.removeSecret(registry, &context, [&](auto result) { waiter.result = result; });
    waiter.wait();
    return *waiter.result;
}

// Child mode: one read (or write, SLIPWAY_TEST_CHILD=write) against whatever D-Bus the parent
// gave us; prints "<code>\n<message>", or "ok".
int runChild()
{
    Registry::CredentialStore store(nullptr, testService);
    store.setTimeout(Registry::CredentialStore::timeoutFromEnvironment(QProcessEnvironment::systemEnvironment()));
    const auto registry = makeRegistry(u"child"_s, u"https://upload.example.org/legacy/"_s, u"u"_s);
    std::optional<CredentialError> error;
    if (qEnvironmentVariable("SLIPWAY_TEST_CHILD") == u"write") {
        if (const auto written = writeNow(store, registry, u"child-secret"_s); !written) {
            error = written.error();
        }
    } else if (const auto read = readNow(store, registry); !read) {
        error = read.error();
    }
    QTextStream out(stdout);
    if (!error) {
        out << "ok\n";
    } else {
        out << static_cast<int>(error->code) << '\n' << error->message << '\n';
    }
    return 0;
}

struct ChildResult {
    int code = -1;
    QString message;
};

ChildResult parseChild(const QByteArray &output)
{
    const QStringList lines = QString::fromUtf8(output).split(u'\n');
    ChildResult result;
    bool ok = false;
    result.code = lines.value(0).toInt(&ok);
    if (!ok) {
        result.code = -1;
    }
    result.message = lines.value(1);
    return result;
}

QProcessEnvironment childEnvironment(const QString &mode, int timeoutSeconds)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"SLIPWAY_TEST_CHILD"_s, mode);
    environment.insert(u"SLIPWAY_KEYCHAIN_TIMEOUT"_s, QString::number(timeoutSeconds));
    environment.remove(u"XDG_CURRENT_DESKTOP"_s);
    return environment;
}

ChildResult runChildWith(const QString &busAddress, int timeoutSeconds)
{
    QProcessEnvironment environment = childEnvironment(u"read"_s, timeoutSeconds);
    environment.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, busAddress);
    QProcess child;
    child.setProcessEnvironment(environment);
    child.start(QCoreApplication::applicationFilePath(), {});
    child.waitForFinished(-1);
    return parseChild(child.readAllStandardOutput());
}

} // namespace

class TestCredentialStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void storeReadReplaceDelete();
    void sameHostDifferentUsersAreSeparate();
    void sameUserDifferentUrlsAreSeparate();
    void removingNothingSucceeds();
    void emptyOrMultiLineSecretIsRefused();
    void resolvePrefersEnvironment();
    void resolveFallsBackToKeychain();
    void destroyedContextDropsCallback();
    void noSessionBusGivesDocumentedError();
    void busWithoutSecretServiceGivesDocumentedError();
    void silentBusTimesOut();
    void keyringThatCannotPromptIsLocked();
};

void TestCredentialStore::initTestCase()
{
    // Only inside scripts/with-test-session.sh: never touch the developer's own keychain.
    if (qEnvironmentVariableIsEmpty("SLIPWAY_IN_TEST_SESSION")) {
        QSKIP("needs the test session (scripts/with-test-session.sh) with its throw-away gnome-keyring");
    }
}

void TestCredentialStore::storeReadReplaceDelete()
{
    Registry::CredentialStore store(nullptr, testService);
    const auto registry = makeRegistry(u"one"_s, u"https://upload.example.org/legacy/"_s, u"__token__"_s);

    QVERIFY(writeNow(store, registry, u"first-secret"_s).has_value());
    QCOMPARE(readNow(store, registry).value_or(QString()), u"first-secret"_s);

    QVERIFY(writeNow(store, registry, u"second-secret"_s).has_value());
    QCOMPARE(readNow(store, registry).value_or(QString()), u"second-secret"_s);

    QVERIFY(removeNow(store, registry).has_value());
    const auto gone = readNow(store, registry);
    QVERIFY(!gone);
    QCOMPARE(gone.error().code, CredentialError::Code::NotFound);
    QVERIFY2(gone.error().message.contains(u"slipway registry login one"_s), qPrintable(gone.error().message));
}

void TestCredentialStore::sameHostDifferentUsersAreSeparate()
{
    Registry::CredentialStore store(nullptr, testService);
    const auto alice = makeRegistry(u"alice"_s, u"https://gitlab.example.org/api/v4/projects/7/packages/pypi"_s,
                                    u"alice-deploy"_s);
    const auto bob = makeRegistry(u"bob"_s, u"https://gitlab.example.org/api/v4/projects/7/packages/pypi"_s,
                                  u"bob-deploy"_s);
    QVERIFY(writeNow(store, alice, u"alice-secret"_s).has_value());
    QVERIFY(writeNow(store, bob, u"bob-secret"_s).has_value());
    QCOMPARE(readNow(store, alice).value_or(QString()), u"alice-secret"_s);
    QCOMPARE(readNow(store, bob).value_or(QString()), u"bob-secret"_s);

    QVERIFY(removeNow(store, alice).has_value());
    QVERIFY(!readNow(store, alice));
    QCOMPARE(readNow(store, bob).value_or(QString()), u"bob-secret"_s);
    QVERIFY(removeNow(store, bob).has_value());
}

void TestCredentialStore::sameUserDifferentUrlsAreSeparate()
{
    Registry::CredentialStore store(nullptr, testService);
    const auto production = makeRegistry(u"prod"_s, u"https://upload.pypi.org/legacy/"_s, u"__token__"_s);
    const auto rehearsal = makeRegistry(u"rehearsal"_s, u"https://test.pypi.org/legacy/"_s, u"__token__"_s);
    QVERIFY(writeNow(store, production, u"pypi-production"_s).has_value());
    QVERIFY(writeNow(store, rehearsal, u"pypi-rehearsal"_s).has_value());
    QCOMPARE(readNow(store, production).value_or(QString()), u"pypi-production"_s);
    QCOMPARE(readNow(store, rehearsal).value_or(QString()), u"pypi-rehearsal"_s);
    QVERIFY(removeNow(store, production).has_value());
    QVERIFY(removeNow(store, rehearsal).has_value());
}

void TestCredentialStore::removingNothingSucceeds()
{
    Registry::CredentialStore store(nullptr, testService);
    const auto registry = makeRegistry(u"never"_s, u"https://never.example.org/"_s, u"nobody"_s);
    QVERIFY(removeNow(store, registry).has_value());
}

void TestCredentialStore::emptyOrMultiLineSecretIsRefused()
{
    Registry::CredentialStore store(nullptr, testService);
    const auto registry = makeRegistry(u"bad"_s, u"https://bad.example.org/"_s, u"u"_s);
    const auto empty = writeNow(store, registry, u"  "_s);
    QVERIFY(!empty);
    QCOMPARE(empty.error().code, CredentialError::Code::InvalidSecret);
    const auto twoLines = writeNow(store, registry, u"token\nsecond line"_s);
    QVERIFY(!twoLines);
    QCOMPARE(twoLines.error().code, CredentialError::Code::InvalidSecret);
    QVERIFY(!readNow(store, registry));
}

void TestCredentialStore::resolvePrefersEnvironment()
{
    Registry::CredentialStore store(nullptr, testService);
    const auto registry = makeRegistry(u"env"_s, u"https://upload.pypi.org/legacy/"_s, u"__token__"_s);
    QVERIFY(writeNow(store, registry, u"from-keychain"_s).has_value());

    QProcessEnvironment environment;
    environment.insert(u"TWINE_PASSWORD"_s, u"  from-environment \n"_s);
    QObject context;
    Waiter<Registry::Credential> waiter;
    store.resolve(registry, environment, &context, [&](auto result) { waiter.result = result; });
    QVERIFY(!waiter.result); // asynchronous even when the answer is known at once
    waiter.wait();
    QVERIFY(waiter.result->has_value());
    QCOMPARE((*waiter.result)->secret, u"from-environment"_s);
    QCOMPARE((*waiter.result)->username, u"__token__"_s);
    QCOMPARE((*waiter.result)->source, Registry::Credential::Source::Environment);
    QVERIFY(removeNow(store, registry).has_value());
}

void TestCredentialStore::resolveFallsBackToKeychain()
{
    Registry::CredentialStore store(nullptr, testService);
    const auto registry = makeRegistry(u"kc"_s, u"https://nexus.example.org/repository/py/"_s, u"deployer"_s);
    QVERIFY(writeNow(store, registry, u"from-keychain"_s).has_value());
    QObject context;
    Waiter<Registry::Credential> waiter;
    store.resolve(registry, QProcessEnvironment(), &context, [&](auto result) { waiter.result = result; });
    waiter.wait();
    QVERIFY(waiter.result->has_value());
    QCOMPARE((*waiter.result)->secret, u"from-keychain"_s);
    QCOMPARE((*waiter.result)->username, u"deployer"_s);
    QCOMPARE((*waiter.result)->source, Registry::Credential::Source::Keychain);
    QVERIFY(removeNow(store, registry).has_value());
}

void TestCredentialStore::destroyedContextDropsCallback()
{
    Registry::CredentialStore store(nullptr, testService);
    const auto registry = makeRegistry(u"gone"_s, u"https://gone.example.org/"_s, u"u"_s);
    bool called = false;
    {
        QObject context;
        store.readSecret(registry, &context, [&](auto) { called = true; });
    }
    // A later call on the same (serialised) keychain queue finishes after the dropped one.
    QVERIFY(!readNow(store, registry));
    QVERIFY(!called);
}

void verifyNoKeychainMessage(const ChildResult &result)
{
    QCOMPARE(result.code, static_cast<int>(CredentialError::Code::NoKeychain));
    QVERIFY2(result.message.startsWith(u"No keychain is available"_s), qPrintable(result.message));
    QVERIFY2(result.message.contains(u"never in a file"_s), qPrintable(result.message));
    QVERIFY2(result.message.contains(u"gnome-keyring-daemon"_s), qPrintable(result.message));
    QVERIFY2(result.message.contains(u"TWINE_PASSWORD"_s), qPrintable(result.message));
}

void TestCredentialStore::noSessionBusGivesDocumentedError()
{
    QTemporaryDir dir;
    verifyNoKeychainMessage(runChildWith(u"unix:path="_s + dir.filePath(u"no-such-bus"_s), 30));
}

void TestCredentialStore::busWithoutSecretServiceGivesDocumentedError()
{
    // A real session bus on which nothing provides org.freedesktop.secrets: a headless server.
    QTemporaryDir dir;
    const QString config = dir.filePath(u"bus.conf"_s);
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
               " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
               "<busconfig><type>session</type><listen>unix:dir=" + dir.path().toUtf8() + "</listen>"
               "<auth>EXTERNAL</auth><policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
               "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n");
    file.close();
    QProcess bus;
    bus.start(u"dbus-daemon"_s, {u"--config-file="_s + config, u"--print-address=1"_s, u"--nofork"_s});
    if (!bus.waitForStarted()) {
        QSKIP("dbus-daemon is not installed");
    }
    while (!bus.canReadLine() && bus.state() == QProcess::Running) {
        bus.waitForReadyRead(-1);
    }
    const QString address = QString::fromUtf8(bus.readLine()).trimmed();
    QVERIFY2(!address.isEmpty(), "dbus-daemon printed no address");
    const ChildResult result = runChildWith(address, 30);
    bus.terminate();
    bus.waitForFinished(-1);
    verifyNoKeychainMessage(result);
    QVERIFY2(result.message.contains(u"org.freedesktop.secrets"_s), qPrintable(result.message));
}

void TestCredentialStore::silentBusTimesOut()
{
    // A socket that accepts connections and never says a word: a D-Bus that hangs.
    QTemporaryDir dir;
    QLocalServer silent;
    QVERIFY(silent.listen(dir.filePath(u"silent-bus"_s)));
    const ChildResult result = runChildWith(u"unix:path="_s + silent.fullServerName(), 1);
    QCOMPARE(result.code, static_cast<int>(CredentialError::Code::TimedOut));
    QVERIFY2(result.message.startsWith(u"The keychain did not answer within 1 second:"_s), qPrintable(result.message));
}

void TestCredentialStore::keyringThatCannotPromptIsLocked()
{
    // A private bus with a gnome-keyring that was started but never unlocked, and no display
    // for its prompt: the headless machine where twine and poetry hang.
    if (QStandardPaths::findExecutable(u"dbus-run-session"_s).isEmpty()
        || QStandardPaths::findExecutable(u"gnome-keyring-daemon"_s).isEmpty()) {
        QSKIP("needs dbus-run-session and gnome-keyring-daemon");
    }
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(u"data"_s) && QDir(dir.path()).mkpath(u"run"_s));
    QFile(dir.filePath(u"run"_s)).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QProcessEnvironment environment = childEnvironment(u"write"_s, 20);
    environment.insert(u"XDG_DATA_HOME"_s, dir.filePath(u"data"_s));
    environment.insert(u"XDG_RUNTIME_DIR"_s, dir.filePath(u"run"_s));
    environment.remove(u"DISPLAY"_s);
    environment.remove(u"WAYLAND_DISPLAY"_s);
    environment.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
    QProcess session;
    session.setProcessEnvironment(environment);
    session.start(u"dbus-run-session"_s,
                  {u"--"_s, u"sh"_s, u"-c"_s,
                   u"eval \"$(gnome-keyring-daemon --start --components=secrets 2>/dev/null)\"; \"$1\"; "
                   u"code=$?; kill \"$GNOME_KEYRING_PID\" 2>/dev/null; exit $code"_s,
                   u"sh"_s, QCoreApplication::applicationFilePath()});
    QVERIFY(session.waitForStarted());
    session.waitForFinished(-1);
    const ChildResult result = parseChild(session.readAllStandardOutput());
    QVERIFY2(result.code == static_cast<int>(CredentialError::Code::Locked), qPrintable(result.message));
    QVERIFY2(result.message.contains(u"could not be shown"_s), qPrintable(result.message));
    QVERIFY2(result.message.contains(u"gnome-keyring-daemon --unlock"_s), qPrintable(result.message));
}

int main(int argc, char *argv[])
{
    if (!qEnvironmentVariableIsEmpty("SLIPWAY_TEST_CHILD")) {
        QCoreApplication app(argc, argv);
        return runChild();
    }
    QCoreApplication app(argc, argv);
    TestCredentialStore test;
    return QTest::qExec(&test, argc, argv);
}

#include "testcredentialstore.moc"
