// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <expected>
#include <memory>

namespace Metadata {

namespace Detail {
struct MarkerNode;
struct MarkerParser;
}

/**
 * A PEP 508 environment marker ('python_version >= "3.8" and extra == "test"'), parsed with
 * packaging's (23.1+) grammar and evaluated with its rules: version-like comparisons go through
 * Specifier with pre-releases allowed, otherwise Python string comparison; "and" binds tighter
 * than "or"; extra names are compared PEP 685-normalized.
 *
 * A plain value type (the parsed tree is immutable and shared between copies); thread-safe to
 * read. Parenthesis nesting is capped (kMaxNesting) so hostile input cannot exhaust the stack.
 *
 * Where packaging raises during evaluation, evaluate() decides instead: a version operator on
 * a value that is not a version falls back to string comparison; an operator with no string
 * meaning ("~=", "===" on non-versions) is false; a variable missing from the environment is "".
 */
class Marker final
{
public:
    static constexpr int kMaxNesting = 64;

    [[nodiscard]] static std::expected<Marker, QString> parse(QStringView text);

    // Keys are marker variable names ("python_version", "sys_platform", "extra", ...); a missing
    // key reads as "" (so a missing "extra" means "no extra requested").
    bool evaluate(const QHash<QString, QString> &environment) const;

    // Normalized like str(Marker): double-quoted values, single spaces, aliases resolved
    // ("os.name" -> "os_name"), the first extra comparison normalized as packaging does.
    // Values that str(Marker) could not quote faithfully are written with escapes instead.
    QString toString() const;

    // The values compared against `extra`, normalized (PEP 685), without duplicates, in order.
    QStringList extrasReferenced() const;
    // The marker variables used, canonical names, without duplicates, in order.
    QStringList variablesReferenced() const;

    bool operator==(const Marker &other) const { return toString() == other.toString(); }

private:
    friend struct Detail::MarkerParser;
    std::shared_ptr<const Detail::MarkerNode> m_root;
};

} // namespace Metadata
