// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/upload/httpresponseparser.h"

#include <algorithm>
#include <cctype>

using namespace Qt::StringLiterals;

namespace Upload {

namespace {

constexpr qsizetype maxChunkLineBytes = 4096;

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

QByteArray trimmedBlanks(QByteArrayView value)
{
    qsizetype begin = 0;
    qsizetype end = value.size();
    while (begin < end && isBlank(value[begin])) {
        ++begin;
    }
    while (end > begin && isBlank(value[end - 1])) {
        --end;
    }
    return value.sliced(begin, end - begin).toByteArray();
}

// Non-negative decimal without sign or blanks, up to 18 digits; -1 otherwise.
qint64 parseLength(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18) {
        return -1;
    }
    qint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return -1;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace

HttpResponseParser::HttpResponseParser(qsizetype bodyLimit)
    : m_bodyLimit(std::max<qsizetype>(0, bodyLimit))
{
}

QByteArray HttpResponseParser::header(QByteArrayView name) const
{
    for (const auto &[key, value] : m_headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

HttpResponseParser::State HttpResponseParser::fail(const QString &why)
{
    m_state = State::Malformed; // the phase stays, so hasHeaders() says whether they were read
    m_error = why;
    return m_state;
}

bool HttpResponseParser::takeLine(QByteArrayView &bytes, QByteArray &line)
{
    const qsizetype newline = bytes.indexOf('\n');
    const qsizetype take = newline < 0 ? bytes.size() : newline + 1;
    const bool inHeader = m_phase == Phase::StatusLine || m_phase == Phase::Headers || m_phase == Phase::Trailers;
    const qsizetype limit = inHeader ? maxHeaderBytes - m_headerBytes : maxChunkLineBytes;
    if (m_line.size() + take > limit) {
        fail(inHeader ? u"the answer's header is longer than %1 KiB"_s.arg(maxHeaderBytes / 1024)
                      : u"a chunk-size line of the answer is longer than %1 bytes"_s.arg(maxChunkLineBytes));
        bytes = {};
        return false;
    }
    m_line.append(bytes.first(take));
    bytes = bytes.sliced(take);
    if (newline < 0) {
        return false;
    }
    if (inHeader) {
        m_headerBytes += m_line.size();
    }
    line = std::exchange(m_line, {});
    line.chop(1);
    if (line.endsWith('\r')) {
        line.chop(1);
    }
    return true;
}

bool HttpResponseParser::parseStatusLine(const QByteArray &line)
{
    // HTTP-version SP 3DIGIT SP [reason-phrase]; a missing SP before an empty reason is common.
    if (!(line.startsWith("HTTP/1.1") || line.startsWith("HTTP/1.0")) || line.size() < 12 || line.at(8) != ' ') {
        fail(u"the answer does not start with an HTTP/1.x status line"_s);
        return false;
    }
    const QByteArrayView code = QByteArrayView(line).sliced(9, 3);
    if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })
        || (line.size() > 12 && line.at(12) != ' ')) {
        fail(u"the answer's status line has no three-digit status code"_s);
        return false;
    }
    m_status = int(parseLength(code));
    if (m_status < 100) {
        fail(u"the answer's status code %1 is not a valid HTTP status"_s.arg(m_status));
        return false;
    }
    m_reason = line.size() > 13 ? line.mid(13) : QByteArray();
    return true;
}

bool HttpResponseParser::parseHeaderLine(const QByteArray &line)
{
    if (isBlank(line.front())) {
        // obs-fold: RFC 9112 lets a recipient replace it with a space.
        if (m_headers.isEmpty()) {
            fail(u"the answer's header starts with a continuation line"_s);
            return false;
        }
        QByteArray &value = m_headers.last().second;
        const QByteArray more = trimmedBlanks(line);
        if (!more.isEmpty()) {
            value += value.isEmpty() ? more : ' ' + more;
        }
        return true;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !std::all_of(line.begin(), line.begin() + colon, isTokenChar)) {
        fail(u"the answer has a malformed header line"_s);
        return false;
    }
    m_headers.append({line.first(colon), trimmedBlanks(QByteArrayView(line).sliced(colon + 1))});
    return true;
}

bool HttpResponseParser::startBody()
{
    if (m_status < 200) {
        if (m_status == 101) {
            fail(u"the registry switched protocols, which Slipway never asks for"_s);
            return false;
        }
        // An interim answer (100 Continue, 103 Early Hints): the final one follows.
        m_headers.clear();
        m_reason.clear();
        m_status = 0;
        m_phase = Phase::StatusLine;
        return true;
    }
    if (m_status == 204 || m_status == 304) {
        m_phase = Phase::Done;
        return true;
    }
    bool sawEncoding = false;
    QByteArray lastCoding;
    qint64 length = -1;
    for (const auto &[name, value] : std::as_const(m_headers)) {
        if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            sawEncoding = true;
            for (const QByteArray &coding : value.split(',')) {
                const QByteArray trimmed = trimmedBlanks(coding).toLower();
                if (!trimmed.isEmpty()) {
                    lastCoding = trimmed;
                }
            }
        } else if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            for (const QByteArray &item : value.split(',')) {
                const qint64 one = parseLength(trimmedBlanks(item));
                if (one < 0 || (length >= 0 && one != length)) {
                    fail(u"the answer's Content-Length is invalid or given twice with different values"_s);
                    return false;
                }
                length = one;
            }
        }
    }
    if (sawEncoding) {
        // Transfer-Encoding overrides Content-Length; without chunked last, the body runs to the close.
        m_framing = lastCoding == "chunked" ? Framing::Chunked : Framing::UntilClose;
    } else if (length >= 0) {
        m_framing = Framing::Length;
        m_remaining = length;
    } else {
        m_framing = Framing::UntilClose;
    }
    switch (m_framing) {
    case Framing::Chunked:
        m_phase = Phase::ChunkSize;
        break;
    case Framing::Length:
        m_phase = m_remaining == 0 ? Phase::Done : Phase::Body;
        break;
    default:
        m_phase = Phase::Body;
        break;
    }
    return true;
}

