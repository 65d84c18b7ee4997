// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>
#include <QWidget>

class ProjectDocument;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

/**
 * The Metadata page (first part): the single-value [project] fields (name, version with
 * PEP 440 bump buttons, description, readme, requires-python, license expression, keywords)
 * as a form over the project model. An edited field is applied through Project::PyProject
 * when editing finishes; what the model refuses, and its findings about each key, are shown
 * under the field. Fields listed in `dynamic` are read-only with the reason. Undo/redo step
 * through the document's edits; Save shows the diff of pyproject.toml first.
 */
class MetadataPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetadataPage)

public:
    explicit MetadataPage(ProjectDocument &document, QWidget *parent = nullptr);

private:
    struct Field {
        QString key; // [project] key
        QLineEdit *editor = nullptr;
        QLabel *message = nullptr;
        QString refusal; // the model's message for the last refused edit, shown until the next edit
    };

    void addField(class QFormLayout *form, const QString &key, const QString &label, const QString &placeholder);
    void refresh();
    void commit(Field &field);
    [[nodiscard]] QString currentValue(const QString &key) const;
    [[nodiscard]] QString readOnlyReason(const QString &key) const;

    ProjectDocument &m_document;
    QList<Field> m_fields;
    QList<QPushButton *> m_bumpButtons;
    QLabel *m_pageMessage = nullptr;
    QPushButton *m_undo = nullptr;
    QPushButton *m_redo = nullptr;
    QPushButton *m_save = nullptr;
};
