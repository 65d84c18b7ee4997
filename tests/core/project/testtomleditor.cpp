// SPDX-License-Identifier: GPL-3.0-or-later
// Layout cases of the surgical TOML editor, one behaviour per row: the expected text is
// written out in full.
#include <QTest>

#include "core/project/tomleditor.h"
#include "core/project/tomlsource.h"

using Project::EditError;
using Project::TomlEdit;
using Project::TomlEditor;

Q_DECLARE_METATYPE(TomlEdit)

namespace {

QStringList path(const char *dotted)
{
    return QString::fromUtf8(dotted).split(u'.');
}

TomlEdit withSiblingOrder(TomlEdit edit, const QStringList &order)
{
    edit.siblingOrder = order;
    return edit;
}

TomlEdit::StringTable person(const char *name, const char *email = nullptr)
{
    TomlEdit::StringTable table{{QStringLiteral("name"), QString::fromUtf8(name)}};
    if (email) {
        table.append({QStringLiteral("email"), QString::fromUtf8(email)});
    }
    return table;
}

} // namespace

class TestTomlEditor final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void edits_data();
    void edits();
    void refusals_data();
    void refusals();
    void lexerSpans();
    void lexerDecodesStrings_data();
    void lexerDecodesStrings();
    void formatString_data();
    void formatString();
};

