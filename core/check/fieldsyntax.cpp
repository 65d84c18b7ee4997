// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/check/fieldsyntax.h"

#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Check {

namespace {

bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

// RFC 5322 atext, plus any non-ASCII character (email_validator allows SMTPUTF8 by default).
bool isAtext(QChar c)
{
    if (c.unicode() >= 0x80) {
        return !c.isSpace() && c.category() != QChar::Other_Control;
    }
    return isAsciiLetter(c) || isAsciiDigit(c) || QStringView(u"!#$%&'*+-/=?^_`{|}~").contains(c);
}

// Removes RFC 822 comments "(...)" outside quotes.
QString withoutComments(QStringView text)
{
    QString result;
    int depth = 0;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            result.append(c);
            if (c == u'\\' && i + 1 < text.size()) {
                result.append(text.at(++i));
            } else if (c == u'"') {
                quoted = false;
            }
        } else if (c == u'(') {
            ++depth;
        } else if (c == u')' && depth > 0) {
            --depth;
        } else if (depth == 0) {
            if (c == u'"') {
                quoted = true;
            }
            result.append(c);
        }
    }
    return result;
}

} // namespace

QStringList emailAddresses(QStringView addressList)
{
    QStringList addresses;
    const QString text = withoutComments(addressList);
    QString current;
    bool quoted = false;
    bool angled = false;
    auto flush = [&addresses, &current] {
        QString entry = current.trimmed();
        current.clear();
        if (entry.isEmpty()) {
            return;
        }
        const qsizetype open = entry.lastIndexOf(u'<');
        const qsizetype close = entry.lastIndexOf(u'>');
        if (open >= 0 && close > open) {
            entry = entry.mid(open + 1, close - open - 1).trimmed();
        }
        if (!entry.isEmpty()) {
            addresses.append(entry);
        }
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            current.append(c);
            if (c == u'\\' && i + 1 < text.size()) {
                current.append(text.at(++i));
            } else if (c == u'"') {
                quoted = false;
            }
            continue;
        }
        if (c == u'"') {
            quoted = true;
        } else if (c == u'<') {
            angled = true;
        } else if (c == u'>') {
            angled = false;
        } else if (c == u',' && !angled) {
            flush();
            continue;
        }
        current.append(c);
    }
    flush();
    return addresses;
}

std::optional<QString> emailAddressProblem(QStringView address)
{
    const qsizetype at = address.lastIndexOf(u'@');
    if (at < 0) {
        return u"there is no @-sign"_s;
    }
    const QStringView local = address.first(at);
    const QStringView domain = address.sliced(at + 1);
    if (local.isEmpty()) {
        return u"there is nothing before the @-sign"_s;
    }
    if (domain.isEmpty()) {
        return u"there is nothing after the @-sign"_s;
    }
    if (local.startsWith(u'"')) {
        return u"quoted local parts are not allowed"_s;
    }
    if (local.toUtf8().size() > 64) {
        return u"the part before the @-sign is longer than 64 bytes"_s;
    }
    if (local.startsWith(u'.') || local.endsWith(u'.') || local.contains(u".."_s)) {
        return u"the part before the @-sign has a period at the start or end, or two in a row"_s;
    }
    for (QChar c : local) {
        if (c != u'.' && !isAtext(c)) {
            return u"the part before the @-sign contains the character '%1'"_s.arg(c);
        }
    }
    if (domain.startsWith(u'[')) {
        return u"IP-address domains are not allowed"_s;
    }
    const QString lowerDomain = domain.toString().toLower();
    const QStringList labels = lowerDomain.split(u'.');
    if (labels.size() < 2) {
        return u"the part after the @-sign should have a period"_s;
    }
    if (lowerDomain.toUtf8().size() > 253) {
        return u"the domain is too long"_s;
    }
    for (const QString &label : labels) {
        if (label.isEmpty()) {
            return u"the domain has an empty part (a period at the start or end, or two in a row)"_s;
        }
        if (label.size() > 63) {
            return u"a part of the domain is longer than 63 characters"_s;
        }
        if (label.startsWith(u'-') || label.endsWith(u'-')) {
            return u"a part of the domain starts or ends with a hyphen"_s;
        }
        for (QChar c : label) {
            if (!(isAsciiLetter(c) || isAsciiDigit(c) || c == u'-' || (c.unicode() >= 0x80 && c.isLetterOrNumber()))) {
                return u"the domain contains the character '%1'"_s.arg(c);
            }
        }
    }
    const QString &topLevel = labels.constLast();
    if (std::all_of(topLevel.cbegin(), topLevel.cend(), isAsciiDigit)) {
        return u"the domain does not end in a valid top-level domain"_s;
    }
    static const QStringList specialUse{u"arpa"_s, u"invalid"_s, u"local"_s, u"localhost"_s, u"onion"_s, u"test"_s};
    if (specialUse.contains(topLevel)) {
        return u"'%1' is a special-use domain that cannot receive email"_s.arg(topLevel);
    }
    return std::nullopt;
}

std::optional<QString> httpUrlProblem(QStringView text)
{
    if (text.isEmpty()) {
        return u"it is empty"_s;
    }
    if (std::any_of(text.begin(), text.end(), [](QChar c) { return c.isSpace() || c.unicode() < 0x20; })) {
        return u"it contains whitespace or control characters"_s;
    }
    const QUrl url(text.toString(), QUrl::StrictMode);
    if (!url.isValid()) {
        return u"it is not a valid URL (%1)"_s.arg(url.errorString());
    }
    const QString scheme = url.scheme().toLower();
    if (scheme.isEmpty()) {
        return u"it has no scheme; write the full http:// or https:// URL"_s;
    }
    if (scheme != u"http"_s && scheme != u"https"_s) {
        return u"only http and https URLs are allowed, not %1"_s.arg(scheme);
    }
    if (url.host().isEmpty()) {
        return u"it has no host"_s;
    }
    return std::nullopt;
}

bool isPythonIdentifier(QStringView text)
{
    if (text.isEmpty()) {
        return false;
    }
    const QChar first = text.front();
    if (!(isAsciiLetter(first) || first == u'_' || (first.unicode() >= 0x80 && first.isLetter()))) {
        return false;
    }
    return std::all_of(text.begin() + 1, text.end(), [](QChar c) {
        return isAsciiLetter(c) || isAsciiDigit(c) || c == u'_' || (c.unicode() >= 0x80 && c.isLetterOrNumber());
    });
}

} // namespace Check
