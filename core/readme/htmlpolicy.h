// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QSet>
#include <QString>

namespace Readme {

/**
 * What an HTML sanitizer lets through, as data: the allowed tags, the attributes allowed on
 * every tag and per tag, the URL schemes allowed in link and image addresses, the rel value
 * added to every link, and attributes forced onto a tag. pypi() is the allowlist PyPI's
 * readme_renderer passes to nh3 (ammonia); see docs/readme-rendering.md for its sources.
 * A plain, immutable value once built; pypi() is safe to use from any thread.
 */
struct HtmlPolicy {
    QSet<QString> tags;                      // lower-case HTML tag names kept
    QSet<QString> cleanContentTags;          // removed together with everything inside them
    QSet<QString> genericAttributes;         // allowed on every kept tag ("*")
    QHash<QString, QSet<QString>> tagAttributes;
    QSet<QString> urlSchemes;                // lower-case; relative URLs are always kept
    QString linkRel;                         // set on every <a>; empty: none
    QHash<QString, QHash<QString, QString>> forcedAttributes; // tag -> attribute -> value

    [[nodiscard]] bool allowsAttribute(const QString &tag, const QString &attribute) const
    {
        return genericAttributes.contains(attribute) || tagAttributes.value(tag).contains(attribute);
    }

    [[nodiscard]] static const HtmlPolicy &pypi();
};

// Whether an attribute holds a URL whose scheme the sanitizer checks (ammonia's list).
[[nodiscard]] bool isUrlAttribute(const QString &tag, const QString &attribute);

} // namespace Readme
