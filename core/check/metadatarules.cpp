// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/check/metadatarules.h"

#include <QHash>
#include <QSet>

#include <algorithm>

#include "core/check/fieldsyntax.h"
#include "core/check/rules.h"
#include "core/metadata/classifiers.h"
#include "core/metadata/licenseexpression.h"
#include "core/metadata/name.h"
#include "core/metadata/requirement.h"
#include "core/metadata/specifier.h"
#include "core/metadata/version.h"

using namespace Qt::StringLiterals;

namespace Check {

namespace {

// Warehouse's SUPPORTED_METADATA_VERSIONS (packaging 26.2 accepts the same set).
const QStringList &pypiMetadataVersions()
{
    static const QStringList versions{u"1.0"_s, u"1.1"_s, u"1.2"_s, u"2.1"_s,
                                      u"2.2"_s, u"2.3"_s, u"2.4"_s, u"2.5"_s};
    return versions;
}

// Code-point length, as Python's len() counts.
qsizetype codePointLength(const QString &text)
{
    qsizetype length = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (!(text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())) {
            ++length;
        }
    }
    return length;
}

QString quoted(const QString &value)
{
    static constexpr qsizetype kMaxShown = 120;
    QString shown = value;
    shown.replace(u'\n', u"\\n"_s);
    if (shown.size() > kMaxShown) {
        shown = shown.first(kMaxShown) + u"..."_s;
    }
    return u"'"_s + shown + u"'"_s;
}

// The parameters of a MIME type ("text/markdown; charset=UTF-8; variant=GFM"): names lowercased,
// values unquoted and case-preserved, as Python's email header parsing gives them.
struct ContentType {
    QString type;
    QHash<QString, QString> parameters;
};

ContentType parseContentType(const QString &value)
{
    ContentType result;
    const QStringList parts = value.split(u';');
    result.type = parts.value(0).trimmed().toLower();
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QString part = parts.at(i).trimmed();
        const qsizetype equals = part.indexOf(u'=');
        if (equals <= 0) {
            continue;
        }
        QString parameterValue = part.sliced(equals + 1).trimmed();
        if (parameterValue.size() >= 2 && parameterValue.startsWith(u'"') && parameterValue.endsWith(u'"')) {
            parameterValue = parameterValue.sliced(1, parameterValue.size() - 2);
        }
        result.parameters.insert(part.first(equals).trimmed().toLower(), parameterValue);
    }
    return result;
}

class MetadataChecker
{
public:
    MetadataChecker(const Metadata::CoreMetadata &metadata, const MetadataContext &context)
        : m_metadata(metadata)
        , m_context(context)
    {
    }

    QList<Finding> run()
    {
        checkFieldNames();
        checkMetadataVersion();
        checkName();
        checkVersion();
        checkSummary();
        checkContentType();
        checkRequirements();
        checkRequiresPython();
        checkExtras();
        checkClassifiers();
        checkLicense();
        checkUrls();
        checkEmails();
        checkDynamic();
        checkImportNames();
        return m_findings;
    }

private:
    void add(Rule rule, const QString &message, const QString &hint = {})
    {
        m_findings.append(makeFinding(rule, message, hint));
    }

    // The value, or "" when absent or the UNKNOWN placeholder.
    QString value(QStringView field) const
    {
        const QString v = m_metadata.value(field);
        return isPlaceholderValue(v) ? QString() : v;
    }

    QStringList values(QStringView field) const
    {
        QStringList result = m_metadata.values(field);
        result.removeIf([](const QString &v) { return isPlaceholderValue(v); });
        return result;
    }

    void checkFieldNames()
    {
        QHash<QString, int> counts;
        QStringList order;
        for (const auto &[field, fieldValue] : m_metadata.fields()) {
            const QString canonical = Metadata::CoreMetadata::canonicalFieldName(field);
            if (canonical.isEmpty()) {
                add(Rule::UnknownField, u"The metadata field '%1' is not defined by the core metadata spec"_s.arg(field));
                continue;
            }
            if (!counts.contains(canonical)) {
                order.append(canonical);
            }
            ++counts[canonical];
        }
        for (const QString &field : std::as_const(order)) {
            if (counts.value(field) > 1 && !Metadata::CoreMetadata::isMultipleUse(field)) {
                add(Rule::RepeatedField,
                    u"%1 appears %2 times but may appear only once"_s.arg(field).arg(counts.value(field)));
            }
        }
        m_presentFields = order;
        if (values(u"Requires").size() + values(u"Provides").size() + values(u"Obsoletes").size() > 0) {
            add(Rule::DeprecatedField, u"The metadata uses Requires, Provides or Obsoletes, deprecated since Metadata-Version 1.2"_s);
        }
    }

