// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <expected>
#include <optional>

#include <QProcessEnvironment>
#include <QString>

#include "core/registry/registry.h"

namespace Registry {

/**
 * A username and secret ready to authenticate to one registry. The secret must never reach a
 * log line, a message, a file or a child's command line; use fingerprint() to refer to it.
 */
struct Credential {
    enum class Source {
        Keychain,
        Environment, // SLIPWAY_TOKEN_<NAME>, or TWINE_USERNAME / TWINE_PASSWORD
        Prompt,
    };
    QString username;
    QString secret;
    Source source = Source::Keychain;
};

struct CredentialError {
    enum class Code {
        NotFound,            // nothing stored for this registry
        NoKeychain,          // no Secret Service / keychain backend reachable
        Locked,              // the keychain is locked, or the user refused or cancelled the unlock prompt
        TimedOut,            // the keychain did not answer in time
        EnvironmentMismatch, // TWINE_REPOSITORY_URL names another registry than the one chosen
        SharedSecret,        // one TWINE_PASSWORD would go to two registries
        InvalidSecret,       // empty, or with a line break
        Other,
    };
    Code code;
    QString message;
};

// "sha256:" and the first 8 hex digits of the SHA-256 of the secret: enough to tell two
// secrets apart or match one against `slipway token inspect`, useless for recovering it.
[[nodiscard]] QString fingerprint(const QString &secret);

// Refuses an empty secret or one with a line break or NUL (a pasted second line, say).
[[nodiscard]] std::expected<void, CredentialError> validateSecret(const QString &secret);

/**
 * The variable that gives one registry a secret of its own: SLIPWAY_TOKEN_ and the registry's
 * name in upper case, with every character other than a letter or a digit as '_'
 * ("test-pypi" gives SLIPWAY_TOKEN_TEST_PYPI), as poetry's POETRY_PYPI_TOKEN_<NAME> does.
 */
[[nodiscard]] QString secretVariable(const Registry &registry);

/**
 * The credential the environment gives for a registry, opt-in:
 *  - secretVariable(registry) set (non-empty): the secret, with the registry's username, else
 *    the default username of its kind ("__token__" for PyPI, TestPyPI and GitLab).
 *  - else TWINE_PASSWORD set (non-empty), as twine reads it: the secret; the username is
 *    TWINE_USERNAME, else the registry's username, else "__token__" as twine does for PyPI.
 *  - TWINE_REPOSITORY_URL set to another upload URL than the registry's: EnvironmentMismatch
 *    rather than sending the environment's secret to the wrong host (twine would upload to
 *    TWINE_REPOSITORY_URL instead; Slipway makes the conflict explicit).
 * std::nullopt when the environment holds no secret: ask the keychain (CredentialStore).
 */
[[nodiscard]] std::expected<std::optional<Credential>, CredentialError>
resolveCredential(const Registry &registry, const QProcessEnvironment &environment);

/**
 * For a run that talks to two registries (a release: test, then production). TWINE_PASSWORD
 * is one secret for whichever registry a twine command names; within one Slipway run it would
 * reach both, so the test registry would see the production token or the other way round.
 * SharedSecret when TWINE_PASSWORD is the secret both would get (neither has its own
 * secretVariable() and TWINE_REPOSITORY_URL pins neither); the message names the two
 * variables to set instead.
 */
[[nodiscard]] std::expected<void, CredentialError> requireSeparateSecrets(const Registry &first,
                                                                        const Registry &second,
                                                                        const QProcessEnvironment &environment);

class RegistryStore;

/**
 * The registry an upload or release talks to, as `-r NAME` chooses it:
 *  - a name: that registry from the store;
 *  - no name: the ad-hoc registry of TWINE_REPOSITORY_URL (registryFromEnvironment), else the
 *    registry named by TWINE_REPOSITORY (as twine reads it), else an error that lists the
 *    configured registries. Slipway never picks PyPI silently.
 * The message says what to do; it never contains a secret.
 */
[[nodiscard]] std::expected<Registry, QString> selectRegistry(const RegistryStore &store, const QString &name,
                                                              const QProcessEnvironment &environment);

// An ad-hoc registry named "TWINE_REPOSITORY_URL" when that variable is set, for uploads
// without a configured registry (CI); the kind is guessed from the URL.
[[nodiscard]] std::optional<std::expected<Registry, RegistryError>>
registryFromEnvironment(const QProcessEnvironment &environment);

} // namespace Registry
