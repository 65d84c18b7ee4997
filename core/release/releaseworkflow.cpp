// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/release/releaseworkflow.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QtConcurrent>

#include <algorithm>
#include <memory>

#include "core/check/checker.h"
#include "core/dist/distribution.h"
#include "core/index/indexclient.h"
#include "core/index/jsonapi.h"
#include "core/metadata/name.h"
#include "core/metadata/version.h"
#include "core/project/pyproject.h"
#include "core/readme/contenttype.h"
#include "core/readme/renderjob.h"
#include "core/registry/credentials.h"
#include "core/registry/credentialstore.h"
#include "core/release/gitrepository.h"
#include "core/release/installtest.h"
#include "core/upload/uploadform.h"
#include "core/upload/uploadjob.h"

using namespace Qt::StringLiterals;

namespace Release {

namespace {

struct FileFacts {
    QString path;
    QString filename;
    QString kind;
    QString project;
    QString version;
    qint64 size = 0;
    QString sha256;
    QString error;
};

FileFacts readFacts(const QString &path)
{
    FileFacts facts;
    facts.path = QFileInfo(path).absoluteFilePath();
    facts.filename = QFileInfo(path).fileName();
    const auto prepared = Upload::prepareFile(facts.path);
    if (!prepared) {
        facts.error = prepared.error().message;
        return facts;
    }
    facts.kind = prepared->kind == Dist::DistKind::Wheel ? u"wheel"_s : u"sdist"_s;
    facts.project = prepared->project;
    facts.version = prepared->version;
    facts.size = prepared->size;
    facts.sha256 = prepared->digests.sha256Hex();
    return facts;
}

struct Rehash {
    QString filename;
    bool exists = false;
    qint64 size = 0;
    QString sha256;
};

Rehash rehashFile(const QString &filename, const QString &path)
{
    Rehash result;
    result.filename = filename;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return result;
    }
    result.exists = true;
    result.size = file.size();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    result.sha256 = QString::fromLatin1(hash.result().toHex());
    return result;
}

// The fields compared between the release and the latest version on production, as the JSON
// API's `info` and the upload form both name them.
const QStringList &comparedFields()
{
    static const QStringList fields {
        u"summary"_s,
        u"description_content_type"_s,
        u"author"_s,
        u"author_email"_s,
        u"maintainer"_s,
        u"maintainer_email"_s,
        u"license"_s,
        u"license_expression"_s,
        u"keywords"_s,
        u"home_page"_s,
        u"requires_python"_s,
        u"requires_dist"_s,
        u"classifiers"_s,
        u"project_urls"_s,
    };
    return fields;
}

QStringList infoValues(const QJsonObject &info, const QString &field)
{
    const QJsonValue value = info.value(field);
    QStringList values;
    if (value.isArray()) {
        for (const QJsonValue &entry : value.toArray()) {
            values.append(entry.toString());
        }
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            values.append(u"%1, %2"_s.arg(it.key(), it.value().toString()));
        }
    } else if (value.isString() && !value.toString().isEmpty() && value.toString() != u"UNKNOWN"_s) {
        values.append(value.toString());
    }
    return values;
}

QString lastLines(const QString &text, int count)
{
    QStringList lines = text.split(u'\n');
    if (lines.size() > count) {
        lines = lines.mid(lines.size() - count);
    }
    return lines.join(u'\n');
}

} // namespace

QString WorkflowError::codeName() const
{
    switch (code) {
    case Code::InvalidOptions:
        return u"invalid-options"_s;
    case Code::Journal:
        return u"journal"_s;
    case Code::NoRelease:
        return u"no-release"_s;
    case Code::ReleaseInProgress:
        return u"release-in-progress"_s;
    case Code::WrongStage:
        return u"wrong-stage"_s;
    case Code::GitDirty:
        return u"git-dirty"_s;
    case Code::TagExists:
        return u"tag-exists"_s;
    case Code::Git:
        return u"git"_s;
    case Code::VersionBumped:
        return u"version-bumped"_s;
    case Code::Project:
        return u"project"_s;
    case Code::BuildFailed:
        return u"build-failed"_s;
    case Code::CheckFailed:
        return u"check-failed"_s;
    case Code::FilenameReused:
        return u"filename-reused"_s;
    case Code::FileChanged:
        return u"file-changed"_s;
    case Code::Credentials:
        return u"credentials"_s;
    case Code::UploadFailed:
        return u"upload-failed"_s;
    case Code::VerificationFailed:
        return u"verification-failed"_s;
    case Code::InstallTestFailed:
        return u"install-test-failed"_s;
    case Code::NotApproved:
        return u"not-approved"_s;
    case Code::Canceled:
        return u"canceled"_s;
    }
    return {};
}

QJsonObject ApprovalSummary::toJson() const
{
    QJsonArray fileArray;
    for (const PinnedFile &file : files) {
        fileArray.append(QJsonObject { { u"filename"_s, file.filename }, { u"size"_s, file.size },
            { u"sha256"_s, file.sha256 }, { u"kind"_s, file.kind } });
    }
    QJsonArray changeArray;
    for (const MetadataChange &change : changes) {
        changeArray.append(
            QJsonObject { { u"field"_s, change.field }, { u"before"_s, change.before }, { u"after"_s, change.after } });
    }
    return QJsonObject {
        { u"project"_s, project },
        { u"version"_s, version },
        { u"registry"_s, production.name },
        { u"uploadUrl"_s, Registry::urlText(production.uploadUrl) },
        { u"files"_s, fileArray },
        { u"descriptionContentType"_s, descriptionContentType },
        { u"descriptionHtml"_s, descriptionHtml },
        { u"productionVersion"_s, productionVersion },
        { u"changes"_s, changeArray },
        { u"note"_s, note },
        { u"rehearsalSkipped"_s, rehearsalSkipped },
    };
}

// ---- ReleaseWorkflow ------------------------------------------------------------------------

