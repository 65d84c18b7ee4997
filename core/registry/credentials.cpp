// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/credentials.h"

#include <QCryptographicHash>
#include <QStringList>

#include "core/registry/registrystore.h"

namespace Registry {

using namespace Qt::StringLiterals;

QString fingerprint(const QString &secret)
{
    const QByteArray digest = QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256);
    return u"sha256:"_s + QString::fromLatin1(digest.toHex().left(8));
}

std::expected<void, CredentialError> validateSecret(const QString &secret)
{
    if (secret.trimmed().isEmpty()) {
        return std::unexpected(CredentialError{CredentialError::Code::InvalidSecret, u"The secret is empty."_s});
    }
    if (secret.contains(u'\n') || secret.contains(u'\r') || secret.contains(QChar(0))) {
        return std::unexpected(CredentialError{
            CredentialError::Code::InvalidSecret,
            u"The secret contains a line break: paste only the token itself, on one line."_s});
    }
    return {};
}

QString secretVariable(const Registry &registry)
{
    QString variable = u"SLIPWAY_TOKEN_"_s;
    for (const QChar c : registry.name) {
        const bool asciiAlphanumeric = c.unicode() < 128 && c.isLetterOrNumber();
        variable.append(asciiAlphanumeric ? c.toUpper() : u'_');
    }
    return variable;
}

std::expected<std::optional<Credential>, CredentialError> resolveCredential(const Registry &registry,
                                                                             const QProcessEnvironment &environment)
{
    const QString variable = secretVariable(registry);
    if (const QString own = environment.value(variable).trimmed(); !own.isEmpty()) {
        if (auto valid = validateSecret(own); !valid) {
            return std::unexpected(CredentialError{valid.error().code, variable + u": "_s + valid.error().message});
        }
        const QString username = registry.username.isEmpty() ? defaultUsername(registry.kind) : registry.username;
        return std::optional<Credential>(Credential{username, own, Credential::Source::Environment});
    }
    const QString password = environment.value(u"TWINE_PASSWORD"_s);
    if (password.isEmpty()) {
        return std::optional<Credential>();
    }
    const QString repositoryUrl = environment.value(u"TWINE_REPOSITORY_URL"_s).trimmed();
    if (!repositoryUrl.isEmpty()) {
        const auto parsed = parseUrl(repositoryUrl, u"TWINE_REPOSITORY_URL"_s);
        if (!parsed || *parsed != registry.uploadUrl) {
            return std::unexpected(CredentialError{
                CredentialError::Code::EnvironmentMismatch,
                u"TWINE_PASSWORD is set for TWINE_REPOSITORY_URL=%1, but registry %2 uploads to %3. Slipway will "
                u"not send that secret to another registry: unset TWINE_REPOSITORY_URL, or make it match."_s.arg(
                    parsed ? urlText(*parsed) : u"(not a valid URL)"_s, registry.name, urlText(registry.uploadUrl))});
        }
    }
    const QString trimmed = password.trimmed();
    if (auto valid = validateSecret(trimmed); !valid) {
        return std::unexpected(CredentialError{valid.error().code, u"TWINE_PASSWORD: "_s + valid.error().message});
    }
    Credential credential;
    credential.source = Credential::Source::Environment;
    credential.secret = trimmed;
    credential.username = environment.contains(u"TWINE_USERNAME"_s) ? environment.value(u"TWINE_USERNAME"_s)
                          : !registry.username.isEmpty()              ? registry.username
                          : (registry.kind == Kind::PyPI || registry.kind == Kind::TestPyPI) ? u"__token__"_s
                                                                                              : QString();
    return std::optional<Credential>(credential);
}

std::expected<void, CredentialError> requireSeparateSecrets(const Registry &first, const Registry &second,
                                                           const QProcessEnvironment &environment)
{
    if (environment.value(u"TWINE_PASSWORD"_s).isEmpty()
        || !environment.value(u"TWINE_REPOSITORY_URL"_s).trimmed().isEmpty() || first.uploadUrl == second.uploadUrl) {
        return {};
    }
    const auto hasOwnSecret = [&environment](const Registry &registry) {
        return !environment.value(secretVariable(registry)).trimmed().isEmpty();
    };
    if (hasOwnSecret(first) || hasOwnSecret(second)) {
        return {};
    }
    return std::unexpected(CredentialError{
        CredentialError::Code::SharedSecret,
        u"TWINE_PASSWORD is set, and this run uploads to two registries (%1 and %2): Slipway will not send one "
        u"secret to both. Give each its own: set %3 and %4 instead of TWINE_PASSWORD, or keep the tokens in "
        u"the keychain with `slipway registry login`."_s.arg(first.name, second.name, secretVariable(first),
                                                              secretVariable(second))});
}

std::optional<std::expected<Registry, RegistryError>> registryFromEnvironment(const QProcessEnvironment &environment)
{
    const QString text = environment.value(u"TWINE_REPOSITORY_URL"_s).trimmed();
    if (text.isEmpty()) {
        return std::nullopt;
    }
    auto url = parseUrl(text, u"TWINE_REPOSITORY_URL"_s);
    if (!url) {
        return std::unexpected(url.error());
    }
    Registry registry;
    registry.name = u"TWINE_REPOSITORY_URL"_s;
    registry.uploadUrl = *url;
    registry.kind = guessKind(*url);
    registry.username = environment.value(u"TWINE_USERNAME"_s, defaultUsername(registry.kind));
    if (auto valid = validate(registry); !valid) {
        return std::unexpected(valid.error());
    }
    return registry;
}

std::expected<Registry, QString> selectRegistry(const RegistryStore &store, const QString &name,
                                               const QProcessEnvironment &environment)
{
    QString wanted = name;
    if (wanted.isEmpty()) {
        if (auto adHoc = registryFromEnvironment(environment)) {
            if (!*adHoc) {
                return std::unexpected(adHoc->error().message);
            }
            return **adHoc;
        }
        wanted = environment.value(u"TWINE_REPOSITORY"_s).trimmed();
    }
    QStringList names;
    for (const Registry &registry : store.registries()) {
        names << registry.name;
    }
    const QString known = names.isEmpty() ? u"No registries are configured yet: add one with `slipway registry add`."_s
                                          : u"Configured registries: %1."_s.arg(names.join(u", "_s));
    if (wanted.isEmpty()) {
        return std::unexpected(u"Which registry? Pass -r NAME. "_s + known);
    }
    if (auto found = store.find(wanted)) {
        return *found;
    }
    return std::unexpected(u"There is no registry named '%1'. %2"_s.arg(wanted.left(80), known));
}

} // namespace Registry
