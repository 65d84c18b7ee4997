// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QStringList>

class ProjectDocument;

/**
 * One requirement list of the open project as a table: [project] dependencies or one group of
 * optional-dependencies. Column 0 is the PEP 508 requirement (editable), column 1 what the
 * project model found wrong with it (SW328 and friends, from Metadata::Requirement). Edits go
 * through the document (so undo/redo and the save diff cover them): changing a row replaces
 * that element, clearing it removes it, addRow() opens an empty row that is added once it has
 * text. The model follows the document; rows being typed survive unrelated edits.
 */
class RequirementsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequirementsModel)

public:
    enum Column { RequirementColumn, ProblemColumn, ColumnCount };

    explicit RequirementsModel(ProjectDocument &document, QObject *parent = nullptr);

    // No extra: [project] dependencies; an extra: optional-dependencies.<extra>.
    void setExtra(const QString &extra);
    void setDependencies();
    [[nodiscard]] bool isOptionalGroup() const { return m_optional; }
    [[nodiscard]] QString extra() const { return m_extra; }
    // The [project] key edited: "dependencies", "optional-dependencies.test".
    [[nodiscard]] QString key() const;
    // Empty when the list can be edited, else why not (read-only project, dynamic key).
    [[nodiscard]] QString readOnlyReason() const;

    // Appends an empty row to type a requirement in; returns the index of its cell.
    QModelIndex addRow();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

private:
    [[nodiscard]] QStringList current() const;
    [[nodiscard]] QString findingKey(int row) const;
    void reset();
    void documentChanged();

    ProjectDocument &m_document;
    bool m_optional = false;
    QString m_extra;
    QStringList m_committed; // as in the document
    int m_pending = 0;       // empty rows after the committed ones, being typed
    QStringList m_pendingProblems;
};
