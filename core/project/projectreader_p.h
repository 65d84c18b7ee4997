// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to core/project: reads and validates [project] and [build-system] from toml++ data.

#include <QList>
#include <QString>
#include <QStringList>

#include "core/project/finding.h"
#include "core/project/projectmodel.h"
#include "core/project/tomlparse_p.h"

namespace Project::Detail {

struct ReadResult {
    ProjectMetadata metadata;
    BuildSystem buildSystem;
    QList<Finding> findings;
};

[[nodiscard]] ReadResult readProject(const toml::table &root, const QString &fileLabel, const QString &directory);

// Files under directory matching PEP 639 license-files globs, relative with '/', sorted.
[[nodiscard]] QStringList matchLicenseFiles(const QString &directory, const QString &pattern);

} // namespace Project::Detail
