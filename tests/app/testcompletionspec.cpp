// SPDX-License-Identifier: GPL-3.0-or-later
// The help parser and the help collector behind `slipway completion` and the man page, on help
// texts in the layouts the commands print, and on commands registered by this test.
#include <QSignalSpy>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include "app/cli/commandline.h"
#include "app/cli/commandregistry.h"
#include "app/cli/completionspec.h"

using namespace Qt::StringLiterals;

namespace {

// A multi-verb command in the registry's style: a hand-written verb list, then one
// CommandLine per verb. "slow" answers its --help later, from the event loop.
class VerbsCommand final : public Cli::Command
{
public:
    using Cli::Command::Command;

    void start(const QStringList &arguments) override
    {
        const QString verb = arguments.value(0);
        if (verb == u"--help"_s) {
            out() << "Usage: slipway harbour VERB [OPTIONS]\n\nVerbs:\n"
                     "  moor NAME [--quay QUAY]          tie a boat up\n"
                     "  slow NAME (--knots N | --stop)\n"
                     "                                   slow a boat down, or stop it\n";
            Q_EMIT finished(0);
            return;
        }
        Cli::CommandLine commandLine(u"harbour "_s + verb, u"Does %1 things."_s.arg(verb));
        commandLine.parser().addPositionalArgument(u"NAME"_s, u"The boat."_s);
        commandLine.parser().addOption({u"quay"_s, u"Where."_s, u"QUAY"_s});
        const auto exitCode = commandLine.parse(arguments.mid(1), out(), err());
        if (verb == u"slow"_s) {
            QTimer::singleShot(0, this, [this, exitCode] { Q_EMIT finished(exitCode.value_or(1)); });
        } else {
            Q_EMIT finished(exitCode.value_or(1));
        }
    }
};

// A plain command with QCommandLineParser's help and a choice of values.
class PlainCommand final : public Cli::Command
{
public:
    using Cli::Command::Command;

    void start(const QStringList &arguments) override
    {
        Cli::CommandLine commandLine(u"lighthouse"_s, u"Keeps the light on."_s);
        QCommandLineParser &parser = commandLine.parser();
        parser.addPositionalArgument(u"MODE"_s, u"How."_s, u"on|off"_s);
        parser.addPositionalArgument(u"FILE"_s, u"Logs."_s, u"[FILE...]"_s);
        parser.addOption({{u"c"_s, u"colour"_s}, u"The colour."_s, u"red|green"_s});
        Q_EMIT finished(commandLine.parse(arguments, out(), err()).value_or(1));
    }
};

const Cli::CommandRegistration<VerbsCommand> verbsRegistration{"harbour", "Run the harbour."};
const Cli::CommandRegistration<PlainCommand> plainRegistration{"lighthouse", "Keep the light on."};
const Cli::CommandRegistration<PlainCommand> hiddenRegistration{"--secret", "Not listed.",
                                                                Cli::CommandVisibility::Hidden};

QStringList describeOptions(const QList<Cli::OptionSpec> &options)
{
    QStringList described;
    for (const Cli::OptionSpec &option : options) {
        described << option.names.join(u',') + u'=' + option.valueName + u'=' + option.description;
    }
    return described;
}

} // namespace

class TestCompletionSpec final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseHelp_data();
    void parseHelp();
    void valueCompletion_data();
    void valueCompletion();
    void hiddenCommandsAreFoundButNotListed();
    void collectorAsksEveryCommandAndVerb();
};

