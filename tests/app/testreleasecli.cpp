// SPDX-License-Identifier: GPL-3.0-or-later
// `slipway release` and `slipway ci` as a user runs them, against two strict local registries in
// this process (test and production): the stage table, --json, approval without a terminal, a
// SIGKILL in the middle of the test upload followed by `resume`, usage errors.
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "tests/core/upload/uploadfixtures.h"
#include "tests/support/registryserver.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;
using TestSupport::RegistryFault;
using TestSupport::RegistryServer;

namespace {

// Each registry knows only its own token: a secret sent to the wrong one is refused there.
const QString testToken = u"pypi-release-cli-test-secret-0123456789"_s;
const QString productionToken = u"pypi-release-cli-production-secret-9876543210"_s;

bool mentionsASecret(const QByteArray &text)
{
    return text.contains(testToken.toUtf8()) || text.contains(productionToken.toUtf8());
}

} // namespace

class TestReleaseCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void startStatusPromoteHistory();
    void approvalAtATerminal_data();
    void approvalAtATerminal();
    void killedDuringTheTestUploadThenResume();
    void filenameReusedOnTestSaysTheWaysOut();
    void usageErrors_data();
    void usageErrors();
    void ciGenerate();
    void oneTwinePasswordForBothRegistriesIsRefused();

private:
    UploadFixtures::ChildResult slipway(const QStringList &arguments);
    UploadFixtures::ChildResult slipway(const QStringList &arguments, const QStringList &environment);
    QStringList environment() const;
    QJsonObject journal();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<RegistryServer> m_test;
    std::unique_ptr<RegistryServer> m_production;
    QString m_project;
};

void TestReleaseCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_project = m_dir->filePath(u"project"_s);
    QVERIFY(QDir().mkpath(m_project + u"/dist"_s));
    m_test = std::make_unique<RegistryServer>();
    m_production = std::make_unique<RegistryServer>();
    QVERIFY(m_test->listen());
    QVERIFY(m_production->listen());
    m_test->addToken(testToken);
    m_production->addToken(productionToken);
    QVERIFY(!UploadFixtures::writeWheel(m_project + u"/dist"_s, "clirel", "0.3").isEmpty());
    QVERIFY(!UploadFixtures::writeSdist(m_project + u"/dist"_s, "clirel", "0.3").isEmpty());
    const auto addTest = slipway(
        { u"registry"_s, u"add"_s, u"rehearsal"_s, u"--url"_s, m_test->uploadUrl().toString(), u"--simple-url"_s,
            m_test->simpleIndexUrl().toString(), u"--role"_s, u"test"_s, u"--username"_s, u"__token__"_s });
    QVERIFY2(addTest.exitCode == 0, addTest.err.constData());
    const auto addProduction = slipway(
        { u"registry"_s, u"add"_s, u"live"_s, u"--url"_s, m_production->uploadUrl().toString(), u"--simple-url"_s,
            m_production->simpleIndexUrl().toString(), u"--role"_s, u"production"_s, u"--username"_s, u"__token__"_s });
    QVERIFY2(addProduction.exitCode == 0, addProduction.err.constData());
}

void TestReleaseCli::cleanup()
{
    m_test.reset();
    m_production.reset();
    m_dir.reset();
}

QStringList TestReleaseCli::environment() const
{
    // A private config folder; each registry's secret from its own variable, as in CI; nothing
    // else leaking in.
    return { u"XDG_CONFIG_HOME="_s + m_dir->filePath(u"config"_s), u"TWINE_USERNAME"_s, u"TWINE_REPOSITORY"_s,
        u"TWINE_REPOSITORY_URL"_s, u"TWINE_PASSWORD"_s, u"SLIPWAY_TOKEN_REHEARSAL="_s + testToken,
        u"SLIPWAY_TOKEN_LIVE="_s + productionToken };
}

UploadFixtures::ChildResult TestReleaseCli::slipway(const QStringList &arguments)
{
    return slipway(arguments, environment());
}

UploadFixtures::ChildResult TestReleaseCli::slipway(const QStringList &arguments, const QStringList &environment)
{
    return UploadFixtures::runAsync(TestSupport::slipwayExecutable(), arguments, environment);
}