ReleaseWorkflow::ReleaseWorkflow(WorkflowSettings settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{
    qRegisterMetaType<Release::ApprovalSummary>();
    qRegisterMetaType<Release::WorkflowResult>();
    qRegisterMetaType<Release::Stage>();
    qRegisterMetaType<Release::StageOutcome>();
    qRegisterMetaType<Release::Target>();
    qRegisterMetaType<Release::TransferState>();
    qRegisterMetaType<Release::ReleaseJournal>();
}

ReleaseWorkflow::~ReleaseWorkflow() = default;

const Registry::Registry &ReleaseWorkflow::registry(Target target) const
{
    return target == Target::Test ? m_journal.testRegistry : m_journal.productionRegistry;
}

void ReleaseWorkflow::start(const StartOptions &options)
{
    m_start = options;
    m_checkOptions = options.check;
    m_projectDirectory = QFileInfo(options.build.sourceDirectory.isEmpty() ? u"."_s : options.build.sourceDirectory)
                             .absoluteFilePath();
    m_start.build.sourceDirectory = m_projectDirectory;
    begin(Mode::Start);
}

void ReleaseWorkflow::resume(const QString &projectDirectory, const Check::CheckOptions &check)
{
    m_checkOptions = check;
    m_projectDirectory = QFileInfo(projectDirectory.isEmpty() ? u"."_s : projectDirectory).absoluteFilePath();
    begin(Mode::Resume);
}

void ReleaseWorkflow::promote(const QString &projectDirectory, bool preApproved, const Check::CheckOptions &check)
{
    m_checkOptions = check;
    m_preApproved = preApproved;
    m_projectDirectory = QFileInfo(projectDirectory.isEmpty() ? u"."_s : projectDirectory).absoluteFilePath();
    begin(Mode::Promote);
}

void ReleaseWorkflow::begin(Mode mode)
{
    if (m_started) {
        qWarning("ReleaseWorkflow: one run per object");
        return;
    }
    m_started = true;
    m_mode = mode;
    m_git = new GitRepository(m_projectDirectory, this);
    m_git->setGitExecutable(m_settings.git);
    m_git->setEnvironment(m_settings.environment);
    // Callers connect after calling start(); everything begins on the next event-loop turn.
    QTimer::singleShot(0, this, [this] {
        const JournalStore store(m_projectDirectory);
        if (m_mode == Mode::Start) {
            const Registry::Registry &test = m_start.test;
            const Registry::Registry &production = m_start.production;
            if (production.uploadUrl.isEmpty() || production.simpleUrl.isEmpty()) {
                fail(WorkflowError::Code::InvalidOptions,
                    u"The production registry %1 needs an upload URL and a simple index URL (the index is how "
                    u"Slipway verifies the upload)."_s.arg(production.name));
                return;
            }
            if (!m_start.skipRehearsal && (test.uploadUrl.isEmpty() || test.simpleUrl.isEmpty())) {
                fail(WorkflowError::Code::InvalidOptions,
                    u"The test registry %1 needs an upload URL and a simple index URL; or skip the rehearsal with "
                    u"--skip-rehearsal."_s.arg(test.name.isEmpty() ? u"(none)"_s : test.name));
                return;
            }
            if (!m_start.skipRehearsal && test.uploadUrl == production.uploadUrl) {
                fail(WorkflowError::Code::InvalidOptions,
                    u"The test and production registries are the same (%1): a rehearsal there would be the real "
                    u"release. Choose a test registry (role test), or --skip-rehearsal."_s.arg(
                        Registry::urlText(test.uploadUrl)));
                return;
            }
            if (!m_start.skipRehearsal) {
                if (auto separate = Registry::requireSeparateSecrets(test, production, m_settings.environment);
                    !separate) {
                    fail(WorkflowError::Code::Credentials, separate.error().message);
                    return;
                }
            }
            if (const auto current = store.current(); current) {
                if (current->anythingSent() || current->state == ReleaseState::AwaitingApproval) {
                    fail(WorkflowError::Code::ReleaseInProgress,
                        u"The release of %1 %2 is under way (%3). Continue it with `slipway release resume` or "
                        u"`slipway release promote`, or give it up with `slipway release abort`."_s.arg(
                            current->project, current->version, releaseStateName(current->state)));
                    return;
                }
            } else if (current.error().code != JournalError::Code::NotFound) {
                fail(WorkflowError::Code::Journal, current.error().message);
                return;
            }
            inspectGit();
            return;
        }
        auto current = store.current();
        if (!current) {
            fail(current.error().code == JournalError::Code::NotFound ? WorkflowError::Code::NoRelease
                                                                      : WorkflowError::Code::Journal,
                current.error().code == JournalError::Code::NotFound
                    ? u"No release is in progress in %1. Start one with `slipway release start`."_s.arg(
                        m_projectDirectory)
                    : current.error().message);
            return;
        }
        m_journal = *current;
        m_journalCreated = true;
        m_journalPath = store.pathFor(m_journal);
        m_journal.lastError.clear();
        log(u"%1 of %2 %3"_s.arg(m_mode == Mode::Promote ? u"Promotion"_s : u"Resuming the release"_s,
            m_journal.project, m_journal.version));
        if (m_mode == Mode::Promote) {
            const auto pending = m_journal.nextStage();
            if (pending && *pending < Stage::Approved) {
                fail(WorkflowError::Code::WrongStage,
                    u"%1 %2 is not ready for production: the stage \"%3\" is not done. Run `slipway release resume` "
                    u"to finish the rehearsal first."_s.arg(
                        m_journal.project, m_journal.version, stageTitle(*pending)));
                return;
            }
        }
        // Nothing goes anywhere unless the pinned bytes are still the ones that were built. Once
        // they are on production, only verification and the tag remain: the files may be gone.
        const auto pending = m_journal.nextStage();
        if (pending && *pending > Stage::UploadedToProduction) {
            next();
            return;
        }
        rehash([this] { next(); });
    });
}

void ReleaseWorkflow::inspectGit()
{
    if (!m_start.tag) {
        build();
        return;
    }
    m_cancelCurrent = nullptr;
    m_git->inspect(QString(), [this](GitState state) {
        if (m_canceled) {
            fail(WorkflowError::Code::Canceled, u"Release canceled."_s);
            return;
        }
        if (!state.error.isEmpty() && state.repository) {
            fail(WorkflowError::Code::Git, state.error);
            return;
        }
        m_gitState = state;
        if (state.repository && !state.clean) {
            fail(WorkflowError::Code::GitDirty,
                u"The git work tree has uncommitted changes to tracked files; a release must be built from a "
                u"commit. Commit or stash them first:\n%1"_s.arg(state.changes.mid(0, 20).join(u'\n')));
            return;
        }
        if (m_start.bump) {
            bumpVersion();
            return;
        }
        build();
    });
}

void ReleaseWorkflow::bumpVersion()
{
    auto project = Project::PyProject::load(m_projectDirectory);
    if (!project) {
        fail(WorkflowError::Code::Project, project.error().message);
        return;
    }
    const QString before = project->metadata().version.value_or(QString());
    auto bumped = project->bumpVersion(*m_start.bump);
    if (!bumped) {
        fail(WorkflowError::Code::Project, bumped.error().message);
        return;
    }
    const QString after = bumped->metadata().version.value_or(QString());
    if (const auto saved = bumped->save(); !saved) {
        fail(WorkflowError::Code::Project, saved.error().message);
        return;
    }
    log(u"Bumped the version in pyproject.toml from %1 to %2"_s.arg(before, after));
    if (m_gitState.repository) {
        // The tag must point at a commit holding the released version.
        fail(WorkflowError::Code::VersionBumped,
            u"The version in pyproject.toml is now %1 (was %2). Commit this change, then run `slipway release start` "
            u"again (without --bump)."_s.arg(after, before));
        return;
    }
    build();
}

void ReleaseWorkflow::build()
{
    Q_EMIT stageChanged(Stage::Built, StageOutcome::Running, {});
    if (!m_start.prebuiltFiles.isEmpty()) {
        log(u"Releasing %1 already built files"_s.arg(m_start.prebuiltFiles.size()));
        pinFiles(m_start.prebuiltFiles);
        return;
    }
    auto *job = new Build::BuildJob(m_start.build, this);
    m_cancelCurrent = [job] { job->cancel(); };
    connect(job, &Build::BuildJob::stageChanged, this, [this](Build::BuildJob::Stage stage, const QString &text) {
        if (stage != Build::BuildJob::Stage::Finished) {
            Q_EMIT logLine(text);
        }
    });
    connect(job, &Build::BuildJob::outputLine, this,
        [this](Build::OutputSource, const QString &line) { Q_EMIT logLine(u"  "_s + line); });
    connect(job, &Build::BuildJob::finished, this, [this, job](const Build::BuildResult &result) {
        job->deleteLater();
        m_cancelCurrent = nullptr;
        if (m_canceled) {
            fail(WorkflowError::Code::Canceled, u"Release canceled during the build."_s);
            return;
        }
        if (!result.succeeded() || result.artifacts.isEmpty()) {
            const QString message = result.error ? result.error->message : u"The build produced no files."_s;
            Q_EMIT stageChanged(Stage::Built, StageOutcome::Failed, message);
            fail(WorkflowError::Code::BuildFailed, message,
                result.error ? lastLines(result.error->details, 40) : QString());
            return;
        }
        QStringList paths;
        for (const Build::Artifact &artifact : result.artifacts) {
            paths.append(artifact.path);
        }
        pinFiles(paths);
    });
    job->start();
}

void ReleaseWorkflow::pinFiles(const QStringList &paths)
{
    auto *watcher = new QFutureWatcher<QList<FileFacts>>(this);
    connect(watcher, &QFutureWatcher<QList<FileFacts>>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const QList<FileFacts> facts = watcher->result();
        if (m_canceled) {
            fail(WorkflowError::Code::Canceled, u"Release canceled."_s);
            return;
        }
        QStringList problems;
        for (const FileFacts &file : facts) {
            if (!file.error.isEmpty()) {
                problems.append(file.error);
            }
        }
        if (!problems.isEmpty()) {
            Q_EMIT stageChanged(Stage::Built, StageOutcome::Failed, problems.join(u'\n'));
            fail(WorkflowError::Code::BuildFailed, problems.join(u'\n'));
            return;
        }
        QSet<QString> names;
        QSet<QString> filenames;
        const FileFacts &first = facts.first();
        for (const FileFacts &file : facts) {
            names.insert(Metadata::normalizeName(file.project) + u' ' + file.version);
            if (filenames.contains(file.filename)) {
                problems.append(u"%1 is given twice"_s.arg(file.filename));
            }
            filenames.insert(file.filename);
        }
        if (names.size() != 1) {
            problems.append(u"A release is one version of one project; these files belong to several: %1"_s.arg(
                QStringList(names.cbegin(), names.cend()).join(u", "_s)));
        }
        if (!problems.isEmpty()) {
            fail(WorkflowError::Code::InvalidOptions, problems.join(u'\n'));
            return;
        }
        const JournalStore store(m_projectDirectory);
        ReleaseJournal journal = ReleaseJournal::create(first.project, first.version, m_projectDirectory);
        const QString path = store.pathFor(journal);
        if (QFileInfo::exists(path)) {
            auto existing = store.load(path);
            if (existing && existing->state == ReleaseState::Completed) {
                fail(WorkflowError::Code::ReleaseInProgress,
                    u"%1 %2 was released already (see `slipway release history`). Bump the version for a new "
                    u"release, e.g. `slipway release start --bump post`."_s.arg(first.project, first.version));
                return;
            }
            if (existing && (existing->state == ReleaseState::AwaitingApproval || existing->anythingSent())
                && existing->state != ReleaseState::Aborted) {
                fail(WorkflowError::Code::ReleaseInProgress,
                    u"The release of %1 %2 is under way. Continue it with `slipway release resume`, or give it up "
                    u"with `slipway release abort`."_s.arg(first.project, first.version));
                return;
            }
            if (const auto archived = store.archive(journal); !archived) {
                fail(WorkflowError::Code::Journal, archived.error().message);
                return;
            }
        }
        journal.testRegistry = m_start.test;
        journal.productionRegistry = m_start.production;
        for (const FileFacts &file : facts) {
            PinnedFile pinned;
            pinned.filename = file.filename;
            pinned.path = file.path;
            pinned.kind = file.kind;
            pinned.size = file.size;
            pinned.sha256 = file.sha256;
            journal.files.append(pinned);
        }
        journal.git.repository = m_gitState.repository;
        journal.git.commit = m_gitState.head;
        journal.git.tagTemplate = m_start.tag ? m_start.tagTemplate : QString();
        journal.git.tagName
            = m_start.tag ? GitRepository::tagName(m_start.tagTemplate, first.project, first.version) : QString();
        journal.installTest.requested = m_start.installTest;
        journal.installTest.python = m_start.installPython;
        journal.installTest.smokeCommand = m_start.smokeCommand;
        if (m_start.skipRehearsal) {
            journal.overrides.append({ u"skip-rehearsal"_s,
                m_start.overrideReason.isEmpty()
                    ? u"The rehearsal on the test registry was skipped on request (--skip-rehearsal)."_s
                    : m_start.overrideReason,
                QDateTime::currentDateTimeUtc() });
        }
        QStringList described;
        for (const PinnedFile &file : std::as_const(journal.files)) {
            described.append(u"%1 (%2 bytes, sha256 %3)"_s.arg(file.filename).arg(file.size).arg(file.sha256));
        }
        journal.setStage(Stage::Built, StageOutcome::Passed,
            (m_start.prebuiltFiles.isEmpty() ? u"Built and pinned: "_s : u"Pinned prebuilt files: "_s)
                + described.join(u"; "_s));
        m_journal = journal;
        m_journalPath = path;

        auto createJournal = [this] {
            const JournalStore store(m_projectDirectory);
            // A release of another version that never sent anything is superseded, not left dangling.
            if (auto previous = store.current(); previous && previous->fileName() != m_journal.fileName()) {
                previous->state = ReleaseState::Aborted;
                previous->addLog(u"Superseded by the release of %1 %2 (nothing of this one had been sent)."_s.arg(
                    m_journal.project, m_journal.version));
                if (const auto saved = store.save(*previous); !saved) {
                    fail(WorkflowError::Code::Journal, saved.error().message);
                    return;
                }
            }
            m_journalCreated = true;
            log(u"Release %1 %2 started"_s.arg(m_journal.project, m_journal.version));
            if (!save()) {
                return;
            }
            if (m_journal.git.repository) {
                m_git->run({ u"check-ignore"_s, u"-q"_s, u".slipway/releases/"_s + m_journal.fileName() },
                    [this](GitAnswer answer) {
                        if (answer.started && answer.exitCode == 1) {
                            Q_EMIT logLine(u"Tip: add .slipway/ to .gitignore; release journals are local "
                                           u"records, not sources."_s);
                        }
                    });
            }
            Q_EMIT stageChanged(Stage::Built, StageOutcome::Passed, m_journal.stage(Stage::Built).details);
            next();
        };
        if (!m_journal.git.repository || m_journal.git.tagName.isEmpty()) {
            createJournal();
            return;
        }
        m_git->inspect(m_journal.git.tagName, [this, createJournal](GitState state) {
            if (state.tagExists) {
                fail(WorkflowError::Code::TagExists,
                    u"The tag %1 exists already (at %2): this version was tagged before. Bump the version, or "
                    u"choose another tag template (--tag-template)."_s.arg(
                        m_journal.git.tagName, state.tagCommit.left(12)));
                return;
            }
            if (!state.head.isEmpty() && state.head != m_journal.git.commit) {
                fail(WorkflowError::Code::Git,
                    u"HEAD moved during the build (%1 -> %2); start again."_s.arg(
                        m_journal.git.commit.left(12), state.head.left(12)));
                return;
            }
            createJournal();
        });
    });
    watcher->setFuture(QtConcurrent::run([paths] {
        QList<FileFacts> facts;
        for (const QString &path : paths) {
            facts.append(readFacts(path));
        }
        return facts;
    }));
}

