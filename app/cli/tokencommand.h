// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/command.h"

namespace Cli {

/**
 * `slipway token inspect (--registry NAME | --stdin) [--json]`: decodes a token offline and
 * says what it is and may do (PyPI caveats in words, account-wide warning, GitLab token
 * kinds). The token comes from the keychain entry of a registry or from standard input,
 * never from an argument, and is never printed: only its fingerprint.
 */
class TokenCommand final : public Command
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenCommand)

public:
    explicit TokenCommand(Console console, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

private:
    void inspect(const QString &token, bool json);
    void finish(int exitCode);

    bool m_finished = false;
};

} // namespace Cli
