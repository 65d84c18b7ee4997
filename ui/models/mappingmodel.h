// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QString>

#include <utility>

class ProjectDocument;

/**
 * A [project] table of name = string as a table: urls (label -> URL) or scripts
 * (name -> "package.module:function"). Columns: name, value (both editable), and the project
 * model's findings about the entry (SW326 invalid URL, SW331 bad entry point, ...). Edits go
 * through the document: a new value sets the key, a new name renames it (one undo step),
 * clearing the value removes the entry. addRow() opens an empty row that is written once both
 * cells have text.
 */
class MappingModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MappingModel)

public:
    enum class Table { Urls, Scripts };
    enum Column { NameColumn, ValueColumn, ProblemColumn, ColumnCount };

    MappingModel(ProjectDocument &document, Table table, QObject *parent = nullptr);

    [[nodiscard]] QString tableKey() const; // "urls", "scripts"
    [[nodiscard]] QString readOnlyReason() const;
    QModelIndex addRow();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

private:
    using Entry = std::pair<QString, QString>;

    [[nodiscard]] QList<Entry> current() const;
    [[nodiscard]] QString findingKey(const QString &name) const;
    void documentChanged();
    bool commitPending(int pendingRow);

    ProjectDocument &m_document;
    Table m_table;
    QList<Entry> m_committed;
    QList<Entry> m_pending; // rows being typed, after the committed ones
    QList<QString> m_pendingProblems;
};
