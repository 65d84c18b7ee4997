// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/inspectcommand.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QtConcurrent>

#include "app/cli/commandline.h"
#include "app/cli/commandregistry.h"

using namespace Qt::StringLiterals;

namespace Cli {

namespace {

const CommandRegistration<InspectCommand> registration{
    "inspect", "Show what wheels and sdists hold: name, version, digests, metadata, problems."};

QJsonValue stringOrNull(const QString &value)
{
    return value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QString severityName(Dist::Problem::Severity severity)
{
    return severity == Dist::Problem::Severity::Error ? u"error"_s : u"warning"_s;
}

QJsonObject toJson(const QString &argument, const InspectCommand::Result &result)
{
    QJsonObject json;
    json.insert(u"filename"_s, QFileInfo(argument).fileName());
    json.insert(u"path"_s, argument);
    if (!result) {
        const Dist::ReadError &error = result.error();
        const auto parsed = Dist::parseDistFilename(argument);
        json.insert(u"kind"_s, parsed ? QJsonValue(Dist::distKindName(parsed->kind)) : QJsonValue(QJsonValue::Null));
        json.insert(u"name"_s, parsed ? QJsonValue(parsed->name()) : QJsonValue(QJsonValue::Null));
        json.insert(u"version"_s, parsed ? QJsonValue(parsed->version()) : QJsonValue(QJsonValue::Null));
        json.insert(u"size"_s, error.size >= 0 ? QJsonValue(error.size) : QJsonValue(QJsonValue::Null));
        json.insert(u"sha256"_s, error.digests ? QJsonValue(error.digests->sha256Hex()) : QJsonValue(QJsonValue::Null));
        json.insert(u"blake2b_256"_s,
                    error.digests ? QJsonValue(error.digests->blake2b256Hex()) : QJsonValue(QJsonValue::Null));
        json.insert(u"metadata"_s, QJsonValue::Null);
        json.insert(u"files"_s, QJsonValue::Null);
        json.insert(u"error"_s, error.message);
        json.insert(u"problems"_s, QJsonArray());
        return json;
    }
    const Dist::Distribution &dist = *result;
    json.insert(u"kind"_s, Dist::distKindName(dist.kind));
    json.insert(u"name"_s, stringOrNull(dist.name()));
    json.insert(u"version"_s, stringOrNull(dist.version()));
    json.insert(u"size"_s, dist.size);
    json.insert(u"sha256"_s, dist.digests ? QJsonValue(dist.digests->sha256Hex()) : QJsonValue(QJsonValue::Null));
    json.insert(u"blake2b_256"_s,
                dist.digests ? QJsonValue(dist.digests->blake2b256Hex()) : QJsonValue(QJsonValue::Null));
    json.insert(u"metadata"_s, dist.metadata ? QJsonValue(dist.metadata->toJson()) : QJsonValue(QJsonValue::Null));
    json.insert(u"files"_s, dist.members.size());
    json.insert(u"error"_s, QJsonValue::Null);
    QJsonArray problems;
    for (const Dist::Problem &problem : dist.problems) {
        problems.append(QJsonObject{
            {u"code"_s, Dist::Problem::codeName(problem.code)},
            {u"severity"_s, severityName(problem.severity())},
            {u"member"_s, stringOrNull(problem.member)},
            {u"message"_s, problem.message},
        });
    }
    json.insert(u"problems"_s, problems);
    return json;
}

QString compactSize(qint64 bytes)
{
    if (bytes < 1024) {
        return u"%1 bytes"_s.arg(bytes);
    }
    const double kib = static_cast<double>(bytes) / 1024.0;
    if (kib < 1024.0) {
        return u"%1 KiB"_s.arg(kib, 0, 'f', 1);
    }
    if (kib < 1024.0 * 1024.0) {
        return u"%1 MiB"_s.arg(kib / 1024.0, 0, 'f', 1);
    }
    return u"%1 GiB"_s.arg(kib / (1024.0 * 1024.0), 0, 'f', 2);
}

QString formatSize(qint64 bytes)
{
    return bytes < 1024 ? compactSize(bytes) : u"%1 bytes (%2)"_s.arg(bytes).arg(compactSize(bytes));
}

} // namespace

InspectCommand::InspectCommand(Console console, QObject *parent)
    : Command(console, parent)
{
}

InspectCommand::~InspectCommand()
{
    if (m_watcher != nullptr) {
        m_watcher->cancel();
        m_watcher->waitForFinished();
    }
}

void InspectCommand::start(const QStringList &arguments)
{
    CommandLine commandLine(u"inspect"_s,
                            u"Read wheels and sdists without installing or extracting them: kind, name, version, "
                            "size, sha256 and blake2b_256 digests, member count, core metadata, and every problem "
                            "found (RECORD mismatches, unsafe paths, lying sizes, ...).\n"
                            "Exit status: 0 when every file was read, 1 when any could not be, 2 for a usage "
                            "error."_s);
    QCommandLineParser &parser = commandLine.parser();
    parser.addPositionalArgument(u"FILE"_s, u"A wheel (.whl) or sdist (.tar.gz, legacy .zip)."_s, u"FILE..."_s);
    parser.addOption({u"json"_s, u"Print a JSON array with one object per file."_s});
    if (const auto exitCode = commandLine.parse(arguments, out(), err())) {
        QMetaObject::invokeMethod(this, [this, code = *exitCode] { Q_EMIT finished(code); }, Qt::QueuedConnection);
        return;
    }
    m_files = parser.positionalArguments();
    m_json = parser.isSet(u"json"_s);
    if (m_files.isEmpty()) {
        const int code = commandLine.usageError(err(), u"no FILE given"_s);
        QMetaObject::invokeMethod(this, [this, code] { Q_EMIT finished(code); }, Qt::QueuedConnection);
        return;
    }

    if (m_json) {
        out() << "[";
    }
    m_watcher = new QFutureWatcher<Result>(this);
    connect(m_watcher, &QFutureWatcher<Result>::resultReadyAt, this, &InspectCommand::resultReady);
    connect(m_watcher, &QFutureWatcher<Result>::finished, this, &InspectCommand::finish);
    m_watcher->setFuture(QtConcurrent::mapped(m_files, [](const QString &file) -> Result {
        return Dist::readDistribution(file);
    }));
}

void InspectCommand::resultReady(int index)
{
    m_pending.insert(index, m_watcher->resultAt(index));
    flushReady();
}

void InspectCommand::flushReady()
{
    while (m_pending.contains(m_nextToPrint)) {
        const Result result = m_pending.take(m_nextToPrint);
        const QString &argument = m_files.at(m_nextToPrint);
        if (!result) {
            ++m_failures;
        }
        if (m_json) {
            const QByteArray object = QJsonDocument(toJson(argument, result)).toJson(QJsonDocument::Indented);
            out() << (m_nextToPrint == 0 ? "\n" : ",\n") << QString::fromUtf8(object.trimmed());
        } else {
            printHuman(argument, result);
        }
        out().flush();
        ++m_nextToPrint;
    }
}

void InspectCommand::printHuman(const QString &argument, const Result &result)
{
    QTextStream &stream = out();
    if (m_nextToPrint > 0) {
        stream << '\n';
    }
    stream << argument << '\n';
    auto line = [&stream](const char *label, const QString &value) {
        stream << "  " << QString::fromLatin1(label).leftJustified(12) << ' ' << value << '\n';
    };
    if (!result) {
        line("error", result.error().message);
        err() << "slipway inspect: " << result.error().message << '\n';
        return;
    }
    const Dist::Distribution &dist = *result;
    line("kind", Dist::distKindName(dist.kind));
    line("name", dist.name());
    line("version", dist.version());
    line("size", formatSize(dist.size));
    if (dist.digests) {
        line("sha256", dist.digests->sha256Hex());
        line("blake2b_256", dist.digests->blake2b256Hex());
    }
    line("files", u"%1 (%2 uncompressed)"_s.arg(dist.members.size()).arg(compactSize(dist.uncompressedSize)));
    if (dist.metadata) {
        line("metadata", u"%1, Metadata-Version %2"_s.arg(dist.metadataPath, dist.metadata->metadataVersion()));
        const QString summary = dist.metadata->value(u"Summary");
        if (!summary.isEmpty()) {
            line("summary", summary);
        }
        const QString requiresPython = dist.metadata->value(u"Requires-Python");
        if (!requiresPython.isEmpty()) {
            line("python", requiresPython);
        }
        const QStringList dependencies = dist.metadata->values(u"Requires-Dist");
        if (!dependencies.isEmpty()) {
            constexpr qsizetype Shown = 4;
            QString shown = dependencies.mid(0, Shown).join(u", "_s);
            if (dependencies.size() > Shown) {
                shown += u", ... (%1 in all)"_s.arg(dependencies.size());
            }
            line("requires", shown);
        }
    }
    if (dist.record) {
        // RECORD cannot hash itself; it is not counted.
        const QString recordPath = dist.rootDirectory + u"/RECORD";
        qsizetype files = 0;
        qsizetype verified = 0;
        for (const Dist::Member &member : dist.members) {
            if (member.isFile() && member.path != recordPath) {
                ++files;
                verified += member.recordStatus == Dist::RecordStatus::Verified ? 1 : 0;
            }
        }
        line("record", u"%1 of %2 files verified"_s.arg(verified).arg(files));
    }
    if (dist.problems.isEmpty()) {
        line("problems", u"none"_s);
        return;
    }
    line("problems", QString::number(dist.problems.size()));
    for (const Dist::Problem &problem : dist.problems) {
        stream << "    " << severityName(problem.severity()) << ": " << problem.message << " ["
               << Dist::Problem::codeName(problem.code) << "]\n";
    }
}

void InspectCommand::finish()
{
    // Results not announced through resultReadyAt (none are expected) are printed here.
    for (int index = m_nextToPrint; index < m_files.size(); ++index) {
        if (!m_pending.contains(index) && m_watcher->future().isResultReadyAt(index)) {
            m_pending.insert(index, m_watcher->resultAt(index));
        }
    }
    flushReady();
    if (m_json) {
        out() << "\n]\n";
    } else if (m_failures > 0) {
        err() << "slipway inspect: " << m_failures << " of " << m_files.size() << " file(s) could not be read\n";
    }
    out().flush();
    err().flush();
    Q_EMIT finished(m_failures > 0 ? ExitCode::Failure : ExitCode::Success);
}

} // namespace Cli
