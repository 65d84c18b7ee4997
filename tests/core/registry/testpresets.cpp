// SPDX-License-Identifier: GPL-3.0-or-later
// Registry URLs: what is accepted and refused, and the URLs every preset fills in.
#include <QTest>

#include "core/registry/credentials.h"
#include "core/registry/presets.h"
#include "core/registry/registry.h"

using namespace Qt::StringLiterals;
using Registry::Kind;
using Registry::RegistryError;

namespace {

// NAME=value rows of a data-driven test, as an environment.
QProcessEnvironment environmentOf(const QStringList &variables)
{
    QProcessEnvironment environment;
    for (const QString &variable : variables) {
        environment.insert(variable.section(u'=', 0, 0), variable.section(u'=', 1));
    }
    return environment;
}

} // namespace

class TestPresets final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void urls_data();
    void urls();
    void names_data();
    void names();
    void presets_data();
    void presets();
    void presetErrors_data();
    void presetErrors();
    void validateRefusesSimpleUrlAsUpload();
    void guessKind_data();
    void guessKind();
    void credentialKeyKeepsUsersApart();
    void environmentCredential_data();
    void environmentCredential();
    void environmentRegistry();
    void secretVariable_data();
    void secretVariable();
    void separateSecrets_data();
    void separateSecrets();
};

void TestPresets::urls_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("canonical");     // when accepted
    QTest::addColumn<QString>("messagePart");   // when refused

    QTest::addRow("https") << u"https://upload.pypi.org/legacy/"_s << true << u"https://upload.pypi.org/legacy/"_s
                           << QString();
    QTest::addRow("case and default port") << u"HTTPS://Upload.PyPI.org:443/legacy/"_s << true
                                           << u"https://upload.pypi.org/legacy/"_s << QString();
    QTest::addRow("other port kept") << u"https://nexus.example.com:8443/repository/py/"_s << true
                                     << u"https://nexus.example.com:8443/repository/py/"_s << QString();
    QTest::addRow("empty path") << u"https://pypi.example.com"_s << true << u"https://pypi.example.com/"_s
                                << QString();
    QTest::addRow("whitespace trimmed") << u"  https://example.com/x/ \n"_s << true << u"https://example.com/x/"_s
                                        << QString();
    QTest::addRow("http localhost") << u"http://localhost:8080/"_s << true << u"http://localhost:8080/"_s
                                    << QString();
    QTest::addRow("http 127.0.0.1") << u"http://127.0.0.1:3141/root/dev/"_s << true
                                    << u"http://127.0.0.1:3141/root/dev/"_s << QString();
    QTest::addRow("http 127.8.9.10") << u"http://127.8.9.10/"_s << true << u"http://127.8.9.10/"_s << QString();
    QTest::addRow("http ::1") << u"http://[::1]:8080/"_s << true << u"http://[::1]:8080/"_s << QString();
    QTest::addRow("http default port dropped") << u"http://localhost:80/"_s << true << u"http://localhost/"_s
                                               << QString();
    QTest::addRow("empty userinfo dropped") << u"http://@localhost:8080"_s << true << u"http://localhost:8080/"_s
                                            << QString();
    QTest::addRow("http sub.localhost") << u"http://pypi.localhost/"_s << true << u"http://pypi.localhost/"_s
                                        << QString();

    QTest::addRow("http remote") << u"http://pypi.example.com/"_s << false << QString() << u"unencrypted"_s;
    QTest::addRow("http 128.0.0.1") << u"http://128.0.0.1/"_s << false << QString() << u"loopback"_s;
    QTest::addRow("http localhost.evil.com") << u"http://localhost.evil.com/"_s << false << QString()
                                             << u"unencrypted"_s;
    QTest::addRow("http 0.0.0.0") << u"http://0.0.0.0/"_s << false << QString() << u"unencrypted"_s;
    QTest::addRow("ftp") << u"ftp://example.com/"_s << false << QString() << u"must start with https://"_s;
    QTest::addRow("file") << u"file:///tmp/index"_s << false << QString() << u"not an absolute URL"_s;
    QTest::addRow("relative") << u"/legacy/"_s << false << QString() << u"not an absolute URL"_s;
    QTest::addRow("no host") << u"https:///legacy/"_s << false << QString() << u"not an absolute URL"_s;
    QTest::addRow("empty") << u""_s << false << QString() << u"empty"_s;
    QTest::addRow("userinfo") << u"https://alice:s3cr3t@example.com/"_s << false << QString()
                              << u"contains a user name or password"_s;
    QTest::addRow("fragment") << u"https://example.com/legacy/#x"_s << false << QString() << u"fragment"_s;
    QTest::addRow("bad host") << u"https://exa mple.com/"_s << false << QString() << u"not an absolute URL"_s;
}

