// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>
#include <memory>
#include <vector>

#include "app/cli/command.h"

namespace Cli {

// Whether `slipway --help`, the completions and the man page list a command. Hidden
// commands (such as `--help-man`, which generates the man page) still run when named.
enum class CommandVisibility { Listed, Hidden };

// One entry of the headless command table: its name, a one-line summary for
// `slipway --help`, and how to make it.
struct CommandEntry {
    QString name;
    QString summary;
    std::function<std::unique_ptr<Command>(Console)> create;
    CommandVisibility visibility = CommandVisibility::Listed;
};

// Every listed headless subcommand, sorted by name.
const std::vector<CommandEntry> &commandTable();

// Any command by name, hidden ones included.
const CommandEntry *findCommand(const QString &name);

/**
 * Adds a command to the table at static-initialisation time, so that a command is one
 * self-contained file in app/cli/. Use it at namespace scope in the command's .cpp:
 *
 *     const Cli::CommandRegistration<InspectCommand> registration{"inspect", "Show what a wheel holds."};
 */
void registerCommand(CommandEntry entry);

template<typename T>
struct CommandRegistration {
    CommandRegistration(const char *name, const char *summary,
                        CommandVisibility visibility = CommandVisibility::Listed)
    {
        registerCommand({QString::fromUtf8(name), QString::fromUtf8(summary),
                         [](Console console) { return std::unique_ptr<Command>(std::make_unique<T>(console)); },
                         visibility});
    }
};

} // namespace Cli
