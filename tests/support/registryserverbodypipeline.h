// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QtGlobal>

#include <functional>
#include <memory>

class QThreadPool;

namespace TestSupport {

/**
 * Runs the per-byte work of one request body (strict multipart parsing, three digests, writing
 * the spool file) on a pool thread, in the order the bytes arrived. A real index (Warehouse)
 * handles parallel uploads on many workers; with this the test registry does too, while its
 * event-loop thread only moves bytes between sockets and pipelines.
 *
 * push() and finish() are called from one thread (the server's). `consume` runs on a thread of
 * `pool`, one call at a time and in order. push() copies the bytes and waits while more than
 * maxQueuedBytes are pending, so memory stays flat whatever the body's size. When finish()
 * returns, every byte pushed has been consumed and everything `consume` wrote is visible to
 * the caller. The destructor drops what is still queued and waits for the call in progress.
 */
class BodyPipeline final
{
public:
    BodyPipeline(QThreadPool *pool, std::function<void(QByteArrayView)> consume);
    ~BodyPipeline();
    Q_DISABLE_COPY_MOVE(BodyPipeline)

    void push(QByteArrayView data);
    void finish();

    static constexpr qsizetype maxQueuedBytes = 4 * 1024 * 1024;

private:
    struct State;
    static void drain(const std::shared_ptr<State> &state);

    QThreadPool *m_pool = nullptr;
    // Shared with the pool thread, which may still be leaving drain() after the last notify.
    std::shared_ptr<State> m_state;
};

} // namespace TestSupport
