// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/registrycommand.h"

#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QTextStream>
#include <QTimer>

#include <termios.h>
#include <unistd.h>

#include "app/cli/commandline.h"
#include "app/cli/commandregistry.h"
#include "core/registry/credentials.h"
#include "core/registry/credentialstore.h"
#include "core/registry/presets.h"
#include "core/registry/pypirc.h"
#include "core/registry/registrystore.h"
#include "core/registry/token.h"
#include "core/registry/verifier.h"
#include "core/util/atomicfile.h"

namespace Cli {

namespace {

using namespace Qt::StringLiterals;

const Cli::CommandRegistration<RegistryCommand> registration{
    "registry", "Manage package registries and their secrets in the OS keychain."};

// A verb that continues asynchronously and calls finish() itself.
constexpr int Pending = -1;

constexpr qint64 maximumSecretInput = 64 * 1024;

const char *const verbsHelp =
    "Usage: slipway registry VERB [OPTIONS]\n"
    "\n"
    "Registries live in registries.toml under the config folder; their secrets only in the\n"
    "operating system's keychain (or, opt-in, in TWINE_USERNAME/TWINE_PASSWORD).\n"
    "\n"
    "Verbs:\n"
    "  list [--json]                      the configured registries\n"
    "  show NAME [--json]                 one registry, and whether the keychain holds its secret\n"
    "  add NAME (--preset KIND | --url URL) [options]\n"
    "                                     add a registry (KIND: pypi, testpypi, gitlab, codeartifact,\n"
    "                                     nexus, artifactory)\n"
    "  edit NAME [options]                change a registry (its secret moves along)\n"
    "  remove NAME [--force]              remove a registry and its keychain entry\n"
    "  login NAME [--username USER] [--password-stdin]\n"
    "                                     store the secret (asked without echo, or read from stdin)\n"
    "  logout NAME                        delete the secret from the keychain\n"
    "  verify NAME                        check the secret against the registry, uploading nothing\n"
    "  import-pypirc [FILE] [--scrub]     import ~/.pypirc; --scrub removes its passwords afterwards\n"
    "  export-pypirc [FILE] [--force]     write a .pypirc without passwords (stdout without FILE)\n"
    "\n"
    "Run 'slipway registry VERB --help' for the options of one verb.\n";

// Restores the terminal if a signal arrives while echo is off.
struct termios savedTerminal {};
volatile std::sig_atomic_t terminalSaved = 0;

extern "C" void restoreTerminalAndReraise(int signal)
{
    if (terminalSaved != 0) {
        tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal);
    }
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

// Reads one line from the terminal with echo off. nullopt when stdin is not a terminal.
std::optional<QString> promptWithoutEcho(QTextStream &err, const QString &prompt)
{
    if (isatty(STDIN_FILENO) == 0) {
        return std::nullopt;
    }
    err << prompt;
    err.flush();
    if (tcgetattr(STDIN_FILENO, &savedTerminal) != 0) {
        return std::nullopt;
    }
    struct termios silent = savedTerminal;
    silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    silent.c_lflag |= ECHONL;
    terminalSaved = 1;
    const auto previousInt = std::signal(SIGINT, restoreTerminalAndReraise);
    const auto previousTerm = std::signal(SIGTERM, restoreTerminalAndReraise);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    QByteArray line;
    char c = 0;
    while (line.size() < maximumSecretInput && ::read(STDIN_FILENO, &c, 1) == 1 && c != '\n') {
        line.append(c);
    }
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedTerminal);
    terminalSaved = 0;
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);
    const QString secret = QString::fromUtf8(line).trimmed();
    line.fill('\0');
    return secret;
}

QString readSecretFromStdin()
{
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly)) {
        return {};
    }
    QByteArray data = input.read(maximumSecretInput);
    // A trailing line end (echo "$TOKEN" | ...) is not part of the secret; anything else is.
    while (data.endsWith('\n') || data.endsWith('\r')) {
        data.chop(1);
    }
    const QString secret = QString::fromUtf8(data).trimmed();
    data.fill('\0');
    return secret;
}

QJsonValue urlValue(const QUrl &url)
{
    return url.isEmpty() ? QJsonValue() : QJsonValue(Registry::urlText(url));
}

