// SPDX-License-Identifier: GPL-3.0-or-later
// `slipway build` as CI runs it: options, exit codes, --json, Ctrl-C.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include "tests/support/buildprojects.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;
using TestSupport::InTreeBehaviour;

namespace {

constexpr int waitMs = 10 * 60 * 1000; // real builds on a busy machine; not a speed assertion

bool processGone(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) {
        return true;
    }
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close >= 0 && text.mid(close + 2, 1) == "Z";
}

} // namespace

class TestBuildCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void help();
    void usageErrors_data();
    void usageErrors();
    void jsonResult();
    void failureExitsWithOne();
    void checkFailureFailsTheBuild_data();
    void checkFailureFailsTheBuild();
    void wheelOnlyIntoOutdir();
    void offlineWheelhouse();
    void interruptKillsTheBackend();

private:
    QTemporaryDir m_work;
};

void TestBuildCommand::initTestCase()
{
    // Isolated environments go to a cache folder of this test, not the user's.
    qputenv("XDG_CACHE_HOME", m_work.filePath(u"cache"_s).toUtf8());
    qunsetenv("SOURCE_DATE_EPOCH");
}

void TestBuildCommand::help()
{
    const auto result = TestSupport::runSlipway({u"build"_s, u"--help"_s});
    QCOMPARE(result.exitCode, 0);
    for (const char *option : {"--sdist", "--wheel", "--outdir", "--no-isolation", "--skip-dependency-check",
                               "--python", "--config-setting", "--json", "--find-links", "--no-index"}) {
        QVERIFY2(result.out.contains(option), option);
    }
}

void TestBuildCommand::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addRow("unknown option") << QStringList{u"--bogus"_s};
    QTest::addRow("two folders") << QStringList{u"a"_s, u"b"_s};
    QTest::addRow("timeout not a number") << QStringList{u"--timeout"_s, u"soon"_s};
    QTest::addRow("timeout zero") << QStringList{u"--timeout"_s, u"0"_s};
    QTest::addRow("installer unknown") << QStringList{u"--installer"_s, u"conda"_s};
    QTest::addRow("config setting without key") << QStringList{u"-C"_s, u"=value"_s};
}

void TestBuildCommand::usageErrors()
{
    QFETCH(QStringList, arguments);
    const auto result = TestSupport::runSlipway(QStringList{u"build"_s} + arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.err.contains("slipway build --help"));
    QVERIFY(result.out.isEmpty());
}

