// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// Archive generators for the distribution tests: ZIP and tar.gz files written byte by byte, so
// a test can build exactly the hostile archive it needs (lying sizes, duplicate names, `..`
// paths, symlinks, data descriptors, trailing data) that ordinary tools refuse to produce.
// Large runs of zeros are written as repeated pre-compressed deflate blocks, so a 2 GiB member
// costs a few MiB of disk and a fraction of a second. Independent of core/dist: digests come
// from QCryptographicHash and zlib.
namespace TestSupport {

struct ZipEntry {
    QByteArray name;
    QByteArray data;
    qint64 zeros = 0; // when > 0: the content is this many zero bytes (data is ignored)
    int method = 8;   // 0 stored, 8 deflated; anything else stores data as is under that method id
    std::optional<quint32> claimedSize; // header lies about the uncompressed size
    std::optional<quint32> claimedCrc;  // header lies about the CRC
    std::optional<QByteArray> localName; // local header name differs from the central directory
    quint32 unixMode = 0100644;         // 0120777 symlink (data = target), 040755 directory
    bool utf8Flag = true;
    bool dataDescriptor = false;
    bool encryptedFlag = false;
    // Damage to a deflated member's compressed bytes (the headers keep the true CRC and size):
    // the first garbledBytes overwritten with 0xff (an invalid block type), cutBytes dropped
    // from the end of the stream, afterStream appended after it.
    qint64 garbledBytes = 0;
    qint64 cutBytes = 0;
    QByteArray afterStream;
};

class ZipBuilder final
{
public:
    ZipBuilder &add(ZipEntry entry);
    ZipBuilder &addFile(const QByteArray &name, const QByteArray &data, int method = 8);
    ZipBuilder &addDirectory(const QByteArray &name);
    ZipBuilder &addSymlink(const QByteArray &name, const QByteArray &target);

    QByteArray prefix;   // bytes before the first member
    QByteArray comment;  // archive comment
    QByteArray trailing; // bytes after the end of central directory record

    // Fails the calling test (QVERIFY) on I/O errors.
    bool write(const QString &path) const;

private:
    QList<ZipEntry> m_entries;
};

struct TarEntry {
    QByteArray name;
    char type = '0'; // '0' file, '5' directory, '2' symlink, '1' hard link, '3' char device, 'S' GNU sparse
    QByteArray data;
    qint64 zeros = 0; // when > 0: the content is this many zero bytes
    QByteArray linkTarget;
    quint32 mode = 0644;
    bool paxPath = false; // write the name in a pax extended header (as UTF-8 names need)
};

class TarBuilder final
{
public:
    TarBuilder &add(TarEntry entry);
    TarBuilder &addFile(const QByteArray &name, const QByteArray &data);
    TarBuilder &addDirectory(const QByteArray &name);

    // gzip: false writes a plain tar.
    bool write(const QString &path, bool gzip = true) const;

private:
    QList<TarEntry> m_entries;
};

// Well-formed distribution contents, to start from and then break.
struct DistFile {
    QByteArray path;
    QByteArray data;
};

QByteArray sha256RecordHash(const QByteArray &data); // "sha256=<urlsafe b64, no padding>"
QByteArray recordRow(const QByteArray &path, const QByteArray &data);
QByteArray coreMetadata(const QByteArray &name, const QByteArray &version, const QByteArray &extraHeaders = {},
                        const QByteArray &description = "A test package.\n");
// payload + METADATA + WHEEL + RECORD (listing every file and itself), in that order.
QList<DistFile> wheelFiles(const QByteArray &name, const QByteArray &version, const QList<DistFile> &payload);
// Writes files as a wheel (deflated members).
bool writeWheel(const QString &path, const QList<DistFile> &files);
// {name}-{version}/ + PKG-INFO + pyproject.toml + payload, as a .tar.gz.
QList<DistFile> sdistFiles(const QByteArray &name, const QByteArray &version, const QList<DistFile> &payload);
bool writeSdist(const QString &path, const QList<DistFile> &files);

} // namespace TestSupport
