// SPDX-License-Identifier: GPL-3.0-or-later
// The incremental HTTP/1.1 response parser: framing (Content-Length, chunked, close-delimited,
// no body), interim answers, status lines and header fields, and what makes an answer
// Malformed. Every row is fed all at once, one byte at a time and in seeded random pieces, and
// all of these must end the same way.
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

#include "core/upload/httpresponseparser.h"

using namespace Qt::StringLiterals;
using Upload::HttpResponseParser;
using State = HttpResponseParser::State;

namespace {

// What a row expects, by default a complete 200 OK without header fields or body. A Malformed
// row checks only state, error() and hasHeaders().
struct Expected {
    State state = State::Complete;    // after all the bytes
    State finished = State::Complete; // after finish()
    int status = 200;
    QByteArray reason = "OK";
    QByteArrayList headers; // "Name: value", in order
    QByteArray body;
    qint64 bodySize = 0;
    bool hasHeaders = true;

    // Complete only once finish() says the connection ended.
    Expected untilClose() const { return with([](Expected &e) { e.state = State::Incomplete; }); }
    // Still Incomplete after finish().
    Expected cutShort() const
    {
        return with([](Expected &e) { e.state = e.finished = State::Incomplete; });
    }
    Expected malformed() const
    {
        return with([](Expected &e) { e.state = e.finished = State::Malformed; e.hasHeaders = false; });
    }
    Expected answer(int status, const QByteArray &reason) const
    {
        return with([&](Expected &e) { e.status = status; e.reason = reason; });
    }
    Expected fields(const QByteArrayList &headers) const { return with([&](Expected &e) { e.headers = headers; }); }
    // The body kept, and the body size seen if more than that.
    Expected content(const QByteArray &body, qint64 size = -1) const
    {
        return with([&](Expected &e) { e.body = body; e.bodySize = size < 0 ? body.size() : size; });
    }
    Expected headersRead(bool read) const { return with([&](Expected &e) { e.hasHeaders = read; }); }

private:
    template<typename Change>
    Expected with(Change change) const
    {
        Expected copy = *this;
        change(copy);
        return copy;
    }
};

struct Snapshot {
    State state;
    bool hasHeaders;
    int status;
    QByteArray reason;
    QByteArrayList headers;
    QByteArray body;
    qint64 bodySize;
    QString error;
    bool operator==(const Snapshot &) const = default;
};

QString stateName(State state)
{
    switch (state) {
    case State::Incomplete:
        return u"Incomplete"_s;
    case State::Complete:
        return u"Complete"_s;
    case State::Malformed:
        return u"Malformed"_s;
    }
    return u"?"_s;
}

Snapshot snapshot(const HttpResponseParser &parser)
{
    QByteArrayList headers;
    for (const auto &[name, value] : parser.headers()) {
        headers.append(name + ": " + value);
    }
    return {parser.state(), parser.hasHeaders(), parser.status(), parser.reason(), headers,
            parser.body(), parser.bodySize(), parser.error()};
}

QString describe(const Snapshot &s)
{
    // Concatenated, not QString::arg(): a percent-encoded body would look like placeholders.
    return stateName(s.state) + u" hasHeaders="_s + (s.hasHeaders ? u"true"_s : u"false"_s)
        + u" status="_s + QString::number(s.status) + u" reason=\""_s + QString::fromLatin1(s.reason)
        + u"\" headers=["_s + QString::fromLatin1(s.headers.join(" | ").left(200)) + u"] body="_s
        + QString::number(s.body.size()) + u" bytes \""_s + QString::fromLatin1(s.body.left(40).toPercentEncoding(" "))
        + u"\" bodySize="_s + QString::number(s.bodySize) + u" error=\""_s + s.error + u'"';
}

struct Fed {
    QString how;
    Snapshot afterFeed;
    HttpResponseParser parser; // after finish()
    QString problem;           // feed() disagreeing with state(), or a final state that changed
};

Fed feedInPieces(const QString &how, const QByteArray &input, int bodyLimit, const QList<qsizetype> &pieces)
{
    Fed fed{how, {}, HttpResponseParser(bodyLimit), {}};
    qsizetype at = 0;
    State previous = State::Incomplete;
    for (const qsizetype piece : pieces) {
        const State state = fed.parser.feed(QByteArrayView(input).sliced(at, piece));
        at += piece;
        if (state != fed.parser.state()) {
            fed.problem = u"feed() returned %1 but state() is %2"_s.arg(stateName(state), stateName(fed.parser.state()));
        } else if (previous != State::Incomplete && state != previous) {
            fed.problem = u"the state went from %1 to %2 at byte %3"_s.arg(stateName(previous), stateName(state)).arg(at);
        }
        previous = state;
    }
    fed.afterFeed = snapshot(fed.parser);
    if (fed.parser.finish() != fed.parser.state()) {
        fed.problem = u"finish() did not return state()"_s;
    }
    return fed;
}

// All at once, one byte at a time, and in random pieces of 1 to 32 bytes for a few fixed seeds.
QList<Fed> feedAllWays(const QByteArray &input, int bodyLimit)
{
    QList<Fed> ways{feedInPieces(u"all at once"_s, input, bodyLimit, {input.size()}),
                    feedInPieces(u"byte by byte"_s, input, bodyLimit, QList<qsizetype>(input.size(), 1))};
    for (const quint32 seed : {1U, 2U, 3U, 20261121U}) {
        QRandomGenerator random(seed);
        QList<qsizetype> pieces;
        for (qsizetype left = input.size(); left > 0;) {
            pieces.append(std::min<qsizetype>(left, random.bounded(1, 33)));
            left -= pieces.last();
        }
        ways.append(feedInPieces(u"random pieces, seed %1"_s.arg(seed), input, bodyLimit, pieces));
    }
    return ways;
}

// A response with CRLF line ends: the status line, header lines, an empty line, then `rest`.
QByteArray response(const QByteArray &statusLine, const QByteArrayList &headers, const QByteArray &rest = {})
{
    QByteArray bytes = statusLine + "\r\n";
    for (const QByteArray &header : headers) {
        bytes += header + "\r\n";
    }
    return bytes + "\r\n" + rest;
}

constexpr int defaultLimit = 64 * 1024;

void addRow(const char *name, const QByteArray &input, const Expected &expected, int bodyLimit = defaultLimit)
{
    QTest::addRow("%s", name) << input << bodyLimit << expected;
}

void addMalformed(const char *name, const QByteArray &input, bool hasHeaders = false)
{
    addRow(name, input, Expected().malformed().headersRead(hasHeaders));
}

} // namespace

