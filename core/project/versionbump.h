// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <expected>
#include <optional>

#include "core/metadata/version.h"

namespace Project {

/**
 * PEP 440 version bumps, as a release manager means them. The result is always higher than
 * the input (a bump that would go backwards is an error); the local segment is dropped.
 *   major/minor/micro  1.2.3 -> 2.0.0 / 1.3.0 / 1.2.4 (pre, post and dev dropped; the release
 *                      keeps at least as many parts as the bumped one needs)
 *   a/b/rc             same label: next number (1.0a1 -> 1.0a2); a higher label: number 1
 *                      (1.0a2 -> 1.0b1); from a final release: next micro (1.0 -> 1.0.1a1);
 *                      a dev release of the same release becomes the pre-release (1.0.dev3 -> 1.0a1)
 *   post               1.0 -> 1.0.post1, 1.0.post1 -> 1.0.post2 (dev dropped)
 *   dev                1.0.dev1 -> 1.0.dev2; otherwise the next release's dev1
 *                      (1.0 -> 1.0.1.dev1, 1.0a1 -> 1.0a2.dev1, 1.0.post1 -> 1.0.post2.dev1)
 *   release            drop pre and dev: 1.0rc1 -> 1.0, 1.0.post1.dev2 -> 1.0.post1
 * Pure functions, thread-safe.
 */
enum class BumpPart { Major, Minor, Micro, Alpha, Beta, ReleaseCandidate, Post, Dev, Release };

// "major", "minor", "micro" (or "patch"), "a"/"alpha", "b"/"beta", "rc", "post", "dev", "release".
[[nodiscard]] std::optional<BumpPart> bumpPartFromString(QStringView text);
[[nodiscard]] QStringList bumpPartNames();

[[nodiscard]] std::expected<Metadata::Version, QString> bumpVersion(const Metadata::Version &version, BumpPart part);

} // namespace Project
