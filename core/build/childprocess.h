// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

class QTimer;

namespace Build {

// Which stream of a child process a line came from.
enum class StreamChannel { Stdout, Stderr };

// How a child process ended.
struct ChildExit {
    enum class Status {
        Exited,        // ran to the end; see exitCode
        Crashed,       // killed by a signal it did not get from us
        Killed,        // terminated by terminateTree()
        FailedToStart, // the program could not be run; see errorString
    };
    Status status = Status::FailedToStart;
    int exitCode = -1;
    QString errorString;
    qint64 elapsedMs = 0;

    [[nodiscard]] bool succeeded() const { return status == Status::Exited && exitCode == 0; }
};

/**
 * One child process run in its own process group, so that terminateTree() reaches
 * everything it started (a backend's compilers, a hanging grandchild).
 *
 * Output is split into lines as it arrives and emitted per line; a line longer than
 * maxLineBytes is emitted in pieces, so a child printing megabytes without a newline
 * costs bounded memory. The last tailBytes of both streams are kept for error reports.
 * Lives on the thread that created it; start() is asynchronous and finished() comes once.
 */
class ChildProcess final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChildProcess)

public:
    static constexpr qsizetype maxLineBytes = 64 * 1024;
    static constexpr qsizetype tailBytes = 64 * 1024;

    explicit ChildProcess(QObject *parent = nullptr);
    ~ChildProcess() override;

    void setProgram(const QString &program, const QStringList &arguments);
    void setWorkingDirectory(const QString &directory);
    void setEnvironment(const QProcessEnvironment &environment);

    void start();

    // SIGTERM to the whole process group, SIGKILL after a grace period. finished() follows
    // with Status::Killed.
    void terminateTree();

    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] QString program() const { return m_process->program(); }

    // The end of the combined output, for error messages.
    [[nodiscard]] QString outputTail() const;

Q_SIGNALS:
    void lineRead(Build::StreamChannel channel, const QString &line);
    void finished(const Build::ChildExit &exit);

private:
    void readChannel(StreamChannel channel);
    void flushPartialLines();
    void emitLine(StreamChannel channel, QByteArrayView line);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onErrorOccurred(QProcess::ProcessError error);
    void signalGroup(int signalNumber);

    QProcess *m_process;
    QTimer *m_killTimer;
    QByteArray m_pending[2];
    QByteArray m_tail;
    qint64 m_processId = 0;
    qint64 m_startedAt = 0;
    bool m_terminating = false;
    bool m_finishedEmitted = false;
};

} // namespace Build
