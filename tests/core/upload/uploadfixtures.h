// SPDX-License-Identifier: GPL-3.0-or-later
// Distributions and helpers shared by the upload tests.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace UploadFixtures {

// A small valid wheel {name}-{version}-py3-none-any.whl in `directory` (Markdown description, so
// the checks need no Python). `extraHeaders` go into METADATA ("Classifier: ...\n").
QString writeWheel(const QString &directory, const QByteArray &name, const QByteArray &version,
                   const QByteArray &extraHeaders = {}, const QByteArray &payload = "x = 1\n");
// A small valid sdist {name}-{version}.tar.gz.
QString writeSdist(const QString &directory, const QByteArray &name, const QByteArray &version,
                   const QByteArray &extraHeaders = {});
// A wheel with one STORED member of `payloadBytes` pseudo-random bytes, written in a streaming
// way by /usr/bin/python3 zipfile, so a test can have hundreds of MB without holding them.
QString writeLargeWheel(const QString &directory, const QByteArray &name, const QByteArray &version,
                        qint64 payloadBytes);

// This process's resident set size in bytes (VmRSS), 0 when unknown.
qint64 residentBytes();

struct ChildResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};
// Runs a program while the event loop keeps serving in-process servers (no blocking wait).
// `extraEnvironment`: "NAME=value" sets, "NAME" removes. `input` goes to standard input.
ChildResult runAsync(const QString &program, const QStringList &arguments, const QStringList &extraEnvironment = {},
                     const QByteArray &input = {});

} // namespace UploadFixtures
