// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/check/distributionrules.h"

#include <QHash>
#include <QSet>
#include <QStringDecoder>

#include <algorithm>

#include "core/check/metadatarules.h"
#include "core/check/rules.h"
#include "core/dist/distfilename.h"
#include "core/metadata/name.h"
#include "core/metadata/version.h"

using namespace Qt::StringLiterals;

namespace Check {

namespace {

constexpr qint64 BombMinimumSize = 64LL * 1024 * 1024; // Warehouse COMPRESSION_RATIO_MIN_SIZE
constexpr qint64 BombRatio = 50;                        // Warehouse COMPRESSION_RATIO_THRESHOLD

QString oneLine(QString text)
{
    text.replace(u"\r\n"_s, u" "_s);
    text.replace(u'\n', u' ');
    text.replace(u'\r', u' ');
    return text.trimmed();
}

QString formatMegabytes(qint64 bytes)
{
    return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 1) + u" MiB"_s;
}

bool isAllDigits(QStringView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

// Splits "prefix_A_B_rest" into the pieces after the prefix; nullopt when the prefix differs.
std::optional<QStringList> splitAfterPrefix(const QString &tag, QLatin1StringView prefix, qsizetype numbers)
{
    if (!tag.startsWith(prefix)) {
        return std::nullopt;
    }
    const QString rest = tag.sliced(prefix.size());
    QStringList parts;
    qsizetype position = 0;
    for (qsizetype i = 0; i < numbers; ++i) {
        const qsizetype underscore = rest.indexOf(u'_', position);
        if (underscore < 0) {
            return std::nullopt;
        }
        const QString number = rest.sliced(position, underscore - position);
        if (!isAllDigits(number)) {
            return std::nullopt;
        }
        parts.append(number);
        position = underscore + 1;
    }
    parts.append(rest.sliced(position)); // the architecture (may contain '_')
    return parts;
}

// Rule for a Dist::Problem; nullopt when the check engine decides the matter itself.
std::optional<Rule> ruleForProblem(const Dist::Problem &problem, const Dist::Distribution &dist)
{
    using Code = Dist::Problem::Code;
    const bool zip = dist.format == Dist::ArchiveFormat::Zip;
    const bool wheel = dist.kind == Dist::DistKind::Wheel;
    switch (problem.code) {
    case Code::UnsafePath:
    case Code::ControlCharacterInName:
        return Rule::UnsafeMemberPath;
    case Code::NonUtf8MemberName:
    case Code::DuplicateMember:
        return zip ? Rule::ZipFraming : Rule::TarMember;
    case Code::ZipNameEncodingUnflagged:
    case Code::EncryptedMember:
    case Code::ZipDataDescriptor:
    case Code::ZipExtraData:
    case Code::ZipComment:
    case Code::LocalHeaderMismatch:
    case Code::OverlappingMembers:
        return Rule::ZipFraming;
    case Code::Symlink:
    case Code::Hardlink:
    case Code::SpecialMember:
        return Rule::SpecialMember;
    case Code::SparseMember:
        return Rule::TarMember;
    case Code::UnsupportedCompression:
        return zip ? Rule::CompressionMethod : Rule::TarMember;
    case Code::SizeMismatch:
    case Code::CrcMismatch:
    case Code::CorruptMember:
    case Code::TooManyMembers:
        return Rule::UnreadableArchive;
    case Code::CompressionBomb:
        return Rule::CompressionBomb;
    case Code::NotVerified:
        return std::nullopt; // the cause is reported on its own
    case Code::MultipleTopLevelEntries:
        return Rule::SdistTopLevel;
    case Code::TopLevelDirectoryMismatch:
        return Rule::SdistTopLevelName;
    case Code::DistInfoMissing:
        return std::nullopt; // wheels: SW110-SW112 name the exact paths PyPI looks at
    case Code::MultipleDistInfo:
    case Code::DistInfoNameMismatch:
        return Rule::DistInfoDirectory;
    case Code::MetadataMissing:
        return wheel ? std::nullopt : std::optional<Rule>(Rule::SdistMissingPkgInfo);
    case Code::MetadataTooLarge:
    case Code::MetadataMalformed:
        return Rule::MetadataUnparsable;
    case Code::MetadataNotUtf8:
        return Rule::MetadataNotUtf8;
    case Code::WheelFileMissing:
    case Code::RecordMissing:
        return std::nullopt; // SW111, SW112
    case Code::WheelFileMalformed:
        return Rule::WheelFileInvalid;
    case Code::RecordMalformed:
    case Code::RecordMissingHash:
    case Code::RecordWeakHash:
    case Code::RecordUnknownHashAlgorithm:
    case Code::RecordDuplicateEntry:
        return Rule::RecordMalformed;
    case Code::RecordHashMismatch:
        return Rule::RecordHashMismatch;
    case Code::RecordSizeMismatch:
        return Rule::RecordSizeMismatch;
    case Code::RecordEntryWithoutMember:
        return Rule::RecordExtraEntry;
    case Code::MemberNotInRecord:
        return Rule::RecordMissingMember;
    case Code::FilenameInvalid:
        return Rule::InvalidFilename;
    case Code::FilenameNotNormalized:
        return std::nullopt; // the file name rules below apply PyPI's exact rules
    }
    return std::nullopt;
}

class DistributionInspector
{
public:
    DistributionInspector(const Dist::Distribution &dist, const CheckOptions &options)
        : m_dist(dist)
        , m_options(options)
    {
    }

    Inspection run()
    {
        checkFilenameCharacters(m_dist.filename);
        checkProblems();
        if (m_dist.kind == Dist::DistKind::Wheel) {
            checkWheelFilename();
            checkWheelLayout();
        } else {
            checkSdistFilename();
            checkSdistLayout();
        }
        checkArchiveRatio();
        checkMetadataRules();
        checkLicenseFiles();
        checkDescription();
        checkSize();
        m_inspection.findings = std::move(m_findings);
        return std::move(m_inspection);
    }

private:
    void checkFilenameCharacters(const QString &filename)
    {
        for (QChar c : filename) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7f) {
                add(Rule::FilenameCharacters,
                    u"The file name contains a non-printable character (ordinals 0-31 or 127), which PyPI refuses"_s);
                return;
            }
            if (c == u'\\') {
                add(Rule::FilenameCharacters, u"The file name contains '\\', which PyPI refuses"_s);
                return;
            }
        }
    }

