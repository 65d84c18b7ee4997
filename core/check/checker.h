// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include <atomic>
#include <optional>

#include "core/check/checkoptions.h"
#include "core/check/distributionrules.h"
#include "core/check/finding.h"
#include "core/readme/renderer.h"

namespace Check {

class RstBatch;

/**
 * Checks distribution files against everything PyPI would refuse or render badly: a job that
 * runs on the thread that owns it (usually the main thread) and reports through signals.
 *
 * start() returns at once. Each file is read and inspected on a worker thread (QtConcurrent on
 * the checker's own pool, several files in parallel); long descriptions are then rendered
 * (reStructuredText that Readme::validateRst cannot prove clean through docutils child
 * processes shared by all files, started only when such a description comes). fileChecked() is
 * emitted once per file as soon as its report is complete (in completion order), finished()
 * exactly once after the last one; reports() then holds every report in the order of the
 * paths given. A file that cannot be read is a report with an SW100/SW101 finding, never a
 * failure of the job. Under CheckOptions::strict every warning is reported as an error.
 *
 * cancel() stops early: finished() is still emitted, and the reports of unfinished files are
 * left empty. Destroying a running checker cancels it and waits for its worker threads.
 */
class Checker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Checker)

public:
    explicit Checker(const CheckOptions &options = {}, QObject *parent = nullptr);
    ~Checker() override;

    // Call once. An empty list finishes at once (from the event loop).
    void start(const QStringList &paths);
    void cancel();

    [[nodiscard]] bool isFinished() const { return m_finished; }
    [[nodiscard]] const QList<FileReport> &reports() const { return m_reports; }
    [[nodiscard]] const CheckOptions &options() const { return m_options; }

    // The report for one file from its findings: strict promotion of warnings, then the verdict.
    [[nodiscard]] static FileReport makeReport(const QString &path, QList<Finding> findings, bool strict);

Q_SIGNALS:
    void fileChecked(int index, const Check::FileReport &report);
    void finished();

private:
    struct Pending {
        QList<Finding> findings;
        std::optional<DescriptionSource> description;
        bool inspected = false;
        bool done = false;
    };

    // The docutils helper, created on first use.
    RstBatch *rstBatch();
    void onInspected(int index, Inspection inspection);
    void onRendered(int index, const Readme::RenderResult &result);
    void complete(int index);
    void finishIfDone();

    CheckOptions m_options;
    QThreadPool m_pool;
    std::atomic<bool> m_cancel{false};
    QStringList m_paths;
    QList<Pending> m_pending;
    QList<FileReport> m_reports;
    RstBatch *m_rst = nullptr; // null until a description needs docutils
    int m_remaining = 0;
    int m_uninspected = 0;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace Check