    void checkMetadataVersion()
    {
        const QString declared = m_metadata.metadataVersion().trimmed();
        if (declared.isEmpty()) {
            add(Rule::RequiredFieldMissing, u"Metadata-Version is missing"_s);
            return;
        }
        if (!pypiMetadataVersions().contains(declared)) {
            if (Metadata::CoreMetadata::supportedMetadataVersions().contains(declared)) {
                add(Rule::MetadataVersionUnsupported,
                    u"Metadata-Version %1 is valid but PyPI accepts only up to 2.5 today"_s.arg(declared),
                    u"Use a build backend release that writes Metadata-Version 2.5 or earlier until PyPI supports %1."_s.arg(declared));
            } else {
                add(Rule::MetadataVersionUnsupported, u"Metadata-Version %1 is not a valid metadata version"_s.arg(quoted(declared)));
            }
            return;
        }
        const auto declaredVersion = Metadata::Version::parse(declared);
        if (!declaredVersion) {
            return;
        }
        m_declaredVersion = *declaredVersion;
        if (m_context.isSdist && !atLeast(u"2.2")) {
            add(Rule::SdistOldMetadataVersion,
                u"PKG-INFO declares Metadata-Version %1; the sdist format asks for 2.2 or later"_s.arg(declared));
        }
        for (const QString &field : std::as_const(m_presentFields)) {
            const QString introduced = Metadata::CoreMetadata::introducedIn(field);
            const auto introducedVersion = Metadata::Version::parse(introduced);
            if (!introducedVersion || *introducedVersion <= *declaredVersion || values(field).isEmpty()) {
                continue;
            }
            if (field == u"License-File"_s && *declaredVersion < Metadata::Version::parse(u"2.4").value()) {
                add(Rule::LicenseFileTooNew,
                    u"License-File needs Metadata-Version 2.4, not %1 (twine and uv leave it out of the upload)"_s.arg(declared));
                continue;
            }
            add(Rule::FieldTooNew, u"%1 introduced in metadata version %2, not %3"_s.arg(field, introduced, declared));
        }
    }

    bool atLeast(QStringView metadataVersion) const
    {
        return m_declaredVersion && *m_declaredVersion >= Metadata::Version::parse(metadataVersion).value();
    }

    void checkName()
    {
        const QString name = m_metadata.name();
        if (name.isEmpty()) {
            add(Rule::RequiredFieldMissing, u"Name is missing"_s);
        } else if (!Metadata::isValidName(name)) {
            add(Rule::InvalidName, u"Name %1 is not a valid project name"_s.arg(quoted(name)));
        }
    }

    void checkVersion()
    {
        const QString text = m_metadata.version();
        if (text.isEmpty()) {
            add(Rule::RequiredFieldMissing, u"Version is missing"_s);
            return;
        }
        const auto version = Metadata::Version::parse(text);
        if (!version) {
            add(Rule::InvalidVersion, u"Version %1 is invalid: %2"_s.arg(quoted(text), version.error()));
            return;
        }
        if (text.trimmed() != text) {
            add(Rule::InvalidVersion, u"Version %1 has leading or trailing whitespace"_s.arg(quoted(text)));
        }
        if (version->isLocal()) {
            add(Rule::LocalVersion, u"The use of local versions in '%1' is not allowed on PyPI"_s.arg(version->toString()));
        }
        if (text.trimmed() == text && !Metadata::Version::isNormalized(text)) {
            add(Rule::VersionNotNormalized,
                u"Version '%1' is shown as '%2' on PyPI"_s.arg(text, version->toString()));
        }
    }

