// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/projectmodel.h"

#include <QJsonArray>

namespace Project {

namespace {

QJsonArray people(const QList<Person> &list)
{
    QJsonArray array;
    for (const Person &person : list) {
        QJsonObject object;
        if (!person.name.isEmpty()) {
            object.insert(QStringLiteral("name"), person.name);
        }
        if (!person.email.isEmpty()) {
            object.insert(QStringLiteral("email"), person.email);
        }
        array.append(object);
    }
    return array;
}

QJsonObject entryPointsJson(const QList<EntryPoint> &list)
{
    QJsonObject object;
    for (const EntryPoint &entry : list) {
        object.insert(entry.name, entry.reference);
    }
    return object;
}

} // namespace

QJsonObject ProjectMetadata::toJson() const
{
    QJsonObject object;
    if (!present) {
        return object;
    }
    const auto put = [&object](const char *key, const QJsonValue &value) { object.insert(QLatin1StringView(key), value); };
    if (!name.isEmpty()) {
        put("name", name);
    }
    if (version) {
        put("version", *version);
    }
    if (description) {
        put("description", *description);
    }
    if (readme.kind != Readme::Kind::None) {
        QJsonObject value{{QStringLiteral("content-type"), readme.contentType}};
        value.insert(readme.kind == Readme::Kind::File ? QStringLiteral("file") : QStringLiteral("text"),
                     readme.kind == Readme::Kind::File ? readme.file : readme.text);
        put("readme", value);
    }
    if (requiresPython) {
        put("requires-python", *requiresPython);
    }
    switch (license.kind) {
    case License::Kind::Expression:
        put("license", license.expression);
        break;
    case License::Kind::LegacyFile:
        put("license", QJsonObject{{QStringLiteral("file"), license.file}});
        break;
    case License::Kind::LegacyText:
        put("license", QJsonObject{{QStringLiteral("text"), license.text}});
        break;
    case License::Kind::None:
        break;
    }
    if (licenseFiles) {
        put("license-files", QJsonArray::fromStringList(*licenseFiles));
    }
    if (!authors.isEmpty()) {
        put("authors", people(authors));
    }
    if (!maintainers.isEmpty()) {
        put("maintainers", people(maintainers));
    }
    if (!keywords.isEmpty()) {
        put("keywords", QJsonArray::fromStringList(keywords));
    }
    if (!classifiers.isEmpty()) {
        put("classifiers", QJsonArray::fromStringList(classifiers));
    }
    if (!urls.isEmpty()) {
        // An array of pairs keeps the file's order, which PyPI shows.
        QJsonArray array;
        for (const auto &[label, url] : urls) {
            array.append(QJsonArray{label, url});
        }
        put("urls", array);
    }
    if (!scripts.isEmpty()) {
        put("scripts", entryPointsJson(scripts));
    }
    if (!guiScripts.isEmpty()) {
        put("gui-scripts", entryPointsJson(guiScripts));
    }
    if (!entryPoints.isEmpty()) {
        QJsonObject groups;
        for (const auto &[group, entries] : entryPoints) {
            groups.insert(group, entryPointsJson(entries));
        }
        put("entry-points", groups);
    }
    if (!dependencies.isEmpty()) {
        put("dependencies", QJsonArray::fromStringList(dependencies));
    }
    if (!optionalDependencies.isEmpty()) {
        QJsonObject extras;
        for (const auto &[extra, requirements] : optionalDependencies) {
            extras.insert(extra, QJsonArray::fromStringList(requirements));
        }
        put("optional-dependencies", extras);
    }
    if (!importNames.isEmpty()) {
        put("import-names", QJsonArray::fromStringList(importNames));
    }
    if (!importNamespaces.isEmpty()) {
        put("import-namespaces", QJsonArray::fromStringList(importNamespaces));
    }
    if (!dynamic.isEmpty()) {
        put("dynamic", QJsonArray::fromStringList(dynamic));
    }
    return object;
}

QJsonObject BuildSystem::toJson() const
{
    QJsonObject object;
    if (!present) {
        return object;
    }
    object.insert(QStringLiteral("requires"), QJsonArray::fromStringList(requirements));
    if (!buildBackend.isEmpty()) {
        object.insert(QStringLiteral("build-backend"), buildBackend);
    }
    if (!backendPath.isEmpty()) {
        object.insert(QStringLiteral("backend-path"), QJsonArray::fromStringList(backendPath));
    }
    return object;
}

} // namespace Project
