// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/metadata/name.h"

#include "core/metadata/pytext.h"

namespace Metadata {

namespace {

bool isNameSeparator(QChar c)
{
    return c == u'-' || c == u'_' || c == u'.';
}

} // namespace

QString normalizeName(QStringView name)
{
    QString result;
    result.reserve(name.size());
    for (qsizetype i = 0; i < name.size(); ++i) {
        if (isNameSeparator(name[i])) {
            while (i + 1 < name.size() && isNameSeparator(name[i + 1])) {
                ++i;
            }
            result.append(u'-');
        } else {
            result.append(name[i]);
        }
    }
    // Python's str.lower() is Unicode-aware too; for valid names only ASCII matters.
    return result.toLower();
}

bool isValidName(QStringView name)
{
    if (name.isEmpty()) {
        return false;
    }
    if (!Detail::isAsciiAlnum(name.front().unicode()) || !Detail::isAsciiAlnum(name.back().unicode())) {
        return false;
    }
    for (const QChar c : name) {
        if (!Detail::isAsciiAlnum(c.unicode()) && !isNameSeparator(c)) {
            return false;
        }
    }
    return true;
}

bool isNormalizedName(QStringView name)
{
    return isValidName(name) && normalizeName(name) == name;
}

QString wheelNameComponent(QStringView name)
{
    return normalizeName(name).replace(u'-', u'_');
}

bool isValidExtraName(QStringView extra)
{
    // A valid name normalizes to exactly ^[a-z0-9]+(-[a-z0-9]+)*$; testing the name itself also
    // rejects non-ASCII letters whose lowercase happens to be ASCII (U+212A KELVIN SIGN -> 'k').
    return isValidName(extra);
}

} // namespace Metadata
