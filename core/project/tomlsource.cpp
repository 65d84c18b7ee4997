// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/tomlsource.h"

namespace Project::Toml {

namespace {

constexpr int endOfInput = -1;

bool isBareKeyChar(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool isScalarTerminator(int c)
{
    return c == endOfInput || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ']' || c == '}' ||
           c == '#' || c == '[' || c == '{' || c == '=' || c == '"' || c == '\'';
}

bool isDigit(int c)
{
    return c >= '0' && c <= '9';
}

void appendCodePoint(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        out.append(char(0xC0 | (cp >> 6)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.append(char(0xE0 | (cp >> 12)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else {
        out.append(char(0xF0 | (cp >> 18)));
        out.append(char(0x80 | ((cp >> 12) & 0x3F)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    }
}

class Lexer
{
public:
    explicit Lexer(const QByteArray &content)
        : m_s(content)
        , m_n(content.size())
    {
    }

    std::expected<std::vector<Table>, LexError> run();

private:
    int at(qsizetype i) const { return i >= 0 && i < m_n ? static_cast<unsigned char>(m_s.at(i)) : endOfInput; }
    int cur() const { return at(m_pos); }
    std::unexpected<LexError> fail(const QString &message) const { return std::unexpected(LexError{m_pos, message}); }

    void skipBlanks()
    {
        while (cur() == ' ' || cur() == '\t') {
            ++m_pos;
        }
    }
    void skipComment()
    {
        if (cur() == '#') {
            while (cur() != endOfInput && cur() != '\n' && !(cur() == '\r' && at(m_pos + 1) == '\n')) {
                ++m_pos;
            }
        }
    }
    bool atLineBreak() const { return cur() == '\n' || (cur() == '\r' && at(m_pos + 1) == '\n'); }
    void skipLineBreak() { m_pos += cur() == '\r' ? 2 : 1; }
    // Blanks, comments and line breaks, as allowed between array elements.
    void skipArraySpace()
    {
        for (;;) {
            skipBlanks();
            skipComment();
            if (!atLineBreak()) {
                return;
            }
            skipLineBreak();
        }
    }
    // After a key/value or header: blanks, an optional comment, then a line break or the end.
    std::expected<void, LexError> finishLine()
    {
        skipBlanks();
        skipComment();
        if (cur() == endOfInput) {
            return {};
        }
        if (!atLineBreak()) {
            return fail(QStringLiteral("expected the end of the line"));
        }
        skipLineBreak();
        return {};
    }

    std::expected<QStringList, LexError> key(Span &span);
    std::expected<QString, LexError> quotedString(char quote, bool multiline);
    std::expected<void, LexError> escape(QByteArray &out, bool multiline);
    std::expected<Value, LexError> value(int depth);
    std::expected<Entry, LexError> keyValue(int depth);

    const QByteArray &m_s;
    qsizetype m_n = 0;
    qsizetype m_pos = 0;
};

// Basic ("...") and literal ('...') strings, single- or multi-line, share their quoting and
// line-break rules; only basic strings have escapes.
std::expected<QString, LexError> Lexer::quotedString(char quote, bool multiline)
{
    m_pos += multiline ? 3 : 1;
    if (multiline && atLineBreak()) {
        skipLineBreak();
    }
    QByteArray out;
    for (;;) {
        const int c = cur();
        if (c == endOfInput) {
            return fail(QStringLiteral("unterminated string"));
        }
        if (c == quote) {
            if (!multiline) {
                ++m_pos;
                return QString::fromUtf8(out);
            }
            qsizetype run = 0;
            while (at(m_pos + run) == quote) {
                ++run;
            }
            if (run >= 3) {
                if (run > 5) {
                    return fail(QStringLiteral("too many quotes"));
                }
                out.append(run - 3, quote);
                m_pos += run;
                return QString::fromUtf8(out);
            }
            out.append(run, quote);
            m_pos += run;
            continue;
        }
        if (c == '\\' && quote == '"') {
            if (auto escaped = escape(out, multiline); !escaped) {
                return std::unexpected(escaped.error());
            }
            continue;
        }
        if (c == '\n' || c == '\r') {
            if (!multiline) {
                return fail(QStringLiteral("line break in a single-line string"));
            }
            if (c == '\r') {
                if (at(m_pos + 1) != '\n') {
                    return fail(QStringLiteral("bare carriage return"));
                }
                ++m_pos; // CRLF reads as LF, as toml++ does
            }
            out.append('\n');
            ++m_pos;
            continue;
        }
        out.append(char(c));
        ++m_pos;
    }
}

// A backslash escape in a basic string, at m_pos: appends what it stands for to out.
std::expected<void, LexError> Lexer::escape(QByteArray &out, bool multiline)
{
    const int e = at(m_pos + 1);
    if (multiline && (e == ' ' || e == '\t' || e == '\n' || e == '\r')) {
        // Line-ending backslash: only blanks may follow it on its line; then all
        // whitespace and line breaks are trimmed.
        qsizetype p = m_pos + 1;
        while (at(p) == ' ' || at(p) == '\t') {
            ++p;
        }
        if (!(at(p) == '\n' || (at(p) == '\r' && at(p + 1) == '\n'))) {
            return fail(QStringLiteral("invalid escape"));
        }
        m_pos = p;
        while (cur() == ' ' || cur() == '\t' || atLineBreak()) {
            if (atLineBreak()) {
                skipLineBreak();
            } else {
                ++m_pos;
            }
        }
        return {};
    }
    m_pos += 2;
    switch (e) {
    case 'b': out.append('\b'); return {};
    case 't': out.append('\t'); return {};
    case 'n': out.append('\n'); return {};
    case 'f': out.append('\f'); return {};
    case 'r': out.append('\r'); return {};
    case '"': out.append('"'); return {};
    case '\\': out.append('\\'); return {};
    case 'u':
    case 'U': {
        const int digits = e == 'u' ? 4 : 8;
        char32_t cp = 0;
        for (int i = 0; i < digits; ++i) {
            const int h = cur();
            int v = -1;
            if (h >= '0' && h <= '9') {
                v = h - '0';
            } else if (h >= 'a' && h <= 'f') {
                v = h - 'a' + 10;
            } else if (h >= 'A' && h <= 'F') {
                v = h - 'A' + 10;
            }
            if (v < 0) {
                return fail(QStringLiteral("invalid unicode escape"));
            }
            cp = cp * 16 + char32_t(v);
            ++m_pos;
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return fail(QStringLiteral("invalid unicode escape"));
        }
        appendCodePoint(out, cp);
        return {};
    }
    default:
        m_pos -= 2;
        return fail(QStringLiteral("invalid escape"));
    }
}

std::expected<QStringList, LexError> Lexer::key(Span &span)
{
    QStringList parts;
    span.begin = m_pos;
    for (;;) {
        const int c = cur();
        if (c == '"') {
            if (at(m_pos + 1) == '"' && at(m_pos + 2) == '"') {
                return fail(QStringLiteral("a key cannot be a multi-line string"));
            }
            auto part = quotedString('"', false);
            if (!part) {
                return std::unexpected(part.error());
            }
            parts.append(*part);
        } else if (c == '\'') {
            if (at(m_pos + 1) == '\'' && at(m_pos + 2) == '\'') {
                return fail(QStringLiteral("a key cannot be a multi-line string"));
            }
            auto part = quotedString('\'', false);
            if (!part) {
                return std::unexpected(part.error());
            }
            parts.append(*part);
        } else if (isBareKeyChar(c)) {
            const qsizetype start = m_pos;
            while (isBareKeyChar(cur())) {
                ++m_pos;
            }
            parts.append(QString::fromLatin1(m_s.constData() + start, m_pos - start));
        } else {
            return fail(QStringLiteral("expected a key"));
        }
        span.end = m_pos;
        const qsizetype afterPart = m_pos;
        skipBlanks();
        if (cur() != '.') {
            m_pos = afterPart;
            return parts;
        }
        ++m_pos;
        skipBlanks();
    }
}

std::expected<Value, LexError> Lexer::value(int depth)
{
    if (depth > Source::maxNesting) {
        return fail(QStringLiteral("nested too deeply"));
    }
    Value result;
    result.span.begin = m_pos;
    const int c = cur();
    if (c == '"' || c == '\'') {
        const bool multiline = at(m_pos + 1) == c && at(m_pos + 2) == c;
        auto text = quotedString(char(c), multiline);
        if (!text) {
            return std::unexpected(text.error());
        }
        result.string = *text;
        result.kind = c == '"' ? (multiline ? Value::Kind::MultilineBasicString : Value::Kind::BasicString)
                               : (multiline ? Value::Kind::MultilineLiteralString : Value::Kind::LiteralString);
    } else if (c == '[') {
        result.kind = Value::Kind::Array;
        ++m_pos;
        for (;;) {
            skipArraySpace();
            if (cur() == ']') {
                ++m_pos;
                break;
            }
            auto element = value(depth + 1);
            if (!element) {
                return std::unexpected(element.error());
            }
            result.elements.push_back(std::move(*element));
            result.commas.push_back(Span{});
            skipArraySpace();
            if (cur() == ',') {
                result.commas.back() = Span{m_pos, m_pos + 1};
                ++m_pos;
            } else if (cur() == ']') {
                ++m_pos;
                break;
            } else {
                return fail(QStringLiteral("expected ',' or ']' in an array"));
            }
        }
    } else if (c == '{') {
        result.kind = Value::Kind::InlineTable;
        ++m_pos;
        skipBlanks();
        if (cur() == '}') {
            ++m_pos;
        } else {
            for (;;) {
                skipBlanks();
                auto entry = keyValue(depth + 1);
                if (!entry) {
                    return std::unexpected(entry.error());
                }
                result.entries.push_back(std::move(*entry));
                result.commas.push_back(Span{});
                skipBlanks();
                if (cur() == ',') {
                    result.commas.back() = Span{m_pos, m_pos + 1};
                    ++m_pos;
                } else if (cur() == '}') {
                    ++m_pos;
                    break;
                } else {
                    return fail(QStringLiteral("expected ',' or '}' in an inline table"));
                }
            }
        }
    } else {
        result.kind = Value::Kind::Other;
        while (!isScalarTerminator(cur())) {
            ++m_pos;
        }
        // A date-time may use a space between date and time: 1979-05-27 07:32:00.
        if (m_pos - result.span.begin == 10 && cur() == ' ' && isDigit(at(m_pos + 1)) && isDigit(at(m_pos + 2)) &&
            at(m_pos + 3) == ':' && at(result.span.begin + 4) == '-') {
            ++m_pos;
            while (!isScalarTerminator(cur())) {
                ++m_pos;
            }
        }
        if (m_pos == result.span.begin) {
            return fail(QStringLiteral("expected a value"));
        }
    }
    result.span.end = m_pos;
    return result;
}

std::expected<Entry, LexError> Lexer::keyValue(int depth)
{
    Entry entry;
    entry.entrySpan.begin = m_pos;
    auto parts = key(entry.keySpan);
    if (!parts) {
        return std::unexpected(parts.error());
    }
    entry.key = *parts;
    skipBlanks();
    if (cur() != '=') {
        return fail(QStringLiteral("expected '=' after a key"));
    }
    ++m_pos;
    skipBlanks();
    auto parsed = value(depth);
    if (!parsed) {
        return std::unexpected(parsed.error());
    }
    entry.value = std::move(*parsed);
    entry.entrySpan.end = m_pos;
    return entry;
}

std::expected<std::vector<Table>, LexError> Lexer::run()
{
    std::vector<Table> tables;
    tables.push_back(Table{});
    tables.back().isRoot = true;
    if (m_s.startsWith("\xEF\xBB\xBF")) {
        m_pos = 3;
    }
    while (m_pos < m_n) {
        const qsizetype lineStart = m_pos;
        skipBlanks();
        skipComment();
        if (cur() == endOfInput) {
            break;
        }
        if (atLineBreak()) {
            skipLineBreak();
            continue;
        }
        if (cur() == '[') {
            Table table;
            table.isArrayOfTables = at(m_pos + 1) == '[';
            m_pos += table.isArrayOfTables ? 2 : 1;
            skipBlanks();
            Span keySpan;
            auto name = key(keySpan);
            if (!name) {
                return std::unexpected(name.error());
            }
            table.name = *name;
            skipBlanks();
            if (cur() != ']' || (table.isArrayOfTables && at(m_pos + 1) != ']')) {
                return fail(QStringLiteral("expected ']' after a table name"));
            }
            m_pos += table.isArrayOfTables ? 2 : 1;
            if (auto finished = finishLine(); !finished) {
                return std::unexpected(finished.error());
            }
            table.headerLine = Span{lineStart, m_pos};
            tables.back().bodyEnd = lineStart;
            tables.push_back(std::move(table));
            continue;
        }
        auto entry = keyValue(1);
        if (!entry) {
            return std::unexpected(entry.error());
        }
        if (auto finished = finishLine(); !finished) {
            return std::unexpected(finished.error());
        }
        entry->lineSpan = Span{lineStart, m_pos};
        tables.back().entries.push_back(std::move(*entry));
    }
    tables.back().bodyEnd = m_n;
    return tables;
}

bool startsWith(const QStringList &list, const QStringList &prefix)
{
    if (prefix.size() > list.size()) {
        return false;
    }
    for (qsizetype i = 0; i < prefix.size(); ++i) {
        if (list.at(i) != prefix.at(i)) {
            return false;
        }
    }
    return true;
}

const Entry *findInEntries(const std::vector<Entry> &entries, const QStringList &base, const QStringList &path,
                           const Value *owner, const Value **inlineParent)
{
    for (const Entry &entry : entries) {
        const QStringList full = base + entry.key;
        if (full == path) {
            if (inlineParent) {
                *inlineParent = owner;
            }
            return &entry;
        }
        if (entry.value.kind == Value::Kind::InlineTable && full.size() < path.size() && startsWith(path, full)) {
            if (const Entry *found = findInEntries(entry.value.entries, full, path, &entry.value, inlineParent)) {
                return found;
            }
        }
    }
    return nullptr;
}

} // namespace

std::expected<Source, LexError> Source::lex(const QByteArray &content)
{
    Lexer lexer(content);
    auto tables = lexer.run();
    if (!tables) {
        return std::unexpected(tables.error());
    }
    Source source;
    source.m_content = content;
    source.m_tables = std::move(*tables);
    const qsizetype firstBreak = content.indexOf('\n');
    if (firstBreak > 0 && content.at(firstBreak - 1) == '\r') {
        source.m_lineBreak = QByteArrayLiteral("\r\n");
    }
    return source;
}

const Entry *Source::findEntry(const QStringList &path, const Table **table, const Value **inlineParent) const
{
    for (const Table &candidate : m_tables) {
        if (candidate.isArrayOfTables || candidate.name.size() >= path.size() || !startsWith(path, candidate.name)) {
            continue;
        }
        if (const Entry *found = findInEntries(candidate.entries, candidate.name, path, nullptr, inlineParent)) {
            if (table) {
                *table = &candidate;
            }
            return found;
        }
    }
    return nullptr;
}

const Value *Source::findValue(const QStringList &path) const
{
    const Entry *entry = findEntry(path);
    return entry ? &entry->value : nullptr;
}

const Table *Source::findTable(const QStringList &name) const
{
    for (const Table &table : m_tables) {
        if (!table.isRoot && !table.isArrayOfTables && table.name == name) {
            return &table;
        }
    }
    return nullptr;
}

bool Source::hasSectionBelow(const QStringList &path) const
{
    for (const Table &table : m_tables) {
        if (!table.isRoot && table.name.size() > path.size() && startsWith(table.name, path)) {
            return true;
        }
    }
    return false;
}

bool Source::isExplicitTable(const QStringList &path) const
{
    if (findTable(path)) {
        return true;
    }
    const Value *value = findValue(path);
    return value && value->kind == Value::Kind::InlineTable;
}

std::pair<int, int> Source::lineColumn(qsizetype offset) const
{
    offset = std::clamp<qsizetype>(offset, 0, m_content.size());
    int line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (m_content.at(i) == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    int column = 1;
    for (qsizetype i = lineStart; i < offset; ++i) {
        if ((static_cast<unsigned char>(m_content.at(i)) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

QByteArray formatKeyPart(const QString &part)
{
    bool bare = !part.isEmpty();
    for (const QChar c : part) {
        if (c.unicode() > 0x7F || !isBareKeyChar(c.unicode())) {
            bare = false;
            break;
        }
    }
    return bare ? part.toLatin1() : formatString(part, Value::Kind::BasicString);
}

QByteArray formatKey(const QStringList &parts)
{
    QByteArray result;
    for (const QString &part : parts) {
        if (!result.isEmpty()) {
            result += '.';
        }
        result += formatKeyPart(part);
    }
    return result;
}

namespace {

bool hasControl(const QString &text, bool allowLineBreak)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\t' || (allowLineBreak && u == u'\n')) {
            continue;
        }
        if (u < 0x20 || u == 0x7F) {
            return true;
        }
    }
    return false;
}

QByteArray escapeBasic(const QString &text, bool multiline, const QByteArray &lineBreak)
{
    QByteArray out;
    const QByteArray utf8 = text.toUtf8();
    out.reserve(utf8.size() + 2);
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        case '\n': out += multiline ? lineBreak : QByteArray("\\n"); break;
        default:
            if (c < 0x20 || c == 0x7F) {
                out += QByteArray("\\u00") + QByteArray::number(c, 16).rightJustified(2, '0').toUpper();
            } else {
                out += ch;
            }
        }
    }
    return out;
}

} // namespace

QByteArray formatString(const QString &text, Value::Kind style, const QByteArray &lineBreak)
{
    switch (style) {
    case Value::Kind::LiteralString:
        if (!text.contains(u'\'') && !hasControl(text, false)) {
            return '\'' + text.toUtf8() + '\'';
        }
        break;
    case Value::Kind::MultilineLiteralString:
        if (!text.contains(QStringLiteral("'''")) && !text.endsWith(u'\'') && !hasControl(text, true)) {
            QByteArray body = text.toUtf8();
            body.replace("\n", lineBreak);
            return "'''" + (text.startsWith(u'\n') ? lineBreak : QByteArray()) + body + "'''";
        }
        return "\"\"\"" + (text.startsWith(u'\n') ? lineBreak : QByteArray()) + escapeBasic(text, true, lineBreak) +
               "\"\"\"";
    case Value::Kind::MultilineBasicString:
        return "\"\"\"" + (text.startsWith(u'\n') ? lineBreak : QByteArray()) + escapeBasic(text, true, lineBreak) +
               "\"\"\"";
    default:
        break;
    }
    return '"' + escapeBasic(text, false, lineBreak) + '"';
}

} // namespace Project::Toml
