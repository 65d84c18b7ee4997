// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

#include "core/readme/renderer.h"

class QProcess;
class QTimer;

namespace Check {

/**
 * Renders the reStructuredText descriptions of one check run through a single docutils child
 * process (resources/python/check_rst_batch.py driving core/readme's readme_rst.py), so that
 * Python starts and imports docutils once however many files are checked. Documents are sent
 * as they arrive and answered in order; identical sources are rendered once.
 *
 * The interpreter is the first of Readme::RenderJob::pythonCandidates() that can import
 * docutils. When none can, the helper fails or stays silent for `timeout`, the documents
 * still pending get a not-verified result that says what to install.
 *
 * rendered() is emitted once per render() call, always from the event loop (never from within
 * render()). Lives in the thread that created it; not thread-safe.
 */
class RstBatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RstBatch)

public:
    explicit RstBatch(const QString &configuredPython, QObject *parent = nullptr);
    ~RstBatch() override;

    void render(int id, const QString &source);
    // No more documents will come: the helper may exit once it has answered.
    void finishInput();
    // Stops the helper; every pending document is answered as not verified.
    void cancel();

    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

Q_SIGNALS:
    void rendered(int id, const Readme::RenderResult &result);

private:
    struct Document {
        QString source;
        QList<int> ids;
        std::optional<Readme::RenderResult> result;
    };

    void startNextCandidate();
    void sendPending();
    void readAnswers();
    void processFinished(int exitCode, bool crashed);
    void processFailedToStart();
    void answer(qsizetype document, Readme::RenderResult result);
    void failPending(const QString &message);
    void restartTimer();

    QStringList m_candidates;
    QStringList m_attempts;
    qsizetype m_candidate = -1;
    QList<Document> m_documents;
    QHash<QString, qsizetype> m_bySource;
    qsizetype m_sent = 0;     // documents written to the current process
    qsizetype m_answered = 0; // documents answered (by any process)
    qsizetype m_answeredByProcess = 0;
    QPointer<QProcess> m_process;
    QTimer *m_timer = nullptr;
    QByteArray m_stdout;
    QByteArray m_stderr;
    std::chrono::milliseconds m_timeout{std::chrono::minutes(2)};
    bool m_inputFinished = false;
    bool m_failed = false;
};

} // namespace Check
