// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/metadata/version.h"

#include <QStringBuilder>
#include <QStringList>

#include <algorithm>

#include "core/metadata/pytext.h"
#include "core/metadata/versionscan.h"

namespace Metadata {

namespace Detail {

namespace {

bool isSeparator(QChar c)
{
    return c == u'-' || c == u'_' || c == u'.';
}

// Longest label first: the regex tries "a" before "alpha", but "a" can only lead to a full
// match when "lpha" does not follow, so the longest label that is present is what it ends with.
constexpr QLatin1StringView kPreLabels[] = {QLatin1StringView("preview"), QLatin1StringView("alpha"),
                                            QLatin1StringView("beta"),    QLatin1StringView("pre"),
                                            QLatin1StringView("rc"),      QLatin1StringView("a"),
                                            QLatin1StringView("b"),       QLatin1StringView("c")};
constexpr QLatin1StringView kPostLabels[] = {QLatin1StringView("post"), QLatin1StringView("rev"),
                                             QLatin1StringView("r")};

qsizetype digitsEnd(QStringView text, qsizetype pos)
{
    while (pos < text.size() && isAsciiDigit(text[pos].unicode())) {
        ++pos;
    }
    return pos;
}

qsizetype matchLabel(QStringView text, qsizetype pos, const QLatin1StringView *labels, size_t count)
{
    for (size_t i = 0; i < count; ++i) {
        if (startsWithAsciiNoCase(text, pos, labels[i])) {
            return labels[i].size();
        }
    }
    return 0;
}

// [-_.]? LABEL [-_.]? digits?  -> end, or -1 when no label there.
qsizetype scanLabelled(QStringView text, qsizetype pos, const QLatin1StringView *labels, size_t count,
                       QStringView *label, QStringView *number)
{
    qsizetype i = pos;
    if (i < text.size() && isSeparator(text[i])) {
        ++i;
    }
    const qsizetype length = matchLabel(text, i, labels, count);
    if (length == 0) {
        return -1;
    }
    *label = text.sliced(i, length);
    i += length;
    if (i < text.size() && isSeparator(text[i])) {
        ++i;
    }
    const qsizetype end = digitsEnd(text, i);
    *number = text.sliced(i, end - i);
    return end;
}

bool isLocalChar(QChar c)
{
    return isAsciiAlnum(c.unicode());
}

} // namespace

VersionScan scanVersion(QStringView text, qsizetype pos, const VersionScanOptions &options)
{
    VersionScan scan;
    qsizetype i = pos;
    if (i < text.size() && (text[i] == u'v' || text[i] == u'V')) {
        ++i;
    }
    qsizetype end = digitsEnd(text, i);
    if (end == i) {
        return scan;
    }
    if (end < text.size() && text[end] == u'!') {
        scan.epoch = text.sliced(i, end - i);
        i = end + 1;
        end = digitsEnd(text, i);
        if (end == i) {
            return scan;
        }
    }
    scan.release.append(text.sliced(i, end - i));
    i = end;
    while (i + 1 < text.size() && text[i] == u'.' && isAsciiDigit(text[i + 1].unicode())) {
        end = digitsEnd(text, i + 1);
        scan.release.append(text.sliced(i + 1, end - i - 1));
        i = end;
    }
    if (scan.release.size() < options.minReleaseParts) {
        scan.release.clear();
        scan.epoch = {};
        return scan;
    }
    scan.matched = true;

    if (options.allowWildcard && i + 1 < text.size() && text[i] == u'.' && text[i + 1] == u'*') {
        scan.wildcard = true;
        scan.end = i + 2;
        return scan;
    }

    QStringView label;
    QStringView number;
    if (const qsizetype next = scanLabelled(text, i, kPreLabels, std::size(kPreLabels), &label, &number);
        next >= 0) {
        scan.hasPre = true;
        scan.preLabel = label;
        scan.preNumber = number;
        i = next;
    }

    if (i + 1 < text.size() && text[i] == u'-' && isAsciiDigit(text[i + 1].unicode())) {
        end = digitsEnd(text, i + 1);
        scan.hasPost = true;
        scan.postNumber = text.sliced(i + 1, end - i - 1);
        i = end;
    } else if (const qsizetype next = scanLabelled(text, i, kPostLabels, std::size(kPostLabels), &label, &number);
               next >= 0) {
        scan.hasPost = true;
        scan.postNumber = number;
        i = next;
    }

    static constexpr QLatin1StringView kDev[] = {QLatin1StringView("dev")};
    if (const qsizetype next = scanLabelled(text, i, kDev, 1, &label, &number); next >= 0) {
        scan.hasDev = true;
        scan.devNumber = number;
        i = next;
    }

    if (options.allowLocal && i + 1 < text.size() && text[i] == u'+' && isLocalChar(text[i + 1])) {
        qsizetype j = i + 1;
        while (j < text.size() && isLocalChar(text[j])) {
            ++j;
        }
        while (j + 1 < text.size() && isSeparator(text[j]) && isLocalChar(text[j + 1])) {
            ++j;
            while (j < text.size() && isLocalChar(text[j])) {
                ++j;
            }
        }
        scan.hasLocal = true;
        scan.local = text.sliced(i + 1, j - i - 1);
        i = j;
    }
    scan.end = i;
    return scan;
}

} // namespace Detail

namespace {

using Detail::isAsciiDigit;

constexpr int kMaxDigits = 20; // quint64 holds every 19-digit number and some 20-digit ones

std::optional<quint64> toNumber(QStringView digits)
{
    qsizetype start = 0;
    while (start < digits.size() - 1 && digits[start] == u'0') {
        ++start;
    }
    const QStringView significant = digits.sliced(start);
    if (significant.size() > kMaxDigits) {
        return std::nullopt;
    }
    quint64 value = 0;
    for (const QChar c : significant) {
        const quint64 digit = c.unicode() - u'0';
        if (value > (std::numeric_limits<quint64>::max() - digit) / 10) {
            return std::nullopt;
        }
        value = value * 10 + digit;
    }
    return value;
}

bool isNumeric(QStringView segment)
{
    return !segment.isEmpty() && std::all_of(segment.begin(), segment.end(), [](QChar c) {
        return isAsciiDigit(c.unicode());
    });
}

// Lowercase, '.'-joined, numeric segments without leading zeros (packaging turns them into int).
QString normalizeLocal(QStringView local)
{
    QString result;
    result.reserve(local.size());
    qsizetype start = 0;
    for (qsizetype i = 0; i <= local.size(); ++i) {
        if (i < local.size() && local[i] != u'.' && local[i] != u'-' && local[i] != u'_') {
            continue;
        }
        QStringView segment = local.sliced(start, i - start);
        if (isNumeric(segment)) {
            while (segment.size() > 1 && segment.front() == u'0') {
                segment = segment.sliced(1);
            }
        }
        if (!result.isEmpty() || start > 0) {
            result.append(u'.');
        }
        result.append(segment.toString().toLower());
        start = i + 1;
    }
    return result;
}

QList<QStringView> localSegments(const QString &local)
{
    return QStringView(local).split(u'.');
}

// A numeric local segment sorts after any alphanumeric one; numbers compare numerically
// (leading zeros are already gone, so by length then digits), strings by code point.
int compareLocal(const QString &a, const QString &b)
{
    if (a.isEmpty() || b.isEmpty()) {
        return a.isEmpty() == b.isEmpty() ? 0 : (a.isEmpty() ? -1 : 1);
    }
    const QList<QStringView> left = localSegments(a);
    const QList<QStringView> right = localSegments(b);
    const qsizetype common = std::min(left.size(), right.size());
    for (qsizetype i = 0; i < common; ++i) {
        const bool leftNumeric = isNumeric(left[i]);
        const bool rightNumeric = isNumeric(right[i]);
        if (leftNumeric != rightNumeric) {
            return leftNumeric ? 1 : -1;
        }
        int order = 0;
        if (leftNumeric && left[i].size() != right[i].size()) {
            order = left[i].size() < right[i].size() ? -1 : 1;
        } else {
            order = Detail::compareCodePoints(left[i], right[i]);
        }
        if (order != 0) {
            return order;
        }
    }
    return left.size() == right.size() ? 0 : (left.size() < right.size() ? -1 : 1);
}

qsizetype trimmedReleaseSize(const QList<quint64> &release)
{
    qsizetype size = release.size();
    while (size > 0 && release[size - 1] == 0) {
        --size;
    }
    return size;
}

// packaging's _cmpkey pre component: -inf for a plain dev release, +inf for no pre, else (label, n).
int preRank(const Version::Parts &parts)
{
    if (!parts.pre && !parts.post && parts.dev) {
        return -1;
    }
    return parts.pre ? 0 : 1;
}

std::strong_ordering toOrdering(int value)
{
    return value < 0 ? std::strong_ordering::less
                     : (value > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

QString releaseText(const QList<quint64> &release, qsizetype count)
{
    QString text;
    for (qsizetype i = 0; i < count; ++i) {
        if (i > 0) {
            text.append(u'.');
        }
        text.append(QString::number(release[i]));
    }
    return text;
}

QString suffixText(const Version::Parts &parts, bool withLocal)
{
    QString text;
    if (parts.pre) {
        text += parts.pre->label % QString::number(parts.pre->number);
    }
    if (parts.post) {
        text += u".post" % QString::number(*parts.post);
    }
    if (parts.dev) {
        text += u".dev" % QString::number(*parts.dev);
    }
    if (withLocal && !parts.local.isEmpty()) {
        text += u'+' % parts.local;
    }
    return text;
}

QString epochText(const Version::Parts &parts)
{
    return parts.epoch != 0 ? QString::number(parts.epoch) + u'!' : QString();
}

} // namespace

Version::Version()
{
    m_parts.release = {0};
}

std::expected<Version, QString> Version::parse(QStringView text)
{
    const auto invalid = [&](const QString &why) {
        return std::unexpected(QStringLiteral("'%1' is not a valid version: %2").arg(text.toString(), why));
    };
    const QStringView stripped = Detail::pyStrip(text);
    if (stripped.isEmpty()) {
        return std::unexpected(QStringLiteral("The version is empty; a version looks like 1.0 or 2024.1.post1."));
    }
    const qsizetype offset = stripped.data() - text.data();
    const Detail::VersionScan scan = Detail::scanVersion(stripped, 0, {});
    if (!scan.matched) {
        return invalid(QStringLiteral("a version starts with a number, optionally after 'v' or an epoch such as "
                                      "'1!' (for example 1.0, v2.3.1, 1!2.0)."));
    }
    if (scan.end != stripped.size()) {
        const qsizetype column = offset + scan.end + 1;
        const QChar at = stripped[scan.end];
        if (at == u'+' || scan.hasLocal) {
            const qsizetype plus = scan.hasLocal ? scan.local.data() - stripped.data() - 1 : scan.end;
            return invalid(QStringLiteral("the local label after '+' (column %1) must be ASCII letters and digits "
                                          "separated by single '.', '-' or '_'.")
                               .arg(offset + plus + 1));
        }
        if (Detail::isPySpace(at.unicode())) {
            return invalid(QStringLiteral("unexpected whitespace at column %1; spaces are allowed only around "
                                          "the version.")
                               .arg(column));
        }
        return invalid(QStringLiteral("unexpected '%1' at column %2; after the release numbers only a "
                                      "pre-release (a1, b2, rc1), a post-release (.post1), a dev release "
                                      "(.dev1) and a local label (+abc) may follow, in that order.")
                           .arg(at)
                           .arg(column));
    }

    Parts parts;
    bool tooLarge = false;
    const auto number = [&](QStringView digits) -> quint64 {
        if (digits.isEmpty()) {
            return 0;
        }
        const std::optional<quint64> value = toNumber(digits);
        if (!value) {
            tooLarge = true;
            return 0;
        }
        return *value;
    };
    parts.epoch = number(scan.epoch);
    parts.release.reserve(scan.release.size());
    for (const QStringView component : scan.release) {
        parts.release.append(number(component));
    }
    if (scan.hasPre) {
        const QString label = scan.preLabel.toString().toLower();
        QString normalized = label;
        if (label == u"alpha") {
            normalized = QStringLiteral("a");
        } else if (label == u"beta") {
            normalized = QStringLiteral("b");
        } else if (label == u"c" || label == u"pre" || label == u"preview") {
            normalized = QStringLiteral("rc");
        }
        parts.pre = PreRelease{normalized, number(scan.preNumber)};
    }
    if (scan.hasPost) {
        parts.post = number(scan.postNumber);
    }
    if (scan.hasDev) {
        parts.dev = number(scan.devNumber);
    }
    if (scan.hasLocal) {
        parts.local = normalizeLocal(scan.local);
    }
    if (tooLarge) {
        return invalid(QStringLiteral("a number in it is larger than %1.").arg(std::numeric_limits<quint64>::max()));
    }
    Version version;
    version.m_parts = std::move(parts);
    return version;
}

Version Version::fromParts(Parts parts)
{
    if (parts.release.isEmpty()) {
        parts.release = {0};
    }
    if (parts.pre) {
        parts.pre->label = parts.pre->label.toLower();
    }
    parts.local = normalizeLocal(parts.local);
    Version version;
    version.m_parts = std::move(parts);
    return version;
}

quint64 Version::major() const
{
    return m_parts.release.value(0, 0);
}

quint64 Version::minor() const
{
    return m_parts.release.value(1, 0);
}

quint64 Version::micro() const
{
    return m_parts.release.value(2, 0);
}

QString Version::toString() const
{
    return epochText(m_parts) % releaseText(m_parts.release, m_parts.release.size()) % suffixText(m_parts, true);
}

QString Version::canonical() const
{
    // canonicalize_version strips "(\.0)+$" from the release text: trailing zero components,
    // always keeping the first.
    const qsizetype kept = std::max<qsizetype>(1, trimmedReleaseSize(m_parts.release));
    return epochText(m_parts) % releaseText(m_parts.release, kept) % suffixText(m_parts, true);
}

QString Version::publicVersion() const
{
    return epochText(m_parts) % releaseText(m_parts.release, m_parts.release.size()) % suffixText(m_parts, false);
}

QString Version::baseVersion() const
{
    return epochText(m_parts) % releaseText(m_parts.release, m_parts.release.size());
}

bool Version::isNormalized(QStringView text)
{
    const auto version = parse(text);
    return version && version->toString() == text;
}

std::strong_ordering Version::operator<=>(const Version &other) const
{
    const Parts &a = m_parts;
    const Parts &b = other.m_parts;
    if (a.epoch != b.epoch) {
        return a.epoch <=> b.epoch;
    }
    const qsizetype sizeA = trimmedReleaseSize(a.release);
    const qsizetype sizeB = trimmedReleaseSize(b.release);
    for (qsizetype i = 0; i < std::min(sizeA, sizeB); ++i) {
        if (a.release[i] != b.release[i]) {
            return a.release[i] <=> b.release[i];
        }
    }
    if (sizeA != sizeB) {
        return sizeA <=> sizeB;
    }
    const int rankA = preRank(a);
    const int rankB = preRank(b);
    if (rankA != rankB) {
        return rankA <=> rankB;
    }
    if (rankA == 0) {
        if (const int order = Detail::compareCodePoints(a.pre->label, b.pre->label); order != 0) {
            return toOrdering(order);
        }
        if (a.pre->number != b.pre->number) {
            return a.pre->number <=> b.pre->number;
        }
    }
    // No post sorts first; no dev sorts last.
    if (a.post.has_value() != b.post.has_value()) {
        return a.post.has_value() ? std::strong_ordering::greater : std::strong_ordering::less;
    }
    if (a.post && *a.post != *b.post) {
        return *a.post <=> *b.post;
    }
    if (a.dev.has_value() != b.dev.has_value()) {
        return a.dev.has_value() ? std::strong_ordering::less : std::strong_ordering::greater;
    }
    if (a.dev && *a.dev != *b.dev) {
        return *a.dev <=> *b.dev;
    }
    return toOrdering(compareLocal(a.local, b.local));
}

bool Version::operator==(const Version &other) const
{
    return (*this <=> other) == std::strong_ordering::equal;
}

size_t qHash(const Version &version, size_t seed)
{
    const Version::Parts &parts = version.parts();
    QtPrivate::QHashCombine combine;
    seed = combine(seed, parts.epoch);
    const qsizetype size = trimmedReleaseSize(parts.release);
    for (qsizetype i = 0; i < size; ++i) {
        seed = combine(seed, parts.release[i]);
    }
    seed = combine(seed, parts.pre ? parts.pre->label : QString());
    seed = combine(seed, parts.pre ? parts.pre->number : 0);
    seed = combine(seed, parts.post.value_or(0) + (parts.post ? 1 : 0));
    seed = combine(seed, parts.dev.value_or(0) + (parts.dev ? 1 : 0));
    return combine(seed, parts.local);
}

} // namespace Metadata
