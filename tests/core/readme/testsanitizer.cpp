// SPDX-License-Identifier: GPL-3.0-or-later
// The HTML sanitizer: nh3 (ammonia) semantics with PyPI's allowlist, on gumbo.
#include <QTest>

#include "core/readme/sanitizer.h"
#include "core/readme/sourcemarkers.h"

using namespace Qt::StringLiterals;
using Readme::Finding;
using Readme::SanitizeOptions;
using Readme::UrlClass;

Q_DECLARE_METATYPE(Readme::UrlClass::Kind)

namespace {

QStringList codes(const QList<Finding> &findings)
{
    QStringList result;
    for (const Finding &finding : findings) {
        result << Readme::codeName(finding.code);
    }
    return result;
}

QStringList codesWithLines(const QList<Finding> &findings)
{
    QStringList result;
    for (const Finding &finding : findings) {
        result << Readme::codeName(finding.code) + u'@' + QString::number(finding.line);
    }
    return result;
}

QString marker(Readme::SourceMarkers::Kind kind, int line = 0)
{
    return QString::fromStdString(Readme::SourceMarkers::make("n0nce", kind, line));
}

} // namespace

class TestSanitizer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clean_data();
    void clean();
    void fragmentPrefix_data();
    void fragmentPrefix();
    void markersGiveLinesAndOrigin();
    void markersNeverShowAsText();
    void linkFindingsCanBeOff();
    void classifyUrl_data();
    void classifyUrl();
    void nestingDepth_data();
    void nestingDepth();
    void tooDeepIsRefusedNotParsed();
    void policyIsPypis();
};

