// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/check/rules.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Check {

namespace {

QList<RuleInfo> buildCatalog()
{
    using S = Severity;
    return {
        // SW1xx
        {Rule::UnreadableArchive, u"SW100"_s, S::Error, u"The archive cannot be read"_s,
         u"Rebuild the distribution; PyPI refuses files that are not a complete zip (wheel) or gzip-compressed tar (sdist)."_s},
        {Rule::InvalidFilename, u"SW101"_s, S::Error, u"The file name is not a valid wheel or sdist name"_s,
         u"Let the build backend name the file: {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl or {name}-{version}.tar.gz."_s},
        {Rule::FilenameCharacters, u"SW102"_s, S::Error, u"The file name has characters PyPI refuses, or is too long"_s,
         u"Rename the file to the name its build backend gave it."_s},
        {Rule::SdistNotTarGz, u"SW103"_s, S::Error, u"The sdist is not a .tar.gz"_s,
         u"Build the sdist as {name}-{version}.tar.gz (PEP 625); PyPI no longer accepts .zip sdists."_s},
        {Rule::FilenameNameMismatch, u"SW104"_s, S::Error, u"The file name's project name differs from the metadata Name"_s,
         u"Rebuild; the file name must start with the project's normalized name."_s},
        {Rule::FilenameNotNormalized, u"SW105"_s, S::Error, u"The file name is not in the normalized spelling PyPI requires"_s,
         u"Rebuild with a current build backend, which writes the normalized name (lowercase, '_' for runs of '-', '_', '.') and version."_s},
        {Rule::FilenameVersionMismatch, u"SW106"_s, S::Error, u"The file name's version differs from the metadata Version"_s,
         u"Rebuild; the file name and the metadata must carry the same version."_s},
        {Rule::FilenameSpelling, u"SW107"_s, S::Warning, u"The wheel file name is not spelled as the spec prescribes"_s,
         u"Rebuild with a current build backend; installers accept this spelling but the spec requires the normalized form."_s},
        {Rule::UnsupportedPlatformTag, u"SW108"_s, S::Error, u"The wheel's platform tag is one PyPI refuses"_s,
         u"Build portable wheels (manylinux/musllinux via auditwheel, macOS, Windows); PyPI refuses linux_* tags for x86_64 and others."_s},
        {Rule::WheelTagsDisagree, u"SW109"_s, S::Warning, u"The WHEEL file's tags disagree with the file name"_s,
         u"Rebuild the wheel; do not rename wheels by hand."_s},
        {Rule::WheelMissingMetadata, u"SW110"_s, S::Error, u"The wheel has no METADATA where PyPI looks for it"_s,
         u"Rebuild the wheel; {name}-{version}.dist-info/METADATA must exist, named exactly like the file name's first two parts."_s},
        {Rule::WheelMissingRecord, u"SW111"_s, S::Error, u"The wheel has no RECORD"_s,
         u"Rebuild the wheel; PyPI refuses wheels without {name}-{version}.dist-info/RECORD."_s},
        {Rule::WheelMissingWheelFile, u"SW112"_s, S::Error, u"The wheel has no WHEEL file"_s,
         u"Rebuild the wheel; PyPI refuses wheels without {name}-{version}.dist-info/WHEEL."_s},
        {Rule::WheelFileInvalid, u"SW113"_s, S::Error, u"The WHEEL file is invalid"_s,
         u"Rebuild the wheel; WHEEL needs 'Wheel-Version: 1.x' and 'Root-Is-Purelib: true|false'."_s},
        {Rule::DistInfoDirectory, u"SW114"_s, S::Error, u"The .dist-info directory is wrong"_s,
         u"Rebuild the wheel; it must have exactly one {name}-{version}.dist-info directory, named for the distribution."_s},
        {Rule::RecordMissingMember, u"SW115"_s, S::Error, u"RECORD does not list a member"_s,
         u"Rebuild the wheel; every file except RECORD and its signatures must be listed with its hash and size."_s},
        {Rule::RecordHashMismatch, u"SW116"_s, S::Error, u"A member's hash differs from RECORD"_s,
         u"Rebuild the wheel; never edit a wheel after it was built (pip refuses to install it)."_s},
        {Rule::RecordSizeMismatch, u"SW117"_s, S::Error, u"A member's size differs from RECORD"_s,
         u"Rebuild the wheel; never edit a wheel after it was built."_s},
        {Rule::RecordExtraEntry, u"SW118"_s, S::Error, u"RECORD lists a file the wheel does not contain"_s,
         u"Rebuild the wheel so RECORD describes exactly its members."_s},
        {Rule::RecordMalformed, u"SW119"_s, S::Error, u"RECORD is malformed"_s,
         u"Rebuild the wheel; RECORD rows are path,sha256=<urlsafe-base64>,size (md5 and sha1 are forbidden)."_s},
        {Rule::CompressionMethod, u"SW120"_s, S::Error, u"A zip member uses a compression method PyPI refuses"_s,
         u"Rebuild with STORED or DEFLATED members only (PyPI: 'File does not use a supported compression type')."_s},
        {Rule::CompressionBomb, u"SW121"_s, S::Error, u"The archive exceeds PyPI's compression-ratio limit"_s,
         u"Do not ship huge, highly compressible files (PyPI refuses archives expanding beyond 64 MiB at over 50x)."_s},
        {Rule::ZipFraming, u"SW122"_s, S::Error, u"The zip structure is one PyPI refuses"_s,
         u"Rebuild with a standard tool; PyPI refuses data descriptors, duplicate entries, comments, trailing data and non-UTF-8 names."_s},
        {Rule::UnsafeMemberPath, u"SW123"_s, S::Error, u"A member path is absolute or leaves the archive"_s,
         u"Rebuild; member paths must be relative, use '/', and contain no '..'."_s},
        {Rule::SpecialMember, u"SW124"_s, S::Warning, u"A member is a link or special file"_s,
         u"Ship regular files only; installers ignore or refuse links and device files."_s},
        {Rule::SdistTopLevel, u"SW130"_s, S::Error, u"The sdist does not have exactly one top-level directory"_s,
         u"Build the sdist with your build backend; everything must sit under {name}-{version}/."_s},
        {Rule::SdistTopLevelName, u"SW131"_s, S::Warning, u"The sdist's top-level directory is not {name}-{version}"_s,
         u"Build the sdist with a current backend; PEP 625 names the directory like the file."_s},
        {Rule::SdistMissingPkgInfo, u"SW132"_s, S::Error, u"The sdist has no PKG-INFO"_s,
         u"Build the sdist with your build backend (PyPI: 'PKG-INFO not found at <top>/PKG-INFO')."_s},
        {Rule::SdistMissingPyproject, u"SW133"_s, S::Warning, u"The sdist has no pyproject.toml"_s,
         u"Add a pyproject.toml with a [build-system] table; the sdist format requires it."_s},
        {Rule::TarMember, u"SW134"_s, S::Error, u"The tar archive has a member PyPI refuses"_s,
         u"Rebuild the sdist with your build backend (PyPI refuses sparse members)."_s},
        {Rule::SdistOldMetadataVersion, u"SW135"_s, S::Info, u"PKG-INFO uses a Metadata-Version below 2.2"_s,
         u"Upgrade the build backend; the sdist format asks for Metadata-Version 2.2 or later."_s},
        {Rule::EntryPointsInvalid, u"SW140"_s, S::Error, u"entry_points.txt is invalid"_s,
         u"Rebuild; entry_points.txt must be UTF-8 INI with [group] sections and name = object.ref lines."_s},
        {Rule::EntryPointName, u"SW141"_s, S::Error, u"A script name in entry_points.txt is invalid"_s,
         u"Use only letters, digits, '_', '.' and '-' in console and GUI script names."_s},
        {Rule::LicenseFileMissing, u"SW142"_s, S::Error, u"A License-File is not in the archive where PyPI looks"_s,
         u"Include the file: in a wheel under {name}-{version}.dist-info/licenses/<path>, in an sdist under {name}-{version}/<path>."_s},
        // SW2xx
        {Rule::MetadataUnparsable, u"SW200"_s, S::Error, u"The core metadata cannot be parsed"_s,
         u"Rebuild; METADATA/PKG-INFO is 'Field: value' lines, then a blank line, then the description."_s},
        {Rule::MetadataNotUtf8, u"SW201"_s, S::Error, u"The core metadata is not UTF-8"_s,
         u"Save the project's metadata sources (README, pyproject.toml) as UTF-8 and rebuild."_s},
        {Rule::RequiredFieldMissing, u"SW202"_s, S::Error, u"A required metadata field is missing"_s,
         u"Metadata-Version, Name and Version are required; set them in pyproject.toml and rebuild."_s},
        {Rule::MetadataVersionUnsupported, u"SW203"_s, S::Error, u"PyPI does not accept this Metadata-Version"_s,
         u"Use a build backend that writes Metadata-Version 1.0, 1.1, 1.2 or 2.1 to 2.5."_s},
        {Rule::FieldTooNew, u"SW204"_s, S::Error, u"A field is newer than the declared Metadata-Version"_s,
         u"Upgrade the build backend so it declares the Metadata-Version that introduced the field."_s},
        {Rule::LicenseFileTooNew, u"SW205"_s, S::Warning, u"License-File with a Metadata-Version below 2.4"_s,
         u"Upgrade the build backend (setuptools >= 77 writes Metadata-Version 2.4); uploaders drop these fields today."_s},
        {Rule::InvalidName, u"SW206"_s, S::Error, u"Name is not a valid project name"_s,
         u"Use ASCII letters, digits, '.', '_' and '-', starting and ending with a letter or digit."_s},
        {Rule::InvalidVersion, u"SW207"_s, S::Error, u"Version is not a valid PEP 440 version"_s,
         u"Use a PEP 440 version such as 1.2.0, 1.2.0rc1 or 1.2.0.post1."_s},
        {Rule::LocalVersion, u"SW208"_s, S::Error, u"Version has a local part, which PyPI refuses"_s,
         u"Remove the '+local' part (often added by setuptools-scm on a dirty tree); tag the release and build from a clean checkout."_s},
        {Rule::VersionNotNormalized, u"SW209"_s, S::Info, u"Version is not in normalized form"_s,
         u"PyPI shows the normalized spelling; write the version that way to avoid confusion."_s},
        {Rule::UnknownField, u"SW210"_s, S::Error, u"The metadata has a field the spec does not define"_s,
         u"Remove the field; twine refuses to upload metadata with unrecognized fields."_s},
        {Rule::RepeatedField, u"SW211"_s, S::Error, u"A single-use field appears more than once"_s,
         u"Keep one value; PyPI reports the field as invalid data."_s},
        {Rule::SummaryMultiline, u"SW212"_s, S::Error, u"Summary has more than one line"_s,
         u"Make the description in pyproject.toml ([project] description) a single line."_s},
        {Rule::SummaryTooLong, u"SW213"_s, S::Error, u"Summary is longer than 512 characters"_s,
         u"Shorten the one-line description to 512 characters or less."_s},
        {Rule::ContentTypeInvalid, u"SW214"_s, S::Error, u"Description-Content-Type is not a type PyPI renders"_s,
         u"Use text/markdown, text/x-rst or text/plain."_s},
        {Rule::ContentTypeCharset, u"SW215"_s, S::Error, u"Description-Content-Type names a charset other than UTF-8"_s,
         u"Write charset=UTF-8 (exactly this spelling) or leave the charset out."_s},
        {Rule::ContentTypeVariant, u"SW216"_s, S::Error, u"Description-Content-Type names an unknown Markdown variant"_s,
         u"Use variant=GFM or leave the variant out."_s},
        {Rule::RequirementInvalid, u"SW217"_s, S::Error, u"A dependency is not a valid PEP 508 requirement"_s,
         u"Write dependencies like 'requests>=2.28; python_version >= \"3.8\"'."_s},
        {Rule::DirectReference, u"SW218"_s, S::Error, u"A dependency is a direct URL reference, which PyPI refuses"_s,
         u"Depend on a released project by name and version; PyPI refuses 'name @ URL' dependencies."_s},
        {Rule::RequiresPythonInvalid, u"SW219"_s, S::Error, u"Requires-Python is not a valid version specifier"_s,
         u"Write a specifier such as '>=3.9'."_s},
        {Rule::ExtraInvalid, u"SW220"_s, S::Error, u"Provides-Extra is not a valid extra name"_s,
         u"Use ASCII letters, digits and single '-', '_' or '.' between them."_s},
        {Rule::ExtraNotNormalized, u"SW221"_s, S::Warning, u"Provides-Extra is not normalized"_s,
         u"Metadata 2.3 and later require normalized extras (lowercase, '-' separators); rename the extra."_s},
        {Rule::ExtraUndeclared, u"SW222"_s, S::Warning, u"A dependency's marker names an extra that is not declared"_s,
         u"Declare the extra (Provides-Extra) or fix its name in the marker; otherwise nobody can install these dependencies."_s},
        {Rule::ClassifierUnknown, u"SW223"_s, S::Error, u"A classifier is not a known trove classifier"_s,
         u"Use a classifier from https://pypi.org/classifiers/ spelled exactly."_s},
        {Rule::ClassifierDeprecated, u"SW224"_s, S::Error, u"A classifier is deprecated, which PyPI refuses"_s,
         u"Replace the classifier with its successor."_s},
        {Rule::ClassifierPrivate, u"SW225"_s, S::Error, u"A 'Private ::' classifier blocks any upload to PyPI"_s,
         u"This is intentional protection against accidental publication; remove it only if the project should be public."_s},
        {Rule::LicenseExpressionInvalid, u"SW226"_s, S::Error, u"License-Expression is not a valid SPDX expression"_s,
         u"Use SPDX identifiers from https://spdx.org/licenses/ with AND, OR, WITH, e.g. 'MIT OR Apache-2.0'."_s},
        {Rule::LicenseIdDeprecated, u"SW227"_s, S::Warning, u"License-Expression uses a deprecated SPDX identifier"_s,
         u"Use the current identifier, e.g. GPL-3.0-only or GPL-3.0-or-later instead of GPL-3.0."_s},
        {Rule::LicenseBothFields, u"SW228"_s, S::Error, u"License and License-Expression are both present"_s,
         u"Keep only License-Expression (PEP 639); remove the legacy license text."_s},
        {Rule::LicenseFilePath, u"SW229"_s, S::Error, u"A License-File path is invalid"_s,
         u"License-File paths are relative, use '/', and contain no '..' or glob characters."_s},
        {Rule::LicenseClassifierWithExpression, u"SW230"_s, S::Warning, u"License classifiers next to License-Expression"_s,
         u"Remove the 'License ::' classifiers; License-Expression supersedes them (PEP 639)."_s},
        {Rule::ProjectUrlMalformed, u"SW231"_s, S::Error, u"A Project-URL is malformed"_s,
         u"Write Project-URL as 'Label, https://...' with a unique label of at most 32 characters."_s},
        {Rule::UrlInvalid, u"SW232"_s, S::Error, u"A URL is not a valid http or https URL"_s,
         u"Use a complete http:// or https:// URL."_s},
        {Rule::EmailInvalid, u"SW233"_s, S::Error, u"An author or maintainer email address is invalid"_s,
         u"Write 'Name <user@example.org>' or 'user@example.org', with a real domain."_s},
        {Rule::DynamicInvalid, u"SW234"_s, S::Error, u"A Dynamic entry is invalid"_s,
         u"Dynamic may name only metadata fields, and never Name, Version or Metadata-Version."_s},
        {Rule::ImportNameInvalid, u"SW235"_s, S::Error, u"An Import-Name or Import-Namespace is invalid"_s,
         u"Write dotted Python identifiers, optionally followed by '; private'."_s},
        {Rule::DeprecatedField, u"SW236"_s, S::Warning, u"The metadata uses a deprecated field"_s,
         u"Replace Requires/Provides/Obsoletes with Requires-Dist/Provides-Dist/Obsoletes-Dist."_s},
        // SW4xx
        {Rule::DescriptionMissing, u"SW400"_s, S::Warning, u"The long description is missing"_s,
         u"Set [project] readme in pyproject.toml so PyPI shows a project description."_s},
        {Rule::ContentTypeMissing, u"SW401"_s, S::Warning, u"Description-Content-Type is missing"_s,
         u"Declare the README's type (a .md or .rst readme file sets it); without it PyPI renders reStructuredText."_s},
        {Rule::RstRenderFailed, u"SW402"_s, S::Error, u"The reStructuredText description does not render"_s,
         u"Fix the markup at the reported line; PyPI refuses uploads whose description fails to render."_s},
        {Rule::DescriptionNotVerified, u"SW403"_s, S::Warning, u"The description could not be verified"_s,
         u"Install docutils for the Python Slipway uses (Debian: apt install python3-docutils), then check again."_s},
        {Rule::HtmlRemoved, u"SW404"_s, S::Warning, u"PyPI's sanitizer removes part of the description's HTML"_s,
         u"Use Markdown syntax, or only the HTML tags and attributes PyPI allows."_s},
        {Rule::RelativeLink, u"SW405"_s, S::Warning, u"A link in the description is relative and breaks on PyPI"_s,
         u"Use an absolute https:// URL (for example to the file in your repository)."_s},
        {Rule::RelativeImage, u"SW406"_s, S::Warning, u"An image in the description is relative and does not show on PyPI"_s,
         u"Use an absolute https:// URL for the image."_s},
        {Rule::InsecureImage, u"SW407"_s, S::Warning, u"An image in the description is served over plain http"_s,
         u"Use an https:// URL for the image."_s},
        {Rule::MarkdownVariantIgnored, u"SW408"_s, S::Warning, u"PyPI ignores the Markdown variant"_s,
         u"PyPI renders every Markdown description as GFM; write variant=GFM or leave it out."_s},
        // SW5xx
        {Rule::FileTooLarge, u"SW500"_s, S::Warning, u"The file is larger than PyPI's default upload limit"_s,
         u"PyPI refuses files over 100 MB unless the project has a raised limit; make the file smaller or request a limit increase."_s},
    };
}

} // namespace

