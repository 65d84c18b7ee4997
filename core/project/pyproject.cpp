// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/pyproject.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSet>

#include "core/metadata/licenseexpression.h"
#include "core/metadata/name.h"
#include "core/metadata/requirement.h"
#include "core/metadata/version.h"
#include "core/project/projectreader_p.h"
#include "core/project/tomlparse_p.h"
#include "core/project/tomlsource.h"
#include "core/project/unifieddiff.h"
#include "core/util/atomicfile.h"

namespace Project {

namespace {

std::unexpected<ProjectError> failure(ProjectError::Code code, const QString &message)
{
    return std::unexpected(ProjectError{code, message});
}

QByteArray sha256(const QByteArray &content)
{
    return QCryptographicHash::hash(content, QCryptographicHash::Sha256);
}

QString readTextFile(const QString &path, qsizetype limit = 16 * 1024 * 1024)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > limit) {
        return {};
    }
    return QString::fromUtf8(file.readAll());
}

bool setupCfgHasMetadata(const QString &path)
{
    const QString text = readTextFile(path, 1024 * 1024);
    for (const QString &line : text.split(u'\n')) {
        if (line.trimmed() == u"[metadata]") {
            return true;
        }
    }
    return false;
}

QString joinPeople(const QList<Person> &people, bool withEmail)
{
    QStringList parts;
    for (const Person &person : people) {
        if (withEmail && !person.email.isEmpty()) {
            parts.append(person.name.isEmpty() ? person.email
                                               : QStringLiteral("%1 <%2>").arg(person.name, person.email));
        } else if (!withEmail && !person.name.isEmpty() && person.email.isEmpty()) {
            parts.append(person.name);
        }
    }
    return parts.join(QStringLiteral(", "));
}

QString requirementText(const QString &text)
{
    const auto requirement = Metadata::Requirement::parse(text);
    return requirement ? requirement->toString() : text;
}

QString extraRequirement(const QString &text, const QString &extra)
{
    const QString marker = QStringLiteral("extra == \"%1\"").arg(extra);
    const auto requirement = Metadata::Requirement::parse(text);
    if (!requirement) {
        return text + QStringLiteral("; ") + marker;
    }
    const QString full = requirement->toString();
    if (!requirement->marker()) {
        return full + QStringLiteral("; ") + marker;
    }
    const QString existing = requirement->marker()->toString();
    const QString base = full.left(full.size() - existing.size()).trimmed();
    return base + QStringLiteral(" (") + existing + QStringLiteral(") and ") + marker;
}

} // namespace

const QStringList &PyProject::projectKeyOrder()
{
    static const QStringList order = {
        QStringLiteral("name"),          QStringLiteral("version"),         QStringLiteral("description"),
        QStringLiteral("readme"),        QStringLiteral("requires-python"), QStringLiteral("license"),
        QStringLiteral("license-files"), QStringLiteral("authors"),         QStringLiteral("maintainers"),
        QStringLiteral("keywords"),      QStringLiteral("classifiers"),     QStringLiteral("dependencies"),
        QStringLiteral("optional-dependencies"), QStringLiteral("urls"),    QStringLiteral("scripts"),
        QStringLiteral("gui-scripts"),   QStringLiteral("entry-points"),    QStringLiteral("import-names"),
        QStringLiteral("import-namespaces"), QStringLiteral("dynamic")};
    return order;
}

std::expected<PyProject, ProjectError> PyProject::load(const QString &path)
{
    const QFileInfo info(path);
    const QString filePath = info.isDir() ? QDir(path).filePath(QStringLiteral("pyproject.toml")) : path;
    const QString directory = QFileInfo(filePath).absolutePath();
    QFile file(filePath);
    if (!file.exists()) {
        if (QFileInfo::exists(QDir(directory).filePath(QStringLiteral("setup.cfg"))) ||
            QFileInfo::exists(QDir(directory).filePath(QStringLiteral("setup.py")))) {
            PyProject project = fromContent({}, filePath);
            project.m_loadedHash.clear();
            return project;
        }
        return failure(ProjectError::Code::NotFound,
                       QStringLiteral("%1 does not exist (and there is no setup.cfg or setup.py next to it)")
                           .arg(QDir::toNativeSeparators(filePath)));
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return failure(ProjectError::Code::Unreadable,
                       QStringLiteral("cannot read %1: %2").arg(QDir::toNativeSeparators(filePath), file.errorString()));
    }
    if (file.size() > maxFileSize) {
        return failure(ProjectError::Code::Unreadable,
                       QStringLiteral("%1 is larger than %2 MiB; that is not a pyproject.toml")
                           .arg(QDir::toNativeSeparators(filePath))
                           .arg(maxFileSize / 1024 / 1024));
    }
    return fromContent(file.readAll(), filePath);
}