void TestPresets::urls()
{
    QFETCH(QString, input);
    QFETCH(bool, accepted);
    QFETCH(QString, canonical);
    QFETCH(QString, messagePart);
    const auto url = Registry::parseUrl(input, u"upload URL"_s);
    QCOMPARE(url.has_value(), accepted);
    if (accepted) {
        QCOMPARE(Registry::urlText(*url), canonical);
        QCOMPARE(Registry::parseUrl(Registry::urlText(*url), u"upload URL"_s).value_or(QUrl()), *url);
    } else {
        QVERIFY2(url.error().message.contains(messagePart), qPrintable(url.error().message));
        QVERIFY2(url.error().message.contains(u"upload URL"_s), qPrintable(url.error().message));
        // A password in the URL is never repeated.
        QVERIFY2(!url.error().message.contains(u"s3cr3t"_s), qPrintable(url.error().message));
    }
}

void TestPresets::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::addRow("simple") << u"pypi"_s << true;
    QTest::addRow("dots dashes") << u"corp.nexus-prod_2"_s << true;
    QTest::addRow("digit first") << u"1st"_s << true;
    QTest::addRow("64 chars") << QString(64, u'a') << true;
    QTest::addRow("65 chars") << QString(65, u'a') << false;
    QTest::addRow("empty") << QString() << false;
    QTest::addRow("space") << u"my registry"_s << false;
    QTest::addRow("bracket") << u"py]pi"_s << false;
    QTest::addRow("leading dash") << u"-pypi"_s << false;
    QTest::addRow("non-ascii") << u"pypï"_s << false;
    QTest::addRow("newline") << u"a\nb"_s << false;
}

void TestPresets::names()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(Registry::validateName(name).has_value(), valid);
}