    void checkSummary()
    {
        const QString summary = value(u"Summary");
        if (summary.contains(u'\n')) {
            add(Rule::SummaryMultiline, u"Summary must be a single line"_s);
        }
        const qsizetype length = codePointLength(summary);
        if (length > 512) {
            add(Rule::SummaryTooLong, u"Summary is %1 characters long; PyPI allows 512"_s.arg(length));
        }
    }

    void checkContentType()
    {
        const QString text = value(u"Description-Content-Type");
        if (text.isEmpty()) {
            return;
        }
        const ContentType contentType = parseContentType(text);
        static const QStringList types{u"text/plain"_s, u"text/x-rst"_s, u"text/markdown"_s};
        if (!types.contains(contentType.type)) {
            add(Rule::ContentTypeInvalid,
                u"Description-Content-Type must be text/plain, text/x-rst or text/markdown, not %1"_s.arg(quoted(text)));
            return;
        }
        const QString charset = contentType.parameters.value(u"charset"_s, u"UTF-8"_s);
        if (charset != u"UTF-8"_s) {
            add(Rule::ContentTypeCharset,
                u"Description-Content-Type can only specify the UTF-8 charset (spelled exactly so), not %1"_s.arg(quoted(charset)));
        }
        const QString variant = contentType.parameters.value(u"variant"_s, u"GFM"_s);
        if (contentType.type == u"text/markdown"_s && variant != u"GFM"_s && variant != u"CommonMark"_s) {
            add(Rule::ContentTypeVariant,
                u"Description-Content-Type's Markdown variant must be GFM or CommonMark, not %1"_s.arg(quoted(variant)));
        }
    }

    void checkRequirements()
    {
        for (const QString &field : {u"Requires-Dist"_s, u"Provides-Dist"_s, u"Obsoletes-Dist"_s}) {
            for (const QString &text : values(field)) {
                const auto requirement = Metadata::Requirement::parse(text);
                if (!requirement) {
                    add(Rule::RequirementInvalid, u"%1 %2 is invalid: %3"_s.arg(field, quoted(text), requirement.error()));
                    continue;
                }
                if (!requirement->url().isEmpty()) {
                    add(Rule::DirectReference, u"%1 %2 is a direct URL reference"_s.arg(field, quoted(text)));
                }
                if (field == u"Requires-Dist"_s && requirement->marker()) {
                    m_markerExtras.append({text, requirement->marker()->extrasReferenced()});
                }
            }
        }
    }

    void checkRequiresPython()
    {
        const QString text = value(u"Requires-Python");
        if (text.isEmpty()) {
            return;
        }
        const auto specifiers = Metadata::SpecifierSet::parse(text);
        if (!specifiers) {
            add(Rule::RequiresPythonInvalid, u"Requires-Python %1 is invalid: %2"_s.arg(quoted(text), specifiers.error()));
        }
    }

    void checkExtras()
    {
        QSet<QString> declared;
        for (const QString &extra : values(u"Provides-Extra")) {
            if (!Metadata::isValidName(extra)) {
                add(Rule::ExtraInvalid, u"Provides-Extra %1 is not a valid extra name"_s.arg(quoted(extra)));
                continue;
            }
            declared.insert(Metadata::normalizeName(extra));
            if (atLeast(u"2.3") && !Metadata::isNormalizedName(extra)) {
                add(Rule::ExtraNotNormalized,
                    u"Provides-Extra '%1' is not normalized; Metadata-Version %2 requires '%3'"_s.arg(
                        extra, m_metadata.metadataVersion(), Metadata::normalizeName(extra)));
            }
        }
        // Before 2.1 there was no field to declare extras in.
        if (!atLeast(u"2.1")) {
            return;
        }
        QSet<QString> reported;
        for (const auto &[requirement, extras] : std::as_const(m_markerExtras)) {
            for (const QString &extra : extras) {
                if (!declared.contains(extra) && !reported.contains(extra)) {
                    reported.insert(extra);
                    add(Rule::ExtraUndeclared,
                        u"Requires-Dist %1 needs the extra '%2', which Provides-Extra does not declare"_s.arg(quoted(requirement), extra));
                }
            }
        }
    }

