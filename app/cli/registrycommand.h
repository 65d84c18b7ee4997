// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <expected>
#include <memory>

#include "app/cli/command.h"
#include "core/registry/registry.h"

class QNetworkAccessManager;

namespace Registry {
class CredentialStore;
class RegistryStore;
} // namespace Registry

namespace Cli {

class CommandLine;

/**
 * `slipway registry VERB ...`: the list of registries (registries.toml under the config
 * location) and their secrets in the OS keychain.
 *
 *   list [--json] | show NAME [--json]
 *   add NAME (--preset KIND | --url UPLOAD_URL) [options] | edit NAME [options] | remove NAME [--force]
 *   login NAME [--username USER] [--password-stdin] | logout NAME | verify NAME
 *   import-pypirc [FILE] [--scrub] | export-pypirc [FILE] [--force]
 *
 * A secret is read from a prompt without echo or from standard input, never from an argument,
 * and is never printed: at most its fingerprint. Keychain calls are bounded by
 * SLIPWAY_KEYCHAIN_TIMEOUT (seconds, default 15).
 */
class RegistryCommand final : public Command
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistryCommand)

public:
    explicit RegistryCommand(Console console, QObject *parent = nullptr);
    ~RegistryCommand() override;

    void start(const QStringList &arguments) override;

private:
    int list(const QStringList &arguments);
    int show(const QStringList &arguments);
    int add(const QStringList &arguments);
    int edit(const QStringList &arguments);
    int remove(const QStringList &arguments);
    int login(const QStringList &arguments);
    int logout(const QStringList &arguments);
    int verify(const QStringList &arguments);
    int importPypirc(const QStringList &arguments);
    int exportPypirc(const QStringList &arguments);

    // Loads the registry list; prints the error and returns false when it cannot be read.
    bool loadStore();
    // The one registry a verb acts on: exactly one positional argument, naming a registry in
    // the store. Otherwise the problem is reported and its exit code returned.
    std::expected<Registry::Registry, int> namedRegistry(CommandLine &commandLine, const QString &usage = {});
    Registry::CredentialStore &credentials();
    void finish(int exitCode);

    std::unique_ptr<Registry::RegistryStore> m_store;
    Registry::CredentialStore *m_credentials = nullptr;
    QNetworkAccessManager *m_network = nullptr;
    bool m_finished = false;
};

} // namespace Cli
