// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "core/metadata/marker.h"

using Metadata::Marker;

namespace {

using Environment = QHash<QString, QString>;

Environment linux311()
{
    return {
        {u"implementation_name"_qs, u"cpython"_qs},
        {u"implementation_version"_qs, u"3.11.2"_qs},
        {u"os_name"_qs, u"posix"_qs},
        {u"platform_machine"_qs, u"x86_64"_qs},
        {u"platform_release"_qs, u"6.1.0-18-amd64"_qs},
        {u"platform_system"_qs, u"Linux"_qs},
        {u"platform_version"_qs, u"#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1"_qs},
        {u"python_full_version"_qs, u"3.11.2"_qs},
        {u"platform_python_implementation"_qs, u"CPython"_qs},
        {u"python_version"_qs, u"3.11"_qs},
        {u"sys_platform"_qs, u"linux"_qs},
    };
}

} // namespace

class TestMarker final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void evaluates_data();
    void evaluates();
    void formats_data();
    void formats();
    void rejects_data();
    void rejects();
    void extras();
    void variables();
    void escapesRoundTrip_data();
    void escapesRoundTrip();
    void nestingIsCapped();
    void longMarkersStayLinear();
};

void TestMarker::evaluates_data()
{
    QTest::addColumn<QString>("marker");
    QTest::addColumn<QString>("extra");
    QTest::addColumn<bool>("expected");

    QTest::addRow("version >=") << "python_version >= '3.8'" << "" << true;
    QTest::addRow("version compares as version not text") << "python_version > '3.9'" << "" << true;
    QTest::addRow("version <") << "python_version < '3.10'" << "" << false;
    QTest::addRow("full version prerelease allowed") << "python_full_version >= '3.11.0rc1'" << "" << true;
    QTest::addRow("wildcard") << "python_version == '3.*'" << "" << true;
    QTest::addRow("compatible") << "python_full_version ~= '3.11.0'" << "" << true;
    QTest::addRow("string equality") << "os_name == 'posix'" << "" << true;
    QTest::addRow("string inequality") << "sys_platform != 'win32'" << "" << true;
    QTest::addRow("string ordering") << "platform_system < 'Windows'" << "" << true;
    QTest::addRow("string ordering uppercase first") << "platform_system > 'linux'" << "" << false;
    QTest::addRow("non-version release falls back to text") << "platform_release >= '6'" << "" << true;
    QTest::addRow("in") << "sys_platform in 'linux darwin'" << "" << true;
    QTest::addRow("in reversed") << "'nux' in sys_platform" << "" << true;
    QTest::addRow("not in") << "sys_platform not in 'win32 cygwin'" << "" << true;
    QTest::addRow("and binds tighter") << "os_name == 'nt' and python_version < '3' or os_name == 'posix'" << ""
                                       << true;
    QTest::addRow("and binds tighter 2") << "os_name == 'posix' or os_name == 'nt' and python_version < '3'" << ""
                                         << true;
    QTest::addRow("parentheses") << "(os_name == 'posix' or os_name == 'nt') and python_version < '3'" << ""
                                 << false;
    QTest::addRow("and all") << "os_name == 'posix' and sys_platform == 'linux' and python_version >= '3'" << ""
                             << true;
    QTest::addRow("extra missing") << "extra == 'test'" << "" << false;
    QTest::addRow("extra match") << "extra == 'test'" << "test" << true;
    QTest::addRow("extra normalized") << "extra == 'Docs_Build'" << "docs.build" << true;
    QTest::addRow("extra on the left") << "'TEST' == extra" << "test" << true;
    QTest::addRow("tilde on text is false") << "os_name ~= 'posix'" << "" << false;
    QTest::addRow("arbitrary equality") << "python_version === '3.11'" << "" << true;
    QTest::addRow("aliases") << "os.name == 'posix' and platform.machine == 'x86_64'" << "" << true;
    QTest::addRow("python_implementation alias") << "python_implementation == 'CPython'" << "" << true;
    QTest::addRow("missing variable is empty") << "implementation_name == ''" << "" << false;
}

void TestMarker::evaluates()
{
    QFETCH(QString, marker);
    QFETCH(QString, extra);
    QFETCH(bool, expected);
    const auto parsed = Marker::parse(marker);
    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error()));
    Environment environment = linux311();
    if (!extra.isEmpty()) {
        environment.insert(u"extra"_qs, extra);
    }
    QCOMPARE(parsed->evaluate(environment), expected);
    // The normalized text means the same.
    QCOMPARE(Marker::parse(parsed->toString())->evaluate(environment), expected);
}

