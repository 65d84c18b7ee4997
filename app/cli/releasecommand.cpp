// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/releasecommand.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QTextStream>

#include <chrono>

#include <unistd.h>

#include "app/cli/buildoptions.h"
#include "app/cli/commandline.h"
#include "app/cli/commandregistry.h"
#include "app/cli/interruptwatcher.h"
#include "core/dist/distfiles.h"
#include "core/registry/registrystore.h"
#include "core/release/releaseworkflow.h"

using namespace Qt::StringLiterals;

namespace Cli {

namespace {

const CommandRegistration<ReleaseCommand> registration { "release",
    "Release a version: rehearse on the test registry, then publish the same files to production and tag." };

const QString overview = u"Usage: slipway release <verb> [DIR] [options]\n\n"
                         u"Verbs:\n"
                         u"  start     build, check, upload to the test registry, verify there; stops before approval\n"
                         u"  promote   show what goes to production, ask for approval (or --yes), upload, verify, tag\n"
                         u"  resume    continue the release in progress after a failure or an interruption\n"
                         u"  status    the stage table of the release in progress (or the last one)\n"
                         u"  abort     give up the release in progress (nothing is deleted from any index)\n"
                         u"  history   every release of the project\n\n"
                         u"`slipway release <verb> --help` describes each verb's options.\n"_s;

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s) : QString();
}

QString stateText(Release::ReleaseState state)
{
    switch (state) {
    case Release::ReleaseState::InProgress:
        return u"in progress"_s;
    case Release::ReleaseState::AwaitingApproval:
        return u"awaiting approval"_s;
    case Release::ReleaseState::Completed:
        return u"completed"_s;
    case Release::ReleaseState::Aborted:
        return u"aborted"_s;
    }
    return {};
}

QString firstLine(const QString &text, qsizetype width)
{
    QString line = text.section(u'\n', 0, 0);
    if (line.size() > width) {
        line = line.left(width - 1) + u"…"_s;
    }
    return line;
}

QString nextStep(const Release::ReleaseJournal &journal)
{
    switch (journal.state) {
    case Release::ReleaseState::AwaitingApproval:
        return u"Next: slipway release promote (shows what goes to production and asks for approval)."_s;
    case Release::ReleaseState::InProgress:
        return u"Next: slipway release resume (continues where it stopped), or slipway release abort."_s;
    case Release::ReleaseState::Completed:
    case Release::ReleaseState::Aborted:
        return {};
    }
    return {};
}

// The description as text for a terminal: tags dropped, entities decoded, first lines.
QString htmlPreview(const QString &html, int maxLines)
{
    QString text = html;
    static const QRegularExpression blocks(
        u"</(p|h[1-6]|li|pre|div|tr)>|<br\\s*/?>"_s, QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression tags(u"<[^>]*>"_s);
    text.replace(blocks, u"\n"_s);
    text.remove(tags);
    text.replace(u"&lt;"_s, u"<"_s)
        .replace(u"&gt;"_s, u">"_s)
        .replace(u"&quot;"_s, u"\""_s)
        .replace(u"&#39;"_s, u"'"_s);
    text.replace(u"&amp;"_s, u"&"_s);
    QStringList lines;
    for (const QString &line : text.split(u'\n')) {
        if (!line.trimmed().isEmpty()) {
            lines.append(line.trimmed());
        }
    }
    const qsizetype total = lines.size();
    if (lines.size() > maxLines) {
        lines = lines.mid(0, maxLines);
        lines.append(u"… (%1 more lines)"_s.arg(total - maxLines));
    }
    return lines.join(u'\n');
}

QJsonObject resultJson(const Release::WorkflowResult &result, const std::optional<QJsonObject> &approval)
{
    QJsonObject root {
        { u"ok"_s, result.succeeded() },
        { u"awaitingApproval"_s, result.awaitingApproval },
        { u"journal"_s,
            result.journal.project.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(result.journal.toJson()) },
    };
    if (result.error) {
        root.insert(u"error"_s,
            QJsonObject { { u"code"_s, result.error->codeName() }, { u"message"_s, result.error->message },
                { u"details"_s, result.error->details } });
    } else {
        root.insert(u"error"_s, QJsonValue::Null);
    }
    root.insert(u"approval"_s, approval ? QJsonValue(*approval) : QJsonValue(QJsonValue::Null));
    return root;
}

// Shared by the verbs that talk to registries.
void addVerifyOptions(QCommandLineParser &parser)
{
    parser.addOption(
        { u"verify-attempts"_s, u"How often to read the index while waiting for new files (default 30)."_s, u"N"_s });
    parser.addOption({ u"verify-interval"_s, u"Seconds between those reads (default 2)."_s, u"SECONDS"_s });
    parser.addOption(
        { u"check-python"_s, u"The Python interpreter that renders reStructuredText for the checks."_s, u"PATH"_s });
    parser.addOption({ u"json"_s, u"Print the result as one JSON object on stdout; progress goes to stderr."_s });
}

std::optional<QString> applyVerifyOptions(const QCommandLineParser &parser, Release::WorkflowSettings &settings)
{
    if (parser.isSet(u"verify-attempts"_s)) {
        bool ok = false;
        const int attempts = parser.value(u"verify-attempts"_s).toInt(&ok);
        if (!ok || attempts < 1 || attempts > 10000) {
            return u"--verify-attempts takes a number from 1 to 10000"_s;
        }
        settings.verify.attempts = attempts;
    }
    if (parser.isSet(u"verify-interval"_s)) {
        bool ok = false;
        const double seconds = parser.value(u"verify-interval"_s).toDouble(&ok);
        if (!ok || seconds < 0 || seconds > 3600) {
            return u"--verify-interval takes a number of seconds from 0 to 3600"_s;
        }
        settings.verify.interval = std::chrono::milliseconds(qRound64(seconds * 1000.0));
    }
    return std::nullopt;
}

} // namespace

