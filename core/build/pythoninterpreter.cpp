// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/build/pythoninterpreter.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

#include "core/util/atomicfile.h"

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
        // Children run in other folders: a relative path is taken from the current one now.
        if (path.contains(u'/')) {
            path = QFileInfo(path).absoluteFilePath();
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

ProbeCache::ProbeCache(QString directory)
    : m_directory(std::move(directory))
{
}

QString ProbeCache::fileFor(const PythonCandidate &candidate) const
{
    const QByteArray launcher = QFileInfo(candidate.path).absoluteFilePath().toUtf8();
    return QDir(m_directory).filePath(
        QString::fromLatin1(QCryptographicHash::hash(launcher, QCryptographicHash::Sha256).toHex().left(32))
        + u".json"_s);
}

QJsonObject ProbeCache::fingerprint(const QString &launcher)
{
    const QFileInfo binary(QFileInfo(launcher).canonicalFilePath());
    if (!binary.exists()) {
        return {};
    }
    QJsonObject fingerprint{
        {u"launcher"_s, QFileInfo(launcher).absoluteFilePath()},
        {u"binary"_s, binary.absoluteFilePath()},
        {u"size"_s, binary.size()},
        {u"modified"_s, binary.lastModified().toMSecsSinceEpoch()},
    };
    // A virtual environment's launcher is a link to the base binary; its identity is here.
    const QFileInfo venvConfig(QFileInfo(QFileInfo(launcher).absolutePath()).absolutePath() + u"/pyvenv.cfg"_s);
    if (venvConfig.exists()) {
        fingerprint.insert(u"pyvenv"_s, venvConfig.lastModified().toMSecsSinceEpoch());
    }
    return fingerprint;
}

std::optional<QJsonObject> ProbeCache::lookup(const PythonCandidate &candidate) const
{
    if (m_directory.isEmpty()) {
        return std::nullopt;
    }
    QFile file(fileFor(candidate));
    if (!file.open(QIODevice::ReadOnly) || file.size() > 256 * 1024) {
        return std::nullopt;
    }
    const QJsonObject entry = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonObject current = fingerprint(candidate.path);
    if (current.isEmpty() || entry.value(u"fingerprint"_s).toObject() != current) {
        return std::nullopt;
    }
    return entry.value(u"probe"_s).toObject();
}

void ProbeCache::store(const PythonCandidate &candidate, const QJsonObject &probe) const
{
    if (m_directory.isEmpty()) {
        return;
    }
    const QJsonObject current = fingerprint(candidate.path);
    const QString executable = QFileInfo(probe.value(u"executable"_s).toString()).canonicalFilePath();
    // A shim or wrapper: the interpreter behind it may change with the folder or the shell.
    if (current.isEmpty() || executable != current.value(u"binary"_s).toString()) {
        return;
    }
    if (!QDir().mkpath(m_directory)) {
        return;
    }
    // A cache: failing to write it only costs the next build a probe.
    (void)Util::writeFileAtomically(fileFor(candidate),
                                    QJsonDocument(QJsonObject{{u"fingerprint"_s, current}, {u"probe"_s, probe}})
                                        .toJson(QJsonDocument::Compact));
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
