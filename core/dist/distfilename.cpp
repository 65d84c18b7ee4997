// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dist/distfilename.h"

#include <algorithm>

#include "core/metadata/name.h"

using namespace Qt::StringLiterals;

namespace Dist {

namespace {

constexpr QLatin1StringView WheelExtension(".whl");
constexpr QLatin1StringView TarGzExtension(".tar.gz");
constexpr QLatin1StringView ZipExtension(".zip");
// Formats old tools produced that PyPI no longer accepts and Slipway does not read.
constexpr QLatin1StringView LegacyExtensions[] = {QLatin1StringView(".tar.bz2"), QLatin1StringView(".tar.xz"),
                                                  QLatin1StringView(".tar.Z"), QLatin1StringView(".tgz"),
                                                  QLatin1StringView(".tbz"), QLatin1StringView(".tar")};

QStringView baseName(QStringView path)
{
    const qsizetype slash = std::max(path.lastIndexOf(u'/'), path.lastIndexOf(u'\\'));
    return slash < 0 ? path : path.sliced(slash + 1);
}

FilenameError error(FilenameError::Code code, QStringView filename, const QString &what)
{
    return {code, u"%1 is not a valid distribution file name: %2"_s.arg(filename, what)};
}

bool isTagCharacter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_';
}

std::expected<QStringList, FilenameError> parseTagSet(QStringView filename, QStringView part, const char *role)
{
    QStringList tags;
    for (QStringView tag : part.split(u'.')) {
        if (tag.isEmpty()) {
            return std::unexpected(error(FilenameError::Code::InvalidTag, filename,
                                         u"the %1 tag set '%2' has an empty tag (tags are separated by single dots)"_s.arg(
                                             QLatin1StringView(role), part)));
        }
        if (!std::all_of(tag.begin(), tag.end(), isTagCharacter)) {
            return std::unexpected(
                error(FilenameError::Code::InvalidTag, filename,
                      u"the %1 tag '%2' may contain only letters, digits and '_'"_s.arg(QLatin1StringView(role), tag)));
        }
        tags.append(tag.toString());
    }
    return tags;
}

std::expected<Metadata::Version, FilenameError> parseVersionPart(QStringView filename, QStringView version)
{
    auto parsed = Metadata::Version::parse(version);
    if (!parsed) {
        return std::unexpected(error(FilenameError::Code::InvalidVersion, filename,
                                     u"the version part '%1' is not a PEP 440 version (%2)"_s.arg(version, parsed.error())));
    }
    // Surrounding whitespace is accepted by Version::parse but never part of a file name.
    if (version.trimmed().size() != version.size()) {
        return std::unexpected(error(FilenameError::Code::InvalidVersion, filename,
                                     u"the version part '%1' has surrounding whitespace"_s.arg(version)));
    }
    return *parsed;
}

void addNormalizationNotes(DistFilename &result, QStringView name, QStringView version,
                           const Metadata::Version &parsedVersion)
{
    const QString expectedName = Metadata::wheelNameComponent(name);
    if (name != expectedName) {
        result.notes.append({FilenameNote::Code::NameNotNormalized,
                             u"The name part '%1' is not normalized: the specs spell it '%2' (lowercase, with runs of "
                             "'-', '_' and '.' written as one '_')."_s.arg(name, expectedName)});
    }
    const QString expectedVersion = parsedVersion.toString();
    if (version != expectedVersion) {
        result.notes.append({FilenameNote::Code::VersionNotNormalized,
                             u"The version part '%1' is not normalized: PEP 440 spells it '%2'."_s.arg(version,
                                                                                                       expectedVersion)});
    }
}

std::expected<QString, FilenameError> checkExtension(QStringView filename)
{
    if (filename.endsWith(WheelExtension) || filename.endsWith(TarGzExtension) || filename.endsWith(ZipExtension)) {
        return QString();
    }
    for (QLatin1StringView legacy : LegacyExtensions) {
        if (filename.endsWith(legacy)) {
            return std::unexpected(error(FilenameError::Code::UnsupportedExtension, filename,
                                         u"'%1' sdists are a legacy format that PyPI no longer accepts; build a "
                                         "'.tar.gz' sdist instead"_s.arg(legacy)));
        }
    }
    for (QLatin1StringView known : {WheelExtension, TarGzExtension, ZipExtension}) {
        if (filename.endsWith(known, Qt::CaseInsensitive)) {
            return std::unexpected(error(FilenameError::Code::UnknownExtension, filename,
                                         u"the extension must be written in lowercase, '%1'"_s.arg(known)));
        }
    }
    return std::unexpected(error(FilenameError::Code::UnknownExtension, filename,
                                 u"a distribution ends in '.whl' (wheel) or '.tar.gz' (sdist)"_s));
}

} // namespace

