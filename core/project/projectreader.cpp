// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/projectreader_p.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>

#include "core/metadata/classifiers.h"
#include "core/metadata/licenseexpression.h"
#include "core/metadata/name.h"
#include "core/metadata/requirement.h"
#include "core/metadata/specifier.h"
#include "core/metadata/version.h"

namespace Project::Detail {

namespace {

using Severity = Finding::Severity;

const QStringList &knownKeys()
{
    static const QStringList keys = {
        QStringLiteral("name"),          QStringLiteral("version"),         QStringLiteral("description"),
        QStringLiteral("readme"),        QStringLiteral("requires-python"), QStringLiteral("license"),
        QStringLiteral("license-files"), QStringLiteral("authors"),         QStringLiteral("maintainers"),
        QStringLiteral("keywords"),      QStringLiteral("classifiers"),     QStringLiteral("urls"),
        QStringLiteral("scripts"),       QStringLiteral("gui-scripts"),     QStringLiteral("entry-points"),
        QStringLiteral("dependencies"),  QStringLiteral("optional-dependencies"),
        QStringLiteral("import-names"),  QStringLiteral("import-namespaces"), QStringLiteral("dynamic")};
    return keys;
}

// Keys with one value: static and dynamic at once is always an error. The others are lists or
// tables, which PEP 808 lets a backend append to when also listed in dynamic.
bool isScalarKey(const QString &key)
{
    return key == u"name" || key == u"version" || key == u"description" || key == u"readme" ||
           key == u"requires-python" || key == u"license";
}

// Entries of a table in the order they are written.
std::vector<std::pair<QString, const toml::node *>> ordered(const toml::table &table)
{
    std::vector<std::pair<QString, const toml::node *>> entries;
    std::vector<toml::source_position> positions;
    for (auto &&[key, node] : table) {
        entries.emplace_back(toQString(key.str()), &node);
        positions.push_back(key.source().begin);
    }
    std::vector<size_t> order(entries.size());
    for (size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return std::pair(positions[a].line, positions[a].column) < std::pair(positions[b].line, positions[b].column);
    });
    std::vector<std::pair<QString, const toml::node *>> result;
    for (size_t i : order) {
        result.push_back(entries[i]);
    }
    return result;
}

QString quotedKey(const QString &key)
{
    static const QRegularExpression bare(QStringLiteral("^[A-Za-z0-9_-]+$"));
    if (bare.match(key).hasMatch()) {
        return key;
    }
    QString escaped = key;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
    return u'"' + escaped + u'"';
}

bool isValidEmail(const QString &email)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^[^@\s,<>"]+@[^@\s,<>"]+\.[^@\s,<>".]+$)"));
    return pattern.match(email).hasMatch();
}

bool isValidObjectReference(const QString &reference)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^\s*[A-Za-z_]\w*(\s*\.\s*[A-Za-z_]\w*)*\s*(:\s*[A-Za-z_]\w*(\s*\.\s*[A-Za-z_]\w*)*\s*)?$)"),
        QRegularExpression::UseUnicodePropertiesOption);
    return pattern.match(reference).hasMatch();
}

bool isValidScriptName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^[\w.-]+$)"), QRegularExpression::UseUnicodePropertiesOption);
    return pattern.match(name).hasMatch();
}

class Reader
{
public:
    Reader(const QString &fileLabel, const QString &directory)
        : m_file(fileLabel)
        , m_directory(directory)
    {
    }

    ReadResult read(const toml::table &root);

private:
    void add(const char *code, Severity severity, const QString &key, const toml::node *node, const QString &message,
             const QString &hint = {})
    {
        Finding finding;
        finding.code = QString::fromLatin1(code);
        finding.severity = severity;
        finding.message = message;
        finding.hint = hint;
        finding.file = m_file;
        finding.key = key;
        if (node && node->source().begin) {
            finding.line = int(node->source().begin.line);
            finding.column = int(node->source().begin.column);
        }
        m_result.findings.append(finding);
    }
    void wrongType(const QString &key, const toml::node *node, const QString &expected)
    {
        add("SW303", Severity::Error, key, node, QStringLiteral("%1 must be %2").arg(key, expected));
    }

    std::optional<QString> string(const QString &key, const toml::node *node)
    {
        if (auto text = node->value<std::string>()) {
            return toQString(*text);
        }
        wrongType(key, node, QStringLiteral("a string"));
        return std::nullopt;
    }
    // Elements that are strings, with their nodes; others reported.
    std::vector<std::pair<QString, const toml::node *>> strings(const QString &key, const toml::node *node)
    {
        std::vector<std::pair<QString, const toml::node *>> result;
        const toml::array *array = node->as_array();
        if (!array) {
            wrongType(key, node, QStringLiteral("an array of strings"));
            return result;
        }
        for (size_t i = 0; i < array->size(); ++i) {
            const toml::node &element = *array->get(i);
            if (auto text = element.value<std::string>()) {
                result.emplace_back(toQString(*text), &element);
            } else {
                wrongType(QStringLiteral("%1[%2]").arg(key).arg(i), &element, QStringLiteral("a string"));
            }
        }
        return result;
    }
    QString indexed(const QString &key, size_t index) const { return QStringLiteral("%1[%2]").arg(key).arg(index); }

