// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/tomleditor.h"

#include <algorithm>
#include <functional>

#include "core/project/tomlparse_p.h"
#include "core/project/tomlsource.h"

namespace Project {

using Toml::Entry;
using Toml::Source;
using Toml::Span;
using Toml::Table;
using Toml::Value;

namespace {

TomlEdit editOf(TomlEdit::Kind kind, const QStringList &path)
{
    TomlEdit edit;
    edit.kind = kind;
    edit.path = path;
    return edit;
}

} // namespace

TomlEdit TomlEdit::setString(const QStringList &path, const QString &value)
{
    TomlEdit edit = editOf(Kind::SetString, path);
    edit.value = value;
    return edit;
}

TomlEdit TomlEdit::setStringArray(const QStringList &path, const QStringList &values)
{
    TomlEdit edit = editOf(Kind::SetStringArray, path);
    edit.values = values;
    return edit;
}

TomlEdit TomlEdit::addString(const QStringList &path, const QString &value)
{
    TomlEdit edit = editOf(Kind::AddString, path);
    edit.value = value;
    return edit;
}

TomlEdit TomlEdit::removeString(const QStringList &path, const QString &value)
{
    TomlEdit edit = editOf(Kind::RemoveString, path);
    edit.value = value;
    return edit;
}

TomlEdit TomlEdit::remove(const QStringList &path)
{
    return editOf(Kind::Remove, path);
}

TomlEdit TomlEdit::setTableArray(const QStringList &path, const QList<StringTable> &tables)
{
    TomlEdit edit = editOf(Kind::SetTableArray, path);
    edit.tables = tables;
    return edit;
}

namespace {

struct Splice {
    qsizetype begin = 0;
    qsizetype end = 0;
    QByteArray text;
};

using Plan = std::expected<std::vector<Splice>, EditError>;
using LiteralMaker = std::function<QByteArray(const Value *styleReference)>;

std::unexpected<EditError> failure(EditError::Code code, const QString &message)
{
    return std::unexpected(EditError{code, message});
}

QString shown(const QStringList &path)
{
    return QString::fromUtf8(Toml::formatKey(path));
}

bool startsWith(const QStringList &list, const QStringList &prefix)
{
    return prefix.size() <= list.size() && std::equal(prefix.cbegin(), prefix.cend(), list.cbegin());
}

std::expected<QByteArray, EditError> applySplices(const QByteArray &content, std::vector<Splice> splices)
{
    std::sort(splices.begin(), splices.end(), [](const Splice &a, const Splice &b) { return a.begin < b.begin; });
    QByteArray result;
    qsizetype at = 0;
    for (const Splice &splice : splices) {
        if (splice.begin < at || splice.end < splice.begin || splice.end > content.size()) {
            return failure(EditError::Code::VerificationFailed, QStringLiteral("internal error: overlapping changes"));
        }
        result += QByteArrayView(content).sliced(at, splice.begin - at);
        result += splice.text;
        at = splice.end;
    }
    result += QByteArrayView(content).sliced(at);
    return result;
}

// ---- layout helpers -------------------------------------------------------------------

qsizetype lineStartOf(const QByteArray &s, qsizetype pos)
{
    while (pos > 0 && s.at(pos - 1) != '\n') {
        --pos;
    }
    return pos;
}

bool onlyBlanks(const QByteArray &s, qsizetype from, qsizetype to)
{
    for (qsizetype i = from; i < to; ++i) {
        if (s.at(i) != ' ' && s.at(i) != '\t') {
            return false;
        }
    }
    return true;
}

bool ownsLine(const QByteArray &s, qsizetype begin)
{
    return onlyBlanks(s, lineStartOf(s, begin), begin);
}

QByteArray blanksBefore(const QByteArray &s, qsizetype begin)
{
    const qsizetype start = lineStartOf(s, begin);
    QByteArray result;
    for (qsizetype i = start; i < begin; ++i) {
        if (s.at(i) == ' ' || s.at(i) == '\t') {
            result += s.at(i);
        }
    }
    return result;
}

// From `from`: blanks, an optional comment, then a line break: the offset after the break;
// -1 when something else comes first on that line.
qsizetype restOfLineEnd(const QByteArray &s, qsizetype from)
{
    qsizetype p = from;
    while (p < s.size() && (s.at(p) == ' ' || s.at(p) == '\t')) {
        ++p;
    }
    if (p < s.size() && s.at(p) == '#') {
        while (p < s.size() && s.at(p) != '\n') {
            ++p;
        }
    }
    if (p < s.size() && s.at(p) == '\r' && p + 1 < s.size() && s.at(p + 1) == '\n') {
        return p + 2;
    }
    if (p < s.size() && s.at(p) == '\n') {
        return p + 1;
    }
    return -1;
}

bool isBlankLine(const QByteArray &s, qsizetype lineStart)
{
    const qsizetype end = restOfLineEnd(s, lineStart);
    if (end < 0) {
        return false;
    }
    for (qsizetype i = lineStart; i < end; ++i) {
        if (s.at(i) == '#') {
            return false;
        }
    }
    return true;
}

bool lacksFinalLineBreak(const QByteArray &s)
{
    return !s.isEmpty() && !s.endsWith('\n');
}

// Removes a whole table-entry line; when it is the last line and has no line break, the
// break before it goes instead, so a missing final newline stays missing.
Splice removeLineSplice(const QByteArray &s, Span line)
{
    qsizetype begin = line.begin;
    if (line.end == s.size() && lacksFinalLineBreak(s) && begin > 0) {
        --begin;
        if (begin > 0 && s.at(begin - 1) == '\r') {
            --begin;
        }
    }
    return Splice{begin, line.end, {}};
}

qsizetype afterItem(const Value &container, size_t index)
{
    const Span comma = container.commas.at(index);
    if (comma.isValid()) {
        return comma.end;
    }
    return container.kind == Value::Kind::Array ? container.elements.at(index).span.end
                                                : container.entries.at(index).entrySpan.end;
}

Value::Kind stringStyle(const Value *reference)
{
    if (!reference) {
        return Value::Kind::BasicString;
    }
    if (reference->kind == Value::Kind::BasicString || reference->kind == Value::Kind::LiteralString) {
        return reference->kind;
    }
    if (reference->kind == Value::Kind::Array) {
        for (const Value &element : reference->elements) {
            if (element.kind == Value::Kind::BasicString || element.kind == Value::Kind::LiteralString) {
                return element.kind;
            }
        }
    }
    return Value::Kind::BasicString;
}

// ---- arrays ----------------------------------------------------------------------------

struct ArrayStyle {
    bool multiline = false;
    QByteArray indent = "    ";
    QByteArray closingIndent;
    bool trailingComma = false;
    QByteArray separator = ", ";
    QByteArray padding;
    Value::Kind stringKind = Value::Kind::BasicString;
};

QByteArray oneLineSeparator(const QByteArray &s, const Value &array)
{
    for (size_t i = 0; i + 1 < array.elements.size(); ++i) {
        const qsizetype end = array.elements.at(i).span.end;
        const qsizetype next = array.elements.at(i + 1).span.begin;
        if (array.commas.at(i).isValid()) {
            const QByteArray between = s.mid(end, next - end);
            if (!between.contains('\n') && !between.contains('#')) {
                return between;
            }
        }
    }
    return QByteArrayLiteral(", ");
}

ArrayStyle arrayStyle(const QByteArray &s, const Value &array)
{
    ArrayStyle style;
    style.multiline = s.mid(array.span.begin, array.span.size()).contains('\n');
    style.stringKind = stringStyle(&array);
    style.separator = oneLineSeparator(s, array);
    const qsizetype close = array.span.end - 1;
    if (ownsLine(s, close)) {
        style.closingIndent = blanksBefore(s, close);
    }
    if (!array.elements.empty()) {
        const Value &first = array.elements.front();
        style.trailingComma = array.commas.back().isValid();
        if (style.multiline && ownsLine(s, first.span.begin)) {
            style.indent = blanksBefore(s, first.span.begin);
        } else if (style.multiline) {
            style.indent = style.closingIndent + "    ";
        }
        if (!style.multiline) {
            style.padding = s.mid(array.span.begin + 1, first.span.begin - array.span.begin - 1);
            if (!onlyBlanks(style.padding, 0, style.padding.size())) {
                style.padding.clear();
            }
        }
    } else {
        style.indent = style.closingIndent + "    ";
    }
    return style;
}

QByteArray formatArrayOfLiterals(const QList<QByteArray> &literals, const ArrayStyle &style, const QByteArray &lineBreak)
{
    if (literals.isEmpty()) {
        return QByteArrayLiteral("[]");
    }
    QByteArray out = "[";
    if (style.multiline) {
        out += lineBreak;
        for (qsizetype i = 0; i < literals.size(); ++i) {
            out += style.indent + literals.at(i);
            if (i + 1 < literals.size() || style.trailingComma) {
                out += ',';
            }
            out += lineBreak;
        }
        out += style.closingIndent + "]";
        return out;
    }
    out += style.padding;
    for (qsizetype i = 0; i < literals.size(); ++i) {
        if (i > 0) {
            out += style.separator;
        }
        out += literals.at(i);
    }
    if (style.trailingComma) {
        out += ',';
    }
    out += style.padding + "]";
    return out;
}

QByteArray formatArray(const QStringList &values, const ArrayStyle &style, const QByteArray &lineBreak)
{
    QList<QByteArray> literals;
    for (const QString &value : values) {
        literals.append(Toml::formatString(value, style.stringKind, lineBreak));
    }
    return formatArrayOfLiterals(literals, style, lineBreak);
}

// The style for a brand-new array: like the first multi-line array of the document when
// the list is long, else one line.
ArrayStyle newArrayStyle(const Source &source, const QStringList &values, const Value *styleReference)
{
    ArrayStyle style;
    style.stringKind = stringStyle(styleReference);
    const qsizetype oneLine = formatArray(values, style, source.lineBreak()).size();
    if (values.size() < 2) {
        return style;
    }
    for (const Table &table : source.tables()) {
        for (const Entry &entry : table.entries) {
            if (entry.value.kind == Value::Kind::Array && !entry.value.elements.empty()) {
                const ArrayStyle found = arrayStyle(source.content(), entry.value);
                if (found.multiline) {
                    style.multiline = true;
                    style.indent = found.indent.mid(found.closingIndent.size()).isEmpty()
                                       ? QByteArrayLiteral("    ")
                                       : found.indent.mid(found.closingIndent.size());
                    style.trailingComma = found.trailingComma;
                    return style;
                }
            }
        }
    }
    if (oneLine > 80) {
        style.multiline = true;
        style.trailingComma = true;
    }
    return style;
}

// Inserts an already formatted element at index, in the array's layout.
Plan planArrayInsertLiteral(const Source &source, const Value &array, size_t index, const QByteArray &literal)
{
    const QByteArray &s = source.content();
    const QByteArray &eol = source.lineBreak();
    const ArrayStyle style = arrayStyle(s, array);
    const size_t count = array.elements.size();
    if (count == 0) {
        const qsizetype close = array.span.end - 1;
        if (style.multiline && ownsLine(s, close)) {
            const qsizetype at = lineStartOf(s, close);
            return std::vector<Splice>{{at, at, style.indent + literal + "," + eol}};
        }
        return std::vector<Splice>{{array.span.begin, array.span.end, "[" + literal + "]"}};
    }
    if (index == 0) {
        const Value &first = array.elements.front();
        if (ownsLine(s, first.span.begin)) {
            const qsizetype at = lineStartOf(s, first.span.begin);
            return std::vector<Splice>{{at, at, blanksBefore(s, first.span.begin) + literal + "," + eol}};
        }
        return std::vector<Splice>{{first.span.begin, first.span.begin, literal + style.separator}};
    }
    const Value &previous = array.elements.at(index - 1);
    const qsizetype lineEnd = restOfLineEnd(s, afterItem(array, index - 1));
    if (ownsLine(s, previous.span.begin) && lineEnd >= 0) {
        std::vector<Splice> splices;
        const bool previousHasComma = array.commas.at(index - 1).isValid();
        const bool newHasComma = index < count || array.commas.back().isValid();
        if (!previousHasComma) {
            splices.push_back({previous.span.end, previous.span.end, ","});
        }
        splices.push_back(
            {lineEnd, lineEnd, blanksBefore(s, previous.span.begin) + literal + (newHasComma ? "," : "") + eol});
        return splices;
    }
    return std::vector<Splice>{{previous.span.end, previous.span.end, style.separator + literal}};
}

Plan planArrayInsert(const Source &source, const Value &array, size_t index, const QString &text)
{
    const QByteArray &s = source.content();
    const QByteArray &eol = source.lineBreak();
    const ArrayStyle style = arrayStyle(s, array);
    const size_t count = array.elements.size();
    // A new element is quoted like its neighbour (arrays may mix 'literal' and "basic").
    Value::Kind kind = style.stringKind;
    if (count > 0) {
        const Value &neighbour = array.elements.at(index == 0 ? 0 : index - 1);
        if (neighbour.kind == Value::Kind::BasicString || neighbour.kind == Value::Kind::LiteralString) {
            kind = neighbour.kind;
        }
    }
    return planArrayInsertLiteral(source, array, index, Toml::formatString(text, kind, eol));
}

Plan planArrayRemove(const Source &source, const Value &array, size_t index)
{
    const QByteArray &s = source.content();
    const Value &element = array.elements.at(index);
    const size_t count = array.elements.size();
    const qsizetype after = afterItem(array, index);
    const qsizetype lineEnd = restOfLineEnd(s, after);
    if (ownsLine(s, element.span.begin) && lineEnd >= 0) {
        std::vector<Splice> splices{{lineStartOf(s, element.span.begin), lineEnd, {}}};
        if (index + 1 == count && index > 0 && !array.commas.at(index).isValid() && array.commas.at(index - 1).isValid()) {
            // Dropping the last element must not turn the one before into a trailing comma.
            const Span comma = array.commas.at(index - 1);
            splices.push_back({comma.begin, comma.end, {}});
        }
        return splices;
    }
    if (count == 1) {
        return std::vector<Splice>{{element.span.begin, after, {}}};
    }
    if (index + 1 < count) {
        const qsizetype next = array.elements.at(index + 1).span.begin;
        if (!s.mid(element.span.begin, next - element.span.begin).contains('\n')) {
            return std::vector<Splice>{{element.span.begin, next, {}}};
        }
        qsizetype end = after;
        while (end < s.size() && (s.at(end) == ' ' || s.at(end) == '\t')) {
            ++end;
        }
        return std::vector<Splice>{{element.span.begin, end, {}}};
    }
    return std::vector<Splice>{{array.elements.at(index - 1).span.end, element.span.end, {}}};
}

// ---- keys ------------------------------------------------------------------------------

Plan planInlineInsert(const Source &source, const Value &table, const QStringList &key, const LiteralMaker &makeLiteral)
{
    const QByteArray &s = source.content();
    if (table.entries.empty()) {
        return std::vector<Splice>{
            {table.span.begin, table.span.end, "{ " + Toml::formatKey(key) + " = " + makeLiteral(nullptr) + " }"}};
    }
    const Entry &last = table.entries.back();
    QByteArray separator = ", ";
    if (table.entries.size() >= 2) {
        const qsizetype end = table.entries.front().entrySpan.end;
        separator = s.mid(end, table.entries.at(1).entrySpan.begin - end);
    }
    const QByteArray assign = s.mid(last.keySpan.end, last.value.span.begin - last.keySpan.end);
    return std::vector<Splice>{{last.entrySpan.end, last.entrySpan.end,
                                separator + Toml::formatKey(key) + assign + makeLiteral(&last.value)}};
}

// A new `key = value` line in table, after anchor (or before the first entry when anchor is
// null and the table has entries).
Plan planLineInsert(const Source &source, const Table &table, const Entry *anchor, const QStringList &key,
                    const LiteralMaker &makeLiteral)
{
    const QByteArray &s = source.content();
    const QByteArray &eol = source.lineBreak();
    const Entry *reference = anchor ? anchor : (table.entries.empty() ? nullptr : &table.entries.front());
    QByteArray indent;
    QByteArray assign = " = ";
    if (reference) {
        indent = blanksBefore(s, reference->entrySpan.begin);
        assign = s.mid(reference->keySpan.end, reference->value.span.begin - reference->keySpan.end);
    }
    const QByteArray line = indent + Toml::formatKey(key) + assign + makeLiteral(reference ? &reference->value : nullptr);
    qsizetype at = 0;
    if (anchor) {
        at = anchor->lineSpan.end;
    } else if (reference) {
        at = reference->lineSpan.begin;
    } else if (table.isRoot) {
        at = table.bodyEnd;
    } else {
        at = table.headerLine.end;
    }
    if (at == s.size() && lacksFinalLineBreak(s)) {
        return std::vector<Splice>{{at, at, eol + line}};
    }
    return std::vector<Splice>{{at, at, line + eol}};
}

Plan planSectionInsert(const Source &source, const Table *after, const QStringList &section, const QString &key,
                       const LiteralMaker &makeLiteral)
{
    const QByteArray &s = source.content();
    const QByteArray &eol = source.lineBreak();
    qsizetype at = s.size();
    if (after) {
        at = after->entries.empty() ? after->headerLine.end : after->entries.back().lineSpan.end;
    }
    const QByteArray body = "[" + Toml::formatKey(section) + "]" + eol + Toml::formatKeyPart(key) + " = " +
                            makeLiteral(nullptr);
    QByteArray text;
    if (at == s.size() && lacksFinalLineBreak(s)) {
        text = eol + eol + body;
    } else if (s.isEmpty() || (at == s.size() && (s.endsWith("\n\n") || s.endsWith("\n\r\n")))) {
        text = body + eol;
    } else {
        text = eol + body + eol;
    }
    return std::vector<Splice>{{at, at, text}};
}

qsizetype rankOf(const QStringList &order, const QString &key)
{
    const qsizetype index = order.indexOf(key);
    return index < 0 ? order.size() : index;
}

Plan planInsert(const Source &source, const QStringList &path, const QStringList &siblingOrder,
                const LiteralMaker &makeLiteral)
{
    for (qsizetype k = path.size() - 1; k >= 0; --k) {
        const QStringList prefix = path.first(k);
        const QStringList rest = path.sliced(k);
        if (k == 0) {
            if (path.size() == 1) {
                const Table &root = source.tables().front();
                return planLineInsert(source, root, root.entries.empty() ? nullptr : &root.entries.back(), path,
                                      makeLiteral);
            }
            return planSectionInsert(source, nullptr, path.first(path.size() - 1), path.last(), makeLiteral);
        }
        if (const Value *value = source.findValue(prefix)) {
            if (value->kind == Value::Kind::InlineTable) {
                return planInlineInsert(source, *value, rest, makeLiteral);
            }
            return failure(EditError::Code::Conflict,
                           QStringLiteral("%1 is not a table, so it cannot hold %2").arg(shown(prefix), shown(path)));
        }
        if (const Table *table = source.findTable(prefix)) {
            if (rest.size() >= 2) {
                return planSectionInsert(source, table, path.first(path.size() - 1), path.last(), makeLiteral);
            }
            const Entry *anchor = table->entries.empty() ? nullptr : &table->entries.back();
            if (!table->entries.empty() && siblingOrder.contains(rest.front())) {
                const qsizetype rank = rankOf(siblingOrder, rest.front());
                anchor = nullptr;
                for (const Entry &entry : table->entries) {
                    if (rankOf(siblingOrder, entry.key.front()) < rank) {
                        anchor = &entry;
                    }
                }
                if (!anchor && rankOf(siblingOrder, table->entries.front().key.front()) == siblingOrder.size()) {
                    // The table starts with keys the order does not know: keep them first.
                    anchor = &table->entries.back();
                }
            }
            return planLineInsert(source, *table, anchor, rest, makeLiteral);
        }
        // The prefix may exist only through dotted keys (`urls.Home = ...` inside [project]).
        for (const Table &table : source.tables()) {
            if (table.isArrayOfTables || table.name.size() >= k || !startsWith(prefix, table.name)) {
                continue;
            }
            const Entry *last = nullptr;
            for (const Entry &entry : table.entries) {
                const QStringList full = table.name + entry.key;
                if (full.size() > k && startsWith(full, prefix)) {
                    last = &entry;
                }
            }
            if (last) {
                return planLineInsert(source, table, last, prefix.sliced(table.name.size()) + rest, makeLiteral);
            }
        }
        if (source.hasSectionBelow(prefix)) {
            return failure(EditError::Code::Unsupported,
                           QStringLiteral("%1 is defined only through its sub-tables; add %2 by hand")
                               .arg(shown(prefix), shown(path)));
        }
    }
    return failure(EditError::Code::NotFound, QStringLiteral("no place to add %1").arg(shown(path)));
}

Plan planRemoveKey(const Source &source, const QStringList &path)
{
    const QByteArray &s = source.content();
    std::vector<Splice> splices;
    for (const Table &table : source.tables()) {
        if (table.name.size() >= path.size() && startsWith(table.name, path)) {
            if (table.isArrayOfTables || table.name.size() > path.size()) {
                return failure(EditError::Code::Unsupported,
                               QStringLiteral("%1 has sub-sections; remove it by hand").arg(shown(path)));
            }
            qsizetype begin = table.headerLine.begin;
            qsizetype end = table.entries.empty() ? table.headerLine.end : table.entries.back().lineSpan.end;
            if (begin == 0 || isBlankLine(s, lineStartOf(s, begin - 1))) {
                while (end < s.size() && isBlankLine(s, end)) {
                    end = restOfLineEnd(s, end);
                }
            }
            if (end == s.size()) {
                // The last section: the blank lines before it go too, and a missing final
                // newline stays missing.
                while (begin > 0 && isBlankLine(s, lineStartOf(s, begin - 1))) {
                    begin = lineStartOf(s, begin - 1);
                }
                if (lacksFinalLineBreak(s) && begin > 0) {
                    --begin;
                    if (begin > 0 && s.at(begin - 1) == '\r') {
                        --begin;
                    }
                }
            }
            splices.push_back({begin, end, {}});
            continue;
        }
        if (table.isArrayOfTables || table.name.size() >= path.size() || !startsWith(path, table.name)) {
            continue;
        }
        for (const Entry &entry : table.entries) {
            const QStringList full = table.name + entry.key;
            if (startsWith(full, path)) {
                splices.push_back(removeLineSplice(s, entry.lineSpan));
            }
        }
    }
    if (splices.empty()) {
        const Table *table = nullptr;
        const Value *parent = nullptr;
        const Entry *entry = source.findEntry(path, &table, &parent);
        if (!entry || !parent) {
            return failure(EditError::Code::NotFound, QStringLiteral("%1 is not set").arg(shown(path)));
        }
        const size_t index = size_t(entry - parent->entries.data());
        const size_t count = parent->entries.size();
        if (count == 1) {
            return std::vector<Splice>{{parent->span.begin, parent->span.end, "{}"}};
        }
        if (index + 1 < count) {
            return std::vector<Splice>{{entry->entrySpan.begin, parent->entries.at(index + 1).entrySpan.begin, {}}};
        }
        return std::vector<Splice>{{parent->entries.at(index - 1).entrySpan.end, entry->entrySpan.end, {}}};
    }
    return splices;
}

// Where AddString puts a new element: in order when the list is sorted (ignoring case, as
// classifier and keyword lists usually are), else at the end.
size_t insertionIndex(const QStringList &strings, const QString &value)
{
    const auto less = [](const QString &a, const QString &b) { return QString::compare(a, b, Qt::CaseInsensitive) < 0; };
    if (strings.size() >= 2 && std::is_sorted(strings.cbegin(), strings.cend(), less)) {
        return size_t(std::upper_bound(strings.cbegin(), strings.cend(), value, less) - strings.cbegin());
    }
    return size_t(strings.size());
}

// ---- the expected document -------------------------------------------------------------

std::expected<toml::table *, EditError> parentTable(toml::table &root, const QStringList &path, bool create)
{
    toml::table *table = &root;
    for (qsizetype i = 0; i + 1 < path.size(); ++i) {
        const std::string part = Detail::toStd(path.at(i));
        toml::node *node = table->get(part);
        if (!node) {
            if (!create) {
                return failure(EditError::Code::NotFound, QStringLiteral("%1 is not set").arg(shown(path)));
            }
            node = table->insert(part, toml::table{}).first->second.as_table();
        }
        table = node->as_table();
        if (!table) {
            return failure(EditError::Code::Conflict,
                           QStringLiteral("%1 is not a table, so it cannot hold %2").arg(shown(path.first(i + 1)), shown(path)));
        }
    }
    return table;
}

toml::array stringArray(const QStringList &values)
{
    toml::array array;
    for (const QString &value : values) {
        array.push_back(Detail::toStd(value));
    }
    return array;
}

std::expected<void, EditError> applyToData(toml::table &root, const TomlEdit &edit, const Source &source)
{
    const bool creates = edit.kind == TomlEdit::Kind::SetString || edit.kind == TomlEdit::Kind::SetStringArray ||
                         edit.kind == TomlEdit::Kind::AddString || edit.kind == TomlEdit::Kind::SetTableArray;
    auto parent = parentTable(root, edit.path, creates);
    if (!parent) {
        return std::unexpected(parent.error());
    }
    toml::table &table = **parent;
    const std::string key = Detail::toStd(edit.path.last());
    toml::node *node = table.get(key);
    switch (edit.kind) {
    case TomlEdit::Kind::SetString:
        // An inline table is one value and can be replaced (license = {text = "MIT"} -> "MIT");
        // a [section] cannot.
        if (node && node->is_table() && !source.findValue(edit.path)) {
            return failure(EditError::Code::Conflict, QStringLiteral("%1 is a table; remove it first").arg(shown(edit.path)));
        }
        table.insert_or_assign(key, Detail::toStd(edit.value));
        return {};
    case TomlEdit::Kind::SetStringArray:
        if (node && node->is_table() && !source.findValue(edit.path)) {
            return failure(EditError::Code::Conflict, QStringLiteral("%1 is a table; remove it first").arg(shown(edit.path)));
        }
        if (node && node->is_array_of_tables() && !node->as_array()->empty() &&
            source.findValue(edit.path) == nullptr) {
            return failure(EditError::Code::Unsupported,
                           QStringLiteral("%1 is an array of tables; edit it by hand").arg(shown(edit.path)));
        }
        table.insert_or_assign(key, stringArray(edit.values));
        return {};
    case TomlEdit::Kind::SetTableArray: {
        if (node && node->is_table() && !source.findValue(edit.path)) {
            return failure(EditError::Code::Conflict, QStringLiteral("%1 is a table; remove it first").arg(shown(edit.path)));
        }
        if (node && node->is_array_of_tables() && !node->as_array()->empty() && source.findValue(edit.path) == nullptr) {
            return failure(EditError::Code::Unsupported,
                           QStringLiteral("%1 is written as [[%2]] sections; edit it by hand").arg(shown(edit.path),
                                                                                                   edit.path.join(u'.')));
        }
        toml::array tables;
        for (const TomlEdit::StringTable &fields : edit.tables) {
            toml::table table;
            for (const auto &[key, value] : fields) {
                if (!table.insert(Detail::toStd(key), Detail::toStd(value)).second) {
                    return failure(EditError::Code::Conflict, QStringLiteral("the key %1 is given twice").arg(key));
                }
            }
            tables.push_back(std::move(table));
        }
        table.insert_or_assign(key, std::move(tables));
        return {};
    }
    case TomlEdit::Kind::AddString:
        if (!node) {
            table.insert(key, stringArray({edit.value}));
            return {};
        }
        if (toml::array *array = node->as_array()) {
            for (const toml::node &element : *array) {
                if (element.value<std::string>() == Detail::toStd(edit.value)) {
                    return failure(EditError::Code::AlreadyPresent,
                                   QStringLiteral("%1 already lists \"%2\"").arg(shown(edit.path), edit.value));
                }
            }
            QStringList strings;
            for (const toml::node &element : *array) {
                if (auto text = element.value<std::string>()) {
                    strings.append(Detail::toQString(*text));
                }
            }
            const qsizetype index = strings.size() == qsizetype(array->size())
                                        ? qsizetype(insertionIndex(strings, edit.value))
                                        : qsizetype(array->size());
            array->insert(array->cbegin() + index, Detail::toStd(edit.value));
            return {};
        }
        return failure(EditError::Code::Conflict, QStringLiteral("%1 is not a list").arg(shown(edit.path)));
    case TomlEdit::Kind::RemoveString: {
        toml::array *array = node ? node->as_array() : nullptr;
        if (!array) {
            return failure(node ? EditError::Code::Conflict : EditError::Code::NotFound,
                           node ? QStringLiteral("%1 is not a list").arg(shown(edit.path))
                                : QStringLiteral("%1 is not set").arg(shown(edit.path)));
        }
        for (auto it = array->begin(); it != array->end(); ++it) {
            if (it->value<std::string>() == Detail::toStd(edit.value)) {
                array->erase(it);
                return {};
            }
        }
        return failure(EditError::Code::NotFound,
                       QStringLiteral("%1 does not list \"%2\"").arg(shown(edit.path), edit.value));
    }
    case TomlEdit::Kind::Remove:
        if (!node) {
            return failure(EditError::Code::NotFound, QStringLiteral("%1 is not set").arg(shown(edit.path)));
        }
        table.erase(key);
        // Tables that existed only through dotted keys vanish with their last key.
        for (qsizetype length = edit.path.size() - 1; length > 0; --length) {
            const QStringList parentPath = edit.path.first(length);
            auto holder = parentTable(root, parentPath, false);
            if (!holder) {
                break;
            }
            toml::node *parentNode = (*holder)->get(Detail::toStd(parentPath.last()));
            if (!parentNode || !parentNode->is_table() || !parentNode->as_table()->empty() ||
                source.isExplicitTable(parentPath)) {
                break;
            }
            (*holder)->erase(Detail::toStd(parentPath.last()));
        }
        return {};
    }
    return {};
}

// ---- one step on the current text ------------------------------------------------------

using Planner = std::function<Plan(const Source &)>;

std::expected<QByteArray, EditError> step(const QByteArray &content, const Planner &planner)
{
    auto source = Source::lex(content);
    if (!source) {
        return failure(EditError::Code::NotEditable,
                       QStringLiteral("cannot follow the layout of this document: %1").arg(source.error().message));
    }
    auto plan = planner(*source);
    if (!plan) {
        return std::unexpected(plan.error());
    }
    return applySplices(content, std::move(*plan));
}

const Value *arrayAt(const Source &source, const QStringList &path)
{
    const Value *value = source.findValue(path);
    return value && value->kind == Value::Kind::Array ? value : nullptr;
}

std::expected<QStringList, EditError> stringsOf(const Value &array)
{
    QStringList strings;
    for (const Value &element : array.elements) {
        if (!element.isString()) {
            return failure(EditError::Code::Conflict, QStringLiteral("the list holds values other than strings"));
        }
        strings.append(element.string);
    }
    return strings;
}

// Longest common subsequence as index pairs, to keep the elements that stay (and their
// comments) in place.
std::vector<std::pair<qsizetype, qsizetype>> commonSubsequence(const QStringList &a, const QStringList &b)
{
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    std::vector<std::vector<int>> table(size_t(n + 1), std::vector<int>(size_t(m + 1), 0));
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j) {
            table[size_t(i)][size_t(j)] = a.at(i) == b.at(j)
                                               ? table[size_t(i + 1)][size_t(j + 1)] + 1
                                               : std::max(table[size_t(i + 1)][size_t(j)], table[size_t(i)][size_t(j + 1)]);
        }
    }
    std::vector<std::pair<qsizetype, qsizetype>> pairs;
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n && j < m) {
        if (a.at(i) == b.at(j)) {
            pairs.emplace_back(i++, j++);
        } else if (table[size_t(i + 1)][size_t(j)] >= table[size_t(i)][size_t(j + 1)]) {
            ++i;
        } else {
            ++j;
        }
    }
    return pairs;
}