void TestCompletionSpec::parseHelp_data()
{
    QTest::addColumn<QString>("help");
    QTest::addColumn<QString>("usage");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QStringList>("verbs");
    QTest::addColumn<QStringList>("positionals");
    QTest::addColumn<QString>("description");

    QTest::addRow("QCommandLineParser layout")
        << u"Usage: slipway build [options] [DIR]\n"
           "Build a project.\n"
           "By default the sdist first.\n\n"
           "Options:\n"
           "  -h, --help                        Displays help on commandline options.\n"
           "  --help-all                        Displays help including Qt specific\n"
           "                                    options.\n"
           "  -o, --outdir <OUTDIR>             Where to put the results (default:\n"
           "                                    DIR/dist).\n"
           "  --installer <auto|pip|uv>         What fills environments.\n"
           "  --json                            Print JSON.\n\n"
           "Arguments:\n"
           "  DIR                               The project folder.\n"_s
        << u"slipway build [options] [DIR]"_s
        << QStringList{u"-h,--help==Displays help on commandline options."_s,
                       u"-o,--outdir=OUTDIR=Where to put the results (default: DIR/dist)."_s,
                       u"--installer=auto|pip|uv=What fills environments."_s, u"--json==Print JSON."_s}
        << QStringList{} << QStringList{u"[DIR]"_s} << u"Build a project.\nBy default the sdist first."_s;

    QTest::addRow("hand-written verbs with continuation lines")
        << u"Usage: slipway registry VERB [OPTIONS]\n\n"
           "Registries live in registries.toml.\n\n"
           "Verbs:\n"
           "  list [--json]                      the configured registries\n"
           "  add NAME (--preset KIND | --url URL) [options]\n"
           "                                     add a registry (KIND: pypi,\n"
           "                                     testpypi)\n"
           "  import-pypirc [FILE] [--scrub]     import ~/.pypirc\n\n"
           "Run 'slipway registry VERB --help' for the options of one verb.\n"_s
        << u"slipway registry VERB [OPTIONS]"_s << QStringList{}
        << QStringList{u"list|list [--json]|the configured registries"_s,
                       u"add|add NAME (--preset KIND | --url URL) [options]|add a registry (KIND: pypi, testpypi)"_s,
                       u"import-pypirc|import-pypirc [FILE] [--scrub]|import ~/.pypirc"_s}
        << QStringList{}
        << u"Registries live in registries.toml.\n\nRun 'slipway registry VERB --help' for the options of one verb."_s;

    QTest::addRow("aligned verbs next to options")
        << u"Usage: slipway project [options] VERB [ARGS...]\n"
           "Shows and edits pyproject.toml.\n\n"
           "Verbs:\n"
           "  show   [DIR] [--json]     model and findings\n"
           "  unset  [DIR] KEY          remove a key\n\n"
           "KEY is a [project] key.\n\n"
           "Options:\n"
           "  --dry-run   Print the diff, write nothing.\n"_s
        << u"slipway project [options] VERB [ARGS...]"_s << QStringList{u"--dry-run==Print the diff, write nothing."_s}
        << QStringList{u"show|show [DIR] [--json]|model and findings"_s, u"unset|unset [DIR] KEY|remove a key"_s}
        << QStringList{u"VERB"_s, u"[ARGS...]"_s} << u"Shows and edits pyproject.toml.\n\nKEY is a [project] key."_s;

    QTest::addRow("empty") << QString() << QString() << QStringList{} << QStringList{} << QStringList{} << QString();
    QTest::addRow("no usage line, no sections")
        << u"just words\n"_s << QString() << QStringList{} << QStringList{} << QStringList{} << u"just words"_s;
}

void TestCompletionSpec::parseHelp()
{
    QFETCH(QString, help);
    QFETCH(QString, usage);
    QFETCH(QStringList, options);
    QFETCH(QStringList, verbs);
    QFETCH(QStringList, positionals);
    QFETCH(QString, description);

    const Cli::HelpSpec spec = Cli::parseHelp(help);
    QCOMPARE(spec.usage, usage);
    QCOMPARE(describeOptions(spec.options), options);
    QStringList parsedVerbs;
    for (const Cli::VerbLine &verb : spec.verbs) {
        parsedVerbs << verb.name + u'|' + verb.synopsis + u'|' + verb.summary;
    }
    QCOMPARE(parsedVerbs, verbs);
    QCOMPARE(spec.positionals, positionals);
    QCOMPARE(spec.description, description);
}

void TestCompletionSpec::valueCompletion_data()
{
    using Kind = Cli::ValueCompletion::Kind;
    QTest::addColumn<QString>("syntax");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<bool>("repeats");

    QTest::addRow("choices") << u"auto|pip|uv"_s << int(Kind::Words) << QStringList{u"auto"_s, u"pip"_s, u"uv"_s}
                             << false;
    QTest::addRow("literal word") << u"generate"_s << int(Kind::Words) << QStringList{u"generate"_s} << false;
    QTest::addRow("optional folder") << u"[DIR]"_s << int(Kind::Directories) << QStringList{} << false;
    QTest::addRow("output folder") << u"OUTDIR"_s << int(Kind::Directories) << QStringList{} << false;
    QTest::addRow("files, repeated") << u"FILE..."_s << int(Kind::Files) << QStringList{} << true;
    QTest::addRow("optional files, repeated") << u"[FILE...]"_s << int(Kind::Files) << QStringList{} << true;
    QTest::addRow("a path") << u"PATH"_s << int(Kind::Files) << QStringList{} << false;
    QTest::addRow("a number") << u"SECONDS"_s << int(Kind::Nothing) << QStringList{} << false;
    QTest::addRow("a name") << u"NAME"_s << int(Kind::Nothing) << QStringList{} << false;
}