void TestMarker::formats_data()
{
    QTest::addColumn<QString>("marker");
    QTest::addColumn<QString>("formatted");

    QTest::addRow("spacing and quotes") << "python_version>='3.8'" << "python_version >= \"3.8\"";
    QTest::addRow("extra spaces") << "  os_name   ==   'nt'   and\tpython_version<'3' "
                                  << "os_name == \"nt\" and python_version < \"3\"";
    QTest::addRow("nested parentheses kept") << "(a_b == 'x' or os_name == 'nt') and os_name == 'y'"
                                             << "";
    QTest::addRow("group kept") << "(os_name == 'a' or os_name == 'b') and os_name == 'c'"
                                << "(os_name == \"a\" or os_name == \"b\") and os_name == \"c\"";
    QTest::addRow("outer parentheses dropped") << "(os_name == 'a' or os_name == 'b')"
                                               << "os_name == \"a\" or os_name == \"b\"";
    QTest::addRow("single item parentheses dropped") << "(os_name == 'a') and (os_name == 'b')"
                                                     << "os_name == \"a\" and os_name == \"b\"";
    QTest::addRow("double parentheses keep meaning") << "((os_name == 'a' or os_name == 'b')) and os_name == 'c'"
                                                     << "(os_name == \"a\" or os_name == \"b\") and os_name == \"c\"";
    QTest::addRow("aliases resolved") << "os.name == 'x' or python_implementation == 'y'"
                                      << "os_name == \"x\" or platform_python_implementation == \"y\"";
    QTest::addRow("not in") << "'a' not   in os_name" << "\"a\" not in os_name";
    QTest::addRow("first extra normalized") << "extra == 'Foo_Bar' or extra == 'Baz_Qux'"
                                            << "extra == \"foo-bar\" or extra == \"Baz_Qux\"";
    QTest::addRow("quote inside value") << "os_name == \"it's\"" << "os_name == \"it's\"";
    QTest::addRow("trailing newline") << "os_name == 'a'\n" << "os_name == \"a\"";
}

void TestMarker::formats()
{
    QFETCH(QString, marker);
    QFETCH(QString, formatted);
    const auto parsed = Marker::parse(marker);
    if (formatted.isEmpty()) {
        QVERIFY(!parsed.has_value()); // "a_b" is not a marker variable
        return;
    }
    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error()));
    QCOMPARE(parsed->toString(), formatted);
    QCOMPARE(Marker::parse(formatted)->toString(), formatted);
}

void TestMarker::rejects_data()
{
    QTest::addColumn<QString>("marker");
    QTest::addColumn<QString>("message");

    QTest::addRow("empty") << "" << "Expected a marker variable or quoted string at column 1";
    QTest::addRow("unknown variable") << "python_versions == '3'" << "Expected a marker variable or quoted string at column 1";
    QTest::addRow("bare word") << "os_name == posix" << "Expected a marker variable or quoted string at column 12";
    QTest::addRow("single equals") << "os_name = 'a'" << "Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in at column 9";
    QTest::addRow("missing value") << "python_version >= " << "Expected a marker variable or quoted string at column 19";
    QTest::addRow("dangling and") << "os_name == 'a' and" << "Expected a marker variable or quoted string at column 19";
    QTest::addRow("unclosed parenthesis") << "(os_name == 'a'" << "Expected closing ')' at column 16";
    QTest::addRow("extra parenthesis") << "os_name == 'a')" << "Expected end of marker expression at column 15";
    QTest::addRow("trailing garbage") << "os_name == 'a' garbage" << "Expected end of marker expression at column 16";
    QTest::addRow("unterminated string") << "os_name == 'a" << "Expected a marker variable or quoted string at column 12";
    QTest::addRow("notin") << "os_name notin 'a'" << "Expected marker operator";
    QTest::addRow("not without in") << "os_name not 'a'" << "Expected 'in' after 'not' at column 13";
    QTest::addRow("not without space") << "os_name not'a'" << "Expected whitespace after 'not' at column 12";
    QTest::addRow("glued boolean") << "os_name == 'a'andos_name == 'b'" << "Expected end of marker expression";
    QTest::addRow("escaped closing quote") << "os_name == 'a\\'" << "backslash may not escape the closing quote at column 12";
    QTest::addRow("bad hex escape") << "os_name == '\\x4'" << "needs 2 hexadecimal digits";
    QTest::addRow("named escape") << "os_name == '\\N{DASH}'" << "Named escapes";
    QTest::addRow("raw line break") << "os_name == 'a\nb'" << "line break";
    QTest::addRow("columns count code points") << "'\U0001F600' == os_name x" << "at column 16";
}