ReleaseCommand::ReleaseCommand(Console console, QObject *parent)
    : Command(console, parent)
{
}

ReleaseCommand::~ReleaseCommand() = default;

QTextStream &ReleaseCommand::progress()
{
    return err();
}

void ReleaseCommand::start(const QStringList &arguments)
{
    const QString verb = arguments.value(0);
    const QStringList rest = arguments.mid(1);
    m_verb = verb;
    if (verb == u"start"_s) {
        startRelease(rest);
    } else if (verb == u"promote"_s || verb == u"resume"_s) {
        promoteOrResume(verb, rest);
    } else if (verb == u"status"_s) {
        status(rest);
    } else if (verb == u"abort"_s) {
        abort(rest);
    } else if (verb == u"history"_s) {
        history(rest);
    } else if (verb == u"--help"_s || verb == u"-h"_s || verb == u"help"_s) {
        out() << overview;
        out().flush();
        Q_EMIT finished(ExitCode::Success);
    } else {
        err() << (verb.isEmpty() ? u"slipway release: which verb?\n"_s
                                 : u"slipway release: unknown verb '%1'\n"_s.arg(verb))
              << overview;
        err().flush();
        Q_EMIT finished(ExitCode::UsageError);
    }
}

void ReleaseCommand::startRelease(const QStringList &arguments)
{
    CommandLine commandLine(u"release start"_s,
        u"Builds the project (or takes --dist files), checks the files, uploads them to the test registry, verifies "
        u"that its index lists them with the same sha256 (and, with --install-test, that they install), and stops "
        u"before approval. The files are pinned by sha256: promotion sends exactly these bytes to production."_s);
    QCommandLineParser &parser = commandLine.parser();
    parser.addOption({ u"test"_s, u"The test registry (default: the one registry with role test)."_s, u"REGISTRY"_s });
    parser.addOption(
        { u"prod"_s, u"The production registry (default: the one registry with role production)."_s, u"REGISTRY"_s });
    parser.addOption({ u"dist"_s,
        u"Release these already built files (or the distributions in a folder) instead of "
        u"building; repeatable."_s,
        u"PATH"_s });
    parser.addOption(
        { u"bump"_s, u"First bump the version in pyproject.toml: post, micro, minor, major, ..."_s, u"PART"_s });
    parser.addOption({ u"skip-rehearsal"_s, u"Do not upload to the test registry (recorded as an override)."_s });
    parser.addOption({ u"reason"_s, u"With --skip-rehearsal: why, for the journal."_s, u"TEXT"_s });
    parser.addOption({ u"install-test"_s,
        u"After verification, install the version from the test registry into a "
        u"fresh virtual environment and run the smoke command."_s });
    parser.addOption({ u"smoke"_s,
        u"The smoke command for --install-test, run with /bin/sh in the environment "
        u"(default: import the package and print its version)."_s,
        u"COMMAND"_s });
    parser.addOption({ u"install-python"_s, u"The Python that creates the install test's environment."_s, u"PATH"_s,
        u"/usr/bin/python3"_s });
    parser.addOption({ u"tag-template"_s, u"The git tag made after publication ({version}, {name})."_s, u"TEMPLATE"_s,
        u"v{version}"_s });
    parser.addOption({ u"no-tag"_s, u"Neither check nor create a git tag."_s });
    addBuildOptions(parser); // as `slipway build`
    addVerifyOptions(parser);
    const std::optional<QString> folder = parseProjectFolder(commandLine, arguments);
    if (!folder) {
        return;
    }
    m_json = parser.isSet(u"json"_s);

    Release::StartOptions options;
    auto build = buildOptionsFrom(parser, folder->isEmpty() ? u"."_s : *folder);
    if (!build) {
        Q_EMIT finished(commandLine.usageError(err(), build.error()));
        return;
    }
    options.build = *build;
    if (parser.isSet(u"dist"_s)) {
        options.prebuiltFiles = Dist::expandDistributionPaths(parser.values(u"dist"_s));
        if (options.prebuiltFiles.isEmpty()) {
            Q_EMIT finished(commandLine.usageError(err(), u"--dist names no .whl or .tar.gz files."_s));
            return;
        }
    }
    if (parser.isSet(u"bump"_s)) {
        const auto part = Project::bumpPartFromString(parser.value(u"bump"_s));
        if (!part) {
            Q_EMIT finished(commandLine.usageError(
                err(), u"--bump takes one of: %1."_s.arg(Project::bumpPartNames().join(u", "_s))));
            return;
        }
        if (!options.prebuiltFiles.isEmpty()) {
            Q_EMIT finished(commandLine.usageError(err(), u"--bump needs a build; it does not go with --dist."_s));
            return;
        }
        options.bump = *part;
    }
    if (parser.isSet(u"reason"_s) && !parser.isSet(u"skip-rehearsal"_s)) {
        Q_EMIT finished(commandLine.usageError(err(), u"--reason goes with --skip-rehearsal."_s));
        return;
    }
    if (parser.isSet(u"smoke"_s) && !parser.isSet(u"install-test"_s)) {
        Q_EMIT finished(commandLine.usageError(err(), u"--smoke goes with --install-test."_s));
        return;
    }
    options.skipRehearsal = parser.isSet(u"skip-rehearsal"_s);
    options.overrideReason = parser.value(u"reason"_s);
    options.installTest = parser.isSet(u"install-test"_s);
    options.smokeCommand = parser.value(u"smoke"_s);
    options.installPython = parser.value(u"install-python"_s);
    options.tagTemplate = parser.value(u"tag-template"_s);
    options.tag = !parser.isSet(u"no-tag"_s);
    if (options.tag && !options.tagTemplate.contains(u"{version}"_s)) {
        Q_EMIT finished(commandLine.usageError(err(), u"--tag-template must contain {version}."_s));
        return;
    }
    options.check.python = parser.value(u"check-python"_s);

    Release::WorkflowSettings settings;
    if (const auto problem = applyVerifyOptions(parser, settings)) {
        Q_EMIT finished(commandLine.usageError(err(), *problem));
        return;
    }

    // The registries by name, or by role.
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    Registry::RegistryStore store(Registry::RegistryStore::defaultPath());
    if (const auto loaded = store.load(); !loaded) {
        err() << "slipway release: " << loaded.error().message << '\n';
        Q_EMIT finished(ExitCode::Failure);
        return;
    }
    auto pick = [&store](const QString &name, Registry::Role role,
                    const QString &option) -> std::expected<Registry::Registry, QString> {
        if (!name.isEmpty()) {
            if (const auto found = store.find(name)) {
                return *found;
            }
            return std::unexpected(u"No registry named '%1' (see `slipway registry list`)."_s.arg(name));
        }
        QList<Registry::Registry> candidates;
        for (const Registry::Registry &registry : store.registries()) {
            if (registry.role == role) {
                candidates.append(registry);
            }
        }
        if (candidates.size() == 1) {
            return candidates.first();
        }
        return std::unexpected(candidates.isEmpty()
                ? u"Which %1 registry? Give %2 REGISTRY, or give one registry the role (`slipway registry edit NAME "
                  u"--role %1`)."_s.arg(Registry::roleName(role), option)
                : u"Several registries have the role %1; choose one with %2 REGISTRY."_s.arg(
                    Registry::roleName(role), option));
    };
    const auto production = pick(parser.value(u"prod"_s), Registry::Role::Production, u"--prod"_s);
    if (!production) {
        err() << "slipway release: " << production.error() << '\n';
        Q_EMIT finished(ExitCode::Failure);
        return;
    }
    options.production = *production;
    if (!options.skipRehearsal || parser.isSet(u"test"_s)) {
        const auto test = pick(parser.value(u"test"_s), Registry::Role::Test, u"--test"_s);
        if (!test) {
            err() << "slipway release: " << test.error() << '\n';
            Q_EMIT finished(ExitCode::Failure);
            return;
        }
        options.test = *test;
    }
    settings.environment = environment;

    m_workflow = new Release::ReleaseWorkflow(settings, this);
    connectWorkflow();
    installSignalHandlers();
    m_workflow->start(options);
}

