// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/build/childprocess.h"

#include <QDateTime>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <signal.h>
#include <unistd.h>
#endif

namespace Build {

namespace {

constexpr int killGraceMs = 3000;

} // namespace

ChildProcess::ChildProcess(QObject *parent)
    : QObject(parent)
    , m_process(new QProcess(this))
    , m_killTimer(new QTimer(this))
{
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->setInputChannelMode(QProcess::ManagedInputChannel);
#ifdef Q_OS_UNIX
    // A group of its own: terminateTree() signals the group, reaching grandchildren too.
    m_process->setChildProcessModifier([] { ::setpgid(0, 0); });
#endif
    m_killTimer->setSingleShot(true);
    m_killTimer->setInterval(killGraceMs);
    connect(m_killTimer, &QTimer::timeout, this, [this] { signalGroup(SIGKILL); });
    connect(m_process, &QProcess::readyReadStandardOutput, this, [this] { readChannel(StreamChannel::Stdout); });
    connect(m_process, &QProcess::readyReadStandardError, this, [this] { readChannel(StreamChannel::Stderr); });
    connect(m_process, &QProcess::finished, this, &ChildProcess::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &ChildProcess::onErrorOccurred);
}

ChildProcess::~ChildProcess()
{
    if (m_process->state() != QProcess::NotRunning) {
        m_finishedEmitted = true; // nobody listens any more
        signalGroup(SIGKILL);
        m_process->waitForFinished(killGraceMs);
    }
}

void ChildProcess::setProgram(const QString &program, const QStringList &arguments)
{
    m_process->setProgram(program);
    m_process->setArguments(arguments);
}

void ChildProcess::setWorkingDirectory(const QString &directory)
{
    m_process->setWorkingDirectory(directory);
}

void ChildProcess::setEnvironment(const QProcessEnvironment &environment)
{
    m_process->setProcessEnvironment(environment);
}

void ChildProcess::start()
{
    m_startedAt = QDateTime::currentMSecsSinceEpoch();
    m_process->start(QIODevice::ReadWrite);
    // Children get an empty, closed stdin: a backend waiting for input must not hang.
    m_process->closeWriteChannel();
    m_processId = m_process->processId();
}

bool ChildProcess::isRunning() const
{
    return m_process->state() != QProcess::NotRunning;
}

void ChildProcess::terminateTree()
{
    if (m_process->state() == QProcess::NotRunning || m_terminating) {
        return;
    }
    m_terminating = true;
    signalGroup(SIGTERM);
    m_killTimer->start();
}

QString ChildProcess::outputTail() const
{
    return QString::fromUtf8(m_tail);
}

void ChildProcess::signalGroup(int signalNumber)
{
#ifdef Q_OS_UNIX
    if (m_processId > 0) {
        ::kill(-static_cast<pid_t>(m_processId), signalNumber);
    }
#else
    Q_UNUSED(signalNumber)
    m_process->kill();
#endif
}

void ChildProcess::readChannel(StreamChannel channel)
{
    m_process->setReadChannel(channel == StreamChannel::Stdout ? QProcess::StandardOutput : QProcess::StandardError);
    const QByteArray chunk = m_process->readAll();
    if (chunk.isEmpty()) {
        return;
    }
    m_tail.append(chunk);
    if (m_tail.size() > 2 * tailBytes) {
        m_tail.remove(0, m_tail.size() - tailBytes);
    }

    QByteArray &pending = m_pending[static_cast<int>(channel)];
    pending.append(chunk);
    qsizetype begin = 0;
    while (true) {
        const qsizetype newline = pending.indexOf('\n', begin);
        if (newline < 0) {
            break;
        }
        emitLine(channel, QByteArrayView(pending).sliced(begin, newline - begin));
        begin = newline + 1;
    }
    while (pending.size() - begin >= maxLineBytes) {
        emitLine(channel, QByteArrayView(pending).sliced(begin, maxLineBytes));
        begin += maxLineBytes;
    }
    pending.remove(0, begin);
}

void ChildProcess::emitLine(StreamChannel channel, QByteArrayView line)
{
    if (line.endsWith('\r')) {
        line.chop(1);
    }
    Q_EMIT lineRead(channel, QString::fromUtf8(line));
}

void ChildProcess::flushPartialLines()
{
    for (const StreamChannel channel : {StreamChannel::Stdout, StreamChannel::Stderr}) {
        QByteArray &pending = m_pending[static_cast<int>(channel)];
        if (!pending.isEmpty()) {
            emitLine(channel, pending);
            pending.clear();
        }
    }
    if (m_tail.size() > tailBytes) {
        m_tail.remove(0, m_tail.size() - tailBytes);
    }
}

void ChildProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    m_killTimer->stop();
    readChannel(StreamChannel::Stdout);
    readChannel(StreamChannel::Stderr);
    flushPartialLines();
    if (m_terminating) {
        // The leader is gone; make sure nothing it started lives on.
        signalGroup(SIGKILL);
    }
    if (m_finishedEmitted) {
        return;
    }
    m_finishedEmitted = true;
    ChildExit exit;
    exit.elapsedMs = QDateTime::currentMSecsSinceEpoch() - m_startedAt;
    exit.exitCode = exitCode;
    if (m_terminating) {
        exit.status = ChildExit::Status::Killed;
    } else if (status == QProcess::CrashExit) {
        exit.status = ChildExit::Status::Crashed;
        exit.errorString = m_process->errorString();
    } else {
        exit.status = ChildExit::Status::Exited;
    }
    Q_EMIT finished(exit);
}

void ChildProcess::onErrorOccurred(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart || m_finishedEmitted) {
        return; // crashes and the like arrive through finished()
    }
    m_finishedEmitted = true;
    ChildExit exit;
    exit.status = ChildExit::Status::FailedToStart;
    exit.errorString = m_process->errorString();
    // Emitted from the event loop so that start() never re-enters its caller.
    QTimer::singleShot(0, this, [this, exit] { Q_EMIT finished(exit); });
}

} // namespace Build
