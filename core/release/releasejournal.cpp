// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/release/releasejournal.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <array>

#include "core/metadata/name.h"
#include "core/util/atomicfile.h"

using namespace Qt::StringLiterals;

namespace Release {

namespace {

constexpr std::array stageNames {
    std::pair { Stage::Built, "built" },
    std::pair { Stage::Checked, "checked" },
    std::pair { Stage::UploadedToTest, "uploaded-to-test" },
    std::pair { Stage::VerifiedOnTest, "verified-on-test" },
    std::pair { Stage::Approved, "approved" },
    std::pair { Stage::UploadedToProduction, "uploaded-to-production" },
    std::pair { Stage::VerifiedOnProduction, "verified-on-production" },
    std::pair { Stage::Tagged, "tagged" },
};

constexpr std::array outcomeNames {
    std::pair { StageOutcome::Pending, "pending" },
    std::pair { StageOutcome::Running, "running" },
    std::pair { StageOutcome::Passed, "passed" },
    std::pair { StageOutcome::Failed, "failed" },
    std::pair { StageOutcome::Skipped, "skipped" },
};

constexpr std::array transferNames {
    std::pair { TransferState::Pending, "pending" },
    std::pair { TransferState::InFlight, "in-flight" },
    std::pair { TransferState::Uploaded, "uploaded" },
    std::pair { TransferState::AlreadyPresent, "already-present" },
    std::pair { TransferState::Failed, "failed" },
};

constexpr std::array releaseStateNames {
    std::pair { ReleaseState::InProgress, "in-progress" },
    std::pair { ReleaseState::AwaitingApproval, "awaiting-approval" },
    std::pair { ReleaseState::Completed, "completed" },
    std::pair { ReleaseState::Aborted, "aborted" },
};

template<typename Enum, std::size_t N>
QString nameOf(const std::array<std::pair<Enum, const char *>, N> &table, Enum value)
{
    for (const auto &[entry, name] : table) {
        if (entry == value) {
            return QString::fromLatin1(name);
        }
    }
    return {};
}

template<typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char *>, N> &table, QStringView name)
{
    for (const auto &[entry, text] : table) {
        if (name == QLatin1StringView(text)) {
            return entry;
        }
    }
    return std::nullopt;
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime timeFrom(const QJsonValue &value)
{
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (time.isValid()) {
        time = time.toUTC();
    }
    return time;
}

QJsonObject registryToJson(const Registry::Registry &registry)
{
    return QJsonObject {
        { u"name"_s, registry.name },
        { u"kind"_s, Registry::kindName(registry.kind) },
        { u"uploadUrl"_s, Registry::urlText(registry.uploadUrl) },
        { u"simpleUrl"_s, registry.simpleUrl.isEmpty() ? QString() : Registry::urlText(registry.simpleUrl) },
        { u"webUrl"_s, registry.webUrl.isEmpty() ? QString() : Registry::urlText(registry.webUrl) },
        { u"username"_s, registry.username },
        { u"caBundlePath"_s, registry.caBundlePath },
        { u"clientCertPath"_s, registry.clientCertPath },
        { u"role"_s, Registry::roleName(registry.role) },
    };
}

Registry::Registry registryFromJson(const QJsonObject &object)
{
    Registry::Registry registry;
    registry.name = object.value(u"name"_s).toString();
    registry.kind = Registry::kindFromName(object.value(u"kind"_s).toString()).value_or(Registry::Kind::Custom);
    registry.uploadUrl = QUrl(object.value(u"uploadUrl"_s).toString());
    registry.simpleUrl = QUrl(object.value(u"simpleUrl"_s).toString());
    registry.webUrl = QUrl(object.value(u"webUrl"_s).toString());
    registry.username = object.value(u"username"_s).toString();
    registry.caBundlePath = object.value(u"caBundlePath"_s).toString();
    registry.clientCertPath = object.value(u"clientCertPath"_s).toString();
    registry.role = Registry::roleFromName(object.value(u"role"_s).toString()).value_or(Registry::Role::None);
    return registry;
}

QJsonObject transferToJson(const FileTransfer &transfer)
{
    return QJsonObject {
        { u"state"_s, transferStateName(transfer.state) },
        { u"time"_s, timeText(transfer.time) },
        { u"attempts"_s, transfer.attempts },
        { u"detail"_s, transfer.detail },
    };
}

FileTransfer transferFromJson(const QJsonObject &object)
{
    FileTransfer transfer;
    transfer.state = transferStateFromName(object.value(u"state"_s).toString()).value_or(TransferState::InFlight);
    transfer.time = timeFrom(object.value(u"time"_s));
    transfer.attempts = object.value(u"attempts"_s).toInt();
    transfer.detail = object.value(u"detail"_s).toString();
    return transfer;
}

JournalError corrupt(const QString &what)
{
    return { JournalError::Code::Corrupt,
        u"The release journal is not valid: %1. Restore it from a backup or abort the release with "
        u"`slipway release abort` (nothing on any index is deleted)."_s.arg(what) };
}

} // namespace

QString stageName(Stage stage)
{
    return nameOf(stageNames, stage);
}

std::optional<Stage> stageFromName(QStringView name)
{
    return valueOf(stageNames, name);
}

QString stageTitle(Stage stage)
{
    switch (stage) {
    case Stage::Built:
        return u"Built"_s;
    case Stage::Checked:
        return u"Checked"_s;
    case Stage::UploadedToTest:
        return u"Uploaded to test"_s;
    case Stage::VerifiedOnTest:
        return u"Verified on test"_s;
    case Stage::Approved:
        return u"Approved"_s;
    case Stage::UploadedToProduction:
        return u"Uploaded to production"_s;
    case Stage::VerifiedOnProduction:
        return u"Verified on production"_s;
    case Stage::Tagged:
        return u"Tagged"_s;
    }
    return {};
}

QList<Stage> allStages()
{
    QList<Stage> stages;
    for (const auto &[stage, name] : stageNames) {
        stages.append(stage);
    }
    return stages;
}

QString outcomeName(StageOutcome outcome)
{
    return nameOf(outcomeNames, outcome);
}

std::optional<StageOutcome> outcomeFromName(QStringView name)
{
    return valueOf(outcomeNames, name);
}

QString targetName(Target target)
{
    return target == Target::Test ? u"test"_s : u"production"_s;
}

QString transferStateName(TransferState state)
{
    return nameOf(transferNames, state);
}

std::optional<TransferState> transferStateFromName(QStringView name)
{
    return valueOf(transferNames, name);
}

QString releaseStateName(ReleaseState state)
{
    return nameOf(releaseStateNames, state);
}

std::optional<ReleaseState> releaseStateFromName(QStringView name)
{
    return valueOf(releaseStateNames, name);
}

// ---- ReleaseJournal -------------------------------------------------------------------------

ReleaseJournal ReleaseJournal::create(const QString &project, const QString &version, const QString &projectDirectory)
{
    ReleaseJournal journal;
    journal.project = project;
    journal.version = version;
    journal.projectDirectory = projectDirectory;
    journal.created = QDateTime::currentDateTimeUtc();
    journal.updated = journal.created;
    journal.ensureStages();
    return journal;
}

void ReleaseJournal::ensureStages()
{
    QList<StageRecord> ordered;
    for (const Stage stage : allStages()) {
        const auto found = std::find_if(
            stages.cbegin(), stages.cend(), [stage](const StageRecord &record) { return record.stage == stage; });
        ordered.append(found != stages.cend() ? *found : StageRecord { stage, StageOutcome::Pending, {}, {} });
    }
    stages = ordered;
}

StageRecord &ReleaseJournal::stage(Stage which)
{
    if (stages.size() != allStages().size()) {
        ensureStages();
    }
    return stages[qsizetype(which)];
}

const StageRecord &ReleaseJournal::stage(Stage which) const
{
    static const StageRecord pending;
    const qsizetype index = qsizetype(which);
    return index < stages.size() && stages.at(index).stage == which ? stages.at(index) : pending;
}

void ReleaseJournal::setStage(Stage which, StageOutcome outcome, const QString &details)
{
    StageRecord &record = stage(which);
    record.outcome = outcome;
    record.time = QDateTime::currentDateTimeUtc();
    record.details = details;
}

std::optional<Stage> ReleaseJournal::nextStage() const
{
    for (const Stage which : allStages()) {
        if (!stage(which).isDone()) {
            return which;
        }
    }
    return std::nullopt;
}

bool ReleaseJournal::hasOverride(QStringView kind) const
{
    return std::any_of(
        overrides.cbegin(), overrides.cend(), [kind](const Override &entry) { return entry.kind == kind; });
}

bool ReleaseJournal::anythingSent() const
{
    return std::any_of(files.cbegin(), files.cend(), [](const PinnedFile &file) {
        return file.test.state != TransferState::Pending || file.production.state != TransferState::Pending;
    });
}

void ReleaseJournal::addLog(const QString &text)
{
    log.append({ QDateTime::currentDateTimeUtc(), text });
    if (log.size() > maxLogEntries) {
        log.remove(0, log.size() - maxLogEntries);
    }
}

PinnedFile *ReleaseJournal::file(const QString &filename)
{
    for (PinnedFile &pinned : files) {
        if (pinned.filename == filename) {
            return &pinned;
        }
    }
    return nullptr;
}

QString ReleaseJournal::fileName() const
{
    // Names and versions come from distribution metadata, which may be anything: only characters
    // that are safe in a file name survive, so a journal can never be written elsewhere.
    auto safe = [](const QString &text) {
        QString result;
        for (const QChar c : text) {
            const bool plain = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
                || c == u'.' || c == u'-' || c == u'_' || c == u'+' || c == u'!';
            result += plain ? c : u'_';
        }
        while (result.startsWith(u'.')) {
            result.replace(0, 1, u'_');
        }
        return result.left(100);
    };
    QString name = safe(Metadata::normalizeName(project));
    if (name.isEmpty()) {
        name = u"release"_s;
    }
    const QString safeVersion = safe(version);
    return u"%1-%2.json"_s.arg(name, safeVersion.isEmpty() ? u"unknown"_s : safeVersion);
}

QJsonObject ReleaseJournal::toJson() const
{
    QJsonArray stageArray;
    for (const Stage which : allStages()) {
        const StageRecord &record = stage(which);
        stageArray.append(QJsonObject {
            { u"stage"_s, stageName(which) },
            { u"outcome"_s, outcomeName(record.outcome) },
            { u"time"_s, timeText(record.time) },
            { u"details"_s, record.details },
        });
    }
    QJsonArray fileArray;
    for (const PinnedFile &file : files) {
        fileArray.append(QJsonObject {
            { u"filename"_s, file.filename },
            { u"path"_s, file.path },
            { u"kind"_s, file.kind },
            { u"size"_s, file.size },
            { u"sha256"_s, file.sha256 },
            { u"test"_s, transferToJson(file.test) },
            { u"production"_s, transferToJson(file.production) },
        });
    }
    QJsonArray overrideArray;
    for (const Override &entry : overrides) {
        overrideArray.append(QJsonObject {
            { u"kind"_s, entry.kind }, { u"reason"_s, entry.reason }, { u"time"_s, timeText(entry.time) } });
    }
    QJsonArray logArray;
    for (const LogEntry &entry : log) {
        logArray.append(QJsonObject { { u"time"_s, timeText(entry.time) }, { u"text"_s, entry.text } });
    }
    return QJsonObject {
        { u"format"_s, formatVersion },
        { u"generator"_s, u"slipway"_s },
        { u"project"_s, project },
        { u"version"_s, version },
        { u"projectDirectory"_s, projectDirectory },
        { u"state"_s, releaseStateName(state) },
        { u"created"_s, timeText(created) },
        { u"updated"_s, timeText(updated) },
        { u"registries"_s,
            QJsonObject { { u"test"_s, registryToJson(testRegistry) },
                { u"production"_s, registryToJson(productionRegistry) } } },
        { u"stages"_s, stageArray },
        { u"files"_s, fileArray },
        { u"overrides"_s, overrideArray },
        { u"installTest"_s,
            QJsonObject {
                { u"requested"_s, installTest.requested },
                { u"python"_s, installTest.python },
                { u"ran"_s, installTest.ran },
                { u"passed"_s, installTest.passed },
                { u"requirement"_s, installTest.requirement },
                { u"smokeCommand"_s, installTest.smokeCommand },
                { u"exitCode"_s, installTest.exitCode },
                { u"output"_s, installTest.output },
                { u"time"_s, timeText(installTest.time) },
            } },
        { u"git"_s,
            QJsonObject {
                { u"repository"_s, git.repository },
                { u"commit"_s, git.commit },
                { u"tagTemplate"_s, git.tagTemplate },
                { u"tagName"_s, git.tagName },
                { u"tagCreated"_s, git.tagCreated },
                { u"tagPushed"_s, git.tagPushed },
            } },
        { u"lastError"_s, lastError },
        { u"log"_s, logArray },
    };
}

std::expected<ReleaseJournal, JournalError> ReleaseJournal::fromJson(const QJsonObject &object)
{
    const int format = object.value(u"format"_s).toInt(-1);
    if (format > formatVersion) {
        return std::unexpected(JournalError { JournalError::Code::TooNew,
            u"The release journal was written by a newer Slipway (format %1); update Slipway to continue this release."_s
                .arg(format) });
    }
    if (format < 1) {
        return std::unexpected(corrupt(u"no \"format\" number"_s));
    }
    ReleaseJournal journal;
    journal.project = object.value(u"project"_s).toString();
    journal.version = object.value(u"version"_s).toString();
    if (journal.project.isEmpty() || journal.version.isEmpty()) {
        return std::unexpected(corrupt(u"no project name or version"_s));
    }
    journal.projectDirectory = object.value(u"projectDirectory"_s).toString();
    const auto state = releaseStateFromName(object.value(u"state"_s).toString());
    if (!state) {
        return std::unexpected(corrupt(u"unknown state \"%1\""_s.arg(object.value(u"state"_s).toString())));
    }
    journal.state = *state;
    journal.created = timeFrom(object.value(u"created"_s));
    journal.updated = timeFrom(object.value(u"updated"_s));
    const QJsonObject registries = object.value(u"registries"_s).toObject();
    journal.testRegistry = registryFromJson(registries.value(u"test"_s).toObject());
    journal.productionRegistry = registryFromJson(registries.value(u"production"_s).toObject());
    for (const QJsonValue &value : object.value(u"stages"_s).toArray()) {
        const QJsonObject entry = value.toObject();
        const auto which = stageFromName(entry.value(u"stage"_s).toString());
        const auto outcome = outcomeFromName(entry.value(u"outcome"_s).toString());
        if (!which || !outcome) {
            return std::unexpected(corrupt(u"a stage entry with an unknown stage or outcome"_s));
        }
        // A stage caught running was interrupted: it has to run again.
        const bool interrupted = *outcome == StageOutcome::Running;
        const QString details = entry.value(u"details"_s).toString();
        journal.stages.append({ *which, interrupted ? StageOutcome::Failed : *outcome, timeFrom(entry.value(u"time"_s)),
            interrupted ? u"Interrupted while running%1"_s.arg(details.isEmpty() ? QString() : u" ("_s + details + u')')
                        : details });
    }
    journal.ensureStages();
    for (const QJsonValue &value : object.value(u"files"_s).toArray()) {
        const QJsonObject entry = value.toObject();
        PinnedFile file;
        file.filename = entry.value(u"filename"_s).toString();
        file.path = entry.value(u"path"_s).toString();
        file.kind = entry.value(u"kind"_s).toString();
        file.size = entry.value(u"size"_s).toInteger(-1);
        file.sha256 = entry.value(u"sha256"_s).toString().toLower();
        const bool hex = std::all_of(file.sha256.cbegin(), file.sha256.cend(),
            [](QChar c) { return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'); });
        if (file.filename.isEmpty() || file.filename.contains(u'/') || file.filename.contains(u'\\')
            || file.sha256.size() != 64 || !hex || file.size < 0) {
            return std::unexpected(corrupt(u"a pinned file without a valid name, size or sha256"_s));
        }
        file.test = transferFromJson(entry.value(u"test"_s).toObject());
        file.production = transferFromJson(entry.value(u"production"_s).toObject());
        journal.files.append(file);
    }
    for (const QJsonValue &value : object.value(u"overrides"_s).toArray()) {
        const QJsonObject entry = value.toObject();
        journal.overrides.append({ entry.value(u"kind"_s).toString(), entry.value(u"reason"_s).toString(),
            timeFrom(entry.value(u"time"_s)) });
    }
    const QJsonObject install = object.value(u"installTest"_s).toObject();
    journal.installTest.requested = install.value(u"requested"_s).toBool();
    journal.installTest.python = install.value(u"python"_s).toString();
    journal.installTest.ran = install.value(u"ran"_s).toBool();
    journal.installTest.passed = install.value(u"passed"_s).toBool();
    journal.installTest.requirement = install.value(u"requirement"_s).toString();
    journal.installTest.smokeCommand = install.value(u"smokeCommand"_s).toString();
    journal.installTest.exitCode = install.value(u"exitCode"_s).toInt(-1);
    journal.installTest.output = install.value(u"output"_s).toString();
    journal.installTest.time = timeFrom(install.value(u"time"_s));
    const QJsonObject git = object.value(u"git"_s).toObject();
    journal.git.repository = git.value(u"repository"_s).toBool();
    journal.git.commit = git.value(u"commit"_s).toString();
    journal.git.tagTemplate = git.value(u"tagTemplate"_s).toString();
    journal.git.tagName = git.value(u"tagName"_s).toString();
    journal.git.tagCreated = git.value(u"tagCreated"_s).toBool();
    journal.git.tagPushed = git.value(u"tagPushed"_s).toBool();
    journal.lastError = object.value(u"lastError"_s).toString();
    for (const QJsonValue &value : object.value(u"log"_s).toArray()) {
        const QJsonObject entry = value.toObject();
        journal.log.append({ timeFrom(entry.value(u"time"_s)), entry.value(u"text"_s).toString() });
    }
    return journal;
}

// ---- JournalStore ---------------------------------------------------------------------------

JournalStore::JournalStore(const QString &projectDirectory)
    : m_directory(QDir(QFileInfo(projectDirectory).absoluteFilePath()).filePath(u".slipway/releases"_s))
{
}

QString JournalStore::pathFor(const ReleaseJournal &journal) const
{
    return QDir(m_directory).filePath(journal.fileName());
}

std::expected<ReleaseJournal, JournalError> JournalStore::load(const QString &path) const
{
    QFile file(path);
    if (!file.exists()) {
        return std::unexpected(JournalError { JournalError::Code::NotFound, u"%1 does not exist."_s.arg(path) });
    }
    if (file.size() > 16 * 1024 * 1024 || !file.open(QIODevice::ReadOnly)) {
        return std::unexpected(JournalError { JournalError::Code::Unreadable,
            u"Cannot read the release journal %1: %2."_s.arg(path, file.errorString()) });
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        JournalError error = corrupt(parseError.error != QJsonParseError::NoError
                ? u"%1 at byte %2"_s.arg(parseError.errorString()).arg(parseError.offset)
                : u"not a JSON object"_s);
        error.message = path + u": "_s + error.message;
        return std::unexpected(error);
    }
    auto journal = ReleaseJournal::fromJson(document.object());
    if (!journal) {
        JournalError error = journal.error();
        error.message = path + u": "_s + error.message;
        return std::unexpected(error);
    }
    return journal;
}

std::expected<void, JournalError> JournalStore::save(ReleaseJournal &journal) const
{
    if (!QDir().mkpath(m_directory)) {
        return std::unexpected(JournalError { JournalError::Code::Unwritable,
            u"Cannot create the folder %1 for the release journal."_s.arg(m_directory) });
    }
    journal.updated = QDateTime::currentDateTimeUtc();
    const auto written
        = Util::writeFileAtomically(pathFor(journal), QJsonDocument(journal.toJson()).toJson(QJsonDocument::Indented));
    if (!written) {
        return std::unexpected(JournalError { JournalError::Code::Unwritable, written.error() });
    }
    return {};
}

std::expected<QList<ReleaseJournal>, JournalError> JournalStore::history() const
{
    QList<ReleaseJournal> journals;
    const QDir directory(m_directory);
    const QStringList names = directory.entryList({ u"*.json"_s }, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        auto journal = load(directory.filePath(name));
        if (!journal) {
            return std::unexpected(journal.error());
        }
        journals.append(std::move(*journal));
    }
    std::stable_sort(journals.begin(), journals.end(),
        [](const ReleaseJournal &a, const ReleaseJournal &b) { return a.created < b.created; });
    return journals;
}

std::expected<ReleaseJournal, JournalError> JournalStore::current() const
{
    auto journals = history();
    if (!journals) {
        return std::unexpected(journals.error());
    }
    std::optional<ReleaseJournal> found;
    for (const ReleaseJournal &journal : std::as_const(*journals)) {
        if ((journal.state == ReleaseState::InProgress || journal.state == ReleaseState::AwaitingApproval)
            && (!found || journal.updated >= found->updated)) {
            found = journal;
        }
    }
    if (!found) {
        return std::unexpected(JournalError {
            JournalError::Code::NotFound, u"No release is in progress in this project (%1)."_s.arg(m_directory) });
    }
    return *found;
}

std::expected<ReleaseJournal, JournalError> JournalStore::latest() const
{
    auto journals = history();
    if (!journals) {
        return std::unexpected(journals.error());
    }
    if (journals->isEmpty()) {
        return std::unexpected(JournalError {
            JournalError::Code::NotFound, u"No release was ever started in this project (%1)."_s.arg(m_directory) });
    }
    const auto found = std::max_element(journals->cbegin(), journals->cend(),
        [](const ReleaseJournal &a, const ReleaseJournal &b) { return a.updated < b.updated; });
    return *found;
}

std::expected<void, JournalError> JournalStore::archive(const ReleaseJournal &journal) const
{
    const QString path = pathFor(journal);
    if (!QFileInfo::exists(path)) {
        return {};
    }
    QString base = journal.fileName();
    base.chop(5); // ".json"
    const QString stamp = QDateTime::currentDateTimeUtc().toString(u"yyyyMMddTHHmmsszzz"_s);
    const QString target = QDir(m_directory).filePath(u"%1.%2.json"_s.arg(base, stamp));
    if (!QFile::rename(path, target)) {
        return std::unexpected(JournalError { JournalError::Code::Unwritable,
            u"Cannot move the old release journal %1 aside to %2."_s.arg(path, target) });
    }
    return {};
}

} // namespace Release