void ReleaseWorkflow::next()
{
    if (m_finished) {
        return;
    }
    if (m_canceled) {
        fail(WorkflowError::Code::Canceled, u"Release canceled."_s);
        return;
    }
    const auto stage = m_journal.nextStage();
    if (!stage) {
        m_journal.state = ReleaseState::Completed;
        log(u"Release %1 %2 completed"_s.arg(m_journal.project, m_journal.version));
        if (save()) {
            complete(false);
        }
        return;
    }
    switch (*stage) {
    case Stage::Built:
        // Only a journal written by hand can get here: the files are pinned when it is created.
        fail(WorkflowError::Code::Journal, u"The journal has no pinned files; start the release again."_s);
        return;
    case Stage::Checked:
        check(Stage::Checked);
        return;
    case Stage::UploadedToTest:
        if (m_journal.rehearsalSkipped()) {
            setStage(
                Stage::UploadedToTest, StageOutcome::Skipped, u"Rehearsal skipped on request (override recorded)."_s);
            if (save()) {
                next();
            }
            return;
        }
        setStage(Stage::UploadedToTest, StageOutcome::Running, u"Looking for the filenames on the test index"_s);
        if (save()) {
            precheck(Target::Test, [this] { upload(Target::Test); });
        }
        return;
    case Stage::VerifiedOnTest:
        if (m_journal.rehearsalSkipped()) {
            setStage(
                Stage::VerifiedOnTest, StageOutcome::Skipped, u"Rehearsal skipped on request (override recorded)."_s);
            if (save()) {
                next();
            }
            return;
        }
        verify(Target::Test);
        return;
    case Stage::Approved:
        if (m_mode != Mode::Promote) {
            m_journal.state = ReleaseState::AwaitingApproval;
            log(u"Rehearsal done; waiting for approval (`slipway release promote`)"_s);
            if (save()) {
                complete(true);
            }
            return;
        }
        // Promotion re-runs the checks: rules may have changed since the rehearsal.
        check(Stage::Approved);
        return;
    case Stage::UploadedToProduction:
        m_journal.state = ReleaseState::InProgress;
        upload(Target::Production);
        return;
    case Stage::VerifiedOnProduction:
        verify(Target::Production);
        return;
    case Stage::Tagged:
        tag();
        return;
    }
}

