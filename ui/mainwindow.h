// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <QString>

class QLabel;

// The application window. Until the project pages exist (issue 9) it offers what is real:
// choosing a project folder and seeing whether it holds a pyproject.toml.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(const QString &projectPath = QString(), QWidget *parent = nullptr);

    QString projectPath() const { return m_projectPath; }
    void openProject(const QString &path);

private:
    void chooseProject();
    void updateTitle();

    QString m_projectPath;
    QLabel *m_projectLabel = nullptr;
};
