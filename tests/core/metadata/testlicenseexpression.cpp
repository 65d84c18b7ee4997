// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "core/metadata/licenseexpression.h"

using Metadata::LicenseExpression;
using Metadata::LicenseExpressionError;

// The expectations follow packaging.licenses.canonicalize_license_expression (packaging 26.2),
// which Warehouse applies to License-Expression.
class TestLicenseExpression final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void canonical_data();
    void canonical();
    void errors_data();
    void errors();
    void parts();
    void knownLists();
};

void TestLicenseExpression::canonical_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("canonical");
    const auto row = [](const char *name, const QString &in, const QString &out) { QTest::addRow("%s", name) << in << out; };
    row("simple", QStringLiteral("MIT"), QStringLiteral("MIT"));
    row("lower", QStringLiteral("mit"), QStringLiteral("MIT"));
    row("mixed case", QStringLiteral("apache-2.0"), QStringLiteral("Apache-2.0"));
    row("or", QStringLiteral("MIT or Apache-2.0"), QStringLiteral("MIT OR Apache-2.0"));
    row("and", QStringLiteral("mit AND bsd-3-clause"), QStringLiteral("MIT AND BSD-3-Clause"));
    row("with", QStringLiteral("gpl-2.0-only with classpath-exception-2.0"),
        QStringLiteral("GPL-2.0-only WITH Classpath-exception-2.0"));
    row("parentheses", QStringLiteral("(MIT OR Apache-2.0) AND BSD-2-Clause"),
        QStringLiteral("(MIT OR Apache-2.0) AND BSD-2-Clause"));
    row("padded parentheses", QStringLiteral("( mit or apache-2.0 )"), QStringLiteral("(MIT OR Apache-2.0)"));
    row("tight parentheses", QStringLiteral("MIT AND(Apache-2.0 WITH LLVM-exception)"),
        QStringLiteral("MIT AND (Apache-2.0 WITH LLVM-exception)"));
    row("extra whitespace", QStringLiteral("  MIT\tOR\n0BSD  "), QStringLiteral("MIT OR 0BSD"));
    row("plus", QStringLiteral("gpl-2.0+"), QStringLiteral("GPL-2.0+"));
    row("deprecated id", QStringLiteral("GPL-3.0"), QStringLiteral("GPL-3.0"));
    row("licenseref keeps tail", QStringLiteral("licenseref-My.Own-1"), QStringLiteral("LicenseRef-My.Own-1"));
    row("licenseref mixed", QStringLiteral("MIT or LICENSEREF-Proprietary"),
        QStringLiteral("MIT OR LicenseRef-Proprietary"));
    row("nested after operator", QStringLiteral("MIT OR (0BSD AND (ISC OR Zlib))"),
        QStringLiteral("MIT OR (0BSD AND (ISC OR Zlib))"));
}

void TestLicenseExpression::canonical()
{
    QFETCH(QString, expression);
    QFETCH(QString, canonical);
    const auto parsed = LicenseExpression::parse(expression);
    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error().message));
    QCOMPARE(parsed->canonical(), canonical);
    // Canonical form is a fixed point.
    QCOMPARE(LicenseExpression::parse(canonical)->canonical(), canonical);
}

