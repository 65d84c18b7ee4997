// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dist/distribution.h"

#include <QFileInfo>
#include <QSet>

#include <algorithm>
#include <thread>

#include "core/dist/archivescanner.h"

using namespace Qt::StringLiterals;

namespace Dist {

namespace {

const QStringList WheelMetadataFiles = {u"METADATA"_s, u"WHEEL"_s, u"RECORD"_s, u"entry_points.txt"_s};
const QStringList SdistMetadataFiles = {u"PKG-INFO"_s, u"pyproject.toml"_s, u"setup.cfg"_s};
// Files RECORD does not (and cannot) list with a hash.
const QStringList UnhashedRecordFiles = {u"RECORD"_s, u"RECORD.jws"_s, u"RECORD.p7s"_s};
constexpr qsizetype MaxRecordIssuesReported = 50;

QString firstComponent(const QString &path)
{
    const qsizetype slash = path.indexOf(u'/');
    return slash < 0 ? path : path.first(slash);
}

// The part after the first '/', or "" for a top-level name.
QString rest(const QString &path)
{
    const qsizetype slash = path.indexOf(u'/');
    return slash < 0 ? QString() : path.sliced(slash + 1);
}

ReadError withFile(ReadError error, qint64 size, const std::optional<FileDigests> &digests)
{
    error.size = size;
    error.digests = digests;
    return error;
}

class Analyzer
{
public:
    Analyzer(Distribution &distribution, Internal::ScanResult &scan, const ReadOptions &options)
        : m_dist(distribution)
        , m_scan(scan)
        , m_options(options)
    {
        for (qsizetype i = 0; i < m_dist.members.size(); ++i) {
            m_firstIndex.insert(m_dist.members[i].path, i);
        }
        for (auto it = m_scan.captured.cbegin(); it != m_scan.captured.cend(); ++it) {
            m_dist.files.insert(m_dist.members[it.key()].path, it.value());
        }
    }

    void analyzeWheel(const Internal::ScanOptions &scanOptions);
    void analyzeSdist();

private:
    void problem(Problem::Code code, const QString &member, const QString &message)
    {
        m_dist.problems.append({code, member, message});
    }
    std::optional<qsizetype> memberIndex(const QString &path) const
    {
        const auto it = m_firstIndex.constFind(path);
        return it == m_firstIndex.constEnd() ? std::nullopt : std::optional<qsizetype>(*it);
    }
    // The captured bytes of a metadata file, or nullopt with a problem reported.
    std::optional<QByteArray> metadataFile(const QString &path, Problem::Code missingCode, const QString &missingMessage);
    void readCoreMetadata(const QString &path);
    void verifyRecord(const QString &recordPath, const Internal::ScanOptions &scanOptions);

