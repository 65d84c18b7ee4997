// SPDX-License-Identifier: GPL-3.0-or-later
// Real builds through real backends: the Debian setuptools, hatchling, flit-core and
// poetry-core compared with `python -m build`, and in-tree backends (backend-path) in
// isolated, cached environments filled from a wheelhouse made here. No backend is mocked.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

#include "core/build/buildjob.h"
#include "tests/support/buildprojects.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;
using Build::BuildError;
using TestSupport::Backend;
using TestSupport::InTreeBehaviour;

Q_DECLARE_METATYPE(TestSupport::Backend)

namespace {

// Generous: real backends on a loaded two-core machine. Not a speed assertion.
constexpr int buildWaitMs = 10 * 60 * 1000;

struct JobRun {
    Build::BuildResult result;
    QStringList frontend;
    QStringList installer;
    QStringList backendStderr;
    qsizetype backendStdoutLines = 0;
    QString lastStdoutLine;
    QList<Build::BuildJob::Stage> stages;
};

QStringList filesIn(const QString &directory)
{
    return QDir(directory).entryList(QDir::Files, QDir::Name);
}

bool processGone(qint64 pid)
{
    // A zombie waiting for its new parent to reap it is as good as gone.
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) {
        return true;
    }
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close >= 0 && text.mid(close + 2, 1) == "Z";
}

QJsonObject probeOf(const QString &wheel)
{
    return QJsonDocument::fromJson(TestSupport::summarizeArchive(wheel).probe).object();
}

} // namespace

class TestBuildJob final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void matchesPythonBuild_data();
    void matchesPythonBuild();
    void isolatedSetuptoolsMatchesPythonBuild();
    void isolatedInTreeBackendIsCached();
    void isolatedBuildFromWheelhouse();
    void dynamicRequirementsGetTheirOwnEnvironment();
    void uninstallableRequirementLeavesNoEnvironment();
    void isolationHidesInstalledBackends();
    void noIsolationReportsMissingDependencies();
    void backendExceptionKeepsTraceback();
    void backendMissing();
    void hookMissing();
    void backendExitingWithoutAnswer();
    void hookPrintingMegabytes();
    void cancelKillsTheProcessTree();
    void timeLimitStopsAHangingBuild();
    void requiresPythonIsChecked();
    void sourceDateEpochFromGit();
    void sdistOnlyAndWheelOnly();
    void discoveryReportsTheRealInterpreter();
    void pythonCandidatesInOrder();
    void probeAnswersAreCached();
    void clearErrorsBeforeBuilding();
    void postBuildStepSeesTheArtifacts();

private:
    Build::BuildOptions options(const QString &project) const;
    JobRun runJob(const Build::BuildOptions &options, const std::function<void(Build::BuildJob &)> &whileRunning = {},
                  const Build::PostBuildStep &postBuild = {});

    QTemporaryDir m_work;
    QString m_cacheRoot;
    QString m_wheelhouse;
};

void TestBuildJob::initTestCase()
{
    QVERIFY(m_work.isValid());
    m_cacheRoot = m_work.filePath(u"cache"_s);
    m_wheelhouse = m_work.filePath(u"wheelhouse"_s);
    QVERIFY(!TestSupport::writeWheel(m_wheelhouse, u"slipway-dep"_s, u"1.0"_s, u"slipway_dep"_s, 42).isEmpty());
}

Build::BuildOptions TestBuildJob::options(const QString &project) const
{
    Build::BuildOptions options;
    options.sourceDirectory = project;
    options.outputDirectory = project + u"/slipway-dist"_s;
    options.python = TestSupport::systemPython();
    options.cacheDirectory = m_cacheRoot;
    options.installer.installer = Build::InstallerOptions::Installer::Pip;
    options.environment.remove(u"SOURCE_DATE_EPOCH"_s);
    return options;
}

