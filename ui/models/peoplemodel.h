// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "core/project/projectmodel.h"

class ProjectDocument;

/**
 * [project] authors or maintainers as a table: name, email, and the project model's findings
 * about each person (an email PyPI refuses, ...). Read-only: the TOML editor does not rewrite
 * arrays of tables yet, so people are edited in pyproject.toml (readOnlyReason() says so).
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

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    [[nodiscard]] QList<Project::Person> current() const;
    [[nodiscard]] QString problem(int row) const;
    void documentChanged();

    ProjectDocument &m_document;
    Role m_role;
    QList<Project::Person> m_people;
};
