// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/peoplemodel.h"

#include <QStringList>

#include <algorithm>

#include "ui/models/projectfindings.h"
#include "ui/projectdocument.h"

namespace {

bool samePeople(const QList<Project::Person> &a, const QList<Project::Person> &b)
{
    return std::equal(a.cbegin(), a.cend(), b.cbegin(), b.cend(), [](const Project::Person &x, const Project::Person &y) {
        return x.name == y.name && x.email == y.email;
    });
}

} // namespace

PeopleModel::PeopleModel(ProjectDocument &document, Role role, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
    , m_role(role)
{
    connect(&m_document, &ProjectDocument::changed, this, &PeopleModel::documentChanged);
    m_people = current();
}

QString PeopleModel::key() const
{
    return m_role == Role::Authors ? QStringLiteral("authors") : QStringLiteral("maintainers");
}

QString PeopleModel::readOnlyReason() const
{
    if (!m_document.isOpen()) {
        return tr("No project is open.");
    }
    const Project::PyProject &project = m_document.project();
    if (project.isReadOnly()) {
        return project.readOnlyReason();
    }
    if (project.metadata().isDynamic(key())) {
        return tr("Dynamic: the build backend sets %1 at build time (listed in dynamic).").arg(key());
    }
    return {};
}

QModelIndex PeopleModel::addRow()
{
    if (!m_pendingRow) {
        const int row = int(m_people.size());
        beginInsertRows({}, row, row);
        m_pendingRow = true;
        endInsertRows();
    }
    return index(int(m_people.size()), NameColumn);
}

bool PeopleModel::write(const QList<Project::Person> &people)
{
    const QString list = key();
    return m_document.edit([list, people](const Project::PyProject &project) {
        return people.isEmpty() ? project.unset(list) : project.setPeople(list, people);
    });
}

Qt::ItemFlags PeopleModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() != ProblemColumn && readOnlyReason().isEmpty()) {
        flags |= Qt::ItemIsEditable;
    }
    return flags;
}

bool PeopleModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() == ProblemColumn || !checkIndex(index, CheckIndexOption::IndexIsValid)
        || !readOnlyReason().isEmpty()) {
        return false;
    }
    const QString text = value.toString().trimmed();
    QList<Project::Person> people = m_people;
    const int row = index.row();
    if (row >= people.size()) {
        if (text.isEmpty()) {
            return false;
        }
        people.append(Project::Person{});
    }
    Project::Person &person = people[row];
    QString &cell = index.column() == NameColumn ? person.name : person.email;
    if (cell == text) {
        return false;
    }
    cell = text;
    if (person.name.isEmpty() && person.email.isEmpty()) {
        people.removeAt(row);
    }
    const bool typedRow = row >= m_people.size();
    if (typedRow) {
        // The typed row becomes a person of the document (documentChanged() resets the model).
        beginRemoveRows({}, row, row);
        m_pendingRow = false;
        endRemoveRows();
    }
    if (write(people)) {
        return true;
    }
    if (typedRow) {
        addRow(); // refused: the row stays open, the page shows the document's message
    }
    return false;
}

bool PeopleModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > rowCount()) {
        return false;
    }
    if (m_pendingRow && row + count > m_people.size()) {
        beginRemoveRows({}, int(m_people.size()), int(m_people.size()));
        m_pendingRow = false;
        endRemoveRows();
        count = std::min(count, int(m_people.size()) - row);
        if (count <= 0) {
            return true;
        }
    }
    if (!readOnlyReason().isEmpty()) {
        return false;
    }
    QList<Project::Person> people = m_people;
    people.remove(row, count);
    return write(people);
}

QList<Project::Person> PeopleModel::current() const
{
    if (!m_document.isOpen()) {
        return {};
    }
    const Project::ProjectMetadata &metadata = m_document.project().metadata();
    return m_role == Role::Authors ? metadata.authors : metadata.maintainers;
}

QString PeopleModel::problem(int row) const
{
    if (!m_document.isOpen()) {
        return {};
    }
    // The reader reports a person as project.authors[i] or one of its keys.
    const QString base = QStringLiteral("project.%1[%2]").arg(key()).arg(row);
    QStringList lines;
    for (const QString &suffix : {QString(), QStringLiteral(".name"), QStringLiteral(".email")}) {
        const QString text = ProjectFindings::messagesFor(m_document.project().findings(), base + suffix);
        if (!text.isEmpty()) {
            lines.append(text);
        }
    }
    return lines.join(u'\n');
}

void PeopleModel::documentChanged()
{
    const QList<Project::Person> now = current();
    if (!samePeople(now, m_people)) {
        beginResetModel();
        m_people = now;
        endResetModel();
    } else if (!m_people.isEmpty()) {
        Q_EMIT dataChanged(index(0, ProblemColumn), index(int(m_people.size()) - 1, ProblemColumn));
    }
}

int PeopleModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_people.size()) + (m_pendingRow ? 1 : 0);
}

int PeopleModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PeopleModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)
        || (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::ToolTipRole)) {
        return {};
    }
    if (index.row() >= m_people.size()) {
        const bool hint = index.column() == ProblemColumn && role == Qt::DisplayRole;
        return hint ? QVariant(tr("enter a name, an email address, or both")) : QVariant(QString());
    }
    const Project::Person &person = m_people.at(index.row());
    switch (index.column()) {
    case NameColumn:
        return person.name;
    case EmailColumn:
        return person.email;
    default:
        return role == Qt::EditRole ? QVariant() : QVariant(problem(index.row()));
    }
}

QVariant PeopleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case NameColumn:
        return tr("Name");
    case EmailColumn:
        return tr("Email");
    default:
        return tr("Problem");
    }
}
