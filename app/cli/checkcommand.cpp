// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/checkcommand.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>

#include "app/cli/commandline.h"
#include "app/cli/commandregistry.h"
#include "core/check/checker.h"
#include "core/dist/distfiles.h"

using namespace Qt::StringLiterals;

namespace Cli {

namespace {

const CommandRegistration<CheckCommand> registration{
    "check", "Check wheels and sdists for everything PyPI would refuse or render badly."};

} // namespace

CheckCommand::CheckCommand(Console console, QObject *parent)
    : Command(console, parent)
{
}

void CheckCommand::start(const QStringList &arguments)
{
    CommandLine commandLine(u"check"_s,
                            u"Checks wheels and sdists for everything PyPI would refuse or render badly: archive "
                            "structure and RECORD, file name, core metadata, classifiers, licences, and the long "
                            "description as PyPI renders it."_s);
    QCommandLineParser &parser = commandLine.parser();
    parser.addPositionalArgument(u"FILE"_s, u"Distribution files (.whl, .tar.gz) or directories holding them."_s,
                                 u"FILE..."_s);
    parser.addOption({u"strict"_s, u"Fail on warnings too (warnings are reported as errors)."_s});
    parser.addOption({u"json"_s, u"Print the results as one JSON object."_s});
    parser.addOption({u"python"_s, u"The Python interpreter that renders reStructuredText (default: python3 on PATH)."_s,
                      u"PATH"_s});
    parser.addOption({u"no-cache"_s, u"Render every reStructuredText description again instead of reusing renderings of "
                                     "earlier runs (they are kept while Python and docutils stay the same)."_s});
    parser.addOption({u"docutils"_s, u"Render every reStructuredText description through docutils, instead of proving "
                                     "ordinary ones clean natively (the same verdicts, but Python runs for all of them)."_s});
    if (const auto exitCode = commandLine.parse(arguments, out(), err())) {
        Q_EMIT finished(*exitCode);
        return;
    }
    if (parser.positionalArguments().isEmpty()) {
        Q_EMIT finished(commandLine.usageError(err(), u"no files to check"_s));
        return;
    }
    const QStringList paths = Dist::expandDistributionPaths(parser.positionalArguments());
    if (paths.isEmpty()) {
        Q_EMIT finished(commandLine.usageError(err(), u"the directories given hold no .whl or .tar.gz files"_s));
        return;
    }
    m_json = parser.isSet(u"json"_s);

    Check::CheckOptions options;
    options.strict = parser.isSet(u"strict"_s);
    options.python = parser.value(u"python"_s);
    options.useRenderCache = !parser.isSet(u"no-cache"_s);
    options.nativeRst = !parser.isSet(u"docutils"_s);
    m_checker = new Check::Checker(options, this);
    connect(m_checker, &Check::Checker::fileChecked, this, [this] { printReady(); });
    connect(m_checker, &Check::Checker::finished, this, &CheckCommand::finish);
    m_checker->start(paths);
}

void CheckCommand::printReady()
{
    if (m_json) {
        return;
    }
    // Reports arrive in completion order; print them in the order given.
    const QList<Check::FileReport> &reports = m_checker->reports();
    while (m_nextToPrint < reports.size() && !reports.at(m_nextToPrint).path.isEmpty()) {
        printReport(reports.at(m_nextToPrint));
        ++m_nextToPrint;
    }
    out().flush();
}

void CheckCommand::printReport(const Check::FileReport &report)
{
    out() << report.path << ": " << Check::verdictText(report.verdict) << '\n';
    for (const Check::Finding &finding : report.findings) {
        out() << "  " << Check::severityName(finding.severity) << ' ' << finding.code << ": " << finding.message << '\n';
        if (!finding.hint.isEmpty()) {
            out() << "      hint: " << finding.hint << '\n';
        }
    }
}

void CheckCommand::finish()
{
    const QList<Check::FileReport> &reports = m_checker->reports();
    if (m_json) {
        QJsonArray files;
        for (const Check::FileReport &report : reports) {
            files.append(report.toJson());
        }
        out() << QJsonDocument(QJsonObject{{u"files"_s, files}}).toJson(QJsonDocument::Indented);
    } else {
        printReady();
    }
    out().flush();
    const bool failed = std::any_of(reports.cbegin(), reports.cend(),
                                    [](const Check::FileReport &r) { return r.verdict == Check::Verdict::Error; });
    Q_EMIT finished(failed ? ExitCode::Failure : ExitCode::Success);
}

} // namespace Cli
