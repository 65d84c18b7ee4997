// SPDX-License-Identifier: GPL-3.0-or-later
// Simple API parsing (PEP 503 HTML, PEP 691 JSON) without a network.
#include <QTest>
#include <QTimeZone>

#include "core/index/simpleapi.h"

using namespace Index;

namespace {

const QUrl pageUrl(QStringLiteral("https://index.example/simple/demo-pkg/"));
const QByteArray sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

} // namespace

// The error message of a failed result, for test output (never touches error() of a value).
template<typename Expected>
QString errorOf(const Expected &result)
{
    return result.has_value() ? QString() : result.error().message;
}

class TestSimpleApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void projectUrl_data();
    void projectUrl();
    void acceptHeaderPrefersJson();
    void formatOfContentType_data();
    void formatOfContentType();
    void splitHashFragment_data();
    void splitHashFragment();

    void jsonPage();
    void jsonFileFields_data();
    void jsonFileFields();
    void jsonErrors_data();
    void jsonErrors();

    void htmlPage();
    void htmlLinks_data();
    void htmlLinks();
    void htmlIsParsedTolerantly_data();
    void htmlIsParsedTolerantly();
    void htmlErrors_data();
    void htmlErrors();
    void deeplyNestedHtmlIsRefused_data();
    void deeplyNestedHtmlIsRefused();
    void wideFlatPagesAreFine();

    void parseProjectPageDispatches_data();
    void parseProjectPageDispatches();
    void projectList_data();
    void projectList();
};

void TestSimpleApi::projectUrl_data()
{
    QTest::addColumn<QString>("index");
    QTest::addColumn<QString>("project");
    QTest::addColumn<QString>("expected");
    QTest::addRow("normalized") << QStringLiteral("https://pypi.org/simple/") << QStringLiteral("demo")
                                << QStringLiteral("https://pypi.org/simple/demo/");
    QTest::addRow("needs normalizing") << QStringLiteral("https://pypi.org/simple/") << QStringLiteral("Foo.Bar__baz")
                                       << QStringLiteral("https://pypi.org/simple/foo-bar-baz/");
    QTest::addRow("no trailing slash") << QStringLiteral("https://gitlab.example/api/v4/projects/7/packages/pypi/simple")
                                       << QStringLiteral("Demo") << QStringLiteral("https://gitlab.example/api/v4/projects/7/packages/pypi/simple/demo/");
    QTest::addRow("query dropped") << QStringLiteral("http://127.0.0.1:8080/simple/?x=1") << QStringLiteral("demo")
                                   << QStringLiteral("http://127.0.0.1:8080/simple/demo/");
    QTest::addRow("invalid name") << QStringLiteral("https://pypi.org/simple/") << QStringLiteral("../etc") << QString();
    QTest::addRow("empty name") << QStringLiteral("https://pypi.org/simple/") << QString() << QString();
}

void TestSimpleApi::projectUrl()
{
    QFETCH(QString, index);
    QFETCH(QString, project);
    QFETCH(QString, expected);
    const QUrl url = SimpleApi::projectUrl(QUrl(index), project);
    if (expected.isEmpty()) {
        QVERIFY(!url.isValid() || url.isEmpty());
    } else {
        QCOMPARE(url.toString(), expected);
    }
}

void TestSimpleApi::acceptHeaderPrefersJson()
{
    const QByteArray accept = SimpleApi::acceptHeader();
    QVERIFY(accept.startsWith("application/vnd.pypi.simple.v1+json,"));
    QVERIFY(accept.contains("application/vnd.pypi.simple.v1+html;q=0.2"));
    QVERIFY(accept.contains("text/html;q=0.01"));
}

