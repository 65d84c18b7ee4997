// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

#include "core/build/pythoninterpreter.h"

namespace Build {

// Why a build did not produce what was asked. message is for people: it names the
// problem and the way out. details holds raw text shown verbatim (a backend's traceback,
// the installer's last output lines).
struct BuildError {
    enum class Code {
        NoProject,             // no pyproject.toml and no setup.py
        InvalidConfiguration,  // pyproject.toml unreadable or [build-system] malformed
        PythonNotFound,        // no interpreter, or it cannot be run
        PythonIncompatible,    // the interpreter does not satisfy requires-python
        MissingDependencies,   // --no-isolation and build requirements are not installed
        EnvironmentFailed,     // the isolated environment could not be created or filled
        BackendUnavailable,    // the backend cannot be imported (not installed, wrong name)
        HookMissing,           // the backend lacks build_sdist / build_wheel
        BackendFailed,         // the backend raised; details has its traceback
        BackendCrashed,        // the hook process died without reporting a result
        BadBackendResult,      // the hook answered something PEP 517 does not allow
        UnpackFailed,          // the freshly built sdist could not be unpacked
        OutputFailed,          // the result could not be moved to the output folder
        Cancelled,             // cancel() was called
        TimedOut,              // the time limit ran out
        Internal,              // a Slipway bug or an unwritable temporary folder
    };
    Code code = Code::Internal;
    QString message;
    QString details;
    QStringList missingRequirements; // MissingDependencies: one line per unmet requirement chain
};

// The stable name of an error code, as used in `slipway build --json`.
[[nodiscard]] QString errorCodeName(BuildError::Code code);

// One distribution a build produced, already in the output folder.
struct Artifact {
    enum class Kind { Sdist, Wheel };
    Kind kind = Kind::Sdist;
    QString path; // absolute
    QString fileName;
};

// Which isolated environment a distribution was built in.
struct EnvironmentUse {
    QString path;
    QStringList requirements;
    bool cacheHit = false;
};

// What a post-build step (the check engine, once it exists) reports about the artifacts.
struct PostBuildReport {
    bool passed = true;
    QString summary;
    QJsonObject details;
};

/**
 * Everything a finished BuildJob knows: the interpreter it used, the artifacts it moved
 * into the output folder (in build order), the environments, the timings, and the error
 * when something failed. Artifacts built before a failure are kept and listed.
 */
struct BuildResult {
    std::optional<BuildError> error;
    std::optional<PythonInterpreter> python;
    bool isolated = true;
    std::optional<qint64> sourceDateEpoch;
    QList<Artifact> artifacts;
    QList<EnvironmentUse> environments;
    std::optional<PostBuildReport> postBuild; // empty when no post-build step is plugged in
    qint64 totalMs = 0;
    qint64 pythonProbeMs = 0;    // asking the interpreter(s) for their version and markers
    qint64 backendProcessMs = 0; // wall time of all hook processes (interpreter start included)
    qint64 backendHookMs = 0;    // time inside the backend's import and hooks, as the helper measured it
    qint64 environmentMs = 0;    // time spent creating isolated environments

    [[nodiscard]] bool succeeded() const { return !error && (!postBuild || postBuild->passed); }
};

} // namespace Build

Q_DECLARE_METATYPE(Build::BuildResult)
