// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

#include <optional>

#include "core/check/distributionrules.h"
#include "core/check/finding.h"
#include "core/readme/renderer.h"

namespace Check {

/**
 * The SW4xx rendering rules: what PyPI's renderer (readme_renderer 45 with nh3) does to a long
 * description, from core/readme's findings.
 *
 * verifyDescriptionInProcess() handles everything that needs no child process: Markdown is
 * rendered with core/readme (cmark-gfm and the sanitizer) and plain text never fails; it
 * returns nullopt for reStructuredText (also the default when Description-Content-Type is
 * absent), which must go through docutils (RstBatch). A content type PyPI refuses is reported
 * by the metadata rules (SW214-SW216), so such descriptions are not rendered at all.
 * Pure functions, thread-safe.
 */
[[nodiscard]] std::optional<QList<Finding>> verifyDescriptionInProcess(const DescriptionSource &description);

// Findings for a reStructuredText rendering (docutils problems, sanitizer, links and images).
[[nodiscard]] QList<Finding> rstRenderFindings(const Readme::RenderResult &result);

// For a reStructuredText description: the findings docutils' rendering would give when
// Readme::validateRst proves it clean, without running docutils; nullopt when docutils must
// decide, with the validator's reason in *reason.
[[nodiscard]] std::optional<QList<Finding>> verifyRstNatively(const QString &text, QString *reason = nullptr);

// Maps one core/readme finding to its check finding; nullopt for content type findings, which
// the metadata rules report.
[[nodiscard]] std::optional<Finding> fromReadmeFinding(const Readme::Finding &finding);

} // namespace Check
