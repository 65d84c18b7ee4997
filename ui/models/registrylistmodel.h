// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include "core/registry/registry.h"

/**
 * The configured registries: name, kind, role, upload URL and what is known about the
 * credential (filled in asynchronously from the keychain, never the secret itself).
 */
class RegistryListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistryListModel)

public:
    enum Column { NameColumn, KindColumn, RoleColumn, UrlColumn, CredentialColumn, ColumnCount };

    explicit RegistryListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setRegistries(const QList<Registry::Registry> &registries);
    [[nodiscard]] const QList<Registry::Registry> &registries() const { return m_registries; }
    [[nodiscard]] int rowOf(const QString &name) const;
    // What the credential column says for a registry ("stored (sha256:…)", "none", ...).
    void setCredentialState(const QString &name, const QString &state);
    [[nodiscard]] QString credentialState(const QString &name) const { return m_credentialStates.value(name); }

    [[nodiscard]] static QString kindText(Registry::Kind kind);
    [[nodiscard]] static QString roleText(Registry::Role role);

private:
    QList<Registry::Registry> m_registries;
    QHash<QString, QString> m_credentialStates;
};