Q_DECLARE_METATYPE(Expected)

class TestHttpResponseParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void headerLookup_data();
    void headerLookup();
};

void TestHttpResponseParser::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("bodyLimit");
    QTest::addColumn<Expected>("expected");

    const QByteArray json = R"({"ok": true})";
    const QByteArray lengthJson = "Content-Length: " + QByteArray::number(json.size());

    // Content-Length
    addRow("content-length", response("HTTP/1.1 200 OK", {"Content-Type: application/json", lengthJson}, json),
           Expected().fields({"Content-Type: application/json", lengthJson}).content(json));
    addRow("content-length zero", response("HTTP/1.1 200 OK", {"Content-Length: 0"}), Expected().fields({"Content-Length: 0"}));
    addRow("content-length with leading zeros", response("HTTP/1.1 200 OK", {"Content-Length: 0005"}, "hello"),
           Expected().fields({"Content-Length: 0005"}).content("hello"));
    addRow("content-length, LF line ends", "HTTP/1.1 200 OK\nContent-Length: 5\n\nhello",
           Expected().fields({"Content-Length: 5"}).content("hello"));
    addRow("content-length, body with CRLF and NUL", response("HTTP/1.1 200 OK", {"Content-Length: 6"}, "a\r\n\0b\n"_ba),
           Expected().fields({"Content-Length: 6"}).content("a\r\n\0b\n"_ba));
    addRow("content-length, bytes after the end ignored",
           response("HTTP/1.1 200 OK", {"Content-Length: 5"}, "helloHTTP/1.1 500 Oops\r\n\r\n"),
           Expected().fields({"Content-Length: 5"}).content("hello"));
    addRow("content-length cut short", response("HTTP/1.1 200 OK", {"Content-Length: 10"}, "hell"),
           Expected().cutShort().fields({"Content-Length: 10"}).content("hell"));
    addRow("stray CRLF before the status line", "\r\n" + response("HTTP/1.1 200 OK", {"Content-Length: 2"}, "ok"),
           Expected().fields({"Content-Length: 2"}).content("ok"));

    // chunked
    const QByteArray chunked = "Transfer-Encoding: chunked";
    addRow("chunked", response("HTTP/1.1 200 OK", {chunked}, "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"),
           Expected().fields({chunked}).content("hello world"));
    addRow("chunked, LF line ends", "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n5\nhello\n0\n\n",
           Expected().fields({chunked}).content("hello"));
    addRow("chunked with extensions",
           response("HTTP/1.1 200 OK", {chunked}, "5;name=value\r\nhello\r\n6 ; a=\"b;c\"\r\n world\r\n0;last\r\n\r\n"),
           Expected().fields({chunked}).content("hello world"));
    addRow("chunked with trailers",
           response("HTTP/1.1 200 OK", {chunked}, "5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-More: d\r\n\r\n"),
           Expected().fields({chunked}).content("hello"));
    addRow("chunked, lowercase and uppercase hex",
           response("HTTP/1.1 200 OK", {chunked},
                    "a\r\n0123456789\r\nA\r\nabcdefghij\r\n1f\r\n" + QByteArray(31, 'x') + "\r\n1F\r\n" + QByteArray(31, 'y')
                        + "\r\n00\r\n\r\n"),
           Expected().fields({chunked}).content("0123456789abcdefghij" + QByteArray(31, 'x') + QByteArray(31, 'y')));
    addRow("chunked, coding list ending in chunked",
           response("HTTP/1.1 200 OK", {"Transfer-Encoding: gzip", "transfer-encoding: CHUNKED"}, "2\r\nab\r\n0\r\n\r\n"),
           Expected().fields({"Transfer-Encoding: gzip", "transfer-encoding: CHUNKED"}).content("ab"));
    addRow("chunked, bytes after the end ignored",
           response("HTTP/1.1 200 OK", {chunked}, "2\r\nab\r\n0\r\n\r\nzz\r\ngarbage"), Expected().fields({chunked}).content("ab"));
    addRow("chunked cut short in a chunk", response("HTTP/1.1 200 OK", {chunked}, "5\r\nhel"),
           Expected().cutShort().fields({chunked}).content("hel"));
    addRow("chunked cut short before the last chunk", response("HTTP/1.1 200 OK", {chunked}, "5\r\nhello\r\n"),
           Expected().cutShort().fields({chunked}).content("hello"));
    addRow("chunked cut short in the trailers", response("HTTP/1.1 200 OK", {chunked}, "5\r\nhello\r\n0\r\nX-A: b\r\n"),
           Expected().cutShort().fields({chunked}).content("hello"));

    // close-delimited
    addRow("close-delimited", response("HTTP/1.1 200 OK", {"Content-Type: text/html"}, "<html>\r\n\r\n</html>"),
           Expected().untilClose().fields({"Content-Type: text/html"}).content("<html>\r\n\r\n</html>"));
    addRow("close-delimited, empty body", response("HTTP/1.1 200 OK", {}), Expected().untilClose());
    addRow("close-delimited, HTTP/1.0", response("HTTP/1.0 200 OK", {"Server: old"}, "body"),
           Expected().untilClose().fields({"Server: old"}).content("body"));
    addRow("close-delimited, coding list not ending in chunked",
           response("HTTP/1.1 200 OK", {"Transfer-Encoding: chunked, gzip"}, "5\r\nhello"),
           Expected().untilClose().fields({"Transfer-Encoding: chunked, gzip"}).content("5\r\nhello"));

    // HTTP/1.0 with a length
    addRow("HTTP/1.0 with content-length", response("HTTP/1.0 404 Not Found", {"Content-Length: 3"}, "nopTRAILING"),
           Expected().answer(404, "Not Found").fields({"Content-Length: 3"}).content("nop"));

    // without a body
    addRow("204 No Content", response("HTTP/1.1 204 No Content", {"Server: x"}),
           Expected().answer(204, "No Content").fields({"Server: x"}));
    addRow("204, bytes after it ignored", response("HTTP/1.1 204 No Content", {}, "junk"),
           Expected().answer(204, "No Content"));
    addRow("304 with content-length has no body", response("HTTP/1.1 304 Not Modified", {"Content-Length: 100"}, "x"),
           Expected().answer(304, "Not Modified").fields({"Content-Length: 100"}));

    // interim answers
    addRow("100 Continue, then 200",
           response("HTTP/1.1 100 Continue", {}) + response("HTTP/1.1 200 OK", {"Content-Length: 2"}, "ok"),
           Expected().fields({"Content-Length: 2"}).content("ok"));
    addRow("103 Early Hints with headers, then 201",
           response("HTTP/1.1 103 Early Hints", {"Link: </s.css>; rel=preload", "Content-Length: 9"})
               + response("HTTP/1.1 201 Created", {"Content-Length: 0"}),
           Expected().answer(201, "Created").fields({"Content-Length: 0"}));
    addRow("two interim answers, then 400",
           response("HTTP/1.1 100 Continue", {}) + response("HTTP/1.1 102 Processing", {})
               + response("HTTP/1.1 400 Bad Request", {"Content-Length: 3"}, "bad"),
           Expected().answer(400, "Bad Request").fields({"Content-Length: 3"}).content("bad"));
    addRow("only 100 Continue", response("HTTP/1.1 100 Continue", {}),
           Expected().cutShort().answer(0, {}).headersRead(false));

    // status lines
    addRow("empty reason with the space", response("HTTP/1.1 200 ", {"Content-Length: 0"}),
           Expected().answer(200, {}).fields({"Content-Length: 0"}));
    addRow("empty reason without the space", response("HTTP/1.1 200", {"Content-Length: 0"}),
           Expected().answer(200, {}).fields({"Content-Length: 0"}));
    const QByteArray warehouse = "File already exists. See https://pypi.org/help/#file-name-reuse for more information.";
    const QByteArray html = "<html><body><h1>400 " + warehouse + "</h1></body></html>";
    const QByteArray htmlLength = "Content-Length: " + QByteArray::number(html.size());
    addRow("reason with spaces (Warehouse)",
           response("HTTP/1.1 400 " + warehouse, {"Content-Type: text/html; charset=UTF-8", htmlLength}, html),
           Expected().answer(400, warehouse).fields({"Content-Type: text/html; charset=UTF-8", htmlLength}).content(html));
    addRow("status 999", response("HTTP/1.1 999 Odd", {"Content-Length: 0"}),
           Expected().answer(999, "Odd").fields({"Content-Length: 0"}));

    // header fields
    addRow("values trimmed, names as sent",
           response("HTTP/1.1 200 OK", {"x-lower:\tv1 \t", "X-UPPER:v2", "X-Empty:", "Content-Length: 0"}),
           Expected().fields({"x-lower: v1", "X-UPPER: v2", "X-Empty: ", "Content-Length: 0"}));
    addRow("obs-fold continuation lines",
           response("HTTP/1.1 200 OK", {"X-Long: first", "   second ", "\tthird", "X-Empty:", " more", "Content-Length: 0"}),
           Expected().fields({"X-Long: first second third", "X-Empty: more", "Content-Length: 0"}));
    addRow("transfer-encoding overrides content-length",
           response("HTTP/1.1 200 OK", {"Content-Length: 3", chunked}, "5\r\nhello\r\n0\r\n\r\n"),
           Expected().fields({"Content-Length: 3", chunked}).content("hello"));
    addRow("transfer-encoding without chunked overrides content-length",
           response("HTTP/1.1 200 OK", {"Content-Length: 2", "Transfer-Encoding: gzip"}, "abcdef"),
           Expected().untilClose().fields({"Content-Length: 2", "Transfer-Encoding: gzip"}).content("abcdef"));
    addRow("equal duplicate content-length fields",
           response("HTTP/1.1 200 OK", {"Content-Length: 5", "content-length: 5"}, "helloXX"),
           Expected().fields({"Content-Length: 5", "content-length: 5"}).content("hello"));
    addRow("equal content-length list", response("HTTP/1.1 200 OK", {"Content-Length: 5 , 5"}, "helloXX"),
           Expected().fields({"Content-Length: 5 , 5"}).content("hello"));
    const QByteArray exactly64KiB = "X-Big: " + QByteArray(HttpResponseParser::maxHeaderBytes - 28, 'a');
    addRow("header of exactly 64 KiB", response("HTTP/1.1 200 OK", {exactly64KiB}),
           Expected().untilClose().fields({exactly64KiB}));

    // bodyLimit
    addRow("bodyLimit with content-length", response("HTTP/1.1 200 OK", {"Content-Length: 11"}, "hello worldNEXT"),
           Expected().fields({"Content-Length: 11"}).content("hell", 11), 4);
    addRow("bodyLimit with chunked", response("HTTP/1.1 200 OK", {chunked}, "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\nNEXT"),
           Expected().fields({chunked}).content("hello w", 11), 7);
    addRow("bodyLimit close-delimited", response("HTTP/1.1 200 OK", {}, QByteArray(1000, 'z')),
           Expected().untilClose().content("zzz", 1000), 3);
    addRow("bodyLimit zero", response("HTTP/1.1 200 OK", {"Content-Length: 4"}, "abcdefgh"),
           Expected().fields({"Content-Length: 4"}).content({}, 4), 0);
    addRow("bodyLimit equal to the body", response("HTTP/1.1 200 OK", {"Content-Length: 4"}, "abcd"),
           Expected().fields({"Content-Length: 4"}).content("abcd"), 4);

    // cut short
    addRow("empty input", {}, Expected().cutShort().answer(0, {}).headersRead(false));
    addRow("cut short in the status line", "HTTP/1.1 20",
           Expected().cutShort().answer(0, {}).headersRead(false));
    addRow("cut short in the header", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n",
           Expected().cutShort().fields({"Content-Length: 5"}).headersRead(false));

    // malformed
    addMalformed("conflicting content-length fields", response("HTTP/1.1 200 OK", {"Content-Length: 5", "Content-Length: 6"}));
    addMalformed("conflicting content-length list", response("HTTP/1.1 200 OK", {"Content-Length: 5, 6"}));
    addMalformed("negative content-length", response("HTTP/1.1 200 OK", {"Content-Length: -1"}));
    addMalformed("content-length not a number", response("HTTP/1.1 200 OK", {"Content-Length: 0x10"}));
    addMalformed("empty content-length", response("HTTP/1.1 200 OK", {"Content-Length:"}));
    addMalformed("bad chunk size", response("HTTP/1.1 200 OK", {chunked}, "zz\r\n"), true);
    addMalformed("empty chunk size", response("HTTP/1.1 200 OK", {chunked}, "\r\nhello"), true);
    addMalformed("chunk size with 0x", response("HTTP/1.1 200 OK", {chunked}, "0x5\r\nhello\r\n0\r\n\r\n"), true);
    addMalformed("chunk size too large", response("HTTP/1.1 200 OK", {chunked}, "1000000000000000\r\n"), true);
    addMalformed("chunk longer than its size", response("HTTP/1.1 200 OK", {chunked}, "3\r\nhello\r\n0\r\n\r\n"), true);
    addMalformed("chunk-size line too long",
                 response("HTTP/1.1 200 OK", {chunked}, "5;" + QByteArray(5000, 'x') + "\r\nhello\r\n0\r\n\r\n"), true);
    addMalformed("non-HTTP first line", "SSH-2.0-OpenSSH_9.6\r\n\r\n");
    addMalformed("HTML instead of a status line", "<html><body>502 Bad Gateway</body></html>\n");
    addMalformed("HTTP/2 status line", response("HTTP/2 200", {"Content-Length: 0"}));
    addMalformed("lowercase http", response("http/1.1 200 OK", {"Content-Length: 0"}));
    addMalformed("two-digit status", response("HTTP/1.1 20 OK", {"Content-Length: 0"}));
    addMalformed("four-digit status", response("HTTP/1.1 2000 OK", {"Content-Length: 0"}));
    addMalformed("status below 100", response("HTTP/1.1 099 Low", {"Content-Length: 0"}));
    addMalformed("two stray empty lines", "\r\n\r\n" + response("HTTP/1.1 200 OK", {"Content-Length: 0"}));
    addMalformed("header line without colon", response("HTTP/1.1 200 OK", {"NoColonHere", "Content-Length: 0"}));
    addMalformed("header name with space before colon", response("HTTP/1.1 200 OK", {"Content-Length : 0"}));
    addMalformed("empty header name", response("HTTP/1.1 200 OK", {": value"}));
    addMalformed("continuation as first header line", response("HTTP/1.1 200 OK", {" folded", "Content-Length: 0"}));
    addMalformed("101 Switching Protocols", response("HTTP/1.1 101 Switching Protocols", {"Upgrade: websocket"}));
    addMalformed("header one byte over 64 KiB", response("HTTP/1.1 200 OK", {exactly64KiB + 'a'}));
    addMalformed("status line over 64 KiB", "HTTP/1.1 200 " + QByteArray(70000, 'r'));
    QByteArrayList many;
    for (int i = 0; i < 3000; ++i) {
        many.append("X-Header-" + QByteArray::number(i) + ": some value");
    }
    addMalformed("many header lines over 64 KiB", response("HTTP/1.1 200 OK", many));
    addMalformed("trailers over 64 KiB",
                 response("HTTP/1.1 200 OK", {chunked, exactly64KiB.first(60000)}, "0\r\nX: " + QByteArray(6000, 't') + "\r\n\r\n"),
                 true);
}