QString distKindName(DistKind kind)
{
    return kind == DistKind::Wheel ? u"wheel"_s : u"sdist"_s;
}

QStringList WheelFilename::tags() const
{
    QStringList expanded;
    for (const QString &python : pythonTags) {
        for (const QString &abi : abiTags) {
            for (const QString &platform : platformTags) {
                expanded.append(python + u'-' + abi + u'-' + platform);
            }
        }
    }
    return expanded;
}

bool DistFilename::hasNote(FilenameNote::Code code) const
{
    return std::any_of(notes.begin(), notes.end(), [code](const FilenameNote &note) { return note.code == code; });
}

std::optional<ArchiveFormat> archiveFormatForFilename(QStringView filename)
{
    if (filename.endsWith(WheelExtension) || filename.endsWith(ZipExtension)) {
        return ArchiveFormat::Zip;
    }
    if (filename.endsWith(TarGzExtension)) {
        return ArchiveFormat::TarGz;
    }
    return std::nullopt;
}

std::expected<DistFilename, FilenameError> parseDistFilename(QStringView path)
{
    const QStringView filename = baseName(path);
    if (auto extension = checkExtension(filename); !extension) {
        return std::unexpected(extension.error());
    }
    return filename.endsWith(WheelExtension) ? parseWheelFilename(filename) : parseSdistFilename(filename);
}

std::expected<DistFilename, FilenameError> parseWheelFilename(QStringView path)
{
    const QStringView filename = baseName(path);
    if (!filename.endsWith(WheelExtension)) {
        if (auto extension = checkExtension(filename); !extension) {
            return std::unexpected(extension.error());
        }
        return std::unexpected(error(FilenameError::Code::UnknownExtension, filename, u"a wheel ends in '.whl'"_s));
    }
    const QStringView stem = filename.chopped(WheelExtension.size());
    const QList<QStringView> parts = stem.split(u'-');
    if (parts.size() != 5 && parts.size() != 6) {
        return std::unexpected(
            error(FilenameError::Code::WrongNumberOfParts, filename,
                  u"a wheel name has the form {name}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl, "
                  "with exactly 4 or 5 '-' separators; this one has %1"_s.arg(parts.size() - 1)));
    }

    const QStringView name = parts[0];
    if (!Metadata::isValidName(name) || name.contains(u"__")) {
        return std::unexpected(error(FilenameError::Code::InvalidName, filename,
                                     u"the name part '%1' is not a valid project name (letters, digits and single "
                                     "'_' or '.' between them)"_s.arg(name)));
    }
    auto version = parseVersionPart(filename, parts[1]);
    if (!version) {
        return std::unexpected(version.error());
    }

    WheelFilename wheel;
    wheel.name = name.toString();
    wheel.version = parts[1].toString();
    wheel.parsedVersion = *version;
    if (parts.size() == 6) {
        const QStringView build = parts[2];
        qsizetype digits = 0;
        while (digits < build.size() && build[digits] >= u'0' && build[digits] <= u'9') {
            ++digits;
        }
        if (digits == 0) {
            return std::unexpected(error(FilenameError::Code::InvalidBuildTag, filename,
                                         u"the build tag '%1' must start with a digit"_s.arg(build)));
        }
        bool ok = false;
        const quint64 number = build.first(digits).toULongLong(&ok);
        if (!ok) {
            return std::unexpected(error(FilenameError::Code::InvalidBuildTag, filename,
                                         u"the build number in '%1' is too large"_s.arg(build)));
        }
        wheel.buildTag = build.toString();
        wheel.buildNumber = number;
        wheel.buildSuffix = build.sliced(digits).toString();
    }

    const qsizetype tagStart = parts.size() - 3;
    const char *roles[] = {"python", "abi", "platform"};
    QStringList *sets[] = {&wheel.pythonTags, &wheel.abiTags, &wheel.platformTags};
    for (int i = 0; i < 3; ++i) {
        auto tags = parseTagSet(filename, parts[tagStart + i], roles[i]);
        if (!tags) {
            return std::unexpected(tags.error());
        }
        *sets[i] = *tags;
    }

    DistFilename result;
    result.kind = DistKind::Wheel;
    result.filename = filename.toString();
    addNormalizationNotes(result, name, parts[1], *version);
    for (int i = 0; i < 3; ++i) {
        const QString joined = sets[i]->join(u'.');
        if (joined != joined.toLower()) {
            result.notes.append({FilenameNote::Code::TagNotLowercase,
                                 u"The %1 tag '%2' is not lowercase; installers compare tags in lowercase."_s.arg(
                                     QLatin1StringView(roles[i]), joined)});
        }
    }
    result.wheel = std::move(wheel);
    return result;
}

