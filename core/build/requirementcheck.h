// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <expected>

namespace Build {

/**
 * Checks build requirements against what an interpreter has installed, the way
 * `python -m build` does before a non-isolated build: each requirement whose marker applies
 * must be installed in a matching version (pre-releases allowed), and so must, recursively,
 * the requirements of what is installed (with the extras asked for).
 *
 * The installed set comes from the hook runner ("distributions": found name -> version and
 * Requires-Dist, and missing names); parsing, markers and versions are evaluated here with
 * Metadata, so the interpreter needs no 'packaging'. Pure and thread-safe.
 *
 * Returns one entry per unmet chain, as build prints them: "hatchling>=1.5 -> pathspec>=0.10".
 */
[[nodiscard]] QStringList unmetRequirements(const QStringList &requirements, const QJsonObject &distributions,
                                            const QJsonObject &markerEnvironment);

// Whether a Python version ("3.11.2") satisfies a requires-python specifier set; the error
// names the problem when the specifier is not valid PEP 440.
[[nodiscard]] std::expected<bool, QString> satisfiesRequiresPython(const QString &requiresPython,
                                                                   const QString &pythonVersion);

// The first problem with a PEP 508 requirement, or an empty string when it is valid.
[[nodiscard]] QString requirementProblem(const QString &requirement);

} // namespace Build
