// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/build/hookrunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include "core/util/atomicfile.h"

using namespace Qt::StringLiterals;

namespace Build {

namespace {

// Answers carry a traceback or a list of requirements; anything larger is not an answer.
constexpr qint64 maxAnswerBytes = 16 * 1024 * 1024;

HelperAnswer::Status statusFromKind(const QString &kind)
{
    if (kind == "backend-unavailable"_L1) {
        return HelperAnswer::Status::BackendUnavailable;
    }
    if (kind == "backend-invalid"_L1) {
        return HelperAnswer::Status::BackendInvalid;
    }
    if (kind == "hook-missing"_L1) {
        return HelperAnswer::Status::HookMissing;
    }
    if (kind == "exception"_L1) {
        return HelperAnswer::Status::BackendFailed;
    }
    return HelperAnswer::Status::ProtocolError;
}

} // namespace

HookRunner::HookRunner(Request request, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
    , m_process(new ChildProcess(this))
{
    connect(m_process, &ChildProcess::lineRead, this, &HookRunner::lineRead);
    connect(m_process, &ChildProcess::finished, this, &HookRunner::onProcessFinished);
}

std::expected<QString, QString> HookRunner::installHelper(const QString &folder)
{
    QFile resource(u":/slipway/python/pep517_hooks.py"_s);
    if (!resource.open(QIODevice::ReadOnly)) {
        return std::unexpected(u"The PEP 517 hook runner is missing from this Slipway build."_s);
    }
    const QString path = QDir(folder).filePath(u"pep517_hooks.py"_s);
    if (auto written = Util::writeFileAtomically(path, resource.readAll()); !written) {
        return std::unexpected(written.error());
    }
    return path;
}

QJsonObject HookRunner::hookInput(const QString &backend, const QStringList &backendPath, const QString &hook,
                                  const QJsonArray &arguments, const QStringList &query, bool queryResult)
{
    QJsonObject input{
        {u"command"_s, u"hook"_s},
        {u"backend"_s, backend},
        {u"backend_path"_s, QJsonArray::fromStringList(backendPath)},
        {u"hook"_s, hook},
        {u"args"_s, arguments},
    };
    if (!query.isEmpty()) {
        input.insert(u"query"_s, QJsonArray::fromStringList(query));
    }
    if (queryResult) {
        input.insert(u"query_result"_s, true);
    }
    return input;
}

void HookRunner::start()
{
    const QString inputPath = QDir(m_request.controlDirectory).filePath(u"input.json"_s);
    QFile::remove(QDir(m_request.controlDirectory).filePath(u"output.json"_s));
    if (auto written = Util::writeFileAtomically(inputPath, QJsonDocument(m_request.input).toJson(QJsonDocument::Compact));
        !written) {
        HelperAnswer answer;
        answer.status = HelperAnswer::Status::FailedToStart;
        answer.message = written.error();
        QTimer::singleShot(0, this, [this, answer] { Q_EMIT finished(answer); });
        return;
    }
    QStringList arguments = m_request.pythonOptions;
    arguments << m_request.helperScript << m_request.controlDirectory;
    m_process->setProgram(m_request.python, arguments);
    m_process->setWorkingDirectory(m_request.workingDirectory);
    m_process->setEnvironment(m_request.environment);
    m_process->start();
}

void HookRunner::cancel()
{
    m_process->terminateTree();
}

void HookRunner::onProcessFinished(const ChildExit &exit)
{
    HelperAnswer answer;
    answer.processMs = exit.elapsedMs;
    if (exit.status == ChildExit::Status::FailedToStart) {
        answer.status = HelperAnswer::Status::FailedToStart;
        answer.message = u"Cannot run the Python interpreter %1: %2"_s.arg(m_request.python, exit.errorString);
        Q_EMIT finished(answer);
        return;
    }
    if (exit.status == ChildExit::Status::Killed) {
        answer.status = HelperAnswer::Status::Killed;
        answer.message = u"The build process was stopped."_s;
        Q_EMIT finished(answer);
        return;
    }

    QFile output(QDir(m_request.controlDirectory).filePath(u"output.json"_s));
    QJsonParseError parseError{};
    QJsonDocument document;
    if (output.open(QIODevice::ReadOnly) && output.size() <= maxAnswerBytes) {
        document = QJsonDocument::fromJson(output.readAll(), &parseError);
    }
    if (!document.isObject()) {
        answer.status = HelperAnswer::Status::NoAnswer;
        answer.outputTail = m_process->outputTail();
        answer.message = exit.status == ChildExit::Status::Crashed
                             ? u"The build process crashed (%1) before it reported a result."_s.arg(exit.errorString)
                             : u"The build process exited with status %1 before it reported a result."_s.arg(
                                   exit.exitCode);
        Q_EMIT finished(answer);
        return;
    }

    answer.json = document.object();
    answer.hookSeconds = answer.json.value(u"seconds"_s).toDouble();
    if (answer.json.value(u"ok"_s).toBool()) {
        answer.status = HelperAnswer::Status::Ok;
    } else {
        answer.status = statusFromKind(answer.json.value(u"error"_s).toString());
        answer.message = answer.json.value(u"message"_s).toString();
        answer.traceback = answer.json.value(u"traceback"_s).toString();
    }
    Q_EMIT finished(answer);
}

} // namespace Build
