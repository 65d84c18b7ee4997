// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "core/metadata/name.h"

class TestName final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void names_data();
    void names();
    void extras_data();
    void extras();
};

void TestName::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("normalized");
    QTest::addColumn<QString>("wheel");
    QTest::addColumn<bool>("isNormalized");

    QTest::addRow("simple") << "requests" << true << "requests" << "requests" << true;
    QTest::addRow("case") << "Django" << true << "django" << "django" << false;
    QTest::addRow("dots") << "zope.interface" << true << "zope-interface" << "zope_interface" << false;
    QTest::addRow("underscore") << "typing_extensions" << true << "typing-extensions" << "typing_extensions" << false;
    QTest::addRow("runs collapse") << "a--b__c..d" << true << "a-b-c-d" << "a_b_c_d" << false;
    QTest::addRow("mixed run") << "A-_.-B" << true << "a-b" << "a_b" << false;
    QTest::addRow("single char") << "x" << true << "x" << "x" << true;
    QTest::addRow("digits") << "2to3" << true << "2to3" << "2to3" << true;
    QTest::addRow("normalized form") << "foo-bar" << true << "foo-bar" << "foo_bar" << true;
    QTest::addRow("leading dash") << "-leading" << false << "-leading" << "_leading" << false;
    QTest::addRow("trailing dot") << "trailing." << false << "trailing-" << "trailing_" << false;
    QTest::addRow("space") << "foo bar" << false << "foo bar" << "foo bar" << false;
    QTest::addRow("empty") << "" << false << "" << "" << false;
    QTest::addRow("accented") << "\u00e9t\u00e9" << false << "\u00e9t\u00e9" << "\u00e9t\u00e9" << false;
    QTest::addRow("kelvin sign") << "\u212Aelvin" << false << "kelvin" << "kelvin" << false;
}

void TestName::names()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QFETCH(QString, normalized);
    QFETCH(QString, wheel);
    QFETCH(bool, isNormalized);
    QCOMPARE(Metadata::isValidName(name), valid);
    QCOMPARE(Metadata::normalizeName(name), normalized);
    QCOMPARE(Metadata::wheelNameComponent(name), wheel);
    QCOMPARE(Metadata::isNormalizedName(name), isNormalized);
    // Normalizing is idempotent.
    QCOMPARE(Metadata::normalizeName(normalized), normalized);
}

void TestName::extras_data()
{
    QTest::addColumn<QString>("extra");
    QTest::addColumn<bool>("valid");

    QTest::addRow("plain") << "test" << true;
    QTest::addRow("dashed") << "docs-build" << true;
    QTest::addRow("normalizes to valid") << "Docs_Build" << true;
    QTest::addRow("dotted") << "a.b" << true;
    QTest::addRow("leading dash") << "-x" << false;
    QTest::addRow("trailing underscore") << "x_" << false;
    QTest::addRow("space") << "a b" << false;
    QTest::addRow("empty") << "" << false;
    QTest::addRow("kelvin sign") << "\u212A" << false;
}

void TestName::extras()
{
    QFETCH(QString, extra);
    QFETCH(bool, valid);
    QCOMPARE(Metadata::isValidExtraName(extra), valid);
}

QTEST_GUILESS_MAIN(TestName)
#include "testname.moc"