// ---- arrays of inline tables ----------------------------------------------------------

// How the inline tables of an array are written: "{name = "A"}" or "{ name = "A" }".
struct InlineTableStyle {
    QByteArray padding;           // inside the braces
    QByteArray assign = " = ";    // between key and value
    QByteArray separator = ", ";  // between pairs
};

InlineTableStyle inlineTableStyle(const QByteArray &s, const Value *array)
{
    InlineTableStyle style;
    if (!array) {
        return style;
    }
    for (const Value &element : array->elements) {
        if (element.kind != Value::Kind::InlineTable || element.entries.empty()) {
            continue;
        }
        const Entry &first = element.entries.front();
        style.padding = s.mid(element.span.begin + 1, first.keySpan.begin - element.span.begin - 1);
        if (!onlyBlanks(style.padding, 0, style.padding.size())) {
            style.padding = " ";
        }
        style.assign = s.mid(first.keySpan.end, first.value.span.begin - first.keySpan.end);
        if (!style.assign.contains('=') || style.assign.contains('\n')) {
            style.assign = " = ";
        }
        if (element.entries.size() > 1) {
            const qsizetype from = first.value.span.end;
            const QByteArray between = s.mid(from, element.entries.at(1).keySpan.begin - from);
            if (between.trimmed() == "," && !between.contains('\n')) {
                style.separator = between;
            }
        }
        break;
    }
    return style;
}

