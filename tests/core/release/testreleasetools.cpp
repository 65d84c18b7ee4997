// SPDX-License-Identifier: GPL-3.0-or-later
// The parts of a release around the uploads: git checks and tagging on a real repository, the
// install test in a real virtual environment, a real build with a version bump, the journal
// format, and the CI recipes.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "core/release/cirecipe.h"
#include "core/release/gitrepository.h"
#include "core/release/releasejournal.h"
#include "core/release/releaseworkflow.h"
#include "tests/core/upload/uploadfixtures.h"
#include "tests/support/buildprojects.h"
#include "tests/support/registryserver.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;
using Release::Stage;
using Release::StageOutcome;
using Release::WorkflowError;
using TestSupport::RegistryServer;

namespace {

const QString token = u"pypi-release-tools-token"_s;

} // namespace

class TestReleaseTools final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void tagsTheReleasedCommitAfterProduction();
    void pushesTheTagOnlyWhenAsked();
    void dirtyTreeIsRefused();
    void existingTagIsRefused();
    void bumpInARepositoryAsksForACommit();
    void installTestFromTheTestIndex();
    void failingSmokeCommandKeepsItsOutput();
    void realBuildWithVersionBump();
    void journalRoundTrip();
    void corruptJournals_data();
    void corruptJournals();
    void ciRecipes_data();
    void ciRecipes();
    void ciFileIsNotOverwrittenWithoutForce();

private:
    Release::WorkflowSettings settings() const;
    Release::StartOptions startOptions() const;
    Release::WorkflowResult run(Release::ReleaseWorkflow &workflow);
    Release::WorkflowResult start(const Release::StartOptions &options, const Release::WorkflowSettings &settings);
    Release::WorkflowResult promote(const Release::WorkflowSettings &settings);
    QString git(const QStringList &arguments, const QString &directory = {});
    void makeRepository();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<RegistryServer> m_test;
    std::unique_ptr<RegistryServer> m_production;
    QString m_project;
    QString m_wheel;
    QString m_sdist;
};

void TestReleaseTools::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_project = m_dir->filePath(u"project"_s);
    QVERIFY(QDir().mkpath(m_project + u"/dist"_s));
    m_test = std::make_unique<RegistryServer>();
    m_production = std::make_unique<RegistryServer>();
    QVERIFY(m_test->listen());
    QVERIFY(m_production->listen());
    m_test->addToken(token);
    m_production->addToken(token);
    m_wheel = UploadFixtures::writeWheel(m_project + u"/dist"_s, "toolpkg", "2.0", {}, "__version__ = '2.0'\n");
    m_sdist = UploadFixtures::writeSdist(m_project + u"/dist"_s, "toolpkg", "2.0");
    QVERIFY(!m_wheel.isEmpty() && !m_sdist.isEmpty());
}

void TestReleaseTools::cleanup()
{
    m_test.reset();
    m_production.reset();
    m_dir.reset();
}

Release::WorkflowSettings TestReleaseTools::settings() const
{
    Release::WorkflowSettings settings;
    settings.credentials = [](const Registry::Registry &, auto done) {
        done(Registry::Credential { u"__token__"_s, token, Registry::Credential::Source::Environment });
    };
    settings.verify.attempts = 40;
    settings.verify.interval = std::chrono::milliseconds(25);
    settings.uploadFirstBackoff = std::chrono::milliseconds(10);
    settings.uploadMaxBackoff = std::chrono::milliseconds(50);
    return settings;
}

Release::StartOptions TestReleaseTools::startOptions() const
{
    Release::StartOptions options;
    options.build.sourceDirectory = m_project;
    options.prebuiltFiles = { m_wheel, m_sdist };
    options.test.name = u"test-registry"_s;
    options.test.uploadUrl = m_test->uploadUrl();
    options.test.simpleUrl = m_test->simpleIndexUrl();
    options.production.name = u"production-registry"_s;
    options.production.uploadUrl = m_production->uploadUrl();
    options.production.simpleUrl = m_production->simpleIndexUrl();
    options.check.python = TestSupport::systemPython();
    return options;
}

