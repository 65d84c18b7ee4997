// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>
#include <QString>

#include <optional>

#include "core/check/finding.h"

class QFileSystemWatcher;
class QTimer;

namespace Check {
class Checker;
} // namespace Check

/**
 * The distribution files in a project's dist/ folder with the check engine's verdict on each:
 * columns file, size, verdict, and the first finding. Checking runs through Check::Checker
 * (its work is on worker threads and a docutils child process; the model only receives the
 * reports). The folder is watched: files built, removed or replaced are checked again.
 * Lives in the UI thread.
 */
class DistFilesModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DistFilesModel)

public:
    enum Column { FileColumn, SizeColumn, VerdictColumn, FindingColumn, ColumnCount };
    enum Roles { VerdictRole = Qt::UserRole + 1 }; // int(Check::Verdict), or -1 while checking

    explicit DistFilesModel(QObject *parent = nullptr);
    ~DistFilesModel() override;

    // The dist/ folder to show (it need not exist yet); empty shows nothing.
    void setDirectory(const QString &directory);
    [[nodiscard]] QString directory() const { return m_directory; }
    // Lists and checks the files again.
    void refresh();

    [[nodiscard]] bool isChecking() const;
    [[nodiscard]] int fileCount() const { return int(m_files.size()); }
    [[nodiscard]] int countWithVerdict(Check::Verdict verdict) const;
    // The version in a file's name (PEP 427 / 625), empty when the name does not parse.
    [[nodiscard]] QString versionOf(int row) const;
    [[nodiscard]] std::optional<Check::FileReport> report(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // After every file has its verdict (also when there are no files).
    void checkFinished();

private:
    struct File {
        QString path;
        QString name;
        qint64 size = 0;
        QString version;
        std::optional<Check::FileReport> report;
    };

    void watch();
    void stopChecker();

    QString m_directory;
    QList<File> m_files;
    QPointer<Check::Checker> m_checker;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_rescan = nullptr;
};
