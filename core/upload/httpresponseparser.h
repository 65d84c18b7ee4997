// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <utility>

namespace Upload {

/**
 * Reads one HTTP/1.1 response, fed in pieces as they arrive from the socket: the status line,
 * the header fields, and a body framed by Content-Length, by chunked transfer coding, or by
 * the end of the connection (RFC 9112 section 6.3). Interim 1xx responses are skipped.
 *
 * The input is a registry's, so untrusted: the status line and each header line are bounded
 * (maxHeaderBytes in all), a malformed line, a bad chunk size or conflicting lengths make the
 * parser Malformed with a reason, and only the first `bodyLimit` bytes of the body are kept
 * (the rest is read and dropped, so the response still ends where it should). Pure: no I/O,
 * no Qt event loop, so it can be fuzzed and tested on its own.
 */
class HttpResponseParser
{
public:
    enum class State {
        Incomplete, ///< wants more bytes (or the end of the connection)
        Complete,   ///< the whole response was read; bytes after it are ignored
        Malformed,  ///< not an HTTP/1.x response, see error()
    };

    static constexpr qsizetype maxHeaderBytes = 64 * 1024;

    explicit HttpResponseParser(qsizetype bodyLimit = 64 * 1024);

    /// Feeds the next bytes; returns the state after them.
    State feed(QByteArrayView bytes);
    /// The connection ended: a body framed by the end of the connection is now complete; any
    /// other unfinished response stays Incomplete (it was cut short).
    State finish();

    [[nodiscard]] State state() const { return m_state; }
    /// True once the status line and header fields of the final response were read.
    [[nodiscard]] bool hasHeaders() const { return m_phase > Phase::Headers; }
    [[nodiscard]] int status() const { return m_status; }
    [[nodiscard]] const QByteArray &reason() const { return m_reason; }
    /// Header fields in the order received, names as sent; values with surrounding blanks removed.
    [[nodiscard]] const QList<std::pair<QByteArray, QByteArray>> &headers() const { return m_headers; }
    /// The first field with this name (case-insensitive), or a null QByteArray.
    [[nodiscard]] QByteArray header(QByteArrayView name) const;
    /// The first bodyLimit bytes of the (de-chunked) body.
    [[nodiscard]] const QByteArray &body() const { return m_body; }
    /// Body bytes seen in all, kept or dropped.
    [[nodiscard]] qint64 bodySize() const { return m_bodySeen; }
    /// Why the response is Malformed.
    [[nodiscard]] const QString &error() const { return m_error; }

private:
    enum class Phase { StatusLine, Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Done };
    enum class Framing { Length, Chunked, UntilClose, None };

    bool takeLine(QByteArrayView &bytes, QByteArray &line);
    bool parseStatusLine(const QByteArray &line);
    bool parseHeaderLine(const QByteArray &line);
    bool startBody();
    void takeBody(QByteArrayView &bytes, qint64 count);
    State fail(const QString &why);

    qsizetype m_bodyLimit;
    State m_state = State::Incomplete;
    Phase m_phase = Phase::StatusLine;
    Framing m_framing = Framing::None;
    QByteArray m_line;          // a line not yet ended by LF
    qsizetype m_headerBytes = 0;
    int m_status = 0;
    QByteArray m_reason;
    QList<std::pair<QByteArray, QByteArray>> m_headers;
    qint64 m_remaining = 0;     // of the body (Length) or of the current chunk
    QByteArray m_body;
    qint64 m_bodySeen = 0;
    QString m_error;
};

} // namespace Upload