QJsonValue textValue(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonObject toJson(const Registry::Registry &registry)
{
    return QJsonObject{
        {u"name"_s, registry.name},
        {u"kind"_s, Registry::kindName(registry.kind)},
        {u"role"_s, Registry::roleName(registry.role)},
        {u"upload_url"_s, Registry::urlText(registry.uploadUrl)},
        {u"simple_url"_s, urlValue(registry.simpleUrl)},
        {u"web_url"_s, urlValue(registry.webUrl)},
        {u"username"_s, registry.username},
        {u"ca_bundle"_s, textValue(registry.caBundlePath)},
        {u"client_cert"_s, textValue(registry.clientCertPath)},
        {u"keychain_key"_s, Registry::credentialKey(registry)},
    };
}

QString shownUsername(const QString &username)
{
    return username.isEmpty() ? u"(empty)"_s : username;
}

bool isPypiKind(Registry::Kind kind)
{
    return kind == Registry::Kind::PyPI || kind == Registry::Kind::TestPyPI;
}

// Checks a secret about to be stored for a registry: PyPI takes only its own API tokens.
// Returns an error message, or warnings to print.
std::expected<QStringList, QString> checkSecretFor(const Registry::Registry &registry, const QString &secret)
{
    QStringList warnings;
    if (!isPypiKind(registry.kind)) {
        return warnings;
    }
    const QString index = registry.kind == Registry::Kind::PyPI ? u"PyPI"_s : u"TestPyPI"_s;
    if (!secret.startsWith(u"pypi-"_s)) {
        return std::unexpected(u"%1 accepts only API tokens, which start with \"pypi-\"; passwords no longer work. "
                               u"Create a token in your account settings on %1."_s.arg(index));
    }
    const auto report = Registry::inspectToken(secret, QDateTime::currentDateTimeUtc());
    if (!report) {
        return std::unexpected(report.error().message);
    }
    const QByteArray wanted = registry.kind == Registry::Kind::PyPI ? "pypi.org" : "test.pypi.org";
    if ((report->location == u"pypi.org" || report->location == u"test.pypi.org")
        && report->location.toLatin1() != wanted) {
        return std::unexpected(u"This token was issued by %1, but registry %2 uploads to %3: it would be refused. "
                               u"Use a token from %3."_s.arg(report->location, registry.name,
                                                             QString::fromLatin1(wanted)));
    }
    if (report->expires && *report->expires <= QDateTime::currentDateTimeUtc()) {
        return std::unexpected(u"This token has expired; create a new one."_s);
    }
    warnings << report->warnings;
    return warnings;
}

// The registries that share a keychain entry with `registry` (same upload URL and username).
QStringList sharingEntry(const Registry::RegistryStore &store, const Registry::Registry &registry)
{
    QStringList names;
    for (const Registry::Registry &other : store.registries()) {
        if (other.name.compare(registry.name, Qt::CaseInsensitive) != 0
            && Registry::credentialKey(other) == Registry::credentialKey(registry)) {
            names << other.name;
        }
    }
    return names;
}

// Options shared by add and edit.
void addRegistryOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {u"preset"_s, u"Fill the URLs from a preset: pypi, testpypi, gitlab, codeartifact, nexus, artifactory."_s,
         u"KIND"_s},
        {u"url"_s, u"The upload URL (where the legacy upload API takes POSTs)."_s, u"UPLOAD_URL"_s},
        {u"kind"_s, u"With --url: the kind (default: guessed from the URL, else custom)."_s, u"KIND"_s},
        {u"simple-url"_s, u"The simple index URL (what pip installs from)."_s, u"URL"_s},
        {u"web-url"_s, u"The base URL of project pages."_s, u"URL"_s},
        {u"username"_s, u"The username (__token__ for PyPI tokens, a deploy-token user, ...)."_s, u"USER"_s},
        {u"role"_s, u"The role in the release workflow: test, production or none."_s, u"ROLE"_s},
        {u"ca-bundle"_s, u"A PEM bundle of CA certificates to trust instead of the system's."_s, u"FILE"_s},
        {u"client-cert"_s, u"A PEM file with a client certificate and its unencrypted key."_s, u"FILE"_s},
        {u"host"_s, u"gitlab: the GitLab host or URL (default gitlab.com)."_s, u"HOST"_s},
        {u"project-id"_s, u"gitlab: the project ID or path to upload to."_s, u"ID"_s},
        {u"group-id"_s, u"gitlab: a group ID or path whose index to install from."_s, u"ID"_s},
        {u"domain"_s, u"codeartifact: the domain."_s, u"DOMAIN"_s},
        {u"owner"_s, u"codeartifact: the 12-digit AWS account ID owning the domain."_s, u"ACCOUNT"_s},
        {u"region"_s, u"codeartifact: the AWS region."_s, u"REGION"_s},
        {u"repository"_s, u"codeartifact, nexus, artifactory: the repository name."_s, u"REPO"_s},
        {u"base-url"_s, u"nexus, artifactory: the server's base URL."_s, u"URL"_s},
    });
}

Registry::PresetOptions presetOptions(const QCommandLineParser &parser)
{
    Registry::PresetOptions options;
    options.host = parser.value(u"host"_s);
    options.projectId = parser.value(u"project-id"_s);
    options.groupId = parser.value(u"group-id"_s);
    options.domain = parser.value(u"domain"_s);
    options.owner = parser.value(u"owner"_s);
    options.region = parser.value(u"region"_s);
    options.repository = parser.value(u"repository"_s);
    options.baseUrl = parser.value(u"base-url"_s);
    return options;
}

bool anyPresetOption(const QCommandLineParser &parser)
{
    for (const QString &name : {u"host"_s, u"project-id"_s, u"group-id"_s, u"domain"_s, u"owner"_s, u"region"_s,
                                u"repository"_s, u"base-url"_s}) {
        if (parser.isSet(name)) {
            return true;
        }
    }
    return false;
}

// Applies --simple-url, --web-url, --username, --role, --ca-bundle, --client-cert (an empty
// value clears the URL or path). Returns an error message.
std::optional<QString> applyFieldOptions(const QCommandLineParser &parser, Registry::Registry &registry)
{
    auto url = [&](const QString &option, QUrl &target, const QString &what) -> std::optional<QString> {
        if (!parser.isSet(option)) {
            return std::nullopt;
        }
        const QString value = parser.value(option);
        if (value.trimmed().isEmpty()) {
            target = QUrl();
            return std::nullopt;
        }
        auto parsed = Registry::parseUrl(value, what);
        if (!parsed) {
            return parsed.error().message;
        }
        target = *parsed;
        return std::nullopt;
    };
    if (auto failed = url(u"simple-url"_s, registry.simpleUrl, u"simple index URL"_s)) {
        return failed;
    }
    if (auto failed = url(u"web-url"_s, registry.webUrl, u"web URL"_s)) {
        return failed;
    }
    if (parser.isSet(u"username"_s)) {
        registry.username = parser.value(u"username"_s);
    }
    if (parser.isSet(u"role"_s)) {
        const auto role = Registry::roleFromName(parser.value(u"role"_s));
        if (!role) {
            return u"--role must be test, production or none."_s;
        }
        registry.role = *role;
    }
    if (parser.isSet(u"ca-bundle"_s)) {
        const QString path = parser.value(u"ca-bundle"_s);
        registry.caBundlePath = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    }
    if (parser.isSet(u"client-cert"_s)) {
        const QString path = parser.value(u"client-cert"_s);
        registry.clientCertPath = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    }
    return std::nullopt;
}

