// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <chrono>

#include "core/readme/contenttype.h"
#include "core/readme/renderer.h"

class QProcess;
class QTimer;

namespace Readme {

struct RenderOptions {
    // The Python that renders reStructuredText. Empty: `python3` on PATH, then /usr/bin/python3,
    // the first of them that can import docutils. When set, only that interpreter is tried.
    QString python;
    // How long the docutils helper may run before it is stopped (not verified).
    std::chrono::milliseconds timeout{std::chrono::minutes(2)};
};

/**
 * Renders one long description of any content type as PyPI shows it, without blocking.
 *
 * start() returns at once; finished() is emitted exactly once, later, from the event loop of
 * the job's thread. Markdown and plain text are rendered on the global thread pool
 * (QtConcurrent); reStructuredText runs the docutils helper (resources/python/readme_rst.py)
 * with the user's Python through QProcess, `-I -Xutf8=1`, source on stdin, JSON on stdout.
 * The content type's own findings come first in the result. When no usable Python or
 * docutils is found, or the helper fails or times out, the result is not verified and says
 * what to install. cancel() stops the work and finishes with a not-verified result.
 * Lives in the thread that created it; not thread-safe.
 */
class RenderJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RenderJob)

public:
    RenderJob(const QString &source, const ContentType &contentType, const RenderOptions &options = {},
              QObject *parent = nullptr);
    ~RenderJob() override;

    void start();
    void cancel();

    [[nodiscard]] bool isFinished() const { return m_finished; }
    [[nodiscard]] const RenderResult &result() const { return m_result; }

    // The interpreters tried for reStructuredText, in order, for the given setting.
    [[nodiscard]] static QStringList pythonCandidates(const QString &configured);

Q_SIGNALS:
    void finished(const Readme::RenderResult &result);

private:
    void run();
    void renderInProcess();
    void startNextPython();
    void pythonFinished(int exitCode, bool crashed);
    void finish(RenderResult result);
    void finishNotVerified(const QString &message);
    void stopProcess();

    QString m_source;
    ContentType m_contentType;
    RenderOptions m_options;
    RenderResult m_result;
    bool m_started = false;
    bool m_finished = false;

    QStringList m_candidates;
    QStringList m_attempts; // one line per interpreter tried and why it did not do
    QPointer<QProcess> m_process;
    QTimer *m_timer = nullptr;
    QByteArray m_stdout;
    QByteArray m_stderr;
    bool m_outputTooLarge = false;
};

// Reads the docutils helper's JSON output into a result (html sanitized, problems as findings).
// Exposed for tests.
[[nodiscard]] RenderResult rstResultFromHelperOutput(const QByteArray &json);

} // namespace Readme
