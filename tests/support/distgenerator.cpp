// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/distgenerator.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTest>

#include <memory>

#include <zlib.h>

using namespace Qt::StringLiterals;

namespace TestSupport {

namespace {

constexpr qint64 ZeroBlockSize = 1024 * 1024;

// Where archive bytes go: straight to the file, or through a raw deflate stream.
class Sink
{
public:
    virtual ~Sink() = default;
    virtual void write(const char *data, qint64 size) = 0;
    virtual void writeZeros(qint64 count)
    {
        const QByteArray block(static_cast<qsizetype>(std::min(count, ZeroBlockSize)), '\0');
        while (count > 0) {
            const qint64 take = std::min<qint64>(count, block.size());
            write(block.constData(), take);
            count -= take;
        }
    }
    void write(const QByteArray &data) { write(data.constData(), data.size()); }
};

class FileSink final : public Sink
{
public:
    explicit FileSink(QFile &file)
        : m_file(file)
    {
    }
    using Sink::write;
    void write(const char *data, qint64 size) override { m_file.write(data, size); }

private:
    QFile &m_file;
};

// A raw deflate stream (no zlib or gzip header) written to a file, with the CRC-32 and size of
// what went in. Runs of zeros are written as copies of one pre-compressed 1 MiB block: after a
// full flush the compressor refers to nothing before it, so identical blocks can be repeated
// and the stream stays valid.
class DeflateSink final : public Sink
{
public:
    explicit DeflateSink(QFile &file)
        : m_file(file)
    {
        deflateInit2(&m_stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    }
    ~DeflateSink() override { deflateEnd(&m_stream); }

    using Sink::write;
    void write(const char *data, qint64 size) override
    {
        m_crc = crc32_z(m_crc, reinterpret_cast<const Bytef *>(data), static_cast<z_size_t>(size));
        m_size += size;
        pump(data, size, Z_NO_FLUSH);
    }

    void writeZeros(qint64 count) override
    {
        if (count >= ZeroBlockSize) {
            pump(nullptr, 0, Z_FULL_FLUSH);
            static const QByteArray block = compressedZeroBlock();
            static const uLong blockCrc = [] {
                const QByteArray zeros(ZeroBlockSize, '\0');
                return crc32_z(0, reinterpret_cast<const Bytef *>(zeros.constData()), zeros.size());
            }();
            for (; count >= ZeroBlockSize; count -= ZeroBlockSize) {
                m_file.write(block);
                m_compressed += block.size();
                m_crc = crc32_combine(m_crc, blockCrc, ZeroBlockSize);
                m_size += ZeroBlockSize;
            }
        }
        Sink::writeZeros(count);
    }

    void finish() { pump(nullptr, 0, Z_FINISH); }

    quint32 crc() const { return static_cast<quint32>(m_crc); }
    qint64 size() const { return m_size; }
    qint64 compressedSize() const { return m_compressed; }

private:
    static QByteArray compressedZeroBlock()
    {
        const QByteArray zeros(ZeroBlockSize, '\0');
        z_stream stream{};
        deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
        QByteArray out(static_cast<qsizetype>(deflateBound(&stream, ZeroBlockSize)) + 64, '\0');
        stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(zeros.constData()));
        stream.avail_in = static_cast<uInt>(zeros.size());
        stream.next_out = reinterpret_cast<Bytef *>(out.data());
        stream.avail_out = static_cast<uInt>(out.size());
        deflate(&stream, Z_FULL_FLUSH);
        out.truncate(static_cast<qsizetype>(stream.total_out));
        deflateEnd(&stream);
        return out;
    }

    void pump(const char *data, qint64 size, int flush)
    {
        m_stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data));
        m_stream.avail_in = static_cast<uInt>(size);
        char buffer[65536];
        do {
            m_stream.next_out = reinterpret_cast<Bytef *>(buffer);
            m_stream.avail_out = sizeof buffer;
            deflate(&m_stream, flush);
            const qint64 produced = static_cast<qint64>(sizeof buffer - m_stream.avail_out);
            m_file.write(buffer, produced);
            m_compressed += produced;
        } while (m_stream.avail_out == 0 || m_stream.avail_in > 0);
    }

    QFile &m_file;
    z_stream m_stream{};
    uLong m_crc = 0;
    qint64 m_size = 0;
    qint64 m_compressed = 0;
};

void putLittleEndian(QByteArray &out, quint64 value, int bytes)
{
    for (int i = 0; i < bytes; ++i) {
        out.append(static_cast<char>((value >> (8 * i)) & 0xff));
    }
}

QByteArray octal(quint64 value, int width)
{
    // width - 1 digits and a NUL, as ustar writes numeric fields.
    QByteArray digits = QByteArray::number(value, 8).rightJustified(width - 1, '0');
    digits.append('\0');
    return digits;
}

