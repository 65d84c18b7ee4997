// SPDX-License-Identifier: GPL-3.0-or-later
// The native reStructuredText validator (core/readme/rstvalidator.cpp) on arbitrary bytes:
// never crashes or hangs, and its verdict is complete: a clean verdict has no reason and
// findings with messages, a NeedsDocutils verdict has a reason and no findings. Validating
// twice gives the same verdict (no hidden state between calls).
#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

#include "core/readme/rstvalidator.h"

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
    if (size > 64 * 1024) {
        return 0;
    }
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const Readme::RstValidation validation = Readme::validateRst(text);
    if (validation.isClean()) {
        check(validation.reason.isEmpty());
        for (const Readme::Finding &finding : validation.findings) {
            check(!finding.message.isEmpty());
            check(finding.line == 0);
        }
    } else {
        check(!validation.reason.isEmpty());
        check(validation.findings.isEmpty());
    }
    const Readme::RstValidation again = Readme::validateRst(text);
    check(again.verdict == validation.verdict && again.findings == validation.findings
          && again.reason == validation.reason);
    return 0;
}