void TestTomlEditor::edits_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<TomlEdit>("edit");
    QTest::addColumn<QByteArray>("after");

    const auto row = [](const char *name, const QByteArray &before, const TomlEdit &edit, const QByteArray &after) {
        QTest::addRow("%s", name) << before << edit << after;
    };
    const QStringList v = {QStringLiteral("a"), QStringLiteral("b")};

    row("replace basic string", "[project]\nversion = \"1.0\" # keep\n",
        TomlEdit::setString(path("project.version"), QStringLiteral("2.0")), "[project]\nversion = \"2.0\" # keep\n");
    row("replace literal string keeps quotes", "[project]\nversion='1.0'\n",
        TomlEdit::setString(path("project.version"), QStringLiteral("2.0")), "[project]\nversion='2.0'\n");
    row("literal cannot hold a quote", "[project]\ndescription = 'x'\n",
        TomlEdit::setString(path("project.description"), QStringLiteral("it's")),
        "[project]\ndescription = \"it's\"\n");
    row("escapes", "[project]\ndescription = \"x\"\n",
        TomlEdit::setString(path("project.description"), QStringLiteral("a \"b\" \\ c")),
        "[project]\ndescription = \"a \\\"b\\\" \\\\ c\"\n");
    row("new key after last", "[project]\nname = \"x\"\n\n[tool.x]\n",
        TomlEdit::setString(path("project.version"), QStringLiteral("1")),
        "[project]\nname = \"x\"\nversion = \"1\"\n\n[tool.x]\n");
    row("new key copies spacing and indent", "[project]\n  name=\"x\"\n",
        TomlEdit::setString(path("project.version"), QStringLiteral("1")), "[project]\n  name=\"x\"\n  version=\"1\"\n");
    row("new key without final newline", "[project]\nname = \"x\"",
        TomlEdit::setString(path("project.version"), QStringLiteral("1")), "[project]\nname = \"x\"\nversion = \"1\"");
    row("new key crlf", "[project]\r\nname = \"x\"\r\n",
        TomlEdit::setString(path("project.version"), QStringLiteral("1")),
        "[project]\r\nname = \"x\"\r\nversion = \"1\"\r\n");
    row("new key into empty table", "[project]\n[tool.x]\n", TomlEdit::setString(path("project.name"), QStringLiteral("n")),
        "[project]\nname = \"n\"\n[tool.x]\n");
    row("new inline entry", "[project]\nurls = { Home = \"h\" }\n",
        TomlEdit::setString(path("project.urls.Docs"), QStringLiteral("d")),
        "[project]\nurls = { Home = \"h\", Docs = \"d\" }\n");
    row("new entry in empty inline table", "[project]\nurls = {}\n",
        TomlEdit::setString(path("project.urls.Docs"), QStringLiteral("d")), "[project]\nurls = { Docs = \"d\" }\n");
    row("new dotted entry", "[project]\nurls.Home = \"h\"\nname = \"x\"\n",
        TomlEdit::setString(path("project.urls.Docs"), QStringLiteral("d")),
        "[project]\nurls.Home = \"h\"\nurls.Docs = \"d\"\nname = \"x\"\n");
    row("new sub-table", "[project]\nname = \"x\"\n\n[build-system]\n",
        TomlEdit::setString(path("project.urls.Docs"), QStringLiteral("d")),
        "[project]\nname = \"x\"\n\n[project.urls]\nDocs = \"d\"\n\n[build-system]\n");
    row("quoted key", "[project.urls]\nHome = \"h\"\n",
        TomlEdit::setString(path("project.urls.Release notes"), QStringLiteral("r")),
        "[project.urls]\nHome = \"h\"\n\"Release notes\" = \"r\"\n");
    row("order hint", "[project]\nname = \"x\"\ndependencies = []\n",
        withSiblingOrder(TomlEdit::setString(path("project.version"), QStringLiteral("1")),
                         {QStringLiteral("name"), QStringLiteral("version"), QStringLiteral("dependencies")}),
        "[project]\nname = \"x\"\nversion = \"1\"\ndependencies = []\n");
    row("order hint before first", "[project]\n# deps\ndependencies = []\n",
        withSiblingOrder(TomlEdit::setString(path("project.name"), QStringLiteral("x")),
                         {QStringLiteral("name"), QStringLiteral("version"), QStringLiteral("dependencies")}),
        "[project]\n# deps\nname = \"x\"\ndependencies = []\n");
    row("new section in empty file", "", TomlEdit::setString(path("project.name"), QStringLiteral("x")),
        "[project]\nname = \"x\"\n");
    row("new section after content", "[build-system]\nrequires = []\n",
        TomlEdit::setString(path("project.name"), QStringLiteral("x")),
        "[build-system]\nrequires = []\n\n[project]\nname = \"x\"\n");

    row("append one-line", "[p]\nk = [\"a\", \"b\"]\n", TomlEdit::addString(path("p.k"), QStringLiteral("c")),
        "[p]\nk = [\"a\", \"b\", \"c\"]\n");
    row("append keeps unsorted order", "[p]\nk = [\"b\", \"a\"]\n", TomlEdit::addString(path("p.k"), QStringLiteral("c")),
        "[p]\nk = [\"b\", \"a\", \"c\"]\n");
    row("sorted insert", "[p]\nk = [\"a\", \"c\"]\n", TomlEdit::addString(path("p.k"), QStringLiteral("b")),
        "[p]\nk = [\"a\", \"b\", \"c\"]\n");
    row("sorted insert at front", "[p]\nk = [\n  \"b\",\n  \"c\",\n]\n", TomlEdit::addString(path("p.k"), QStringLiteral("a")),
        "[p]\nk = [\n  \"a\",\n  \"b\",\n  \"c\",\n]\n");
    row("append one-line trailing comma", "[p]\nk = ['a',]\n", TomlEdit::addString(path("p.k"), QStringLiteral("z")),
        "[p]\nk = ['a', 'z',]\n");
    row("append empty", "[p]\nk = []\n", TomlEdit::addString(path("p.k"), QStringLiteral("a")), "[p]\nk = [\"a\"]\n");
    row("append multi-line trailing comma", "[p]\nk = [\n    \"a\",  # first\n    \"b\",\n]\n",
        TomlEdit::addString(path("p.k"), QStringLiteral("c")),
        "[p]\nk = [\n    \"a\",  # first\n    \"b\",\n    \"c\",\n]\n");
    row("append multi-line no trailing comma", "[p]\nk = [\n\t\"a\",\n\t\"b\" # last\n]\n",
        TomlEdit::addString(path("p.k"), QStringLiteral("c")), "[p]\nk = [\n\t\"a\",\n\t\"b\", # last\n\t\"c\"\n]\n");
    row("append multi-line empty", "[p]\nk = [\n  # none yet\n]\n", TomlEdit::addString(path("p.k"), QStringLiteral("a")),
        "[p]\nk = [\n  # none yet\n    \"a\",\n]\n");
    row("add creates array", "[p]\nx = 1\n", TomlEdit::addString(path("p.k"), QStringLiteral("a")),
        "[p]\nx = 1\nk = [\"a\"]\n");

    row("remove middle one-line", "[p]\nk = [\"a\", \"b\", \"c\"]\n", TomlEdit::removeString(path("p.k"), QStringLiteral("b")),
        "[p]\nk = [\"a\", \"c\"]\n");
    row("remove last one-line", "[p]\nk = [\"a\", \"b\"]\n", TomlEdit::removeString(path("p.k"), QStringLiteral("b")),
        "[p]\nk = [\"a\"]\n");
    row("remove only", "[p]\nk = [\"a\"]\n", TomlEdit::removeString(path("p.k"), QStringLiteral("a")), "[p]\nk = []\n");
    row("remove multi-line with comment", "[p]\nk = [\n  \"a\",\n  \"b\", # why\n  \"c\",\n]\n",
        TomlEdit::removeString(path("p.k"), QStringLiteral("b")), "[p]\nk = [\n  \"a\",\n  \"c\",\n]\n");
    row("remove multi-line last without comma", "[p]\nk = [\n  \"a\",\n  \"b\"\n]\n",
        TomlEdit::removeString(path("p.k"), QStringLiteral("b")), "[p]\nk = [\n  \"a\"\n]\n");

    row("set array keeps comments of kept", "[p]\nk = [\n  \"a\", # keep me\n  \"b\",\n]\n",
        TomlEdit::setStringArray(path("p.k"), {QStringLiteral("a"), QStringLiteral("c")}),
        "[p]\nk = [\n  \"a\", # keep me\n  \"c\",\n]\n");
    row("set array replaced entirely multi-line", "[p]\nk = [\n    \"x\",\n    \"y\"\n]\n",
        TomlEdit::setStringArray(path("p.k"), v), "[p]\nk = [\n    \"a\",\n    \"b\"\n]\n");
    row("set array replaced entirely one-line", "[p]\nk = [ 'x' ]\n", TomlEdit::setStringArray(path("p.k"), v),
        "[p]\nk = [ 'a', 'b' ]\n");
    row("set array new", "[p]\nx = 1\n", TomlEdit::setStringArray(path("p.k"), v), "[p]\nx = 1\nk = [\"a\", \"b\"]\n");
    row("set array empty", "[p]\nk = [\"a\"]\n", TomlEdit::setStringArray(path("p.k"), {}), "[p]\nk = []\n");

    row("remove key", "[p]\nx = 1\ny = 2 # c\nz = 3\n", TomlEdit::remove(path("p.y")), "[p]\nx = 1\nz = 3\n");
    row("remove last key without newline", "[p]\nx = 1\ny = 2", TomlEdit::remove(path("p.y")), "[p]\nx = 1");
    row("remove multi-line value", "[p]\nx = [\n 1,\n 2,\n]\ny = 2\n", TomlEdit::remove(path("p.x")), "[p]\ny = 2\n");
    row("remove inline entry", "[p]\nu = { a = \"1\", b = \"2\" }\n", TomlEdit::remove(path("p.u.a")),
        "[p]\nu = { b = \"2\" }\n");
    row("remove inline last entry", "[p]\nu = { a = \"1\", b = \"2\" }\n", TomlEdit::remove(path("p.u.b")),
        "[p]\nu = { a = \"1\" }\n");
    row("remove dotted group", "[p]\nu.a = \"1\"\nx = 1\nu.b = \"2\"\n", TomlEdit::remove(path("p.u")), "[p]\nx = 1\n");
    row("remove last dotted", "[p]\nu.a = \"1\"\nx = 1\n", TomlEdit::remove(path("p.u.a")), "[p]\nx = 1\n");
    row("remove section", "[p]\nx = 1\n\n[p.u]\na = \"1\"\n\n[q]\ny = 1\n", TomlEdit::remove(path("p.u")),
        "[p]\nx = 1\n\n[q]\ny = 1\n");
    row("remove last section without newline", "[p]\nx = 1\n\n[p.u]\na = \"1\"", TomlEdit::remove(path("p.u")),
        "[p]\nx = 1");
    row("unicode", "[p]\nn = \"Zoë\" # ünïcode\n", TomlEdit::setString(path("p.n"), QStringLiteral("Łukasz 日本")),
        "[p]\nn = \"Łukasz 日本\" # ünïcode\n");
    row("root dotted key", "project.name = \"x\"\n", TomlEdit::setString(path("project.version"), QStringLiteral("1")),
        "project.name = \"x\"\nproject.version = \"1\"\n");
    row("inline project", "project = { name = \"x\" }\n", TomlEdit::setString(path("project.version"), QStringLiteral("1")),
        "project = { name = \"x\", version = \"1\" }\n");
    row("multiline string kept", "[p]\nd = \"\"\"\nold\"\"\"\n", TomlEdit::setString(path("p.d"), QStringLiteral("new")),
        "[p]\nd = \"\"\"new\"\"\"\n");
    row("date-time with space untouched", "[p]\nt = 1979-05-27 07:32:00Z # when\nx = \"1\"\n",
        TomlEdit::setString(path("p.x"), QStringLiteral("2")), "[p]\nt = 1979-05-27 07:32:00Z # when\nx = \"2\"\n");

    // Arrays of inline tables (authors, maintainers).
    const QStringList authors = path("project.authors");
    row("new people array, one", "[project]\nname = \"x\"\n",
        TomlEdit::setTableArray(authors, {person("Ann", "ann@example.org")}),
        "[project]\nname = \"x\"\nauthors = [{name = \"Ann\", email = \"ann@example.org\"}]\n");
    row("new people array, several", "[project]\nname = \"x\"\n",
        TomlEdit::setTableArray(authors, {person("Ann"), person("Bo", "bo@example.org")}),
        "[project]\nname = \"x\"\nauthors = [\n    {name = \"Ann\"},\n    {name = \"Bo\", email = \"bo@example.org\"},\n]\n");
    row("people: keep the ones that stay and their comments",
        "[project]\nauthors = [\n  { name = 'Ann' },  # founder\n  { name = 'Bo' },\n]\n",
        TomlEdit::setTableArray(authors, {person("Ann"), person("Cy", "cy@example.org")}),
        "[project]\nauthors = [\n  { name = 'Ann' },  # founder\n  { name = 'Cy', email = 'cy@example.org' },\n]\n");
    row("people: add to one line", "[project]\nauthors = [{name = \"Ann\"}]\n",
        TomlEdit::setTableArray(authors, {person("Ann"), person("Bo")}),
        "[project]\nauthors = [{name = \"Ann\"}, {name = \"Bo\"}]\n");
    row("people: change a field", "[project]\nauthors = [{name = \"Ann\", email = \"old@example.org\"}]\n",
        TomlEdit::setTableArray(authors, {person("Ann", "new@example.org")}),
        "[project]\nauthors = [{name = \"Ann\", email = \"new@example.org\"}]\n");
    row("people: remove all", "[project]\nauthors = [\n    {name = \"Ann\"},\n]  # who\n",
        TomlEdit::setTableArray(authors, {}), "[project]\nauthors = []  # who\n");
}

