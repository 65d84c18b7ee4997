// SPDX-License-Identifier: GPL-3.0-or-later
// What ships with slipway besides the engine: --version, every command's --help, the shell
// completions and the man page generated from those helps, and the desktop integration files.
#include <QDir>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;

namespace {

// The listed commands, read from `slipway --help` as a user reads them.
QStringList listedCommands()
{
    const auto result = TestSupport::runSlipway({u"--help"_s});
    QStringList commands;
    bool inCommands = false;
    for (const QString &line : QString::fromUtf8(result.out).split(u'\n')) {
        if (line == u"Commands:"_s) {
            inCommands = true;
        } else if (inCommands && line.startsWith(u"  "_s) && !line.at(2).isSpace()) {
            commands << line.mid(2).section(u' ', 0, 0);
        } else if (inCommands && line.isEmpty()) {
            break;
        }
    }
    return commands;
}

// The verbs a multi-verb command's help lists in its "Verbs:" section.
QStringList listedVerbs(const QByteArray &help)
{
    QStringList verbs;
    bool inVerbs = false;
    for (const QString &line : QString::fromUtf8(help).split(u'\n')) {
        if (line == u"Verbs:"_s) {
            inVerbs = true;
        } else if (inVerbs && line.startsWith(u"  "_s) && !line.at(2).isSpace()) {
            verbs << line.mid(2).section(u' ', 0, 0);
        } else if (inVerbs && line.isEmpty()) {
            break;
        }
    }
    return verbs;
}

// Runs the bash completion function on a command line ending in the word being completed and
// returns what it offers.
QStringList bashCompletions(const QString &script, const QStringList &words)
{
    QTemporaryDir dir;
    const QString scriptPath = dir.filePath(u"slipway.bash"_s);
    QFile file(scriptPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(script.toUtf8()) < 0) {
        return {u"<cannot write the script>"_s};
    }
    file.close();
    QString quoted;
    for (const QString &word : words) {
        quoted += u" '"_s + QString(word).replace(u'\'', u"'\\''"_s) + u'\'';
    }
    const QString driver = u"source '%1'\nCOMP_WORDS=(%2)\nCOMP_CWORD=%3\n_slipway\n"
                           u"printf '%s\\n' \"${COMPREPLY[@]}\"\n"_s.arg(scriptPath, quoted)
                               .arg(words.size() - 1);
    const auto result = TestSupport::run(u"bash"_s, {u"--norc"_s, u"-c"_s, driver}, {}, dir.path());
    if (result.exitCode != 0) {
        return {u"<bash failed: "_s + QString::fromUtf8(result.err) + u'>'};
    }
    return QString::fromUtf8(result.out).split(u'\n', Qt::SkipEmptyParts);
}

QString requireTool(const QString &name)
{
    return QStandardPaths::findExecutable(name);
}

} // namespace

class TestShipping final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void version_data();
    void version();
    void commandHelp_data();
    void commandHelp();
    void verbHelp_data();
    void verbHelp();
    void completionNamesEveryCommand_data();
    void completionNamesEveryCommand();
    void completionRefusesOtherShells();
    void bashCompletesCommandsVerbsOptionsAndValues();
    void zshScriptIsValid();
    void manPageCoversEveryCommand();
    void manPageRendersWithoutWarnings();
    void manPageIsHidden();
    void desktopEntryValidates();
    void metainfoValidates();
    void iconSourceRenders();

private:
    QStringList m_commands;
};

void TestShipping::initTestCase()
{
    m_commands = listedCommands();
    QVERIFY2(m_commands.size() >= 5, qPrintable(m_commands.join(u", "_s)));
    QVERIFY(m_commands.contains(u"completion"_s));
}

void TestShipping::version_data()
{
    QTest::addColumn<QString>("option");
    QTest::addRow("--version") << u"--version"_s;
    QTest::addRow("-V") << u"-V"_s;
}