// Fills a registry from --url (and --kind): the built-in indexes get their preset's other URLs.
std::expected<Registry::Registry, QString> fromUrlOptions(const QCommandLineParser &parser, const QString &name,
                                                          const Registry::Registry &base)
{
    auto upload = Registry::parseUrl(parser.value(u"url"_s), u"upload URL"_s);
    if (!upload) {
        return std::unexpected(upload.error().message);
    }
    Registry::Kind kind = Registry::guessKind(*upload);
    if (parser.isSet(u"kind"_s)) {
        const auto chosen = Registry::kindFromName(parser.value(u"kind"_s));
        if (!chosen) {
            return std::unexpected(
                u"--kind must be pypi, testpypi, gitlab, codeartifact, nexus, artifactory or custom."_s);
        }
        kind = *chosen;
    }
    Registry::Registry registry = base;
    if (isPypiKind(kind)) {
        auto preset = Registry::fromPreset(kind, name, {});
        if (preset && preset->uploadUrl == *upload && base.uploadUrl.isEmpty()) {
            registry = *preset;
        }
    }
    registry.name = name;
    if (registry.kind != kind && base.uploadUrl.isEmpty()) {
        registry.username = Registry::defaultUsername(kind);
    }
    registry.kind = kind;
    registry.uploadUrl = *upload;
    return registry;
}

} // namespace

RegistryCommand::RegistryCommand(Console console, QObject *parent)
    : Command(console, parent)
{
}

RegistryCommand::~RegistryCommand() = default;

void RegistryCommand::finish(int exitCode)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    out().flush();
    err().flush();
    Q_EMIT finished(exitCode);
}

std::expected<Registry::Registry, int> RegistryCommand::namedRegistry(CommandLine &commandLine, const QString &usage)
{
    const QStringList names = commandLine.parser().positionalArguments();
    if (names.size() != 1) {
        return std::unexpected(
            commandLine.usageError(err(), usage.isEmpty() ? u"give exactly one registry name."_s : usage));
    }
    if (!loadStore()) {
        return std::unexpected(ExitCode::Failure);
    }
    auto registry = m_store->find(names.first());
    if (!registry) {
        err() << "slipway registry: there is no registry named '" << names.first()
              << "'; `slipway registry list` shows the names.\n";
        return std::unexpected(ExitCode::Failure);
    }
    return std::move(*registry);
}

bool RegistryCommand::loadStore()
{
    m_store = std::make_unique<Registry::RegistryStore>(Registry::RegistryStore::defaultPath());
    if (auto loaded = m_store->load(); !loaded) {
        err() << "slipway registry: " << loaded.error().message << '\n';
        return false;
    }
    return true;
}

Registry::CredentialStore &RegistryCommand::credentials()
{
    if (m_credentials == nullptr) {
        m_credentials = new Registry::CredentialStore(this);
        m_credentials->setTimeout(
            Registry::CredentialStore::timeoutFromEnvironment(QProcessEnvironment::systemEnvironment()));
    }
    return *m_credentials;
}

void RegistryCommand::start(const QStringList &arguments)
{
    const QString verb = arguments.value(0);
    const QStringList rest = arguments.mid(1);
    int result = ExitCode::UsageError;
    if (verb == u"--help" || verb == u"-h" || verb == u"help") {
        out() << verbsHelp;
        result = ExitCode::Success;
    } else if (verb.isEmpty()) {
        err() << "slipway registry: which verb?\n\n" << verbsHelp;
    } else if (verb == u"list") {
        result = list(rest);
    } else if (verb == u"show") {
        result = show(rest);
    } else if (verb == u"add") {
        result = add(rest);
    } else if (verb == u"edit") {
        result = edit(rest);
    } else if (verb == u"remove") {
        result = remove(rest);
    } else if (verb == u"login") {
        result = login(rest);
    } else if (verb == u"logout") {
        result = logout(rest);
    } else if (verb == u"verify") {
        result = verify(rest);
    } else if (verb == u"import-pypirc") {
        result = importPypirc(rest);
    } else if (verb == u"export-pypirc") {
        result = exportPypirc(rest);
    } else {
        err() << "slipway registry: unknown verb '" << verb << "'\n\n" << verbsHelp;
    }
    if (result != Pending) {
        finish(result);
    }
}

int RegistryCommand::list(const QStringList &arguments)
{
    CommandLine commandLine(u"registry list"_s, u"List the configured registries."_s);
    commandLine.parser().addOption({u"json"_s, u"Print a JSON array."_s});
    if (auto exit = commandLine.parse(arguments, out(), err())) {
        return *exit;
    }
    if (!commandLine.parser().positionalArguments().isEmpty()) {
        return commandLine.usageError(err(), u"list takes no arguments."_s);
    }
    if (!loadStore()) {
        return ExitCode::Failure;
    }
    const auto &registries = m_store->registries();
    if (commandLine.parser().isSet(u"json"_s)) {
        QJsonArray array;
        for (const auto &registry : registries) {
            array.append(toJson(registry));
        }
        out() << QJsonDocument(array).toJson(QJsonDocument::Indented);
        return ExitCode::Success;
    }
    if (registries.isEmpty()) {
        out() << "No registries yet. Add one with `slipway registry add pypi --preset pypi`, or import ~/.pypirc "
                 "with `slipway registry import-pypirc`.\n";
        return ExitCode::Success;
    }
    qsizetype nameWidth = 4;
    qsizetype userWidth = 8;
    for (const auto &registry : registries) {
        nameWidth = std::max(nameWidth, registry.name.size());
        userWidth = std::max(userWidth, shownUsername(registry.username).size());
    }
    out() << u"NAME"_s.leftJustified(nameWidth) << "  " << u"KIND"_s.leftJustified(12) << "  "
          << u"ROLE"_s.leftJustified(10) << "  " << u"USERNAME"_s.leftJustified(userWidth) << "  UPLOAD URL\n";
    for (const auto &registry : registries) {
        out() << registry.name.leftJustified(nameWidth) << "  " << Registry::kindName(registry.kind).leftJustified(12)
              << "  " << Registry::roleName(registry.role).leftJustified(10) << "  "
              << shownUsername(registry.username).leftJustified(userWidth) << "  "
              << Registry::urlText(registry.uploadUrl) << '\n';
    }
    return ExitCode::Success;
}

