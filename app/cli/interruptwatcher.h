// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace Cli {

/**
 * Turns Ctrl-C, SIGTERM and SIGHUP into the interrupted() signal for as long as it lives, so a
 * long command can cancel its job and still report (and clean up) from the event loop instead
 * of dying mid-write. The signal handler only writes a byte to a pipe (all it may safely do);
 * the default handlers come back when the watcher is destroyed. One watcher at a time.
 */
class InterruptWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InterruptWatcher)

public:
    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

    [[nodiscard]] int count() const { return m_count; }

Q_SIGNALS:
    // Emitted once per signal received; count() says how many so far.
    void interrupted();

private:
    QSocketNotifier *m_notifier = nullptr;
    int m_count = 0;
};

} // namespace Cli
