// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace Project {

/**
 * A unified diff (as `diff -u`) between two texts, line by line, with `context` lines around
 * each change; empty when they are equal. Lines keep their bytes (a CRLF file shows its CR);
 * a last line without a line break gets "\ No newline at end of file". Pure, thread-safe.
 */
[[nodiscard]] QByteArray unifiedDiff(const QByteArray &before, const QByteArray &after, const QString &fromLabel,
                                     const QString &toLabel, int context = 3);

} // namespace Project