void ReleaseWorkflow::check(Stage stage)
{
    if (stage == Stage::Checked) {
        setStage(Stage::Checked, StageOutcome::Running);
        if (!save()) {
            return;
        }
    } else {
        log(u"Checking the pinned files again before approval"_s);
    }
    QStringList paths;
    for (const PinnedFile &file : std::as_const(m_journal.files)) {
        paths.append(file.path);
    }
    auto *checker = new Check::Checker(m_checkOptions, this);
    m_cancelCurrent = [checker] { checker->cancel(); };
    connect(checker, &Check::Checker::finished, this, [this, checker, stage] {
        checker->deleteLater();
        m_cancelCurrent = nullptr;
        if (m_canceled) {
            fail(WorkflowError::Code::Canceled, u"Release canceled during the checks."_s, {}, Stage::Checked);
            return;
        }
        QStringList errors;
        int warnings = 0;
        for (const Check::FileReport &report : checker->reports()) {
            for (const Check::Finding &finding : report.findings) {
                if (finding.severity == Check::Severity::Error) {
                    errors.append(u"%1: %2 %3"_s.arg(QFileInfo(report.path).fileName(), finding.code, finding.message));
                } else if (finding.severity == Check::Severity::Warning) {
                    ++warnings;
                }
            }
        }
        if (!errors.isEmpty()) {
            fail(WorkflowError::Code::CheckFailed,
                u"The check engine reports %1 error(s); nothing goes to an index with errors. Fix them and start a "
                u"new release (a new build), or abort this one:\n%2"_s.arg(errors.size())
                    .arg(errors.mid(0, 30).join(u'\n')),
                {}, Stage::Checked);
            return;
        }
        const QString details = warnings == 0 ? u"No errors, no warnings."_s
                                              : u"No errors; %1 warning(s) (see `slipway check`)."_s.arg(warnings);
        if (stage == Stage::Checked) {
            setStage(Stage::Checked, StageOutcome::Passed, details);
            if (save()) {
                next();
            }
            return;
        }
        log(u"Checks passed again: %1"_s.arg(details));
        prepareApproval();
    });
    checker->start(paths);
}

void ReleaseWorkflow::precheck(Target target, std::function<void()> then)
{
    const Stage stage = target == Target::Test ? Stage::UploadedToTest : Stage::Approved;
    credential(target, [this, target, stage, then](std::optional<Registry::Credential>) {
        auto *client = new Index::IndexClient(this);
        Index::ProjectPageReply *reply
            = client->fetchProjectPage(registry(target).simpleUrl, m_journal.project, requestOptions(target));
        m_cancelCurrent = [reply] { reply->abort(); };
        connect(reply, &Index::IndexReply::finished, this, [this, client, reply, target, stage, then] {
            client->deleteLater();
            m_cancelCurrent = nullptr;
            if (m_canceled) {
                fail(WorkflowError::Code::Canceled, u"Release canceled."_s, {}, stage);
                return;
            }
            if (reply->hasError()) {
                fail(WorkflowError::Code::UploadFailed,
                    u"Cannot read the %1 index before uploading: %2"_s.arg(targetName(target), reply->error().message),
                    {}, stage);
                return;
            }
            QStringList reused;
            for (const PinnedFile &file : std::as_const(m_journal.files)) {
                const auto listed = reply->page().file(file.filename);
                if (listed && listed->sha256().compare(file.sha256, Qt::CaseInsensitive) != 0) {
                    reused.append(
                        u"%1 (there: sha256 %2; yours: %3)"_s.arg(file.filename, listed->sha256(), file.sha256));
                }
            }
            if (!reused.isEmpty()) {
                failFilenameReused(target, reused.join(u"; "_s), stage);
                return;
            }
            then();
        });
    });
}

void ReleaseWorkflow::failFilenameReused(Target target, const QString &what, Stage stage)
{
    if (target == Target::Production) {
        fail(WorkflowError::Code::FilenameReused,
            u"The production registry %1 already holds %2 with other contents, and an index never accepts a filename "
            u"twice: these files can never be published there. Nothing was uploaded to production. Abort this "
            u"release (`slipway release abort`) and release a new version (`slipway release start --bump post`)."_s.arg(
                m_journal.productionRegistry.name, what),
            {}, stage);
        return;
    }
    fail(WorkflowError::Code::FilenameReused,
        u"The test registry %1 already holds %2 with other contents, and an index never accepts a filename twice "
        u"(a rehearsal of this version ran before). Nothing was uploaded. Two ways out:\n"
        u"  - bump to a new version: `slipway release start --bump post` (or --bump micro), or\n"
        u"  - skip the rehearsal for this release, recorded as an override: `slipway release start --skip-rehearsal`."_s
            .arg(m_journal.testRegistry.name, what),
        {}, Stage::UploadedToTest);
}

Index::RequestOptions ReleaseWorkflow::requestOptions(Target target) const
{
    Index::RequestOptions options = m_settings.verify.request;
    const Registry::Registry &which = registry(target);
    options.tls.caBundlePath = which.caBundlePath;
    options.tls.clientCertificatePath = which.clientCertPath;
    const auto &credential = target == Target::Test ? m_testCredential : m_productionCredential;
    if (credential && !credential->secret.isEmpty() && options.username.isEmpty()) {
        options.username = credential->username;
        options.password = credential->secret;
    }
    return options;
}

