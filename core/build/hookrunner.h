// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <expected>

#include "core/build/childprocess.h"

namespace Build {

// What the hook runner helper answered, or why it did not.
struct HelperAnswer {
    enum class Status {
        Ok,                 // json holds the answer
        BackendUnavailable, // the backend (or its object) could not be imported
        BackendInvalid,     // not loaded from its backend-path
        HookMissing,        // a mandatory hook is not provided
        BackendFailed,      // the hook raised or exited; traceback holds Python's traceback
        ProtocolError,      // the hook returned something PEP 517 does not allow
        NoAnswer,           // the process ended without an answer (crash, os._exit, killed by the system)
        Killed,             // terminated on request (cancel, time limit)
        FailedToStart,      // the interpreter could not be run
    };
    Status status = Status::NoAnswer;
    QJsonObject json;
    QString message;
    QString traceback;
    double hookSeconds = 0; // time spent inside the backend (import and hook), measured by the helper
    qint64 processMs = 0;   // wall time of the whole child process
    QString outputTail;     // end of the process's own output, for NoAnswer

    [[nodiscard]] bool ok() const { return status == Status::Ok; }
};

/**
 * Runs Slipway's Python helper (resources/python/pep517_hooks.py) once: the request goes
 * in CONTROL/input.json and the answer comes back in CONTROL/output.json, a channel the
 * backend never writes to; the backend's stdout and stderr are streamed as lines.
 *
 * One object runs one request. start() returns at once; finished() comes exactly once.
 * cancel() kills the whole process tree. Lives on the thread that created it.
 */
class HookRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HookRunner)

public:
    struct Request {
        QString python;            // interpreter to run
        QStringList pythonOptions; // e.g. {"-I"} for isolated environments
        QString helperScript;      // the helper file on disk (see installHelper())
        QString controlDirectory;  // empty, private folder for input.json / output.json
        QString workingDirectory;  // the source tree for hooks
        QProcessEnvironment environment;
        QJsonObject input;
    };

    explicit HookRunner(Request request, QObject *parent = nullptr);

    void start();
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_process->isRunning(); }

    // Writes the helper from the Qt resources into folder; returns its path.
    [[nodiscard]] static std::expected<QString, QString> installHelper(const QString &folder);

    // Builds the input for calling one PEP 517 hook.
    [[nodiscard]] static QJsonObject hookInput(const QString &backend, const QStringList &backendPath,
                                               const QString &hook, const QJsonArray &arguments,
                                               const QStringList &query = {}, bool queryResult = false);

Q_SIGNALS:
    void lineRead(Build::StreamChannel channel, const QString &line);
    void finished(const Build::HelperAnswer &answer);

private:
    void onProcessFinished(const ChildExit &exit);

    Request m_request;
    ChildProcess *m_process;
};

} // namespace Build