void TestSimpleApi::formatOfContentType_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("format"); // -1: none
    QTest::addRow("json") << QByteArray("application/vnd.pypi.simple.v1+json") << int(PageFormat::Json);
    QTest::addRow("latest json") << QByteArray("application/vnd.pypi.simple.latest+json") << int(PageFormat::Json);
    QTest::addRow("plain json") << QByteArray("application/json; charset=utf-8") << int(PageFormat::Json);
    QTest::addRow("v1 html") << QByteArray("application/vnd.pypi.simple.v1+html") << int(PageFormat::Html);
    QTest::addRow("text html") << QByteArray("Text/HTML; charset=utf-8") << int(PageFormat::Html);
    QTest::addRow("v2 json") << QByteArray("application/vnd.pypi.simple.v2+json") << -1;
    QTest::addRow("empty") << QByteArray() << -1;
}

void TestSimpleApi::formatOfContentType()
{
    QFETCH(QByteArray, contentType);
    QFETCH(int, format);
    const auto result = SimpleApi::formatOfContentType(contentType);
    QCOMPARE(result ? int(*result) : -1, format);
}

void TestSimpleApi::splitHashFragment_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("bare");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addRow("sha256") << QStringLiteral("https://f.example/a.whl#sha256=ABCdef") << QStringLiteral("https://f.example/a.whl")
                            << QStringLiteral("sha256") << QStringLiteral("abcdef");
    QTest::addRow("upper name") << QStringLiteral("https://f.example/a.whl#SHA512=00") << QStringLiteral("https://f.example/a.whl")
                                << QStringLiteral("sha512") << QStringLiteral("00");
    QTest::addRow("no fragment") << QStringLiteral("https://f.example/a.whl") << QStringLiteral("https://f.example/a.whl")
                                 << QString() << QString();
    QTest::addRow("not hex") << QStringLiteral("https://f.example/a.whl#sha256=xyz") << QStringLiteral("https://f.example/a.whl")
                             << QString() << QString();
    QTest::addRow("no equals") << QStringLiteral("https://f.example/a.whl#egg=x") << QStringLiteral("https://f.example/a.whl")
                               << QString() << QString();
    QTest::addRow("bad name") << QStringLiteral("https://f.example/a.whl#sha-256=00") << QStringLiteral("https://f.example/a.whl")
                              << QString() << QString();
}

void TestSimpleApi::splitHashFragment()
{
    QFETCH(QString, url);
    QFETCH(QString, bare);
    QFETCH(QString, name);
    QFETCH(QString, value);
    const SimpleApi::HashedUrl split = SimpleApi::splitHashFragment(QUrl(url));
    QCOMPARE(split.url.toString(), bare);
    QCOMPARE(split.hashName, name);
    QCOMPARE(split.hashValue, value);
}

// --- JSON ---------------------------------------------------------------------------------