void ReleaseWorkflow::credential(Target target, std::function<void(std::optional<Registry::Credential>)> next)
{
    auto &cached = target == Target::Test ? m_testCredential : m_productionCredential;
    if (cached) {
        next(cached);
        return;
    }
    auto done = [this, target, next](std::expected<Registry::Credential, QString> result) {
        if (m_finished) {
            return;
        }
        if (!result) {
            fail(WorkflowError::Code::Credentials, result.error(), {},
                target == Target::Test ? Stage::UploadedToTest : Stage::UploadedToProduction);
            return;
        }
        (target == Target::Test ? m_testCredential : m_productionCredential) = *result;
        next(*result);
    };
    // Checked again here: a resume may run in another environment than the start.
    if (!m_journal.rehearsalSkipped()) {
        if (auto separate = Registry::requireSeparateSecrets(
                m_journal.testRegistry, m_journal.productionRegistry, m_settings.environment);
            !separate) {
            done(std::unexpected(separate.error().message));
            return;
        }
    }
    if (m_settings.credentials) {
        QPointer<ReleaseWorkflow> self(this);
        m_settings.credentials(registry(target), [self, done](std::expected<Registry::Credential, QString> result) {
            if (self) {
                done(std::move(result));
            }
        });
        return;
    }
    auto *store = new Registry::CredentialStore(this);
    store->setTimeout(Registry::CredentialStore::timeoutFromEnvironment(m_settings.environment));
    store->resolve(registry(target), m_settings.environment, this,
        [store, done](std::expected<Registry::Credential, Registry::CredentialError> result) {
            store->deleteLater();
            if (!result) {
                done(std::unexpected(result.error().message));
                return;
            }
            done(*result);
        });
}

void ReleaseWorkflow::upload(Target target)
{
    const Stage stage = target == Target::Test ? Stage::UploadedToTest : Stage::UploadedToProduction;
    QStringList paths;
    QStringList already;
    for (const PinnedFile &file : std::as_const(m_journal.files)) {
        if (file.transfer(target).isOnIndex()) {
            already.append(file.filename);
        } else {
            paths.append(file.path);
        }
    }
    setStage(stage, StageOutcome::Running,
        already.isEmpty() ? QString() : u"Already there, not sent again: %1"_s.arg(already.join(u", "_s)));
    if (!save()) {
        return;
    }
    if (paths.isEmpty()) {
        onUploadFinished(target);
        return;
    }
    credential(target, [this, target, paths](std::optional<Registry::Credential> credential) {
        Upload::UploadOptions options;
        options.registry = registry(target);
        options.credential = credential;
        options.jobs = m_settings.uploadJobs;
        // Files in an unknown state are looked up on the index before anything is sent; a file
        // the index already has with the pinned sha256 is never sent twice.
        options.skipExisting = true;
        options.runChecks = false; // checked already (and again before promotion)
        options.maxAttempts = m_settings.uploadMaxAttempts;
        options.firstBackoff = m_settings.uploadFirstBackoff;
        options.maxBackoff = m_settings.uploadMaxBackoff;
        if (const auto valid = Upload::UploadJob::validateOptions(options); !valid) {
            fail(WorkflowError::Code::InvalidOptions, valid.error().message, {},
                target == Target::Test ? Stage::UploadedToTest : Stage::UploadedToProduction);
            return;
        }
        log(u"Uploading %1 file(s) to %2 (%3)"_s.arg(paths.size())
                .arg(options.registry.name, Registry::urlText(options.registry.uploadUrl)));
        auto *job = new Upload::UploadJob(paths, options, this);
        m_cancelCurrent = [job] { job->cancel(); };
        connect(job, &Upload::UploadJob::fileStateChanged, this,
            [this, target, job](int index, Upload::FileState state, const QString &detail) {
                const QString filename = QFileInfo(job->paths().at(index)).fileName();
                if (state == Upload::FileState::Uploading) {
                    // From here on the registry may have the file whatever happens to us.
                    setTransfer(target, filename, TransferState::InFlight, detail);
                    save();
                } else if (state == Upload::FileState::Waiting || state == Upload::FileState::Verifying) {
                    log(u"%1: %2"_s.arg(filename, detail));
                }
            });
        connect(job, &Upload::UploadJob::fileProgress, this,
            [this, target, job](int index, const Upload::TransferProgress &progress) {
                Q_EMIT fileProgress(
                    target, QFileInfo(job->paths().at(index)).fileName(), progress.bytesDone, progress.bytesTotal);
            });
        connect(job, &Upload::UploadJob::fileFinished, this,
            [this, target](int, const Upload::FileResult &result) { recordUpload(target, result); });
        connect(job, &Upload::UploadJob::finished, this, [this, target, job](const Upload::UploadResult &) {
            job->deleteLater();
            m_cancelCurrent = nullptr;
            onUploadFinished(target);
        });
        job->start();
    });
}

void ReleaseWorkflow::recordUpload(Target target, const Upload::FileResult &result)
{
    PinnedFile *file = m_journal.file(result.filename);
    if (file == nullptr) {
        return;
    }
    FileTransfer &transfer = file->transfer(target);
    const int attempts = transfer.attempts + result.attempts;
    if (result.isOnIndex() && !result.sha256.isEmpty()
        && result.sha256.compare(file->sha256, Qt::CaseInsensitive) != 0) {
        // The bytes sent are not the pinned ones: the file changed in the moment since the re-hash.
        setTransfer(target, result.filename, TransferState::Failed,
            u"the file sent has sha256 %1, not the pinned %2: it changed on disk during the release"_s.arg(
                result.sha256, file->sha256),
            attempts);
        m_changedDuringUpload = true;
    } else {
        switch (result.outcome) {
        case Upload::FileOutcome::Uploaded:
            setTransfer(target, result.filename, TransferState::Uploaded, result.note, attempts);
            break;
        case Upload::FileOutcome::AlreadyPresent:
            setTransfer(target, result.filename, TransferState::AlreadyPresent,
                result.note.isEmpty() ? u"the index already had this exact file"_s : result.note, attempts);
            break;
        case Upload::FileOutcome::Canceled:
            // A canceled file may or may not have arrived; the next run asks the index first.
            setTransfer(target, result.filename,
                transfer.state == TransferState::InFlight ? TransferState::InFlight : TransferState::Pending,
                u"canceled"_s, attempts);
            break;
        case Upload::FileOutcome::WouldUpload:
        case Upload::FileOutcome::Failed:
            setTransfer(target, result.filename, TransferState::Failed,
                result.error ? result.error->message : u"failed"_s, attempts);
            if (result.error
                && (result.error->code == Upload::UploadError::Code::FileExists
                    || result.error->code == Upload::UploadError::Code::FilenameReused)) {
                m_reusedFilenames.append(u"%1 (%2)"_s.arg(result.filename, result.error->message));
            }
            break;
        }
    }
    save();
}

