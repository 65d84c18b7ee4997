// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/jobs/jobstatuswidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

#include "ui/jobs/jobtracker.h"

JobStatusWidget::JobStatusWidget(JobTracker &tracker, QWidget *parent)
    : QWidget(parent)
    , m_tracker(tracker)
{
    setObjectName(QStringLiteral("jobStatus"));
    m_layout = new QHBoxLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(12);
    connect(&m_tracker, &JobTracker::jobStarted, this, &JobStatusWidget::addRow);
    connect(&m_tracker, &JobTracker::jobsChanged, this, &JobStatusWidget::removeFinished);
    for (TrackedJob *job : m_tracker.runningJobs()) {
        addRow(job);
    }
    setVisible(!m_rows.isEmpty());
}

void JobStatusWidget::addRow(TrackedJob *job)
{
    Row row;
    row.container = new QWidget(this);
    row.container->setObjectName(QStringLiteral("jobRow"));
    auto *layout = new QHBoxLayout(row.container);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    row.label = new QLabel(row.container);
    row.label->setObjectName(QStringLiteral("jobLabel"));
    row.progress = new QProgressBar(row.container);
    row.progress->setObjectName(QStringLiteral("jobProgress"));
    row.progress->setFixedWidth(140);
    row.progress->setMaximumHeight(row.label->sizeHint().height() + 2);
    row.progress->setTextVisible(false);
    row.cancel = new QToolButton(row.container);
    row.cancel->setObjectName(QStringLiteral("jobCancelButton"));
    row.cancel->setText(tr("Cancel"));
    row.cancel->setToolTip(tr("Cancel %1").arg(job->title()));
    row.cancel->setAutoRaise(true);
    row.cancel->setVisible(job->canCancel());
    layout->addWidget(row.label);
    layout->addWidget(row.progress);
    layout->addWidget(row.cancel);
    m_layout->addWidget(row.container);
    m_rows.insert(job, row);
    connect(row.cancel, &QToolButton::clicked, job, &TrackedJob::cancel);
    connect(job, &TrackedJob::changed, this, [this, job] { update(job); });
    update(job);
    setVisible(true);
}

void JobStatusWidget::update(TrackedJob *job)
{
    const auto it = m_rows.constFind(job);
    if (it == m_rows.cend()) {
        return;
    }
    const Row &row = *it;
    row.label->setText(job->description().isEmpty() ? job->title()
                                                     : tr("%1: %2").arg(job->title(), job->description()));
    if (job->total() <= 0 || job->done() < 0) {
        row.progress->setRange(0, 0);
    } else {
        // QProgressBar takes int: scale large byte counts to per-mille.
        row.progress->setRange(0, 1000);
        row.progress->setValue(int(qBound(qint64(0), job->done() * 1000 / job->total(), qint64(1000))));
    }
    row.cancel->setEnabled(!job->cancelRequested());
}

void JobStatusWidget::removeFinished()
{
    const QList<TrackedJob *> running = m_tracker.runningJobs();
    for (auto it = m_rows.begin(); it != m_rows.end();) {
        if (!running.contains(it.key())) {
            it->container->hide();
            it->container->deleteLater();
            it = m_rows.erase(it);
        } else {
            ++it;
        }
    }
    setVisible(!m_rows.isEmpty());
}
