// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/registryversionsmodel.h"

#include <QApplication>
#include <QStyle>

#include <algorithm>

#include "core/dist/distfilename.h"
#include "core/index/indexclient.h"
#include "core/metadata/version.h"
#include "core/registry/registrystore.h"

namespace {

QStringList sortedVersions(QStringList versions)
{
    versions.removeDuplicates();
    std::stable_sort(versions.begin(), versions.end(), [](const QString &a, const QString &b) {
        const auto va = Metadata::Version::parse(a);
        const auto vb = Metadata::Version::parse(b);
        if (va && vb) {
            return *va < *vb;
        }
        return !va && vb; // unparsable first, as the index gives them
    });
    return versions;
}

} // namespace

RegistryVersionsModel::RegistryVersionsModel(const QString &registryStorePath, QObject *parent)
    : QAbstractTableModel(parent)
    , m_storePath(registryStorePath)
    , m_client(new Index::IndexClient(this))
{
}

RegistryVersionsModel::~RegistryVersionsModel()
{
    for (const Row &row : std::as_const(m_rows)) {
        if (row.reply) {
            row.reply->disconnect(this);
            row.reply->abort();
        }
    }
}

void RegistryVersionsModel::refresh(const QString &project)
{
    for (const Row &row : std::as_const(m_rows)) {
        if (row.reply) {
            row.reply->disconnect(this);
            row.reply->abort();
        }
    }
    QList<Row> rows;
    m_storeError.clear();
    if (!project.isEmpty()) {
        Registry::RegistryStore store(m_storePath);
        QList<Registry::Registry> registries;
        if (const auto loaded = store.load(); loaded) {
            registries = store.registries();
        } else {
            m_storeError = loaded.error().message;
        }
        for (const Registry::Role role : {Registry::Role::Test, Registry::Role::Production}) {
            Row row;
            row.role = role;
            const auto found = std::find_if(registries.cbegin(), registries.cend(),
                                            [role](const Registry::Registry &r) { return r.role == role; });
            if (found == registries.cend()) {
                row.state = State::NotConfigured;
                row.message = m_storeError.isEmpty()
                                  ? tr("No registry has the %1 role. Give one that role under Registries.")
                                        .arg(Registry::roleName(role))
                                  : tr("The registry list cannot be read: %1").arg(m_storeError);
            } else if (found->simpleUrl.isEmpty()) {
                row.registry = *found;
                row.state = State::NoIndexUrl;
                row.message = tr("No Simple API URL is configured for %1, so its versions cannot be listed.")
                                  .arg(found->name);
            } else {
                row.registry = *found;
                row.state = State::Loading;
                row.message = tr("Asking %1…").arg(found->simpleUrl.host());
            }
            rows.append(row);
        }
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();

    bool asked = false;
    Index::RequestOptions options;
    options.timeoutMs = 15000;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).state != State::Loading) {
            continue;
        }
        Index::RequestOptions requestOptions = options;
        requestOptions.tls.caBundlePath = m_rows.at(i).registry->caBundlePath;
        requestOptions.tls.clientCertificatePath = m_rows.at(i).registry->clientCertPath;
        Index::ProjectPageReply *reply = m_client->fetchProjectPage(m_rows.at(i).registry->simpleUrl, project,
                                                                    requestOptions);
        m_rows[i].reply = reply;
        connect(reply, &Index::IndexReply::finished, this, [this, i] { answered(i); });
        asked = true;
    }
    if (!asked) {
        // Nothing to wait for: say so from the event loop, as if the answers had come.
        QMetaObject::invokeMethod(this, &RegistryVersionsModel::finished, Qt::QueuedConnection);
    }
}

