// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/readme/renderjob.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>
#include <QtConcurrent>

#include "core/readme/sanitizer.h"

namespace Readme {

namespace {

// The helper's exit status when docutils cannot be imported.
constexpr int exitNoDocutils = 3;
// Caps on what the helper may write; more means something is wrong.
constexpr qsizetype maxHelperOutput = 256 * 1024 * 1024;
constexpr qsizetype maxHelperErrors = 64 * 1024;

QString helperSource()
{
    QFile file(QStringLiteral(":/slipway/python/readme_rst.py"));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QString::fromUtf8(file.readAll());
}

QString lastLine(const QByteArray &text)
{
    const QList<QByteArray> lines = text.trimmed().split('\n');
    return lines.isEmpty() ? QString() : QString::fromUtf8(lines.last().trimmed());
}

} // namespace

RenderResult rstResultFromHelperOutput(const QByteArray &json)
{
    RenderResult result;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        result.verified = false;
        result.findings << Finding{Finding::Code::NotVerified, Finding::Severity::Warning,
                                   QStringLiteral("The reStructuredText helper answered something unreadable (%1); "
                                                  "the description is not verified.")
                                       .arg(error.errorString()),
                                   0};
        return result;
    }
    const QJsonObject object = document.object();
    bool problems = false;
    for (const QJsonValue &value : object.value(u"messages").toArray()) {
        const QJsonObject message = value.toObject();
        const int level = message.value(u"level").toInt();
        if (level < 2) {
            continue;
        }
        problems = true;
        // "docutils warning: Title underline too short." (twine: "line 2: Warning: ...").
        result.findings << Finding{Finding::Code::RstProblem, Finding::Severity::Error,
                                   QStringLiteral("docutils %1: %2")
                                       .arg(message.value(u"type").toString().toLower(),
                                            message.value(u"message").toString().simplified()),
                                   message.value(u"line").toInt(0)};
    }
    const QString html = object.value(u"html").toString();
    if (html.trimmed().isEmpty() && !problems) {
        result.findings << Finding{Finding::Code::EmptyRendering, Finding::Severity::Error,
                                   QStringLiteral("No content rendered from RST source; PyPI refuses it."), 0};
    }
    SanitizeOptions options;
    options.reportMarkup = false; // docutils wrote the markup, not the author
    SanitizeResult sanitized = sanitizeHtml(html, HtmlPolicy::pypi(), options);
    result.html = std::move(sanitized.html);
    result.findings << sanitized.findings;
    std::stable_sort(result.findings.begin(), result.findings.end(),
                     [](const Finding &a, const Finding &b) { return a.line < b.line; });
    return result;
}

RenderJob::RenderJob(const QString &source, const ContentType &contentType, const RenderOptions &options,
                     QObject *parent)
    : QObject(parent)
    , m_source(source)
    , m_contentType(contentType)
    , m_options(options)
{
}

RenderJob::~RenderJob()
{
    // A killed child is reaped at once; waiting here keeps QProcess from warning about it.
    for (QProcess *process : findChildren<QProcess *>()) {
        if (process->state() != QProcess::NotRunning) {
            process->disconnect(this);
            process->kill();
            process->waitForFinished();
        }
    }
}

QStringList RenderJob::pythonCandidates(const QString &configured)
{
    if (!configured.isEmpty()) {
        return {configured};
    }
    QStringList candidates;
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (!onPath.isEmpty()) {
        candidates << onPath;
    }
    const QString system = QStringLiteral("/usr/bin/python3");
    if (QFileInfo::exists(system)
        && (onPath.isEmpty() || QFileInfo(onPath).canonicalFilePath() != QFileInfo(system).canonicalFilePath())) {
        candidates << system;
    }
    if (candidates.isEmpty()) {
        candidates << QStringLiteral("python3");
    }
    return candidates;
}

void RenderJob::start()
{
    if (m_started) {
        return;
    }
    m_started = true;
    // Deferred, so that a caller may connect after start() and still see finished().
    QTimer::singleShot(0, this, &RenderJob::run);
}

void RenderJob::cancel()
{
    if (m_finished) {
        return;
    }
    stopProcess();
    finishNotVerified(QStringLiteral("Rendering was cancelled; the description is not verified."));
}

void RenderJob::run()
{
    if (m_finished) {
        return;
    }
    if (m_contentType.format != Format::ReStructuredText) {
        renderInProcess();
        return;
    }
    const qsizetype bytes = m_source.toUtf8().size();
    if (bytes > maxSourceBytes) {
        // renderPlainText reports the size the same way for every format.
        RenderResult result = renderPlainText(m_source);
        result.html.clear();
        finish(result);
        return;
    }
    m_candidates = pythonCandidates(m_options.python);
    startNextPython();
}

void RenderJob::renderInProcess()
{
    auto *watcher = new QFutureWatcher<RenderResult>(this);
    connect(watcher, &QFutureWatcher<RenderResult>::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (!m_finished) {
            finish(watcher->result());
        }
    });
    const QString source = m_source;
    const Format format = m_contentType.format;
    watcher->setFuture(QtConcurrent::run([source, format] {
        return format == Format::Markdown ? renderMarkdown(source) : renderPlainText(source);
    }));
}

