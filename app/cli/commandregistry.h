// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>
#include <memory>
#include <vector>

#include "app/cli/command.h"

namespace Cli {

// One entry of the headless command table: its name, a one-line summary for
// `slipway --help`, and how to make it.
struct CommandEntry {
    QString name;
    QString summary;
    std::function<std::unique_ptr<Command>(Console)> create;
};

// Every headless subcommand, sorted by name.
const std::vector<CommandEntry> &commandTable();

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
    CommandRegistration(const char *name, const char *summary)
    {
        registerCommand({QString::fromUtf8(name), QString::fromUtf8(summary), [](Console console) {
                             return std::unique_ptr<Command>(std::make_unique<T>(console));
                         }});
    }
};

} // namespace Cli