void ReleaseWorkflow::onUploadFinished(Target target)
{
    const Stage stage = target == Target::Test ? Stage::UploadedToTest : Stage::UploadedToProduction;
    if (m_finished) {
        return;
    }
    QStringList failures;
    int sent = 0;
    int present = 0;
    for (const PinnedFile &file : std::as_const(m_journal.files)) {
        const FileTransfer &transfer = file.transfer(target);
        if (!transfer.isOnIndex()) {
            failures.append(u"%1: %2"_s.arg(
                file.filename, transfer.detail.isEmpty() ? transferStateName(transfer.state) : transfer.detail));
        }
        sent += transfer.state == TransferState::Uploaded ? 1 : 0;
        present += transfer.state == TransferState::AlreadyPresent ? 1 : 0;
    }
    if (m_canceled) {
        fail(WorkflowError::Code::Canceled,
            u"Release canceled during the upload. `slipway release resume` continues it: files the index already "
            u"has are not sent again."_s,
            {}, stage);
        return;
    }
    if (m_changedDuringUpload) {
        fail(WorkflowError::Code::FileChanged,
            u"A pinned file changed on disk during the upload; the release cannot go on with these files. Abort it "
            u"and start a new release (a new version if an index has the old bytes)."_s,
            failures.join(u'\n'), stage);
        return;
    }
    if (!m_reusedFilenames.isEmpty()) {
        failFilenameReused(target, m_reusedFilenames.join(u"; "_s), stage);
        return;
    }
    if (!failures.isEmpty()) {
        fail(WorkflowError::Code::UploadFailed,
            u"Not every file reached %1:\n%2\nRun `slipway release resume` to try again: files already there are "
            u"not sent twice."_s.arg(registry(target).name, failures.join(u'\n')),
            {}, stage);
        return;
    }
    setStage(stage, StageOutcome::Passed,
        u"%1 file(s) on %2: %3 uploaded, %4 already there."_s.arg(m_journal.files.size())
            .arg(registry(target).name)
            .arg(sent)
            .arg(present));
    if (save()) {
        next();
    }
}

void ReleaseWorkflow::verify(Target target)
{
    const Stage stage = target == Target::Test ? Stage::VerifiedOnTest : Stage::VerifiedOnProduction;
    setStage(stage, StageOutcome::Running, u"Waiting for the index to list every file"_s);
    if (!save()) {
        return;
    }
    credential(target, [this, target, stage](std::optional<Registry::Credential>) {
        QList<ExpectedFile> expected;
        for (const PinnedFile &file : std::as_const(m_journal.files)) {
            expected.append({ file.filename, file.sha256 });
        }
        VerifyOptions options = m_settings.verify;
        options.request = requestOptions(target);
        auto *verifier = new IndexVerifier(registry(target).simpleUrl, m_journal.project, expected, options, this);
        m_cancelCurrent = [verifier] { verifier->cancel(); };
        connect(verifier, &IndexVerifier::attempted, this, [this, target](int attempt, int listed, int total) {
            log(u"%1 index lists %2 of %3 files (read %4); waiting"_s.arg(targetName(target))
                    .arg(listed)
                    .arg(total)
                    .arg(attempt));
        });
        connect(verifier, &IndexVerifier::finished, this, [this, verifier, target, stage](const VerifyResult &result) {
            verifier->deleteLater();
            m_cancelCurrent = nullptr;
            if (m_canceled || result.outcome == VerifyResult::Outcome::Canceled) {
                fail(WorkflowError::Code::Canceled, u"Release canceled during verification."_s, {}, stage);
                return;
            }
            if (result.outcome != VerifyResult::Outcome::Verified) {
                fail(WorkflowError::Code::VerificationFailed, result.message, {}, stage);
                return;
            }
            if (target == Target::Test && m_journal.installTest.requested && !m_journal.installTest.passed) {
                log(result.message);
                runInstallTest(result.message);
                return;
            }
            setStage(stage, StageOutcome::Passed, result.message);
            if (save()) {
                next();
            }
        });
        verifier->start();
    });
}

void ReleaseWorkflow::runInstallTest(const QString &verified)
{
    InstallTestOptions options;
    options.python = m_journal.installTest.python.isEmpty() ? u"/usr/bin/python3"_s : m_journal.installTest.python;
    options.project = m_journal.project;
    options.version = m_journal.version;
    options.indexUrl = m_journal.testRegistry.simpleUrl;
    options.extraIndexUrl = m_journal.productionRegistry.simpleUrl;
    options.smokeCommand = m_journal.installTest.smokeCommand;
    log(u"Install test: %1==%2 from %3 in a fresh virtual environment"_s.arg(
        options.project, options.version, Registry::urlText(options.indexUrl)));
    auto *test = new InstallTest(options, this);
    m_cancelCurrent = [test] { test->cancel(); };
    connect(test, &InstallTest::outputLine, this, [this](const QString &line) { Q_EMIT logLine(u"  | "_s + line); });
    connect(test, &InstallTest::finished, this, [this, test, verified](const InstallTestRecord &record) {
        test->deleteLater();
        m_cancelCurrent = nullptr;
        const QString smoke = m_journal.installTest.smokeCommand;
        m_journal.installTest = record;
        m_journal.installTest.smokeCommand = smoke;
        if (m_canceled) {
            fail(WorkflowError::Code::Canceled, u"Release canceled during the install test."_s, {},
                Stage::VerifiedOnTest);
            return;
        }
        if (!record.passed) {
            fail(WorkflowError::Code::InstallTestFailed,
                u"The install test of %1 from the test registry failed (its output is in the journal). Fix the "
                u"package and release a new version, or run `slipway release resume` to try again."_s.arg(
                    record.requirement),
                lastLines(record.output, 30), Stage::VerifiedOnTest);
            return;
        }
        setStage(Stage::VerifiedOnTest, StageOutcome::Passed, verified + u" Install test passed."_s);
        if (save()) {
            next();
        }
    });
    test->start();
}

void ReleaseWorkflow::rehash(std::function<void()> then)
{
    QList<std::pair<QString, QString>> files;
    for (const PinnedFile &file : std::as_const(m_journal.files)) {
        files.append({ file.filename, file.path });
    }
    auto *watcher = new QFutureWatcher<QList<Rehash>>(this);
    connect(watcher, &QFutureWatcher<QList<Rehash>>::finished, this, [this, watcher, then] {
        watcher->deleteLater();
        if (m_canceled) {
            fail(WorkflowError::Code::Canceled, u"Release canceled."_s);
            return;
        }
        QStringList changed;
        for (const Rehash &now : watcher->result()) {
            const PinnedFile *pinned = m_journal.file(now.filename);
            if (!now.exists) {
                changed.append(u"%1 is missing (%2)"_s.arg(now.filename, pinned->path));
            } else if (now.size != pinned->size || now.sha256 != pinned->sha256) {
                changed.append(u"%1 changed: now %2 bytes, sha256 %3; pinned %4 bytes, sha256 %5"_s.arg(now.filename)
                                   .arg(now.size)
                                   .arg(now.sha256)
                                   .arg(pinned->size)
                                   .arg(pinned->sha256));
            }
        }
        if (!changed.isEmpty()) {
            fail(WorkflowError::Code::FileChanged,
                u"The pinned files are not the ones built for this release, so they cannot be %1:\n%2\nRestore "
                u"them, or abort this release and start a new one (a new version if an index has the old bytes)."_s.arg(
                    m_mode == Mode::Promote ? u"promoted"_s : u"uploaded"_s, changed.join(u'\n')),
                {}, m_journal.nextStage());
            return;
        }
        log(u"The %1 pinned file(s) are unchanged (sha256 and size)"_s.arg(m_journal.files.size()));
        then();
    });
    watcher->setFuture(QtConcurrent::run([files] {
        QList<Rehash> result;
        for (const auto &[filename, path] : files) {
            result.append(rehashFile(filename, path));
        }
        return result;
    }));
}