    void add(Rule rule, const QString &message, const QString &hint = {})
    {
        m_findings.append(makeFinding(rule, oneLine(message), hint));
    }

    void checkProblems()
    {
        QSet<QString> seen;
        for (const Dist::Problem &problem : m_dist.problems) {
            const auto rule = ruleForProblem(problem, m_dist);
            if (!rule) {
                continue;
            }
            const QString message = oneLine(problem.message);
            // Some problems are reported once per member and once for the archive.
            if (seen.contains(message)) {
                continue;
            }
            seen.insert(message);
            if (*rule == Rule::CompressionBomb) {
                m_bombReported = true;
            }
            add(*rule, message);
        }
    }

    // The metadata's name and version, when present and valid.
    std::optional<std::pair<QString, Metadata::Version>> metadataIdentity() const
    {
        if (!m_dist.metadata) {
            return std::nullopt;
        }
        const QString name = m_dist.metadata->name();
        const auto version = Metadata::Version::parse(m_dist.metadata->version());
        if (name.isEmpty() || !Metadata::isValidName(name) || !version) {
            return std::nullopt;
        }
        return std::pair{name, *version};
    }

    void checkWheelFilename()
    {
        if (!m_dist.parsedFilename || !m_dist.parsedFilename->wheel) {
            return; // FilenameInvalid was reported
        }
        const Dist::WheelFilename &wheel = *m_dist.parsedFilename->wheel;
        for (const Dist::FilenameNote &note : m_dist.parsedFilename->notes) {
            if (note.code == Dist::FilenameNote::Code::VersionNotNormalized ||
                note.code == Dist::FilenameNote::Code::TagNotLowercase) {
                add(Rule::FilenameSpelling, note.message);
            }
        }
        if (const auto identity = metadataIdentity()) {
            const auto &[name, version] = *identity;
            const QString normalized = Metadata::wheelNameComponent(name);
            if (Metadata::normalizeName(wheel.name) != Metadata::normalizeName(name)) {
                add(Rule::FilenameNameMismatch,
                    u"The file name starts with '%1', but the metadata Name is '%2' (start the file name with '%3')"_s.arg(
                        wheel.name, name, normalized));
            } else if (wheel.name != normalized) {
                add(Rule::FilenameNotNormalized,
                    u"Filename '%1' should contain the normalized project name '%2', not '%3'"_s.arg(
                        m_dist.filename, normalized, wheel.name));
            }
            if (wheel.parsedVersion != version) {
                add(Rule::FilenameVersionMismatch,
                    u"Version in filename should be '%1' not '%2'"_s.arg(version.toString(), wheel.version));
            }
        } else if (wheel.name != Metadata::wheelNameComponent(wheel.name)) {
            add(Rule::FilenameNotNormalized,
                u"Filename '%1' should contain the normalized project name '%2', not '%3'"_s.arg(
                    m_dist.filename, Metadata::wheelNameComponent(wheel.name), wheel.name));
        }
        QStringList reported;
        for (const QString &platform : wheel.platformTags) {
            if (!isPyPiPlatformTag(platform) && !reported.contains(platform)) {
                reported.append(platform);
                add(Rule::UnsupportedPlatformTag,
                    u"Binary wheel '%1' has an unsupported platform tag '%2'"_s.arg(m_dist.filename, platform),
                    platform.startsWith(u"linux_"_s)
                        ? u"Repair the wheel with auditwheel so it gets a manylinux or musllinux tag; PyPI refuses '%1'."_s.arg(platform)
                        : QString());
            }
        }
        if (m_dist.wheelInfo) {
            checkWheelTags(wheel, *m_dist.wheelInfo);
        }
    }

