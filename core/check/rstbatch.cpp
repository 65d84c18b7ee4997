// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/check/rstbatch.h"

#include <QFile>
#include <QMetaObject>
#include <QProcess>
#include <QThread>
#include <QTimer>

#include <algorithm>

#include "core/readme/renderjob.h"

using namespace Qt::StringLiterals;

namespace Check {

namespace {

constexpr int NoDocutilsExitCode = 3; // check_rst_batch.py / readme_rst.py
constexpr qsizetype MaxStderr = 64 * 1024;
constexpr qsizetype MaxPendingOutput = 256 * 1024 * 1024;
// Documents a helper holds at once: one, so that the others take the next ones.
constexpr qsizetype MaxInFlight = 1;

QByteArray resource(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray record(const QByteArray &bytes)
{
    return QByteArray::number(bytes.size()) + '\n' + bytes;
}

Readme::RenderResult notVerified(const QString &message)
{
    Readme::RenderResult result;
    result.verified = false;
    result.findings.append(
        Readme::Finding{Readme::Finding::Code::NotVerified, Readme::Finding::Severity::Warning, message, 0});
    return result;
}

QString lastLines(const QByteArray &text)
{
    QStringList lines = QString::fromUtf8(text).trimmed().split(u'\n');
    while (lines.size() > 3) {
        lines.removeFirst();
    }
    return lines.join(u" / "_s).simplified();
}

} // namespace

RstBatch::RstBatch(const QString &configuredPython, const QString &cacheDirectory, QObject *parent)
    : QObject(parent)
    , m_candidates(Readme::RenderJob::pythonCandidates(configuredPython))
    , m_driver(resource(u":/slipway/python/check_rst_batch.py"_s))
    , m_helper(resource(u":/slipway/python/readme_rst.py"_s))
    , m_cache(cacheDirectory, m_candidates, m_driver + '\0' + m_helper)
    , m_timer(new QTimer(this))
    , m_maxProcesses(std::max(1, QThread::idealThreadCount()))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        failEverything(u"The reStructuredText helper (%1) did not answer within %2 seconds; the description is not "
                       "verified."_s.arg(m_candidates.value(m_candidate))
                           .arg(std::chrono::duration_cast<std::chrono::seconds>(m_timeout).count()));
    });
}

RstBatch::~RstBatch()
{
    stopAll();
}

void RstBatch::prepare()
{
    // With a usable cache most documents need no Python: start it on the first miss.
    if (!m_prepared && !m_failed && m_workers.empty() && !m_cache.isUsable()) {
        m_prepared = true;
        startWorker();
    }
}

void RstBatch::render(int id, const QString &source)
{
    if (const auto known = m_bySource.constFind(source); known != m_bySource.constEnd()) {
        Document &document = m_documents[*known];
        if (document.result) {
            QMetaObject::invokeMethod(
                this, [this, id, result = *document.result] { Q_EMIT rendered(id, result); }, Qt::QueuedConnection);
        } else {
            document.ids.append(id);
        }
        return;
    }
    const qsizetype index = m_documents.size();
    m_bySource.insert(source, index);
    m_documents.append(Document{source, {id}, std::nullopt, false});
    if (auto cached = m_cache.find(source)) {
        m_documents[index].result = std::move(*cached);
        QMetaObject::invokeMethod(
            this, [this, id, result = *m_documents[index].result] { Q_EMIT rendered(id, result); },
            Qt::QueuedConnection);
        return;
    }
    if (m_failed) {
        // An earlier failure (no docutils anywhere) holds for every later document too.
        m_documents[index].result = notVerified(m_failure);
        QMetaObject::invokeMethod(
            this, [this, id, result = *m_documents[index].result] { Q_EMIT rendered(id, result); },
            Qt::QueuedConnection);
        return;
    }
    m_queue.append(index);
    if (m_workers.empty()) {
        m_prepared = true;
        startWorker();
    }
    dispatch();
}

void RstBatch::finishInput()
{
    m_inputFinished = true;
    if (m_queue.isEmpty()) {
        for (const auto &worker : m_workers) {
            worker->process->closeWriteChannel();
        }
    }
}

void RstBatch::cancel()
{
    failEverything(u"Checking was cancelled; the description is not verified."_s);
}

