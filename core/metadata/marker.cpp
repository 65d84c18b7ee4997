// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/metadata/marker.h"

#include <QSet>
#include <QStringBuilder>

#include <algorithm>

#include "core/metadata/name.h"
#include "core/metadata/pep508.h"
#include "core/metadata/pytext.h"
#include "core/metadata/specifier.h"
#include "core/metadata/version.h"

namespace Metadata {

using Detail::MarkerNode;
using Detail::MarkerValue;
using Detail::Pep508Tokenizer;

namespace {

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9') {
        return u - u'0';
    }
    if (u >= u'a' && u <= u'f') {
        return u - u'a' + 10;
    }
    if (u >= u'A' && u <= u'F') {
        return u - u'A' + 10;
    }
    return -1;
}

// The value of a Python string literal body, as ast.literal_eval gives it (packaging evaluates
// marker strings that way): backslash escapes are processed; a raw line break, a raw NUL or a
// backslash before the closing quote make the literal invalid. Named escapes (\N{...}) are not
// supported.
std::expected<QString, QString> decodePythonString(QStringView body)
{
    QString value;
    value.reserve(body.size());
    for (qsizetype i = 0; i < body.size(); ++i) {
        const QChar c = body[i];
        if (c == u'\n' || c == u'\r') {
            return std::unexpected(QStringLiteral("A quoted string may not contain a line break"));
        }
        if (c == u'\0') {
            return std::unexpected(QStringLiteral("A quoted string may not contain a NUL character"));
        }
        if (c != u'\\') {
            value.append(c);
            continue;
        }
        if (i + 1 >= body.size()) {
            return std::unexpected(QStringLiteral("A backslash may not escape the closing quote"));
        }
        const QChar e = body[++i];
        switch (e.unicode()) {
        case u'\n':
            break; // line continuation
        case u'\\':
        case u'\'':
        case u'"':
            value.append(e);
            break;
        case u'a':
            value.append(QChar(0x07));
            break;
        case u'b':
            value.append(QChar(0x08));
            break;
        case u'f':
            value.append(QChar(0x0C));
            break;
        case u'n':
            value.append(QChar(0x0A));
            break;
        case u'r':
            value.append(QChar(0x0D));
            break;
        case u't':
            value.append(QChar(0x09));
            break;
        case u'v':
            value.append(QChar(0x0B));
            break;
        case u'0':
        case u'1':
        case u'2':
        case u'3':
        case u'4':
        case u'5':
        case u'6':
        case u'7': {
            char32_t code = e.unicode() - u'0';
            for (int digits = 1; digits < 3 && i + 1 < body.size() && body[i + 1] >= u'0' && body[i + 1] <= u'7';
                 ++digits) {
                code = code * 8 + (body[++i].unicode() - u'0');
            }
            value.append(QChar(char16_t(code)));
            break;
        }
        case u'x':
        case u'u':
        case u'U': {
            const int width = e == u'x' ? 2 : (e == u'u' ? 4 : 8);
            char32_t code = 0;
            for (int digit = 0; digit < width; ++digit) {
                const int v = i + 1 < body.size() ? hexValue(body[i + 1]) : -1;
                if (v < 0) {
                    return std::unexpected(
                        QStringLiteral("The escape \\%1 needs %2 hexadecimal digits").arg(e).arg(width));
                }
                code = code * 16 + char32_t(v);
                ++i;
            }
            if (code > 0x10FFFF) {
                return std::unexpected(QStringLiteral("The escape \\U%1 is beyond the last Unicode code point")
                                           .arg(qulonglong(code), 8, 16, QLatin1Char('0')));
            }
            if (QChar::requiresSurrogates(code)) {
                value.append(QChar(QChar::highSurrogate(code)));
                value.append(QChar(QChar::lowSurrogate(code)));
            } else {
                value.append(QChar(char16_t(code)));
            }
            break;
        }
        case u'N':
            return std::unexpected(QStringLiteral("Named escapes (\\N{...}) are not supported in markers"));
        default:
            // Python keeps unknown escapes as written.
            value.append(u'\\');
            value.append(e);
            break;
        }
    }
    return value;
}

