// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to the metadata module: the bits of Python's text semantics that packaging's
// regular expressions and str methods rely on, so the hand-written parsers agree with it.

#include <QString>
#include <QStringView>

namespace Metadata::Detail {

// str.isspace() / regex \s on str patterns.
constexpr bool isPySpace(char32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

constexpr bool isAsciiDigit(char32_t c)
{
    return c >= '0' && c <= '9';
}

constexpr bool isAsciiAlnum(char32_t c)
{
    return isAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr char32_t asciiLower(char32_t c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

// str.strip() with no argument (every character in the view is a UTF-16 unit; all Python
// whitespace is in the BMP).
QStringView pyStrip(QStringView text);

// Python's ordering of str (by code point), unlike QString's UTF-16 code-unit ordering.
int compareCodePoints(QStringView a, QStringView b);

// Case-insensitive ASCII prefix test: does `text` at `pos` start with lowercase `word`?
bool startsWithAsciiNoCase(QStringView text, qsizetype pos, QLatin1StringView word);

} // namespace Metadata::Detail
