// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/buildcommand.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include "app/cli/buildoptions.h"
#include "app/cli/commandline.h"
#include "app/cli/commandregistry.h"
#include "app/cli/interruptwatcher.h"
#include "core/build/buildjob.h"
#include "core/build/postbuildcheck.h"

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

using namespace Qt::StringLiterals;

namespace Cli {

namespace {

const CommandRegistration<BuildCommand> registration{
    "build", "Build the sdist and wheel with the project's PEP 517 backend, like python -m build."};

// CPU time of this process alone (its children count under RUSAGE_CHILDREN): what Slipway
// itself cost, which a loaded machine does not inflate as it does wall time.
qint64 ownCpuMs()
{
#ifdef Q_OS_UNIX
    rusage usage = {};
    if (::getrusage(RUSAGE_SELF, &usage) == 0) {
        return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000
             + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
    }
#endif
    return -1;
}

QJsonObject toJson(const Build::BuildResult &result)
{
    QJsonObject json;
    json.insert(u"ok"_s, result.succeeded());
    if (result.python) {
        json.insert(u"python"_s, QJsonObject{
                                     {u"executable"_s, result.python->executable},
                                     {u"version"_s, result.python->version},
                                     {u"implementation"_s, result.python->implementation},
                                     {u"launcher"_s, result.python->launcher},
                                     {u"origin"_s, result.python->origin},
                                 });
    } else {
        json.insert(u"python"_s, QJsonValue::Null);
    }
    json.insert(u"isolated"_s, result.isolated);
    json.insert(u"sourceDateEpoch"_s,
                result.sourceDateEpoch ? QJsonValue(*result.sourceDateEpoch) : QJsonValue(QJsonValue::Null));
    QJsonArray artifacts;
    for (const Build::Artifact &artifact : result.artifacts) {
        artifacts.append(QJsonObject{
            {u"kind"_s, artifact.kind == Build::Artifact::Kind::Sdist ? u"sdist"_s : u"wheel"_s},
            {u"path"_s, artifact.path},
            {u"fileName"_s, artifact.fileName},
            {u"size"_s, QFileInfo(artifact.path).size()},
        });
    }
    json.insert(u"artifacts"_s, artifacts);
    QJsonArray environments;
    for (const Build::EnvironmentUse &environment : result.environments) {
        environments.append(QJsonObject{
            {u"path"_s, environment.path},
            {u"requirements"_s, QJsonArray::fromStringList(environment.requirements)},
            {u"cacheHit"_s, environment.cacheHit},
        });
    }
    json.insert(u"environments"_s, environments);
    json.insert(u"timings"_s, QJsonObject{
                                  {u"totalMs"_s, result.totalMs},
                                  {u"pythonProbeMs"_s, result.pythonProbeMs},
                                  {u"backendProcessMs"_s, result.backendProcessMs},
                                  {u"backendHookMs"_s, result.backendHookMs},
                                  {u"environmentMs"_s, result.environmentMs},
                                  {u"slipwayCpuMs"_s, ownCpuMs()},
                              });
    if (result.postBuild) {
        json.insert(u"postBuild"_s, QJsonObject{{u"passed"_s, result.postBuild->passed},
                                                {u"summary"_s, result.postBuild->summary},
                                                {u"details"_s, result.postBuild->details}});
    } else {
        json.insert(u"postBuild"_s, QJsonValue::Null);
    }
    if (result.error) {
        json.insert(u"error"_s, QJsonObject{
                                    {u"code"_s, Build::errorCodeName(result.error->code)},
                                    {u"message"_s, result.error->message},
                                    {u"details"_s, result.error->details},
                                    {u"missing"_s, QJsonArray::fromStringList(result.error->missingRequirements)},
                                });
    } else {
        json.insert(u"error"_s, QJsonValue::Null);
    }
    return json;
}

} // namespace

BuildCommand::BuildCommand(Console console, QObject *parent)
    : Command(console, parent)
{
}

BuildCommand::~BuildCommand() = default;

void BuildCommand::start(const QStringList &arguments)
{
    CommandLine commandLine(u"build"_s,
                            u"Build a Python project's sdist and wheel with its own PEP 517 build backend.\n"
                            "By default the sdist is built first and the wheel is built from the unpacked sdist, in "
                            "an isolated, cached build environment."_s);
    QCommandLineParser &parser = commandLine.parser();
    parser.addPositionalArgument(u"DIR"_s, u"The project folder (default: the current folder)."_s, u"[DIR]"_s);
    addBuildOptions(parser);
    parser.addOption({u"json"_s, u"Print the result as one JSON object on stdout."_s});
    parser.addOption({u"no-check"_s, u"Do not run `slipway check` on the built files (by default a file PyPI would "
                                     "refuse fails the build)."_s});
    parser.addOption({u"strict"_s, u"Let warnings of the check fail the build too."_s});
    if (const auto exitCode = commandLine.parse(arguments, out(), err())) {
        Q_EMIT finished(*exitCode);
        return;
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        Q_EMIT finished(commandLine.usageError(err(), u"Only one project folder can be built at a time."_s));
        return;
    }
    auto options = buildOptionsFrom(parser, positional.isEmpty() ? u"."_s : positional.first());
    if (!options) {
        Q_EMIT finished(commandLine.usageError(err(), options.error()));
        return;
    }
    if (options->skipDependencyCheck && options->isolation) {
        err() << "slipway build: --skip-dependency-check has no effect without --no-isolation\n";
    }
    m_json = parser.isSet(u"json"_s);

    m_job = new Build::BuildJob(*options, this);
    connect(m_job, &Build::BuildJob::stageChanged, this, [this](Build::BuildJob::Stage stage, const QString &text) {
        if (stage != Build::BuildJob::Stage::Finished) {
            err() << "* " << text << "...\n";
            err().flush();
        }
    });
    connect(m_job, &Build::BuildJob::outputLine, this, [this](Build::OutputSource source, const QString &line) {
        switch (source) {
        case Build::OutputSource::Frontend:
            err() << "  " << line << '\n';
            break;
        case Build::OutputSource::Installer:
            err() << "  | " << line << '\n';
            break;
        case Build::OutputSource::BackendStdout:
        case Build::OutputSource::BackendStderr:
            err() << line << '\n';
            break;
        }
        err().flush();
    });
    if (!parser.isSet(u"no-check"_s)) {
        Check::CheckOptions checkOptions;
        checkOptions.strict = parser.isSet(u"strict"_s);
        m_job->setPostBuildStep(Build::checkArtifactsStep(checkOptions, this));
    } else if (parser.isSet(u"strict"_s)) {
        err() << "slipway build: --strict has no effect with --no-check\n";
    }
    connect(m_job, &Build::BuildJob::finished, this, &BuildCommand::report);
    installSignalHandlers();
    m_job->start();
}

void BuildCommand::installSignalHandlers()
{
    auto *watcher = new InterruptWatcher(this);
    connect(watcher, &InterruptWatcher::interrupted, this, [this] {
        // The backend runs in its own process group, so the terminal's Ctrl-C does not reach
        // it; cancelling kills that group.
        err() << "slipway build: interrupted, stopping the build\n";
        err().flush();
        if (m_job) {
            m_job->cancel();
        }
    });
}

void BuildCommand::report(const Build::BuildResult &result)
{
    if (result.error) {
        // The installer's and a crashed backend's output tails were streamed already; a
        // traceback was not.
        const bool streamed = result.error->code == Build::BuildError::Code::EnvironmentFailed
                              || result.error->code == Build::BuildError::Code::BackendCrashed;
        if (!result.error->details.isEmpty() && !streamed) {
            err() << '\n' << result.error->details;
            if (!result.error->details.endsWith(u'\n')) {
                err() << '\n';
            }
        }
        err() << "\nERROR " << result.error->message << '\n';
    }
    if (result.postBuild && !m_json) {
        printCheckReport(*result.postBuild);
    }
    err().flush();

    if (m_json) {
        out() << QJsonDocument(toJson(result)).toJson(QJsonDocument::Indented);
    } else if (!result.artifacts.isEmpty()) {
        QStringList names;
        for (const Build::Artifact &artifact : result.artifacts) {
            names.append(artifact.fileName);
        }
        const char *lead = result.error                                          ? "Built before the failure: "
                           : result.postBuild && !result.postBuild->passed ? "Built, but the check failed: "
                                                                           : "Successfully built ";
        out() << lead << names.join(u" and "_s) << '\n';
    }
    out().flush();
    Q_EMIT finished(result.succeeded() ? ExitCode::Success : ExitCode::Failure);
}

void BuildCommand::printCheckReport(const Build::PostBuildReport &report)
{
    // The same lines as `slipway check`, but only for files with something to say.
    const QJsonArray files = report.details.value(u"files"_s).toArray();
    for (const QJsonValue &fileValue : files) {
        const QJsonObject file = fileValue.toObject();
        const QJsonArray findings = file.value(u"findings"_s).toArray();
        if (findings.isEmpty()) {
            continue;
        }
        err() << QFileInfo(file.value(u"path"_s).toString()).fileName() << ":\n";
        for (const QJsonValue &findingValue : findings) {
            const QJsonObject finding = findingValue.toObject();
            err() << "  " << finding.value(u"severity"_s).toString() << ' ' << finding.value(u"code"_s).toString()
                  << ": " << finding.value(u"message"_s).toString() << '\n';
            const QString hint = finding.value(u"hint"_s).toString();
            if (!hint.isEmpty()) {
                err() << "      hint: " << hint << '\n';
            }
        }
    }
    err() << (report.passed ? "* " : "\nERROR ") << report.summary << '\n';
}

} // namespace Cli
