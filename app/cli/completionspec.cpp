// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/completionspec.h"

#include <QRegularExpression>
#include <QTimer>

#include <memory>

#include "app/cli/command.h"
#include "app/cli/commandregistry.h"

using namespace Qt::StringLiterals;

namespace Cli {

namespace {

// Qt's own option, which only adds Qt's platform options to the help.
const QString helpAllOption = u"--help-all"_s;

bool isPathName(const QString &name)
{
    static const QRegularExpression pattern(u"(FILE|DIR|PATH)$"_s);
    return pattern.match(name).hasMatch();
}

bool isDirectoryName(const QString &name)
{
    return name == u"DIR"_s || name == u"OUTDIR"_s || name.endsWith(u"DIR"_s);
}

QString collapse(const QString &text)
{
    return text.simplified();
}

// Splits "head      description" at the first gap of two or more spaces.
std::pair<QString, QString> splitEntry(const QString &line)
{
    static const QRegularExpression gap(u"\\s{2,}"_s);
    const QString body = line.mid(2);
    const QRegularExpressionMatch match = gap.match(body);
    if (!match.hasMatch()) {
        return {body.trimmed(), {}};
    }
    return {body.left(match.capturedStart()).trimmed(), body.mid(match.capturedEnd()).trimmed()};
}

OptionSpec parseOptionHead(const QString &head, const QString &description)
{
    OptionSpec option;
    static const QRegularExpression valuePattern(u"<([^>]*)>"_s);
    const QRegularExpressionMatch value = valuePattern.match(head);
    if (value.hasMatch()) {
        option.valueName = value.captured(1);
    }
    QString names = head;
    names.remove(valuePattern);
    for (const QString &part : names.split(u',', Qt::SkipEmptyParts)) {
        const QString name = part.trimmed();
        if (name.startsWith(u'-')) {
            option.names.append(name);
        }
    }
    option.description = description;
    return option;
}

VerbLine parseVerbLine(const QString &line)
{
    VerbLine verb;
    const QString body = line.trimmed();
    verb.name = body.section(u' ', 0, 0);
    static const QRegularExpression gap(u"\\s{2,}"_s);
    // The summary follows the last wide gap; a gap right after the verb's name only aligns.
    qsizetype summaryStart = -1;
    qsizetype synopsisEnd = body.size();
    QRegularExpressionMatchIterator gaps = gap.globalMatch(body);
    while (gaps.hasNext()) {
        const QRegularExpressionMatch match = gaps.next();
        summaryStart = match.capturedEnd();
        synopsisEnd = match.capturedStart();
    }
    if (summaryStart > 0 && body.indexOf(u' ') < synopsisEnd) {
        verb.summary = body.mid(summaryStart);
        verb.synopsis = collapse(body.left(synopsisEnd));
    } else if (summaryStart > 0 && body.indexOf(u' ') == synopsisEnd) {
        verb.summary = body.mid(summaryStart);
        verb.synopsis = verb.name;
    } else {
        verb.synopsis = collapse(body);
    }
    return verb;
}

QString firstSentence(const QString &text)
{
    const QString flat = collapse(text);
    const qsizetype end = flat.indexOf(u". "_s);
    QString sentence = end < 0 ? flat : flat.left(end + 1);
    if (sentence.endsWith(u'.')) {
        sentence.chop(1);
    }
    return sentence;
}

// --- bash ---------------------------------------------------------------------------

QString shellWords(const QStringList &words)
{
    return words.join(u' ');
}

QStringList optionNames(const HelpSpec &help)
{
    QStringList names;
    for (const OptionSpec &option : help.options) {
        names << option.names;
    }
    return names;
}

QStringList valuedOptionNames(const HelpSpec &help)
{
    QStringList names;
    for (const OptionSpec &option : help.options) {
        if (!option.valueName.isEmpty()) {
            names << option.names;
        }
    }
    return names;
}

// The positional words of a verb's help after the verb itself: without the placeholder of a
// command whose verbs share one parser ("slipway project [options] VERB [ARGS...]"), or the
// verb when the usage names it again as a positional argument.
QStringList verbPositionals(const VerbSpec &verb)
{
    QStringList positionals = verb.help.positionals;
    if (!positionals.isEmpty() && (positionals.first() == u"VERB"_s || positionals.first() == verb.name)) {
        positionals.removeFirst();
    }
    return positionals;
}

QString bashAction(const ValueCompletion &completion)
{
    switch (completion.kind) {
    case ValueCompletion::Kind::Words:
        return u"COMPREPLY=($(compgen -W \"%1\" -- \"$cur\"))"_s.arg(shellWords(completion.words));
    case ValueCompletion::Kind::Files:
        return u"compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\"))"_s;
    case ValueCompletion::Kind::Directories:
        return u"compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$cur\"))"_s;
    case ValueCompletion::Kind::Nothing:
        break;
    }
    return u"COMPREPLY=()"_s;
}

// The case arms completing an option's value: choices, files, folders, or nothing.
QString bashValueCases(const HelpSpec &help, const QString &indent)
{
    QString cases;
    for (const OptionSpec &option : help.options) {
        if (!option.valueName.isEmpty()) {
            cases += indent + option.names.join(u'|') + u") "_s
                + bashAction(ValueCompletion::fromSyntax(option.valueName)) + u"; return ;;\n"_s;
        }
    }
    return cases;
}

// The case arms completing the Nth positional word.
QString bashPositionalCases(const QStringList &positionals, const QString &indent)
{
    QString cases;
    for (qsizetype index = 0; index < positionals.size(); ++index) {
        // An unknown placeholder ("ARGS") may well be a path, as bash assumes by default.
        const ValueCompletion completion =
            ValueCompletion::fromSyntax(positionals.at(index), ValueCompletion::Kind::Files);
        const bool last = index == positionals.size() - 1;
        const QString label = last && completion.repeats ? u"*"_s : QString::number(index);
        cases += indent + label + u") "_s + bashAction(completion) + u" ;;\n"_s;
    }
    return cases;
}

QString bashCase(const QString &key, const HelpSpec &help, const QStringList &positionals, int firstWord)
{
    QString arm = u"        \"%1\")\n"_s.arg(key);
    arm += u"            case \"$prev\" in\n"_s + bashValueCases(help, u"                "_s)
        + u"            esac\n"_s;
    arm += u"            if [[ $cur == -* ]]; then\n"_s
           u"                COMPREPLY=($(compgen -W \"%1\" -- \"$cur\"))\n"_s
           u"                return\n"_s
           u"            fi\n"_s
           u"            case $(_slipway_position %2 \"%3\") in\n"_s.arg(shellWords(optionNames(help)))
               .arg(firstWord)
               .arg(shellWords(valuedOptionNames(help)));
    arm += bashPositionalCases(positionals, u"                "_s);
    arm += u"            esac\n"_s
           u"            ;;\n"_s;
    return arm;
}

// --- zsh ----------------------------------------------------------------------------

QString zshQuote(QString text)
{
    text.replace(u'\'', u"'\\''"_s);
    return text;
}

QString zshDescription(const QString &text)
{
    QString description = firstSentence(text);
    description.replace(u'\\', u"\\\\"_s).replace(u'[', u"\\["_s).replace(u']', u"\\]"_s);
    return zshQuote(description);
}

QString zshMessage(QString text)
{
    text.replace(u':', u"\\:"_s);
    return zshQuote(text);
}

QString zshFunctionName(const QString &command, const QString &verb = {})
{
    QString name = u"_slipway_"_s + command + (verb.isEmpty() ? QString() : u"_"_s + verb);
    static const QRegularExpression unsafe(u"[^A-Za-z0-9_]"_s);
    return name.replace(unsafe, u"_"_s);
}

QString zshAction(const ValueCompletion &completion)
{
    switch (completion.kind) {
    case ValueCompletion::Kind::Words:
        return u"(%1)"_s.arg(completion.words.join(u' '));
    case ValueCompletion::Kind::Files:
        return u"_files"_s;
    case ValueCompletion::Kind::Directories:
        return u"_files -/"_s;
    case ValueCompletion::Kind::Nothing:
        break;
    }
    return u" "_s;
}

QString zshArgumentsFunction(const QString &name, const HelpSpec &help, const QStringList &positionals)
{
    QString body = name + u"() {\n    _arguments -s -S"_s;
    for (const OptionSpec &option : help.options) {
        const QString exclusions = option.names.size() > 1 ? u"(%1)"_s.arg(option.names.join(u' ')) : QString();
        for (const QString &optionName : option.names) {
            QString spec = exclusions + optionName + u'[' + zshDescription(option.description) + u']';
            if (!option.valueName.isEmpty()) {
                spec += u':' + zshMessage(option.valueName) + u':'
                    + zshQuote(zshAction(ValueCompletion::fromSyntax(option.valueName)));
            }
            body += u" \\\n        '"_s + spec + u'\'';
        }
    }
    for (qsizetype index = 0; index < positionals.size(); ++index) {
        const ValueCompletion completion =
            ValueCompletion::fromSyntax(positionals.at(index), ValueCompletion::Kind::Files);
        const bool optional = positionals.at(index).startsWith(u'[');
        QString message = positionals.at(index);
        message.remove(u'[').remove(u']').remove(u"..."_s);
        const QString position = completion.repeats && index == positionals.size() - 1
            ? u"*"_s
            : QString::number(index + 1) + (optional ? u":"_s : QString());
        body += u" \\\n        '"_s + position + u':' + zshMessage(message) + u':' + zshQuote(zshAction(completion))
            + u'\'';
    }
    body += u"\n}\n\n"_s;
    return body;
}

// --- roff ---------------------------------------------------------------------------

QString roffEscape(QString text)
{
    text.replace(u'\\', u"\\e"_s);
    text.replace(u'-', u"\\-"_s);
    return text;
}

// Text lines for roff: none may start with a control character.
QString roffLine(const QString &line)
{
    const QString escaped = roffEscape(line);
    return (escaped.startsWith(u'.') || escaped.startsWith(u'\'')) ? u"\\&"_s + escaped : escaped;
}

QString roffParagraphs(const QString &text)
{
    QString roff;
    bool first = true;
    // "Run 'slipway registry VERB --help' for ..." points at what the man page holds anyway.
    static const QRegularExpression pointer(u"^(Run )?[`']slipway [^`']* --help[`'] "_s);
    for (const QString &paragraph : text.split(u"\n\n"_s, Qt::SkipEmptyParts)) {
        if (pointer.match(paragraph).hasMatch()) {
            continue;
        }
        if (!first) {
            roff += u".PP\n"_s;
        }
        first = false;
        roff += roffLine(collapse(paragraph)) + u'\n';
    }
    return roff;
}

QString roffOptions(const QList<OptionSpec> &options)
{
    QString roff;
    for (const OptionSpec &option : options) {
        if (option.names.contains(u"--help"_s)) {
            continue; // every command has it; the page says so once
        }
        QStringList names;
        for (const QString &name : option.names) {
            names << u"\\fB"_s + roffEscape(name) + u"\\fR"_s;
        }
        QString head = names.join(u", "_s);
        if (!option.valueName.isEmpty()) {
            head += u" \\fI"_s + roffEscape(option.valueName) + u"\\fR"_s;
        }
        roff += u".TP\n"_s + head + u'\n' + roffLine(option.description) + u'\n';
    }
    return roff;
}

QString roffArguments(const QList<ArgumentSpec> &arguments)
{
    QString roff;
    for (const ArgumentSpec &argument : arguments) {
        roff += u".TP\n\\fI"_s + roffEscape(argument.name) + u"\\fR\n"_s + roffLine(argument.description) + u'\n';
    }
    return roff;
}

QString roffHelp(const HelpSpec &help)
{
    QString roff = roffParagraphs(help.description);
    if (!help.verbs.isEmpty()) {
        roff += u".PP\nVerbs:\n.RS\n"_s;
        for (const VerbLine &verb : help.verbs) {
            roff += u".TP\n\\fB"_s + roffEscape(verb.synopsis) + u"\\fR\n"_s + roffLine(verb.summary) + u'\n';
        }
        roff += u".RE\n"_s;
    }
    if (!help.options.isEmpty()) {
        roff += u".PP\nOptions:\n.RS\n"_s + roffOptions(help.options) + u".RE\n"_s;
    }
    if (!help.arguments.isEmpty()) {
        roff += u".PP\nArguments:\n.RS\n"_s + roffArguments(help.arguments) + u".RE\n"_s;
    }
    return roff;
}

} // namespace

QStringList OptionSpec::choices() const
{
    if (!valueName.contains(u'|')) {
        return {};
    }
    return valueName.split(u'|', Qt::SkipEmptyParts);
}

ValueCompletion ValueCompletion::fromSyntax(const QString &syntax, Kind fallback)
{
    ValueCompletion completion;
    completion.kind = fallback;
    QString core = syntax.trimmed();
    if (core.startsWith(u'[') && core.endsWith(u']')) {
        core = core.mid(1, core.size() - 2);
    }
    if (core.endsWith(u"..."_s)) {
        core.chop(3);
        completion.repeats = true;
    }
    static const QRegularExpression literal(u"^[a-z][a-z0-9-]*$"_s);
    if (core.contains(u'|')) {
        completion.kind = Kind::Words;
        completion.words = core.split(u'|', Qt::SkipEmptyParts);
    } else if (literal.match(core).hasMatch()) {
        completion.kind = Kind::Words;
        completion.words = {core};
    } else if (isDirectoryName(core)) {
        completion.kind = Kind::Directories;
    } else if (isPathName(core)) {
        completion.kind = Kind::Files;
    }
    return completion;
}

HelpSpec parseHelp(const QString &helpText)
{
    HelpSpec help;
    help.text = helpText;
    enum class Section { Description, Options, Arguments, Verbs, Other };
    Section section = Section::Description;
    QStringList description;
    static const QRegularExpression sectionHeading(u"^([A-Z][A-Za-z ]*):$"_s);

    const QStringList lines = helpText.split(u'\n');
    for (const QString &line : lines) {
        if (help.usage.isEmpty() && line.startsWith(u"Usage: "_s)) {
            help.usage = line.mid(7).trimmed();
            continue;
        }
        if (const QRegularExpressionMatch heading = sectionHeading.match(line); heading.hasMatch()) {
            const QString name = heading.captured(1);
            section = name == u"Options"_s ? Section::Options
                : name == u"Arguments"_s   ? Section::Arguments
                : name == u"Verbs"_s       ? Section::Verbs
                                           : Section::Other;
            if (section == Section::Other) {
                description << QString() << line;
            }
            continue;
        }
        if (line.trimmed().isEmpty()) {
            // A blank line ends a section; the text after it is description again.
            section = Section::Description;
            description << QString();
            continue;
        }
        const bool entryStart = line.startsWith(u"  "_s) && !line.at(2).isSpace();
        const bool continuation = line.startsWith(u"   "_s);
        switch (section) {
        case Section::Description:
        case Section::Other:
            description << line;
            break;
        case Section::Options:
            if (entryStart && line.at(2) == u'-') {
                const auto [head, text] = splitEntry(line);
                help.options.append(parseOptionHead(head, text));
            } else if (continuation && !help.options.isEmpty()) {
                help.options.last().description = collapse(help.options.last().description + u' ' + line);
            }
            break;
        case Section::Arguments:
            if (entryStart) {
                const auto [head, text] = splitEntry(line);
                help.arguments.append({head, text});
            } else if (continuation && !help.arguments.isEmpty()) {
                help.arguments.last().description = collapse(help.arguments.last().description + u' ' + line);
            }
            break;
        case Section::Verbs:
            if (entryStart) {
                help.verbs.append(parseVerbLine(line));
            } else if (continuation && !help.verbs.isEmpty()) {
                VerbLine &verb = help.verbs.last();
                verb.summary = collapse(verb.summary + u' ' + line);
            }
            break;
        }
    }
    help.options.removeIf([](const OptionSpec &option) { return option.names.contains(helpAllOption); });
    if (const qsizetype options = help.usage.indexOf(u" [options]"_s); options >= 0) {
        help.positionals = help.usage.mid(options + 10).split(u' ', Qt::SkipEmptyParts);
    }
    help.description = description.join(u'\n').trimmed();
    static const QRegularExpression blankRuns(u"\n{3,}"_s);
    help.description.replace(blankRuns, u"\n\n"_s);
    return help;
}

HelpCollector::HelpCollector(QObject *parent)
    : QObject(parent)
{
}

void HelpCollector::collect()
{
    m_commands.clear();
    m_queue.clear();
    for (const CommandEntry &entry : commandTable()) {
        m_commands.append(CommandSpec{entry.name, entry.summary, {}, -1, {}});
        m_queue.append(Request{m_commands.size() - 1, {}});
    }
    runNext();
}

void HelpCollector::runNext()
{
    if (m_queue.isEmpty()) {
        Q_EMIT finished();
        return;
    }
    const Request request = m_queue.takeFirst();
    const CommandEntry *entry = findCommand(m_commands.at(request.commandIndex).name);
    m_outText.clear();
    m_errText.clear();
    Command *command = entry->create(Console{m_out, m_err}).release();
    command->setParent(this);
    connect(command, &Command::finished, this, [this, command, request](int exitCode) {
        m_out.flush();
        m_err.flush();
        store(request, exitCode, m_outText);
        command->deleteLater();
        // From the event loop: the command may still be inside its start().
        QTimer::singleShot(0, this, &HelpCollector::runNext);
    });
    QStringList arguments;
    if (!request.verb.isEmpty()) {
        arguments << request.verb;
    }
    arguments << u"--help"_s;
    command->start(arguments);
}

void HelpCollector::store(const Request &request, int exitCode, const QString &text)
{
    CommandSpec &command = m_commands[request.commandIndex];
    HelpSpec help = parseHelp(text);
    if (!request.verb.isEmpty()) {
        for (VerbSpec &verb : command.verbs) {
            if (verb.name == request.verb) {
                verb.help = help;
                if (verb.summary.isEmpty()) {
                    verb.summary = firstSentence(help.description);
                }
            }
        }
        return;
    }
    command.helpExitCode = exitCode;
    command.help = help;
    QList<VerbLine> verbs = help.verbs;
    if (verbs.isEmpty()) {
        // A command with a single verb names it right after its own name in the usage line
        // ("slipway token inspect ...").
        static const QRegularExpression singleVerb(u"^slipway \\S+ ([a-z][a-z-]*)(\\s|$)"_s);
        if (const QRegularExpressionMatch match = singleVerb.match(help.usage); match.hasMatch()) {
            verbs.append(VerbLine{match.captured(1), match.captured(1), {}});
        }
    }
    for (const VerbLine &verb : verbs) {
        command.verbs.append(VerbSpec{verb.name, verb.summary, {}});
        m_queue.append(Request{request.commandIndex, verb.name});
    }
}

QString bashCompletion(const QList<CommandSpec> &commands)
{
    QStringList names;
    for (const CommandSpec &command : commands) {
        names << command.name;
    }
    QString verbCases;
    QString commandCases;
    for (const CommandSpec &command : commands) {
        if (command.verbs.isEmpty()) {
            commandCases += bashCase(command.name, command.help, command.help.positionals, 2);
            continue;
        }
        QStringList verbs;
        for (const VerbSpec &verb : command.verbs) {
            verbs << verb.name;
            commandCases += bashCase(command.name + u' ' + verb.name, verb.help, verbPositionals(verb), 3);
        }
        verbCases += u"        %1) verbs=\"%2\" ;;\n"_s.arg(command.name, shellWords(verbs));
    }

    return u"# bash completion for slipway. Generated by `slipway completion bash` from the commands' own\n"_s
           u"# --help, so it lists exactly what this slipway accepts.\n"_s
           u"_slipway_position()\n"_s
           u"{\n"_s
           u"    # How many positional words precede the one being completed, from word $1 on;\n"_s
           u"    # $2 lists the options that take a value (the next word is theirs).\n"_s
           u"    local i=$1 count=0 word\n"_s
           u"    while [[ $i -lt $COMP_CWORD ]]; do\n"_s
           u"        word=${COMP_WORDS[i]}\n"_s
           u"        if [[ $word == -* ]]; then\n"_s
           u"            [[ $word != *=* && \" $2 \" == *\" $word \"* ]] && i=$((i + 1))\n"_s
           u"        else\n"_s
           u"            count=$((count + 1))\n"_s
           u"        fi\n"_s
           u"        i=$((i + 1))\n"_s
           u"    done\n"_s
           u"    echo $count\n"_s
           u"}\n\n"_s
           u"_slipway()\n"_s
           u"{\n"_s
           u"    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"_s
           u"    if [[ $COMP_CWORD -eq 1 ]]; then\n"_s
           u"        if [[ $cur == -* ]]; then\n"_s
           u"            COMPREPLY=($(compgen -W \"--help --version\" -- \"$cur\"))\n"_s
           u"        else\n"_s
           u"            compopt -o filenames 2>/dev/null\n"_s
           u"            COMPREPLY=($(compgen -W \"%1\" -- \"$cur\") $(compgen -d -- \"$cur\"))\n"_s
           u"        fi\n"_s
           u"        return\n"_s
           u"    fi\n"_s
           u"    local command=${COMP_WORDS[1]} verbs=\"\"\n"_s
           u"    case \"$command\" in\n"_s
           u"%2"_s
           u"    esac\n"_s
           u"    local key=$command\n"_s
           u"    if [[ -n $verbs ]]; then\n"_s
           u"        if [[ $COMP_CWORD -eq 2 ]]; then\n"_s
           u"            COMPREPLY=($(compgen -W \"$verbs --help\" -- \"$cur\"))\n"_s
           u"            return\n"_s
           u"        fi\n"_s
           u"        key=\"$command ${COMP_WORDS[2]}\"\n"_s
           u"    fi\n"_s
           u"    case \"$key\" in\n"_s
           u"%3"_s
           u"    esac\n"_s
           u"}\n"_s
           u"complete -F _slipway slipway\n"_s.arg(shellWords(names), verbCases, commandCases);
}

QString zshCompletion(const QList<CommandSpec> &commands)
{
    QString functions;
    QString commandList;
    QString dispatch;
    for (const CommandSpec &command : commands) {
        commandList += u"        '%1:%2'\n"_s.arg(command.name, zshQuote(QString(command.summary).replace(u':', u"\\:"_s)));
        const QString function = zshFunctionName(command.name);
        dispatch += u"            %1) %2 ;;\n"_s.arg(command.name, function);
        if (command.verbs.isEmpty()) {
            functions += zshArgumentsFunction(function, command.help, command.help.positionals);
            continue;
        }
        QString verbList;
        QString verbDispatch;
        for (const VerbSpec &verb : command.verbs) {
            const QString verbFunction = zshFunctionName(command.name, verb.name);
            functions += zshArgumentsFunction(verbFunction, verb.help, verbPositionals(verb));
            verbList += u"            '%1:%2'\n"_s.arg(verb.name, zshQuote(QString(verb.summary).replace(u':', u"\\:"_s)));
            verbDispatch += u"            %1) %2 ;;\n"_s.arg(verb.name, verbFunction);
        }
        functions += function
            + u"() {\n"_s
              u"    if (( CURRENT == 2 )); then\n"_s
              u"        local -a verbs=(\n"_s
            + verbList
            + u"        )\n"_s
              u"        _describe -t verbs 'verb' verbs\n"_s
              u"        return\n"_s
              u"    fi\n"_s
              u"    local verb=$words[2]\n"_s
              u"    shift words\n"_s
              u"    (( CURRENT-- ))\n"_s
              u"    case $verb in\n"_s
            + verbDispatch
            + u"    esac\n"_s
              u"}\n\n"_s;
    }
    return u"#compdef slipway\n"_s
           u"# zsh completion for slipway. Generated by `slipway completion zsh` from the commands' own\n"_s
           u"# --help, so it lists exactly what this slipway accepts.\n\n"_s
        + functions
        + u"_slipway() {\n"_s
          u"    local curcontext=$curcontext state line\n"_s
          u"    typeset -A opt_args\n"_s
          u"    _arguments -C \\\n"_s
          u"        '(- *)--version[Print the version]' \\\n"_s
          u"        '(- *)--help[Print the list of commands]' \\\n"_s
          u"        '1: :->command' \\\n"_s
          u"        '*:: :->arguments'\n"_s
          u"    case $state in\n"_s
          u"    command)\n"_s
          u"        local -a commands=(\n"_s
        + commandList
        + u"        )\n"_s
          u"        _describe -t commands 'slipway command' commands\n"_s
          u"        _files -/\n"_s
          u"        ;;\n"_s
          u"    arguments)\n"_s
          u"        case $words[1] in\n"_s
        + dispatch
        + u"        esac\n"_s
          u"        ;;\n"_s
          u"    esac\n"_s
          u"}\n\n"_s
          u"_slipway \"$@\"\n"_s;
}

QString manPage(const QList<CommandSpec> &commands, const QString &version)
{
    QString roff = u".\\\" Generated by `slipway --help-man` from the commands' own --help.\n"_s
                   u".TH SLIPWAY 1 \"\" \"slipway %1\" \"User Commands\"\n"_s
                   u".SH NAME\n"_s
                   u"slipway \\- build, check and release Python packages\n"_s
                   u".SH SYNOPSIS\n"_s
                   u".B slipway\n"_s
                   u"[\\fIPROJECT_DIR\\fR]\n"_s
                   u".br\n"_s
                   u".B slipway\n"_s
                   u"\\fICOMMAND\\fR [\\fIOPTIONS\\fR] ...\n"_s
                   u".br\n"_s
                   u".B slipway\n"_s
                   u"\\fB\\-\\-version\\fR | \\fB\\-\\-help\\fR\n"_s
                   u".SH DESCRIPTION\n"_s
                   u"Slipway is a desktop release manager for Python package maintainers. It builds sdists and\n"_s
                   u"wheels through the project's own PEP 517 backend, checks them for everything PyPI would\n"_s
                   u"reject or render badly, and uploads them to PyPI\\-compatible registries with secrets kept in\n"_s
                   u"the operating system's keychain.\n"_s
                   u".PP\n"_s
                   u"Without a command, or with a project folder, \\fBslipway\\fR opens its window (on the last\n"_s
                   u"project, or on \\fIPROJECT_DIR\\fR). With a command it runs headless, for scripts and CI,\n"_s
                   u"and never opens a window. Every command takes \\fB\\-\\-help\\fR (\\fB\\-h\\fR), which prints\n"_s
                   u"what this page says about it.\n"_s
                   u".SH COMMANDS\n"_s.arg(roffEscape(version));
    for (const CommandSpec &command : commands) {
        roff += u".SS \"%1\"\n"_s.arg(roffEscape(command.help.usage.isEmpty() ? u"slipway "_s + command.name
                                                                                : command.help.usage));
        roff += roffLine(command.summary) + u"\n.PP\n"_s;
        roff += roffHelp(command.help);
        for (const VerbSpec &verb : command.verbs) {
            if (verb.help.usage.isEmpty() || verb.help.text == command.help.text) {
                continue; // the command's own help already covers this verb
            }
            roff += u".SS \"%1\"\n"_s.arg(roffEscape(verb.help.usage));
            roff += roffHelp(verb.help);
        }
    }
    roff += u".SH EXIT STATUS\n"_s
            u".TP\n0\nSuccess.\n"_s
            u".TP\n1\nThe command ran and something failed (a check error, a refused upload, ...).\n"_s
            u".TP\n2\nUsage error: the command line itself was wrong.\n"_s
            u".SH ENVIRONMENT\n"_s
            u".TP\n\\fBTWINE_USERNAME\\fR, \\fBTWINE_PASSWORD\\fR\n"_s
            u"Credentials for \\fBslipway upload\\fR instead of the keychain, as twine reads them.\n"_s
            u".SH FILES\n"_s
            u".TP\n\\fI$XDG_CONFIG_HOME/Slipway/slipway/registries.toml\\fR\n"_s
            u"The configured registries (their secrets live only in the keychain).\n"_s
            u".SH SEE ALSO\n"_s
            u"\\fBpython3\\fR(1), \\fBtwine\\fR(1)\n"_s;
    return roff;
}

} // namespace Cli