void TestShipping::version()
{
    QFETCH(QString, option);
    const auto result = TestSupport::runSlipway({option});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("slipway " SLIPWAY_VERSION "\n"));
    QVERIFY(result.err.isEmpty());
}

void TestShipping::commandHelp_data()
{
    QTest::addColumn<QString>("command");
    for (const QString &command : listedCommands()) {
        QTest::addRow("%s", qPrintable(command)) << command;
    }
}

void TestShipping::commandHelp()
{
    QFETCH(QString, command);
    for (const QString &option : {u"--help"_s, u"-h"_s}) {
        const auto result = TestSupport::runSlipway({command, option});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.startsWith(QString(u"Usage: slipway "_s + command).toUtf8()), result.out.constData());
        QVERIFY2(result.err.isEmpty(), result.err.constData());
    }
}

void TestShipping::verbHelp_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("verb");
    for (const QString &command : listedCommands()) {
        const auto help = TestSupport::runSlipway({command, u"--help"_s});
        for (const QString &verb : listedVerbs(help.out)) {
            QTest::addRow("%s %s", qPrintable(command), qPrintable(verb)) << command << verb;
        }
    }
}

void TestShipping::verbHelp()
{
    QFETCH(QString, command);
    QFETCH(QString, verb);
    const auto result = TestSupport::runSlipway({command, verb, u"--help"_s});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.startsWith(QString(u"Usage: slipway "_s + command).toUtf8()), result.out.constData());
    QVERIFY2(result.err.isEmpty(), result.err.constData());
}

void TestShipping::completionNamesEveryCommand_data()
{
    QTest::addColumn<QString>("shell");
    QTest::addRow("bash") << u"bash"_s;
    QTest::addRow("zsh") << u"zsh"_s;
}

void TestShipping::completionNamesEveryCommand()
{
    QFETCH(QString, shell);
    const auto result = TestSupport::runSlipway({u"completion"_s, shell});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.err.isEmpty());
    const QString script = QString::fromUtf8(result.out);
    for (const QString &command : std::as_const(m_commands)) {
        // Each command is a word of the script (a case arm, a word list entry, a description).
        const QRegularExpression word(u"(^|[\\s'\"(])%1([\\s'\":)]|$)"_s.arg(QRegularExpression::escape(command)),
                                      QRegularExpression::MultilineOption);
        QVERIFY2(word.match(script).hasMatch(), qPrintable(command));
    }
    QVERIFY(!script.contains(u"--help-man"_s));
    QVERIFY(!script.contains(u"--help-all"_s));
}

