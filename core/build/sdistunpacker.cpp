// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/build/sdistunpacker.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <memory>

#include <archive.h>
#include <archive_entry.h>

using namespace Qt::StringLiterals;

namespace Build {

namespace {

constexpr qint64 maxEntries = 1'000'000;
constexpr qint64 maxTotalBytes = 8LL * 1024 * 1024 * 1024;

struct ReadDeleter {
    void operator()(archive *handle) const { archive_read_free(handle); }
};
struct WriteDeleter {
    void operator()(archive *handle) const { archive_write_free(handle); }
};

QString entryName(archive_entry *entry)
{
    if (const char *utf8 = archive_entry_pathname_utf8(entry)) {
        return QString::fromUtf8(utf8);
    }
    if (const char *raw = archive_entry_pathname(entry)) {
        return QString::fromLocal8Bit(raw);
    }
    return {};
}

// A relative path that stays where it is put: no root, no "..", no empty name.
bool isSafeRelative(const QString &path)
{
    if (path.isEmpty() || path.startsWith(u'/') || path.contains(u'\\') || path.contains(QChar(0))) {
        return false;
    }
    const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    return !parts.isEmpty() && !parts.contains(u".."_s);
}

QString archiveError(archive *handle)
{
    const char *text = archive_error_string(handle);
    return text ? QString::fromUtf8(text) : u"unknown error"_s;
}

} // namespace

std::expected<QString, QString> unpackSdist(const QString &archivePath, const QString &destination)
{
    const QString fileName = QFileInfo(archivePath).fileName();
    const auto fail = [&](const QString &why) {
        return std::unexpected(u"Cannot unpack the sdist %1: %2"_s.arg(fileName, why));
    };

    std::unique_ptr<archive, ReadDeleter> reader(archive_read_new());
    std::unique_ptr<archive, WriteDeleter> writer(archive_write_disk_new());
    if (!reader || !writer) {
        return fail(u"out of memory."_s);
    }
    archive_read_support_filter_all(reader.get());
    archive_read_support_format_tar(reader.get());
    archive_read_support_format_gnutar(reader.get());
    // Entry names are checked to be relative and then prefixed with the destination, so the
    // absolute-path guard cannot be used; the ".." and through-symlink guards stay on.
    archive_write_disk_set_options(writer.get(), ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM
                                                     | ARCHIVE_EXTRACT_SECURE_NODOTDOT
                                                     | ARCHIVE_EXTRACT_SECURE_SYMLINKS);

    const QByteArray encodedPath = QFile::encodeName(archivePath);
    if (archive_read_open_filename(reader.get(), encodedPath.constData(), 64 * 1024) != ARCHIVE_OK) {
        return fail(archiveError(reader.get()));
    }

    const QString root = QDir::cleanPath(QFileInfo(destination).absoluteFilePath());
    QString topLevel;
    qint64 entries = 0;
    qint64 totalBytes = 0;
    archive_entry *entry = nullptr;
    while (true) {
        const int status = archive_read_next_header(reader.get(), &entry);
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status < ARCHIVE_WARN) {
            return fail(archiveError(reader.get()));
        }
        if (++entries > maxEntries) {
            return fail(u"it has more than a million entries."_s);
        }
        const QString name = entryName(entry);
        if (!isSafeRelative(name)) {
            return fail(u"the entry '%1' would be written outside the target folder."_s.arg(name));
        }
        const QString first = name.section(u'/', 0, 0, QString::SectionSkipEmpty);
        if (topLevel.isEmpty()) {
            topLevel = first;
        } else if (first != topLevel) {
            return fail(u"it has more than one top-level folder ('%1' and '%2')."_s.arg(topLevel, first));
        }

        const mode_t type = archive_entry_filetype(entry);
        if (const char *hardlink = archive_entry_hardlink(entry)) {
            const QString target = QString::fromUtf8(hardlink);
            if (!isSafeRelative(target)) {
                return fail(u"the link '%1' points outside the archive."_s.arg(name));
            }
            archive_entry_set_hardlink(entry, QFile::encodeName(root + u'/' + target).constData());
        } else if (type == AE_IFLNK) {
            const QString target = QString::fromUtf8(archive_entry_symlink(entry));
            const QString resolved = QDir::cleanPath(QFileInfo(name).path() + u'/' + target);
            if (target.startsWith(u'/') || resolved.startsWith(u"../"_s) || resolved == u".."_s
                || !resolved.startsWith(topLevel + u'/')) {
                return fail(u"the symbolic link '%1' points outside the archive."_s.arg(name));
            }
        } else if (type != AE_IFREG && type != AE_IFDIR) {
            return fail(u"the entry '%1' is not a file, folder or link."_s.arg(name));
        }
        totalBytes += archive_entry_size(entry);
        if (totalBytes > maxTotalBytes) {
            return fail(u"it unpacks to more than 8 GiB."_s);
        }

        archive_entry_set_pathname(entry, QFile::encodeName(root + u'/' + name).constData());
        if (archive_write_header(writer.get(), entry) < ARCHIVE_WARN) {
            return fail(archiveError(writer.get()));
        }
        if (archive_entry_size(entry) > 0) {
            const void *block = nullptr;
            size_t size = 0;
            la_int64_t offset = 0;
            while (true) {
                const int read = archive_read_data_block(reader.get(), &block, &size, &offset);
                if (read == ARCHIVE_EOF) {
                    break;
                }
                if (read < ARCHIVE_WARN) {
                    return fail(archiveError(reader.get()));
                }
                if (archive_write_data_block(writer.get(), block, size, offset) < ARCHIVE_WARN) {
                    return fail(archiveError(writer.get()));
                }
            }
        }
        if (archive_write_finish_entry(writer.get()) < ARCHIVE_WARN) {
            return fail(archiveError(writer.get()));
        }
    }
    if (archive_write_close(writer.get()) < ARCHIVE_WARN) {
        return fail(archiveError(writer.get()));
    }
    if (topLevel.isEmpty() || !QFileInfo(root + u'/' + topLevel).isDir()) {
        return fail(u"it has no top-level folder."_s);
    }
    return root + u'/' + topLevel;
}

} // namespace Build
