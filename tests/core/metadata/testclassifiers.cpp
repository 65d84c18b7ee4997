// SPDX-License-Identifier: GPL-3.0-or-later
#include <QFile>
#include <QTest>

#include "core/metadata/classifiers.h"

using Metadata::TroveClassifiers;

class TestClassifiers final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bundledMatchesListFile();
    void validity_data();
    void validity();
    void deprecatedReplacements_data();
    void deprecatedReplacements();
    void closeMatch_data();
    void closeMatch();
    void fromDataToleratesCrlfAndBlankLines();
    void categories();
};

void TestClassifiers::bundledMatchesListFile()
{
    QFile file(QStringLiteral(":/slipway/data/trove-classifiers.txt"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    qsizetype lines = 0;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.trimmed().isEmpty()) {
            ++lines;
            QVERIFY2(TroveClassifiers::bundled().isKnown(QString::fromUtf8(line)), line.constData());
        }
    }
    QCOMPARE(TroveClassifiers::bundled().all().size(), lines);
    // Loaded once: the same object every time.
    QCOMPARE(&TroveClassifiers::bundled(), &TroveClassifiers::bundled());
}

void TestClassifiers::validity_data()
{
    QTest::addColumn<QString>("classifier");
    QTest::addColumn<bool>("known");
    QTest::addColumn<bool>("deprecated");
    QTest::addRow("mit") << QStringLiteral("License :: OSI Approved :: MIT License") << true << false;
    QTest::addRow("typed") << QStringLiteral("Typing :: Typed") << true << false;
    QTest::addRow("status") << QStringLiteral("Development Status :: 5 - Production/Stable") << true << false;
    QTest::addRow("case matters") << QStringLiteral("typing :: typed") << false << false;
    QTest::addRow("private never valid") << QStringLiteral("Private :: Do Not Upload") << false << false;
    QTest::addRow("made up") << QStringLiteral("Framework :: Slipway") << false << false;
    QTest::addRow("empty") << QString() << false << false;
    QTest::addRow("deprecated typo") << QStringLiteral("Natural Language :: Ukranian") << false << true;
    QTest::addRow("deprecated no replacement")
        << QStringLiteral("License :: OSI Approved :: X.Net License") << false << true;
}

void TestClassifiers::validity()
{
    QFETCH(QString, classifier);
    QFETCH(bool, known);
    QFETCH(bool, deprecated);
    QCOMPARE(TroveClassifiers::bundled().isKnown(classifier), known);
    QCOMPARE(TroveClassifiers::bundled().isDeprecated(classifier), deprecated);
}

void TestClassifiers::deprecatedReplacements_data()
{
    QTest::addColumn<QString>("classifier");
    QTest::addColumn<QStringList>("replacements");
    QTest::addRow("ukrainian") << QStringLiteral("Natural Language :: Ukranian")
                               << QStringList{QStringLiteral("Natural Language :: Ukrainian")};
    QTest::addRow("django cms") << QStringLiteral("Framework :: Django CMS :: 4.2")
                                << QStringList{QStringLiteral("Framework :: Django CMS :: 5.0")};
    QTest::addRow("none") << QStringLiteral("License :: OSI Approved :: Intel Open Source License") << QStringList();
    QTest::addRow("not deprecated") << QStringLiteral("Typing :: Typed") << QStringList();
}

void TestClassifiers::deprecatedReplacements()
{
    QFETCH(QString, classifier);
    QFETCH(QStringList, replacements);
    QCOMPARE(TroveClassifiers::bundled().replacements(classifier), replacements);
    for (const QString &replacement : std::as_const(replacements)) {
        QVERIFY(TroveClassifiers::bundled().isKnown(replacement));
    }
}

void TestClassifiers::closeMatch_data()
{
    QTest::addColumn<QString>("classifier");
    QTest::addColumn<QString>("match");
    QTest::addRow("case") << QStringLiteral("typing :: typed") << QStringLiteral("Typing :: Typed");
    QTest::addRow("spacing") << QStringLiteral("Typing::Typed") << QStringLiteral("Typing :: Typed");
    QTest::addRow("double spaces") << QStringLiteral("License ::  OSI Approved :: MIT  License")
                                   << QStringLiteral("License :: OSI Approved :: MIT License");
    QTest::addRow("exact is no suggestion") << QStringLiteral("Typing :: Typed") << QString();
    QTest::addRow("unrelated") << QStringLiteral("Typing :: Untyped") << QString();
}

void TestClassifiers::closeMatch()
{
    QFETCH(QString, classifier);
    QFETCH(QString, match);
    QCOMPARE(TroveClassifiers::bundled().closeMatch(classifier), match);
}

void TestClassifiers::fromDataToleratesCrlfAndBlankLines()
{
    const auto classifiers = TroveClassifiers::fromData("A :: B\r\n\r\nA :: C\n",
                                                        "deprecated\treplacements\r\nA :: D\tA :: B|A :: C\r\nA :: E\t\n");
    QCOMPARE(classifiers.all(), (QStringList{QStringLiteral("A :: B"), QStringLiteral("A :: C")}));
    QVERIFY(classifiers.isDeprecated(QStringLiteral("A :: D")));
    QCOMPARE(classifiers.replacements(QStringLiteral("A :: D")),
             (QStringList{QStringLiteral("A :: B"), QStringLiteral("A :: C")}));
    QVERIFY(classifiers.isDeprecated(QStringLiteral("A :: E")));
    QVERIFY(classifiers.replacements(QStringLiteral("A :: E")).isEmpty());
    QVERIFY(!classifiers.isDeprecated(QStringLiteral("deprecated")));
}

void TestClassifiers::categories()
{
    const QStringList categories = TroveClassifiers::bundled().categories();
    QVERIFY(categories.contains(QStringLiteral("Development Status")));
    QVERIFY(categories.contains(QStringLiteral("License")));
    QVERIFY(categories.contains(QStringLiteral("Typing")));
    QCOMPARE(categories.size(), QSet<QString>(categories.cbegin(), categories.cend()).size());
}

QTEST_GUILESS_MAIN(TestClassifiers)
#include "testclassifiers.moc"
