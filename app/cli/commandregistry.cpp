// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/commandregistry.h"

#include <algorithm>

namespace Cli {

namespace {

// Function-local statics, so registrations from other translation units may run first.
std::vector<CommandEntry> &mutableTable(CommandVisibility visibility)
{
    static std::vector<CommandEntry> listed;
    static std::vector<CommandEntry> hidden;
    return visibility == CommandVisibility::Listed ? listed : hidden;
}

} // namespace

void registerCommand(CommandEntry entry)
{
    auto &table = mutableTable(entry.visibility);
    const auto position = std::ranges::lower_bound(table, entry.name, {}, &CommandEntry::name);
    table.insert(position, std::move(entry));
}

const std::vector<CommandEntry> &commandTable()
{
    return mutableTable(CommandVisibility::Listed);
}

const CommandEntry *findCommand(const QString &name)
{
    for (const CommandVisibility visibility : {CommandVisibility::Listed, CommandVisibility::Hidden}) {
        const auto &table = mutableTable(visibility);
        const auto found = std::ranges::find(table, name, &CommandEntry::name);
        if (found != table.end()) {
            return &*found;
        }
    }
    return nullptr;
}

} // namespace Cli
