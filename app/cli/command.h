// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>

class QTextStream;

namespace Cli {

// Exit codes shared by every headless command.
enum ExitCode : int {
    Success = 0,
    Failure = 1,    // the command ran and some item failed (a file unreadable, a check error, ...)
    UsageError = 2, // the command line itself was wrong
};

// Where a command writes. Commands never touch std::cout directly, so tests and
// wrappers can capture their output.
struct Console {
    QTextStream &out;
    QTextStream &err;
};

/**
 * One headless subcommand (`slipway inspect`, `slipway check`, ...).
 *
 * start() returns at once; the command emits finished() exactly once with its exit code,
 * possibly later from the event loop (network, child processes). Commands live on the
 * main thread and never construct a widget.
 */
class Command : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Command)

public:
    explicit Command(Console console, QObject *parent = nullptr)
        : QObject(parent)
        , m_console(console)
    {
    }

    // arguments excludes the program and the command name.
    virtual void start(const QStringList &arguments) = 0;

Q_SIGNALS:
    void finished(int exitCode);

protected:
    QTextStream &out() { return m_console.out; }
    QTextStream &err() { return m_console.err; }

private:
    Console m_console;
};

} // namespace Cli