void TestPresets::presets_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<Registry::PresetOptions>("options");
    QTest::addColumn<QString>("upload");
    QTest::addColumn<QString>("simple");
    QTest::addColumn<QString>("web");
    QTest::addColumn<QString>("username");
    QTest::addColumn<Registry::Role>("role");

    QTest::addRow("pypi") << Kind::PyPI << Registry::PresetOptions{} << u"https://upload.pypi.org/legacy/"_s
                          << u"https://pypi.org/simple/"_s << u"https://pypi.org/project/"_s << u"__token__"_s
                          << Registry::Role::Production;
    QTest::addRow("testpypi") << Kind::TestPyPI << Registry::PresetOptions{} << u"https://test.pypi.org/legacy/"_s
                              << u"https://test.pypi.org/simple/"_s << u"https://test.pypi.org/project/"_s
                              << u"__token__"_s << Registry::Role::Test;

    Registry::PresetOptions gitlabCom;
    gitlabCom.projectId = u"278964"_s;
    QTest::addRow("gitlab.com project")
        << Kind::GitLab << gitlabCom << u"https://gitlab.com/api/v4/projects/278964/packages/pypi"_s
        << u"https://gitlab.com/api/v4/projects/278964/packages/pypi/simple"_s << QString() << u"__token__"_s
        << Registry::Role::None;

    Registry::PresetOptions selfHosted;
    selfHosted.host = u"git.example.org"_s;
    selfHosted.projectId = u"group/sub/project"_s;
    QTest::addRow("gitlab project path")
        << Kind::GitLab << selfHosted
        << u"https://git.example.org/api/v4/projects/group%2Fsub%2Fproject/packages/pypi"_s
        << u"https://git.example.org/api/v4/projects/group%2Fsub%2Fproject/packages/pypi/simple"_s << QString()
        << u"__token__"_s << Registry::Role::None;

    Registry::PresetOptions withGroup;
    withGroup.host = u"https://example.org/gitlab/"_s;
    withGroup.projectId = u"12"_s;
    withGroup.groupId = u"34"_s;
    QTest::addRow("gitlab relative root with group")
        << Kind::GitLab << withGroup << u"https://example.org/gitlab/api/v4/projects/12/packages/pypi"_s
        << u"https://example.org/gitlab/api/v4/groups/34/-/packages/pypi/simple"_s << QString() << u"__token__"_s
        << Registry::Role::None;

    Registry::PresetOptions localGitlab;
    localGitlab.host = u"http://localhost:8929"_s;
    localGitlab.projectId = u"5"_s;
    QTest::addRow("gitlab on loopback http")
        << Kind::GitLab << localGitlab << u"http://localhost:8929/api/v4/projects/5/packages/pypi"_s
        << u"http://localhost:8929/api/v4/projects/5/packages/pypi/simple"_s << QString() << u"__token__"_s
        << Registry::Role::None;

    Registry::PresetOptions codeArtifact;
    codeArtifact.domain = u"acme"_s;
    codeArtifact.owner = u"123456789012"_s;
    codeArtifact.region = u"eu-west-1"_s;
    codeArtifact.repository = u"python-internal"_s;
    QTest::addRow("codeartifact")
        << Kind::CodeArtifact << codeArtifact
        << u"https://acme-123456789012.d.codeartifact.eu-west-1.amazonaws.com/pypi/python-internal/"_s
        << u"https://acme-123456789012.d.codeartifact.eu-west-1.amazonaws.com/pypi/python-internal/simple/"_s
        << QString() << u"aws"_s << Registry::Role::None;

    Registry::PresetOptions nexus;
    nexus.baseUrl = u"https://nexus.example.com/"_s;
    nexus.repository = u"pypi-hosted"_s;
    QTest::addRow("nexus") << Kind::Nexus << nexus << u"https://nexus.example.com/repository/pypi-hosted/"_s
                           << u"https://nexus.example.com/repository/pypi-hosted/simple/"_s << QString() << QString()
                           << Registry::Role::None;

    Registry::PresetOptions nexusContext;
    nexusContext.baseUrl = u"nexus.example.com/nexus"_s;
    nexusContext.repository = u"py"_s;
    QTest::addRow("nexus context path, no scheme")
        << Kind::Nexus << nexusContext << u"https://nexus.example.com/nexus/repository/py/"_s
        << u"https://nexus.example.com/nexus/repository/py/simple/"_s << QString() << QString()
        << Registry::Role::None;

    Registry::PresetOptions jfrog;
    jfrog.baseUrl = u"https://acme.jfrog.io"_s;
    jfrog.repository = u"pypi-local"_s;
    QTest::addRow("artifactory cloud") << Kind::Artifactory << jfrog
                                       << u"https://acme.jfrog.io/artifactory/api/pypi/pypi-local"_s
                                       << u"https://acme.jfrog.io/artifactory/api/pypi/pypi-local/simple"_s
                                       << QString() << QString() << Registry::Role::None;

    Registry::PresetOptions selfHostedArtifactory;
    selfHostedArtifactory.baseUrl = u"https://repo.example.com/artifactory/"_s;
    selfHostedArtifactory.repository = u"py"_s;
    QTest::addRow("artifactory base already /artifactory")
        << Kind::Artifactory << selfHostedArtifactory << u"https://repo.example.com/artifactory/api/pypi/py"_s
        << u"https://repo.example.com/artifactory/api/pypi/py/simple"_s << QString() << QString()
        << Registry::Role::None;
}

void TestPresets::presets()
{
    QFETCH(Kind, kind);
    QFETCH(Registry::PresetOptions, options);
    QFETCH(QString, upload);
    QFETCH(QString, simple);
    QFETCH(QString, web);
    QFETCH(QString, username);
    QFETCH(Registry::Role, role);
    const auto registry = Registry::fromPreset(kind, u"reg"_s, options);
    QVERIFY2(registry.has_value(), registry ? "" : qPrintable(registry.error().message));
    QCOMPARE(registry->name, u"reg"_s);
    QCOMPARE(registry->kind, kind);
    QCOMPARE(Registry::urlText(registry->uploadUrl), upload);
    QCOMPARE(Registry::urlText(registry->simpleUrl), simple);
    QCOMPARE(registry->webUrl.isEmpty() ? QString() : Registry::urlText(registry->webUrl), web);
    QCOMPARE(registry->username, username);
    QCOMPARE(registry->role, role);
    QVERIFY(Registry::validate(*registry).has_value());
    // The kind is recognised again from the upload URL (used for .pypirc import), except for
    // kinds whose URLs have no telling shape.
    if (kind != Kind::Nexus) {
        QCOMPARE(Registry::guessKind(registry->uploadUrl), kind);
    }
}

