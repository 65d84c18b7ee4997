// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "core/metadata/specifier.h"

using Metadata::PrereleasePolicy;
using Metadata::Specifier;
using Metadata::SpecifierSet;
using Metadata::Version;

Q_DECLARE_METATYPE(Metadata::PrereleasePolicy)
Q_DECLARE_METATYPE(Metadata::Specifier::Operator)

class TestSpecifier final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
    void contains_data();
    void contains();
    void prereleaseDefaults();
    void setContains_data();
    void setContains();
    void setParsing_data();
    void setParsing();
    void setRejects();
    void equality();
    void longSetsStayLinear();
};

void TestSpecifier::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Specifier::Operator>("op");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("string");

    using Op = Specifier::Operator;
    QTest::addRow("equal") << "==1.0" << Op::Equal << "1.0" << "==1.0";
    QTest::addRow("spaces") << "  >=  1.0  " << Op::GreaterEqual << "1.0" << ">=1.0";
    QTest::addRow("compatible") << "~=1.4.5" << Op::Compatible << "1.4.5" << "~=1.4.5";
    QTest::addRow("not equal wildcard") << "!=1.4.*" << Op::NotEqual << "1.4.*" << "!=1.4.*";
    QTest::addRow("less") << "<2" << Op::Less << "2" << "<2";
    QTest::addRow("greater") << ">1.0.post1" << Op::Greater << "1.0.post1" << ">1.0.post1";
    QTest::addRow("less equal") << "<=1!2.0" << Op::LessEqual << "1!2.0" << "<=1!2.0";
    QTest::addRow("arbitrary") << "===foobar" << Op::Arbitrary << "foobar" << "===foobar";
    QTest::addRow("arbitrary empty") << "===" << Op::Arbitrary << "" << "===";
    QTest::addRow("kept as written") << "==V1.0-1" << Op::Equal << "V1.0-1" << "==V1.0-1";
    QTest::addRow("local with equal") << "==1.0+Local" << Op::Equal << "1.0+Local" << "==1.0+Local";
    QTest::addRow("longest label") << "==1.0alpha" << Op::Equal << "1.0alpha" << "==1.0alpha";
}

void TestSpecifier::parses()
{
    QFETCH(QString, text);
    QFETCH(Specifier::Operator, op);
    QFETCH(QString, version);
    QFETCH(QString, string);
    const auto specifier = Specifier::parse(text);
    QVERIFY2(specifier.has_value(), qPrintable(specifier ? QString() : specifier.error()));
    QCOMPARE(specifier->op(), op);
    QCOMPARE(specifier->versionText(), version);
    QCOMPARE(specifier->toString(), string);
    QCOMPARE(Specifier::parse(specifier->toString())->toString(), string);
}

void TestSpecifier::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");

    QTest::addRow("empty") << "" << "empty";
    QTest::addRow("no operator") << "1.0" << "starts with one of the operators";
    QTest::addRow("single equals") << "=1.0" << "starts with one of the operators";
    QTest::addRow("no version") << ">=" << "a version must follow '>='";
    QTest::addRow("compatible one part") << "~=1" << "at least two release numbers";
    QTest::addRow("wildcard with >=") << ">=1.*" << "only with == and !=";
    QTest::addRow("wildcard with ~=") << "~=1.0.*" << "only with == and !=";
    QTest::addRow("local with >=") << ">=1.0+local" << "only with == and !=";
    QTest::addRow("after wildcard") << "==1.0.*.1" << "nothing may follow the wildcard";
    QTest::addRow("junk version") << "==foo" << "'foo' is not a valid PEP 440 version";
    QTest::addRow("inner space") << "==1.0 a1" << "not a valid PEP 440 version";
    QTest::addRow("arbitrary with space") << "===a b" << "not a valid";
    QTest::addRow("arbitrary with semicolon") << "===a;b" << "not a valid";
    QTest::addRow("double operator") << "<==1.0" << "not a valid";
}