void TestMarker::rejects()
{
    QFETCH(QString, marker);
    QFETCH(QString, message);
    const auto parsed = Marker::parse(marker);
    QVERIFY2(!parsed.has_value(), qPrintable(parsed ? parsed->toString() : QString()));
    QVERIFY2(parsed.error().contains(message), qPrintable(parsed.error()));
}

void TestMarker::extras()
{
    const Marker marker = *Marker::parse(
        u"extra == 'Test_A' or (extra == \"docs\" and python_version >= '3') or 'test-a' == extra or extra != 'X'"_qs);
    QCOMPARE(marker.extrasReferenced(), (QStringList{u"test-a"_qs, u"docs"_qs, u"x"_qs}));
    QVERIFY(Marker::parse(u"python_version >= '3'"_qs)->extrasReferenced().isEmpty());
}

void TestMarker::variables()
{
    const Marker marker = *Marker::parse(u"os.name == 'a' and (python_version > '3' or '3' < python_version)"_qs);
    QCOMPARE(marker.variablesReferenced(), (QStringList{u"os_name"_qs, u"python_version"_qs}));
}

void TestMarker::escapesRoundTrip_data()
{
    QTest::addColumn<QString>("marker");
    QTest::addColumn<QString>("value");

    QTest::addRow("tab escape") << "os_name == 'a\\tb'" << "a\tb";
    QTest::addRow("backslash") << "os_name == 'x\\\\'" << "x\\";
    QTest::addRow("newline escape") << "os_name == 'a\\nb'" << "a\nb";
    QTest::addRow("double quote via single quotes") << "os_name == 'say \"hi\"'" << "say \"hi\"";
    QTest::addRow("hex") << "os_name == '\\x41'" << "A";
    QTest::addRow("octal") << "os_name == '\\101\\0'" << QStringLiteral("A") + QChar(0);
    QTest::addRow("unicode") << "os_name == '\\u00e9\\U0001F600'" << "\u00e9\U0001F600";
    QTest::addRow("unknown escape kept") << "os_name == '\\q'" << "\\q";
    QTest::addRow("line continuation") << "os_name == 'a\\\nb'" << "ab";
}

void TestMarker::escapesRoundTrip()
{
    QFETCH(QString, marker);
    QFETCH(QString, value);
    const auto parsed = Marker::parse(marker);
    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error()));
    QVERIFY(parsed->evaluate({{u"os_name"_qs, value}}));
    // toString() writes escapes where packaging's plain quoting would not read back.
    const auto again = Marker::parse(parsed->toString());
    QVERIFY2(again.has_value(), qPrintable(parsed->toString()));
    QVERIFY(again->evaluate({{u"os_name"_qs, value}}));
    QCOMPARE(again->toString(), parsed->toString());
}

void TestMarker::nestingIsCapped()
{
    const auto nested = [](int depth) {
        return QString(QString(u'(').repeated(depth) + u"os_name == 'a'"_qs + QString(u')').repeated(depth));
    };
    QVERIFY(Marker::parse(nested(Marker::kMaxNesting)).has_value());
    const auto tooDeep = Marker::parse(nested(Marker::kMaxNesting + 1));
    QVERIFY(!tooDeep.has_value());
    QVERIFY2(tooDeep.error().contains(u"nest deeper than 64"), qPrintable(tooDeep.error()));
    // A hostile depth fails fast instead of exhausting the stack.
    QVERIFY(!Marker::parse(QString(u'(').repeated(1000000)).has_value());
}

void TestMarker::longMarkersStayLinear()
{
    QStringList items;
    for (int i = 0; i < 50000; ++i) {
        items.append(QStringLiteral("extra == 'e%1'").arg(i));
    }
    const auto marker = Marker::parse(items.join(u" or "_qs));
    QVERIFY(marker.has_value());
    QCOMPARE(marker->extrasReferenced().size(), 50000);
    QVERIFY(marker->evaluate({{u"extra"_qs, u"e49999"_qs}}));
    QVERIFY(!Marker::parse(QString(u"os_name == '"_qs + QString(u'x').repeated(1000000))).has_value());
}

QTEST_GUILESS_MAIN(TestMarker)
#include "testmarker.moc"
