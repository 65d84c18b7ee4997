// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include "core/readme/finding.h"

namespace Readme {

/**
 * What the native reStructuredText validator concluded about a long description.
 *
 * Clean: docutils with PyPI's settings (resources/python/readme_rst.py) would report no
 * system message of level 2 (warning) or more, the rendering would not be empty, and findings
 * holds exactly what Slipway derives from docutils' HTML (rstResultFromHelperOutput(): links and
 * images that the sanitizer reports, in document order). NeedsDocutils: the validator cannot
 * prove that; reason says why (for tests and the debug log), line where (0: unknown).
 */
struct RstValidation {
    enum class Verdict {
        Clean,
        NeedsDocutils,
    };

    Verdict verdict = Verdict::NeedsDocutils;
    QList<Finding> findings; // Clean only
    QString reason;          // NeedsDocutils only
    int line = 0;

    [[nodiscard]] bool isClean() const { return verdict == Verdict::Clean; }
};

/**
 * A conservative validator for reStructuredText long descriptions, so that `slipway check`
 * need not start docutils for ordinary READMEs. It recognises a subset of reStructuredText
 * with docutils 0.19's own rules (block structure from docutils.parsers.rst.states, inline
 * markup with the regular expressions of its Inliner, generated into rstinlinepatterns.h):
 * section titles, paragraphs, inline markup, hyperlink references and targets, standalone
 * URIs, bullet, enumerated (arabic), definition and field lists, literal and doctest blocks,
 * block quotes, comments, image, figure, code, admonition and contents directives, and image
 * substitutions. Everything else, and everything it is not sure about, is NeedsDocutils: a
 * NeedsDocutils costs a docutils run, a wrong Clean would pass a README that PyPI refuses.
 *
 * Pure function of its input, thread-safe, never throws.
 */
[[nodiscard]] RstValidation validateRst(const QString &source);

} // namespace Readme
