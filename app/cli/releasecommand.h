// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/command.h"

#include <QJsonObject>
#include <QString>

#include <optional>

class QSocketNotifier;

namespace Release {
class ReleaseWorkflow;
struct ApprovalSummary;
struct ReleaseJournal;
struct WorkflowResult;
} // namespace Release

namespace Cli {

class CommandLine;
class InterruptWatcher;

/**
 * `slipway release start|promote|status|resume|abort|history [DIR]`: the guided release
 * (build, check, rehearse on the test registry, verify, approve, publish the same files on
 * production, verify, tag), resumable from the journal in DIR/.slipway/releases/.
 *
 * Every verb prints the stage table (or, with --json, one JSON object on stdout; progress goes
 * to stderr). Approval is --yes, or a question on a terminal; without a terminal and without
 * --yes promotion is refused. Ctrl-C cancels cleanly (the journal says where it stopped).
 * Exit 0: done (start/resume: up to the approval), 1: the release stopped or was refused,
 * 2: usage error.
 */
class ReleaseCommand final : public Command
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReleaseCommand)

public:
    explicit ReleaseCommand(Console console, QObject *parent = nullptr);
    ~ReleaseCommand() override;

    void start(const QStringList &arguments) override;

private:
    void startRelease(const QStringList &arguments);
    void promoteOrResume(const QString &verb, const QStringList &arguments);
    void status(const QStringList &arguments);
    void abort(const QStringList &arguments);
    void history(const QStringList &arguments);
    // Adds the [DIR] argument and parses: the project folder as given (empty: the current
    // folder), or std::nullopt once finished() was emitted (--help, a usage error).
    std::optional<QString> parseProjectFolder(CommandLine &commandLine, const QStringList &arguments);
    void connectWorkflow();
    void onApprovalRequested(const Release::ApprovalSummary &summary);
    void askForApproval();
    void onFinished(const Release::WorkflowResult &result);
    void printTable(const Release::ReleaseJournal &journal);
    void installSignalHandlers();
    QTextStream &progress();

    Release::ReleaseWorkflow *m_workflow = nullptr;
    InterruptWatcher *m_interrupts = nullptr;
    QSocketNotifier *m_stdinNotifier = nullptr;
    QString m_verb;
    QString m_answer;
    std::optional<QJsonObject> m_approval; // the summary shown, for --json
    bool m_json = false;
    bool m_yes = false;
};

} // namespace Cli
