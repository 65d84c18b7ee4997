// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/registryserverbodypipeline.h"

#include <QByteArray>
#include <QThreadPool>

#include <condition_variable>
#include <deque>
#include <mutex>

namespace TestSupport {

struct BodyPipeline::State {
    std::function<void(QByteArrayView)> consume;
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<QByteArray> queue;
    qsizetype queuedBytes = 0;
    bool running = false;  // a drain() is scheduled or runs
    bool discard = false;
};

BodyPipeline::BodyPipeline(QThreadPool *pool, std::function<void(QByteArrayView)> consume)
    : m_pool(pool)
    , m_state(std::make_shared<State>())
{
    m_state->consume = std::move(consume);
}

BodyPipeline::~BodyPipeline()
{
    std::unique_lock lock(m_state->mutex);
    m_state->discard = true;
    m_state->changed.wait(lock, [this] { return !m_state->running; });
}

void BodyPipeline::push(QByteArrayView data)
{
    if (data.isEmpty()) {
        return;
    }
    std::unique_lock lock(m_state->mutex);
    m_state->changed.wait(lock, [this] { return m_state->queuedBytes < maxQueuedBytes; });
    m_state->queue.emplace_back(data.data(), data.size());
    m_state->queuedBytes += data.size();
    if (!m_state->running) {
        m_state->running = true;
        m_pool->start([state = m_state] { drain(state); });
    }
}

void BodyPipeline::finish()
{
    std::unique_lock lock(m_state->mutex);
    m_state->changed.wait(lock, [this] { return !m_state->running; });
}

void BodyPipeline::drain(const std::shared_ptr<State> &state)
{
    std::unique_lock lock(state->mutex);
    while (!state->queue.empty() && !state->discard) {
        const QByteArray chunk = std::move(state->queue.front());
        state->queue.pop_front();
        lock.unlock();
        state->consume(chunk);
        lock.lock();
        state->queuedBytes -= chunk.size();
        state->changed.notify_all();
    }
    state->queue.clear();
    state->queuedBytes = 0;
    state->running = false;
    state->changed.notify_all();
}

} // namespace TestSupport