QByteArray formatInlineTable(const TomlEdit::StringTable &table, const InlineTableStyle &style, Value::Kind stringKind,
                             const QByteArray &lineBreak)
{
    if (table.isEmpty()) {
        return QByteArrayLiteral("{}");
    }
    QByteArray out = "{" + style.padding;
    for (qsizetype i = 0; i < table.size(); ++i) {
        if (i > 0) {
            out += style.separator;
        }
        out += Toml::formatKeyPart(table.at(i).first) + style.assign +
               Toml::formatString(table.at(i).second, stringKind, lineBreak);
    }
    return out + style.padding + "}";
}

// What identifies an element for keeping it in place: its keys and values, in order. Elements
// that are not inline tables of strings never match a new one (they are replaced).
QString tableIdentity(const TomlEdit::StringTable &table)
{
    QString identity;
    for (const auto &[key, value] : table) {
        identity += key + QChar(0x1f) + value + QChar(0x1e);
    }
    return identity;
}

QString elementIdentity(const Value &element, size_t index)
{
    if (element.kind != Value::Kind::InlineTable) {
        return QStringLiteral("\x01not a table %1").arg(index);
    }
    TomlEdit::StringTable table;
    for (const Entry &entry : element.entries) {
        if (!entry.value.isString() || entry.key.size() != 1) {
            return QStringLiteral("\x01not strings %1").arg(index);
        }
        table.append({entry.key.front(), entry.value.string});
    }
    return tableIdentity(table);
}