JobRun TestBuildJob::runJob(const Build::BuildOptions &options,
                            const std::function<void(Build::BuildJob &)> &whileRunning,
                            const Build::PostBuildStep &postBuild)
{
    JobRun run;
    Build::BuildJob job(options);
    if (postBuild) {
        job.setPostBuildStep(postBuild);
    }
    connect(&job, &Build::BuildJob::outputLine, this, [&run](Build::OutputSource source, const QString &line) {
        switch (source) {
        case Build::OutputSource::Frontend:
            run.frontend.append(line);
            break;
        case Build::OutputSource::Installer:
            run.installer.append(line);
            break;
        case Build::OutputSource::BackendStdout:
            ++run.backendStdoutLines;
            run.lastStdoutLine = line;
            break;
        case Build::OutputSource::BackendStderr:
            run.backendStderr.append(line);
            break;
        }
    });
    connect(&job, &Build::BuildJob::stageChanged, this,
            [&run](Build::BuildJob::Stage stage, const QString &) { run.stages.append(stage); });
    QSignalSpy finished(&job, &Build::BuildJob::finished);
    job.start();
    if (whileRunning) {
        whileRunning(job);
    }
    if (finished.isEmpty() && !finished.wait(buildWaitMs)) {
        qWarning("the build did not finish");
    }
    [&] { QCOMPARE(finished.size(), 1); }();
    run.result = job.result();
    if (run.result.error && !QTest::currentTestFailed()) {
        qInfo().noquote() << "build error:" << Build::errorCodeName(run.result.error->code)
                          << run.result.error->message;
    }
    return run;
}

void TestBuildJob::matchesPythonBuild_data()
{
    QTest::addColumn<Backend>("backend");
    // A requirement chain both frontends find missing on Debian 12 (it does not package
    // editables, which its hatchling declares); then both build with the check skipped.
    QTest::addColumn<QString>("missingHere");
    QTest::addRow("setuptools") << Backend::Setuptools << QString();
    QTest::addRow("setuptools setup.py only") << Backend::SetuptoolsLegacy << QString();
    QTest::addRow("hatchling") << Backend::Hatchling << u"hatchling -> editables>=0.3"_s;
    QTest::addRow("flit-core") << Backend::FlitCore << QString();
    QTest::addRow("poetry-core") << Backend::PoetryCore << QString();
}

void TestBuildJob::matchesPythonBuild()
{
    QFETCH(Backend, backend);
    QFETCH(QString, missingHere);
    QTemporaryDir work;
    const QString ours = work.filePath(u"ours"_s);
    const QString theirs = work.filePath(u"theirs"_s);
    TestSupport::writeBackendProject(ours, backend);
    TestSupport::writeBackendProject(theirs, backend);

    Build::BuildOptions buildOptions = options(ours);
    buildOptions.isolation = false; // no PyPI here: the Debian backends are installed
    QStringList peerArguments{u"--no-isolation"_s};
    if (!missingHere.isEmpty()) {
        const JobRun checked = runJob(buildOptions);
        QVERIFY(checked.result.error);
        QCOMPARE(checked.result.error->code, BuildError::Code::MissingDependencies);
        QCOMPARE(checked.result.error->missingRequirements, QStringList{missingHere});
        const auto peerChecked = TestSupport::runPythonBuild(theirs, work.filePath(u"unused"_s), peerArguments);
        QVERIFY(peerChecked.exitCode != 0);
        QVERIFY2(peerChecked.output.contains(missingHere.section(u" -> "_s, -1).toUtf8()),
                 peerChecked.output.constData());
        buildOptions.skipDependencyCheck = true;
        peerArguments.append(u"--skip-dependency-check"_s);
    }
    const JobRun run = runJob(buildOptions);
    QVERIFY2(run.result.succeeded(), run.result.error ? qPrintable(run.result.error->message) : "");
    QCOMPARE(run.result.artifacts.size(), 2);
    QCOMPARE(run.result.artifacts.at(0).kind, Build::Artifact::Kind::Sdist);
    QCOMPARE(run.result.artifacts.at(1).kind, Build::Artifact::Kind::Wheel);

    const QString peerOutput = work.filePath(u"peer-dist"_s);
    const auto peer = TestSupport::runPythonBuild(theirs, peerOutput, peerArguments);
    QVERIFY2(peer.exitCode == 0, peer.output.constData());

    const QStringList ourFiles = filesIn(buildOptions.outputDirectory);
    QCOMPARE(ourFiles, filesIn(peerOutput));
    QCOMPARE(ourFiles.size(), 2);
    for (const QString &file : ourFiles) {
        const auto mine = TestSupport::summarizeArchive(QDir(buildOptions.outputDirectory).filePath(file));
        const auto reference = TestSupport::summarizeArchive(QDir(peerOutput).filePath(file));
        QVERIFY(!mine.members.isEmpty());
        QCOMPARE(mine.members, reference.members);
        QVERIFY(!mine.metadata.isEmpty());
        QCOMPARE(mine.metadata, reference.metadata);
    }
    QVERIFY(run.result.python.has_value());
    QCOMPARE(run.result.python->executable, TestSupport::systemPython());
    QVERIFY(run.result.environments.isEmpty());
    QVERIFY(run.result.backendHookMs > 0);
}

