// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <expected>

#include "core/metadata/version.h"

namespace Metadata {

// How contains() treats pre-release (and dev) candidates.
enum class PrereleasePolicy {
    // packaging's default (prereleases=None): allowed only when a specifier itself names a
    // pre-release (">=1.0a1", "==2.0rc1", "~=1.0.dev1", "===1.0b1").
    FromSpecifier,
    Allow,   // prereleases=True
    Exclude, // prereleases=False
};

/**
 * One PEP 440 version specifier ("~=1.4.2", "==1.*", "!=2.0", "===foo"), parsed and matched
 * exactly as packaging.specifiers.Specifier (23+) does. A plain value type; thread-safe to read.
 *
 * Deliberate difference: "===" with a non-version string never implies pre-releases (packaging
 * raises InvalidVersion there).
 */
class Specifier final
{
public:
    enum class Operator { Compatible, Equal, NotEqual, LessEqual, GreaterEqual, Less, Greater, Arbitrary };

    [[nodiscard]] static std::expected<Specifier, QString> parse(QStringView text);

    // allowPrereleases = true is packaging's prereleases=True; false is its default
    // (PrereleasePolicy::FromSpecifier), so ">=1.0a1" still matches "1.0a2".
    bool contains(const Version &version, bool allowPrereleases = true) const;
    bool contains(const Version &version, PrereleasePolicy policy) const;

    Operator op() const { return m_operator; }
    QString operatorText() const; // "~=", "==", ...
    // The version as written (whitespace trimmed), e.g. "1.0.*", "v1.0-1", or anything for "===".
    const QString &versionText() const { return m_version; }
    bool isWildcard() const;
    // packaging's Specifier.prereleases with no override: whether the specifier names a
    // pre-release and so lets pre-releases match under PrereleasePolicy::FromSpecifier.
    bool impliesPrereleases() const;

    // Operator and version as written, without spaces: str(Specifier(" >= 1.0 ")) == ">=1.0".
    QString toString() const;

    // packaging's equality: operator and canonicalized version ("==1.0" == "==1.0.0",
    // but "~=1.0" != "~=1.0.0").
    bool operator==(const Specifier &other) const;
    // packaging's _canonical_spec as one string: equal keys <=> equal specifiers.
    QString canonicalKey() const;

private:
    Operator m_operator = Operator::Equal;
    QString m_version;
};

/**
 * A comma-separated set of specifiers (">=3.8,!=3.9.*"), as packaging.specifiers.SpecifierSet.
 * The empty set matches every final release. Duplicates (by Specifier equality) are dropped.
 */
class SpecifierSet final
{
public:
    // "" (or only commas and whitespace) is the valid empty set.
    [[nodiscard]] static std::expected<SpecifierSet, QString> parse(QStringView text);

    // allowPrereleases = false is packaging's default (pre-releases only when a specifier in the
    // set names one); true is prereleases=True.
    bool contains(const Version &version, bool allowPrereleases = false) const;
    bool contains(const Version &version, PrereleasePolicy policy) const;

    // In the order written, without duplicates.
    const QList<Specifier> &specifiers() const { return m_specifiers; }
    bool isEmpty() const { return m_specifiers.isEmpty(); }
    bool impliesPrereleases() const;
    // Sorted and comma-joined, like str(SpecifierSet): "!=1.0.1,>=1.0".
    QString toString() const;

    // Same specifiers, in any order.
    bool operator==(const SpecifierSet &other) const;

private:
    QList<Specifier> m_specifiers;
};

} // namespace Metadata
