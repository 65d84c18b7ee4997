// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/requirementsmodel.h"

#include <QApplication>
#include <QStyle>

#include "ui/models/projectfindings.h"
#include "ui/projectdocument.h"

namespace {

QStringList requirementsOf(const Project::ProjectMetadata &metadata, bool optional, const QString &extra)
{
    if (!optional) {
        return metadata.dependencies;
    }
    for (const auto &[name, requirements] : metadata.optionalDependencies) {
        if (name == extra) {
            return requirements;
        }
    }
    return {};
}

Project::ProjectError missing(const QString &requirement)
{
    return {Project::ProjectError::Code::EditRefused,
            RequirementsModel::tr("\"%1\" is no longer in the list").arg(requirement)};
}

} // namespace

RequirementsModel::RequirementsModel(ProjectDocument &document, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
{
    connect(&m_document, &ProjectDocument::changed, this, &RequirementsModel::documentChanged);
    reset();
}

void RequirementsModel::setExtra(const QString &extra)
{
    m_optional = true;
    m_extra = extra;
    reset();
}

void RequirementsModel::setDependencies()
{
    m_optional = false;
    m_extra.clear();
    reset();
}

QString RequirementsModel::key() const
{
    return m_optional ? ProjectFindings::editKey(QStringLiteral("optional-dependencies"), m_extra)
                      : QStringLiteral("dependencies");
}

QString RequirementsModel::readOnlyReason() const
{
    if (!m_document.isOpen()) {
        return tr("No project is open.");
    }
    const Project::PyProject &project = m_document.project();
    if (project.isReadOnly()) {
        return project.readOnlyReason();
    }
    const QString top = m_optional ? QStringLiteral("optional-dependencies") : QStringLiteral("dependencies");
    if (project.metadata().isDynamic(top)) {
        return tr("Dynamic: the build backend sets %1 at build time (listed in dynamic).").arg(top);
    }
    if (m_optional && m_extra.isEmpty()) {
        return tr("No optional dependency group yet: name one (e.g. test) and choose Add Group.");
    }
    return {};
}

QStringList RequirementsModel::current() const
{
    return m_document.isOpen() ? requirementsOf(m_document.project().metadata(), m_optional, m_extra) : QStringList();
}

QString RequirementsModel::findingKey(int row) const
{
    const QString list = m_optional
                             ? QStringLiteral("project.optional-dependencies.") + ProjectFindings::keyPart(m_extra)
                             : QStringLiteral("project.dependencies");
    return QStringLiteral("%1[%2]").arg(list).arg(row);
}

void RequirementsModel::reset()
{
    beginResetModel();
    m_committed = current();
    m_pending = 0;
    m_pendingProblems.clear();
    endResetModel();
}

void RequirementsModel::documentChanged()
{
    if (current() != m_committed) {
        // Rows being typed stay when the list changed under them (undo, another row's edit).
        const int pending = m_pending;
        const QStringList problems = m_pendingProblems;
        beginResetModel();
        m_committed = current();
        m_pending = pending;
        m_pendingProblems = problems;
        endResetModel();
        return;
    }
    if (!m_committed.isEmpty()) {
        Q_EMIT dataChanged(index(0, 0), index(int(m_committed.size()) - 1, ColumnCount - 1));
    }
}

QModelIndex RequirementsModel::addRow()
{
    const int row = int(m_committed.size()) + m_pending;
    beginInsertRows({}, row, row);
    ++m_pending;
    m_pendingProblems.append(QString());
    endInsertRows();
    return index(row, RequirementColumn);
}

int RequirementsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_committed.size()) + m_pending;
}

int RequirementsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequirementsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    const int row = index.row();
    const bool pending = row >= m_committed.size();
    const QString problem = pending ? m_pendingProblems.value(row - int(m_committed.size()))
                          : m_document.isOpen()
                              ? ProjectFindings::messagesFor(m_document.project().findings(), findingKey(row))
                              : QString();
    if (index.column() == RequirementColumn) {
        switch (role) {
        case Qt::DisplayRole:
        case Qt::EditRole:
            return pending ? QString() : m_committed.at(row);
        case Qt::ToolTipRole:
            return problem.isEmpty() ? QVariant() : QVariant(problem);
        case Qt::DecorationRole: {
            if (problem.isEmpty()) {
                return {};
            }
            const bool error = pending || ProjectFindings::worstSeverity(m_document.project().findings(), findingKey(row))
                                              == int(Project::Finding::Severity::Error);
            return QApplication::style()->standardIcon(error ? QStyle::SP_MessageBoxCritical
                                                             : QStyle::SP_MessageBoxWarning);
        }
        default:
            return {};
        }
    }
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        if (pending && problem.isEmpty() && role == Qt::DisplayRole) {
            return tr("type a requirement, e.g. requests>=2.31");
        }
        return problem;
    }
    return {};
}

QVariant RequirementsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    return section == RequirementColumn ? tr("Requirement (PEP 508)") : tr("Problem");
}

Qt::ItemFlags RequirementsModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == RequirementColumn && readOnlyReason().isEmpty()) {
        flags |= Qt::ItemIsEditable;
    }
    return flags;
}

bool RequirementsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != RequirementColumn
        || !checkIndex(index, CheckIndexOption::IndexIsValid) || !readOnlyReason().isEmpty()) {
        return false;
    }
    const QString text = value.toString().trimmed();
    const QString key = this->key();
    const int row = index.row();
    if (row >= m_committed.size()) {
        const int pendingRow = row - int(m_committed.size());
        if (text.isEmpty()) {
            return removeRows(row, 1);
        }
        // Typed rows are added to the list; the row being typed becomes a committed one.
        beginRemoveRows({}, row, row);
        --m_pending;
        const QString oldProblem = m_pendingProblems.takeAt(pendingRow);
        endRemoveRows();
        const bool added = m_document.edit(
            [key, text](const Project::PyProject &project) { return project.add(key, text); });
        if (!added) {
            const int back = int(m_committed.size()) + m_pending;
            beginInsertRows({}, back, back);
            ++m_pending;
            m_pendingProblems.append(m_document.errorString().isEmpty() ? oldProblem : m_document.errorString());
            endInsertRows();
            return false;
        }
        return true;
    }
    const QString old = m_committed.at(row);
    if (text == old) {
        return false;
    }
    const bool optional = m_optional;
    const QString extra = m_extra;
    // Replays (keep my edits after an external change) look the element up by its text.
    return m_document.edit([key, old, text, optional, extra](const Project::PyProject &project)
                               -> ProjectDocument::EditResult {
        QStringList list = requirementsOf(project.metadata(), optional, extra);
        const qsizetype at = list.indexOf(old);
        if (at < 0) {
            return std::unexpected(missing(old));
        }
        if (text.isEmpty()) {
            list.removeAt(at);
        } else {
            list[at] = text;
        }
        return project.setList(key, list);
    });
}

bool RequirementsModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > rowCount()) {
        return false;
    }
    const int committed = int(m_committed.size());
    if (row >= committed) {
        beginRemoveRows({}, row, row + count - 1);
        m_pending -= count;
        m_pendingProblems.remove(row - committed, count);
        endRemoveRows();
        return true;
    }
    if (!readOnlyReason().isEmpty()) {
        return false;
    }
    const QStringList removed = m_committed.mid(row, qMin(count, committed - row));
    const QString key = this->key();
    return m_document.edit([key, removed](const Project::PyProject &project) -> ProjectDocument::EditResult {
        ProjectDocument::EditResult result = project;
        for (const QString &requirement : removed) {
            if (result) {
                result = result->removeElement(key, requirement);
            }
        }
        return result;
    });
}
