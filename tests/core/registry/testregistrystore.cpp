// SPDX-License-Identifier: GPL-3.0-or-later
// The registry list file: round trips, hand edits, and broken files that must never be replaced.
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "core/registry/presets.h"
#include "core/registry/registrystore.h"

using namespace Qt::StringLiterals;
using Registry::RegistryStore;
using Registry::StoreError;

namespace {

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

QList<Registry::Registry> sampleRegistries()
{
    Registry::PresetOptions gitlab;
    gitlab.host = u"git.example.org"_s;
    gitlab.projectId = u"group/project"_s;
    auto pypi = *Registry::fromPreset(Registry::Kind::PyPI, u"pypi"_s, {});
    auto test = *Registry::fromPreset(Registry::Kind::TestPyPI, u"testpypi"_s, {});
    auto lab = *Registry::fromPreset(Registry::Kind::GitLab, u"work.lab"_s, gitlab);
    lab.username = u"deploy \"quoted\" \\ user"_s;
    lab.caBundlePath = u"/etc/ssl/corp ca.pem"_s;
    lab.clientCertPath = u"C:\\certs\\me.pem"_s;
    Registry::Registry local;
    local.name = u"Local-devpi"_s;
    local.uploadUrl = *Registry::parseUrl(u"http://127.0.0.1:3141/root/dev/"_s, u"upload URL"_s);
    local.username = u"root"_s;
    return {pypi, test, lab, local};
}

} // namespace

class TestRegistryStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void missingFileIsEmpty();
    void roundTrip();
    void serializedFileIsReadable();
    void handEditedFileLoads();
    void brokenFiles_data();
    void brokenFiles();
    void brokenFileIsNeverReplaced();
    void saveKeepsBackup();
    void addReplaceRemove();
    void defaultPathIsUnderConfigLocation();
};

void TestRegistryStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestRegistryStore::missingFileIsEmpty()
{
    QTemporaryDir dir;
    RegistryStore store(dir.filePath(u"registries.toml"_s));
    QVERIFY(store.load().has_value());
    QVERIFY(store.registries().isEmpty());
}

void TestRegistryStore::roundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"sub/folder/registries.toml"_s);
    RegistryStore store(path);
    QVERIFY(store.load().has_value());
    for (const auto &registry : sampleRegistries()) {
        QVERIFY(store.add(registry).has_value());
    }
    QVERIFY(store.save().has_value());

    RegistryStore again(path);
    const auto loaded = again.load();
    QVERIFY2(loaded.has_value(), loaded ? "" : qPrintable(loaded.error().message));
    QCOMPARE(again.registries(), store.registries());
    QCOMPARE(again.registries().size(), 4);
    // Sorted by name, ignoring case.
    QCOMPARE(again.registries().at(0).name, u"Local-devpi"_s);
    QCOMPARE(again.find(u"WORK.LAB"_s)->username, u"deploy \"quoted\" \\ user"_s);
}

void TestRegistryStore::serializedFileIsReadable()
{
    const QByteArray text = RegistryStore::serialize(sampleRegistries());
    QVERIFY(text.contains("[registry.pypi]\nkind = \"pypi\"\nupload-url = \"https://upload.pypi.org/legacy/\"\n"));
    QVERIFY(text.contains("[registry.\"work.lab\"]"));
    QVERIFY(text.contains("role = \"production\""));
    QVERIFY(!text.contains("password"));
}

void TestRegistryStore::handEditedFileLoads()
{
    const QByteArray text = "# mine\n"
                            "format = 1\n"
                            "\n"
                            "[registry.corp]   # the company index\n"
                            "upload-url = 'https://pypi.corp.example/'\n"
                            "username = \"ci\"\n"
                            "\n"
                            "[registry.rehearsal]\n"
                            "kind = \"TestPyPI\"\n"
                            "upload-url = \"https://test.pypi.org/legacy/\"\n"
                            "role = \"test\"\n";
    const auto registries = RegistryStore::parse(text, u"registries.toml"_s);
    QVERIFY2(registries.has_value(), registries ? "" : qPrintable(registries.error().message));
    QCOMPARE(registries->size(), 2);
    QCOMPARE(registries->at(0).name, u"corp"_s);
    QCOMPARE(registries->at(0).kind, Registry::Kind::Custom); // guessed from the URL
    QCOMPARE(registries->at(1).kind, Registry::Kind::TestPyPI);
    QCOMPARE(registries->at(1).role, Registry::Role::Test);
}

