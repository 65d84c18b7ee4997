// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/commandregistry.h"

#include <vector>


namespace Cli {

namespace {

template<typename T>
[[maybe_unused]]
CommandEntry entry(const char *name, const char *summary)
{
    return {QString::fromLatin1(name), QString::fromLatin1(summary), [](Console console) {
                return std::unique_ptr<Command>(std::make_unique<T>(console));
            }};
}

} // namespace

std::span<const CommandEntry> commandTable()
{
    static const std::vector<CommandEntry> table{
        // Each command adds one line here.
    };
    return table;
}

const CommandEntry *findCommand(const QString &name)
{
    for (const CommandEntry &candidate : commandTable()) {
        if (candidate.name == name) {
            return &candidate;
        }
    }
    return nullptr;
}

} // namespace Cli