void TestTomlEditor::edits()
{
    QFETCH(QByteArray, before);
    QFETCH(TomlEdit, edit);
    QFETCH(QByteArray, after);
    const auto result = TomlEditor::apply(before, edit);
    QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
    QCOMPARE(*result, after);
}

void TestTomlEditor::refusals_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<TomlEdit>("edit");
    QTest::addColumn<EditError::Code>("code");
    QTest::addRow("invalid toml") << QByteArray("[p\n") << TomlEdit::setString(path("p.x"), QStringLiteral("1"))
                                  << EditError::Code::NotEditable;
    QTest::addRow("through a string") << QByteArray("[p]\nu = \"x\"\n")
                                      << TomlEdit::setString(path("p.u.a"), QStringLiteral("1"))
                                      << EditError::Code::Conflict;
    QTest::addRow("remove missing") << QByteArray("[p]\n") << TomlEdit::remove(path("p.x")) << EditError::Code::NotFound;
    QTest::addRow("remove missing element") << QByteArray("[p]\nk = [\"a\"]\n")
                                            << TomlEdit::removeString(path("p.k"), QStringLiteral("b"))
                                            << EditError::Code::NotFound;
    QTest::addRow("add duplicate") << QByteArray("[p]\nk = [\"a\"]\n") << TomlEdit::addString(path("p.k"), QStringLiteral("a"))
                                   << EditError::Code::AlreadyPresent;
    QTest::addRow("add to string") << QByteArray("[p]\nk = \"a\"\n") << TomlEdit::addString(path("p.k"), QStringLiteral("b"))
                                   << EditError::Code::Conflict;
    QTest::addRow("array of tables") << QByteArray("[[p.a]]\nname = \"x\"\n")
                                     << TomlEdit::setString(path("p.a.name"), QStringLiteral("y"))
                                     << EditError::Code::Conflict;
    QTest::addRow("set table to string") << QByteArray("[p.u]\na = \"1\"\n")
                                         << TomlEdit::setString(path("p.u"), QStringLiteral("1"))
                                         << EditError::Code::Conflict;
    QTest::addRow("people written as [[sections]]")
        << QByteArray("[[project.authors]]\nname = \"x\"\n")
        << TomlEdit::setTableArray(path("project.authors"), {person("y")}) << EditError::Code::Unsupported;
    QTest::addRow("people: a key twice") << QByteArray("[project]\n")
                                         << TomlEdit::setTableArray(path("project.authors"),
                                                                    {{{QStringLiteral("name"), QStringLiteral("a")},
                                                                      {QStringLiteral("name"), QStringLiteral("b")}}})
                                         << EditError::Code::Conflict;
}

