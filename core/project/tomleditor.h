// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <expected>
#include <utility>

namespace Project {

// One intended change to a TOML document, at an absolute key path (["project", "urls", "Docs"]).
struct TomlEdit {
    enum class Kind {
        SetString,      // set a string value, creating the key (and its table) when missing
        SetStringArray, // set an array of strings, keeping the elements that stay and their comments
        AddString,      // add one string to an array (creating the array when missing)
        RemoveString,   // remove one string from an array
        Remove,         // remove a key, a sub-table or a [section]
        SetTableArray   // set an array of inline tables of strings (authors = [{name = "..."}]),
                        // keeping the elements that stay and their comments
    };
    // One inline table of SetTableArray: its keys and string values, in writing order.
    using StringTable = QList<std::pair<QString, QString>>;
    Kind kind = Kind::SetString;
    QStringList path;
    QString value;      // SetString, AddString, RemoveString
    QStringList values; // SetStringArray
    // Preferred order of sibling keys: a new key goes after the last existing sibling that comes
    // before it in this list (PEP 621 order for [project]); otherwise after the last sibling.
    QStringList siblingOrder;
    QList<StringTable> tables; // SetTableArray

    [[nodiscard]] static TomlEdit setString(const QStringList &path, const QString &value);
    [[nodiscard]] static TomlEdit setStringArray(const QStringList &path, const QStringList &values);
    [[nodiscard]] static TomlEdit addString(const QStringList &path, const QString &value);
    [[nodiscard]] static TomlEdit removeString(const QStringList &path, const QString &value);
    [[nodiscard]] static TomlEdit remove(const QStringList &path);
    [[nodiscard]] static TomlEdit setTableArray(const QStringList &path, const QList<StringTable> &tables);
};

struct EditError {
    enum class Code {
        NotEditable,       // the document does not parse (or the layout reader cannot follow it)
        NotFound,          // the key or the list element is not there
        AlreadyPresent,    // AddString of an element the list already has
        Conflict,          // the path crosses a value of another type
        Unsupported,       // a layout this editor does not change (arrays of tables, ...)
        VerificationFailed // the result would not be the old document plus exactly this change
    };
    Code code = Code::NotEditable;
    QString message;
};

/**
 * Surgical edits on TOML text. The change is spliced into the byte ranges that
 * Toml::Source found; every byte outside them stays as it was (comments, blank lines, key
 * order, quoting, trailing commas, CRLF, a missing final newline). New keys copy the
 * indentation and `key = value` spacing of their neighbours; new strings copy the quoting
 * of the value they replace or of their siblings; arrays keep their one-line or multi-line
 * shape, indentation and trailing-comma habit.
 *
 * Every result is verified: it is re-parsed with toml++ and must equal the old document with
 * exactly the intended change applied to the parsed data; otherwise the edit is refused and
 * the caller keeps its text. Stateless and thread-safe.
 */
class TomlEditor final
{
public:
    // Largest document the editor accepts (pyproject.toml files are a few KiB).
    static constexpr qsizetype maxDocumentSize = 4 * 1024 * 1024;

    [[nodiscard]] static std::expected<QByteArray, EditError> apply(const QByteArray &content, const TomlEdit &edit);
};

} // namespace Project
