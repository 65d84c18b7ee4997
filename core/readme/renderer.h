// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include "core/readme/contenttype.h"
#include "core/readme/finding.h"

namespace Readme {

// Descriptions larger than this (UTF-8 bytes) are not rendered (Finding::Code::TooLarge).
inline constexpr qsizetype maxSourceBytes = 8 * 1024 * 1024;

/**
 * A long description rendered as PyPI shows it: the sanitized HTML body, the findings (sorted
 * by line, content type findings first), and whether the rendering could be checked at all.
 */
struct RenderResult {
    QString html;            // the HTML body PyPI would show; a best-effort preview when PyPI refuses it
    QList<Finding> findings; // Error: PyPI refuses the upload; Warning: the page looks different
    bool verified = true;    // false: no Python with docutils, helper failure, cancelled, too large

    // Whether PyPI would refuse the upload because of its description.
    [[nodiscard]] bool hasErrors() const;
};

/**
 * Synchronous renderers for the formats Slipway renders in-process. Pure functions of their
 * input, thread-safe, never throw. They do not report content type findings; RenderJob adds
 * them. For reStructuredText, which needs Python and docutils, use RenderJob.
 */
// GitHub-Flavored Markdown through cmark-gfm, the comrak additions and the sanitizer.
[[nodiscard]] RenderResult renderMarkdown(const QString &source);
// Escaped text, line breaks as <br>, in a <pre> block.
[[nodiscard]] RenderResult renderPlainText(const QString &source);

} // namespace Readme