void TestSanitizer::clean_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QStringList>("findings");

    const QStringList none;
    QTest::addRow("text is escaped") << "1 < 2 & 3 > 2" << "1 &lt; 2 &amp; 3 &gt; 2" << none;
    QTest::addRow("entities decoded and re-escaped") << "&lt;b&gt; &amp;amp; &quot;q&quot; &copy;"
                                                     << "&lt;b&gt; &amp;amp; \"q\" ©" << none;
    QTest::addRow("no-break space") << "a&nbsp;b" << "a&nbsp;b" << none;
    QTest::addRow("script dropped with content") << "an <script>evil()</script> example" << "an  example"
                                                 << QStringList{u"readme-html-content-removed"_s};
    QTest::addRow("style dropped with content") << "<style>p{color:red}</style>text" << "text"
                                                << QStringList{u"readme-html-content-removed"_s};
    QTest::addRow("template dropped with content") << "<template><b>x</b></template>y" << "y"
                                                   << QStringList{u"readme-html-content-removed"_s};
    QTest::addRow("disallowed tag keeps text") << "<center>hi <b>there</b></center>" << "hi <b>there</b>"
                                               << QStringList{u"readme-html-tag-removed"_s};
    QTest::addRow("font") << "<font color=\"red\">x</font>" << "x" << QStringList{u"readme-html-tag-removed"_s};
    QTest::addRow("custom element") << "<my-widget foo=\"1\">t</my-widget>" << "t"
                                    << QStringList{u"readme-html-tag-removed"_s};
    QTest::addRow("nested disallowed") << "<form action=\"/x\"><button>Go</button></form>" << "Go"
                                       << QStringList{u"readme-html-tag-removed"_s, u"readme-html-tag-removed"_s};
    QTest::addRow("s is not on the list") << "<s>old</s>" << "old" << QStringList{u"readme-html-tag-removed"_s};
    QTest::addRow("textarea content is text") << "<textarea><b>x</b></textarea>" << "&lt;b&gt;x&lt;/b&gt;"
                                              << QStringList{u"readme-html-tag-removed"_s};
    QTest::addRow("comment dropped silently") << "a<!-- c -->b" << "ab" << none;
    QTest::addRow("attributes filtered") << "<p style=\"x\" align=\"center\" class=\"c\" onclick=\"y\">t</p>"
                                         << "<p align=\"center\" class=\"c\">t</p>"
                                         << QStringList{u"readme-html-attribute-removed"_s,
                                                        u"readme-html-attribute-removed"_s};
    QTest::addRow("id allowed everywhere") << "<h2 id=\"x\" align=\"center\">T</h2><em id=\"e\">e</em>"
                                           << "<h2 id=\"x\" align=\"center\">T</h2><em id=\"e\">e</em>" << none;
    QTest::addRow("link gets nofollow") << "<a href=\"https://x.org/\" title=\"t\">x</a>"
                                        << "<a href=\"https://x.org/\" title=\"t\" rel=\"nofollow\">x</a>" << none;
    QTest::addRow("link rel and target replaced")
        << "<a href=\"https://x.org/\" target=\"_blank\" rel=\"noopener\">x</a>"
        << "<a href=\"https://x.org/\" rel=\"nofollow\">x</a>" << QStringList{u"readme-html-attribute-removed"_s};
    QTest::addRow("anchor without href") << "<a name=\"x\">x</a>" << "<a rel=\"nofollow\">x</a>"
                                         << QStringList{u"readme-html-attribute-removed"_s};
    QTest::addRow("javascript link") << "<a href=\"javascript:alert(1)\">x</a>" << "<a rel=\"nofollow\">x</a>"
                                     << QStringList{u"readme-unsafe-url-removed"_s};
    QTest::addRow("obfuscated javascript") << "<a href=\" JaVa&#x09;ScRiPt:alert(1)\">x</a>"
                                           << "<a rel=\"nofollow\">x</a>" << QStringList{u"readme-unsafe-url-removed"_s};
    QTest::addRow("data image") << "<img src=\"data:image/png;base64,AAAA\" alt=\"a\">" << "<img alt=\"a\">"
                                << QStringList{u"readme-unsafe-url-removed"_s};
    QTest::addRow("invalid http url") << "<a href=\"http://\">x</a>" << "<a rel=\"nofollow\">x</a>"
                                      << QStringList{u"readme-unsafe-url-removed"_s};
    QTest::addRow("mailto kept") << "<a href=\"mailto:a@b.example\">m</a>"
                                 << "<a href=\"mailto:a@b.example\" rel=\"nofollow\">m</a>" << none;
    QTest::addRow("upper-case scheme kept") << "<a href=\"HTTPS://EXAMPLE.org/\">x</a>"
                                            << "<a href=\"HTTPS://EXAMPLE.org/\" rel=\"nofollow\">x</a>" << none;
    QTest::addRow("relative link") << "<a href=\"docs/x.md\">d</a>" << "<a href=\"docs/x.md\" rel=\"nofollow\">d</a>"
                                   << QStringList{u"readme-relative-link"_s};
    QTest::addRow("empty link") << "<a href=\"\">d</a>" << "<a href=\"\" rel=\"nofollow\">d</a>"
                                << QStringList{u"readme-relative-link"_s};
    QTest::addRow("fragment link is fine") << "<a href=\"#usage\">u</a>"
                                           << "<a href=\"#usage\" rel=\"nofollow\">u</a>" << none;
    QTest::addRow("protocol-relative image is fine") << "<img src=\"//x.org/a.png\">" << "<img src=\"//x.org/a.png\">"
                                                     << none;
    QTest::addRow("relative image and handler") << "<img src=\"x.png\" onerror=\"alert(1)\">" << "<img src=\"x.png\">"
                                                << QStringList{u"readme-relative-image"_s,
                                                               u"readme-html-attribute-removed"_s};
    QTest::addRow("http image") << "<img src=\"http://x.org/a.png\" width=\"10\">"
                                << "<img src=\"http://x.org/a.png\" width=\"10\">"
                                << QStringList{u"readme-insecure-image"_s};
    QTest::addRow("checkbox forced disabled") << "<input type=\"checkbox\" checked>"
                                              << "<input type=\"checkbox\" checked=\"\" disabled=\"\">" << none;
    QTest::addRow("text input") << "<input type=\"text\" name=\"q\" value=\"v\">"
                                << "<input type=\"text\" disabled=\"\">"
                                << QStringList{u"readme-html-attribute-removed"_s, u"readme-html-attribute-removed"_s};
    QTest::addRow("svg is foreign") << "<svg><a href=\"https://x.org\">t</a><script>y()</script></svg>" << "t"
                                    << QStringList{u"readme-html-tag-removed"_s, u"readme-html-tag-removed"_s,
                                                   u"readme-html-content-removed"_s};
    QTest::addRow("unclosed tag closed") << "<b>bold" << "<b>bold</b>" << none;
    QTest::addRow("attribute escaping") << "<img alt='a \"q\" & <b>'>" << "<img alt=\"a &quot;q&quot; &amp; <b>\">"
                                        << none;
    QTest::addRow("pre keeps its leading newline") << "<pre>\n\nx</pre>" << "<pre>\n\nx</pre>" << none;
    QTest::addRow("parser-made tbody is kept silently") << "<table><tr><td>1</td></tr></table>"
                                                        << "<table><tbody><tr><td>1</td></tr></tbody></table>" << none;
    QTest::addRow("details") << "<details open><summary>S</summary>B</details>"
                             << "<details><summary>S</summary>B</details>"
                             << QStringList{u"readme-html-attribute-removed"_s};
    QTest::addRow("picture and figure") << "<picture><source srcset=\"a.webp\"><img src=\"https://x/a.png\" "
                                           "alt=\"a\"></picture><figure class=\"f\"><figcaption>c</figcaption></figure>"
                                        << "<picture><img src=\"https://x/a.png\" alt=\"a\"></picture><figure "
                                           "class=\"f\"><figcaption>c</figcaption></figure>"
                                        << QStringList{u"readme-html-tag-removed"_s};
    QTest::addRow("duplicate attribute keeps the first") << "<a href=\"https://a.example/\" href=\"https://b/\">x</a>"
                                                         << "<a href=\"https://a.example/\" rel=\"nofollow\">x</a>"
                                                         << none;
    QTest::addRow("NUL is dropped") << QStringLiteral("a\u0000b") << "ab" << none;
    QTest::addRow("empty") << "" << "" << none;
}

