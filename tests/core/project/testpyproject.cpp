// SPDX-License-Identifier: GPL-3.0-or-later
// PyProject: validation rule by rule, the core metadata mapping, read-only projects, saving.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "core/project/pyproject.h"

using Project::Finding;
using Project::PyProject;

namespace {

const QByteArray buildSystem = "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n";

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QStringList codes(const QList<Finding> &findings)
{
    QStringList result;
    for (const Finding &finding : findings) {
        result.append(finding.code);
    }
    return result;
}

} // namespace

class TestPyProject final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanProjectHasNoFindings();
    void rules_data();
    void rules();
    void findingPositions();
    void coreMetadataMapping();
    void readOnlySources_data();
    void readOnlySources();
    void missingProjectIsAnError();
    void parseKey_data();
    void parseKey();
    void setValidatesVersionAndName();
    void setPeopleKeepsComments();
    void saveWritesAtomicallyAndDetectsExternalChanges();
    void bumpRefusesDynamicVersion();
    void jsonHasModelMetadataAndFindings();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestPyProject::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("README.md")), "# Demo\n\nHello.\n"));
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("LICENSE")), "MIT License\n"));
}

void TestPyProject::cleanProjectHasNoFindings()
{
    const QByteArray text = "[project]\nname = \"clean\"\nversion = \"1.0.0\"\ndescription = \"Clean\"\n"
                            "readme = \"README.md\"\nrequires-python = \">=3.9\"\nlicense = \"MIT\"\n"
                            "license-files = [\"LICENSE\"]\nauthors = [{name = \"A\", email = \"a@example.org\"}]\n"
                            "keywords = [\"x\"]\nclassifiers = [\"Typing :: Typed\"]\n"
                            "dependencies = [\"requests>=2\"]\n"
                            "optional-dependencies = {test = [\"pytest\"]}\n"
                            "urls = {Home = \"https://example.org\"}\nscripts = {clean = \"clean:main\"}\n\n" +
                            buildSystem;
    const PyProject project = PyProject::fromContent(text, m_dir->filePath(QStringLiteral("pyproject.toml")));
    for (const Finding &finding : project.findings()) {
        qWarning().noquote() << finding.toText();
    }
    QVERIFY(project.findings().isEmpty());
    QVERIFY(!project.isReadOnly());
    QCOMPARE(project.metadataSource(), Project::MetadataSource::PyProject);
    QCOMPARE(project.metadata().name, QStringLiteral("clean"));
    QCOMPARE(project.metadata().urls.size(), 1);
}