void TestRegistryStore::brokenFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<StoreError::Code>("code");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("messagePart");

    const QByteArray head = "format = 1\n[registry.x]\n"; // the registry table starts on line 2
    QTest::addRow("not toml") << QByteArray("format = 1\n[registry.x\nkind = 1\n") << StoreError::Code::Corrupt << 2
                              << u"line 2"_s;
    QTest::addRow("unterminated string")
        << QByteArray(head + "upload-url = \"https://x.example/\nusername = \"a\"\n") << StoreError::Code::Corrupt
        << 3 << u"line 3"_s;
    QTest::addRow("password key") << QByteArray(head + "upload-url = \"https://x.example/\"\npassword = \"hunter2\"\n")
                                  << StoreError::Code::Corrupt << 4 << u"slipway registry login x"_s;
    QTest::addRow("token key") << QByteArray(head + "token = \"pypi-AgEIcHlwaS5vcmc\"\n") << StoreError::Code::Corrupt
                               << 3 << u"secrets never belong"_s;
    QTest::addRow("unknown key") << QByteArray(head + "uplaod-url = \"https://x.example/\"\n")
                                 << StoreError::Code::Corrupt << 3 << u"unknown key 'uplaod-url'"_s;
    QTest::addRow("number instead of string") << QByteArray(head + "upload-url = 42\n") << StoreError::Code::Corrupt
                                              << 3 << u"quoted string"_s;
    QTest::addRow("plain http") << QByteArray(head + "upload-url = \"http://pypi.example.com/\"\n")
                                << StoreError::Code::Corrupt << 3 << u"unencrypted"_s;
    QTest::addRow("no upload url") << QByteArray(head + "username = \"a\"\n") << StoreError::Code::Corrupt << 2
                                   << u"no upload-url"_s;
    QTest::addRow("unknown kind") << QByteArray(head + "kind = \"pipy\"\nupload-url = \"https://x.example/\"\n")
                                  << StoreError::Code::Corrupt << 3 << u"unknown kind 'pipy'"_s;
    QTest::addRow("unknown role") << QByteArray(head + "upload-url = \"https://x.example/\"\nrole = \"prod\"\n")
                                  << StoreError::Code::Corrupt << 4 << u"unknown role"_s;
    QTest::addRow("bad name") << QByteArray("[registry.\"a b\"]\nupload-url = \"https://x.example/\"\n")
                              << StoreError::Code::Corrupt << 1 << u"not a usable registry name"_s;
    QTest::addRow("case duplicate")
        << QByteArray("[registry.a]\nupload-url = \"https://x.example/\"\n[registry.A]\nupload-url = "
                      "\"https://y.example/\"\n")
        << StoreError::Code::Duplicate << 3 << u"differ only in case"_s;
    QTest::addRow("unknown top-level") << QByteArray("formt = 1\n") << StoreError::Code::Corrupt << 1
                                       << u"unknown top-level key"_s;
    QTest::addRow("newer format") << QByteArray("format = 2\n") << StoreError::Code::TooNew << 1
                                  << u"newer Slipway"_s;
    QTest::addRow("registry not a table") << QByteArray("registry = \"pypi\"\n") << StoreError::Code::Corrupt << 1
                                          << u"must hold tables"_s;
    QTest::addRow("simple url as upload")
        << QByteArray(head + "upload-url = \"https://pypi.org/simple/\"\n") << StoreError::Code::Corrupt << 2
        << u"simple index URL"_s;
}

void TestRegistryStore::brokenFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(StoreError::Code, code);
    QFETCH(int, line);
    QFETCH(QString, messagePart);
    const auto registries = RegistryStore::parse(content, u"registries.toml"_s);
    QVERIFY(!registries.has_value());
    QCOMPARE(registries.error().code, code);
    QCOMPARE(registries.error().line, line);
    QVERIFY2(registries.error().message.contains(messagePart), qPrintable(registries.error().message));
    QVERIFY2(registries.error().message.startsWith(u"registries.toml"_s), qPrintable(registries.error().message));
    // Values of secret keys are never repeated.
    QVERIFY(!registries.error().message.contains(u"hunter2"_s));
    QVERIFY(!registries.error().message.contains(u"pypi-AgE"_s));
}