// str(Value) in packaging is '"' + value + '"'. That reads back only when the value has no '"',
// backslash, line break, NUL or lone surrogate; otherwise write escapes that literal_eval undoes.
QString quoteValue(const QString &value)
{
    const auto needsEscape = [](QChar c) {
        return c == u'"' || c == u'\\' || c == u'\n' || c == u'\r' || c == u'\0' || c.isSurrogate();
    };
    if (std::none_of(value.begin(), value.end(), needsEscape)) {
        return u'"' % value % u'"';
    }
    QString quoted = QStringLiteral("\"");
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value[i];
        if (c.isHighSurrogate() && i + 1 < value.size() && value[i + 1].isLowSurrogate()) {
            quoted += c;
            quoted += value[++i];
        } else if (c == u'\\') {
            quoted += QStringLiteral("\\\\");
        } else if (c == u'\n') {
            quoted += QStringLiteral("\\n");
        } else if (c == u'\r') {
            quoted += QStringLiteral("\\r");
        } else if (needsEscape(c)) {
            quoted += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        } else {
            quoted += c;
        }
    }
    return quoted + u'"';
}

QString serializeValue(const MarkerValue &value)
{
    return value.isVariable ? value.text : quoteValue(value.text);
}

QString formatNode(const MarkerNode &node, bool first)
{
    if (!node.isGroup) {
        return serializeValue(node.lhs) % u' ' % node.op % u' ' % serializeValue(node.rhs);
    }
    // packaging drops the parentheses of a single-item group. It also resets "first" there,
    // which can drop needed parentheses ("((a or b)) and c"); we keep them.
    if (node.children.size() == 1) {
        return formatNode(node.children.front(), first);
    }
    QString text;
    for (size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) {
            text += node.joinedByOr[i - 1] ? QStringLiteral(" or ") : QStringLiteral(" and ");
        }
        text += formatNode(node.children[i], false);
    }
    return first ? text : u'(' % text % u')';
}

int compareStrings(const QString &a, const QString &b)
{
    return Detail::compareCodePoints(a, b);
}

bool evaluateOperator(const QString &lhs, const QString &op, const QString &rhs)
{
    if (const auto specifier = Specifier::parse(QString(op + rhs))) {
        if (const auto version = Version::parse(lhs)) {
            return specifier->contains(*version, PrereleasePolicy::Allow);
        }
        // packaging raises InvalidVersion here; PEP 508 says to fall back to string comparison.
    }
    if (op == u"in") {
        return rhs.contains(lhs);
    }
    if (op == u"not in") {
        return !rhs.contains(lhs);
    }
    if (op == u"==") {
        return lhs == rhs;
    }
    if (op == u"!=") {
        return lhs != rhs;
    }
    if (op == u"<") {
        return compareStrings(lhs, rhs) < 0;
    }
    if (op == u"<=") {
        return compareStrings(lhs, rhs) <= 0;
    }
    if (op == u">") {
        return compareStrings(lhs, rhs) > 0;
    }
    if (op == u">=") {
        return compareStrings(lhs, rhs) >= 0;
    }
    return false; // "~=" and "===" have no string meaning (packaging: UndefinedComparison)
}

bool evaluateNode(const MarkerNode &node, const QHash<QString, QString> &environment)
{
    if (!node.isGroup) {
        QString key;
        QString lhs;
        QString rhs;
        if (node.lhs.isVariable) {
            key = node.lhs.text;
            lhs = environment.value(key);
            rhs = node.rhs.text;
        } else {
            lhs = node.lhs.text;
            key = node.rhs.text;
            rhs = environment.value(key);
        }
        if (key == u"extra") {
            lhs = normalizeName(lhs);
            rhs = normalizeName(rhs);
        }
        return evaluateOperator(lhs, node.op, rhs);
    }
    // "and" binds tighter than "or": any group of and-ed items all true.
    bool current = true;
    for (size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0 && node.joinedByOr[i - 1]) {
            if (current) {
                return true;
            }
            current = true;
        }
        if (current) {
            current = evaluateNode(node.children[i], environment);
        }
    }
    return current;
}

