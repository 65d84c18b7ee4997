// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/metadata/pep508.h"

#include <QChar>

#include "core/metadata/pytext.h"

namespace Metadata::Detail {

namespace {

bool isPyWordChar(char32_t c)
{
    // Python's \w on str: alphanumerics (letters and numbers of any script) and '_'.
    return c == U'_' || QChar::isLetterOrNumber(c);
}

constexpr QLatin1StringView kVariables[] = {
    QLatin1StringView("python_version"),
    QLatin1StringView("python_full_version"),
    QLatin1StringView("os_name"),
    QLatin1StringView("os.name"),
    QLatin1StringView("sys_platform"),
    QLatin1StringView("sys.platform"),
    QLatin1StringView("platform_release"),
    QLatin1StringView("platform_system"),
    QLatin1StringView("platform_version"),
    QLatin1StringView("platform.version"),
    QLatin1StringView("platform_machine"),
    QLatin1StringView("platform.machine"),
    QLatin1StringView("platform_python_implementation"),
    QLatin1StringView("platform.python_implementation"),
    QLatin1StringView("python_implementation"),
    QLatin1StringView("implementation_name"),
    QLatin1StringView("implementation_version"),
    QLatin1StringView("extra"),
};

} // namespace

void Pep508Tokenizer::fail(const QString &message)
{
    if (m_error.isEmpty()) {
        m_error = QStringLiteral("%1 at column %2").arg(message).arg(column(m_position));
    }
}

int Pep508Tokenizer::column(qsizetype position) const
{
    qsizetype units = 0;
    int codePoints = 0;
    while (units < position && units < m_source.size()) {
        const bool pair = m_source[units].isHighSurrogate() && units + 1 < m_source.size()
            && m_source[units + 1].isLowSurrogate();
        units += pair ? 2 : 1;
        ++codePoints;
    }
    return codePoints + 1;
}

bool Pep508Tokenizer::atEnd() const
{
    return m_position == m_source.size() || (m_position == m_source.size() - 1 && m_source.back() == u'\n');
}

bool Pep508Tokenizer::isWordBoundary(qsizetype position) const
{
    char32_t before = 0;
    bool hasBefore = false;
    if (position >= 2 && m_source[position - 1].isLowSurrogate() && m_source[position - 2].isHighSurrogate()) {
        before = QChar::surrogateToUcs4(m_source[position - 2], m_source[position - 1]);
        hasBefore = true;
    } else if (position >= 1) {
        before = m_source[position - 1].unicode();
        hasBefore = true;
    }
    char32_t after = 0;
    bool hasAfter = false;
    if (position + 1 < m_source.size() && m_source[position].isHighSurrogate()
        && m_source[position + 1].isLowSurrogate()) {
        after = QChar::surrogateToUcs4(m_source[position], m_source[position + 1]);
        hasAfter = true;
    } else if (position < m_source.size()) {
        after = m_source[position].unicode();
        hasAfter = true;
    }
    return (hasBefore && isPyWordChar(before)) != (hasAfter && isPyWordChar(after));
}

qsizetype Pep508Tokenizer::matchWhitespace() const
{
    qsizetype end = m_position;
    while (end < m_source.size() && (m_source[end] == u' ' || m_source[end] == u'\t')) {
        ++end;
    }
    return end - m_position;
}

qsizetype Pep508Tokenizer::matchIdentifier() const
{
    if (m_position >= m_source.size() || !isAsciiAlnum(m_source[m_position].unicode())
        || !isWordBoundary(m_position)) {
        return 0;
    }
    qsizetype end = m_position + 1;
    while (end < m_source.size()) {
        const QChar c = m_source[end];
        if (!isAsciiAlnum(c.unicode()) && c != u'.' && c != u'_' && c != u'-') {
            break;
        }
        ++end;
    }
    // The regex backtracks until the identifier ends at a word boundary.
    while (end > m_position && !isWordBoundary(end)) {
        --end;
    }
    return end - m_position;
}

qsizetype Pep508Tokenizer::matchVariable() const
{
    if (!isWordBoundary(m_position)) {
        return 0;
    }
    const QStringView rest = m_source.sliced(m_position);
    for (const QLatin1StringView name : kVariables) {
        if (rest.startsWith(name) && isWordBoundary(m_position + name.size())) {
            return name.size();
        }
    }
    return 0;
}

qsizetype Pep508Tokenizer::matchQuotedString() const
{
    if (!atChar(u'\'') && !atChar(u'"')) {
        return 0;
    }
    const qsizetype close = m_source.indexOf(m_source[m_position], m_position + 1);
    return close < 0 ? 0 : close - m_position + 1;
}

qsizetype Pep508Tokenizer::matchOperator() const
{
    const QStringView rest = m_source.sliced(m_position);
    for (const char16_t *op : {u"===", u"==", u"~=", u"!=", u"<=", u">=", u"<", u">"}) {
        if (rest.startsWith(QStringView(op))) {
            return QStringView(op).size();
        }
    }
    return 0;
}

qsizetype Pep508Tokenizer::matchWord(QLatin1StringView word) const
{
    if (m_source.sliced(m_position).startsWith(word) && isWordBoundary(m_position)
        && isWordBoundary(m_position + word.size())) {
        return word.size();
    }
    return 0;
}

qsizetype Pep508Tokenizer::matchUrl() const
{
    qsizetype end = m_position;
    while (end < m_source.size() && m_source[end] != u' ' && m_source[end] != u'\t') {
        ++end;
    }
    return end - m_position;
}

SpecifierMatch Pep508Tokenizer::matchSpecifier() const
{
    return matchSpecifierPrefix(m_source, m_position);
}

QStringView Pep508Tokenizer::take(qsizetype length)
{
    const QStringView token = m_source.sliced(m_position, length);
    m_position += length;
    return token;
}

} // namespace Metadata::Detail
