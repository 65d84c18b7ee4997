// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <atomic>
#include <expected>
#include <optional>

#include "core/dist/distfilename.h"
#include "core/dist/filedigests.h"
#include "core/metadata/coremetadata.h"
#include "core/upload/uploadtypes.h"

namespace Upload {

/**
 * The legacy-API form name of a core metadata field: packaging's raw name ("Requires-Dist" ->
 * "requires_dist", "Home-page" -> "home_page", "Classifier" -> "classifiers", "Project-URL" ->
 * "project_urls"), except the five Warehouse renames ("Platform" -> "platform",
 * "Supported-Platform" -> "supported_platform", "License-File" -> "license_file",
 * "Import-Name" / "Import-Namespace" -> "import_name" / "import_namespace"). Empty for fields
 * the upload API does not take (unknown fields, Description is sent from the body).
 */
[[nodiscard]] QString formFieldName(QStringView metadataField);

/// Whether the form repeats the field once per value (classifiers, requires_dist, ...).
[[nodiscard]] bool isMultipleUseFormField(QStringView formName);

/**
 * The form fields for one distribution, as Warehouse reads them: ":action" = "file_upload",
 * "protocol_version" = "1", every metadata field from the file's own METADATA/PKG-INFO under
 * its form name (multiple-use fields repeated in file order; Project-URL values stay
 * "Label, URL"; Keywords sent once, repeated headers joined with ", "), the description from the
 * body, "requires_python" always (empty when the metadata has none: GitLab requires the field),
 * "filetype" ("bdist_wheel" / "sdist"), "pyversion" (the wheel's python tag as written, e.g.
 * "py2.py3"; "source" for sdists), "sha256_digest" and "blake2_256_digest" (lowercase hex).
 * The file itself goes in the "content" part (MultipartBody). Pure function.
 */
[[nodiscard]] QList<FormField> uploadFormFields(const Metadata::CoreMetadata &metadata, const Dist::DistFilename &filename,
                                                const Dist::FileDigests &digests);

/**
 * What an upload needs to know about one file, read from disk once: its name, size, digests
 * (one streaming pass), metadata and the form built from them. A plain value type.
 */
struct PreparedFile {
    QString path;
    QString filename;
    Dist::DistKind kind = Dist::DistKind::Wheel;
    QString project;          ///< Name as the metadata spells it
    QString version;          ///< Version as the metadata spells it
    qint64 size = 0;
    Dist::FileDigests digests;
    QList<FormField> fields;  ///< everything but the content part
};

/**
 * Reads a distribution's metadata (without verifying member contents; that is the check
 * engine's job) and computes sha256 and BLAKE2b-256 in one pass, then builds the form.
 * Blocking and thread-safe: call it from a worker thread. Errors (Code::InvalidFile or
 * Code::Canceled) name the file and say what is wrong.
 */
[[nodiscard]] std::expected<PreparedFile, UploadError> prepareFile(const QString &path,
                                                                   const std::atomic<bool> *cancel = nullptr);

} // namespace Upload
