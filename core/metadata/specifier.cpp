// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/metadata/specifier.h"

#include <QSet>
#include <QStringBuilder>

#include <algorithm>

#include "core/metadata/pytext.h"
#include "core/metadata/specifierscan.h"
#include "core/metadata/versionscan.h"

namespace Metadata {

using Operator = Specifier::Operator;

namespace {

struct OperatorSpelling {
    QLatin1StringView text;
    Operator op;
};

// packaging's alternation order: (~=|==|!=|<=|>=|<|>|===).
constexpr OperatorSpelling kOperators[] = {
    {QLatin1StringView("~="), Operator::Compatible},   {QLatin1StringView("=="), Operator::Equal},
    {QLatin1StringView("!="), Operator::NotEqual},     {QLatin1StringView("<="), Operator::LessEqual},
    {QLatin1StringView(">="), Operator::GreaterEqual}, {QLatin1StringView("<"), Operator::Less},
    {QLatin1StringView(">"), Operator::Greater},       {QLatin1StringView("==="), Operator::Arbitrary},
};

QLatin1StringView spelling(Operator op)
{
    for (const OperatorSpelling &entry : kOperators) {
        if (entry.op == op) {
            return entry.text;
        }
    }
    return {};
}

qsizetype matchVersionBranch(QStringView text, qsizetype pos, Operator op)
{
    qsizetype i = pos;
    while (i < text.size() && Detail::isPySpace(text[i].unicode())) {
        ++i;
    }
    if (op == Operator::Arbitrary) {
        while (i < text.size() && !Detail::isPySpace(text[i].unicode()) && text[i] != u';' && text[i] != u')') {
            ++i;
        }
        return i;
    }
    Detail::VersionScanOptions options;
    options.allowLocal = op == Operator::Equal || op == Operator::NotEqual;
    options.allowWildcard = options.allowLocal;
    options.minReleaseParts = op == Operator::Compatible ? 2 : 1;
    const Detail::VersionScan scan = Detail::scanVersion(text, i, options);
    return scan.matched ? scan.end : -1;
}

bool onlySpaceFrom(QStringView text, qsizetype pos)
{
    return std::all_of(text.begin() + pos, text.end(), [](QChar c) {
        return Detail::isPySpace(c.unicode());
    });
}

// canonicalize_version(text, strip_trailing_zero=...): unchanged when not a valid version.
QString canonicalizeVersionText(const QString &text, bool stripTrailingZero)
{
    const auto version = Version::parse(text);
    if (!version) {
        return text;
    }
    return stripTrailingZero ? version->canonical() : version->toString();
}

Version withoutLocal(const Version &version)
{
    Version::Parts parts = version.parts();
    parts.local.clear();
    return Version::fromParts(std::move(parts));
}

Version baseOf(const Version &version)
{
    Version::Parts parts;
    parts.epoch = version.epoch();
    parts.release = version.release();
    return Version::fromParts(std::move(parts));
}

bool isAsciiDigits(QStringView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) {
        return Detail::isAsciiDigit(c.unicode());
    });
}

// packaging.specifiers._version_split: split on '.', and "1rc2" -> "1", "rc2".
QStringList versionSplit(QStringView version)
{
    QStringList result;
    for (const QStringView item : version.split(u'.')) {
        qsizetype digits = 0;
        while (digits < item.size() && Detail::isAsciiDigit(item[digits].unicode())) {
            ++digits;
        }
        bool split = false;
        if (digits > 0 && digits < item.size()) {
            const QStringView rest = item.sliced(digits);
            qsizetype label = 0;
            if (rest.startsWith(u"rc")) {
                label = 2;
            } else if (rest.front() == u'a' || rest.front() == u'b' || rest.front() == u'c') {
                label = 1;
            }
            split = label > 0 && isAsciiDigits(rest.sliced(label));
        }
        if (split) {
            result.append(item.first(digits).toString());
            result.append(item.sliced(digits).toString());
        } else {
            result.append(item.toString());
        }
    }
    return result;
}

bool isNotSuffix(const QString &segment)
{
    for (const char16_t *prefix : {u"dev", u"a", u"b", u"rc", u"post"}) {
        if (segment.startsWith(QStringView(prefix))) {
            return false;
        }
    }
    return true;
}

qsizetype leadingDigitItems(const QStringList &items)
{
    qsizetype count = 0;
    while (count < items.size() && isAsciiDigits(items[count])) {
        ++count;
    }
    return count;
}

bool equalWildcard(const Version &prospective, const QString &specVersion)
{
    const QStringList spec = versionSplit(canonicalizeVersionText(specVersion, false));
    QStringList candidate = versionSplit(withoutLocal(prospective).canonical());
    // _pad_version: pad the candidate's leading numeric run with "0" up to the spec's.
    const qsizetype candidateDigits = leadingDigitItems(candidate);
    const qsizetype specDigits = leadingDigitItems(spec);
    for (qsizetype i = candidateDigits; i < specDigits; ++i) {
        candidate.insert(candidateDigits, QStringLiteral("0"));
    }
    return candidate.mid(0, spec.size()) == spec;
}

