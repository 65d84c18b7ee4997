// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/findinglistmodel.h"

#include <QApplication>
#include <QStyle>

FindingListModel::FindingListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int FindingListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_findings.size());
}

int FindingListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindingListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_findings.size()) {
        return {};
    }
    const Check::Finding &finding = m_findings.at(index.row());
    if (role == Qt::ToolTipRole) {
        return finding.hint.isEmpty() ? finding.message : tr("%1\n\nHow to fix: %2").arg(finding.message, finding.hint);
    }
    switch (index.column()) {
    case SeverityColumn:
        if (role == Qt::DisplayRole) {
            return finding.severity == Check::Severity::Error     ? tr("Error")
                   : finding.severity == Check::Severity::Warning ? tr("Warning")
                                                                  : tr("Info");
        }
        if (role == Qt::DecorationRole) {
            const QStyle::StandardPixmap icon = finding.severity == Check::Severity::Error ? QStyle::SP_MessageBoxCritical
                                                : finding.severity == Check::Severity::Warning
                                                    ? QStyle::SP_MessageBoxWarning
                                                    : QStyle::SP_MessageBoxInformation;
            return QApplication::style()->standardIcon(icon);
        }
        break;
    case CodeColumn:
        if (role == Qt::DisplayRole) {
            return finding.code;
        }
        break;
    case MessageColumn:
        if (role == Qt::DisplayRole) {
            return finding.message;
        }
        break;
    case HintColumn:
        if (role == Qt::DisplayRole) {
            return finding.hint;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant FindingListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case CodeColumn:
        return tr("Code");
    case MessageColumn:
        return tr("Message");
    case HintColumn:
        return tr("How to fix");
    default:
        return {};
    }
}

void FindingListModel::setFindings(const QList<Check::Finding> &findings)
{
    beginResetModel();
    m_findings = findings;
    endResetModel();
}