void TestSpecifier::rejects()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);
    const auto specifier = Specifier::parse(text);
    QVERIFY2(!specifier.has_value(), qPrintable(specifier ? specifier->toString() : QString()));
    QVERIFY2(specifier.error().contains(reason), qPrintable(specifier.error()));
}

void TestSpecifier::contains_data()
{
    QTest::addColumn<QString>("specifier");
    QTest::addColumn<QString>("version");
    QTest::addColumn<PrereleasePolicy>("policy");
    QTest::addColumn<bool>("expected");

    const auto allow = PrereleasePolicy::Allow;
    const auto auto_ = PrereleasePolicy::FromSpecifier;
    const auto exclude = PrereleasePolicy::Exclude;
    QTest::addRow("== trailing zeros") << "==1.0" << "1.0.0" << auto_ << true;
    QTest::addRow("== ignores candidate local") << "==1.0" << "1.0+local" << auto_ << true;
    QTest::addRow("== with local is exact") << "==1.0+a" << "1.0+b" << auto_ << false;
    QTest::addRow("== local match") << "==1.0+A" << "1.0+a" << auto_ << true;
    QTest::addRow("== prerelease excluded") << "==1.0" << "1.0a1" << allow << false;
    QTest::addRow("wildcard") << "==1.*" << "1.9.2" << auto_ << true;
    QTest::addRow("wildcard miss") << "==1.*" << "2.0" << auto_ << false;
    QTest::addRow("wildcard pads") << "==1.0.0.*" << "1" << auto_ << true;
    QTest::addRow("wildcard prerelease allowed") << "==1.0.*" << "1.0a1" << allow << true;
    QTest::addRow("wildcard prerelease default") << "==1.0.*" << "1.0a1" << auto_ << false;
    QTest::addRow("wildcard ignores local") << "==1.0.*" << "1.0+x" << auto_ << true;
    QTest::addRow("wildcard epoch") << "==1!1.*" << "1!1.5" << auto_ << true;
    QTest::addRow("wildcard epoch miss") << "==1!1.*" << "1.5" << auto_ << false;
    QTest::addRow("!= wildcard") << "!=1.4.*" << "1.4.5" << auto_ << false;
    QTest::addRow("!= wildcard other") << "!=1.4.*" << "1.5" << auto_ << true;
    QTest::addRow("~= lower bound") << "~=1.4.5" << "1.4.5" << auto_ << true;
    QTest::addRow("~= patch") << "~=1.4.5" << "1.4.9" << auto_ << true;
    QTest::addRow("~= minor bump") << "~=1.4.5" << "1.5" << auto_ << false;
    QTest::addRow("~= two parts") << "~=1.4" << "1.9" << auto_ << true;
    QTest::addRow("~= two parts major") << "~=1.4" << "2.0" << auto_ << false;
    QTest::addRow("~= prerelease spec") << "~=1.4.5a4" << "1.4.5a5" << auto_ << true;
    QTest::addRow("~= post") << "~=1.4.5" << "1.4.5.post1" << auto_ << true;
    QTest::addRow("~= below") << "~=1.4.5" << "1.4.4" << auto_ << false;
    QTest::addRow(">= prerelease by default") << ">=1.0" << "1.1a1" << auto_ << false;
    QTest::addRow(">= prerelease allowed") << ">=1.0" << "1.1a1" << allow << true;
    QTest::addRow(">= prerelease named") << ">=1.0a1" << "1.1a1" << auto_ << true;
    QTest::addRow(">= prerelease named but excluded") << ">=1.0a1" << "1.1a1" << exclude << false;
    QTest::addRow(">= local candidate") << ">=1.0" << "1.0+local" << auto_ << true;
    QTest::addRow("< excludes prerelease of bound") << "<2.0" << "2.0a1" << allow << false;
    QTest::addRow("< does not imply prereleases") << "<2.0b1" << "2.0a1" << auto_ << false;
    QTest::addRow("< prerelease of prerelease bound") << "<2.0b1" << "2.0a1" << allow << true;
    QTest::addRow("< lower prerelease") << "<2.0" << "1.9a1" << allow << true;
    QTest::addRow("> excludes post of bound") << ">1.0" << "1.0.post1" << auto_ << false;
    QTest::addRow("> post of named post") << ">1.0.post1" << "1.0.post2" << auto_ << true;
    QTest::addRow("> excludes local of bound") << ">1.0" << "1.0+local" << auto_ << false;
    QTest::addRow("> later") << ">1.0" << "1.0.1" << auto_ << true;
    QTest::addRow("<= ignores local") << "<=1.0" << "1.0+local" << auto_ << true;
    QTest::addRow("=== exact") << "===1.0" << "1.0" << auto_ << true;
    QTest::addRow("=== not equivalent") << "===1.0" << "1.0.0" << auto_ << false;
    QTest::addRow("=== case insensitive") << "===1.0+ABC" << "1.0+abc" << auto_ << true;
    QTest::addRow("=== junk") << "===foo" << "1.0" << auto_ << false;
    QTest::addRow("dev excluded by default") << "<=1.0" << "1.0.dev1" << auto_ << false;
    QTest::addRow("dev named") << "<=1.0.dev1" << "1.0.dev0" << auto_ << true;
}

