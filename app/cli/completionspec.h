// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTextStream>

namespace Cli {

// One option as a command's --help lists it.
struct OptionSpec {
    QStringList names; // as typed: "-o", "--outdir"
    QString valueName; // "OUTDIR"; empty for a flag
    QString description;

    // The values a value name such as "auto|pip|uv" allows; empty when it is free.
    QStringList choices() const;
};

// One positional argument (from the "Arguments:" section).
struct ArgumentSpec {
    QString name; // "FILE", "DIR", "bash|zsh"
    QString description;
};

// One line of a "Verbs:" section (multi-verb commands such as `slipway registry`).
struct VerbLine {
    QString name;     // "add"
    QString synopsis; // "add NAME (--preset KIND | --url URL) [options]"
    QString summary;  // "add a registry ..."
};

// What one `slipway COMMAND [VERB] --help` says, split into its parts. Parses both
// QCommandLineParser's layout and the hand-written verb lists of multi-verb commands.
struct HelpSpec {
    QString text;        // the help as printed
    QString usage;       // "slipway build [options] [DIR]"
    QString description; // the free text, paragraphs separated by blank lines
    QList<OptionSpec> options;
    QList<ArgumentSpec> arguments;
    QList<VerbLine> verbs;
    // The positional arguments as the usage line writes them after "[options]", in order:
    // "generate", "gitlab|github", "[DIR]", "FILE...".
    QStringList positionals;
};

// What a completion offers for one positional word or option value.
struct ValueCompletion {
    enum class Kind { Nothing, Words, Files, Directories };
    Kind kind = Kind::Nothing;
    QStringList words;
    bool repeats = false; // "FILE...": this and every later word

    // From a usage token ("[DIR]", "FILE...", "gitlab|github", "generate") or a value name;
    // `fallback` for any other placeholder ("NAME", "SECONDS").
    static ValueCompletion fromSyntax(const QString &syntax, Kind fallback = Kind::Nothing);
};

[[nodiscard]] HelpSpec parseHelp(const QString &helpText);

struct VerbSpec {
    QString name;
    QString summary;
    HelpSpec help;
};

// A listed command with its help and, for multi-verb commands, each verb's help.
struct CommandSpec {
    QString name;
    QString summary;
    HelpSpec help;
    int helpExitCode = -1;
    QList<VerbSpec> verbs;
};

/**
 * Asks every listed command (and each verb of a multi-verb command) for its --help, in
 * order, and parses the answers: the single source for the completions and the man page,
 * so that they cannot drift from what the commands accept. Main thread; emits finished()
 * once, from the event loop or from within collect().
 */
class HelpCollector final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HelpCollector)

public:
    explicit HelpCollector(QObject *parent = nullptr);

    void collect();
    const QList<CommandSpec> &commands() const { return m_commands; }

Q_SIGNALS:
    void finished();

private:
    struct Request {
        qsizetype commandIndex = 0;
        QString verb; // empty for the command's own help
    };

    void runNext();
    void store(const Request &request, int exitCode, const QString &text);

    QList<CommandSpec> m_commands;
    QList<Request> m_queue;
    QString m_outText;
    QString m_errText;
    QTextStream m_out{&m_outText};
    QTextStream m_err{&m_errText};
};

// Completion scripts and the man page, rendered from collected specs.
[[nodiscard]] QString bashCompletion(const QList<CommandSpec> &commands);
[[nodiscard]] QString zshCompletion(const QList<CommandSpec> &commands);
[[nodiscard]] QString manPage(const QList<CommandSpec> &commands, const QString &version);

} // namespace Cli
