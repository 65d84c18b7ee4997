// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <expected>
#include <optional>

#include "core/metadata/marker.h"
#include "core/metadata/specifier.h"

namespace Metadata {

/**
 * A PEP 508 dependency specifier ("requests[socks]>=2.8; python_version<'3.10'",
 * "pkg @ https://host/pkg.whl"), parsed with packaging's (23+) grammar and URL rules.
 *
 * A plain value type; thread-safe to read. parse() errors name the problem and the 1-based
 * column, e.g. "Expected end or semicolon (after version specifier) at column 12".
 */
class Requirement final
{
public:
    [[nodiscard]] static std::expected<Requirement, QString> parse(QStringView text);

    // As written (not normalized); see normalizedName().
    QString name() const { return m_name; }
    QString normalizedName() const;
    // As written, without duplicates, in the order written.
    QStringList extras() const { return m_extras; }
    const SpecifierSet &specifiers() const { return m_specifiers; }
    // Empty unless "name @ URL".
    QString url() const { return m_url; }
    const std::optional<Marker> &marker() const { return m_marker; }

    // Like str(Requirement): "name[a,b]<2,>=1; python_version < \"3\"", "name@ URL ; marker".
    QString toString() const;

private:
    QString m_name;
    QStringList m_extras;
    SpecifierSet m_specifiers;
    QString m_url;
    std::optional<Marker> m_marker;
};

} // namespace Metadata