void TestSpecifier::contains()
{
    QFETCH(QString, specifier);
    QFETCH(QString, version);
    QFETCH(PrereleasePolicy, policy);
    QFETCH(bool, expected);
    const auto parsed = Specifier::parse(specifier);
    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error()));
    QCOMPARE(parsed->contains(*Version::parse(version), policy), expected);
}

void TestSpecifier::prereleaseDefaults()
{
    const Version pre = *Version::parse(u"1.5a1");
    const Specifier plain = *Specifier::parse(u">=1.0");
    QVERIFY(plain.contains(pre));                       // Specifier: allowPrereleases defaults to true
    QVERIFY(!plain.contains(pre, false));               // false is packaging's default rule
    QVERIFY(Specifier::parse(u">=1.0b1")->contains(pre, false));
    QVERIFY(Specifier::parse(u"==1.5.*")->impliesPrereleases() == false);
    QVERIFY(Specifier::parse(u"==1.5a1.*").has_value() == false);
    QVERIFY(Specifier::parse(u"!=1.0a1")->impliesPrereleases() == false);
    QVERIFY(Specifier::parse(u"===1.0a1")->impliesPrereleases());
    QVERIFY(!Specifier::parse(u"===foo")->impliesPrereleases());

    const SpecifierSet set = *SpecifierSet::parse(u">=1.0");
    QVERIFY(!set.contains(pre));                        // SpecifierSet: default false = packaging's rule
    QVERIFY(set.contains(pre, true));
    // Only ==, >=, <=, ~= and === naming a pre-release let pre-releases in (packaging's rule).
    QVERIFY(!SpecifierSet::parse(u">=1.0,!=1.5a2,<2.0b1")->contains(pre));
    QVERIFY(SpecifierSet::parse(u">=1.0,<=2.0b1")->contains(pre));
}

void TestSpecifier::setContains_data()
{
    QTest::addColumn<QString>("set");
    QTest::addColumn<QString>("version");
    QTest::addColumn<bool>("expected");

    QTest::addRow("empty accepts final") << "" << "1.0" << true;
    QTest::addRow("empty rejects prerelease") << "" << "1.0a1" << false;
    QTest::addRow("range in") << ">=1.0,<2.0" << "1.5" << true;
    QTest::addRow("range out") << ">=1.0,<2.0" << "2.0" << false;
    QTest::addRow("exclusion") << ">=1.0,!=1.5" << "1.5.0" << false;
    QTest::addRow("requires-python") << ">=3.8,!=3.9.*" << "3.9.7" << false;
    QTest::addRow("requires-python ok") << ">=3.8,!=3.9.*" << "3.10.2" << true;
    QTest::addRow("prerelease named anywhere") << ">=1.0a1,<2" << "1.5b1" << true;
    QTest::addRow("prerelease named but other excludes") << "<2,>=1.0a1" << "2.0a1" << false;
}

