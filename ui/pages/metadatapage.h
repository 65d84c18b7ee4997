// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include <functional>

class MappingModel;
class PeopleModel;
class ProjectDocument;
class QComboBox;
class QFormLayout;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class RequirementsModel;

/**
 * The Metadata page: a form over the project model. Single-value [project] fields (name,
 * version with PEP 440 bump buttons, summary, readme, requires-python, license expression with
 * SPDX completion or the legacy license table, keywords), and tables for dependencies, each
 * optional-dependency group, URLs and scripts (editable, with the project model's findings
 * beside each row) and authors and maintainers (shown; edited in the file). An edit is
 * applied through Project::PyProject when editing finishes; what the model refuses, and its
 * findings about each key, are shown beside the field. Fields listed in `dynamic` are
 * read-only with the reason. Undo/redo step through the document's edits (fields and tables);
 * Save shows the diff of pyproject.toml first. A change to the file on disk while there are
 * unsaved edits shows a bar offering Reload or Keep Mine.
 */
class MetadataPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetadataPage)

public:
    explicit MetadataPage(ProjectDocument &document, QWidget *parent = nullptr);
    ~MetadataPage() override;

private:
    struct Field {
        QString key; // [project] key
        QLineEdit *editor = nullptr;
        QLabel *message = nullptr;
        QString refusal; // the model's message for the last refused edit, shown until the next edit
        QString live;    // validation while typing (license expression)
        bool typing = false; // edited since the last commit: refreshes keep the text
    };
    struct Table {
        QTableView *view = nullptr;
        QPushButton *add = nullptr;
        QPushButton *remove = nullptr;
        QLabel *note = nullptr;
        std::function<QString()> readOnlyReason;
        std::function<QString()> findings; // about the whole table
    };

    void addField(QFormLayout *form, const QString &key, const QString &label, const QString &placeholder);
    Table &addTable(class QVBoxLayout *layout, const QString &title, const QString &objectName,
                    class QAbstractItemModel *model, std::function<QString()> readOnlyReason, bool editable);
    QWidget *makeOptionalGroupControls(QWidget *parent);
    void refresh();
    void refreshTables();
    void refreshGroups();
    void commit(Field &field);
    [[nodiscard]] Field *field(const QString &key);
    [[nodiscard]] QString currentValue(const QString &key) const;
    [[nodiscard]] QString editKey(const QString &key) const;
    [[nodiscard]] QString readOnlyReason(const QString &key) const;
    void showExternalChange(bool pending);

    ProjectDocument &m_document;
    QList<Field> m_fields;
    QList<Table> m_tables;
    QList<QPushButton *> m_bumpButtons;
    QLabel *m_pageMessage = nullptr;
    QFrame *m_externalBar = nullptr;
    QLabel *m_externalText = nullptr;
    QPushButton *m_reload = nullptr;
    QPushButton *m_keepMine = nullptr;
    QPushButton *m_dismiss = nullptr;
    QPushButton *m_undo = nullptr;
    QPushButton *m_redo = nullptr;
    QPushButton *m_save = nullptr;
    RequirementsModel *m_dependencies = nullptr;
    RequirementsModel *m_optional = nullptr;
    MappingModel *m_urls = nullptr;
    MappingModel *m_scripts = nullptr;
    PeopleModel *m_authors = nullptr;
    PeopleModel *m_maintainers = nullptr;
    QComboBox *m_groupBox = nullptr;
    QLineEdit *m_newGroup = nullptr;
    QPushButton *m_addGroup = nullptr;
    QPushButton *m_removeGroup = nullptr;
};
