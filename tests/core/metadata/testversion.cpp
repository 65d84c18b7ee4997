// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include <algorithm>
#include <random>

#include "core/metadata/version.h"

using Metadata::PreRelease;
using Metadata::Version;

class TestVersion final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalizes_data();
    void normalizes();
    void rejects_data();
    void rejects();
    void compares_data();
    void compares();
    void sortsLikePep440();
    void parts();
    void fromParts();
    void predicates_data();
    void predicates();
    void isNormalized_data();
    void isNormalized();
    void defaultIsZero();
    void hugeNumbersAreRejectedNotWrapped();
    void longInputIsLinear();
};

void TestVersion::normalizes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("normalized");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<QString>("publicVersion");

    QTest::addRow("plain") << "1.0" << "1.0" << "1" << "1.0";
    QTest::addRow("trailing zeros kept") << "1.0.0" << "1.0.0" << "1" << "1.0.0";
    QTest::addRow("zero") << "0" << "0" << "0" << "0";
    QTest::addRow("zero zero") << "0.0" << "0.0" << "0" << "0.0";
    QTest::addRow("ten") << "1.10.0" << "1.10.0" << "1.10" << "1.10.0";
    QTest::addRow("leading zeros") << "01.002" << "1.2" << "1.2" << "1.2";
    QTest::addRow("v prefix") << "v1.0" << "1.0" << "1" << "1.0";
    QTest::addRow("V prefix") << "V2" << "2" << "2" << "2";
    QTest::addRow("whitespace") << "  1.0\t\n" << "1.0" << "1" << "1.0";
    QTest::addRow("unicode whitespace") << "\u20031.0\u3000" << "1.0" << "1" << "1.0";
    QTest::addRow("epoch") << "1!1.0" << "1!1.0" << "1!1" << "1!1.0";
    QTest::addRow("zero epoch dropped") << "0!1.0" << "1.0" << "1" << "1.0";
    QTest::addRow("alpha") << "1.0alpha1" << "1.0a1" << "1a1" << "1.0a1";
    QTest::addRow("alpha separators") << "1.0-alpha.1" << "1.0a1" << "1a1" << "1.0a1";
    QTest::addRow("beta") << "1.0_beta_2" << "1.0b2" << "1b2" << "1.0b2";
    QTest::addRow("c") << "1.0c3" << "1.0rc3" << "1rc3" << "1.0rc3";
    QTest::addRow("pre") << "1.0pre3" << "1.0rc3" << "1rc3" << "1.0rc3";
    QTest::addRow("preview") << "1.0preview" << "1.0rc0" << "1rc0" << "1.0rc0";
    QTest::addRow("uppercase") << "1.0RC1" << "1.0rc1" << "1rc1" << "1.0rc1";
    QTest::addRow("implicit pre number") << "1.0a" << "1.0a0" << "1a0" << "1.0a0";
    QTest::addRow("implicit post") << "1.0-1" << "1.0.post1" << "1.post1" << "1.0.post1";
    QTest::addRow("post") << "1.0post2" << "1.0.post2" << "1.post2" << "1.0.post2";
    QTest::addRow("rev") << "1.0rev3" << "1.0.post3" << "1.post3" << "1.0.post3";
    QTest::addRow("r") << "1.0-r4" << "1.0.post4" << "1.post4" << "1.0.post4";
    QTest::addRow("implicit post number") << "1.0.post" << "1.0.post0" << "1.post0" << "1.0.post0";
    QTest::addRow("dev") << "1.0dev" << "1.0.dev0" << "1.dev0" << "1.0.dev0";
    QTest::addRow("post dev") << "1.0.post1.dev2" << "1.0.post1.dev2" << "1.post1.dev2" << "1.0.post1.dev2";
    QTest::addRow("everything") << "V1!2.0-Alpha.3_Rev4-DEV5+Ubuntu-1_Foo.007"
                                << "1!2.0a3.post4.dev5+ubuntu.1.foo.7" << "1!2a3.post4.dev5+ubuntu.1.foo.7"
                                << "1!2.0a3.post4.dev5";
    QTest::addRow("local") << "1.0+abc.5" << "1.0+abc.5" << "1+abc.5" << "1.0";
    QTest::addRow("local separators") << "1.0+abc-def_ghi" << "1.0+abc.def.ghi" << "1+abc.def.ghi" << "1.0";
    QTest::addRow("separator before post label kept apart") << "1.0a..post" << "1.0a0.post0" << "1a0.post0"
                                                            << "1.0a0.post0";
    QTest::addRow("trailing separator") << "1.0dev-" << "1.0.dev0" << "1.dev0" << "1.0.dev0";
    QTest::addRow("date") << "2024.01.31" << "2024.1.31" << "2024.1.31" << "2024.1.31";
    QTest::addRow("max quint64") << "18446744073709551615" << "18446744073709551615" << "18446744073709551615"
                                 << "18446744073709551615";
}