    void readName(const toml::node *node);
    void readVersion(const toml::node *node);
    void readDescription(const toml::node *node);
    void readReadme(const toml::node *node);
    void readRequiresPython(const toml::node *node);
    void readLicense(const toml::node *node);
    void readLicenseFiles(const toml::node *node);
    QList<Person> readPeople(const QString &key, const toml::node *node);
    void readKeywords(const toml::node *node);
    void readClassifiers(const toml::node *node);
    void readUrls(const toml::node *node);
    QList<EntryPoint> readEntryPoints(const QString &key, const toml::node *node);
    QStringList readRequirements(const QString &key, const toml::node *node);
    void readOptionalDependencies(const toml::node *node);
    QStringList readImportNames(const QString &key, const toml::node *node);
    void readDynamic(const toml::node *node);
    void readBuildSystem(const toml::table &root);
    void crossChecks(const toml::table &project);

    void checkFileExists(const QString &key, const toml::node *node, const QString &relative, const QString &what)
    {
        if (m_directory.isEmpty()) {
            return;
        }
        const QFileInfo info(QDir(m_directory).filePath(relative));
        if (!info.isFile()) {
            add("SW312", Severity::Error, key, node, QStringLiteral("%1 file \"%2\" does not exist").arg(what, relative),
                QStringLiteral("create it or fix the path (relative to the project directory)"));
        }
    }

    QString m_file;
    QString m_directory;
    ReadResult m_result;
    QStringList m_dynamic;
    const toml::node *m_dynamicNode = nullptr;
};

void Reader::readName(const toml::node *node)
{
    const auto name = string(QStringLiteral("project.name"), node);
    if (!name) {
        return;
    }
    m_result.metadata.name = *name;
    if (!Metadata::isValidName(*name)) {
        add("SW305", Severity::Error, QStringLiteral("project.name"), node,
            QStringLiteral("\"%1\" is not a valid project name").arg(*name),
            QStringLiteral("use ASCII letters, digits and . _ -, starting and ending with a letter or digit"));
    }
}

void Reader::readVersion(const toml::node *node)
{
    const auto text = string(QStringLiteral("project.version"), node);
    if (!text) {
        return;
    }
    m_result.metadata.version = *text;
    const auto version = Metadata::Version::parse(*text);
    if (!version) {
        add("SW307", Severity::Error, QStringLiteral("project.version"), node,
            QStringLiteral("\"%1\" is not a PEP 440 version: %2").arg(*text, version.error()),
            QStringLiteral("use a version such as 1.2.0, 1.2.0rc1 or 1.2.0.post1"));
        return;
    }
    if (version->isLocal()) {
        add("SW308", Severity::Error, QStringLiteral("project.version"), node,
            QStringLiteral("version \"%1\" has a local segment (+%2), which PyPI rejects").arg(*text, version->parts().local),
            QStringLiteral("use %1 for uploads").arg(version->publicVersion()));
    }
    if (!Metadata::Version::isNormalized(*text)) {
        add("SW309", Severity::Info, QStringLiteral("project.version"), node,
            QStringLiteral("version \"%1\" is published as \"%2\"").arg(*text, version->toString()),
            QStringLiteral("write it as %1").arg(version->toString()));
    }
}

void Reader::readDescription(const toml::node *node)
{
    const auto text = string(QStringLiteral("project.description"), node);
    if (!text) {
        return;
    }
    m_result.metadata.description = *text;
    if (text->contains(u'\n') || text->contains(u'\r')) {
        add("SW310", Severity::Error, QStringLiteral("project.description"), node,
            QStringLiteral("the description (Summary) must be a single line"),
            QStringLiteral("put longer text in the readme"));
    } else if (text->size() > 512) {
        add("SW310", Severity::Error, QStringLiteral("project.description"), node,
            QStringLiteral("the description (Summary) is %1 characters; PyPI allows 512").arg(text->size()),
            QStringLiteral("shorten it and put longer text in the readme"));
    }
}

