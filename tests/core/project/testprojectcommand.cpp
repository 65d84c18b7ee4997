// SPDX-License-Identifier: GPL-3.0-or-later
// `slipway project ...` end to end through the real binary.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/testsupport.h"

using TestSupport::runSlipway;

namespace {

const QByteArray original = "[build-system]\r\n"
                            "requires = [\"hatchling\"]\r\n"
                            "build-backend = \"hatchling.build\"\r\n"
                            "\r\n"
                            "[project]  # metadata\r\n"
                            "name = \"cli-demo\"\r\n"
                            "version = \"1.2.3\"\r\n"
                            "requires-python = \">=3.9\"\r\n"
                            "classifiers = [\r\n"
                            "    \"Development Status :: 4 - Beta\",  # keep me\r\n"
                            "]\r\n"
                            "urls = { Home = \"https://example.org\" }";

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestProjectCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void showPrintsMetadataAndFindings();
    void showJson();
    void setPrintsDiffAndWrites();
    void dryRunWritesNothing();
    void addRemoveAndListValues();
    void bump();
    void refusesNewErrorsUnlessForced();
    void usageErrors_data();
    void usageErrors();
    void readOnlyProject();

private:
    QString path() const { return m_dir->filePath(QStringLiteral("pyproject.toml")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestProjectCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QFile file(path());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(original);
}

void TestProjectCommand::showPrintsMetadataAndFindings()
{
    const auto result = runSlipway({QStringLiteral("project"), QStringLiteral("show"), m_dir->path()});
    QCOMPARE(result.exitCode, 0);
    const QString out = QString::fromUtf8(result.out);
    QVERIFY2(out.contains(QStringLiteral("Name: cli-demo")), result.out.constData());
    QVERIFY(out.contains(QStringLiteral("Version: 1.2.3")));
    QVERIFY(out.contains(QStringLiteral("Project-URL: Home, https://example.org")));
    QVERIFY(out.contains(QStringLiteral("Build system: hatchling.build")));
    QVERIFY(out.contains(QStringLiteral("Metadata: [project] in pyproject.toml")));
}

void TestProjectCommand::showJson()
{
    const auto result = runSlipway({QStringLiteral("project"), QStringLiteral("show"), m_dir->path(), QStringLiteral("--json")});
    QCOMPARE(result.exitCode, 0);
    QJsonParseError error;
    const QJsonObject json = QJsonDocument::fromJson(result.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(json.value(QStringLiteral("project")).toObject().value(QStringLiteral("version")).toString(),
             QStringLiteral("1.2.3"));
    QCOMPARE(json.value(QStringLiteral("coreMetadata")).toObject().value(QStringLiteral("Requires-Python")).toString(),
             QStringLiteral(">=3.9"));
    QVERIFY(json.contains(QStringLiteral("findings")));
}

void TestProjectCommand::setPrintsDiffAndWrites()
{
    const auto result = runSlipway({QStringLiteral("project"), QStringLiteral("set"), m_dir->path(),
                                    QStringLiteral("description"), QStringLiteral("A CLI demo")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("--- a/pyproject.toml\n+++ b/pyproject.toml\n@@ -5,6 +5,7 @@\n"
                                    " [project]  # metadata\r\n"
                                    " name = \"cli-demo\"\r\n"
                                    " version = \"1.2.3\"\r\n"
                                    "+description = \"A CLI demo\"\r\n"
                                    " requires-python = \">=3.9\"\r\n"
                                    " classifiers = [\r\n"
                                    "     \"Development Status :: 4 - Beta\",  # keep me\r\n"));
    QByteArray expected = original;
    expected.replace("version = \"1.2.3\"\r\n", "version = \"1.2.3\"\r\ndescription = \"A CLI demo\"\r\n");
    QCOMPARE(readFile(path()), expected);

    const auto url = runSlipway({QStringLiteral("project"), QStringLiteral("set"), m_dir->path(),
                                 QStringLiteral("urls.Release notes"), QStringLiteral("https://example.org/changes")});
    QCOMPARE(url.exitCode, 0);
    expected.replace("Home = \"https://example.org\" }",
                     "Home = \"https://example.org\", \"Release notes\" = \"https://example.org/changes\" }");
    QCOMPARE(readFile(path()), expected);
}

void TestProjectCommand::dryRunWritesNothing()
{
    const auto result = runSlipway({QStringLiteral("project"), QStringLiteral("unset"), m_dir->path(),
                                    QStringLiteral("requires-python"), QStringLiteral("--dry-run")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains("-requires-python = \">=3.9\"\r\n"));
    QCOMPARE(readFile(path()), original);
}

void TestProjectCommand::addRemoveAndListValues()
{
    QCOMPARE(runSlipway({QStringLiteral("project"), QStringLiteral("add"), m_dir->path(), QStringLiteral("classifiers"),
                         QStringLiteral("Typing :: Typed")})
                 .exitCode,
             0);
    QByteArray expected = original;
    expected.replace("# keep me\r\n", "# keep me\r\n    \"Typing :: Typed\",\r\n");
    QCOMPARE(readFile(path()), expected);

    QCOMPARE(runSlipway({QStringLiteral("project"), QStringLiteral("remove"), m_dir->path(), QStringLiteral("classifiers"),
                         QStringLiteral("Development Status :: 4 - Beta")})
                 .exitCode,
             0);
    expected.replace("    \"Development Status :: 4 - Beta\",  # keep me\r\n", "");
    QCOMPARE(readFile(path()), expected);

    QCOMPARE(runSlipway({QStringLiteral("project"), QStringLiteral("set"), m_dir->path(), QStringLiteral("keywords"),
                         QStringLiteral("[\"cli\", \"demo\"]")})
                 .exitCode,
             0);
    expected.replace("requires-python = \">=3.9\"\r\n", "requires-python = \">=3.9\"\r\nkeywords = [\r\n    \"cli\",\r\n    \"demo\",\r\n]\r\n");
    QCOMPARE(readFile(path()), expected);

    const auto missing = runSlipway({QStringLiteral("project"), QStringLiteral("remove"), m_dir->path(),
                                     QStringLiteral("keywords"), QStringLiteral("nope")});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(missing.err.contains("does not list"));
    QCOMPARE(readFile(path()), expected);
}

void TestProjectCommand::bump()
{
    const auto result = runSlipway({QStringLiteral("project"), QStringLiteral("bump"), m_dir->path(), QStringLiteral("rc")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains("-version = \"1.2.3\"\r\n+version = \"1.2.4rc1\"\r\n"));
    QByteArray expected = original;
    expected.replace("1.2.3", "1.2.4rc1");
    QCOMPARE(readFile(path()), expected);
    const auto release = runSlipway({QStringLiteral("project"), QStringLiteral("bump"), m_dir->path(), QStringLiteral("release")});
    QCOMPARE(release.exitCode, 0);
    expected.replace("1.2.4rc1", "1.2.4");
    QCOMPARE(readFile(path()), expected);
    const auto bad = runSlipway({QStringLiteral("project"), QStringLiteral("set"), m_dir->path(), QStringLiteral("version"),
                                 QStringLiteral("one")});
    QCOMPARE(bad.exitCode, 1);
    QCOMPARE(readFile(path()), expected);
}

void TestProjectCommand::refusesNewErrorsUnlessForced()
{
    const QStringList arguments{QStringLiteral("project"), QStringLiteral("add"), m_dir->path(),
                                QStringLiteral("classifiers"), QStringLiteral("Typing :: Typo")};
    const auto refused = runSlipway(arguments);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("SW322"), refused.err.constData());
    QCOMPARE(readFile(path()), original);
    const auto forced = runSlipway(arguments + QStringList{QStringLiteral("--force")});
    QCOMPARE(forced.exitCode, 0);
    QVERIFY(readFile(path()).contains("\"Typing :: Typo\""));
}

void TestProjectCommand::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addRow("no verb") << QStringList{};
    QTest::addRow("unknown verb") << QStringList{QStringLiteral("frob")};
    QTest::addRow("missing value") << QStringList{QStringLiteral("set"), QStringLiteral("a"), QStringLiteral("b"),
                                                  QStringLiteral("c"), QStringLiteral("d")};
    QTest::addRow("unknown key") << QStringList{QStringLiteral("set"), QStringLiteral("homepage"), QStringLiteral("x")};
    QTest::addRow("list needs json") << QStringList{QStringLiteral("set"), QStringLiteral("keywords"), QStringLiteral("a")};
    QTest::addRow("unknown part") << QStringList{QStringLiteral("bump"), QStringLiteral("huge")};
}

void TestProjectCommand::usageErrors()
{
    QFETCH(QStringList, arguments);
    // Run inside the project directory: DIR defaults to ".".
    const auto result = TestSupport::run(TestSupport::slipwayExecutable(), QStringList{QStringLiteral("project")} + arguments,
                                         {}, m_dir->path());
    QCOMPARE(result.exitCode, 2);
    QVERIFY(!result.err.isEmpty());
    QCOMPARE(readFile(path()), original);
}

void TestProjectCommand::readOnlyProject()
{
    QFile file(path());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("[tool.poetry]\nname = \"old\"\nversion = \"1.0\"\n");
    file.close();
    const auto show = runSlipway({QStringLiteral("project"), QStringLiteral("show"), m_dir->path()});
    QCOMPARE(show.exitCode, 0);
    QVERIFY(show.out.contains("read-only"));
    QVERIFY(show.out.contains("[tool.poetry]"));
    const auto bump = runSlipway({QStringLiteral("project"), QStringLiteral("bump"), m_dir->path(), QStringLiteral("minor")});
    QCOMPARE(bump.exitCode, 1);
    QVERIFY(bump.err.contains("[tool.poetry]"));
    QCOMPARE(readFile(path()), QByteArray("[tool.poetry]\nname = \"old\"\nversion = \"1.0\"\n"));
}

QTEST_GUILESS_MAIN(TestProjectCommand)
#include "testprojectcommand.moc"
