// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

#include "ui/mainwindow.h"

class TestWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void titleNamesAppAndProject();
    void folderWithoutPyprojectIsExplained();
};

void TestWindow::titleNamesAppAndProject()
{
    QTemporaryDir dir;
    const QString project = dir.filePath(QStringLiteral("demo-project"));
    QVERIFY(QDir().mkpath(project));
    QFile pyproject(project + QStringLiteral("/pyproject.toml"));
    QVERIFY(pyproject.open(QIODevice::WriteOnly));
    pyproject.write("[project]\nname = \"demo\"\n");
    pyproject.close();

    MainWindow window(project);
    QCOMPARE(window.windowTitle(), QStringLiteral("demo-project — Slipway"));
    auto *label = window.findChild<QLabel *>(QStringLiteral("projectLabel"));
    QVERIFY(label != nullptr);
    QVERIFY(label->text().startsWith(QStringLiteral("Project: ")));

    MainWindow empty;
    QCOMPARE(empty.windowTitle(), QStringLiteral("Slipway"));
}

void TestWindow::folderWithoutPyprojectIsExplained()
{
    QTemporaryDir dir;
    MainWindow window(dir.path());
    auto *label = window.findChild<QLabel *>(QStringLiteral("projectLabel"));
    QVERIFY(label->text().endsWith(QStringLiteral("has no pyproject.toml.")));
}

QTEST_MAIN(TestWindow)
#include "testwindow.moc"
