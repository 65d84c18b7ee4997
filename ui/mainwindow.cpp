// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

MainWindow::MainWindow(const QString &projectPath, QWidget *parent)
    : QMainWindow(parent)
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addStretch();
    auto *heading = new QLabel(tr("<h1>Slipway</h1><p>Build, check and release Python packages.</p>"), central);
    heading->setAlignment(Qt::AlignCenter);
    layout->addWidget(heading);
    m_projectLabel = new QLabel(central);
    m_projectLabel->setObjectName(QStringLiteral("projectLabel"));
    m_projectLabel->setAlignment(Qt::AlignCenter);
    m_projectLabel->setWordWrap(true);
    layout->addWidget(m_projectLabel);
    auto *openButton = new QPushButton(tr("Open Project Folder…"), central);
    openButton->setObjectName(QStringLiteral("openProjectButton"));
    layout->addWidget(openButton, 0, Qt::AlignHCenter);
    layout->addStretch();
    setCentralWidget(central);

    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *openAction = fileMenu->addAction(tr("&Open Project…"), this, &MainWindow::chooseProject);
    openAction->setShortcut(QKeySequence::Open);
    fileMenu->addSeparator();
    QAction *quitAction = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quitAction->setShortcut(QKeySequence::Quit);
    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Slipway"), this, [this] {
        QMessageBox::about(this, tr("About Slipway"),
                           tr("<b>Slipway %1</b><p>A release manager for Python packages.</p>")
                               .arg(QApplication::applicationVersion()));
    });
    connect(openButton, &QPushButton::clicked, this, &MainWindow::chooseProject);

    resize(1000, 700);
    openProject(projectPath);
}

void MainWindow::openProject(const QString &path)
{
    m_projectPath = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    if (m_projectPath.isEmpty()) {
        m_projectLabel->setText(tr("No project open."));
    } else if (!QFileInfo(m_projectPath).isDir()) {
        m_projectLabel->setText(tr("%1 is not a folder. Choose the folder that holds your pyproject.toml.")
                                    .arg(QDir::toNativeSeparators(m_projectPath)));
    } else if (QFileInfo::exists(QDir(m_projectPath).filePath(QStringLiteral("pyproject.toml")))) {
        m_projectLabel->setText(tr("Project: %1").arg(QDir::toNativeSeparators(m_projectPath)));
    } else {
        m_projectLabel->setText(tr("%1 has no pyproject.toml.").arg(QDir::toNativeSeparators(m_projectPath)));
    }
    updateTitle();
}

void MainWindow::chooseProject()
{
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open Project Folder"), m_projectPath);
    if (!path.isEmpty()) {
        openProject(path);
    }
}

void MainWindow::updateTitle()
{
    setWindowTitle(m_projectPath.isEmpty() ? QStringLiteral("Slipway")
                                           : QStringLiteral("%1 — Slipway").arg(QFileInfo(m_projectPath).fileName()));
}