Release::WorkflowResult TestReleaseTools::run(Release::ReleaseWorkflow &workflow)
{
    QSignalSpy finished(&workflow, &Release::ReleaseWorkflow::finished);
    if (!finished.wait(600000)) {
        qWarning("the release workflow did not finish");
        return {};
    }
    return finished.first().first().value<Release::WorkflowResult>();
}

Release::WorkflowResult TestReleaseTools::start(
    const Release::StartOptions &options, const Release::WorkflowSettings &settings)
{
    Release::ReleaseWorkflow workflow(settings);
    workflow.start(options);
    return run(workflow);
}

Release::WorkflowResult TestReleaseTools::promote(const Release::WorkflowSettings &settings)
{
    Release::ReleaseWorkflow workflow(settings);
    workflow.promote(m_project, true, startOptions().check);
    return run(workflow);
}

QString TestReleaseTools::git(const QStringList &arguments, const QString &directory)
{
    // Only while no registry request is in flight: this waits for git to end.
    const auto result
        = TestSupport::run(u"git"_s, QStringList { u"-C"_s, directory.isEmpty() ? m_project : directory } + arguments);
    if (result.exitCode != 0) {
        qWarning("git %s: %s", qPrintable(arguments.join(u' ')), result.err.constData());
    }
    return QString::fromUtf8(result.out).trimmed();
}

void TestReleaseTools::makeRepository()
{
    git({ u"init"_s, u"-q"_s, u"-b"_s, u"main"_s });
    git({ u"config"_s, u"user.name"_s, u"Release Tester"_s });
    git({ u"config"_s, u"user.email"_s, u"tester@example.org"_s });
    git({ u"config"_s, u"tag.gpgSign"_s, u"false"_s });
    git({ u"config"_s, u"commit.gpgSign"_s, u"false"_s });
    QFile readme(m_project + u"/README.md"_s);
    QVERIFY(readme.open(QIODevice::WriteOnly));
    readme.write("# toolpkg\n");
    readme.close();
    QFile ignore(m_project + u"/.gitignore"_s);
    QVERIFY(ignore.open(QIODevice::WriteOnly));
    ignore.write("dist/\n.slipway/\n");
    ignore.close();
    git({ u"add"_s, u"README.md"_s, u".gitignore"_s });
    git({ u"commit"_s, u"-q"_s, u"-m"_s, u"Initial"_s });
}

// ---- git ------------------------------------------------------------------------------------

void TestReleaseTools::tagsTheReleasedCommitAfterProduction()
{
    makeRepository();
    const QString head = git({ u"rev-parse"_s, u"HEAD"_s });
    QVERIFY(start(startOptions(), settings()).succeeded());
    // Not tagged before production.
    QVERIFY(git({ u"tag"_s, u"--list"_s }).isEmpty());
    // A later commit does not move the tag: it goes on the commit that was built.
    QFile readme(m_project + u"/README.md"_s);
    QVERIFY(readme.open(QIODevice::Append));
    readme.write("More.\n");
    readme.close();
    git({ u"commit"_s, u"-q"_s, u"-am"_s, u"Later"_s });

    const Release::WorkflowResult result = promote(settings());
    QVERIFY2(result.succeeded(), qPrintable(result.error ? result.error->message : QString()));
    QCOMPARE(git({ u"cat-file"_s, u"-t"_s, u"v2.0"_s }), u"tag"_s); // annotated
    QCOMPARE(git({ u"rev-parse"_s, u"v2.0^{commit}"_s }), head);
    QVERIFY(git({ u"tag"_s, u"-n5"_s, u"v2.0"_s }).contains(u"Release toolpkg 2.0"_s));
    const Release::ReleaseJournal journal = result.journal;
    QVERIFY(journal.git.repository);
    QCOMPARE(journal.git.commit, head);
    QCOMPARE(journal.git.tagName, u"v2.0"_s);
    QVERIFY(journal.git.tagCreated);
    QVERIFY(!journal.git.tagPushed);
    QCOMPARE(journal.stage(Stage::Tagged).outcome, StageOutcome::Passed);
    QVERIFY(journal.stage(Stage::Tagged).details.contains(u"Not pushed"_s));
    QCOMPARE(journal.state, Release::ReleaseState::Completed);
}