void TestSanitizer::clean()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QStringList, findings);

    const Readme::SanitizeResult result = Readme::sanitizeHtml(input);
    QCOMPARE(result.html, expected);
    QCOMPARE(codes(result.findings), findings);
    for (const Finding &finding : result.findings) {
        QCOMPARE(finding.line, 0);
        QVERIFY(!finding.message.isEmpty());
        QCOMPARE(finding.severity, Finding::Severity::Warning);
    }
    // Cleaning is idempotent: what comes out passes through unchanged and without findings.
    const Readme::SanitizeResult again = Readme::sanitizeHtml(result.html);
    QCOMPARE(again.html, result.html);
    for (const Finding &finding : again.findings) {
        QVERIFY2(finding.code == Finding::Code::RelativeLink || finding.code == Finding::Code::RelativeImage
                     || finding.code == Finding::Code::InsecureImage,
                 qPrintable(finding.message));
    }
}

void TestSanitizer::fragmentPrefix_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("href");

    QTest::addRow("plain fragment") << "<a href=\"#usage\">u</a>" << "#user-content-usage";
    QTest::addRow("already prefixed") << "<a href=\"#user-content-usage\">u</a>" << "#user-content-usage";
    QTest::addRow("footnote reference") << "<a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref>1</a>" << "#fn-1";
    QTest::addRow("footnote back reference")
        << "<a href=\"#fnref-1\" class=\"footnote-backref\" data-footnote-backref>r</a>" << "#fnref-1";
    QTest::addRow("bare hash") << "<a href=\"#\">top</a>" << "#";
    QTest::addRow("other page") << "<a href=\"other.html#x\">o</a>" << "other.html#x";
    QTest::addRow("absolute") << "<a href=\"https://x.org/#x\">o</a>" << "https://x.org/#x";
}

void TestSanitizer::fragmentPrefix()
{
    QFETCH(QString, input);
    QFETCH(QString, href);

    SanitizeOptions options;
    options.fragmentPrefix = QStringLiteral("user-content-");
    const QString html = Readme::sanitizeHtml(input, Readme::HtmlPolicy::pypi(), options).html;
    QVERIFY2(html.contains(QStringLiteral("href=\"%1\"").arg(href)), qPrintable(html));
}

