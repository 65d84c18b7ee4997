// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/command.h"

namespace Cli {

class HelpCollector;

/**
 * `slipway completion bash|zsh`: prints a completion script for the shell, built from the
 * command table and every command's (and verb's) own --help, so it never drifts from what
 * the commands accept.
 */
class CompletionCommand final : public Command
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompletionCommand)

public:
    explicit CompletionCommand(Console console, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

private:
    HelpCollector *m_collector = nullptr;
};

/**
 * `slipway --help-man` (hidden): prints the slipway(1) man page in roff, from the same
 * definitions as the completions. The build runs it to make the installed man page.
 */
class ManPageCommand final : public Command
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManPageCommand)

public:
    explicit ManPageCommand(Console console, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

private:
    HelpCollector *m_collector = nullptr;
};

} // namespace Cli