void TestReleaseTools::pushesTheTagOnlyWhenAsked()
{
    makeRepository();
    const QString remote = m_dir->filePath(u"remote.git"_s);
    QCOMPARE(TestSupport::run(u"git"_s, { u"init"_s, u"-q"_s, u"--bare"_s, remote }).exitCode, 0);
    git({ u"remote"_s, u"add"_s, u"origin"_s, remote });
    Release::StartOptions options = startOptions();
    options.tagTemplate = u"{name}-{version}"_s;
    QVERIFY(start(options, settings()).succeeded());
    Release::WorkflowSettings pushing = settings();
    pushing.pushTag = true;
    const Release::WorkflowResult result = promote(pushing);
    QVERIFY2(result.succeeded(), qPrintable(result.error ? result.error->message : QString()));
    QVERIFY(result.journal.git.tagPushed);
    QVERIFY(git({ u"ls-remote"_s, u"--tags"_s, remote }).contains(u"refs/tags/toolpkg-2.0"_s));
}

void TestReleaseTools::dirtyTreeIsRefused()
{
    makeRepository();
    QFile readme(m_project + u"/README.md"_s);
    QVERIFY(readme.open(QIODevice::Append));
    readme.write("Uncommitted.\n");
    readme.close();
    const Release::WorkflowResult result = start(startOptions(), settings());
    QVERIFY(result.error);
    QCOMPARE(result.error->code, WorkflowError::Code::GitDirty);
    QVERIFY(result.error->message.contains(u"README.md"_s));
    QVERIFY(m_test->requests().isEmpty());
    QVERIFY(!QDir(m_project + u"/.slipway/releases"_s).exists());
}

void TestReleaseTools::existingTagIsRefused()
{
    makeRepository();
    git({ u"tag"_s, u"-a"_s, u"v2.0"_s, u"-m"_s, u"old"_s });
    const Release::WorkflowResult result = start(startOptions(), settings());
    QVERIFY(result.error);
    QCOMPARE(result.error->code, WorkflowError::Code::TagExists);
    QVERIFY(result.error->message.contains(u"v2.0"_s));
    QVERIFY(m_test->requests().isEmpty());
}

void TestReleaseTools::bumpInARepositoryAsksForACommit()
{
    TestSupport::writeBackendProject(m_project, TestSupport::Backend::FlitCore, u"gitbump"_s, u"0.9"_s);
    makeRepository();
    git({ u"add"_s, u"-A"_s });
    git({ u"commit"_s, u"-q"_s, u"-m"_s, u"Project"_s });
    Release::StartOptions options = startOptions();
    options.prebuiltFiles.clear();
    options.bump = Project::BumpPart::Micro;
    const Release::WorkflowResult result = start(options, settings());
    QVERIFY(result.error);
    QCOMPARE(result.error->code, WorkflowError::Code::VersionBumped);
    QVERIFY2(result.error->message.contains(u"0.9.1"_s) && result.error->message.contains(u"Commit"_s),
        qPrintable(result.error->message));
    QVERIFY(git({ u"status"_s, u"--porcelain"_s }).contains(u"pyproject.toml"_s));
    QVERIFY(m_test->requests().isEmpty());
}

// ---- install test -----------------------------------------------------------------------------

void TestReleaseTools::installTestFromTheTestIndex()
{
    Release::StartOptions options = startOptions();
    options.installTest = true;
    const Release::WorkflowResult result = start(options, settings());
    QVERIFY2(result.succeeded(), qPrintable(result.error ? result.error->message + result.error->details : QString()));
    const Release::InstallTestRecord &record = result.journal.installTest;
    QVERIFY(record.ran);
    QVERIFY2(record.passed, qPrintable(record.output));
    QCOMPARE(record.requirement, u"toolpkg==2.0"_s);
    QVERIFY2(record.output.contains(u"imported toolpkg 2.0"_s), qPrintable(record.output));
    QVERIFY(record.output.contains(u"Successfully installed toolpkg-2.0"_s));
    QVERIFY(result.journal.stage(Stage::VerifiedOnTest).details.contains(u"Install test passed"_s));
    // pip read the test index, and fetched the wheel from it.
    bool downloaded = false;
    for (const TestSupport::RecordedRequest &request : m_test->requests()) {
        downloaded = downloaded || request.target.endsWith("toolpkg-2.0-py3-none-any.whl");
    }
    QVERIFY(downloaded);
}