    void checkWheelTags(const Dist::WheelFilename &wheel, const Dist::WheelInfo &info)
    {
        if (info.tags.isEmpty()) {
            return; // WheelFileMalformed says so
        }
        const QStringList expected = wheel.tags();
        const QSet<QString> fromName(expected.cbegin(), expected.cend());
        const QSet<QString> fromWheel(info.tags.cbegin(), info.tags.cend());
        QStringList missing;
        for (const QString &tag : expected) {
            if (!fromWheel.contains(tag) && !missing.contains(tag)) {
                missing.append(tag);
            }
        }
        QStringList extra;
        for (const QString &tag : info.tags) {
            if (!fromName.contains(tag) && !extra.contains(tag)) {
                extra.append(tag);
            }
        }
        if (!missing.isEmpty()) {
            add(Rule::WheelTagsDisagree,
                u"WHEEL has no Tag line for %1, which the file name promises"_s.arg(missing.join(u", "_s)));
        }
        if (!extra.isEmpty()) {
            add(Rule::WheelTagsDisagree,
                u"WHEEL declares Tag %1, which the file name does not have"_s.arg(extra.join(u", "_s)));
        }
        if (info.build != wheel.buildTag) {
            add(Rule::WheelTagsDisagree,
                wheel.buildTag.isEmpty()
                    ? u"WHEEL declares Build %1, but the file name has no build tag"_s.arg(info.build)
                    : u"The file name has build tag %1, but WHEEL declares %2"_s.arg(
                          wheel.buildTag, info.build.isEmpty() ? u"none"_s : info.build));
        }
    }

    // The .dist-info directory PyPI looks in: the file name's first two parts, literally.
    QString pypiDistInfo() const
    {
        if (m_dist.parsedFilename) {
            return m_dist.parsedFilename->name() + u'-' + m_dist.parsedFilename->version() + u".dist-info"_s;
        }
        return m_dist.rootDirectory;
    }

    bool hasFile(const QString &path) const
    {
        const Dist::Member *member = m_dist.findMember(path);
        return member != nullptr && member->isFile();
    }

    void checkWheelLayout()
    {
        const QString distInfo = pypiDistInfo();
        if (distInfo.isEmpty()) {
            add(Rule::WheelMissingMetadata, u"The wheel has no .dist-info directory and no METADATA"_s);
            return;
        }
        if (!hasFile(distInfo + u"/METADATA"_s)) {
            add(Rule::WheelMissingMetadata,
                u"Wheel '%1' does not contain the required METADATA file: %2/METADATA"_s.arg(m_dist.filename, distInfo));
        }
        if (!hasFile(distInfo + u"/RECORD"_s)) {
            add(Rule::WheelMissingRecord,
                u"Wheel '%1' does not contain the required RECORD file: %2/RECORD"_s.arg(m_dist.filename, distInfo));
        }
        if (!hasFile(distInfo + u"/WHEEL"_s)) {
            add(Rule::WheelMissingWheelFile, u"WHEEL not found at %1/WHEEL"_s.arg(distInfo));
        }
        const QString entryPointsPath = distInfo + u"/entry_points.txt"_s;
        const auto entryPoints = m_dist.files.constFind(entryPointsPath);
        if (entryPoints != m_dist.files.constEnd()) {
            m_findings.append(checkEntryPoints(*entryPoints, entryPointsPath));
        }
    }