void TestPyProject::rules_data()
{
    QTest::addColumn<QByteArray>("project"); // the [project] body after name/version
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("key");
    QTest::addColumn<Finding::Severity>("severity");
    using S = Finding::Severity;
    const auto row = [](const char *name, const QByteArray &body, const char *code, const char *key, S severity) {
        QTest::addRow("%s", name) << body << QString::fromLatin1(code) << QString::fromLatin1(key) << severity;
    };
    row("unknown key", "homepage = \"https://x.org\"\n", "SW302", "project.homepage", S::Error);
    row("wrong type", "keywords = \"a, b\"\n", "SW303", "project.keywords", S::Error);
    row("wrong element type", "classifiers = [1]\n", "SW303", "project.classifiers[0]", S::Error);
    row("name dynamic", "dynamic = [\"name\"]\n", "SW304", "project.dynamic[0]", S::Error);
    row("local version", "", "SW308", "project.version", S::Error);
    row("description lines", "description = \"\"\"two\nlines\"\"\"\n", "SW310", "project.description", S::Error);
    row("description long", QByteArray("description = \"") + QByteArray(513, 'x') + "\"\n", "SW310", "project.description", S::Error);
    row("readme suffix", "readme = \"README.txt\"\n", "SW311", "project.readme", S::Error);
    row("readme both", "readme = {file = \"README.md\", text = \"x\", content-type = \"text/markdown\"}\n", "SW311",
        "project.readme", S::Error);
    row("readme no type", "readme = {file = \"README.md\"}\n", "SW311", "project.readme", S::Error);
    row("readme bad type", "readme = {text = \"x\", content-type = \"text/html\"}\n", "SW311",
        "project.readme.content-type", S::Error);
    row("readme charset", "readme = {text = \"x\", content-type = \"text/plain; charset=latin-1\"}\n", "SW311",
        "project.readme.content-type", S::Error);
    row("readme variant", "readme = {text = \"x\", content-type = \"text/markdown; variant=Original\"}\n", "SW311",
        "project.readme.content-type", S::Error);
    row("readme missing file", "readme = \"MISSING.md\"\n", "SW312", "project.readme", S::Error);
    row("requires-python", "requires-python = \"3.9\"\n", "SW313", "project.requires-python", S::Error);
    row("license unknown", "license = \"MIT License\"\n", "SW315", "project.license", S::Error);
    row("license deprecated id", "license = \"GPL-3.0\"\n", "SW316", "project.license", S::Warning);
    row("license table", "license = {text = \"MIT\"}\n", "SW317", "project.license", S::Warning);
    row("license table both", "license = {text = \"MIT\", file = \"LICENSE\"}\n", "SW317", "project.license", S::Error);
    row("license classifier with expression",
        "license = \"MIT\"\nclassifiers = [\"License :: OSI Approved :: MIT License\"]\n", "SW318",
        "project.classifiers[0]", S::Error);
    row("license-files parent", "license-files = [\"../LICENSE\"]\n", "SW319", "project.license-files[0]", S::Error);
    row("license-files no match", "license-files = [\"COPYING*\"]\n", "SW319", "project.license-files[0]", S::Error);
    row("license-files with table", "license = {file = \"LICENSE\"}\nlicense-files = [\"LICENSE\"]\n", "SW319",
        "project.license-files", S::Error);
    row("author extra key", "authors = [{name = \"A\", url = \"x\"}]\n", "SW320", "project.authors[0].url", S::Error);
    row("author comma", "authors = [{name = \"A, B\"}]\n", "SW320", "project.authors[0].name", S::Error);
    row("author email", "maintainers = [{email = \"not an email\"}]\n", "SW320", "project.maintainers[0].email",
        S::Error);
    row("keyword comma", "keywords = [\"a,b\"]\n", "SW321", "project.keywords[0]", S::Warning);
    row("unknown classifier", "classifiers = [\"Typing :: Typo\"]\n", "SW322", "project.classifiers[0]", S::Error);
    row("deprecated classifier", "classifiers = [\"Natural Language :: Ukranian\"]\n", "SW323",
        "project.classifiers[0]", S::Error);
    row("private classifier", "classifiers = [\"Private :: Do Not Upload\"]\n", "SW324", "project.classifiers[0]",
        S::Warning);
    row("duplicate classifier", "classifiers = [\"Typing :: Typed\", \"Typing :: Typed\"]\n", "SW325",
        "project.classifiers[1]", S::Warning);
    row("url scheme", "urls = {Home = \"ftp://example.org\"}\n", "SW326", "project.urls.Home", S::Error);
    row("url label", "urls = {LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL = \"https://example.org\"}\n", "SW327",
        "project.urls.LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL", S::Error);
    row("bad requirement", "dependencies = [\"requests >>= 2\"]\n", "SW328", "project.dependencies[0]", S::Error);
    row("direct url", "dependencies = [\"pkg @ https://example.org/pkg.whl\"]\n", "SW329",
        "project.dependencies[0]", S::Error);
    row("extra requirement", "optional-dependencies = {test = [\"pytest ==\"]}\n", "SW328",
        "project.optional-dependencies.test[0]", S::Error);
    row("bad extra", "optional-dependencies = {\"-test\" = [\"pytest\"]}\n", "SW330",
        "project.optional-dependencies.-test", S::Error);
    row("same extra", "optional-dependencies = {Test = [], test = []}\n", "SW330", "project.optional-dependencies.test",
        S::Error);
    row("console_scripts group", "entry-points = {console_scripts = {x = \"x:main\"}}\n", "SW331",
        "project.entry-points.console_scripts", S::Error);
    row("script reference", "scripts = {x = \"not a reference\"}\n", "SW331", "project.scripts.x", S::Error);
    row("unknown dynamic", "dynamic = [\"homepage\"]\n", "SW332", "project.dynamic[0]", S::Error);
    row("static and dynamic scalar", "description = \"x\"\ndynamic = [\"description\"]\n", "SW333",
        "project.description", S::Error);
    row("static and dynamic list (PEP 808)", "classifiers = [\"Typing :: Typed\"]\ndynamic = [\"classifiers\"]\n",
        "SW334", "project.classifiers", S::Warning);
    row("license classifiers without expression", "classifiers = [\"License :: OSI Approved :: MIT License\"]\n",
        "SW337", "project.classifiers", S::Info);
    row("import name", "import-names = [\"1bad\"]\n", "SW338", "project.import-names[0]", S::Error);
}