void Reader::readReadme(const toml::node *node)
{
    const QString key = QStringLiteral("project.readme");
    Readme &readme = m_result.metadata.readme;
    if (auto file = node->value<std::string>()) {
        readme.kind = Readme::Kind::File;
        readme.file = toQString(*file);
        const QString suffix = QFileInfo(readme.file).suffix().toLower();
        if (suffix == u"md") {
            readme.contentType = QStringLiteral("text/markdown");
        } else if (suffix == u"rst") {
            readme.contentType = QStringLiteral("text/x-rst");
        } else {
            add("SW311", Severity::Error, key, node,
                QStringLiteral("cannot tell the readme's content type from \"%1\" (only .md and .rst are known)")
                    .arg(readme.file),
                QStringLiteral("use readme = { file = \"%1\", content-type = \"text/plain\" }").arg(readme.file));
        }
        checkFileExists(key, node, readme.file, QStringLiteral("readme"));
        return;
    }
    const toml::table *table = node->as_table();
    if (!table) {
        wrongType(key, node, QStringLiteral("a file name or a table with file or text and content-type"));
        return;
    }
    const toml::node *file = table->get("file");
    const toml::node *text = table->get("text");
    const toml::node *contentType = table->get("content-type");
    for (const auto &[name, child] : ordered(*table)) {
        if (name != u"file" && name != u"text" && name != u"content-type") {
            add("SW311", Severity::Error, key + u'.' + quotedKey(name), child,
                QStringLiteral("unknown key \"%1\" in the readme table").arg(name),
                QStringLiteral("use file or text, and content-type"));
        }
    }
    if (file && text) {
        add("SW311", Severity::Error, key, node, QStringLiteral("the readme table has both file and text"),
            QStringLiteral("keep one of them"));
    } else if (!file && !text) {
        add("SW311", Severity::Error, key, node, QStringLiteral("the readme table has neither file nor text"));
    }
    if (file) {
        if (auto value = string(key + QStringLiteral(".file"), file)) {
            readme.kind = Readme::Kind::File;
            readme.file = *value;
            checkFileExists(key + QStringLiteral(".file"), file, *value, QStringLiteral("readme"));
        }
    } else if (text) {
        if (auto value = string(key + QStringLiteral(".text"), text)) {
            readme.kind = Readme::Kind::Text;
            readme.text = *value;
        }
    }
    if (!contentType) {
        add("SW311", Severity::Error, key, node, QStringLiteral("the readme table has no content-type"),
            QStringLiteral("add content-type = \"text/markdown\" (or text/x-rst, text/plain)"));
        return;
    }
    const auto type = string(key + QStringLiteral(".content-type"), contentType);
    if (!type) {
        return;
    }
    readme.contentType = *type;
    const QStringList parts = type->split(u';');
    const QString mime = parts.first().trimmed().toLower();
    if (mime != u"text/markdown" && mime != u"text/x-rst" && mime != u"text/plain") {
        add("SW311", Severity::Error, key + QStringLiteral(".content-type"), contentType,
            QStringLiteral("PyPI does not render readme content type \"%1\"").arg(mime),
            QStringLiteral("use text/markdown, text/x-rst or text/plain"));
    }
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QString parameter = parts.at(i).trimmed();
        const QString name = parameter.section(u'=', 0, 0).trimmed().toLower();
        const QString value = parameter.section(u'=', 1).trimmed();
        if (name == u"charset" && value.compare(u"UTF-8", Qt::CaseInsensitive) != 0) {
            add("SW311", Severity::Error, key + QStringLiteral(".content-type"), contentType,
                QStringLiteral("readme charset \"%1\" is not supported").arg(value), QStringLiteral("use UTF-8"));
        } else if (name == u"variant" && mime == u"text/markdown" && value != u"GFM" && value != u"CommonMark") {
            add("SW311", Severity::Error, key + QStringLiteral(".content-type"), contentType,
                QStringLiteral("Markdown variant \"%1\" is not supported").arg(value),
                QStringLiteral("use variant=GFM or variant=CommonMark"));
        }
    }
}

void Reader::readRequiresPython(const toml::node *node)
{
    const auto text = string(QStringLiteral("project.requires-python"), node);
    if (!text) {
        return;
    }
    m_result.metadata.requiresPython = *text;
    if (const auto parsed = Metadata::SpecifierSet::parse(*text); !parsed) {
        add("SW313", Severity::Error, QStringLiteral("project.requires-python"), node,
            QStringLiteral("\"%1\" is not a valid version specifier: %2").arg(*text, parsed.error()),
            QStringLiteral("write it like \">=3.9\""));
    }
}