void TestBuildJob::isolatedSetuptoolsMatchesPythonBuild()
{
    // A real backend in an isolated environment, filled offline from Debian's setuptools
    // wheel: the files must be the ones the installed setuptools makes for python -m build.
    QTemporaryDir work;
    const QString wheelhouse = work.filePath(u"wheelhouse"_s);
    QVERIFY(TestSupport::writeSetuptoolsWheelhouse(wheelhouse));
    const QString ours = work.filePath(u"ours"_s);
    const QString theirs = work.filePath(u"theirs"_s);
    TestSupport::writeBackendProject(ours, Backend::Setuptools);
    TestSupport::writeBackendProject(theirs, Backend::Setuptools);

    Build::BuildOptions buildOptions = options(ours);
    buildOptions.installer.findLinks = {wheelhouse};
    buildOptions.installer.noIndex = true;
    const JobRun run = runJob(buildOptions);
    QVERIFY2(run.result.succeeded(), run.result.error ? qPrintable(run.result.error->details) : "");
    QVERIFY(!run.result.environments.isEmpty());
    // setuptools < 70 asks for "wheel" to build wheels: that got an environment of its own.
    QCOMPARE(run.result.environments.last().requirements, (QStringList{u"setuptools>=61"_s, u"wheel"_s}));

    const QString peerOutput = work.filePath(u"peer-dist"_s);
    const auto peer = TestSupport::runPythonBuild(theirs, peerOutput, {u"--no-isolation"_s});
    QVERIFY2(peer.exitCode == 0, peer.output.constData());
    const QStringList ourFiles = filesIn(buildOptions.outputDirectory);
    QCOMPARE(ourFiles, filesIn(peerOutput));
    for (const QString &file : ourFiles) {
        const auto mine = TestSupport::summarizeArchive(QDir(buildOptions.outputDirectory).filePath(file));
        const auto reference = TestSupport::summarizeArchive(QDir(peerOutput).filePath(file));
        QCOMPARE(mine.members, reference.members);
        QCOMPARE(mine.metadata, reference.metadata);
    }
}

void TestBuildJob::isolatedInTreeBackendIsCached()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-cached"_s, InTreeBehaviour::Normal);
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.configSettings = {{u"key"_s, u"1"_s}, {u"key"_s, u"2"_s}, {u"flag"_s, QString()}};

    const JobRun first = runJob(buildOptions);
    QVERIFY(first.result.succeeded());
    QCOMPARE(first.result.artifacts.size(), 2);
    QCOMPARE(first.result.environments.size(), 2);
    const QString environment = first.result.environments.first().path;
    QVERIFY(environment.startsWith(m_cacheRoot));
    QCOMPARE(first.result.environments.at(1).path, environment); // the wheel reuses the sdist's

    const QJsonObject probe = probeOf(first.result.artifacts.at(1).path);
    QVERIFY(probe.value(u"executable"_s).toString().startsWith(environment));
    QCOMPARE(probe.value(u"has_setuptools"_s).toBool(true), false); // isolated from the system site
    // The wheel was built from the unpacked sdist, not from the project folder.
    QVERIFY(!probe.value(u"cwd"_s).toString().startsWith(project.path()));
    QCOMPARE(probe.value(u"config_settings"_s).toObject(),
             (QJsonObject{{u"key"_s, QJsonArray{u"1"_s, u"2"_s}}, {u"flag"_s, QString()}}));

    const JobRun second = runJob(buildOptions);
    QVERIFY(second.result.succeeded());
    for (const Build::EnvironmentUse &use : second.result.environments) {
        QVERIFY(use.cacheHit);
        QCOMPARE(use.path, environment);
    }
    QVERIFY(second.installer.isEmpty());
}

