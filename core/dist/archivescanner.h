// SPDX-License-Identifier: GPL-3.0-or-later
// Internal to core/dist: the archive-format layer under readDistribution(). Each scanner lists
// the members of one archive format, streams their content through sha256, keeps selected
// small files in memory, and reports what is wrong with the archive as such. What the
// members mean (dist-info, RECORD, PKG-INFO) is decided one layer up, in distribution.cpp.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <atomic>
#include <expected>
#include <functional>

#include "core/dist/distribution.h"
#include "core/dist/hasher.h"
#include "core/dist/problem.h"

namespace Dist::Internal {

inline constexpr qint64 BombMinimumSize = 64LL * 1024 * 1024; // PyPI: more than 64 MiB uncompressed
inline constexpr qint64 BombRatio = 50;                        // at more than 50x the compressed size
inline constexpr qint64 ChunkSize = 256 * 1024;

struct ScanOptions {
    // Members whose content is kept in memory (up to maxCaptureSize bytes each).
    std::function<bool(const QString &path)> capture;
    qint64 maxCaptureSize = 16 * 1024 * 1024;
    // All captured members together; later ones are reported as too large.
    qint64 maxCaptureTotal = 32 * 1024 * 1024;
    qint64 maxMembers = 250'000;
    qint64 inflateBudget = 0; // resolved: never -1 here
    bool skipBombMembers = true;
    // false: read only the captured members.
    bool readContents = true;
    const std::atomic<bool> *cancel = nullptr;
};

struct ScanResult {
    QList<Member> members;
    QHash<qsizetype, QByteArray> captured; // member index -> content
    QSet<qsizetype> captureTooLarge;       // wanted, but over maxCaptureSize (not kept)
    QList<Problem> problems;
    qint64 inflatedBytes = 0;
    qint64 capturedBytes = 0;
    bool stoppedEarly = false; // members after a bomb or budget stop are not listed (tar)
};

[[nodiscard]] std::expected<ScanResult, ReadError> scanZip(const QString &path, qint64 fileSize,
                                                           const ScanOptions &options);
[[nodiscard]] std::expected<ScanResult, ReadError> scanTar(const QString &path, qint64 fileSize,
                                                           const ScanOptions &options);
// Digests of selected ZIP members (by index in ScanResult::members) with other algorithms
// than sha256, for RECORD rows that use them. Members that cannot be read are left out.
[[nodiscard]] QHash<qsizetype, QByteArray> hashZipMembers(const QString &path,
                                                          const QHash<qsizetype, HashAlgorithm> &algorithms,
                                                          const ScanOptions &options);

// Shared by the scanners: decodes a member name, checks it for safety and duplicates, and
// reports what is wrong. One instance per archive.
class MemberNameChecker final
{
public:
    // Sets member.path (and rawPath when not UTF-8) from the stored bytes; appends problems.
    // utf8Flagged: ZIP general-purpose bit 11.
    void check(Member &member, const QByteArray &storedName, bool utf8Flagged, bool isZip,
               QList<Problem> &problems);
    // Symlink and hard-link targets that leave the archive are unsafe.
    static void checkLinkTarget(const Member &member, QList<Problem> &problems);

private:
    QHash<QString, qsizetype> m_seen;
    qsizetype m_count = 0;
};

// Streams one member's content: sha256 of everything, a copy when captured, a size count.
class ContentSink final
{
public:
    ContentSink(bool capture, qint64 maxCaptureSize);
    void add(const char *data, qint64 size);
    [[nodiscard]] qint64 size() const { return m_size; }
    [[nodiscard]] QByteArray sha256() { return m_sha256.result(); }
    [[nodiscard]] bool captureTooLarge() const { return m_captureTooLarge; }
    [[nodiscard]] QByteArray takeCaptured() { return std::move(m_captured); }
    [[nodiscard]] bool capturing() const { return m_capture; }

private:
    Hasher m_sha256{HashAlgorithm::Sha256};
    bool m_capture;
    qint64 m_maxCaptureSize;
    bool m_captureTooLarge = false;
    QByteArray m_captured;
    qint64 m_size = 0;
};

// Keeps a buffer for the next archive read on this thread (fresh megabytes cost a page fault
// per 4 KiB), unless it grew past the size most archives need: then it is released when the
// scope ends, so a thread holds little memory between archives.
class BufferReuse final
{
public:
    static constexpr qsizetype RetainedMaxSize = 4 * 1024 * 1024;
    explicit BufferReuse(QByteArray &buffer)
        : m_buffer(buffer)
    {
    }
    ~BufferReuse()
    {
        if (m_buffer.capacity() > RetainedMaxSize) {
            m_buffer = QByteArray();
        }
    }
    BufferReuse(const BufferReuse &) = delete;
    BufferReuse &operator=(const BufferReuse &) = delete;

private:
    QByteArray &m_buffer;
};

[[nodiscard]] QString formatBytes(qint64 bytes);
// What the first bytes of a file look like, for "not a ZIP archive (it looks like ...)".
[[nodiscard]] QString describeContent(const QByteArray &head);
[[nodiscard]] inline bool isCanceled(const std::atomic<bool> *cancel)
{
    return cancel != nullptr && cancel->load(std::memory_order_relaxed);
}

} // namespace Dist::Internal
