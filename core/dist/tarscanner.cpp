// SPDX-License-Identifier: GPL-3.0-or-later
// Tar archives (.tar.gz sdists) through libarchive, in one streaming pass: a tar has no
// index, so members are listed as they are decompressed, and the pass stops once the
// decompressed bytes exceed the budget (a bomb cannot make it run for long).
#include "core/dist/archivescanner.h"

#include <QFile>

#include <memory>
#include <optional>

#include <archive.h>
#include <archive_entry.h>
#include <libdeflate.h>

using namespace Qt::StringLiterals;

namespace Dist::Internal {

namespace {

struct ArchiveDeleter {
    void operator()(archive *handle) const { archive_read_free(handle); }
};

QString libarchiveMessage(archive *handle)
{
    const char *message = archive_error_string(handle);
    return message != nullptr ? QString::fromUtf8(message) : u"unknown error"_s;
}

// The stored name: libarchive gives pax names converted to the locale's encoding and ustar
// names as stored; prefer the stored bytes so that non-UTF-8 names are reported as such.
QByteArray storedName(archive_entry *entry)
{
    if (const char *raw = archive_entry_pathname(entry)) {
        return QByteArray(raw);
    }
    if (const char *utf8 = archive_entry_pathname_utf8(entry)) {
        return QByteArray(utf8);
    }
    return {};
}

QString linkTarget(const char *raw, const char *utf8)
{
    if (utf8 != nullptr) {
        return QString::fromUtf8(utf8);
    }
    return raw != nullptr ? QString::fromUtf8(raw) : QString();
}

// Small sdists whose gzip stream is one clean member are inflated in one call by libdeflate
// (about twice as fast as zlib inside libarchive) and the tar is read from memory. Anything else
// (larger, a gzip trailer that claims more than this, several gzip members, trailing or damaged
// data) streams through libarchive's gzip filter, which bounds memory and words every error.
constexpr qint64 InMemoryTarMaxCompressedSize = 16 * 1024 * 1024;
constexpr qint64 InMemoryTarMaxSize = 32 * 1024 * 1024;

struct LibdeflateDeleter {
    void operator()(libdeflate_decompressor *decompressor) const { libdeflate_free_decompressor(decompressor); }
};

QByteArray &gzipBuffer()
{
    thread_local QByteArray buffer;
    return buffer;
}

// The tar inside `compressed` when it is a single, clean gzip member of at most
// InMemoryTarMaxSize bytes, in gzipBuffer().
std::optional<QByteArrayView> inflateWholeGzip(const QByteArray &compressed)
{
    constexpr qsizetype GzipMinimumSize = 18; // header and trailer
    if (compressed.size() < GzipMinimumSize || !compressed.startsWith("\x1f\x8b")) {
        return std::nullopt;
    }
    // The trailer's ISIZE is the size modulo 4 GiB and may lie: it only sizes the buffer, and
    // libdeflate refuses output that does not fit.
    const auto *trailer = reinterpret_cast<const unsigned char *>(compressed.constData() + compressed.size() - 4);
    const qint64 claimed = qint64(trailer[0]) | (qint64(trailer[1]) << 8) | (qint64(trailer[2]) << 16)
        | (qint64(trailer[3]) << 24);
    if (claimed > InMemoryTarMaxSize) {
        return std::nullopt;
    }
    QByteArray &buffer = gzipBuffer();
    thread_local std::unique_ptr<libdeflate_decompressor, LibdeflateDeleter> decompressor(
        libdeflate_alloc_decompressor());
    if (decompressor == nullptr) {
        return std::nullopt;
    }
    buffer.resize(std::max<qint64>(claimed, 1));
    size_t consumed = 0;
    size_t produced = 0;
    const libdeflate_result result =
        libdeflate_gzip_decompress_ex(decompressor.get(), compressed.constData(), static_cast<size_t>(compressed.size()),
                                      buffer.data(), static_cast<size_t>(buffer.size()), &consumed, &produced);
    if (result != LIBDEFLATE_SUCCESS || consumed != static_cast<size_t>(compressed.size())) {
        return std::nullopt;
    }
    return QByteArrayView(buffer.constData(), static_cast<qsizetype>(produced));
}

ReadError firstHeaderError(const QString &path, qint64 fileSize, const QByteArray &head, const QString &message)
{
    const bool gzip = head.startsWith("\x1f\x8b");
    if (message.contains(u"truncat"_s, Qt::CaseInsensitive) || message.contains(u"premature"_s, Qt::CaseInsensitive)) {
        return {ReadError::Code::Truncated,
                u"%1 is truncated: the compressed data ends before the first member is complete (%2). Download or "
                "build it again."_s.arg(path, message),
                fileSize};
    }
    if (message.contains(u"Unrecognized archive format"_s)) {
        const QString content = describeContent(head);
        return {ReadError::Code::NotAnArchive,
                gzip ? u"%1 is gzip-compressed but holds no tar archive."_s.arg(path)
                     : content.endsWith(u"-compressed data"_s)
                    ? u"%1 is not a .tar.gz archive: it is %2; sdists must be gzip-compressed tar archives."_s.arg(
                          path, content)
                    : u"%1 is not a .tar.gz archive (it looks like %2)."_s.arg(path, content),
                fileSize};
    }
    return {ReadError::Code::Corrupt, u"%1 cannot be read as a .tar.gz archive: %2."_s.arg(path, message), fileSize};
}

} // namespace

std::expected<ScanResult, ReadError> scanTar(const QString &path, qint64 fileSize, const ScanOptions &options)
{
    QByteArray head;
    const BufferReuse inflatedReuse(gzipBuffer());
    std::optional<QByteArrayView> inflated;
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            return std::unexpected(ReadError{ReadError::Code::CannotOpen,
                                             u"Cannot open %1: %2"_s.arg(path, file.errorString()), fileSize});
        }
        if (fileSize <= InMemoryTarMaxCompressedSize) {
            const QByteArray compressed = file.read(fileSize);
            head = compressed.first(std::min<qsizetype>(compressed.size(), 512));
            inflated = inflateWholeGzip(compressed);
        } else {
            head = file.read(512);
        }
    }

    std::unique_ptr<archive, ArchiveDeleter> handle(archive_read_new());
    archive *reader = handle.get();
    // gzip only: sdists are .tar.gz, and libarchive's fallback for some other filters runs an
    // external program (lzop, lrzip, ...) on the input, which hostile input must never trigger.
    // Other compressions are then not recognised and reported by what the bytes look like.
    archive_read_support_filter_gzip(reader);
    archive_read_support_format_tar(reader);
    // libarchive already looks at the content here (format bidding), so a failure is about
    // the content: the file itself was opened above.
    const int opened = inflated ? archive_read_open_memory(reader, inflated->data(), static_cast<size_t>(inflated->size()))
                                : archive_read_open_filename(reader, QFile::encodeName(path).constData(), ChunkSize);
    if (opened != ARCHIVE_OK) {
        return std::unexpected(firstHeaderError(path, fileSize, head, libarchiveMessage(reader)));
    }

    ScanResult result;
    MemberNameChecker names;
    QByteArray buffer(ChunkSize, Qt::Uninitialized);
    qint64 expanded = 0; // decompressed member bytes, read or skipped
    const QString archiveName = path.section(u'/', -1);

    for (;;) {
        if (isCanceled(options.cancel)) {
            return std::unexpected(ReadError{ReadError::Code::Canceled, u"Reading %1 was canceled."_s.arg(path),
                                             fileSize});
        }
        archive_entry *entry = nullptr;
        const int status = archive_read_next_header(reader, &entry);
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status < ARCHIVE_WARN) {
            if (result.members.isEmpty()) {
                return std::unexpected(firstHeaderError(path, fileSize, head, libarchiveMessage(reader)));
            }
            return std::unexpected(ReadError{ReadError::Code::Truncated,
                                             u"%1 is truncated or damaged after %2 members: %3. Download or build it "
                                             "again."_s.arg(path)
                                                 .arg(result.members.size())
                                                 .arg(libarchiveMessage(reader)),
                                             fileSize});
        }
        if (result.members.isEmpty()) {
            // Inflated here: the gzip layer libarchive sees no more is there all the same.
            const int filter = inflated && archive_filter_code(reader, 0) == ARCHIVE_FILTER_NONE
                ? ARCHIVE_FILTER_GZIP
                : archive_filter_code(reader, 0);
            if (filter != ARCHIVE_FILTER_GZIP) {
                const char *filterName = archive_filter_name(reader, 0);
                result.problems.append(
                    {Problem::Code::UnsupportedCompression, QString(),
                     filter == ARCHIVE_FILTER_NONE
                         ? u"%1 is an uncompressed tar archive; an sdist must be gzip-compressed (.tar.gz)."_s.arg(
                               archiveName)
                         : u"%1 is compressed with %2; an sdist must be gzip-compressed (.tar.gz)."_s.arg(
                               archiveName, QString::fromUtf8(filterName != nullptr ? filterName : "?"))});
            }
        }
        if (result.members.size() >= options.maxMembers) {
            result.problems.append({Problem::Code::TooManyMembers, QString(),
                                    u"The archive has more than %1 members; only the first %1 were read."_s.arg(
                                        options.maxMembers)});
            result.stoppedEarly = true;
            break;
        }

        Member member;
        names.check(member, storedName(entry), false, false, result.problems);
        member.mode = static_cast<quint32>(archive_entry_mode(entry));
        member.size = std::max<qint64>(archive_entry_size(entry), 0);
        const char *hardlink = archive_entry_hardlink(entry);
        switch (archive_entry_filetype(entry)) {
        case AE_IFREG:
            member.type = Member::Type::File;
            break;
        case AE_IFDIR:
            member.type = Member::Type::Directory;
            break;
        case AE_IFLNK:
            member.type = Member::Type::Symlink;
            member.linkTarget = linkTarget(archive_entry_symlink(entry), archive_entry_symlink_utf8(entry));
            break;
        default:
            member.type = hardlink != nullptr ? Member::Type::Hardlink : Member::Type::Other;
            break;
        }
        if (hardlink != nullptr) {
            member.type = Member::Type::Hardlink;
            member.linkTarget = linkTarget(hardlink, archive_entry_hardlink_utf8(entry));
        }
        if (member.type == Member::Type::Symlink || member.type == Member::Type::Hardlink) {
            MemberNameChecker::checkLinkTarget(member, result.problems);
        } else if (member.type == Member::Type::Other) {
            result.problems.append({Problem::Code::SpecialMember, member.path,
                                    u"%1 is a device, FIFO or socket entry, which has no place in a distribution."_s.arg(
                                        member.path)});
        }
        const bool sparse = archive_entry_sparse_count(entry) > 0;
        if (sparse) {
            result.problems.append({Problem::Code::SparseMember, member.path,
                                    u"%1 is a sparse tar entry; PyPI refuses sparse members, and its holes were not "
                                    "read."_s.arg(member.path)});
        }

        const qsizetype index = result.members.size();
        result.members.append(member);
        Member &stored = result.members.last();
        auto stopAtBudget = [&](qint64 total) {
            if (total > BombMinimumSize && total / std::max<qint64>(fileSize, 1) > BombRatio) {
                result.problems.append({Problem::Code::CompressionBomb, stored.path,
                                        u"%1 decompresses to more than %2 at %3 (over %4 times its size of %5): a "
                                        "decompression bomb. Reading stopped there; later members are not listed."_s
                                            .arg(archiveName, formatBytes(total), stored.path)
                                            .arg(BombRatio)
                                            .arg(formatBytes(fileSize))});
            } else {
                result.problems.append({Problem::Code::NotVerified, stored.path,
                                        u"Stopped reading at %1 after %2, the limit for this archive; later members "
                                        "are not listed."_s.arg(stored.path, formatBytes(expanded))});
            }
            result.stoppedEarly = true;
        };

        if (sparse) {
            // The header gives the expanded size, not the stored one: count the stored data
            // block by block (holes are not materialised) and stop at the budget.
            bool overBudget = false;
            for (;;) {
                const void *block = nullptr;
                size_t blockSize = 0;
                la_int64_t offset = 0;
                const int status = archive_read_data_block(reader, &block, &blockSize, &offset);
                if (status == ARCHIVE_EOF) {
                    break;
                }
                if (status < ARCHIVE_WARN) {
                    return std::unexpected(ReadError{ReadError::Code::Truncated,
                                                     u"%1 is truncated or damaged in %2: %3."_s.arg(
                                                         path, stored.path, libarchiveMessage(reader)),
                                                     fileSize});
                }
                expanded += static_cast<qint64>(blockSize);
                if (expanded > options.inflateBudget) {
                    overBudget = true;
                    break;
                }
            }
            if (overBudget) {
                stopAtBudget(expanded);
                break;
            }
            continue;
        }
        // A tar has no index: the only way past an entry is through its decompressed bytes
        // (libarchive skips the data of links and directories too), so the budget check comes
        // before reading or skipping it.
        if (expanded + stored.size > options.inflateBudget) {
            stopAtBudget(expanded + stored.size);
            break;
        }
        if (stored.type != Member::Type::File) {
            expanded += stored.size;
            continue;
        }
        const bool capture = options.capture && options.capture(stored.path)
            && result.capturedBytes < options.maxCaptureTotal;
        if (!options.readContents && !capture) {
            if (archive_read_data_skip(reader) < ARCHIVE_WARN) {
                return std::unexpected(ReadError{ReadError::Code::Truncated,
                                                 u"%1 is truncated or damaged in %2: %3."_s.arg(
                                                     path, stored.path, libarchiveMessage(reader)),
                                                 fileSize});
            }
            expanded += stored.size;
            continue;
        }

        ContentSink sink(capture, std::min(options.maxCaptureSize, options.maxCaptureTotal - result.capturedBytes));
        for (;;) {
            if (isCanceled(options.cancel)) {
                return std::unexpected(ReadError{ReadError::Code::Canceled, u"Reading %1 was canceled."_s.arg(path),
                                                 fileSize});
            }
            const la_ssize_t count = archive_read_data(reader, buffer.data(), static_cast<size_t>(buffer.size()));
            if (count < 0) {
                return std::unexpected(ReadError{ReadError::Code::Truncated,
                                                 u"%1 is truncated or damaged in %2: %3. Download or build it "
                                                 "again."_s.arg(path, stored.path, libarchiveMessage(reader)),
                                                 fileSize});
            }
            if (count == 0) {
                break;
            }
            sink.add(buffer.constData(), count);
        }
        expanded += sink.size();
        stored.readSize = sink.size();
        stored.sha256 = sink.sha256();
        if (sink.captureTooLarge()) {
            result.captureTooLarge.insert(index);
        } else if (capture) {
            result.capturedBytes += sink.size();
            result.captured.insert(index, sink.takeCaptured());
        }
    }
    result.inflatedBytes = expanded;

    if (result.members.isEmpty()) {
        return std::unexpected(ReadError{ReadError::Code::EmptyArchive,
                                         u"%1 is an empty tar archive: it has no members."_s.arg(path), fileSize});
    }
    if (!result.stoppedEarly && expanded > BombMinimumSize && expanded / std::max<qint64>(fileSize, 1) > BombRatio) {
        result.problems.append({Problem::Code::CompressionBomb, QString(),
                                u"%1 decompresses from %2 to %3, more than %4 times its size: PyPI rejects it as a "
                                "decompression bomb."_s.arg(archiveName, formatBytes(fileSize), formatBytes(expanded))
                                    .arg(BombRatio)});
    }
    return result;
}

} // namespace Dist::Internal