    void checkSdistFilename()
    {
        if (!m_dist.parsedFilename || !m_dist.parsedFilename->sdist) {
            return;
        }
        const Dist::SdistFilename &sdist = *m_dist.parsedFilename->sdist;
        if (sdist.format == Dist::ArchiveFormat::Zip) {
            add(Rule::SdistNotTarGz,
                u"'%1' is a .zip sdist; PyPI accepts only .tar.gz sdists named per PEP 625"_s.arg(m_dist.filename));
            return;
        }
        const auto identity = metadataIdentity();
        if (!identity) {
            return;
        }
        const auto &[name, version] = *identity;
        const QString expected = Dist::sdistFilenameFor(name, version);
        if (Metadata::normalizeName(sdist.name) != Metadata::normalizeName(name)) {
            add(Rule::FilenameNameMismatch,
                u"The file name starts with '%1', but the metadata Name is '%2' (the file must be '%3')"_s.arg(
                    sdist.name, name, expected));
        } else if (sdist.parsedVersion != version) {
            add(Rule::FilenameVersionMismatch,
                u"Version in filename should be '%1' not '%2' (the file must be '%3')"_s.arg(version.toString(), sdist.version,
                                                                                            expected));
        } else if (m_dist.filename != expected) {
            add(Rule::FilenameNotNormalized,
                u"Filename '%1' is invalid, should be '%2'"_s.arg(m_dist.filename, expected));
        }
    }

    void checkSdistLayout()
    {
        const QString root = m_dist.rootDirectory;
        if (root.isEmpty()) {
            if (!m_dist.hasProblem(Dist::Problem::Code::MetadataMissing)) {
                add(Rule::SdistMissingPkgInfo, u"The sdist has no top-level directory with a PKG-INFO"_s);
            }
            return;
        }
        if (!hasFile(root + u"/pyproject.toml"_s)) {
            add(Rule::SdistMissingPyproject, u"The sdist has no %1/pyproject.toml"_s.arg(root));
        }
    }

    void checkArchiveRatio()
    {
        if (m_bombReported || m_dist.size <= 0) {
            return;
        }
        if (m_dist.uncompressedSize > BombMinimumSize && m_dist.uncompressedSize > BombRatio * m_dist.size) {
            add(Rule::CompressionBomb,
                u"File exceeds compression ratio of 50: %1 expand to %2"_s.arg(formatMegabytes(m_dist.size),
                                                                                formatMegabytes(m_dist.uncompressedSize)));
        }
    }

    void checkMetadataRules()
    {
        if (!m_dist.metadata) {
            return;
        }
        MetadataContext context;
        context.isSdist = m_dist.kind == Dist::DistKind::Sdist;
        m_findings.append(checkMetadata(*m_dist.metadata, context));
    }

    void checkLicenseFiles()
    {
        if (!m_dist.metadata) {
            return;
        }
        const auto declared = Metadata::Version::parse(m_dist.metadata->metadataVersion().trimmed());
        // Uploaders send License-File only from 2.4 on (SW205 covers older versions).
        if (!declared || *declared < Metadata::Version::parse(u"2.4").value()) {
            return;
        }
        const bool wheel = m_dist.kind == Dist::DistKind::Wheel;
        const QString base = wheel ? QString(pypiDistInfo() + u"/licenses/"_s) : QString(m_dist.rootDirectory + u'/');
        if (base.size() <= 1) {
            return;
        }
        for (const QString &path : m_dist.metadata->values(u"License-File")) {
            if (path.isEmpty() || isPlaceholderValue(path) || path.contains(u".."_s) || path.contains(u'*')) {
                continue; // SW229 covers invalid paths
            }
            if (!hasFile(base + path)) {
                add(Rule::LicenseFileMissing,
                    u"License-File %1 does not exist in distribution file %2 at %3"_s.arg(path, m_dist.filename, base + path));
            }
        }
    }