void TestBuildJob::isolatedBuildFromWheelhouse()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-wheelhouse"_s, InTreeBehaviour::ImportRequirement,
                                    {u"slipway-dep>=1.0"_s});
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.installer.findLinks = {m_wheelhouse};
    buildOptions.installer.noIndex = true;

    const JobRun first = runJob(buildOptions);
    QVERIFY(first.result.succeeded());
    QVERIFY(!first.result.environments.first().cacheHit);
    QVERIFY2(first.installer.join(u'\n').contains(u"slipway-dep"_s, Qt::CaseInsensitive),
             qPrintable(first.installer.join(u'\n')));
    QCOMPARE(probeOf(first.result.artifacts.at(1).path).value(u"dep_value"_s).toInt(), 42);
    const QString environment = first.result.environments.first().path;
    QVERIFY(QFileInfo::exists(environment + u"/slipway-env.json"_s));
    // Byte-compiled for the final path, so warm builds do not compile.
    QVERIFY(!QDir(environment + u"/lib"_s).entryList({u"python3*"_s}, QDir::Dirs).isEmpty());

    const JobRun second = runJob(buildOptions);
    QVERIFY(second.result.succeeded());
    QVERIFY(second.result.environments.first().cacheHit);
    QVERIFY(second.installer.isEmpty()); // a cache hit installs nothing
    QCOMPARE(probeOf(second.result.artifacts.at(1).path).value(u"dep_value"_s).toInt(), 42);
}

void TestBuildJob::dynamicRequirementsGetTheirOwnEnvironment()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-dynamic"_s, InTreeBehaviour::ImportRequirement, {},
                                    {u"slipway-dep"_s});
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.wheel = true;
    buildOptions.installer.findLinks = {m_wheelhouse};
    buildOptions.installer.noIndex = true;

    const JobRun run = runJob(buildOptions);
    QVERIFY(run.result.succeeded());
    QCOMPARE(run.result.environments.size(), 2);
    QCOMPARE(run.result.environments.at(0).requirements, QStringList());
    QCOMPARE(run.result.environments.at(1).requirements, QStringList{u"slipway-dep"_s});
    QVERIFY(run.result.environments.at(0).path != run.result.environments.at(1).path);
    QCOMPARE(probeOf(run.result.artifacts.first().path).value(u"dep_value"_s).toInt(), 42);
}

void TestBuildJob::uninstallableRequirementLeavesNoEnvironment()
{
    QTemporaryDir project;
    QTemporaryDir emptyWheelhouse;
    QTemporaryDir cache;
    TestSupport::writeInTreeProject(project.path(), u"intree-unavailable"_s, InTreeBehaviour::Normal,
                                    {u"slipway-not-in-any-wheelhouse"_s});
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.cacheDirectory = cache.path();
    buildOptions.installer.findLinks = {emptyWheelhouse.path()};
    buildOptions.installer.noIndex = true;

    const JobRun run = runJob(buildOptions);
    QVERIFY(run.result.error);
    QCOMPARE(run.result.error->code, BuildError::Code::EnvironmentFailed);
    QVERIFY(run.result.error->message.contains(u"slipway-not-in-any-wheelhouse"_s));
    QVERIFY2(run.result.error->details.contains(u"slipway-not-in-any-wheelhouse"_s),
             qPrintable(run.result.error->details));
    // Neither a half-made environment nor its temporary folder is left behind.
    QCOMPARE(QDir(cache.filePath(u"build-envs"_s)).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
    QVERIFY(run.result.artifacts.isEmpty());
}

void TestBuildJob::isolationHidesInstalledBackends()
{
    // setuptools is installed for /usr/bin/python3 but not asked for: an isolated build
    // must not see it.
    QTemporaryDir project;
    TestSupport::writeBackendProject(project.path(), Backend::Setuptools);
    QFile pyproject(project.filePath(u"pyproject.toml"_s));
    QVERIFY(pyproject.open(QIODevice::ReadOnly));
    QByteArray toml = pyproject.readAll();
    pyproject.close();
    toml.replace("requires = [\"setuptools>=61\"]", "requires = []");
    QVERIFY(pyproject.open(QIODevice::WriteOnly | QIODevice::Truncate));
    pyproject.write(toml);
    pyproject.close();

    const JobRun run = runJob(options(project.path()));
    QVERIFY(run.result.error);
    QCOMPARE(run.result.error->code, BuildError::Code::BackendUnavailable);
    QVERIFY(run.result.error->message.contains(u"setuptools"_s));
    QVERIFY(run.result.error->message.contains(u"build-system.requires"_s));
}

void TestBuildJob::noIsolationReportsMissingDependencies()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-missing"_s, InTreeBehaviour::Normal,
                                    {u"setuptools>=1"_s, u"slipway-not-installed>=1"_s});
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.isolation = false;

    const JobRun missing = runJob(buildOptions);
    QVERIFY(missing.result.error);
    QCOMPARE(missing.result.error->code, BuildError::Code::MissingDependencies);
    QCOMPARE(missing.result.error->missingRequirements, QStringList{u"slipway-not-installed>=1"_s});
    QVERIFY(missing.result.error->message.contains(u"--skip-dependency-check"_s));
    QVERIFY(missing.result.artifacts.isEmpty());

    buildOptions.skipDependencyCheck = true;
    const JobRun skipped = runJob(buildOptions);
    QVERIFY(skipped.result.succeeded());
    QCOMPARE(skipped.result.artifacts.size(), 2);
}