// The style of a brand-new array of tables: one table per line when there are several.
ArrayStyle newTableArrayStyle(const QList<QByteArray> &literals)
{
    ArrayStyle style;
    style.multiline = literals.size() > 1;
    style.trailingComma = style.multiline;
    return style;
}

std::expected<QByteArray, EditError> editText(const QByteArray &content, const Source &source, const TomlEdit &edit)
{
    const QByteArray &eol = source.lineBreak();
    const QStringList &path = edit.path;
    switch (edit.kind) {
    case TomlEdit::Kind::SetString: {
        if (const Entry *entry = source.findEntry(path)) {
            const Value::Kind style = entry->value.isString() ? entry->value.kind : Value::Kind::BasicString;
            return applySplices(content, {{entry->value.span.begin, entry->value.span.end,
                                           Toml::formatString(edit.value, style, eol)}});
        }
        return step(content, [&](const Source &current) {
            return planInsert(current, path, edit.siblingOrder, [&](const Value *reference) {
                return Toml::formatString(edit.value, stringStyle(reference), eol);
            });
        });
    }
    case TomlEdit::Kind::SetStringArray: {
        const Entry *entry = source.findEntry(path);
        if (!entry) {
            return step(content, [&](const Source &current) {
                return planInsert(current, path, edit.siblingOrder, [&](const Value *reference) {
                    return formatArray(edit.values, newArrayStyle(current, edit.values, reference), eol);
                });
            });
        }
        const Value &value = entry->value;
        if (value.kind != Value::Kind::Array) {
            return applySplices(content, {{value.span.begin, value.span.end,
                                           formatArray(edit.values, newArrayStyle(source, edit.values, &value), eol)}});
        }
        const auto old = stringsOf(value);
        const auto kept = old ? commonSubsequence(*old, edit.values) : decltype(commonSubsequence({}, {})){};
        if (kept.empty()) {
            return applySplices(content, {{value.span.begin, value.span.end,
                                           formatArray(edit.values, arrayStyle(content, value), eol)}});
        }
        QByteArray text = content;
        for (qsizetype i = old->size() - 1; i >= 0; --i) {
            if (std::none_of(kept.cbegin(), kept.cend(), [i](const auto &pair) { return pair.first == i; })) {
                auto next = step(text, [&](const Source &current) {
                    return planArrayRemove(current, *arrayAt(current, path), size_t(i));
                });
                if (!next) {
                    return next;
                }
                text = *next;
            }
        }
        for (qsizetype j = 0; j < edit.values.size(); ++j) {
            if (std::none_of(kept.cbegin(), kept.cend(), [j](const auto &pair) { return pair.second == j; })) {
                auto next = step(text, [&](const Source &current) {
                    return planArrayInsert(current, *arrayAt(current, path), size_t(j), edit.values.at(j));
                });
                if (!next) {
                    return next;
                }
                text = *next;
            }
        }
        return text;
    }
    case TomlEdit::Kind::AddString: {
        const Entry *entry = source.findEntry(path);
        if (!entry) {
            return step(content, [&](const Source &current) {
                return planInsert(current, path, edit.siblingOrder, [&](const Value *reference) {
                    return formatArray({edit.value}, newArrayStyle(current, {edit.value}, reference), eol);
                });
            });
        }
        if (entry->value.kind != Value::Kind::Array) {
            return failure(EditError::Code::Conflict, QStringLiteral("%1 is not a list").arg(shown(path)));
        }
        const Value &array = entry->value;
        const auto strings = stringsOf(array);
        const size_t index = strings ? insertionIndex(*strings, edit.value) : array.elements.size();
        auto plan = planArrayInsert(source, array, index, edit.value);
        if (!plan) {
            return std::unexpected(plan.error());
        }
        return applySplices(content, std::move(*plan));
    }
    case TomlEdit::Kind::RemoveString: {
        const Value *array = arrayAt(source, path);
        if (!array) {
            return failure(EditError::Code::NotFound, QStringLiteral("%1 is not a list here").arg(shown(path)));
        }
        for (size_t i = 0; i < array->elements.size(); ++i) {
            if (array->elements.at(i).isString() && array->elements.at(i).string == edit.value) {
                auto plan = planArrayRemove(source, *array, i);
                if (!plan) {
                    return std::unexpected(plan.error());
                }
                return applySplices(content, std::move(*plan));
            }
        }
        return failure(EditError::Code::NotFound, QStringLiteral("%1 does not list \"%2\"").arg(shown(path), edit.value));
    }
    case TomlEdit::Kind::SetTableArray: {
        const Entry *entry = source.findEntry(path);
        const Value *existing = entry ? &entry->value : nullptr;
        const InlineTableStyle tableStyle = inlineTableStyle(content, existing);
        const Value::Kind stringKind = stringStyle(existing && !existing->elements.empty() &&
                                                           !existing->elements.front().entries.empty()
                                                       ? &existing->elements.front().entries.front().value
                                                       : nullptr);
        QList<QByteArray> literals;
        QStringList wanted;
        for (const TomlEdit::StringTable &table : edit.tables) {
            literals.append(formatInlineTable(table, tableStyle, stringKind, eol));
            wanted.append(tableIdentity(table));
        }
        if (!entry) {
            return step(content, [&](const Source &current) {
                return planInsert(current, path, edit.siblingOrder, [&](const Value *) {
                    return formatArrayOfLiterals(literals, newTableArrayStyle(literals), eol);
                });
            });
        }
        const Value &value = entry->value;
        if (literals.isEmpty()) {
            return applySplices(content, {{value.span.begin, value.span.end, QByteArrayLiteral("[]")}});
        }
        if (value.kind != Value::Kind::Array || value.elements.empty()) {
            const ArrayStyle style = value.kind == Value::Kind::Array && literals.size() < 2 ? arrayStyle(content, value)
                                                                                             : newTableArrayStyle(literals);
            return applySplices(content, {{value.span.begin, value.span.end, formatArrayOfLiterals(literals, style, eol)}});
        }
        QStringList old;
        for (size_t i = 0; i < value.elements.size(); ++i) {
            old.append(elementIdentity(value.elements.at(i), i));
        }
        const auto kept = commonSubsequence(old, wanted);
        QByteArray text = content;
        for (qsizetype i = old.size() - 1; i >= 0; --i) {
            if (std::none_of(kept.cbegin(), kept.cend(), [i](const auto &pair) { return pair.first == i; })) {
                auto next = step(text, [&](const Source &current) {
                    return planArrayRemove(current, *arrayAt(current, path), size_t(i));
                });
                if (!next) {
                    return next;
                }
                text = *next;
            }
        }
        for (qsizetype j = 0; j < wanted.size(); ++j) {
            if (std::none_of(kept.cbegin(), kept.cend(), [j](const auto &pair) { return pair.second == j; })) {
                auto next = step(text, [&](const Source &current) {
                    return planArrayInsertLiteral(current, *arrayAt(current, path), size_t(j), literals.at(j));
                });
                if (!next) {
                    return next;
                }
                text = *next;
            }
        }
        return text;
    }
    case TomlEdit::Kind::Remove: {
        auto plan = planRemoveKey(source, path);
        if (!plan) {
            return std::unexpected(plan.error());
        }
        return applySplices(content, std::move(*plan));
    }
    }
    return failure(EditError::Code::Unsupported, QStringLiteral("unknown edit"));
}

} // namespace

