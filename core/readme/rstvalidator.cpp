// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/readme/rstvalidator.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <optional>

#include "core/readme/htmlpolicy.h"
#include "core/readme/renderer.h"
#include "core/readme/rstinlinepatterns.h"
#include "core/readme/sanitizer.h"

// Every rule below mirrors docutils 0.19 (docutils/parsers/rst/states.py and the directives
// named); the comments name the docutils function a piece of code follows. Whatever docutils
// would treat in a way this file does not reproduce ends the validation with NeedsDocutils.

using namespace Qt::StringLiterals;

namespace Readme {

namespace {

constexpr int MaxNesting = 40;
// QRegularExpression reports a PCRE2 resource error (JIT stack) as "no match", which would read
// as "no markup here"; paragraphs and lines are kept far below where that could happen.
constexpr qsizetype MaxInlineText = 4096;
// Larger descriptions go to docutils, which reports them as before.
constexpr qsizetype MaxSourceCharacters = maxSourceBytes / 4;

struct Line {
    QString text;
    int number = 0; // 1-based line in the description
};
using Block = QList<Line>;

enum class Element {
    Paragraph,
    Visible,   // any other element that shows on the page
    Invisible, // comments, targets, substitution definitions
};

QRegularExpression compiled(const QString &pattern)
{
    QRegularExpression expression(pattern);
    expression.optimize();
    return expression;
}

QRegularExpression compiled(const char *pattern)
{
    return compiled(QString::fromLatin1(pattern));
}

// states.Body.pats: an enumerator ("1", "a", "iv", "#"), an option ("-v", "--name=<x>", "/V").
QString enumeration()
{
    return u"([0-9]+|[a-z]|[A-Z]|[ivxlcdm]+|[IVXLCDM]+|#)"_s;
}

QString optionPattern()
{
    const QString argument = u"([a-zA-Z][a-zA-Z0-9_-]*|<[^<>]+>)"_s;
    return u"((-|\\+)[a-zA-Z0-9]( ?%1)?|(--|/)[a-zA-Z0-9][a-zA-Z0-9_-]*([ =]%1)?)"_s.arg(argument);
}

// The patterns of docutils' Body state (states.Body.patterns) and explicit constructs, and the
// generated inline patterns.
struct Patterns {
    QRegularExpression initial = compiled(RstInlinePatterns::initial);
    QRegularExpression emphasis = compiled(RstInlinePatterns::emphasis);
    QRegularExpression strong = compiled(RstInlinePatterns::strong);
    QRegularExpression interpreted = compiled(RstInlinePatterns::interpretedOrPhraseRef);
    QRegularExpression embeddedLink = compiled(RstInlinePatterns::embeddedLink);
    QRegularExpression literal = compiled(RstInlinePatterns::literal);
    QRegularExpression substitutionRef = compiled(RstInlinePatterns::substitutionRef);
    QRegularExpression email = compiled(RstInlinePatterns::email);
    QRegularExpression uri = compiled(RstInlinePatterns::uri);

    QRegularExpression bullet = compiled(u"^[-+*\u2022\u2023\u2043]( +|$)"_s);
    QRegularExpression enumerator = compiled(u"^((?<parens>\\(%1\\))|(?<rparen>%1\\))|(?<period>%1\\.))( +|$)"_s.arg(enumeration()));
    QRegularExpression fieldMarker = compiled(u"^:(?![: ])([^:\\\\]|\\\\.|:(?!([ `]|$)))*(?<! ):( +|$)"_s);
    QRegularExpression optionMarker = compiled(u"^(%1(, %1)*(  +| ?$))"_s.arg(optionPattern()));
    QRegularExpression doctest = compiled(u"^>>>( +|$)"_s);
    QRegularExpression lineBlock = compiled(u"^\\|( +|$)"_s);
    QRegularExpression gridTableTop = compiled(u"^\\+-[-+]+-\\+ *$"_s);
    QRegularExpression simpleTableTop = compiled(u"^=+( +=+)+ *$"_s);
    QRegularExpression explicitMarkup = compiled(u"^\\.\\.( +|$)"_s);
    QRegularExpression anonymous = compiled(u"^__( +|$)"_s);
    QRegularExpression line = compiled(u"^([!-/:-@[-`{-~])\\1* *$"_s);

    // Explicit constructs, on the text after ".. ".
    QRegularExpression targetStart = compiled(u"^_(?![ ]|$)"_s);
    QRegularExpression substitutionStart = compiled(u"^\\|(?![ ]|$)"_s);
    // states.Body.hyperlink_target, for ASCII text without line breaks.
    QRegularExpression targetName = compiled(
        u"^((?!_)(?<quote>`?)(?![ `])(?<name>.+?)(?<![ \\x{0}])(?P=quote))(?<!(?<!\\x{0}):)(?<![ \\x{0}])[ ]?:([ ]+|$)"_s);
    // states.Body.explicit.patterns.substitution, for ASCII text.
    QRegularExpression substitutionName = compiled(u"^((?![ ])(?<name>.+?)(?<![ \\x{0}])\\|)([ ]+|$)"_s);
    // Directive names restricted to ASCII simple names; any other "::" goes to docutils.
    QRegularExpression directive = compiled(u"^([A-Za-z0-9]+(?:[-._+:][A-Za-z0-9]+)*)[ ]?::([ ]+|$)"_s);
    QRegularExpression option = compiled(u"^:([a-z]+):( +(.*))?$"_s);
    // directives.get_measure() on what length_or_unitless and length_or_percentage_or_unitless accept.
    QRegularExpression height = compiled(u"^[0-9]+(\\.[0-9]+)? *(em|ex|px|in|cm|mm|pt|pc)?$"_s);
    QRegularExpression width = compiled(u"^[0-9]+(\\.[0-9]+)? *(em|ex|px|in|cm|mm|pt|pc|%)?$"_s);
    // states.Text.paragraph: a paragraph that ends with an unescaped "::".
    QRegularExpression literalNext = compiled(u"(?<!\\\\)(\\\\\\\\)*::$"_s);
    QRegularExpression fieldName = compiled(u"^[A-Za-z0-9][A-Za-z0-9 .-]*$"_s);
    QRegularExpression languageName = compiled(u"^[A-Za-z0-9][A-Za-z0-9+#._-]*$"_s);

    QSet<QString> schemes;

    Patterns()
    {
        for (const char *scheme : RstInlinePatterns::uriSchemes) {
            schemes.insert(QString::fromLatin1(scheme));
        }
    }
};

const Patterns &patterns()
{
    static const Patterns instance;
    return instance;
}

bool isAsciiLetterOrDigit(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
}

bool isAscii(QStringView text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c.unicode() < 0x80; });
}

// docutils.utils.escape2null
QString escapeToNull(const QString &text)
{
    QString result;
    result.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'\\') {
            result += QChar(0);
            if (i + 1 < text.size()) {
                result += text.at(i + 1);
            }
            ++i;
        } else {
            result += text.at(i);
        }
    }
    return result;
}

// docutils.utils.unescape(text, restore_backslashes)
QString unescape(QString text, bool restoreBackslashes = false)
{
    if (restoreBackslashes) {
        return text.replace(QChar(0), u'\\');
    }
    text.remove(QString(QChar(0)) + u' ');
    text.remove(QString(QChar(0)) + u'\n');
    text.remove(QChar(0));
    return text;
}

// docutils.nodes.fully_normalize_name; only called on ASCII text.
QString normalizeName(const QString &name)
{
    return name.simplified().toLower();
}

bool isBlank(const QString &text)
{
    return text.trimmed().isEmpty();
}

// An upper bound of docutils.utils.column_width(), where East Asian wide and fullwidth
// characters count 2: 1 for ASCII and for blocks that hold no such character in any Unicode
// version (Latin, combining marks, Cyrillic, general punctuation), 2 for anything else.
qsizetype columnWidthBound(const QString &text)
{
    qsizetype width = 0;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        const bool narrow = u < 0x80 || (u >= 0xA0 && u <= 0x36F) || (u >= 0x400 && u <= 0x4FF)
            || (u >= 0x2010 && u <= 0x2027) || (u >= 0x2030 && u <= 0x205E);
        width += narrow ? 1 : 2;
    }
    return width;
}

