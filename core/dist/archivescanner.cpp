// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dist/archivescanner.h"

#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace Dist::Internal {

namespace {

std::optional<QString> decodeUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError()) {
        return std::nullopt;
    }
    return text;
}

bool isAscii(const QByteArray &bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

} // namespace

void MemberNameChecker::check(Member &member, const QByteArray &storedName, bool utf8Flagged, bool isZip,
                              QList<Problem> &problems)
{
    QString name;
    if (auto utf8 = decodeUtf8(storedName)) {
        name = *utf8;
        if (isZip && !utf8Flagged && !isAscii(storedName)) {
            problems.append({Problem::Code::ZipNameEncodingUnflagged, name,
                             u"The name of %1 is UTF-8 but the ZIP entry does not set the UTF-8 flag, so Python's "
                             "zipfile (and pip) read it as CP437 and get a different name."_s.arg(name)});
        }
    } else {
        name = QString::fromLatin1(storedName);
        member.rawPath = storedName;
        problems.append({Problem::Code::NonUtf8MemberName, name,
                         u"The member name '%1' is not valid UTF-8 (shown here as Latin-1); distribution member "
                         "names must be UTF-8."_s.arg(name)});
    }

    // Directories are stored as "dir/" in ZIP and often in tar; keep one spelling.
    while (name.size() > 1 && name.endsWith(u'/')) {
        name.chop(1);
    }
    member.path = name;

    if (std::any_of(name.begin(), name.end(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; })) {
        problems.append({Problem::Code::ControlCharacterInName, name,
                         u"The member name '%1' contains control characters."_s.arg(name.toHtmlEscaped())});
    }
    const QString unsafe = [&]() -> QString {
        if (name.isEmpty()) {
            return u"A member has an empty name."_s;
        }
        if (name.startsWith(u'/')) {
            return u"The member %1 has an absolute path; extracting it would write outside the target folder."_s.arg(
                name);
        }
        if (name.size() >= 2 && name[1] == u':' && name[0].isLetter() && name[0].unicode() < 0x80) {
            return u"The member %1 starts with a drive letter; on Windows it would be written outside the target "
                   "folder."_s.arg(name);
        }
        if (name.contains(u'\\')) {
            return u"The member %1 contains a backslash; on Windows that is a folder separator, so the file would "
                   "land somewhere else than the archive says."_s.arg(name);
        }
        const QList<QStringView> parts = QStringView(name).split(u'/');
        if (std::any_of(parts.begin(), parts.end(), [](QStringView part) { return part == u".."; })) {
            return u"The member %1 contains '..'; extracting it would write outside the target folder."_s.arg(name);
        }
        return {};
    }();
    if (!unsafe.isEmpty()) {
        problems.append({Problem::Code::UnsafePath, name, unsafe});
    }

    const qsizetype index = m_count++;
    const auto existing = m_seen.constFind(name);
    if (existing != m_seen.constEnd()) {
        problems.append({Problem::Code::DuplicateMember, name,
                         u"The archive holds %1 more than once (entries %2 and %3); which one an installer uses "
                         "depends on the tool."_s.arg(name)
                             .arg(*existing + 1)
                             .arg(index + 1)});
    } else {
        m_seen.insert(name, index);
    }
}

void MemberNameChecker::checkLinkTarget(const Member &member, QList<Problem> &problems)
{
    const QString &target = member.linkTarget;
    const bool hard = member.type == Member::Type::Hardlink;
    problems.append({hard ? Problem::Code::Hardlink : Problem::Code::Symlink, member.path,
                     u"%1 is a %2 to '%3'. Installers and PyPI treat links inconsistently; ship regular files."_s.arg(
                         member.path, hard ? u"hard link"_s : u"symbolic link"_s, target)});
    // Resolve the target against the link's folder (hard links are relative to the archive root).
    QStringList parts;
    if (!hard) {
        parts = member.path.split(u'/');
        parts.removeLast();
    }
    bool escapes = target.startsWith(u'/') || target.contains(u'\\') || target.isEmpty()
        || (target.size() >= 2 && target[1] == u':');
    for (const QString &part : target.split(u'/', Qt::SkipEmptyParts)) {
        if (escapes) {
            break;
        }
        if (part == u"..") {
            if (parts.isEmpty()) {
                escapes = true;
            } else {
                parts.removeLast();
            }
        } else if (part != u".") {
            parts.append(part);
        }
    }
    if (escapes) {
        problems.append({Problem::Code::UnsafePath, member.path,
                         u"The link %1 points to '%2', outside the archive; following it would read or write "
                         "outside the target folder."_s.arg(member.path, target)});
    }
}

ContentSink::ContentSink(bool capture, qint64 maxCaptureSize)
    : m_capture(capture)
    , m_maxCaptureSize(maxCaptureSize)
{
}

void ContentSink::add(const char *data, qint64 size)
{
    m_sha256.addData(QByteArrayView(data, size));
    m_size += size;
    if (m_capture && !m_captureTooLarge) {
        if (m_size > m_maxCaptureSize) {
            m_captureTooLarge = true;
            m_captured = QByteArray();
        } else {
            m_captured.append(data, size);
        }
    }
}

QString formatBytes(qint64 bytes)
{
    if (bytes < 10 * 1024) {
        return u"%1 bytes"_s.arg(bytes);
    }
    if (bytes < 10LL * 1024 * 1024) {
        return u"%1 KiB"_s.arg(bytes / 1024);
    }
    if (bytes < 10LL * 1024 * 1024 * 1024) {
        return u"%1 MiB"_s.arg(bytes / (1024 * 1024));
    }
    return u"%1 GiB"_s.arg(bytes / (1024LL * 1024 * 1024));
}

QString describeContent(const QByteArray &head)
{
    if (head.startsWith("\x1f\x8b")) {
        return u"gzip-compressed data"_s;
    }
    if (head.startsWith("PK\x03\x04") || head.startsWith("PK\x05\x06")) {
        return u"a ZIP archive"_s;
    }
    if (head.startsWith("BZh")) {
        return u"bzip2-compressed data"_s;
    }
    if (head.startsWith("\xfd" "7zXZ")) {
        return u"xz-compressed data"_s;
    }
    if (head.startsWith("\x28\xb5\x2f\xfd")) {
        return u"zstd-compressed data"_s;
    }
    if (head.size() >= 262 && head.mid(257, 5) == "ustar") {
        return u"an uncompressed tar archive"_s;
    }
    if (head.startsWith("\x7f" "ELF")) {
        return u"an ELF executable"_s;
    }
    if (head.startsWith("%PDF")) {
        return u"a PDF document"_s;
    }
    const QByteArray start = head.left(512);
    const bool text = std::all_of(start.begin(), start.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x20 || byte == '\n' || byte == '\r' || byte == '\t';
    });
    if (text) {
        const QByteArray trimmed = start.trimmed().toLower();
        if (trimmed.startsWith("<!doctype html") || trimmed.startsWith("<html")) {
            return u"an HTML page (a download that returned an error page?)"_s;
        }
        return u"text"_s;
    }
    return u"unrecognised binary data"_s;
}

} // namespace Dist::Internal