void ReleaseWorkflow::prepareApproval()
{
    auto summary = std::make_shared<ApprovalSummary>();
    summary->project = m_journal.project;
    summary->version = m_journal.version;
    summary->production = m_journal.productionRegistry;
    summary->files = m_journal.files;
    summary->rehearsalSkipped = m_journal.rehearsalSkipped();
    // The wheel's metadata (or the sdist's): what the index will show.
    QString source = m_journal.files.first().path;
    for (const PinnedFile &file : std::as_const(m_journal.files)) {
        if (file.kind == u"wheel"_s) {
            source = file.path;
            break;
        }
    }
    struct Read {
        std::optional<Metadata::CoreMetadata> metadata;
        QList<Upload::FormField> fields;
        QString error;
    };
    auto *watcher = new QFutureWatcher<Read>(this);
    connect(watcher, &QFutureWatcher<Read>::finished, this, [this, watcher, summary] {
        watcher->deleteLater();
        const Read read = watcher->result();
        if (m_canceled) {
            fail(WorkflowError::Code::Canceled, u"Release canceled."_s);
            return;
        }
        if (!read.metadata) {
            fail(WorkflowError::Code::FileChanged,
                u"Cannot read the metadata of the pinned files: %1"_s.arg(read.error));
            return;
        }
        summary->descriptionContentType = read.metadata->value(u"Description-Content-Type");
        auto *render = new Readme::RenderJob(read.metadata->description(),
            Readme::ContentType::parse(summary->descriptionContentType),
            Readme::RenderOptions { m_checkOptions.python, std::chrono::minutes(2) }, this);
        m_cancelCurrent = [render] { render->cancel(); };
        const QList<Upload::FormField> fields = read.fields;
        connect(render, &Readme::RenderJob::finished, this,
            [this, render, summary, fields](const Readme::RenderResult &result) {
                render->deleteLater();
                m_cancelCurrent = nullptr;
                summary->descriptionHtml = result.html;
                fetchProductionMetadata(summary, fields);
            });
        render->start();
    });
    watcher->setFuture(QtConcurrent::run([source] {
        Read read;
        Dist::ReadOptions options;
        options.verifyContents = false;
        const auto distribution = Dist::readDistribution(source, options);
        if (!distribution) {
            read.error = distribution.error().message;
            return read;
        }
        read.metadata = distribution->metadata;
        if (!read.metadata) {
            read.error = u"%1 has no readable metadata"_s.arg(distribution->filename);
            return read;
        }
        if (distribution->parsedFilename && distribution->digests) {
            read.fields
                = Upload::uploadFormFields(*read.metadata, *distribution->parsedFilename, *distribution->digests);
        }
        return read;
    }));
}

void ReleaseWorkflow::fetchProductionMetadata(
    std::shared_ptr<ApprovalSummary> summary, const QList<Upload::FormField> &fields)
{
    const QUrl base = Index::JsonApi::baseFromSimpleIndex(m_journal.productionRegistry.simpleUrl);
    if (!base.isValid()) {
        summary->note = u"The production index has no JSON API Slipway knows of: no metadata comparison."_s;
        precheck(Target::Production, [this, summary] { requestApproval(*summary); });
        return;
    }
    auto *network = new QNetworkAccessManager(this);
    QNetworkRequest request(Index::JsonApi::projectUrl(base, m_journal.project));
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("Cache-Control", "max-age=0");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setTransferTimeout(30000);
    QNetworkReply *reply = network->get(request);
    m_cancelCurrent = [reply] { reply->abort(); };
    connect(reply, &QNetworkReply::finished, this, [this, network, reply, summary, fields] {
        network->deleteLater();
        m_cancelCurrent = nullptr;
        if (m_canceled) {
            fail(WorkflowError::Code::Canceled, u"Release canceled."_s);
            return;
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 404) {
            summary->note = u"%1 is a new project on %2."_s.arg(m_journal.project, m_journal.productionRegistry.name);
        } else if (reply->error() != QNetworkReply::NoError || status != 200) {
            summary->note
                = u"Could not read the production JSON API (%1): no metadata comparison."_s.arg(reply->errorString());
        } else {
            const QJsonObject info = QJsonDocument::fromJson(reply->read(Index::JsonApi::maxPageSize))
                                         .object()
                                         .value(u"info"_s)
                                         .toObject();
            summary->productionVersion = info.value(u"version"_s).toString();
            if (!summary->productionVersion.isEmpty() && summary->productionVersion != m_journal.version) {
                summary->changes.append({ u"version"_s, summary->productionVersion, m_journal.version });
            }
            for (const QString &field : comparedFields()) {
                QStringList ours;
                for (const Upload::FormField &formField : fields) {
                    if (formField.name == field && !formField.value.isEmpty()) {
                        ours.append(formField.value);
                    }
                }
                QStringList theirs = infoValues(info, field);
                QStringList sortedOurs = ours;
                QStringList sortedTheirs = theirs;
                sortedOurs.sort();
                sortedTheirs.sort();
                if (sortedOurs != sortedTheirs) {
                    summary->changes.append({ field, theirs.join(u'\n'), ours.join(u'\n') });
                }
            }
        }
        reply->deleteLater();
        precheck(Target::Production, [this, summary] { requestApproval(*summary); });
    });
}

void ReleaseWorkflow::requestApproval(const ApprovalSummary &summary)
{
    m_summary = summary;
    m_waitingForApproval = true;
    log(u"Waiting for approval to publish %1 %2 on %3"_s.arg(
        m_journal.project, m_journal.version, m_journal.productionRegistry.name));
    Q_EMIT approvalRequested(summary);
    if (m_preApproved && m_waitingForApproval) {
        QTimer::singleShot(0, this, [this] {
            if (m_waitingForApproval) {
                m_approvalNote = u"given in advance"_s;
                approve();
            }
        });
    }
}

void ReleaseWorkflow::approve()
{
    if (!m_waitingForApproval || m_finished) {
        return;
    }
    m_waitingForApproval = false;
    QStringList pinned;
    for (const PinnedFile &file : std::as_const(m_journal.files)) {
        pinned.append(u"%1 sha256 %2"_s.arg(file.filename, file.sha256));
    }
    setStage(Stage::Approved, StageOutcome::Passed,
        u"Approved for %1%2: %3"_s.arg(m_journal.productionRegistry.name,
            m_approvalNote.isEmpty() ? QString() : u" ("_s + m_approvalNote + u')', pinned.join(u"; "_s)));
    m_journal.state = ReleaseState::InProgress;
    if (save()) {
        next();
    }
}

void ReleaseWorkflow::decline()
{
    if (!m_waitingForApproval || m_finished) {
        return;
    }
    m_waitingForApproval = false;
    m_journal.state = ReleaseState::AwaitingApproval;
    fail(WorkflowError::Code::NotApproved,
        u"Not approved: nothing was uploaded to production. `slipway release promote` asks again."_s);
}

void ReleaseWorkflow::cancel()
{
    if (!m_started || m_finished || m_canceled) {
        return;
    }
    m_canceled = true;
    if (m_waitingForApproval) {
        m_waitingForApproval = false;
        fail(WorkflowError::Code::Canceled, u"Release canceled before approval; nothing went to production."_s);
        return;
    }
    if (m_cancelCurrent) {
        const auto cancelCurrent = m_cancelCurrent;
        cancelCurrent();
    }
}