void TestVersion::normalizes()
{
    QFETCH(QString, text);
    QFETCH(QString, normalized);
    QFETCH(QString, canonical);
    QFETCH(QString, publicVersion);
    const auto version = Version::parse(text);
    QVERIFY2(version.has_value(), qPrintable(version ? QString() : version.error()));
    QCOMPARE(version->toString(), normalized);
    QCOMPARE(version->canonical(), canonical);
    QCOMPARE(version->publicVersion(), publicVersion);
    // Normalizing is idempotent and the normalized form means the same version.
    const auto again = Version::parse(version->toString());
    QVERIFY(again.has_value());
    QCOMPARE(again->toString(), normalized);
    QCOMPARE(*again, *version);
}

void TestVersion::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");

    QTest::addRow("empty") << "" << "empty";
    QTest::addRow("blank") << "   " << "empty";
    QTest::addRow("word") << "french toast" << "starts with a number";
    QTest::addRow("label first") << "a1" << "starts with a number";
    QTest::addRow("double v") << "vv1" << "starts with a number";
    QTest::addRow("epoch only") << "1!" << "starts with a number";
    QTest::addRow("dangling dash") << "1.0-" << "unexpected '-' at column 4";
    QTest::addRow("double dot") << "1..0" << "unexpected '.' at column 2";
    QTest::addRow("trailing dot") << "1." << "unexpected '.' at column 2";
    QTest::addRow("inner space") << "1.0 a1" << "whitespace at column 4";
    QTest::addRow("wildcard") << "1.0.*" << "unexpected '.' at column 4";
    QTest::addRow("two pre") << "1.0a1b2" << "unexpected 'b' at column 6";
    QTest::addRow("two post") << "1.0.post1.post2" << "unexpected '.' at column 10";
    QTest::addRow("wrong order") << "1.0.dev1.post1" << "unexpected '.' at column 9";
    QTest::addRow("empty local") << "1.0+" << "local label after '+' (column 4)";
    QTest::addRow("bad local") << "1.0+abc." << "local label after '+' (column 4)";
    QTest::addRow("local space") << "1.0+ab cd" << "local label";
    QTest::addRow("non-ascii digit") << "\u0663" << "starts with a number";
    QTest::addRow("accent") << "1.0\u00e9" << "unexpected";
    QTest::addRow("comma") << "1,0" << "unexpected ',' at column 2";
    QTest::addRow("long s is not s") << "1.0po\u017Ft1" << "unexpected";
    QTest::addRow("column counts leading space") << "  1.0-" << "column 6";
}

void TestVersion::rejects()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);
    const auto version = Version::parse(text);
    QVERIFY2(!version.has_value(), qPrintable(version ? version->toString() : QString()));
    QVERIFY2(version.error().contains(reason), qPrintable(version.error()));
}

