// SPDX-License-Identifier: GPL-3.0-or-later
// Markdown as PyPI renders it: cmark-gfm, comrak's heading anchors, readme_renderer's code
// blocks and "#anchor" rewriting, the sanitizer, and findings with source lines.
#include <QTest>

#include "core/readme/anchorizer.h"
#include "core/readme/markdown.h"
#include "core/readme/renderer.h"

using namespace Qt::StringLiterals;
using Readme::Finding;

namespace {

QStringList codesWithLines(const QList<Finding> &findings)
{
    QStringList result;
    for (const Finding &finding : findings) {
        result << Readme::codeName(finding.code) + u'@' + QString::number(finding.line);
    }
    return result;
}

} // namespace

class TestMarkdown final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anchorize_data();
    void anchorize();
    void toHtml_data();
    void toHtml();
    void findings_data();
    void findings();
    void renderedHtml_data();
    void renderedHtml();
    void emptyDescriptionIsRefused();
    void plainText();
    void tooLarge();
};

void TestMarkdown::anchorize_data()
{
    QTest::addColumn<QStringList>("headings");
    QTest::addColumn<QStringList>("ids");

    QTest::addRow("lower-cased") << QStringList{u"Stuff"_s} << QStringList{u"stuff"_s};
    QTest::addRow("duplicates") << QStringList{u"Stuff"_s, u"Stuff"_s, u"stuff"_s} << QStringList{u"stuff"_s, u"stuff-1"_s, u"stuff-2"_s};
    QTest::addRow("suffix collides") << QStringList{u"a"_s, u"a"_s, u"a-1"_s} << QStringList{u"a"_s, u"a-1"_s, u"a-1-1"_s};
    QTest::addRow("suffix taken first") << QStringList{u"a-1"_s, u"a"_s, u"a"_s} << QStringList{u"a-1"_s, u"a"_s, u"a-2"_s};
    QTest::addRow("apostrophe") << QStringList{u"Ticks aren't in"_s} << QStringList{u"ticks-arent-in"_s};
    QTest::addRow("punctuation") << QStringList{u"Hello, World!"_s} << QStringList{u"hello-world"_s};
    QTest::addRow("symbols keep their spaces") << QStringList{u"C++ & C#"_s} << QStringList{u"c--c"_s};
    QTest::addRow("underscore and hyphen kept") << QStringList{u"snake_case and kebab-case"_s}
                                                << QStringList{u"snake_case-and-kebab-case"_s};
    QTest::addRow("numbers") << QStringList{u"1. Introduction"_s} << QStringList{u"1-introduction"_s};
    QTest::addRow("accents") << QStringList{u"Über Größe"_s} << QStringList{u"über-größe"_s};
    QTest::addRow("cjk") << QStringList{u"日本語の説明"_s} << QStringList{u"日本語の説明"_s};
    QTest::addRow("emoji dropped") << QStringList{u"Party 🎉 time"_s} << QStringList{u"party--time"_s};
    QTest::addRow("combining mark kept") << QStringList{u"Cafe\u0301"_s} << QStringList{u"cafe\u0301"_s};
    QTest::addRow("empty") << QStringList{u""_s} << QStringList{u""_s};
}

void TestMarkdown::anchorize()
{
    QFETCH(QStringList, headings);
    QFETCH(QStringList, ids);
    Readme::Anchorizer anchorizer;
    QStringList result;
    for (const QString &heading : headings) {
        result << anchorizer.anchorize(heading);
    }
    QCOMPARE(result, ids);
}