void ReleaseCommand::promoteOrResume(const QString &verb, const QStringList &arguments)
{
    CommandLine commandLine(u"release "_s + verb,
        verb == u"promote"_s
            ? u"Checks that the pinned files are unchanged and still pass the checks, shows what will go to "
              u"production (files, sizes, hashes, the description, the metadata changes against the version there), "
              u"asks for approval (or takes --yes), then uploads exactly those files, verifies them on the "
              u"production index and creates the git tag."_s
            : u"Continues the release in progress from its journal: files already on an index are not sent again, "
              u"files whose upload was interrupted are looked up on the index first. Stops before approval unless "
              u"it was given already."_s);
    QCommandLineParser &parser = commandLine.parser();
    if (verb == u"promote"_s) {
        parser.addOption({ { u"y"_s, u"yes"_s }, u"Approve without asking (for scripts and CI)."_s });
    }
    parser.addOption({ u"push"_s, u"Push the tag to the remote after creating it."_s });
    parser.addOption({ u"remote"_s, u"The remote for --push."_s, u"NAME"_s, u"origin"_s });
    addVerifyOptions(parser);
    const std::optional<QString> folder = parseProjectFolder(commandLine, arguments);
    if (!folder) {
        return;
    }
    m_json = parser.isSet(u"json"_s);
    m_yes = verb == u"promote"_s && parser.isSet(u"yes"_s);
    Release::WorkflowSettings settings;
    if (const auto problem = applyVerifyOptions(parser, settings)) {
        Q_EMIT finished(commandLine.usageError(err(), *problem));
        return;
    }
    settings.pushTag = parser.isSet(u"push"_s);
    settings.remote = parser.value(u"remote"_s);
    Check::CheckOptions check;
    check.python = parser.value(u"check-python"_s);
    const QString directory = folder->isEmpty() ? u"."_s : *folder;

    m_workflow = new Release::ReleaseWorkflow(settings, this);
    connectWorkflow();
    installSignalHandlers();
    if (verb == u"promote"_s) {
        m_workflow->promote(directory, false, check);
    } else {
        m_workflow->resume(directory, check);
    }
}

