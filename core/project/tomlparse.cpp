// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/tomlparse_p.h"

namespace Project::Detail {

std::expected<toml::table, TomlParseFailure> parseToml(const QByteArray &content)
{
    try {
        return toml::parse(std::string_view(content.constData(), size_t(content.size())));
    } catch (const toml::parse_error &error) {
        return std::unexpected(TomlParseFailure{toQString(error.description()), int(error.source().begin.line),
                                                int(error.source().begin.column)});
    } catch (const std::exception &error) {
        return std::unexpected(TomlParseFailure{QString::fromLocal8Bit(error.what()), 0, 0});
    }
}

const toml::node *nodeAt(const toml::table &root, const QStringList &path)
{
    const toml::node *node = &root;
    for (const QString &part : path) {
        const toml::table *table = node->as_table();
        if (!table) {
            return nullptr;
        }
        node = table->get(toStd(part));
        if (!node) {
            return nullptr;
        }
    }
    return node;
}

} // namespace Project::Detail
