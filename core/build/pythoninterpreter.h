// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QProcessEnvironment>
#include <QString>

#include <expected>
#include <optional>

namespace Build {

// A place to look for Python, in the order discovery tries them.
struct PythonCandidate {
    QString path;   // what to run
    QString origin; // how it was found, for people: "--python", "project .venv", "python3 on PATH"
};

/**
 * A Python interpreter that answered the probe. executable is what the interpreter says
 * it is (sys.executable), so a pyenv shim or a symlink found on PATH resolves to the real
 * interpreter, and later runs skip the shim; launcher is what discovery found.
 */
struct PythonInterpreter {
    QString launcher;
    QString origin;
    QString executable;
    QString version; // "3.11.2"
    QString implementation;
    bool isVirtualEnvironment = false;
    QJsonObject markerEnvironment; // PEP 508 marker variables of this interpreter

    // "Python 3.11.2 (/usr/bin/python3, python3 on PATH)"
    [[nodiscard]] QString describe() const;
};

// Where to look for Python for the project in projectDirectory, in order: the explicit
// path when given (then only that; a bare name is looked up on PATH, a relative path is made
// absolute), the project's .venv, then python3 and python on PATH.
[[nodiscard]] QList<PythonCandidate> pythonCandidates(const QString &projectDirectory, const QString &explicitPath,
                                                      const QProcessEnvironment &environment);

/**
 * Remembers probe answers on disk, so a build need not start the interpreter once more only
 * to ask its version. An answer is reused only while the interpreter's binary (and the
 * pyvenv.cfg of a virtual environment) is unchanged, and only for launchers that are the
 * interpreter itself: a shim or wrapper script (pyenv) may pick another Python per folder,
 * so it is always asked. One small JSON file per launcher, written atomically. Safe from
 * any thread; a damaged or unreadable file is a miss.
 */
class ProbeCache final
{
public:
    // An empty directory disables the cache.
    explicit ProbeCache(QString directory);

    [[nodiscard]] std::optional<QJsonObject> lookup(const PythonCandidate &candidate) const;
    void store(const PythonCandidate &candidate, const QJsonObject &probe) const;

private:
    [[nodiscard]] QString fileFor(const PythonCandidate &candidate) const;
    [[nodiscard]] static QJsonObject fingerprint(const QString &launcher);

    QString m_directory;
};

// Reads the helper's answer to the "probe" command.
[[nodiscard]] std::expected<PythonInterpreter, QString> interpreterFromProbe(const QJsonObject &probe,
                                                                             const PythonCandidate &candidate);

} // namespace Build
