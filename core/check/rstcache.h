// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

#include "core/readme/renderer.h"

namespace Check {

/**
 * Renderings of reStructuredText descriptions kept on disk between check runs: the docutils
 * helper's JSON answer, by the SHA-256 of the source. Checking the same README again (the
 * wheel built after the sdist, the check before each upload) then starts no Python at all.
 *
 * Answers are only reused for the same helpers and interpreter candidates, and while the
 * files that decide a rendering are unchanged (size and modification time of the interpreter,
 * docutils' and pygments' __init__.py, as the helper reported them on its last start).
 * Upgrading docutils therefore invalidates everything. Files are written atomically; a
 * missing, unreadable or corrupt entry is a miss. Only answers of a verified rendering are
 * stored. A value type that does blocking but small file I/O; use it from one thread.
 *
 * Beside each answer the cache keeps its judgement: the findings and verified flag that
 * Readme::rstResultFromHelperOutput() derived from exactly these answer bytes, so that a warm
 * run neither parses the answer nor sanitizes its HTML again. A judgement holds only for the
 * Slipway build that made it (Util::buildIdentity()) and the HTML policy it applied; any other
 * build or policy judges the answer afresh and replaces it.
 */
class RstCache final
{
public:
    // The default directory: $XDG_CACHE_HOME/slipway/check-rst (or the platform's cache
    // folder).
    [[nodiscard]] static QString defaultDirectory();

    // directory empty: a disabled cache (never finds, never stores).
    RstCache(const QString &directory, const QStringList &interpreterCandidates, const QByteArray &helperSources);

    // Whether an earlier run recorded the helper's environment and it is still the same.
    [[nodiscard]] bool isUsable() const { return !m_entryDirectory.isEmpty(); }

    // The rendering of `source` from an earlier run. From a kept judgement its html is empty
    // (a check needs only the findings); otherwise the answer is judged now and the judgement
    // kept for later runs.
    [[nodiscard]] std::optional<Readme::RenderResult> find(const QString &source);
    // Keeps the helper's answer for `source` and `judged`, what it was judged to be.
    void insert(const QString &source, const QByteArray &helperAnswer, const Readme::RenderResult &judged);

    // The file list from the helper's "ready" line; makes the cache usable (and records it for
    // later runs) when the list is well-formed.
    void setEnvironment(const QByteArray &fileListJson);

private:
    [[nodiscard]] static bool matches(const QByteArray &fileListJson);
    void useEnvironment(const QByteArray &fileListJson);
    [[nodiscard]] QString entryPath(const QString &source) const;
    void keepJudgement(const QString &entry, const QByteArray &helperAnswer, const Readme::RenderResult &judged);

    QString m_directory;
    QString m_resolutionKey;
    QString m_entryDirectory;
    QByteArray m_environment;
};

} // namespace Check
