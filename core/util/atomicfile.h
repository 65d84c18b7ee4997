// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <expected>

namespace Util {

/**
 * Writes a whole file atomically: the new content goes to a temporary file beside the
 * target and replaces it in one rename, so readers see the old file or the new one,
 * never half of either. On failure the target is untouched and the message names the
 * file and the reason. Thread-safe (no shared state).
 */
[[nodiscard]] std::expected<void, QString> writeFileAtomically(const QString &path, const QByteArray &content);

} // namespace Util
