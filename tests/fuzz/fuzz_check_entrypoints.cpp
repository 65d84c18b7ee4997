// SPDX-License-Identifier: GPL-3.0-or-later
// entry_points.txt as the check engine reads it (configparser's rules): never crashes, and
// reports only SW140/SW141 with one-line messages.
#include <QByteArray>

#include <cstddef>
#include <cstdint>

#include "core/check/distributionrules.h"

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
    const QList<Check::Finding> findings = Check::checkEntryPoints(bytes, QStringLiteral("x.dist-info/entry_points.txt"));
    for (const Check::Finding &finding : findings) {
        check(finding.code == u"SW140" || finding.code == u"SW141");
        check(!finding.message.contains(u'\n'));
    }
    return 0;
}
