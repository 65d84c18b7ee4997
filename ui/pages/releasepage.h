// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QString>
#include <QWidget>

#include <optional>

#include "core/registry/registry.h"
#include "core/release/releasejournal.h"
#include "core/release/releaseworkflow.h"

class JobTracker;
class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTextBrowser;
class TrackedJob;

namespace Registry {
class CredentialStore;
}

/**
 * Release: the release workflow (Release::ReleaseWorkflow) of the open project as a vertical
 * stepper of its stages with state, time and details; per-file upload progress with rate and
 * ETA for test and production; the approval view (files and hashes, the description as the
 * index renders it, the metadata diff against production) with an explicit Promote button;
 * Resume after a failure; Abort; and the history of past releases from the journal.
 * Each run is registered with the JobTracker and can be cancelled; a failure keeps the journal,
 * so Resume continues where it stopped.
 */
class ReleasePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReleasePage)

public:
    ReleasePage(JobTracker &jobs, const QString &registryStorePath, const QString &keychainService,
                QWidget *parent = nullptr);
    ~ReleasePage() override;

    void setProject(const QString &path);
    [[nodiscard]] QString projectPath() const { return m_projectPath; }
    [[nodiscard]] bool isRunning() const { return m_workflow != nullptr; }
    [[nodiscard]] std::optional<Release::ReleaseJournal> journal() const { return m_journal; }
    void reloadRegistries();

    void startRelease();
    void resumeRelease();
    void promoteRelease();
    void approve();
    void decline();
    void abortRelease();

Q_SIGNALS:
    // Once per run (start, resume, promote), with its result.
    void runFinished(const Release::WorkflowResult &result);
    void approvalShown(const Release::ApprovalSummary &summary);

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct StageRow {
        QLabel *icon = nullptr;
        QLabel *title = nullptr;
        QLabel *time = nullptr;
        QLabel *details = nullptr;
    };
    struct Rate {
        QElapsedTimer clock;
        qint64 firstBytes = 0;
    };

    Release::ReleaseWorkflow *newWorkflow(const QString &title);
    void onFinished(const Release::WorkflowResult &result);
    void showJournal(const Release::ReleaseJournal &journal);
    void showStage(Release::Stage stage, Release::StageOutcome outcome, const QString &details, const QDateTime &time);
    void showFiles(const Release::ReleaseJournal &journal);
    void showProgress(Release::Target target, const QString &filename, qint64 done, qint64 total);
    void showApproval(const Release::ApprovalSummary &summary);
    void loadState();
    void loadHistory();
    void updateButtons();
    void setMessage(const QString &text, bool error);
    [[nodiscard]] std::optional<Registry::Registry> chosenRegistry(const QComboBox *combo) const;
    [[nodiscard]] int fileRow(const QString &filename) const;

    JobTracker &m_jobs;
    QString m_storePath;
    Registry::CredentialStore *m_credentials = nullptr;
    QString m_projectPath;
    QList<Registry::Registry> m_registries;
    std::optional<Release::ReleaseJournal> m_journal;
    QPointer<Release::ReleaseWorkflow> m_workflow;
    QPointer<TrackedJob> m_tracked;
    bool m_awaitingDecision = false;
    QHash<QString, Rate> m_rates;
    QHash<QString, std::pair<qint64, qint64>> m_progress; // "target/filename" -> done, total

    QLabel *m_heading = nullptr;
    QComboBox *m_testCombo = nullptr;
    QComboBox *m_productionCombo = nullptr;
    QComboBox *m_sourceCombo = nullptr;
    QLineEdit *m_pythonEdit = nullptr;
    QCheckBox *m_tagBox = nullptr;
    QCheckBox *m_installTestBox = nullptr;
    QPushButton *m_startButton = nullptr;
    QPushButton *m_resumeButton = nullptr;
    QPushButton *m_promoteButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_abortButton = nullptr;
    QLabel *m_message = nullptr;
    QHash<int, StageRow> m_stageRows;
    QTabWidget *m_tabs = nullptr;
    QTableWidget *m_files = nullptr;
    QWidget *m_approval = nullptr;
    QLabel *m_approvalIntro = nullptr;
    QTableWidget *m_approvalFiles = nullptr;
    QTextBrowser *m_description = nullptr;
    QTableWidget *m_changes = nullptr;
    QPushButton *m_approveButton = nullptr;
    QPushButton *m_declineButton = nullptr;
    QTableWidget *m_history = nullptr;
    QPlainTextEdit *m_log = nullptr;
};
