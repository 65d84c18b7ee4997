// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace Readme {

/**
 * One problem found while rendering a long description the way PyPI does: a plain value,
 * cheap to copy, safe to pass between threads.
 *
 * code is stable (codeName() gives its identifier for JSON and for mapping onto check rule
 * codes); severity says what PyPI does about it: Error means PyPI refuses the upload (or
 * Slipway could not tell), Warning means the page will look different from what the author
 * wrote, Info is advice. line is the 1-based line in the description source, 0 when unknown.
 */
struct Finding {
    enum class Severity {
        Error,
        Warning,
        Info,
    };

    enum class Code {
        // Description-Content-Type
        ContentTypeMissing,   // absent: PyPI renders the description as reStructuredText
        ContentTypeMalformed, // not "type/subtype; param=value; ..."
        ContentTypeUnknown,   // not text/plain, text/x-rst or text/markdown: upload refused
        CharsetUnsupported,   // charset other than UTF-8: upload refused
        VariantIgnored,       // variant=CommonMark: PyPI renders GFM anyway
        VariantUnknown,       // variant neither GFM nor CommonMark: upload refused
        // Rendering
        TooLarge,        // larger than Slipway renders
        EmptyRendering,  // renders to nothing: upload refused
        RstProblem,      // a docutils warning or error: upload refused
        NotVerified,     // no Python with docutils, or the helper failed: could not check
        // What PyPI's sanitizer does to the rendered HTML
        HtmlTagRemoved,       // tag not on the allowlist, its text kept
        HtmlContentRemoved,   // <script>, <style>, <template>: removed with their content
        HtmlTagEscaped,       // GFM tagfilter turns <script>, <iframe>, ... into visible text
        HtmlAttributeRemoved, // attribute not on the allowlist for its tag
        UnsafeUrlRemoved,     // link or image with a scheme other than http, https, mailto
        HtmlTooDeep,          // nesting deeper than the sanitizer handles
        // Links and images
        RelativeLink,  // does not resolve on pypi.org
        RelativeImage, // does not display on pypi.org
        InsecureImage, // image over plain http
    };

    Code code = Code::NotVerified;
    Severity severity = Severity::Warning;
    QString message; // one line, plain language, names the construct
    int line = 0;    // 1-based line in the description source; 0 when unknown

    friend bool operator==(const Finding &, const Finding &) = default;
};

// Stable identifier of a code, e.g. "readme-html-tag-removed".
[[nodiscard]] QString codeName(Finding::Code code);
// "error", "warning" or "info".
[[nodiscard]] QString severityName(Finding::Severity severity);
// How to fix findings of this code, one sentence.
[[nodiscard]] QString hint(Finding::Code code);

} // namespace Readme
