// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

#include "core/check/finding.h"

/**
 * The distribution files of a build or of dist/: file name, size, sha256 and the check
 * verdict, filled in as reading and checking finish. Rows keep their findings for the
 * findings list. Keyed by absolute path.
 */
class ArtifactTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ArtifactTableModel)

public:
    enum Column { FileColumn, SizeColumn, Sha256Column, VerdictColumn, ColumnCount };
    enum Role { PathRole = Qt::UserRole + 1 };

    struct Row {
        QString path;
        QString fileName;
        qint64 size = -1;
        QString sha256; // lowercase hex, empty until read
        std::optional<Check::Verdict> verdict;
        QList<Check::Finding> findings;
        QString readError; // why the file could not be read as a distribution
    };

    explicit ArtifactTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setPaths(const QStringList &paths);
    void clear();
    void setFileInfo(const QString &path, qint64 size, const QString &sha256, const QString &readError = {});
    void setReport(const Check::FileReport &report);

    [[nodiscard]] const QList<Row> &rows() const { return m_rows; }
    [[nodiscard]] int rowOf(const QString &path) const;

    [[nodiscard]] static QString formatSize(qint64 bytes);

private:
    QList<Row> m_rows;
};
