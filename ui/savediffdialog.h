// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class ProjectDocument;

/**
 * Shows the exact diff of pyproject.toml that saving will write, and saves on "Save".
 * Opened window-modal with open() (no nested event loop); deletes itself when closed.
 * A failed save keeps the dialog open with the message, so nothing is lost.
 */
class SaveDiffDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SaveDiffDialog)

public:
    SaveDiffDialog(ProjectDocument &document, QWidget *parent);

    // Opens the dialog for the document's pending changes; nothing when there are none.
    static SaveDiffDialog *showFor(ProjectDocument &document, QWidget *parent);

    void accept() override;

private:
    ProjectDocument &m_document;
    class QLabel *m_error = nullptr;
};