void RenderJob::startNextPython()
{
    if (m_candidates.isEmpty()) {
        finishNotVerified(QStringLiteral("reStructuredText is not verified: no Python with docutils was found (%1). "
                                         "Install docutils for that Python (Debian/Ubuntu: apt install "
                                         "python3-docutils; elsewhere: python3 -m pip install docutils, in a "
                                         "virtual environment or system-wide, since the helper runs isolated "
                                         "with -I and ignores user site-packages), or choose another interpreter.")
                              .arg(m_attempts.join(QStringLiteral("; "))));
        return;
    }
    const QString python = m_candidates.takeFirst();
    const QString helper = helperSource();
    if (helper.isEmpty()) {
        finishNotVerified(QStringLiteral("The reStructuredText helper is missing from this build of Slipway."));
        return;
    }

    m_stdout.clear();
    m_stderr.clear();
    m_outputTooLarge = false;
    auto *process = new QProcess(this);
    m_process = process;
    process->setWorkingDirectory(QDir::tempPath());
    process->setProcessChannelMode(QProcess::SeparateChannels);

    connect(process, &QProcess::readyReadStandardOutput, this, [this, process] {
        m_stdout += process->readAllStandardOutput();
        if (m_stdout.size() > maxHelperOutput && !m_outputTooLarge) {
            m_outputTooLarge = true;
            process->kill();
        }
    });
    connect(process, &QProcess::readyReadStandardError, this, [this, process] {
        m_stderr += process->readAllStandardError();
        if (m_stderr.size() > maxHelperErrors) {
            m_stderr = m_stderr.right(maxHelperErrors);
        }
    });
    connect(process, &QProcess::errorOccurred, this, [this, process, python](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart || process != m_process) {
            return;
        }
        m_attempts << QStringLiteral("%1 cannot be started: %2").arg(python, process->errorString());
        if (m_timer != nullptr) {
            m_timer->stop();
        }
        m_process = nullptr;
        process->deleteLater();
        QTimer::singleShot(0, this, &RenderJob::startNextPython);
    });
    connect(process, &QProcess::finished, this, [this, process, python](int exitCode, QProcess::ExitStatus status) {
        if (process != m_process) {
            return;
        }
        m_stdout += process->readAllStandardOutput();
        m_stderr += process->readAllStandardError();
        m_process = nullptr;
        process->deleteLater();
        if (m_timer != nullptr) {
            m_timer->stop();
        }
        if (m_finished) {
            return;
        }
        if (m_outputTooLarge) {
            finishNotVerified(QStringLiteral("The reStructuredText helper wrote more than %1 MiB; the description "
                                             "is not verified.")
                                  .arg(maxHelperOutput / (1024 * 1024)));
            return;
        }
        if (status == QProcess::NormalExit && exitCode == exitNoDocutils) {
            m_attempts << QStringLiteral("%1 has no docutils").arg(python);
            startNextPython();
            return;
        }
        pythonFinished(exitCode, status != QProcess::NormalExit);
    });

    if (m_timer == nullptr) {
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, [this] {
            stopProcess();
            finishNotVerified(QStringLiteral("docutils did not finish within %1 seconds; the description is not "
                                             "verified.")
                                  .arg(std::chrono::duration_cast<std::chrono::seconds>(m_options.timeout).count()));
        });
    }
    m_timer->start(m_options.timeout);

    process->start(python, {QStringLiteral("-I"), QStringLiteral("-Xutf8=1"), QStringLiteral("-c"), helper});
    process->write(m_source.toUtf8());
    process->closeWriteChannel();
}

void RenderJob::pythonFinished(int exitCode, bool crashed)
{
    if (crashed || exitCode != 0) {
        const QString detail = lastLine(m_stderr);
        finishNotVerified(QStringLiteral("The reStructuredText helper failed (%1%2); the description is not verified.")
                              .arg(crashed ? QStringLiteral("crashed") : QStringLiteral("exit status %1").arg(exitCode),
                                   detail.isEmpty() ? QString() : QStringLiteral(": ") + detail));
        return;
    }
    finish(rstResultFromHelperOutput(m_stdout));
}

void RenderJob::finishNotVerified(const QString &message)
{
    RenderResult result;
    result.verified = false;
    result.findings << Finding{Finding::Code::NotVerified, Finding::Severity::Warning, message, 0};
    finish(result);
}

void RenderJob::finish(RenderResult result)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    if (m_timer != nullptr) {
        m_timer->stop();
    }
    m_result = std::move(result);
    m_result.findings = m_contentType.findings + m_result.findings;
    Q_EMIT finished(m_result);
}

void RenderJob::stopProcess()
{
    if (QProcess *process = m_process) {
        m_process = nullptr;
        process->disconnect(this);
        connect(process, &QProcess::finished, process, &QObject::deleteLater);
        process->kill();
    }
}

} // namespace Readme
