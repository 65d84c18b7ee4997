// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "core/metadata/requirement.h"

using Metadata::Requirement;

class TestRequirement final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
    void markerEvaluation();
    void hostileInput();
};

void TestRequirement::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("extras");
    QTest::addColumn<QString>("specifiers");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("marker");
    QTest::addColumn<QString>("string");

    QTest::addRow("name only") << "requests" << "requests" << QStringList() << "" << "" << "" << "requests";
    QTest::addRow("surrounding spaces") << "  requests  " << "requests" << QStringList() << "" << "" << ""
                                        << "requests";
    QTest::addRow("specifier") << "requests>=2.8.1" << "requests" << QStringList() << ">=2.8.1" << "" << ""
                               << "requests>=2.8.1";
    QTest::addRow("full") << "requests [security, tests] >= 2.8.1, == 2.8.* ; python_version < \"2.7\""
                          << "requests" << QStringList{u"security"_qs, u"tests"_qs} << "==2.8.*,>=2.8.1" << ""
                          << "python_version < \"2.7\""
                          << "requests[security,tests]==2.8.*,>=2.8.1; python_version < \"2.7\"";
    QTest::addRow("extras kept as written, sorted in text") << "pkg[Zeta,alpha,Zeta]" << "pkg"
                                                           << QStringList{u"Zeta"_qs, u"alpha"_qs} << "" << "" << ""
                                                           << "pkg[Zeta,alpha]";
    QTest::addRow("empty extras") << "pkg[]" << "pkg" << QStringList() << "" << "" << "" << "pkg";
    QTest::addRow("parenthesized specifier") << "pkg (>=1.0, <2)" << "pkg" << QStringList() << "<2,>=1.0" << ""
                                             << "" << "pkg<2,>=1.0";
    QTest::addRow("url") << "pkg @ https://example.com/pkg-1.0.whl" << "pkg" << QStringList() << ""
                         << "https://example.com/pkg-1.0.whl" << "" << "pkg@ https://example.com/pkg-1.0.whl";
    QTest::addRow("url with marker") << "pkg[x]@https://h/p.zip ; os_name == 'nt'" << "pkg" << QStringList{u"x"_qs}
                                     << "" << "https://h/p.zip" << "os_name == \"nt\""
                                     << "pkg[x]@ https://h/p.zip ; os_name == \"nt\"";
    QTest::addRow("vcs url") << "pip @ git+https://github.com/pypa/pip@main#egg=pip" << "pip" << QStringList()
                             << "" << "git+https://github.com/pypa/pip@main#egg=pip" << ""
                             << "pip@ git+https://github.com/pypa/pip@main#egg=pip";
    QTest::addRow("file url") << "pkg @ file:///tmp/pkg" << "pkg" << QStringList() << "" << "file:///tmp/pkg" << ""
                              << "pkg@ file:///tmp/pkg";
    QTest::addRow("semicolon in url is part of it") << "pkg @ https://h/p;os_name=='a'" << "pkg" << QStringList()
                                                    << "" << "https://h/p;os_name=='a'" << ""
                                                    << "pkg@ https://h/p;os_name=='a'";
    QTest::addRow("marker only") << "pkg;extra=='Test_X'" << "pkg" << QStringList() << "" << ""
                                 << "extra == \"test-x\"" << "pkg; extra == \"test-x\"";
    QTest::addRow("arbitrary equality swallows comma") << "pkg===1.0,<2" << "pkg" << QStringList() << "<2,===1.0"
                                                       << "" << "" << "pkg<2,===1.0";
    QTest::addRow("dotted name") << "zope.interface>=5" << "zope.interface" << QStringList() << ">=5" << "" << ""
                                 << "zope.interface>=5";
    QTest::addRow("trailing newline") << "pkg>=1\n" << "pkg" << QStringList() << ">=1" << "" << "" << "pkg>=1";
    QTest::addRow("trailing comma") << "pkg>=1," << "pkg" << QStringList() << ">=1" << "" << "" << "pkg>=1";
}

void TestRequirement::parses()
{
    QFETCH(QString, text);
    QFETCH(QString, name);
    QFETCH(QStringList, extras);
    QFETCH(QString, specifiers);
    QFETCH(QString, url);
    QFETCH(QString, marker);
    QFETCH(QString, string);
    const auto requirement = Requirement::parse(text);
    QVERIFY2(requirement.has_value(), qPrintable(requirement ? QString() : requirement.error()));
    QCOMPARE(requirement->name(), name);
    QCOMPARE(requirement->extras(), extras);
    QCOMPARE(requirement->specifiers().toString(), specifiers);
    QCOMPARE(requirement->url(), url);
    QCOMPARE(requirement->marker().has_value(), !marker.isEmpty());
    QCOMPARE(requirement->marker() ? requirement->marker()->toString() : QString(), marker);
    QCOMPARE(requirement->toString(), string);
    // The normalized text parses to the same requirement.
    const auto again = Requirement::parse(requirement->toString());
    QVERIFY2(again.has_value(), qPrintable(again ? QString() : again.error()));
    QCOMPARE(again->toString(), string);
}

