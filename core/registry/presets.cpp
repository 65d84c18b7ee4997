// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/presets.h"

#include <algorithm>

#include <QRegularExpression>
#include <QStringList>

namespace Registry {

namespace {

using namespace Qt::StringLiterals;

std::unexpected<RegistryError> missing(const QString &option, const QString &why)
{
    return std::unexpected(RegistryError{RegistryError::Code::MissingOption, u"--%1 is required: %2"_s.arg(option, why)});
}

std::unexpected<RegistryError> invalid(const QString &message)
{
    return std::unexpected(RegistryError{RegistryError::Code::InvalidOption, message});
}

QUrl fromParts(const QUrl &base, const QString &encodedPath)
{
    QUrl url = base;
    QString path = base.path(QUrl::FullyEncoded);
    while (path.endsWith(u'/')) {
        path.chop(1);
    }
    url.setPath(path + encodedPath, QUrl::TolerantMode);
    return url;
}

// A base given as host name or as URL ("gitlab.example.com", "https://example.com/gitlab/").
std::expected<QUrl, RegistryError> baseUrl(const QString &text, const QString &what)
{
    QString value = text.trimmed();
    if (!value.contains(u"://")) {
        value.prepend(u"https://"_s);
    }
    auto url = parseUrl(value, what);
    if (!url) {
        return url;
    }
    if (url->hasQuery()) {
        return invalid(u"The %1 %2 must not have a query ('?...')."_s.arg(what, urlText(*url)));
    }
    return url;
}

// GitLab takes a numeric ID or the URL-encoded full path ("group/sub/project" -> "group%2Fsub%2Fproject").
std::expected<QString, RegistryError> gitlabId(const QString &text, const QString &option)
{
    const QString value = text.trimmed();
    static const QRegularExpression numeric(u"\\A[0-9]{1,20}\\z"_s);
    static const QRegularExpression path(u"\\A[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*\\z"_s);
    if (numeric.match(value).hasMatch()) {
        return value;
    }
    if (path.match(value).hasMatch() && value.size() <= 255) {
        return QString(value).replace(u'/', u"%2F"_s);
    }
    return invalid(u"--%1 '%2' is neither a numeric GitLab ID nor a path such as 'group/project'."_s.arg(
        option, value.left(80)));
}

std::expected<Registry, RegistryError> gitlab(Registry registry, const PresetOptions &options)
{
    auto host = baseUrl(options.host.isEmpty() ? u"gitlab.com"_s : options.host, u"GitLab host"_s);
    if (!host) {
        return std::unexpected(host.error());
    }
    if (options.projectId.isEmpty()) {
        return missing(u"project-id"_s,
                       options.groupId.isEmpty()
                           ? u"GitLab takes uploads into a project's package registry (Settings > General shows the "
                             u"project ID)."_s
                           : u"a GitLab group has an index to install from, but uploads go to one of its projects."_s);
    }
    auto project = gitlabId(options.projectId, u"project-id"_s);
    if (!project) {
        return std::unexpected(project.error());
    }
    const QString projectPath = u"/api/v4/projects/"_s + *project + u"/packages/pypi"_s;
    registry.uploadUrl = fromParts(*host, projectPath);
    if (options.groupId.isEmpty()) {
        registry.simpleUrl = fromParts(*host, projectPath + u"/simple"_s);
    } else {
        auto group = gitlabId(options.groupId, u"group-id"_s);
        if (!group) {
            return std::unexpected(group.error());
        }
        registry.simpleUrl = fromParts(*host, u"/api/v4/groups/"_s + *group + u"/-/packages/pypi/simple"_s);
    }
    return registry;
}

std::expected<Registry, RegistryError> codeArtifact(Registry registry, const PresetOptions &options)
{
    static const QRegularExpression domainPattern(u"\\A[a-z][a-z0-9-]{1,49}\\z"_s);
    static const QRegularExpression ownerPattern(u"\\A[0-9]{12}\\z"_s);
    static const QRegularExpression regionPattern(u"\\A[a-z]{2}(-[a-z]+)+-[0-9]{1,2}\\z"_s);
    static const QRegularExpression repositoryPattern(u"\\A[A-Za-z0-9][A-Za-z0-9._-]{1,99}\\z"_s);
    if (options.domain.isEmpty()) {
        return missing(u"domain"_s, u"the CodeArtifact domain that holds the repository."_s);
    }
    if (options.owner.isEmpty()) {
        return missing(u"owner"_s, u"the 12-digit AWS account ID that owns the domain."_s);
    }
    if (options.region.isEmpty()) {
        return missing(u"region"_s, u"the AWS region of the domain, e.g. eu-west-1."_s);
    }
    if (options.repository.isEmpty()) {
        return missing(u"repository"_s, u"the CodeArtifact repository to upload to."_s);
    }
    if (!domainPattern.match(options.domain).hasMatch()) {
        return invalid(u"--domain '%1' is not a CodeArtifact domain name (lower-case letters, digits and '-', 2 to "
                       u"50 characters)."_s.arg(options.domain.left(80)));
    }
    if (!ownerPattern.match(options.owner).hasMatch()) {
        return invalid(u"--owner '%1' is not an AWS account ID (12 digits)."_s.arg(options.owner.left(80)));
    }
    if (!regionPattern.match(options.region).hasMatch()) {
        return invalid(u"--region '%1' is not an AWS region such as eu-west-1."_s.arg(options.region.left(80)));
    }
    if (!repositoryPattern.match(options.repository).hasMatch()) {
        return invalid(u"--repository '%1' is not a CodeArtifact repository name."_s.arg(options.repository.left(80)));
    }
    const QString base = u"https://%1-%2.d.codeartifact.%3.amazonaws.com/pypi/%4/"_s.arg(
        options.domain, options.owner, options.region, options.repository);
    auto upload = parseUrl(base, u"upload URL"_s);
    auto simple = parseUrl(base + u"simple/"_s, u"simple index URL"_s);
    if (!upload || !simple) {
        return std::unexpected(upload ? simple.error() : upload.error());
    }
    registry.uploadUrl = *upload;
    registry.simpleUrl = *simple;
    return registry;
}

std::expected<QString, RegistryError> repositoryName(const PresetOptions &options, const QString &kind)
{
    static const QRegularExpression pattern(u"\\A[A-Za-z0-9][A-Za-z0-9._-]{0,199}\\z"_s);
    if (options.repository.isEmpty()) {
        return std::unexpected(missing(u"repository"_s, u"the %1 repository to upload to."_s.arg(kind)).error());
    }
    if (!pattern.match(options.repository).hasMatch()) {
        return invalid(u"--repository '%1' is not a %2 repository name (letters, digits, '.', '_', '-')."_s.arg(
            options.repository.left(80), kind));
    }
    return options.repository;
}

std::expected<Registry, RegistryError> nexus(Registry registry, const PresetOptions &options)
{
    if (options.baseUrl.isEmpty()) {
        return missing(u"base-url"_s, u"the address of the Nexus server, e.g. https://nexus.example.com."_s);
    }
    auto base = baseUrl(options.baseUrl, u"Nexus base URL"_s);
    auto repository = repositoryName(options, u"Nexus"_s);
    if (!base || !repository) {
        return std::unexpected(base ? repository.error() : base.error());
    }
    registry.uploadUrl = fromParts(*base, u"/repository/"_s + *repository + u"/"_s);
    registry.simpleUrl = fromParts(*base, u"/repository/"_s + *repository + u"/simple/"_s);
    return registry;
}

std::expected<Registry, RegistryError> artifactory(Registry registry, const PresetOptions &options)
{
    if (options.baseUrl.isEmpty()) {
        return missing(u"base-url"_s, u"the address of the Artifactory server, e.g. https://acme.jfrog.io."_s);
    }
    auto base = baseUrl(options.baseUrl, u"Artifactory base URL"_s);
    auto repository = repositoryName(options, u"Artifactory"_s);
    if (!base || !repository) {
        return std::unexpected(base ? repository.error() : base.error());
    }
    // Cloud instances serve under /artifactory; a self-hosted base may already name it.
    QString prefix = base->path(QUrl::FullyEncoded);
    while (prefix.endsWith(u'/')) {
        prefix.chop(1);
    }
    const QString root = prefix.endsWith(u"/artifactory") ? QString() : u"/artifactory"_s;
    registry.uploadUrl = fromParts(*base, root + u"/api/pypi/"_s + *repository);
    registry.simpleUrl = fromParts(*base, root + u"/api/pypi/"_s + *repository + u"/simple"_s);
    return registry;
}

Registry builtIn(Registry registry, const QString &host, const QString &index)
{
    registry.uploadUrl = QUrl(u"https://%1/legacy/"_s.arg(host));
    registry.simpleUrl = QUrl(u"https://%1/simple/"_s.arg(index));
    registry.webUrl = QUrl(u"https://%1/project/"_s.arg(index));
    return registry;
}

} // namespace

QStringList unusedPresetOptions(Kind kind, const PresetOptions &options)
{
    struct Field {
        const QString PresetOptions::*member;
        const char *name;
        std::initializer_list<Kind> users;
    };
    const std::initializer_list<Field> fields{
        {&PresetOptions::host, "host", {Kind::GitLab}},
        {&PresetOptions::projectId, "project-id", {Kind::GitLab}},
        {&PresetOptions::groupId, "group-id", {Kind::GitLab}},
        {&PresetOptions::domain, "domain", {Kind::CodeArtifact}},
        {&PresetOptions::owner, "owner", {Kind::CodeArtifact}},
        {&PresetOptions::region, "region", {Kind::CodeArtifact}},
        {&PresetOptions::repository, "repository", {Kind::CodeArtifact, Kind::Nexus, Kind::Artifactory}},
        {&PresetOptions::baseUrl, "base-url", {Kind::Nexus, Kind::Artifactory}},
    };
    QStringList unused;
    for (const Field &field : fields) {
        if (!(options.*field.member).isEmpty() && std::ranges::find(field.users, kind) == field.users.end()) {
            unused << QString::fromLatin1(field.name);
        }
    }
    return unused;
}

std::expected<Registry, RegistryError> fromPreset(Kind kind, const QString &name, const PresetOptions &options)
{
    if (auto valid = validateName(name); !valid) {
        return std::unexpected(valid.error());
    }
    if (const QStringList unused = unusedPresetOptions(kind, options); !unused.isEmpty()) {
        return invalid(u"The %1 preset does not use --%2."_s.arg(kindName(kind), unused.join(u", --"_s)));
    }
    Registry registry;
    registry.name = name;
    registry.kind = kind;
    registry.username = defaultUsername(kind);

    std::expected<Registry, RegistryError> result;
    switch (kind) {
    case Kind::PyPI:
        registry.role = Role::Production;
        result = builtIn(registry, u"upload.pypi.org"_s, u"pypi.org"_s);
        break;
    case Kind::TestPyPI:
        registry.role = Role::Test;
        result = builtIn(registry, u"test.pypi.org"_s, u"test.pypi.org"_s);
        break;
    case Kind::GitLab:
        result = gitlab(registry, options);
        break;
    case Kind::CodeArtifact:
        result = codeArtifact(registry, options);
        break;
    case Kind::Nexus:
        result = nexus(registry, options);
        break;
    case Kind::Artifactory:
        result = artifactory(registry, options);
        break;
    case Kind::Custom:
        return invalid(u"There is no preset for custom registries: give the upload URL with --url."_s);
    }
    if (!result) {
        return result;
    }
    if (auto valid = validate(*result); !valid) {
        return std::unexpected(valid.error());
    }
    return result;
}

} // namespace Registry