// docutils.statemachine.StringList.get_indented.
struct Indented {
    Block block;
    qsizetype end = 0;
    bool blankFinish = true;
};

Indented getIndented(const Block &lines, qsizetype start, bool untilBlank, std::optional<qsizetype> blockIndent,
                     std::optional<qsizetype> firstIndent)
{
    qsizetype indent = blockIndent.value_or(-1);
    qsizetype end = start;
    if (blockIndent && !firstIndent) {
        firstIndent = blockIndent;
    }
    if (firstIndent) {
        ++end;
    }
    Indented result;
    result.blankFinish = true;
    const qsizetype last = lines.size();
    while (end < last) {
        const QString &line = lines.at(end).text;
        if (!line.isEmpty()
            && (line.at(0) != u' ' || (blockIndent && !isBlank(line.left(*blockIndent))))) {
            result.blankFinish = end > start && isBlank(lines.at(end - 1).text);
            break;
        }
        qsizetype stripped = 0;
        while (stripped < line.size() && line.at(stripped) == u' ') {
            ++stripped;
        }
        if (stripped == line.size()) {
            if (untilBlank) {
                result.blankFinish = true;
                break;
            }
        } else if (!blockIndent) {
            indent = indent < 0 ? stripped : std::min(indent, stripped);
        }
        ++end;
    }
    result.end = end;
    result.block = lines.mid(start, end - start);
    if (firstIndent && !result.block.isEmpty()) {
        result.block[0].text = result.block[0].text.mid(*firstIndent);
    }
    if (indent > 0) {
        for (qsizetype i = firstIndent ? 1 : 0; i < result.block.size(); ++i) {
            result.block[i].text = result.block[i].text.mid(indent);
        }
    }
    return result;
}

void trimBlankEdges(Block &block)
{
    while (!block.isEmpty() && isBlank(block.first().text)) {
        block.removeFirst();
    }
    while (!block.isEmpty() && isBlank(block.last().text)) {
        block.removeLast();
    }
}

struct SubstitutionImage {
    QString uri;
    QString target;     // empty: none
    QString targetName; // :target: `name`_ (normalized); empty: none
};

struct Event {
    enum class Kind {
        Link,         // <a href=value>
        NamedLink,    // a reference by name, resolved at the end
        Image,        // <img src=value>, in <a href=target> when target is set
        Substitution, // |value|, linked to the target named link when set
    };
    Kind kind = Kind::Link;
    QString value;
    QString target;
    QString link;
    int line = 0;
};

class Validator
{
public:
    RstValidation run(const QString &source)
    {
        RstValidation result;
        Block lines;
        if (!splitLines(source, lines) || !parseBody(lines, true, nullptr, 0) || !checkVisible()) {
            result.reason = m_reason;
            result.line = m_line;
            return result;
        }
        QString html;
        if (!resolve(html)) {
            result.reason = m_reason;
            result.line = m_line;
            return result;
        }
        SanitizeOptions options;
        options.reportMarkup = false; // as rstResultFromHelperOutput()
        result.findings = sanitizeHtml(html, HtmlPolicy::pypi(), options).findings;
        std::stable_sort(result.findings.begin(), result.findings.end(),
                         [](const Finding &a, const Finding &b) { return a.line < b.line; });
        result.verdict = RstValidation::Verdict::Clean;
        return result;
    }

private:
    bool fail(const QString &reason, int line)
    {
        if (m_reason.isEmpty()) {
            m_reason = reason;
            m_line = line;
        }
        return false;
    }

    // docutils.statemachine.string2lines, on text it surely treats like this.
    bool splitLines(const QString &source, Block &lines)
    {
        if (source.size() > MaxSourceCharacters) {
            return fail(u"too large"_s, 0);
        }
        int number = 1;
        QString current;
        int column = 0;
        auto flush = [&] {
            qsizetype end = current.size();
            while (end > 0 && current.at(end - 1) == u' ') {
                --end;
            }
            current.truncate(end);
            lines.append(Line{current, number});
            current.clear();
            column = 0;
            ++number;
        };
        for (qsizetype i = 0; i < source.size(); ++i) {
            const QChar c = source.at(i);
            const char16_t u = c.unicode();
            if (u == u'\n' || u == u'\r') {
                // str.splitlines(): "\r\n", "\r" and "\n" all end a line.
                if (u == u'\r' && i + 1 < source.size() && source.at(i + 1) == u'\n') {
                    ++i;
                }
                flush();
                continue;
            }
            if (u == u'\t') {
                const int spaces = 8 - column % 8;
                current += QString(spaces, u' ');
                column += spaces;
                continue;
            }
            // Other line breaks (\r, \v, \f, \x1c-\x1e, \x85, U+2028/9), controls, the BOM, and
            // whitespace Python strips but Qt may not: docutils' own business.
            if (u < 0x20 || u == 0x7F
                || (u > 0x7F && ((u < 0xA0) || u == 0x2028 || u == 0x2029 || u == 0xFEFF || c.isSpace()
                                 || c.category() == QChar::Other_NotAssigned
                                 || (c.isSurrogate() && !(c.isHighSurrogate() && i + 1 < source.size()
                                                          && source.at(i + 1).isLowSurrogate()))))) {
                return fail(u"unusual character U+%1"_s.arg(static_cast<uint>(u), 4, 16, QChar(u'0')), number);
            }
            if (c.isHighSurrogate()) {
                current += c;
                current += source.at(++i);
                ++column;
                continue;
            }
            current += c;
            ++column;
            if (current.size() > MaxInlineText) {
                return fail(u"line too long to match safely"_s, number);
            }
        }
        if (!current.isEmpty()) {
            flush();
        }
        return true;
    }

    bool checkVisible()
    {
        // readme_renderer fails an empty rendering; docutils' fragment leaves out the document
        // title, so a README of titles only is left to docutils.
        return m_visible || fail(u"no visible body element"_s, 0);
    }

