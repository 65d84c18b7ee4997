// SPDX-License-Identifier: GPL-3.0-or-later
#include <QFile>
#include <QSet>
#include <QTest>

#include "core/check/metadatarules.h"
#include "core/check/rules.h"
#include "tests/core/check/metadatacases.h"

using namespace Qt::StringLiterals;

using Check::Finding;

namespace {

QString describe(const QList<Finding> &findings)
{
    QStringList lines;
    for (const Finding &finding : findings) {
        lines.append(finding.code + u' ' + Check::severityName(finding.severity) + u": " + finding.message);
    }
    return lines.join(u"\n");
}

bool hasCode(const QList<Finding> &findings, const QString &code)
{
    return std::any_of(findings.cbegin(), findings.cend(), [&code](const Finding &f) { return f.code == code; });
}

} // namespace

class TestMetadataRules final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void baselineIsClean()
    {
        const QList<Finding> findings = Check::checkMetadata(CheckTests::editedMetadata({}));
        QVERIFY2(findings.isEmpty(), qPrintable(describe(findings)));
    }

    void breaksRule_data()
    {
        QTest::addColumn<QStringList>("edits");
        QTest::addColumn<bool>("sdist");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions");
        for (const CheckTests::MetadataCase &c : CheckTests::brokenMetadataCases()) {
            QTest::addRow("%s %s", qPrintable(c.code), c.name) << c.edits << c.sdist << c.code << c.mentions;
        }
    }

    void breaksRule()
    {
        QFETCH(QStringList, edits);
        QFETCH(bool, sdist);
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        Check::MetadataContext context;
        context.isSdist = sdist;
        const QList<Finding> findings = Check::checkMetadata(CheckTests::editedMetadata(edits), context);
        const auto it = std::find_if(findings.cbegin(), findings.cend(), [&code](const Finding &f) { return f.code == code; });
        QVERIFY2(it != findings.cend(), qPrintable(u"expected %1, got:\n%2"_s.arg(code, describe(findings))));
        QVERIFY2(it->message.contains(mentions) || it->hint.contains(mentions), qPrintable(it->message + u" / "_s + it->hint));
        const auto info = Check::ruleInfo(code);
        QVERIFY(info);
        QCOMPARE(it->severity, info->severity);
        QVERIFY(!it->hint.isEmpty());
        QVERIFY2(!it->message.contains(u'\n'), qPrintable(it->message));
    }

    // Spellings PyPI accepts: none of these may produce a finding.
    void accepted_data()
    {
        QTest::addColumn<QStringList>("edits");
        for (const auto &[name, edits] : CheckTests::acceptedMetadataCases()) {
            QTest::addRow("%s", name) << edits;
        }
    }

    void accepted()
    {
        QFETCH(QStringList, edits);
        const QList<Finding> findings = Check::checkMetadata(CheckTests::editedMetadata(edits));
        QVERIFY2(findings.isEmpty(), qPrintable(describe(findings)));
    }

    void unparsableBytes_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("code");
        QTest::addRow("line without colon") << QByteArray("Metadata-Version: 2.1\nName foo\n") << u"SW200"_s;
        QTest::addRow("continuation first") << QByteArray(" Name: foo\n") << u"SW200"_s;
        QTest::addRow("description twice")
            << QByteArray("Metadata-Version: 2.1\nName: a\nVersion: 1\nDescription: x\n\nbody\n") << u"SW200"_s;
        QTest::addRow("latin-1") << QByteArray("Metadata-Version: 2.1\nName: a\nVersion: 1\nAuthor: J\xe9r\xf4me\n")
                                 << u"SW201"_s;
    }

    void unparsableBytes()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, code);
        const Check::MetadataCheck check = Check::checkMetadataBytes(bytes, u"pkg-1.dist-info/METADATA"_s);
        QVERIFY(!check.metadata);
        QVERIFY2(hasCode(check.findings, code), qPrintable(describe(check.findings)));
        QVERIFY(check.findings.first().message.startsWith(u"pkg-1.dist-info/METADATA"_s));
    }

    // docs/check-codes.md has a row for every code, with the code's severity first.
    void docsDescribeEveryCode()
    {
        QFile file(QStringLiteral(SLIPWAY_SOURCE_DIR "/docs/check-codes.md"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        for (const Check::RuleInfo &info : Check::allRules()) {
            const QString row = u"| %1 | %2"_s.arg(info.code, Check::severityName(info.severity));
            QVERIFY2(text.contains(row), qPrintable(row));
        }
    }

    void catalogIsConsistent()
    {
        QSet<QString> codes;
        for (const Check::RuleInfo &info : Check::allRules()) {
            QVERIFY2(!codes.contains(info.code), qPrintable(info.code));
            codes.insert(info.code);
            QVERIFY(info.code.startsWith(u"SW"_s) && info.code.size() == 5);
            QVERIFY(!info.title.isEmpty());
            QVERIFY(!info.hint.isEmpty());
            QCOMPARE(Check::ruleInfo(info.rule).code, info.code);
            QVERIFY(!info.code.startsWith(u"SW3"_s)); // reserved for the project model
        }
    }
};

QTEST_GUILESS_MAIN(TestMetadataRules)
#include "testmetadatarules.moc"
