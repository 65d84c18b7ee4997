// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <expected>
#include <optional>

#include <QString>
#include <QUrl>

namespace Registry {

// What sort of index a registry is; decides presets, the default username, and how a
// credential can be verified (docs/registries.md).
enum class Kind {
    PyPI,
    TestPyPI,
    GitLab,
    CodeArtifact,
    Nexus,
    Artifactory,
    Custom,
};

// The part a registry plays in the release workflow: rehearse on "test", publish on "production".
enum class Role {
    None,
    Test,
    Production,
};

[[nodiscard]] QString kindName(Kind kind);
[[nodiscard]] std::optional<Kind> kindFromName(QStringView name);
[[nodiscard]] QString roleName(Role role);
[[nodiscard]] std::optional<Role> roleFromName(QStringView name);

// The username a kind uses for tokens: "__token__" for PyPI-like indexes (GitLab ignores the
// name for personal access tokens), "aws" for CodeArtifact, empty for Artifactory tokens.
[[nodiscard]] QString defaultUsername(Kind kind);

/**
 * One package index Slipway can upload to: plain data, copied freely, safe to log (it never
 * holds a secret; the secret lives in the keychain under credentialKey()).
 * URLs are canonical (see parseUrl), so equal registries compare equal.
 */
struct Registry {
    QString name;           // the handle on the command line and in the UI; see validateName()
    Kind kind = Kind::Custom;
    QUrl uploadUrl;         // where the legacy upload API takes POSTs
    QUrl simpleUrl;         // the PEP 503/691 simple index, empty when unknown
    QUrl webUrl;            // base of the project pages ("https://pypi.org/project/"), may be empty
    QString username;       // "__token__", "gitlab-ci-token", a deploy-token user, ...; may be empty
    QString caBundlePath;   // PEM bundle replacing the system CAs for this registry, may be empty
    QString clientCertPath; // PEM holding a client certificate and its unencrypted key, may be empty
    Role role = Role::None;

    friend bool operator==(const Registry &, const Registry &) = default;
};

struct RegistryError {
    enum class Code {
        InvalidName,
        InvalidUrl,
        InsecureUrl,
        MissingOption,
        InvalidOption,
    };
    Code code;
    QString message;
};

// Names are 1-64 characters of ASCII letters, digits, '.', '_' and '-', starting with a letter
// or digit, so they work unquoted in a shell, a .pypirc section header and a file name.
[[nodiscard]] std::expected<void, RegistryError> validateName(const QString &name);

/**
 * Parses a registry URL and makes it canonical (lower-case scheme and host, default port
 * dropped). Refuses what would leak or mislead: no scheme other than https, plain http only
 * for loopback hosts (localhost, 127.0.0.0/8, ::1), no user or password inside the URL, no
 * fragment. `what` names the URL in messages ("upload URL"). Messages never repeat userinfo.
 */
[[nodiscard]] std::expected<QUrl, RegistryError> parseUrl(const QString &text, const QString &what);

// The URL as text for messages and files (fully encoded, without userinfo).
[[nodiscard]] QString urlText(const QUrl &url);

// Checks a whole registry (name, URLs, that the upload URL is not a simple index URL).
[[nodiscard]] std::expected<void, RegistryError> validate(const Registry &registry);

// Guesses the kind from an upload URL (upload.pypi.org, GitLab's /api/v4/.../packages/pypi,
// CodeArtifact and Artifactory host/path shapes); Custom when nothing matches.
[[nodiscard]] Kind guessKind(const QUrl &uploadUrl);

// The keychain entry name for a registry: "<username> at <upload URL>". Two registries with
// the same upload URL and username share one entry; a URL never contains a space, so the
// last " at " splits it unambiguously.
[[nodiscard]] QString credentialKey(const Registry &registry);
[[nodiscard]] QString credentialKey(const QUrl &uploadUrl, const QString &username);

} // namespace Registry