std::optional<QString> ReleaseCommand::parseProjectFolder(CommandLine &commandLine, const QStringList &arguments)
{
    commandLine.parser().addPositionalArgument(
        u"DIR"_s, u"The project folder (default: the current folder)."_s, u"[DIR]"_s);
    if (const auto exitCode = commandLine.parse(arguments, out(), err())) {
        Q_EMIT finished(*exitCode);
        return std::nullopt;
    }
    const QStringList positional = commandLine.parser().positionalArguments();
    if (positional.size() > 1) {
        Q_EMIT finished(commandLine.usageError(err(), u"Only one project folder at a time."_s));
        return std::nullopt;
    }
    return positional.value(0);
}

void ReleaseCommand::connectWorkflow()
{
    connect(m_workflow, &Release::ReleaseWorkflow::logLine, this, [this](const QString &line) {
        progress() << line << '\n';
        progress().flush();
    });
    connect(m_workflow, &Release::ReleaseWorkflow::fileStateChanged, this,
        [this](Release::Target target, const QString &filename, Release::TransferState state, const QString &detail) {
            if (state == Release::TransferState::InFlight || state == Release::TransferState::Pending) {
                return;
            }
            progress() << "  " << Release::transferStateName(state).leftJustified(16) << filename << " ("
                       << Release::targetName(target) << ')'
                       << (state == Release::TransferState::Failed && !detail.isEmpty() ? u": "_s + detail : QString())
                       << '\n';
            progress().flush();
        });
    connect(m_workflow, &Release::ReleaseWorkflow::approvalRequested, this, &ReleaseCommand::onApprovalRequested);
    connect(m_workflow, &Release::ReleaseWorkflow::finished, this, &ReleaseCommand::onFinished);
}