QJsonObject TestReleaseCli::journal()
{
    const auto result = slipway({ u"release"_s, u"status"_s, m_project, u"--json"_s });
    return QJsonDocument::fromJson(result.out).object();
}

void TestReleaseCli::startStatusPromoteHistory()
{
    const auto started = slipway({ u"release"_s, u"start"_s, m_project, u"--dist"_s, m_project + u"/dist"_s,
        u"--verify-interval"_s, u"0.05"_s, u"--check-python"_s, TestSupport::systemPython() });
    QVERIFY2(started.exitCode == 0, started.err.constData());
    const QString out = QString::fromUtf8(started.out);
    QVERIFY2(out.contains(u"clirel 0.3 - awaiting approval"_s), qPrintable(out));
    QVERIFY(out.contains(u"Uploaded to test"_s));
    QVERIFY(out.contains(u"Verified on test        passed"_s));
    QVERIFY(out.contains(u"Approved                pending"_s));
    QVERIFY(out.contains(u"slipway release promote"_s));
    QVERIFY(!mentionsASecret(started.out) && !mentionsASecret(started.err));
    QCOMPARE(m_test->files().size(), 2);
    QCOMPARE(m_production->files().size(), 0);

    QJsonObject status = journal();
    QCOMPARE(status.value(u"state"_s).toString(), u"awaiting-approval"_s);
    QCOMPARE(status.value(u"files"_s).toArray().size(), 2);

    // No terminal and no --yes: the summary is shown, nothing is published.
    const auto refused = slipway({ u"release"_s, u"promote"_s, m_project });
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("not a terminal"), refused.err.constData());
    QVERIFY(refused.err.contains("--yes"));
    QVERIFY(refused.out.contains("clirel-0.3-py3-none-any.whl"));
    QVERIFY(refused.out.contains("sha256 "));
    QVERIFY(refused.out.contains("A test package")); // the description as the index shows it
    QCOMPARE(m_production->files().size(), 0);
    QCOMPARE(journal().value(u"state"_s).toString(), u"awaiting-approval"_s);

    const auto promoted = slipway({ u"release"_s, u"promote"_s, m_project, u"--yes"_s, u"--json"_s,
        u"--verify-interval"_s, u"0.05"_s, u"--check-python"_s, TestSupport::systemPython() });
    QVERIFY2(promoted.exitCode == 0, promoted.err.constData());
    const QJsonObject result = QJsonDocument::fromJson(promoted.out).object();
    QCOMPARE(result.value(u"ok"_s).toBool(), true);
    QCOMPARE(result.value(u"error"_s).type(), QJsonValue::Null);
    QCOMPARE(result.value(u"approval"_s).toObject().value(u"files"_s).toArray().size(), 2);
    QCOMPARE(result.value(u"journal"_s).toObject().value(u"state"_s).toString(), u"completed"_s);
    QCOMPARE(m_production->files().size(), 2);
    for (const TestSupport::RegistryFile &file : m_production->files()) {
        QCOMPARE(file.sha256, m_test->file(file.filename)->sha256);
    }

    const auto history = slipway({ u"release"_s, u"history"_s, m_project });
    QCOMPARE(history.exitCode, 0);
    QVERIFY2(history.out.contains("0.3") && history.out.contains("completed"), history.out.constData());
    const auto status2 = slipway({ u"release"_s, u"status"_s, m_project });
    QCOMPARE(status2.exitCode, 0);
    QVERIFY(status2.out.contains("Verified on production  passed"));
    // Nothing in progress any more.
    QCOMPARE(slipway({ u"release"_s, u"abort"_s, m_project }).exitCode, 1);
    QCOMPARE(slipway({ u"release"_s, u"resume"_s, m_project }).exitCode, 1);
}

void TestReleaseCli::approvalAtATerminal_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("approved");
    QTest::addRow("yes") << QByteArray("yes\n") << true;
    QTest::addRow("no") << QByteArray("no\n") << false;
}