PyProject PyProject::fromContent(const QByteArray &content, const QString &filePath)
{
    PyProject project;
    project.m_filePath = filePath;
    project.m_content = content;
    project.m_loadedContent = content;
    project.m_loadedHash = sha256(content);
    project.analyse();
    return project;
}

QString PyProject::directory() const
{
    return m_filePath.isEmpty() ? QString() : QFileInfo(m_filePath).absolutePath();
}

void PyProject::analyse()
{
    m_findings.clear();
    m_metadata = {};
    m_buildSystem = {};
    m_readOnlyReason.clear();
    m_source = MetadataSource::Unknown;
    const QString label = m_filePath.isEmpty() ? QStringLiteral("pyproject.toml") : m_filePath;
    const QString dir = directory();
    const bool exists = !m_content.isEmpty() || (!m_filePath.isEmpty() && QFileInfo::exists(m_filePath));

    auto parsed = Detail::parseToml(m_content);
    if (!parsed) {
        Finding finding;
        finding.code = QStringLiteral("SW300");
        finding.message = QStringLiteral("pyproject.toml is not valid TOML: %1").arg(parsed.error().message);
        finding.hint = QStringLiteral("fix the syntax at this position");
        finding.file = label;
        finding.line = parsed.error().line;
        finding.column = parsed.error().column;
        m_findings.append(finding);
        m_source = MetadataSource::PyProject;
        m_readOnlyReason = QStringLiteral("pyproject.toml is not valid TOML (line %1, column %2); fix it before editing")
                               .arg(parsed.error().line)
                               .arg(parsed.error().column);
        return;
    }
    Detail::ReadResult result = Detail::readProject(*parsed, label, dir);
    m_metadata = std::move(result.metadata);
    m_buildSystem = std::move(result.buildSystem);
    m_findings = std::move(result.findings);

    if (m_metadata.present) {
        m_source = MetadataSource::PyProject;
        if (auto layout = Toml::Source::lex(m_content); !layout) {
            m_readOnlyReason =
                QStringLiteral("Slipway cannot follow the layout of this file (%1), so it will not edit it")
                    .arg(layout.error().message);
        }
        return;
    }
    const toml::node *poetry = Detail::nodeAt(*parsed, {QStringLiteral("tool"), QStringLiteral("poetry")});
    const bool hasSetupCfg = !dir.isEmpty() && setupCfgHasMetadata(QDir(dir).filePath(QStringLiteral("setup.cfg")));
    const bool hasSetupPy = !dir.isEmpty() && QFileInfo::exists(QDir(dir).filePath(QStringLiteral("setup.py")));
    if (poetry && poetry->is_table()) {
        m_source = MetadataSource::Poetry;
        m_readOnlyReason = QStringLiteral(
            "the metadata is in [tool.poetry] (Poetry 1 style), not in a [project] table. Slipway shows it but "
            "does not write it; Poetry 2 reads [project], so moving the metadata there makes it editable here");
        // Show the basics from [tool.poetry].
        const toml::table &table = *poetry->as_table();
        if (auto name = table["name"].value<std::string>()) {
            m_metadata.name = Detail::toQString(*name);
        }
        if (auto version = table["version"].value<std::string>()) {
            m_metadata.version = Detail::toQString(*version);
        }
        if (auto description = table["description"].value<std::string>()) {
            m_metadata.description = Detail::toQString(*description);
        }
    } else if (hasSetupCfg) {
        m_source = MetadataSource::SetupCfg;
        m_readOnlyReason = QStringLiteral(
            "the metadata is in setup.cfg [metadata]. Slipway reads the built metadata but does not edit setup.cfg; "
            "move it to a [project] table in pyproject.toml (PEP 621) to edit it here");
    } else if (hasSetupPy) {
        m_source = MetadataSource::SetupPy;
        m_readOnlyReason = QStringLiteral(
            "the metadata is computed by setup.py, which Slipway never rewrites; move it to a [project] table in "
            "pyproject.toml (PEP 621) to edit it here");
    } else {
        m_source = MetadataSource::Unknown;
        m_readOnlyReason = exists ? QStringLiteral("pyproject.toml has no [project] table; add one (PEP 621) to "
                                                   "describe the project")
                                  : QStringLiteral("there is no pyproject.toml");
    }
    // Without [project], the build-system notes are noise next to the main message.
    m_findings.removeIf([](const Finding &finding) { return finding.code == u"SW335"; });
    Finding finding;
    finding.code = QStringLiteral("SW301");
    finding.severity = Finding::Severity::Info;
    finding.message = m_readOnlyReason;
    finding.file = label;
    m_findings.prepend(finding);
}