void RstBatch::startWorker()
{
    if (m_candidate >= m_candidates.size()) {
        failEverything(
            u"No Python with docutils was found (%1), so the reStructuredText description is not verified. Install "
            "docutils for your Python (Debian: apt install python3-docutils) or choose the interpreter with "
            "--python."_s.arg(m_attempts.join(u"; "_s)));
        return;
    }
    if (m_driver.isEmpty() || m_helper.isEmpty()) {
        failEverything(u"The reStructuredText helpers are missing from this Slipway build; the description is not "
                       "verified."_s);
        return;
    }
    auto owned = std::make_unique<Worker>();
    Worker *worker = owned.get();
    worker->id = m_nextWorkerId++;
    worker->process = new QProcess(this);
    QProcess *process = worker->process;
    m_workers.push_back(std::move(owned));
    process->setProcessChannelMode(QProcess::SeparateChannels);
    connect(process, &QProcess::readyReadStandardOutput, this, [this, worker] { readWorker(worker); });
    connect(process, &QProcess::readyReadStandardError, this, [worker] {
        worker->stderrBuffer += worker->process->readAllStandardError();
        if (worker->stderrBuffer.size() > MaxStderr) {
            worker->stderrBuffer = worker->stderrBuffer.right(MaxStderr);
        }
    });
    connect(process, &QProcess::finished, this, [this, worker](int exitCode, QProcess::ExitStatus status) {
        workerFinished(worker, exitCode, status == QProcess::CrashExit);
    });
    connect(process, &QProcess::errorOccurred, this, [this, id = worker->id](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            // QProcess may report this from within start(); go on from the event loop.
            QMetaObject::invokeMethod(this, [this, id] { workerFailedToStart(id); }, Qt::QueuedConnection);
        }
    });
    // -I: ignore the user's environment and site directory tweaks; -Xutf8: UTF-8 streams.
    process->start(m_candidates.at(m_candidate), {u"-I"_s, u"-Xutf8=1"_s, u"-c"_s, QString::fromUtf8(m_driver)});
    if (process->state() == QProcess::NotRunning) {
        return;
    }
    process->write(record(m_helper));
}

void RstBatch::dispatch()
{
    while (!m_failed && !m_queue.isEmpty()) {
        Worker *chosen = nullptr;
        for (const auto &worker : m_workers) {
            const bool usable = worker->process->state() != QProcess::NotRunning;
            if (usable && worker->inFlight.size() < MaxInFlight &&
                (chosen == nullptr || worker->inFlight.size() < chosen->inFlight.size())) {
                chosen = worker.get();
            }
        }
        if (chosen == nullptr) {
            // More helpers only once one has shown that this interpreter has docutils.
            if (!m_interpreterConfirmed || static_cast<int>(m_workers.size()) >= m_maxProcesses) {
                break;
            }
            const size_t before = m_workers.size();
            startWorker();
            if (m_workers.size() == before || m_workers.back()->process->state() == QProcess::NotRunning) {
                break;
            }
            continue;
        }
        const qsizetype index = m_queue.takeFirst();
        m_documents[index].assigned = true;
        chosen->inFlight.append(index);
        chosen->process->write(record(m_documents.at(index).source.toUtf8()));
    }
    if (m_inputFinished && m_queue.isEmpty()) {
        for (const auto &worker : m_workers) {
            if (worker->process->state() != QProcess::NotRunning) {
                worker->process->closeWriteChannel();
            }
        }
    }
    restartTimer();
}

void RstBatch::readWorker(Worker *worker)
{
    worker->stdoutBuffer += worker->process->readAllStandardOutput();
    if (worker->stdoutBuffer.size() > MaxPendingOutput) {
        failEverything(u"The reStructuredText helper wrote more output than Slipway accepts; the description is not "
                       "verified."_s);
        return;
    }
    QByteArray &buffer = worker->stdoutBuffer;
    bool answered = false;
    for (;;) {
        const qsizetype newline = buffer.indexOf('\n');
        if (newline < 0) {
            break;
        }
        if (!worker->ready) {
            const QByteArray line = buffer.first(newline);
            if (line != "ready" && !line.startsWith("ready ")) {
                failEverything(u"The reStructuredText helper answered something unreadable; the description is not "
                               "verified."_s);
                return;
            }
            m_cache.setEnvironment(line.sliced(std::min<qsizetype>(line.size(), 6)));
            buffer.remove(0, newline + 1);
            worker->ready = true;
            m_interpreterConfirmed = true;
            answered = true; // may start more helpers
            continue;
        }
        bool ok = false;
        const qsizetype length = buffer.first(newline).toLongLong(&ok);
        if (!ok || length < 0 || worker->inFlight.isEmpty()) {
            failEverything(u"The reStructuredText helper answered something unreadable; the description is not "
                           "verified."_s);
            return;
        }
        if (buffer.size() < newline + 1 + length) {
            break;
        }
        const QByteArray json = buffer.sliced(newline + 1, length);
        buffer.remove(0, newline + 1 + length);
        ++worker->answered;
        answered = true;
        const qsizetype index = worker->inFlight.takeFirst();
        if (json.isEmpty()) {
            answer(index, notVerified(u"The reStructuredText helper failed on this description (%1); it is not "
                                      "verified."_s.arg(lastLines(worker->stderrBuffer))));
            if (m_failed) {
                return;
            }
            continue;
        }
        Readme::RenderResult result = Readme::rstResultFromHelperOutput(json);
        if (result.verified) {
            m_cache.insert(m_documents.at(index).source, json, result);
        }
        answer(index, std::move(result));
        if (m_failed) {
            return; // a slot cancelled everything: this helper is gone
        }
    }
    if (answered) {
        dispatch();
    }
}

