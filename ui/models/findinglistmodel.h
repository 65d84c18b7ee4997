// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "core/check/finding.h"

// The check engine's findings for one file: severity (with its icon), code, message, hint.
class FindingListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FindingListModel)

public:
    enum Column { SeverityColumn, CodeColumn, MessageColumn, HintColumn, ColumnCount };

    explicit FindingListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setFindings(const QList<Check::Finding> &findings);
    [[nodiscard]] const QList<Check::Finding> &findings() const { return m_findings; }

private:
    QList<Check::Finding> m_findings;
};