void TestReleaseCli::approvalAtATerminal()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, approved);
    QCOMPARE(slipway({ u"release"_s, u"start"_s, m_project, u"--dist"_s, m_project + u"/dist"_s, u"--verify-interval"_s,
                         u"0.05"_s, u"--check-python"_s, TestSupport::systemPython() })
                 .exitCode,
        0);
    // script(1) gives slipway a terminal as standard input, and types the answer into it.
    auto quoted
        = [](const QString &text) -> QString { return u"'"_s + QString(text).replace(u"'"_s, u"'\\''"_s) + u"'"_s; };
    const QString command = QStringList { quoted(TestSupport::slipwayExecutable()), u"release"_s, u"promote"_s,
        quoted(m_project), u"--verify-interval"_s, u"0.05"_s, u"--check-python"_s, quoted(TestSupport::systemPython()) }
                                .join(u' ');
    const auto result
        = UploadFixtures::runAsync(u"script"_s, { u"-qec"_s, command, u"/dev/null"_s }, environment(), answer);
    const QByteArray text = result.out + result.err;
    QVERIFY2(text.contains("Type 'yes' to approve"), text.constData());
    QVERIFY(!text.contains("not a terminal"));
    if (approved) {
        QVERIFY2(result.exitCode == 0, text.constData());
        QCOMPARE(m_production->files().size(), 2);
        QVERIFY(journal()
                    .value(u"stages"_s)
                    .toArray()
                    .at(4)
                    .toObject()
                    .value(u"details"_s)
                    .toString()
                    .contains(u"typed at the terminal"_s));
    } else {
        QCOMPARE(result.exitCode, 1);
        QVERIFY(text.contains("Not approved"));
        QCOMPARE(m_production->files().size(), 0);
        QCOMPARE(journal().value(u"state"_s).toString(), u"awaiting-approval"_s);
    }
}

void TestReleaseCli::killedDuringTheTestUploadThenResume()
{
    // Each upload answer waits a moment, so that the kill lands while files are on the way.
    m_test->injectFault(RegistryFault::delay(300).on(RegistryFault::Target::Upload).persistent());
    QHash<QString, int> stored;
    QProcess process;
    QProcessEnvironment processEnvironment = QProcessEnvironment::systemEnvironment();
    for (const QString &entry : environment()) {
        const qsizetype equals = entry.indexOf(u'=');
        if (equals < 0) {
            processEnvironment.remove(entry);
        } else {
            processEnvironment.insert(entry.left(equals), entry.mid(equals + 1));
        }
    }
    process.setProcessEnvironment(processEnvironment);
    QObject context;
    connect(m_test.get(), &RegistryServer::fileStored, &context,
        [&stored, &process](const TestSupport::RegistryFile &file) {
            ++stored[file.filename];
            if (process.state() != QProcess::NotRunning) {
                process.kill(); // SIGKILL: no chance to write anything more
            }
        });
    QEventLoop loop;
    connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    process.start(TestSupport::slipwayExecutable(),
        { u"release"_s, u"start"_s, m_project, u"--dist"_s, m_project + u"/dist"_s, u"--verify-interval"_s, u"0.05"_s,
            u"--check-python"_s, TestSupport::systemPython() });
    QVERIFY(process.waitForStarted());
    loop.exec();
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);

    // The journal says the upload was under way, and knows the pinned files.
    QJsonObject status = journal();
    QCOMPARE(status.value(u"state"_s).toString(), u"in-progress"_s);
    QCOMPARE(status.value(u"files"_s).toArray().size(), 2);
    const QJsonArray stages = status.value(u"stages"_s).toArray();
    QCOMPARE(stages.at(2).toObject().value(u"stage"_s).toString(), u"uploaded-to-test"_s);
    QCOMPARE(stages.at(2).toObject().value(u"outcome"_s).toString(), u"failed"_s); // was running when killed
    QVERIFY(stages.at(2).toObject().value(u"details"_s).toString().startsWith(u"Interrupted while running"_s));
    QVERIFY(m_test->files().size() >= 1);

    const auto resumed = slipway({ u"release"_s, u"resume"_s, m_project, u"--verify-interval"_s, u"0.05"_s,
        u"--check-python"_s, TestSupport::systemPython() });
    QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
    QVERIFY(resumed.out.contains("awaiting approval"));
    QCOMPARE(m_test->files().size(), 2);
    // Every file stored exactly once: nothing uploaded twice, nothing skipped.
    QCOMPARE(stored.size(), 2);
    for (auto it = stored.cbegin(); it != stored.cend(); ++it) {
        QVERIFY2(it.value() == 1, qPrintable(it.key()));
    }
    status = journal();
    QCOMPARE(status.value(u"state"_s).toString(), u"awaiting-approval"_s);
    for (const QJsonValue &file : status.value(u"files"_s).toArray()) {
        const QString state = file.toObject().value(u"test"_s).toObject().value(u"state"_s).toString();
        QVERIFY2(state == u"uploaded"_s || state == u"already-present"_s, qPrintable(state));
    }
    QCOMPARE(m_production->files().size(), 0);
}