void TestHttpResponseParser::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(int, bodyLimit);
    QFETCH(Expected, expected);

    const QList<Fed> ways = feedAllWays(input, bodyLimit);
    const Fed &reference = ways.first();
    for (const Fed &fed : ways) {
        QVERIFY2(fed.problem.isEmpty(), qPrintable(fed.how + u": "_s + fed.problem));
        QVERIFY2(fed.afterFeed == reference.afterFeed,
                 qPrintable(fed.how + u" after the bytes:\n  "_s + describe(fed.afterFeed) + u"\nall at once:\n  "_s
                            + describe(reference.afterFeed)));
        QVERIFY2(snapshot(fed.parser) == snapshot(reference.parser),
                 qPrintable(fed.how + u" after finish():\n  "_s + describe(snapshot(fed.parser))
                            + u"\nall at once:\n  "_s + describe(snapshot(reference.parser))));
    }

    const Snapshot &got = reference.afterFeed;
    const HttpResponseParser &parser = reference.parser;
    QCOMPARE(stateName(got.state), stateName(expected.state));
    QCOMPARE(stateName(parser.state()), stateName(expected.finished));
    QCOMPARE(got.hasHeaders, expected.hasHeaders);
    QCOMPARE(parser.error().isEmpty(), expected.finished != State::Malformed);
    if (expected.finished == State::Malformed) {
        return;
    }
    QCOMPARE(got.status, expected.status);
    QCOMPARE(got.reason, expected.reason);
    QCOMPARE(got.headers, expected.headers);
    QCOMPARE(got.body, expected.body);
    QCOMPARE(got.bodySize, expected.bodySize);
    // finish() only ever completes a close-delimited body; it changes nothing else.
    Snapshot finished = snapshot(parser);
    finished.state = got.state;
    QVERIFY(finished == got);
}

