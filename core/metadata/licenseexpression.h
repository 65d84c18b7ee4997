// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <expected>

namespace Metadata {

struct LicenseExpressionError {
    enum class Code {
        Invalid,          // syntax: empty, unbalanced parentheses, two ids in a row, ...
        UnknownLicense,   // an id not on the SPDX license list
        UnknownException, // an id after WITH not on the SPDX exception list
        InvalidLicenseRef // LicenseRef-<x> with characters outside [A-Za-z0-9.-]
    };
    Code code = Code::Invalid;
    QString message; // packaging's wording, e.g. "Unknown license: 'foo'"
};

/**
 * An SPDX license expression as PEP 639 `license` / `License-Expression`, validated and
 * canonicalised exactly like packaging.licenses.canonicalize_license_expression (which
 * Warehouse uses): identifiers are case-insensitive and normalised to SPDX casing from the
 * bundled lists (:/slipway/data/spdx-license-ids*.txt, spdx-exceptions.txt), operators
 * become AND/OR/WITH, `LicenseRef-...` keeps its spelling after the prefix, a trailing `+`
 * is kept. Deprecated SPDX ids (GPL-3.0, ...) are accepted as packaging accepts them; they
 * are listed in deprecatedIds() so a check can warn.
 *
 * Value type; the lists are loaded once and immutable, so parse() is thread-safe.
 */
class LicenseExpression final
{
public:
    [[nodiscard]] static std::expected<LicenseExpression, LicenseExpressionError> parse(QStringView expression);

    // The canonical spelling, e.g. "mit or (apache-2.0 with llvm-exception)" ->
    // "MIT OR (Apache-2.0 WITH LLVM-exception)".
    [[nodiscard]] const QString &canonical() const { return m_canonical; }
    // License ids in order of appearance, canonical spelling, without a trailing '+'.
    [[nodiscard]] const QStringList &licenseIds() const { return m_licenseIds; }
    [[nodiscard]] const QStringList &exceptionIds() const { return m_exceptionIds; }
    [[nodiscard]] const QStringList &licenseRefs() const { return m_licenseRefs; }
    // The ids used that SPDX has deprecated (e.g. "GPL-3.0": say GPL-3.0-only or -or-later).
    [[nodiscard]] const QStringList &deprecatedIds() const { return m_deprecatedIds; }

    // Every SPDX license id (current and deprecated) and exception id, for pickers.
    [[nodiscard]] static QStringList knownLicenseIds();
    [[nodiscard]] static QStringList knownExceptionIds();
    [[nodiscard]] static bool isDeprecatedLicenseId(QStringView id);

private:
    QString m_canonical;
    QStringList m_licenseIds;
    QStringList m_exceptionIds;
    QStringList m_licenseRefs;
    QStringList m_deprecatedIds;
};

} // namespace Metadata
