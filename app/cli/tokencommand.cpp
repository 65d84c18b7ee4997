// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/tokencommand.h"

#include <cstdio>

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTextStream>

#include "app/cli/commandline.h"
#include "app/cli/commandregistry.h"
#include "core/registry/credentialstore.h"
#include "core/registry/registrystore.h"
#include "core/registry/token.h"

namespace Cli {

namespace {

using namespace Qt::StringLiterals;

const Cli::CommandRegistration<TokenCommand> registration{"token",
                                                          "Explain what a registry token is and may do (offline)."};

constexpr qint64 maximumInput = 64 * 1024;

} // namespace

TokenCommand::TokenCommand(Console console, QObject *parent)
    : Command(console, parent)
{
}

void TokenCommand::finish(int exitCode)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    out().flush();
    err().flush();
    Q_EMIT finished(exitCode);
}

void TokenCommand::start(const QStringList &arguments)
{
    const QString verb = arguments.value(0);
    if (verb != u"inspect") {
        const char *usage = "Usage: slipway token inspect (--registry NAME | --stdin) [--json]\n"
                            "Run 'slipway token inspect --help' for details.\n";
        if (verb == u"--help" || verb == u"-h") {
            out() << usage;
            finish(ExitCode::Success);
        } else {
            err() << "slipway token: " << (verb.isEmpty() ? u"which verb?"_s : u"unknown verb '%1'"_s.arg(verb))
                  << '\n'
                  << usage;
            finish(ExitCode::UsageError);
        }
        return;
    }
    CommandLine commandLine(
        u"token inspect"_s,
        u"Decode a token offline and explain it: a PyPI token's caveats (which projects, expiry, account-wide), a "
        u"GitLab token's kind. The token is read from the keychain entry of a registry or from standard input, "
        u"and never printed."_s);
    auto &parser = commandLine.parser();
    parser.addOption({u"registry"_s, u"Inspect the secret stored in the keychain for this registry."_s, u"NAME"_s});
    parser.addOption({u"stdin"_s, u"Read the token from standard input."_s});
    parser.addOption({u"json"_s, u"Print a JSON object."_s});
    if (auto exit = commandLine.parse(arguments.mid(1), out(), err())) {
        finish(*exit);
        return;
    }
    if (!parser.positionalArguments().isEmpty()) {
        finish(commandLine.usageError(err(), u"the token is never an argument: use --stdin or --registry NAME."_s));
        return;
    }
    if (parser.isSet(u"registry"_s) == parser.isSet(u"stdin"_s)) {
        finish(commandLine.usageError(err(), u"give either --registry NAME or --stdin."_s));
        return;
    }
    const bool json = parser.isSet(u"json"_s);
    if (parser.isSet(u"stdin"_s)) {
        QFile input;
        if (!input.open(stdin, QIODevice::ReadOnly)) {
            err() << "slipway token inspect: cannot read standard input.\n";
            finish(ExitCode::Failure);
            return;
        }
        QByteArray data = input.read(maximumInput + 1);
        const QString token = QString::fromUtf8(data);
        data.fill('\0');
        inspect(token, json);
        return;
    }
    Registry::RegistryStore store(Registry::RegistryStore::defaultPath());
    if (auto loaded = store.load(); !loaded) {
        err() << "slipway token inspect: " << loaded.error().message << '\n';
        finish(ExitCode::Failure);
        return;
    }
    const auto registry = store.find(parser.value(u"registry"_s));
    if (!registry) {
        err() << "slipway token inspect: there is no registry named '" << parser.value(u"registry"_s) << "'.\n";
        finish(ExitCode::Failure);
        return;
    }
    auto *credentials = new Registry::CredentialStore(this);
    credentials->setTimeout(Registry::CredentialStore::timeoutFromEnvironment(QProcessEnvironment::systemEnvironment()));
    credentials->readSecret(*registry, this, [this, json](std::expected<QString, Registry::CredentialError> secret) {
        if (!secret) {
            err() << "slipway token inspect: " << secret.error().message << '\n';
            finish(ExitCode::Failure);
            return;
        }
        inspect(*secret, json);
    });
}

void TokenCommand::inspect(const QString &token, bool json)
{
    const auto report = Registry::inspectToken(token, QDateTime::currentDateTimeUtc());
    if (!report) {
        err() << "slipway token inspect: " << report.error().message << '\n';
        finish(ExitCode::Failure);
        return;
    }
    if (json) {
        out() << QJsonDocument(report->toJson()).toJson(QJsonDocument::Indented);
        finish(ExitCode::Success);
        return;
    }
    out() << report->title << " (fingerprint " << report->fingerprint << ")\n";
    for (const QString &fact : report->facts) {
        out() << "  " << fact << '\n';
    }
    if (!report->caveats.isEmpty()) {
        out() << "Caveats written in the token:\n";
        int number = 1;
        for (const Registry::PypiCaveat &caveat : report->caveats) {
            out() << "  " << number++ << ". " << caveat.description << '\n';
        }
    }
    for (const QString &warning : report->warnings) {
        out() << "Warning: " << warning << '\n';
    }
    finish(ExitCode::Success);
}

} // namespace Cli
