// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/build/pythoninterpreter.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace Build {

QString PythonInterpreter::describe() const
{
    QString where = executable;
    if (!origin.isEmpty()) {
        where += u", "_s + origin;
    }
    if (!launcher.isEmpty() && QFileInfo(launcher).absoluteFilePath() != executable) {
        where += u" via "_s + launcher;
    }
    return u"Python %1 (%2)"_s.arg(version, where);
}

QList<PythonCandidate> pythonCandidates(const QString &projectDirectory, const QString &explicitPath,
                                        const QProcessEnvironment &environment)
{
    if (!explicitPath.isEmpty()) {
        QString path = explicitPath;
        // A bare name ("python3.12") is looked up on PATH, like a shell would.
        const QStringList searchPath =
            environment.value(u"PATH"_s).split(QDir::listSeparator(), Qt::SkipEmptyParts);
        if (!path.contains(u'/') && !searchPath.isEmpty()) {
            const QString found = QStandardPaths::findExecutable(path, searchPath);
            if (!found.isEmpty()) {
                path = found;
            }
        }
        return {{path, u"--python"_s}};
    }

    QList<PythonCandidate> candidates;
#ifdef Q_OS_WIN
    const QString venvPython = QDir(projectDirectory).filePath(u".venv/Scripts/python.exe"_s);
#else
    const QString venvPython = QDir(projectDirectory).filePath(u".venv/bin/python"_s);
#endif
    if (QFileInfo(venvPython).isExecutable()) {
        candidates.append({venvPython, u"project .venv"_s});
    }
    const QStringList path = environment.value(u"PATH"_s).split(QDir::listSeparator(), Qt::SkipEmptyParts);
    // findExecutable() would search this process's PATH when given none.
    for (const QString &name : path.isEmpty() ? QStringList() : QStringList{u"python3"_s, u"python"_s}) {
        const QString found = QStandardPaths::findExecutable(name, path);
        if (!found.isEmpty()) {
            candidates.append({found, u"%1 on PATH"_s.arg(name)});
        }
    }
    return candidates;
}

std::expected<PythonInterpreter, QString> interpreterFromProbe(const QJsonObject &probe,
                                                               const PythonCandidate &candidate)
{
    PythonInterpreter interpreter;
    interpreter.launcher = candidate.path;
    interpreter.origin = candidate.origin;
    interpreter.version = probe.value(u"version"_s).toString();
    interpreter.implementation = probe.value(u"implementation"_s).toString();
    interpreter.markerEnvironment = probe.value(u"environment"_s).toObject();
    interpreter.isVirtualEnvironment = probe.value(u"prefix"_s).toString() != probe.value(u"base_prefix"_s).toString();
    const QString executable = probe.value(u"executable"_s).toString();
    interpreter.executable = executable.isEmpty() ? QFileInfo(candidate.path).absoluteFilePath() : executable;
    if (interpreter.version.isEmpty() || interpreter.markerEnvironment.isEmpty()) {
        return std::unexpected(u"%1 (%2) did not describe itself; is it a Python 3.8 or later interpreter?"_s.arg(
            candidate.path, candidate.origin));
    }
    return interpreter;
}

} // namespace Build
