// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include "app/cli/command.h"
#include "core/readme/renderer.h"

namespace Readme {
class RenderJob;
}

namespace Cli {

/**
 * `slipway readme PATH [--content-type TYPE] [--html] [--python PATH]`: renders a long
 * description as PyPI shows it (core/readme). PATH is a README file, `-` for standard input,
 * or a project folder (its pyproject.toml [project].readme). Without --html it prints a
 * report (content type, one line per finding, verdict); with --html the sanitized HTML body
 * goes to stdout and the findings to stderr. Exit 0 when PyPI accepts the description, 1 when
 * it would refuse it, when it could not be verified or read, 2 for a usage error.
 */
class ReadmeCommand final : public Command
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReadmeCommand)

public:
    explicit ReadmeCommand(Console console, QObject *parent = nullptr);
    ~ReadmeCommand() override;

    void start(const QStringList &arguments) override;

private:
    void rendered(const Readme::RenderResult &result);

    QString m_displayPath;
    QString m_typeLabel;
    bool m_html = false;
    bool m_notUtf8 = false;
    Readme::RenderJob *m_job = nullptr;
};

} // namespace Cli
