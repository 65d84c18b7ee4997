// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace TestSupport {

// The built slipway executable (set by CTest through SLIPWAY_BIN).
QString slipwayExecutable();

// The Debian system Python, which has the peers (twine, build, readme_renderer) and the
// backends installed. Never the first python3 on PATH, which may be a pyenv shim.
QString systemPython();

struct ProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs a program to completion with the given standard input; fails the calling test
// (QVERIFY inside) when it cannot start.
ProcessResult run(const QString &program, const QStringList &arguments, const QByteArray &input = {},
                  const QString &workingDirectory = {});

// Runs `slipway ARGUMENTS...`.
ProcessResult runSlipway(const QStringList &arguments, const QByteArray &input = {});

} // namespace TestSupport
