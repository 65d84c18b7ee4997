// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <expected>

namespace Release {

/// Which CI system a recipe is for.
enum class CiSystem {
    GitLab, ///< .gitlab-ci.yml
    GitHub, ///< .github/workflows/release.yml
};

/// What the recipes need to know about the project.
struct CiProject {
    QString name; ///< distribution name
    QString requiresPython; ///< e.g. ">=3.9"; picks the CI image's Python
    bool hasTests = false; ///< a tests/ folder or pytest configuration: a test job runs pytest
    QString testRegistryName = QStringLiteral("testpypi");
    QString productionRegistryName = QStringLiteral("pypi");
};

/// One file a recipe writes, relative to the project directory.
struct CiFile {
    QString relativePath;
    QByteArray content;
};

/// Why a recipe could not be generated or written.
struct CiError {
    enum class Code { NoProject, Exists, Unwritable };
    Code code = Code::NoProject;
    QString message;
};

/**
 * CI recipes for releasing with Slipway, generated from the project model (pure functions):
 *  - GitLab: jobs test, build (artifacts: dist/), publish-test on tags (to the test registry
 *    with `slipway upload`), and a manual publish-production gate; secrets come from CI
 *    variables (TWINE_PASSWORD), never from the file.
 *  - GitHub Actions: test and build jobs, publishing on tags through trusted publishing
 *    (OIDC, `id-token: write`; no stored token), to TestPyPI first, then PyPI behind an
 *    environment that can require a reviewer.
 */
[[nodiscard]] CiFile generateCiRecipe(CiSystem system, const CiProject &project);

/// The project facts a recipe needs, read from the project directory (pyproject.toml).
[[nodiscard]] std::expected<CiProject, CiError> ciProjectFromDirectory(const QString &projectDirectory);

/// Writes the file under projectDirectory atomically; refuses to replace an existing file
/// unless `force`.
[[nodiscard]] std::expected<QString, CiError> writeCiFile(
    const QString &projectDirectory, const CiFile &file, bool force);

} // namespace Release