void TestCompletionSpec::valueCompletion()
{
    QFETCH(QString, syntax);
    QFETCH(int, kind);
    QFETCH(QStringList, words);
    QFETCH(bool, repeats);
    const Cli::ValueCompletion completion = Cli::ValueCompletion::fromSyntax(syntax);
    QCOMPARE(int(completion.kind), kind);
    QCOMPARE(completion.words, words);
    QCOMPARE(completion.repeats, repeats);
    // Positional placeholders that say nothing fall back to what the caller asks for.
    if (kind == int(Cli::ValueCompletion::Kind::Nothing)) {
        QCOMPARE(Cli::ValueCompletion::fromSyntax(syntax, Cli::ValueCompletion::Kind::Files).kind,
                 Cli::ValueCompletion::Kind::Files);
    }
}

void TestCompletionSpec::hiddenCommandsAreFoundButNotListed()
{
    QVERIFY(Cli::findCommand(u"--secret"_s) != nullptr);
    QVERIFY(Cli::findCommand(u"harbour"_s) != nullptr);
    QVERIFY(Cli::findCommand(u"nothing"_s) == nullptr);
    QStringList listed;
    for (const Cli::CommandEntry &entry : Cli::commandTable()) {
        listed << entry.name;
    }
    QCOMPARE(listed, (QStringList{u"harbour"_s, u"lighthouse"_s}));
}

void TestCompletionSpec::collectorAsksEveryCommandAndVerb()
{
    Cli::HelpCollector collector;
    QSignalSpy finished(&collector, &Cli::HelpCollector::finished);
    collector.collect();
    QVERIFY(finished.count() == 1 || finished.wait());
    QCOMPARE(finished.count(), 1);

    const QList<Cli::CommandSpec> &commands = collector.commands();
    QCOMPARE(commands.size(), 2);
    const Cli::CommandSpec &harbour = commands.at(0);
    QCOMPARE(harbour.name, u"harbour"_s);
    QCOMPARE(harbour.helpExitCode, 0);
    QCOMPARE(harbour.verbs.size(), 2);
    QCOMPARE(harbour.verbs.at(0).name, u"moor"_s);
    QCOMPARE(harbour.verbs.at(1).summary, u"slow a boat down, or stop it"_s);
    // Each verb's own help came back, the slow one from the event loop too.
    for (const Cli::VerbSpec &verb : harbour.verbs) {
        QCOMPARE(verb.help.usage, u"slipway harbour %1 [options] NAME"_s.arg(verb.name));
        QCOMPARE(describeOptions(verb.help.options).last(), u"--quay=QUAY=Where."_s);
    }
    const Cli::CommandSpec &lighthouse = commands.at(1);
    QCOMPARE(lighthouse.help.positionals, (QStringList{u"on|off"_s, u"[FILE...]"_s}));
    QVERIFY(lighthouse.verbs.isEmpty());

    const QString bash = Cli::bashCompletion(commands);
    QVERIFY(bash.contains(u"harbour) verbs=\"moor slow\""_s));
    QVERIFY(bash.contains(u"\"harbour moor\")"_s));
    QVERIFY(bash.contains(u"-c|--colour) COMPREPLY=($(compgen -W \"red green\" -- \"$cur\")); return ;;"_s));
    QVERIFY(bash.contains(u"0) COMPREPLY=($(compgen -W \"on off\" -- \"$cur\")) ;;"_s));
    QVERIFY(!bash.contains(u"--secret"_s));

    const QString zsh = Cli::zshCompletion(commands);
    QVERIFY(zsh.contains(u"_slipway_harbour_slow() {"_s));
    QVERIFY(zsh.contains(u"'(-c --colour)--colour[The colour]:red|green:(red green)'"_s));
    QVERIFY(zsh.contains(u"'*:FILE:_files'"_s));

    const QString man = Cli::manPage(commands, u"9.9"_s);
    QVERIFY(man.contains(u".TH SLIPWAY 1 \"\" \"slipway 9.9\""_s));
    QVERIFY(man.contains(u".SS \"slipway harbour moor [options] NAME\""_s));
    QVERIFY(man.contains(u"\\fB\\-c\\fR, \\fB\\-\\-colour\\fR \\fIred|green\\fR"_s));
}

QTEST_GUILESS_MAIN(TestCompletionSpec)
#include "testcompletionspec.moc"
