// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/distfilesmodel.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QLocale>
#include <QStyle>
#include <QTimer>

#include "core/check/checker.h"
#include "core/dist/distfilename.h"

DistFilesModel::DistFilesModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_watcher(new QFileSystemWatcher(this))
    , m_rescan(new QTimer(this))
{
    // A build writes several files in a row: check once it has settled.
    m_rescan->setSingleShot(true);
    m_rescan->setInterval(300);
    connect(m_rescan, &QTimer::timeout, this, &DistFilesModel::refresh);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] { m_rescan->start(); });
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this] { m_rescan->start(); });
}

DistFilesModel::~DistFilesModel()
{
    stopChecker();
}

void DistFilesModel::setDirectory(const QString &directory)
{
    m_directory = directory;
    refresh();
}

bool DistFilesModel::isChecking() const
{
    return m_checker && !m_checker->isFinished();
}

void DistFilesModel::stopChecker()
{
    if (m_checker) {
        m_checker->disconnect(this);
        m_checker->cancel();
        m_checker->deleteLater();
        m_checker.clear();
    }
}

void DistFilesModel::watch()
{
    QStringList wanted;
    if (!m_directory.isEmpty()) {
        // The parent too, to notice dist/ being created or removed.
        wanted.append(QFileInfo(m_directory).absolutePath());
        if (QFileInfo(m_directory).isDir()) {
            wanted.append(m_directory);
        }
    }
    const QStringList watched = m_watcher->directories();
    if (watched != wanted) {
        if (!watched.isEmpty()) {
            m_watcher->removePaths(watched);
        }
        if (!wanted.isEmpty()) {
            m_watcher->addPaths(wanted);
        }
    }
}

void DistFilesModel::refresh()
{
    stopChecker();
    watch();
    QList<File> files;
    if (!m_directory.isEmpty()) {
        const QFileInfoList entries = QDir(m_directory).entryInfoList(
            {QStringLiteral("*.whl"), QStringLiteral("*.tar.gz"), QStringLiteral("*.zip")}, QDir::Files, QDir::Name);
        for (const QFileInfo &entry : entries) {
            File file;
            file.path = entry.absoluteFilePath();
            file.name = entry.fileName();
            file.size = entry.size();
            if (const auto parsed = Dist::parseDistFilename(file.name)) {
                file.version = parsed->version();
            }
            files.append(file);
        }
    }
    beginResetModel();
    m_files = files;
    endResetModel();

    QStringList paths;
    for (const File &file : std::as_const(m_files)) {
        paths.append(file.path);
    }
    m_checker = new Check::Checker({}, this);
    connect(m_checker, &Check::Checker::fileChecked, this, [this](int index, const Check::FileReport &report) {
        if (index < 0 || index >= m_files.size()) {
            return;
        }
        m_files[index].report = report;
        Q_EMIT dataChanged(this->index(index, 0), this->index(index, ColumnCount - 1));
    });
    connect(m_checker, &Check::Checker::finished, this, [this, checker = m_checker.data()] {
        checker->deleteLater();
        Q_EMIT checkFinished();
    });
    m_checker->start(paths);
}

int DistFilesModel::countWithVerdict(Check::Verdict verdict) const
{
    return int(std::count_if(m_files.cbegin(), m_files.cend(),
                             [verdict](const File &file) { return file.report && file.report->verdict == verdict; }));
}

QString DistFilesModel::versionOf(int row) const
{
    return row >= 0 && row < m_files.size() ? m_files.at(row).version : QString();
}

std::optional<Check::FileReport> DistFilesModel::report(int row) const
{
    return row >= 0 && row < m_files.size() ? m_files.at(row).report : std::nullopt;
}

int DistFilesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_files.size());
}

int DistFilesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DistFilesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    const File &file = m_files.at(index.row());
    if (role == VerdictRole) {
        return file.report ? int(file.report->verdict) : -1;
    }
    switch (index.column()) {
    case FileColumn:
        if (role == Qt::DisplayRole) {
            return file.name;
        }
        if (role == Qt::ToolTipRole) {
            return QDir::toNativeSeparators(file.path);
        }
        return {};
    case SizeColumn:
        if (role == Qt::DisplayRole) {
            return QLocale().formattedDataSize(file.size);
        }
        if (role == Qt::TextAlignmentRole) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        return {};
    case VerdictColumn:
        if (role == Qt::DisplayRole) {
            return file.report ? Check::verdictText(file.report->verdict) : tr("checking…");
        }
        if (role == Qt::DecorationRole && file.report) {
            switch (file.report->verdict) {
            case Check::Verdict::Pass:
                return QApplication::style()->standardIcon(QStyle::SP_DialogApplyButton);
            case Check::Verdict::Warn:
                return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
            case Check::Verdict::Error:
                return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
            }
        }
        return {};
    default:
        if (!file.report || file.report->findings.isEmpty()) {
            return role == Qt::DisplayRole && file.report ? QVariant(tr("no findings")) : QVariant();
        }
        if (role == Qt::DisplayRole) {
            const Check::Finding &first = file.report->findings.constFirst();
            const QString more = file.report->findings.size() > 1
                                     ? tr(" (+%1 more)").arg(file.report->findings.size() - 1)
                                     : QString();
            return QStringLiteral("%1 %2%3").arg(first.code, first.message, more);
        }
        if (role == Qt::ToolTipRole) {
            QStringList lines;
            for (const Check::Finding &finding : file.report->findings) {
                lines.append(QStringLiteral("%1 %2: %3").arg(finding.code, Check::severityName(finding.severity),
                                                             finding.message));
            }
            return lines.join(u'\n');
        }
        return {};
    }
}

QVariant DistFilesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case FileColumn:
        return tr("File");
    case SizeColumn:
        return tr("Size");
    case VerdictColumn:
        return tr("Check");
    default:
        return tr("Findings");
    }
}
