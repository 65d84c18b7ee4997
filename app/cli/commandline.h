// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>

class QTextStream;

namespace Cli {

/**
 * QCommandLineParser set up the way every Slipway subcommand wants it: `--help` prints the
 * command's own help, and a usage error prints the problem and how to get help instead of
 * exiting the process (QCommandLineParser::process() would exit with 1; usage errors are 2).
 */
class CommandLine final
{
public:
    CommandLine(const QString &commandName, const QString &description);

    QCommandLineParser &parser() { return m_parser; }

    // Parses arguments (without program and command name). Returns an exit code when the
    // command must stop now: 0 after --help, 2 after a usage error (already reported).
    [[nodiscard]] std::optional<int> parse(const QStringList &arguments, QTextStream &out, QTextStream &err);

    // Reports a usage error found after parsing (a bad option value, a missing argument).
    int usageError(QTextStream &err, const QString &message) const;

private:
    QString m_commandName;
    QCommandLineParser m_parser;
};

} // namespace Cli