    void checkClassifiers()
    {
        const Metadata::TroveClassifiers &trove = Metadata::TroveClassifiers::bundled();
        for (const QString &classifier : values(u"Classifier")) {
            if (classifier.startsWith(u"Private ::"_s)) {
                add(Rule::ClassifierPrivate, u"Classifier '%1' makes PyPI refuse every upload"_s.arg(classifier));
            } else if (trove.isDeprecated(classifier)) {
                const QStringList replacements = trove.replacements(classifier);
                add(Rule::ClassifierDeprecated, u"The classifier '%1' has been deprecated"_s.arg(classifier),
                    replacements.isEmpty() ? QString()
                                           : u"Use %1 instead."_s.arg(u"'"_s + replacements.join(u"' or '"_s) + u"'"_s));
            } else if (!trove.isKnown(classifier)) {
                const QString close = trove.closeMatch(classifier);
                add(Rule::ClassifierUnknown, u"'%1' is not a valid classifier"_s.arg(classifier),
                    close.isEmpty() ? QString() : u"Did you mean '%1'?"_s.arg(close));
            }
        }
    }

    void checkLicense()
    {
        const QString expression = value(u"License-Expression");
        if (!expression.isEmpty()) {
            const auto parsed = Metadata::LicenseExpression::parse(expression);
            if (!parsed) {
                add(Rule::LicenseExpressionInvalid,
                    u"License-Expression %1 is invalid: %2"_s.arg(quoted(expression), parsed.error().message));
            } else {
                for (const QString &id : parsed->deprecatedIds()) {
                    add(Rule::LicenseIdDeprecated, u"License-Expression uses the deprecated SPDX identifier '%1'"_s.arg(id));
                }
            }
            if (!value(u"License").isEmpty()) {
                add(Rule::LicenseBothFields,
                    u"License is deprecated when License-Expression is present; only License-Expression should be present"_s);
            }
            const QStringList classifiers = values(u"Classifier");
            if (std::any_of(classifiers.cbegin(), classifiers.cend(),
                            [](const QString &c) { return c.startsWith(u"License ::"_s); })) {
                add(Rule::LicenseClassifierWithExpression, u"License :: classifiers are present next to License-Expression"_s);
            }
        }
        for (const QString &path : values(u"License-File")) {
            const auto problem = licenseFilePathProblem(path);
            if (problem) {
                add(Rule::LicenseFilePath, u"License-File %1 is invalid: %2"_s.arg(quoted(path), *problem));
            }
        }
    }

    static std::optional<QString> licenseFilePathProblem(const QString &path)
    {
        if (path.contains(u".."_s)) {
            return u"parent directory indicators are not allowed"_s;
        }
        if (path.contains(u'*')) {
            return u"paths must be resolved (no '*')"_s;
        }
        const bool windowsDrive = path.size() >= 2 && path.at(1) == u':' &&
                                  ((path.at(0) >= u'a' && path.at(0) <= u'z') || (path.at(0) >= u'A' && path.at(0) <= u'Z'));
        if (path.startsWith(u'/') || path.startsWith(u'\\') || windowsDrive) {
            return u"paths must be relative"_s;
        }
        if (path.contains(u'\\')) {
            return u"paths must use the '/' delimiter"_s;
        }
        return std::nullopt;
    }

    void checkUrls()
    {
        for (const QString &field : {u"Home-page"_s, u"Download-URL"_s}) {
            const QString url = value(field);
            if (url.isEmpty()) {
                continue;
            }
            if (const auto problem = httpUrlProblem(url)) {
                add(Rule::UrlInvalid, u"%1 %2 is not a valid URL: %3"_s.arg(field, quoted(url), *problem));
            }
        }
        QHash<QString, QString> seen;
        for (const QString &entry : values(u"Project-URL")) {
            const qsizetype comma = entry.indexOf(u',');
            const QString label = (comma < 0 ? entry : entry.first(comma)).trimmed();
            const QString url = comma < 0 ? QString() : entry.sliced(comma + 1).trimmed();
            if (label.isEmpty()) {
                add(Rule::ProjectUrlMalformed, u"Project-URL %1 has no label"_s.arg(quoted(entry)));
                continue;
            }
            if (codePointLength(label) > 32) {
                add(Rule::ProjectUrlMalformed,
                    u"Project-URL label '%1' is %2 characters long; PyPI allows 32"_s.arg(label).arg(codePointLength(label)));
                continue;
            }
            if (url.isEmpty()) {
                add(Rule::ProjectUrlMalformed, u"Project-URL '%1' has no URL (write 'Label, URL')"_s.arg(label));
                continue;
            }
            if (seen.contains(label) && seen.value(label) != url) {
                add(Rule::ProjectUrlMalformed, u"Project-URL label '%1' is used twice with different URLs"_s.arg(label));
                continue;
            }
            seen.insert(label, url);
            if (const auto problem = httpUrlProblem(url)) {
                add(Rule::UrlInvalid, u"Project-URL '%1' %2 is not a valid URL: %3"_s.arg(label, quoted(url), *problem));
            }
        }
    }

