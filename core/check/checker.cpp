// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/check/checker.h"

#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QThread>
#include <QtConcurrent>

#include "core/check/descriptionrules.h"
#include "core/check/rstbatch.h"
#include "core/check/rules.h"
#include "core/dist/distribution.h"

using namespace Qt::StringLiterals;

namespace Check {

namespace {

// QT_LOGGING_RULES="slipway.check.rst.debug=true": which descriptions docutils renders and why.
Q_LOGGING_CATEGORY(lcRst, "slipway.check.rst", QtWarningMsg)

// Reads and inspects one file and renders what renders in-process (Markdown, plain text);
// runs on a worker thread. A description left in the result needs docutils.
Inspection inspectFile(const QString &path, const CheckOptions &options, const std::atomic<bool> *cancel)
{
    Dist::ReadOptions readOptions;
    // The whole-file digests are for uploads; checking needs the members' hashes only.
    readOptions.computeDigests = false;
    readOptions.cancel = cancel;
    auto distribution = Dist::readDistribution(path, readOptions);
    if (!distribution) {
        Inspection inspection;
        inspection.findings = readErrorFindings(distribution.error());
        return inspection;
    }
    Inspection inspection = inspectDistribution(*distribution, options);
    if (inspection.description) {
        if (auto findings = verifyDescriptionInProcess(*inspection.description)) {
            inspection.findings.append(*findings);
            inspection.description.reset();
        } else if (options.renderDescriptions && options.nativeRst) {
            QString reason;
            if (auto rstFindings = verifyRstNatively(inspection.description->text, &reason)) {
                qCDebug(lcRst, "%s: reStructuredText description clean without docutils", qUtf8Printable(path));
                inspection.findings.append(*rstFindings);
                inspection.description.reset();
            } else {
                qCDebug(lcRst, "%s: reStructuredText description needs docutils: %s", qUtf8Printable(path),
                        qUtf8Printable(reason));
            }
        }
    }
    return inspection;
}

} // namespace

Checker::Checker(const CheckOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    qRegisterMetaType<Check::FileReport>();
    m_pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
}

Checker::~Checker()
{
    m_cancel.store(true);
    m_pool.waitForDone();
}

void Checker::start(const QStringList &paths)
{
    Q_ASSERT(!m_started);
    m_started = true;
    m_paths = paths;
    m_pending.resize(paths.size());
    m_reports.resize(paths.size());
    m_remaining = static_cast<int>(paths.size());
    m_uninspected = m_remaining;
    if (paths.isEmpty()) {
        QMetaObject::invokeMethod(this, &Checker::finishIfDone, Qt::QueuedConnection);
        return;
    }
    if (m_options.renderDescriptions && !m_options.nativeRst) {
        // Most distributions have a reStructuredText description, or none (which PyPI renders
        // as reStructuredText): start Python while the archives are read (unless the render
        // cache will likely answer). With the native validator, Python starts on the first
        // description it leaves to docutils instead, while the other files are still read.
        rstBatch()->prepare();
    }
    for (int index = 0; index < paths.size(); ++index) {
        auto *watcher = new QFutureWatcher<Inspection>(this);
        connect(watcher, &QFutureWatcher<Inspection>::finished, this, [this, watcher, index] {
            watcher->deleteLater();
            QFuture<Inspection> future = watcher->future();
            onInspected(index, future.resultCount() > 0 ? future.takeResult() : Inspection{});
        });
        watcher->setFuture(QtConcurrent::run(&m_pool, inspectFile, paths.at(index), m_options, &m_cancel));
    }
}

void Checker::cancel()
{
    if (m_finished) {
        return;
    }
    m_cancel.store(true);
    // Pending files are left without a report; the workers stop at their next read.
    for (Pending &pending : m_pending) {
        if (!pending.done) {
            pending.done = true;
            --m_remaining;
        }
    }
    if (m_rst != nullptr) {
        m_rst->cancel();
    }
    finishIfDone();
}

void Checker::onInspected(int index, Inspection inspection)
{
    --m_uninspected;
    Pending &pending = m_pending[index];
    if (!pending.done) {
        pending.inspected = true;
        pending.findings = std::move(inspection.findings);
        if (!inspection.description) {
            complete(index);
        } else if (!m_options.renderDescriptions) {
            pending.findings.append(makeFinding(
                Rule::DescriptionNotVerified,
                u"The reStructuredText description was not rendered (rendering is turned off), so it is not verified"_s));
            complete(index);
        } else {
            rstBatch()->render(index, inspection.description->text);
        }
    }
    if (m_uninspected == 0 && m_rst != nullptr) {
        m_rst->finishInput();
    }
}

RstBatch *Checker::rstBatch()
{
    if (m_rst == nullptr) {
        const QString cacheDirectory = !m_options.useRenderCache ? QString()
                                       : m_options.renderCacheDirectory.isEmpty() ? RstCache::defaultDirectory()
                                                                                   : m_options.renderCacheDirectory;
        m_rst = new RstBatch(m_options.python, cacheDirectory, this);
        connect(m_rst, &RstBatch::rendered, this, &Checker::onRendered);
    }
    return m_rst;
}

void Checker::onRendered(int index, const Readme::RenderResult &result)
{
    if (index < 0 || index >= m_pending.size() || m_pending[index].done) {
        return;
    }
    m_pending[index].findings.append(rstRenderFindings(result));
    complete(index);
}

void Checker::complete(int index)
{
    Pending &pending = m_pending[index];
    pending.done = true;
    m_reports[index] = makeReport(m_paths.at(index), std::move(pending.findings), m_options.strict);
    --m_remaining;
    Q_EMIT fileChecked(index, m_reports.at(index));
    finishIfDone();
}

void Checker::finishIfDone()
{
    if (m_finished || m_remaining > 0) {
        return;
    }
    m_finished = true;
    Q_EMIT finished();
}

FileReport Checker::makeReport(const QString &path, QList<Finding> findings, bool strict)
{
    findings = capFindingsPerCode(findings, MaxFindingsPerRule);
    if (strict) {
        for (Finding &finding : findings) {
            if (finding.severity == Severity::Warning) {
                finding.severity = Severity::Error;
            }
        }
    }
    FileReport report;
    report.path = path;
    report.verdict = verdictFor(findings);
    report.findings = std::move(findings);
    return report;
}

} // namespace Check