void place(QByteArray &header, int offset, const QByteArray &value, int width)
{
    header.replace(offset, std::min<qsizetype>(value.size(), width), value.left(width));
}

QByteArray ustarHeader(const QByteArray &name, char type, quint64 size, quint32 mode, const QByteArray &linkTarget,
                       bool gnuMagic = false)
{
    QByteArray header(512, '\0');
    place(header, 0, name, 100);
    place(header, 100, octal(mode, 8), 8);
    place(header, 108, octal(1000, 8), 8);
    place(header, 116, octal(1000, 8), 8);
    place(header, 124, octal(size, 12), 12);
    place(header, 136, octal(1700000000, 12), 12);
    header[156] = type;
    place(header, 157, linkTarget, 100);
    place(header, 257, gnuMagic ? QByteArray("ustar  \0", 8) : QByteArray("ustar\0" "00", 8), 8);
    place(header, 265, "user", 32);
    place(header, 297, "user", 32);
    return header;
}

void sealChecksum(QByteArray &header)
{
    header.replace(148, 8, QByteArray(8, ' '));
    quint32 sum = 0;
    for (char c : std::as_const(header)) {
        sum += static_cast<unsigned char>(c);
    }
    QByteArray field = QByteArray::number(sum, 8).rightJustified(6, '0');
    field.append('\0').append(' ');
    header.replace(148, 8, field);
}

QByteArray paxRecord(const QByteArray &key, const QByteArray &value)
{
    const QByteArray body = ' ' + key + '=' + value + '\n';
    qsizetype length = body.size() + 1;
    while (QByteArray::number(length).size() + body.size() != length) {
        ++length;
    }
    return QByteArray::number(length) + body;
}

void writePadding(Sink &sink, qint64 size)
{
    const qint64 padding = (512 - size % 512) % 512;
    if (padding > 0) {
        sink.write(QByteArray(static_cast<qsizetype>(padding), '\0'));
    }
}

QByteArray urlsafeSha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray csvField(const QByteArray &value)
{
    if (!value.contains(',') && !value.contains('"') && !value.contains('\n') && !value.contains('\r')) {
        return value;
    }
    QByteArray quoted = value;
    quoted.replace("\"", "\"\"");
    return '"' + quoted + '"';
}

} // namespace

ZipBuilder &ZipBuilder::add(ZipEntry entry)
{
    m_entries.append(std::move(entry));
    return *this;
}

ZipBuilder &ZipBuilder::addFile(const QByteArray &name, const QByteArray &data, int method)
{
    ZipEntry entry;
    entry.name = name;
    entry.data = data;
    entry.method = method;
    return add(entry);
}

ZipBuilder &ZipBuilder::addDirectory(const QByteArray &name)
{
    ZipEntry entry;
    entry.name = name.endsWith('/') ? name : name + '/';
    entry.method = 0;
    entry.unixMode = 040755;
    return add(entry);
}

ZipBuilder &ZipBuilder::addSymlink(const QByteArray &name, const QByteArray &target)
{
    ZipEntry entry;
    entry.name = name;
    entry.data = target;
    entry.method = 0;
    entry.unixMode = 0120777;
    return add(entry);
}

