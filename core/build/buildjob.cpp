// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/build/buildjob.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QPointer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <filesystem>
#include <system_error>

#include "core/build/hookrunner.h"
#include "core/build/requirementcheck.h"
#include "core/build/sdistunpacker.h"

using namespace Qt::StringLiterals;

namespace Build {

namespace {

QString kindName(Artifact::Kind kind)
{
    return kind == Artifact::Kind::Sdist ? u"sdist"_s : u"wheel"_s;
}

bool isPlainFileName(const QString &name)
{
    return !name.isEmpty() && name != u"."_s && name != u".."_s && !name.contains(u'/') && !name.contains(u'\\')
        && !name.contains(QChar(0));
}

std::filesystem::path toPath(const QString &path)
{
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

} // namespace

BuildJob::BuildJob(BuildOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_timeLimit(new QTimer(this))
{
    m_timeLimit->setSingleShot(true);
    connect(m_timeLimit, &QTimer::timeout, this, [this] {
        stop(BuildError::Code::TimedOut,
             u"The build did not finish within the time limit of %1 s and was stopped."_s.arg(
                 QString::number(static_cast<double>(m_options.timeLimit.count()) / 1000.0)));
    });
}

BuildJob::~BuildJob()
{
    // Child processes end (killed, with their process groups) before the scratch folder goes.
    delete m_hook;
    delete m_environment;
    delete m_git;
}

void BuildJob::setPostBuildStep(PostBuildStep step)
{
    m_postBuildStep = std::move(step);
}

QJsonObject BuildJob::configSettingsObject(const QList<QPair<QString, QString>> &settings)
{
    QJsonObject object;
    for (const auto &[key, value] : settings) {
        const QJsonValue existing = object.value(key);
        if (existing.isUndefined()) {
            object.insert(key, value);
        } else if (existing.isArray()) {
            QJsonArray values = existing.toArray();
            values.append(value);
            object.insert(key, values);
        } else {
            object.insert(key, QJsonArray{existing, value});
        }
    }
    return object;
}

void BuildJob::start()
{
    if (m_started) {
        return;
    }
    m_started = true;
    m_startedAt = QDateTime::currentMSecsSinceEpoch();
    QTimer::singleShot(0, this, &BuildJob::run);
}

void BuildJob::cancel()
{
    stop(BuildError::Code::Cancelled, u"The build was cancelled."_s);
}

void BuildJob::stop(BuildError::Code code, const QString &message)
{
    if (m_finished || m_stopReason) {
        return;
    }
    m_stopReason = BuildError{code, message, {}, {}};
    if (!m_started) {
        return; // start() will report it
    }
    bool waiting = m_unpacking;
    if (m_hook && m_hook->isRunning()) {
        m_hook->cancel();
        waiting = true;
    }
    if (m_environment) {
        m_environment->cancel();
        waiting = true;
    }
    if (m_git && m_git->isRunning()) {
        m_git->terminateTree();
        waiting = true;
    }
    if (!waiting) {
        QTimer::singleShot(0, this, [this] {
            if (!m_finished) {
                fail(*m_stopReason);
            }
        });
    }
}

void BuildJob::run()
{
    if (m_stopReason) {
        return fail(*m_stopReason);
    }
    setStage(Stage::Preparing, u"Reading the project"_s);
    m_result.isolated = m_options.isolation;
    m_sourceDirectory = QDir::cleanPath(
        QFileInfo(m_options.sourceDirectory.isEmpty() ? u"."_s : m_options.sourceDirectory).absoluteFilePath());
    m_outputDirectory = m_options.outputDirectory.isEmpty()
                            ? QDir(m_sourceDirectory).filePath(u"dist"_s)
                            : QDir::cleanPath(QFileInfo(m_options.outputDirectory).absoluteFilePath());
    m_cacheDirectory = m_options.cacheDirectory.isEmpty()
                           ? QDir(QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation))
                                 .filePath(u"slipway"_s)
                           : m_options.cacheDirectory;
    auto system = readBuildSystem(m_sourceDirectory);
    if (!system) {
        return fail(system.error());
    }
    m_system = *system;
    if (!m_system.hasPyproject) {
        note(u"No pyproject.toml: building setup.py with the setuptools legacy backend"_s);
    } else if (m_system.usesDefault) {
        note(u"No [build-system] in pyproject.toml: using the setuptools legacy backend"_s);
    }
    m_configSettings = configSettingsObject(m_options.configSettings);

    m_scratch = std::make_unique<QTemporaryDir>(QDir::temp().filePath(u"slipway-build-XXXXXX"_s));
    if (!m_scratch->isValid()) {
        return fail({BuildError::Code::Internal,
                     u"Cannot create a temporary folder: %1."_s.arg(m_scratch->errorString()),
                     {},
                     {}});
    }
    auto helper = HookRunner::installHelper(m_scratch->path());
    if (!helper) {
        return fail({BuildError::Code::Internal, helper.error(), {}, {}});
    }
    m_helperScript = *helper;
    if (m_options.timeLimit.count() > 0) {
        m_timeLimit->start(m_options.timeLimit);
    }

    setStage(Stage::FindingPython, u"Finding Python"_s);
    m_candidates = pythonCandidates(m_sourceDirectory, m_options.python, m_options.environment);
    if (m_candidates.isEmpty()) {
        return fail({BuildError::Code::PythonNotFound,
                     u"No Python interpreter found: the project has no .venv and neither python3 nor python is on "
                     "PATH. Pass --python with the interpreter to use."_s,
                     {},
                     {}});
    }
    // git runs beside everything up to the first build hook, the one that needs
    // SOURCE_DATE_EPOCH (callBuildHook waits for it).
    readSourceDateEpoch();
    probeNextCandidate();
}

void BuildJob::probeNextCandidate()
{
    if (m_candidates.isEmpty()) {
        const bool incompatible = std::any_of(m_candidateProblems.begin(), m_candidateProblems.end(),
                                              [](const QString &problem) { return problem.contains(u"requires-python"_s); });
        return fail({incompatible ? BuildError::Code::PythonIncompatible : BuildError::Code::PythonNotFound,
                     u"No usable Python interpreter: %1. Pass --python with a suitable interpreter."_s.arg(
                         m_candidateProblems.join(u"; "_s)),
                     {},
                     {}});
    }
    const PythonCandidate candidate = m_candidates.takeFirst();
    Target probeTarget;
    probeTarget.python = candidate.path;
    probeTarget.pythonOptions = {u"-I"_s};
    probeTarget.sourceDirectory = m_scratch->path();
    const ProbeCache cache(QDir(m_cacheDirectory).filePath(u"pythons"_s));
    if (const auto cached = cache.lookup(candidate)) {
        return considerInterpreter(candidate, *cached);
    }
    runHook(probeTarget, QJsonObject{{u"command"_s, u"probe"_s}}, [this, candidate, cache](const HelperAnswer &answer) {
        if (!answer.ok()) {
            m_candidateProblems.append(u"%1 (%2) did not run: %3"_s.arg(
                candidate.path, candidate.origin, answer.message.isEmpty() ? answer.outputTail : answer.message));
            return probeNextCandidate();
        }
        cache.store(candidate, answer.json);
        considerInterpreter(candidate, answer.json);
    });
}

void BuildJob::considerInterpreter(const PythonCandidate &candidate, const QJsonObject &probe)
{
    auto interpreter = interpreterFromProbe(probe, candidate);
    if (!interpreter) {
        m_candidateProblems.append(interpreter.error());
        return probeNextCandidate();
    }
    if (!m_system.requiresPython.isEmpty()) {
        const auto satisfied = satisfiesRequiresPython(m_system.requiresPython, interpreter->version);
        if (!satisfied) {
            return fail({BuildError::Code::InvalidConfiguration, satisfied.error(), {}, {}});
        }
        if (!*satisfied) {
            m_candidateProblems.append(u"%1 does not satisfy the project's requires-python '%2'"_s.arg(
                interpreter->describe(), m_system.requiresPython));
            if (!m_options.python.isEmpty()) {
                return fail({BuildError::Code::PythonIncompatible,
                             m_candidateProblems.last() + u". Pass --python with a matching interpreter."_s,
                             {},
                             {}});
            }
            return probeNextCandidate();
        }
    }
    m_result.python = *interpreter;
    note(u"Using "_s + interpreter->describe());
    discoveryStepDone();
}

void BuildJob::readSourceDateEpoch()
{
    if (m_options.environment.contains(u"SOURCE_DATE_EPOCH"_s)) {
        bool ok = false;
        const qint64 value = m_options.environment.value(u"SOURCE_DATE_EPOCH"_s).toLongLong(&ok);
        if (ok) {
            m_result.sourceDateEpoch = value;
        }
        return;
    }
    if (!m_options.sourceDateEpochFromGit) {
        return;
    }
    m_git = new ChildProcess(this);
    m_git->setProgram(u"git"_s, {u"-C"_s, m_sourceDirectory, u"log"_s, u"-1"_s, u"--format=%ct"_s});
    m_git->setWorkingDirectory(m_sourceDirectory);
    m_git->setEnvironment(m_options.environment);
    auto gitOutput = std::make_shared<QString>();
    connect(m_git, &ChildProcess::lineRead, this, [gitOutput](StreamChannel channel, const QString &line) {
        if (channel == StreamChannel::Stdout && gitOutput->isEmpty()) {
            *gitOutput = line.trimmed();
        }
    });
    connect(m_git, &ChildProcess::finished, this, [this, gitOutput](const ChildExit &exit) {
        m_git->deleteLater();
        m_git = nullptr;
        if (m_finished) {
            return;
        }
        bool ok = false;
        const qint64 value = gitOutput->toLongLong(&ok);
        // Not a git checkout, or no git: builds are simply not pinned to a commit time.
        if (exit.succeeded() && ok && value > 0) {
            m_result.sourceDateEpoch = value;
            note(u"SOURCE_DATE_EPOCH=%1 (the last git commit)"_s.arg(value));
        }
        if (m_afterGit) {
            const auto next = std::move(m_afterGit);
            m_afterGit = {};
            if (m_stopReason) {
                return fail(*m_stopReason);
            }
            next();
        }
    });
    m_git->start();
}

void BuildJob::discoveryStepDone()
{
    if (m_finished) {
        return;
    }
    if (m_stopReason) {
        return fail(*m_stopReason);
    }
    if (!m_options.sdist && !m_options.wheel) {
        m_wheelFromSdist = true;
        m_plan.append({Artifact::Kind::Sdist, m_sourceDirectory, m_system, {}, {}, {}, {}});
    } else {
        if (m_options.sdist) {
            m_plan.append({Artifact::Kind::Sdist, m_sourceDirectory, m_system, {}, {}, {}, {}});
        }
        if (m_options.wheel) {
            m_plan.append({Artifact::Kind::Wheel, m_sourceDirectory, m_system, {}, {}, {}, {}});
        }
    }
    buildNext();
}

void BuildJob::buildNext()
{
    if (m_plan.isEmpty()) {
        return complete();
    }
    buildTarget(m_plan.takeFirst());
}

void BuildJob::buildTarget(Target target)
{
    if (m_options.isolation) {
        const QStringList requirements = target.system.requirements;
        return prepareEnvironment(std::move(target), requirements,
                                  [this](Target prepared) { queryRequirements(std::move(prepared)); });
    }
    target.python = m_result.python->executable;
    target.pythonOptions = {u"-u"_s};
    if (m_options.skipDependencyCheck) {
        return callBuildHook(std::move(target));
    }
    queryRequirements(std::move(target));
}

void BuildJob::prepareEnvironment(Target target, const QStringList &requirements, std::function<void(Target)> next)
{
    setStage(Stage::PreparingEnvironment,
             requirements.isEmpty() ? u"Preparing an isolated build environment"_s
                                    : u"Preparing an isolated build environment with %1"_s.arg(requirements.join(u", "_s)));
    m_environment = new EnvironmentCreator({*m_result.python, requirements, m_options.installer,
                                            EnvironmentCache(QDir(m_cacheDirectory).filePath(u"build-envs"_s)), m_helperScript,
                                            m_scratch->path(), m_options.environment},
                                           this);
    connect(m_environment, &EnvironmentCreator::lineRead, this,
            [this](StreamChannel, const QString &line) { Q_EMIT outputLine(OutputSource::Installer, line); });
    connect(m_environment, &EnvironmentCreator::finished, this,
            [this, target, requirements, next = std::move(next)](const EnvironmentCreator::Outcome &outcome) mutable {
                m_environment->deleteLater();
                m_environment = nullptr;
                m_result.environmentMs += outcome.elapsedMs;
                if (m_stopReason) {
                    return fail(*m_stopReason);
                }
                if (!outcome.ok) {
                    return fail({BuildError::Code::EnvironmentFailed, outcome.error, outcome.details, {}});
                }
                target.python = outcome.python;
                target.pythonOptions = {u"-I"_s, u"-u"_s};
                target.environmentPath = outcome.path;
                target.environmentRequirements = requirements;
                m_result.environments.append({outcome.path, requirements, outcome.cacheHit});
                note(outcome.cacheHit ? u"Using the cached build environment %1"_s.arg(outcome.path)
                                      : u"Created the build environment %1"_s.arg(outcome.path));
                next(std::move(target));
            });
    m_environment->start();
}

void BuildJob::queryRequirements(Target target)
{
    const QString hook = u"get_requires_for_build_"_s + kindName(target.kind);
    setStage(Stage::CheckingRequirements, u"Getting the build requirements for the %1"_s.arg(kindName(target.kind)));
    const QStringList staticRequirements = m_options.isolation ? QStringList() : target.system.requirements;
    const QJsonObject input = HookRunner::hookInput(target.system.backend, target.system.backendPath, hook,
                                                    QJsonArray{m_configSettings}, staticRequirements, true);
    runHook(target, input, [this, target, hook, staticRequirements](const HelperAnswer &answer) {
        if (auto error = hookError(answer, hook)) {
            return fail(*error);
        }
        QStringList dynamicRequirements;
        for (const QJsonValue &requirement : answer.json.value(u"result"_s).toArray()) {
            dynamicRequirements.append(requirement.toString());
        }
        const QJsonObject distributions = answer.json.value(u"distributions"_s).toObject();
        const QJsonObject environment = answer.json.value(u"environment"_s).toObject();
        const QStringList unmet = unmetRequirements(staticRequirements + dynamicRequirements, distributions, environment);
        if (unmet.isEmpty()) {
            return callBuildHook(target);
        }
        if (!m_options.isolation) {
            BuildError error{BuildError::Code::MissingDependencies,
                             u"Missing build dependencies in %1:\n\t%2\nInstall them there, build with isolation "
                             "(without --no-isolation), or pass --skip-dependency-check."_s.arg(
                                 m_result.python->describe(), unmet.join(u"\n\t"_s)),
                             {},
                             unmet};
            return fail(error);
        }
        for (const QString &requirement : dynamicRequirements) {
            if (const QString problem = requirementProblem(requirement); !problem.isEmpty()) {
                return fail({BuildError::Code::BadBackendResult,
                             u"%1() returned an invalid requirement '%2': %3."_s.arg(hook, requirement, problem),
                             {},
                             {}});
            }
        }
        // The backend wants more than build-system.requires: an environment of its own,
        // cached under the larger requirement set.
        prepareEnvironment(target, target.environmentRequirements + dynamicRequirements,
                           [this](Target prepared) { callBuildHook(std::move(prepared)); });
    });
}

void BuildJob::callBuildHook(Target target)
{
    if (m_git) {
        m_afterGit = [this, target] { callBuildHook(target); };
        return;
    }
    const QString hook = u"build_"_s + kindName(target.kind);
    const bool fromSdist = target.kind == Artifact::Kind::Wheel && m_wheelFromSdist;
    setStage(target.kind == Artifact::Kind::Sdist ? Stage::BuildingSdist : Stage::BuildingWheel,
             fromSdist ? u"Building the wheel from the sdist"_s : u"Building the %1"_s.arg(kindName(target.kind)));
    const QString staging = QDir(m_scratch->path()).filePath(u"out-%1"_s.arg(++m_controlCounter));
    if (!QDir().mkpath(staging)) {
        return fail({BuildError::Code::Internal, u"Cannot create %1."_s.arg(staging), {}, {}});
    }
    const QJsonObject input = HookRunner::hookInput(target.system.backend, target.system.backendPath, hook,
                                                    QJsonArray{staging, m_configSettings});
    runHook(target, input, [this, target, hook, staging](const HelperAnswer &answer) {
        if (auto error = hookError(answer, hook)) {
            return fail(*error);
        }
        auto artifact = collectArtifact(target.kind, staging, answer.json.value(u"result"_s).toString());
        if (!artifact) {
            return fail(artifact.error());
        }
        m_result.artifacts.append(*artifact);
        note(u"Built %1"_s.arg(artifact->fileName));
        if (target.kind == Artifact::Kind::Sdist && m_wheelFromSdist) {
            return unpackAndBuildWheel(*artifact);
        }
        buildNext();
    });
}

void BuildJob::unpackAndBuildWheel(const Artifact &sdist)
{
    setStage(Stage::UnpackingSdist, u"Unpacking %1"_s.arg(sdist.fileName));
    const QString destination = QDir(m_scratch->path()).filePath(u"sdist"_s);
    QDir().mkpath(destination);
    m_unpacking = true;
    auto *watcher = new QFutureWatcher<std::expected<QString, QString>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        m_unpacking = false;
        watcher->deleteLater();
        const auto unpacked = watcher->result();
        if (m_stopReason) {
            return fail(*m_stopReason);
        }
        if (!unpacked) {
            return fail({BuildError::Code::UnpackFailed, unpacked.error(), {}, {}});
        }
        auto system = readBuildSystem(*unpacked);
        if (!system) {
            BuildError error = system.error();
            error.message = u"In the unpacked sdist: "_s + error.message;
            return fail(error);
        }
        m_plan.prepend({Artifact::Kind::Wheel, *unpacked, *system, {}, {}, {}, {}});
        buildNext();
    });
    watcher->setFuture(QtConcurrent::run(&Build::unpackSdist, sdist.path, destination));
}

