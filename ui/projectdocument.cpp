// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/projectdocument.h"

ProjectDocument::ProjectDocument(QObject *parent)
    : QObject(parent)
{
}

bool ProjectDocument::load(const QString &path)
{
    m_path = path;
    auto loaded = Project::PyProject::load(path);
    if (!loaded) {
        m_project.reset();
        fail(loaded.error().message);
        Q_EMIT changed();
        return false;
    }
    m_project = std::move(*loaded);
    m_undo.clear();
    m_redo.clear();
    m_error.clear();
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
    Q_EMIT changed();
}

bool ProjectDocument::reload()
{
    return !m_path.isEmpty() && load(m_path);
}

bool ProjectDocument::apply(const EditResult &edited)
{
    if (!edited) {
        fail(edited.error().message);
        return false;
    }
    if (m_project && edited->content() == m_project->content()) {
        return true;
    }
    if (m_project) {
        m_undo.append(*m_project);
    }
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
    m_redo.append(*m_project);
    restore(m_undo.takeLast());
}

void ProjectDocument::redo()
{
    if (!m_project || m_redo.isEmpty()) {
        return;
    }
    m_undo.append(*m_project);
    restore(m_redo.takeLast());
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
    Q_EMIT saved();
    Q_EMIT changed();
    return true;
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
