// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <optional>

#include "core/registry/registry.h"

namespace Index {
class IndexClient;
class ProjectPageReply;
} // namespace Index

/**
 * The versions of a project already on the test and the production registry: one row per
 * role (from the registry store's roles), with the registry, its state and the versions its
 * Simple API lists. Queries run through Index::IndexClient, asynchronously; each row says
 * plainly when no registry has the role, when the index cannot be reached (offline) or
 * answered an error. Lives in the UI thread.
 */
class RegistryVersionsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistryVersionsModel)

public:
    enum Column { RoleColumn, RegistryColumn, VersionsColumn, ColumnCount };
    enum class State { NotConfigured, NoIndexUrl, Loading, Listed, NotListed, Offline, Failed };

    // registryStorePath: the registries.toml to read roles from (Registry::RegistryStore).
    explicit RegistryVersionsModel(const QString &registryStorePath, QObject *parent = nullptr);
    ~RegistryVersionsModel() override;

    // Reads the registry store again and asks each registry about project; an empty project
    // name clears the rows.
    void refresh(const QString &project);

    [[nodiscard]] State state(Registry::Role role) const;
    [[nodiscard]] QStringList versions(Registry::Role role) const; // sorted by PEP 440, oldest first
    [[nodiscard]] bool hasVersion(Registry::Role role, const QString &version) const;
    [[nodiscard]] bool isLoading() const;
    // Why the registry list could not be read; empty when it could.
    [[nodiscard]] QString storeError() const { return m_storeError; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // After every configured registry has answered (or failed).
    void finished();

private:
    struct Row {
        Registry::Role role = Registry::Role::None;
        std::optional<Registry::Registry> registry;
        State state = State::NotConfigured;
        QStringList versions;
        QString message;
        QPointer<Index::ProjectPageReply> reply;
    };

    void answered(int row);
    [[nodiscard]] const Row *rowFor(Registry::Role role) const;

    QString m_storePath;
    QString m_storeError;
    Index::IndexClient *m_client = nullptr;
    QList<Row> m_rows;
};
