// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <expected>
#include <vector>

namespace Project::Toml {

// A byte range [begin, end) in the document.
struct Span {
    qsizetype begin = -1;
    qsizetype end = -1;
    [[nodiscard]] bool isValid() const { return begin >= 0 && end >= begin; }
    [[nodiscard]] qsizetype size() const { return end - begin; }
};

struct Entry;

// One value as written: where it is, how it is spelled, and for containers where each part is.
struct Value {
    enum class Kind { BasicString, LiteralString, MultilineBasicString, MultilineLiteralString, Other, Array, InlineTable };
    Kind kind = Kind::Other;
    Span span;       // the whole value, delimiters included
    QString string;  // decoded, for the string kinds
    // Arrays: the elements, and for each the comma that follows it (invalid span when none).
    std::vector<Value> elements;
    std::vector<Span> commas;
    // Inline tables: the key/value pairs, and for each the comma that follows it.
    std::vector<Entry> entries;

    [[nodiscard]] bool isString() const { return kind <= Kind::MultilineLiteralString; }
};

// A key/value pair: `key.parts = value  # comment`.
struct Entry {
    QStringList key;  // decoded dotted key parts, relative to the enclosing table
    Span keySpan;     // the key as written
    Span entrySpan;   // key start to value end
    // For entries directly in a table (not inline): from the start of the line (indentation
    // included) to after the line break, or to the end of the document when it has none.
    Span lineSpan;
    Value value;
};

// A `[table]` or `[[array.of.tables]]` section, or the root (no header) before the first one.
struct Table {
    QStringList name;
    bool isArrayOfTables = false;
    bool isRoot = false;
    Span headerLine;  // the header's whole line, line break included (invalid for the root)
    std::vector<Entry> entries;
    qsizetype bodyEnd = 0; // where the next header line starts (or the end of the document)
};

struct LexError {
    qsizetype offset = 0;
    QString message;
};

/**
 * The layout of a TOML document down to bytes: where each table header, key, value, array
 * element, comma and line is. toml++ reports only where a node begins and forgets comments
 * and formatting, so it cannot tell what to replace to change one value without rewriting
 * the rest; this lexer can, and the editor splices new text into exactly these ranges.
 *
 * It accepts TOML 1.0 as written by people; the caller parses with toml++ first for full
 * validation and treats a lexer failure as "not editable". Input of any shape is safe:
 * nesting is capped and errors are values. Plain value type, immutable after lex().
 */
class Source final
{
public:
    [[nodiscard]] static std::expected<Source, LexError> lex(const QByteArray &content);

    [[nodiscard]] const QByteArray &content() const { return m_content; }
    [[nodiscard]] const std::vector<Table> &tables() const { return m_tables; }
    // The document's line break ("\r\n" when its first line break is one, else "\n").
    [[nodiscard]] const QByteArray &lineBreak() const { return m_lineBreak; }

    // The value at an absolute key path, from a table entry or from inside an inline table.
    // nullptr when the path is not written as a value (absent, or a [table] section).
    [[nodiscard]] const Value *findValue(const QStringList &path) const;
    // The entry holding that value (same lookup), with the table it is in.
    [[nodiscard]] const Entry *findEntry(const QStringList &path, const Table **table = nullptr,
                                         const Value **inlineParent = nullptr) const;
    // The [section] with exactly this name (not an array of tables).
    [[nodiscard]] const Table *findTable(const QStringList &name) const;
    // True when some header or array-of-tables header lies strictly below path.
    [[nodiscard]] bool hasSectionBelow(const QStringList &path) const;
    // True when path is written explicitly as a table: a [section] or an inline table.
    [[nodiscard]] bool isExplicitTable(const QStringList &path) const;

    // 1-based line and column (in characters) of a byte offset.
    [[nodiscard]] std::pair<int, int> lineColumn(qsizetype offset) const;

    static constexpr int maxNesting = 128;

private:
    QByteArray m_content;
    QByteArray m_lineBreak = QByteArrayLiteral("\n");
    std::vector<Table> m_tables;
};

// How a key part must be written in TOML: bare when it can be, else as a basic string.
[[nodiscard]] QByteArray formatKeyPart(const QString &part);
[[nodiscard]] QByteArray formatKey(const QStringList &parts);
// A TOML string literal for text. preferLiteral asks for '...' when the text allows it;
// multiline asks for """...""" with real line breaks (written as lineBreak).
[[nodiscard]] QByteArray formatString(const QString &text, Value::Kind style, const QByteArray &lineBreak = "\n");

} // namespace Project::Toml