void TestSimpleApi::jsonPage()
{
    const QByteArray body = R"({
      "meta": {"api-version": "1.1", "_last-serial": 42},
      "name": "demo-pkg",
      "versions": ["1.0", "1.1"],
      "files": [
        {"filename": "demo_pkg-1.0.tar.gz", "url": "https://files.example/demo_pkg-1.0.tar.gz",
         "hashes": {"sha256": ")" + sha.toUpper() + R"(", "blake2b_256": "aa"},
         "requires-python": ">=3.8", "size": 1234, "upload-time": "2024-05-01T12:34:56.789012Z",
         "yanked": false, "core-metadata": {"sha256": "00"}},
        {"filename": "demo_pkg-1.1-py3-none-any.whl", "url": "../../files/demo_pkg-1.1-py3-none-any.whl",
         "hashes": {}, "yanked": "broken wheel", "dist-info-metadata": true}
      ]})";
    const auto page = SimpleApi::parseProjectJson(body, pageUrl);
    QVERIFY2(page.has_value(), qPrintable(errorOf(page)));
    QVERIFY(page->found);
    QCOMPARE(page->format, PageFormat::Json);
    QCOMPARE(page->apiVersion, QStringLiteral("1.1"));
    QCOMPARE(page->name, QStringLiteral("demo-pkg"));
    QCOMPARE(page->versions, (QStringList{QStringLiteral("1.0"), QStringLiteral("1.1")}));
    QCOMPARE(page->files.size(), 2);
    const DistributionFile &sdist = page->files[0];
    QCOMPARE(sdist.filename, QStringLiteral("demo_pkg-1.0.tar.gz"));
    QCOMPARE(sdist.url, QUrl(QStringLiteral("https://files.example/demo_pkg-1.0.tar.gz")));
    QCOMPARE(sdist.sha256(), QString::fromLatin1(sha));
    QCOMPARE(sdist.hashes.value(QStringLiteral("blake2b_256")), QStringLiteral("aa"));
    QCOMPARE(sdist.requiresPython, QStringLiteral(">=3.8"));
    QCOMPARE(sdist.size, std::optional<qint64>(1234));
    QVERIFY(sdist.uploadTime.has_value());
    QCOMPARE(sdist.uploadTime->toUTC(), QDateTime(QDate(2024, 5, 1), QTime(12, 34, 56, 789), QTimeZone::utc()));
    QVERIFY(!sdist.yanked);
    QVERIFY(sdist.hasCoreMetadata);
    const DistributionFile &wheel = page->files[1];
    QCOMPARE(wheel.url, QUrl(QStringLiteral("https://index.example/files/demo_pkg-1.1-py3-none-any.whl")));
    QVERIFY(wheel.hashes.isEmpty());
    QVERIFY(wheel.yanked);
    QCOMPARE(wheel.yankedReason, QStringLiteral("broken wheel"));
    QVERIFY(!wheel.size.has_value());
    QVERIFY(!wheel.uploadTime.has_value());
    QVERIFY(wheel.hasCoreMetadata);
    QCOMPARE(page->file(QStringLiteral("demo_pkg-1.0.tar.gz"))->size, std::optional<qint64>(1234));
    QVERIFY(!page->file(QStringLiteral("missing.whl")).has_value());
}

void TestSimpleApi::jsonFileFields_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<bool>("yanked");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<qint64>("size"); // -1: none
    QTest::addColumn<QString>("requiresPython");
    QTest::addRow("yanked true") << QByteArray(R"("yanked": true)") << true << QString() << qint64(-1) << QString();
    QTest::addRow("empty reason is not a yank") << QByteArray(R"("yanked": "")") << false << QString() << qint64(-1) << QString();
    QTest::addRow("yanked number ignored") << QByteArray(R"("yanked": 1)") << false << QString() << qint64(-1) << QString();
    QTest::addRow("size zero") << QByteArray(R"("size": 0)") << false << QString() << qint64(0) << QString();
    QTest::addRow("negative size ignored") << QByteArray(R"("size": -5)") << false << QString() << qint64(-1) << QString();
    QTest::addRow("fractional size ignored") << QByteArray(R"("size": 1.5)") << false << QString() << qint64(-1) << QString();
    QTest::addRow("size as text ignored") << QByteArray(R"("size": "12")") << false << QString() << qint64(-1) << QString();
    QTest::addRow("requires-python null") << QByteArray(R"("requires-python": null)") << false << QString() << qint64(-1)
                                          << QString();
    QTest::addRow("requires-python spaces") << QByteArray(R"("requires-python": " >=3.9 ")") << false << QString()
                                            << qint64(-1) << QStringLiteral(">=3.9");
    QTest::addRow("upload time garbage") << QByteArray(R"("upload-time": "yesterday")") << false << QString() << qint64(-1)
                                         << QString();
}

