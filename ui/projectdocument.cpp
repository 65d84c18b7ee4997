// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/projectdocument.h"

#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>

namespace {

std::optional<QByteArray> readDisk(const QString &filePath)
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    return file.read(Project::PyProject::maxFileSize + 1);
}

} // namespace

ProjectDocument::ProjectDocument(QObject *parent)
    : QObject(parent)
    , m_watcher(new QFileSystemWatcher(this))
    , m_diskTimer(new QTimer(this))
{
    // Editors save in steps (truncate and write, or write a copy and rename it over the file):
    // look once things have settled.
    m_diskTimer->setSingleShot(true);
    m_diskTimer->setInterval(150);
    connect(m_diskTimer, &QTimer::timeout, this, &ProjectDocument::checkDisk);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this] { m_diskTimer->start(); });
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] { m_diskTimer->start(); });
}

bool ProjectDocument::load(const QString &path)
{
    m_path = path;
    m_externalChange = false;
    auto loaded = Project::PyProject::load(path);
    if (!loaded) {
        m_project.reset();
        m_diskContent.clear();
        watch();
        fail(loaded.error().message);
        Q_EMIT changed();
        return false;
    }
    m_project = std::move(*loaded);
    m_diskContent = m_project->content();
    m_undo.clear();
    m_redo.clear();
    m_error.clear();
    watch();
    Q_EMIT changed();
    return true;
}

void ProjectDocument::close()
{
    m_project.reset();
    m_undo.clear();
    m_redo.clear();
    m_path.clear();
    m_error.clear();
    m_diskContent.clear();
    m_externalChange = false;
    watch();
    Q_EMIT changed();
}

bool ProjectDocument::reload()
{
    return !m_path.isEmpty() && load(m_path);
}

bool ProjectDocument::edit(const Edit &edit)
{
    if (!m_project) {
        return false;
    }
    const EditResult edited = edit(*m_project);
    if (!edited) {
        fail(edited.error().message);
        return false;
    }
    if (edited->content() == m_project->content()) {
        return true;
    }
    m_undo.append(Step{*m_project, edit});
    m_redo.clear();
    m_project = *edited;
    m_error.clear();
    Q_EMIT changed();
    return true;
}

void ProjectDocument::undo()
{
    if (!m_project || m_undo.isEmpty()) {
        return;
    }
    Step step = m_undo.takeLast();
    m_redo.append(Step{*m_project, step.edit});
    restore(std::move(step.state));
}

void ProjectDocument::redo()
{
    if (!m_project || m_redo.isEmpty()) {
        return;
    }
    Step step = m_redo.takeLast();
    m_undo.append(Step{*m_project, step.edit});
    restore(std::move(step.state));
}

bool ProjectDocument::save()
{
    if (!m_project) {
        return false;
    }
    const auto written = m_project->save();
    if (!written) {
        fail(written.error().message);
        return false;
    }
    // The states before the save were based on the old file: saving them again would be
    // refused as an external change, so undo starts over from the saved text.
    m_undo.clear();
    m_redo.clear();
    m_error.clear();
    m_diskContent = m_project->content();
    m_externalChange = false;
    watch();
    Q_EMIT saved();
    Q_EMIT changed();
    return true;
}

bool ProjectDocument::keepMine()
{
    if (!m_project || m_path.isEmpty()) {
        return false;
    }
    auto base = Project::PyProject::load(m_path);
    if (!base) {
        fail(base.error().message);
        return false;
    }
    // Only the edits still in effect: the undo list holds exactly those since the last save.
    QList<Step> steps;
    Project::PyProject current = *base;
    for (const Step &step : std::as_const(m_undo)) {
        const EditResult edited = step.edit(current);
        if (!edited) {
            fail(tr("Your edits cannot be applied to the file as it is now on disk (%1). Reload to take the "
                    "file's version, or undo that edit and try again.")
                     .arg(edited.error().message));
            return false;
        }
        steps.append(Step{current, step.edit});
        current = *edited;
    }
    m_diskContent = base->content();
    m_project = std::move(current);
    m_undo = std::move(steps);
    m_redo.clear();
    m_externalChange = false;
    m_error.clear();
    watch();
    Q_EMIT changed();
    return true;
}

void ProjectDocument::checkDisk()
{
    watch();
    if (!m_project || m_path.isEmpty()) {
        return;
    }
    const QString filePath = m_project->filePath();
    if (!QFileInfo::exists(filePath) && m_diskContent.isEmpty()) {
        return; // a setup.py project without pyproject.toml
    }
    // A missing file is usually an editor between removing and renaming: the new file will
    // announce itself.
    const std::optional<QByteArray> onDisk = readDisk(filePath);
    if (!onDisk) {
        return;
    }
    if (*onDisk == m_diskContent) {
        if (m_externalChange) {
            m_externalChange = false; // changed back
            Q_EMIT changed();
        }
        return;
    }
    if (!isModified()) {
        if (reload()) {
            Q_EMIT reloadedFromDisk();
        }
        return;
    }
    if (!m_externalChange) {
        m_externalChange = true;
        Q_EMIT externalChangePending();
        Q_EMIT changed();
    }
}

void ProjectDocument::watch()
{
    const QString filePath = m_project ? m_project->filePath() : QString();
    const QStringList files = filePath.isEmpty() || !QFileInfo::exists(filePath) ? QStringList() : QStringList{filePath};
    // The folder too: replacing the file by renaming ends the watch on the old one.
    const QStringList folders = filePath.isEmpty() ? QStringList() : QStringList{QFileInfo(filePath).absolutePath()};
    if (m_watcher->files() != files) {
        if (!m_watcher->files().isEmpty()) {
            m_watcher->removePaths(m_watcher->files());
        }
        if (!files.isEmpty()) {
            m_watcher->addPaths(files);
        }
    }
    if (m_watcher->directories() != folders) {
        if (!m_watcher->directories().isEmpty()) {
            m_watcher->removePaths(m_watcher->directories());
        }
        if (!folders.isEmpty()) {
            m_watcher->addPaths(folders);
        }
    }
}

void ProjectDocument::restore(Project::PyProject project)
{
    m_project = std::move(project);
    m_error.clear();
    Q_EMIT changed();
}

void ProjectDocument::fail(const QString &message)
{
    m_error = message;
    Q_EMIT errorOccurred(message);
}