    // docutils' Body state over one block (the document, a section's remainder, a list item...).
    bool parseBody(const Block &lines, bool titles, QList<Element> *elements, int depth)
    {
        if (depth > MaxNesting) {
            return fail(u"nesting too deep"_s, lines.isEmpty() ? 0 : lines.first().number);
        }
        const Patterns &p = patterns();
        qsizetype i = 0;
        // A transition (states.Line.blank; transforms.misc.Transitions) must stand between two
        // visible elements of one section: not first, not last, not next to another.
        enum class Previous {
            SectionStart,
            Visible,
            Other,
        };
        Previous previous = Previous::SectionStart;
        bool transitionPending = false;
        auto element = [&](Element kind) {
            if (elements != nullptr) {
                elements->append(kind);
            }
            const bool visible = kind != Element::Invisible;
            if (transitionPending && !visible) {
                return fail(u"transition not followed by a visible element"_s, 0);
            }
            transitionPending = false;
            previous = visible ? Previous::Visible : Previous::Other;
            return true;
        };
        while (i < lines.size()) {
            const Line &line = lines.at(i);
            if (line.text.isEmpty()) {
                ++i;
                continue;
            }
            if (line.text.at(0) == u' ') {
                // states.Body.indent: a block quote.
                const Indented quote = getIndented(lines, i, false, std::nullopt, std::nullopt);
                // states.Body.split_attribution: "--" or an em dash after a blank line.
                bool nonBlankSeen = false;
                for (qsizetype k = 0; k < quote.block.size(); ++k) {
                    const QString &quoted = quote.block.at(k).text;
                    if (quoted.isEmpty()) {
                        continue;
                    }
                    if (nonBlankSeen && quote.block.at(k - 1).text.isEmpty()
                        && (quoted.startsWith(u"--"_s) || quoted.startsWith(u'\u2014'))) {
                        return fail(u"possible block quote attribution"_s, quote.block.at(k).number);
                    }
                    nonBlankSeen = true;
                }
                if (!parseBody(quote.block, false, nullptr, depth + 1)) {
                    return false;
                }
                if (!quote.blankFinish) {
                    return fail(u"block quote ends without a blank line"_s, lines.at(quote.end).number);
                }
                if (!element(Element::Visible)) {
                    return false;
                }
                markBody();
                i = quote.end;
                continue;
            }
            const QString &text = line.text;
            // Only an enumerator ("1.", "A)") among the Body patterns starts with a letter or digit:
            // prose skips the others.
            const bool prose = isAsciiLetterOrDigit(text.at(0));
            QRegularExpressionMatch match;
            if (!prose && (match = p.bullet.match(text)).hasMatch()) {
                if (!bulletList(lines, i, depth)) {
                    return false;
                }
                if (!element(Element::Visible)) {
                    return false;
                }
                continue;
            }
            if ((match = p.enumerator.match(text)).hasMatch()) {
                if (!enumeratedList(lines, i, depth)) {
                    return false;
                }
                if (!element(Element::Visible)) {
                    return false;
                }
                continue;
            }
            if (!prose && p.fieldMarker.match(text).hasMatch()) {
                if (!fieldList(lines, i, depth)) {
                    return false;
                }
                if (!element(Element::Visible)) {
                    return false;
                }
                continue;
            }
            if (!prose && p.optionMarker.match(text).hasMatch()) {
                return fail(u"option list"_s, line.number);
            }
            if (!prose && p.doctest.match(text).hasMatch()) {
                // states.Body.doctest: the text block up to the next blank line.
                while (i < lines.size() && !lines.at(i).text.isEmpty()) {
                    ++i;
                }
                m_visible = true;
                markBody();
                if (!element(Element::Visible)) {
                    return false;
                }
                continue;
            }
            if (!prose && p.lineBlock.match(text).hasMatch()) {
                if (!lineBlock(lines, i)) {
                    return false;
                }
                if (!element(Element::Visible)) {
                    return false;
                }
                continue;
            }
            if (!prose && (p.gridTableTop.match(text).hasMatch() || p.simpleTableTop.match(text).hasMatch())) {
                return fail(u"table"_s, line.number);
            }
            if (!prose && p.explicitMarkup.match(text).hasMatch()) {
                Element kind = Element::Invisible;
                if (!explicitList(lines, i, titles, depth, kind)) {
                    return false;
                }
                if (!element(kind)) {
                    return false;
                }
                continue;
            }
            if (!prose && p.anonymous.match(text).hasMatch()) {
                return fail(u"anonymous target"_s, line.number);
            }
            if (!prose && p.line.match(text).hasMatch()) {
                const bool nextBlank = i + 1 >= lines.size() || lines.at(i + 1).text.isEmpty();
                if (text == u"::"_s && nextBlank) {
                    // states.Body.line / Line.blank: too short for a transition, so text: an
                    // expanded literal block marker.
                    if (!paragraph(lines, i)) {
                        return false;
                    }
                    if (!element(Element::Visible)) {
                        return false;
                    }
                    continue;
                }
                if (!titles || text.size() < 4) {
                    return fail(u"transition or short overline"_s, line.number);
                }
                if (transitionPending) {
                    return fail(u"transition before a section title or another transition"_s, line.number);
                }
                if (i + 1 < lines.size() && lines.at(i + 1).text.isEmpty()) {
                    if (previous != Previous::Visible) {
                        return fail(u"transition not after a visible element"_s, line.number);
                    }
                    transitionPending = true;
                    previous = Previous::Other;
                    i += 2;
                    continue;
                }
                if (!overlinedTitle(lines, i)) {
                    return false;
                }
                previous = Previous::SectionStart;
                continue;
            }
            // states.Text: a paragraph, a definition list or an underlined section title.
            if (i + 1 < lines.size()) {
                const QString &next = lines.at(i + 1).text;
                if (!next.isEmpty() && next.at(0) == u' ') {
                    if (!definitionList(lines, i, depth)) {
                        return false;
                    }
                    if (!element(Element::Visible)) {
                        return false;
                    }
                    continue;
                }
                if (!next.isEmpty() && p.line.match(next).hasMatch()) {
                    if (!titles) {
                        return fail(u"section title in a nested block"_s, line.number);
                    }
                    if (transitionPending) {
                        return fail(u"transition before a section title or another transition"_s, line.number);
                    }
                    if (!underlinedTitle(lines, i)) {
                        return false;
                    }
                    previous = Previous::SectionStart;
                    continue;
                }
            }
            if (!paragraph(lines, i)) {
                return false;
            }
            if (!element(Element::Paragraph)) {
                return false;
            }
        }
        return !transitionPending || fail(u"transition at the end"_s, lines.isEmpty() ? 0 : lines.last().number);
    }

    // Whether a line starts a construct of docutils' Body state other than a paragraph.
    bool startsConstruct(const QString &text) const
    {
        const Patterns &p = patterns();
        if (!text.isEmpty() && isAsciiLetterOrDigit(text.at(0))) {
            return p.enumerator.match(text).hasMatch(); // see parseBody
        }
        return text.isEmpty() || text.at(0) == u' ' || p.bullet.match(text).hasMatch()
            || p.enumerator.match(text).hasMatch() || p.fieldMarker.match(text).hasMatch()
            || p.optionMarker.match(text).hasMatch() || p.doctest.match(text).hasMatch()
            || p.lineBlock.match(text).hasMatch() || p.gridTableTop.match(text).hasMatch()
            || p.simpleTableTop.match(text).hasMatch() || p.explicitMarkup.match(text).hasMatch()
            || p.anonymous.match(text).hasMatch() || p.line.match(text).hasMatch();
    }

    void markBody() { m_bodySeen = true; }

    // states.Text.text / Text.blank / Text.eof and RSTState.paragraph; i is the first line.
    bool paragraph(const Block &lines, qsizetype &i)
    {
        const qsizetype start = i;
        qsizetype end = i + 1;
        // StringList.get_text_block(flush_left=True)
        while (end < lines.size() && !lines.at(end).text.isEmpty()) {
            if (lines.at(end).text.at(0) == u' ') {
                return fail(u"unexpected indentation"_s, lines.at(end).number);
            }
            ++end;
        }
        QStringList texts;
        for (qsizetype k = start; k < end; ++k) {
            texts.append(lines.at(k).text);
        }
        QString data = texts.join(u'\n');
        while (!data.isEmpty() && data.back() == u' ') {
            data.chop(1);
        }
        const int number = lines.at(start).number;
        if (data.size() > MaxInlineText) {
            return fail(u"paragraph too long to match safely"_s, number);
        }
        bool literalNext = false;
        QString body = data;
        if (patterns().literalNext.match(data).hasMatch()) {
            literalNext = true;
            if (data.size() == 2) {
                body.clear();
            } else if (data.at(data.size() - 3) == u' ' || data.at(data.size() - 3) == u'\n') {
                body = data.left(data.size() - 3);
                while (!body.isEmpty() && (body.back() == u' ' || body.back() == u'\n')) {
                    body.chop(1);
                }
            } else {
                body.chop(1);
            }
        }
        if (!body.isEmpty() || !literalNext) {
            if (!parseInline(body, number, nullptr)) {
                return false;
            }
            m_visible = true;
        }
        markBody();
        i = end;
        if (literalNext) {
            // RSTState.literal_block
            if (i >= lines.size()) {
                return fail(u"literal block expected"_s, number);
            }
            Indented literal = getIndented(lines, i, false, std::nullopt, std::nullopt);
            Block block = literal.block;
            trimBlankEdges(block);
            if (block.isEmpty()) {
                return fail(u"quoted literal block or none"_s, number);
            }
            if (!literal.blankFinish) {
                return fail(u"literal block ends without a blank line"_s, lines.at(literal.end).number);
            }
            m_visible = true;
            i = literal.end;
        }
        return true;
    }

    bool checkTitleLevel(const QString &style, int line)
    {
        // RSTState.check_subsection
        const qsizetype index = m_titleStyles.indexOf(style);
        if (index < 0) {
            if (m_titleStyles.size() != m_sectionLevel) {
                return fail(u"title level inconsistent"_s, line);
            }
            m_titleStyles.append(style);
            ++m_sectionLevel;
            return true;
        }
        const int level = static_cast<int>(index) + 1;
        if (level <= m_sectionLevel || level == m_sectionLevel + 1) {
            m_sectionLevel = level;
            return true;
        }
        return fail(u"title level inconsistent"_s, line);
    }

