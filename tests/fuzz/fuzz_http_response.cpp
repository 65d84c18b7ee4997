// SPDX-License-Identifier: GPL-3.0-or-later
// The bytes a registry sends back over the socket are untrusted: whatever they are, the HTTP
// response parser must not crash, must end the same way however the bytes are split into
// reads, must keep no more than bodyLimit bytes of the body (while still counting all of
// it), must only call a response Complete with a valid final status and its header read,
// must give a reason whenever it says Malformed, and must ignore bytes after a complete answer.
// Input layout: byte 0 bodyLimit (255: the default 64 KiB), byte 1 the split (0: one byte at
// a time, n: reads of 1..n bytes from a generator seeded with n), then the bytes received.
#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "core/upload/httpresponseparser.h"

namespace {

using Upload::HttpResponseParser;
using State = HttpResponseParser::State;

void check(bool condition)
{
    if (!condition) {
        __builtin_trap();
    }
}

bool sameResult(const HttpResponseParser &a, const HttpResponseParser &b)
{
    return a.state() == b.state() && a.hasHeaders() == b.hasHeaders() && a.status() == b.status()
        && a.reason() == b.reason() && a.headers() == b.headers() && a.body() == b.body()
        && a.bodySize() == b.bodySize() && a.error() == b.error();
}

void checkInvariants(const HttpResponseParser &parser, qsizetype bodyLimit)
{
    check(parser.body().size() <= bodyLimit);
    check(parser.bodySize() >= parser.body().size());
    check(parser.bodySize() > bodyLimit || parser.body().size() == parser.bodySize());
    if (parser.state() == State::Complete) {
        check(parser.status() >= 100 && parser.status() <= 999);
        check(parser.status() >= 200); // interim 1xx answers are skipped, never final
        check(parser.hasHeaders());
    }
    check((parser.state() == State::Malformed) == !parser.error().isEmpty());
    qsizetype headerBytes = 0;
    for (const auto &[name, value] : parser.headers()) {
        check(!name.isEmpty());
        headerBytes += name.size() + value.size();
    }
    check(headerBytes <= HttpResponseParser::maxHeaderBytes);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) {
        return 0;
    }
    const qsizetype bodyLimit = data[0] == 255 ? 64 * 1024 : data[0];
    const unsigned split = data[1];
    const QByteArrayView bytes(reinterpret_cast<const char *>(data) + 2, qsizetype(size) - 2);

    HttpResponseParser whole(bodyLimit);
    check(whole.feed(bytes) == whole.state());
    checkInvariants(whole, bodyLimit);

    HttpResponseParser pieces(bodyLimit);
    quint32 random = split * 2654435761U + 1;
    State previous = State::Incomplete;
    for (qsizetype at = 0; at < bytes.size();) {
        random ^= random << 13;
        random ^= random >> 17;
        random ^= random << 5;
        const qsizetype length = split == 0 ? 1 : std::min<qsizetype>(bytes.size() - at, 1 + random % split);
        const State state = pieces.feed(bytes.sliced(at, length));
        at += length;
        check(state == pieces.state());
        check(previous == State::Incomplete || state == previous); // a final state stays
        previous = state;
        checkInvariants(pieces, bodyLimit);
    }
    check(sameResult(whole, pieces));

    const State finished = whole.finish();
    check(finished == whole.state());
    check(whole.state() == State::Complete || finished == pieces.state()); // finish() only completes
    check(pieces.finish() == finished);
    check(sameResult(whole, pieces));
    checkInvariants(whole, bodyLimit);

    if (whole.state() == State::Complete) {
        // Bytes after a complete answer are ignored.
        const HttpResponseParser before = whole;
        check(whole.feed("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc") == State::Complete);
        check(whole.finish() == State::Complete);
        check(sameResult(before, whole));
    }
    return 0;
}
