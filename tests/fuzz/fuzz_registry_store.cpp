// SPDX-License-Identifier: GPL-3.0-or-later
// registries.toml: any file either loads or gives an error (with a line when it names one);
// what loads is valid and survives a write and a re-read unchanged.
#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

#include "core/registry/registrystore.h"

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
    const QByteArray content(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto registries = Registry::RegistryStore::parse(content, QStringLiteral("registries.toml"));
    if (!registries) {
        check(!registries.error().message.isEmpty() && registries.error().line >= 0);
        return 0;
    }
    for (const Registry::Registry &registry : *registries) {
        check(Registry::validate(registry).has_value());
    }
    const QByteArray written = Registry::RegistryStore::serialize(*registries);
    const auto again = Registry::RegistryStore::parse(written, QStringLiteral("registries.toml"));
    check(again.has_value());
    check(*again == *registries);
    return 0;
}
