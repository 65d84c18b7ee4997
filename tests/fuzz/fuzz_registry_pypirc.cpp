// SPDX-License-Identifier: GPL-3.0-or-later
// .pypirc files: parsing never crashes; what imports is valid; removing the password options
// (what `import-pypirc --scrub` does) leaves every other value as it was; an exported file
// reads back with the same registries.
#include <QByteArray>
#include <QList>

#include <cstddef>
#include <cstdint>
#include <tuple>

#include "core/registry/pypirc.h"

namespace {

void check(bool condition)
{
    if (!condition) {
        __builtin_trap();
    }
}

QList<std::tuple<QString, QString, QString>> otherValues(const Registry::IniDocument &document)
{
    QList<std::tuple<QString, QString, QString>> values;
    auto collect = [&values](const Registry::IniSection &section) {
        for (const Registry::IniOption &option : section.options) {
            if (option.name != QLatin1StringView("password")) {
                values.append({section.name, option.name, option.value});
            }
        }
    };
    collect(document.defaults);
    for (const Registry::IniSection &section : document.sections) {
        collect(section);
    }
    return values;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray content(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto document = Registry::parseIni(content);
    const auto contents = Registry::readPypirc(content);
    check(document.has_value() == contents.has_value());
    if (!document) {
        return 0;
    }
    QList<std::pair<int, int>> passwords;
    auto collect = [&passwords](const Registry::IniSection &section) {
        for (const Registry::IniOption &option : section.options) {
            check(option.firstLine >= 1 && option.lastLine >= option.firstLine);
            if (option.name == QLatin1StringView("password")) {
                passwords.append({option.firstLine, option.lastLine});
            }
        }
    };
    collect(document->defaults);
    for (const Registry::IniSection &section : document->sections) {
        collect(section);
    }
    const auto scrubbed = Registry::parseIni(Registry::removeLines(content, passwords));
    check(scrubbed.has_value());
    check(otherValues(*scrubbed) == otherValues(*document));

    QList<Registry::Registry> registries;
    for (const Registry::PypircEntry &entry : contents->entries) {
        check(Registry::validate(entry.registry).has_value());
        check(!entry.password || (entry.passwordFirstLine >= 1 && !entry.password->contains(QLatin1Char('\n'))));
        registries.append(entry.registry);
    }
    if (const auto exported = Registry::writePypirc(registries)) {
        const auto again = Registry::readPypirc(*exported);
        check(again.has_value());
        check(again->entries.size() == registries.size());
        for (qsizetype i = 0; i < registries.size(); ++i) {
            check(again->entries.at(i).registry.uploadUrl == registries.at(i).uploadUrl);
            check(again->entries.at(i).registry.username == registries.at(i).username);
            check(!again->entries.at(i).password);
        }
    }
    return 0;
}
