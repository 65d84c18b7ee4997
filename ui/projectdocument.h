// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <expected>
#include <optional>

#include "core/project/pyproject.h"

/**
 * The open project as the pages share it: the edited Project::PyProject (text and model), the
 * edits applied to it and saving. Pages read project() and re-read it on changed(); an edit
 * that the project model refuses leaves the project as it was and reports errorOccurred()
 * with the model's plain-language message. Nothing is written until save().
 * Lives in the UI thread.
 */
class ProjectDocument final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectDocument)

public:
    using EditResult = std::expected<Project::PyProject, Project::ProjectError>;

    explicit ProjectDocument(QObject *parent = nullptr);

    // Loads the project at path (folder or pyproject.toml); on failure the document is closed
    // and errorString() says why.
    bool load(const QString &path);
    void close();
    bool reload();

    [[nodiscard]] bool isOpen() const { return m_project.has_value(); }
    [[nodiscard]] const Project::PyProject &project() const { return *m_project; }
    [[nodiscard]] bool isModified() const { return isOpen() && m_project->isModified(); }
    [[nodiscard]] const QString &errorString() const { return m_error; }

    // Takes the result of an edit made on project(); false (and errorOccurred) when it failed.
    bool apply(const EditResult &edited);
    // Writes the file; false (and errorOccurred) when it failed, the edits are kept then.
    bool save();

    // Steps through the edits applied since the project was loaded or last saved.
    [[nodiscard]] bool canUndo() const { return !m_undo.isEmpty(); }
    [[nodiscard]] bool canRedo() const { return !m_redo.isEmpty(); }
    void undo();
    void redo();

Q_SIGNALS:
    void changed();
    void saved();
    void errorOccurred(const QString &message);

private:
    void fail(const QString &message);
    void restore(Project::PyProject project);

    std::optional<Project::PyProject> m_project;
    QList<Project::PyProject> m_undo; // earlier states, newest last
    QList<Project::PyProject> m_redo;
    QString m_path;
    QString m_error;
};