void Reader::readLicense(const toml::node *node)
{
    const QString key = QStringLiteral("project.license");
    License &license = m_result.metadata.license;
    if (auto text = node->value<std::string>()) {
        license.kind = License::Kind::Expression;
        license.expression = toQString(*text);
        const auto parsed = Metadata::LicenseExpression::parse(license.expression);
        if (!parsed) {
            add("SW315", Severity::Error, key, node, parsed.error().message,
                QStringLiteral("use an SPDX expression such as \"MIT\" or \"Apache-2.0 OR MIT\""));
            return;
        }
        for (const QString &id : parsed->deprecatedIds()) {
            add("SW316", Severity::Warning, key, node, QStringLiteral("SPDX has deprecated the license id %1").arg(id),
                id.startsWith(u"GPL") || id.startsWith(u"LGPL") || id.startsWith(u"AGPL")
                    ? QStringLiteral("say %1-only or %1-or-later").arg(id.section(u'-', 0, 1))
                    : QStringLiteral("use its current SPDX id"));
        }
        return;
    }
    const toml::table *table = node->as_table();
    if (!table) {
        wrongType(key, node, QStringLiteral("an SPDX license expression string"));
        return;
    }
    const toml::node *file = table->get("file");
    const toml::node *text = table->get("text");
    if ((file && text) || (!file && !text) || table->size() != 1) {
        add("SW317", Severity::Error, key, node, QStringLiteral("a license table must have exactly one of file or text"));
    }
    if (file) {
        if (auto value = string(key + QStringLiteral(".file"), file)) {
            license.kind = License::Kind::LegacyFile;
            license.file = *value;
            checkFileExists(key + QStringLiteral(".file"), file, *value, QStringLiteral("license"));
        }
    } else if (text) {
        if (auto value = string(key + QStringLiteral(".text"), text)) {
            license.kind = License::Kind::LegacyText;
            license.text = *value;
        }
    }
    add("SW317", Severity::Warning, key, node, QStringLiteral("the license table is deprecated (PEP 639)"),
        QStringLiteral("write license = \"<SPDX expression>\" and list the files in license-files"));
}

void Reader::readLicenseFiles(const toml::node *node)
{
    const QString key = QStringLiteral("project.license-files");
    QStringList patterns;
    size_t index = 0;
    for (const auto &[pattern, element] : strings(key, node)) {
        patterns.append(pattern);
        const QString elementKey = indexed(key, index++);
        if (pattern.startsWith(u'/') || pattern.contains(u'\\') || pattern.split(u'/').contains(QStringLiteral(".."))) {
            add("SW319", Severity::Error, elementKey, element,
                QStringLiteral("license-files pattern \"%1\" must be a relative path with / separators and no ..")
                    .arg(pattern));
            continue;
        }
        if (!m_directory.isEmpty() && matchLicenseFiles(m_directory, pattern).isEmpty()) {
            add("SW319", Severity::Error, elementKey, element,
                QStringLiteral("license-files pattern \"%1\" matches no file").arg(pattern),
                QStringLiteral("build backends refuse patterns that match nothing; fix or remove it"));
        }
    }
    if (node->is_array()) {
        m_result.metadata.licenseFiles = patterns;
    }
}

QList<Person> Reader::readPeople(const QString &key, const toml::node *node)
{
    QList<Person> people;
    const toml::array *array = node->as_array();
    if (!array) {
        wrongType(key, node, QStringLiteral("an array of tables with name and/or email"));
        return people;
    }
    for (size_t i = 0; i < array->size(); ++i) {
        const toml::node *element = array->get(i);
        const QString elementKey = indexed(key, i);
        const toml::table *table = element->as_table();
        if (!table) {
            wrongType(elementKey, element, QStringLiteral("a table with name and/or email"));
            continue;
        }
        Person person;
        for (const auto &[name, child] : ordered(*table)) {
            if (name != u"name" && name != u"email") {
                add("SW320", Severity::Error, elementKey + u'.' + quotedKey(name), child,
                    QStringLiteral("unknown key \"%1\" (only name and email are allowed)").arg(name));
                continue;
            }
            const auto value = string(elementKey + u'.' + name, child);
            if (!value) {
                continue;
            }
            if (name == u"name") {
                person.name = *value;
                if (value->contains(u',')) {
                    add("SW320", Severity::Error, elementKey + QStringLiteral(".name"), child,
                        QStringLiteral("name \"%1\" contains a comma, which breaks the Author field").arg(*value),
                        QStringLiteral("list each person as a separate entry"));
                }
            } else {
                person.email = *value;
                if (!isValidEmail(*value)) {
                    add("SW320", Severity::Error, elementKey + QStringLiteral(".email"), child,
                        QStringLiteral("\"%1\" is not a valid email address").arg(*value));
                }
            }
        }
        if (person.name.isEmpty() && person.email.isEmpty() && table->empty()) {
            add("SW320", Severity::Error, elementKey, element, QStringLiteral("an entry needs a name or an email"));
        }
        people.append(person);
    }
    return people;
}

void Reader::readKeywords(const toml::node *node)
{
    const QString key = QStringLiteral("project.keywords");
    QSet<QString> seen;
    size_t index = 0;
    for (const auto &[keyword, element] : strings(key, node)) {
        const QString elementKey = indexed(key, index++);
        m_result.metadata.keywords.append(keyword);
        if (keyword.trimmed().isEmpty()) {
            add("SW321", Severity::Warning, elementKey, element, QStringLiteral("empty keyword"));
        } else if (keyword.contains(u',')) {
            add("SW321", Severity::Warning, elementKey, element,
                QStringLiteral("keyword \"%1\" contains a comma; the Keywords field is comma-separated").arg(keyword),
                QStringLiteral("split it into separate keywords"));
        }
        if (seen.contains(keyword)) {
            add("SW325", Severity::Warning, elementKey, element, QStringLiteral("keyword \"%1\" is listed twice").arg(keyword));
        }
        seen.insert(keyword);
    }
}

