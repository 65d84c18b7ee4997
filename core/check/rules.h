// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

#include "core/check/finding.h"

namespace Check {

/**
 * Every rule the check engine applies, one enumerator per stable code. Codes never change
 * meaning once published; a retired rule keeps its number unused. Ranges:
 * SW1xx archive, file name and structure; SW2xx core metadata; (SW3xx: pyproject validation,
 * owned by the project model); SW4xx long description; SW5xx size and other.
 * docs/check-codes.md describes each code with an example and the fix.
 */
enum class Rule {
    // SW1xx: archive, file name, structure
    UnreadableArchive,          // SW100
    InvalidFilename,            // SW101
    FilenameCharacters,         // SW102
    SdistNotTarGz,              // SW103
    FilenameNameMismatch,       // SW104
    FilenameNotNormalized,      // SW105
    FilenameVersionMismatch,    // SW106
    FilenameSpelling,           // SW107
    UnsupportedPlatformTag,     // SW108
    WheelTagsDisagree,          // SW109
    WheelMissingMetadata,       // SW110
    WheelMissingRecord,         // SW111
    WheelMissingWheelFile,      // SW112
    WheelFileInvalid,           // SW113
    DistInfoDirectory,          // SW114
    RecordMissingMember,        // SW115
    RecordHashMismatch,         // SW116
    RecordSizeMismatch,         // SW117
    RecordExtraEntry,           // SW118
    RecordMalformed,            // SW119
    CompressionMethod,          // SW120
    CompressionBomb,            // SW121
    ZipFraming,                 // SW122
    UnsafeMemberPath,           // SW123
    SpecialMember,              // SW124
    SdistTopLevel,              // SW130
    SdistTopLevelName,          // SW131
    SdistMissingPkgInfo,        // SW132
    SdistMissingPyproject,      // SW133
    TarMember,                  // SW134
    SdistOldMetadataVersion,    // SW135
    EntryPointsInvalid,         // SW140
    EntryPointName,             // SW141
    LicenseFileMissing,         // SW142
    // SW2xx: core metadata
    MetadataUnparsable,         // SW200
    MetadataNotUtf8,            // SW201
    RequiredFieldMissing,       // SW202
    MetadataVersionUnsupported, // SW203
    FieldTooNew,                // SW204
    LicenseFileTooNew,          // SW205
    InvalidName,                // SW206
    InvalidVersion,             // SW207
    LocalVersion,               // SW208
    VersionNotNormalized,       // SW209
    UnknownField,               // SW210
    RepeatedField,              // SW211
    SummaryMultiline,           // SW212
    SummaryTooLong,             // SW213
    ContentTypeInvalid,         // SW214
    ContentTypeCharset,         // SW215
    ContentTypeVariant,         // SW216
    RequirementInvalid,         // SW217
    DirectReference,            // SW218
    RequiresPythonInvalid,      // SW219
    ExtraInvalid,               // SW220
    ExtraNotNormalized,         // SW221
    ExtraUndeclared,            // SW222
    ClassifierUnknown,          // SW223
    ClassifierDeprecated,       // SW224
    ClassifierPrivate,          // SW225
    LicenseExpressionInvalid,   // SW226
    LicenseIdDeprecated,        // SW227
    LicenseBothFields,          // SW228
    LicenseFilePath,            // SW229
    LicenseClassifierWithExpression, // SW230
    ProjectUrlMalformed,        // SW231
    UrlInvalid,                 // SW232
    EmailInvalid,               // SW233
    DynamicInvalid,             // SW234
    ImportNameInvalid,          // SW235
    DeprecatedField,            // SW236
    // SW4xx: long description
    DescriptionMissing,         // SW400
    ContentTypeMissing,         // SW401
    RstRenderFailed,            // SW402
    DescriptionNotVerified,     // SW403
    HtmlRemoved,                // SW404
    RelativeLink,               // SW405
    RelativeImage,              // SW406
    InsecureImage,              // SW407
    MarkdownVariantIgnored,     // SW408
    // SW5xx: size and other
    FileTooLarge,               // SW500
};

// What a rule is, for documentation, pickers and the default hint.
struct RuleInfo {
    Rule rule;
    QString code;     // "SW116"
    Severity severity;
    QString title;    // short, e.g. "RECORD hash does not match a member"
    QString hint;     // default fix, used when a finding brings no specific hint
};

// Every rule in code order. Immutable; thread-safe.
[[nodiscard]] const QList<RuleInfo> &allRules();
[[nodiscard]] const RuleInfo &ruleInfo(Rule rule);
[[nodiscard]] std::optional<RuleInfo> ruleInfo(QStringView code);

// A finding for the rule, with the rule's code and severity; an empty hint takes the default.
// Control characters in message and hint are escaped ("\n"), so a finding is one line.
[[nodiscard]] Finding makeFinding(Rule rule, const QString &message, const QString &hint = {});

} // namespace Check
