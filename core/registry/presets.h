// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <expected>

#include <QString>
#include <QStringList>

#include "core/registry/registry.h"

namespace Registry {

// What a preset needs beyond the name; each kind reads only its own fields and refuses the
// others (PresetOptions::unusedBy), so a mistyped option never goes unnoticed.
struct PresetOptions {
    QString host;       // gitlab: "gitlab.com" (default), "gitlab.example.com" or "https://example.com/gitlab"
    QString projectId;  // gitlab: numeric ID or "group/project" path; uploads go to a project
    QString groupId;    // gitlab: numeric ID or path; a group gives an index to install from, not to upload to
    QString domain;     // codeartifact
    QString owner;      // codeartifact: the 12-digit AWS account ID that owns the domain
    QString region;     // codeartifact: "eu-west-1", ...
    QString repository; // codeartifact, nexus, artifactory
    QString baseUrl;    // nexus, artifactory: "https://nexus.example.com", "https://acme.jfrog.io"
};

// Option names (as on the command line, without "--") that a kind's preset does not use but
// were given; empty when all given options are used.
[[nodiscard]] QStringList unusedPresetOptions(Kind kind, const PresetOptions &options);

/**
 * Builds a registry from a preset: the URLs, default username and role for the kind.
 *   pypi, testpypi   built in, no options
 *   gitlab           host + project ID (upload .../api/v4/projects/ID/packages/pypi, simple .../simple);
 *                    a group ID makes the simple URL the group's index
 *   codeartifact     domain, owner, region, repository
 *   nexus            base URL + repository (upload .../repository/REPO/, simple .../repository/REPO/simple/)
 *   artifactory      base URL + repository (upload .../artifactory/api/pypi/REPO, simple .../simple)
 * Custom has no preset. The result passes validate().
 */
[[nodiscard]] std::expected<Registry, RegistryError> fromPreset(Kind kind, const QString &name,
                                                                const PresetOptions &options);

} // namespace Registry