void TestReleaseTools::failingSmokeCommandKeepsItsOutput()
{
    Release::StartOptions options = startOptions();
    options.installTest = true;
    options.smokeCommand
        = u"python -c \"import toolpkg; print('smoke says', toolpkg.__version__); raise SystemExit(3)\""_s;
    const Release::WorkflowResult result = start(options, settings());
    QVERIFY(result.error);
    QCOMPARE(result.error->code, WorkflowError::Code::InstallTestFailed);
    const Release::ReleaseJournal &journal = result.journal;
    QCOMPARE(journal.stage(Stage::VerifiedOnTest).outcome, StageOutcome::Failed);
    QVERIFY(journal.installTest.ran);
    QVERIFY(!journal.installTest.passed);
    QCOMPARE(journal.installTest.exitCode, 3);
    QVERIFY2(journal.installTest.output.contains(u"smoke says 2.0"_s), qPrintable(journal.installTest.output));
    // Kept on disk too.
    const Release::JournalStore store(m_project);
    const auto onDisk = store.load(store.pathFor(journal));
    QVERIFY(onDisk);
    QVERIFY(onDisk->installTest.output.contains(u"smoke says 2.0"_s));
    QVERIFY(m_production->uploadRequests().isEmpty()); // pip only read its index, for dependencies
    QVERIFY(m_production->files().isEmpty());
}

// ---- a real build -------------------------------------------------------------------------

void TestReleaseTools::realBuildWithVersionBump()
{
    const QString project = m_dir->filePath(u"real"_s);
    TestSupport::writeBackendProject(project, TestSupport::Backend::FlitCore, u"bumpedpkg"_s, u"1.2.3"_s);
    Release::StartOptions options = startOptions();
    options.prebuiltFiles.clear();
    options.build.sourceDirectory = project;
    options.build.isolation = false;
    options.build.python = TestSupport::systemPython();
    options.bump = Project::BumpPart::Post;
    const Release::WorkflowResult result = start(options, settings());
    QVERIFY2(result.succeeded(),
        qPrintable(result.error ? result.error->message + u'\n' + result.error->details : QString()));
    QCOMPARE(result.journal.version, u"1.2.3.post1"_s);
    QFile pyproject(project + u"/pyproject.toml"_s);
    QVERIFY(pyproject.open(QIODevice::ReadOnly));
    QVERIFY(pyproject.readAll().contains("version = \"1.2.3.post1\""));
    QCOMPARE(result.journal.files.size(), 2);
    QStringList names;
    for (const TestSupport::RegistryFile &file : m_test->files()) {
        names.append(file.filename);
    }
    names.sort();
    QCOMPARE(names, (QStringList { u"bumpedpkg-1.2.3.post1-py3-none-any.whl"_s, u"bumpedpkg-1.2.3.post1.tar.gz"_s }));
    QVERIFY(QFileInfo::exists(project + u"/.slipway/releases/bumpedpkg-1.2.3.post1.json"_s));
}

// ---- journal format ---------------------------------------------------------------------------