    Distribution &m_dist;
    Internal::ScanResult &m_scan;
    const ReadOptions &m_options;
    QHash<QString, qsizetype> m_firstIndex;
};

std::optional<QByteArray> Analyzer::metadataFile(const QString &path, Problem::Code missingCode,
                                                 const QString &missingMessage)
{
    const auto index = memberIndex(path);
    if (!index || !m_dist.members[*index].isFile()) {
        problem(missingCode, path, missingMessage);
        return std::nullopt;
    }
    if (m_scan.captureTooLarge.contains(*index)) {
        problem(Problem::Code::MetadataTooLarge, path,
                u"%1 is larger than %2; it was not read."_s.arg(path, Internal::formatBytes(m_options.maxMetadataFileSize)));
        return std::nullopt;
    }
    const auto captured = m_scan.captured.constFind(*index);
    if (captured == m_scan.captured.constEnd()) {
        // Listed but unreadable: the scanner has reported why.
        return std::nullopt;
    }
    return *captured;
}

void Analyzer::readCoreMetadata(const QString &path)
{
    const auto bytes = metadataFile(path, Problem::Code::MetadataMissing,
                                    u"The %1 has no %2 file, so it has no name, version or description."_s.arg(
                                        distKindName(m_dist.kind), path));
    if (!bytes) {
        return;
    }
    m_dist.metadataPath = path;
    m_dist.metadataBytes = *bytes;
    auto parsed = Metadata::CoreMetadata::parse(*bytes);
    if (parsed) {
        m_dist.metadata = std::move(*parsed);
        return;
    }
    const Metadata::MetadataError &error = parsed.error();
    m_dist.metadataError = error;
    switch (error.code) {
    case Metadata::MetadataError::Code::NotUtf8:
        problem(Problem::Code::MetadataNotUtf8, path,
                u"%1 is not valid UTF-8: %2 Core metadata must be UTF-8."_s.arg(path, error.message));
        break;
    case Metadata::MetadataError::Code::TooLarge:
        problem(Problem::Code::MetadataTooLarge, path, u"%1: %2"_s.arg(path, error.message));
        break;
    default:
        problem(Problem::Code::MetadataMalformed, path, u"%1 cannot be parsed: %2"_s.arg(path, error.message));
        break;
    }
}

void Analyzer::analyzeWheel(const Internal::ScanOptions &scanOptions)
{
    // The .dist-info directory Warehouse and installers use is named after the file name's
    // first two parts, literally.
    const QString expected = m_dist.parsedFilename
        ? m_dist.parsedFilename->name() + u'-' + m_dist.parsedFilename->version() + u".dist-info"
        : QString();
    QStringList candidates;
    for (const Member &member : std::as_const(m_dist.members)) {
        const QString top = firstComponent(member.path);
        if (top.endsWith(u".dist-info") && !candidates.contains(top)) {
            candidates.append(top);
        }
    }
    QString chosen;
    if (candidates.isEmpty()) {
        problem(Problem::Code::DistInfoMissing, QString(),
                expected.isEmpty() ? u"The wheel has no .dist-info directory."_s
                                   : u"The wheel has no %1 directory (nor any other .dist-info directory)."_s.arg(expected));
        return;
    }
    if (candidates.contains(expected)) {
        chosen = expected;
    } else {
        chosen = candidates.first();
        if (!expected.isEmpty()) {
            problem(Problem::Code::DistInfoNameMismatch, chosen,
                    u"The metadata directory is %1, but the file name calls for %2; installers and PyPI look for "
                    "%2."_s.arg(chosen, expected));
        }
    }
    if (candidates.size() > 1) {
        problem(Problem::Code::MultipleDistInfo, QString(),
                u"The wheel has %1 .dist-info directories (%2); it must have exactly one. Using %3."_s.arg(
                    QString::number(candidates.size()), candidates.join(u", "_s), chosen));
    }
    m_dist.rootDirectory = chosen;

    readCoreMetadata(chosen + u"/METADATA");

    const QString wheelPath = chosen + u"/WHEEL";
    if (const auto bytes = metadataFile(wheelPath, Problem::Code::WheelFileMissing,
                                        u"The wheel has no %1 file, so installers cannot tell its format version."_s.arg(
                                            wheelPath))) {
        m_dist.wheelInfo = WheelInfo::parse(*bytes);
        for (const QString &issue : std::as_const(m_dist.wheelInfo->issues)) {
            problem(Problem::Code::WheelFileMalformed, wheelPath, u"%1: %2"_s.arg(wheelPath, issue));
        }
    }

    const QString recordPath = chosen + u"/RECORD";
    if (const auto bytes = metadataFile(recordPath, Problem::Code::RecordMissing,
                                        u"The wheel has no %1 file, so none of its files can be verified."_s.arg(
                                            recordPath))) {
        m_dist.record = Record::parse(*bytes);
        verifyRecord(recordPath, scanOptions);
    }
}

void Analyzer::verifyRecord(const QString &recordPath, const Internal::ScanOptions &scanOptions)
{
    const Record &record = *m_dist.record;
    qsizetype reported = 0;
    for (const RecordIssue &issue : record.issues) {
        if (issue.code == RecordIssue::Code::UnknownHashAlgorithm) {
            continue; // reported per row below
        }
        if (reported++ == MaxRecordIssuesReported) {
            problem(Problem::Code::RecordMalformed, recordPath,
                    u"%1 has %2 malformed rows; only the first %3 are listed."_s.arg(recordPath)
                        .arg(record.issues.size())
                        .arg(MaxRecordIssuesReported));
            break;
        }
        problem(Problem::Code::RecordMalformed, recordPath, u"%1: %2"_s.arg(recordPath, issue.message));
    }

    const QString distInfo = m_dist.rootDirectory + u'/';
    for (Member &member : m_dist.members) {
        if (member.type != Member::Type::Directory) {
            member.recordStatus = RecordStatus::NotListed;
        }
    }

    QHash<QString, qsizetype> rows; // path -> entry index
    QHash<qsizetype, HashAlgorithm> otherAlgorithms; // member index -> algorithm
    QList<qsizetype> otherAlgorithmRows;
    for (qsizetype row = 0; row < record.entries.size(); ++row) {
        const RecordEntry &entry = record.entries[row];
        if (rows.contains(entry.path)) {
            problem(Problem::Code::RecordDuplicateEntry, entry.path,
                    u"RECORD lists %1 twice (lines %2 and %3)."_s.arg(entry.path)
                        .arg(record.entries[rows.value(entry.path)].line)
                        .arg(entry.line));
            continue;
        }
        rows.insert(entry.path, row);
        const auto index = memberIndex(entry.path);
        if (!index || m_dist.members[*index].type == Member::Type::Directory) {
            problem(Problem::Code::RecordEntryWithoutMember, entry.path,
                    u"RECORD lists %1 (line %2), but the wheel has no such file."_s.arg(entry.path).arg(entry.line));
            continue;
        }
        const bool unhashed = entry.path.startsWith(distInfo) && UnhashedRecordFiles.contains(entry.path.sliced(distInfo.size()));
        if (entry.hash.isEmpty()) {
            if (!unhashed) {
                problem(Problem::Code::RecordMissingHash, entry.path,
                        u"RECORD has no hash for %1 (line %2); every file but RECORD itself needs one."_s.arg(entry.path)
                            .arg(entry.line));
            }
        } else if (!entry.algorithm) {
            problem(Problem::Code::RecordUnknownHashAlgorithm, entry.path,
                    u"RECORD uses the unknown hash algorithm '%1' for %2 (line %3); use sha256."_s.arg(
                        entry.hashAlgorithmName, entry.path)
                        .arg(entry.line));
        } else if (isWeakHashAlgorithm(*entry.algorithm)) {
            problem(Problem::Code::RecordWeakHash, entry.path,
                    u"RECORD uses %1 for %2 (line %3); md5 and sha1 are forbidden, use sha256."_s.arg(
                        entry.hashAlgorithmName, entry.path)
                        .arg(entry.line));
        }
        if (entry.algorithm && !entry.digest.isEmpty() && *entry.algorithm != HashAlgorithm::Sha256) {
            for (qsizetype i = *index; i < m_dist.members.size(); ++i) {
                if (m_dist.members[i].path == entry.path && m_dist.members[i].readSize >= 0) {
                    otherAlgorithms.insert(i, *entry.algorithm);
                }
            }
        }
    }

    const QHash<qsizetype, QByteArray> otherDigests =
        m_dist.format == ArchiveFormat::Zip ? Internal::hashZipMembers(m_dist.path, otherAlgorithms, scanOptions)
                                            : QHash<qsizetype, QByteArray>();

    for (qsizetype i = 0; i < m_dist.members.size(); ++i) {
        Member &member = m_dist.members[i];
        if (member.type == Member::Type::Directory) {
            continue;
        }
        const auto row = rows.constFind(member.path);
        if (row == rows.constEnd()) {
            const bool unhashed =
                member.path.startsWith(distInfo) && UnhashedRecordFiles.contains(member.path.sliced(distInfo.size()));
            if (!unhashed) {
                problem(Problem::Code::MemberNotInRecord, member.path,
                        u"%1 is in the wheel but not in RECORD, so installers cannot verify it."_s.arg(member.path));
            }
            continue;
        }
        const RecordEntry &entry = record.entries[*row];
        const bool contentRead = member.readSize >= 0 && !member.sha256.isEmpty();
        const qint64 actualSize = member.readSize >= 0 ? member.readSize : member.size;
        const bool sizeMatches = !entry.size || *entry.size == actualSize;
        if (!sizeMatches) {
            problem(Problem::Code::RecordSizeMismatch, member.path,
                    u"RECORD says %1 has %2 bytes (line %3), but it has %4."_s.arg(member.path)
                        .arg(*entry.size)
                        .arg(entry.line)
                        .arg(actualSize));
        }
        if (entry.digest.isEmpty() || !entry.algorithm) {
            member.recordStatus = sizeMatches ? RecordStatus::NoHash : RecordStatus::SizeMismatch;
            continue;
        }
        if (!contentRead) {
            member.recordStatus = RecordStatus::NotVerified;
            continue;
        }
        QByteArray digest;
        if (*entry.algorithm == HashAlgorithm::Sha256) {
            digest = member.sha256;
        } else if (const auto other = otherDigests.constFind(i); other != otherDigests.constEnd()) {
            digest = *other;
        } else {
            member.recordStatus = RecordStatus::NotVerified;
            continue;
        }
        const bool hashMatches = digest == entry.digest;
        if (!hashMatches) {
            problem(Problem::Code::RecordHashMismatch, member.path,
                    u"The %1 of %2 does not match RECORD (line %3): RECORD says %4, the file has %5. The file was "
                    "changed after RECORD was written."_s.arg(entry.hashAlgorithmName, member.path)
                        .arg(entry.line)
                        .arg(entry.hash, recordHash(*entry.algorithm, digest)));
        }
        member.recordStatus = hashMatches ? (sizeMatches ? RecordStatus::Verified : RecordStatus::SizeMismatch)
                                          : (sizeMatches ? RecordStatus::HashMismatch : RecordStatus::HashAndSizeMismatch);
    }
}

void Analyzer::analyzeSdist()
{
    QStringList tops;
    QSet<QString> topsWithChildren;
    for (const Member &member : std::as_const(m_dist.members)) {
        const QString top = firstComponent(member.path);
        if (!tops.contains(top)) {
            tops.append(top);
        }
        if (member.path.size() > top.size()) {
            topsWithChildren.insert(top);
        }
    }
    const QString expected =
        m_dist.parsedFilename ? m_dist.parsedFilename->name() + u'-' + m_dist.parsedFilename->version() : QString();

    QString root;
    if (tops.size() == 1 && topsWithChildren.contains(tops.first())) {
        root = tops.first();
    } else {
        QStringList shown = tops.mid(0, 5);
        if (tops.size() > 5) {
            shown.append(u"..."_s);
        }
        problem(Problem::Code::MultipleTopLevelEntries, QString(),
                tops.size() == 1
                    ? u"The sdist has no top-level directory; all its files must be inside one directory, %1."_s.arg(
                          expected.isEmpty() ? u"{name}-{version}"_s : expected)
                    : u"The sdist has %1 top-level entries (%2); it must have exactly one directory, %3."_s.arg(
                          QString::number(tops.size()), shown.join(u", "_s),
                          expected.isEmpty() ? u"{name}-{version}"_s : expected));
        // Still find the metadata: prefer the expected directory, then any with a PKG-INFO.
        if (topsWithChildren.contains(expected)) {
            root = expected;
        } else {
            for (const QString &top : std::as_const(tops)) {
                if (memberIndex(top + u"/PKG-INFO")) {
                    root = top;
                    break;
                }
            }
        }
    }
    if (!root.isEmpty() && !expected.isEmpty() && root != expected) {
        problem(Problem::Code::TopLevelDirectoryMismatch, root,
                u"The top-level directory is %1, but the file name calls for %2."_s.arg(root, expected));
    }
    m_dist.rootDirectory = root;
    if (root.isEmpty()) {
        if (!m_dist.hasProblem(Problem::Code::MetadataMissing)) {
            problem(Problem::Code::MetadataMissing, QString(),
                    u"The sdist has no {name}-{version}/PKG-INFO file, so it has no name, version or description."_s);
        }
        return;
    }
    readCoreMetadata(root + u"/PKG-INFO");
}

} // namespace

QString Distribution::name() const
{
    if (metadata && !metadata->name().isEmpty()) {
        return metadata->name();
    }
    return parsedFilename ? parsedFilename->name() : QString();
}

QString Distribution::version() const
{
    if (metadata && !metadata->version().isEmpty()) {
        return metadata->version();
    }
    return parsedFilename ? parsedFilename->version() : QString();
}

const Member *Distribution::findMember(QStringView memberPath) const
{
    const auto it = std::find_if(members.begin(), members.end(),
                                 [memberPath](const Member &member) { return member.path == memberPath; });
    return it == members.end() ? nullptr : &*it;
}

bool Distribution::hasProblem(Problem::Code code) const
{
    return std::any_of(problems.begin(), problems.end(), [code](const Problem &p) { return p.code == code; });
}

QList<Problem> Distribution::problemsWith(Problem::Code code) const
{
    QList<Problem> matching;
    std::copy_if(problems.begin(), problems.end(), std::back_inserter(matching),
                 [code](const Problem &p) { return p.code == code; });
    return matching;
}

bool Distribution::hasErrors() const
{
    return std::any_of(problems.begin(), problems.end(),
                       [](const Problem &p) { return p.severity() == Problem::Severity::Error; });
}

std::expected<Distribution, ReadError> readDistribution(const QString &path, const ReadOptions &options)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        return std::unexpected(ReadError{ReadError::Code::NotFound, u"%1 does not exist."_s.arg(path)});
    }
    if (!info.isFile()) {
        return std::unexpected(ReadError{ReadError::Code::NotAFile, u"%1 is not a file."_s.arg(path)});
    }

    Distribution dist;
    dist.path = path;
    dist.filename = info.fileName();
    dist.size = info.size();

    auto parsed = parseDistFilename(dist.filename);
    std::optional<ArchiveFormat> format = options.format;
    std::optional<DistKind> kind = options.kind;
    if (parsed) {
        dist.parsedFilename = *parsed;
        kind = kind.value_or(parsed->kind);
        format = format.value_or(parsed->format());
        for (const FilenameNote &note : std::as_const(parsed->notes)) {
            dist.problems.append({Problem::Code::FilenameNotNormalized, QString(), note.message});
        }
    } else {
        if (!kind) {
            if (dist.filename.endsWith(u".whl"_s)) {
                kind = DistKind::Wheel;
            } else if (archiveFormatForFilename(dist.filename)) {
                kind = DistKind::Sdist;
            }
        }
        if (!format) {
            format = archiveFormatForFilename(dist.filename);
        }
        if (!kind || !format) {
            return std::unexpected(ReadError{ReadError::Code::UnknownKind, parsed.error().message, dist.size});
        }
        dist.problems.append({Problem::Code::FilenameInvalid, QString(), parsed.error().message});
    }
    if (!format) {
        format = *kind == DistKind::Wheel ? ArchiveFormat::Zip : ArchiveFormat::TarGz;
    }
    dist.kind = *kind;
    dist.format = *format;

    if (dist.size == 0) {
        DigestAccumulator empty;
        return std::unexpected(ReadError{ReadError::Code::Empty,
                                         u"%1 is empty (0 bytes): it is not a %2. Build it again."_s.arg(
                                             path, dist.kind == DistKind::Wheel ? u"wheel"_s : u"sdist"_s),
                                         0, empty.result()});
    }

    // For large files the whole-file digests run on helper threads beside the archive reading
    // (the file is in the page cache for the second reader); small files are hashed inline,
    // where starting threads would cost more than it saves.
    constexpr qint64 ParallelDigestMinimumSize = 8 * 1024 * 1024;
    // Four of these in flight per file; larger reads save no measurable time.
    constexpr qint64 DigestBufferSize = 256 * 1024;
    const bool parallelDigests = dist.size >= ParallelDigestMinimumSize;
    std::optional<std::expected<FileDigests, DigestError>> digestResult;
    std::thread digestThread;
    if (options.computeDigests && parallelDigests) {
        digestThread = std::thread([&digestResult, &path, &options] {
            digestResult = computeFileDigests(path, DigestOptions{DigestBufferSize, true, options.cancel});
        });
    }

    Internal::ScanOptions scanOptions;
    const QStringList &standardFiles = dist.kind == DistKind::Wheel ? WheelMetadataFiles : SdistMetadataFiles;
    const bool wheel = dist.kind == DistKind::Wheel;
    scanOptions.capture = [&standardFiles, &options, wheel](const QString &memberPath) {
        const QString top = firstComponent(memberPath);
        if (wheel && !top.endsWith(u".dist-info")) {
            return false;
        }
        const QString inner = rest(memberPath);
        return !inner.isEmpty() && (standardFiles.contains(inner) || options.extraFiles.contains(inner));
    };
    scanOptions.maxCaptureSize = options.maxMetadataFileSize;
    scanOptions.maxCaptureTotal = 2 * options.maxMetadataFileSize;
    scanOptions.maxMembers = options.maxMembers;
    scanOptions.inflateBudget = options.inflateBudget >= 0
        ? options.inflateBudget
        : std::max(Internal::BombMinimumSize, Internal::BombRatio * dist.size);
    scanOptions.skipBombMembers = options.skipBombMembers;
    scanOptions.readContents = options.verifyContents;
    scanOptions.cancel = options.cancel;

    auto scan = dist.format == ArchiveFormat::Zip ? Internal::scanZip(path, dist.size, scanOptions)
                                                  : Internal::scanTar(path, dist.size, scanOptions);
    if (digestThread.joinable()) {
        digestThread.join();
    } else if (options.computeDigests) {
        digestResult = computeFileDigests(path, DigestOptions{DigestBufferSize, false, options.cancel});
    }
    if (digestResult) {
        if (!*digestResult) {
            const DigestError &error = digestResult->error();
            return std::unexpected(ReadError{error.code == DigestError::Code::Canceled ? ReadError::Code::Canceled
                                                                                         : ReadError::Code::ReadFailed,
                                             error.message, dist.size});
        }
        dist.digests = **digestResult;
    }
    if (!scan) {
        return std::unexpected(withFile(scan.error(), dist.size, dist.digests));
    }

    dist.members = std::move(scan->members);
    for (const Member &member : std::as_const(dist.members)) {
        if (member.isFile()) {
            dist.uncompressedSize += member.size;
        }
    }
    dist.problems.append(scan->problems);
    scan->members.clear();

    Analyzer analyzer(dist, *scan, options);
    if (dist.kind == DistKind::Wheel) {
        analyzer.analyzeWheel(scanOptions);
    } else {
        analyzer.analyzeSdist();
    }
    return dist;
}

} // namespace Dist