void TestBuildJob::backendExceptionKeepsTraceback()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-raise"_s, InTreeBehaviour::Raise);
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.isolation = false;

    const JobRun run = runJob(buildOptions);
    QVERIFY(run.result.error);
    QCOMPARE(run.result.error->code, BuildError::Code::BackendFailed);
    QVERIFY(run.result.error->message.contains(u"RuntimeError"_s));
    const QString traceback = run.result.error->details;
    QVERIFY2(traceback.startsWith(u"Traceback (most recent call last):"_s), qPrintable(traceback));
    QVERIFY(traceback.contains(u"intree_backend.py"_s));
    QVERIFY(traceback.contains(u"in _misbehave"_s));
    QVERIFY(traceback.trimmed().endsWith(u"RuntimeError: in-tree backend refuses to run build_sdist"_s));
    QVERIFY(run.result.artifacts.isEmpty());
    QVERIFY(filesIn(buildOptions.outputDirectory).isEmpty());
}

void TestBuildJob::backendMissing()
{
    QTemporaryDir project;
    QFile pyproject(project.filePath(u"pyproject.toml"_s));
    QVERIFY(pyproject.open(QIODevice::WriteOnly));
    pyproject.write("[build-system]\nrequires = []\nbuild-backend = \"slipway_no_such_backend.api\"\n");
    pyproject.close();
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.isolation = false;

    const JobRun run = runJob(buildOptions);
    QVERIFY(run.result.error);
    QCOMPARE(run.result.error->code, BuildError::Code::BackendUnavailable);
    QVERIFY(run.result.error->message.contains(u"slipway_no_such_backend"_s));
    QVERIFY(run.result.error->message.contains(u"Install it into"_s));
    QVERIFY(run.result.error->details.contains(u"ModuleNotFoundError"_s));
}

void TestBuildJob::hookMissing()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-nosdist"_s, InTreeBehaviour::NoBuildSdist);
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.isolation = false;

    const JobRun run = runJob(buildOptions);
    QVERIFY(run.result.error);
    QCOMPARE(run.result.error->code, BuildError::Code::HookMissing);
    QVERIFY(run.result.error->message.contains(u"build_sdist"_s));

    buildOptions.wheel = true; // the wheel alone needs no build_sdist
    const JobRun wheel = runJob(buildOptions);
    QVERIFY(wheel.result.succeeded());
}

void TestBuildJob::backendExitingWithoutAnswer()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-exit"_s, InTreeBehaviour::ExitAbruptly);
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.isolation = false;

    const JobRun run = runJob(buildOptions);
    QVERIFY(run.result.error);
    QCOMPARE(run.result.error->code, BuildError::Code::BackendCrashed);
    QVERIFY(run.result.error->message.contains(u"status 3"_s));
    QVERIFY(run.result.error->message.contains(u"build_sdist"_s));
}

void TestBuildJob::hookPrintingMegabytes()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-loud"_s, InTreeBehaviour::PrintMegabytes);
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.isolation = false;
    buildOptions.wheel = true;

    const JobRun run = runJob(buildOptions);
    QVERIFY(run.result.succeeded());
    QCOMPARE(run.backendStdoutLines, qsizetype(TestSupport::megabyteLines));
    QCOMPARE(run.lastStdoutLine, u"out %1 %2"_s.arg(TestSupport::megabyteLines - 1).arg(QString(100, u'x')));
    QCOMPARE(run.backendStderr.size(), 100);
    QCOMPARE(run.backendStderr.last(), u"err 99"_s);
}

void TestBuildJob::cancelKillsTheProcessTree()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-hang"_s, InTreeBehaviour::Hang);
    const QString pidFile = project.filePath(u"grandchild.pid"_s);
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.isolation = false;
    buildOptions.sdist = true;
    buildOptions.configSettings = {{u"pidfile"_s, pidFile}};

    const JobRun run = runJob(buildOptions, [&](Build::BuildJob &job) {
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(pidFile).size() > 0, buildWaitMs);
        QVERIFY(job.isRunning());
        job.cancel();
    });
    QVERIFY(run.result.error);
    QCOMPARE(run.result.error->code, BuildError::Code::Cancelled);
    QFile file(pidFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const qint64 grandchild = file.readAll().toLongLong();
    QVERIFY(grandchild > 0);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(grandchild), buildWaitMs);
}

