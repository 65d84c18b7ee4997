// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace Project {

// The PEP 621 [project] table and [build-system], as read (values of the wrong type are left
// out and reported as findings). Plain value types.

struct Person {
    QString name;
    QString email;
};

struct Readme {
    enum class Kind { None, File, Text };
    Kind kind = Kind::None;
    QString file;        // relative to the project directory
    QString text;
    QString contentType; // given, or derived from the file suffix
};

struct License {
    enum class Kind { None, Expression, LegacyFile, LegacyText };
    Kind kind = Kind::None;
    QString expression; // as written (Kind::Expression)
    QString file;       // legacy {file = ...}
    QString text;       // legacy {text = ...}
};

struct EntryPoint {
    QString name;
    QString reference; // "package.module:object"
};

struct ProjectMetadata {
    bool present = false; // a [project] table exists
    QString name;
    std::optional<QString> version;
    std::optional<QString> description;
    Readme readme;
    std::optional<QString> requiresPython;
    License license;
    std::optional<QStringList> licenseFiles;
    QList<Person> authors;
    QList<Person> maintainers;
    QStringList keywords;
    QStringList classifiers;
    QList<std::pair<QString, QString>> urls; // label -> URL, in file order
    QList<EntryPoint> scripts;
    QList<EntryPoint> guiScripts;
    QList<std::pair<QString, QList<EntryPoint>>> entryPoints; // group -> entries
    QStringList dependencies;
    QList<std::pair<QString, QStringList>> optionalDependencies; // extra -> requirements
    QStringList importNames;
    QStringList importNamespaces;
    QStringList dynamic;

    [[nodiscard]] bool isDynamic(const QString &key) const { return dynamic.contains(key); }
    [[nodiscard]] QJsonObject toJson() const;
};

struct BuildSystem {
    bool present = false;
    QStringList requirements; // build-system.requires
    QString buildBackend;
    QStringList backendPath;

    [[nodiscard]] QJsonObject toJson() const;
};

} // namespace Project
