// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/membertreemodel.h"

#include <QApplication>
#include <QHash>
#include <QIcon>
#include <QStyle>

#include <functional>

#include "core/dist/distribution.h"
#include "ui/models/artifacttablemodel.h"

namespace {

QString recordNote(Dist::RecordStatus status)
{
    switch (status) {
    case Dist::RecordStatus::NotApplicable:
    case Dist::RecordStatus::Verified:
        return {};
    case Dist::RecordStatus::NotListed:
        return MemberTreeModel::tr("not in RECORD");
    case Dist::RecordStatus::HashMismatch:
        return MemberTreeModel::tr("hash differs from RECORD");
    case Dist::RecordStatus::SizeMismatch:
        return MemberTreeModel::tr("size differs from RECORD");
    case Dist::RecordStatus::HashAndSizeMismatch:
        return MemberTreeModel::tr("hash and size differ from RECORD");
    case Dist::RecordStatus::NoHash:
        return MemberTreeModel::tr("no hash in RECORD");
    case Dist::RecordStatus::NotVerified:
        return {}; // contents not read for the browser; the check engine verifies them
    }
    return {};
}

} // namespace

MemberTreeModel::MemberTreeModel(QObject *parent)
    : QStandardItemModel(0, ColumnCount, parent)
{
    setHorizontalHeaderLabels({tr("Member"), tr("Size"), tr("Note")});
}

void MemberTreeModel::clearContents()
{
    removeRows(0, rowCount());
    m_memberCount = 0;
}

void MemberTreeModel::setDistribution(const Dist::Distribution &distribution)
{
    clearContents();
    const QIcon folderIcon = QApplication::style()->standardIcon(QStyle::SP_DirIcon);
    const QIcon fileIcon = QApplication::style()->standardIcon(QStyle::SP_FileIcon);
    QHash<QString, QStandardItem *> folders;
    QHash<QStandardItem *, qint64> folderSizes;
    auto row = [](QStandardItem *name, qint64 size, const QString &note) {
        auto *sizeItem = new QStandardItem(ArtifactTableModel::formatSize(size));
        sizeItem->setData(size, BytesRole);
        sizeItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return QList<QStandardItem *>{name, sizeItem, new QStandardItem(note)};
    };
    // Folders are created on demand from the member paths: archives need not list them.
    std::function<QStandardItem *(const QString &)> folderFor = [&](const QString &path) -> QStandardItem * {
        if (path.isEmpty()) {
            return invisibleRootItem();
        }
        if (QStandardItem *existing = folders.value(path)) {
            return existing;
        }
        const qsizetype slash = path.lastIndexOf(u'/');
        QStandardItem *parent = folderFor(slash < 0 ? QString() : path.left(slash));
        auto *item = new QStandardItem(folderIcon, slash < 0 ? path : path.mid(slash + 1));
        item->setData(path, PathRole);
        parent->appendRow(row(item, 0, {}));
        folders.insert(path, item);
        return item;
    };
    for (const Dist::Member &member : distribution.members) {
        if (member.type == Dist::Member::Type::Directory) {
            folderFor(member.path);
            continue;
        }
        const qsizetype slash = member.path.lastIndexOf(u'/');
        const QString folder = slash < 0 ? QString() : member.path.left(slash);
        QStandardItem *parent = folderFor(folder);
        auto *item = new QStandardItem(fileIcon, slash < 0 ? member.path : member.path.mid(slash + 1));
        item->setData(member.path, PathRole);
        // RECORD cannot hold its own hash: no note for that.
        QString note = member.recordStatus == Dist::RecordStatus::NoHash && member.path.endsWith(u"/RECORD")
                           ? QString()
                           : recordNote(member.recordStatus);
        if (member.type == Dist::Member::Type::Symlink || member.type == Dist::Member::Type::Hardlink) {
            note = tr("link to %1").arg(member.linkTarget);
        }
        parent->appendRow(row(item, member.size, note));
        ++m_memberCount;
        for (QStandardItem *up = parent; up != nullptr && up != invisibleRootItem(); up = up->parent()) {
            folderSizes[up] += member.size;
        }
    }
    for (auto it = folderSizes.cbegin(); it != folderSizes.cend(); ++it) {
        QStandardItem *parent = it.key()->parent() != nullptr ? it.key()->parent() : invisibleRootItem();
        QStandardItem *sizeItem = parent->child(it.key()->row(), SizeColumn);
        sizeItem->setText(ArtifactTableModel::formatSize(it.value()));
        sizeItem->setData(it.value(), BytesRole);
    }
}
