// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <expected>

#include "core/build/buildresult.h"

namespace Build {

/**
 * How a source tree wants to be built: the [build-system] table of pyproject.toml (PEP 517,
 * PEP 518), with the defaults pip and `python -m build` use when it is missing, plus the
 * one [project] field the frontend needs (requires-python). A value type.
 */
struct BuildSystem {
    static constexpr auto legacyBackend = "setuptools.build_meta:__legacy__";
    static constexpr auto legacyRequirement = "setuptools>=40.8.0";

    QStringList requirements; // build-system.requires, verbatim
    QString backend;
    QStringList backendPath;   // absolute folders inside the source tree, in pyproject.toml order
    bool hasPyproject = false; // false: a setup.py-only project
    bool usesDefault = false;  // no [build-system] table: the setuptools legacy backend was assumed
    QString requiresPython;    // [project].requires-python, empty when absent or dynamic
};

// Reads SOURCE_DIRECTORY/pyproject.toml (or accepts a setup.py-only tree).
[[nodiscard]] std::expected<BuildSystem, BuildError> readBuildSystem(const QString &sourceDirectory);

// The same, from the file's content; sourceDirectory resolves backend-path. Pure, for tests.
[[nodiscard]] std::expected<BuildSystem, BuildError> parseBuildSystem(const QByteArray &pyprojectToml,
                                                                      const QString &sourceDirectory);

} // namespace Build