void TestReleaseCli::filenameReusedOnTestSaysTheWaysOut()
{
    QTemporaryDir old;
    const QString oldWheel = UploadFixtures::writeWheel(old.path(), "clirel", "0.3", {}, "x = 'old'\n");
    QFile content(oldWheel);
    QVERIFY(content.open(QIODevice::ReadOnly));
    QVERIFY(m_test->addFile(u"clirel"_s, u"0.3"_s, QFileInfo(oldWheel).fileName(), content.readAll()));
    const auto result = slipway({ u"release"_s, u"start"_s, m_project, u"--dist"_s, m_project + u"/dist"_s, u"--json"_s,
        u"--check-python"_s, TestSupport::systemPython() });
    QCOMPARE(result.exitCode, 1);
    const QJsonObject root = QJsonDocument::fromJson(result.out).object();
    QCOMPARE(root.value(u"ok"_s).toBool(), false);
    const QJsonObject error = root.value(u"error"_s).toObject();
    QCOMPARE(error.value(u"code"_s).toString(), u"filename-reused"_s);
    QVERIFY(error.value(u"message"_s).toString().contains(u"--bump post"_s));
    QVERIFY(error.value(u"message"_s).toString().contains(u"--skip-rehearsal"_s));
    QVERIFY(m_test->uploadRequests().isEmpty());

    const auto skipped
        = slipway({ u"release"_s, u"start"_s, m_project, u"--dist"_s, m_project + u"/dist"_s, u"--skip-rehearsal"_s,
            u"--reason"_s, u"TestPyPI holds an older build"_s, u"--check-python"_s, TestSupport::systemPython() });
    QVERIFY2(skipped.exitCode == 0, skipped.err.constData());
    QVERIFY(skipped.out.contains("(rehearsal skipped)"));
    QVERIFY(skipped.out.contains("skip-rehearsal"));
    QVERIFY(skipped.out.contains("TestPyPI holds an older build"));
    QVERIFY(m_test->uploadRequests().isEmpty());
}

void TestReleaseCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addRow("no verb") << QStringList { u"release"_s } << 2;
    QTest::addRow("unknown verb") << QStringList { u"release"_s, u"publish"_s } << 2;
    QTest::addRow("bad bump") << QStringList { u"release"_s, u"start"_s, u"--bump"_s, u"huge"_s } << 2;
    QTest::addRow("bump with dist") << QStringList { u"release"_s, u"start"_s, u"--bump"_s, u"post"_s, u"--dist"_s,
        u"."_s } << 2;
    QTest::addRow("smoke alone") << QStringList { u"release"_s, u"start"_s, u"--smoke"_s, u"true"_s } << 2;
    QTest::addRow("reason alone") << QStringList { u"release"_s, u"start"_s, u"--reason"_s, u"x"_s } << 2;
    QTest::addRow("template without version")
        << QStringList { u"release"_s, u"start"_s, u"--tag-template"_s, u"release"_s } << 2;
    QTest::addRow("bad attempts") << QStringList { u"release"_s, u"resume"_s, u"--verify-attempts"_s, u"0"_s } << 2;
    QTest::addRow("two folders") << QStringList { u"release"_s, u"status"_s, u"a"_s, u"b"_s } << 2;
    QTest::addRow("unknown registry") << QStringList { u"release"_s, u"start"_s, u"--test"_s, u"nope"_s } << 1;
    QTest::addRow("ci without system") << QStringList { u"ci"_s, u"generate"_s } << 2;
    QTest::addRow("ci unknown system") << QStringList { u"ci"_s, u"generate"_s, u"travis"_s } << 2;
    QTest::addRow("ci other action") << QStringList { u"ci"_s, u"run"_s, u"gitlab"_s } << 2;
}

void TestReleaseCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    const auto result = slipway(arguments);
    QCOMPARE(result.exitCode, exitCode);
    QVERIFY(!result.err.isEmpty());
    QVERIFY(m_test->requests().isEmpty());
}

void TestReleaseCli::ciGenerate()
{
    QFile pyproject(m_project + u"/pyproject.toml"_s);
    QVERIFY(pyproject.open(QIODevice::WriteOnly));
    pyproject.write("[project]\nname = \"clirel\"\nversion = \"0.3\"\n");
    pyproject.close();
    const auto dry = slipway({ u"ci"_s, u"generate"_s, u"github"_s, m_project, u"--dry-run"_s });
    QCOMPARE(dry.exitCode, 0);
    QVERIFY(dry.out.contains("id-token: write"));
    QVERIFY(!QFileInfo::exists(m_project + u"/.github/workflows/release.yml"_s));
    const auto written = slipway({ u"ci"_s, u"generate"_s, u"gitlab"_s, m_project });
    QCOMPARE(written.exitCode, 0);
    QFile file(m_project + u"/.gitlab-ci.yml"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("when: manual"));
    file.close();
    const auto again = slipway({ u"ci"_s, u"generate"_s, u"gitlab"_s, m_project });
    QCOMPARE(again.exitCode, 1);
    QVERIFY(again.err.contains("--force"));
    QCOMPARE(slipway({ u"ci"_s, u"generate"_s, u"gitlab"_s, m_project, u"--force"_s }).exitCode, 0);
}

void TestReleaseCli::oneTwinePasswordForBothRegistriesIsRefused()
{
    // twine's one secret would reach the test registry and production alike: refused before
    // anything is built or sent, with the variables to set instead.
    const QStringList shared { u"XDG_CONFIG_HOME="_s + m_dir->filePath(u"config"_s), u"TWINE_USERNAME"_s,
        u"TWINE_REPOSITORY"_s, u"TWINE_REPOSITORY_URL"_s, u"SLIPWAY_TOKEN_REHEARSAL"_s, u"SLIPWAY_TOKEN_LIVE"_s,
        u"TWINE_PASSWORD="_s + productionToken };
    const auto started = slipway({ u"release"_s, u"start"_s, m_project, u"--dist"_s, m_project + u"/dist"_s,
                                     u"--check-python"_s, TestSupport::systemPython() },
        shared);
    QCOMPARE(started.exitCode, 1);
    QVERIFY2(started.err.contains("SLIPWAY_TOKEN_REHEARSAL") && started.err.contains("SLIPWAY_TOKEN_LIVE"),
        started.err.constData());
    QVERIFY(!mentionsASecret(started.out) && !mentionsASecret(started.err));
    QVERIFY(m_test->requests().isEmpty());
    QVERIFY(m_production->requests().isEmpty());
    QVERIFY(m_test->files().isEmpty());

    // With the rehearsal skipped, only production is involved: TWINE_PASSWORD is fine.
    const auto direct = slipway({ u"release"_s, u"start"_s, m_project, u"--dist"_s, m_project + u"/dist"_s,
                                    u"--skip-rehearsal"_s, u"--reason"_s, u"hotfix"_s, u"--check-python"_s,
                                    TestSupport::systemPython() },
        shared);
    QVERIFY2(direct.exitCode == 0, direct.err.constData());
    const auto promoted = slipway({ u"release"_s, u"promote"_s, m_project, u"--yes"_s, u"--verify-interval"_s,
                                      u"0.05"_s, u"--check-python"_s, TestSupport::systemPython() },
        shared);
    QVERIFY2(promoted.exitCode == 0, promoted.err.constData());
    QCOMPARE(m_production->files().size(), 2);
    QVERIFY(m_test->files().isEmpty());
}

QTEST_GUILESS_MAIN(TestReleaseCli)
#include "testreleasecli.moc"
