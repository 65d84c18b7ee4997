// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "core/project/versionbump.h"

class TestVersionBump final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bumps_data();
    void bumps();
    void refusals_data();
    void refusals();
    void partNames();
};

void TestVersionBump::bumps_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("part");
    QTest::addColumn<QString>("to");
    const auto row = [](const char *from, const char *part, const char *to) {
        QTest::addRow("%s %s", from, part) << QString::fromLatin1(from) << QString::fromLatin1(part) << QString::fromLatin1(to);
    };
    row("1.2.3", "major", "2.0.0");
    row("1.2", "major", "2.0");
    row("1.2.3", "minor", "1.3.0");
    row("1", "minor", "1.1");
    row("1.2.3", "micro", "1.2.4");
    row("1.2", "patch", "1.2.1");
    row("1.2.3rc1", "micro", "1.2.4");
    row("1!1.0", "major", "1!2.0");
    row("1.0+local", "micro", "1.0.1");
    row("1.0", "a", "1.0.1a1");
    row("1.0a1", "a", "1.0a2");
    row("1.0a2", "b", "1.0b1");
    row("1.0b3", "rc", "1.0rc1");
    row("1.0rc1", "rc", "1.0rc2");
    row("1.0.dev3", "a", "1.0a1");
    row("1.0a2.dev1", "a", "1.0a2");
    row("1.0.post1", "b", "1.0.1b1");
    row("1.0", "post", "1.0.post1");
    row("1.0.post1", "post", "1.0.post2");
    row("1.0.post1.dev2", "post", "1.0.post1");
    row("1.0.dev1", "dev", "1.0.dev2");
    row("1.0", "dev", "1.0.1.dev1");
    row("1.0a1", "dev", "1.0a2.dev1");
    row("1.0.post1", "dev", "1.0.post2.dev1");
    row("1.0rc2", "release", "1.0");
    row("1.0.dev4", "release", "1.0");
    row("1.0.post1.dev2", "release", "1.0.post1");
    row("2.0.0b1", "final", "2.0.0");
}

void TestVersionBump::bumps()
{
    QFETCH(QString, from);
    QFETCH(QString, part);
    QFETCH(QString, to);
    const auto version = Metadata::Version::parse(from);
    QVERIFY(version.has_value());
    const auto parsedPart = Project::bumpPartFromString(part);
    QVERIFY(parsedPart.has_value());
    const auto bumped = Project::bumpVersion(*version, *parsedPart);
    QVERIFY2(bumped.has_value(), qPrintable(bumped ? QString() : bumped.error()));
    QCOMPARE(bumped->toString(), to);
    QVERIFY(*bumped > *version);
}

void TestVersionBump::refusals_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("part");
    QTest::addRow("final release") << QStringLiteral("1.0") << QStringLiteral("release");
    QTest::addRow("rc to a") << QStringLiteral("1.0rc1") << QStringLiteral("a");
    QTest::addRow("b to a") << QStringLiteral("1.0b1") << QStringLiteral("alpha");
    QTest::addRow("post only") << QStringLiteral("1.0.post3") << QStringLiteral("release");
}

void TestVersionBump::refusals()
{
    QFETCH(QString, from);
    QFETCH(QString, part);
    const auto bumped = Project::bumpVersion(*Metadata::Version::parse(from), *Project::bumpPartFromString(part));
    QVERIFY(!bumped.has_value());
    QVERIFY(bumped.error().contains(from));
}

void TestVersionBump::partNames()
{
    for (const QString &name : Project::bumpPartNames()) {
        QVERIFY2(Project::bumpPartFromString(name).has_value(), qPrintable(name));
    }
    QVERIFY(!Project::bumpPartFromString(u"huge").has_value());
}

QTEST_GUILESS_MAIN(TestVersionBump)
#include "testversionbump.moc"