int RegistryCommand::show(const QStringList &arguments)
{
    CommandLine commandLine(u"registry show"_s, u"Show one registry and whether the keychain holds its secret."_s);
    commandLine.parser().addPositionalArgument(u"NAME"_s, u"The registry."_s);
    commandLine.parser().addOption({u"json"_s, u"Print a JSON object."_s});
    if (auto exit = commandLine.parse(arguments, out(), err())) {
        return *exit;
    }
    const auto registry = namedRegistry(commandLine);
    if (!registry) {
        return registry.error();
    }
    const bool json = commandLine.parser().isSet(u"json"_s);
    const bool environmentSecret = !qEnvironmentVariableIsEmpty("TWINE_PASSWORD");
    credentials().readSecret(*registry, this, [this, registry = *registry, json,
                                               environmentSecret](std::expected<QString, Registry::CredentialError> secret) {
        QJsonObject credential;
        QString secretLine;
        if (secret) {
            const QString print = Registry::fingerprint(*secret);
            credential = {{u"stored"_s, true}, {u"fingerprint"_s, print}};
            secretLine = u"in the keychain (fingerprint %1)"_s.arg(print);
        } else if (secret.error().code == Registry::CredentialError::Code::NotFound) {
            credential = {{u"stored"_s, false}};
            secretLine = u"not stored: run `slipway registry login %1`"_s.arg(registry.name);
        } else {
            credential = {{u"stored"_s, QJsonValue()}, {u"error"_s, secret.error().message}};
            secretLine = u"unknown: "_s + secret.error().message;
        }
        credential.insert(u"environment_override"_s, environmentSecret);
        if (json) {
            QJsonObject object = toJson(registry);
            object.insert(u"credential"_s, credential);
            object.insert(u"verification"_s, Registry::verifySupport(registry.kind));
            out() << QJsonDocument(object).toJson(QJsonDocument::Indented);
            finish(ExitCode::Success);
            return;
        }
        auto line = [this](const char *label, const QString &value) {
            out() << "  " << QString::fromLatin1(label).leftJustified(13) << value << '\n';
        };
        out() << registry.name << '\n';
        line("kind:", Registry::kindName(registry.kind));
        line("role:", Registry::roleName(registry.role));
        line("upload URL:", Registry::urlText(registry.uploadUrl));
        line("simple URL:", registry.simpleUrl.isEmpty() ? u"(unknown)"_s : Registry::urlText(registry.simpleUrl));
        line("web URL:", registry.webUrl.isEmpty() ? u"(none)"_s : Registry::urlText(registry.webUrl));
        line("username:", shownUsername(registry.username));
        line("CA bundle:", registry.caBundlePath.isEmpty() ? u"(the system's)"_s : registry.caBundlePath);
        line("client cert:", registry.clientCertPath.isEmpty() ? u"(none)"_s : registry.clientCertPath);
        line("secret:", secretLine);
        line("keychain:", u"service \"%1\", key \"%2\""_s.arg(credentials().service(), Registry::credentialKey(registry)));
        if (environmentSecret) {
            line("environment:", u"TWINE_PASSWORD is set and takes precedence over the keychain"_s);
        }
        line("verify:", Registry::verifySupport(registry.kind));
        finish(ExitCode::Success);
    });
    return Pending;
}

int RegistryCommand::add(const QStringList &arguments)
{
    CommandLine commandLine(u"registry add"_s, u"Add a registry, from a preset or an upload URL."_s);
    auto &parser = commandLine.parser();
    parser.addPositionalArgument(u"NAME"_s, u"A name for the registry (letters, digits, '.', '_', '-')."_s);
    addRegistryOptions(parser);
    if (auto exit = commandLine.parse(arguments, out(), err())) {
        return *exit;
    }
    const QStringList names = parser.positionalArguments();
    if (names.size() != 1) {
        return commandLine.usageError(err(), u"give exactly one registry name."_s);
    }
    const QString name = names.first();
    if (parser.isSet(u"preset"_s) == parser.isSet(u"url"_s)) {
        return commandLine.usageError(err(), u"give either --preset KIND or --url UPLOAD_URL."_s);
    }
    if (parser.isSet(u"kind"_s) && !parser.isSet(u"url"_s)) {
        return commandLine.usageError(err(), u"--kind goes with --url; with --preset the preset is the kind."_s);
    }
    Registry::Registry registry;
    if (parser.isSet(u"preset"_s)) {
        const auto kind = Registry::kindFromName(parser.value(u"preset"_s));
        if (!kind || *kind == Registry::Kind::Custom) {
            return commandLine.usageError(
                err(), u"--preset must be pypi, testpypi, gitlab, codeartifact, nexus or artifactory."_s);
        }
        auto preset = Registry::fromPreset(*kind, name, presetOptions(parser));
        if (!preset) {
            return commandLine.usageError(err(), preset.error().message);
        }
        registry = *preset;
    } else {
        if (anyPresetOption(parser)) {
            return commandLine.usageError(err(), u"preset options (--host, --project-id, ...) go with --preset."_s);
        }
        if (auto valid = Registry::validateName(name); !valid) {
            return commandLine.usageError(err(), valid.error().message);
        }
        auto fromUrl = fromUrlOptions(parser, name, Registry::Registry{});
        if (!fromUrl) {
            return commandLine.usageError(err(), fromUrl.error());
        }
        registry = *fromUrl;
    }
    if (auto failed = applyFieldOptions(parser, registry)) {
        return commandLine.usageError(err(), *failed);
    }
    if (!loadStore()) {
        return ExitCode::Failure;
    }
    if (auto added = m_store->add(registry); !added) {
        err() << "slipway registry add: " << added.error().message << '\n';
        return ExitCode::Failure;
    }
    if (auto saved = m_store->save(); !saved) {
        err() << "slipway registry add: " << saved.error().message << '\n';
        return ExitCode::Failure;
    }
    out() << "Added registry " << registry.name << ": uploads to " << Registry::urlText(registry.uploadUrl)
          << " as " << shownUsername(registry.username) << ".\n"
          << "Next: store its secret with `slipway registry login " << registry.name << "`.\n";
    return ExitCode::Success;
}