void TestTomlEditor::refusals()
{
    QFETCH(QByteArray, before);
    QFETCH(TomlEdit, edit);
    QFETCH(EditError::Code, code);
    const auto result = TomlEditor::apply(before, edit);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().code, code);
    QVERIFY(!result.error().message.isEmpty());
}

void TestTomlEditor::lexerSpans()
{
    const QByteArray text = "# top\n[project]\nname = \"x\"  # c\nkeywords = [\n  'a', # one\n  \"b\",\n]\n";
    const auto source = Project::Toml::Source::lex(text);
    QVERIFY(source.has_value());
    QCOMPARE(source->tables().size(), size_t(2));
    const auto *keywords = source->findValue(path("project.keywords"));
    QVERIFY(keywords);
    QCOMPARE(keywords->elements.size(), size_t(2));
    QCOMPARE(text.mid(keywords->elements[0].span.begin, keywords->elements[0].span.size()), QByteArray("'a'"));
    QCOMPARE(keywords->elements[1].string, QStringLiteral("b"));
    QVERIFY(keywords->commas[1].isValid());
    const auto *entry = source->findEntry(path("project.name"));
    QCOMPARE(text.mid(entry->lineSpan.begin, entry->lineSpan.size()), QByteArray("name = \"x\"  # c\n"));
    QCOMPARE(source->lineColumn(entry->value.span.begin), std::make_pair(3, 8));
}

