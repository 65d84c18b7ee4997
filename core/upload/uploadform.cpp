// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/upload/uploadform.h"

#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

#include "core/dist/distribution.h"

using namespace Qt::StringLiterals;

namespace Upload {

namespace {

// Spec spelling (lower-cased) -> Warehouse form name. packaging's raw names, with
// Warehouse's _FORM_TO_RAW_MAPPING renames for the five fields whose raw name is plural.
const QHash<QString, QString> &formNames()
{
    static const QHash<QString, QString> names{
        {u"metadata-version"_s, u"metadata_version"_s},
        {u"name"_s, u"name"_s},
        {u"version"_s, u"version"_s},
        {u"dynamic"_s, u"dynamic"_s},
        {u"platform"_s, u"platform"_s},
        {u"supported-platform"_s, u"supported_platform"_s},
        {u"summary"_s, u"summary"_s},
        {u"description-content-type"_s, u"description_content_type"_s},
        {u"keywords"_s, u"keywords"_s},
        {u"home-page"_s, u"home_page"_s},
        {u"download-url"_s, u"download_url"_s},
        {u"author"_s, u"author"_s},
        {u"author-email"_s, u"author_email"_s},
        {u"maintainer"_s, u"maintainer"_s},
        {u"maintainer-email"_s, u"maintainer_email"_s},
        {u"license"_s, u"license"_s},
        {u"license-expression"_s, u"license_expression"_s},
        {u"license-file"_s, u"license_file"_s},
        {u"classifier"_s, u"classifiers"_s},
        {u"requires-dist"_s, u"requires_dist"_s},
        {u"requires-python"_s, u"requires_python"_s},
        {u"requires-external"_s, u"requires_external"_s},
        {u"project-url"_s, u"project_urls"_s},
        {u"provides-extra"_s, u"provides_extra"_s},
        {u"provides-dist"_s, u"provides_dist"_s},
        {u"obsoletes-dist"_s, u"obsoletes_dist"_s},
        {u"requires"_s, u"requires"_s},
        {u"provides"_s, u"provides"_s},
        {u"obsoletes"_s, u"obsoletes"_s},
        {u"import-name"_s, u"import_name"_s},
        {u"import-namespace"_s, u"import_namespace"_s},
    };
    return names;
}

UploadError invalidFile(const QString &message)
{
    return {UploadError::Code::InvalidFile, message, {}, 0};
}

} // namespace

QString formFieldName(QStringView metadataField)
{
    return formNames().value(metadataField.trimmed().toString().toLower());
}

bool isMultipleUseFormField(QStringView formName)
{
    static const QStringList multiple{
        u"classifiers"_s,    u"requires_dist"_s, u"provides_dist"_s,    u"obsoletes_dist"_s,
        u"requires_external"_s, u"provides_extra"_s, u"project_urls"_s,  u"platform"_s,
        u"supported_platform"_s, u"license_file"_s, u"dynamic"_s,        u"requires"_s,
        u"provides"_s,       u"obsoletes"_s,     u"import_name"_s,      u"import_namespace"_s,
    };
    return multiple.contains(formName);
}

QList<FormField> uploadFormFields(const Metadata::CoreMetadata &metadata, const Dist::DistFilename &filename,
                                  const Dist::FileDigests &digests)
{
    QList<FormField> fields{{u":action"_s, u"file_upload"_s}, {u"protocol_version"_s, u"1"_s}};

    // Metadata in file order; the three required fields first, as Warehouse reports them first.
    for (const QString &required : {u"metadata_version"_s, u"name"_s, u"version"_s}) {
        for (const auto &[field, value] : metadata.fields()) {
            if (formFieldName(field) == required) {
                fields.append({required, value.trimmed()});
                break;
            }
        }
    }
    QStringList keywords;
    qsizetype keywordsAt = -1;
    bool requiresPythonSent = false;
    QStringList singleSent;
    for (const auto &[field, value] : metadata.fields()) {
        const QString name = formFieldName(field);
        if (name.isEmpty() || name == u"metadata_version"_s || name == u"name"_s || name == u"version"_s) {
            continue;
        }
        if (name == u"keywords"_s) {
            // One string; a repeated header (not valid, but seen) is joined as twine joins lists.
            if (keywordsAt < 0) {
                keywordsAt = fields.size();
                fields.append({name, QString()});
            }
            keywords.append(value.trimmed());
            continue;
        }
        if (!isMultipleUseFormField(name)) {
            // A single-use field twice would make Warehouse answer "'x' has invalid data"; the
            // check engine reports the duplicate, the form carries the first value.
            if (singleSent.contains(name)) {
                continue;
            }
            singleSent.append(name);
        }
        if (name == u"requires_python"_s) {
            requiresPythonSent = true;
        }
        // Folded header values keep their line breaks in the metadata; a form value must not.
        // (License keeps them: it is free text, often a whole licence.)
        QString cleaned = value.trimmed();
        if (name != u"license"_s && cleaned.contains(u'\n')) {
            static const QRegularExpression fold(u"\\s*\n\\s*"_s);
            cleaned.replace(fold, u" "_s);
        }
        fields.append({name, cleaned});
    }
    if (keywordsAt >= 0) {
        keywords.removeAll(QString());
        fields[keywordsAt].value = keywords.join(u", "_s);
    }
    const QString description = metadata.description();
    if (!description.isEmpty()) {
        fields.append({u"description"_s, description});
    }
    if (!requiresPythonSent) {
        fields.append({u"requires_python"_s, QString()});
    }
    if (filename.kind == Dist::DistKind::Wheel) {
        fields.append({u"filetype"_s, u"bdist_wheel"_s});
        fields.append({u"pyversion"_s, filename.wheel ? filename.wheel->pythonTags.join(u'.') : QString()});
    } else {
        fields.append({u"filetype"_s, u"sdist"_s});
        fields.append({u"pyversion"_s, u"source"_s});
    }
    fields.append({u"sha256_digest"_s, digests.sha256Hex()});
    fields.append({u"blake2_256_digest"_s, digests.blake2b256Hex()});
    return fields;
}

std::expected<PreparedFile, UploadError> prepareFile(const QString &path, const std::atomic<bool> *cancel)
{
    Dist::ReadOptions options;
    options.computeDigests = true;
    options.verifyContents = false;
    options.cancel = cancel;
    auto distribution = Dist::readDistribution(path, options);
    if (!distribution) {
        if (distribution.error().code == Dist::ReadError::Code::Canceled) {
            return std::unexpected(UploadError{UploadError::Code::Canceled, u"Canceled."_s, {}, 0});
        }
        return std::unexpected(invalidFile(distribution.error().message));
    }
    const QString shown = QFileInfo(path).fileName();
    if (!distribution->parsedFilename) {
        return std::unexpected(invalidFile(
            u"%1 is not named like a wheel or sdist, so its file type and Python tag cannot be told; rebuild it "
            u"with a PEP 517 backend (slipway build)."_s.arg(shown)));
    }
    if (!distribution->metadata) {
        const QString why = distribution->metadataError ? distribution->metadataError->message
                                                        : u"the archive has no METADATA or PKG-INFO file"_s;
        return std::unexpected(invalidFile(
            u"%1 has no readable core metadata (%2); the upload form is built from it, so it cannot be uploaded."_s
                .arg(shown, why)));
    }
    if (!distribution->digests) {
        return std::unexpected(invalidFile(u"%1 could not be hashed."_s.arg(shown)));
    }
    const Metadata::CoreMetadata &metadata = *distribution->metadata;
    if (metadata.name().trimmed().isEmpty() || metadata.version().trimmed().isEmpty()) {
        return std::unexpected(invalidFile(
            u"The metadata of %1 lacks Name or Version, which every registry requires."_s.arg(shown)));
    }
    PreparedFile prepared;
    prepared.path = path;
    prepared.filename = distribution->filename;
    prepared.kind = distribution->parsedFilename->kind;
    prepared.project = metadata.name().trimmed();
    prepared.version = metadata.version().trimmed();
    prepared.size = distribution->digests->size;
    prepared.digests = *distribution->digests;
    prepared.fields = uploadFormFields(metadata, *distribution->parsedFilename, prepared.digests);
    return prepared;
}

} // namespace Upload
