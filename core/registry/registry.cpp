// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/registry.h"

#include <array>
#include <utility>

#include <QRegularExpression>

#include "core/util/loopback.h"

namespace Registry {

namespace {

using namespace Qt::StringLiterals;

constexpr std::array kindNames{
    std::pair{Kind::PyPI, "pypi"},       std::pair{Kind::TestPyPI, "testpypi"},
    std::pair{Kind::GitLab, "gitlab"},   std::pair{Kind::CodeArtifact, "codeartifact"},
    std::pair{Kind::Nexus, "nexus"},     std::pair{Kind::Artifactory, "artifactory"},
    std::pair{Kind::Custom, "custom"},
};

constexpr std::array roleNames{
    std::pair{Role::None, "none"},
    std::pair{Role::Test, "test"},
    std::pair{Role::Production, "production"},
};

RegistryError error(RegistryError::Code code, const QString &message)
{
    return RegistryError{code, message};
}

} // namespace

QString kindName(Kind kind)
{
    for (const auto &[value, name] : kindNames) {
        if (value == kind) {
            return QString::fromLatin1(name);
        }
    }
    return u"custom"_s;
}

std::optional<Kind> kindFromName(QStringView name)
{
    for (const auto &[value, text] : kindNames) {
        if (name.compare(QLatin1StringView(text), Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return std::nullopt;
}

QString roleName(Role role)
{
    for (const auto &[value, name] : roleNames) {
        if (value == role) {
            return QString::fromLatin1(name);
        }
    }
    return u"none"_s;
}

std::optional<Role> roleFromName(QStringView name)
{
    for (const auto &[value, text] : roleNames) {
        if (name.compare(QLatin1StringView(text), Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return std::nullopt;
}

QString defaultUsername(Kind kind)
{
    switch (kind) {
    case Kind::PyPI:
    case Kind::TestPyPI:
    case Kind::GitLab:
        return u"__token__"_s;
    case Kind::CodeArtifact:
        return u"aws"_s;
    case Kind::Artifactory:
    case Kind::Nexus:
    case Kind::Custom:
        break;
    }
    return {};
}

std::expected<void, RegistryError> validateName(const QString &name)
{
    static const QRegularExpression pattern(u"\\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\z"_s);
    if (name.isEmpty()) {
        return std::unexpected(error(RegistryError::Code::InvalidName, u"A registry needs a name."_s));
    }
    if (!pattern.match(name).hasMatch()) {
        return std::unexpected(error(RegistryError::Code::InvalidName,
                                     u"'%1' is not a usable registry name: use 1 to 64 ASCII letters, digits, "
                                     u"'.', '_' or '-', starting with a letter or digit."_s.arg(name.left(80))));
    }
    return {};
}

QString urlText(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo).toString(QUrl::FullyEncoded);
}

std::expected<QUrl, RegistryError> parseUrl(const QString &text, const QString &what)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        return std::unexpected(error(RegistryError::Code::InvalidUrl, u"The %1 is empty."_s.arg(what)));
    }
    QUrl url(trimmed, QUrl::StrictMode);
    // Never echo a URL that may carry a password (user:secret@host); everything else is safe to show.
    const QString shown = url.isValid() ? urlText(url)
                          : trimmed.contains(u'@') ? u"(not shown: it contains '@')"_s
                                                    : trimmed.left(200);
    if (!url.isValid() || url.isRelative() || url.host().isEmpty()) {
        return std::unexpected(error(RegistryError::Code::InvalidUrl,
                                     u"The %1 %2 is not an absolute URL such as https://host/path/."_s.arg(what, shown)));
    }
    if (!url.userInfo().isEmpty()) {
        return std::unexpected(error(RegistryError::Code::InvalidUrl,
                                     u"The %1 %2 contains a user name or password. Slipway keeps the username "
                                     u"in the registry and the secret in the keychain: remove them from the URL "
                                     u"and use --username and `slipway registry login`."_s.arg(what, shown)));
    }
    if (url.hasFragment()) {
        return std::unexpected(error(RegistryError::Code::InvalidUrl,
                                     u"The %1 %2 has a '#' fragment, which a registry URL never needs."_s.arg(what, shown)));
    }
    const QString scheme = url.scheme().toLower();
    if (scheme == u"http") {
        if (!Util::isLoopbackHost(url.host())) {
            return std::unexpected(error(
                RegistryError::Code::InsecureUrl,
                u"Refusing the plain http:// %1 %2: the credential and every package would cross the network "
                u"unencrypted, where anyone on the way can read the token or swap the files. Use https://. "
                u"Plain http is accepted only for loopback hosts (localhost, 127.0.0.0/8, ::1), such as a "
                u"local test index."_s.arg(what, shown)));
        }
    } else if (scheme != u"https") {
        return std::unexpected(error(RegistryError::Code::InvalidUrl,
                                     u"The %1 %2 must start with https:// (or http:// for a loopback host)."_s.arg(
                                         what, shown)));
    }
    url.setScheme(scheme);
    if ((scheme == u"https" && url.port() == 443) || (scheme == u"http" && url.port() == 80)) {
        url.setPort(-1);
    }
    if (url.path().isEmpty()) {
        url.setPath(u"/"_s);
    }
    // Through text once more, so that every spelling of the same URL ("http://@host/" with an
    // empty userinfo, say) ends up as one QUrl and parseUrl(urlText(u)) == u.
    return QUrl(urlText(url), QUrl::StrictMode);
}

std::expected<void, RegistryError> validate(const Registry &registry)
{
    if (auto name = validateName(registry.name); !name) {
        return name;
    }
    auto checkUrl = [](const QUrl &url, const QString &what, bool required) -> std::expected<void, RegistryError> {
        if (url.isEmpty()) {
            if (required) {
                return std::unexpected(error(RegistryError::Code::MissingOption, u"The %1 is missing."_s.arg(what)));
            }
            return {};
        }
        if (auto parsed = parseUrl(url.toString(QUrl::FullyEncoded), what); !parsed) {
            return std::unexpected(parsed.error());
        }
        return {};
    };
    if (auto upload = checkUrl(registry.uploadUrl, u"upload URL"_s, true); !upload) {
        return upload;
    }
    if (auto simple = checkUrl(registry.simpleUrl, u"simple index URL"_s, false); !simple) {
        return simple;
    }
    if (auto web = checkUrl(registry.webUrl, u"web URL"_s, false); !web) {
        return web;
    }
    const QString uploadPath = registry.uploadUrl.path(QUrl::FullyEncoded);
    if (uploadPath.endsWith(u"/simple") || uploadPath.endsWith(u"/simple/")) {
        return std::unexpected(error(RegistryError::Code::InvalidUrl,
                                     u"The upload URL %1 looks like a simple index URL (the one pip installs from); "
                                     u"uploads go elsewhere, e.g. https://upload.pypi.org/legacy/ for PyPI. Give it "
                                     u"as --simple-url and the upload URL as --url."_s.arg(urlText(registry.uploadUrl))));
    }
    const QString host = registry.uploadUrl.host();
    if ((host == u"upload.pypi.org" || host == u"test.pypi.org") && uploadPath != u"/legacy/") {
        return std::unexpected(error(RegistryError::Code::InvalidUrl,
                                     u"The upload URL %1 is not the upload endpoint; on %2 it is https://%2/legacy/ "
                                     u"(with the trailing slash)."_s.arg(urlText(registry.uploadUrl), host)));
    }
    if (registry.username.contains(u'\n') || registry.username.contains(u'\r') || registry.username.contains(u':')) {
        return std::unexpected(error(RegistryError::Code::InvalidOption,
                                     u"The username of registry %1 contains a line break or ':', which HTTP basic "
                                     u"authentication cannot carry."_s.arg(registry.name)));
    }
    return {};
}

Kind guessKind(const QUrl &uploadUrl)
{
    const QString host = uploadUrl.host().toLower();
    const QString path = uploadUrl.path(QUrl::FullyEncoded);
    if (host == u"upload.pypi.org" || host == u"pypi.org") {
        return Kind::PyPI;
    }
    if (host == u"test.pypi.org") {
        return Kind::TestPyPI;
    }
    static const QRegularExpression gitlab(u"/api/v4/projects/[^/]+/packages/pypi/?\\z"_s);
    if (gitlab.match(path).hasMatch()) {
        return Kind::GitLab;
    }
    static const QRegularExpression codeartifact(u"\\A[a-z0-9-]+-\\d{12}\\.d\\.codeartifact\\.[a-z0-9-]+\\.amazonaws\\.com\\z"_s);
    if (codeartifact.match(host).hasMatch()) {
        return Kind::CodeArtifact;
    }
    if (path.contains(u"/api/pypi/")) {
        return Kind::Artifactory;
    }
    return Kind::Custom;
}

QString credentialKey(const QUrl &uploadUrl, const QString &username)
{
    return username + u" at "_s + urlText(uploadUrl);
}

QString credentialKey(const Registry &registry)
{
    return credentialKey(registry.uploadUrl, registry.username);
}

} // namespace Registry