void TestPresets::presetErrors_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<Registry::PresetOptions>("options");
    QTest::addColumn<RegistryError::Code>("code");
    QTest::addColumn<QString>("messagePart");

    QTest::addRow("gitlab without project") << Kind::GitLab << Registry::PresetOptions{}
                                            << RegistryError::Code::MissingOption << u"--project-id"_s;
    Registry::PresetOptions groupOnly;
    groupOnly.groupId = u"9"_s;
    QTest::addRow("gitlab group only") << Kind::GitLab << groupOnly << RegistryError::Code::MissingOption
                                       << u"uploads go to one of its projects"_s;
    Registry::PresetOptions badProject;
    badProject.projectId = u"../../etc"_s;
    QTest::addRow("gitlab bad project") << Kind::GitLab << badProject << RegistryError::Code::InvalidOption
                                        << u"neither a numeric GitLab ID"_s;
    Registry::PresetOptions httpGitlab;
    httpGitlab.host = u"http://git.example.org"_s;
    httpGitlab.projectId = u"1"_s;
    QTest::addRow("gitlab plain http remote") << Kind::GitLab << httpGitlab << RegistryError::Code::InsecureUrl
                                              << u"unencrypted"_s;
    Registry::PresetOptions shortOwner;
    shortOwner.domain = u"acme"_s;
    shortOwner.owner = u"1234"_s;
    shortOwner.region = u"eu-west-1"_s;
    shortOwner.repository = u"py"_s;
    QTest::addRow("codeartifact owner") << Kind::CodeArtifact << shortOwner << RegistryError::Code::InvalidOption
                                        << u"12 digits"_s;
    Registry::PresetOptions noRegion = shortOwner;
    noRegion.owner = u"123456789012"_s;
    noRegion.region.clear();
    QTest::addRow("codeartifact region missing") << Kind::CodeArtifact << noRegion
                                                 << RegistryError::Code::MissingOption << u"--region"_s;
    Registry::PresetOptions nexusNoRepository;
    nexusNoRepository.baseUrl = u"https://nexus.example.com"_s;
    QTest::addRow("nexus repository missing") << Kind::Nexus << nexusNoRepository
                                              << RegistryError::Code::MissingOption << u"--repository"_s;
    Registry::PresetOptions artifactoryNoBase;
    artifactoryNoBase.repository = u"py"_s;
    QTest::addRow("artifactory base missing") << Kind::Artifactory << artifactoryNoBase
                                              << RegistryError::Code::MissingOption << u"--base-url"_s;
    Registry::PresetOptions stray;
    stray.projectId = u"5"_s;
    QTest::addRow("pypi with --project-id") << Kind::PyPI << stray << RegistryError::Code::InvalidOption
                                            << u"does not use --project-id"_s;
    QTest::addRow("custom has no preset") << Kind::Custom << Registry::PresetOptions{}
                                          << RegistryError::Code::InvalidOption << u"--url"_s;
}

void TestPresets::presetErrors()
{
    QFETCH(Kind, kind);
    QFETCH(Registry::PresetOptions, options);
    QFETCH(RegistryError::Code, code);
    QFETCH(QString, messagePart);
    const auto registry = Registry::fromPreset(kind, u"reg"_s, options);
    QVERIFY(!registry.has_value());
    QCOMPARE(registry.error().code, code);
    QVERIFY2(registry.error().message.contains(messagePart), qPrintable(registry.error().message));
}

void TestPresets::validateRefusesSimpleUrlAsUpload()
{
    Registry::Registry registry;
    registry.name = u"wrong"_s;
    registry.uploadUrl = QUrl(u"https://pypi.org/simple/"_s);
    const auto simple = Registry::validate(registry);
    QVERIFY(!simple);
    QVERIFY2(simple.error().message.contains(u"simple index URL"_s), qPrintable(simple.error().message));

    registry.uploadUrl = QUrl(u"https://upload.pypi.org/legacy"_s);
    const auto slash = Registry::validate(registry);
    QVERIFY(!slash);
    QVERIFY2(slash.error().message.contains(u"trailing slash"_s), qPrintable(slash.error().message));
}