void TestPyProject::rules()
{
    QFETCH(QByteArray, project);
    QFETCH(QString, code);
    QFETCH(QString, key);
    QFETCH(Finding::Severity, severity);
    const QByteArray version = code == u"SW308" ? "1.0+local" : "1.0";
    const QByteArray requiresPython = project.contains("requires-python") ? "" : "requires-python = \">=3.9\"\n";
    const QByteArray text = "[project]\nname = \"demo\"\nversion = \"" + version + "\"\n" + requiresPython + project +
                            "\n" + buildSystem;
    const PyProject project_ = PyProject::fromContent(text, m_dir->filePath(QStringLiteral("pyproject.toml")));
    bool found = false;
    for (const Finding &finding : project_.findings()) {
        if (finding.code == code && finding.key == key && finding.severity == severity) {
            found = true;
            QVERIFY(!finding.message.isEmpty());
            QCOMPARE(finding.file, m_dir->filePath(QStringLiteral("pyproject.toml")));
        }
    }
    QVERIFY2(found, qPrintable(QStringLiteral("%1 at %2 not in: %3").arg(code, key, codes(project_.findings()).join(u' '))));
}

void TestPyProject::findingPositions()
{
    const QByteArray text = "[project]\nname = \"demo\"\nversion = \"1.0\"\nclassifiers = [\n    \"Typing :: Typed\",\n"
                            "    \"Nope :: Nope\",\n]\n\n" + buildSystem;
    const PyProject project = PyProject::fromContent(text, QStringLiteral("pyproject.toml"));
    const auto it = std::find_if(project.findings().cbegin(), project.findings().cend(),
                                 [](const Finding &finding) { return finding.code == u"SW322"; });
    QVERIFY(it != project.findings().cend());
    QCOMPARE(it->line, 6);
    QCOMPARE(it->column, 5);
    QCOMPARE(it->toText(), QStringLiteral("pyproject.toml:6:5: error SW322: \"Nope :: Nope\" is not a valid classifier; "
                                          "PyPI rejects it (pick one from the trove classifier list)"));

    const PyProject broken = PyProject::fromContent("[project]\nname = \"x\nversion = 1\n", QStringLiteral("p.toml"));
    QVERIFY(broken.isReadOnly());
    QCOMPARE(broken.findings().size(), 1);
    QCOMPARE(broken.findings().front().code, QStringLiteral("SW300"));
    QCOMPARE(broken.findings().front().line, 2);
    QVERIFY(broken.findings().front().column > 0);
}

void TestPyProject::coreMetadataMapping()
{
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("LICENSES/Apache-2.0.txt")), "Apache\n"));
    const QByteArray text = R"([project]
name = "Mapped_Project"
version = "1.0-1"
description = "One line"
readme = "README.md"
requires-python = ">=3.9"
license = "mit OR apache-2.0"
license-files = ["LICENSE", "LICENSES/*.txt"]
authors = [{name = "Ann"}, {name = "Bob", email = "bob@example.org"}, {email = "c@example.org"}]
maintainers = [{name = "Max"}]
keywords = ["one", "two"]
classifiers = ["Typing :: Typed"]
dependencies = ["requests>=2", "tomli; python_version < '3.11'"]
urls = {Home = "https://example.org", "Bug Tracker" = "https://example.org/issues"}
dynamic = ["entry-points"]