int RegistryCommand::edit(const QStringList &arguments)
{
    CommandLine commandLine(u"registry edit"_s, u"Change a registry; a stored secret moves along."_s);
    auto &parser = commandLine.parser();
    parser.addPositionalArgument(u"NAME"_s, u"The registry."_s);
    addRegistryOptions(parser);
    if (auto exit = commandLine.parse(arguments, out(), err())) {
        return *exit;
    }
    if (parser.isSet(u"preset"_s) && parser.isSet(u"url"_s)) {
        return commandLine.usageError(err(), u"give --preset or --url, not both."_s);
    }
    if (anyPresetOption(parser) && !parser.isSet(u"preset"_s)) {
        return commandLine.usageError(
            err(), u"preset options rebuild the URLs: give --preset KIND with all its options."_s);
    }
    const auto existing = namedRegistry(commandLine);
    if (!existing) {
        return existing.error();
    }
    const Registry::Registry before = *existing;
    Registry::Registry after = before;
    if (parser.isSet(u"preset"_s)) {
        const auto kind = Registry::kindFromName(parser.value(u"preset"_s));
        if (!kind || *kind == Registry::Kind::Custom) {
            return commandLine.usageError(
                err(), u"--preset must be pypi, testpypi, gitlab, codeartifact, nexus or artifactory."_s);
        }
        auto preset = Registry::fromPreset(*kind, before.name, presetOptions(parser));
        if (!preset) {
            return commandLine.usageError(err(), preset.error().message);
        }
        after = *preset;
        if (after.kind == before.kind) {
            after.username = before.username;
            after.role = before.role;
        }
        after.caBundlePath = before.caBundlePath;
        after.clientCertPath = before.clientCertPath;
    } else if (parser.isSet(u"url"_s)) {
        auto fromUrl = fromUrlOptions(parser, before.name, before);
        if (!fromUrl) {
            return commandLine.usageError(err(), fromUrl.error());
        }
        after = *fromUrl;
    } else if (parser.isSet(u"kind"_s)) {
        const auto kind = Registry::kindFromName(parser.value(u"kind"_s));
        if (!kind) {
            return commandLine.usageError(
                err(), u"--kind must be pypi, testpypi, gitlab, codeartifact, nexus, artifactory or custom."_s);
        }
        after.kind = *kind;
    }
    if (auto failed = applyFieldOptions(parser, after)) {
        return commandLine.usageError(err(), *failed);
    }
    if (after == before) {
        out() << "Registry " << before.name << " is unchanged.\n";
        return ExitCode::Success;
    }
    if (auto replaced = m_store->replace(before.name, after); !replaced) {
        err() << "slipway registry edit: " << replaced.error().message << '\n';
        return ExitCode::Failure;
    }
    if (auto saved = m_store->save(); !saved) {
        err() << "slipway registry edit: " << saved.error().message << '\n';
        return ExitCode::Failure;
    }
    out() << "Updated registry " << after.name << ".\n";
    if (Registry::credentialKey(after) == Registry::credentialKey(before)) {
        return ExitCode::Success;
    }
    // The keychain entry is keyed by upload URL and username: move the secret to the new key.
    const bool shared = !sharingEntry(*m_store, before).isEmpty();
    credentials().readSecret(before, this, [this, before, after, shared](std::expected<QString, Registry::CredentialError> secret) {
        if (!secret) {
            if (secret.error().code != Registry::CredentialError::Code::NotFound) {
                err() << "Could not move the stored secret to the new URL or username: " << secret.error().message
                      << "\nLog in again with `slipway registry login " << after.name << "`.\n";
                finish(ExitCode::Failure);
            } else {
                finish(ExitCode::Success);
            }
            return;
        }
        credentials().writeSecret(after, *secret, this, [this, before, after, shared](std::expected<void, Registry::CredentialError> written) {
            if (!written) {
                err() << "Could not move the stored secret: " << written.error().message << "\nLog in again with "
                      << "`slipway registry login " << after.name << "`.\n";
                finish(ExitCode::Failure);
                return;
            }
            if (shared) {
                out() << "Copied its secret in the keychain to the new entry (the old one is still used by another "
                         "registry).\n";
                finish(ExitCode::Success);
                return;
            }
            credentials().removeSecret(before, this, [this](std::expected<void, Registry::CredentialError> removed) {
                if (!removed) {
                    err() << "Moved the secret, but could not delete the old keychain entry: "
                          << removed.error().message << '\n';
                    finish(ExitCode::Failure);
                    return;
                }
                out() << "Moved its secret in the keychain to the new URL and username.\n";
                finish(ExitCode::Success);
            });
        });
    });
    return Pending;
}

