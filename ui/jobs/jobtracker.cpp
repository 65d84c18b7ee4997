// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/jobs/jobtracker.h"

TrackedJob::TrackedJob(QString title, std::function<void()> cancel, QObject *parent)
    : QObject(parent)
    , m_title(std::move(title))
    , m_cancel(std::move(cancel))
{
}

void TrackedJob::setDescription(const QString &description)
{
    if (m_finished || description == m_description) {
        return;
    }
    m_description = description;
    Q_EMIT changed();
}

void TrackedJob::setProgress(qint64 done, qint64 total)
{
    if (m_finished || (done == m_done && total == m_total)) {
        return;
    }
    m_done = done;
    m_total = total;
    Q_EMIT changed();
}

void TrackedJob::setBusy()
{
    setProgress(-1, -1);
}

void TrackedJob::cancel()
{
    if (m_finished || m_cancelRequested || !m_cancel) {
        return;
    }
    m_cancelRequested = true;
    m_description = tr("Cancelling…");
    Q_EMIT changed();
    m_cancel();
}

void TrackedJob::finish(Outcome outcome, const QString &message)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    Q_EMIT finished(outcome, message);
}

JobTracker::JobTracker(QObject *parent)
    : QObject(parent)
{
}

TrackedJob *JobTracker::begin(const QString &title, std::function<void()> cancel)
{
    auto *job = new TrackedJob(title, std::move(cancel), this);
    m_jobs.append(job);
    connect(job, &TrackedJob::changed, this, &JobTracker::jobsChanged);
    connect(job, &TrackedJob::finished, this, [this, job](TrackedJob::Outcome outcome, const QString &message) {
        m_jobs.removeAll(job);
        job->deleteLater();
        Q_EMIT jobFinished(job->title(), outcome, message);
        Q_EMIT jobsChanged();
    });
    Q_EMIT jobStarted(job);
    Q_EMIT jobsChanged();
    return job;
}

QList<TrackedJob *> JobTracker::runningJobs() const
{
    QList<TrackedJob *> jobs;
    for (const QPointer<TrackedJob> &job : m_jobs) {
        if (job) {
            jobs.append(job);
        }
    }
    return jobs;
}
