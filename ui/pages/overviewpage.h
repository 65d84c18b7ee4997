// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QString>
#include <QWidget>

#include <functional>

class DistFilesModel;
class ProjectDocument;
class QLabel;
class QPushButton;
class QTableView;
class RegistryVersionsModel;

/**
 * The Overview page: the project's name, version and summary; the versions already on the
 * test and production registries (RegistryVersionsModel, asynchronous, with offline and
 * not-configured states); the files in dist/ with their check verdicts (DistFilesModel); and
 * the next sensible action as a button that asks for the page doing it (pageRequested()).
 */
class OverviewPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewPage)

public:
    // registryStorePath: the registries.toml whose roles name the test and production registries.
    OverviewPage(ProjectDocument &document, const QString &registryStorePath, QWidget *parent = nullptr);

    // Tells the page which pages the window has, so that the action button is only offered
    // when its page is there. Without it every page counts as present.
    void setPageAvailable(std::function<bool(const QString &)> available);

    [[nodiscard]] RegistryVersionsModel *registryVersions() const { return m_registries; }
    [[nodiscard]] DistFilesModel *distFiles() const { return m_distFiles; }

public Q_SLOTS:
    // Asks the registries again.
    void refreshRegistries();

Q_SIGNALS:
    // The action button asks for this page ("Metadata", "Build & Check", "Release").
    void pageRequested(const QString &title);
    // After the next action was worked out again (tests, status display).
    void nextActionChanged();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void projectChanged();
    void updateNextAction();
    void updateDistState();

    ProjectDocument &m_document;
    std::function<bool(const QString &)> m_pageAvailable;
    RegistryVersionsModel *m_registries = nullptr;
    DistFilesModel *m_distFiles = nullptr;
    QString m_projectName;
    QElapsedTimer m_asked; // since the registries were last asked
    QString m_actionPage;
    QLabel *m_name = nullptr;
    QLabel *m_version = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_action = nullptr;
    QLabel *m_actionReason = nullptr;
    QTableView *m_registryView = nullptr;
    QLabel *m_registryNote = nullptr;
    QTableView *m_distView = nullptr;
    QLabel *m_distState = nullptr;
};