bool ZipBuilder::write(const QString &path) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        QTest::qFail(qPrintable(u"cannot write %1"_s.arg(path)), __FILE__, __LINE__);
        return false;
    }
    file.write(prefix);
    QByteArray central;
    for (const ZipEntry &entry : m_entries) {
        const qint64 headerOffset = file.pos();
        quint32 flags = (entry.utf8Flag ? 0x800 : 0) | (entry.dataDescriptor ? 0x8 : 0) | (entry.encryptedFlag ? 0x1 : 0);
        const QByteArray localName = entry.localName.value_or(entry.name);

        auto localHeader = [&](quint32 crc, quint64 compressed, quint64 size) {
            QByteArray header;
            putLittleEndian(header, 0x04034b50, 4);
            putLittleEndian(header, 20, 2);
            putLittleEndian(header, flags, 2);
            putLittleEndian(header, static_cast<quint64>(entry.method), 2);
            putLittleEndian(header, 0x0000, 2); // time
            putLittleEndian(header, 0x5821, 2); // date: 2024-01-01
            const bool deferred = entry.dataDescriptor;
            putLittleEndian(header, deferred ? 0 : crc, 4);
            putLittleEndian(header, deferred ? 0 : compressed, 4);
            putLittleEndian(header, deferred ? 0 : size, 4);
            putLittleEndian(header, static_cast<quint64>(localName.size()), 2);
            putLittleEndian(header, 0, 2);
            header.append(localName);
            return header;
        };
        file.write(localHeader(0, 0, 0));
        const qint64 dataStart = file.pos();
        quint32 crc = 0;
        qint64 size = 0;
        if (entry.method == 8) {
            DeflateSink deflater(file);
            if (entry.zeros > 0) {
                deflater.writeZeros(entry.zeros);
            } else {
                deflater.write(entry.data.constData(), entry.data.size());
            }
            deflater.finish();
            crc = deflater.crc();
            size = deflater.size();
            if (entry.garbledBytes > 0) {
                const qint64 end = file.pos();
                file.seek(dataStart);
                file.write(QByteArray(entry.garbledBytes, '\xff'));
                file.seek(end);
            }
            if (entry.cutBytes > 0) {
                file.seek(file.pos() - entry.cutBytes);
                file.resize(file.pos());
            }
            file.write(entry.afterStream);
        } else {
            FileSink sink(file);
            if (entry.zeros > 0) {
                sink.writeZeros(entry.zeros);
            } else {
                sink.write(entry.data);
            }
            size = entry.zeros > 0 ? entry.zeros : entry.data.size();
            // Stored zeros are small in tests (large runs are deflated), so a plain loop will do.
            const QByteArray content = entry.zeros > 0 ? QByteArray(static_cast<qsizetype>(entry.zeros), '\0') : entry.data;
            crc = static_cast<quint32>(
                crc32_z(0, reinterpret_cast<const Bytef *>(content.constData()), static_cast<z_size_t>(content.size())));
        }
        const qint64 dataEnd = file.pos();
        const quint64 compressed = static_cast<quint64>(dataEnd - dataStart);
        const quint32 headerCrc = entry.claimedCrc.value_or(crc);
        const quint64 headerSize = entry.claimedSize ? *entry.claimedSize : static_cast<quint64>(size);
        if (entry.dataDescriptor) {
            QByteArray descriptor;
            putLittleEndian(descriptor, 0x08074b50, 4);
            putLittleEndian(descriptor, headerCrc, 4);
            putLittleEndian(descriptor, compressed, 4);
            putLittleEndian(descriptor, headerSize, 4);
            file.write(descriptor);
        }
        const qint64 resume = file.pos();
        file.seek(headerOffset);
        file.write(localHeader(headerCrc, compressed, headerSize));
        file.seek(resume);

        putLittleEndian(central, 0x02014b50, 4);
        putLittleEndian(central, (3 << 8) | 20, 2); // made by Unix
        putLittleEndian(central, 20, 2);
        putLittleEndian(central, flags, 2);
        putLittleEndian(central, static_cast<quint64>(entry.method), 2);
        putLittleEndian(central, 0x0000, 2);
        putLittleEndian(central, 0x5821, 2);
        putLittleEndian(central, headerCrc, 4);
        putLittleEndian(central, compressed, 4);
        putLittleEndian(central, headerSize, 4);
        putLittleEndian(central, static_cast<quint64>(entry.name.size()), 2);
        putLittleEndian(central, 0, 2);
        putLittleEndian(central, 0, 2);
        putLittleEndian(central, 0, 2);
        putLittleEndian(central, 0, 2);
        putLittleEndian(central, static_cast<quint64>(entry.unixMode) << 16, 4);
        putLittleEndian(central, static_cast<quint64>(headerOffset), 4);
        central.append(entry.name);
    }
    const qint64 centralOffset = file.pos();
    file.write(central);
    QByteArray end;
    putLittleEndian(end, 0x06054b50, 4);
    putLittleEndian(end, 0, 2);
    putLittleEndian(end, 0, 2);
    putLittleEndian(end, static_cast<quint64>(m_entries.size()), 2);
    putLittleEndian(end, static_cast<quint64>(m_entries.size()), 2);
    putLittleEndian(end, static_cast<quint64>(central.size()), 4);
    putLittleEndian(end, static_cast<quint64>(centralOffset), 4);
    putLittleEndian(end, static_cast<quint64>(comment.size()), 2);
    end.append(comment);
    file.write(end);
    file.write(trailing);
    return file.error() == QFileDevice::NoError;
}

TarBuilder &TarBuilder::add(TarEntry entry)
{
    m_entries.append(std::move(entry));
    return *this;
}

TarBuilder &TarBuilder::addFile(const QByteArray &name, const QByteArray &data)
{
    TarEntry entry;
    entry.name = name;
    entry.data = data;
    return add(entry);
}

TarBuilder &TarBuilder::addDirectory(const QByteArray &name)
{
    TarEntry entry;
    entry.name = name.endsWith('/') ? name : name + '/';
    entry.type = '5';
    entry.mode = 0755;
    return add(entry);
}

