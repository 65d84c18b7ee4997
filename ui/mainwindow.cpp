// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

#include "ui/jobs/jobstatuswidget.h"
#include "ui/jobs/jobtracker.h"
#include "ui/uisettings.h"

namespace {
const QString mainSplitterName = QStringLiteral("main");
} // namespace

MainWindow::MainWindow(UiSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
{
    setAcceptDrops(true);

    auto *sidebar = new QWidget(this);
    sidebar->setObjectName(QStringLiteral("sidebar"));
    auto *sidebarLayout = new QVBoxLayout(sidebar);
    m_projectLabel = new QLabel(sidebar);
    m_projectLabel->setObjectName(QStringLiteral("projectLabel"));
    m_projectLabel->setWordWrap(true);
    m_projectLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    sidebarLayout->addWidget(m_projectLabel);
    m_pageList = new QListWidget(sidebar);
    m_pageList->setObjectName(QStringLiteral("pageList"));
    sidebarLayout->addWidget(m_pageList, 1);

    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));
    auto *welcome = new QWidget(m_pages);
    welcome->setObjectName(QStringLiteral("welcomePage"));
    auto *welcomeLayout = new QVBoxLayout(welcome);
    welcomeLayout->addStretch();
    auto *heading = new QLabel(tr("<h1>Slipway</h1><p>Build, check and release Python packages.</p>"), welcome);
    heading->setAlignment(Qt::AlignCenter);
    welcomeLayout->addWidget(heading);
    m_welcomeStatus = new QLabel(welcome);
    m_welcomeStatus->setObjectName(QStringLiteral("welcomeStatus"));
    m_welcomeStatus->setAlignment(Qt::AlignCenter);
    m_welcomeStatus->setWordWrap(true);
    welcomeLayout->addWidget(m_welcomeStatus);
    auto *openButton = new QPushButton(tr("Open Project Folder…"), welcome);
    openButton->setObjectName(QStringLiteral("openProjectButton"));
    welcomeLayout->addWidget(openButton, 0, Qt::AlignHCenter);
    auto *dropHint = new QLabel(tr("or drop a project folder on this window"), welcome);
    dropHint->setAlignment(Qt::AlignCenter);
    dropHint->setEnabled(false);
    welcomeLayout->addWidget(dropHint);
    welcomeLayout->addStretch();
    m_pages->addWidget(welcome);
    connect(openButton, &QPushButton::clicked, this, &MainWindow::chooseProject);
    m_welcome = welcome;
    connect(m_pageList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 || !m_toolPages.contains(m_pages->currentWidget())) {
            showProjectPage(row);
        }
    });
    // A click on the selected row, after a tool page was shown, shows that page again.
    connect(m_pageList, &QListWidget::itemClicked, this, [this] { showProjectPage(m_pageList->currentRow()); });

    m_splitter = new QSplitter(this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(sidebar);
    m_splitter->addWidget(m_pages);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({220, 780});
    setCentralWidget(m_splitter);

    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *openAction = fileMenu->addAction(tr("&Open Project…"), this, &MainWindow::chooseProject);
    openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    QAction *closeAction = fileMenu->addAction(tr("&Close Project"), this, [this] { openProject(QString()); });
    closeAction->setShortcut(QKeySequence::Close);
    fileMenu->addSeparator();
    QAction *quitAction = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quitAction->setShortcut(QKeySequence::Quit);
    m_goMenu = menuBar()->addMenu(tr("&Go"));
    m_goMenu->setObjectName(QStringLiteral("goMenu"));
    m_toolBar = addToolBar(tr("Tools"));
    m_toolBar->setObjectName(QStringLiteral("toolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Slipway"), this, [this] {
        QMessageBox::about(this, tr("About Slipway"),
                           tr("<b>Slipway %1</b><p>A release manager for Python packages.</p>")
                               .arg(QApplication::applicationVersion()));
    });
    m_jobs = new JobTracker(this);
    statusBar()->addPermanentWidget(new JobStatusWidget(*m_jobs, statusBar()));
    connect(m_jobs, &JobTracker::jobFinished, this,
            [this](const QString &title, TrackedJob::Outcome outcome, const QString &message) {
                const QString text = outcome == TrackedJob::Outcome::Succeeded ? tr("%1 finished") .arg(title)
                                     : outcome == TrackedJob::Outcome::Cancelled ? tr("%1 cancelled").arg(title)
                                                                                 : tr("%1 failed").arg(title);
                statusBar()->showMessage(message.isEmpty() ? text : tr("%1: %2").arg(text, message), 15000);
            });

    resize(1100, 720);
    restoreGeometry(m_settings.windowGeometry());
    restoreState(m_settings.windowState());
    m_splitter->restoreState(m_settings.splitterState(mainSplitterName));
    rebuildRecentMenu();
    openProject(QString());
}

