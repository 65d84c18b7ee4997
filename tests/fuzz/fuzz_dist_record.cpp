// SPDX-License-Identifier: GPL-3.0-or-later
// RECORD and WHEEL files from a wheel: parsing never crashes, and every row kept is usable.
#include <QByteArray>

#include <cstddef>
#include <cstdint>

#include "core/dist/record.h"
#include "core/dist/wheelinfo.h"

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
    const Dist::Record record = Dist::Record::parse(bytes);
    for (const Dist::RecordEntry &entry : record.entries) {
        check(!entry.path.isEmpty());
        check(entry.line >= 1);
        check(!entry.size || *entry.size >= 0);
        if (!entry.digest.isEmpty()) {
            check(entry.algorithm.has_value() && entry.digest.size() == Dist::hashDigestSize(*entry.algorithm));
        }
    }
    for (const Dist::RecordIssue &issue : record.issues) {
        check(!issue.message.isEmpty());
    }
    const Dist::WheelInfo wheel = Dist::WheelInfo::parse(bytes);
    check(!wheel.issues.isEmpty() || !wheel.wheelVersion.isEmpty());
    return 0;
}
