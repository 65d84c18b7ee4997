// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/registrystore.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QStandardPaths>

#include <toml++/toml.h>

#include "core/util/atomicfile.h"

namespace Registry {

namespace {

using namespace Qt::StringLiterals;

// A registry list is a few hundred bytes; anything this large is not one.
constexpr qint64 maximumFileSize = 1024 * 1024;
constexpr std::int64_t currentFormat = 1;

// Keys that would put a secret in the file. They are refused without repeating the value.
constexpr std::array secretKeys{"password", "token", "secret", "api-token", "api_token", "pypi-token", "auth"};

QString tomlString(const QString &value)
{
    QString quoted = u"\""_s;
    for (const QChar c : value) {
        switch (c.unicode()) {
        case u'"':
            quoted += u"\\\""_s;
            break;
        case u'\\':
            quoted += u"\\\\"_s;
            break;
        case u'\n':
            quoted += u"\\n"_s;
            break;
        case u'\r':
            quoted += u"\\r"_s;
            break;
        case u'\t':
            quoted += u"\\t"_s;
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f) {
                quoted += u"\\u%1"_s.arg(static_cast<uint>(c.unicode()), 4, 16, QChar(u'0'));
            } else {
                quoted += c;
            }
        }
    }
    return quoted + u'"';
}

QString tomlKey(const QString &key)
{
    static const QRegularExpression bare(u"\\A[A-Za-z0-9_-]+\\z"_s);
    return bare.match(key).hasMatch() ? key : tomlString(key);
}

int lineOf(const toml::node &node)
{
    return static_cast<int>(node.source().begin.line);
}

StoreError corrupt(const QString &fileName, int line, const QString &problem)
{
    const QString where = line > 0 ? u"%1, line %2"_s.arg(QDir::toNativeSeparators(fileName)).arg(line)
                                   : QDir::toNativeSeparators(fileName);
    return StoreError{StoreError::Code::Corrupt, u"%1: %2"_s.arg(where, problem), line};
}

std::expected<QString, StoreError> stringValue(const toml::node &node, const QString &key, const QString &fileName)
{
    const auto *text = node.as_string();
    if (text == nullptr) {
        return std::unexpected(corrupt(fileName, lineOf(node), u"'%1' must be a quoted string."_s.arg(key)));
    }
    return QString::fromStdString(text->get());
}

std::expected<Registry, StoreError> readRegistry(const QString &name, const toml::node &node, const QString &fileName)
{
    const int tableLine = lineOf(node);
    const auto *table = node.as_table();
    if (table == nullptr) {
        return std::unexpected(corrupt(fileName, tableLine,
                                       u"registry '%1' must be a table: [registry.%1]."_s.arg(name.left(80))));
    }
    if (auto valid = validateName(name); !valid) {
        return std::unexpected(corrupt(fileName, tableLine, valid.error().message));
    }
    Registry registry;
    registry.name = name;
    bool sawKind = false;
    for (const auto &[rawKey, value] : *table) {
        const std::string_view key = rawKey.str();
        const QString keyText = QString::fromUtf8(key.data(), static_cast<qsizetype>(key.size()));
        const int line = lineOf(value);
        if (std::ranges::find(secretKeys, key) != secretKeys.end()) {
            return std::unexpected(corrupt(
                fileName, line,
                u"'%1' in registry '%2': secrets never belong in this file. Delete the line, then store the secret "
                u"in the keychain with `slipway registry login %2`."_s.arg(keyText, name)));
        }
        auto text = stringValue(value, keyText, fileName);
        if (!text) {
            return std::unexpected(text.error());
        }
        auto url = [&](QUrl &target, const QString &what) -> std::expected<void, StoreError> {
            if (text->isEmpty()) {
                target = QUrl();
                return {};
            }
            auto parsed = parseUrl(*text, what);
            if (!parsed) {
                return std::unexpected(corrupt(fileName, line, parsed.error().message));
            }
            target = *parsed;
            return {};
        };
        std::expected<void, StoreError> applied;
        if (key == "kind") {
            const auto kind = kindFromName(*text);
            if (!kind) {
                return std::unexpected(corrupt(fileName, line,
                                               u"unknown kind '%1' (use pypi, testpypi, gitlab, codeartifact, nexus, "
                                               u"artifactory or custom)."_s.arg(text->left(80))));
            }
            registry.kind = *kind;
            sawKind = true;
        } else if (key == "upload-url") {
            applied = url(registry.uploadUrl, u"upload URL"_s);
        } else if (key == "simple-url") {
            applied = url(registry.simpleUrl, u"simple index URL"_s);
        } else if (key == "web-url") {
            applied = url(registry.webUrl, u"web URL"_s);
        } else if (key == "username") {
            registry.username = *text;
        } else if (key == "ca-bundle") {
            registry.caBundlePath = *text;
        } else if (key == "client-cert") {
            registry.clientCertPath = *text;
        } else if (key == "role") {
            const auto role = roleFromName(*text);
            if (!role) {
                return std::unexpected(
                    corrupt(fileName, line, u"unknown role '%1' (use test, production or none)."_s.arg(text->left(80))));
            }
            registry.role = *role;
        } else {
            return std::unexpected(corrupt(fileName, line,
                                           u"unknown key '%1' in registry '%2' (known: kind, upload-url, simple-url, "
                                           u"web-url, username, ca-bundle, client-cert, role)."_s.arg(keyText.left(80),
                                                                                                    name)));
        }
        if (!applied) {
            return std::unexpected(applied.error());
        }
    }
    if (registry.uploadUrl.isEmpty()) {
        return std::unexpected(corrupt(fileName, tableLine, u"registry '%1' has no upload-url."_s.arg(name)));
    }
    if (!sawKind) {
        registry.kind = guessKind(registry.uploadUrl);
    }
    if (auto valid = validate(registry); !valid) {
        return std::unexpected(corrupt(fileName, tableLine, valid.error().message));
    }
    return registry;
}

bool sameName(const QString &a, const QString &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

void sortByName(QList<Registry> &registries)
{
    std::ranges::sort(registries, [](const Registry &a, const Registry &b) {
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
}

} // namespace

RegistryStore::RegistryStore(QString path)
    : m_path(std::move(path))
{
}

QString RegistryStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/registries.toml"_s;
}

std::expected<void, StoreError> RegistryStore::load()
{
    m_registries.clear();
    m_loadFailed = false;
    QFile file(m_path);
    if (!file.exists()) {
        return {};
    }
    m_loadFailed = true;
    const QString shown = QDir::toNativeSeparators(m_path);
    if (!file.open(QIODevice::ReadOnly)) {
        return std::unexpected(StoreError{StoreError::Code::Unreadable,
                                          u"Cannot read the registry list %1: %2"_s.arg(shown, file.errorString())});
    }
    if (file.size() > maximumFileSize) {
        return std::unexpected(corrupt(m_path, 0, u"the file is larger than 1 MiB, which no registry list is. Move it "
                                                  u"away; Slipway will not overwrite it."_s));
    }
    auto parsed = parse(file.read(maximumFileSize), m_path);
    if (!parsed) {
        StoreError failure = parsed.error();
        failure.message += u" Fix the file or move it away; Slipway will not overwrite it."_s;
        if (QFileInfo::exists(backupPath())) {
            failure.message += u" The previous version is in %1."_s.arg(QDir::toNativeSeparators(backupPath()));
        }
        return std::unexpected(failure);
    }
    m_registries = *parsed;
    m_loadFailed = false;
    return {};
}

std::optional<Registry> RegistryStore::find(const QString &name) const
{
    for (const Registry &registry : m_registries) {
        if (sameName(registry.name, name)) {
            return registry;
        }
    }
    return std::nullopt;
}

std::expected<void, StoreError> RegistryStore::add(const Registry &registry)
{
    if (auto valid = validate(registry); !valid) {
        return std::unexpected(StoreError{StoreError::Code::Invalid, valid.error().message});
    }
    if (find(registry.name)) {
        return std::unexpected(StoreError{StoreError::Code::Duplicate,
                                          u"A registry named '%1' already exists; use `slipway registry edit %1` to "
                                          u"change it or pick another name."_s.arg(registry.name)});
    }
    m_registries.append(registry);
    sortByName(m_registries);
    return {};
}

std::expected<void, StoreError> RegistryStore::replace(const QString &name, const Registry &registry)
{
    if (auto valid = validate(registry); !valid) {
        return std::unexpected(StoreError{StoreError::Code::Invalid, valid.error().message});
    }
    const auto position = std::ranges::find_if(m_registries, [&](const Registry &r) { return sameName(r.name, name); });
    if (position == m_registries.end()) {
        return std::unexpected(
            StoreError{StoreError::Code::NotFound, u"There is no registry named '%1'."_s.arg(name)});
    }
    if (!sameName(name, registry.name) && find(registry.name)) {
        return std::unexpected(StoreError{StoreError::Code::Duplicate,
                                          u"A registry named '%1' already exists."_s.arg(registry.name)});
    }
    *position = registry;
    sortByName(m_registries);
    return {};
}

std::expected<void, StoreError> RegistryStore::remove(const QString &name)
{
    const auto removed = m_registries.removeIf([&](const Registry &r) { return sameName(r.name, name); });
    if (removed == 0) {
        return std::unexpected(
            StoreError{StoreError::Code::NotFound, u"There is no registry named '%1'."_s.arg(name)});
    }
    return {};
}

std::expected<void, StoreError> RegistryStore::save()
{
    const QString shown = QDir::toNativeSeparators(m_path);
    if (m_loadFailed) {
        return std::unexpected(StoreError{StoreError::Code::Unwritable,
                                          u"Not saving the registry list: %1 could not be loaded, and Slipway never "
                                          u"replaces a file it could not read. Fix or move it first."_s.arg(shown)});
    }
    const QByteArray content = serialize(m_registries);
    QFile existing(m_path);
    if (existing.exists()) {
        // Re-read right before writing: if someone broke the file by hand since load(), keep it.
        if (!existing.open(QIODevice::ReadOnly)) {
            return std::unexpected(StoreError{StoreError::Code::Unwritable,
                                              u"Cannot read %1 before replacing it: %2"_s.arg(shown, existing.errorString())});
        }
        const QByteArray previous = existing.read(maximumFileSize + 1);
        existing.close();
        if (previous == content) {
            return {};
        }
        if (previous.size() > maximumFileSize || !parse(previous, m_path)) {
            return std::unexpected(StoreError{StoreError::Code::Unwritable,
                                              u"Not saving the registry list: %1 changed since it was read and no "
                                              u"longer loads. Fix or move it first."_s.arg(shown)});
        }
        if (auto backup = Util::writeFileAtomically(backupPath(), previous); !backup) {
            return std::unexpected(StoreError{StoreError::Code::Unwritable, backup.error()});
        }
    } else if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        return std::unexpected(StoreError{StoreError::Code::Unwritable,
                                          u"Cannot create the folder for %1."_s.arg(shown)});
    }
    if (auto written = Util::writeFileAtomically(m_path, content); !written) {
        return std::unexpected(StoreError{StoreError::Code::Unwritable, written.error()});
    }
    return {};
}

QByteArray RegistryStore::serialize(const QList<Registry> &registries)
{
    QString text = u"# Slipway's package registries, one [registry.NAME] table each.\n"
                   u"# Secrets never go in this file: `slipway registry login NAME` keeps them in the OS keychain.\n"
                   u"# You may edit it by hand; Slipway names the line of any mistake and never overwrites a file\n"
                   u"# it cannot read. Comments you add are not kept when Slipway rewrites it (the previous\n"
                   u"# version is kept as registries.toml.bak).\n"
                   u"format = 1\n"_s;
    QList<Registry> sorted = registries;
    sortByName(sorted);
    for (const Registry &registry : sorted) {
        text += u"\n[registry.%1]\n"_s.arg(tomlKey(registry.name));
        text += u"kind = %1\n"_s.arg(tomlString(kindName(registry.kind)));
        text += u"upload-url = %1\n"_s.arg(tomlString(urlText(registry.uploadUrl)));
        if (!registry.simpleUrl.isEmpty()) {
            text += u"simple-url = %1\n"_s.arg(tomlString(urlText(registry.simpleUrl)));
        }
        if (!registry.webUrl.isEmpty()) {
            text += u"web-url = %1\n"_s.arg(tomlString(urlText(registry.webUrl)));
        }
        text += u"username = %1\n"_s.arg(tomlString(registry.username));
        if (!registry.caBundlePath.isEmpty()) {
            text += u"ca-bundle = %1\n"_s.arg(tomlString(registry.caBundlePath));
        }
        if (!registry.clientCertPath.isEmpty()) {
            text += u"client-cert = %1\n"_s.arg(tomlString(registry.clientCertPath));
        }
        if (registry.role != Role::None) {
            text += u"role = %1\n"_s.arg(tomlString(roleName(registry.role)));
        }
    }
    return text.toUtf8();
}

std::expected<QList<Registry>, StoreError> RegistryStore::parse(const QByteArray &content, const QString &fileName)
{
    if (content.size() > maximumFileSize) {
        return std::unexpected(corrupt(fileName, 0, u"the file is larger than 1 MiB, which no registry list is."_s));
    }
    toml::table document;
    try {
        document = toml::parse(std::string_view(content.constData(), static_cast<std::size_t>(content.size())));
    } catch (const toml::parse_error &failure) {
        return std::unexpected(corrupt(fileName, static_cast<int>(failure.source().begin.line),
                                       QString::fromUtf8(failure.description().data(),
                                                         static_cast<qsizetype>(failure.description().size()))
                                           + u'.'));
    }

    QList<Registry> registries;
    QHash<QString, std::pair<QString, int>> lines; // case-folded name -> (name, line)
    for (const auto &[rawKey, value] : document) {
        const std::string_view key = rawKey.str();
        const int line = lineOf(value);
        if (key == "format") {
            const auto *format = value.as_integer();
            if (format == nullptr || format->get() < 1) {
                return std::unexpected(corrupt(fileName, line, u"'format' must be the number 1."_s));
            }
            if (format->get() > currentFormat) {
                return std::unexpected(StoreError{
                    StoreError::Code::TooNew,
                    u"%1 was written by a newer Slipway (format %2); this version reads format 1 only."_s.arg(
                        QDir::toNativeSeparators(fileName))
                        .arg(format->get()),
                    line});
            }
        } else if (key == "registry") {
            const auto *table = value.as_table();
            if (table == nullptr) {
                return std::unexpected(corrupt(fileName, line, u"'registry' must hold tables: [registry.NAME]."_s));
            }
            for (const auto &[rawName, entry] : *table) {
                const std::string_view nameView = rawName.str();
                const QString name = QString::fromUtf8(nameView.data(), static_cast<qsizetype>(nameView.size()));
                auto registry = readRegistry(name, entry, fileName);
                if (!registry) {
                    return std::unexpected(registry.error());
                }
                const QString folded = name.toCaseFolded();
                if (const auto other = lines.constFind(folded); other != lines.cend()) {
                    // Report the later of the two in the file, whatever order the table has.
                    const int line = std::max(other->second, lineOf(entry));
                    return std::unexpected(StoreError{
                        StoreError::Code::Duplicate,
                        corrupt(fileName, line,
                                u"registries '%1' and '%2' differ only in case; names are case-insensitive."_s.arg(
                                    other->first, name))
                            .message,
                        line});
                }
                lines.insert(folded, {name, lineOf(entry)});
                registries.append(*registry);
            }
        } else {
            return std::unexpected(corrupt(
                fileName, line,
                u"unknown top-level key '%1' (the file holds 'format' and [registry.NAME] tables)."_s.arg(
                    QString::fromUtf8(key.data(), static_cast<qsizetype>(key.size())).left(80))));
        }
    }
    sortByName(registries);
    return registries;
}

} // namespace Registry