void TestPresets::guessKind_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<Kind>("kind");
    QTest::addRow("pypi") << u"https://upload.pypi.org/legacy/"_s << Kind::PyPI;
    QTest::addRow("testpypi") << u"https://test.pypi.org/legacy/"_s << Kind::TestPyPI;
    QTest::addRow("gitlab") << u"https://gitlab.com/api/v4/projects/1/packages/pypi"_s << Kind::GitLab;
    QTest::addRow("devpi") << u"http://localhost:3141/root/dev/"_s << Kind::Custom;
    QTest::addRow("pypiserver") << u"https://pypi.example.com/"_s << Kind::Custom;
}

void TestPresets::guessKind()
{
    QFETCH(QString, url);
    QFETCH(Kind, kind);
    QCOMPARE(Registry::guessKind(QUrl(url)), kind);
}

void TestPresets::credentialKeyKeepsUsersApart()
{
    const QUrl url(u"https://gitlab.example.org/api/v4/projects/7/packages/pypi"_s);
    QCOMPARE(Registry::credentialKey(url, u"alice"_s),
             u"alice at https://gitlab.example.org/api/v4/projects/7/packages/pypi"_s);
    QVERIFY(Registry::credentialKey(url, u"alice"_s) != Registry::credentialKey(url, u"bob"_s));
    QVERIFY(Registry::credentialKey(url, QString()) != Registry::credentialKey(url, u"__token__"_s));
}

void TestPresets::environmentCredential_data()
{
    QTest::addColumn<QStringList>("variables"); // NAME=value
    QTest::addColumn<int>("outcome");           // 0 none, 1 credential, 2 error
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("secret");

    QTest::addRow("nothing set") << QStringList{} << 0 << QString() << QString();
    QTest::addRow("username only") << QStringList{u"TWINE_USERNAME=me"_s} << 0 << QString() << QString();
    QTest::addRow("password gives __token__ default")
        << QStringList{u"TWINE_PASSWORD=pypi-abc"_s} << 1 << u"__token__"_s << u"pypi-abc"_s;
    QTest::addRow("username and password") << QStringList{u"TWINE_USERNAME=me"_s, u"TWINE_PASSWORD= pw \n"_s} << 1
                                           << u"me"_s << u"pw"_s;
    QTest::addRow("matching repository url")
        << QStringList{u"TWINE_PASSWORD=pw"_s, u"TWINE_REPOSITORY_URL=https://UPLOAD.pypi.org/legacy/"_s} << 1
        << u"__token__"_s << u"pw"_s;
    QTest::addRow("other repository url")
        << QStringList{u"TWINE_PASSWORD=s3cr3t-value"_s, u"TWINE_REPOSITORY_URL=https://test.pypi.org/legacy/"_s} << 2
        << QString() << QString();
    QTest::addRow("two-line password") << QStringList{u"TWINE_PASSWORD=a\nb"_s} << 2 << QString() << QString();
    QTest::addRow("own variable") << QStringList{u"SLIPWAY_TOKEN_PYPI= own \n"_s} << 1 << u"__token__"_s
                                  << u"own"_s;
    QTest::addRow("own variable before TWINE_PASSWORD")
        << QStringList{u"SLIPWAY_TOKEN_PYPI=own"_s, u"TWINE_PASSWORD=twine"_s, u"TWINE_USERNAME=me"_s} << 1
        << u"__token__"_s << u"own"_s;
    QTest::addRow("own variable ignores another repository url")
        << QStringList{u"SLIPWAY_TOKEN_PYPI=own"_s, u"TWINE_REPOSITORY_URL=https://test.pypi.org/legacy/"_s} << 1
        << u"__token__"_s << u"own"_s;
    QTest::addRow("another registry's variable") << QStringList{u"SLIPWAY_TOKEN_TESTPYPI=other"_s} << 0 << QString()
                                                 << QString();
    QTest::addRow("two-line own variable") << QStringList{u"SLIPWAY_TOKEN_PYPI=s3cr3t\nb"_s} << 2 << QString()
                                           << QString();
}

void TestPresets::environmentCredential()
{
    QFETCH(QStringList, variables);
    QFETCH(int, outcome);
    QFETCH(QString, username);
    QFETCH(QString, secret);
    const QProcessEnvironment environment = environmentOf(variables);
    const auto pypi = Registry::fromPreset(Kind::PyPI, u"pypi"_s, {});
    QVERIFY(pypi);
    const auto result = Registry::resolveCredential(*pypi, environment);
    QCOMPARE(result.has_value() ? (result->has_value() ? 1 : 0) : 2, outcome);
    if (outcome == 1) {
        QCOMPARE((*result)->username, username);
        QCOMPARE((*result)->secret, secret);
    }
    if (outcome == 2) {
        QVERIFY2(!result.error().message.contains(u"s3cr3t"_s), qPrintable(result.error().message));
    }
}