void TestBuildJob::timeLimitStopsAHangingBuild()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-slow"_s, InTreeBehaviour::Hang);
    const QString pidFile = project.filePath(u"grandchild.pid"_s);
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.isolation = false;
    buildOptions.sdist = true;
    buildOptions.configSettings = {{u"pidfile"_s, pidFile}};
    buildOptions.timeLimit = std::chrono::seconds(3);

    const JobRun run = runJob(buildOptions);
    QVERIFY(run.result.error);
    QCOMPARE(run.result.error->code, BuildError::Code::TimedOut);
    QVERIFY(run.result.error->message.contains(u"time limit of 3 s"_s));
    QFile file(pidFile);
    if (file.open(QIODevice::ReadOnly)) { // on a very slow machine the backend may not have got that far
        const qint64 grandchild = file.readAll().toLongLong();
        QTRY_VERIFY_WITH_TIMEOUT(grandchild <= 0 || processGone(grandchild), buildWaitMs);
    }
}

void TestBuildJob::requiresPythonIsChecked()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-py2"_s, InTreeBehaviour::Normal);
    QFile pyproject(project.filePath(u"pyproject.toml"_s));
    QVERIFY(pyproject.open(QIODevice::Append));
    pyproject.write("requires-python = \"<3\"\n");
    pyproject.close();

    const JobRun run = runJob(options(project.path()));
    QVERIFY(run.result.error);
    QCOMPARE(run.result.error->code, BuildError::Code::PythonIncompatible);
    QVERIFY(run.result.error->message.contains(u"requires-python '<3'"_s));
    QVERIFY(run.result.error->message.contains(u"--python"_s));
}

void TestBuildJob::sourceDateEpochFromGit()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-git"_s, InTreeBehaviour::Normal);
    QProcessEnvironment gitEnvironment = QProcessEnvironment::systemEnvironment();
    const auto git = [&](const QStringList &arguments) {
        QProcess process;
        process.setWorkingDirectory(project.path());
        gitEnvironment.insert(u"GIT_AUTHOR_DATE"_s, u"@1600000000 +0000"_s);
        gitEnvironment.insert(u"GIT_COMMITTER_DATE"_s, u"@1600000000 +0000"_s);
        process.setProcessEnvironment(gitEnvironment);
        process.start(u"git"_s, QStringList{u"-c"_s, u"user.name=Slipway Tests"_s, u"-c"_s,
                                            u"user.email=tests@example.org"_s}
                                    + arguments);
        return process.waitForFinished(-1) && process.exitCode() == 0;
    };
    QVERIFY(git({u"init"_s, u"-q"_s}));
    QVERIFY(git({u"add"_s, u"."_s}));
    QVERIFY(git({u"commit"_s, u"-q"_s, u"-m"_s, u"initial"_s}));

    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.isolation = false;
    buildOptions.wheel = true;
    const JobRun pinned = runJob(buildOptions);
    QVERIFY(pinned.result.succeeded());
    QCOMPARE(pinned.result.sourceDateEpoch, std::optional<qint64>(1600000000));
    QCOMPARE(probeOf(pinned.result.artifacts.first().path).value(u"source_date_epoch"_s).toString(),
             u"1600000000"_s);

    buildOptions.sourceDateEpochFromGit = false;
    const JobRun unpinned = runJob(buildOptions);
    QVERIFY(unpinned.result.succeeded());
    QVERIFY(!unpinned.result.sourceDateEpoch);
    QVERIFY(probeOf(unpinned.result.artifacts.first().path).value(u"source_date_epoch"_s).isNull());

    // A value set by the caller wins over git.
    buildOptions.sourceDateEpochFromGit = true;
    buildOptions.environment.insert(u"SOURCE_DATE_EPOCH"_s, u"1234567890"_s);
    const JobRun preset = runJob(buildOptions);
    QCOMPARE(preset.result.sourceDateEpoch, std::optional<qint64>(1234567890));
    QCOMPARE(probeOf(preset.result.artifacts.first().path).value(u"source_date_epoch"_s).toString(),
             u"1234567890"_s);
}