std::expected<DistFilename, FilenameError> parseSdistFilename(QStringView path)
{
    const QStringView filename = baseName(path);
    ArchiveFormat format = ArchiveFormat::TarGz;
    QStringView stem;
    if (filename.endsWith(TarGzExtension)) {
        stem = filename.chopped(TarGzExtension.size());
    } else if (filename.endsWith(ZipExtension)) {
        format = ArchiveFormat::Zip;
        stem = filename.chopped(ZipExtension.size());
    } else {
        if (auto extension = checkExtension(filename); !extension) {
            return std::unexpected(extension.error());
        }
        return std::unexpected(
            error(FilenameError::Code::UnknownExtension, filename, u"an sdist ends in '.tar.gz'"_s));
    }

    const qsizetype dash = stem.lastIndexOf(u'-');
    if (dash < 0) {
        return std::unexpected(error(FilenameError::Code::WrongNumberOfParts, filename,
                                     u"an sdist name has the form {name}-{version}.tar.gz, and this one has no '-'"_s));
    }
    const QStringView name = stem.first(dash);
    const QStringView versionText = stem.sliced(dash + 1);
    if (!Metadata::isValidName(name)) {
        return std::unexpected(error(FilenameError::Code::InvalidName, filename,
                                     u"the name part '%1' is not a valid project name (letters, digits, and '-', '_' "
                                     "or '.' between them)"_s.arg(name)));
    }
    auto version = parseVersionPart(filename, versionText);
    if (!version) {
        return std::unexpected(version.error());
    }

    DistFilename result;
    result.kind = DistKind::Sdist;
    result.filename = filename.toString();
    addNormalizationNotes(result, name, versionText, *version);
    if (format == ArchiveFormat::Zip) {
        result.notes.append({FilenameNote::Code::LegacyZipSdist,
                             u"A '.zip' sdist is a legacy format: PEP 625 sdists are '.tar.gz' files."_s});
    }
    result.sdist = SdistFilename{name.toString(), versionText.toString(), *version, format};
    return result;
}

QString sdistFilenameFor(QStringView name, const Metadata::Version &version)
{
    return wheelFilenamePrefixFor(name, version) + TarGzExtension;
}

QString wheelFilenamePrefixFor(QStringView name, const Metadata::Version &version)
{
    return Metadata::wheelNameComponent(name) + u'-' + version.toString();
}

} // namespace Dist