void ReleaseCommand::onApprovalRequested(const Release::ApprovalSummary &summary)
{
    m_approval = summary.toJson();
    // The summary goes where a person reads it: stdout, or stderr when stdout is JSON.
    QTextStream &o = m_json ? err() : out();
    o << "\nTo be published on " << summary.production.name << " (" << Registry::urlText(summary.production.uploadUrl)
      << "): " << summary.project << ' ' << summary.version << '\n';
    for (const Release::PinnedFile &file : summary.files) {
        o << "  " << file.filename << "  " << file.size << " bytes  sha256 " << file.sha256 << '\n';
    }
    if (summary.rehearsalSkipped) {
        o << "  NOTE: the rehearsal on the test registry was skipped (override in the journal).\n";
    }
    if (!summary.productionVersion.isEmpty()) {
        o << "\nChanges against " << summary.productionVersion << " on " << summary.production.name << ":\n";
        if (summary.changes.isEmpty()) {
            o << "  (no metadata changes)\n";
        }
        for (const Release::MetadataChange &change : summary.changes) {
            o << "  " << change.field << ":\n";
            o << "    - "
              << (change.before.isEmpty() ? u"(none)"_s : QString(change.before).replace(u"\n"_s, u"\n    - "_s))
              << '\n';
            o << "    + "
              << (change.after.isEmpty() ? u"(none)"_s : QString(change.after).replace(u"\n"_s, u"\n    + "_s)) << '\n';
        }
    }
    if (!summary.note.isEmpty()) {
        o << "\n" << summary.note << '\n';
    }
    o << "\nDescription ("
      << (summary.descriptionContentType.isEmpty() ? u"text/x-rst"_s : summary.descriptionContentType)
      << "), as the index will show it:\n";
    for (const QString &line : htmlPreview(summary.descriptionHtml, 15).split(u'\n')) {
        o << "  | " << line << '\n';
    }
    o.flush();

    if (m_yes) {
        m_workflow->setApprovalNote(u"given with --yes"_s);
        m_workflow->approve();
        return;
    }
#ifdef Q_OS_UNIX
    if (::isatty(STDIN_FILENO) == 1) {
        askForApproval();
        return;
    }
#endif
    err() << "\nslipway release: standard input is not a terminal, so Slipway cannot ask for approval. Run "
             "`slipway release promote --yes` to approve the files above.\n";
    err().flush();
    m_workflow->decline();
}

void ReleaseCommand::askForApproval()
{
#ifdef Q_OS_UNIX
    err() << "\nPublish these files on production? Type 'yes' to approve: ";
    err().flush();
    m_stdinNotifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_stdinNotifier, &QSocketNotifier::activated, this, [this] {
        char buffer[256];
        const ssize_t count = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (count > 0) {
            m_answer += QString::fromUtf8(buffer, count);
            if (!m_answer.contains(u'\n')) {
                return;
            }
        }
        m_stdinNotifier->setEnabled(false);
        const QString answer = m_answer.trimmed().toLower();
        if (answer == u"yes"_s || answer == u"y"_s) {
            m_workflow->setApprovalNote(u"typed at the terminal"_s);
            m_workflow->approve();
        } else {
            m_workflow->decline();
        }
    });
#endif
}

