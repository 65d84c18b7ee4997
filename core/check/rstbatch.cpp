// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/check/rstbatch.h"

#include <QFile>
#include <QMetaObject>
#include <QProcess>
#include <QTimer>

#include "core/readme/renderjob.h"

using namespace Qt::StringLiterals;

namespace Check {

namespace {

constexpr int NoDocutilsExitCode = 3;  // check_rst_batch.py / readme_rst.py
constexpr qsizetype MaxStderr = 64 * 1024;
constexpr qsizetype MaxPendingOutput = 256 * 1024 * 1024;

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
    result.findings.append(Readme::Finding{Readme::Finding::Code::NotVerified, Readme::Finding::Severity::Warning, message, 0});
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

RstBatch::RstBatch(const QString &configuredPython, QObject *parent)
    : QObject(parent)
    , m_candidates(Readme::RenderJob::pythonCandidates(configuredPython))
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_answered >= m_documents.size()) {
            return;
        }
        const QString python = m_candidates.value(m_candidate);
        if (m_process) {
            m_process->disconnect(this);
            m_process->kill();
        }
        failPending(u"The reStructuredText helper (%1) did not answer within %2 seconds; the description is not "
                    "verified."_s.arg(python)
                        .arg(std::chrono::duration_cast<std::chrono::seconds>(m_timeout).count()));
    });
}

RstBatch::~RstBatch()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
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
    m_bySource.insert(source, m_documents.size());
    m_documents.append(Document{source, {id}, std::nullopt});
    if (m_failed) {
        // An earlier failure (no docutils anywhere) holds for every later document too.
        const Readme::RenderResult result = *m_documents.first().result;
        const qsizetype index = m_documents.size() - 1;
        m_answered = m_documents.size();
        QMetaObject::invokeMethod(this, [this, index, result] { answer(index, result); }, Qt::QueuedConnection);
        return;
    }
    if (m_candidate < 0) {
        startNextCandidate();
    } else {
        sendPending();
    }
}

void RstBatch::finishInput()
{
    m_inputFinished = true;
    if (m_process && m_sent == m_documents.size()) {
        m_process->closeWriteChannel();
    }
}

void RstBatch::cancel()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
    }
    failPending(u"Checking was cancelled; the description is not verified."_s);
}

void RstBatch::startNextCandidate()
{
    ++m_candidate;
    if (m_candidate >= m_candidates.size()) {
        failPending(u"No Python with docutils was found (%1), so the reStructuredText description is not verified. "
                    "Install docutils for your Python (Debian: apt install python3-docutils) or choose the "
                    "interpreter with --python."_s.arg(m_attempts.join(u"; "_s)));
        return;
    }
    const QByteArray driver = resource(u":/slipway/python/check_rst_batch.py"_s);
    const QByteArray helper = resource(u":/slipway/python/readme_rst.py"_s);
    if (driver.isEmpty() || helper.isEmpty()) {
        failPending(u"The reStructuredText helpers are missing from this Slipway build; the description is not verified."_s);
        return;
    }
    auto *process = new QProcess(this);
    m_process = process;
    m_stdout.clear();
    m_stderr.clear();
    m_sent = m_answered;
    m_answeredByProcess = 0;
    process->setProcessChannelMode(QProcess::SeparateChannels);
    connect(process, &QProcess::readyReadStandardOutput, this, &RstBatch::readAnswers);
    connect(process, &QProcess::readyReadStandardError, this, [this, process] {
        m_stderr += process->readAllStandardError();
        if (m_stderr.size() > MaxStderr) {
            m_stderr = m_stderr.right(MaxStderr);
        }
    });
    connect(process, &QProcess::finished, this, [this, process](int exitCode, QProcess::ExitStatus status) {
        if (process == m_process) {
            processFinished(exitCode, status == QProcess::CrashExit);
        }
        process->deleteLater();
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart && process == m_process) {
            m_process = nullptr;
            process->deleteLater();
            // QProcess may report this from within start(); move on from the event loop.
            QMetaObject::invokeMethod(this, &RstBatch::processFailedToStart, Qt::QueuedConnection);
        }
    });
    // -I: ignore the user's environment and site directory tweaks; -Xutf8: UTF-8 streams.
    process->start(m_candidates.at(m_candidate), {u"-I"_s, u"-Xutf8=1"_s, u"-c"_s, QString::fromUtf8(driver)});
    if (m_process != process) {
        return; // failed to start; processFailedToStart() tries the next interpreter
    }
    process->write(record(helper));
    sendPending();
}