void TestLicenseExpression::errors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<LicenseExpressionError::Code>("code");
    QTest::addColumn<QString>("message");
    using Code = LicenseExpressionError::Code;
    QTest::addRow("empty") << QString() << Code::Invalid << QStringLiteral("Invalid license expression: ''");
    QTest::addRow("only spaces") << QStringLiteral("  ") << Code::Invalid
                                 << QStringLiteral("Invalid license expression: '  '");
    QTest::addRow("two ids") << QStringLiteral("MIT Apache-2.0") << Code::Invalid
                             << QStringLiteral("Invalid license expression: 'MIT Apache-2.0'");
    QTest::addRow("dangling or") << QStringLiteral("MIT OR") << Code::Invalid
                                 << QStringLiteral("Invalid license expression: 'MIT OR'");
    QTest::addRow("leading and") << QStringLiteral("AND MIT") << Code::Invalid
                                 << QStringLiteral("Invalid license expression: 'AND MIT'");
    QTest::addRow("unbalanced open") << QStringLiteral("(MIT") << Code::Invalid
                                     << QStringLiteral("Invalid license expression: '(MIT'");
    QTest::addRow("unbalanced close") << QStringLiteral("MIT)") << Code::Invalid
                                      << QStringLiteral("Invalid license expression: 'MIT)'");
    QTest::addRow("empty parentheses") << QStringLiteral("()") << Code::Invalid
                                       << QStringLiteral("Invalid license expression: '()'");
    QTest::addRow("double parentheses") << QStringLiteral("((MIT))") << Code::Invalid
                                        << QStringLiteral("Invalid license expression: '((MIT))'");
    QTest::addRow("id before parenthesis") << QStringLiteral("MIT (Apache-2.0)") << Code::Invalid
                                           << QStringLiteral("Invalid license expression: 'MIT (Apache-2.0)'");
    QTest::addRow("with without exception") << QStringLiteral("MIT WITH") << Code::Invalid
                                             << QStringLiteral("Invalid license expression: 'MIT WITH'");
    QTest::addRow("unknown") << QStringLiteral("MIT OR Foo-1.0") << Code::UnknownLicense
                             << QStringLiteral("Unknown license: 'foo-1.0'");
    QTest::addRow("legacy name") << QStringLiteral("MIT License") << Code::Invalid
                                 << QStringLiteral("Invalid license expression: 'MIT License'");
    QTest::addRow("unknown exception") << QStringLiteral("GPL-3.0-only WITH Foo-exception")
                                       << Code::UnknownException
                                       << QStringLiteral("Unknown license exception: 'foo-exception'");
    QTest::addRow("license as exception") << QStringLiteral("GPL-3.0-only WITH MIT") << Code::UnknownException
                                          << QStringLiteral("Unknown license exception: 'mit'");
    QTest::addRow("exception as license") << QStringLiteral("LLVM-exception") << Code::UnknownLicense
                                          << QStringLiteral("Unknown license: 'llvm-exception'");
    QTest::addRow("bad licenseref") << QStringLiteral("LicenseRef-a_b") << Code::InvalidLicenseRef
                                    << QStringLiteral("Invalid licenseref: 'licenseref-a_b'");
    QTest::addRow("quote in repr") << QStringLiteral("it's") << Code::UnknownLicense
                                   << QStringLiteral("Unknown license: \"it's\"");
}

void TestLicenseExpression::errors()
{
    QFETCH(QString, expression);
    QFETCH(LicenseExpressionError::Code, code);
    QFETCH(QString, message);
    const auto parsed = LicenseExpression::parse(expression);
    QVERIFY(!parsed.has_value());
    QCOMPARE(parsed.error().code, code);
    QCOMPARE(parsed.error().message, message);
}

void TestLicenseExpression::parts()
{
    const auto parsed =
        LicenseExpression::parse(u"gpl-3.0+ OR (apache-2.0 WITH llvm-exception) OR LicenseRef-Corp OR GPL-3.0");
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->licenseIds(),
             (QStringList{QStringLiteral("GPL-3.0"), QStringLiteral("Apache-2.0"), QStringLiteral("GPL-3.0")}));
    QCOMPARE(parsed->exceptionIds(), QStringList{QStringLiteral("LLVM-exception")});
    QCOMPARE(parsed->licenseRefs(), QStringList{QStringLiteral("LicenseRef-Corp")});
    QCOMPARE(parsed->deprecatedIds(), QStringList{QStringLiteral("GPL-3.0")});
    QVERIFY(LicenseExpression::parse(u"MIT")->deprecatedIds().isEmpty());
}

void TestLicenseExpression::knownLists()
{
    QVERIFY(LicenseExpression::knownLicenseIds().contains(QStringLiteral("MIT")));
    QVERIFY(LicenseExpression::knownLicenseIds().contains(QStringLiteral("GPL-3.0")));
    QVERIFY(LicenseExpression::knownExceptionIds().contains(QStringLiteral("LLVM-exception")));
    QVERIFY(LicenseExpression::isDeprecatedLicenseId(u"gpl-2.0"));
    QVERIFY(!LicenseExpression::isDeprecatedLicenseId(u"GPL-2.0-only"));
}

QTEST_GUILESS_MAIN(TestLicenseExpression)
#include "testlicenseexpression.moc"