void TestSanitizer::markersGiveLinesAndOrigin()
{
    using Kind = Readme::SourceMarkers::Kind;
    // What the Markdown renderer produces: generated markup (footnote classes) between markers
    // is not the author's and is not reported; raw HTML is, with its source line.
    const QString html = u"<p>x "_s + marker(Kind::BeginRaw, 5) + u"<span style=\"a\">"_s + marker(Kind::EndRaw)
        + u"y</span></p>\n"_s + marker(Kind::BeginRaw, 10) + u"<div>\n<p>\n<font>x</font></p></div>"_s
        + marker(Kind::EndRaw) + u"\n<p>"_s + marker(Kind::Point, 14) + u"<a href=\"docs/a.md\">a</a></p>\n"_s
        + u"<section class=\"footnotes\" data-footnotes><ol><li id=\"fn-1\"><a href=\"#fnref-1\" "
          "class=\"footnote-backref\" data-footnote-backref aria-label=\"Back\">r</a></li></ol></section>"_s;
    SanitizeOptions options;
    options.markerNonce = QStringLiteral("n0nce");
    const Readme::SanitizeResult result = Readme::sanitizeHtml(html, Readme::HtmlPolicy::pypi(), options);
    QCOMPARE(codesWithLines(result.findings),
             (QStringList{u"readme-html-attribute-removed@5"_s, u"readme-html-tag-removed@12"_s,
                          u"readme-relative-link@14"_s}));
    QVERIFY(!result.html.contains(u"slipway"_s));
    QVERIFY(result.html.contains(u"<section><ol><li id=\"fn-1\"><a href=\"#fnref-1\" rel=\"nofollow\">r</a>"_s));
}

void TestSanitizer::markersNeverShowAsText()
{
    using Kind = Readme::SourceMarkers::Kind;
    // An element whose content is raw text swallows the markers that follow it.
    const QString html = marker(Kind::BeginRaw, 1) + u"<xmp>"_s + marker(Kind::EndRaw) + u"a"_s
        + marker(Kind::BeginRaw, 1) + u"</xmp>"_s + marker(Kind::EndRaw);
    SanitizeOptions options;
    options.markerNonce = QStringLiteral("n0nce");
    const Readme::SanitizeResult result = Readme::sanitizeHtml(html, Readme::HtmlPolicy::pypi(), options);
    QCOMPARE(result.html, u"a"_s);

    // An attribute value left open swallows the markers too.
    const QString open = marker(Kind::BeginRaw, 1) + u"<div id=\"x"_s + marker(Kind::EndRaw) + u"\n<p>y</p>"_s
        + marker(Kind::BeginRaw, 3) + u"\">z</div>"_s + marker(Kind::EndRaw);
    const Readme::SanitizeResult swallowed = Readme::sanitizeHtml(open, Readme::HtmlPolicy::pypi(), options);
    QCOMPARE(swallowed.html, u"<div id=\"x\n<p>y</p>\">z</div>"_s);
}

void TestSanitizer::linkFindingsCanBeOff()
{
    SanitizeOptions options;
    options.reportMarkup = false;
    options.reportLinks = false;
    const auto result = Readme::sanitizeHtml(u"<p style=\"x\"><a href=\"a.md\">a</a><img src=\"http://x/a\"></p>"_s,
                                             Readme::HtmlPolicy::pypi(), options);
    QVERIFY(result.findings.isEmpty());
    QCOMPARE(result.html, u"<p><a href=\"a.md\" rel=\"nofollow\">a</a><img src=\"http://x/a\"></p>"_s);
}

void TestSanitizer::classifyUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<UrlClass::Kind>("kind");
    QTest::addColumn<QString>("scheme");

    using Kind = UrlClass::Kind;
    QTest::addRow("https") << "https://example.org/a?b#c" << Kind::Absolute << "https";
    QTest::addRow("http with port") << "http://example.org:8080/" << Kind::Absolute << "http";
    QTest::addRow("userinfo") << "https://user:pw@example.org/" << Kind::Absolute << "https";
    QTest::addRow("ipv6") << "http://[::1]:80/" << Kind::Absolute << "http";
    QTest::addRow("upper case") << "HTTPS://X.ORG" << Kind::Absolute << "https";
    QTest::addRow("mailto") << "mailto:someone@example.org" << Kind::Absolute << "mailto";
    QTest::addRow("javascript") << "javascript:alert(1)" << Kind::Absolute << "javascript";
    QTest::addRow("leading space and tab") << " \tjava\tscript:alert(1)" << Kind::Absolute << "javascript";
    QTest::addRow("newline in scheme") << "java\nscript:x" << Kind::Absolute << "javascript";
    QTest::addRow("data") << "data:text/html,x" << Kind::Absolute << "data";
    QTest::addRow("drive letter") << "c:\\x" << Kind::Absolute << "c";
    QTest::addRow("fragment") << "#usage" << Kind::Relative << "";
    QTest::addRow("path") << "docs/usage.md" << Kind::Relative << "";
    QTest::addRow("absolute path") << "/docs" << Kind::Relative << "";
    QTest::addRow("protocol-relative") << "//cdn.example.org/a.png" << Kind::Relative << "";
    QTest::addRow("colon later") << "./a:b" << Kind::Relative << "";
    QTest::addRow("empty") << "" << Kind::Relative << "";
    QTest::addRow("empty host") << "http://" << Kind::Invalid << "http";
    QTest::addRow("space in host") << "https://exa mple.org/" << Kind::Invalid << "https";
    QTest::addRow("bad port") << "https://example.org:99999/" << Kind::Invalid << "https";
    QTest::addRow("unclosed ipv6") << "http://[::1/" << Kind::Invalid << "http";
}