void RstBatch::sendPending()
{
    if (!m_process) {
        return;
    }
    const bool wasIdle = m_sent == m_answered;
    while (m_sent < m_documents.size()) {
        m_process->write(record(m_documents.at(m_sent).source.toUtf8()));
        ++m_sent;
    }
    if (m_inputFinished) {
        m_process->closeWriteChannel();
    }
    if (wasIdle && m_sent > m_answered) {
        restartTimer();
    }
}

void RstBatch::readAnswers()
{
    if (!m_process) {
        return;
    }
    m_stdout += m_process->readAllStandardOutput();
    if (m_stdout.size() > MaxPendingOutput) {
        m_process->disconnect(this);
        m_process->kill();
        failPending(u"The reStructuredText helper wrote more output than Slipway accepts; the description is not verified."_s);
        return;
    }
    while (m_answered < m_documents.size()) {
        const qsizetype newline = m_stdout.indexOf('\n');
        if (newline < 0) {
            return;
        }
        bool ok = false;
        const qsizetype length = m_stdout.first(newline).toLongLong(&ok);
        if (!ok || length < 0) {
            m_process->disconnect(this);
            m_process->kill();
            failPending(u"The reStructuredText helper answered something unreadable; the description is not verified."_s);
            return;
        }
        if (m_stdout.size() < newline + 1 + length) {
            return;
        }
        const QByteArray json = m_stdout.sliced(newline + 1, length);
        m_stdout.remove(0, newline + 1 + length);
        ++m_answeredByProcess;
        const qsizetype index = m_answered++;
        answer(index, json.isEmpty() ? notVerified(u"The reStructuredText helper failed on this description (%1); it is "
                                                   "not verified."_s.arg(lastLines(m_stderr)))
                                     : Readme::rstResultFromHelperOutput(json));
        restartTimer();
    }
}

void RstBatch::processFinished(int exitCode, bool crashed)
{
    readAnswers();
    m_process = nullptr;
    if (m_answered >= m_documents.size() && !crashed && exitCode == 0) {
        m_timer->stop();
        return;
    }
    const QString python = m_candidates.value(m_candidate);
    if (!crashed && exitCode == NoDocutilsExitCode && m_answeredByProcess == 0) {
        m_attempts.append(u"%1: docutils is not importable"_s.arg(python));
        startNextCandidate();
        return;
    }
    failPending(u"The reStructuredText helper (%1) stopped (%2)%3; the description is not verified."_s.arg(
        python, crashed ? u"crashed"_s : u"exit status %1"_s.arg(exitCode),
        m_stderr.isEmpty() ? QString() : u": "_s + lastLines(m_stderr)));
}

void RstBatch::processFailedToStart()
{
    m_attempts.append(u"%1: cannot be started"_s.arg(m_candidates.value(m_candidate)));
    startNextCandidate();
}

void RstBatch::answer(qsizetype index, Readme::RenderResult result)
{
    Document &document = m_documents[index];
    document.result = std::move(result);
    const QList<int> ids = std::exchange(document.ids, {});
    for (int id : ids) {
        Q_EMIT rendered(id, *document.result);
    }
}

void RstBatch::failPending(const QString &message)
{
    m_failed = true;
    m_timer->stop();
    const Readme::RenderResult result = notVerified(message);
    while (m_answered < m_documents.size()) {
        answer(m_answered++, result);
    }
}

void RstBatch::restartTimer()
{
    if (m_answered < m_documents.size()) {
        m_timer->start(m_timeout);
    } else {
        m_timer->stop();
    }
}

} // namespace Check
