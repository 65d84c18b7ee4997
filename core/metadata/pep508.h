// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to the metadata module: the context-sensitive tokenizer of packaging's PEP 508
// parser (packaging/_tokenizer.py) and the marker tree, shared by Marker and Requirement.

#include <QString>
#include <QStringView>

#include <optional>
#include <vector>

#include "core/metadata/marker.h"
#include "core/metadata/specifierscan.h"

namespace Metadata::Detail {

struct MarkerValue {
    bool isVariable = false;
    QString text; // canonical variable name, or the decoded string literal
};

struct MarkerNode {
    bool isGroup = false;
    // An item: lhs op rhs.
    MarkerValue lhs;
    QString op; // "==", "in", "not in", ...
    MarkerValue rhs;
    // A group (the whole marker or a parenthesized one): children joined by "and"/"or".
    std::vector<MarkerNode> children;
    std::vector<bool> joinedByOr; // between children[i] and children[i + 1]
};

// Positions are UTF-16 indexes into the source; messages report 1-based code point columns.
// Token matchers return the token length at the current position (0: no match) and consume
// nothing; take() consumes.
class Pep508Tokenizer final
{
public:
    explicit Pep508Tokenizer(QStringView source)
        : m_source(source)
    {
    }

    QStringView source() const { return m_source; }
    qsizetype position() const { return m_position; }
    void setPosition(qsizetype position) { m_position = position; }

    bool hasError() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    // Records the first error only: "<message> at column N" (N for the current position).
    void fail(const QString &message);
    int column(qsizetype position) const;

    // packaging's END rule is the regex "$": the end, or just before a final "\n".
    bool atEnd() const;
    bool atChar(QChar c) const { return m_position < m_source.size() && m_source[m_position] == c; }
    qsizetype matchWhitespace() const; // [ \t]+
    void skipWhitespace() { take(matchWhitespace()); }
    qsizetype matchIdentifier() const; // \b[a-zA-Z0-9][a-zA-Z0-9._-]*\b
    qsizetype matchVariable() const;   // marker variable names, with word boundaries
    qsizetype matchQuotedString() const;
    qsizetype matchOperator() const;   // === == ~= != <= >= < >
    qsizetype matchWord(QLatin1StringView word) const; // \bword\b
    qsizetype matchUrl() const;        // [^ \t]+
    SpecifierMatch matchSpecifier() const;

    QStringView take(qsizetype length);

private:
    bool isWordBoundary(qsizetype position) const;

    QStringView m_source;
    qsizetype m_position = 0;
    QString m_error;
};

// Recursive-descent marker parser (packaging/_parser.py), with a nesting cap.
struct MarkerParser {
    // _parse_marker at the tokenizer's position (no END check). nullopt on error (see tokenizer).
    static std::optional<Marker> parseMarker(Pep508Tokenizer &tokenizer);
};

} // namespace Metadata::Detail