    bool sectionTitle(const QString &title, int line)
    {
        QString astext;
        const qsizetype before = m_events.size();
        if (title.contains(u'\\') || !parseInline(title, line, &astext)) {
            return fail(u"section title markup"_s, line);
        }
        if (m_events.size() != before) {
            m_titleWithLink = true;
        }
        if (!noteImplicitName(astext, line)) {
            return false;
        }
        return true;
    }

    // states.Text.underline
    bool underlinedTitle(const Block &lines, qsizetype &i)
    {
        const QString &title = lines.at(i).text;
        const QString &underline = lines.at(i + 1).text;
        const int number = lines.at(i).number;
        if (columnWidthBound(title) > underline.size()) {
            return fail(u"title underline too short"_s, lines.at(i + 1).number);
        }
        if (!checkTitleLevel(QString(underline.at(0)), number) || !sectionTitle(title, number)) {
            return false;
        }
        i += 2;
        return true;
    }

    // states.Line.text
    bool overlinedTitle(const Block &lines, qsizetype &i)
    {
        const QString &overline = lines.at(i).text;
        const int number = lines.at(i).number;
        if (i + 2 >= lines.size() || lines.at(i + 1).text.isEmpty()) {
            return fail(u"transition or incomplete title"_s, number);
        }
        const QString &titleLine = lines.at(i + 1).text;
        const QString &underline = lines.at(i + 2).text;
        if (patterns().line.match(titleLine).hasMatch() || underline != overline) {
            return fail(u"overline and underline do not match"_s, number);
        }
        if (columnWidthBound(titleLine) > overline.size()) {
            return fail(u"title overline too short"_s, number);
        }
        const QString title = titleLine.trimmed();
        if (!checkTitleLevel(QString(overline.at(0)) + underline.at(0), number + 1) || !sectionTitle(title, number + 1)) {
            return false;
        }
        i += 3;
        return true;
    }

    // The end of a list-like construct: docutils warns ("... ends without a blank line;
    // unexpected unindent.") unless its last item ended with a blank line.
    bool endList(bool blankFinish, const Block &lines, qsizetype i, const QString &what)
    {
        if (!blankFinish) {
            return fail(what + u" ends without a blank line"_s, lines.at(i).number);
        }
        m_visible = true;
        markBody();
        return true;
    }

    // The body of a list item, field or definition.
    bool itemBody(const Block &block, int depth)
    {
        return parseBody(block, false, nullptr, depth + 1);
    }

    // states.Body.bullet and the BulletList state.
    bool bulletList(const Block &lines, qsizetype &i, int depth)
    {
        const QChar bullet = lines.at(i).text.at(0);
        for (;;) {
            const QRegularExpressionMatch match = patterns().bullet.match(lines.at(i).text);
            Indented item;
            if (!listItem(lines, i, match.capturedEnd(0), item, depth)) {
                return false;
            }
            i = item.end;
            if (i < lines.size() && lines.at(i).text.at(0) == bullet
                && patterns().bullet.match(lines.at(i).text).hasMatch()) {
                continue;
            }
            return endList(item.blankFinish, lines, i, u"bullet list"_s);
        }
    }

    // states.Body.list_item
    bool listItem(const Block &lines, qsizetype i, qsizetype indent, Indented &item, int depth)
    {
        if (lines.at(i).text.size() <= indent) {
            return fail(u"list item starting on the next line"_s, lines.at(i).number);
        }
        item = getIndented(lines, i, false, indent, std::nullopt);
        return itemBody(item.block, depth);
    }

    struct Enumerator {
        QString format; // "parens", "rparen", "period"
        bool automatic = false;
        int ordinal = 0;
    };

    // states.Body.parse_enumerator, for arabic numbers and "#" only.
    std::optional<Enumerator> parseEnumerator(const QRegularExpressionMatch &match)
    {
        Enumerator enumerator;
        QString text;
        for (const QString &format : {u"parens"_s, u"rparen"_s, u"period"_s}) {
            const QString captured = match.captured(format);
            if (!captured.isEmpty()) {
                enumerator.format = format;
                text = format == u"parens"_s ? captured.mid(1, captured.size() - 2) : captured.chopped(1);
                break;
            }
        }
        if (text == u"#"_s) {
            enumerator.automatic = true;
            enumerator.ordinal = 1;
            return enumerator;
        }
        bool ok = false;
        enumerator.ordinal = text.toInt(&ok);
        if (!ok || text.isEmpty() || !std::all_of(text.begin(), text.end(), [](QChar c) { return c.isDigit() && c.unicode() < 0x80; })) {
            return std::nullopt; // alphabetic or roman: ambiguous, docutils decides
        }
        return enumerator;
    }

    // states.Body.is_enumerated_list_item
    bool isEnumeratedListItem(const Block &lines, qsizetype i, const Enumerator &enumerator) const
    {
        if (i + 1 >= lines.size()) {
            return true;
        }
        const QString &next = lines.at(i + 1).text;
        if (next.isEmpty() || next.at(0) == u' ') {
            return true;
        }
        const QString prefix = enumerator.format == u"parens"_s ? u"("_s : QString();
        const QString suffix = enumerator.format == u"period"_s ? u"."_s : u")"_s;
        const QString following = enumerator.automatic ? u"#"_s : QString::number(enumerator.ordinal + 1);
        return next.startsWith(prefix + following + suffix + u' ') || next.startsWith(prefix + u'#' + suffix + u' ');
    }

    bool enumeratedList(const Block &lines, qsizetype &i, int depth)
    {
        const QRegularExpressionMatch first = patterns().enumerator.match(lines.at(i).text);
        const std::optional<Enumerator> start = parseEnumerator(first);
        if (!start || !isEnumeratedListItem(lines, i, *start)) {
            return fail(u"enumerator docutils may read otherwise"_s, lines.at(i).number);
        }
        Enumerator last = *start;
        QRegularExpressionMatch match = first;
        for (;;) {
            Indented item;
            if (!listItem(lines, i, match.capturedEnd(0), item, depth)) {
                return false;
            }
            i = item.end;
            // states.EnumeratedList.enumerator: the same format, and the next ordinal or "#";
            // anything else ends the list (and may start another).
            if (i < lines.size() && (match = patterns().enumerator.match(lines.at(i).text)).hasMatch()) {
                const std::optional<Enumerator> next = parseEnumerator(match);
                if (next && next->format == last.format
                    && (next->automatic || (!start->automatic && next->ordinal == last.ordinal + 1))
                    && isEnumeratedListItem(lines, i, *next)) {
                    last = *next;
                    continue;
                }
            }
            return endList(item.blankFinish, lines, i, u"enumerated list"_s);
        }
    }

    // states.Body.line_block and the LineBlock state: "| text" lines, each continued by
    // indented lines up to a blank line; the block must end with a blank line.
    bool lineBlock(const Block &lines, qsizetype &i)
    {
        for (;;) {
            const QRegularExpressionMatch match = patterns().lineBlock.match(lines.at(i).text);
            const int number = lines.at(i).number;
            const Indented line = getIndented(lines, i, true, std::nullopt, match.capturedEnd(0));
            QStringList texts;
            for (const Line &part : line.block) {
                texts.append(part.text);
            }
            if (!parseInline(texts.join(u'\n'), number, nullptr)) {
                return false;
            }
            i = line.end;
            if (line.blankFinish) {
                m_visible = true;
                markBody();
                return true;
            }
            if (!patterns().lineBlock.match(lines.at(i).text).hasMatch()) {
                return fail(u"line block ends without a blank line"_s, lines.at(i).number);
            }
        }
    }