void RegistryVersionsModel::answered(int i)
{
    Row &row = m_rows[i];
    Index::ProjectPageReply *reply = row.reply;
    if (reply == nullptr) {
        return;
    }
    row.reply.clear();
    if (reply->hasError()) {
        const Index::IndexError &error = reply->error();
        switch (error.code) {
        case Index::IndexError::Code::Network:
        case Index::IndexError::Code::Timeout:
            row.state = State::Offline;
            row.message = tr("Offline: %1 cannot be reached (%2).").arg(row.registry->simpleUrl.host(), error.message);
            break;
        case Index::IndexError::Code::Authentication:
            row.state = State::Failed;
            row.message = tr("%1 needs credentials to list versions: %2").arg(row.registry->name, error.message);
            break;
        default:
            row.state = State::Failed;
            row.message = error.message;
            break;
        }
    } else {
        const Index::ProjectPage &page = reply->page();
        QStringList versions = page.versions;
        if (versions.isEmpty()) {
            for (const Index::DistributionFile &file : page.files) {
                if (const auto parsed = Dist::parseDistFilename(file.filename)) {
                    versions.append(parsed->version());
                }
            }
        }
        row.versions = sortedVersions(versions);
        row.state = row.versions.isEmpty() ? State::NotListed : State::Listed;
        row.message = row.versions.isEmpty() ? tr("No version of this project yet.") : QString();
    }
    Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
    if (!isLoading()) {
        Q_EMIT finished();
    }
}

bool RegistryVersionsModel::isLoading() const
{
    return std::any_of(m_rows.cbegin(), m_rows.cend(), [](const Row &row) { return row.state == State::Loading; });
}

const RegistryVersionsModel::Row *RegistryVersionsModel::rowFor(Registry::Role role) const
{
    for (const Row &row : m_rows) {
        if (row.role == role) {
            return &row;
        }
    }
    return nullptr;
}

RegistryVersionsModel::State RegistryVersionsModel::state(Registry::Role role) const
{
    const Row *row = rowFor(role);
    return row ? row->state : State::NotConfigured;
}

QStringList RegistryVersionsModel::versions(Registry::Role role) const
{
    const Row *row = rowFor(role);
    return row ? row->versions : QStringList();
}

bool RegistryVersionsModel::hasVersion(Registry::Role role, const QString &version) const
{
    const auto wanted = Metadata::Version::parse(version);
    for (const QString &listed : versions(role)) {
        const auto parsed = Metadata::Version::parse(listed);
        if (listed == version || (wanted && parsed && *wanted == *parsed)) {
            return true;
        }
    }
    return false;
}

int RegistryVersionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RegistryVersionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RegistryVersionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    const Row &row = m_rows.at(index.row());
    switch (index.column()) {
    case RoleColumn:
        if (role == Qt::DisplayRole) {
            return row.role == Registry::Role::Test ? tr("Test") : tr("Production");
        }
        return {};
    case RegistryColumn:
        if (role == Qt::DisplayRole) {
            return row.registry ? row.registry->name : tr("not configured");
        }
        if (role == Qt::ToolTipRole && row.registry) {
            return Registry::urlText(row.registry->simpleUrl.isEmpty() ? row.registry->uploadUrl
                                                                       : row.registry->simpleUrl);
        }
        return {};
    default:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
            if (row.state != State::Listed) {
                return row.message;
            }
            // The newest few; the tooltip has them all.
            constexpr int shown = 6;
            const QStringList newest = role == Qt::ToolTipRole || row.versions.size() <= shown
                                           ? row.versions
                                           : row.versions.mid(row.versions.size() - shown);
            const QString list = QStringList(newest.crbegin(), newest.crend()).join(QStringLiteral(", "));
            return role == Qt::DisplayRole && row.versions.size() > shown
                       ? tr("%1, … (%2 versions)").arg(list).arg(row.versions.size())
                       : list;
        }
        if (role == Qt::DecorationRole) {
            switch (row.state) {
            case State::Offline:
            case State::Failed:
                return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
            case State::NotConfigured:
            case State::NoIndexUrl:
                return QApplication::style()->standardIcon(QStyle::SP_MessageBoxInformation);
            default:
                return {};
            }
        }
        return {};
    }
}

QVariant RegistryVersionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case RoleColumn:
        return tr("Role");
    case RegistryColumn:
        return tr("Registry");
    default:
        return tr("Versions there (newest first)");
    }
}
