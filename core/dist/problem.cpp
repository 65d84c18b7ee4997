// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dist/problem.h"

namespace Dist {

QString Problem::codeName(Code code)
{
    switch (code) {
    case Code::UnsafePath:
        return QStringLiteral("unsafe-path");
    case Code::ControlCharacterInName:
        return QStringLiteral("control-character-in-name");
    case Code::NonUtf8MemberName:
        return QStringLiteral("non-utf8-member-name");
    case Code::ZipNameEncodingUnflagged:
        return QStringLiteral("zip-name-encoding-unflagged");
    case Code::DuplicateMember:
        return QStringLiteral("duplicate-member");
    case Code::Symlink:
        return QStringLiteral("symlink");
    case Code::Hardlink:
        return QStringLiteral("hardlink");
    case Code::SpecialMember:
        return QStringLiteral("special-member");
    case Code::SparseMember:
        return QStringLiteral("sparse-member");
    case Code::EncryptedMember:
        return QStringLiteral("encrypted-member");
    case Code::UnsupportedCompression:
        return QStringLiteral("unsupported-compression");
    case Code::ZipDataDescriptor:
        return QStringLiteral("zip-data-descriptor");
    case Code::ZipExtraData:
        return QStringLiteral("zip-extra-data");
    case Code::ZipComment:
        return QStringLiteral("zip-comment");
    case Code::LocalHeaderMismatch:
        return QStringLiteral("local-header-mismatch");
    case Code::OverlappingMembers:
        return QStringLiteral("overlapping-members");
    case Code::SizeMismatch:
        return QStringLiteral("size-mismatch");
    case Code::CrcMismatch:
        return QStringLiteral("crc-mismatch");
    case Code::CorruptMember:
        return QStringLiteral("corrupt-member");
    case Code::CompressionBomb:
        return QStringLiteral("compression-bomb");
    case Code::NotVerified:
        return QStringLiteral("not-verified");
    case Code::TooManyMembers:
        return QStringLiteral("too-many-members");
    case Code::MultipleTopLevelEntries:
        return QStringLiteral("multiple-top-level-entries");
    case Code::TopLevelDirectoryMismatch:
        return QStringLiteral("top-level-directory-mismatch");
    case Code::DistInfoMissing:
        return QStringLiteral("dist-info-missing");
    case Code::MultipleDistInfo:
        return QStringLiteral("multiple-dist-info");
    case Code::DistInfoNameMismatch:
        return QStringLiteral("dist-info-name-mismatch");
    case Code::MetadataMissing:
        return QStringLiteral("metadata-missing");
    case Code::MetadataTooLarge:
        return QStringLiteral("metadata-too-large");
    case Code::MetadataNotUtf8:
        return QStringLiteral("metadata-not-utf8");
    case Code::MetadataMalformed:
        return QStringLiteral("metadata-malformed");
    case Code::WheelFileMissing:
        return QStringLiteral("wheel-file-missing");
    case Code::WheelFileMalformed:
        return QStringLiteral("wheel-file-malformed");
    case Code::RecordMissing:
        return QStringLiteral("record-missing");
    case Code::RecordMalformed:
        return QStringLiteral("record-malformed");
    case Code::RecordHashMismatch:
        return QStringLiteral("record-hash-mismatch");
    case Code::RecordSizeMismatch:
        return QStringLiteral("record-size-mismatch");
    case Code::RecordMissingHash:
        return QStringLiteral("record-missing-hash");
    case Code::RecordWeakHash:
        return QStringLiteral("record-weak-hash");
    case Code::RecordUnknownHashAlgorithm:
        return QStringLiteral("record-unknown-hash-algorithm");
    case Code::RecordDuplicateEntry:
        return QStringLiteral("record-duplicate-entry");
    case Code::RecordEntryWithoutMember:
        return QStringLiteral("record-entry-without-member");
    case Code::MemberNotInRecord:
        return QStringLiteral("member-not-in-record");
    case Code::FilenameInvalid:
        return QStringLiteral("filename-invalid");
    case Code::FilenameNotNormalized:
        return QStringLiteral("filename-not-normalized");
    }
    return QStringLiteral("unknown");
}

Problem::Severity Problem::severityOf(Code code)
{
    switch (code) {
    case Code::ZipNameEncodingUnflagged:
    case Code::Symlink:
    case Code::Hardlink:
    case Code::NotVerified:
    case Code::TopLevelDirectoryMismatch:
    case Code::RecordDuplicateEntry:
    case Code::FilenameNotNormalized:
        return Severity::Warning;
    default:
        return Severity::Error;
    }
}

} // namespace Dist
