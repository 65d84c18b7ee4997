// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <expected>

#include "core/build/buildjob.h"

class QCommandLineParser;

namespace Cli {

// The options of `slipway build` (--sdist, --wheel, -o, --no-isolation, -C, --installer, ...),
// for every command that builds: `slipway build` and `slipway release start`.
void addBuildOptions(QCommandLineParser &parser);

// The build those options ask for, of the project in sourceDirectory; otherwise the usage
// problem in words (a bad -C, --installer or --timeout value).
[[nodiscard]] std::expected<Build::BuildOptions, QString> buildOptionsFrom(const QCommandLineParser &parser,
                                                                           const QString &sourceDirectory);

} // namespace Cli
