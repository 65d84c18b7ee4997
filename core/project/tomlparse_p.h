// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to core/project: the only place toml++ is included, so its exceptions are caught
// at this edge and its types never leave the module.

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <expected>
#include <string_view>

#include <toml++/toml.h>

namespace Project::Detail {

struct TomlParseFailure {
    QString message;
    int line = 0;
    int column = 0;
};

// toml++ parse, exceptions caught; positions 1-based.
[[nodiscard]] std::expected<toml::table, TomlParseFailure> parseToml(const QByteArray &content);

inline QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

inline std::string toStd(const QString &text)
{
    return text.toStdString();
}

// The node at a key path, or nullptr (through tables only).
[[nodiscard]] const toml::node *nodeAt(const toml::table &root, const QStringList &path);

} // namespace Project::Detail