std::expected<QByteArray, EditError> TomlEditor::apply(const QByteArray &content, const TomlEdit &edit)
{
    if (edit.path.isEmpty()) {
        return failure(EditError::Code::NotFound, QStringLiteral("no key given"));
    }
    if (content.size() > maxDocumentSize) {
        return failure(EditError::Code::NotEditable, QStringLiteral("the document is too large to edit"));
    }
    auto parsed = Detail::parseToml(content);
    if (!parsed) {
        return failure(EditError::Code::NotEditable,
                       QStringLiteral("the document is not valid TOML (line %1, column %2: %3); fix it first")
                           .arg(parsed.error().line)
                           .arg(parsed.error().column)
                           .arg(parsed.error().message));
    }
    auto source = Source::lex(content);
    if (!source) {
        return failure(EditError::Code::NotEditable,
                       QStringLiteral("cannot follow the layout of this document: %1").arg(source.error().message));
    }
    toml::table expected = *parsed;
    if (auto changed = applyToData(expected, edit, *source); !changed) {
        return std::unexpected(changed.error());
    }
    auto text = editText(content, *source, edit);
    if (!text) {
        return text;
    }
    auto reparsed = Detail::parseToml(*text);
    if (!reparsed) {
        return failure(EditError::Code::VerificationFailed,
                       QStringLiteral("refusing to change %1: the result would not be valid TOML (%2)")
                           .arg(shown(edit.path), reparsed.error().message));
    }
    if (!(*reparsed == expected)) {
        return failure(EditError::Code::VerificationFailed,
                       QStringLiteral("refusing to change %1: the result would differ from the intended change")
                           .arg(shown(edit.path)));
    }
    return text;
}

} // namespace Project
