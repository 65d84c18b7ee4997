// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

class QSettings;

// Typed access to what the window remembers between runs: the last project, the recent
// projects, and the window's geometry and splitter positions. Does not own the QSettings.
class UiSettings final
{
public:
    static constexpr int maximumRecentProjects = 10;

    explicit UiSettings(QSettings &settings);

    QString lastProject() const;
    QStringList recentProjects() const;
    // Moves path to the front of the recent list and makes it the last project.
    void noteProjectOpened(const QString &path);
    void forgetProject(const QString &path);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);
    QByteArray splitterState(const QString &splitterName) const;
    void setSplitterState(const QString &splitterName, const QByteArray &state);

private:
    QSettings &m_settings;
};
