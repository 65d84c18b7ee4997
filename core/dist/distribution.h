// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <atomic>
#include <expected>
#include <optional>

#include "core/dist/distfilename.h"
#include "core/dist/filedigests.h"
#include "core/dist/problem.h"
#include "core/dist/record.h"
#include "core/dist/wheelinfo.h"
#include "core/metadata/coremetadata.h"

namespace Dist {

// How a wheel member compares with its RECORD row.
enum class RecordStatus {
    NotApplicable,       // sdists have no RECORD, or the wheel has none
    NotListed,           // no RECORD row for this file
    Verified,            // hash and size match
    HashMismatch,
    SizeMismatch,
    HashAndSizeMismatch,
    NoHash,              // the row has no usable hash (allowed only for RECORD itself)
    NotVerified,         // the content was not read (see the member's problems)
};

// One entry of the archive, as its header describes it and as reading it turned out.
struct Member {
    enum class Type {
        File,
        Directory,
        Symlink,
        Hardlink,
        Other, // device, FIFO, socket
    };

    QString path;       // as stored (ZIP: '/'-separated; directories without the trailing '/')
    QByteArray rawPath; // the stored bytes, only when they are not valid UTF-8 (path is then Latin-1)
    Type type = Type::File;
    qint64 size = 0;            // uncompressed size the header claims
    qint64 compressedSize = -1; // ZIP: compressed bytes; tar: -1 (the whole stream is compressed)
    int compressionMethod = -1; // ZIP: 0 stored, 8 deflated, ...; tar: -1
    quint32 mode = 0;           // Unix mode (type and permission bits), 0 when the archive has none
    QString linkTarget;         // symlinks and hard links
    // Filled when the content was read: bytes the data really decoded to (reading stops at
    // size + 1, so a lying header cannot make it larger), and its sha256 when read to the end.
    qint64 readSize = -1;
    QByteArray sha256;
    RecordStatus recordStatus = RecordStatus::NotApplicable;

    [[nodiscard]] bool isFile() const { return type == Type::File; }
    [[nodiscard]] bool isExecutable() const { return (mode & 0111) != 0; }
};

struct ReadOptions {
    // Compute sha256 and BLAKE2b-256 of the whole file (in parallel with reading the archive).
    bool computeDigests = true;
    // Read every member's content: sha256 per member, CRC and size checks, RECORD verification.
    // Off: only the directory and the metadata files are read.
    bool verifyContents = true;
    // Treat the file as this kind instead of deciding from its name (fuzzing, temporary files).
    std::optional<DistKind> kind;
    std::optional<ArchiveFormat> format;
    // Each metadata file kept in memory (METADATA, PKG-INFO, WHEEL, RECORD, ...) is capped.
    qint64 maxMetadataFileSize = 16 * 1024 * 1024;
    // Members listed at most; more is a TooManyMembers problem.
    qint64 maxMembers = 250'000;
    // Decompressed bytes read at most over the whole archive. -1: PyPI's bomb threshold,
    // max(64 MiB, 50 x the file size), which no acceptable distribution exceeds.
    qint64 inflateBudget = -1;
    // Do not decompress members that are bombs on their own (> 64 MiB at > 50x); they are
    // listed, reported and left NotVerified.
    bool skipBombMembers = true;
    // More files to keep in memory, relative to the .dist-info directory (wheel) or the
    // top-level directory (sdist), e.g. "licenses/LICENSE". Same cap as metadata files.
    QStringList extraFiles;
    // Polled between reads; reading stops with ReadError::Code::Canceled.
    const std::atomic<bool> *cancel = nullptr;
};

/**
 * A wheel or sdist as read from disk: what its name says, what the archive holds, its
 * metadata files, and everything found wrong on the way (problems). Produced by
 * readDistribution(); a plain value type, safe to copy between threads.
 */
struct Distribution {
    QString path;
    QString filename;
    DistKind kind = DistKind::Wheel;
    ArchiveFormat format = ArchiveFormat::Zip;
    std::optional<DistFilename> parsedFilename; // nullopt when the name does not parse (see problems)
    qint64 size = 0;
    std::optional<FileDigests> digests; // when ReadOptions::computeDigests

    QList<Member> members; // in archive order, duplicates included
    qint64 uncompressedSize = 0; // sum of the members' claimed sizes

    // Wheel: the .dist-info directory in use ("foo-1.0.dist-info"); sdist: the top-level
    // directory ("foo-1.0"). "" when there is none.
    QString rootDirectory;

    QString metadataPath; // "foo-1.0.dist-info/METADATA" or "foo-1.0/PKG-INFO"; "" when missing
    QByteArray metadataBytes;
    std::optional<Metadata::CoreMetadata> metadata;
    std::optional<Metadata::MetadataError> metadataError;

    std::optional<WheelInfo> wheelInfo; // wheels with a WHEEL file
    std::optional<Record> record;       // wheels with a RECORD file

    // Metadata files kept in memory, by member path: METADATA/PKG-INFO, WHEEL, RECORD,
    // entry_points.txt (wheel), pyproject.toml and setup.cfg (sdist), and ReadOptions::extraFiles.
    QMap<QString, QByteArray> files;

    QList<Problem> problems;

    // Name and version from the metadata, or from the file name when there is no metadata.
    [[nodiscard]] QString name() const;
    [[nodiscard]] QString version() const;
    [[nodiscard]] const Member *findMember(QStringView path) const;
    [[nodiscard]] bool hasProblem(Problem::Code code) const;
    [[nodiscard]] QList<Problem> problemsWith(Problem::Code code) const;
    [[nodiscard]] bool hasErrors() const;
};

// Why a file could not be read as a distribution at all.
struct ReadError {
    enum class Code {
        NotFound,
        NotAFile,
        CannotOpen,
        UnknownKind,  // the name is neither .whl, .tar.gz nor .zip (and no kind was forced)
        Empty,        // zero bytes
        NotAnArchive, // not a ZIP / not a tar (the message says what the bytes look like)
        Truncated,    // cut short: the end of the archive is missing
        Corrupt,      // damaged beyond reading (bad central directory, gzip error)
        EmptyArchive, // a valid archive with no members
        ReadFailed,   // an I/O error
        Canceled,
    };
    Code code;
    QString message;                    // names the file and the problem, and how to fix it if possible
    qint64 size = -1;                   // when the file could be stat'ed
    std::optional<FileDigests> digests = std::nullopt; // when the file could be hashed
};

/**
 * Reads a wheel (ZIP, via QuaZip) or an sdist (.tar.gz via libarchive; legacy .zip) without
 * extracting anything to disk: lists the members, streams each one through sha256 (and CRC for
 * ZIP) with sizes capped at what the header claims plus one byte, keeps the metadata files in
 * memory (capped), parses METADATA/PKG-INFO, WHEEL and RECORD, and verifies every RECORD row.
 * Meanwhile a helper thread computes the whole file's sha256 and BLAKE2b-256.
 *
 * Memory stays bounded whatever the input (a few MiB of buffers plus the capped metadata files
 * and the member list); decompression work is bounded by ReadOptions::inflateBudget.
 * Blocking and thread-safe: call it from a worker thread (QtConcurrent). It starts and joins
 * its own helper threads and never waits on the global thread pool.
 *
 * Fatal conditions (missing, empty, not an archive, truncated, corrupt) return a ReadError;
 * everything else is a Problem in the result.
 */
[[nodiscard]] std::expected<Distribution, ReadError> readDistribution(const QString &path,
                                                                      const ReadOptions &options = {});

} // namespace Dist
