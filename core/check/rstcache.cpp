// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/check/rstcache.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>

#include "core/util/atomicfile.h"

using namespace Qt::StringLiterals;

namespace Check {

namespace {

// Entries larger than this are not stored (a rendering is usually a few KiB).
constexpr qsizetype MaxEntrySize = 4 * 1024 * 1024;
constexpr qint64 MaxEnvironmentFileSize = 64 * 1024;

QString sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QByteArray readSmallFile(const QString &path, qint64 maxSize)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > maxSize) {
        return {};
    }
    return file.readAll();
}

} // namespace

QString RstCache::defaultDirectory()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    return base.isEmpty() ? QString() : base + u"/slipway/check-rst"_s;
}

RstCache::RstCache(const QString &directory, const QStringList &interpreterCandidates, const QByteArray &helperSources)
    : m_directory(directory)
{
    if (m_directory.isEmpty()) {
        return;
    }
    m_resolutionKey = sha256Hex(helperSources + '\0' + interpreterCandidates.join(QChar(0)).toUtf8());
    const QByteArray recorded =
        readSmallFile(QDir(m_directory).filePath(m_resolutionKey + u".environment.json"_s), MaxEnvironmentFileSize);
    if (!recorded.isEmpty() && matches(recorded)) {
        useEnvironment(recorded);
    }
}

std::optional<QByteArray> RstCache::find(const QString &source) const
{
    if (m_entryDirectory.isEmpty()) {
        return std::nullopt;
    }
    const QByteArray answer =
        readSmallFile(QDir(m_entryDirectory).filePath(sha256Hex(source.toUtf8()) + u".json"_s), MaxEntrySize);
    // A cut or garbled entry (another process, a full disk) is a miss, never a result.
    if (answer.isEmpty() || !QJsonDocument::fromJson(answer).isObject()) {
        return std::nullopt;
    }
    return answer;
}

void RstCache::insert(const QString &source, const QByteArray &helperAnswer)
{
    if (m_entryDirectory.isEmpty() || helperAnswer.size() > MaxEntrySize || !QDir().mkpath(m_entryDirectory)) {
        return;
    }
    // A cache that cannot be written is no reason to fail a check.
    (void)Util::writeFileAtomically(QDir(m_entryDirectory).filePath(sha256Hex(source.toUtf8()) + u".json"_s),
                                    helperAnswer);
}

void RstCache::setEnvironment(const QByteArray &fileListJson)
{
    if (m_directory.isEmpty() || fileListJson == m_environment || !matches(fileListJson)) {
        return;
    }
    if (QDir().mkpath(m_directory)) {
        (void)Util::writeFileAtomically(QDir(m_directory).filePath(m_resolutionKey + u".environment.json"_s),
                                        fileListJson);
    }
    useEnvironment(fileListJson);
}

bool RstCache::matches(const QByteArray &fileListJson)
{
    const QJsonDocument document = QJsonDocument::fromJson(fileListJson);
    if (!document.isArray() || document.array().isEmpty()) {
        return false;
    }
    for (const QJsonValue &value : document.array()) {
        const QJsonArray entry = value.toArray();
        if (entry.size() != 3 || !entry.at(0).isString()) {
            return false;
        }
        const QFileInfo info(entry.at(0).toString());
        if (!info.exists() || info.size() != entry.at(1).toInteger(-1) ||
            info.lastModified().toMSecsSinceEpoch() != entry.at(2).toInteger(-1)) {
            return false;
        }
    }
    return true;
}

void RstCache::useEnvironment(const QByteArray &fileListJson)
{
    m_environment = fileListJson;
    m_entryDirectory = QDir(m_directory).filePath(sha256Hex(m_resolutionKey.toLatin1() + '\0' + fileListJson));
}

} // namespace Check