void BuildJob::runHook(const Target &target, const QJsonObject &input, std::function<void(const HelperAnswer &)> next)
{
    const QString control = QDir(m_scratch->path()).filePath(u"hook-%1"_s.arg(++m_controlCounter));
    if (!QDir().mkpath(control)) {
        return fail({BuildError::Code::Internal, u"Cannot create %1."_s.arg(control), {}, {}});
    }
    m_hook = new HookRunner({target.python, target.pythonOptions, m_helperScript, control, target.sourceDirectory,
                             hookEnvironment(target), input},
                            this);
    connect(m_hook, &HookRunner::lineRead, this, [this](StreamChannel channel, const QString &line) {
        Q_EMIT outputLine(channel == StreamChannel::Stdout ? OutputSource::BackendStdout : OutputSource::BackendStderr,
                          line);
    });
    connect(m_hook, &HookRunner::finished, this, [this, next = std::move(next)](const HelperAnswer &answer) {
        m_hook->deleteLater();
        m_hook = nullptr;
        if (m_result.python) {
            m_result.backendProcessMs += answer.processMs;
            m_result.backendHookMs += qRound64(answer.hookSeconds * 1000.0);
        } else {
            m_result.pythonProbeMs += answer.processMs; // still discovering
        }
        if (m_finished) {
            return;
        }
        if (m_stopReason) {
            return fail(*m_stopReason);
        }
        next(answer);
    });
    m_hook->start();
}

