// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

class JobTracker;

/**
 * One long job as the window shows it: a title, a description of where it is, progress (or
 * busy), an optional way to cancel it, and exactly one result. Pages create it through
 * JobTracker::begin() next to the core job they run and finish() it from the job's result;
 * the tracker deletes it after the result.
 */
class TrackedJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrackedJob)

public:
    enum class Outcome { Succeeded, Failed, Cancelled };
    Q_ENUM(Outcome)

    [[nodiscard]] QString title() const { return m_title; }
    [[nodiscard]] QString description() const { return m_description; }
    // -1 when busy (no measurable progress); else done out of total.
    [[nodiscard]] qint64 done() const { return m_done; }
    [[nodiscard]] qint64 total() const { return m_total; }
    [[nodiscard]] bool canCancel() const { return static_cast<bool>(m_cancel); }
    [[nodiscard]] bool isFinished() const { return m_finished; }
    [[nodiscard]] bool cancelRequested() const { return m_cancelRequested; }

    void setDescription(const QString &description);
    void setProgress(qint64 done, qint64 total);
    void setBusy();
    // Asks the job to stop; its result still comes through finish().
    void cancel();
    // The one result; later calls are ignored.
    void finish(Outcome outcome, const QString &message);

Q_SIGNALS:
    void changed();
    void finished(TrackedJob::Outcome outcome, const QString &message);

private:
    friend class JobTracker;
    TrackedJob(QString title, std::function<void()> cancel, QObject *parent);

    QString m_title;
    QString m_description;
    qint64 m_done = -1;
    qint64 m_total = -1;
    std::function<void()> m_cancel;
    bool m_cancelRequested = false;
    bool m_finished = false;
};

/**
 * The running jobs of the window, for the status bar (JobStatusWidget) and for tests.
 * Main thread only; owns the TrackedJob objects until their result.
 */
class JobTracker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobTracker)

public:
    explicit JobTracker(QObject *parent = nullptr);

    // cancel may be empty: the job cannot be stopped (the status bar shows no Cancel for it).
    TrackedJob *begin(const QString &title, std::function<void()> cancel = {});
    [[nodiscard]] QList<TrackedJob *> runningJobs() const;

Q_SIGNALS:
    void jobStarted(TrackedJob *job);
    void jobFinished(const QString &title, TrackedJob::Outcome outcome, const QString &message);
    void jobsChanged();

private:
    QList<QPointer<TrackedJob>> m_jobs;
};
