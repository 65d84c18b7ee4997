// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "core/project/projectmodel.h"

class ProjectDocument;

/**
 * [project] authors or maintainers as a table: name, email (both editable), and the project
 * model's findings about each person (an email PyPI refuses, ...). Every edit rewrites the
 * whole list through the document (Project::PyProject::setPeople keeps the entries that stay,
 * and their comments); clearing both cells removes the person. addRow() opens an empty row
 * that is written as soon as it has a name or an email.
 */
class PeopleModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PeopleModel)

public:
    enum class Role { Authors, Maintainers };
    enum Column { NameColumn, EmailColumn, ProblemColumn, ColumnCount };

    PeopleModel(ProjectDocument &document, Role role, QObject *parent = nullptr);

    [[nodiscard]] QString key() const; // "authors", "maintainers"
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
    [[nodiscard]] QList<Project::Person> current() const;
    [[nodiscard]] QString problem(int row) const;
    bool write(const QList<Project::Person> &people);
    void documentChanged();

    ProjectDocument &m_document;
    Role m_role;
    QList<Project::Person> m_people;
    bool m_pendingRow = false; // an empty row after the people, opened by addRow()
};