Metadata::CoreMetadata PyProject::coreMetadata() const
{
    Metadata::CoreMetadata core;
    const ProjectMetadata &m = m_metadata;
    core.set(QStringLiteral("Metadata-Version"), m.importNames.isEmpty() && m.importNamespaces.isEmpty()
                                                     ? QStringLiteral("2.4")
                                                     : QStringLiteral("2.5"));
    if (!m.name.isEmpty()) {
        core.set(QStringLiteral("Name"), m.name);
    }
    if (m.version) {
        const auto version = Metadata::Version::parse(*m.version);
        core.set(QStringLiteral("Version"), version ? version->toString() : *m.version);
    }
    if (m.description) {
        core.set(QStringLiteral("Summary"), *m.description);
    }
    const QDir dir(directory());
    if (m.readme.kind == Readme::Kind::File) {
        core.setDescription(readTextFile(dir.filePath(m.readme.file)));
    } else if (m.readme.kind == Readme::Kind::Text) {
        core.setDescription(m.readme.text);
    }
    if (m.readme.kind != Readme::Kind::None && !m.readme.contentType.isEmpty()) {
        core.set(QStringLiteral("Description-Content-Type"), m.readme.contentType);
    }
    if (m.requiresPython) {
        core.set(QStringLiteral("Requires-Python"), *m.requiresPython);
    }
    const QString authors = joinPeople(m.authors, false);
    const QString authorEmails = joinPeople(m.authors, true);
    const QString maintainers = joinPeople(m.maintainers, false);
    const QString maintainerEmails = joinPeople(m.maintainers, true);
    if (!authors.isEmpty()) {
        core.set(QStringLiteral("Author"), authors);
    }
    if (!authorEmails.isEmpty()) {
        core.set(QStringLiteral("Author-email"), authorEmails);
    }
    if (!maintainers.isEmpty()) {
        core.set(QStringLiteral("Maintainer"), maintainers);
    }
    if (!maintainerEmails.isEmpty()) {
        core.set(QStringLiteral("Maintainer-email"), maintainerEmails);
    }
    switch (m.license.kind) {
    case License::Kind::Expression: {
        const auto expression = Metadata::LicenseExpression::parse(m.license.expression);
        core.set(QStringLiteral("License-Expression"), expression ? expression->canonical() : m.license.expression);
        break;
    }
    case License::Kind::LegacyText:
        core.set(QStringLiteral("License"), m.license.text);
        break;
    case License::Kind::LegacyFile:
        core.set(QStringLiteral("License"), readTextFile(dir.filePath(m.license.file)));
        break;
    case License::Kind::None:
        break;
    }
    if (!m.isDynamic(QStringLiteral("license-files")) && !directory().isEmpty() &&
        m.license.kind != License::Kind::LegacyFile && m.license.kind != License::Kind::LegacyText) {
        // Without license-files, setuptools and hatchling use these globs (PEP 639's suggestion).
        const QStringList patterns = m.licenseFiles.value_or(
            QStringList{QStringLiteral("LICEN[CS]E*"), QStringLiteral("COPYING*"), QStringLiteral("NOTICE*"),
                        QStringLiteral("AUTHORS*")});
        QStringList files;
        for (const QString &pattern : patterns) {
            for (const QString &file : Detail::matchLicenseFiles(directory(), pattern)) {
                if (!files.contains(file)) {
                    files.append(file);
                }
            }
        }
        for (const QString &file : std::as_const(files)) {
            core.add(QStringLiteral("License-File"), file);
        }
    }
    if (!m.keywords.isEmpty()) {
        core.set(QStringLiteral("Keywords"), m.keywords.join(u','));
    }
    for (const QString &classifier : m.classifiers) {
        core.add(QStringLiteral("Classifier"), classifier);
    }
    for (const auto &[label, url] : m.urls) {
        core.add(QStringLiteral("Project-URL"), label + QStringLiteral(", ") + url);
    }
    for (const QString &dependency : m.dependencies) {
        core.add(QStringLiteral("Requires-Dist"), requirementText(dependency));
    }
    for (const auto &[extra, requirements] : m.optionalDependencies) {
        const QString normalized = Metadata::normalizeName(extra);
        core.add(QStringLiteral("Provides-Extra"), normalized);
        for (const QString &requirement : requirements) {
            core.add(QStringLiteral("Requires-Dist"), extraRequirement(requirement, normalized));
        }
    }
    for (const QString &name : m.importNames) {
        core.add(QStringLiteral("Import-Name"), name);
    }
    for (const QString &name : m.importNamespaces) {
        core.add(QStringLiteral("Import-Namespace"), name);
    }
    return core;
}

