// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dist/wheelinfo.h"

#include "core/metadata/coremetadata.h"

using namespace Qt::StringLiterals;

namespace Dist {

WheelInfo WheelInfo::parse(const QByteArray &bytes)
{
    WheelInfo info;
    // WHEEL uses the same header syntax as METADATA, so the same strict reader applies.
    const auto headers = Metadata::CoreMetadata::parse(bytes);
    if (!headers) {
        info.issues.append(headers.error().message);
        return info;
    }
    info.fields = headers->fields();
    for (const auto &[field, value] : info.fields) {
        if (field.compare(u"Wheel-Version", Qt::CaseInsensitive) == 0) {
            info.wheelVersion = value.trimmed();
        } else if (field.compare(u"Generator", Qt::CaseInsensitive) == 0) {
            info.generator = value.trimmed();
        } else if (field.compare(u"Root-Is-Purelib", Qt::CaseInsensitive) == 0) {
            const QString flag = value.trimmed().toLower();
            if (flag == u"true") {
                info.rootIsPurelib = true;
            } else if (flag == u"false") {
                info.rootIsPurelib = false;
            } else {
                info.issues.append(u"Root-Is-Purelib is '%1'; it must be 'true' or 'false'."_s.arg(value.trimmed()));
            }
        } else if (field.compare(u"Tag", Qt::CaseInsensitive) == 0) {
            info.tags.append(value.trimmed());
        } else if (field.compare(u"Build", Qt::CaseInsensitive) == 0) {
            info.build = value.trimmed();
        }
    }
    if (info.wheelVersion.isEmpty()) {
        info.issues.append(u"WHEEL has no Wheel-Version field."_s);
    } else if (!info.wheelVersion.startsWith(u"1.")) {
        info.issues.append(
            u"Wheel-Version is %1; installers only understand major version 1."_s.arg(info.wheelVersion));
    }
    if (!info.rootIsPurelib.has_value() && !headers->contains(u"Root-Is-Purelib")) {
        info.issues.append(u"WHEEL has no Root-Is-Purelib field."_s);
    }
    if (info.tags.isEmpty()) {
        info.issues.append(u"WHEEL has no Tag field."_s);
    }
    return info;
}

} // namespace Dist
