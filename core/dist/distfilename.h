// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <expected>
#include <optional>

#include "core/metadata/version.h"

namespace Dist {

enum class DistKind {
    Wheel,
    Sdist,
};

// "wheel" / "sdist", as `slipway inspect --json` spells the kind.
[[nodiscard]] QString distKindName(DistKind kind);

enum class ArchiveFormat {
    Zip,   // wheels, and legacy .zip sdists
    TarGz, // PEP 625 sdists
};

// Something in a file name that parses but is not how the specs spell it. Not an error:
// installers accept these names; PyPI rejects some of them (the check engine decides).
struct FilenameNote {
    enum class Code {
        NameNotNormalized,    // "Foo.Bar-1.0.tar.gz": should be "foo_bar-1.0.tar.gz"
        VersionNotNormalized, // "foo-1.0rc.tar.gz": should be "foo-1.0rc0.tar.gz"
        LegacyZipSdist,       // ".zip" sdist: PEP 625 requires .tar.gz
        TagNotLowercase,      // "py3-none-Any"
    };
    Code code;
    QString message;
};

/**
 * A wheel file name, `{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl`, parsed as
 * packaging.utils.parse_wheel_filename does. Components are kept as written; tag sets are
 * split on '.' ("py2.py3" -> {"py2", "py3"}).
 */
struct WheelFilename {
    QString name;    // as written ("foo_bar")
    QString version; // as written
    Metadata::Version parsedVersion;
    QString buildTag;                  // "" when absent; starts with a digit
    std::optional<quint64> buildNumber; // the leading digits of the build tag
    QString buildSuffix;               // the rest of the build tag
    QStringList pythonTags;
    QStringList abiTags;
    QStringList platformTags;

    // Every expanded "python-abi-platform" triple, in file-name order.
    [[nodiscard]] QStringList tags() const;
};

// An sdist file name, `{name}-{version}.tar.gz` (PEP 625), or a legacy `.zip` sdist. Split at
// the last '-', so legacy names with '-' in the project name still parse.
struct SdistFilename {
    QString name;    // as written
    QString version; // as written
    Metadata::Version parsedVersion;
    ArchiveFormat format = ArchiveFormat::TarGz;
};

// Either kind, with what is not normalized about it.
struct DistFilename {
    DistKind kind = DistKind::Wheel;
    QString filename;
    std::optional<WheelFilename> wheel; // set when kind == Wheel
    std::optional<SdistFilename> sdist; // set when kind == Sdist
    QList<FilenameNote> notes;

    [[nodiscard]] QString name() const { return wheel ? wheel->name : sdist->name; }
    [[nodiscard]] QString version() const { return wheel ? wheel->version : sdist->version; }
    [[nodiscard]] const Metadata::Version &parsedVersion() const
    {
        return wheel ? wheel->parsedVersion : sdist->parsedVersion;
    }
    [[nodiscard]] ArchiveFormat format() const { return wheel ? ArchiveFormat::Zip : sdist->format; }
    [[nodiscard]] bool hasNote(FilenameNote::Code code) const;
};

struct FilenameError {
    enum class Code {
        UnknownExtension,      // not .whl, .tar.gz or .zip
        UnsupportedExtension,  // a legacy sdist format (.tar.bz2, .tgz, ...) that PyPI refuses
        WrongNumberOfParts,    // wheel: not 5 or 6 '-'-separated parts; sdist: no '-'
        InvalidName,
        InvalidVersion,
        InvalidBuildTag,
        InvalidTag,
    };
    Code code;
    QString message; // names the file, the part, and what is wrong with it
};

// Picks the kind from the extension: ".whl" is a wheel, ".tar.gz" and ".zip" are sdists.
// A directory part of the argument is ignored.
[[nodiscard]] std::expected<DistFilename, FilenameError> parseDistFilename(QStringView filename);
[[nodiscard]] std::expected<DistFilename, FilenameError> parseWheelFilename(QStringView filename);
[[nodiscard]] std::expected<DistFilename, FilenameError> parseSdistFilename(QStringView filename);

// The archive format the extension names, or nullopt ("foo.tar.bz2", "foo.txt").
[[nodiscard]] std::optional<ArchiveFormat> archiveFormatForFilename(QStringView filename);

// The names the specs prescribe: `{wheelNameComponent(name)}-{version}.tar.gz`, and the
// first part of a wheel name `{wheelNameComponent(name)}-{version}`, with version normalized
// (not trailing-zero-trimmed, as Warehouse does).
[[nodiscard]] QString sdistFilenameFor(QStringView name, const Metadata::Version &version);
[[nodiscard]] QString wheelFilenamePrefixFor(QStringView name, const Metadata::Version &version);

} // namespace Dist
