// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/artifacttablemodel.h"

#include <QApplication>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLocale>
#include <QStyle>

ArtifactTableModel::ArtifactTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int ArtifactTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ArtifactTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ArtifactTableModel::formatSize(qint64 bytes)
{
    return bytes < 0 ? QString() : QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QVariant ArtifactTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size()) {
        return {};
    }
    const Row &row = m_rows.at(index.row());
    if (role == PathRole) {
        return row.path;
    }
    switch (index.column()) {
    case FileColumn:
        if (role == Qt::DisplayRole) {
            return row.fileName;
        }
        if (role == Qt::ToolTipRole) {
            return row.readError.isEmpty() ? row.path : row.readError;
        }
        break;
    case SizeColumn:
        if (role == Qt::DisplayRole) {
            return formatSize(row.size);
        }
        if (role == Qt::ToolTipRole && row.size >= 0) {
            return tr("%1 bytes").arg(QLocale().toString(row.size));
        }
        if (role == Qt::TextAlignmentRole) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        break;
    case Sha256Column:
        if (role == Qt::DisplayRole) {
            return row.sha256.isEmpty() ? (row.readError.isEmpty() ? tr("reading…") : tr("unreadable")) : row.sha256;
        }
        if (role == Qt::FontRole && !row.sha256.isEmpty()) {
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        }
        if (role == Qt::ToolTipRole) {
            return row.sha256;
        }
        break;
    case VerdictColumn:
        if (role == Qt::DisplayRole) {
            return row.verdict ? Check::verdictText(*row.verdict) : tr("checking…");
        }
        if (role == Qt::DecorationRole && row.verdict) {
            const QStyle::StandardPixmap icon = *row.verdict == Check::Verdict::Error  ? QStyle::SP_MessageBoxCritical
                                                : *row.verdict == Check::Verdict::Warn ? QStyle::SP_MessageBoxWarning
                                                                                       : QStyle::SP_DialogApplyButton;
            return QApplication::style()->standardIcon(icon);
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant ArtifactTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case FileColumn:
        return tr("File");
    case SizeColumn:
        return tr("Size");
    case Sha256Column:
        return tr("SHA-256");
    case VerdictColumn:
        return tr("Check");
    default:
        return {};
    }
}

void ArtifactTableModel::setPaths(const QStringList &paths)
{
    beginResetModel();
    m_rows.clear();
    for (const QString &path : paths) {
        m_rows.append({path, QFileInfo(path).fileName(), -1, {}, std::nullopt, {}, {}});
    }
    endResetModel();
}

void ArtifactTableModel::clear()
{
    setPaths({});
}

int ArtifactTableModel::rowOf(const QString &path) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).path == path) {
            return row;
        }
    }
    return -1;
}

void ArtifactTableModel::setFileInfo(const QString &path, qint64 size, const QString &sha256,
                                     const QString &readError)
{
    const int row = rowOf(path);
    if (row < 0) {
        return;
    }
    m_rows[row].size = size;
    m_rows[row].sha256 = sha256;
    m_rows[row].readError = readError;
    Q_EMIT dataChanged(index(row, FileColumn), index(row, Sha256Column));
}

void ArtifactTableModel::setReport(const Check::FileReport &report)
{
    const int row = rowOf(report.path);
    if (row < 0) {
        return;
    }
    m_rows[row].verdict = report.verdict;
    m_rows[row].findings = report.findings;
    Q_EMIT dataChanged(index(row, VerdictColumn), index(row, VerdictColumn));
}