void TestSimpleApi::jsonFileFields()
{
    QFETCH(QByteArray, fields);
    QFETCH(bool, yanked);
    QFETCH(QString, reason);
    QFETCH(qint64, size);
    QFETCH(QString, requiresPython);
    const QByteArray body = R"({"meta": {"api-version": "1.0"}, "name": "demo", "files": [{"filename": "demo-1.0.tar.gz",
        "url": "demo-1.0.tar.gz", "hashes": {"sha256": ")" + sha + R"("}, )" + fields + "}]}";
    const auto page = SimpleApi::parseProjectJson(body, pageUrl);
    QVERIFY2(page.has_value(), qPrintable(errorOf(page)));
    const DistributionFile &file = page->files.first();
    QCOMPARE(file.yanked, yanked);
    QCOMPARE(file.yankedReason, reason);
    QCOMPARE(file.size ? *file.size : qint64(-1), size);
    QCOMPARE(file.requiresPython, requiresPython);
    QCOMPARE(file.url, QUrl(QStringLiteral("https://index.example/simple/demo-pkg/demo-1.0.tar.gz")));
}

void TestSimpleApi::jsonErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const int invalid = int(IndexError::Code::InvalidResponse);
    QTest::addRow("not json") << QByteArray("<html>") << invalid << QStringLiteral("cannot be read");
    QTest::addRow("array") << QByteArray("[]") << invalid << QStringLiteral("not an object");
    QTest::addRow("no meta") << QByteArray(R"({"name": "x", "files": []})") << invalid << QStringLiteral("meta.api-version");
    QTest::addRow("version as number") << QByteArray(R"({"meta": {"api-version": 1.0}, "files": []})") << invalid
                                       << QStringLiteral("meta.api-version");
    QTest::addRow("unreadable version") << QByteArray(R"({"meta": {"api-version": "one"}, "files": []})") << invalid
                                        << QStringLiteral("unreadable API version");
    QTest::addRow("major 2") << QByteArray(R"({"meta": {"api-version": "2.0"}, "files": []})")
                             << int(IndexError::Code::UnsupportedApiVersion) << QStringLiteral("version 2.0");
    QTest::addRow("no files") << QByteArray(R"({"meta": {"api-version": "1.0"}, "name": "x"})") << invalid
                              << QStringLiteral("without a list of files");
    QTest::addRow("file without hashes")
        << QByteArray(R"({"meta": {"api-version": "1.0"}, "files": [{"filename": "a.whl", "url": "a.whl"}]})") << invalid
        << QStringLiteral("file 1 without a filename, URL or hashes");
    QTest::addRow("file without name")
        << QByteArray(R"({"meta": {"api-version": "1.0"}, "files": [{"url": "a.whl", "hashes": {}}]})") << invalid
        << QStringLiteral("without a filename");
    QTest::addRow("file not an object") << QByteArray(R"({"meta": {"api-version": "1.0"}, "files": [7]})") << invalid
                                        << QStringLiteral("file 1");
}

void TestSimpleApi::jsonErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(int, code);
    QFETCH(QString, message);
    const auto page = SimpleApi::parseProjectJson(body, pageUrl);
    QVERIFY(!page.has_value());
    QCOMPARE(int(page.error().code), code);
    QVERIFY2(page.error().message.contains(message), qPrintable(page.error().message));
    QVERIFY(page.error().message.contains(pageUrl.toString()));
}

// --- HTML ---------------------------------------------------------------------------------

