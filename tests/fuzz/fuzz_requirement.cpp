// SPDX-License-Identifier: GPL-3.0-or-later
// PEP 508 requirements and markers: parsing never crashes, deep nesting is refused, and the
// normalized text of what parses reads back to the same thing.
#include <QString>

#include <cstddef>
#include <cstdint>

#include "core/metadata/marker.h"
#include "core/metadata/requirement.h"

namespace {

void check(bool condition)
{
    if (!condition) {
        __builtin_trap();
    }
}

const QHash<QString, QString> &environment()
{
    static const QHash<QString, QString> values = {
        {QStringLiteral("python_version"), QStringLiteral("3.11")},
        {QStringLiteral("python_full_version"), QStringLiteral("3.11.2")},
        {QStringLiteral("os_name"), QStringLiteral("posix")},
        {QStringLiteral("sys_platform"), QStringLiteral("linux")},
        {QStringLiteral("platform_release"), QStringLiteral("6.1.0-18-amd64")},
        {QStringLiteral("extra"), QStringLiteral("test")},
    };
    return values;
}

void checkMarker(const Metadata::Marker &marker)
{
    const bool result = marker.evaluate(environment());
    const auto again = Metadata::Marker::parse(marker.toString());
    check(again.has_value());
    check(again->toString() == marker.toString());
    check(again->evaluate(environment()) == result);
    check(again->extrasReferenced() == marker.extrasReferenced());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const auto requirement = Metadata::Requirement::parse(text)) {
        const auto again = Metadata::Requirement::parse(requirement->toString());
        check(again.has_value());
        check(again->toString() == requirement->toString());
        check(again->name() == requirement->name());
        check(again->url() == requirement->url());
        check(again->specifiers() == requirement->specifiers());
        if (requirement->marker()) {
            checkMarker(*requirement->marker());
        }
    }
    if (const auto marker = Metadata::Marker::parse(text)) {
        checkMarker(*marker);
    }
    return 0;
}
