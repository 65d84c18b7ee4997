// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/command.h"

namespace Cli {

/**
 * `slipway ci generate gitlab|github [DIR] [--dry-run] [--force]`: writes a ready CI recipe for
 * releasing the project (GitLab: test, build, publish to the test registry on tags, a manual
 * production gate; GitHub Actions: trusted publishing through OIDC, no stored token). --dry-run
 * prints it instead; an existing file is never replaced without --force.
 */
class CiCommand final : public Command
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CiCommand)

public:
    using Command::Command;

    void start(const QStringList &arguments) override;
};

} // namespace Cli
