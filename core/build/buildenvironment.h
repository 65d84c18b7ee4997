// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

#include "core/build/childprocess.h"
#include "core/build/pythoninterpreter.h"

class QTemporaryDir;

namespace Build {

class HookRunner;
struct HelperAnswer;

// Where build requirements come from when an isolated environment is filled.
struct InstallerOptions {
    enum class Installer { Automatic, Pip, Uv }; // Automatic: uv when it is on PATH, else pip
    Installer installer = Installer::Automatic;
    QStringList findLinks; // local folders (a wheelhouse) or URLs, as pip's --find-links
    bool noIndex = false;  // never contact an index: only findLinks
};

/**
 * The on-disk cache of isolated build environments: one virtual environment per
 * (interpreter, requirement set), in ROOT/<key>/. An environment is complete only when its
 * marker file is present; it is written last, inside a temporary folder that is then
 * renamed into place, so a half-made environment is never found. A value type; all methods
 * only look at the file system and are safe from any thread.
 */
class EnvironmentCache final
{
public:
    // An empty root means QStandardPaths::GenericCacheLocation/slipway/build-envs.
    explicit EnvironmentCache(QString root = {});

    [[nodiscard]] static QString defaultRoot();
    [[nodiscard]] QString root() const { return m_root; }

    // Stable over runs and independent of the requirements' order and spacing.
    [[nodiscard]] static QString key(const PythonInterpreter &python, const QStringList &requirements);
    [[nodiscard]] QString pathFor(const QString &key) const;
    [[nodiscard]] bool isComplete(const QString &key) const;

    [[nodiscard]] static QString pythonIn(const QString &environmentPath);
    [[nodiscard]] static QString scriptsIn(const QString &environmentPath);
    static constexpr auto markerFileName = "slipway-env.json";

private:
    QString m_root;
};

/**
 * Finds or makes the isolated environment for (python, requirements): a cache hit costs a
 * couple of stat calls; a miss creates a venv in a temporary folder of the cache, installs
 * the requirements with uv (when on PATH) or pip, byte-compiles them for the final path,
 * writes the marker and renames the folder into place. When another process wins the race
 * to the same key, its environment is used and ours is dropped.
 *
 * start() returns at once; finished() comes exactly once. cancel() kills the installer's
 * process tree; the temporary folder is removed. Lives on the thread that created it.
 */
class EnvironmentCreator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentCreator)

public:
    struct Request {
        PythonInterpreter python;
        QStringList requirements;
        InstallerOptions installer;
        EnvironmentCache cache;
        QString helperScript;     // the installed pep517_hooks.py
        QString scratchDirectory; // private temporary folder for control files
        QProcessEnvironment environment;
    };

    struct Outcome {
        bool ok = false;
        bool cacheHit = false;
        bool cancelled = false;
        QString path;
        QString python;
        QString error;   // a sentence for people
        QString details; // the installer's last output lines
        qint64 elapsedMs = 0;
    };

    explicit EnvironmentCreator(Request request, QObject *parent = nullptr);
    ~EnvironmentCreator() override;

    void start();
    void cancel();

Q_SIGNALS:
    void lineRead(Build::StreamChannel channel, const QString &line);
    void finished(const Build::EnvironmentCreator::Outcome &outcome);

private:
    void createFolder();
    void probeHostPip();
    void createVirtualEnvironment(bool withPip);
    void install();
    void compile();
    void publish();
    void runProcess(const QString &program, const QStringList &arguments, const QString &what,
                    std::function<void()> next);
    void runHelper(const QString &python, const QJsonObject &input,
                   std::function<void(const HelperAnswer &)> next);
    void fail(const QString &message, const QString &details = {});
    void succeed(const QString &path, bool cacheHit);

    Request m_request;
    QString m_key;
    QString m_finalPath;
    std::unique_ptr<QTemporaryDir> m_folder;
    QString m_uv;
    bool m_pipFromHost = false;
    ChildProcess *m_process = nullptr;
    HookRunner *m_helper = nullptr;
    qint64 m_startedAt = 0;
    bool m_cancelled = false;
    bool m_done = false;
};

} // namespace Build
