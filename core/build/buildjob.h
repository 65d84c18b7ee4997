// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "core/build/buildenvironment.h"
#include "core/build/buildresult.h"
#include "core/build/buildsystem.h"
#include "core/build/childprocess.h"

class QTemporaryDir;
class QTimer;

namespace Build {

class HookRunner;
struct HelperAnswer;

// What `slipway build` was asked to do.
struct BuildOptions {
    QString sourceDirectory;
    QString outputDirectory; // empty: SOURCE/dist
    // Neither: an sdist, then a wheel built from the unpacked sdist (as `python -m build`).
    // One or both: each straight from the source tree.
    bool sdist = false;
    bool wheel = false;
    bool isolation = true;
    bool skipDependencyCheck = false; // without isolation: build even when requirements are missing
    QString python;                   // explicit interpreter; empty: discovery (pythonCandidates)
    QList<QPair<QString, QString>> configSettings; // -C KEY=VALUE in order; repeated keys become lists
    InstallerOptions installer;
    // Isolated environments (build-envs/) and interpreter probes (pythons/); empty:
    // QStandardPaths::GenericCacheLocation/slipway.
    QString cacheDirectory;
    bool sourceDateEpochFromGit = true;
    std::chrono::milliseconds timeLimit{0}; // 0: no limit
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
};

// Where a line of output came from.
enum class OutputSource {
    Frontend,      // Slipway's own progress notes
    BackendStdout, // the build backend, verbatim
    BackendStderr,
    Installer, // venv / pip / uv while preparing an isolated environment
};

// A step run on the artifacts after a successful build (the check engine plugs in here).
// It must call done exactly once, possibly later from the event loop.
using PostBuildStep =
    std::function<void(const QList<Artifact> &artifacts, std::function<void(PostBuildReport)> done)>;

/**
 * Builds a project's sdist and/or wheel through its PEP 517 backend, like `python -m build`:
 * finds Python (and checks requires-python), prepares a cached isolated environment (or
 * checks the installed requirements with isolation off), runs the hooks through the hook
 * runner helper in child processes, and moves the results to the output folder.
 *
 * A job: start() returns at once; outputLine() streams every line of the backend's and the
 * installer's output as it comes; stageChanged() tells where the build is; finished() comes
 * exactly once with the result, also after cancel() or the time limit (the whole process tree
 * is killed). Lives on the thread that created it; one job builds once.
 *
 * With a PostBuildStep set (setPostBuildStep), a successful build runs it on the artifacts
 * and its report becomes BuildResult::postBuild. Nothing is plugged in by default.
 */
class BuildJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildJob)

public:
    enum class Stage {
        Preparing,
        FindingPython,
        PreparingEnvironment,
        CheckingRequirements,
        BuildingSdist,
        UnpackingSdist,
        BuildingWheel,
        PostBuild,
        Finished,
    };
    Q_ENUM(Stage)

    explicit BuildJob(BuildOptions options, QObject *parent = nullptr);
    ~BuildJob() override;

    void setPostBuildStep(PostBuildStep step);

    void start();
    void cancel();

    [[nodiscard]] bool isRunning() const { return m_started && !m_finished; }
    [[nodiscard]] const BuildResult &result() const { return m_result; }

    // config_settings as PEP 517 wants them: repeated keys collect into a list.
    [[nodiscard]] static QJsonObject configSettingsObject(const QList<QPair<QString, QString>> &settings);

Q_SIGNALS:
    void outputLine(Build::OutputSource source, const QString &line);
    void stageChanged(Build::BuildJob::Stage stage, const QString &description);
    void finished(const Build::BuildResult &result);

private:
    struct Target {
        Artifact::Kind kind = Artifact::Kind::Sdist;
        QString sourceDirectory;
        BuildSystem system;
        QString python;
        QStringList pythonOptions;
        QString environmentPath; // isolated builds
        QStringList environmentRequirements;
    };

    void run();
    void probeNextCandidate();
    void considerInterpreter(const PythonCandidate &candidate, const QJsonObject &probe);
    void readSourceDateEpoch();
    void discoveryStepDone();
    void buildNext();
    void buildTarget(Target target);
    void prepareEnvironment(Target target, const QStringList &requirements, std::function<void(Target)> next);
    void queryRequirements(Target target);
    void callBuildHook(Target target);
    void unpackAndBuildWheel(const Artifact &sdist);
    void runHook(const Target &target, const QJsonObject &input, std::function<void(const HelperAnswer &)> next);
    [[nodiscard]] QProcessEnvironment hookEnvironment(const Target &target) const;
    [[nodiscard]] std::optional<BuildError> hookError(const HelperAnswer &answer, const QString &hook) const;
    [[nodiscard]] std::expected<Artifact, BuildError> collectArtifact(Artifact::Kind kind, const QString &staging,
                                                                      const QString &fileName);
    void setStage(Stage stage, const QString &description);
    void note(const QString &line);
    void stop(BuildError::Code code, const QString &message);
    void fail(BuildError error);
    void complete();
    void emitFinished();

    BuildOptions m_options;
    PostBuildStep m_postBuildStep;
    BuildResult m_result;
    QString m_sourceDirectory;
    QString m_outputDirectory;
    QString m_cacheDirectory;
    BuildSystem m_system;
    QJsonObject m_configSettings;
    std::unique_ptr<QTemporaryDir> m_scratch;
    QString m_helperScript;
    QList<PythonCandidate> m_candidates;
    QStringList m_candidateProblems;
    QList<Target> m_plan;
    bool m_wheelFromSdist = false;
    int m_controlCounter = 0;
    HookRunner *m_hook = nullptr;
    EnvironmentCreator *m_environment = nullptr;
    ChildProcess *m_git = nullptr;
    std::function<void()> m_afterGit; // the first build hook, waiting for SOURCE_DATE_EPOCH
    QTimer *m_timeLimit;
    qint64 m_startedAt = 0;
    bool m_started = false;
    bool m_finished = false;
    bool m_unpacking = false;
    std::optional<BuildError> m_stopReason; // cancel or time limit, waiting for children to end
};

} // namespace Build