void MainWindow::showProjectPage(int row)
{
    m_pages->setCurrentWidget(row < 0 || row >= m_projectPages.size() || m_projectPath.isEmpty()
                                  ? m_welcome
                                  : m_projectPages.at(row));
}

void MainWindow::addPage(const QString &title, QWidget *page)
{
    m_pages->addWidget(page);
    m_projectPages.append(page);
    m_pageList->addItem(title);
    m_pageList->setEnabled(!m_projectPath.isEmpty());
}

QAction *MainWindow::addToolPage(const QString &title, QWidget *page, const QKeySequence &shortcut)
{
    m_pages->addWidget(page);
    m_toolPages.append(page);
    QAction *action = m_goMenu->addAction(title, this, [this, page] { showPage(page); });
    action->setShortcut(shortcut);
    action->setToolTip(tr("%1 (%2)").arg(QString(title).replace(QStringLiteral("&&"), QStringLiteral("&")),
                                         shortcut.toString(QKeySequence::NativeText)));
    m_toolBar->addAction(action);
    return action;
}

void MainWindow::showPage(QWidget *page)
{
    if (m_toolPages.contains(page)) {
        m_pages->setCurrentWidget(page);
        m_pageList->clearSelection();
        return;
    }
    const int row = int(m_projectPages.indexOf(page));
    if (row >= 0 && !m_projectPath.isEmpty()) {
        m_pageList->setCurrentRow(row);
        showProjectPage(row);
    }
}

QWidget *MainWindow::currentPage() const
{
    return m_pages->currentWidget();
}

void MainWindow::openProject(const QString &path)
{
    const QString absolute = path.isEmpty() ? QString() : QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    const QString shown = QDir::toNativeSeparators(absolute);
    m_projectPath.clear();
    if (absolute.isEmpty()) {
        m_welcomeStatus->setText(tr("No project open."));
    } else if (!QFileInfo(absolute).isDir()) {
        m_welcomeStatus->setText(tr("%1 is not a folder. Choose the folder that holds your pyproject.toml.").arg(shown));
    } else if (!QFileInfo::exists(QDir(absolute).filePath(QStringLiteral("pyproject.toml")))
               && !QFileInfo::exists(QDir(absolute).filePath(QStringLiteral("setup.py")))) {
        m_welcomeStatus->setText(
            tr("%1 holds neither a pyproject.toml nor a setup.py. Choose the folder at the root of your Python project.")
                .arg(shown));
    } else {
        m_projectPath = absolute;
        m_welcomeStatus->setText(tr("Project: %1").arg(shown));
        m_settings.noteProjectOpened(m_projectPath);
        rebuildRecentMenu();
    }
    m_projectLabel->setText(m_projectPath.isEmpty()
                                ? tr("No project")
                                : QStringLiteral("<b>%1</b><br><small>%2</small>")
                                      .arg(QFileInfo(m_projectPath).fileName().toHtmlEscaped(), shown.toHtmlEscaped()));
    m_pageList->setEnabled(!m_projectPath.isEmpty());
    if (!m_toolPages.contains(m_pages->currentWidget())) {
        showProjectPage(m_pageList->currentRow());
    }
    updateTitle();
    if (!m_projectPath.isEmpty()) {
        Q_EMIT projectOpened(m_projectPath);
    }
}

void MainWindow::chooseProject()
{
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open Project Folder"), m_projectPath);
    if (!path.isEmpty()) {
        openProject(path);
    }
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = m_settings.recentProjects();
    for (const QString &path : recent) {
        m_recentMenu->addAction(QDir::toNativeSeparators(path), this, [this, path] { openProject(path); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::updateTitle()
{
    setWindowTitle(m_projectPath.isEmpty() ? QStringLiteral("Slipway")
                                           : QStringLiteral("%1 — Slipway").arg(QFileInfo(m_projectPath).fileName()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_settings.setWindowGeometry(saveGeometry());
    m_settings.setWindowState(saveState());
    m_settings.setSplitterState(mainSplitterName, m_splitter->saveState());
    QMainWindow::closeEvent(event);
}

QString MainWindow::folderFromDrop(const QMimeData *mimeData)
{
    if (mimeData == nullptr || !mimeData->hasUrls() || mimeData->urls().size() != 1) {
        return {};
    }
    const QString path = mimeData->urls().constFirst().toLocalFile();
    return QFileInfo(path).isDir() ? path : QString();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!folderFromDrop(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString folder = folderFromDrop(event->mimeData());
    if (!folder.isEmpty()) {
        event->acceptProposedAction();
        openProject(folder);
    }
}
