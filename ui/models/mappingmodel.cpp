// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/mappingmodel.h"

#include <QApplication>
#include <QStyle>

#include "ui/models/projectfindings.h"
#include "ui/projectdocument.h"

MappingModel::MappingModel(ProjectDocument &document, Table table, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
    , m_table(table)
{
    connect(&m_document, &ProjectDocument::changed, this, &MappingModel::documentChanged);
    m_committed = current();
}

QString MappingModel::tableKey() const
{
    return m_table == Table::Urls ? QStringLiteral("urls") : QStringLiteral("scripts");
}

QString MappingModel::readOnlyReason() const
{
    if (!m_document.isOpen()) {
        return tr("No project is open.");
    }
    const Project::PyProject &project = m_document.project();
    if (project.isReadOnly()) {
        return project.readOnlyReason();
    }
    if (project.metadata().isDynamic(tableKey())) {
        return tr("Dynamic: the build backend sets %1 at build time (listed in dynamic).").arg(tableKey());
    }
    return {};
}

QList<MappingModel::Entry> MappingModel::current() const
{
    QList<Entry> entries;
    if (!m_document.isOpen()) {
        return entries;
    }
    const Project::ProjectMetadata &metadata = m_document.project().metadata();
    if (m_table == Table::Urls) {
        return metadata.urls;
    }
    for (const Project::EntryPoint &script : metadata.scripts) {
        entries.emplace_back(script.name, script.reference);
    }
    return entries;
}

QString MappingModel::findingKey(const QString &name) const
{
    return QStringLiteral("project.%1.%2").arg(tableKey(), ProjectFindings::keyPart(name));
}

void MappingModel::documentChanged()
{
    const QList<Entry> now = current();
    if (now != m_committed) {
        beginResetModel();
        m_committed = now;
        endResetModel();
    } else if (!m_committed.isEmpty()) {
        Q_EMIT dataChanged(index(0, 0), index(int(m_committed.size()) - 1, ColumnCount - 1));
    }
}

QModelIndex MappingModel::addRow()
{
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_pending.append(Entry());
    m_pendingProblems.append(QString());
    endInsertRows();
    return index(row, NameColumn);
}

int MappingModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_committed.size() + m_pending.size());
}

int MappingModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MappingModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    const int row = index.row();
    const bool pending = row >= m_committed.size();
    const Entry &entry = pending ? m_pending.at(row - m_committed.size()) : m_committed.at(row);
    QString problem;
    if (pending) {
        problem = m_pendingProblems.at(row - m_committed.size());
    } else if (m_document.isOpen()) {
        problem = ProjectFindings::messagesFor(m_document.project().findings(), findingKey(entry.first));
    }
    switch (index.column()) {
    case NameColumn:
        if (role == Qt::DisplayRole || role == Qt::EditRole) {
            return entry.first;
        }
        if (role == Qt::DecorationRole && !problem.isEmpty()) {
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
        }
        if (role == Qt::ToolTipRole && !problem.isEmpty()) {
            return problem;
        }
        return {};
    case ValueColumn:
        return role == Qt::DisplayRole || role == Qt::EditRole || role == Qt::ToolTipRole ? QVariant(entry.second)
                                                                                          : QVariant();
    default:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
            if (pending && problem.isEmpty() && role == Qt::DisplayRole) {
                return m_table == Table::Urls ? tr("enter a label and an https:// URL")
                                              : tr("enter a command name and package.module:function");
            }
            return problem;
        }
        return {};
    }
}

QVariant MappingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case NameColumn:
        return m_table == Table::Urls ? tr("Label") : tr("Command");
    case ValueColumn:
        return m_table == Table::Urls ? tr("URL") : tr("Entry point");
    default:
        return tr("Problem");
    }
}

Qt::ItemFlags MappingModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() != ProblemColumn && readOnlyReason().isEmpty()) {
        flags |= Qt::ItemIsEditable;
    }
    return flags;
}

bool MappingModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() == ProblemColumn || !checkIndex(index, CheckIndexOption::IndexIsValid)
        || !readOnlyReason().isEmpty()) {
        return false;
    }
    const QString text = value.toString().trimmed();
    const int row = index.row();
    if (row >= m_committed.size()) {
        const int pendingRow = row - int(m_committed.size());
        Entry &entry = m_pending[pendingRow];
        (index.column() == NameColumn ? entry.first : entry.second) = text;
        m_pendingProblems[pendingRow].clear();
        Q_EMIT dataChanged(this->index(row, 0), this->index(row, ColumnCount - 1));
        if (entry.first.isEmpty() || entry.second.isEmpty()) {
            return true;
        }
        return commitPending(pendingRow);
    }
    const auto [name, old] = m_committed.at(row);
    const QString table = tableKey();
    if (index.column() == ValueColumn) {
        if (text == old) {
            return false;
        }
        const QString key = ProjectFindings::editKey(table, name);
        return m_document.edit([key, text](const Project::PyProject &project) {
            return text.isEmpty() ? project.unset(key) : project.set(key, text);
        });
    }
    if (text == name) {
        return false;
    }
    const QString oldKey = ProjectFindings::editKey(table, name);
    const QString newKey = ProjectFindings::editKey(table, text);
    return m_document.edit([oldKey, newKey, old, text](const Project::PyProject &project) {
        auto removed = project.unset(oldKey);
        if (!removed || text.isEmpty()) {
            return removed;
        }
        return removed->set(newKey, old);
    });
}

bool MappingModel::commitPending(int pendingRow)
{
    const Entry entry = m_pending.at(pendingRow);
    const int row = int(m_committed.size()) + pendingRow;
    if (std::any_of(m_committed.cbegin(), m_committed.cend(), [&entry](const Entry &e) { return e.first == entry.first; })) {
        m_pendingProblems[pendingRow] = tr("\"%1\" is already in the table").arg(entry.first);
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return false;
    }
    beginRemoveRows({}, row, row);
    m_pending.removeAt(pendingRow);
    m_pendingProblems.removeAt(pendingRow);
    endRemoveRows();
    const QString key = ProjectFindings::editKey(tableKey(), entry.first);
    const QString value = entry.second;
    if (m_document.edit([key, value](const Project::PyProject &project) { return project.set(key, value); })) {
        return true;
    }
    const int back = rowCount();
    beginInsertRows({}, back, back);
    m_pending.append(entry);
    m_pendingProblems.append(m_document.errorString());
    endInsertRows();
    return false;
}

bool MappingModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > rowCount()) {
        return false;
    }
    const int committed = int(m_committed.size());
    if (row >= committed) {
        beginRemoveRows({}, row, row + count - 1);
        m_pending.remove(row - committed, count);
        m_pendingProblems.remove(row - committed, count);
        endRemoveRows();
        return true;
    }
    if (!readOnlyReason().isEmpty()) {
        return false;
    }
    QStringList keys;
    for (int i = row; i < qMin(row + count, committed); ++i) {
        keys.append(ProjectFindings::editKey(tableKey(), m_committed.at(i).first));
    }
    return m_document.edit([keys](const Project::PyProject &project) -> ProjectDocument::EditResult {
        ProjectDocument::EditResult result = project;
        for (const QString &key : keys) {
            if (result) {
                result = result->unset(key);
            }
        }
        return result;
    });
}
