// SPDX-License-Identifier: GPL-3.0-or-later
// ZIP archives (wheels, legacy sdists) through QuaZip: QuaZip parses the central directory
// and finds each member's data; the data is read raw and inflated here (libdeflate for members
// that fit a bounded buffer, zlib streaming for the others), so that a member whose data
// decodes to more than its header claims is caught (reading stops at the claimed size + 1)
// instead of being silently cut at the claimed size, and so that sizes, CRC and stream framing
// are each checked and reported on their own.
#include "core/dist/archivescanner.h"

#include <QFile>

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>

#include <libdeflate.h>
#include <quazip/quazip.h>
#include <quazip/quazipfile.h>
#include <quazip/unzip.h>
#include <zlib.h>

using namespace Qt::StringLiterals;

namespace Dist::Internal {

namespace {

constexpr quint32 UnixTypeMask = 0170000;
constexpr quint32 UnixSymlink = 0120000;
constexpr quint32 UnixDirectory = 0040000;
constexpr quint32 UnixRegular = 0100000;
constexpr quint32 ZipFlagEncrypted = 0x1;
constexpr quint32 ZipFlagDataDescriptor = 0x8;
constexpr quint32 ZipFlagUtf8 = 0x800;
constexpr qint64 MaxLinkTargetSize = 4096;
// Archives up to this size are read into memory with one read, and QuaZip and the member reads
// work from there: a wheel of a thousand members otherwise costs several thousand seek and
// read system calls. Larger archives are read from the file in chunks, so memory stays bounded.
constexpr qint64 InMemoryArchiveMaxSize = 16 * 1024 * 1024;

// A read-only, file-like device over bytes in memory: seeking past the end is allowed and
// reading there yields nothing, as with a QFile (QBuffer refuses such seeks with a warning).
class MemoryFile final : public QIODevice
{
public:
    explicit MemoryFile(QByteArrayView bytes)
        : m_bytes(bytes)
    {
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }

    [[nodiscard]] bool isSequential() const override { return false; }
    [[nodiscard]] qint64 size() const override { return m_bytes.size(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 at = pos();
        if (at >= m_bytes.size() || maxSize <= 0) {
            return 0;
        }
        const qint64 count = std::min(maxSize, m_bytes.size() - at);
        std::memcpy(data, m_bytes.data() + at, static_cast<size_t>(count));
        return count;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArrayView m_bytes;
};

struct CentralEntry {
    unz_file_info64 info{};
    QByteArray name;
    bool readable = true; // method and encryption allow reading
    bool bomb = false;
};

QString methodName(unsigned long method)
{
    switch (method) {
    case 9:
        return u"Deflate64"_s;
    case 12:
        return u"bzip2"_s;
    case 14:
        return u"LZMA"_s;
    case 93:
        return u"Zstandard"_s;
    case 95:
        return u"xz"_s;
    case 99:
        return u"AES encryption"_s;
    default:
        return u"method %1"_s.arg(method);
    }
}

// How reading one member's data went.
struct MemberRead {
    qint64 produced = 0;
    quint32 crc = 0;
    bool complete = false;   // the data ended (stored: all bytes read; deflate: stream end)
    bool overflow = false;   // more data than the header claims; stopped at claimed + 1
    qint64 trailingBytes = 0; // compressed bytes after the end of the deflate stream
    QString error;           // corrupt or unreadable data
};

using ChunkHandler = std::function<void(const char *, qint64)>;

void deliver(MemberRead &read, const ChunkHandler &handle, const char *data, qint64 size)
{
    handle(data, size);
    read.crc = libdeflate_crc32(read.crc, data, static_cast<size_t>(size));
    read.produced += size;
}

// Members up to this size (claimed, and compressed) are read and decoded in one piece: libdeflate
// inflates a whole buffer about twice as fast as zlib's streaming inflate. Larger members, and
// any member that libdeflate does not decode cleanly, stream through zlib, which keeps memory
// bounded whatever the archive claims and words every error precisely.
constexpr qint64 WholeMemberMaxSize = 4 * 1024 * 1024;

class WholeMemberReader final
{
public:
    WholeMemberReader()
        : m_decompressor(libdeflate_alloc_decompressor())
    {
    }
    ~WholeMemberReader() { libdeflate_free_decompressor(m_decompressor); }
    WholeMemberReader(const WholeMemberReader &) = delete;
    WholeMemberReader &operator=(const WholeMemberReader &) = delete;

    // Reads the member whose data starts at `dataStart` (where `device` is positioned), from
    // `archive` when the whole archive is in memory. nullopt: not read here (too large, cut
    // short or not clean deflate data); nothing was delivered and the device is back at
    // dataStart, for the streaming reader.
    std::optional<MemberRead> read(QIODevice &device, QByteArrayView archive, qint64 dataStart,
                                   const unz_file_info64 &info, const ChunkHandler &handle)
    {
        const bool stored = info.compression_method == 0;
        if (m_decompressor == nullptr || info.compressed_size > ZPOS64_T(WholeMemberMaxSize)
            || (!stored && info.uncompressed_size > ZPOS64_T(WholeMemberMaxSize))) {
            return std::nullopt;
        }
        const auto compressedSize = static_cast<qint64>(info.compressed_size);
        QByteArrayView compressed;
        if (!archive.isEmpty()) {
            if (dataStart < 0 || dataStart > archive.size() || archive.size() - dataStart < compressedSize) {
                return std::nullopt; // cut short: the streaming reader says so
            }
            compressed = archive.sliced(dataStart, compressedSize);
        } else {
            m_input.resize(compressedSize);
            if (device.read(m_input.data(), compressedSize) != compressedSize) {
                device.seek(dataStart);
                return std::nullopt;
            }
            compressed = m_input;
        }
        const auto claimed = static_cast<qint64>(info.uncompressed_size);
        // As the streaming reader: stop at the claimed size + 1, which proves an overflow.
        const qint64 limit = claimed + 1;
        MemberRead read;
        if (stored) {
            const qint64 take = std::min(compressedSize, limit);
            deliver(read, handle, compressed.data(), take);
            read.overflow = take >= limit;
            read.complete = !read.overflow;
            return read;
        }
        m_output.resize(limit);
        size_t consumed = 0;
        size_t produced = 0;
        const libdeflate_result result = libdeflate_deflate_decompress_ex(
            m_decompressor, compressed.data(), static_cast<size_t>(compressed.size()), m_output.data(),
            static_cast<size_t>(limit), &consumed, &produced);
        if (result != LIBDEFLATE_SUCCESS) {
            if (archive.isEmpty()) {
                device.seek(dataStart);
            }
            return std::nullopt;
        }
        deliver(read, handle, m_output.constData(), static_cast<qint64>(produced));
        read.overflow = read.produced >= limit;
        if (!read.overflow) {
            read.complete = true;
            read.trailingBytes = compressedSize - static_cast<qint64>(consumed);
        }
        return read;
    }

private:
    libdeflate_decompressor *m_decompressor;
    QByteArray m_input;
    QByteArray m_output;
};

// Reads the member's compressed bytes from `file`, which is positioned at the start of its
// data, up to the compressed size the central directory gives.
MemberRead readMemberData(QIODevice &device, const unz_file_info64 &info, const ChunkHandler &handle,
                          const std::atomic<bool> *cancel)
{
    qint64 remaining = static_cast<qint64>(std::min<ZPOS64_T>(info.compressed_size, ZPOS64_T(INT64_MAX)));
    struct {
        QIODevice &device;
        qint64 &remaining;
        qint64 read(char *data, qint64 size)
        {
            if (remaining <= 0) {
                return 0;
            }
            const qint64 count = device.read(data, std::min(size, remaining));
            if (count <= 0) {
                return -1; // the file ends (or fails) before the member's data does
            }
            remaining -= count;
            return count;
        }
    } file{device, remaining};
    MemberRead read;
    const auto claimed = static_cast<qint64>(std::min<ZPOS64_T>(info.uncompressed_size, ZPOS64_T(INT64_MAX - 1)));
    const qint64 limit = claimed + 1;
    QByteArray input(ChunkSize, Qt::Uninitialized);

    if (info.compression_method == 0) {
        for (;;) {
            if (isCanceled(cancel)) {
                read.error = u"canceled"_s;
                return read;
            }
            const qint64 count = file.read(input.data(), ChunkSize);
            if (count < 0) {
                read.error = u"its data cannot be read (the archive is cut short or damaged)"_s;
                return read;
            }
            if (count == 0) {
                read.complete = true;
                return read;
            }
            const qint64 take = std::min(count, limit - read.produced);
            deliver(read, handle, input.constData(), take);
            if (read.produced >= limit) {
                read.overflow = true;
                return read;
            }
        }
    }

    z_stream stream{};
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) {
        read.error = u"zlib could not be initialised"_s;
        return read;
    }
    QByteArray output(ChunkSize, Qt::Uninitialized);
    bool inputExhausted = false;
    for (;;) {
        if (isCanceled(cancel)) {
            read.error = u"canceled"_s;
            break;
        }
        if (read.produced >= limit) {
            read.overflow = true;
            break;
        }
        if (stream.avail_in == 0 && !inputExhausted) {
            const qint64 count = file.read(input.data(), ChunkSize);
            if (count < 0) {
                read.error = u"its data cannot be read (the archive is cut short or damaged)"_s;
                break;
            }
            if (count == 0) {
                inputExhausted = true;
            }
            stream.next_in = reinterpret_cast<Bytef *>(input.data());
            stream.avail_in = static_cast<uInt>(count);
        }
        const auto room = static_cast<uInt>(std::min<qint64>(ChunkSize, limit - read.produced));
        stream.next_out = reinterpret_cast<Bytef *>(output.data());
        stream.avail_out = room;
        const int status = inflate(&stream, Z_NO_FLUSH);
        deliver(read, handle, output.constData(), room - stream.avail_out);
        if (status == Z_STREAM_END) {
            read.complete = true;
            read.trailingBytes = stream.avail_in;
            for (qint64 count = 0; (count = file.read(input.data(), ChunkSize)) > 0;) {
                read.trailingBytes += count;
            }
            break;
        }
        if (status == Z_BUF_ERROR && inputExhausted) {
            read.error = u"its compressed data ends before the deflate stream does (cut short)"_s;
            break;
        }
        if (status != Z_OK && status != Z_BUF_ERROR) {
            read.error = u"its compressed data is corrupt (%1)"_s.arg(
                stream.msg != nullptr ? QString::fromLatin1(stream.msg) : u"zlib error %1"_s.arg(status));
            break;
        }
    }
    inflateEnd(&stream);
    return read;
}

ReadError openError(const QString &path, qint64 fileSize, const QByteArray &head)
{
    if (head.startsWith("PK\x03\x04")) {
        return {ReadError::Code::Truncated,
                u"%1 is truncated or damaged: it starts like a ZIP archive, but the central directory at its end is "
                "missing (%2 read). Download or build it again."_s.arg(path, formatBytes(fileSize)),
                fileSize};
    }
    if (head.startsWith("PK\x05\x06")) {
        return {ReadError::Code::EmptyArchive, u"%1 is an empty ZIP archive: it has no members."_s.arg(path),
                fileSize};
    }
    return {ReadError::Code::NotAnArchive,
            u"%1 is not a ZIP archive (it looks like %2)."_s.arg(path, describeContent(head)), fileSize};
}

// The end-of-central-directory record: where it is and what follows it.
void checkEndOfArchive(QIODevice &raw, qint64 fileSize, const QString &archiveName, qint64 lastDataEnd,
                       bool haveDataDescriptors, QList<Problem> &problems)
{
    constexpr qint64 EocdSize = 22;
    const qint64 tailSize = std::min<qint64>(fileSize, EocdSize + 0xffff + 1024);
    if (!raw.seek(fileSize - tailSize)) {
        return;
    }
    const QByteArray tail = raw.read(tailSize);
    const qsizetype at = tail.lastIndexOf("PK\x05\x06");
    if (at < 0 || tail.size() - at < EocdSize) {
        return;
    }
    auto u16 = [&](qsizetype offset) {
        return static_cast<quint32>(static_cast<unsigned char>(tail[at + offset]))
            | (static_cast<quint32>(static_cast<unsigned char>(tail[at + offset + 1])) << 8);
    };
    auto u32 = [&](qsizetype offset) { return u16(offset) | (u16(offset + 2) << 16); };
    const qint64 commentLength = u16(20);
    const qint64 end = (fileSize - tailSize) + at + EocdSize + commentLength;
    if (commentLength > 0) {
        problems.append({Problem::Code::ZipComment, QString(),
                         u"%1 has an archive comment of %2; PyPI accepts no ZIP comments."_s.arg(
                             archiveName, formatBytes(commentLength))});
    }
    if (end < fileSize) {
        problems.append({Problem::Code::ZipExtraData, QString(),
                         u"%1 has %2 of data after the end of the ZIP archive; PyPI refuses trailing data."_s.arg(
                             archiveName, formatBytes(fileSize - end))});
    }
    const qint64 centralDirectoryOffset = u32(16);
    if (!haveDataDescriptors && lastDataEnd >= 0 && centralDirectoryOffset != 0xffffffff
        && lastDataEnd < centralDirectoryOffset) {
        problems.append({Problem::Code::ZipExtraData, QString(),
                         u"%1 has %2 of unaccounted data between the last member and the central directory."_s.arg(
                             archiveName, formatBytes(centralDirectoryOffset - lastDataEnd))});
    }
}

// Buffers kept per thread from one archive to the next (see BufferReuse): at most
// BufferReuse::RetainedMaxSize + 2 * WholeMemberMaxSize per thread between archives.
struct ThreadBuffers {
    QByteArray archive;
    WholeMemberReader wholeMembers;
};

ThreadBuffers &threadBuffers()
{
    thread_local ThreadBuffers buffers;
    return buffers;
}

struct DataRange {
    qint64 start;
    qint64 end;
    qsizetype member;
};

} // namespace

std::expected<ScanResult, ReadError> scanZip(const QString &path, qint64 fileSize, const ScanOptions &options)
{
    QFile rawFile(path);
    if (!rawFile.open(QIODevice::ReadOnly)) {
        return std::unexpected(ReadError{ReadError::Code::CannotOpen,
                                         u"Cannot open %1: %2"_s.arg(path, rawFile.errorString()), fileSize});
    }
    // Small archives: every later read (QuaZip's, the local headers, the members' data) comes
    // from memory. A file that shrank since its size was taken is read as far as it goes.
    ThreadBuffers &buffers = threadBuffers();
    const BufferReuse archiveReuse(buffers.archive);
    QByteArrayView archive;
    if (fileSize > 0 && fileSize <= InMemoryArchiveMaxSize) {
        buffers.archive.resize(fileSize);
        const qint64 count = rawFile.read(buffers.archive.data(), fileSize);
        if (count > 0) {
            archive = QByteArrayView(buffers.archive.constData(), count);
        }
        rawFile.seek(0);
    }
    const bool inMemory = !archive.isEmpty();
    std::optional<MemoryFile> rawMemory;
    if (inMemory) {
        rawMemory.emplace(archive);
    }
    QIODevice &raw = inMemory ? static_cast<QIODevice &>(*rawMemory) : rawFile;
    const QByteArray head = raw.read(512);

    // QuaZip closes the device it reads when it is closed itself; it gets a device of its own.
    std::optional<MemoryFile> zipMemory;
    if (inMemory) {
        zipMemory.emplace(archive);
    }
    const std::unique_ptr<QuaZip> zipOwner =
        inMemory ? std::make_unique<QuaZip>(&*zipMemory) : std::make_unique<QuaZip>(path);
    QuaZip &zip = *zipOwner;
    if (!zip.open(QuaZip::mdUnzip)) {
        return std::unexpected(openError(path, fileSize, head));
    }
    if (zip.getEntriesCount() <= 0) {
        return std::unexpected(
            ReadError{ReadError::Code::EmptyArchive, u"%1 is an empty ZIP archive: it has no members."_s.arg(path),
                      fileSize});
    }
    unzFile handle = zip.getUnzFile();
    ScanResult result;
    MemberNameChecker names;

    // Pass 1: the central directory.
    constexpr qsizetype MaxNameSize = 0xffff;
    QByteArray nameBuffer(MaxNameSize + 1, Qt::Uninitialized);
    QList<CentralEntry> entries;
    qint64 totalClaimed = 0;
    qsizetype dataDescriptors = 0;
    QString firstDataDescriptor;
    bool centralDirectoryDamaged = false;
    for (bool more = zip.goToFirstFile(); more; more = zip.goToNextFile()) {
        if (entries.size() >= options.maxMembers) {
            result.problems.append({Problem::Code::TooManyMembers, QString(),
                                    u"The archive has more than %1 members; only the first %1 were read."_s.arg(
                                        options.maxMembers)});
            result.stoppedEarly = true;
            break;
        }
        CentralEntry entry;
        // One parse of the entry: the buffer holds the longest name a ZIP can store.
        if (unzGetCurrentFileInfo64(handle, &entry.info, nameBuffer.data(), static_cast<uLong>(nameBuffer.size()),
                                    nullptr, 0, nullptr, 0)
            != UNZ_OK) {
            centralDirectoryDamaged = true;
            break;
        }
        entry.name = QByteArray(nameBuffer.constData(),
                                std::min<qsizetype>(static_cast<qsizetype>(entry.info.size_filename), MaxNameSize));

        Member member;
        names.check(member, entry.name, (entry.info.flag & ZipFlagUtf8) != 0, true, result.problems);
        const auto host = entry.info.version >> 8;
        if (host == 3 || host == 19) { // Unix, macOS: the high half of the external attributes is st_mode
            member.mode = static_cast<quint32>(entry.info.external_fa >> 16);
        }
        const quint32 fileType = member.mode & UnixTypeMask;
        if (fileType == UnixSymlink) {
            member.type = Member::Type::Symlink;
        } else if (fileType == UnixDirectory || entry.name.endsWith('/') || (entry.info.external_fa & 0x10) != 0) {
            member.type = Member::Type::Directory;
        } else if (fileType != 0 && fileType != UnixRegular) {
            member.type = Member::Type::Other;
            result.problems.append({Problem::Code::SpecialMember, member.path,
                                    u"%1 is a device, FIFO or socket entry, which has no place in a distribution."_s.arg(
                                        member.path)});
        }
        member.size = static_cast<qint64>(std::min<ZPOS64_T>(entry.info.uncompressed_size, ZPOS64_T(INT64_MAX / 4)));
        member.compressedSize =
            static_cast<qint64>(std::min<ZPOS64_T>(entry.info.compressed_size, ZPOS64_T(INT64_MAX / 4)));
        member.compressionMethod = static_cast<int>(entry.info.compression_method);

        if ((entry.info.flag & ZipFlagEncrypted) != 0) {
            entry.readable = false;
            result.problems.append({Problem::Code::EncryptedMember, member.path,
                                    u"%1 is encrypted; installers cannot read it."_s.arg(member.path)});
        } else if (entry.info.compression_method != 0 && entry.info.compression_method != Z_DEFLATED) {
            entry.readable = false;
            result.problems.append({Problem::Code::UnsupportedCompression, member.path,
                                    u"%1 is compressed with %2; distributions may only use stored or deflated "
                                    "members."_s.arg(member.path, methodName(entry.info.compression_method))});
        }
        if ((entry.info.flag & ZipFlagDataDescriptor) != 0 && dataDescriptors++ == 0) {
            firstDataDescriptor = member.path;
        }
        if (member.size > BombMinimumSize && member.size / std::max<qint64>(member.compressedSize, 1) > BombRatio) {
            entry.bomb = true;
            result.problems.append({Problem::Code::CompressionBomb, member.path,
                                    u"%1 claims to decompress from %2 to %3, more than %4 times its size: a "
                                    "decompression bomb."_s.arg(member.path, formatBytes(member.compressedSize),
                                                                formatBytes(member.size))
                                        .arg(BombRatio)});
        }
        if (member.type == Member::Type::File) {
            totalClaimed += member.size;
        }
        result.members.append(member);
        entries.append(entry);
    }
    // The directory must yield as many entries as the end record announces (or stop at our cap;
    // 0xffff may stand for "more than 65534" in archives written without ZIP64 records).
    const int announced = zip.getEntriesCount();
    if (centralDirectoryDamaged || zip.getZipError() != UNZ_OK || entries.isEmpty()
        || (!result.stoppedEarly && announced != 0xffff && entries.size() != announced)) {
        return std::unexpected(ReadError{ReadError::Code::Corrupt,
                                         u"%1 is damaged: its central directory announces %2 entries, but %3 can "
                                         "be read."_s.arg(path)
                                             .arg(announced)
                                             .arg(entries.size()),
                                         fileSize});
    }
    if (dataDescriptors > 0) {
        result.problems.append({Problem::Code::ZipDataDescriptor, firstDataDescriptor,
                                u"%1 member(s), starting with %2, store their sizes in a data descriptor after the "
                                "data; PyPI refuses such ZIP files."_s.arg(dataDescriptors)
                                    .arg(firstDataDescriptor)});
    }
    const QString archiveName = path.section(u'/', -1);
    if (totalClaimed > BombMinimumSize && totalClaimed / std::max<qint64>(fileSize, 1) > BombRatio) {
        result.problems.append({Problem::Code::CompressionBomb, QString(),
                                u"%1 claims to decompress from %2 to %3, more than %4 times its size: PyPI rejects "
                                "it as a decompression bomb."_s.arg(archiveName, formatBytes(fileSize),
                                                                    formatBytes(totalClaimed))
                                    .arg(BombRatio)});
    }

    // Pass 2: each member's data, in archive order.
    QFile dataFile(path);
    std::optional<MemoryFile> dataMemory;
    if (inMemory) {
        dataMemory.emplace(archive);
    } else if (!dataFile.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        return std::unexpected(ReadError{ReadError::Code::CannotOpen,
                                         u"Cannot open %1: %2"_s.arg(path, dataFile.errorString()), fileSize});
    }
    QIODevice &data = inMemory ? static_cast<QIODevice &>(*dataMemory) : dataFile;
    WholeMemberReader &wholeMembers = buffers.wholeMembers;
    QList<DataRange> ranges;
    QString budgetStop;
    qsizetype index = 0;
    for (bool more = zip.goToFirstFile(); more && index < entries.size(); more = zip.goToNextFile(), ++index) {
        if (isCanceled(options.cancel)) {
            return std::unexpected(ReadError{ReadError::Code::Canceled, u"Reading %1 was canceled."_s.arg(path),
                                             fileSize});
        }
        const CentralEntry &entry = entries[index];
        Member &member = result.members[index];
        const bool capture = member.type == Member::Type::Symlink
            || (member.type == Member::Type::File && options.capture && options.capture(member.path)
                && result.capturedBytes < options.maxCaptureTotal);
        if (!entry.readable || member.type == Member::Type::Directory || member.type == Member::Type::Other) {
            continue;
        }
        if (!options.readContents && !capture) {
            continue;
        }
        if (entry.bomb && options.skipBombMembers) {
            continue;
        }
        if (result.inflatedBytes + member.size > options.inflateBudget) {
            if (budgetStop.isEmpty()) {
                budgetStop = member.path;
            }
            continue;
        }

        // QuaZip checks the local header against the central directory and finds the data; the
        // data itself is read straight from the file in large reads.
        QuaZipFile file(&zip);
        int method = 0;
        int level = 0;
        if (!file.open(QIODevice::ReadOnly, &method, &level, true)) {
            result.problems.append({Problem::Code::LocalHeaderMismatch, member.path,
                                    u"The local header of %1 is missing or disagrees with the central directory "
                                    "(name, method, sizes or CRC); tools would read different data."_s.arg(
                                        member.path)});
            continue;
        }
        // Where the data lies, to find members that share bytes and bytes that belong to none.
        const auto dataStart = static_cast<qint64>(unzGetCurrentFileZStreamPos64(handle));
        const int localExtraSize = unzGetLocalExtrafield(handle, nullptr, 0);
        const qint64 headerStart = dataStart - 30 - static_cast<qint64>(entry.info.size_filename)
            - std::max(localExtraSize, 0);
        ranges.append({headerStart, dataStart + member.compressedSize, index});
        if (raw.seek(headerStart + 30) && raw.read(entry.name.size()) != entry.name) {
            result.problems.append({Problem::Code::LocalHeaderMismatch, member.path,
                                    u"The local header of %1 names it differently than the central directory; "
                                    "tools disagree about what this member is called."_s.arg(member.path)});
        }

        file.close();
        if (!data.seek(dataStart)) {
            result.problems.append({Problem::Code::CorruptMember, member.path,
                                    u"The data of %1 lies outside the archive."_s.arg(member.path)});
            continue;
        }

        ContentSink sink(capture, member.type == Member::Type::Symlink
                                      ? MaxLinkTargetSize
                                      : std::min(options.maxCaptureSize, options.maxCaptureTotal - result.capturedBytes));
        const ChunkHandler toSink = [&sink](const char *bytes, qint64 size) { sink.add(bytes, size); };
        std::optional<MemberRead> whole = wholeMembers.read(data, archive, dataStart, entry.info, toSink);
        const MemberRead read = whole ? *std::move(whole) : readMemberData(data, entry.info, toSink, options.cancel);
        if (isCanceled(options.cancel)) {
            return std::unexpected(ReadError{ReadError::Code::Canceled, u"Reading %1 was canceled."_s.arg(path),
                                             fileSize});
        }
        result.inflatedBytes += read.produced;
        member.readSize = read.produced;

        if (!read.error.isEmpty()) {
            result.problems.append(
                {Problem::Code::CorruptMember, member.path, u"%1 cannot be read: %2."_s.arg(member.path, read.error)});
            continue;
        }
        if (read.overflow) {
            result.problems.append({Problem::Code::SizeMismatch, member.path,
                                    u"%1 decompresses to more than the %2 bytes its header claims; reading stopped "
                                    "there. Tools that trust the header see different content than tools that "
                                    "do not."_s.arg(member.path)
                                        .arg(member.size)});
            continue;
        }
        if (read.produced != member.size) {
            result.problems.append({Problem::Code::SizeMismatch, member.path,
                                    u"%1 decompresses to %2 bytes, but its header claims %3."_s.arg(member.path)
                                        .arg(read.produced)
                                        .arg(member.size)});
        } else if (read.crc != static_cast<quint32>(entry.info.crc)) {
            result.problems.append({Problem::Code::CrcMismatch, member.path,
                                    u"The CRC-32 of %1 does not match its header: the member is damaged."_s.arg(
                                        member.path)});
        }
        if (read.trailingBytes > 0) {
            result.problems.append({Problem::Code::ZipExtraData, member.path,
                                    u"%1 has %2 of extra data after the end of its compressed stream."_s.arg(
                                        member.path, formatBytes(read.trailingBytes))});
        }
        member.sha256 = sink.sha256();
        if (member.type == Member::Type::Symlink) {
            member.linkTarget = QString::fromUtf8(sink.takeCaptured());
            MemberNameChecker::checkLinkTarget(member, result.problems);
        } else if (sink.captureTooLarge()) {
            result.captureTooLarge.insert(index);
        } else if (capture) {
            result.capturedBytes += sink.size();
            result.captured.insert(index, sink.takeCaptured());
        }
    }
    if (!budgetStop.isEmpty()) {
        result.problems.append({Problem::Code::NotVerified, budgetStop,
                                u"Stopped decompressing at %1 after %2, the limit for this archive; the remaining "
                                "members were not verified."_s.arg(budgetStop, formatBytes(result.inflatedBytes))});
    }

    // Archive framing: shared bytes, data before the first member, after the last.
    std::sort(ranges.begin(), ranges.end(), [](const DataRange &a, const DataRange &b) { return a.start < b.start; });
    for (qsizetype i = 1; i < ranges.size(); ++i) {
        if (ranges[i].start < ranges[i - 1].end) {
            const QString &first = result.members[ranges[i - 1].member].path;
            const QString &second = result.members[ranges[i].member].path;
            result.problems.append({Problem::Code::OverlappingMembers, second,
                                    u"The data of %1 overlaps that of %2: the archive reuses bytes, a technique of "
                                    "decompression bombs."_s.arg(second, first)});
            break;
        }
    }
    if (!ranges.isEmpty() && ranges.first().start > 0) {
        result.problems.append({Problem::Code::ZipExtraData, QString(),
                                u"%1 has %2 of data before its first member; PyPI accepts no prepended data."_s.arg(
                                    archiveName, formatBytes(ranges.first().start))});
    }
    const bool allRead = ranges.size() == std::count_if(result.members.begin(), result.members.end(),
                                                        [](const Member &m) { return m.type != Member::Type::Directory; });
    checkEndOfArchive(raw, fileSize, archiveName,
                      allRead && !ranges.isEmpty()
                          ? std::max_element(ranges.begin(), ranges.end(), [](const DataRange &a, const DataRange &b) {
                                return a.end < b.end;
                            })->end
                          : -1,
                      dataDescriptors > 0, result.problems);
    return result;
}

QHash<qsizetype, QByteArray> hashZipMembers(const QString &path, const QHash<qsizetype, HashAlgorithm> &algorithms,
                                            const ScanOptions &options)
{
    QHash<qsizetype, QByteArray> digests;
    QuaZip zip(path);
    QFile data(path);
    if (algorithms.isEmpty() || !zip.open(QuaZip::mdUnzip) || !data.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        return digests;
    }
    unzFile handle = zip.getUnzFile();
    qsizetype index = 0;
    for (bool more = zip.goToFirstFile(); more; more = zip.goToNextFile(), ++index) {
        const auto wanted = algorithms.constFind(index);
        if (wanted == algorithms.constEnd()) {
            continue;
        }
        unz_file_info64 info{};
        if (unzGetCurrentFileInfo64(handle, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK
            || (info.flag & ZipFlagEncrypted) != 0
            || (info.compression_method != 0 && info.compression_method != Z_DEFLATED)) {
            continue;
        }
        QuaZipFile file(&zip);
        int method = 0;
        int level = 0;
        if (!file.open(QIODevice::ReadOnly, &method, &level, true)) {
            continue;
        }
        const auto dataStart = static_cast<qint64>(unzGetCurrentFileZStreamPos64(handle));
        file.close();
        if (!data.seek(dataStart)) {
            continue;
        }
        Hasher hasher(*wanted);
        const MemberRead read = readMemberData(
            data, info, [&hasher](const char *bytes, qint64 size) { hasher.addData(QByteArrayView(bytes, size)); },
            options.cancel);
        if (read.complete && read.error.isEmpty() && !read.overflow) {
            digests.insert(index, hasher.result());
        }
    }
    return digests;
}

} // namespace Dist::Internal