void RstBatch::workerFinished(Worker *worker, int exitCode, bool crashed)
{
    readWorker(worker);
    if (m_failed) {
        return; // failEverything() removed every helper
    }
    const QList<qsizetype> orphaned = worker->inFlight;
    const bool neverReady = !worker->ready;
    const QByteArray errors = worker->stderrBuffer;
    removeWorker(worker);
    if (!crashed && exitCode == 0 && orphaned.isEmpty()) {
        return; // input closed and everything answered
    }
    const QString python = m_candidates.value(m_candidate);
    if (!crashed && exitCode == NoDocutilsExitCode && neverReady && !m_interpreterConfirmed) {
        m_attempts.append(u"%1: docutils is not importable"_s.arg(python));
        m_queue = orphaned + m_queue;
        nextCandidate();
        return;
    }
    failDocuments(orphaned, u"The reStructuredText helper (%1) stopped (%2)%3; the description is not verified."_s.arg(
                                python, crashed ? u"crashed"_s : u"exit status %1"_s.arg(exitCode),
                                errors.isEmpty() ? QString() : u": "_s + lastLines(errors)));
    if (m_failed) {
        return;
    }
    if (m_workers.empty() && !m_queue.isEmpty()) {
        startWorker();
    }
    dispatch();
}

void RstBatch::workerFailedToStart(quint64 workerId)
{
    const auto it = std::find_if(m_workers.begin(), m_workers.end(), [workerId](const auto &w) { return w->id == workerId; });
    if (it == m_workers.end()) {
        return; // already removed
    }
    Worker *worker = it->get();
    const QList<qsizetype> orphaned = worker->inFlight;
    removeWorker(worker);
    m_queue = orphaned + m_queue;
    if (!m_interpreterConfirmed) {
        m_attempts.append(u"%1: cannot be started"_s.arg(m_candidates.value(m_candidate)));
        nextCandidate();
        return;
    }
    dispatch();
}

void RstBatch::nextCandidate()
{
    ++m_candidate;
    if (m_inputFinished && m_queue.isEmpty()) {
        return; // nothing to render, and nothing will come
    }
    startWorker();
    dispatch();
}

void RstBatch::removeWorker(Worker *worker)
{
    const auto it = std::find_if(m_workers.begin(), m_workers.end(), [worker](const auto &w) { return w.get() == worker; });
    if (it == m_workers.end()) {
        return;
    }
    QProcess *process = worker->process;
    process->disconnect(this);
    if (process->state() != QProcess::NotRunning) {
        process->kill();
        process->waitForFinished(1000);
    }
    process->deleteLater();
    m_workers.erase(it);
}

void RstBatch::stopAll()
{
    while (!m_workers.empty()) {
        removeWorker(m_workers.back().get());
    }
}

void RstBatch::answer(qsizetype index, Readme::RenderResult result)
{
    Document &document = m_documents[index];
    if (document.result) {
        return;
    }
    document.result = std::move(result);
    const QList<int> ids = std::exchange(document.ids, {});
    for (int id : ids) {
        Q_EMIT rendered(id, *document.result);
    }
}

void RstBatch::failDocuments(const QList<qsizetype> &documents, const QString &message)
{
    const Readme::RenderResult result = notVerified(message);
    for (qsizetype index : documents) {
        answer(index, result);
    }
}

void RstBatch::failEverything(const QString &message)
{
    m_failed = true;
    m_failure = message;
    m_timer->stop();
    stopAll();
    m_queue.clear();
    const Readme::RenderResult result = notVerified(message);
    for (qsizetype index = 0; index < m_documents.size(); ++index) {
        answer(index, result);
    }
}

bool RstBatch::hasPending() const
{
    return std::any_of(m_documents.cbegin(), m_documents.cend(), [](const Document &d) { return !d.result; });
}

void RstBatch::restartTimer()
{
    if (hasPending() && !m_workers.empty()) {
        m_timer->start(m_timeout);
    } else {
        m_timer->stop();
    }
}

} // namespace Check