QProcessEnvironment BuildJob::hookEnvironment(const Target &target) const
{
    QProcessEnvironment environment = m_options.environment;
    // Live lines from the backend's own child processes too (-u covers the hook process).
    environment.insert(u"PYTHONUNBUFFERED"_s, u"1"_s);
    if (m_result.sourceDateEpoch && !environment.contains(u"SOURCE_DATE_EPOCH"_s)) {
        environment.insert(u"SOURCE_DATE_EPOCH"_s, QString::number(*m_result.sourceDateEpoch));
    }
    if (!target.environmentPath.isEmpty()) {
        environment.remove(u"PYTHONPATH"_s);
        environment.remove(u"PYTHONHOME"_s);
        environment.insert(u"PYTHONNOUSERSITE"_s, u"1"_s);
        const QString path = environment.value(u"PATH"_s);
        environment.insert(u"PATH"_s, EnvironmentCache::scriptsIn(target.environmentPath)
                                          + (path.isEmpty() ? QString() : QDir::listSeparator() + path));
    }
    return environment;
}

std::optional<BuildError> BuildJob::hookError(const HelperAnswer &answer, const QString &hook) const
{
    const QString python = m_result.python ? m_result.python->describe() : QString();
    switch (answer.status) {
    case HelperAnswer::Status::Ok:
        return std::nullopt;
    case HelperAnswer::Status::BackendUnavailable:
        return BuildError{BuildError::Code::BackendUnavailable,
                          answer.message + u' '
                              + (m_options.isolation
                                     ? u"Check build-backend and that build-system.requires lists the package "
                                       "that provides it."_s
                                     : u"Install it into %1, or build with isolation."_s.arg(python)),
                          answer.traceback,
                          {}};
    case HelperAnswer::Status::BackendInvalid:
        return BuildError{BuildError::Code::InvalidConfiguration, answer.message, answer.traceback, {}};
    case HelperAnswer::Status::HookMissing:
        return BuildError{BuildError::Code::HookMissing, answer.message, {}, {}};
    case HelperAnswer::Status::BackendFailed:
        return BuildError{BuildError::Code::BackendFailed, answer.message, answer.traceback, {}};
    case HelperAnswer::Status::ProtocolError:
        return BuildError{BuildError::Code::BadBackendResult, answer.message, answer.traceback, {}};
    case HelperAnswer::Status::NoAnswer:
        return BuildError{BuildError::Code::BackendCrashed, u"%1 (in %2())"_s.arg(answer.message, hook),
                          answer.outputTail, {}};
    case HelperAnswer::Status::Killed:
        return BuildError{BuildError::Code::BackendCrashed, u"The %1() process was killed."_s.arg(hook), {}, {}};
    case HelperAnswer::Status::FailedToStart:
        return BuildError{BuildError::Code::PythonNotFound, answer.message, {}, {}};
    }
    return BuildError{BuildError::Code::Internal, answer.message, {}, {}};
}

