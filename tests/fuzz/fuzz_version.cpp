// SPDX-License-Identifier: GPL-3.0-or-later
// PEP 440 versions and specifiers: parsing never crashes, and what parses normalizes stably.
#include <QString>

#include <cstddef>
#include <cstdint>

#include "core/metadata/specifier.h"
#include "core/metadata/version.h"

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
    if (const auto version = Metadata::Version::parse(text)) {
        const auto again = Metadata::Version::parse(version->toString());
        check(again.has_value());
        check(*again == *version);
        check(again->toString() == version->toString());
        check(qHash(*again) == qHash(*version));
        const auto canonical = Metadata::Version::parse(version->canonical());
        check(canonical.has_value() && *canonical == *version);
        check(Metadata::Version::parse(version->publicVersion()).has_value());
        check((*version <=> *again) == 0);
    }
    if (const auto set = Metadata::SpecifierSet::parse(text)) {
        const auto again = Metadata::SpecifierSet::parse(set->toString());
        check(again.has_value());
        check(again->toString() == set->toString());
        check(*again == *set);
        static const Metadata::Version probe = *Metadata::Version::parse(u"1.0rc1");
        check(set->contains(probe) == again->contains(probe));
    }
    return 0;
}
