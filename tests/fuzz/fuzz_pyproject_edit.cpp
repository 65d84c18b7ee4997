// SPDX-License-Identifier: GPL-3.0-or-later
// pyproject.toml editing: random documents and random edits. The invariant: an edit either
// applies exactly (the result parses, equals the old document plus exactly that change, and
// for a replaced value every byte outside it is unchanged) or is refused, leaving the text
// alone. Also: the layout lexer never crashes and decodes every string as toml++ does, and
// reading a project never crashes.
//
// Input: byte 0 = number N (mod 8) of edit selector bytes that follow; the rest is the document.
#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <string>

#include <toml++/toml.h>

#include "core/project/pyproject.h"
#include "core/project/tomleditor.h"
#include "core/project/tomlsource.h"

namespace {

void check(bool condition)
{
    if (!condition) {
        __builtin_trap();
    }
}

std::optional<toml::table> parse(const QByteArray &text)
{
    try {
        return toml::parse(std::string_view(text.constData(), size_t(text.size())));
    } catch (const std::exception &) {
        return std::nullopt;
    }
}

std::string std8(const QString &text)
{
    return text.toStdString();
}

// Every string value the lexer saw must be the string toml++ parsed at the same path.
void compareStrings(const std::vector<Project::Toml::Entry> &entries, const QStringList &base, const toml::table &root)
{
    for (const auto &entry : entries) {
        const QStringList path = base + entry.key;
        const toml::node *node = &root;
        for (const QString &part : path) {
            node = node && node->is_table() ? node->as_table()->get(std8(part)) : nullptr;
        }
        check(node != nullptr);
        if (entry.value.isString()) {
            check(node->value<std::string>() == std8(entry.value.string));
        } else if (entry.value.kind == Project::Toml::Value::Kind::InlineTable) {
            compareStrings(entry.value.entries, path, root);
        } else if (entry.value.kind == Project::Toml::Value::Kind::Array && node->is_array()) {
            const toml::array &array = *node->as_array();
            check(array.size() == entry.value.elements.size());
            for (size_t i = 0; i < array.size(); ++i) {
                if (entry.value.elements[i].isString()) {
                    check(array[i].value<std::string>() == std8(entry.value.elements[i].string));
                }
            }
        }
    }
}

// The expected data after an edit, computed here independently of the editor. Returns false
// when the edit cannot apply (then the editor must have refused).
bool expectedAfter(toml::table &root, const Project::TomlEdit &edit, const Project::Toml::Source &source)
{
    using Kind = Project::TomlEdit::Kind;
    toml::table *table = &root;
    for (qsizetype i = 0; i + 1 < edit.path.size(); ++i) {
        toml::node *node = table->get(std8(edit.path.at(i)));
        if (!node) {
            if (edit.kind == Kind::Remove || edit.kind == Kind::RemoveString) {
                return false;
            }
            node = table->insert(std8(edit.path.at(i)), toml::table{}).first->second.as_table();
        }
        table = node->as_table();
        if (!table) {
            return false;
        }
    }
    const std::string key = std8(edit.path.last());
    toml::node *node = table->get(key);
    switch (edit.kind) {
    case Kind::SetString:
        table->insert_or_assign(key, std8(edit.value));
        return true;
    case Kind::SetStringArray: {
        toml::array array;
        for (const QString &value : edit.values) {
            array.push_back(std8(value));
        }
        table->insert_or_assign(key, std::move(array));
        return true;
    }
    case Kind::AddString: {
        if (!node) {
            table->insert(key, toml::array{std8(edit.value)});
            return true;
        }
        toml::array *array = node->as_array();
        if (!array) {
            return false;
        }
        // Position: sorted insert when the strings are sorted ignoring case, else append.
        QStringList strings;
        for (const toml::node &element : *array) {
            if (auto text = element.value<std::string>()) {
                strings.append(QString::fromStdString(*text));
            }
        }
        size_t index = array->size();
        const auto less = [](const QString &a, const QString &b) { return QString::compare(a, b, Qt::CaseInsensitive) < 0; };
        if (strings.size() == qsizetype(array->size()) && strings.size() >= 2 &&
            std::is_sorted(strings.cbegin(), strings.cend(), less)) {
            index = size_t(std::upper_bound(strings.cbegin(), strings.cend(), edit.value, less) - strings.cbegin());
        }
        array->insert(array->cbegin() + qsizetype(index), std8(edit.value));
        return true;
    }
    case Kind::RemoveString: {
        toml::array *array = node ? node->as_array() : nullptr;
        if (!array) {
            return false;
        }
        for (auto it = array->begin(); it != array->end(); ++it) {
            if (it->value<std::string>() == std8(edit.value)) {
                array->erase(it);
                return true;
            }
        }
        return false;
    }
    case Kind::SetTableArray: {
        toml::array tables;
        for (const Project::TomlEdit::StringTable &fields : edit.tables) {
            toml::table fieldTable;
            for (const auto &[field, value] : fields) {
                fieldTable.insert(std8(field), std8(value));
            }
            tables.push_back(std::move(fieldTable));
        }
        table->insert_or_assign(key, std::move(tables));
        return true;
    }
    case Kind::Remove:
        if (!node) {
            return false;
        }
        table->erase(key);
        for (qsizetype length = edit.path.size() - 1; length > 0; --length) {
            const QStringList parentPath = edit.path.first(length);
            toml::table *holder = &root;
            for (qsizetype i = 0; i + 1 < parentPath.size(); ++i) {
                holder = holder->get(std8(parentPath.at(i)))->as_table();
            }
            toml::node *parent = holder->get(std8(parentPath.last()));
            if (!parent->as_table()->empty() || source.isExplicitTable(parentPath)) {
                break;
            }
            holder->erase(std8(parentPath.last()));
        }
        return true;
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0 || size > 64 * 1024) {
        return 0;
    }
    const size_t selectorCount = std::min<size_t>(data[0] % 8, size - 1);
    const std::uint8_t *selectors = data + 1;
    const QByteArray document(reinterpret_cast<const char *>(data + 1 + selectorCount), qsizetype(size - 1 - selectorCount));
    const QByteArray pristine = document;

    // Reading never crashes, whatever the bytes.
    (void)Project::PyProject::fromContent(document, QString()).toJson();

    const auto source = Project::Toml::Source::lex(document);
    const auto parsed = parse(document);
    if (source && parsed) {
        for (const auto &table : source->tables()) {
            if (!table.isArrayOfTables) {
                compareStrings(table.entries, table.name, *parsed);
            }
        }
    }

    // Candidate paths: what the document has, plus typical new ones.
    QList<QStringList> paths = {{QStringLiteral("project"), QStringLiteral("version")},
                                {QStringLiteral("project"), QStringLiteral("keywords")},
                                {QStringLiteral("project"), QStringLiteral("urls"), QStringLiteral("New Label")},
                                {QStringLiteral("tool"), QStringLiteral("x"), QStringLiteral("y")},
                                {QStringLiteral("z")}};
    if (source) {
        for (const auto &table : source->tables()) {
            for (const auto &entry : table.entries) {
                paths.append(table.name + entry.key);
                for (const auto &inner : entry.value.entries) {
                    paths.append(table.name + entry.key + inner.key);
                }
            }
            if (!table.isRoot) {
                paths.append(table.name);
            }
        }
    }
    static const QStringList values = {QStringLiteral("2.0"), QStringLiteral("it's \"quoted\""), QStringLiteral("line\nbreak"),
                                       QStringLiteral("ünï ✓"), QString(), QStringLiteral("a\\b'''"), QStringLiteral("b")};
    for (size_t i = 0; i < selectorCount; ++i) {
        const std::uint8_t selector = selectors[i];
        const QStringList &path = paths.at((selector >> 3) % paths.size());
        const QString &value = values.at(selector % values.size());
        Project::TomlEdit edit;
        switch (selector % 6) {
        case 0: edit = Project::TomlEdit::setString(path, value); break;
        case 1: edit = Project::TomlEdit::setStringArray(path, {value, QStringLiteral("b")}); break;
        case 2: edit = Project::TomlEdit::addString(path, value); break;
        case 3: edit = Project::TomlEdit::removeString(path, value); break;
        case 4:
            edit = Project::TomlEdit::setTableArray(
                path, {{{QStringLiteral("name"), value}},
                       {{QStringLiteral("name"), QStringLiteral("b")}, {QStringLiteral("email"), value}}});
            break;
        default: edit = Project::TomlEdit::remove(path); break;
        }
        if (selector & 0x80) {
            edit.siblingOrder = Project::PyProject::projectKeyOrder();
        }
        const auto result = Project::TomlEditor::apply(document, edit);
        check(document == pristine);
        if (!result) {
            check(!result.error().message.isEmpty());
            continue;
        }
        // Applied: it must be exactly the intended change.
        check(parsed.has_value() && source.has_value());
        toml::table expected = *parsed;
        check(expectedAfter(expected, edit, *source));
        const auto reparsed = parse(*result);
        check(reparsed.has_value());
        check(*reparsed == expected);
        if (edit.kind == Project::TomlEdit::Kind::SetString) {
            if (const auto *entry = source->findEntry(path)) {
                const qsizetype begin = entry->value.span.begin;
                const qsizetype tail = document.size() - entry->value.span.end;
                check(result->first(begin) == document.first(begin));
                check(result->last(tail) == document.last(tail));
            }
        }
    }
    return 0;
}