std::expected<Artifact, BuildError> BuildJob::collectArtifact(Artifact::Kind kind, const QString &staging,
                                                              const QString &fileName)
{
    const QString source = QDir(staging).filePath(fileName);
    const QFileInfo produced(source);
    if (!isPlainFileName(fileName) || !produced.isFile() || produced.isSymLink()) {
        return std::unexpected(BuildError{
            BuildError::Code::BadBackendResult,
            u"build_%1() returned '%2', which is not a file it wrote to the output folder."_s.arg(kindName(kind),
                                                                                                  fileName),
            {},
            {}});
    }
    if (!QDir().mkpath(m_outputDirectory)) {
        return std::unexpected(BuildError{BuildError::Code::OutputFailed,
                                          u"Cannot create the output folder %1."_s.arg(m_outputDirectory),
                                          {},
                                          {}});
    }
    const QString target = QDir(m_outputDirectory).filePath(fileName);
    std::error_code error;
    std::filesystem::rename(toPath(source), toPath(target), error);
    if (error) {
        // Another file system: copy beside the target, then replace it in one rename.
        const QString partial = QDir(m_outputDirectory).filePath(u"."_s + fileName + u".slipway-partial"_s);
        QFile::remove(partial);
        error.clear();
        if (QFile::copy(source, partial)) {
            std::filesystem::rename(toPath(partial), toPath(target), error);
        } else {
            error = std::make_error_code(std::errc::io_error);
        }
        if (error) {
            QFile::remove(partial);
            return std::unexpected(BuildError{BuildError::Code::OutputFailed,
                                              u"Cannot write %1: %2."_s.arg(target, QString::fromStdString(error.message())),
                                              {},
                                              {}});
        }
    }
    return Artifact{kind, target, fileName};
}