void HttpResponseParser::takeBody(QByteArrayView &bytes, qint64 count)
{
    const QByteArrayView taken = bytes.first(count);
    const qsizetype room = m_bodyLimit - m_body.size();
    if (room > 0) {
        m_body.append(taken.first(std::min<qsizetype>(room, taken.size())));
    }
    m_bodySeen += count;
    bytes = bytes.sliced(count);
}

HttpResponseParser::State HttpResponseParser::feed(QByteArrayView bytes)
{
    QByteArray line;
    while (m_state == State::Incomplete && m_phase != Phase::Done && !bytes.isEmpty()) {
        switch (m_phase) {
        case Phase::StatusLine:
            if (!takeLine(bytes, line)) {
                break;
            }
            if (line.isEmpty() && m_headerBytes <= 2) {
                break; // a stray empty line before the status line (RFC 9112 section 2.2)
            }
            if (!parseStatusLine(line)) {
                return m_state;
            }
            m_phase = Phase::Headers;
            break;
        case Phase::Headers:
            if (!takeLine(bytes, line)) {
                break;
            }
            if (line.isEmpty()) {
                if (!startBody()) {
                    return m_state;
                }
            } else if (!parseHeaderLine(line)) {
                return m_state;
            }
            break;
        case Phase::Body:
            if (m_framing == Framing::Length) {
                const qint64 count = std::min<qint64>(m_remaining, bytes.size());
                takeBody(bytes, count);
                m_remaining -= count;
                if (m_remaining == 0) {
                    m_phase = Phase::Done;
                }
            } else {
                takeBody(bytes, bytes.size());
            }
            break;
        case Phase::ChunkSize: {
            if (!takeLine(bytes, line)) {
                break;
            }
            const qsizetype extension = line.indexOf(';');
            const QByteArray digits = trimmedBlanks(QByteArrayView(line).first(extension < 0 ? line.size() : extension));
            bool ok = !digits.isEmpty() && digits.size() <= 15
                && std::all_of(digits.begin(), digits.end(), [](char c) { return std::isxdigit(uchar(c)) != 0; });
            const qint64 size = ok ? digits.toLongLong(&ok, 16) : -1;
            if (!ok || size < 0) {
                return fail(u"the answer's chunked body has an invalid chunk size"_s);
            }
            m_remaining = size;
            m_phase = size == 0 ? Phase::Trailers : Phase::ChunkData;
            break;
        }
        case Phase::ChunkData: {
            const qint64 count = std::min<qint64>(m_remaining, bytes.size());
            takeBody(bytes, count);
            m_remaining -= count;
            if (m_remaining == 0) {
                m_phase = Phase::ChunkDataEnd;
            }
            break;
        }
        case Phase::ChunkDataEnd:
            if (!takeLine(bytes, line)) {
                break;
            }
            if (!line.isEmpty()) {
                return fail(u"a chunk of the answer's body is longer than its size says"_s);
            }
            m_phase = Phase::ChunkSize;
            break;
        case Phase::Trailers:
            if (!takeLine(bytes, line)) {
                break;
            }
            if (line.isEmpty()) {
                m_phase = Phase::Done;
            }
            break;
        case Phase::Done:
            break;
        }
    }
    if (m_state == State::Incomplete && m_phase == Phase::Done) {
        m_state = State::Complete;
    }
    return m_state;
}

HttpResponseParser::State HttpResponseParser::finish()
{
    if (m_state == State::Incomplete && m_phase == Phase::Body && m_framing == Framing::UntilClose) {
        m_phase = Phase::Done;
        m_state = State::Complete;
    }
    return m_state;
}

} // namespace Upload