void TestVersion::compares_data()
{
    QTest::addColumn<QString>("left");
    QTest::addColumn<QString>("right");
    QTest::addColumn<int>("order");

    QTest::addRow("trailing zeros equal") << "1.0" << "1.0.0" << 0;
    QTest::addRow("many trailing zeros") << "1" << "1.0.0.0.0" << 0;
    QTest::addRow("numeric not lexical") << "1.9" << "1.10" << -1;
    QTest::addRow("leading zeros equal") << "1.01" << "1.1" << 0;
    QTest::addRow("dev before pre") << "1.0.dev1" << "1.0a1" << -1;
    QTest::addRow("pre before final") << "1.0rc9" << "1.0" << -1;
    QTest::addRow("a before b") << "1.0a2" << "1.0b1" << -1;
    QTest::addRow("b before rc") << "1.0b9" << "1.0rc1" << -1;
    QTest::addRow("pre dev before pre") << "1.0a1.dev1" << "1.0a1" << -1;
    QTest::addRow("pre post after pre") << "1.0a1.post1" << "1.0a1" << 1;
    QTest::addRow("final before post") << "1.0" << "1.0.post1" << -1;
    QTest::addRow("post dev before post") << "1.0.post1.dev1" << "1.0.post1" << -1;
    QTest::addRow("post dev after final") << "1.0.post1.dev1" << "1.0" << 1;
    QTest::addRow("local after public") << "1.0+local" << "1.0" << 1;
    QTest::addRow("local before post") << "1.0+local" << "1.0.post1" << -1;
    QTest::addRow("numeric local beats alpha") << "1.0+1" << "1.0+abc" << 1;
    QTest::addRow("numeric local numeric") << "1.0+9" << "1.0+10" << -1;
    QTest::addRow("numeric local zeros") << "1.0+007" << "1.0+7" << 0;
    QTest::addRow("alpha local lexical") << "1.0+abc" << "1.0+abd" << -1;
    QTest::addRow("local case insensitive") << "1.0+ABC" << "1.0+abc" << 0;
    QTest::addRow("shorter local first") << "1.0+abc" << "1.0+abc.1" << -1;
    QTest::addRow("local separators equal") << "1.0+a-b" << "1.0+a.b" << 0;
    QTest::addRow("epoch wins") << "1!0.1" << "2024.1" << 1;
    QTest::addRow("zero epoch") << "0!1.0" << "1.0" << 0;
    QTest::addRow("alternate spellings equal") << "1.0-ALPHA-1" << "1.0a1" << 0;
    QTest::addRow("implicit post equal") << "1.0-1" << "1.0.post1" << 0;
    QTest::addRow("dev only") << "1.0.dev1" << "1.0.dev2" << -1;
    QTest::addRow("dev of later release") << "1.1.dev1" << "1.0.post5" << 1;
}

void TestVersion::compares()
{
    QFETCH(QString, left);
    QFETCH(QString, right);
    QFETCH(int, order);
    const Version a = *Version::parse(left);
    const Version b = *Version::parse(right);
    const auto expected = order < 0 ? std::strong_ordering::less
                                    : (order > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
    QVERIFY((a <=> b) == expected);
    QVERIFY((b <=> a) == 0 <=> order);
    QCOMPARE(a == b, order == 0);
    if (order == 0) {
        QCOMPARE(qHash(a), qHash(b));
    }
}

void TestVersion::sortsLikePep440()
{
    // The ordering example of PEP 440 ("Summary of permitted suffixes and relative ordering"),
    // with local versions and epochs added.
    const QStringList expected = {
        u"1.0.dev456"_qs, u"1.0a1"_qs,          u"1.0a2.dev456"_qs,   u"1.0a12.dev456"_qs, u"1.0a12"_qs,      u"1.0b1.dev456"_qs,
        u"1.0b2"_qs,      u"1.0b2.post345.dev456"_qs, u"1.0b2.post345"_qs, u"1.0rc1.dev456"_qs, u"1.0rc1"_qs,   u"1.0"_qs,
        u"1.0+abc.5"_qs,  u"1.0+abc.7"_qs,      u"1.0+5"_qs,          u"1.0.post456.dev34"_qs, u"1.0.post456"_qs, u"1.0.15"_qs,
        u"1.1.dev1"_qs,   u"1!0.1"_qs,
    };
    QList<Version> versions;
    for (const QString &text : expected) {
        versions.append(*Version::parse(text));
    }
    std::mt19937 shuffle(42);
    std::shuffle(versions.begin(), versions.end(), shuffle);
    std::sort(versions.begin(), versions.end());
    QStringList sorted;
    for (const Version &version : versions) {
        sorted.append(version.toString());
    }
    QCOMPARE(sorted, expected);
}

void TestVersion::parts()
{
    const Version version = *Version::parse(u"2!1.2.3rc4.post5.dev6+Ubuntu-7");
    QCOMPARE(version.epoch(), 2u);
    QCOMPARE(version.release(), (QList<quint64>{1, 2, 3}));
    QCOMPARE(version.major(), 1u);
    QCOMPARE(version.minor(), 2u);
    QCOMPARE(version.micro(), 3u);
    QVERIFY(version.parts().pre.has_value());
    QCOMPARE(version.parts().pre->label, u"rc");
    QCOMPARE(version.parts().pre->number, 4u);
    QCOMPARE(version.parts().post, std::optional<quint64>(5));
    QCOMPARE(version.parts().dev, std::optional<quint64>(6));
    QCOMPARE(version.parts().local, u"ubuntu.7");
    QCOMPARE(version.baseVersion(), u"2!1.2.3");

    const Version shortVersion = *Version::parse(u"5");
    QCOMPARE(shortVersion.minor(), 0u);
    QCOMPARE(shortVersion.micro(), 0u);
}

void TestVersion::fromParts()
{
    Version::Parts parts;
    parts.epoch = 1;
    parts.release = {2, 0};
    parts.pre = PreRelease{QStringLiteral("b"), 3};
    parts.dev = 0;
    parts.local = QStringLiteral("Build_007");
    const Version version = Version::fromParts(parts);
    QCOMPARE(version.toString(), u"1!2.0b3.dev0+build.7");
    QCOMPARE(version, *Version::parse(u"1!2b3.dev0+build.7"));

    QCOMPARE(Version::fromParts({}).toString(), u"0");
}

void TestVersion::predicates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("prerelease");
    QTest::addColumn<bool>("post");
    QTest::addColumn<bool>("dev");
    QTest::addColumn<bool>("local");

    QTest::addRow("final") << "1.0" << false << false << false << false;
    QTest::addRow("alpha") << "1.0a1" << true << false << false << false;
    QTest::addRow("dev is a prerelease") << "1.0.dev1" << true << false << true << false;
    QTest::addRow("post") << "1.0.post1" << false << true << false << false;
    QTest::addRow("post dev") << "1.0.post1.dev1" << true << true << true << false;
    QTest::addRow("local") << "1.0+x" << false << false << false << true;
    QTest::addRow("rc local") << "1.0rc1+x" << true << false << false << true;
}