void BuildJob::setStage(Stage stage, const QString &description)
{
    Q_EMIT stageChanged(stage, description);
}

void BuildJob::note(const QString &line)
{
    Q_EMIT outputLine(OutputSource::Frontend, line);
}

void BuildJob::fail(BuildError error)
{
    if (m_finished) {
        return;
    }
    m_result.error = std::move(error);
    emitFinished();
}

void BuildJob::complete()
{
    if (!m_postBuildStep) {
        return emitFinished();
    }
    setStage(Stage::PostBuild, u"Checking the built files"_s);
    QPointer<BuildJob> self(this);
    m_postBuildStep(m_result.artifacts, [self](PostBuildReport report) {
        if (!self || self->m_finished) {
            return;
        }
        self->m_result.postBuild = std::move(report);
        self->emitFinished();
    });
}

void BuildJob::emitFinished()
{
    m_finished = true;
    m_timeLimit->stop();
    // Only a git run can still be going here (a probe failed first); end it before the
    // scratch folder goes.
    delete m_git;
    m_git = nullptr;
    m_result.totalMs = QDateTime::currentMSecsSinceEpoch() - m_startedAt;
    m_scratch.reset();
    setStage(Stage::Finished, m_result.error ? m_result.error->message : u"Done"_s);
    Q_EMIT finished(m_result);
}

} // namespace Build