void ReleaseCommand::onFinished(const Release::WorkflowResult &result)
{
    if (m_json) {
        out() << QJsonDocument(resultJson(result, m_approval)).toJson(QJsonDocument::Indented);
        out().flush();
    } else {
        if (!result.journal.project.isEmpty()) {
            out() << '\n';
            printTable(result.journal);
        }
        if (result.error) {
            err() << "\nslipway release " << m_verb << ": " << result.error->message << '\n';
            if (!result.error->details.isEmpty()) {
                err() << result.error->details << '\n';
            }
        } else if (result.awaitingApproval) {
            out() << "\nThe rehearsal passed. " << nextStep(result.journal) << '\n';
        } else {
            out() << "\nReleased " << result.journal.project << ' ' << result.journal.version << " on "
                  << result.journal.productionRegistry.name << ".\n";
        }
    }
    out().flush();
    err().flush();
    Q_EMIT finished(result.succeeded() ? ExitCode::Success : ExitCode::Failure);
}

void ReleaseCommand::printTable(const Release::ReleaseJournal &journal)
{
    QTextStream &o = out();
    o << journal.project << ' ' << journal.version << " - " << stateText(journal.state) << '\n';
    o << "  test:       "
      << (journal.rehearsalSkipped()
                 ? u"(rehearsal skipped)"_s
                 : u"%1 (%2)"_s.arg(journal.testRegistry.name, Registry::urlText(journal.testRegistry.uploadUrl)))
      << '\n';
    o << "  production: " << journal.productionRegistry.name << " ("
      << Registry::urlText(journal.productionRegistry.uploadUrl) << ")\n\n";
    o << "  " << u"Stage"_s.leftJustified(24) << u"Outcome"_s.leftJustified(9) << u"When (UTC)"_s.leftJustified(21)
      << "Details\n";
    for (const Release::StageRecord &record : journal.stages) {
        o << "  " << Release::stageTitle(record.stage).leftJustified(24)
          << Release::outcomeName(record.outcome).leftJustified(9) << timeText(record.time).leftJustified(21)
          << firstLine(record.details, 100) << '\n';
    }
    o << "\n  Files:\n";
    for (const Release::PinnedFile &file : journal.files) {
        o << "  " << file.filename << "  " << file.size << " bytes  sha256 " << file.sha256.left(16)
          << "…  test: " << Release::transferStateName(file.test.state)
          << "  production: " << Release::transferStateName(file.production.state) << '\n';
    }
    if (!journal.overrides.isEmpty()) {
        o << "\n  Overrides:\n";
        for (const Release::Override &entry : journal.overrides) {
            o << "  " << entry.kind << " (" << timeText(entry.time) << "): " << entry.reason << '\n';
        }
    }
    if (journal.installTest.ran) {
        o << "\n  Install test: " << (journal.installTest.passed ? "passed" : "FAILED") << " ("
          << journal.installTest.requirement << ")\n";
    }
    if (journal.git.repository && !journal.git.tagName.isEmpty()) {
        o << "\n  Git: commit " << journal.git.commit.left(12) << ", tag " << journal.git.tagName
          << (journal.git.tagCreated ? (journal.git.tagPushed ? " (created, pushed)" : " (created, not pushed)")
                                     : " (not yet created)")
          << '\n';
    }
    if (!journal.lastError.isEmpty() && journal.state == Release::ReleaseState::InProgress) {
        o << "\n  Stopped: " << firstLine(journal.lastError, 200) << '\n';
    }
    const QString next = nextStep(journal);
    if (!next.isEmpty() && m_verb != u"start"_s && m_verb != u"resume"_s && m_verb != u"promote"_s) {
        o << '\n' << next << '\n';
    }
    o << "  Journal: " << QDir(Release::JournalStore(journal.projectDirectory).directory()).filePath(journal.fileName())
      << '\n';
}

void ReleaseCommand::status(const QStringList &arguments)
{
    CommandLine commandLine(
        u"release status"_s, u"The stage table of the release in progress, or of the last release."_s);
    commandLine.parser().addOption({ u"json"_s, u"Print the journal as JSON."_s });
    const std::optional<QString> folder = parseProjectFolder(commandLine, arguments);
    if (!folder) {
        return;
    }
    m_json = commandLine.parser().isSet(u"json"_s);
    const auto journal = Release::ReleaseWorkflow::status(*folder);
    if (!journal) {
        if (m_json) {
            out() << QJsonDocument(QJsonObject { { u"ok"_s, false },
                                       { u"error"_s,
                                           QJsonObject { { u"code"_s, journal.error().codeName() },
                                               { u"message"_s, journal.error().message } } } })
                         .toJson(QJsonDocument::Indented);
        } else {
            err() << "slipway release status: " << journal.error().message << '\n';
        }
        out().flush();
        err().flush();
        Q_EMIT finished(ExitCode::Failure);
        return;
    }
    if (m_json) {
        out() << QJsonDocument(journal->toJson()).toJson(QJsonDocument::Indented);
    } else {
        printTable(*journal);
    }
    out().flush();
    Q_EMIT finished(ExitCode::Success);
}

