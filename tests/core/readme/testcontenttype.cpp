// SPDX-License-Identifier: GPL-3.0-or-later
// Description-Content-Type as packaging validates it and Warehouse picks the renderer.
#include <QTest>

#include "core/readme/contenttype.h"

using namespace Qt::StringLiterals;
using Readme::ContentType;
using Readme::Finding;
using Readme::Format;

Q_DECLARE_METATYPE(Readme::Format)

namespace {

QStringList codes(const QList<Finding> &findings)
{
    QStringList result;
    for (const Finding &finding : findings) {
        result << Readme::codeName(finding.code) + u':' + Readme::severityName(finding.severity);
    }
    return result;
}

} // namespace

class TestContentType final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void fromFileName_data();
    void fromFileName();
};

void TestContentType::parse_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<Format>("format");
    QTest::addColumn<bool>("recognized");
    QTest::addColumn<QString>("charset");
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QStringList>("findings");

    QTest::addRow("markdown") << "text/markdown" << Format::Markdown << true << "" << "" << QStringList{};
    QTest::addRow("rst") << "text/x-rst" << Format::ReStructuredText << true << "" << "" << QStringList{};
    QTest::addRow("plain") << "text/plain" << Format::PlainText << true << "" << "" << QStringList{};
    QTest::addRow("type is case-insensitive") << "Text/Markdown" << Format::Markdown << true << "" << ""
                                              << QStringList{};
    QTest::addRow("charset and variant") << "text/markdown; charset=UTF-8; variant=GFM" << Format::Markdown << true
                                         << "UTF-8" << "GFM" << QStringList{};
    QTest::addRow("quoted parameter") << "text/markdown; charset=\"UTF-8\"" << Format::Markdown << true << "UTF-8"
                                      << "" << QStringList{};
    QTest::addRow("no spaces") << "text/markdown;charset=UTF-8;variant=CommonMark" << Format::Markdown << true
                               << "UTF-8" << "CommonMark" << QStringList{u"readme-variant-ignored:warning"_s};
    QTest::addRow("missing") << "" << Format::ReStructuredText << true << "" << ""
                             << QStringList{u"readme-content-type-missing:warning"_s};
    QTest::addRow("blank") << "   " << Format::ReStructuredText << true << "" << ""
                           << QStringList{u"readme-content-type-missing:warning"_s};
    // packaging compares the charset and variant exactly.
    QTest::addRow("lower-case charset") << "text/markdown; charset=utf-8" << Format::Markdown << true << "utf-8" << ""
                                        << QStringList{u"readme-charset-unsupported:error"_s};
    QTest::addRow("latin-1") << "text/x-rst; charset=ISO-8859-1" << Format::ReStructuredText << true << "ISO-8859-1"
                             << "" << QStringList{u"readme-charset-unsupported:error"_s};
    QTest::addRow("lower-case variant") << "text/markdown; variant=gfm" << Format::Markdown << true << "" << "gfm"
                                        << QStringList{u"readme-variant-unknown:error"_s};
    QTest::addRow("unknown variant") << "text/markdown; variant=MultiMarkdown" << Format::Markdown << true << ""
                                     << "MultiMarkdown" << QStringList{u"readme-variant-unknown:error"_s};
    QTest::addRow("variant on rst is ignored") << "text/x-rst; variant=foo" << Format::ReStructuredText << true << ""
                                               << "foo" << QStringList{};
    QTest::addRow("html") << "text/html" << Format::PlainText << false << "" << ""
                          << QStringList{u"readme-content-type-unknown:error"_s};
    QTest::addRow("no subtype") << "markdown" << Format::PlainText << false << "" << ""
                                << QStringList{u"readme-content-type-malformed:error"_s};
    QTest::addRow("spaces around slash") << "text / markdown" << Format::PlainText << false << "" << ""
                                         << QStringList{u"readme-content-type-malformed:error"_s};
    QTest::addRow("parameter without value") << "text/markdown; GFM" << Format::Markdown << true << "" << ""
                                             << QStringList{u"readme-content-type-malformed:warning"_s};
}

void TestContentType::parse()
{
    QFETCH(QString, value);
    QFETCH(Format, format);
    QFETCH(bool, recognized);
    QFETCH(QString, charset);
    QFETCH(QString, variant);
    QFETCH(QStringList, findings);

    const ContentType type = ContentType::parse(value);
    QCOMPARE(type.format, format);
    QCOMPARE(type.recognized, recognized);
    QCOMPARE(type.charset, charset);
    QCOMPARE(type.variant, variant);
    QCOMPARE(codes(type.findings), findings);
    for (const Finding &finding : type.findings) {
        QVERIFY(!finding.message.isEmpty());
        QCOMPARE(finding.line, 0);
    }
}

void TestContentType::fromFileName_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<bool>("known");
    QTest::addColumn<Format>("format");

    QTest::addRow("md") << "README.md" << true << Format::Markdown;
    QTest::addRow("MD upper") << "README.MD" << true << Format::Markdown;
    QTest::addRow("markdown") << "docs/intro.markdown" << true << Format::Markdown;
    QTest::addRow("rst") << "README.rst" << true << Format::ReStructuredText;
    QTest::addRow("rest") << "README.rest" << true << Format::ReStructuredText;
    QTest::addRow("txt") << "README.txt" << true << Format::PlainText;
    QTest::addRow("none") << "README" << false << Format::PlainText;
    QTest::addRow("adoc") << "README.adoc" << false << Format::PlainText;
}

void TestContentType::fromFileName()
{
    QFETCH(QString, fileName);
    QFETCH(bool, known);
    QFETCH(Format, format);

    const auto type = ContentType::fromFileName(fileName);
    QCOMPARE(type.has_value(), known);
    if (known) {
        QCOMPARE(type->format, format);
        QVERIFY(type->findings.isEmpty());
    }
}

QTEST_APPLESS_MAIN(TestContentType)
#include "testcontenttype.moc"