void TestBuildCommand::jsonResult()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"cli-json"_s, InTreeBehaviour::Normal);
    const auto result = TestSupport::runSlipway({u"build"_s, project.path(), u"--python"_s,
                                                 TestSupport::systemPython(), u"--json"_s, u"-C"_s, u"k=1"_s,
                                                 u"--config-setting"_s, u"k=2"_s, u"-C"_s, u"flag"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QJsonParseError error{};
    const QJsonObject json = QJsonDocument::fromJson(result.out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, result.out.constData());
    QCOMPARE(json.value(u"ok"_s).toBool(), true);
    QCOMPARE(json.value(u"error"_s).type(), QJsonValue::Null);
    QCOMPARE(json.value(u"isolated"_s).toBool(), true);
    QCOMPARE(json.value(u"python"_s).toObject().value(u"executable"_s).toString(), TestSupport::systemPython());
    QVERIFY(!json.value(u"python"_s).toObject().value(u"version"_s).toString().isEmpty());
    const QJsonArray artifacts = json.value(u"artifacts"_s).toArray();
    QCOMPARE(artifacts.size(), 2);
    QCOMPARE(artifacts.at(0).toObject().value(u"kind"_s).toString(), u"sdist"_s);
    QCOMPARE(artifacts.at(1).toObject().value(u"kind"_s).toString(), u"wheel"_s);
    const QString wheel = artifacts.at(1).toObject().value(u"path"_s).toString();
    QCOMPARE(QFileInfo(wheel).path(), project.filePath(u"dist"_s));
    QCOMPARE(artifacts.at(1).toObject().value(u"size"_s).toInteger(), QFileInfo(wheel).size());
    const QString environment = json.value(u"environments"_s).toArray().at(0).toObject().value(u"path"_s).toString();
    QVERIFY2(environment.startsWith(m_work.filePath(u"cache/slipway/build-envs/"_s)), qPrintable(environment));
    const QJsonObject probe = QJsonDocument::fromJson(TestSupport::summarizeArchive(wheel).probe).object();
    QCOMPARE(probe.value(u"config_settings"_s).toObject(),
             (QJsonObject{{u"k"_s, QJsonArray{u"1"_s, u"2"_s}}, {u"flag"_s, QString()}}));
    // Progress and backend output stay off stdout.
    QVERIFY(result.err.contains("* Building the sdist"));
    // The check engine ran on both files and found nothing to refuse.
    const QJsonObject postBuild = json.value(u"postBuild"_s).toObject();
    QCOMPARE(postBuild.value(u"passed"_s).toBool(), true);
    const QJsonArray checked = postBuild.value(u"details"_s).toObject().value(u"files"_s).toArray();
    QCOMPARE(checked.size(), 2);
    QCOMPARE(checked.at(1).toObject().value(u"path"_s).toString(), wheel);
}

void TestBuildCommand::failureExitsWithOne()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"cli-raise"_s, InTreeBehaviour::Raise);
    const auto result = TestSupport::runSlipway({u"build"_s, project.path(), u"--python"_s,
                                                 TestSupport::systemPython(), u"--no-isolation"_s, u"--json"_s});
    QCOMPARE(result.exitCode, 1);
    const QJsonObject json = QJsonDocument::fromJson(result.out).object();
    QCOMPARE(json.value(u"ok"_s).toBool(true), false);
    const QJsonObject error = json.value(u"error"_s).toObject();
    QCOMPARE(error.value(u"code"_s).toString(), u"backend-failed"_s);
    QVERIFY(error.value(u"details"_s).toString().startsWith(u"Traceback (most recent call last):"_s));
    QVERIFY(result.err.contains("Traceback (most recent call last):"));
    QVERIFY(result.err.contains("\nERROR The build backend raised RuntimeError"));
}

void TestBuildCommand::checkFailureFailsTheBuild_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("exitCode");
    QTest::addRow("checked by default") << QStringList{} << 1;
    QTest::addRow("--no-check") << QStringList{u"--no-check"_s} << 0;
}

void TestBuildCommand::checkFailureFailsTheBuild()
{
    QFETCH(QStringList, options);
    QFETCH(int, exitCode);
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"cli-bad-classifier"_s, InTreeBehaviour::Normal);
    // A classifier that is not on the trove list: PyPI rejects such an upload.
    QFile backend(project.filePath(u"_backend/intree_backend.py"_s));
    QVERIFY(backend.open(QIODevice::ReadOnly));
    QByteArray source = backend.readAll();
    backend.close();
    const QByteArray summary = "Summary: In-tree backend test project\\n";
    QVERIFY(source.contains(summary));
    source.replace(summary, QByteArray(summary + "Classifier: Programming Language :: Cobol :: 2099\\n"));
    QVERIFY(backend.open(QIODevice::WriteOnly | QIODevice::Truncate));
    backend.write(source);
    backend.close();

    const auto result = TestSupport::runSlipway(QStringList{u"build"_s, project.path(), u"--wheel"_s,
                                                            u"--no-isolation"_s, u"--python"_s,
                                                            TestSupport::systemPython()}
                                                + options);
    QVERIFY2(result.exitCode == exitCode, result.err.constData());
    const QString wheel = project.filePath(u"dist/cli_bad_classifier-0.1-py3-none-any.whl"_s);
    QVERIFY(QFileInfo::exists(wheel)); // kept either way, for the maintainer to look at
    if (exitCode == 1) {
        QCOMPARE(result.out, QByteArray("Built, but the check failed: cli_bad_classifier-0.1-py3-none-any.whl\n"));
        QVERIFY2(result.err.contains("cli_bad_classifier-0.1-py3-none-any.whl:\n  error SW223: "),
                 result.err.constData());
        QVERIFY(result.err.contains("\nERROR The check failed: PyPI would refuse 1 of the built files (1 error, 2 warnings)."));
    } else {
        QCOMPARE(result.out, QByteArray("Successfully built cli_bad_classifier-0.1-py3-none-any.whl\n"));
        QVERIFY(!result.err.contains("SW223"));
        QVERIFY(!result.err.contains("* Checking the built files"));
    }
}