bool compareEqual(const Version &prospective, const QString &specVersion)
{
    if (specVersion.endsWith(u".*")) {
        return equalWildcard(prospective, specVersion.chopped(2));
    }
    const auto spec = Version::parse(specVersion);
    if (!spec) {
        return false;
    }
    return (spec->isLocal() ? prospective : withoutLocal(prospective)) == *spec;
}

} // namespace

namespace Detail {

SpecifierMatch matchSpecifierPrefix(QStringView text, qsizetype pos)
{
    for (const OperatorSpelling &entry : kOperators) {
        if (!QStringView(text).sliced(pos).startsWith(entry.text)) {
            continue;
        }
        const qsizetype versionStart = pos + entry.text.size();
        const qsizetype end = matchVersionBranch(text, versionStart, entry.op);
        if (end >= 0) {
            return {end, entry.op, versionStart};
        }
    }
    return {};
}

SpecifierMatch matchSpecifierExact(QStringView text)
{
    qsizetype pos = 0;
    while (pos < text.size() && isPySpace(text[pos].unicode())) {
        ++pos;
    }
    for (const OperatorSpelling &entry : kOperators) {
        if (!text.sliced(pos).startsWith(entry.text)) {
            continue;
        }
        const qsizetype versionStart = pos + entry.text.size();
        const qsizetype end = matchVersionBranch(text, versionStart, entry.op);
        if (end >= 0 && onlySpaceFrom(text, end)) {
            return {text.size(), entry.op, versionStart};
        }
    }
    return {};
}

} // namespace Detail

namespace {

QString whySpecifierInvalid(QStringView text)
{
    const QStringView stripped = Detail::pyStrip(text);
    if (stripped.isEmpty()) {
        return QStringLiteral("the specifier is empty.");
    }
    const OperatorSpelling *found = nullptr;
    for (const OperatorSpelling &entry : kOperators) {
        if (stripped.startsWith(entry.text) && (!found || entry.text.size() > found->text.size())) {
            found = &entry;
        }
    }
    if (!found) {
        return QStringLiteral("a specifier starts with one of the operators ==, !=, <=, >=, <, >, ~= or === "
                              "followed by a version, like >=1.0.");
    }
    const QStringView version = Detail::pyStrip(stripped.sliced(found->text.size()));
    if (version.isEmpty()) {
        return QStringLiteral("a version must follow '%1'.").arg(found->text);
    }
    Detail::VersionScanOptions permissive;
    permissive.allowWildcard = true;
    const Detail::VersionScan scan = Detail::scanVersion(version, 0, permissive);
    const bool fullVersion = scan.matched && scan.end == version.size();
    if (fullVersion && scan.wildcard && found->op != Operator::Equal && found->op != Operator::NotEqual) {
        return QStringLiteral("the wildcard '.*' is allowed only with == and !=.");
    }
    if (fullVersion && scan.hasLocal && found->op != Operator::Equal && found->op != Operator::NotEqual) {
        return QStringLiteral("a local version label ('+...') is allowed only with == and !=.");
    }
    if (fullVersion && found->op == Operator::Compatible && scan.release.size() < 2) {
        return QStringLiteral("'~=' needs at least two release numbers, like ~=1.4 or ~=2.0.3.");
    }
    if (scan.matched && scan.end < version.size() && scan.wildcard) {
        return QStringLiteral("nothing may follow the wildcard '.*'.");
    }
    return QStringLiteral("'%1' is not a valid PEP 440 version.").arg(version.toString());
}

} // namespace

std::expected<Specifier, QString> Specifier::parse(QStringView text)
{
    const Detail::SpecifierMatch match = Detail::matchSpecifierExact(text);
    if (match.end < 0) {
        return std::unexpected(
            QStringLiteral("'%1' is not a valid version specifier: %2").arg(text.toString(), whySpecifierInvalid(text)));
    }
    Specifier specifier;
    specifier.m_operator = match.op;
    specifier.m_version = Detail::pyStrip(text.sliced(match.versionStart)).toString();
    return specifier;
}

QString Specifier::operatorText() const
{
    return spelling(m_operator);
}

bool Specifier::isWildcard() const
{
    return (m_operator == Operator::Equal || m_operator == Operator::NotEqual) && m_version.endsWith(u".*");
}

bool Specifier::impliesPrereleases() const
{
    switch (m_operator) {
    case Operator::Equal:
    case Operator::GreaterEqual:
    case Operator::LessEqual:
    case Operator::Compatible:
    case Operator::Arbitrary: {
        const QString version = isWildcard() ? m_version.chopped(2) : m_version;
        const auto parsed = Version::parse(version);
        return parsed && parsed->isPrerelease();
    }
    case Operator::NotEqual:
    case Operator::Less:
    case Operator::Greater:
        break;
    }
    return false;
}

