// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <optional>

#include "core/readme/finding.h"

namespace Readme {

enum class Format {
    ReStructuredText,
    Markdown,
    PlainText,
};

/**
 * A Description-Content-Type value read the way PyPI reads it (packaging's metadata
 * validator, then Warehouse's renderer choice). A plain value; parse() never fails: what
 * PyPI would refuse or ignore is reported in findings, and format says how the description
 * is rendered regardless (reStructuredText when the value is absent, as on PyPI; plain text
 * for a type PyPI does not know, so that a preview still shows something).
 */
struct ContentType {
    Format format = Format::ReStructuredText;
    QString mimeType;         // lower-cased "type/subtype"; "text/x-rst" when defaulted
    QString charset;          // as written, empty when absent
    QString variant;          // as written, empty when absent
    bool defaulted = false;   // the value was empty: PyPI assumes text/x-rst
    bool recognized = true;   // one of text/plain, text/x-rst, text/markdown
    QList<Finding> findings;  // content type problems, with line 0

    [[nodiscard]] static ContentType parse(const QString &value);

    // The content type that pyproject.toml's `readme = "FILE"` implies: .md is Markdown, .rst is
    // reStructuredText (case-insensitive). For convenience on the command line .markdown, .rest
    // and .txt are accepted too. nullopt for any other suffix.
    [[nodiscard]] static std::optional<ContentType> fromFileName(const QString &fileName);

    // The canonical value to write into metadata, e.g. "text/markdown; charset=UTF-8; variant=GFM".
    [[nodiscard]] QString toString() const;
};

} // namespace Readme