void TestTomlEditor::lexerDecodesStrings_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("decoded");
    QTest::addRow("basic escapes") << QByteArray(R"("a\tb\n\"\\\u00e9\U0001F600")")
                                   << QStringLiteral("a\tb\n\"\\é") + QString::fromUcs4(U"\U0001F600", 1);
    QTest::addRow("literal") << QByteArray(R"('C:\path')") << QStringLiteral("C:\\path");
    QTest::addRow("multiline trims first break") << QByteArray("\"\"\"\nline1\nline2\"\"\"")
                                                 << QStringLiteral("line1\nline2");
    QTest::addRow("line-ending backslash") << QByteArray("\"\"\"a \\\n    b\"\"\"") << QStringLiteral("a b");
    QTest::addRow("quotes before close") << QByteArray("\"\"\"x\"\"\"\"\"") << QStringLiteral("x\"\"");
    QTest::addRow("multiline literal crlf") << QByteArray("'''\r\na\r\nb'''") << QStringLiteral("a\nb");
}

void TestTomlEditor::lexerDecodesStrings()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, decoded);
    const auto source = Project::Toml::Source::lex("k = " + value + "\n");
    QVERIFY2(source.has_value(), source ? "" : qPrintable(source.error().message));
    QCOMPARE(source->findValue({QStringLiteral("k")})->string, decoded);
}

void TestTomlEditor::formatString_data()
{
    using Kind = Project::Toml::Value::Kind;
    QTest::addColumn<QString>("text");
    QTest::addColumn<Kind>("style");
    QTest::addColumn<QByteArray>("literal");
    QTest::addRow("basic") << QStringLiteral("a\"b") << Kind::BasicString << QByteArray(R"("a\"b")");
    QTest::addRow("control") << QStringLiteral("a\u0001") << Kind::BasicString << QByteArray(R"("a\u0001")");
    QTest::addRow("literal") << QStringLiteral("a\\b") << Kind::LiteralString << QByteArray(R"('a\b')");
    QTest::addRow("literal falls back") << QStringLiteral("a\nb") << Kind::LiteralString << QByteArray(R"("a\nb")");
    QTest::addRow("multiline") << QStringLiteral("a\nb") << Kind::MultilineBasicString << QByteArray("\"\"\"a\nb\"\"\"");
}

void TestTomlEditor::formatString()
{
    using Kind = Project::Toml::Value::Kind;
    QFETCH(QString, text);
    QFETCH(Kind, style);
    QFETCH(QByteArray, literal);
    QCOMPARE(Project::Toml::formatString(text, style), literal);
}

QTEST_GUILESS_MAIN(TestTomlEditor)
#include "testtomleditor.moc"
