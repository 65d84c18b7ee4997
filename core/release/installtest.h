// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QString>
#include <QUrl>

#include <chrono>
#include <memory>

#include "core/release/releasejournal.h"

class QTemporaryDir;
class QTimer;

namespace Release {

/// What to install and how to try it.
struct InstallTestOptions {
    QString python = QStringLiteral("/usr/bin/python3"); ///< creates the venv (needs the venv module)
    QString project;
    QString version;
    QUrl indexUrl; ///< the test registry's simple index (pip --index-url)
    QUrl extraIndexUrl; ///< the production index, for dependencies (pip --extra-index-url); may be empty
    /// Run with /bin/sh -c in the venv (its bin first on PATH); empty: import the top-level
    /// modules of the installed distribution and print the version.
    QString smokeCommand;
    std::chrono::milliseconds timeLimit { std::chrono::minutes(10) };
};

/**
 * Installs an exact version from the test index into a fresh temporary virtual environment
 * (python -m venv, then pip install --index-url TEST --extra-index-url PROD "name==version",
 * as the packaging guides do) and runs a smoke command there. Child processes only, never a
 * blocking wait; the output of every step is kept (tail, capped) for the journal. Indexes are
 * read without credentials: none is ever put on a command line. A job: start() returns at
 * once; finished() comes exactly once (also after cancel() or the time limit).
 */
class InstallTest final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InstallTest)

public:
    static constexpr qsizetype maxOutput = 64 * 1024;

    explicit InstallTest(InstallTestOptions options, QObject *parent = nullptr);
    ~InstallTest() override;

    void start();
    void cancel();

    /// The Python program the default smoke command runs (`python -I -c PROGRAM NAME`): imports
    /// the distribution's top-level modules and prints its version. The name goes in argv,
    /// never into the program text.
    [[nodiscard]] static QString defaultSmokeProgram();

Q_SIGNALS:
    void outputLine(const QString &line);
    void finished(const Release::InstallTestRecord &record);

private:
    void runStep(const QString &program, const QStringList &arguments, std::function<void()> next);
    void fail(const QString &message, int exitCode);
    void finish(bool passed, int exitCode);
    void append(const QString &text);

    InstallTestOptions m_options;
    InstallTestRecord m_record;
    std::unique_ptr<QTemporaryDir> m_directory;
    QPointer<QProcess> m_process;
    QTimer *m_timer = nullptr;
    bool m_finished = false;
};

} // namespace Release

Q_DECLARE_METATYPE(Release::InstallTestRecord)