void TestSimpleApi::htmlPage()
{
    const QByteArray body = R"(<!DOCTYPE html>
<html>
  <head>
    <meta name="pypi:repository-version" content="1.1">
    <title>Links for demo-pkg</title>
  </head>
  <body>
    <h1>Links for demo-pkg</h1>
    <a href="https://files.example/demo_pkg-1.0.tar.gz#sha256=)" + sha + R"(" data-requires-python="&gt;=3.8">demo_pkg-1.0.tar.gz</a><br />
    <a href="../../files/demo_pkg-1.1-py3-none-any.whl#sha256=)" + sha + R"(" data-yanked="bad &amp; broken" data-core-metadata="sha256=00">demo_pkg-1.1-py3-none-any.whl</a><br />
    <a href="/files/demo_pkg-1.2.tar.gz" data-yanked>demo_pkg-1.2.tar.gz</a>
  </body>
</html>)";
    const auto page = SimpleApi::parseProjectHtml(body, pageUrl);
    QVERIFY2(page.has_value(), qPrintable(errorOf(page)));
    QVERIFY(page->found);
    QCOMPARE(page->format, PageFormat::Html);
    QCOMPARE(page->apiVersion, QStringLiteral("1.1"));
    QCOMPARE(page->files.size(), 3);
    QCOMPARE(page->files[0].filename, QStringLiteral("demo_pkg-1.0.tar.gz"));
    QCOMPARE(page->files[0].url, QUrl(QStringLiteral("https://files.example/demo_pkg-1.0.tar.gz")));
    QCOMPARE(page->files[0].sha256(), QString::fromLatin1(sha));
    QCOMPARE(page->files[0].requiresPython, QStringLiteral(">=3.8"));
    QVERIFY(!page->files[0].yanked);
    QVERIFY(!page->files[0].hasCoreMetadata);
    QCOMPARE(page->files[1].url, QUrl(QStringLiteral("https://index.example/files/demo_pkg-1.1-py3-none-any.whl")));
    QVERIFY(page->files[1].yanked);
    QCOMPARE(page->files[1].yankedReason, QStringLiteral("bad & broken"));
    QVERIFY(page->files[1].hasCoreMetadata);
    QCOMPARE(page->files[2].url, QUrl(QStringLiteral("https://index.example/files/demo_pkg-1.2.tar.gz")));
    QVERIFY(page->files[2].yanked);
    QCOMPARE(page->files[2].yankedReason, QString());
    QVERIFY(page->files[2].hashes.isEmpty());
    QVERIFY(!page->files[2].size.has_value());
}

void TestSimpleApi::htmlLinks_data()
{
    QTest::addColumn<QByteArray>("html");
    QTest::addColumn<QString>("filename");
    QTest::addColumn<QString>("url");
    QTest::addRow("text with markup") << QByteArray("<a href='x.whl'><b>demo</b>-1.0.tar.gz</a>") << QStringLiteral("demo-1.0.tar.gz")
                                      << QStringLiteral("https://index.example/simple/demo-pkg/x.whl");
    QTest::addRow("empty text uses the URL") << QByteArray("<a href='/f/demo-1.0.tar.gz#sha256=00'></a>")
                                             << QStringLiteral("demo-1.0.tar.gz") << QStringLiteral("https://index.example/f/demo-1.0.tar.gz");
    QTest::addRow("whitespace around text") << QByteArray("<a href='a.whl'>\n   a.whl \n</a>") << QStringLiteral("a.whl")
                                            << QStringLiteral("https://index.example/simple/demo-pkg/a.whl");
    QTest::addRow("base href") << QByteArray("<html><head><base href='https://cdn.example/packages/'></head><body>"
                                             "<a href='a.whl'>a.whl</a></body></html>")
                               << QStringLiteral("a.whl") << QStringLiteral("https://cdn.example/packages/a.whl");
    QTest::addRow("relative base href") << QByteArray("<base href='../../pkgs/'><a href='a.whl'>a.whl</a>")
                                        << QStringLiteral("a.whl") << QStringLiteral("https://index.example/pkgs/a.whl");
    QTest::addRow("entities in href") << QByteArray("<a href='a.whl?x=1&amp;y=2'>a.whl</a>") << QStringLiteral("a.whl")
                                      << QStringLiteral("https://index.example/simple/demo-pkg/a.whl?x=1&y=2");
    QTest::addRow("uppercase tags") << QByteArray("<A HREF='A.whl'>A.whl</A>") << QStringLiteral("A.whl")
                                    << QStringLiteral("https://index.example/simple/demo-pkg/A.whl");
    QTest::addRow("percent-encoded") << QByteArray("<a href='demo-1.0%2Blocal.tar.gz'>demo-1.0+local.tar.gz</a>")
                                     << QStringLiteral("demo-1.0+local.tar.gz")
                                     << QStringLiteral("https://index.example/simple/demo-pkg/demo-1.0%2Blocal.tar.gz");
}

