// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/commandregistry.h"

#include <algorithm>

namespace Cli {

namespace {

// A function-local static, so registrations from other translation units may run first.
std::vector<CommandEntry> &mutableTable()
{
    static std::vector<CommandEntry> table;
    return table;
}

} // namespace

void registerCommand(CommandEntry entry)
{
    auto &table = mutableTable();
    const auto position = std::ranges::lower_bound(table, entry.name, {}, &CommandEntry::name);
    table.insert(position, std::move(entry));
}

const std::vector<CommandEntry> &commandTable()
{
    return mutableTable();
}

const CommandEntry *findCommand(const QString &name)
{
    const auto &table = commandTable();
    const auto found = std::ranges::find(table, name, &CommandEntry::name);
    return found == table.end() ? nullptr : &*found;
}

} // namespace Cli
