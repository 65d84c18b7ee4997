// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace Dist {

// Name patterns of the files Slipway reads as distributions: wheels and sdists (.tar.gz, and
// the legacy .zip).
[[nodiscard]] const QStringList &distributionNameFilters();

// The distributions directly inside directory, by name.
[[nodiscard]] QStringList distributionFilesIn(const QString &directory);

// What a command line names: each path as given, or for a directory the distributions
// directly inside it (so `slipway check dist/` reads what is in dist/).
[[nodiscard]] QStringList expandDistributionPaths(const QStringList &paths);

} // namespace Dist