    void checkDescription()
    {
        if (!m_dist.metadata) {
            return;
        }
        const Metadata::CoreMetadata &metadata = *m_dist.metadata;
        const QString contentType = metadata.value(u"Description-Content-Type").trimmed();
        if (contentType.isEmpty()) {
            add(Rule::ContentTypeMissing, u"Description-Content-Type is missing; PyPI renders the description as reStructuredText"_s);
        }
        const QString description = metadata.description();
        if (description.trimmed().isEmpty() || description.trimmed() == u"UNKNOWN"_s) {
            add(Rule::DescriptionMissing, u"The long description (the README) is missing"_s);
            return;
        }
        m_inspection.description = DescriptionSource{description, contentType};
    }

    void checkSize()
    {
        if (m_dist.size > m_options.maxFileSize) {
            add(Rule::FileTooLarge, u"The file is %1; PyPI's default limit is %2 per file"_s.arg(
                                        formatMegabytes(m_dist.size), formatMegabytes(m_options.maxFileSize)));
        }
    }

    const Dist::Distribution &m_dist;
    const CheckOptions &m_options;
    QList<Finding> m_findings;
    Inspection m_inspection;
    bool m_bombReported = false;
};

// Python's str.isalnum() or '_', '.', '-' ([\w.-] with re.UNICODE).
bool isEntryPointNameCharacter(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'.' || c == u'-';
}

} // namespace

Inspection inspectDistribution(const Dist::Distribution &distribution, const CheckOptions &options)
{
    return DistributionInspector(distribution, options).run();
}

QList<Finding> readErrorFindings(const Dist::ReadError &error)
{
    using Code = Dist::ReadError::Code;
    QList<Finding> findings;
    switch (error.code) {
    case Code::Canceled:
        return findings;
    case Code::UnknownKind:
        findings.append(makeFinding(Rule::InvalidFilename,
                                    oneLine(u"Invalid file extension: %1 (use .tar.gz, .whl or .zip)"_s.arg(error.message))));
        return findings;
    default:
        break;
    }
    findings.append(makeFinding(Rule::UnreadableArchive, oneLine(error.message)));
    if (error.size > PyPiMaxFileSize) {
        findings.append(makeFinding(Rule::FileTooLarge, u"The file is %1; PyPI's default limit is %2 per file"_s.arg(
                                                            formatMegabytes(error.size), formatMegabytes(PyPiMaxFileSize))));
    }
    return findings;
}

QList<Finding> checkEntryPoints(const QByteArray &bytes, const QString &memberPath)
{
    QList<Finding> findings;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    if (decoder.hasError()) {
        findings.append(makeFinding(Rule::EntryPointsInvalid, u"%1 is not decodable as UTF-8"_s.arg(memberPath)));
        return findings;
    }
    auto invalid = [&findings, &memberPath](int line, const QString &what) {
        findings.append(makeFinding(Rule::EntryPointsInvalid,
                                    u"%1 is not a valid INI file: line %2: %3"_s.arg(memberPath).arg(line).arg(what)));
    };

    // Python's configparser.ConfigParser(delimiters=("=",)) with optionxform=str, strict=True.
    QString section;
    bool haveSection = false;
    QString option;
    int indentLevel = 0;
    QSet<QString> sections;
    QSet<QString> options; // "section\x1foption"
    QHash<QString, QList<std::pair<QString, int>>> names; // section -> (option, line)
    const QStringList lines = text.split(u'\n');
    for (qsizetype index = 0; index < lines.size(); ++index) {
        const int lineNumber = static_cast<int>(index) + 1;
        QString line = lines.at(index);
        if (line.endsWith(u'\r')) {
            line.chop(1);
        }
        const QString value = line.trimmed();
        if (value.isEmpty() || value.startsWith(u'#') || value.startsWith(u';')) {
            // With empty_lines_in_values (the default) neither ends a multi-line value.
            continue;
        }
        int currentIndent = 0;
        while (currentIndent < line.size() && line.at(currentIndent).isSpace()) {
            ++currentIndent;
        }
        if (haveSection && !option.isEmpty() && currentIndent > indentLevel) {
            continue; // a continuation line of the previous value
        }
        indentLevel = currentIndent;
        if (value.startsWith(u'[')) {
            const qsizetype close = value.lastIndexOf(u']');
            if (close > 1) {
                section = value.sliced(1, close - 1);
                if (sections.contains(section)) {
                    invalid(lineNumber, u"section '%1' already exists"_s.arg(section));
                    return findings;
                }
                sections.insert(section);
                haveSection = true;
                option.clear();
                continue;
            }
        }
        if (!haveSection) {
            invalid(lineNumber, u"'%1' comes before any [section] header"_s.arg(value));
            return findings;
        }
        const qsizetype equals = value.indexOf(u'=');
        if (equals < 0) {
            invalid(lineNumber, u"'%1' is not 'name = value'"_s.arg(value));
            return findings;
        }
        option = value.first(equals).trimmed();
        if (option.isEmpty()) {
            invalid(lineNumber, u"'%1' has no name before '='"_s.arg(value));
            return findings;
        }
        const QString key = section + QChar(0x1f) + option;
        if (options.contains(key)) {
            invalid(lineNumber, u"option '%1' in section '%2' already exists"_s.arg(option, section));
            return findings;
        }
        options.insert(key);
        names[section].append({option, lineNumber});
    }
    for (const QString &group : {u"console_scripts"_s, u"gui_scripts"_s}) {
        for (const auto &[name, line] : names.value(group)) {
            if (!std::all_of(name.cbegin(), name.cend(), isEntryPointNameCharacter)) {
                findings.append(makeFinding(
                    Rule::EntryPointName,
                    u"Invalid entry point name '%1' in '%2' (%3 line %4)"_s.arg(name, group, memberPath).arg(line)));
            }
        }
    }
    return findings;
}

