// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/command.h"

namespace Build {
class BuildJob;
struct BuildResult;
struct PostBuildReport;
} // namespace Build

namespace Cli {

/**
 * `slipway build [DIR] [--sdist] [--wheel] [-o OUTDIR] [--no-isolation] [--skip-dependency-check]
 * [--python PATH] [-C KEY=VALUE]... [--json]`, plus --find-links/--no-index for offline
 * builds, --installer, --timeout, --no-source-date-epoch, and --no-check/--strict for the check
 * engine that runs on the built files (a file PyPI would refuse fails the build).
 *
 * Progress and the backend's output go to stderr as they come; stdout gets the result (the
 * names of the built files, or one JSON object with --json). Ctrl-C and SIGTERM cancel the
 * build and kill the backend's whole process tree. Exit 0 only when every requested
 * distribution was built and passed the check.
 */
class BuildCommand final : public Command
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildCommand)

public:
    explicit BuildCommand(Console console, QObject *parent = nullptr);
    ~BuildCommand() override;

    void start(const QStringList &arguments) override;

private:
    void report(const Build::BuildResult &result);
    void printCheckReport(const Build::PostBuildReport &report);
    void installSignalHandlers();

    Build::BuildJob *m_job = nullptr;
    bool m_json = false;
};

} // namespace Cli