    // states.Body.field_marker and the FieldList state.
    bool fieldList(const Block &lines, qsizetype &i, int depth)
    {
        if (!m_bodySeen) {
            // DocInfo: a field list first in the document becomes bibliographic data.
            return fail(u"field list that may be docinfo"_s, lines.at(i).number);
        }
        for (;;) {
            const QRegularExpressionMatch match = patterns().fieldMarker.match(lines.at(i).text);
            const QString marker = match.captured(0).trimmed();
            const QString name = marker.mid(1, marker.size() - 2);
            if (!patterns().fieldName.match(name).hasMatch()) {
                return fail(u"field name markup"_s, lines.at(i).number);
            }
            const Indented field = getIndented(lines, i, false, std::nullopt, match.capturedEnd(0));
            if (!itemBody(field.block, depth)) {
                return false;
            }
            i = field.end;
            if (i < lines.size() && patterns().fieldMarker.match(lines.at(i).text).hasMatch()) {
                continue;
            }
            return endList(field.blankFinish, lines, i, u"field list"_s);
        }
    }

    // states.Text.indent and the DefinitionList / Definition states.
    bool definitionList(const Block &lines, qsizetype &i, int depth)
    {
        for (;;) {
            const QString &term = lines.at(i).text;
            // A term ending with "::" only gets an info message; " : " starts a classifier.
            if (!parseInline(term, lines.at(i).number, nullptr)) {
                return false;
            }
            const Indented definition = getIndented(lines, i + 1, false, std::nullopt, std::nullopt);
            if (!itemBody(definition.block, depth)) {
                return false;
            }
            i = definition.end;
            qsizetype next = i;
            while (next < lines.size() && lines.at(next).text.isEmpty()) {
                ++next;
            }
            if (next + 1 < lines.size() && !startsConstruct(lines.at(next).text) && !lines.at(next + 1).text.isEmpty()
                && lines.at(next + 1).text.at(0) == u' ') {
                i = next;
                continue;
            }
            return endList(definition.blankFinish, lines, i, u"definition list"_s);
        }
    }

    // states.Body.explicit_markup and explicit_list: constructs follow one another without
    // blank lines; the last must end with one.
    bool explicitList(const Block &lines, qsizetype &i, bool titles, int depth, Element &kind)
    {
        for (;;) {
            bool blankFinish = true;
            if (!explicitConstruct(lines, i, titles, depth, kind, blankFinish)) {
                return false;
            }
            while (i < lines.size() && lines.at(i).text.isEmpty()) {
                ++i;
            }
            if (i < lines.size() && patterns().explicitMarkup.match(lines.at(i).text).hasMatch()) {
                continue;
            }
            if (i < lines.size() && patterns().anonymous.match(lines.at(i).text).hasMatch()) {
                return fail(u"anonymous target"_s, lines.at(i).number);
            }
            if (!blankFinish) {
                return fail(u"explicit markup ends without a blank line"_s, lines.at(i).number);
            }
            return true;
        }
    }

    bool explicitConstruct(const Block &lines, qsizetype &i, bool titles, int depth, Element &kind, bool &blankFinish)
    {
        const Patterns &p = patterns();
        const Line &line = lines.at(i);
        const QRegularExpressionMatch start = p.explicitMarkup.match(line.text);
        const qsizetype afterMarker = start.capturedEnd(0);
        const QString rest = line.text.mid(afterMarker);
        if (afterMarker > 2 && rest.startsWith(u'[')) {
            return fail(u"footnote or citation"_s, line.number);
        }
        if (afterMarker > 2 && p.targetStart.match(rest).hasMatch()) {
            return hyperlinkTarget(lines, i, afterMarker + 1, blankFinish);
        }
        if (afterMarker > 2 && p.substitutionStart.match(rest).hasMatch()) {
            return substitutionDefinition(lines, i, afterMarker + 1, blankFinish);
        }
        const QRegularExpressionMatch directive = afterMarker > 2 ? p.directive.match(rest) : QRegularExpressionMatch();
        if (!directive.hasMatch() && rest.contains(u"::"_s) && !isAscii(QStringView(rest).left(rest.indexOf(u"::"_s)))) {
            // A directive name with other letters than ASCII ones, or a comment: docutils decides.
            return fail(u"directive docutils may read otherwise"_s, line.number);
        }
        if (directive.hasMatch()) {
            // A contents topic disappears when there are no sections.
            kind = directive.captured(1) == u"contents"_s ? Element::Invisible : Element::Visible;
            return runDirective(lines, i, directive.captured(1), afterMarker + directive.capturedEnd(0), titles, depth,
                                blankFinish);
        }
        // states.Body.comment
        if (rest.isEmpty() && (i + 1 >= lines.size() || lines.at(i + 1).text.isEmpty())) {
            ++i;
            blankFinish = true;
            return true;
        }
        const Indented comment = getIndented(lines, i, false, std::nullopt, afterMarker);
        i = comment.end;
        blankFinish = comment.blankFinish;
        return true;
    }

    // states.Body.hyperlink_target, single-line external targets only.
    bool hyperlinkTarget(const Block &lines, qsizetype &i, qsizetype afterUnderscore, bool &blankFinish)
    {
        const Line &line = lines.at(i);
        const Indented block = getIndented(lines, i, true, std::nullopt, afterUnderscore);
        if (!isAscii(line.text) || line.text.contains(u'\\')) {
            return fail(u"hyperlink target docutils may read otherwise"_s, line.number);
        }
        const QString escaped = block.block.first().text;
        const QRegularExpressionMatch match = patterns().targetName.match(escaped);
        if (escaped.startsWith(u'_') || !match.hasMatch()) {
            return fail(u"hyperlink target docutils may read otherwise"_s, line.number);
        }
        // states.Body.parse_target: the lines joined, whitespace removed.
        QString uri = escaped.mid(match.capturedEnd(0)).trimmed();
        for (qsizetype k = 1; k < block.block.size(); ++k) {
            const QString &continued = block.block.at(k).text;
            if (!isAscii(continued) || continued.contains(u'\\')) {
                return fail(u"hyperlink target docutils may read otherwise"_s, line.number);
            }
            uri += u' ' + continued.trimmed();
        }
        uri = uri.trimmed();
        if (uri.endsWith(u'_')) {
            return fail(u"indirect hyperlink target"_s, line.number);
        }
        uri.remove(u' ');
        if (uri.isEmpty() || uri.endsWith(u'_') || uri.contains(u' ') || uri.contains(u'`')
            || (uri.contains(u'@') && !uri.contains(u':'))) {
            return fail(u"internal, indirect or unusual hyperlink target"_s, line.number);
        }
        if (!noteExplicitTarget(normalizeName(match.captured(u"name"_s)), uri, line.number)) {
            return false;
        }
        i = block.end;
        blankFinish = block.blankFinish;
        return true;
    }

    bool noteExplicitTarget(const QString &name, const QString &uri, int line)
    {
        const auto known = m_explicitTargets.constFind(name);
        if (known != m_explicitTargets.constEnd() && *known != uri) {
            return fail(u"duplicate explicit target name"_s, line);
        }
        m_explicitTargets.insert(name, uri);
        return true;
    }

    bool noteImplicitName(const QString &astext, int line)
    {
        if (astext.contains(QChar(0x212A)) || astext.contains(QChar(0x130))) {
            return fail(u"title whose lower case is unusual"_s, line);
        }
        m_implicitNames[normalizeName(astext)] += 1;
        return true;
    }

    struct Options {
        QList<QPair<QString, QString>> values;
        [[nodiscard]] std::optional<QString> value(const QString &name) const
        {
            for (const auto &[key, value] : values) {
                if (key == name) {
                    return value;
                }
            }
            return std::nullopt;
        }
    };

    struct DirectiveBlock {
        QString arguments;
        Options options;
        Block content;
    };