void TestSanitizer::classifyUrl()
{
    QFETCH(QString, url);
    QFETCH(UrlClass::Kind, kind);
    QFETCH(QString, scheme);

    const UrlClass result = Readme::classifyUrl(url);
    QCOMPARE(result.kind, kind);
    QCOMPARE(result.scheme, scheme);
}

void TestSanitizer::nestingDepth_data()
{
    QTest::addColumn<QByteArray>("html");
    QTest::addColumn<int>("depth");

    QTest::addRow("flat") << QByteArray("<p>a</p><p>b</p>") << 1;
    QTest::addRow("nested") << QByteArray("<div><div><b>x</b></div></div>") << 3;
    QTest::addRow("void and self-closed") << QByteArray("<p><br><img src=x><hr/><x-y/></p>") << 1;
    QTest::addRow("implied end") << QByteArray("<ul><li>a<li>b<li>c</ul>") << 2;
    QTest::addRow("table cells") << QByteArray("<table><tr><td>a<td>b<th>c</table>") << 3;
    QTest::addRow("comment and quoted >") << QByteArray("<!-- <div><div> --><a title='>'><b>x</b></a>") << 2;
    QTest::addRow("unclosed") << QByteArray("<div><div><div>") << 3;
    QTest::addRow("text only") << QByteArray("1 < 2 and 3 > 2") << 0;
}

void TestSanitizer::nestingDepth()
{
    QFETCH(QByteArray, html);
    QFETCH(int, depth);
    QCOMPARE(Readme::estimateNestingDepth(html), depth);
}

void TestSanitizer::tooDeepIsRefusedNotParsed()
{
    const QString deep = QStringLiteral("<div>").repeated(100000) + QStringLiteral("x");
    const Readme::SanitizeResult result = Readme::sanitizeHtml(deep);
    QVERIFY(result.html.isEmpty());
    QCOMPARE(codes(result.findings), QStringList{u"readme-html-too-deep"_s});
    QCOMPARE(result.findings.first().severity, Finding::Severity::Error);

    // Within the limit it is parsed and cleaned.
    const QString fine = QStringLiteral("<div>").repeated(1000) + QStringLiteral("x");
    const QString cleaned = Readme::sanitizeHtml(fine).html;
    QCOMPARE(cleaned, fine + QStringLiteral("</div>").repeated(1000));
}

void TestSanitizer::policyIsPypis()
{
    const Readme::HtmlPolicy &policy = Readme::HtmlPolicy::pypi();
    QCOMPARE(policy.urlSchemes, (QSet<QString>{u"http"_s, u"https"_s, u"mailto"_s}));
    QCOMPARE(policy.linkRel, u"nofollow"_s);
    QVERIFY(policy.allowsAttribute(u"pre"_s, u"lang"_s));
    QVERIFY(policy.allowsAttribute(u"td"_s, u"colspan"_s));
    QVERIFY(policy.allowsAttribute(u"blockquote"_s, u"id"_s));
    QVERIFY(!policy.allowsAttribute(u"td"_s, u"class"_s));
    QVERIFY(!policy.allowsAttribute(u"img"_s, u"title"_s));
    QVERIFY(!policy.tags.contains(u"iframe"_s));
    QCOMPARE(policy.tags.size(), 53);
}

QTEST_APPLESS_MAIN(TestSanitizer)
#include "testsanitizer.moc"