void collectExtras(const MarkerNode &node, QStringList *extras, QSet<QString> *seen)
{
    if (node.isGroup) {
        for (const MarkerNode &child : node.children) {
            collectExtras(child, extras, seen);
        }
        return;
    }
    const MarkerValue *literal = nullptr;
    if (node.lhs.isVariable && node.lhs.text == u"extra" && !node.rhs.isVariable) {
        literal = &node.rhs;
    } else if (node.rhs.isVariable && node.rhs.text == u"extra" && !node.lhs.isVariable) {
        literal = &node.lhs;
    }
    if (literal) {
        const QString extra = normalizeName(literal->text);
        if (!seen->contains(extra)) {
            seen->insert(extra);
            extras->append(extra);
        }
    }
}

void collectVariables(const MarkerNode &node, QStringList *variables)
{
    if (node.isGroup) {
        for (const MarkerNode &child : node.children) {
            collectVariables(child, variables);
        }
        return;
    }
    for (const MarkerValue *value : {&node.lhs, &node.rhs}) {
        if (value->isVariable && !variables->contains(value->text)) {
            variables->append(value->text);
        }
    }
}

class Parser final
{
public:
    explicit Parser(Pep508Tokenizer &tokenizer)
        : m_tokenizer(tokenizer)
    {
    }

    // marker = marker_atom (BOOLOP marker_atom)*
    bool parseMarker(MarkerNode *group)
    {
        group->isGroup = true;
        MarkerNode atom;
        if (!parseAtom(&atom)) {
            return false;
        }
        group->children.push_back(std::move(atom));
        while (true) {
            const qsizetype orLength = m_tokenizer.matchWord(QLatin1StringView("or"));
            const qsizetype andLength = orLength ? 0 : m_tokenizer.matchWord(QLatin1StringView("and"));
            if (!orLength && !andLength) {
                return true;
            }
            m_tokenizer.take(orLength + andLength);
            MarkerNode next;
            if (!parseAtom(&next)) {
                return false;
            }
            group->joinedByOr.push_back(orLength > 0);
            group->children.push_back(std::move(next));
        }
    }

private:
    // marker_atom = WS? '(' WS? marker WS? ')' WS? | WS? marker_item WS?
    bool parseAtom(MarkerNode *atom)
    {
        m_tokenizer.skipWhitespace();
        if (m_tokenizer.atChar(u'(')) {
            if (m_depth >= Marker::kMaxNesting) {
                m_tokenizer.fail(QStringLiteral("Parentheses nest deeper than %1 levels").arg(Marker::kMaxNesting));
                return false;
            }
            m_tokenizer.take(1);
            m_tokenizer.skipWhitespace();
            ++m_depth;
            const bool ok = parseMarker(atom);
            --m_depth;
            if (!ok) {
                return false;
            }
            m_tokenizer.skipWhitespace();
            if (!m_tokenizer.atChar(u')')) {
                m_tokenizer.fail(QStringLiteral("Expected closing ')'"));
                return false;
            }
            m_tokenizer.take(1);
        } else if (!parseItem(atom)) {
            return false;
        }
        m_tokenizer.skipWhitespace();
        return true;
    }

    // marker_item = WS? marker_var WS? marker_op WS? marker_var WS?
    bool parseItem(MarkerNode *item)
    {
        m_tokenizer.skipWhitespace();
        if (!parseValue(&item->lhs)) {
            return false;
        }
        m_tokenizer.skipWhitespace();
        if (!parseOperator(&item->op)) {
            return false;
        }
        m_tokenizer.skipWhitespace();
        if (!parseValue(&item->rhs)) {
            return false;
        }
        m_tokenizer.skipWhitespace();
        return true;
    }