[project.optional-dependencies]
Test_Extra = ["pytest>=8", "exceptiongroup; python_version < '3.11'"]
)";
    const PyProject project = PyProject::fromContent(text, m_dir->filePath(QStringLiteral("pyproject.toml")));
    const Metadata::CoreMetadata core = project.coreMetadata();
    QCOMPARE(core.value(u"Metadata-Version"), QStringLiteral("2.4"));
    QCOMPARE(core.value(u"Name"), QStringLiteral("Mapped_Project"));
    QCOMPARE(core.value(u"Version"), QStringLiteral("1.0.post1"));
    QCOMPARE(core.value(u"Summary"), QStringLiteral("One line"));
    QCOMPARE(core.description(), QStringLiteral("# Demo\n\nHello.\n"));
    QCOMPARE(core.value(u"Description-Content-Type"), QStringLiteral("text/markdown"));
    QCOMPARE(core.value(u"Requires-Python"), QStringLiteral(">=3.9"));
    QCOMPARE(core.value(u"License-Expression"), QStringLiteral("MIT OR Apache-2.0"));
    QCOMPARE(core.values(u"License-File"), (QStringList{QStringLiteral("LICENSE"), QStringLiteral("LICENSES/Apache-2.0.txt")}));
    QCOMPARE(core.value(u"Author"), QStringLiteral("Ann"));
    QCOMPARE(core.value(u"Author-email"), QStringLiteral("Bob <bob@example.org>, c@example.org"));
    QCOMPARE(core.value(u"Maintainer"), QStringLiteral("Max"));
    QVERIFY(!core.contains(u"Maintainer-email"));
    QCOMPARE(core.value(u"Keywords"), QStringLiteral("one,two"));
    QCOMPARE(core.values(u"Classifier"), QStringList{QStringLiteral("Typing :: Typed")});
    QCOMPARE(core.values(u"Project-URL"), (QStringList{QStringLiteral("Home, https://example.org"),
                                                       QStringLiteral("Bug Tracker, https://example.org/issues")}));
    QCOMPARE(core.values(u"Provides-Extra"), QStringList{QStringLiteral("test-extra")});
    const QStringList requiresDist = core.values(u"Requires-Dist");
    QCOMPARE(requiresDist.size(), 4);
    QCOMPARE(requiresDist.at(0), QStringLiteral("requests>=2"));
    QVERIFY2(requiresDist.at(1).startsWith(QStringLiteral("tomli; python_version")), qPrintable(requiresDist.at(1)));
    QCOMPARE(requiresDist.at(2), QStringLiteral("pytest>=8; extra == \"test-extra\""));
    QVERIFY2(requiresDist.at(3).startsWith(QStringLiteral("exceptiongroup; (python_version")) &&
                 requiresDist.at(3).endsWith(QStringLiteral(") and extra == \"test-extra\"")),
             qPrintable(requiresDist.at(3)));
    // The serialized form parses back to the same fields.
    const auto reparsed = Metadata::CoreMetadata::parse(core.serialize());
    QVERIFY(reparsed.has_value());
    QCOMPARE(reparsed->values(u"Requires-Dist"), requiresDist);
}

void TestPyProject::readOnlySources_data()
{
    QTest::addColumn<QByteArray>("pyproject"); // empty: no pyproject.toml
    QTest::addColumn<QString>("otherFile");
    QTest::addColumn<QByteArray>("otherContent");
    QTest::addColumn<Project::MetadataSource>("source");
    QTest::addColumn<QString>("reasonMentions");
    QTest::addRow("poetry 1") << QByteArray("[tool.poetry]\nname = \"p\"\nversion = \"1.2\"\n") << QString() << QByteArray()
                              << Project::MetadataSource::Poetry << QStringLiteral("[tool.poetry]");
    QTest::addRow("setup.cfg") << QByteArray("[build-system]\nrequires = [\"setuptools\"]\n")
                               << QStringLiteral("setup.cfg") << QByteArray("[metadata]\nname = x\n")
                               << Project::MetadataSource::SetupCfg << QStringLiteral("setup.cfg");
    QTest::addRow("setup.py without pyproject") << QByteArray() << QStringLiteral("setup.py")
                                                << QByteArray("from setuptools import setup\nsetup()\n")
                                                << Project::MetadataSource::SetupPy << QStringLiteral("setup.py");
    QTest::addRow("no project table") << QByteArray("[tool.black]\nline-length = 100\n") << QString() << QByteArray()
                                      << Project::MetadataSource::Unknown << QStringLiteral("[project]");
}