void TestPresets::environmentRegistry()
{
    QProcessEnvironment environment;
    QVERIFY(!Registry::registryFromEnvironment(environment).has_value());
    environment.insert(u"TWINE_REPOSITORY_URL"_s, u"https://gitlab.com/api/v4/projects/3/packages/pypi"_s);
    const auto registry = Registry::registryFromEnvironment(environment);
    QVERIFY(registry.has_value() && registry->has_value());
    QCOMPARE((*registry)->kind, Kind::GitLab);
    QCOMPARE((*registry)->username, u"__token__"_s);
    environment.insert(u"TWINE_REPOSITORY_URL"_s, u"http://pypi.example.com/"_s);
    const auto insecure = Registry::registryFromEnvironment(environment);
    QVERIFY(insecure.has_value() && !insecure->has_value());
    QCOMPARE((*insecure).error().code, RegistryError::Code::InsecureUrl);
}

void TestPresets::secretVariable_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("variable");
    QTest::addRow("plain") << u"pypi"_s << u"SLIPWAY_TOKEN_PYPI"_s;
    QTest::addRow("dash") << u"test-pypi"_s << u"SLIPWAY_TOKEN_TEST_PYPI"_s;
    QTest::addRow("dots and digits") << u"nexus.corp2"_s << u"SLIPWAY_TOKEN_NEXUS_CORP2"_s;
    QTest::addRow("mixed case") << u"GitLab_Main"_s << u"SLIPWAY_TOKEN_GITLAB_MAIN"_s;
}

void TestPresets::secretVariable()
{
    QFETCH(QString, name);
    QFETCH(QString, variable);
    Registry::Registry registry;
    registry.name = name;
    QCOMPARE(Registry::secretVariable(registry), variable);
}

void TestPresets::separateSecrets_data()
{
    QTest::addColumn<QStringList>("variables"); // NAME=value
    QTest::addColumn<bool>("refused");
    QTest::addRow("nothing set") << QStringList{} << false;
    QTest::addRow("one TWINE_PASSWORD for both") << QStringList{u"TWINE_PASSWORD=s3cr3t"_s} << true;
    QTest::addRow("each its own") << QStringList{u"SLIPWAY_TOKEN_PYPI=a"_s, u"SLIPWAY_TOKEN_TESTPYPI=b"_s} << false;
    QTest::addRow("test has its own, production takes TWINE_PASSWORD")
        << QStringList{u"TWINE_PASSWORD=s3cr3t"_s, u"SLIPWAY_TOKEN_TESTPYPI=b"_s} << false;
    QTest::addRow("pinned by TWINE_REPOSITORY_URL")
        << QStringList{u"TWINE_PASSWORD=s3cr3t"_s, u"TWINE_REPOSITORY_URL=https://upload.pypi.org/legacy/"_s}
        << false;
}

void TestPresets::separateSecrets()
{
    QFETCH(QStringList, variables);
    QFETCH(bool, refused);
    const QProcessEnvironment environment = environmentOf(variables);
    const auto test = Registry::fromPreset(Kind::TestPyPI, u"testpypi"_s, {});
    const auto production = Registry::fromPreset(Kind::PyPI, u"pypi"_s, {});
    QVERIFY(test && production);
    const auto result = Registry::requireSeparateSecrets(*test, *production, environment);
    QCOMPARE(!result.has_value(), refused);
    if (refused) {
        QCOMPARE(result.error().code, Registry::CredentialError::Code::SharedSecret);
        QVERIFY2(result.error().message.contains(u"SLIPWAY_TOKEN_TESTPYPI"_s)
                     && result.error().message.contains(u"SLIPWAY_TOKEN_PYPI"_s),
                 qPrintable(result.error().message));
        QVERIFY(!result.error().message.contains(u"s3cr3t"_s));
    }
    // The same registry twice is one registry, not two.
    QVERIFY(Registry::requireSeparateSecrets(*production, *production, environment));
}

QTEST_APPLESS_MAIN(TestPresets)
#include "testpresets.moc"
