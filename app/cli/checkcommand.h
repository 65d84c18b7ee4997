// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/command.h"

namespace Check {
class Checker;
struct FileReport;
} // namespace Check

namespace Cli {

/**
 * `slipway check FILE... [--strict] [--json] [--python PATH] [--no-cache]`: checks wheels and sdists
 * against everything PyPI would refuse or render badly. A directory stands for the
 * distributions in it.
 *
 * Human output: one line per file ("<path>: PASSED", "PASSED with warnings", "FAILED"), then its
 * findings. --json prints {"files": [{"path", "verdict", "findings": [{"code", "severity",
 * "message", "hint"}]}]}. Files are checked in parallel but reported in the order given.
 * Exit 0 when no file has an error (warnings fail only under --strict), 1 otherwise, 2 for a
 * usage error.
 */
class CheckCommand final : public Command
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CheckCommand)

public:
    explicit CheckCommand(Console console, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

private:
    void printReady();
    void printReport(const Check::FileReport &report);
    void finish();

    Check::Checker *m_checker = nullptr;
    bool m_json = false;
    int m_nextToPrint = 0;
};

} // namespace Cli