void ReleaseCommand::abort(const QStringList &arguments)
{
    CommandLine commandLine(u"release abort"_s,
        u"Gives up the release in progress: the journal is marked aborted and kept. Nothing is "
        u"deleted from any index (files uploaded stay there)."_s);
    commandLine.parser().addOption({ u"reason"_s, u"Why, for the journal."_s, u"TEXT"_s });
    commandLine.parser().addOption({ u"json"_s, u"Print the journal as JSON."_s });
    const std::optional<QString> folder = parseProjectFolder(commandLine, arguments);
    if (!folder) {
        return;
    }
    m_json = commandLine.parser().isSet(u"json"_s);
    const auto journal = Release::ReleaseWorkflow::abort(
        *folder, commandLine.parser().value(u"reason"_s));
    if (!journal) {
        err() << "slipway release abort: " << journal.error().message << '\n';
        err().flush();
        Q_EMIT finished(ExitCode::Failure);
        return;
    }
    if (m_json) {
        out() << QJsonDocument(journal->toJson()).toJson(QJsonDocument::Indented);
    } else {
        printTable(*journal);
        out() << "\nAborted. Files already uploaded stay on their index; a new release needs a new version unless "
                 "the files are byte-identical.\n";
    }
    out().flush();
    Q_EMIT finished(ExitCode::Success);
}

void ReleaseCommand::history(const QStringList &arguments)
{
    CommandLine commandLine(u"release history"_s, u"Every release of the project, oldest first."_s);
    commandLine.parser().addOption({ u"json"_s, u"Print a JSON array of journals."_s });
    const std::optional<QString> folder = parseProjectFolder(commandLine, arguments);
    if (!folder) {
        return;
    }
    const auto journals = Release::ReleaseWorkflow::history(*folder);
    if (!journals) {
        err() << "slipway release history: " << journals.error().message << '\n';
        err().flush();
        Q_EMIT finished(ExitCode::Failure);
        return;
    }
    if (commandLine.parser().isSet(u"json"_s)) {
        QJsonArray array;
        for (const Release::ReleaseJournal &journal : *journals) {
            array.append(journal.toJson());
        }
        out() << QJsonDocument(array).toJson(QJsonDocument::Indented);
    } else if (journals->isEmpty()) {
        out() << "No release was started in this project.\n";
    } else {
        out() << u"Version"_s.leftJustified(16) << u"State"_s.leftJustified(19) << u"Started (UTC)"_s.leftJustified(21)
              << u"Last stage"_s.leftJustified(24) << "Production\n";
        for (const Release::ReleaseJournal &journal : *journals) {
            QString last = u"-"_s;
            for (const Release::StageRecord &record : journal.stages) {
                if (record.outcome != Release::StageOutcome::Pending) {
                    last = u"%1 (%2)"_s.arg(Release::stageTitle(record.stage), Release::outcomeName(record.outcome));
                }
            }
            out() << journal.version.leftJustified(16) << stateText(journal.state).leftJustified(19)
                  << timeText(journal.created).leftJustified(21) << last.leftJustified(24) << ' '
                  << journal.productionRegistry.name << '\n';
        }
    }
    out().flush();
    Q_EMIT finished(ExitCode::Success);
}

void ReleaseCommand::installSignalHandlers()
{
    if (m_interrupts != nullptr) {
        return;
    }
    m_interrupts = new InterruptWatcher(this);
    connect(m_interrupts, &InterruptWatcher::interrupted, this, [this] {
        err() << "slipway release: interrupted, stopping (the journal records where; `slipway release resume` "
                 "continues)\n";
        err().flush();
        if (m_workflow) {
            m_workflow->cancel();
        }
    });
}

} // namespace Cli