void Reader::readClassifiers(const toml::node *node)
{
    const QString key = QStringLiteral("project.classifiers");
    const auto &trove = Metadata::TroveClassifiers::bundled();
    QSet<QString> seen;
    size_t index = 0;
    for (const auto &[classifier, element] : strings(key, node)) {
        const QString elementKey = indexed(key, index++);
        m_result.metadata.classifiers.append(classifier);
        if (seen.contains(classifier)) {
            add("SW325", Severity::Warning, elementKey, element,
                QStringLiteral("classifier \"%1\" is listed twice").arg(classifier));
        }
        seen.insert(classifier);
        if (trove.isKnown(classifier)) {
            continue;
        }
        if (trove.isDeprecated(classifier)) {
            const QStringList replacements = trove.replacements(classifier);
            add("SW323", Severity::Error, elementKey, element,
                QStringLiteral("classifier \"%1\" is deprecated; PyPI rejects it").arg(classifier),
                replacements.isEmpty() ? QStringLiteral("remove it")
                                       : QStringLiteral("use %1 instead").arg(replacements.join(QStringLiteral(" or "))));
        } else if (classifier.startsWith(u"Private ::")) {
            add("SW324", Severity::Warning, elementKey, element,
                QStringLiteral("classifier \"%1\" blocks every upload to PyPI").arg(classifier),
                QStringLiteral("keep it only if this project must never be published there"));
        } else {
            const QString match = trove.closeMatch(classifier);
            add("SW322", Severity::Error, elementKey, element,
                QStringLiteral("\"%1\" is not a valid classifier; PyPI rejects it").arg(classifier),
                match.isEmpty() ? QStringLiteral("pick one from the trove classifier list")
                                : QStringLiteral("did you mean \"%1\"?").arg(match));
        }
    }
}

void Reader::readUrls(const toml::node *node)
{
    const QString key = QStringLiteral("project.urls");
    const toml::table *table = node->as_table();
    if (!table) {
        wrongType(key, node, QStringLiteral("a table of label = URL"));
        return;
    }
    for (const auto &[label, child] : ordered(*table)) {
        const QString childKey = key + u'.' + quotedKey(label);
        const auto url = string(childKey, child);
        if (!url) {
            continue;
        }
        m_result.metadata.urls.append({label, *url});
        if (label.trimmed().isEmpty() || label.size() > 32) {
            add("SW327", Severity::Error, childKey, child,
                QStringLiteral("URL label \"%1\" must be 1 to 32 characters").arg(label));
        }
        const QUrl parsed(*url, QUrl::StrictMode);
        const QString scheme = parsed.scheme().toLower();
        if (!parsed.isValid() || (scheme != u"http" && scheme != u"https") || parsed.host().isEmpty()) {
            add("SW326", Severity::Error, childKey, child,
                QStringLiteral("\"%1\" is not a valid http or https URL; PyPI rejects it").arg(*url));
        }
    }
}

QList<EntryPoint> Reader::readEntryPoints(const QString &key, const toml::node *node)
{
    QList<EntryPoint> entries;
    const toml::table *table = node->as_table();
    if (!table) {
        wrongType(key, node, QStringLiteral("a table of name = \"module:object\""));
        return entries;
    }
    for (const auto &[name, child] : ordered(*table)) {
        const QString childKey = key + u'.' + quotedKey(name);
        const auto reference = string(childKey, child);
        if (!reference) {
            continue;
        }
        entries.append({name, *reference});
        if (!isValidScriptName(name)) {
            add("SW331", Severity::Error, childKey, child,
                QStringLiteral("entry point name \"%1\" may only use letters, digits, _ . and -").arg(name));
        }
        if (!isValidObjectReference(*reference)) {
            add("SW331", Severity::Error, childKey, child,
                QStringLiteral("\"%1\" is not an object reference like package.module:function").arg(*reference));
        }
    }
    return entries;
}

QStringList Reader::readRequirements(const QString &key, const toml::node *node)
{
    QStringList requirements;
    QSet<QString> seen;
    size_t index = 0;
    for (const auto &[text, element] : strings(key, node)) {
        const QString elementKey = indexed(key, index++);
        requirements.append(text);
        const auto requirement = Metadata::Requirement::parse(text);
        if (!requirement) {
            add("SW328", Severity::Error, elementKey, element,
                QStringLiteral("\"%1\" is not a valid PEP 508 requirement: %2").arg(text, requirement.error()));
            continue;
        }
        if (!requirement->url().isEmpty()) {
            add("SW329", Severity::Error, elementKey, element,
                QStringLiteral("\"%1\" is a direct URL reference, which PyPI rejects").arg(text),
                QStringLiteral("depend on a released version instead"));
        }
        const QString normalized = requirement->toString();
        if (seen.contains(normalized)) {
            add("SW325", Severity::Warning, elementKey, element, QStringLiteral("\"%1\" is listed twice").arg(text));
        }
        seen.insert(normalized);
    }
    return requirements;
}

