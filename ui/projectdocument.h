// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <expected>
#include <functional>
#include <optional>

#include "core/project/pyproject.h"

class QFileSystemWatcher;
class QTimer;

/**
 * The open project as the pages share it: the edited Project::PyProject (text and model), the
 * edits applied to it and saving. Pages read project() and re-read it on changed(); an edit
 * that the project model refuses leaves the project as it was and reports errorOccurred()
 * with the model's plain-language message. Nothing is written until save().
 *
 * Edits are functions of the project (edit()), so that they can be applied again on a newer
 * file: pyproject.toml is watched (also across editors that replace the file), and a change
 * on disk either reloads the document at once (no unsaved edits: nothing can be lost) or is
 * announced with externalChangePending() and waits for reload() or keepMine().
 * Lives in the UI thread.
 */
class ProjectDocument final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectDocument)

public:
    using EditResult = std::expected<Project::PyProject, Project::ProjectError>;
    using Edit = std::function<EditResult(const Project::PyProject &)>;

    explicit ProjectDocument(QObject *parent = nullptr);

    // Loads the project at path (folder or pyproject.toml); on failure the document is closed
    // and errorString() says why.
    bool load(const QString &path);
    void close();
    // Reads the file again, dropping unsaved edits.
    bool reload();

    [[nodiscard]] bool isOpen() const { return m_project.has_value(); }
    [[nodiscard]] const Project::PyProject &project() const { return *m_project; }
    [[nodiscard]] bool isModified() const { return isOpen() && m_project->isModified(); }
    [[nodiscard]] const QString &errorString() const { return m_error; }

    // Applies edit to project(); false (and errorOccurred) when the model refused it.
    bool edit(const Edit &edit);
    // Writes the file; false (and errorOccurred) when it failed, the edits are kept then.
    bool save();

    // Steps through the edits applied since the project was loaded or last saved.
    [[nodiscard]] bool canUndo() const { return !m_undo.isEmpty(); }
    [[nodiscard]] bool canRedo() const { return !m_redo.isEmpty(); }
    void undo();
    void redo();

    // pyproject.toml changed on disk while there are unsaved edits.
    [[nodiscard]] bool hasExternalChange() const { return m_externalChange; }
    // Loads the file as it is now on disk and applies the unsaved edits again on it. False (and
    // errorOccurred, naming the edit) when one of them no longer applies; nothing changes then.
    bool keepMine();
    // Looks at the file on disk now instead of waiting for the watcher (tests, focus-in).
    void checkDisk();

Q_SIGNALS:
    void changed();
    void saved();
    void errorOccurred(const QString &message);
    // The file changed on disk and there are unsaved edits: reload() or keepMine().
    void externalChangePending();
    // The file changed on disk without unsaved edits and was loaded again.
    void reloadedFromDisk();

private:
    struct Step {
        Project::PyProject state; // undo: the state before the edit; redo: the state after it
        Edit edit;
    };

    void fail(const QString &message);
    void restore(Project::PyProject project);
    void watch();

    std::optional<Project::PyProject> m_project;
    QList<Step> m_undo; // newest last
    QList<Step> m_redo;
    QString m_path;
    QString m_error;
    QByteArray m_diskContent; // the file as loaded or last saved
    bool m_externalChange = false;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_diskTimer = nullptr;
};