void TestRegistryStore::brokenFileIsNeverReplaced()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"registries.toml"_s);
    const QByteArray broken = "format = 1\n[registry.pypi]\nupload-url = \"https://upload.pypi.org/legacy/\n";
    QVERIFY(writeAll(path, broken));
    RegistryStore store(path);
    const auto loaded = store.load();
    QVERIFY(!loaded);
    QVERIFY2(loaded.error().message.contains(u"line 3"_s), qPrintable(loaded.error().message));
    QVERIFY2(loaded.error().message.contains(u"will not overwrite"_s), qPrintable(loaded.error().message));
    QVERIFY(store.registries().isEmpty());

    QVERIFY(store.add(*Registry::fromPreset(Registry::Kind::TestPyPI, u"testpypi"_s, {})).has_value());
    const auto saved = store.save();
    QVERIFY(!saved);
    QCOMPARE(saved.error().code, StoreError::Code::Unwritable);
    QCOMPARE(readAll(path), broken);
}

void TestRegistryStore::saveKeepsBackup()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"registries.toml"_s);
    RegistryStore store(path);
    QVERIFY(store.load().has_value());
    QVERIFY(store.add(*Registry::fromPreset(Registry::Kind::PyPI, u"pypi"_s, {})).has_value());
    QVERIFY(store.save().has_value());
    const QByteArray first = readAll(path);
    QVERIFY(!QFile::exists(store.backupPath()));

    QVERIFY(store.add(*Registry::fromPreset(Registry::Kind::TestPyPI, u"testpypi"_s, {})).has_value());
    QVERIFY(store.save().has_value());
    QCOMPARE(readAll(store.backupPath()), first);
    QVERIFY(readAll(path).contains("[registry.testpypi]"));

    // Broken by hand between load and save: the hand-broken file stays.
    const QByteArray broken = "[registry.pypi\n";
    QVERIFY(writeAll(path, broken));
    QVERIFY(store.remove(u"pypi"_s).has_value());
    QVERIFY(!store.save());
    QCOMPARE(readAll(path), broken);

    // A load error mentions the backup.
    RegistryStore reader(path);
    const auto loaded = reader.load();
    QVERIFY(!loaded);
    QVERIFY2(loaded.error().message.contains(u"registries.toml.bak"_s), qPrintable(loaded.error().message));
}

void TestRegistryStore::addReplaceRemove()
{
    QTemporaryDir dir;
    RegistryStore store(dir.filePath(u"registries.toml"_s));
    QVERIFY(store.load().has_value());
    const auto pypi = *Registry::fromPreset(Registry::Kind::PyPI, u"pypi"_s, {});
    QVERIFY(store.add(pypi).has_value());
    auto twice = pypi;
    twice.name = u"PyPI"_s;
    const auto duplicate = store.add(twice);
    QVERIFY(!duplicate);
    QCOMPARE(duplicate.error().code, StoreError::Code::Duplicate);

    auto invalid = pypi;
    invalid.name = u"insecure"_s;
    invalid.uploadUrl = QUrl(u"http://pypi.example.com/"_s);
    QCOMPARE(store.add(invalid).error().code, StoreError::Code::Invalid);

    auto renamed = pypi;
    renamed.name = u"production"_s;
    QVERIFY(store.replace(u"PYPI"_s, renamed).has_value());
    QVERIFY(!store.find(u"pypi"_s));
    QVERIFY(store.find(u"production"_s));
    QCOMPARE(store.replace(u"nothing"_s, renamed).error().code, StoreError::Code::NotFound);
    QVERIFY(store.remove(u"Production"_s).has_value());
    QCOMPARE(store.remove(u"production"_s).error().code, StoreError::Code::NotFound);
}

void TestRegistryStore::defaultPathIsUnderConfigLocation()
{
    const QString path = RegistryStore::defaultPath();
    QVERIFY(path.endsWith(u"/registries.toml"_s));
    QVERIFY(path.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)));
}

QTEST_GUILESS_MAIN(TestRegistryStore)
#include "testregistrystore.moc"