QJsonObject PyProject::toJson() const
{
    QJsonObject object;
    object.insert(QStringLiteral("file"), m_filePath);
    static const char *const sources[] = {"pyproject", "poetry", "setup.cfg", "setup.py", "unknown"};
    object.insert(QStringLiteral("metadataSource"), QLatin1StringView(sources[int(m_source)]));
    object.insert(QStringLiteral("readOnly"), isReadOnly());
    if (isReadOnly()) {
        object.insert(QStringLiteral("readOnlyReason"), m_readOnlyReason);
    }
    object.insert(QStringLiteral("project"), m_metadata.toJson());
    object.insert(QStringLiteral("buildSystem"), m_buildSystem.toJson());
    if (m_metadata.present || m_source == MetadataSource::Poetry) {
        object.insert(QStringLiteral("coreMetadata"), coreMetadata().toJson());
    }
    QJsonArray findings;
    for (const Finding &finding : m_findings) {
        findings.append(finding.toJson());
    }
    object.insert(QStringLiteral("findings"), findings);
    return object;
}

std::expected<QStringList, QString> PyProject::parseKey(const QString &key)
{
    QString text = key.trimmed();
    if (text.startsWith(QStringLiteral("project."))) {
        text = text.mid(8);
    }
    if (text.isEmpty()) {
        return std::unexpected(QStringLiteral("no key given"));
    }
    QStringList path;
    if (text.contains(u'"') || text.contains(u'\'')) {
        // Quoted parts, as TOML writes them: urls."Release notes".
        const auto source = Toml::Source::lex(text.toUtf8() + " = 0\n");
        if (!source || source->tables().front().entries.size() != 1) {
            return std::unexpected(QStringLiteral("\"%1\" is not a valid TOML key").arg(key));
        }
        path = source->tables().front().entries.front().key;
    } else {
        const QString head = text.section(u'.', 0, 0);
        const QString rest = text.section(u'.', 1);
        path.append(head);
        if (head == u"entry-points" && !rest.isEmpty()) {
            // Group names often have dots ("myapp.plugins"), entry point names rarely do.
            if (rest.contains(u'.')) {
                path.append(rest.section(u'.', 0, -2));
                path.append(rest.section(u'.', -1));
            } else {
                path.append(rest);
            }
        } else if ((head == u"urls" || head == u"scripts" || head == u"gui-scripts" ||
                    head == u"optional-dependencies") &&
                   !rest.isEmpty()) {
            path.append(rest); // labels may contain dots and spaces
        } else if (!rest.isEmpty()) {
            path += rest.split(u'.');
        }
    }
    if (!projectKeyOrder().contains(path.front())) {
        return std::unexpected(QStringLiteral("\"%1\" is not a [project] key (known: %2)")
                                   .arg(path.front(), projectKeyOrder().join(QStringLiteral(", "))));
    }
    for (const QString &part : std::as_const(path)) {
        if (part.isEmpty()) {
            return std::unexpected(QStringLiteral("\"%1\" has an empty part").arg(key));
        }
    }
    return path;
}

