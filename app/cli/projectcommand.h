// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/command.h"

namespace Project {
class PyProject;
}

namespace Cli {

/**
 * `slipway project VERB ...`: shows and edits pyproject.toml without touching a byte the user
 * wrote outside the change.
 *
 *   show   [DIR] [--json]        the [project] model, the core metadata PyPI will show, findings
 *   set    [DIR] KEY VALUE       a string key, or a list key with a JSON array value
 *   add    [DIR] KEY VALUE       one element to a list (classifier, keyword, dependency, ...)
 *   remove [DIR] KEY VALUE       one element from a list
 *   unset  [DIR] KEY             remove a key (or a sub-table such as urls)
 *   bump   [DIR] PART            major, minor, micro, a, b, rc, post, dev, release
 *
 * Edits print a unified diff; --dry-run prints it and writes nothing. An edit that would add
 * an error finding (an unknown classifier, an invalid license expression, ...) is refused
 * unless --force. Exit 0 ok, 1 refused/failed (or `show` found errors), 2 usage error.
 */
class ProjectCommand final : public Command
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectCommand)

public:
    explicit ProjectCommand(Console console, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

private:
    int show(const Project::PyProject &project, bool json);
};

} // namespace Cli