void TestBuildCommand::wheelOnlyIntoOutdir()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"cli-wheel"_s, InTreeBehaviour::Normal);
    const QString outdir = m_work.filePath(u"wheel-out"_s);
    const auto result = TestSupport::runSlipway({u"build"_s, project.path(), u"--wheel"_s, u"-o"_s, outdir,
                                                 u"--no-isolation"_s, u"--python"_s, TestSupport::systemPython()});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out, QByteArray("Successfully built cli_wheel-0.1-py3-none-any.whl\n"));
    QCOMPARE(QDir(outdir).entryList(QDir::Files), QStringList{u"cli_wheel-0.1-py3-none-any.whl"_s});
    QVERIFY(!QFileInfo::exists(project.filePath(u"dist"_s)));
}

void TestBuildCommand::offlineWheelhouse()
{
    QTemporaryDir project;
    QTemporaryDir wheelhouse;
    QVERIFY(!TestSupport::writeWheel(wheelhouse.path(), u"slipway-dep"_s, u"2.0"_s, u"slipway_dep"_s, 7).isEmpty());
    TestSupport::writeInTreeProject(project.path(), u"cli-offline"_s, InTreeBehaviour::ImportRequirement,
                                    {u"slipway-dep==2.0"_s});
    const auto result = TestSupport::runSlipway({u"build"_s, project.path(), u"--python"_s,
                                                 TestSupport::systemPython(), u"--installer"_s, u"pip"_s,
                                                 u"--find-links"_s, wheelhouse.path(), u"--no-index"_s, u"--json"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonObject json = QJsonDocument::fromJson(result.out).object();
    const QString wheel = json.value(u"artifacts"_s).toArray().at(1).toObject().value(u"path"_s).toString();
    const QJsonObject probe = QJsonDocument::fromJson(TestSupport::summarizeArchive(wheel).probe).object();
    QCOMPARE(probe.value(u"dep_value"_s).toInt(), 7);
}

void TestBuildCommand::interruptKillsTheBackend()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"cli-hang"_s, InTreeBehaviour::Hang);
    const QString pidFile = project.filePath(u"grandchild.pid"_s);
    QProcess slipway;
    slipway.start(TestSupport::slipwayExecutable(),
                  {u"build"_s, project.path(), u"--sdist"_s, u"--no-isolation"_s, u"--python"_s,
                   TestSupport::systemPython(), u"-C"_s, u"pidfile="_s + pidFile});
    QVERIFY(slipway.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(pidFile).size() > 0, waitMs);
    ::kill(static_cast<pid_t>(slipway.processId()), SIGINT);
    QVERIFY(slipway.waitForFinished(waitMs));
    QCOMPARE(slipway.exitStatus(), QProcess::NormalExit);
    QCOMPARE(slipway.exitCode(), 1);
    const QByteArray err = slipway.readAllStandardError();
    QVERIFY2(err.contains("interrupted") && err.contains("ERROR The build was cancelled."), err.constData());
    QFile file(pidFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const qint64 grandchild = file.readAll().toLongLong();
    QVERIFY(grandchild > 0);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(grandchild), waitMs);
}

QTEST_GUILESS_MAIN(TestBuildCommand)
#include "testbuildcommand.moc"
