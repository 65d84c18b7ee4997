// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "core/check/rstcache.h"
#include "core/readme/renderer.h"

class QProcess;
class QTimer;

namespace Check {

/**
 * Renders the reStructuredText descriptions of one check run through a few long-lived docutils
 * child processes (resources/python/check_rst_batch.py driving core/readme's readme_rst.py), so
 * that Python starts and imports docutils once per process however many files are checked.
 * One process starts at once (prepare()); once its interpreter has proved it can import
 * docutils, more start (up to the number of cores) while documents wait. Each process has at
 * most two documents in flight; identical sources are rendered once.
 *
 * The interpreter is the first of Readme::RenderJob::pythonCandidates() that can import
 * docutils. When none can, a helper fails, or no answer comes for `timeout`, the documents
 * concerned get a not-verified result that says what to install or what went wrong.
 *
 * With a cache directory, answers are kept between runs (RstCache): a description rendered
 * before in the same environment is answered from disk without starting Python, and
 * prepare() then leaves Python unstarted until a document misses. Such an answer usually
 * carries the findings only, no HTML (RstCache keeps the judgement, not a sanitized page).
 *
 * rendered() is emitted once per render() call, always from the event loop (never from within
 * render()). Lives in the thread that created it; not thread-safe.
 */
class RstBatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RstBatch)

public:
    // cacheDirectory empty: no cache.
    explicit RstBatch(const QString &configuredPython, const QString &cacheDirectory = {}, QObject *parent = nullptr);
    ~RstBatch() override;

    // Starts the first helper now, before any document, so that Python's start and the
    // docutils import overlap with reading the archives. A no-op once started.
    void prepare();
    void render(int id, const QString &source);
    // No more documents will come: the helpers may exit once they have answered.
    void finishInput();
    // Stops the helpers; every pending document is answered as not verified.
    void cancel();

    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    void setMaxProcesses(int count) { m_maxProcesses = std::max(1, count); }

Q_SIGNALS:
    void rendered(int id, const Readme::RenderResult &result);

private:
    struct Document {
        QString source;
        QList<int> ids;
        std::optional<Readme::RenderResult> result;
        bool assigned = false;
    };
    struct Worker {
        quint64 id = 0; // never reused, unlike addresses
        QProcess *process = nullptr;
        QByteArray stdoutBuffer;
        QByteArray stderrBuffer;
        QList<qsizetype> inFlight; // documents sent and not yet answered, in order
        bool ready = false;        // said "ready": its interpreter imports docutils
        int answered = 0;
    };

    void startWorker();
    void dispatch();
    void readWorker(Worker *worker);
    void workerFinished(Worker *worker, int exitCode, bool crashed);
    void workerFailedToStart(quint64 workerId);
    void removeWorker(Worker *worker);
    void stopAll();
    void answer(qsizetype document, Readme::RenderResult result);
    void failDocuments(const QList<qsizetype> &documents, const QString &message);
    void failEverything(const QString &message);
    void nextCandidate();
    void restartTimer();
    [[nodiscard]] bool hasPending() const;

    QStringList m_candidates;
    QStringList m_attempts;
    qsizetype m_candidate = 0;
    quint64 m_nextWorkerId = 1;
    bool m_interpreterConfirmed = false;
    bool m_prepared = false;
    std::vector<std::unique_ptr<Worker>> m_workers;
    QList<Document> m_documents;
    QHash<QString, qsizetype> m_bySource;
    QList<qsizetype> m_queue; // documents waiting for a helper, in order
    QByteArray m_driver;
    QByteArray m_helper;
    RstCache m_cache;
    QTimer *m_timer = nullptr;
    std::chrono::milliseconds m_timeout{std::chrono::minutes(2)};
    int m_maxProcesses = 1;
    bool m_inputFinished = false;
    bool m_failed = false;
    QString m_failure; // why every later document is not verified
};

} // namespace Check
