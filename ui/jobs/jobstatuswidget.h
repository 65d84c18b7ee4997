// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QWidget>

class JobTracker;
class QHBoxLayout;
class QLabel;
class QProgressBar;
class QToolButton;
class TrackedJob;

// The status bar's view of the running jobs: per job its title and state, a progress bar
// (busy when the job cannot measure itself) and a Cancel button when the job can be stopped.
class JobStatusWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobStatusWidget)

public:
    explicit JobStatusWidget(JobTracker &tracker, QWidget *parent = nullptr);

private:
    struct Row {
        QWidget *container = nullptr;
        QLabel *label = nullptr;
        QProgressBar *progress = nullptr;
        QToolButton *cancel = nullptr;
    };

    void addRow(TrackedJob *job);
    void update(TrackedJob *job);
    void removeFinished();

    JobTracker &m_tracker;
    QHBoxLayout *m_layout = nullptr;
    QHash<TrackedJob *, Row> m_rows;
};