    void checkEmails()
    {
        for (const QString &field : {u"Author-email"_s, u"Maintainer-email"_s}) {
            for (const QString &address : emailAddresses(value(field))) {
                if (const auto problem = emailAddressProblem(address)) {
                    add(Rule::EmailInvalid, u"%1 '%2' is not a valid email address: %3"_s.arg(field, address, *problem));
                }
            }
        }
    }

    void checkDynamic()
    {
        static const QStringList forbidden{u"name"_s, u"version"_s, u"metadata-version"_s};
        for (const QString &entry : values(u"Dynamic")) {
            const QString lower = entry.trimmed().toLower();
            if (forbidden.contains(lower)) {
                add(Rule::DynamicInvalid, u"Dynamic '%1' is not allowed: Name, Version and Metadata-Version are always static"_s.arg(entry));
            } else if (Metadata::CoreMetadata::canonicalFieldName(lower).isEmpty() || lower == u"dynamic"_s) {
                add(Rule::DynamicInvalid, u"Dynamic '%1' is not a valid dynamic field"_s.arg(entry));
            }
        }
    }

    void checkImportNames()
    {
        for (const QString &field : {u"Import-Name"_s, u"Import-Namespace"_s}) {
            for (const QString &entry : values(field)) {
                QString name = entry.trimmed();
                const qsizetype semicolon = name.indexOf(u';');
                if (semicolon >= 0) {
                    if (name.sliced(semicolon + 1).trimmed() != u"private"_s) {
                        add(Rule::ImportNameInvalid, u"%1 %2 may only be followed by '; private'"_s.arg(field, quoted(entry)));
                        continue;
                    }
                    name = name.first(semicolon).trimmed();
                }
                const QStringList parts = name.split(u'.');
                if (!std::all_of(parts.cbegin(), parts.cend(), [](const QString &p) { return isPythonIdentifier(p); })) {
                    add(Rule::ImportNameInvalid, u"%1 %2 is not a dotted Python identifier"_s.arg(field, quoted(entry)));
                }
            }
        }
    }

    const Metadata::CoreMetadata &m_metadata;
    MetadataContext m_context;
    QList<Finding> m_findings;
    QStringList m_presentFields;
    std::optional<Metadata::Version> m_declaredVersion;
    QList<std::pair<QString, QStringList>> m_markerExtras;
};

} // namespace

bool isPlaceholderValue(const QString &value)
{
    return value == u"UNKNOWN"_s;
}

QList<Finding> checkMetadata(const Metadata::CoreMetadata &metadata, const MetadataContext &context)
{
    return MetadataChecker(metadata, context).run();
}

MetadataCheck checkMetadataBytes(const QByteArray &bytes, const QString &memberName, const MetadataContext &context)
{
    MetadataCheck result;
    auto parsed = Metadata::CoreMetadata::parse(bytes);
    if (!parsed) {
        const Metadata::MetadataError &error = parsed.error();
        const Rule rule = error.code == Metadata::MetadataError::Code::NotUtf8 ? Rule::MetadataNotUtf8 : Rule::MetadataUnparsable;
        result.findings.append(makeFinding(rule, u"%1: %2"_s.arg(memberName, error.message)));
        return result;
    }
    result.findings = checkMetadata(*parsed, context);
    result.metadata = std::move(*parsed);
    return result;
}

} // namespace Check