int RegistryCommand::remove(const QStringList &arguments)
{
    CommandLine commandLine(u"registry remove"_s, u"Remove a registry and delete its secret from the keychain."_s);
    commandLine.parser().addPositionalArgument(u"NAME"_s, u"The registry."_s);
    commandLine.parser().addOption(
        {u"force"_s, u"Remove the registry even when the keychain cannot be reached (the secret then stays there)."_s});
    if (auto exit = commandLine.parse(arguments, out(), err())) {
        return *exit;
    }
    const auto registry = namedRegistry(commandLine);
    if (!registry) {
        return registry.error();
    }
    const bool force = commandLine.parser().isSet(u"force"_s);
    auto removeFromList = [this, registry = *registry](const QString &secretNote) {
        if (auto removed = m_store->remove(registry.name); !removed) {
            err() << "slipway registry remove: " << removed.error().message << '\n';
            finish(ExitCode::Failure);
            return;
        }
        if (auto saved = m_store->save(); !saved) {
            err() << "slipway registry remove: " << saved.error().message << '\n';
            finish(ExitCode::Failure);
            return;
        }
        out() << "Removed registry " << registry.name << ". " << secretNote << '\n';
        finish(ExitCode::Success);
    };
    const QStringList sharing = sharingEntry(*m_store, *registry);
    if (!sharing.isEmpty()) {
        removeFromList(u"Its keychain entry stays: registry %1 uses the same one."_s.arg(sharing.join(u", "_s)));
        return Pending;
    }
    credentials().removeSecret(*registry, this, [this, force, registry = *registry,
                                                 removeFromList](std::expected<void, Registry::CredentialError> removed) {
        if (removed) {
            removeFromList(u"Its keychain entry, if any, is deleted."_s);
            return;
        }
        if (force) {
            removeFromList(u"Its secret could not be deleted (%1); it stays in the keychain under service \"%2\", "
                           u"key \"%3\"."_s.arg(removed.error().message, credentials().service(),
                                                Registry::credentialKey(registry)));
            return;
        }
        err() << "slipway registry remove: " << removed.error().message << "\nThe registry was kept. Run again with "
              << "--force to remove it anyway (its secret then stays in the keychain).\n";
        finish(ExitCode::Failure);
    });
    return Pending;
}

int RegistryCommand::login(const QStringList &arguments)
{
    CommandLine commandLine(u"registry login"_s,
                            u"Store a registry's secret in the keychain. It is asked for without echo, or read from "
                            u"standard input with --password-stdin; never pass it as an argument."_s);
    auto &parser = commandLine.parser();
    parser.addPositionalArgument(u"NAME"_s, u"The registry."_s);
    parser.addOption({u"username"_s, u"Change the registry's username first."_s, u"USER"_s});
    parser.addOption({u"password-stdin"_s, u"Read the secret from standard input (for scripts)."_s});
    if (auto exit = commandLine.parse(arguments, out(), err())) {
        return *exit;
    }
    auto found = namedRegistry(commandLine, u"give exactly one registry name; the secret is never an argument."_s);
    if (!found) {
        return found.error();
    }
    Registry::Registry registry = *found;
    // A new username is saved only once the secret is stored under it.
    const bool newUsername = parser.isSet(u"username"_s) && parser.value(u"username"_s) != registry.username;
    if (newUsername) {
        registry.username = parser.value(u"username"_s);
        if (auto valid = Registry::validate(registry); !valid) {
            return commandLine.usageError(err(), valid.error().message);
        }
    }

    QString secret;
    if (parser.isSet(u"password-stdin"_s)) {
        secret = readSecretFromStdin();
    } else {
        const QString what = isPypiKind(registry.kind) ? u"API token"_s : u"secret"_s;
        auto typed = promptWithoutEcho(err(), u"%1 for %2 (user %3): "_s.arg(what, registry.name,
                                                                              shownUsername(registry.username)));
        if (!typed) {
            err() << "slipway registry login: standard input is not a terminal to ask on; pass the secret on "
                     "standard input with --password-stdin.\n";
            return ExitCode::UsageError;
        }
        secret = *typed;
    }
    if (auto valid = Registry::validateSecret(secret); !valid) {
        err() << "slipway registry login: " << valid.error().message << '\n';
        return ExitCode::Failure;
    }
    const auto checked = checkSecretFor(registry, secret);
    if (!checked) {
        err() << "slipway registry login: " << checked.error() << '\n';
        return ExitCode::Failure;
    }
    const QString print = Registry::fingerprint(secret);
    const QStringList warnings = *checked;
    credentials().writeSecret(registry, secret, this, [this, registry, print, warnings, newUsername](std::expected<void, Registry::CredentialError> written) {
        if (!written) {
            err() << "slipway registry login: " << written.error().message << '\n';
            finish(ExitCode::Failure);
            return;
        }
        if (newUsername) {
            auto replaced = m_store->replace(registry.name, registry);
            auto saved = replaced ? m_store->save() : std::expected<void, Registry::StoreError>(std::unexpected(replaced.error()));
            if (!saved) {
                err() << "slipway registry login: the secret is stored, but the new username could not be saved: "
                      << saved.error().message << '\n';
                finish(ExitCode::Failure);
                return;
            }
        }
        out() << "Stored the secret of " << registry.name << " (user " << shownUsername(registry.username)
              << ") in the keychain, fingerprint " << print << ".\n";
        for (const QString &warning : warnings) {
            out() << "Warning: " << warning << '\n';
        }
        if (!qEnvironmentVariableIsEmpty("TWINE_PASSWORD")) {
            out() << "Note: TWINE_PASSWORD is set in this environment and takes precedence over the keychain.\n";
        }
        finish(ExitCode::Success);
    });
    secret.fill(QChar(0));
    return Pending;
}

