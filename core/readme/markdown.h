// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include "core/readme/finding.h"

namespace Readme::Markdown {

/**
 * GitHub-Flavored Markdown to HTML as PyPI's renderer produces it before sanitizing:
 * cmark-gfm with the extensions table, autolink, tagfilter, strikethrough and tasklist and
 * the options UNSAFE (raw HTML is left to the sanitizer) and FOOTNOTES, then the steps that
 * make it match readme_renderer 45 (comrak + Pygments), done on the syntax tree:
 *  - each heading starts with comrak's anchor, <a href="#id" aria-hidden="true" class="anchor"
 *    id="user-content-id"></a>, with ids from Readme::Anchorizer;
 *  - a fenced code block with a language becomes <pre lang="LANG">code</pre> (what
 *    readme_renderer's Pygments step leaves once its highlighting spans are removed; "python"
 *    is written "python3" as readme_renderer aliases it; leading and trailing blank lines
 *    dropped as Pygments does).
 * The rewriting of "#x" links to "#user-content-x" happens in the sanitizer (SanitizeOptions).
 *
 * When markerNonce is set, raw HTML and links carry source-line markers for the sanitizer
 * (core/readme/sourcemarkers.h). findings, when given, receives what GFM's tagfilter escapes.
 *
 * Thread-safe: cmark-gfm 0.29.0.gfm.6 keeps process-wide tables that attaching extensions
 * changes, so parses are serialized on a mutex. Never throws.
 */
[[nodiscard]] QString toHtml(const QString &source, const QString &markerNonce = {}, QList<Finding> *findings = nullptr);

} // namespace Readme::Markdown