void TestSpecifier::setContains()
{
    QFETCH(QString, set);
    QFETCH(QString, version);
    QFETCH(bool, expected);
    const auto parsed = SpecifierSet::parse(set);
    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error()));
    QCOMPARE(parsed->contains(*Version::parse(version)), expected);
}

void TestSpecifier::setParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("string");

    QTest::addRow("empty") << "" << 0 << "";
    QTest::addRow("only commas") << " , ,, " << 0 << "";
    QTest::addRow("sorted") << ">=1.0,<2.0,!=1.5" << 3 << "!=1.5,<2.0,>=1.0";
    QTest::addRow("spaces") << " >= 1.0 , < 2 " << 2 << "<2,>=1.0";
    QTest::addRow("duplicates dropped") << "==1.0,==1.0.0,== 1.0" << 1 << "==1.0";
    QTest::addRow("compatible keeps zeros") << "~=1.0,~=1.0.0" << 2 << "~=1.0,~=1.0.0";
    QTest::addRow("empty items skipped") << ">=1,,<2," << 2 << "<2,>=1";
}

void TestSpecifier::setParsing()
{
    QFETCH(QString, text);
    QFETCH(int, count);
    QFETCH(QString, string);
    const auto set = SpecifierSet::parse(text);
    QVERIFY2(set.has_value(), qPrintable(set ? QString() : set.error()));
    QCOMPARE(set->specifiers().size(), count);
    QCOMPARE(set->isEmpty(), count == 0);
    QCOMPARE(set->toString(), string);
    QCOMPARE(SpecifierSet::parse(set->toString())->toString(), string);
}

void TestSpecifier::setRejects()
{
    const auto set = SpecifierSet::parse(u">=1.0, bogus");
    QVERIFY(!set.has_value());
    QVERIFY2(set.error().contains(u"'bogus'"), qPrintable(set.error()));
    QVERIFY(!SpecifierSet::parse(u">=1.0 <2").has_value());
    QVERIFY(!SpecifierSet::parse(u">=1.0;").has_value());
}

void TestSpecifier::equality()
{
    QCOMPARE(*Specifier::parse(u"==1.0"), *Specifier::parse(u"== 1.0.0"));
    QVERIFY(!(*Specifier::parse(u"==1.0") == *Specifier::parse(u"~=1.0")));
    QVERIFY(!(*Specifier::parse(u"~=1.0") == *Specifier::parse(u"~=1.0.0")));
    QVERIFY(*Specifier::parse(u"==v1.0-1") == *Specifier::parse(u"==1.0.post1"));
    QCOMPARE(*SpecifierSet::parse(u">=1,<2"), *SpecifierSet::parse(u"<2.0, >=1.0"));
    QVERIFY(!(*SpecifierSet::parse(u">=1") == *SpecifierSet::parse(u">=1,<2")));
}

void TestSpecifier::longSetsStayLinear()
{
    // 100 000 distinct specifiers and as many duplicates: deduplication must not be quadratic.
    QStringList parts;
    for (int i = 0; i < 100000; ++i) {
        parts.append(QStringLiteral("!=%1.0").arg(i));
        parts.append(QStringLiteral("!=%1").arg(i));
    }
    const auto set = SpecifierSet::parse(parts.join(u','));
    QVERIFY(set.has_value());
    QCOMPARE(set->specifiers().size(), 100000);
    QVERIFY(!set->contains(*Version::parse(u"99999")));
    QVERIFY(set->contains(*Version::parse(u"100000.1")));
}

QTEST_GUILESS_MAIN(TestSpecifier)
#include "testspecifier.moc"
