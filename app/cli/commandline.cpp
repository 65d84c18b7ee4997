// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/commandline.h"

#include <QCoreApplication>
#include <QTextStream>

#include "app/cli/command.h"

namespace Cli {

CommandLine::CommandLine(const QString &commandName, const QString &description)
    : m_commandName(commandName)
{
    m_parser.setApplicationDescription(description);
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addHelpOption();
}

std::optional<int> CommandLine::parse(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    // QCommandLineParser expects the program name first; the command name takes its place
    // so that help text reads "Usage: slipway inspect ...".
    QStringList argv{QStringLiteral("slipway ") + m_commandName};
    argv << arguments;
    if (!m_parser.parse(argv)) {
        return usageError(err, m_parser.errorText());
    }
    if (m_parser.isSet(QStringLiteral("help"))) {
        // QCommandLineParser names the running binary by its full path in the usage line;
        // users type "slipway COMMAND".
        QString help = m_parser.helpText();
        const QString binaryUsage = QStringLiteral("Usage: ") + QCoreApplication::arguments().value(0);
        if (help.startsWith(binaryUsage)) {
            help.replace(0, binaryUsage.size(), QStringLiteral("Usage: slipway ") + m_commandName);
        }
        out << help;
        out.flush();
        return ExitCode::Success;
    }
    return std::nullopt;
}

int CommandLine::usageError(QTextStream &err, const QString &message) const
{
    err << "slipway " << m_commandName << ": " << message << '\n'
        << "Run 'slipway " << m_commandName << " --help' for usage.\n";
    err.flush();
    return ExitCode::UsageError;
}

} // namespace Cli
