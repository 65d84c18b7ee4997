// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/build/buildsystem.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <string_view>

#include <toml++/toml.h>

#include "core/build/requirementcheck.h"

using namespace Qt::StringLiterals;

namespace Build {

namespace {

// pyproject.toml files are small; anything this large is not one.
constexpr qint64 maxPyprojectBytes = 4 * 1024 * 1024;

BuildError configurationError(const QString &message)
{
    return {BuildError::Code::InvalidConfiguration, message, {}, {}};
}

QString fromToml(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

bool isInside(const QString &path, const QString &root)
{
    return path == root || path.startsWith(root.endsWith(u'/') ? root : root + u'/');
}

std::expected<QStringList, BuildError> stringArray(const toml::table &table, std::string_view key,
                                                   const QString &where)
{
    const toml::node *node = table.get(key);
    const toml::array *array = node ? node->as_array() : nullptr;
    if (!array) {
        return std::unexpected(configurationError(u"%1 must be a list of strings."_s.arg(where)));
    }
    QStringList strings;
    for (const toml::node &element : *array) {
        const auto *text = element.as_string();
        if (!text) {
            return std::unexpected(configurationError(u"%1 must be a list of strings."_s.arg(where)));
        }
        strings.append(fromToml(text->get()));
    }
    return strings;
}

std::expected<BuildSystem, BuildError> fromTable(const toml::table &document, const QString &sourceDirectory)
{
    BuildSystem system;
    system.hasPyproject = true;

    if (const toml::table *project = document["project"].as_table()) {
        bool dynamic = false;
        if (const toml::array *dynamicFields = (*project)["dynamic"].as_array()) {
            for (const toml::node &field : *dynamicFields) {
                dynamic = dynamic || field.value<std::string_view>() == std::optional<std::string_view>("requires-python");
            }
        }
        if (const auto requiresPython = (*project)["requires-python"].value<std::string_view>();
            requiresPython && !dynamic) {
            system.requiresPython = fromToml(*requiresPython).trimmed();
        }
    }

    const toml::node *buildSystemNode = document.get("build-system");
    if (!buildSystemNode) {
        system.usesDefault = true;
        system.backend = QString::fromLatin1(BuildSystem::legacyBackend);
        system.requirements = {QString::fromLatin1(BuildSystem::legacyRequirement)};
        return system;
    }
    const toml::table *buildSystem = buildSystemNode->as_table();
    if (!buildSystem) {
        return std::unexpected(configurationError(u"[build-system] in pyproject.toml must be a table."_s));
    }

    if (!buildSystem->contains("requires")) {
        return std::unexpected(configurationError(
            u"[build-system] in pyproject.toml has no 'requires' list. Add one, for example "
            "requires = [\"setuptools>=61\"]."_s));
    }
    auto requirements = stringArray(*buildSystem, "requires", u"build-system.requires"_s);
    if (!requirements) {
        return std::unexpected(requirements.error());
    }
    for (const QString &requirement : *requirements) {
        // Requirements go to an installer; one that looks like an option must never get there.
        if (requirement.trimmed().isEmpty() || requirement.trimmed().startsWith(u'-')) {
            return std::unexpected(configurationError(
                u"build-system.requires has an invalid requirement '%1'."_s.arg(requirement)));
        }
        if (const QString problem = requirementProblem(requirement); !problem.isEmpty()) {
            return std::unexpected(configurationError(
                u"build-system.requires has an invalid requirement '%1': %2."_s.arg(requirement, problem)));
        }
        system.requirements.append(requirement.trimmed());
    }

    if (const toml::node *backendNode = buildSystem->get("build-backend")) {
        const auto backend = backendNode->value<std::string_view>();
        static const QRegularExpression backendPattern(
            uR"(^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(:[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)?$)"_s);
        if (!backend || !backendPattern.match(fromToml(*backend).trimmed()).hasMatch()) {
            return std::unexpected(configurationError(
                u"build-system.build-backend must name a module, optionally with an object: "
                "'package.module' or 'package.module:object'."_s));
        }
        system.backend = fromToml(*backend).trimmed();
    } else {
        system.backend = QString::fromLatin1(BuildSystem::legacyBackend);
    }

    if (buildSystem->contains("backend-path")) {
        auto paths = stringArray(*buildSystem, "backend-path", u"build-system.backend-path"_s);
        if (!paths) {
            return std::unexpected(paths.error());
        }
        const QString root = QDir::cleanPath(QFileInfo(sourceDirectory).absoluteFilePath());
        const QString canonicalRoot = QFileInfo(root).canonicalFilePath();
        for (const QString &relative : *paths) {
            const QString absolute = QDir::cleanPath(QDir(root).absoluteFilePath(relative));
            const QString canonical = QFileInfo(absolute).canonicalFilePath();
            // PEP 517: backend-path entries must not point outside the source tree.
            if (!isInside(absolute, root) || (!canonical.isEmpty() && !isInside(canonical, canonicalRoot))) {
                return std::unexpected(configurationError(
                    u"build-system.backend-path entry '%1' points outside the source tree."_s.arg(relative)));
            }
            system.backendPath.append(absolute);
        }
    }
    return system;
}

} // namespace

std::expected<BuildSystem, BuildError> parseBuildSystem(const QByteArray &pyprojectToml,
                                                        const QString &sourceDirectory)
{
    // The Debian toml++ is built with exceptions on; no exception may leave this function.
    try {
        const toml::table document =
            toml::parse(std::string_view(pyprojectToml.constData(), static_cast<size_t>(pyprojectToml.size())));
        return fromTable(document, sourceDirectory);
    } catch (const toml::parse_error &error) {
        const auto &begin = error.source().begin;
        return std::unexpected(configurationError(u"pyproject.toml is not valid TOML: %1 (line %2, column %3)."_s.arg(
            fromToml(error.description()), QString::number(begin.line), QString::number(begin.column))));
    } catch (const std::exception &error) {
        return std::unexpected(
            configurationError(u"pyproject.toml cannot be read: %1."_s.arg(QString::fromUtf8(error.what()))));
    }
}

std::expected<BuildSystem, BuildError> readBuildSystem(const QString &sourceDirectory)
{
    const QDir directory(sourceDirectory);
    if (!QFileInfo(sourceDirectory).isDir()) {
        return std::unexpected(BuildError{BuildError::Code::NoProject,
                                          u"%1 is not a folder."_s.arg(QDir::toNativeSeparators(sourceDirectory)),
                                          {},
                                          {}});
    }
    QFile pyproject(directory.filePath(u"pyproject.toml"_s));
    if (!pyproject.exists()) {
        if (QFileInfo::exists(directory.filePath(u"setup.py"_s))) {
            // As pip does: a setup.py-only project builds with the setuptools legacy backend.
            BuildSystem system;
            system.usesDefault = true;
            system.backend = QString::fromLatin1(BuildSystem::legacyBackend);
            system.requirements = {QString::fromLatin1(BuildSystem::legacyRequirement)};
            return system;
        }
        return std::unexpected(BuildError{
            BuildError::Code::NoProject,
            u"%1 has neither pyproject.toml nor setup.py, so it is not a Python project. Pass the project folder."_s
                .arg(QDir::toNativeSeparators(directory.absolutePath())),
            {},
            {}});
    }
    if (!pyproject.open(QIODevice::ReadOnly)) {
        return std::unexpected(
            configurationError(u"Cannot read %1: %2."_s.arg(pyproject.fileName(), pyproject.errorString())));
    }
    if (pyproject.size() > maxPyprojectBytes) {
        return std::unexpected(configurationError(u"%1 is larger than 4 MiB; it cannot be a pyproject.toml."_s.arg(
            pyproject.fileName())));
    }
    return parseBuildSystem(pyproject.readAll(), directory.absolutePath());
}

} // namespace Build