void TestShipping::completionRefusesOtherShells()
{
    for (const QStringList &arguments : {QStringList{u"completion"_s, u"fish"_s}, QStringList{u"completion"_s}}) {
        const auto result = TestSupport::runSlipway(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(result.err.contains("bash or zsh"), result.err.constData());
    }
}

void TestShipping::bashCompletesCommandsVerbsOptionsAndValues()
{
    if (requireTool(u"bash"_s).isEmpty()) {
        QSKIP("bash is not installed");
    }
    const QString script = QString::fromUtf8(TestSupport::runSlipway({u"completion"_s, u"bash"_s}).out);

    // The first word: every command.
    const QStringList first = bashCompletions(script, {u"slipway"_s, QString()});
    for (const QString &command : std::as_const(m_commands)) {
        QVERIFY2(first.contains(command), qPrintable(first.join(u' ')));
    }
    QCOMPARE(bashCompletions(script, {u"slipway"_s, u"--v"_s}), QStringList{u"--version"_s});

    // A command's options, as its --help lists them.
    const QString checkHelp = QString::fromUtf8(TestSupport::runSlipway({u"check"_s, u"--help"_s}).out);
    const QStringList checkOptions = bashCompletions(script, {u"slipway"_s, u"check"_s, u"--"_s});
    static const QRegularExpression longOption(u"^  (?:-\\w, )?(--[a-z][a-z-]*)"_s, QRegularExpression::MultilineOption);
    int compared = 0;
    for (auto it = longOption.globalMatch(checkHelp); it.hasNext(); ++compared) {
        const QString option = it.next().captured(1);
        if (option != u"--help-all"_s) {
            QVERIFY2(checkOptions.contains(option), qPrintable(option + u" not in "_s + checkOptions.join(u' ')));
        }
    }
    QVERIFY(compared >= 3);

    // A multi-verb command: its verbs, then a verb's own options.
    const QStringList registryVerbs = listedVerbs(TestSupport::runSlipway({u"registry"_s, u"--help"_s}).out);
    QVERIFY(!registryVerbs.isEmpty());
    const QStringList offered = bashCompletions(script, {u"slipway"_s, u"registry"_s, QString()});
    for (const QString &verb : registryVerbs) {
        QVERIFY2(offered.contains(verb), qPrintable(offered.join(u' ')));
    }
    const QString loginHelp = QString::fromUtf8(TestSupport::runSlipway({u"registry"_s, u"login"_s, u"--help"_s}).out);
    const QStringList loginOptions = bashCompletions(script, {u"slipway"_s, u"registry"_s, u"login"_s, u"--"_s});
    QVERIFY(!loginOptions.isEmpty());
    for (const QString &option : loginOptions) {
        QVERIFY2(loginHelp.contains(option), qPrintable(option));
    }

    // An option whose value is one of a list (`<a|b|c>` in the help) offers that list.
    const QString buildHelp = QString::fromUtf8(TestSupport::runSlipway({u"build"_s, u"--help"_s}).out);
    static const QRegularExpression choiceOption(u"^  (?:-\\w, )?(--[a-z-]+) <([a-z]+(?:\\|[a-z]+)+)>"_s,
                                                 QRegularExpression::MultilineOption);
    const QRegularExpressionMatch choice = choiceOption.match(buildHelp);
    if (choice.hasMatch()) {
        QStringList expected = choice.captured(2).split(u'|');
        QStringList got = bashCompletions(script, {u"slipway"_s, u"build"_s, choice.captured(1), QString()});
        expected.sort();
        got.sort();
        QCOMPARE(got, expected);
    }

    // A path argument completes file names.
    QTemporaryDir dir;
    QFile wheel(dir.filePath(u"demo-1.0-py3-none-any.whl"_s));
    QVERIFY(wheel.open(QIODevice::WriteOnly));
    wheel.close();
    const QStringList files =
        bashCompletions(script, {u"slipway"_s, u"check"_s, dir.filePath(u"demo"_s)});
    QCOMPARE(files, QStringList{wheel.fileName()});
}

void TestShipping::zshScriptIsValid()
{
    const QString zsh = requireTool(u"zsh"_s);
    if (zsh.isEmpty()) {
        QSKIP("zsh is not installed");
    }
    const auto result = TestSupport::runSlipway({u"completion"_s, u"zsh"_s});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.startsWith("#compdef slipway\n"));
    QTemporaryDir dir;
    QFile file(dir.filePath(u"_slipway"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(result.out);
    file.close();
    const auto syntax = TestSupport::run(zsh, {u"-n"_s, file.fileName()});
    QVERIFY2(syntax.exitCode == 0, syntax.err.constData());
    // Loaded for real by compinit, the function is defined and bound to slipway.
    const QString driver = u"fpath=('%1' $fpath); autoload -Uz compinit; compinit -u -d '%1/zcompdump'; "
                           u"print -r -- $_comps[slipway]"_s.arg(dir.path());
    const auto loaded = TestSupport::run(zsh, {u"-f"_s, u"-c"_s, driver});
    QCOMPARE(loaded.exitCode, 0);
    QCOMPARE(loaded.out.trimmed(), QByteArray("_slipway"));
}

void TestShipping::manPageCoversEveryCommand()
{
    const auto result = TestSupport::runSlipway({u"--help-man"_s});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.err.isEmpty());
    const QString page = QString::fromUtf8(result.out);
    QVERIFY2(page.contains(u"\n.TH SLIPWAY 1 \"\" \"slipway " SLIPWAY_VERSION "\""_s), qPrintable(page.left(300)));
    for (const QString &section : {u".SH NAME"_s, u".SH SYNOPSIS"_s, u".SH COMMANDS"_s, u".SH EXIT STATUS"_s}) {
        QVERIFY2(page.contains(u'\n' + section + u'\n'), qPrintable(section));
    }
    for (const QString &command : std::as_const(m_commands)) {
        QVERIFY2(page.contains(u".SS \"slipway "_s + command), qPrintable(command));
    }
    // Options appear with roff's minus sign, as man pages want them.
    QVERIFY(page.contains(u"\\fB\\-\\-json\\fR"_s));
    QVERIFY(!page.contains(u"help\\-all"_s));
}

void TestShipping::manPageRendersWithoutWarnings()
{
    const QString groff = requireTool(u"groff"_s);
    if (groff.isEmpty()) {
        QSKIP("groff is not installed");
    }
    const auto page = TestSupport::runSlipway({u"--help-man"_s});
    QCOMPARE(page.exitCode, 0);
    const auto rendered = TestSupport::run(groff, {u"-man"_s, u"-Tutf8"_s, u"-ww"_s}, page.out);
    QCOMPARE(rendered.exitCode, 0);
    QVERIFY2(rendered.err.isEmpty(), rendered.err.constData());
    QVERIFY(rendered.out.contains("slipway"));
}

void TestShipping::manPageIsHidden()
{
    const auto help = TestSupport::runSlipway({u"--help"_s});
    QVERIFY(!help.out.contains("help-man"));
}

void TestShipping::desktopEntryValidates()
{
    const QString tool = requireTool(u"desktop-file-validate"_s);
    if (tool.isEmpty()) {
        QSKIP("desktop-file-validate is not installed (desktop-file-utils)");
    }
    const auto result =
        TestSupport::run(tool, {QStringLiteral(SLIPWAY_SOURCE_DIR "/packaging/linux/org.slipway.Slipway.desktop")});
    QVERIFY2(result.exitCode == 0 && result.out.isEmpty() && result.err.isEmpty(),
             QByteArray(result.out + result.err).constData());
}

void TestShipping::metainfoValidates()
{
    const QString tool = requireTool(u"appstreamcli"_s);
    if (tool.isEmpty()) {
        QSKIP("appstreamcli is not installed (appstream)");
    }
    const auto result = TestSupport::run(
        tool, {u"validate"_s, u"--no-net"_s,
               QStringLiteral(SLIPWAY_SOURCE_DIR "/packaging/linux/org.slipway.Slipway.metainfo.xml")});
    QVERIFY2(result.exitCode == 0, QByteArray(result.out + result.err).constData());
    // Not even infos: the metainfo is clean for the validator this system has.
    QVERIFY2(!result.out.contains("\nI: ") && !result.out.startsWith("I: "), result.out.constData());
}

void TestShipping::iconSourceRenders()
{
    const QString tool = requireTool(u"rsvg-convert"_s);
    if (tool.isEmpty()) {
        QSKIP("rsvg-convert is not installed (librsvg2-bin)");
    }
    QTemporaryDir dir;
    const QString png = dir.filePath(u"icon.png"_s);
    const auto result = TestSupport::run(
        tool, {u"-w"_s, u"48"_s, u"-h"_s, u"48"_s, u"-o"_s, png,
               QStringLiteral(SLIPWAY_SOURCE_DIR "/packaging/icons/org.slipway.Slipway.svg")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QFile file(png);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(8) == QByteArray("\x89PNG\r\n\x1a\n", 8));
}

QTEST_GUILESS_MAIN(TestShipping)
#include "testshipping.moc"