    bool parseValue(MarkerValue *value)
    {
        if (const qsizetype length = m_tokenizer.matchVariable()) {
            QString name = m_tokenizer.take(length).toString().replace(u'.', u'_');
            if (name == u"python_implementation") {
                name = QStringLiteral("platform_python_implementation");
            }
            value->isVariable = true;
            value->text = std::move(name);
            return true;
        }
        if (const qsizetype length = m_tokenizer.matchQuotedString()) {
            const qsizetype start = m_tokenizer.position();
            const QStringView token = m_tokenizer.take(length);
            auto decoded = decodePythonString(token.sliced(1, token.size() - 2));
            if (!decoded) {
                m_tokenizer.setPosition(start); // report at the string
                m_tokenizer.fail(decoded.error());
                return false;
            }
            value->isVariable = false;
            value->text = std::move(*decoded);
            return true;
        }
        m_tokenizer.fail(QStringLiteral("Expected a marker variable or quoted string"));
        return false;
    }

    // marker_op = IN | NOT WS IN | OP
    bool parseOperator(QString *op)
    {
        if (const qsizetype length = m_tokenizer.matchWord(QLatin1StringView("in"))) {
            m_tokenizer.take(length);
            *op = QStringLiteral("in");
            return true;
        }
        if (const qsizetype length = m_tokenizer.matchWord(QLatin1StringView("not"))) {
            m_tokenizer.take(length);
            const qsizetype space = m_tokenizer.matchWhitespace();
            if (!space) {
                m_tokenizer.fail(QStringLiteral("Expected whitespace after 'not'"));
                return false;
            }
            m_tokenizer.take(space);
            const qsizetype in = m_tokenizer.matchWord(QLatin1StringView("in"));
            if (!in) {
                m_tokenizer.fail(QStringLiteral("Expected 'in' after 'not'"));
                return false;
            }
            m_tokenizer.take(in);
            *op = QStringLiteral("not in");
            return true;
        }
        if (const qsizetype length = m_tokenizer.matchOperator()) {
            *op = m_tokenizer.take(length).toString();
            return true;
        }
        m_tokenizer.fail(QStringLiteral("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in"));
        return false;
    }

    Pep508Tokenizer &m_tokenizer;
    int m_depth = 0;
};

// packaging's _normalize_extra_values: the first item, if it compares `extra`, gets its value
// normalized (only that one; evaluation normalizes all of them anyway).
void normalizeFirstExtra(MarkerNode *root)
{
    if (root->children.empty() || root->children.front().isGroup) {
        return;
    }
    MarkerNode &first = root->children.front();
    if (first.lhs.isVariable && first.lhs.text == u"extra") {
        first.rhs = MarkerValue{false, normalizeName(first.rhs.text)};
    } else if (first.rhs.isVariable && first.rhs.text == u"extra") {
        first.lhs = MarkerValue{false, normalizeName(first.lhs.text)};
    }
}

} // namespace

std::optional<Marker> Detail::MarkerParser::parseMarker(Pep508Tokenizer &tokenizer)
{
    auto root = std::make_shared<MarkerNode>();
    Parser parser(tokenizer);
    if (!parser.parseMarker(root.get())) {
        return std::nullopt;
    }
    normalizeFirstExtra(root.get());
    Marker marker;
    marker.m_root = std::move(root);
    return marker;
}

std::expected<Marker, QString> Marker::parse(QStringView text)
{
    Pep508Tokenizer tokenizer(text);
    std::optional<Marker> marker = Detail::MarkerParser::parseMarker(tokenizer);
    if (marker && !tokenizer.atEnd()) {
        tokenizer.fail(QStringLiteral("Expected end of marker expression"));
    }
    if (tokenizer.hasError()) {
        return std::unexpected(QStringLiteral("Invalid marker '%1': %2").arg(text.toString(), tokenizer.error()));
    }
    return *marker;
}

bool Marker::evaluate(const QHash<QString, QString> &environment) const
{
    return m_root && evaluateNode(*m_root, environment);
}

QString Marker::toString() const
{
    return m_root ? formatNode(*m_root, true) : QString();
}

QStringList Marker::extrasReferenced() const
{
    QStringList extras;
    QSet<QString> seen;
    if (m_root) {
        collectExtras(*m_root, &extras, &seen);
    }
    return extras;
}

QStringList Marker::variablesReferenced() const
{
    QStringList variables;
    if (m_root) {
        collectVariables(*m_root, &variables);
    }
    return variables;
}

} // namespace Metadata
