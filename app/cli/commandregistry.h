// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>
#include <memory>
#include <span>

#include "app/cli/command.h"

namespace Cli {

// One entry of the headless command table: its name, a one-line summary for
// `slipway --help`, and how to make it.
struct CommandEntry {
    QString name;
    QString summary;
    std::function<std::unique_ptr<Command>(Console)> create;
};

// Every headless subcommand, in the order `slipway --help` lists them.
std::span<const CommandEntry> commandTable();

const CommandEntry *findCommand(const QString &name);

} // namespace Cli