void ReleaseWorkflow::tag()
{
    if (!m_journal.git.repository || m_journal.git.tagName.isEmpty()) {
        setStage(Stage::Tagged, StageOutcome::Skipped,
            m_journal.git.tagTemplate.isEmpty() ? u"Tagging turned off for this release (--no-tag)."_s
                                                : u"Not a git repository: nothing to tag."_s);
        if (save()) {
            next();
        }
        return;
    }
    setStage(Stage::Tagged, StageOutcome::Running);
    if (!save()) {
        return;
    }
    const QString tagName = m_journal.git.tagName;
    m_git->inspect(tagName, [this, tagName](GitState state) {
        if (state.tagExists) {
            if (state.tagCommit == m_journal.git.commit) {
                // A previous run created it and was stopped before writing that down.
                tagged(u"%1 already points at %2."_s.arg(tagName, m_journal.git.commit.left(12)));
                return;
            }
            fail(WorkflowError::Code::TagExists,
                u"The tag %1 exists and points at %2, not at the released commit %3. The release is on production; "
                u"tag it yourself (git tag -a) once you know which tag is right."_s.arg(
                    tagName, state.tagCommit.left(12), m_journal.git.commit.left(12)),
                {}, Stage::Tagged);
            return;
        }
        const QString message = u"Release %1 %2\n\nPublished to %3 by Slipway."_s.arg(
            m_journal.project, m_journal.version, m_journal.productionRegistry.name);
        m_git->createTag(tagName, m_journal.git.commit, message, [this, tagName](GitAnswer answer) {
            if (!answer.ok()) {
                fail(WorkflowError::Code::Git,
                    u"git could not create the tag %1: %2"_s.arg(
                        tagName, answer.errors.isEmpty() ? answer.output : answer.errors),
                    {}, Stage::Tagged);
                return;
            }
            tagged(u"Created the annotated tag %1 at %2."_s.arg(tagName, m_journal.git.commit.left(12)));
        });
    });
}

void ReleaseWorkflow::tagged(const QString &details)
{
    m_journal.git.tagCreated = true;
    if (!m_settings.pushTag) {
        setStage(Stage::Tagged, StageOutcome::Passed,
            details
                + u" Not pushed: `git push %1 %2` (or `slipway release promote --push`)."_s.arg(
                    m_settings.remote, m_journal.git.tagName));
        if (save()) {
            next();
        }
        return;
    }
    m_git->pushTag(m_journal.git.tagName, m_settings.remote, [this, details](GitAnswer answer) {
        if (!answer.ok()) {
            // The release itself is done; a failed push is said, not fatal to what is published.
            setStage(Stage::Tagged, StageOutcome::Passed,
                details + u" Pushing it to %1 failed: %2"_s.arg(m_settings.remote, answer.errors));
            log(u"git push failed: %1"_s.arg(answer.errors));
        } else {
            m_journal.git.tagPushed = true;
            setStage(Stage::Tagged, StageOutcome::Passed, details + u" Pushed to %1."_s.arg(m_settings.remote));
        }
        if (save()) {
            next();
        }
    });
}

void ReleaseWorkflow::setStage(Stage stage, StageOutcome outcome, const QString &details)
{
    m_journal.setStage(stage, outcome, details);
    if (outcome == StageOutcome::Passed || outcome == StageOutcome::Skipped || outcome == StageOutcome::Failed) {
        log(u"%1: %2%3"_s.arg(
            stageTitle(stage), outcomeName(outcome), details.isEmpty() ? QString() : u" - "_s + details));
    }
    Q_EMIT stageChanged(stage, outcome, details);
}

void ReleaseWorkflow::setTransfer(
    Target target, const QString &filename, TransferState state, const QString &detail, int attempts)
{
    PinnedFile *file = m_journal.file(filename);
    if (file == nullptr) {
        return;
    }
    FileTransfer &transfer = file->transfer(target);
    transfer.state = state;
    transfer.time = QDateTime::currentDateTimeUtc();
    transfer.detail = detail;
    if (attempts > 0) {
        transfer.attempts = attempts;
    }
    Q_EMIT fileStateChanged(target, filename, state, detail);
}

bool ReleaseWorkflow::save()
{
    if (!m_journalCreated) {
        return true;
    }
    const JournalStore store(m_projectDirectory);
    if (const auto saved = store.save(m_journal); !saved) {
        if (!m_finished) {
            m_journalCreated = false; // do not try again while failing
            fail(WorkflowError::Code::Journal,
                u"Cannot write the release journal, so the release stops here (it must be resumable): %1"_s.arg(
                    saved.error().message));
        }
        return false;
    }
    Q_EMIT journalSaved(m_journal);
    return true;
}

void ReleaseWorkflow::log(const QString &line)
{
    if (m_journalCreated) {
        m_journal.addLog(line);
    }
    Q_EMIT logLine(line);
}

void ReleaseWorkflow::fail(
    WorkflowError::Code code, const QString &message, const QString &details, std::optional<Stage> stage)
{
    if (m_finished) {
        return;
    }
    WorkflowError error { code, message, details };
    if (m_journalCreated) {
        if (stage && code != WorkflowError::Code::NotApproved) {
            setStage(*stage, StageOutcome::Failed, message);
        } else {
            // A stage left running by this run failed with it.
            for (StageRecord &record : m_journal.stages) {
                if (record.outcome == StageOutcome::Running) {
                    setStage(record.stage, StageOutcome::Failed, message);
                }
            }
        }
        m_journal.lastError = message;
        log(u"Stopped: %1"_s.arg(message));
        save();
    } else {
        Q_EMIT logLine(u"Stopped: %1"_s.arg(message));
    }
    m_finished = true;
    WorkflowResult result;
    result.error = error;
    result.journal = m_journal;
    QTimer::singleShot(0, this, [this, result] { Q_EMIT finished(result); });
}

void ReleaseWorkflow::complete(bool awaitingApproval)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    WorkflowResult result;
    result.journal = m_journal;
    result.awaitingApproval = awaitingApproval;
    QTimer::singleShot(0, this, [this, result] { Q_EMIT finished(result); });
}

// ---- synchronous operations -------------------------------------------------------------------

std::expected<ReleaseJournal, WorkflowError> ReleaseWorkflow::status(const QString &projectDirectory)
{
    const JournalStore store(projectDirectory.isEmpty() ? u"."_s : projectDirectory);
    auto current = store.current();
    if (!current && current.error().code == JournalError::Code::NotFound) {
        current = store.latest();
    }
    if (!current) {
        return std::unexpected(
            WorkflowError { current.error().code == JournalError::Code::NotFound ? WorkflowError::Code::NoRelease
                                                                                 : WorkflowError::Code::Journal,
                current.error().message, {} });
    }
    return *current;
}

std::expected<QList<ReleaseJournal>, WorkflowError> ReleaseWorkflow::history(const QString &projectDirectory)
{
    const JournalStore store(projectDirectory.isEmpty() ? u"."_s : projectDirectory);
    auto journals = store.history();
    if (!journals) {
        return std::unexpected(WorkflowError { WorkflowError::Code::Journal, journals.error().message, {} });
    }
    return *journals;
}

std::expected<ReleaseJournal, WorkflowError> ReleaseWorkflow::abort(
    const QString &projectDirectory, const QString &reason)
{
    const JournalStore store(projectDirectory.isEmpty() ? u"."_s : projectDirectory);
    auto current = store.current();
    if (!current) {
        return std::unexpected(
            WorkflowError { current.error().code == JournalError::Code::NotFound ? WorkflowError::Code::NoRelease
                                                                                 : WorkflowError::Code::Journal,
                current.error().message, {} });
    }
    current->state = ReleaseState::Aborted;
    current->addLog(u"Aborted%1. Nothing was deleted from any index; files already uploaded stay there."_s.arg(
        reason.isEmpty() ? QString() : u" (%1)"_s.arg(reason)));
    if (const auto saved = store.save(*current); !saved) {
        return std::unexpected(WorkflowError { WorkflowError::Code::Journal, saved.error().message, {} });
    }
    return *current;
}

} // namespace Release
