// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <expected>
#include <functional>

#include <QObject>
#include <QProcessEnvironment>
#include <QString>

#include "core/registry/credentials.h"
#include "core/registry/registry.h"

namespace Registry {

/**
 * Keeps registry secrets in the operating system's keychain through QtKeychain (Secret
 * Service on Linux, Keychain on macOS, Credential Manager on Windows): one entry per
 * registry under the service "slipway" and the key credentialKey(registry). Never falls back
 * to a file: without a keychain every call fails with NoKeychain and a message saying how to
 * get one, or to use TWINE_USERNAME/TWINE_PASSWORD instead.
 *
 * Every call is asynchronous and returns at once; the callback runs exactly once, later, on
 * the thread of `context`, unless `context` is destroyed first (then it never runs). Every
 * call has a time limit (timeout(), default 15 s, SLIPWAY_KEYCHAIN_TIMEOUT overrides it): a
 * locked keyring waiting on an invisible prompt or a Secret Service that never answers gives
 * TimedOut instead of a hang. QtKeychain runs its jobs one after another, so after a timeout
 * the later calls of the process wait behind the stuck one and time out too.
 *
 * Error messages name the registry and what to do; they never contain the secret.
 * Main thread only (QtKeychain's backends are not thread-safe).
 */
class CredentialStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialStore)

public:
    using SecretCallback = std::function<void(std::expected<QString, CredentialError>)>;
    using DoneCallback = std::function<void(std::expected<void, CredentialError>)>;
    using CredentialCallback = std::function<void(std::expected<Credential, CredentialError>)>;

    static constexpr std::chrono::milliseconds defaultTimeout{std::chrono::seconds(15)};

    // service is the keychain's service name; tests may use their own.
    explicit CredentialStore(QObject *parent = nullptr, const QString &service = QStringLiteral("slipway"));

    // SLIPWAY_KEYCHAIN_TIMEOUT in seconds (1-3600) when set and valid, else defaultTimeout.
    [[nodiscard]] static std::chrono::milliseconds timeoutFromEnvironment(const QProcessEnvironment &environment);

    [[nodiscard]] std::chrono::milliseconds timeout() const { return m_timeout; }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    [[nodiscard]] QString service() const { return m_service; }

    // The stored secret; NotFound when there is none.
    void readSecret(const Registry &registry, QObject *context, SecretCallback callback);
    // Stores or replaces the secret (validateSecret() first).
    void writeSecret(const Registry &registry, const QString &secret, QObject *context, DoneCallback callback);
    // Deletes the entry; succeeds also when nothing was stored.
    void removeSecret(const Registry &registry, QObject *context, DoneCallback callback);

    // The credential to use for registry: the environment's (resolveCredential) when it has
    // one, else the keychain's with the registry's username.
    void resolve(const Registry &registry, const QProcessEnvironment &environment, QObject *context,
                 CredentialCallback callback);

private:
    QString m_service;
    std::chrono::milliseconds m_timeout = defaultTimeout;
};

} // namespace Registry
