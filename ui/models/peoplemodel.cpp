// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/peoplemodel.h"

#include <QStringList>

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
    if (m_document.isOpen() && m_document.project().metadata().isDynamic(key())) {
        return tr("Dynamic: the build backend sets %1 at build time (listed in dynamic).").arg(key());
    }
    return tr("Edited in pyproject.toml: Slipway does not rewrite tables of people yet.");
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
    return parent.isValid() ? 0 : int(m_people.size());
}

int PeopleModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PeopleModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || (role != Qt::DisplayRole && role != Qt::ToolTipRole)) {
        return {};
    }
    const Project::Person &person = m_people.at(index.row());
    switch (index.column()) {
    case NameColumn:
        return person.name;
    case EmailColumn:
        return person.email;
    default:
        return problem(index.row());
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
