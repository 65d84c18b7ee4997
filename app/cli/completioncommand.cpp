// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/completioncommand.h"

#include <QCoreApplication>
#include <QTextStream>

#include "app/cli/commandline.h"
#include "app/cli/commandregistry.h"
#include "app/cli/completionspec.h"

using namespace Qt::StringLiterals;

namespace Cli {

namespace {

const CommandRegistration<CompletionCommand> completionRegistration{
    "completion", "Print a bash or zsh completion script for slipway."};
const CommandRegistration<ManPageCommand> manPageRegistration{
    "--help-man", "Print the slipway(1) man page in roff.", CommandVisibility::Hidden};

} // namespace

CompletionCommand::CompletionCommand(Console console, QObject *parent)
    : Command(console, parent)
{
}

void CompletionCommand::start(const QStringList &arguments)
{
    CommandLine commandLine(u"completion"_s,
                            u"Prints a completion script for the shell on standard output, made from every "
                            "command's own --help.\n\n"
                            "bash: source it, or install it as /usr/share/bash-completion/completions/slipway.\n"
                            "zsh: save it as _slipway in a folder of $fpath (Debian: "
                            "/usr/share/zsh/vendor-completions)."_s);
    QCommandLineParser &parser = commandLine.parser();
    parser.addPositionalArgument(u"bash|zsh"_s, u"The shell."_s, u"bash|zsh"_s);
    if (const auto exitCode = commandLine.parse(arguments, out(), err())) {
        Q_EMIT finished(*exitCode);
        return;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1 || (positional.first() != u"bash"_s && positional.first() != u"zsh"_s)) {
        Q_EMIT finished(commandLine.usageError(err(), u"name one shell: bash or zsh"_s));
        return;
    }
    const bool bash = positional.first() == u"bash"_s;
    m_collector = new HelpCollector(this);
    connect(m_collector, &HelpCollector::finished, this, [this, bash] {
        out() << (bash ? bashCompletion(m_collector->commands()) : zshCompletion(m_collector->commands()));
        out().flush();
        Q_EMIT finished(ExitCode::Success);
    });
    m_collector->collect();
}

ManPageCommand::ManPageCommand(Console console, QObject *parent)
    : Command(console, parent)
{
}

void ManPageCommand::start(const QStringList &arguments)
{
    CommandLine commandLine(u"--help-man"_s, u"Prints the slipway(1) man page in roff."_s);
    if (const auto exitCode = commandLine.parse(arguments, out(), err())) {
        Q_EMIT finished(*exitCode);
        return;
    }
    if (!commandLine.parser().positionalArguments().isEmpty()) {
        Q_EMIT finished(commandLine.usageError(err(), u"takes no arguments"_s));
        return;
    }
    m_collector = new HelpCollector(this);
    connect(m_collector, &HelpCollector::finished, this, [this] {
        out() << manPage(m_collector->commands(), QCoreApplication::applicationVersion());
        out().flush();
        Q_EMIT finished(ExitCode::Success);
    });
    m_collector->collect();
}

} // namespace Cli
