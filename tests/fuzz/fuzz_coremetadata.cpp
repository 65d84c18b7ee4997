// SPDX-License-Identifier: GPL-3.0-or-later
// Core metadata (METADATA / PKG-INFO): parsing never crashes, and what parses can be written
// and read back to the same text.
#include <QByteArray>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>

#include "core/metadata/coremetadata.h"

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
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto metadata = Metadata::CoreMetadata::parse(bytes);
    if (!metadata) {
        check(!metadata.error().message.isEmpty());
        return 0;
    }
    (void)metadata->toJson();
    const QByteArray written = metadata->serialize();
    const auto again = Metadata::CoreMetadata::parse(written);
    if (!again) {
        // Only an empty document may fail (everything was blank or whitespace values).
        check(again.error().code == Metadata::MetadataError::Code::Empty);
        return 0;
    }
    check(again->serialize() == written);
    check(again->fields().size() == metadata->fields().size()
          || metadata->contains(u"Description") || again->contains(u"Description"));
    return 0;
}
