// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/registrylistmodel.h"

RegistryListModel::RegistryListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int RegistryListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_registries.size());
}

int RegistryListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RegistryListModel::kindText(Registry::Kind kind)
{
    switch (kind) {
    case Registry::Kind::PyPI:
        return QStringLiteral("PyPI");
    case Registry::Kind::TestPyPI:
        return QStringLiteral("TestPyPI");
    case Registry::Kind::GitLab:
        return QStringLiteral("GitLab");
    case Registry::Kind::CodeArtifact:
        return QStringLiteral("CodeArtifact");
    case Registry::Kind::Nexus:
        return QStringLiteral("Nexus");
    case Registry::Kind::Artifactory:
        return QStringLiteral("Artifactory");
    case Registry::Kind::Custom:
        return tr("Custom");
    }
    return {};
}

QString RegistryListModel::roleText(Registry::Role role)
{
    switch (role) {
    case Registry::Role::None:
        return tr("—");
    case Registry::Role::Test:
        return tr("Test");
    case Registry::Role::Production:
        return tr("Production");
    }
    return {};
}

QVariant RegistryListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_registries.size()) {
        return {};
    }
    const Registry::Registry &registry = m_registries.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == UrlColumn) {
        return Registry::urlText(registry.uploadUrl);
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
    case NameColumn:
        return registry.name;
    case KindColumn:
        return kindText(registry.kind);
    case RoleColumn:
        return roleText(registry.role);
    case UrlColumn:
        return Registry::urlText(registry.uploadUrl);
    case CredentialColumn:
        return m_credentialStates.value(registry.name, tr("…"));
    default:
        return {};
    }
}

QVariant RegistryListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Kind");
    case RoleColumn:
        return tr("Role");
    case UrlColumn:
        return tr("Upload URL");
    case CredentialColumn:
        return tr("Credential");
    default:
        return {};
    }
}

void RegistryListModel::setRegistries(const QList<Registry::Registry> &registries)
{
    beginResetModel();
    m_registries = registries;
    endResetModel();
}

int RegistryListModel::rowOf(const QString &name) const
{
    for (int row = 0; row < m_registries.size(); ++row) {
        if (m_registries.at(row).name.compare(name, Qt::CaseInsensitive) == 0) {
            return row;
        }
    }
    return -1;
}

void RegistryListModel::setCredentialState(const QString &name, const QString &state)
{
    m_credentialStates.insert(name, state);
    const int row = rowOf(name);
    if (row >= 0) {
        Q_EMIT dataChanged(index(row, CredentialColumn), index(row, CredentialColumn));
    }
}