void TestVersion::predicates()
{
    QFETCH(QString, text);
    QFETCH(bool, prerelease);
    QFETCH(bool, post);
    QFETCH(bool, dev);
    QFETCH(bool, local);
    const Version version = *Version::parse(text);
    QCOMPARE(version.isPrerelease(), prerelease);
    QCOMPARE(version.isPostRelease(), post);
    QCOMPARE(version.isDevRelease(), dev);
    QCOMPARE(version.isLocal(), local);
}

void TestVersion::isNormalized_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("normalized");
    QTest::addRow("canonical") << "1.0.post1" << true;
    QTest::addRow("trailing zeros are normal") << "1.0.0" << true;
    QTest::addRow("implicit post") << "1.0-1" << false;
    QTest::addRow("v prefix") << "v1.0" << false;
    QTest::addRow("space") << " 1.0" << false;
    QTest::addRow("leading zero") << "1.01" << false;
    QTest::addRow("invalid") << "nope" << false;
}

void TestVersion::isNormalized()
{
    QFETCH(QString, text);
    QFETCH(bool, normalized);
    QCOMPARE(Version::isNormalized(text), normalized);
}

void TestVersion::defaultIsZero()
{
    const Version version;
    QCOMPARE(version.toString(), u"0");
    QCOMPARE(version, *Version::parse(u"0.0"));
}

void TestVersion::hugeNumbersAreRejectedNotWrapped()
{
    const auto tooLarge = Version::parse(u"18446744073709551616");
    QVERIFY(!tooLarge.has_value());
    QVERIFY2(tooLarge.error().contains(u"larger than"), qPrintable(tooLarge.error()));
    QVERIFY(!Version::parse(u"1.0.post99999999999999999999999").has_value());
    // Leading zeros do not count against the limit.
    QCOMPARE(Version::parse(u"000000000000000000000000000001")->toString(), u"1");
    // Local segments are compared as text of digits, so they have no size limit.
    const auto local = Version::parse(u"1.0+123456789012345678901234567890");
    QVERIFY(local.has_value());
    QVERIFY(*local > *Version::parse(u"1.0+99999999999999999999"));
}

void TestVersion::longInputIsLinear()
{
    // A million release components parses in one pass (a backtracking regex would not care,
    // but a careless hand-written scanner could go quadratic).
    QString text = QStringLiteral("1");
    text += QString(QStringLiteral(".0")).repeated(1000000);
    const auto version = Version::parse(text);
    QVERIFY(version.has_value());
    QCOMPARE(version->canonical(), u"1");
    QString local = QStringLiteral("1+") + QString(QStringLiteral("a.")).repeated(500000) + QStringLiteral("b");
    QVERIFY(Version::parse(local).has_value());
    QVERIFY(!Version::parse(QString(QStringLiteral("1")).repeated(1000000)).has_value());
}

QTEST_GUILESS_MAIN(TestVersion)
#include "testversion.moc"