void Reader::readOptionalDependencies(const toml::node *node)
{
    const QString key = QStringLiteral("project.optional-dependencies");
    const toml::table *table = node->as_table();
    if (!table) {
        wrongType(key, node, QStringLiteral("a table of extra = [requirements]"));
        return;
    }
    QHash<QString, QString> normalizedExtras;
    for (const auto &[extra, child] : ordered(*table)) {
        const QString childKey = key + u'.' + quotedKey(extra);
        if (!Metadata::isValidName(extra)) {
            add("SW330", Severity::Error, childKey, child, QStringLiteral("\"%1\" is not a valid extra name").arg(extra),
                QStringLiteral("use letters, digits and - _ ."));
        } else {
            const QString normalized = Metadata::normalizeName(extra);
            if (normalizedExtras.contains(normalized)) {
                add("SW330", Severity::Error, childKey, child,
                    QStringLiteral("extras \"%1\" and \"%2\" are the same extra once normalized")
                        .arg(normalizedExtras.value(normalized), extra));
            }
            normalizedExtras.insert(normalized, extra);
        }
        m_result.metadata.optionalDependencies.append({extra, readRequirements(childKey, child)});
    }
}

QStringList Reader::readImportNames(const QString &key, const toml::node *node)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*(\s*;\s*private)?$)"), QRegularExpression::UseUnicodePropertiesOption);
    QStringList names;
    size_t index = 0;
    for (const auto &[name, element] : strings(key, node)) {
        const QString elementKey = indexed(key, index++);
        names.append(name);
        if (!pattern.match(name).hasMatch()) {
            add("SW338", Severity::Error, elementKey, element,
                QStringLiteral("\"%1\" is not an importable dotted name (optionally followed by \"; private\")").arg(name));
        }
    }
    return names;
}

void Reader::readDynamic(const toml::node *node)
{
    const QString key = QStringLiteral("project.dynamic");
    m_dynamicNode = node;
    size_t index = 0;
    for (const auto &[name, element] : strings(key, node)) {
        const QString elementKey = indexed(key, index++);
        m_dynamic.append(name);
        if (name == u"name") {
            add("SW304", Severity::Error, elementKey, element, QStringLiteral("name cannot be dynamic"),
                QStringLiteral("set name = \"...\" in [project]"));
        } else if (!knownKeys().contains(name) || name == u"dynamic") {
            add("SW332", Severity::Error, elementKey, element, QStringLiteral("\"%1\" is not a [project] key").arg(name));
        }
    }
    m_result.metadata.dynamic = m_dynamic;
}

void Reader::readBuildSystem(const toml::table &root)
{
    const toml::node *node = root.get("build-system");
    BuildSystem &build = m_result.buildSystem;
    if (!node) {
        add("SW335", Severity::Warning, QStringLiteral("build-system"), nullptr,
            QStringLiteral("there is no [build-system] table"),
            QStringLiteral("declare the backend, e.g. requires = [\"hatchling\"] and build-backend = \"hatchling.build\"; "
                           "without it, build tools fall back to setuptools' legacy backend"));
        return;
    }
    const toml::table *table = node->as_table();
    if (!table) {
        wrongType(QStringLiteral("build-system"), node, QStringLiteral("a table"));
        return;
    }
    build.present = true;
    if (const toml::node *requires_ = table->get("requires")) {
        size_t index = 0;
        for (const auto &[text, element] : strings(QStringLiteral("build-system.requires"), requires_)) {
            build.requirements.append(text);
            if (const auto requirement = Metadata::Requirement::parse(text); !requirement) {
                add("SW336", Severity::Error, indexed(QStringLiteral("build-system.requires"), index), element,
                    QStringLiteral("\"%1\" is not a valid PEP 508 requirement: %2").arg(text, requirement.error()));
            }
            ++index;
        }
    } else {
        add("SW336", Severity::Error, QStringLiteral("build-system.requires"), node,
            QStringLiteral("[build-system] has no requires list (PEP 518 requires it)"),
            QStringLiteral("list the backend package, e.g. requires = [\"setuptools>=77\"]"));
    }
    if (const toml::node *backend = table->get("build-backend")) {
        if (auto text = string(QStringLiteral("build-system.build-backend"), backend)) {
            build.buildBackend = *text;
            if (!isValidObjectReference(*text)) {
                add("SW336", Severity::Error, QStringLiteral("build-system.build-backend"), backend,
                    QStringLiteral("\"%1\" is not a module or module:object reference").arg(*text));
            }
        }
    } else {
        add("SW335", Severity::Warning, QStringLiteral("build-system.build-backend"), node,
            QStringLiteral("[build-system] names no build-backend; tools fall back to setuptools' legacy backend"),
            QStringLiteral("name it explicitly, e.g. build-backend = \"setuptools.build_meta\""));
    }
    if (const toml::node *path = table->get("backend-path")) {
        for (const auto &[entry, element] : strings(QStringLiteral("build-system.backend-path"), path)) {
            build.backendPath.append(entry);
        }
    }
}