void TestMarkdown::toHtml_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("html");

    QTest::addRow("atx heading") << "# Hello *World*"
                                 << "<h1><a href=\"#hello-world\" aria-hidden=\"true\" class=\"anchor\" "
                                    "id=\"user-content-hello-world\"></a>Hello <em>World</em></h1>\n";
    QTest::addRow("setext heading") << "Install\n-------"
                                    << "<h2><a href=\"#install\" aria-hidden=\"true\" class=\"anchor\" "
                                       "id=\"user-content-install\"></a>Install</h2>\n";
    QTest::addRow("heading text from code, links and images")
        << "### Use `pip` [here](https://x.example) ![logo](l.png)"
        << "<h3><a href=\"#use-pip-here-logo\" aria-hidden=\"true\" class=\"anchor\" "
           "id=\"user-content-use-pip-here-logo\"></a>Use <code>pip</code> <a href=\"https://x.example\">here</a> "
           "<img src=\"l.png\" alt=\"logo\" /></h3>\n";
    QTest::addRow("raw html ignored in heading text") << "## A <b>bold</b> move"
                                                      << "<h2><a href=\"#a-bold-move\" aria-hidden=\"true\" "
                                                         "class=\"anchor\" id=\"user-content-a-bold-move\"></a>A "
                                                         "<b>bold</b> move</h2>\n";
    QTest::addRow("duplicate headings") << "# A\n# A"
                                        << "<h1><a href=\"#a\" aria-hidden=\"true\" class=\"anchor\" "
                                           "id=\"user-content-a\"></a>A</h1>\n<h1><a href=\"#a-1\" "
                                           "aria-hidden=\"true\" class=\"anchor\" id=\"user-content-a-1\"></a>A</h1>\n";
    QTest::addRow("empty heading") << "#"
                                   << "<h1><a href=\"#\" aria-hidden=\"true\" class=\"anchor\" "
                                      "id=\"user-content-\"></a></h1>\n";
    QTest::addRow("python fence") << "```python\nprint(\"<hi>\")\n```"
                                  << "<pre lang=\"python3\">print(&quot;&lt;hi&gt;&quot;)\n</pre>\n";
    QTest::addRow("fence info words") << "```js extra words\nx\n```" << "<pre lang=\"js\">x\n</pre>\n";
    QTest::addRow("fence blank lines stripped") << "~~~~ text\n\n\nx\n\n~~~~" << "<pre lang=\"text\">x\n</pre>\n";
    QTest::addRow("fence of blank lines") << "```sh\n\n\n```" << "<pre lang=\"sh\">\n</pre>\n";
    QTest::addRow("empty fence keeps code") << "```rust\n```" << "<pre lang=\"rust\"><code></code></pre>\n";
    QTest::addRow("fence without language") << "```\nplain\n```" << "<pre><code>plain\n</code></pre>\n";
    QTest::addRow("indented code") << "    indented" << "<pre><code>indented\n</code></pre>\n";
    QTest::addRow("tagfilter") << "<script>alert(1)</script> <b>ok</b>"
                               << "&lt;script>alert(1)&lt;/script> <b>ok</b>\n";
    QTest::addRow("task list") << "- [ ] a\n- [x] b"
                               << "<ul>\n<li><input type=\"checkbox\" disabled=\"\" /> a</li>\n<li><input "
                                  "type=\"checkbox\" checked=\"\" disabled=\"\" /> b</li>\n</ul>\n";
    QTest::addRow("strikethrough and autolink") << "~~old~~ www.example.org"
                                                << "<p><del>old</del> <a "
                                                   "href=\"http://www.example.org\">www.example.org</a></p>\n";
}

void TestMarkdown::toHtml()
{
    QFETCH(QString, markdown);
    QFETCH(QString, html);
    QCOMPARE(Readme::Markdown::toHtml(markdown), html);
}

void TestMarkdown::findings_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QStringList>("findings");

    QTest::addRow("clean") << "# Title\n\nSome *text* and [a link](https://example.org).\n" << QStringList{};
    QTest::addRow("relative link") << "Intro\n\nSee [usage](docs/usage.md).\n"
                                   << QStringList{u"readme-relative-link@3"_s};
    QTest::addRow("reference link") << "See [usage][u].\n\n[u]: docs/usage.md\n"
                                    << QStringList{u"readme-relative-link@1"_s};
    QTest::addRow("relative image") << "x\n\n![shot](img/shot.png)\n" << QStringList{u"readme-relative-image@3"_s};
    QTest::addRow("http image in link") << "[![ci](http://ci.example/b.svg)](https://ci.example)\n"
                                        << QStringList{u"readme-insecure-image@1"_s};
    QTest::addRow("javascript link") << "a\n[x](javascript:alert(1))\n" << QStringList{u"readme-unsafe-url-removed@2"_s};
    QTest::addRow("attribute in html block") << "text\n\n<p align=\"center\" style=\"color: red\">\nhi\n</p>\n"
                                             << QStringList{u"readme-html-attribute-removed@3"_s};
    QTest::addRow("tag on a later line of a block") << "<div>\n\n<center>\nx\n</center>\n\n</div>\n"
                                                    << QStringList{u"readme-html-tag-removed@3"_s};
    QTest::addRow("multi-line html block") << "<div align=\"center\">\n  <img src=\"https://x/a.png\">\n  <font "
                                              "size=\"3\">x</font>\n</div>\n"
                                           << QStringList{u"readme-html-tag-removed@3"_s};
    QTest::addRow("inline html") << "a\nb\nc <kbd>k</kbd> <font>f</font>\n" << QStringList{u"readme-html-tag-removed@3"_s};
    QTest::addRow("tagfilter") << "x\n\n<script>alert(1)</script>\n" << QStringList{u"readme-html-tag-escaped@3"_s};
    QTest::addRow("tagfilter inline") << "x <iframe src=\"https://x\"></iframe>\n"
                                      << QStringList{u"readme-html-tag-escaped@1"_s};
    QTest::addRow("html in image description is alt text") << "![<font>x</font>](https://x/a.png)\n"
                                                            << QStringList{};
    QTest::addRow("anchor links and footnotes are fine") << "# Usage\n\n[go](#usage) a[^1]\n\n[^1]: note\n"
                                                         << QStringList{};
    QTest::addRow("sorted by line") << "<font>a</font>\n\n[b](b.md)\n\n<center>c</center>\n"
                                    << QStringList{u"readme-html-tag-removed@1"_s, u"readme-relative-link@3"_s,
                                                   u"readme-html-tag-removed@5"_s};
}

