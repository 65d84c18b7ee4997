// SPDX-License-Identifier: GPL-3.0-or-later
// Wheel and sdist file names: parsing never crashes, errors always explain themselves, and a
// parsed name rebuilt from its parts parses to the same parts.
#include <QString>

#include <cstddef>
#include <cstdint>

#include "core/dist/distfilename.h"

namespace {

void check(bool condition)
{
    if (!condition) {
        __builtin_trap();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto parsed = Dist::parseDistFilename(text);
    if (!parsed) {
        check(!parsed.error().message.isEmpty());
        return 0;
    }
    check(!parsed->name().isEmpty() && !parsed->version().isEmpty());
    if (parsed->wheel) {
        const Dist::WheelFilename &wheel = *parsed->wheel;
        check(!wheel.pythonTags.isEmpty() && !wheel.abiTags.isEmpty() && !wheel.platformTags.isEmpty());
        check(wheel.tags().size() == wheel.pythonTags.size() * wheel.abiTags.size() * wheel.platformTags.size());
        QString rebuilt = wheel.name + u'-' + wheel.version;
        if (!wheel.buildTag.isEmpty()) {
            rebuilt += u'-' + wheel.buildTag;
        }
        rebuilt += u'-' + wheel.pythonTags.join(u'.') + u'-' + wheel.abiTags.join(u'.') + u'-'
            + wheel.platformTags.join(u'.') + u".whl";
        const auto again = Dist::parseWheelFilename(rebuilt);
        check(again.has_value() && again->wheel->tags() == wheel.tags() && again->name() == wheel.name);
    } else {
        check(parsed->sdist.has_value());
        const auto canonical = Dist::sdistFilenameFor(parsed->name(), parsed->parsedVersion());
        const auto again = Dist::parseSdistFilename(canonical);
        check(again.has_value() && again->parsedVersion() == parsed->parsedVersion());
    }
    return 0;
}