void Reader::crossChecks(const toml::table &project)
{
    ProjectMetadata &metadata = m_result.metadata;
    if (!project.get("name")) {
        add("SW304", Severity::Error, QStringLiteral("project.name"), &project, QStringLiteral("[project] has no name"),
            QStringLiteral("add name = \"your-project\""));
    }
    if (!project.get("version") && !m_dynamic.contains(QStringLiteral("version"))) {
        add("SW306", Severity::Error, QStringLiteral("project.version"), &project,
            QStringLiteral("[project] has no version and does not list it in dynamic"),
            QStringLiteral("add version = \"0.1.0\", or dynamic = [\"version\"] when the backend computes it"));
    }
    if (!project.get("requires-python") && !m_dynamic.contains(QStringLiteral("requires-python"))) {
        add("SW314", Severity::Info, QStringLiteral("project.requires-python"), &project,
            QStringLiteral("requires-python is not set, so installers assume every Python version works"),
            QStringLiteral("add requires-python = \">=3.9\" (your oldest supported version)"));
    }
    for (const QString &key : std::as_const(m_dynamic)) {
        if (key == u"name" || !knownKeys().contains(key)) {
            continue;
        }
        if (const toml::node *node = project.get(toStd(key))) {
            if (isScalarKey(key)) {
                add("SW333", Severity::Error, QStringLiteral("project.") + key, node,
                    QStringLiteral("%1 is set here and also listed in dynamic").arg(key),
                    QStringLiteral("remove it from dynamic, or remove the static value"));
            } else {
                add("SW334", Severity::Warning, QStringLiteral("project.") + key, node,
                    QStringLiteral("%1 is set here and also listed in dynamic; only backends that implement PEP 808 "
                                   "accept that (others refuse to build)")
                        .arg(key),
                    QStringLiteral("make sure the build backend supports appending to %1").arg(key));
            }
        }
    }
    if (metadata.license.kind == License::Kind::Expression) {
        const toml::node *classifiers = project.get("classifiers");
        const toml::array *array = classifiers ? classifiers->as_array() : nullptr;
        for (qsizetype i = 0; i < metadata.classifiers.size(); ++i) {
            if (metadata.classifiers.at(i).startsWith(u"License ::")) {
                // Positions follow the array; non-string elements were left out of the model.
                const toml::node *element = array && size_t(i) < array->size() ? array->get(size_t(i)) : classifiers;
                add("SW318", Severity::Error, indexed(QStringLiteral("project.classifiers"), size_t(i)), element,
                    QStringLiteral("license classifiers cannot be combined with an SPDX license expression (PEP 639)"),
                    QStringLiteral("remove \"%1\"; license = \"%2\" says it").arg(metadata.classifiers.at(i),
                                                                                  metadata.license.expression));
            }
        }
    } else if (std::any_of(metadata.classifiers.cbegin(), metadata.classifiers.cend(),
                           [](const QString &c) { return c.startsWith(u"License ::"); })) {
        add("SW337", Severity::Info, QStringLiteral("project.classifiers"), project.get("classifiers"),
            QStringLiteral("license classifiers are deprecated in favour of an SPDX license expression (PEP 639)"),
            QStringLiteral("set license = \"<SPDX id>\" and remove the License :: classifiers"));
    }
    if (metadata.licenseFiles && metadata.license.kind != License::Kind::Expression &&
        metadata.license.kind != License::Kind::None) {
        add("SW319", Severity::Error, QStringLiteral("project.license-files"), project.get("license-files"),
            QStringLiteral("license-files cannot be combined with the legacy license table (PEP 639)"),
            QStringLiteral("write license as an SPDX expression string"));
    }
}

