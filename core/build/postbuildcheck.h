// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

#include "core/build/buildjob.h"
#include "core/check/checkoptions.h"
#include "core/check/finding.h"

class QObject;

namespace Build {

/**
 * The check engine as a BuildJob's post-build step: every artifact is checked as `slipway
 * check` would, and the build passes only when no file has an error (or, under
 * CheckOptions::strict, a warning). The report's details hold {"files": [FileReport::toJson()]},
 * its summary one line such as "2 files checked: 1 warning".
 *
 * The checker lives on context's thread as its child while it runs; destroying context
 * cancels it, and done is then never called (the BuildJob is gone with it).
 */
[[nodiscard]] PostBuildStep checkArtifactsStep(const Check::CheckOptions &options, QObject *context);

// The post-build report for the check engine's reports (the part of the step that decides).
[[nodiscard]] PostBuildReport postBuildReport(const QList<Check::FileReport> &reports);

} // namespace Build
