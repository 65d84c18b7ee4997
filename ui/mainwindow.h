// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <QString>

class JobTracker;
class QAction;
class QKeySequence;
class QLabel;
class QListWidget;
class QMenu;
class QMimeData;
class QSplitter;
class QStackedWidget;
class QToolBar;
class UiSettings;

/**
 * The application window: a sidebar naming the open project and listing its pages, the
 * pages themselves, and the menus. Opening a project (menu, recent list, drag and drop, or
 * the command line) is remembered in UiSettings, as are geometry and splitter positions.
 * Project pages register through addPage() as their engines become available; pages that do
 * not belong to a project (Registries & Tokens) through addToolPage(), reachable from the
 * toolbar and the Go menu. The status bar shows the jobs of jobs() (JobStatusWidget).
 */
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(UiSettings &settings, QWidget *parent = nullptr);

    QString projectPath() const { return m_projectPath; }

    // Opens the project folder at path; an empty path closes the project.
    void openProject(const QString &path);
    void addPage(const QString &title, QWidget *page);
    // A page shown from the toolbar and the Go menu (with shortcut), also without a project.
    QAction *addToolPage(const QString &title, QWidget *page, const QKeySequence &shortcut);
    void showPage(QWidget *page);
    [[nodiscard]] QWidget *currentPage() const;
    [[nodiscard]] JobTracker &jobs() const { return *m_jobs; }

Q_SIGNALS:
    void projectOpened(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void chooseProject();
    void showProjectPage(int row);
    void rebuildRecentMenu();
    void updateTitle();
    static QString folderFromDrop(const QMimeData *mimeData);

    UiSettings &m_settings;
    QString m_projectPath;
    QSplitter *m_splitter = nullptr;
    QLabel *m_projectLabel = nullptr;
    QLabel *m_welcomeStatus = nullptr;
    QListWidget *m_pageList = nullptr;
    QStackedWidget *m_pages = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_goMenu = nullptr;
    QToolBar *m_toolBar = nullptr;
    JobTracker *m_jobs = nullptr;
    QWidget *m_welcome = nullptr;
    QList<QWidget *> m_projectPages;
    QList<QWidget *> m_toolPages;
};
