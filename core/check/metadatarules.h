// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

#include "core/check/finding.h"
#include "core/metadata/coremetadata.h"

namespace Check {

// Where the metadata came from, for the rules that differ between wheels and sdists.
struct MetadataContext {
    bool isSdist = false;
};

/**
 * The SW2xx rules: core metadata as PyPI (Warehouse with packaging 26) and twine validate it,
 * plus PyPI-only rules (no local versions, known and current classifiers, valid emails and
 * http(s) URLs, no direct references, License vs License-Expression).
 *
 * Pure functions over a parsed CoreMetadata; thread-safe. Findings come in field order.
 */
[[nodiscard]] QList<Finding> checkMetadata(const Metadata::CoreMetadata &metadata, const MetadataContext &context = {});

// The metadata parsed from METADATA/PKG-INFO bytes, with the findings (SW200/SW201 when the
// bytes cannot be parsed, else those of checkMetadata).
struct MetadataCheck {
    std::optional<Metadata::CoreMetadata> metadata;
    QList<Finding> findings;
};
[[nodiscard]] MetadataCheck checkMetadataBytes(const QByteArray &bytes, const QString &memberName,
                                               const MetadataContext &context = {});

// PyPI drops form values spelled "UNKNOWN" (old setuptools' placeholder); the rules treat them
// as absent.
[[nodiscard]] bool isPlaceholderValue(const QString &value);

} // namespace Check