void TestRequirement::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");

    QTest::addRow("empty") << "" << "Expected package name at the start of dependency specifier at column 1";
    QTest::addRow("operator first") << ">=1.0" << "Expected package name at the start of dependency specifier at column 1";
    QTest::addRow("dash name end") << "foo-" << "Expected end or semicolon (after name and no valid version specifier) at column 4";
    QTest::addRow("bad compatible") << "requests~=1" << "Expected end or semicolon (after name and no valid version specifier) at column 9";
    QTest::addRow("single equals") << "requests=2.0" << "after name and no valid version specifier) at column 9";
    QTest::addRow("garbage after specifier") << "requests>=1.0 garbage" << "Expected end or semicolon (after version specifier) at column 15";
    QTest::addRow("space in name") << "foo bar" << "at column 5";
    QTest::addRow("extras without comma") << "foo[bar baz]" << "Expected comma between extra names at column 9";
    QTest::addRow("extras trailing comma") << "foo[bar,]" << "Expected extra name after comma at column 9";
    QTest::addRow("unclosed extras") << "foo[bar" << "Expected closing ']' of the extras at column 8";
    QTest::addRow("unclosed specifier parenthesis") << "foo (>=1.0" << "Expected closing ')' of the version specifier at column 11";
    QTest::addRow("url missing") << "foo @" << "Expected URL after @ at column 6";
    QTest::addRow("url then garbage") << "foo @ http://x garbage" << "Expected end or semicolon (after URL and whitespace) at column 16";
    QTest::addRow("url needs host") << "foo @ http:///path" << "needs a scheme and a host";
    QTest::addRow("relative url") << "foo @ /tmp/pkg" << "needs a scheme and a host";
    QTest::addRow("file url not normal") << "foo @ file:/tmp/pkg" << "not in normal form";
    QTest::addRow("file url uppercase scheme") << "foo @ FILE:///tmp/pkg" << "not in normal form";
    QTest::addRow("ipv6 brackets") << "foo @ https://[::1/x" << "IPv6";
    QTest::addRow("marker error") << "foo; os_name = 'a'" << "Expected marker operator";
    QTest::addRow("marker garbage") << "foo;os_name==\"a\" garbage" << "Expected end of dependency specifier at column 18";
    QTest::addRow("empty marker") << "foo;" << "Expected a marker variable or quoted string at column 5";
    QTest::addRow("arbitrary splits badly") << "foo===a,b" << "'b' is not a valid version specifier";
    QTest::addRow("non-ascii name") << "\u00e9t\u00e9" << "Expected package name";
}

void TestRequirement::rejects()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    const auto requirement = Requirement::parse(text);
    QVERIFY2(!requirement.has_value(), qPrintable(requirement ? requirement->toString() : QString()));
    QVERIFY2(requirement.error().contains(message), qPrintable(requirement.error()));
    QVERIFY2(requirement.error().contains(text.trimmed()), qPrintable(requirement.error()));
}

void TestRequirement::markerEvaluation()
{
    const Requirement requirement = *Requirement::parse(u"pytest>=7; extra == 'Test' and python_version >= '3.8'");
    QCOMPARE(requirement.normalizedName(), u"pytest"_qs);
    QVERIFY(requirement.marker().has_value());
    QCOMPARE(requirement.marker()->extrasReferenced(), QStringList{u"test"_qs});
    QVERIFY(requirement.marker()->evaluate({{u"extra"_qs, u"test"_qs}, {u"python_version"_qs, u"3.11"_qs}}));
    QVERIFY(!requirement.marker()->evaluate({{u"python_version"_qs, u"3.11"_qs}}));
    QVERIFY(requirement.specifiers().contains(*Metadata::Version::parse(u"7.4")));
}

void TestRequirement::hostileInput()
{
    // Long names, long extras lists and long specifier chains parse in linear time.
    const QString longName = QString(u'a').repeated(1000000);
    QCOMPARE(Requirement::parse(longName)->name().size(), 1000000);
    QStringList extras;
    for (int i = 0; i < 100000; ++i) {
        extras.append(QStringLiteral("e%1").arg(i % 50000));
    }
    const auto many = Requirement::parse(QString(u"pkg["_qs + extras.join(u',') + u"]"_qs));
    QVERIFY(many.has_value());
    QCOMPARE(many->extras().size(), 50000);
    QStringList specifiers;
    for (int i = 0; i < 50000; ++i) {
        specifiers.append(QStringLiteral("!=%1").arg(i));
    }
    QVERIFY(Requirement::parse(QString(u"pkg "_qs + specifiers.join(u", "_qs))).has_value());
    const auto deep = Requirement::parse(QString(u"pkg; "_qs + QString(u'(').repeated(100000)));
    QVERIFY(!deep.has_value());
    QVERIFY(!Requirement::parse(QString(u"pkg==1"_qs + QString(u".1"_qs).repeated(100000) + u"x"_qs)).has_value());
}

QTEST_GUILESS_MAIN(TestRequirement)
#include "testrequirement.moc"