int RegistryCommand::logout(const QStringList &arguments)
{
    CommandLine commandLine(u"registry logout"_s, u"Delete a registry's secret from the keychain."_s);
    commandLine.parser().addPositionalArgument(u"NAME"_s, u"The registry."_s);
    if (auto exit = commandLine.parse(arguments, out(), err())) {
        return *exit;
    }
    const auto registry = namedRegistry(commandLine);
    if (!registry) {
        return registry.error();
    }
    const QStringList sharing = sharingEntry(*m_store, *registry);
    credentials().readSecret(*registry, this, [this, registry = *registry, sharing](std::expected<QString, Registry::CredentialError> secret) {
        if (!secret && secret.error().code == Registry::CredentialError::Code::NotFound) {
            out() << "The keychain holds no secret for " << registry.name << ".\n";
            finish(ExitCode::Success);
            return;
        }
        if (!secret) {
            err() << "slipway registry logout: " << secret.error().message << '\n';
            finish(ExitCode::Failure);
            return;
        }
        credentials().removeSecret(registry, this, [this, registry, sharing](std::expected<void, Registry::CredentialError> removed) {
            if (!removed) {
                err() << "slipway registry logout: " << removed.error().message << '\n';
                finish(ExitCode::Failure);
                return;
            }
            out() << "Deleted the secret of " << registry.name << " from the keychain.\n";
            if (!sharing.isEmpty()) {
                out() << "Registry " << sharing.join(u", "_s) << " used the same entry and is logged out too.\n";
            }
            finish(ExitCode::Success);
        });
    });
    return Pending;
}

int RegistryCommand::verify(const QStringList &arguments)
{
    CommandLine commandLine(u"registry verify"_s,
                            u"Check a registry's secret (from TWINE_PASSWORD or the keychain) without uploading "
                            u"anything: an upload request without a file tells a refused credential from an "
                            u"accepted one."_s);
    commandLine.parser().addPositionalArgument(u"NAME"_s, u"The registry."_s);
    if (auto exit = commandLine.parse(arguments, out(), err())) {
        return *exit;
    }
    const auto registry = namedRegistry(commandLine);
    if (!registry) {
        return registry.error();
    }
    credentials().resolve(*registry, QProcessEnvironment::systemEnvironment(), this,
                          [this, registry = *registry](std::expected<Registry::Credential, Registry::CredentialError> credential) {
        if (!credential) {
            err() << "slipway registry verify: " << credential.error().message << '\n';
            finish(ExitCode::Failure);
            return;
        }
        err() << "Checking " << registry.name << " as " << shownUsername(credential->username) << " with the secret "
              << (credential->source == Registry::Credential::Source::Environment ? "from TWINE_PASSWORD"
                                                                                   : "from the keychain")
              << " (fingerprint " << Registry::fingerprint(credential->secret) << ")...\n";
        err().flush();
        if (m_network == nullptr) {
            m_network = new QNetworkAccessManager(this);
        }
        auto *verifier = new Registry::CredentialVerifier(m_network, this);
        verifier->verify(registry, *credential, this, [this](Registry::VerifyResult result) {
            using Outcome = Registry::VerifyResult::Outcome;
            const char *verdict = result.outcome == Outcome::Accepted   ? "OK"
                                  : result.outcome == Outcome::Rejected ? "REFUSED"
                                  : result.outcome == Outcome::WrongUrl ? "WRONG URL"
                                  : result.outcome == Outcome::Failed   ? "FAILED"
                                                                        : "INCONCLUSIVE";
            out() << verdict << ": " << result.message << '\n';
            finish(result.outcome == Outcome::Accepted ? ExitCode::Success : ExitCode::Failure);
        });
    });
    return Pending;
}

