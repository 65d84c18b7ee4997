// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

#include "core/check/checkoptions.h"
#include "core/check/finding.h"
#include "core/dist/distribution.h"

namespace Check {

// The long description as PyPI will render it; the content type defaults to text/x-rst.
struct DescriptionSource {
    QString text;
    QString contentType; // the Description-Content-Type as written, "" when absent
};

// What can be decided from the archive alone, before any description is rendered.
struct Inspection {
    QList<Finding> findings;
    // Set when the file has a non-empty long description whose rendering must be checked.
    std::optional<DescriptionSource> description;
};

/**
 * Every rule that needs only what Dist::readDistribution() produced: file name (SW101-SW109),
 * archive structure and RECORD (SW110-SW142), core metadata (SW2xx), the presence of a long
 * description and its content type (SW400, SW401) and the file size (SW500). Rendering the
 * description is the Checker's second stage.
 *
 * Pure and thread-safe. Findings are in a stable order (file name, archive, layout, metadata,
 * description, size), not capped (Checker::makeReport caps them at MaxFindingsPerRule).
 */
[[nodiscard]] Inspection inspectDistribution(const Dist::Distribution &distribution, const CheckOptions &options = {});

// The findings for a file that could not be read as a distribution at all (SW100, SW101).
// Empty for ReadError::Code::Canceled.
[[nodiscard]] QList<Finding> readErrorFindings(const Dist::ReadError &error);

// entry_points.txt as Warehouse validates it: UTF-8, an INI file as Python's configparser
// reads it (strict, '=' delimiter, case-sensitive names), and console/GUI script names
// matching [\w.-]+ (SW140, SW141). memberPath names the file in the messages.
[[nodiscard]] QList<Finding> checkEntryPoints(const QByteArray &bytes, const QString &memberPath);

// Whether PyPI accepts a wheel platform tag (Warehouse's _valid_platform_tag).
[[nodiscard]] bool isPyPiPlatformTag(const QString &platformTag);

inline constexpr qsizetype MaxFindingsPerRule = 20;

} // namespace Check