bool Specifier::contains(const Version &version, bool allowPrereleases) const
{
    return contains(version, allowPrereleases ? PrereleasePolicy::Allow : PrereleasePolicy::FromSpecifier);
}

bool Specifier::contains(const Version &version, PrereleasePolicy policy) const
{
    const bool prereleases = policy == PrereleasePolicy::Allow
        || (policy == PrereleasePolicy::FromSpecifier && impliesPrereleases());
    if (version.isPrerelease() && !prereleases) {
        return false;
    }
    if (m_operator == Operator::Arbitrary) {
        return version.toString() == m_version.toLower();
    }
    if (m_operator == Operator::Equal) {
        return compareEqual(version, m_version);
    }
    if (m_operator == Operator::NotEqual) {
        return !compareEqual(version, m_version);
    }
    const auto spec = Version::parse(m_version);
    if (!spec) {
        return false; // unreachable: parse() only accepts versions for these operators
    }
    switch (m_operator) {
    case Operator::Compatible: {
        // The prefix comes from the specifier as written, like packaging does.
        QStringList prefix;
        for (const QString &item : versionSplit(m_version)) {
            if (!isNotSuffix(item)) {
                break;
            }
            prefix.append(item);
        }
        if (!prefix.isEmpty()) {
            prefix.removeLast();
        }
        return withoutLocal(version) >= *spec && equalWildcard(version, prefix.join(u'.'));
    }
    case Operator::LessEqual:
        return withoutLocal(version) <= *spec;
    case Operator::GreaterEqual:
        return withoutLocal(version) >= *spec;
    case Operator::Less:
        if (!(version < *spec)) {
            return false;
        }
        return spec->isPrerelease() || !version.isPrerelease() || baseOf(version) != baseOf(*spec);
    case Operator::Greater:
        if (!(version > *spec)) {
            return false;
        }
        if (!spec->isPostRelease() && version.isPostRelease() && baseOf(version) == baseOf(*spec)) {
            return false;
        }
        return !version.isLocal() || baseOf(version) != baseOf(*spec);
    case Operator::Equal:
    case Operator::NotEqual:
    case Operator::Arbitrary:
        break;
    }
    return false;
}

QString Specifier::toString() const
{
    return operatorText() % m_version;
}

bool Specifier::operator==(const Specifier &other) const
{
    return canonicalKey() == other.canonicalKey();
}

QString Specifier::canonicalKey() const
{
    return operatorText() % canonicalizeVersionText(m_version, m_operator != Operator::Compatible);
}

std::expected<SpecifierSet, QString> SpecifierSet::parse(QStringView text)
{
    SpecifierSet set;
    QSet<QString> seen;
    for (const QStringView piece : text.split(u',')) {
        const QStringView item = Detail::pyStrip(piece);
        if (item.isEmpty()) {
            continue;
        }
        auto specifier = Specifier::parse(item);
        if (!specifier) {
            return std::unexpected(specifier.error());
        }
        if (!seen.contains(specifier->canonicalKey())) {
            seen.insert(specifier->canonicalKey());
            set.m_specifiers.append(std::move(*specifier));
        }
    }
    return set;
}

bool SpecifierSet::impliesPrereleases() const
{
    return std::any_of(m_specifiers.begin(), m_specifiers.end(), [](const Specifier &specifier) {
        return specifier.impliesPrereleases();
    });
}

bool SpecifierSet::contains(const Version &version, bool allowPrereleases) const
{
    return contains(version, allowPrereleases ? PrereleasePolicy::Allow : PrereleasePolicy::FromSpecifier);
}

bool SpecifierSet::contains(const Version &version, PrereleasePolicy policy) const
{
    const bool prereleases = policy == PrereleasePolicy::Allow
        || (policy == PrereleasePolicy::FromSpecifier && impliesPrereleases());
    if (version.isPrerelease() && !prereleases) {
        return false;
    }
    const PrereleasePolicy each = prereleases ? PrereleasePolicy::Allow : PrereleasePolicy::Exclude;
    return std::all_of(m_specifiers.begin(), m_specifiers.end(), [&](const Specifier &specifier) {
        return specifier.contains(version, each);
    });
}

QString SpecifierSet::toString() const
{
    QStringList texts;
    texts.reserve(m_specifiers.size());
    for (const Specifier &specifier : m_specifiers) {
        texts.append(specifier.toString());
    }
    std::sort(texts.begin(), texts.end(), [](const QString &a, const QString &b) {
        return Detail::compareCodePoints(a, b) < 0;
    });
    return texts.join(u',');
}

bool SpecifierSet::operator==(const SpecifierSet &other) const
{
    if (m_specifiers.size() != other.m_specifiers.size()) {
        return false;
    }
    QSet<QString> keys;
    for (const Specifier &specifier : other.m_specifiers) {
        keys.insert(specifier.canonicalKey());
    }
    return std::all_of(m_specifiers.begin(), m_specifiers.end(), [&](const Specifier &specifier) {
        return keys.contains(specifier.canonicalKey());
    });
}

} // namespace Metadata