void TestHttpResponseParser::headerLookup_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value"); // null: absent

    const QByteArray input = response("HTTP/1.1 201 Created", {"Content-Type: text/plain", "X-Dup: first", "x-dup: second",
                                                               "X-Empty:", "Content-Length: 2"},
                                      "okHTTP/1.1 200 OK\r\nX-After: no\r\n\r\n");
    QTest::addRow("exact case") << input << "Content-Type"_ba << "text/plain"_ba;
    QTest::addRow("lowercase") << input << "content-type"_ba << "text/plain"_ba;
    QTest::addRow("uppercase") << input << "CONTENT-LENGTH"_ba << "2"_ba;
    QTest::addRow("mixed case") << input << "cOnTeNt-TyPe"_ba << "text/plain"_ba;
    QTest::addRow("first of two") << input << "x-DUP"_ba << "first"_ba;
    QTest::addRow("empty value is not absent") << input << "x-empty"_ba << ""_ba;
    QTest::addRow("absent") << input << "Location"_ba << QByteArray();
    QTest::addRow("prefix is not a match") << input << "Content"_ba << QByteArray();
    QTest::addRow("after the response") << input << "X-After"_ba << QByteArray();
    QTest::addRow("interim answer's fields dropped")
        << response("HTTP/1.1 103 Early Hints", {"Link: </s.css>"}) + response("HTTP/1.1 204 No Content", {"X-Final: 1"})
        << "link"_ba << QByteArray();
    QTest::addRow("final answer's fields kept")
        << response("HTTP/1.1 103 Early Hints", {"Link: </s.css>"}) + response("HTTP/1.1 204 No Content", {"X-Final: 1"})
        << "x-final"_ba << "1"_ba;
    QTest::addRow("folded value")
        << response("HTTP/1.1 200 OK", {"WWW-Authenticate: Basic", " realm=\"pypi\"", "Content-Length: 0"})
        << "www-authenticate"_ba << "Basic realm=\"pypi\""_ba;
}

void TestHttpResponseParser::headerLookup()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);

    for (const Fed &fed : feedAllWays(input, defaultLimit)) {
        QVERIFY2(fed.parser.state() == State::Complete, qPrintable(fed.how));
        const QByteArray got = fed.parser.header(name);
        QVERIFY2(got.isNull() == value.isNull(), qPrintable(fed.how));
        QCOMPARE(got, value);
    }
}

QTEST_GUILESS_MAIN(TestHttpResponseParser)
#include "testhttpresponseparser.moc"