bool isPyPiPlatformTag(const QString &tag)
{
    static const QSet<QString> fixed{
        u"any"_s,
        u"win32"_s,
        u"win_arm64"_s,
        u"win_amd64"_s,
        u"win_ia64"_s,
        u"manylinux1_x86_64"_s,
        u"manylinux1_i686"_s,
        u"manylinux2010_x86_64"_s,
        u"manylinux2010_i686"_s,
        u"manylinux2014_x86_64"_s,
        u"manylinux2014_i686"_s,
        u"manylinux2014_aarch64"_s,
        u"manylinux2014_armv7l"_s,
        u"manylinux2014_ppc64"_s,
        u"manylinux2014_ppc64le"_s,
        u"manylinux2014_s390x"_s,
        u"linux_armv6l"_s,
        u"linux_armv7l"_s,
    };
    static const QSet<QString> macArches{u"ppc"_s,   u"ppc64"_s,  u"i386"_s,  u"x86_64"_s,    u"arm64"_s,     u"intel"_s,
                                         u"fat"_s,   u"fat3"_s,   u"fat64"_s, u"universal"_s, u"universal2"_s};
    static const QSet<QString> macMajors{u"11"_s, u"12"_s, u"13"_s, u"14"_s, u"15"_s, u"26"_s};
    static const QSet<QString> linuxArches{u"x86_64"_s,  u"i686"_s,  u"aarch64"_s, u"armv7l"_s,
                                           u"ppc64le"_s, u"s390x"_s, u"riscv64"_s};
    static const QSet<QString> iosArches{u"arm64"_s, u"x86_64"_s};
    static const QSet<QString> androidArches{u"armeabi_v7a"_s, u"arm64_v8a"_s, u"x86"_s, u"x86_64"_s};

    if (fixed.contains(tag)) {
        return true;
    }
    if (const auto parts = splitAfterPrefix(tag, "macosx_"_L1, 2)) {
        const QString &major = parts->at(0);
        const QString &minor = parts->at(1);
        const QString &arch = parts->at(2);
        return macArches.contains(arch) && (major == u"10"_s || (macMajors.contains(major) && minor == u"0"_s));
    }
    if (const auto parts = splitAfterPrefix(tag, "manylinux_"_L1, 2)) {
        return linuxArches.contains(parts->at(2)) || parts->at(2) == u"ppc64"_s;
    }
    if (const auto parts = splitAfterPrefix(tag, "musllinux_"_L1, 2)) {
        return linuxArches.contains(parts->at(2));
    }
    if (const auto parts = splitAfterPrefix(tag, "ios_"_L1, 2)) {
        const QString &rest = parts->at(2); // "{arch}_{iphoneos|iphonesimulator}"
        for (const QString &suffix : {u"_iphoneos"_s, u"_iphonesimulator"_s}) {
            if (rest.endsWith(suffix)) {
                return iosArches.contains(rest.chopped(suffix.size()));
            }
        }
        return false;
    }
    if (const auto parts = splitAfterPrefix(tag, "android_"_L1, 1)) {
        return androidArches.contains(parts->at(1));
    }
    if (const auto parts = splitAfterPrefix(tag, "pyemscripten_"_L1, 2)) {
        return parts->at(2) == u"wasm32"_s;
    }
    return false;
}

} // namespace Check