void TestReleaseTools::journalRoundTrip()
{
    Release::ReleaseJournal journal = Release::ReleaseJournal::create(u"Round.Trip"_s, u"3.0rc1"_s, m_project);
    journal.testRegistry.name = u"t"_s;
    journal.testRegistry.uploadUrl = QUrl(u"https://test.pypi.org/legacy/"_s);
    journal.testRegistry.simpleUrl = QUrl(u"https://test.pypi.org/simple/"_s);
    journal.testRegistry.kind = Registry::Kind::TestPyPI;
    journal.files.append(
        { u"round_trip-3.0rc1.tar.gz"_s, u"/x/round_trip-3.0rc1.tar.gz"_s, u"sdist"_s, 42, QString(64, u'a'), {}, {} });
    journal.files[0].test = { Release::TransferState::InFlight, QDateTime::currentDateTimeUtc(), 2, u"sending"_s };
    journal.setStage(Stage::Built, StageOutcome::Passed, u"built"_s);
    journal.setStage(Stage::Checked, StageOutcome::Running);
    journal.overrides.append({ u"skip-rehearsal"_s, u"why"_s, QDateTime::currentDateTimeUtc() });
    journal.installTest.output = u"out"_s;
    journal.git.tagName = u"v3.0rc1"_s;
    journal.addLog(u"hello"_s);
    QCOMPARE(journal.fileName(), u"round-trip-3.0rc1.json"_s);
    // Names from hostile metadata never lead the journal out of its folder.
    const Release::ReleaseJournal hostile
        = Release::ReleaseJournal::create(u"../../etc/x"_s, u"1/../../2"_s, m_project);
    QVERIFY(!hostile.fileName().contains(u'/'));
    QVERIFY(!hostile.fileName().startsWith(u'.'));
    QCOMPARE(QFileInfo(Release::JournalStore(m_project).pathFor(hostile)).absolutePath(),
        Release::JournalStore(m_project).directory());

    const auto back = Release::ReleaseJournal::fromJson(journal.toJson());
    QVERIFY(back);
    QCOMPARE(back->project, journal.project);
    QCOMPARE(back->version, journal.version);
    QCOMPARE(back->testRegistry, journal.testRegistry);
    QCOMPARE(back->files.size(), 1);
    QCOMPARE(back->files[0].test.state, Release::TransferState::InFlight);
    QCOMPARE(back->files[0].test.attempts, 2);
    QCOMPARE(back->stage(Stage::Built).details, u"built"_s);
    // A stage caught running was interrupted: it must run again.
    QCOMPARE(back->stage(Stage::Checked).outcome, StageOutcome::Failed);
    QCOMPARE(back->nextStage(), std::optional<Stage>(Stage::Checked));
    QVERIFY(back->rehearsalSkipped());
    QCOMPARE(back->git.tagName, u"v3.0rc1"_s);
    QCOMPARE(back->log.last().text, u"hello"_s);
    QCOMPARE(back->stages.size(), Release::allStages().size());
}

void TestReleaseTools::corruptJournals_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("code");
    const int corrupt = int(Release::JournalError::Code::Corrupt);
    QTest::addRow("not json") << QByteArray("{") << corrupt;
    QTest::addRow("array") << QByteArray("[]") << corrupt;
    QTest::addRow("no format") << QByteArray(R"({"project":"a","version":"1","state":"in-progress"})") << corrupt;
    QTest::addRow("newer format") << QByteArray(R"({"format":99,"project":"a","version":"1"})")
                                  << int(Release::JournalError::Code::TooNew);
    QTest::addRow("no version") << QByteArray(R"({"format":1,"project":"a","state":"in-progress"})") << corrupt;
    QTest::addRow("bad state") << QByteArray(R"({"format":1,"project":"a","version":"1","state":"done"})") << corrupt;
    QTest::addRow("bad stage") << QByteArray(
        R"({"format":1,"project":"a","version":"1","state":"in-progress","stages":[{"stage":"x","outcome":"passed"}]})")
                               << corrupt;
    QTest::addRow("bad hash") << QByteArray(
        R"({"format":1,"project":"a","version":"1","state":"in-progress","files":[{"filename":"a-1.tar.gz","size":1,"sha256":"abc"}]})")
                              << corrupt;
    QTest::addRow("path in filename") << QByteArray(
        R"({"format":1,"project":"a","version":"1","state":"in-progress","files":[{"filename":"../a-1.tar.gz","size":1,"sha256":"0000000000000000000000000000000000000000000000000000000000000000"}]})")
                                      << corrupt;
}