PyProject::KeyKind PyProject::keyKind(const QStringList &key)
{
    static const QSet<QString> strings = {QStringLiteral("name"), QStringLiteral("version"),
                                          QStringLiteral("description"), QStringLiteral("readme"),
                                          QStringLiteral("requires-python"), QStringLiteral("license")};
    static const QSet<QString> lists = {QStringLiteral("keywords"),      QStringLiteral("classifiers"),
                                        QStringLiteral("dependencies"),  QStringLiteral("license-files"),
                                        QStringLiteral("dynamic"),       QStringLiteral("import-names"),
                                        QStringLiteral("import-namespaces")};
    if (key.isEmpty()) {
        return KeyKind::NotEditable;
    }
    const QString &head = key.front();
    if (key.size() == 1) {
        return strings.contains(head) ? KeyKind::String : lists.contains(head) ? KeyKind::StringList : KeyKind::NotEditable;
    }
    if (key.size() == 2) {
        if (head == u"urls" || head == u"scripts" || head == u"gui-scripts") {
            return KeyKind::String;
        }
        if (head == u"optional-dependencies") {
            return KeyKind::StringList;
        }
        if (head == u"readme" && (key.at(1) == u"file" || key.at(1) == u"text" || key.at(1) == u"content-type")) {
            return KeyKind::String;
        }
        if (head == u"license" && (key.at(1) == u"file" || key.at(1) == u"text")) {
            return KeyKind::String;
        }
    }
    if (key.size() == 3 && head == u"entry-points") {
        return KeyKind::String;
    }
    return KeyKind::NotEditable;
}

std::expected<PyProject, ProjectError> PyProject::applied(TomlEdit edit) const
{
    if (isReadOnly()) {
        return failure(ProjectError::Code::ReadOnly, m_readOnlyReason);
    }
    if (edit.path.size() == 1) {
        edit.siblingOrder = projectKeyOrder();
    }
    edit.path.prepend(QStringLiteral("project"));
    auto text = TomlEditor::apply(m_content, edit);
    if (!text) {
        return failure(ProjectError::Code::EditRefused, text.error().message);
    }
    PyProject result = *this;
    result.m_content = *text;
    result.analyse();
    return result;
}

namespace {

std::expected<QStringList, ProjectError> editableKey(const QString &key, PyProject::KeyKind wanted)
{
    auto path = PyProject::parseKey(key);
    if (!path) {
        return failure(ProjectError::Code::InvalidKey, path.error());
    }
    const PyProject::KeyKind kind = PyProject::keyKind(*path);
    if (kind != wanted) {
        QString message;
        if (kind == PyProject::KeyKind::StringList) {
            message = QStringLiteral("%1 is a list: give all values as a JSON array, or add/remove one element").arg(key);
        } else if (kind == PyProject::KeyKind::String) {
            message = QStringLiteral("%1 holds one string, not a list").arg(key);
        } else {
            message = QStringLiteral("%1 is a table; edit one of its keys (e.g. urls.Homepage) or edit it by hand")
                          .arg(key);
        }
        return failure(ProjectError::Code::InvalidKey, message);
    }
    return *path;
}

} // namespace

std::expected<PyProject, ProjectError> PyProject::set(const QString &key, const QString &value) const
{
    auto path = editableKey(key, KeyKind::String);
    if (!path) {
        return std::unexpected(path.error());
    }
    if (*path == QStringList{QStringLiteral("version")}) {
        if (const auto version = Metadata::Version::parse(value); !version) {
            return failure(ProjectError::Code::InvalidValue,
                           QStringLiteral("\"%1\" is not a PEP 440 version: %2").arg(value, version.error()));
        }
    }
    if (*path == QStringList{QStringLiteral("name")} && !Metadata::isValidName(value)) {
        return failure(ProjectError::Code::InvalidValue, QStringLiteral("\"%1\" is not a valid project name").arg(value));
    }
    return applied(TomlEdit::setString(*path, value));
}

std::expected<PyProject, ProjectError> PyProject::setList(const QString &key, const QStringList &values) const
{
    auto path = editableKey(key, KeyKind::StringList);
    if (!path) {
        return std::unexpected(path.error());
    }
    return applied(TomlEdit::setStringArray(*path, values));
}

std::expected<PyProject, ProjectError> PyProject::add(const QString &key, const QString &value) const
{
    auto path = editableKey(key, KeyKind::StringList);
    if (!path) {
        return std::unexpected(path.error());
    }
    return applied(TomlEdit::addString(*path, value));
}