void TestBuildJob::sdistOnlyAndWheelOnly()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-parts"_s, InTreeBehaviour::Normal);
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.isolation = false;
    buildOptions.outputDirectory = project.filePath(u"out/sdist-only"_s);
    buildOptions.sdist = true;
    const JobRun sdist = runJob(buildOptions);
    QVERIFY(sdist.result.succeeded());
    QCOMPARE(filesIn(buildOptions.outputDirectory), QStringList{u"intree_parts-0.1.tar.gz"_s});
    QVERIFY(!sdist.stages.contains(Build::BuildJob::Stage::BuildingWheel));

    buildOptions.outputDirectory = project.filePath(u"out/wheel-only"_s);
    buildOptions.sdist = false;
    buildOptions.wheel = true;
    const JobRun wheel = runJob(buildOptions);
    QVERIFY(wheel.result.succeeded());
    QCOMPARE(filesIn(buildOptions.outputDirectory), QStringList{u"intree_parts-0.1-py3-none-any.whl"_s});
    // Straight from the source tree.
    QCOMPARE(probeOf(wheel.result.artifacts.first().path).value(u"cwd"_s).toString(), project.path());
    QVERIFY(!wheel.stages.contains(Build::BuildJob::Stage::UnpackingSdist));

    // Both flags: both straight from the tree; a rebuild replaces the files in place.
    buildOptions.sdist = true;
    const JobRun both = runJob(buildOptions);
    QVERIFY(both.result.succeeded());
    QCOMPARE(filesIn(buildOptions.outputDirectory),
             (QStringList{u"intree_parts-0.1-py3-none-any.whl"_s, u"intree_parts-0.1.tar.gz"_s}));
    QVERIFY(!both.stages.contains(Build::BuildJob::Stage::UnpackingSdist));
}

void TestBuildJob::discoveryReportsTheRealInterpreter()
{
    // Like a pyenv shim: a script that runs the real interpreter. Discovery must name both,
    // and later runs use the real one.
    QTemporaryDir shims;
    const QString shim = shims.filePath(u"python3"_s);
    QFile script(shim);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\nexec " + TestSupport::systemPython().toUtf8() + " \"$@\"\n");
    script.close();
    QVERIFY(script.setPermissions(script.permissions() | QFileDevice::ExeOwner));

    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-shim"_s, InTreeBehaviour::Normal);
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.isolation = false;
    buildOptions.wheel = true;
    buildOptions.python.clear();
    buildOptions.environment.insert(u"PATH"_s, shims.path() + u":/usr/bin:/bin"_s);

    const JobRun run = runJob(buildOptions);
    QVERIFY(run.result.succeeded());
    QCOMPARE(run.result.python->launcher, shim);
    QCOMPARE(run.result.python->origin, u"python3 on PATH"_s);
    QCOMPARE(run.result.python->executable, TestSupport::systemPython());
    QVERIFY(!run.result.python->version.isEmpty());
    const QString described = run.frontend.filter(u"Using Python"_s).join(u'\n');
    QVERIFY2(described.contains(run.result.python->version) && described.contains(shim), qPrintable(described));
    QCOMPARE(probeOf(run.result.artifacts.first().path).value(u"executable"_s).toString(),
             TestSupport::systemPython());
}

void TestBuildJob::probeAnswersAreCached()
{
    QTemporaryDir cache;
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-probe"_s, InTreeBehaviour::Normal);
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.cacheDirectory = cache.path();
    buildOptions.isolation = false;
    buildOptions.wheel = true;

    const JobRun first = runJob(buildOptions);
    QVERIFY(first.result.succeeded());
    QVERIFY(first.result.pythonProbeMs > 0);
    QCOMPARE(QDir(cache.filePath(u"pythons"_s)).entryList(QDir::Files).size(), 1);

    const JobRun second = runJob(buildOptions);
    QVERIFY(second.result.succeeded());
    QCOMPARE(second.result.pythonProbeMs, qint64(0)); // answered from the cache
    QCOMPARE(second.result.python->executable, first.result.python->executable);
    QCOMPARE(second.result.python->version, first.result.python->version);
    QCOMPARE(second.result.python->markerEnvironment, first.result.python->markerEnvironment);

    // A wrapper script (like a pyenv shim) may choose another Python next time: always asked.
    QTemporaryDir shims;
    QFile script(shims.filePath(u"python3"_s));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\nexec " + TestSupport::systemPython().toUtf8() + " \"$@\"\n");
    script.close();
    QVERIFY(script.setPermissions(script.permissions() | QFileDevice::ExeOwner));
    buildOptions.python = script.fileName();
    QVERIFY(runJob(buildOptions).result.pythonProbeMs > 0);
    QVERIFY(runJob(buildOptions).result.pythonProbeMs > 0);
    QCOMPARE(QDir(cache.filePath(u"pythons"_s)).entryList(QDir::Files).size(), 1);
}