bool TarBuilder::write(const QString &path, bool gzip) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        QTest::qFail(qPrintable(u"cannot write %1"_s.arg(path)), __FILE__, __LINE__);
        return false;
    }
    std::unique_ptr<Sink> sink;
    DeflateSink *deflater = nullptr;
    if (gzip) {
        file.write(QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10));
        auto owned = std::make_unique<DeflateSink>(file);
        deflater = owned.get();
        sink = std::move(owned);
    } else {
        sink = std::make_unique<FileSink>(file);
    }

    for (const TarEntry &entry : m_entries) {
        const bool sparse = entry.type == 'S';
        // Links and directories may carry data too when a test asks for it (hostile tars do).
        const bool hasData = entry.type == '0' || sparse || entry.zeros > 0 || !entry.data.isEmpty();
        const quint64 size = hasData ? static_cast<quint64>(entry.zeros > 0 && !sparse ? entry.zeros : entry.data.size()) : 0;
        if (entry.paxPath || entry.name.size() > 100 || entry.linkTarget.size() > 100) {
            QByteArray records = paxRecord("path", entry.name);
            if (!entry.linkTarget.isEmpty()) {
                records += paxRecord("linkpath", entry.linkTarget);
            }
            QByteArray paxHeader = ustarHeader("././@PaxHeader", 'x', static_cast<quint64>(records.size()), 0644, {});
            sealChecksum(paxHeader);
            sink->write(paxHeader);
            sink->write(records);
            writePadding(*sink, records.size());
        }
        QByteArray header = ustarHeader(entry.name, entry.type, size, entry.mode, entry.linkTarget, sparse);
        if (sparse) {
            // Old GNU sparse map: one data run at offset 0, then a hole up to the real size.
            place(header, 386, octal(0, 12), 12);
            place(header, 398, octal(static_cast<quint64>(entry.data.size()), 12), 12);
            header[482] = '\0';
            place(header, 483, octal(static_cast<quint64>(entry.data.size() + entry.zeros), 12), 12);
        }
        sealChecksum(header);
        sink->write(header);
        if (hasData) {
            if (entry.zeros > 0 && !sparse) {
                sink->writeZeros(entry.zeros);
            } else {
                sink->write(entry.data);
            }
            writePadding(*sink, static_cast<qint64>(size));
        }
    }
    sink->write(QByteArray(1024, '\0'));
    if (deflater != nullptr) {
        deflater->finish();
        QByteArray trailer;
        putLittleEndian(trailer, deflater->crc(), 4);
        putLittleEndian(trailer, static_cast<quint64>(deflater->size()) & 0xffffffffU, 4);
        file.write(trailer);
    }
    return file.error() == QFileDevice::NoError;
}

QByteArray sha256RecordHash(const QByteArray &data)
{
    return "sha256=" + urlsafeSha256(data);
}

QByteArray recordRow(const QByteArray &path, const QByteArray &data)
{
    return csvField(path) + ',' + sha256RecordHash(data) + ',' + QByteArray::number(data.size()) + '\n';
}

QByteArray coreMetadata(const QByteArray &name, const QByteArray &version, const QByteArray &extraHeaders,
                        const QByteArray &description)
{
    return "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\nSummary: A test package\n"
        + extraHeaders + "\n" + description;
}

QList<DistFile> wheelFiles(const QByteArray &name, const QByteArray &version, const QList<DistFile> &payload)
{
    const QByteArray distInfo = name + '-' + version + ".dist-info/";
    QList<DistFile> files = payload;
    files.append({distInfo + "METADATA", coreMetadata(name, version)});
    files.append({distInfo + "WHEEL",
                  "Wheel-Version: 1.0\nGenerator: slipway-tests 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"});
    QByteArray record;
    for (const DistFile &file : std::as_const(files)) {
        record += recordRow(file.path, file.data);
    }
    record += csvField(distInfo + "RECORD") + ",,\n";
    files.append({distInfo + "RECORD", record});
    return files;
}

bool writeWheel(const QString &path, const QList<DistFile> &files)
{
    ZipBuilder zip;
    for (const DistFile &file : files) {
        zip.addFile(file.path, file.data);
    }
    return zip.write(path);
}

QList<DistFile> sdistFiles(const QByteArray &name, const QByteArray &version, const QList<DistFile> &payload)
{
    const QByteArray top = name + '-' + version + '/';
    QList<DistFile> files;
    files.append({top + "PKG-INFO", coreMetadata(name, version)});
    files.append({top + "pyproject.toml",
                  "[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n"});
    for (const DistFile &file : payload) {
        files.append({top + file.path, file.data});
    }
    return files;
}

bool writeSdist(const QString &path, const QList<DistFile> &files)
{
    TarBuilder tar;
    QList<QByteArray> directories;
    for (const DistFile &file : files) {
        const qsizetype slash = file.path.indexOf('/');
        if (slash > 0 && !directories.contains(file.path.left(slash))) {
            directories.append(file.path.left(slash));
            tar.addDirectory(file.path.left(slash));
        }
        tar.addFile(file.path, file.data);
    }
    return tar.write(path);
}

} // namespace TestSupport
