// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/registryservermultipart.h"

#include <algorithm>
#include <functional>
#include <string_view>

namespace TestSupport {

namespace {

constexpr qsizetype maxPreamble = 64 * 1024;
constexpr qsizetype maxPadding = 64;

bool isTokenChar(char c)
{
    // RFC 7230 tchar.
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

void skipSpaces(QByteArrayView value, qsizetype &position)
{
    while (position < value.size() && (value[position] == ' ' || value[position] == '\t')) {
        ++position;
    }
}

QByteArray readToken(QByteArrayView value, qsizetype &position)
{
    const qsizetype start = position;
    while (position < value.size() && isTokenChar(value[position])) {
        ++position;
    }
    return value.sliced(start, position - start).toByteArray();
}

// A quoted-string, with the backslash escapes of RFC 7230. Returns false if unterminated.
bool readQuoted(QByteArrayView value, qsizetype &position, QByteArray &out)
{
    ++position; // opening quote
    while (position < value.size()) {
        const char c = value[position++];
        if (c == '"') {
            return true;
        }
        if (c == '\\') {
            if (position >= value.size()) {
                return false;
            }
            out.append(value[position++]);
        } else {
            out.append(c);
        }
    }
    return false;
}

} // namespace

MultipartParser::MultipartParser(const QByteArray &boundary, Callbacks callbacks)
    : m_delimiter("\r\n--" + boundary)
    , m_delimiterString(m_delimiter.constData(), size_t(m_delimiter.size()))
    , m_callbacks(std::move(callbacks))
{
    // The first delimiter need not follow a line break: pretend one came before the body.
    m_buffer = QByteArrayLiteral("\r\n");
    if (boundary.isEmpty() || boundary.size() > 70) {
        fail(QStringLiteral("The multipart boundary must be 1 to 70 characters long."));
    }
}

bool MultipartParser::fail(const QString &message)
{
    if (m_state != State::Error) {
        m_state = State::Error;
        m_error = message;
    }
    m_buffer.clear();
    m_offset = 0;
    return false;
}

bool MultipartParser::feed(QByteArrayView data)
{
    if (m_state == State::Error) {
        return false;
    }
    if (m_state == State::Done) {
        return true; // the epilogue is ignored
    }
    m_buffer.append(data);
    const bool ok = process();
    if (ok && m_offset > 0) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    return ok;
}

bool MultipartParser::finish()
{
    if (m_state == State::Error) {
        return false;
    }
    if (m_state != State::Done) {
        return fail(QStringLiteral("The multipart body ended before its closing boundary."));
    }
    return true;
}

bool MultipartParser::process()
{
    const std::boyer_moore_horspool_searcher searcher(m_delimiterString.begin(), m_delimiterString.end());
    auto findDelimiter = [&](qsizetype from) -> qsizetype {
        const char *begin = m_buffer.constData() + from;
        const char *end = m_buffer.constData() + m_buffer.size();
        const char *found = std::search(begin, end, searcher);
        return found == end ? -1 : qsizetype(found - m_buffer.constData());
    };
    const qsizetype keep = m_delimiter.size() - 1;

    while (true) {
        const qsizetype available = m_buffer.size() - m_offset;
        switch (m_state) {
        case State::Preamble: {
            const qsizetype at = findDelimiter(m_offset);
            if (at < 0) {
                const qsizetype skippable = std::max<qsizetype>(0, available - keep);
                m_preambleBytes += skippable;
                m_offset += skippable;
                if (m_preambleBytes > maxPreamble) {
                    return fail(QStringLiteral("The body does not contain the multipart boundary."));
                }
                return true;
            }
            m_preambleBytes += at - m_offset;
            m_offset = at + m_delimiter.size();
            m_state = State::AfterDelimiter;
            break;
        }
        case State::AfterDelimiter: {
            // "--" closes the body; otherwise optional padding, then CRLF starts a part.
            if (available < 2) {
                return true;
            }
            const QByteArrayView rest(m_buffer.constData() + m_offset, available);
            if (rest.startsWith("--")) {
                m_offset = m_buffer.size();
                m_state = State::Done;
                return true;
            }
            qsizetype position = 0;
            while (position < rest.size() && position <= maxPadding && (rest[position] == ' ' || rest[position] == '\t')) {
                ++position;
            }
            if (position > maxPadding) {
                return fail(QStringLiteral("A multipart boundary line has trailing garbage."));
            }
            if (rest.size() - position < 2) {
                return true;
            }
            if (rest[position] != '\r' || rest[position + 1] != '\n') {
                return fail(QStringLiteral("A multipart boundary line has trailing garbage."));
            }
            m_offset += position + 2;
            if (++m_partCount > maxParts) {
                return fail(QStringLiteral("The multipart body has more than %1 parts.").arg(maxParts));
            }
            m_state = State::Headers;
            break;
        }
        case State::Headers: {
            const QByteArrayView rest(m_buffer.constData() + m_offset, available);
            if (rest.startsWith("\r\n")) {
                return fail(QStringLiteral("A multipart part has no Content-Disposition header."));
            }
            const qsizetype end = rest.indexOf(QByteArrayView("\r\n\r\n"));
            if (end < 0) {
                if (available > maxHeaderBlock) {
                    return fail(QStringLiteral("The headers of a multipart part are too long."));
                }
                return true;
            }
            if (end > maxHeaderBlock) {
                return fail(QStringLiteral("The headers of a multipart part are too long."));
            }
            if (!parseHeaderBlock(rest.first(end))) {
                return false;
            }
            m_offset += end + 4;
            m_state = State::Data;
            break;
        }
        case State::Data: {
            const qsizetype at = findDelimiter(m_offset);
            if (at < 0) {
                const qsizetype emit = std::max<qsizetype>(0, available - keep);
                if (emit > 0 && m_callbacks.partData) {
                    m_callbacks.partData(QByteArrayView(m_buffer.constData() + m_offset, emit));
                }
                m_offset += emit;
                return true;
            }
            if (at > m_offset && m_callbacks.partData) {
                m_callbacks.partData(QByteArrayView(m_buffer.constData() + m_offset, at - m_offset));
            }
            if (m_callbacks.partEnd) {
                m_callbacks.partEnd();
            }
            m_offset = at + m_delimiter.size();
            m_state = State::AfterDelimiter;
            break;
        }
        case State::Done:
            m_offset = m_buffer.size();
            return true;
        case State::Error:
            return false;
        }
    }
}

bool MultipartParser::parseHeaderBlock(QByteArrayView block)
{
    MultipartPartHeaders headers;
    bool sawDisposition = false;
    bool sawContentType = false;
    qsizetype start = 0;
    while (start <= block.size()) {
        qsizetype end = block.indexOf(QByteArrayView("\r\n"), start);
        if (end < 0) {
            end = block.size();
        }
        const QByteArrayView line = block.sliced(start, end - start);
        start = end + 2;
        if (line.isEmpty()) {
            return fail(QStringLiteral("A multipart part has an empty header line."));
        }
        if (line[0] == ' ' || line[0] == '\t') {
            return fail(QStringLiteral("A multipart part uses obsolete folded header lines."));
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            return fail(QStringLiteral("A multipart part has a header line without a name."));
        }
        const QByteArrayView name = line.first(colon);
        for (const char c : name) {
            if (!isTokenChar(c)) {
                return fail(QStringLiteral("A multipart part has an invalid header name."));
            }
        }
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (name.compare(QByteArrayView("Content-Disposition"), Qt::CaseInsensitive) == 0) {
            if (sawDisposition) {
                return fail(QStringLiteral("A multipart part has two Content-Disposition headers."));
            }
            sawDisposition = true;
            QString error;
            if (!parseContentDisposition(value, headers, &error)) {
                return fail(error);
            }
        } else if (name.compare(QByteArrayView("Content-Type"), Qt::CaseInsensitive) == 0) {
            if (sawContentType) {
                return fail(QStringLiteral("A multipart part has two Content-Type headers."));
            }
            sawContentType = true;
            headers.contentType = value.toByteArray();
        }
        if (end == block.size()) {
            break;
        }
    }
    if (!sawDisposition) {
        return fail(QStringLiteral("A multipart part has no Content-Disposition header."));
    }
    if (headers.name.isEmpty()) {
        return fail(QStringLiteral("A multipart part has no name."));
    }
    if (m_callbacks.partBegin) {
        m_callbacks.partBegin(headers);
    }
    return true;
}

bool MultipartParser::parseContentDisposition(QByteArrayView value, MultipartPartHeaders &headers, QString *error)
{
    auto failWith = [error](const QString &message) {
        if (error) {
            *error = message;
        }
        return false;
    };
    qsizetype position = 0;
    skipSpaces(value, position);
    const QByteArray type = readToken(value, position);
    if (type.compare("form-data", Qt::CaseInsensitive) != 0) {
        return failWith(QStringLiteral("A multipart part is not form-data (Content-Disposition: %1).")
                            .arg(QString::fromLatin1(value.first(std::min<qsizetype>(60, value.size())))));
    }
    bool sawName = false;
    headers.name.clear();
    while (true) {
        skipSpaces(value, position);
        if (position >= value.size()) {
            break;
        }
        if (value[position] != ';') {
            return failWith(QStringLiteral("The Content-Disposition of a multipart part is malformed."));
        }
        ++position;
        skipSpaces(value, position);
        if (position >= value.size()) {
            break; // a trailing ';' is tolerated by every server
        }
        const QByteArray key = readToken(value, position).toLower();
        skipSpaces(value, position);
        if (key.isEmpty() || position >= value.size() || value[position] != '=') {
            return failWith(QStringLiteral("The Content-Disposition of a multipart part is malformed."));
        }
        ++position;
        skipSpaces(value, position);
        QByteArray parameter;
        if (position < value.size() && value[position] == '"') {
            if (!readQuoted(value, position, parameter)) {
                return failWith(QStringLiteral("The Content-Disposition of a multipart part has an unterminated quote."));
            }
        } else {
            parameter = readToken(value, position);
            if (parameter.isEmpty()) {
                return failWith(QStringLiteral("The Content-Disposition of a multipart part is malformed."));
            }
        }
        if (key == "name") {
            if (sawName) {
                return failWith(QStringLiteral("A multipart part has two names."));
            }
            sawName = true;
            headers.name = parameter;
        } else if (key == "filename") {
            headers.hasFilename = true;
            headers.filename = parameter;
        } else if (key == "filename*") {
            // RFC 5987: charset'language'percent-encoded; only UTF-8 is meaningful here.
            const qsizetype firstQuote = parameter.indexOf('\'');
            const qsizetype secondQuote = firstQuote < 0 ? -1 : parameter.indexOf('\'', firstQuote + 1);
            if (secondQuote < 0 || parameter.left(firstQuote).compare("UTF-8", Qt::CaseInsensitive) != 0) {
                return failWith(QStringLiteral("A multipart part has an unsupported filename* parameter."));
            }
            headers.hasFilename = true;
            headers.filename = QByteArray::fromPercentEncoding(parameter.mid(secondQuote + 1));
        }
    }
    return true;
}

QByteArray MultipartParser::boundaryFromContentType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray mediaType = contentType.left(semicolon < 0 ? contentType.size() : semicolon).trimmed();
    if (mediaType.compare("multipart/form-data", Qt::CaseInsensitive) != 0 || semicolon < 0) {
        return {};
    }
    const QByteArrayView parameters = QByteArrayView(contentType).sliced(semicolon);
    qsizetype position = 0;
    while (position < parameters.size()) {
        if (parameters[position] != ';') {
            return {};
        }
        ++position;
        skipSpaces(parameters, position);
        const QByteArray key = readToken(parameters, position).toLower();
        skipSpaces(parameters, position);
        if (position >= parameters.size() || parameters[position] != '=') {
            return {};
        }
        ++position;
        skipSpaces(parameters, position);
        QByteArray value;
        if (position < parameters.size() && parameters[position] == '"') {
            if (!readQuoted(parameters, position, value)) {
                return {};
            }
        } else {
            value = readToken(parameters, position);
        }
        skipSpaces(parameters, position);
        if (key == "boundary") {
            if (value.isEmpty() || value.size() > 70) {
                return {};
            }
            return value;
        }
    }
    return {};
}

} // namespace TestSupport