void TestBuildJob::pythonCandidatesInOrder()
{
    QTemporaryDir project;
    QTemporaryDir bin;
    QVERIFY(QDir().mkpath(project.filePath(u".venv/bin"_s)));
    QVERIFY(QFile::link(TestSupport::systemPython(), project.filePath(u".venv/bin/python"_s)));
    QVERIFY(QFile::link(TestSupport::systemPython(), bin.filePath(u"python3"_s)));
    QVERIFY(QFile::link(TestSupport::systemPython(), bin.filePath(u"python"_s)));
    QProcessEnvironment environment;
    environment.insert(u"PATH"_s, bin.path());

    const auto discovered = Build::pythonCandidates(project.path(), {}, environment);
    QCOMPARE(discovered.size(), 3);
    QCOMPARE(discovered.at(0).origin, u"project .venv"_s);
    QCOMPARE(discovered.at(1).path, bin.filePath(u"python3"_s));
    QCOMPARE(discovered.at(2).path, bin.filePath(u"python"_s));

    const auto explicitOnly = Build::pythonCandidates(project.path(), u"/opt/python/bin/python3.12"_s, environment);
    QCOMPARE(explicitOnly.size(), 1);
    QCOMPARE(explicitOnly.first().path, u"/opt/python/bin/python3.12"_s);
    QCOMPARE(explicitOnly.first().origin, u"--python"_s);

    const auto byName = Build::pythonCandidates(project.path(), u"python3"_s, environment);
    QCOMPARE(byName.first().path, bin.filePath(u"python3"_s));

    const auto relative = Build::pythonCandidates(project.path(), u"venv/bin/python"_s, environment);
    QCOMPARE(relative.first().path, QDir::current().absoluteFilePath(u"venv/bin/python"_s));

    QProcessEnvironment empty;
    QTemporaryDir bare;
    QVERIFY(Build::pythonCandidates(bare.path(), {}, empty).isEmpty());
}

void TestBuildJob::clearErrorsBeforeBuilding()
{
    QTemporaryDir empty;
    const JobRun noProject = runJob(options(empty.path()));
    QCOMPARE(noProject.result.error->code, BuildError::Code::NoProject);

    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-nopython"_s, InTreeBehaviour::Normal);
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.python = project.filePath(u"no/such/python3"_s);
    const JobRun noPython = runJob(buildOptions);
    QCOMPARE(noPython.result.error->code, BuildError::Code::PythonNotFound);
    QVERIFY(noPython.result.error->message.contains(buildOptions.python));

    QFile pyproject(project.filePath(u"pyproject.toml"_s));
    QVERIFY(pyproject.open(QIODevice::WriteOnly | QIODevice::Truncate));
    pyproject.write("[build-system\n");
    pyproject.close();
    const JobRun broken = runJob(options(project.path()));
    QCOMPARE(broken.result.error->code, BuildError::Code::InvalidConfiguration);
    QVERIFY(broken.result.error->message.contains(u"line 1"_s));
}

void TestBuildJob::postBuildStepSeesTheArtifacts()
{
    QTemporaryDir project;
    TestSupport::writeInTreeProject(project.path(), u"intree-post"_s, InTreeBehaviour::Normal);
    Build::BuildOptions buildOptions = options(project.path());
    buildOptions.isolation = false;
    QStringList seen;
    const JobRun run = runJob(buildOptions, {}, [&seen](const QList<Build::Artifact> &artifacts, auto done) {
        for (const Build::Artifact &artifact : artifacts) {
            seen.append(artifact.fileName);
        }
        done(Build::PostBuildReport{false, u"rejected by the step"_s, {}});
    });
    QCOMPARE(seen, (QStringList{u"intree_post-0.1.tar.gz"_s, u"intree_post-0.1-py3-none-any.whl"_s}));
    QVERIFY(!run.result.error);
    QVERIFY(run.result.postBuild.has_value());
    QVERIFY(!run.result.succeeded());
    QVERIFY(run.stages.contains(Build::BuildJob::Stage::PostBuild));
}

QTEST_GUILESS_MAIN(TestBuildJob)
#include "testbuildjob.moc"