void TestMarkdown::findings()
{
    QFETCH(QString, markdown);
    QFETCH(QStringList, findings);
    const Readme::RenderResult result = Readme::renderMarkdown(markdown);
    QCOMPARE(codesWithLines(result.findings), findings);
    QVERIFY(result.verified);
    QVERIFY(!result.hasErrors());
    QVERIFY2(!result.html.contains(u"slipway-"_s), qPrintable(result.html));
}

void TestMarkdown::renderedHtml_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("html");

    QTest::addRow("heading anchor")
        << "# Usage"
        << "<h1><a href=\"#user-content-usage\" id=\"user-content-usage\" rel=\"nofollow\"></a>Usage</h1>\n";
    QTest::addRow("anchor link rewritten") << "[go](#usage)"
                                           << "<p><a href=\"#user-content-usage\" rel=\"nofollow\">go</a></p>\n";
    QTest::addRow("footnotes keep their links")
        << "a[^n]\n\n[^n]: note"
        << "<p>a<sup><a href=\"#fn-n\" id=\"fnref-n\" rel=\"nofollow\">1</a></sup></p>\n<section>\n<ol>\n<li "
           "id=\"fn-n\">\n<p>note <a href=\"#fnref-n\" rel=\"nofollow\">↩</a></p>\n</li>\n</ol>\n</section>\n";
    QTest::addRow("task list read-only") << "- [x] done"
                                         << "<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\"> "
                                            "done</li>\n</ul>\n";
    QTest::addRow("table alignment") << "| a | b |\n|:-:|--:|\n| 1 | 2 |"
                                     << "<table>\n<thead>\n<tr>\n<th align=\"center\">a</th>\n<th "
                                        "align=\"right\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td "
                                        "align=\"center\">1</td>\n<td align=\"right\">2</td>\n</tr>\n</tbody>\n"
                                        "</table>\n";
    QTest::addRow("image title dropped") << "![a](https://x.example/a.png \"T\")"
                                         << "<p><img src=\"https://x.example/a.png\" alt=\"a\"></p>\n";
    QTest::addRow("code block") << "```python\nif a < b: pass\n```"
                                << "<pre lang=\"python3\">if a &lt; b: pass\n</pre>\n";
    QTest::addRow("script shown as text") << "<script>x()</script>" << "&lt;script&gt;x()&lt;/script&gt;\n";
}

void TestMarkdown::renderedHtml()
{
    QFETCH(QString, markdown);
    QFETCH(QString, html);
    QCOMPARE(Readme::renderMarkdown(markdown).html, html);
}

void TestMarkdown::emptyDescriptionIsRefused()
{
    const Readme::RenderResult result = Readme::renderMarkdown(u"  \n\n \t\n"_s);
    QVERIFY(result.hasErrors());
    QCOMPARE(codesWithLines(result.findings), QStringList{u"readme-empty-rendering@0"_s});

    // A comment renders to something that the sanitizer empties: PyPI accepts that.
    const Readme::RenderResult comment = Readme::renderMarkdown(u"<!-- nothing to see -->"_s);
    QVERIFY(!comment.hasErrors());
    QCOMPARE(comment.html.trimmed(), QString());
}

void TestMarkdown::plainText()
{
    const Readme::RenderResult result = Readme::renderPlainText(u"a < b & \"c\"\nline2\r\nline3\u0000!"_s);
    QCOMPARE(result.html, u"<pre>a &lt; b &amp; \"c\"<br>line2\n<br>line3!</pre>"_s);
    QVERIFY(result.findings.isEmpty());
    QVERIFY(result.verified);
}

void TestMarkdown::tooLarge()
{
    const QString huge(Readme::maxSourceBytes + 1, u'a');
    for (const Readme::RenderResult &result : {Readme::renderMarkdown(huge), Readme::renderPlainText(huge)}) {
        QVERIFY(!result.verified);
        QVERIFY(result.html.isEmpty());
        QCOMPARE(codesWithLines(result.findings), QStringList{u"readme-too-large@0"_s});
    }
}

QTEST_GUILESS_MAIN(TestMarkdown)
#include "testmarkdown.moc"