ReadResult Reader::read(const toml::table &root)
{
    const toml::node *projectNode = root.get("project");
    readBuildSystem(root);
    if (!projectNode) {
        return m_result;
    }
    const toml::table *project = projectNode->as_table();
    if (!project) {
        wrongType(QStringLiteral("project"), projectNode, QStringLiteral("a table"));
        return m_result;
    }
    m_result.metadata.present = true;
    if (const toml::node *dynamic = project->get("dynamic")) {
        readDynamic(dynamic);
    }
    for (const auto &[key, node] : ordered(*project)) {
        const QString fullKey = QStringLiteral("project.") + quotedKey(key);
        if (key == u"name") {
            readName(node);
        } else if (key == u"version") {
            readVersion(node);
        } else if (key == u"description") {
            readDescription(node);
        } else if (key == u"readme") {
            readReadme(node);
        } else if (key == u"requires-python") {
            readRequiresPython(node);
        } else if (key == u"license") {
            readLicense(node);
        } else if (key == u"license-files") {
            readLicenseFiles(node);
        } else if (key == u"authors") {
            m_result.metadata.authors = readPeople(fullKey, node);
        } else if (key == u"maintainers") {
            m_result.metadata.maintainers = readPeople(fullKey, node);
        } else if (key == u"keywords") {
            readKeywords(node);
        } else if (key == u"classifiers") {
            readClassifiers(node);
        } else if (key == u"urls") {
            readUrls(node);
        } else if (key == u"scripts") {
            m_result.metadata.scripts = readEntryPoints(fullKey, node);
        } else if (key == u"gui-scripts") {
            m_result.metadata.guiScripts = readEntryPoints(fullKey, node);
        } else if (key == u"entry-points") {
            const toml::table *groups = node->as_table();
            if (!groups) {
                wrongType(fullKey, node, QStringLiteral("a table of groups"));
                continue;
            }
            for (const auto &[group, entries] : ordered(*groups)) {
                const QString groupKey = fullKey + u'.' + quotedKey(group);
                if (group == u"console_scripts" || group == u"gui_scripts") {
                    add("SW331", Severity::Error, groupKey, entries,
                        QStringLiteral("[project.entry-points.%1] is not allowed").arg(group),
                        QStringLiteral("use [project.%1] instead")
                            .arg(group == u"console_scripts" ? QStringLiteral("scripts") : QStringLiteral("gui-scripts")));
                    continue;
                }
                m_result.metadata.entryPoints.append({group, readEntryPoints(groupKey, entries)});
            }
        } else if (key == u"dependencies") {
            m_result.metadata.dependencies = readRequirements(fullKey, node);
        } else if (key == u"optional-dependencies") {
            readOptionalDependencies(node);
        } else if (key == u"import-names") {
            m_result.metadata.importNames = readImportNames(fullKey, node);
        } else if (key == u"import-namespaces") {
            m_result.metadata.importNamespaces = readImportNames(fullKey, node);
        } else if (key != u"dynamic") {
            add("SW302", Severity::Error, fullKey, node, QStringLiteral("\"%1\" is not a [project] key").arg(key),
                QStringLiteral("build backends refuse unknown keys; tool settings belong in [tool.<name>]"));
        }
    }
    crossChecks(*project);
    return m_result;
}

QRegularExpression globToRegularExpression(const QString &pattern)
{
    QString regex;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern.at(i);
        if (c == u'*') {
            if (i + 1 < pattern.size() && pattern.at(i + 1) == u'*') {
                ++i;
                if (i + 1 < pattern.size() && pattern.at(i + 1) == u'/') {
                    ++i;
                    regex += QStringLiteral("(?:.*/)?");
                } else {
                    regex += QStringLiteral(".*");
                }
            } else {
                regex += QStringLiteral("[^/]*");
            }
        } else if (c == u'?') {
            regex += QStringLiteral("[^/]");
        } else if (c == u'[') {
            const qsizetype close = pattern.indexOf(u']', i + 1);
            if (close < 0) {
                regex += QStringLiteral("\\[");
            } else {
                QString set = pattern.mid(i + 1, close - i - 1);
                if (set.startsWith(u'!')) {
                    set[0] = u'^';
                }
                regex += u'[' + set.replace(u'\\', QStringLiteral("\\\\")) + u']';
                i = close;
            }
        } else {
            regex += QRegularExpression::escape(QString(c));
        }
    }
    return QRegularExpression(QRegularExpression::anchoredPattern(regex));
}

} // namespace

QStringList matchLicenseFiles(const QString &directory, const QString &pattern)
{
    const QRegularExpression regex = globToRegularExpression(pattern);
    if (!regex.isValid()) {
        return {};
    }
    QStringList matches;
    const QDir root(directory);
    QDirIterator it(directory, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    int visited = 0;
    while (it.hasNext() && visited++ < 20000) {
        const QString relative = root.relativeFilePath(it.next());
        if (relative.startsWith(u'.') || relative.contains(QStringLiteral("/.")) || relative.contains(u"__pycache__")) {
            continue;
        }
        if (regex.match(relative).hasMatch()) {
            matches.append(relative);
        }
    }
    std::sort(matches.begin(), matches.end());
    return matches;
}

ReadResult readProject(const toml::table &root, const QString &fileLabel, const QString &directory)
{
    return Reader(fileLabel, directory).read(root);
}

} // namespace Project::Detail