    // states.Body.run_directive and parse_directive_block, for directives whose options are
    // one line each.
    bool directiveBlock(const Block &lines, qsizetype &i, qsizetype afterMarker, bool arguments, bool options,
                        bool content, DirectiveBlock &result, bool &blankFinish)
    {
        const int number = lines.at(i).number;
        const Indented indented = getIndented(lines, i, false, std::nullopt, afterMarker);
        i = indented.end;
        blankFinish = indented.blankFinish;
        Block block = indented.block;
        if (!block.isEmpty() && isBlank(block.first().text)) {
            block.removeFirst();
        }
        while (!block.isEmpty() && isBlank(block.last().text)) {
            block.removeLast();
        }
        Block argumentBlock;
        Block contentBlock;
        if (!block.isEmpty() && (arguments || options)) {
            qsizetype blank = 0;
            while (blank < block.size() && !isBlank(block.at(blank).text)) {
                ++blank;
            }
            argumentBlock = block.mid(0, blank);
            contentBlock = block.mid(std::min(blank + 1, block.size()));
            if (options) {
                for (qsizetype k = 0; k < argumentBlock.size(); ++k) {
                    if (patterns().fieldMarker.match(argumentBlock.at(k).text).hasMatch()) {
                        for (qsizetype o = k; o < argumentBlock.size(); ++o) {
                            const QRegularExpressionMatch option = patterns().option.match(argumentBlock.at(o).text);
                            if (!option.hasMatch() || result.options.value(option.captured(1))) {
                                return fail(u"directive options docutils may read otherwise"_s,
                                            argumentBlock.at(o).number);
                            }
                            result.options.values.append({option.captured(1), option.captured(3)});
                        }
                        argumentBlock = argumentBlock.mid(0, k);
                        break;
                    }
                }
            }
            if (!argumentBlock.isEmpty() && !arguments) {
                contentBlock = argumentBlock + block.mid(blank);
                argumentBlock.clear();
            }
        } else {
            contentBlock = block;
        }
        while (!contentBlock.isEmpty() && isBlank(contentBlock.first().text)) {
            contentBlock.removeFirst();
        }
        QStringList argumentLines;
        for (const Line &line : argumentBlock) {
            argumentLines.append(line.text);
        }
        result.arguments = argumentLines.join(u'\n').trimmed();
        result.content = contentBlock;
        if (!contentBlock.isEmpty() && !content) {
            return fail(u"directive content not permitted"_s, number);
        }
        return true;
    }

    bool imageOptions(const Options &options, const QStringList &alignments, int line, QString &target,
                      QString &targetName)
    {
        for (const auto &[name, value] : options.values) {
            if (name == u"alt"_s) {
                continue;
            }
            if (name == u"target"_s) {
                if (value.endsWith(u'_')) {
                    // states.Body.is_reference: an indirect target, by name.
                    static const QRegularExpression reference(
                        u"^(?:([A-Za-z0-9]+(?:[-._+:][A-Za-z0-9]+)*)_|`(?![ ])([^`]+?)(?<![ ])`_)$"_s);
                    const QRegularExpressionMatch match = reference.match(value.simplified());
                    if (!match.hasMatch() || !isAscii(value) || value.contains(u'\\')) {
                        return fail(u"image target docutils may read otherwise"_s, line);
                    }
                    targetName = normalizeName(match.captured(1) + match.captured(2));
                    continue;
                }
                if (value.isEmpty() || value.contains(u'\\') || value.contains(u' ')) {
                    return fail(u"image target docutils may read otherwise"_s, line);
                }
                target = value;
                continue;
            }
            if ((name == u"height"_s && patterns().height.match(value).hasMatch())
                || (name == u"width"_s && patterns().width.match(value).hasMatch())
                || (name == u"align"_s && alignments.contains(value))) {
                continue;
            }
            return fail(u"image option %1"_s.arg(name), line);
        }
        return true;
    }

    bool imageUri(const QString &argument, int line, QString &uri)
    {
        // directives.uri: whitespace removed.
        uri = argument;
        uri.remove(u' ');
        uri.remove(u'\n');
        if (uri.isEmpty() || uri.contains(u'\\')) {
            return fail(u"image URI docutils may read otherwise"_s, line);
        }
        return true;
    }