void TestPyProject::readOnlySources()
{
    QFETCH(QByteArray, pyproject);
    QFETCH(QString, otherFile);
    QFETCH(QByteArray, otherContent);
    QFETCH(Project::MetadataSource, source);
    QFETCH(QString, reasonMentions);
    const QString dir = m_dir->filePath(QStringLiteral("ro"));
    QVERIFY(QDir().mkpath(dir));
    if (!pyproject.isEmpty()) {
        QVERIFY(writeFile(dir + QStringLiteral("/pyproject.toml"), pyproject));
    }
    if (!otherFile.isEmpty()) {
        QVERIFY(writeFile(dir + u'/' + otherFile, otherContent));
    }
    auto project = PyProject::load(dir);
    QVERIFY2(project.has_value(), project ? "" : qPrintable(project.error().message));
    QCOMPARE(project->metadataSource(), source);
    QVERIFY(project->isReadOnly());
    QVERIFY2(project->readOnlyReason().contains(reasonMentions), qPrintable(project->readOnlyReason()));
    QCOMPARE(project->findings().front().code, QStringLiteral("SW301"));
    const auto edited = project->set(QStringLiteral("version"), QStringLiteral("2.0"));
    QVERIFY(!edited.has_value());
    QCOMPARE(edited.error().code, Project::ProjectError::Code::ReadOnly);
    QVERIFY(!project->save().has_value());
    if (source == Project::MetadataSource::Poetry) {
        QCOMPARE(project->metadata().name, QStringLiteral("p"));
        QCOMPARE(project->metadata().version.value_or(QString()), QStringLiteral("1.2"));
    }
}

void TestPyProject::missingProjectIsAnError()
{
    const auto project = PyProject::load(m_dir->filePath(QStringLiteral("nothing-here")));
    QVERIFY(!project.has_value());
    QCOMPARE(project.error().code, Project::ProjectError::Code::NotFound);
}

void TestPyProject::parseKey_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("path");
    QTest::addColumn<PyProject::KeyKind>("kind");
    using K = PyProject::KeyKind;
    const auto row = [](const char *key, QStringList path, K kind) { QTest::addRow("%s", key) << QString::fromUtf8(key) << path << kind; };
    row("version", {QStringLiteral("version")}, K::String);
    row("project.classifiers", {QStringLiteral("classifiers")}, K::StringList);
    row("urls.Release notes", {QStringLiteral("urls"), QStringLiteral("Release notes")}, K::String);
    row("urls.\"Release notes\"", {QStringLiteral("urls"), QStringLiteral("Release notes")}, K::String);
    row("urls.docs.v2", {QStringLiteral("urls"), QStringLiteral("docs.v2")}, K::String);
    row("optional-dependencies.test", {QStringLiteral("optional-dependencies"), QStringLiteral("test")}, K::StringList);
    row("entry-points.my.plugins.json", {QStringLiteral("entry-points"), QStringLiteral("my.plugins"), QStringLiteral("json")},
        K::String);
    row("readme.content-type", {QStringLiteral("readme"), QStringLiteral("content-type")}, K::String);
    row("authors", {QStringLiteral("authors")}, K::NotEditable);
    row("urls", {QStringLiteral("urls")}, K::NotEditable);
}

void TestPyProject::parseKey()
{
    QFETCH(QString, key);
    QFETCH(QStringList, path);
    QFETCH(PyProject::KeyKind, kind);
    const auto parsed = PyProject::parseKey(key);
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, path);
    QCOMPARE(PyProject::keyKind(*parsed), kind);
    QVERIFY(!PyProject::parseKey(QStringLiteral("homepage")).has_value());
    QVERIFY(!PyProject::parseKey(QString()).has_value());
}

void TestPyProject::setValidatesVersionAndName()
{
    const PyProject project = PyProject::fromContent("[project]\nname = \"n\"\nversion = \"1\"\n", QString());
    QCOMPARE(project.set(QStringLiteral("version"), QStringLiteral("one.two")).error().code,
             Project::ProjectError::Code::InvalidValue);
    QCOMPARE(project.set(QStringLiteral("name"), QStringLiteral("not valid!")).error().code,
             Project::ProjectError::Code::InvalidValue);
    QCOMPARE(project.set(QStringLiteral("classifiers"), QStringLiteral("x")).error().code,
             Project::ProjectError::Code::InvalidKey);
    QCOMPARE(project.add(QStringLiteral("version"), QStringLiteral("x")).error().code,
             Project::ProjectError::Code::InvalidKey);
    QCOMPARE(project.set(QStringLiteral("version"), QStringLiteral("2.0rc1"))->metadata().version.value_or(QString()),
             QStringLiteral("2.0rc1"));
}

