// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <expected>
#include <optional>

#include <QByteArray>
#include <QList>
#include <QString>

#include "core/registry/registry.h"

namespace Registry {

struct StoreError {
    enum class Code {
        Unreadable,  // the file exists but cannot be read
        Corrupt,     // not valid TOML, or a value Slipway does not understand (line is set)
        TooNew,      // written by a newer Slipway (format > 1)
        Duplicate,   // two registries with the same name (ignoring case)
        NotFound,    // no registry of that name
        Invalid,     // a registry that fails validate()
        Unwritable,  // saving failed; the old file is untouched
    };
    Code code;
    QString message;
    int line = 0; // 1-based line in the file, 0 when not tied to a line
};

/**
 * The list of registries, kept in a small hand-editable TOML file (registries.toml under the
 * platform's config location), one [registry.NAME] table each. The file never holds a secret:
 * a `password` or `token` key is refused with a message saying where secrets go.
 *
 * load() never changes the file. A file that does not parse, or that holds a value Slipway
 * does not understand, gives a Corrupt error naming the line, and every later save() is
 * refused until the file loads, so a hand-broken file is never silently replaced. save()
 * writes atomically and first copies the previous file to "<file>.bak".
 *
 * Plain value class, no signals; not thread-safe (use it from one thread).
 */
class RegistryStore final
{
public:
    explicit RegistryStore(QString path);

    // <AppConfigLocation>/registries.toml, e.g. ~/.config/Slipway/slipway/registries.toml.
    [[nodiscard]] static QString defaultPath();

    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] QString backupPath() const { return m_path + QStringLiteral(".bak"); }

    // Reads the file; a missing file is an empty list. On error the list is left empty.
    [[nodiscard]] std::expected<void, StoreError> load();

    // Sorted by name (case-insensitively).
    [[nodiscard]] const QList<Registry> &registries() const { return m_registries; }
    [[nodiscard]] std::optional<Registry> find(const QString &name) const;

    // In-memory changes, validated; call save() to keep them.
    [[nodiscard]] std::expected<void, StoreError> add(const Registry &registry);
    [[nodiscard]] std::expected<void, StoreError> replace(const QString &name, const Registry &registry);
    [[nodiscard]] std::expected<void, StoreError> remove(const QString &name);

    [[nodiscard]] std::expected<void, StoreError> save();

    // The file format, exposed for tests, fuzzing and the export of a copy.
    [[nodiscard]] static QByteArray serialize(const QList<Registry> &registries);
    [[nodiscard]] static std::expected<QList<Registry>, StoreError> parse(const QByteArray &content,
                                                                          const QString &fileName);

private:
    QString m_path;
    QList<Registry> m_registries;
    bool m_loadFailed = false;
};

} // namespace Registry
