// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QPointer>
#include <QStringList>
#include <QThreadPool>
#include <QWidget>

#include <atomic>
#include <memory>

#include "core/dist/distribution.h"

class ArtifactTableModel;
class FindingListModel;
class JobTracker;
class MemberTreeModel;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTabWidget;
class QTimer;
class QTreeView;
class QTreeWidget;
class TrackedJob;

namespace Build {
class BuildJob;
struct BuildResult;
}
namespace Check {
class Checker;
}

/**
 * Build & Check: builds the project with Build::BuildJob (options, the backend's output
 * streaming into a console), then reads (Dist::readDistribution on a worker thread) and
 * checks (Check::Checker) the artifacts; or checks the files already in dist/. Shows the
 * artifacts with size, sha256 and verdict, the findings of the selected file, and its
 * contents: the member tree and the METADATA fields as PyPI reads them.
 * Every job is registered with the window's JobTracker and can be cancelled; a failed or
 * cancelled run leaves the last results in place.
 */
class BuildCheckPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildCheckPage)

public:
    explicit BuildCheckPage(JobTracker &jobs, QWidget *parent = nullptr);
    ~BuildCheckPage() override;

    void setProject(const QString &path);
    [[nodiscard]] QString projectPath() const { return m_projectPath; }
    [[nodiscard]] bool isBusy() const;

    [[nodiscard]] ArtifactTableModel *artifactModel() const { return m_artifacts; }
    [[nodiscard]] FindingListModel *findingModel() const { return m_findings; }
    [[nodiscard]] MemberTreeModel *memberModel() const { return m_members; }

    void build();
    void checkDist();
    void cancel();

Q_SIGNALS:
    // After the build and the check of its artifacts (or the build's failure or cancellation).
    void buildFinished(bool succeeded);
    // After a check of files (following a build or of dist/), when every file is read and checked.
    void checkFinished();
    void contentsShown(const QString &path);

private:
    void onBuildFinished(const Build::BuildResult &result);
    void inspect(const QStringList &paths, const QString &python);
    void finishInspectionIfDone();
    void flushLog();
    void appendLog(const QString &line);
    void updateButtons();
    void showSelected();
    void showContents(const QString &path);
    void showError(const QString &message);
    [[nodiscard]] QString distDirectory() const;

    JobTracker &m_jobs;
    QString m_projectPath;

    QComboBox *m_targetCombo = nullptr;
    QCheckBox *m_isolationBox = nullptr;
    QLineEdit *m_interpreterEdit = nullptr;
    QPushButton *m_buildButton = nullptr;
    QPushButton *m_checkButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QLabel *m_stageLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QTableView *m_artifactView = nullptr;
    QTableView *m_findingView = nullptr;
    QLabel *m_findingSummary = nullptr;
    QTreeView *m_memberView = nullptr;
    QTreeWidget *m_metadataView = nullptr;
    QLabel *m_contentsLabel = nullptr;
    QTabWidget *m_detailTabs = nullptr;

    ArtifactTableModel *m_artifacts = nullptr;
    FindingListModel *m_findings = nullptr;
    MemberTreeModel *m_members = nullptr;

    QPointer<Build::BuildJob> m_buildJob;
    QPointer<TrackedJob> m_buildTracked;
    QPointer<Check::Checker> m_checker;
    QPointer<TrackedJob> m_checkTracked;
    bool m_checkFollowsBuild = false;
    bool m_buildSucceeded = false;
    std::shared_ptr<std::atomic<bool>> m_readCancel;
    int m_pendingReads = 0;
    QHash<QString, Dist::Distribution> m_distributions;
    // One file at a time: the check engine's own threads already keep the cores busy, and the
    // UI thread must still get its turn.
    QThreadPool m_readPool;
    QString m_shownContents;

    QStringList m_pendingLog;
    qsizetype m_droppedLines = 0;
    QTimer *m_logTimer = nullptr;
};
