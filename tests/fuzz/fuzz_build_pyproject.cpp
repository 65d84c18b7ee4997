// SPDX-License-Identifier: GPL-3.0-or-later
// [build-system] reading (toml++ plus Slipway's rules): never crashes or throws, and what it
// accepts is safe to act on: a backend name, requirements that parse as PEP 508 and do not
// look like installer options, backend-path folders inside the source tree.
#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

#include "core/build/buildsystem.h"
#include "core/build/requirementcheck.h"

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
    const QByteArray toml(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const auto system = Build::parseBuildSystem(toml, QStringLiteral("/src/tree"));
    if (!system) {
        check(!system.error().message.isEmpty());
        return 0;
    }
    check(!system->backend.isEmpty());
    for (const QString &requirement : system->requirements) {
        check(!requirement.startsWith(u'-'));
        check(Build::requirementProblem(requirement).isEmpty());
    }
    for (const QString &path : system->backendPath) {
        check(path == QStringLiteral("/src/tree") || path.startsWith(QStringLiteral("/src/tree/")));
    }
    return 0;
}
