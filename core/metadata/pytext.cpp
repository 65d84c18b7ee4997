// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/metadata/pytext.h"

namespace Metadata::Detail {

QStringView pyStrip(QStringView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isPySpace(text[begin].unicode())) {
        ++begin;
    }
    while (end > begin && isPySpace(text[end - 1].unicode())) {
        --end;
    }
    return text.sliced(begin, end - begin);
}

int compareCodePoints(QStringView a, QStringView b)
{
    // UTF-16 order equals code point order except that surrogates (U+D800..DFFF, which encode
    // U+10000 and up) sort below U+E000..FFFF; lift them above the BMP.
    const auto key = [](char16_t unit) -> char32_t {
        return (unit >= 0xD800 && unit <= 0xDFFF) ? char32_t(unit) + 0x10000 : char32_t(unit);
    };
    const qsizetype common = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < common; ++i) {
        const char32_t x = key(a[i].unicode());
        const char32_t y = key(b[i].unicode());
        if (x != y) {
            return x < y ? -1 : 1;
        }
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

bool startsWithAsciiNoCase(QStringView text, qsizetype pos, QLatin1StringView word)
{
    if (pos < 0 || text.size() - pos < word.size()) {
        return false;
    }
    for (qsizetype i = 0; i < word.size(); ++i) {
        if (asciiLower(text[pos + i].unicode()) != char32_t(static_cast<unsigned char>(word[i].toLatin1()))) {
            return false;
        }
    }
    return true;
}

} // namespace Metadata::Detail