const QList<RuleInfo> &allRules()
{
    static const QList<RuleInfo> catalog = buildCatalog();
    return catalog;
}

const RuleInfo &ruleInfo(Rule rule)
{
    const QList<RuleInfo> &rules = allRules();
    // The catalog is in enumerator order; the search only guards against a mistake there.
    const auto index = static_cast<qsizetype>(rule);
    if (index < rules.size() && rules.at(index).rule == rule) {
        return rules.at(index);
    }
    return *std::find_if(rules.cbegin(), rules.cend(), [rule](const RuleInfo &info) { return info.rule == rule; });
}

std::optional<RuleInfo> ruleInfo(QStringView code)
{
    const QList<RuleInfo> &rules = allRules();
    const auto it = std::find_if(rules.cbegin(), rules.cend(), [code](const RuleInfo &info) { return info.code == code; });
    if (it == rules.cend()) {
        return std::nullopt;
    }
    return *it;
}

namespace {

// Messages are one line whatever the values they quote: control characters are written as
// escapes ("\\n", "\\x1b").
QString escapedControls(const QString &text)
{
    if (std::none_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; })) {
        return text;
    }
    QString result;
    result.reserve(text.size() + 8);
    for (QChar c : text) {
        if (c == u'\n') {
            result += u"\\n"_s;
        } else if (c == u'\r') {
            result += u"\\r"_s;
        } else if (c == u'\t') {
            result += u"\\t"_s;
        } else if (c.unicode() < 0x20 || c.unicode() == 0x7f) {
            result += u"\\x"_s + QString::number(c.unicode(), 16).rightJustified(2, u'0');
        } else {
            result += c;
        }
    }
    return result;
}

} // namespace

Finding makeFinding(Rule rule, const QString &message, const QString &hint)
{
    const RuleInfo &info = ruleInfo(rule);
    return Finding{info.code, info.severity, escapedControls(message), escapedControls(hint.isEmpty() ? info.hint : hint)};
}

} // namespace Check