void TestSimpleApi::htmlLinks()
{
    QFETCH(QByteArray, html);
    QFETCH(QString, filename);
    QFETCH(QString, url);
    const auto page = SimpleApi::parseProjectHtml(html, pageUrl);
    QVERIFY2(page.has_value(), qPrintable(errorOf(page)));
    QCOMPARE(page->files.size(), 1);
    QCOMPARE(page->files.first().filename, filename);
    QCOMPARE(page->files.first().url.toString(QUrl::FullyEncoded), QUrl(url).toString(QUrl::FullyEncoded));
    QCOMPARE(page->apiVersion, QStringLiteral("1.0"));
}

void TestSimpleApi::htmlIsParsedTolerantly_data()
{
    QTest::addColumn<QByteArray>("html");
    QTest::addColumn<int>("files");
    QTest::addRow("unclosed tags") << QByteArray("<html><body><a href='a.whl'>a.whl<a href='b.whl'>b.whl") << 2;
    QTest::addRow("no html at all") << QByteArray("<a href=a.whl>a.whl</a><a href=b.whl>b.whl</a>") << 2;
    QTest::addRow("anchor without href") << QByteArray("<a name='top'>top</a><a href='a.whl'>a.whl</a>") << 1;
    QTest::addRow("empty href") << QByteArray("<a href=''>nothing</a><a href='a.whl'>a.whl</a>") << 1;
    QTest::addRow("comments and scripts") << QByteArray("<!-- <a href='no.whl'>no</a> --><script>var a='<a href=x>';</script>"
                                                        "<a href='a.whl'>a.whl</a>")
                                          << 1;
    QTest::addRow("nul bytes") << QByteArray("<a href='a.whl'>a\0.whl</a>", 26) << 1;
    QTest::addRow("invalid utf-8") << QByteArray("<a href='a.whl'>a\xff\xfe.whl</a>") << 1;
    QTest::addRow("empty document") << QByteArray() << 0;
    QTest::addRow("only text") << QByteArray("nothing to see") << 0;
}

void TestSimpleApi::htmlIsParsedTolerantly()
{
    QFETCH(QByteArray, html);
    QFETCH(int, files);
    const auto page = SimpleApi::parseProjectHtml(html, pageUrl);
    QVERIFY2(page.has_value(), qPrintable(errorOf(page)));
    QCOMPARE(page->files.size(), files);
}

void TestSimpleApi::htmlErrors_data()
{
    QTest::addColumn<QByteArray>("html");
    QTest::addColumn<int>("code");
    QTest::addRow("major version 2") << QByteArray("<meta name='pypi:repository-version' content='2.0'><a href='a'>a</a>")
                                     << int(IndexError::Code::UnsupportedApiVersion);
    QTest::addRow("unreadable version") << QByteArray("<meta name='pypi:repository-version' content='x'>")
                                        << int(IndexError::Code::InvalidResponse);
    QTest::addRow("too large") << QByteArray(33 * 1024 * 1024, ' ') << int(IndexError::Code::ResponseTooLarge);
}

void TestSimpleApi::htmlErrors()
{
    QFETCH(QByteArray, html);
    QFETCH(int, code);
    const auto page = SimpleApi::parseProjectHtml(html, pageUrl);
    QVERIFY(!page.has_value());
    QCOMPARE(int(page.error().code), code);
    QCOMPARE(page.error().url, pageUrl);
}

void TestSimpleApi::deeplyNestedHtmlIsRefused_data()
{
    QTest::addColumn<QByteArray>("open");
    QTest::addRow("divs") << QByteArray("<div>");
    QTest::addRow("distinct formatting elements") << QByteArray("<b class=x>t");
    QTest::addRow("unclosed anchors in spans") << QByteArray("<span><a href=x>");
    QTest::addRow("nested lists") << QByteArray("<li><ul>");
    QTest::addRow("paragraphs in sections") << QByteArray("<p><section>");
}

