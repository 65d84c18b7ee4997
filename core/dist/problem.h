// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace Dist {

/**
 * Something wrong with a distribution that did not stop it from being read: a hostile or
 * malformed member, a RECORD row that does not verify, missing or unparsable metadata.
 *
 * member is the archive path concerned ("" for the archive as a whole); message is plain
 * language, names the member and says what is wrong. The check engine maps codes to its own
 * rules; severity() is the reader's own judgement, used by `slipway inspect`.
 */
struct Problem {
    enum class Code {
        // Members
        UnsafePath,              // absolute, "..", backslash, drive letter, or empty
        ControlCharacterInName,  // a byte below 0x20 or 0x7f in a member name
        NonUtf8MemberName,       // the name bytes are not UTF-8 (shown decoded as Latin-1)
        ZipNameEncodingUnflagged, // non-ASCII UTF-8 name without the ZIP UTF-8 flag (read as CP437 by Python)
        DuplicateMember,         // a second member with the same path
        Symlink,
        Hardlink,
        SpecialMember,           // device, FIFO or socket
        SparseMember,            // tar sparse entry (PyPI refuses them)
        EncryptedMember,
        UnsupportedCompression,  // ZIP method other than stored/deflated; sdist not gzip-compressed
        ZipDataDescriptor,       // sizes after the data instead of in the header (PyPI refuses them)
        ZipExtraData,            // bytes before the first member, after the central directory, or after a member's data
        ZipComment,
        LocalHeaderMismatch,     // a ZIP local header disagrees with the central directory
        OverlappingMembers,      // two ZIP members share bytes (a classic bomb construction)
        SizeMismatch,            // the data is longer or shorter than the header claims
        CrcMismatch,
        CorruptMember,           // the compressed data cannot be decoded
        CompressionBomb,         // > 64 MiB uncompressed at > 50x the compressed size
        NotVerified,             // content not read (bomb, inflate budget, unsupported, too many members)
        TooManyMembers,
        // Layout
        MultipleTopLevelEntries,  // sdist: not exactly one top-level directory
        TopLevelDirectoryMismatch, // sdist: top-level directory is not {name}-{version} of the file name
        DistInfoMissing,
        MultipleDistInfo,
        DistInfoNameMismatch,     // .dist-info directory differs from the file name's {name}-{version}
        // Metadata files
        MetadataMissing,
        MetadataTooLarge,
        MetadataNotUtf8,
        MetadataMalformed,
        WheelFileMissing,
        WheelFileMalformed,
        RecordMissing,
        RecordMalformed,
        // RECORD verification
        RecordHashMismatch,
        RecordSizeMismatch,
        RecordMissingHash,
        RecordWeakHash,           // md5 or sha1
        RecordUnknownHashAlgorithm,
        RecordDuplicateEntry,
        RecordEntryWithoutMember, // a row for a file the wheel does not have
        MemberNotInRecord,
        // File name
        FilenameInvalid,
        FilenameNotNormalized,
    };
    enum class Severity {
        Warning, // readable and installable, but not as the specs or PyPI want it
        Error,   // broken, inconsistent or dangerous: installers or PyPI refuse it
    };

    Code code;
    QString member;
    QString message;

    [[nodiscard]] Severity severity() const { return severityOf(code); }

    // Stable kebab-case identifier for JSON and logs ("record-hash-mismatch").
    [[nodiscard]] static QString codeName(Code code);
    [[nodiscard]] static Severity severityOf(Code code);
};

} // namespace Dist