int RegistryCommand::importPypirc(const QStringList &arguments)
{
    CommandLine commandLine(u"registry import-pypirc"_s,
                            u"Import the registries of a .pypirc (default ~/.pypirc) the way twine reads it, moving "
                            u"its passwords into the keychain."_s);
    commandLine.parser().addPositionalArgument(u"FILE"_s, u"The file to import (default ~/.pypirc)."_s, u"[FILE]"_s);
    commandLine.parser().addOption(
        {u"scrub"_s, u"Afterwards rewrite the file without the imported passwords, keeping everything else and an "
                     u"owner-only backup of the original."_s});
    if (auto exit = commandLine.parse(arguments, out(), err())) {
        return *exit;
    }
    const QStringList files = commandLine.parser().positionalArguments();
    if (files.size() > 1) {
        return commandLine.usageError(err(), u"give at most one file."_s);
    }
    const QString path = files.isEmpty() ? Registry::defaultPypircPath() : QFileInfo(files.first()).absoluteFilePath();
    const QString shown = QDir::toNativeSeparators(path);
    QFile file(path);
    if (!file.exists()) {
        err() << "slipway registry import-pypirc: there is no " << shown << ".\n";
        return ExitCode::Failure;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        err() << "slipway registry import-pypirc: cannot read " << shown << ": " << file.errorString() << '\n';
        return ExitCode::Failure;
    }
    const auto contents = Registry::readPypirc(file.read(1024 * 1024 + 1));
    if (!contents) {
        err() << "slipway registry import-pypirc: " << shown << ": " << contents.error().message << '\n';
        return ExitCode::Failure;
    }
    if (!loadStore()) {
        return ExitCode::Failure;
    }
    for (const QString &note : contents->notes) {
        out() << "Note: " << note << '\n';
    }

    // Registries first (they hold no secret), then the passwords one by one.
    QStringList added;
    QStringList alreadyThere;
    QList<Registry::PypircEntry> withPassword;
    for (const Registry::PypircEntry &entry : contents->entries) {
        if (const auto existing = m_store->find(entry.registry.name)) {
            if (Registry::credentialKey(*existing) != Registry::credentialKey(entry.registry)) {
                out() << "Note: [" << entry.section << "] not imported: registry " << existing->name
                      << " already exists with another upload URL or username.\n";
                continue;
            }
            alreadyThere << existing->name;
        } else if (auto addition = m_store->add(entry.registry); !addition) {
            out() << "Note: [" << entry.section << "] not imported: " << addition.error().message << '\n';
            continue;
        } else {
            added << entry.registry.name;
        }
        if (entry.password) {
            if (isPypiKind(entry.registry.kind) && !entry.password->startsWith(u"pypi-"_s)) {
                out() << "Warning: the password of [" << entry.section << "] is not an API token; "
                      << (entry.registry.kind == Registry::Kind::PyPI ? "PyPI" : "TestPyPI")
                      << " no longer accepts passwords.\n";
            }
            withPassword.append(entry);
        }
    }
    if (auto saved = m_store->save(); !saved) {
        err() << "slipway registry import-pypirc: " << saved.error().message << '\n';
        return ExitCode::Failure;
    }
    if (!added.isEmpty()) {
        out() << "Added " << added.size() << " registr" << (added.size() == 1 ? "y" : "ies") << ": "
              << added.join(u", "_s) << ".\n";
    }
    if (!alreadyThere.isEmpty()) {
        out() << "Already configured: " << alreadyThere.join(u", "_s) << ".\n";
    }
    if (added.isEmpty() && alreadyThere.isEmpty()) {
        out() << "No registries to import from " << shown << ".\n";
    }

    const bool scrub = commandLine.parser().isSet(u"scrub"_s);
    struct State {
        QList<Registry::PypircEntry> pending;
        QList<Registry::PypircEntry> stored;
        bool failed = false;
    };
    auto state = std::make_shared<State>();
    state->pending = withPassword;
    // Each pending keychain call holds the chain alive; it is freed after the last one.
    auto step = std::make_shared<std::function<void()>>();
    std::weak_ptr<std::function<void()>> next = step;
    *step = [this, state, next, path, shown, scrub, total = withPassword.size()] {
        if (!state->pending.isEmpty() && !state->failed) {
            const Registry::PypircEntry entry = state->pending.takeFirst();
            credentials().writeSecret(entry.registry, *entry.password, this,
                                      [this, state, step = next.lock(), entry](std::expected<void, Registry::CredentialError> written) {
                if (written) {
                    state->stored.append(entry);
                } else {
                    err() << "slipway registry import-pypirc: " << written.error().message << '\n';
                    state->failed = true;
                }
                (*step)();
            });
            return;
        }
        if (total > 0) {
            out() << "Stored " << state->stored.size() << " of " << total << " password"
                  << (total == 1 ? "" : "s") << " in the keychain.\n";
        }
        if (state->failed) {
            out() << shown << " was left as it was.\n";
            finish(ExitCode::Failure);
            return;
        }
        if (state->stored.isEmpty()) {
            finish(ExitCode::Success);
            return;
        }
        if (!scrub) {
            out() << "The passwords are still in " << shown
                  << ": run again with --scrub to remove them from the file (a backup is kept).\n";
            finish(ExitCode::Success);
            return;
        }
        QList<std::pair<int, int>> lines;
        for (const auto &entry : std::as_const(state->stored)) {
            const std::pair<int, int> range{entry.passwordFirstLine, entry.passwordLastLine};
            if (!lines.contains(range)) {
                lines.append(range);
            }
        }
        const auto backup = Registry::scrubPypircFile(path, lines);
        if (!backup) {
            err() << "slipway registry import-pypirc: " << backup.error().message << '\n';
            finish(ExitCode::Failure);
            return;
        }
        out() << "Removed the imported passwords from " << shown << ".\n"
              << "The original, passwords included, is in " << QDir::toNativeSeparators(*backup)
              << " (readable only by you). Delete it once the registries work, e.g. `shred -u "
              << QDir::toNativeSeparators(*backup) << "`.\n";
        finish(ExitCode::Success);
    };
    // Shared [server-login] passwords are scrubbed only when every registry using them is stored:
    // the line ranges of failed writes never reach the scrub, and a failure stops the scrub.
    QTimer::singleShot(0, this, [step] { (*step)(); });
    return Pending;
}

int RegistryCommand::exportPypirc(const QStringList &arguments)
{
    CommandLine commandLine(u"registry export-pypirc"_s,
                            u"Write a .pypirc listing the registries, without any password, for tools that read "
                            u"one."_s);
    commandLine.parser().addPositionalArgument(u"FILE"_s, u"Where to write it (default: standard output)."_s,
                                               u"[FILE]"_s);
    commandLine.parser().addOption(
        {u"force"_s, u"Replace FILE if it exists (the old one is kept as an owner-only backup)."_s});
    if (auto exit = commandLine.parse(arguments, out(), err())) {
        return *exit;
    }
    const QStringList files = commandLine.parser().positionalArguments();
    if (files.size() > 1) {
        return commandLine.usageError(err(), u"give at most one file."_s);
    }
    if (!loadStore()) {
        return ExitCode::Failure;
    }
    const auto text = Registry::writePypirc(m_store->registries());
    if (!text) {
        err() << "slipway registry export-pypirc: " << text.error().message << '\n';
        return ExitCode::Failure;
    }
    if (files.isEmpty()) {
        out() << QString::fromUtf8(*text);
        return ExitCode::Success;
    }
    const QString path = QFileInfo(files.first()).absoluteFilePath();
    const QString shown = QDir::toNativeSeparators(path);
    QString backupNote;
    if (QFileInfo::exists(path)) {
        if (!commandLine.parser().isSet(u"force"_s)) {
            err() << "slipway registry export-pypirc: " << shown << " exists; pass --force to replace it (a backup "
                  << "is kept).\n";
            return ExitCode::Failure;
        }
        const auto backup = Registry::backupFile(path);
        if (!backup) {
            err() << "slipway registry export-pypirc: " << backup.error().message << '\n';
            return ExitCode::Failure;
        }
        backupNote = u" The previous file is in %1."_s.arg(QDir::toNativeSeparators(*backup));
    }
    if (auto written = Util::writeFileAtomically(path, *text); !written) {
        err() << "slipway registry export-pypirc: " << written.error() << '\n';
        return ExitCode::Failure;
    }
    out() << "Wrote " << shown << " with " << m_store->registries().size() << " registr"
          << (m_store->registries().size() == 1 ? "y" : "ies") << " and no passwords." << backupNote << '\n';
    return ExitCode::Success;
}

} // namespace Cli