void TestSimpleApi::deeplyNestedHtmlIsRefused()
{
    // Gumbo's tree building is quadratic in the depth; such pages are refused before parsing.
    QFETCH(QByteArray, open);
    const QByteArray html = open.repeated(100000) + "<a href='deep.whl'>deep.whl</a>";
    const auto page = SimpleApi::parseProjectHtml(html, pageUrl);
    QVERIFY(!page.has_value());
    QCOMPARE(page.error().code, IndexError::Code::InvalidResponse);
    QVERIFY2(page.error().message.contains(QLatin1String("nested more than")), qPrintable(page.error().message));
}

void TestSimpleApi::wideFlatPagesAreFine()
{
    // A project with many files: flat, so the nesting guard lets it through.
    QByteArray html = "<!DOCTYPE html><html><head><title>Links</title></head><body>";
    for (int i = 0; i < 50000; ++i) {
        html += "<a href='f" + QByteArray::number(i) + ".whl#sha256=00'>f" + QByteArray::number(i) + ".whl</a><br/>\n";
    }
    // Lists and paragraphs whose end tags are left to the parser, as HTML allows.
    html += "<ul>" + QByteArray("<li><p>item <a href='x'>x</a>").repeated(3000) + "</ul>";
    html += "<table>" + QByteArray("<tr><td>cell<td><b>bold</b>").repeated(3000) + "</table></body></html>";
    const auto page = SimpleApi::parseProjectHtml(html, pageUrl);
    QVERIFY2(page.has_value(), qPrintable(errorOf(page)));
    QCOMPARE(page->files.size(), 53000);
}

void TestSimpleApi::parseProjectPageDispatches_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("format");
    const QByteArray json = R"({"meta": {"api-version": "1.0"}, "files": []})";
    const QByteArray html = "<a href='a.whl'>a.whl</a>";
    QTest::addRow("json by type") << QByteArray("application/vnd.pypi.simple.v1+json") << json << int(PageFormat::Json);
    QTest::addRow("html by type") << QByteArray("text/html") << html << int(PageFormat::Html);
    QTest::addRow("json sniffed") << QByteArray("application/octet-stream") << QByteArray("  \n" + json) << int(PageFormat::Json);
    QTest::addRow("html sniffed") << QByteArray() << html << int(PageFormat::Html);
}

void TestSimpleApi::parseProjectPageDispatches()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, format);
    const auto page = SimpleApi::parseProjectPage(body, contentType, pageUrl);
    QVERIFY2(page.has_value(), qPrintable(errorOf(page)));
    QCOMPARE(int(page->format), format);
}

void TestSimpleApi::projectList_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("names");
    QTest::addRow("json") << QByteArray("application/vnd.pypi.simple.v1+json")
                          << QByteArray(R"({"meta": {"api-version": "1.1"}, "projects": [{"name": "Demo.Pkg", "_last-serial": 3},
                                         {"name": "other"}, {"nope": 1}]})")
                          << QStringList{QStringLiteral("Demo.Pkg"), QStringLiteral("other")};
    QTest::addRow("html") << QByteArray("text/html")
                          << QByteArray("<html><body><a href='/simple/demo-pkg/'>Demo.Pkg</a>\n<a href='/simple/other/'>other</a>"
                                        "</body></html>")
                          << QStringList{QStringLiteral("Demo.Pkg"), QStringLiteral("other")};
}

void TestSimpleApi::projectList()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QStringList, names);
    const auto list = SimpleApi::parseProjectList(body, contentType, QUrl(QStringLiteral("https://index.example/simple/")));
    QVERIFY2(list.has_value(), qPrintable(errorOf(list)));
    QCOMPARE(list->names, names);
    QVERIFY(!SimpleApi::parseProjectListJson(R"({"meta": {"api-version": "1.0"}})", pageUrl).has_value());
}

QTEST_APPLESS_MAIN(TestSimpleApi)
#include "testsimpleapi.moc"