std::expected<PyProject, ProjectError> PyProject::removeElement(const QString &key, const QString &value) const
{
    auto path = editableKey(key, KeyKind::StringList);
    if (!path) {
        return std::unexpected(path.error());
    }
    return applied(TomlEdit::removeString(*path, value));
}

std::expected<PyProject, ProjectError> PyProject::setPeople(const QString &key, const QList<Person> &people) const
{
    if (key != u"authors" && key != u"maintainers") {
        return failure(ProjectError::Code::InvalidKey,
                       QStringLiteral("%1 does not list people; use authors or maintainers").arg(key));
    }
    QList<TomlEdit::StringTable> tables;
    for (const Person &person : people) {
        TomlEdit::StringTable table;
        if (!person.name.trimmed().isEmpty()) {
            table.append({QStringLiteral("name"), person.name.trimmed()});
        }
        if (!person.email.trimmed().isEmpty()) {
            table.append({QStringLiteral("email"), person.email.trimmed()});
        }
        if (table.isEmpty()) {
            return failure(ProjectError::Code::InvalidValue,
                           QStringLiteral("each of the %1 needs a name or an email address").arg(key));
        }
        tables.append(table);
    }
    return applied(TomlEdit::setTableArray({key}, tables));
}

std::expected<PyProject, ProjectError> PyProject::unset(const QString &key) const
{
    auto path = parseKey(key);
    if (!path) {
        return failure(ProjectError::Code::InvalidKey, path.error());
    }
    return applied(TomlEdit::remove(*path));
}

std::expected<PyProject, ProjectError> PyProject::bumpVersion(BumpPart part) const
{
    if (isReadOnly()) {
        return failure(ProjectError::Code::ReadOnly, m_readOnlyReason);
    }
    if (!m_metadata.version) {
        if (m_metadata.isDynamic(QStringLiteral("version"))) {
            return failure(ProjectError::Code::InvalidValue,
                           QStringLiteral("the version is dynamic: the build backend computes it (from a git tag or a "
                                          "__version__ attribute, see [tool.*]); bump it there"));
        }
        return failure(ProjectError::Code::InvalidValue, QStringLiteral("[project] has no version to bump"));
    }
    const auto version = Metadata::Version::parse(*m_metadata.version);
    if (!version) {
        return failure(ProjectError::Code::InvalidValue,
                       QStringLiteral("the current version \"%1\" is not PEP 440 (%2); set one explicitly")
                           .arg(*m_metadata.version, version.error()));
    }
    const auto bumped = Project::bumpVersion(*version, part);
    if (!bumped) {
        return failure(ProjectError::Code::InvalidValue, bumped.error());
    }
    return applied(TomlEdit::setString({QStringLiteral("version")}, bumped->toString()));
}

QByteArray PyProject::diff() const
{
    const QString name = QFileInfo(m_filePath.isEmpty() ? QStringLiteral("pyproject.toml") : m_filePath).fileName();
    return unifiedDiff(m_loadedContent, m_content, QStringLiteral("a/") + name, QStringLiteral("b/") + name);
}

std::expected<void, ProjectError> PyProject::save()
{
    if (isReadOnly()) {
        return failure(ProjectError::Code::ReadOnly, m_readOnlyReason);
    }
    const QString shown = QDir::toNativeSeparators(m_filePath);
    QFile file(m_filePath);
    QByteArray onDisk;
    bool exists = file.exists();
    if (exists) {
        if (!file.open(QIODevice::ReadOnly)) {
            return failure(ProjectError::Code::WriteFailed, QStringLiteral("cannot read %1: %2").arg(shown, file.errorString()));
        }
        onDisk = file.readAll();
        file.close();
    }
    if ((exists ? sha256(onDisk) : QByteArray()) != m_loadedHash) {
        return failure(ProjectError::Code::ExternalChange,
                       QStringLiteral("%1 changed on disk since it was loaded; reload it and apply the change again")
                           .arg(shown));
    }
    if (auto written = Util::writeFileAtomically(m_filePath, m_content); !written) {
        return failure(ProjectError::Code::WriteFailed, written.error());
    }
    m_loadedContent = m_content;
    m_loadedHash = sha256(m_content);
    return {};
}

} // namespace Project