void TestPyProject::setPeopleKeepsComments()
{
    const PyProject project = PyProject::fromContent(
        "[project]\nname = \"n\"\nversion = \"1\"\nauthors = [\n    {name = \"Ann\"},  # founder\n]\n", QString());
    const auto edited = project.setPeople(QStringLiteral("authors"),
                                          {{QStringLiteral("Ann"), {}}, {{}, QStringLiteral(" bo@example.org ")}});
    QVERIFY2(edited.has_value(), qPrintable(edited ? QString() : edited.error().message));
    QCOMPARE(edited->content(), QByteArray("[project]\nname = \"n\"\nversion = \"1\"\nauthors = [\n    {name = \"Ann\"},  "
                                           "# founder\n    {email = \"bo@example.org\"},\n]\n"));
    QCOMPARE(edited->metadata().authors.size(), 2);
    QCOMPARE(edited->metadata().authors.at(1).email, QStringLiteral("bo@example.org"));

    const auto maintainers = project.setPeople(QStringLiteral("maintainers"), {{QStringLiteral("Cy"), {}}});
    QVERIFY(maintainers.has_value());
    QVERIFY(maintainers->content().endsWith("authors = [\n    {name = \"Ann\"},  # founder\n]\n"
                                            "maintainers = [{name = \"Cy\"}]\n"));
    QCOMPARE(project.setPeople(QStringLiteral("authors"), {{}}).error().code, Project::ProjectError::Code::InvalidValue);
    QCOMPARE(project.setPeople(QStringLiteral("keywords"), {}).error().code, Project::ProjectError::Code::InvalidKey);
}

void TestPyProject::saveWritesAtomicallyAndDetectsExternalChanges()
{
    const QString path = m_dir->filePath(QStringLiteral("pyproject.toml"));
    const QByteArray original = "[project]  # keep\r\nname = \"saved\"\r\nversion = \"1.0\"";
    QVERIFY(writeFile(path, original));
    auto project = PyProject::load(m_dir->path());
    QVERIFY(project.has_value());
    QVERIFY(!project->isModified());
    auto bumped = project->bumpVersion(Project::BumpPart::Minor);
    QVERIFY(bumped.has_value());
    QVERIFY(bumped->save().has_value());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("[project]  # keep\r\nname = \"saved\"\r\nversion = \"1.1\""));
    file.close();
    QVERIFY(!bumped->isModified());

    // Someone else edits the file: the next save refuses and leaves their version alone.
    auto again = bumped->set(QStringLiteral("description"), QStringLiteral("mine"));
    QVERIFY(again.has_value());
    QVERIFY(writeFile(path, "[project]\nname = \"theirs\"\nversion = \"9\"\n"));
    const auto saved = again->save();
    QVERIFY(!saved.has_value());
    QCOMPARE(saved.error().code, Project::ProjectError::Code::ExternalChange);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("[project]\nname = \"theirs\"\nversion = \"9\"\n"));
}

void TestPyProject::bumpRefusesDynamicVersion()
{
    const PyProject dynamic = PyProject::fromContent("[project]\nname = \"d\"\ndynamic = [\"version\"]\n", QString());
    const auto bumped = dynamic.bumpVersion(Project::BumpPart::Micro);
    QVERIFY(!bumped.has_value());
    QVERIFY(bumped.error().message.contains(QStringLiteral("dynamic")));
    const PyProject invalid = PyProject::fromContent("[project]\nname = \"d\"\nversion = \"abc\"\n", QString());
    QVERIFY(!invalid.bumpVersion(Project::BumpPart::Micro).has_value());
}

void TestPyProject::jsonHasModelMetadataAndFindings()
{
    const PyProject project = PyProject::fromContent(
        "[project]\nname = \"j\"\nversion = \"1\"\nclassifiers = [\"Bad\"]\nurls = {A = \"https://a.org\", B = \"https://b.org\"}\n",
        QStringLiteral("pyproject.toml"));
    const QJsonObject json = project.toJson();
    QCOMPARE(json.value(QStringLiteral("project")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("j"));
    QCOMPARE(json.value(QStringLiteral("project")).toObject().value(QStringLiteral("urls")).toArray().at(1).toArray().at(0).toString(),
             QStringLiteral("B"));
    QCOMPARE(json.value(QStringLiteral("coreMetadata")).toObject().value(QStringLiteral("Name")).toString(), QStringLiteral("j"));
    QVERIFY(json.value(QStringLiteral("findings")).toArray().size() >= 1);
    QCOMPARE(json.value(QStringLiteral("readOnly")).toBool(), false);
}

QTEST_GUILESS_MAIN(TestPyProject)
#include "testpyproject.moc"
