// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include "core/readme/finding.h"
#include "core/readme/htmlpolicy.h"

namespace Readme {

struct SanitizeOptions {
    // Report tags and attributes the policy removes (HtmlTagRemoved, HtmlContentRemoved,
    // HtmlAttributeRemoved). Off for reStructuredText, whose markup docutils writes, not the author.
    bool reportMarkup = true;
    // Report relative links and images and images over http (links with a refused scheme are
    // reported whenever reportMarkup or reportLinks is on).
    bool reportLinks = true;
    // When set, href="#x" becomes href="#<prefix>x" (not for footnote links, nor when already
    // prefixed), as readme_renderer does for Markdown since 45.0.
    QString fragmentPrefix;
    // Source-line markers of the Markdown renderer (core/readme/sourcemarkers.h); empty: none,
    // every tag counts as written by the author and findings have line 0.
    QString markerNonce;
    // Nesting deeper than this (estimated before parsing) is not parsed: the HTML5 tree builder
    // is quadratic in nesting depth. The result is then empty with an HtmlTooDeep error.
    int maxDepth = 4000;
};

struct SanitizeResult {
    QString html;
    QList<Finding> findings;
};

/**
 * Cleans an HTML fragment the way nh3 (ammonia) does for PyPI: parsed with a real HTML5
 * parser (gumbo, as a fragment in a <div>), then rebuilt from the tree keeping only what the
 * policy allows. Disallowed tags are dropped and their content kept, except for the policy's
 * clean-content tags (script, style) and <template>, dropped whole; comments are dropped;
 * attributes not allowed for their tag are dropped; URL attributes with a scheme outside the
 * policy, or that are not valid URLs, are dropped; every <a> gets the policy's rel; forced
 * attributes are set. Text and attribute values are escaped on output as html5ever does.
 *
 * Pure function of its arguments, thread-safe, never throws; any input yields a result.
 */
[[nodiscard]] SanitizeResult sanitizeHtml(const QString &html, const HtmlPolicy &policy = HtmlPolicy::pypi(),
                                          const SanitizeOptions &options = {});

// How a URL attribute value is read (WHATWG URL parsing, as ammonia does through rust-url).
struct UrlClass {
    enum class Kind {
        Relative, // no scheme: "#x", "docs/a.md", "/a", "//host/a"
        Absolute, // a scheme; for http(s) also a plausible host
        Invalid,  // a special scheme (http, https, ...) with no or a malformed host
    };
    Kind kind = Kind::Relative;
    QString scheme; // lower-case, for Absolute and Invalid
};

[[nodiscard]] UrlClass classifyUrl(const QString &url);

// An upper bound on how deep an HTML5 parser would nest the elements of html, from a light
// scan of its tags (void and self-closed elements and implied end tags accounted for).
[[nodiscard]] int estimateNestingDepth(QByteArrayView utf8Html);

} // namespace Readme
