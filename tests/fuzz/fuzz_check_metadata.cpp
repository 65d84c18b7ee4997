// SPDX-License-Identifier: GPL-3.0-or-later
// The check engine's metadata rules over arbitrary METADATA / PKG-INFO bytes: they never crash,
// and every finding is well formed (a catalog code with its severity, a one-line message, a hint).
#include <QByteArray>

#include <cstddef>
#include <cstdint>

#include "core/check/metadatarules.h"
#include "core/check/rules.h"

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
    Check::MetadataContext context;
    context.isSdist = size % 2 == 1;
    const Check::MetadataCheck result = Check::checkMetadataBytes(bytes, QStringLiteral("PKG-INFO"), context);
    check(result.metadata.has_value() || !result.findings.isEmpty());
    for (const Check::Finding &finding : result.findings) {
        const auto info = Check::ruleInfo(finding.code);
        check(info.has_value());
        check(info->severity == finding.severity);
        check(!finding.message.isEmpty() && !finding.message.contains(u'\n'));
        check(!finding.hint.isEmpty());
    }
    return 0;
}
