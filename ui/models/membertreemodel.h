// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStandardItemModel>

namespace Dist {
struct Distribution;
}

// The members of a wheel or sdist as a folder tree: name, size (folders: the sum of their
// files) and, for wheels, how each file compares with its RECORD row.
class MemberTreeModel final : public QStandardItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemberTreeModel)

public:
    enum Column { NameColumn, SizeColumn, NoteColumn, ColumnCount };
    enum Role { PathRole = Qt::UserRole + 1, BytesRole };

    explicit MemberTreeModel(QObject *parent = nullptr);

    void setDistribution(const Dist::Distribution &distribution);
    void clearContents();
    [[nodiscard]] int memberCount() const { return m_memberCount; }

private:
    int m_memberCount = 0;
};