void TestReleaseTools::corruptJournals()
{
    QFETCH(QByteArray, content);
    QFETCH(int, code);
    const Release::JournalStore store(m_project);
    QVERIFY(QDir().mkpath(store.directory()));
    const QString path = QDir(store.directory()).filePath(u"a-1.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    const auto loaded = store.load(path);
    QVERIFY(!loaded);
    QCOMPARE(int(loaded.error().code), code);
    QVERIFY(loaded.error().message.contains(path));
    // A broken journal is reported, never silently replaced.
    const auto status = Release::ReleaseWorkflow::status(m_project);
    QVERIFY(!status);
    QCOMPARE(status.error().code, WorkflowError::Code::Journal);
}

// ---- CI recipes -------------------------------------------------------------------------------

void TestReleaseTools::ciRecipes_data()
{
    QTest::addColumn<int>("system");
    QTest::addColumn<bool>("tests");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("forbidden");
    QTest::addRow("gitlab") << int(Release::CiSystem::GitLab) << true << u".gitlab-ci.yml"_s
                            << QStringList { u"stage: test"_s, u"python -m pytest"_s,
                                   u"slipway build . --outdir dist"_s, u"slipway check dist/"_s,
                                   u"if: $CI_COMMIT_TAG"_s, u"when: manual"_s,
                                   u"TWINE_PASSWORD=\"$TEST_REGISTRY_TOKEN\""_s, u"image: \"python:3.10\""_s,
                                   u"publish-production:"_s, u"needs: [build, publish-test]"_s }
                            << QStringList { u"pypi-"_s + u"AgE"_s };
    QTest::addRow("github") << int(Release::CiSystem::GitHub) << false << u".github/workflows/release.yml"_s
                            << QStringList { u"id-token: write"_s, u"pypa/gh-action-pypi-publish@release/v1"_s,
                                   u"repository-url: https://test.pypi.org/legacy/"_s,
                                   u"startsWith(github.ref, 'refs/tags/')"_s, u"name: pypi"_s, u"needs: publish-test"_s,
                                   u"python-version: \"3.10\""_s, u"m.version('ci-pkg')"_s }
                            << QStringList { u"password:"_s, u"secrets."_s, u"TWINE_PASSWORD"_s };
}

void TestReleaseTools::ciRecipes()
{
    QFETCH(int, system);
    QFETCH(bool, tests);
    QFETCH(QString, path);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, forbidden);
    const QString project = m_dir->filePath(u"ci"_s);
    QVERIFY(QDir().mkpath(project));
    QFile pyproject(project + u"/pyproject.toml"_s);
    QVERIFY(pyproject.open(QIODevice::WriteOnly));
    pyproject.write("[project]\nname = \"ci-pkg\"\nversion = \"1.0\"\nrequires-python = \">=3.10\"\n");
    pyproject.close();
    if (tests) {
        QVERIFY(QDir().mkpath(project + u"/tests"_s));
    }
    const auto facts = Release::ciProjectFromDirectory(project);
    QVERIFY(facts);
    QCOMPARE(facts->name, u"ci-pkg"_s);
    QCOMPARE(facts->hasTests, tests);
    const Release::CiFile file = Release::generateCiRecipe(Release::CiSystem(system), *facts);
    QCOMPARE(file.relativePath, path);
    const QString text = QString::fromUtf8(file.content);
    for (const QString &needle : expected) {
        QVERIFY2(text.contains(needle), qPrintable(needle));
    }
    for (const QString &needle : forbidden) {
        QVERIFY2(!text.contains(needle), qPrintable(needle));
    }
    QVERIFY(!text.contains(u"%1"_s) && !text.contains(u"%2"_s));
    // Valid YAML, as far as Python's parser is concerned (when PyYAML is there).
    const auto parsed = TestSupport::run(TestSupport::systemPython(),
        { u"-c"_s,
            u"import sys\ntry:\n import yaml\nexcept ImportError:\n sys.exit(0)\n"
            u"d = yaml.safe_load(sys.stdin.read())\nassert isinstance(d, dict)"_s },
        file.content);
    QVERIFY2(parsed.exitCode == 0, parsed.err.constData());
}

void TestReleaseTools::ciFileIsNotOverwrittenWithoutForce()
{
    const Release::CiFile file { u".github/workflows/release.yml"_s, "first\n" };
    const auto written = Release::writeCiFile(m_project, file, false);
    QVERIFY(written);
    QCOMPARE(*written, QDir(m_project).filePath(file.relativePath));
    const auto refused = Release::writeCiFile(m_project, { file.relativePath, "second\n" }, false);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, Release::CiError::Code::Exists);
    QVERIFY(refused.error().message.contains(u"--force"_s));
    QFile content(*written);
    QVERIFY(content.open(QIODevice::ReadOnly));
    QCOMPARE(content.readAll(), QByteArray("first\n"));
    content.close();
    QVERIFY(Release::writeCiFile(m_project, { file.relativePath, "second\n" }, true));
    QVERIFY(content.open(QIODevice::ReadOnly));
    QCOMPARE(content.readAll(), QByteArray("second\n"));
}

QTEST_GUILESS_MAIN(TestReleaseTools)
#include "testreleasetools.moc"
