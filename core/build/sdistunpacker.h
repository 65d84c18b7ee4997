// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <expected>

namespace Build {

/**
 * Unpacks an sdist (a tar archive, usually gzip-compressed) into destination, which must
 * exist and be empty, and returns the absolute path of its one top-level folder.
 *
 * Entries are refused, not skipped, when they could write outside destination (absolute
 * paths, "..", links pointing out) or are not plain files, folders or in-tree links, and
 * when the archive has more than one top-level folder. Thread-safe: meant to run on a
 * worker thread (QtConcurrent). The error is a sentence naming the archive and the entry.
 */
[[nodiscard]] std::expected<QString, QString> unpackSdist(const QString &archivePath, const QString &destination);

} // namespace Build
