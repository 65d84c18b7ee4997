// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMap>

#include <expected>

#include "app/cli/command.h"
#include "core/dist/distribution.h"

template<typename T>
class QFutureWatcher;

namespace Cli {

/**
 * `slipway inspect FILE... [--json]`: reads wheels and sdists (core/dist) and prints, per
 * file, its kind, name, version, size, sha256, blake2b_256, member count, metadata and the
 * problems found. Files are read in parallel on the global thread pool; output keeps the
 * argument order and is written as each file's turn comes. Exit 0 when every file was read,
 * 1 when any could not be, 2 for a usage error.
 */
class InspectCommand final : public Command
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InspectCommand)

public:
    using Result = std::expected<Dist::Distribution, Dist::ReadError>;

    explicit InspectCommand(Console console, QObject *parent = nullptr);
    ~InspectCommand() override;

    void start(const QStringList &arguments) override;

private:
    void resultReady(int index);
    void flushReady();
    void finish();
    void printHuman(const QString &argument, const Result &result);

    QStringList m_files;
    QFutureWatcher<Result> *m_watcher = nullptr;
    QMap<int, Result> m_pending; // ready but not yet printed (an earlier file is still being read)
    int m_nextToPrint = 0;
    int m_failures = 0;
    bool m_json = false;
};

} // namespace Cli