    bool runDirective(const Block &lines, qsizetype &i, const QString &name, qsizetype afterMarker, bool titles,
                      int depth, bool &blankFinish)
    {
        static const QStringList admonitions = {u"attention"_s, u"caution"_s, u"danger"_s, u"error"_s, u"hint"_s,
                                                u"important"_s, u"note"_s, u"tip"_s, u"warning"_s};
        const int number = lines.at(i).number;
        DirectiveBlock block;
        if (name == u"image"_s || name == u"figure"_s) {
            const bool figure = name == u"figure"_s;
            if (!directiveBlock(lines, i, afterMarker, true, true, figure, block, blankFinish)) {
                return false;
            }
            Event image{Event::Kind::Image, {}, {}, {}, number};
            if (!imageUri(block.arguments, number, image.value)
                || !imageOptions(block.options, {u"left"_s, u"center"_s, u"right"_s}, number, image.target,
                                 image.link)) {
                return false;
            }
            m_events.append(image);
            m_visible = true;
            markBody();
            if (figure && !block.content.isEmpty()) {
                QList<Element> elements;
                if (!parseBody(block.content, false, &elements, depth + 1)) {
                    return false;
                }
                if (elements.isEmpty() || elements.first() != Element::Paragraph) {
                    return fail(u"figure caption is not a paragraph"_s, number);
                }
            }
            return true;
        }
        if (name == u"code"_s || name == u"code-block"_s || name == u"sourcecode"_s) {
            if (!directiveBlock(lines, i, afterMarker, true, true, true, block, blankFinish)) {
                return false;
            }
            // An unknown language is no problem: at report_level 5 docutils highlights nothing
            // instead of warning (directives.body.CodeBlock.run).
            if (!block.options.values.isEmpty() || block.content.isEmpty()
                || (!block.arguments.isEmpty() && !patterns().languageName.match(block.arguments).hasMatch())) {
                return fail(u"code directive docutils may read otherwise"_s, number);
            }
            m_visible = true;
            markBody();
            return true;
        }
        if (admonitions.contains(name)) {
            if (!directiveBlock(lines, i, afterMarker, false, true, true, block, blankFinish)) {
                return false;
            }
            if (!block.options.values.isEmpty() || block.content.isEmpty()) {
                return fail(u"admonition docutils may read otherwise"_s, number);
            }
            m_visible = true;
            markBody();
            return parseBody(block.content, false, nullptr, depth + 1);
        }
        if (name == u"admonition"_s) {
            // directives.admonitions.Admonition: a title argument, parsed inline, then the body.
            if (!directiveBlock(lines, i, afterMarker, true, true, true, block, blankFinish)) {
                return false;
            }
            if (!block.options.values.isEmpty() || block.content.isEmpty() || block.arguments.isEmpty()) {
                return fail(u"admonition docutils may read otherwise"_s, number);
            }
            if (!parseInline(block.arguments, number, nullptr)) {
                return false;
            }
            m_visible = true;
            markBody();
            return parseBody(block.content, false, nullptr, depth + 1);
        }
        if (name == u"contents"_s) {
            if (!titles) {
                return fail(u"contents in a nested block"_s, number);
            }
            if (!directiveBlock(lines, i, afterMarker, true, true, false, block, blankFinish)) {
                return false;
            }
            for (const auto &[option, value] : block.options.values) {
                const bool depthOk = option == u"depth"_s && !value.isEmpty()
                    && std::all_of(value.begin(), value.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
                const bool localOk = option == u"local"_s && value.isEmpty();
                const bool backlinksOk = option == u"backlinks"_s
                    && (value == u"entry"_s || value == u"top"_s || value == u"none"_s);
                if (!depthOk && !localOk && !backlinksOk) {
                    return fail(u"contents option %1"_s.arg(option), number);
                }
            }
            QString title = block.arguments.isEmpty() ? u"Contents"_s : block.arguments;
            if (!isAscii(title) || title.contains(u'\n')) {
                return fail(u"contents title docutils may read otherwise"_s, number);
            }
            for (QChar c : title) {
                if (!c.isLetterOrNumber() && c != u' ' && c != u'-' && c != u'.' && c != u',') {
                    return fail(u"contents title docutils may read otherwise"_s, number);
                }
            }
            if (block.options.value(u"local"_s) && block.arguments.isEmpty()) {
                title.clear();
            }
            const QString topicName = normalizeName(title.isEmpty() ? u"Contents"_s : title);
            if (!m_implicitNames.contains(topicName) && !m_explicitTargets.contains(topicName)) {
                m_implicitNames[topicName] += 1;
            }
            m_contents = true;
            markBody();
            return true;
        }
        return fail(u"directive \"%1\""_s.arg(name), number);
    }

    // states.Body.substitution_def with an image directive, options on lines of their own.
    bool substitutionDefinition(const Block &lines, qsizetype &i, qsizetype afterBar, bool &blankFinish)
    {
        const Line &line = lines.at(i);
        const int number = line.number;
        const QString escaped = line.text.mid(afterBar);
        if (!isAscii(line.text) || line.text.contains(u'\\')) {
            return fail(u"substitution definition docutils may read otherwise"_s, number);
        }
        const QRegularExpressionMatch match = patterns().substitutionName.match(escaped);
        if (!match.hasMatch()) {
            return fail(u"substitution definition docutils may read otherwise"_s, number);
        }
        const QString name = match.captured(u"name"_s).simplified();
        const QString body = escaped.mid(match.capturedEnd(0));
        static const QRegularExpression imageDirective(u"^image::( +|$)"_s);
        const QRegularExpressionMatch image = imageDirective.match(body);
        if (!image.hasMatch()) {
            return fail(u"substitution other than an image"_s, number);
        }
        DirectiveBlock block;
        const qsizetype afterDirective = afterBar + match.capturedEnd(0) + image.capturedEnd(0);
        if (!directiveBlock(lines, i, afterDirective, true, true, false, block, blankFinish)) {
            return false;
        }
        SubstitutionImage definition;
        if (!imageUri(block.arguments, number, definition.uri)
            || !imageOptions(block.options, {u"top"_s, u"middle"_s, u"bottom"_s}, number, definition.target,
                             definition.targetName)) {
            return false;
        }
        const QString key = name.toLower();
        if (m_substitutions.contains(key)) {
            return fail(u"duplicate substitution definition"_s, number);
        }
        m_substitutions.insert(key, definition);
        return true;
    }

    // --- Inline markup: states.Inliner.parse ---------------------------------------------

    // quoted_start: the start-string is enclosed in a pair of matching quotes or brackets.
    static bool quotedStart(const QString &string, qsizetype start, qsizetype end)
    {
        if (start == 0) {
            return false;
        }
        if (end >= string.size()) {
            return true;
        }
        const char32_t before = string.at(start - 1).unicode();
        const char32_t after = string.at(end).unicode();
        for (const auto &pair : RstInlinePatterns::quotePairs) {
            if (pair.opener == before) {
                for (const char32_t *c = pair.closers; *c != 0; ++c) {
                    if (*c == after) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    // inline_obj: returns false to bail; produced says whether a node was made.
    bool inlineObject(const QString &string, const QRegularExpressionMatch &match, const QRegularExpression &endPattern,
                      qsizetype &consumedTo, qsizetype &nodeStart, QString *nodeText, QString *endString, bool &produced,
                      int line)
    {
        const qsizetype matchStart = match.capturedStart(u"start"_s);
        const qsizetype matchEnd = match.capturedEnd(u"start"_s);
        produced = false;
        if (quotedStart(string, match.capturedStart(0), match.capturedEnd(0))) {
            consumedTo = matchEnd;
            return true;
        }
        const QString rest = string.mid(matchEnd);
        const QRegularExpressionMatch end = endPattern.match(rest);
        if (end.hasMatch() && end.capturedStart(1) > 0) {
            if (nodeText != nullptr) {
                *nodeText = rest.left(end.capturedStart(1));
            }
            if (endString != nullptr) {
                *endString = end.captured(1);
            }
            nodeStart = matchStart;
            consumedTo = matchEnd + end.capturedEnd(1);
            produced = true;
            return true;
        }
        return fail(u"inline start-string without end-string"_s, line);
    }

    // Inliner.implicit_inline: standalone URIs and e-mail addresses. docutils recurses on the
    // text before and after each match; the text after is a loop here, so that a paragraph of
    // many URIs cannot exhaust the stack.
    void implicitInline(QString text, int line, QString *astext)
    {
        while (!text.isEmpty()) {
            const QRegularExpressionMatch match = patterns().uri.match(text);
            if (!match.hasMatch()) {
                break;
            }
            const QString scheme = match.captured(u"scheme"_s);
            if (!scheme.isEmpty() && !patterns().schemes.contains(scheme.toLower())) {
                break; // MarkupMismatch: the rest stays text, later URIs included
            }
            implicitInline(text.left(match.capturedStart(0)), line, astext);
            const QString whole = match.captured(u"whole"_s);
            const QString prefix = match.captured(u"email"_s).isEmpty() ? QString() : u"mailto:"_s;
            m_events.append(Event{Event::Kind::Link, prefix + unescape(whole), {}, {}, line});
            if (astext != nullptr) {
                *astext += unescape(whole);
            }
            text = text.mid(match.capturedEnd(0));
        }
        if (astext != nullptr) {
            *astext += unescape(text);
        }
    }

    // Inliner.parse: inline markup of a paragraph, title, term or line; the links it makes
    // go to m_events in document order, and *astext (when given) receives its text.
    bool parseInline(const QString &text, int line, QString *astext)
    {
        if (text.size() > MaxInlineText) {
            return fail(u"paragraph too long to match safely"_s, line);
        }
        const Patterns &p = patterns();
        QString remaining = escapeToNull(text);
        QString unprocessed;
        while (!remaining.isEmpty()) {
            const QRegularExpressionMatch match = p.initial.match(remaining);
            if (!match.hasMatch()) {
                break;
            }
            const QString start = match.captured(u"start"_s);
            qsizetype consumedTo = 0;
            qsizetype nodeStart = 0;
            bool produced = false;
            QString nodeText;
            QString nodeAstext;
            std::optional<Event> event;
            if (start == u"**"_s || start == u"*"_s || start == u"``"_s) {
                const QRegularExpression &end = start == u"**"_s ? p.strong : start == u"*"_s ? p.emphasis : p.literal;
                if (!inlineObject(remaining, match, end, consumedTo, nodeStart, &nodeText, nullptr, produced, line)) {
                    return false;
                }
                nodeAstext = start == u"``"_s ? unescape(nodeText, true) : unescape(nodeText);
            } else if (start == u"_`"_s) {
                return fail(u"inline internal target"_s, line);
            } else if (start == u"|"_s) {
                QString endString;
                if (!inlineObject(remaining, match, p.substitutionRef, consumedTo, nodeStart, &nodeText, &endString,
                                  produced, line)) {
                    return false;
                }
                if (produced) {
                    const QString name = unescape(nodeText);
                    if (nodeText.contains(QChar(0)) || !isAscii(name) || endString.endsWith(u"__"_s)) {
                        return fail(u"substitution reference docutils may read otherwise"_s, line);
                    }
                    Event substitution{Event::Kind::Substitution, name.simplified(), {}, {}, line};
                    if (endString.endsWith(u'_')) {
                        substitution.link = normalizeName(name);
                    }
                    event = substitution;
                    nodeAstext = name;
                }
            } else if (match.capturedStart(u"backquote"_s) >= 0) {
                if (!interpreted(remaining, match, consumedTo, nodeStart, produced, event, nodeAstext, line)) {
                    return false;
                }
            } else if (match.capturedStart(u"refend"_s) >= 0) {
                if (match.captured(u"refend"_s) == u"__"_s) {
                    return fail(u"anonymous reference"_s, line);
                }
                const QString name = match.captured(u"refname"_s);
                if (!isAscii(name)) {
                    return fail(u"reference name docutils may read otherwise"_s, line);
                }
                event = Event{Event::Kind::NamedLink, normalizeName(name), {}, {}, line};
                nodeStart = match.capturedStart(u"whole"_s);
                consumedTo = match.capturedEnd(u"whole"_s);
                produced = true;
                nodeAstext = name;
            } else {
                return fail(u"footnote or citation reference"_s, line);
            }
            if (produced) {
                implicitInline(unprocessed + remaining.left(nodeStart), line, astext);
                unprocessed.clear();
                if (event) {
                    m_events.append(*event);
                }
                if (astext != nullptr) {
                    *astext += nodeAstext;
                }
            } else {
                unprocessed += remaining.left(consumedTo);
            }
            remaining = remaining.mid(consumedTo);
        }
        implicitInline(unprocessed + remaining, line, astext);
        return true;
    }

    // Roles whose output is text in an element, never a message or a link (docutils.parsers.rst
    // .roles, English names).
    static bool isPlainRole(const QString &role)
    {
        static const QSet<QString> roles = {u"code"_s, u"literal"_s, u"emphasis"_s, u"strong"_s, u"subscript"_s,
                                            u"sub"_s, u"superscript"_s, u"sup"_s, u"title-reference"_s,
                                            u"title"_s, u"t"_s};
        return roles.contains(role);
    }

    // Inliner.interpreted_or_phrase_ref and phrase_ref.
    bool interpreted(const QString &string, const QRegularExpressionMatch &match, qsizetype &consumedTo,
                     qsizetype &nodeStart, bool &produced, std::optional<Event> &event, QString &astext, int line)
    {
        const Patterns &p = patterns();
        const qsizetype matchStart = match.capturedStart(u"backquote"_s);
        const qsizetype matchEnd = match.capturedEnd(u"backquote"_s);
        produced = false;
        QString role = match.captured(u"role"_s);
        if (!role.isEmpty()) {
            role = role.mid(1, role.size() - 2);
        } else if (quotedStart(string, match.capturedStart(0), match.capturedEnd(0))) {
            consumedTo = matchEnd;
            return true;
        }
        const QString rest = string.mid(matchEnd);
        const QRegularExpressionMatch end = p.interpreted.match(rest);
        if (!end.hasMatch() || end.capturedStart(1) <= 0) {
            return fail(u"inline interpreted text or phrase reference without end-string"_s, line);
        }
        const QString suffixRole = end.captured(u"role"_s);
        const QString refend = end.captured(u"refend"_s);
        if (!suffixRole.isEmpty()) {
            if (!role.isEmpty()) {
                return fail(u"multiple roles"_s, line);
            }
            role = suffixRole.mid(1, suffixRole.size() - 2);
        }
        if (!role.isEmpty() && (!refend.isEmpty() || !isPlainRole(role))) {
            return fail(u"interpreted text role \"%1\""_s.arg(role), line);
        }
        const qsizetype textEnd = matchEnd + end.capturedEnd(0);
        const QString escaped = rest.left(end.capturedStart(1));
        nodeStart = refend.isEmpty() ? match.capturedStart(u"role"_s) : matchStart;
        consumedTo = textEnd;
        produced = true;
        if (refend.isEmpty()) {
            // A plain role, or the default one, title-reference (<cite>).
            astext = role == u"code"_s || role == u"literal"_s ? unescape(escaped, true) : unescape(escaped);
            return true;
        }
        const QRegularExpressionMatch embedded = p.embeddedLink.match(escaped);
        if (!embedded.hasMatch()) {
            if (refend == u"__"_s) {
                return fail(u"anonymous reference"_s, line);
            }
            const QString unescaped = unescape(escaped);
            if (!isAscii(unescaped) || escaped.contains(QChar(0))) {
                return fail(u"reference name docutils may read otherwise"_s, line);
            }
            event = Event{Event::Kind::NamedLink, normalizeName(unescaped), {}, {}, line};
            astext = unescaped;
            return true;
        }
        QString text = escaped.left(embedded.capturedStart(0));
        const QString alias = embedded.captured(2);
        if (alias.contains(QChar(0)) || text.contains(QChar(0)) || !isAscii(alias)) {
            return fail(u"embedded link docutils may read otherwise"_s, line);
        }
        if (alias.endsWith(u'_') && !p.uri.match(alias, 0, QRegularExpression::NormalMatch,
                                                 QRegularExpression::AnchorAtOffsetMatchOption)
                                         .hasMatch()) {
            return fail(u"embedded alias"_s, line);
        }
        QString uri = alias;
        uri.remove(u' ');
        uri.remove(u'\n');
        // Inliner.adjust_uri
        if (p.email.match(uri, 0, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption)
                .hasMatch()) {
            uri.prepend(u"mailto:"_s);
        }
        if (text.isEmpty()) {
            text = uri;
        }
        const QString unescaped = unescape(text);
        if (refend != u"__"_s) {
            if (!isAscii(unescaped)) {
                return fail(u"reference name docutils may read otherwise"_s, line);
            }
            if (!noteExplicitTarget(normalizeName(unescaped), uri, line)) {
                return false;
            }
        }
        event = Event{Event::Kind::Link, uri, {}, {}, line};
        astext = unescaped;
        return true;
    }

    // --- References, substitutions, and the HTML they make -------------------------------

    // The refuri a name resolves to; an empty string for a section (an internal link).
    bool resolveName(const QString &name, int line, QString &uri)
    {
        const bool isExplicit = m_explicitTargets.contains(name);
        const int implicit = m_implicitNames.value(name);
        // An explicit target takes the name from implicit ones (nodes.document.set_duplicate_name_id).
        if (isExplicit) {
            uri = m_explicitTargets.value(name);
            return true;
        }
        if (!isExplicit && implicit == 1) {
            uri.clear();
            return true;
        }
        return fail(implicit + (isExplicit ? 1 : 0) == 0 ? u"unknown target name"_s : u"ambiguous target name"_s, line);
    }

    static void appendLink(QString &html, const QString &uri)
    {
        html += u"<a href=\""_s + uri.toHtmlEscaped() + u"\"></a>"_s;
    }

    static void appendImage(QString &html, const QString &uri)
    {
        html += u"<img src=\""_s + uri.toHtmlEscaped() + u"\">"_s;
    }

    bool appendImageTarget(QString &html, const QString &target, const QString &targetName, int line)
    {
        if (!target.isEmpty()) {
            appendLink(html, target);
        } else if (!targetName.isEmpty()) {
            QString uri;
            if (!resolveName(targetName, line, uri)) {
                return false;
            }
            if (!uri.isEmpty()) {
                appendLink(html, uri);
            }
        }
        return true;
    }

    bool resolve(QString &html)
    {
        if (m_contents && m_titleWithLink) {
            return fail(u"contents with links in titles"_s, 0);
        }
        for (const Event &event : std::as_const(m_events)) {
            switch (event.kind) {
            case Event::Kind::Link:
                appendLink(html, event.value);
                break;
            case Event::Kind::NamedLink: {
                QString uri;
                if (!resolveName(event.value, event.line, uri)) {
                    return false;
                }
                if (!uri.isEmpty()) {
                    appendLink(html, uri);
                }
                break;
            }
            case Event::Kind::Image:
                if (!appendImageTarget(html, event.target, event.link, event.line)) {
                    return false;
                }
                appendImage(html, event.value);
                break;
            case Event::Kind::Substitution: {
                // transforms.references.Substitutions: the exact name, else case-insensitively.
                const auto definition = m_substitutions.constFind(event.value.toLower());
                if (definition == m_substitutions.constEnd()) {
                    return fail(u"undefined substitution"_s, event.line);
                }
                if (!event.link.isEmpty()) {
                    QString uri;
                    if (!resolveName(event.link, event.line, uri)) {
                        return false;
                    }
                    if (!definition->target.isEmpty() || !definition->targetName.isEmpty()) {
                        return fail(u"linked substitution of a linked image"_s, event.line);
                    }
                    if (!uri.isEmpty()) {
                        appendLink(html, uri);
                    }
                }
                if (!appendImageTarget(html, definition->target, definition->targetName, event.line)) {
                    return false;
                }
                appendImage(html, definition->uri);
                break;
            }
            }
        }
        return true;
    }

    QString m_reason;
    int m_line = 0;
    QStringList m_titleStyles;
    int m_sectionLevel = 0;
    bool m_visible = false;
    bool m_bodySeen = false;
    bool m_contents = false;
    bool m_titleWithLink = false;
    QList<Event> m_events;
    QHash<QString, QString> m_explicitTargets; // normalized name -> refuri
    QHash<QString, int> m_implicitNames;       // normalized name -> how many
    QHash<QString, SubstitutionImage> m_substitutions; // lower-case name
};

} // namespace

RstValidation validateRst(const QString &source)
{
    return Validator().run(source);
}

} // namespace Readme
