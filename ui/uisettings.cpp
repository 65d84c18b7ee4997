// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/uisettings.h"

#include <QSettings>

namespace {
const QString lastProjectKey = QStringLiteral("projects/last");
const QString recentProjectsKey = QStringLiteral("projects/recent");
const QString geometryKey = QStringLiteral("window/geometry");
const QString stateKey = QStringLiteral("window/state");
const QString splitterPrefix = QStringLiteral("window/splitters/");
} // namespace

UiSettings::UiSettings(QSettings &settings)
    : m_settings(settings)
{
}

QString UiSettings::lastProject() const
{
    return m_settings.value(lastProjectKey).toString();
}

QStringList UiSettings::recentProjects() const
{
    return m_settings.value(recentProjectsKey).toStringList();
}

void UiSettings::noteProjectOpened(const QString &path)
{
    QStringList recent = recentProjects();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > maximumRecentProjects) {
        recent.removeLast();
    }
    m_settings.setValue(recentProjectsKey, recent);
    m_settings.setValue(lastProjectKey, path);
}

void UiSettings::forgetProject(const QString &path)
{
    QStringList recent = recentProjects();
    recent.removeAll(path);
    m_settings.setValue(recentProjectsKey, recent);
    if (lastProject() == path) {
        m_settings.remove(lastProjectKey);
    }
}

QByteArray UiSettings::windowGeometry() const
{
    return m_settings.value(geometryKey).toByteArray();
}

void UiSettings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings.setValue(geometryKey, geometry);
}

QByteArray UiSettings::windowState() const
{
    return m_settings.value(stateKey).toByteArray();
}

void UiSettings::setWindowState(const QByteArray &state)
{
    m_settings.setValue(stateKey, state);
}

QByteArray UiSettings::splitterState(const QString &splitterName) const
{
    return m_settings.value(splitterPrefix + splitterName).toByteArray();
}

void UiSettings::setSplitterState(const QString &splitterName, const QByteArray &state)
{
    m_settings.setValue(splitterPrefix + splitterName, state);
}
