// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/upload/uploadjob.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QRandomGenerator>
#include <QSet>
#include <QTimer>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/check/checker.h"
#include "core/index/indexclient.h"
#include "core/index/tlsconfig.h"
#include "core/metadata/name.h"
#include "core/registry/transport.h"
#include "core/upload/multipartbody.h"
#include "core/upload/responseinterpreter.h"
#include "core/upload/uploadtransfer.h"
#include "core/util/loopback.h"

using namespace Qt::StringLiterals;

namespace Upload {

namespace {

constexpr qint64 rateWindowMs = 3000;
constexpr qint64 maxAnswerBody = 64 * 1024;

QString shortHex(const QString &hex)
{
    return hex.left(12) + u"…"_s;
}

QString findingsSummary(const Check::FileReport &report)
{
    QStringList lines;
    for (const Check::Finding &finding : report.findings) {
        if (finding.severity == Check::Severity::Error) {
            lines.append(u"%1 %2"_s.arg(finding.code, finding.message));
        }
    }
    const qsizetype shown = std::min<qsizetype>(lines.size(), 5);
    QString text = lines.mid(0, shown).join(u"; "_s);
    if (lines.size() > shown) {
        text += u"; and %1 more"_s.arg(lines.size() - shown);
    }
    return text;
}

} // namespace

void UploadJob::RateMeter::add(qint64 ms, qint64 bytes)
{
    samples.append({ms, bytes});
    while (samples.size() > 2 && samples.first().first < ms - rateWindowMs) {
        samples.removeFirst();
    }
}

double UploadJob::RateMeter::rate() const
{
    if (samples.size() < 2) {
        return 0;
    }
    const auto &[firstMs, firstBytes] = samples.first();
    const auto &[lastMs, lastBytes] = samples.last();
    if (lastMs <= firstMs) {
        return 0;
    }
    return double(std::max<qint64>(0, lastBytes - firstBytes)) * 1000.0 / double(lastMs - firstMs);
}

UploadJob::UploadJob(const QStringList &paths, const UploadOptions &options, QObject *parent)
    : QObject(parent)
    , m_paths(paths)
    , m_options(options)
{
    qRegisterMetaType<Upload::TransferProgress>();
    qRegisterMetaType<Upload::FileResult>();
    qRegisterMetaType<Upload::UploadResult>();
    qRegisterMetaType<Upload::FileState>();
    m_result.dryRun = options.dryRun;
    m_tasks.resize(paths.size());
    for (qsizetype i = 0; i < paths.size(); ++i) {
        m_tasks[i].index = int(i);
        m_tasks[i].path = paths.at(i);
        m_tasks[i].result.path = paths.at(i);
        m_tasks[i].result.filename = QFileInfo(paths.at(i)).fileName();
    }
    // Hashing is I/O and one core per file; two files at once keep both cores busy.
    m_pool.setMaxThreadCount(std::clamp(QThread::idealThreadCount(), 1, 2));
}

UploadJob::~UploadJob()
{
    m_cancel = true;
    m_pool.waitForDone();
}

std::expected<void, UploadError> UploadJob::validateOptions(const UploadOptions &options)
{
    auto invalid = [](const QString &message) {
        return std::unexpected(UploadError{UploadError::Code::InvalidOptions, message, {}, 0});
    };
    const QUrl &url = options.registry.uploadUrl;
    if (!url.isValid() || url.host().isEmpty()) {
        return invalid(u"The registry has no valid upload URL."_s);
    }
    if (url.scheme() != u"https"_s && url.scheme() != u"http"_s) {
        return invalid(u"The upload URL %1 is neither https nor http."_s.arg(Registry::urlText(url)));
    }
    if (!url.userInfo().isEmpty()) {
        return invalid(u"The upload URL carries a user name or password; put credentials in the keychain "
                       u"(slipway registry login) or in TWINE_USERNAME/TWINE_PASSWORD instead."_s);
    }
    if (url.scheme() == u"http"_s && !Util::isLoopbackHost(url.host())) {
        return invalid(u"Refusing to upload over plain http to %1: the token and the file would cross the network "
                       u"unencrypted. Use an https:// upload URL (plain http is allowed only for this machine)."_s.arg(
                           url.host()));
    }
    const QUrl &simple = options.registry.simpleUrl;
    if (!simple.isEmpty() && simple.scheme() == u"http"_s && !Util::isLoopbackHost(simple.host())) {
        return invalid(u"Refusing to read the index over plain http from %1; use an https:// simple index URL."_s.arg(
            simple.host()));
    }
    if (options.skipExisting && simple.isEmpty()) {
        return invalid(u"--skip-existing compares your files with the index's file list, so it needs the registry's "
                       u"simple index URL: set it with `slipway registry edit NAME --simple-url URL` (or "
                       u"--simple-url for an ad-hoc upload URL)."_s);
    }
    if (options.jobs < 1 || options.jobs > 16) {
        return invalid(u"The number of parallel uploads must be between 1 and 16, not %1."_s.arg(options.jobs));
    }
    if (options.maxAttempts < 1) {
        return invalid(u"At least one upload attempt is needed."_s);
    }
    if (options.userAgent.contains('\r') || options.userAgent.contains('\n')) {
        return invalid(u"The user agent contains a line break, which would end the request's header early."_s);
    }
    if (const auto proxy = Index::proxyFor(url, options.proxyEnvironment.value_or(Index::ProxyEnvironment::fromSystem()));
        !proxy) {
        return invalid(proxy.error().message);
    }
    const Index::TlsOptions tls{options.registry.caBundlePath, options.registry.clientCertPath};
    if (!tls.isEmpty()) {
        const auto ssl = Index::sslConfiguration(tls);
        if (!ssl) {
            return invalid(ssl.error().message);
        }
    }
    return {};
}

void UploadJob::start()
{
    if (m_started) {
        return;
    }
    m_started = true;
    QTimer::singleShot(0, this, &UploadJob::run);
}

void UploadJob::cancel()
{
    if (m_finished || m_cancel) {
        return;
    }
    m_cancel = true;
    if (m_checker != nullptr) {
        m_checker->cancel();
    }
    for (Task &task : m_tasks) {
        if (task.retryTimer) {
            task.retryTimer->stop();
        }
        if (task.indexReply) {
            task.indexReply->abort();
        }
        if (task.transfer) {
            task.transfer->abort();
        }
    }
    for (Task &task : m_tasks) {
        if (!task.done) {
            finishTask(task, FileOutcome::Canceled, UploadError{UploadError::Code::Canceled, u"Canceled."_s, {}, 0}, {});
        }
    }
    finishJob();
}

UploadJob::Task *UploadJob::task(int index)
{
    return index >= 0 && index < m_tasks.size() ? &m_tasks[index] : nullptr;
}

QString UploadJob::redacted(const QString &text) const
{
    return m_options.credential ? Registry::redact(text, *m_options.credential) : text;
}

Index::RequestOptions UploadJob::indexOptions() const
{
    Index::RequestOptions options;
    if (m_options.credential && !m_options.credential->secret.isEmpty()) {
        options.username = m_options.credential->username;
        options.password = m_options.credential->secret;
    }
    options.tls = {m_options.registry.caBundlePath, m_options.registry.clientCertPath};
    options.timeoutMs = int(m_options.indexTimeout.count());
    return options;
}

void UploadJob::setState(Task &task, FileState state, const QString &detail)
{
    Q_EMIT fileStateChanged(task.index, state, detail);
}

// --- 1. Preparation ----------------------------------------------------------------------

void UploadJob::run()
{
    if (m_cancel) {
        return;
    }
    m_clock.start();
    if (m_tasks.isEmpty()) {
        finishJob();
        return;
    }
    if (const auto valid = validateOptions(m_options); !valid) {
        for (Task &task : m_tasks) {
            finishTask(task, FileOutcome::Failed, valid.error(), {});
        }
        finishJob();
        return;
    }
    // The same filename twice would be uploaded twice (the second a duplicate).
    QHash<QString, int> seen;
    for (Task &task : m_tasks) {
        const QString name = task.result.filename;
        if (seen.contains(name)) {
            finishTask(task, FileOutcome::Failed,
                       UploadError{UploadError::Code::InvalidOptions,
                                   u"%1 is given twice (also as %2); each file is uploaded once."_s.arg(
                                       task.path, m_tasks.at(seen.value(name)).path),
                                   {}, 0},
                       {});
        }
        seen.insert(name, task.index);
    }

    for (Task &task : m_tasks) {
        if (task.done) {
            continue;
        }
        setState(task, FileState::Preparing);
        ++m_preparing;
        auto *watcher = new QFutureWatcher<std::expected<PreparedFile, UploadError>>(this);
        const int index = task.index;
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, index] {
            watcher->deleteLater();
            onPrepared(index, watcher->result());
        });
        watcher->setFuture(QtConcurrent::run(&m_pool, [path = task.path, cancel = &m_cancel] {
            return prepareFile(path, cancel);
        }));
    }
    if (m_options.runChecks) {
        Check::CheckOptions checkOptions = m_options.checkOptions;
        const Registry::Kind kind = m_options.registry.kind;
        if (kind != Registry::Kind::PyPI && kind != Registry::Kind::TestPyPI) {
            // PyPI's 100 MiB default limit means nothing to other registries.
            checkOptions.maxFileSize = std::numeric_limits<qint64>::max();
        }
        QStringList paths;
        for (const Task &task : m_tasks) {
            if (!task.done) {
                paths.append(task.path);
            }
        }
        if (!paths.isEmpty()) {
            m_checking = true;
            m_checker = new Check::Checker(checkOptions, this);
            connect(m_checker, &Check::Checker::finished, this, &UploadJob::onChecked);
            for (Task &task : m_tasks) {
                if (!task.done) {
                    setState(task, FileState::Checking);
                }
            }
            m_checker->start(paths);
        }
    }
    if (m_preparing == 0 && !m_checking) {
        afterPreparation();
    }
}

void UploadJob::onPrepared(int index, std::expected<PreparedFile, UploadError> prepared)
{
    --m_preparing;
    if (m_finished) {
        return;
    }
    Task *t = task(index);
    if (prepared) {
        t->prepared = std::move(*prepared);
        t->result.filename = t->prepared->filename;
        t->result.size = t->prepared->size;
        t->result.sha256 = t->prepared->digests.sha256Hex();
        t->result.fields = t->prepared->fields;
    } else {
        t->prepareError = prepared.error();
    }
    t->prepareDone = true;
    if (m_preparing == 0 && !m_checking) {
        afterPreparation();
    }
}

void UploadJob::onChecked()
{
    m_checking = false;
    if (m_finished) {
        return;
    }
    const QList<Check::FileReport> &reports = m_checker->reports();
    for (const Check::FileReport &report : reports) {
        for (Task &task : m_tasks) {
            if (task.path == report.path && !task.done) {
                task.check = report;
                task.result.check = report;
            }
        }
    }
    if (m_preparing == 0) {
        afterPreparation();
    }
}

void UploadJob::afterPreparation()
{
    if (m_finished || m_cancel) {
        return;
    }
    // A release goes up whole or not at all: one bad file stops every file.
    QStringList blockers;
    for (const Task &task : m_tasks) {
        if (task.done && task.result.error && task.result.error->code != UploadError::Code::Canceled) {
            blockers.append(task.result.filename);
        } else if (task.prepareError || (m_options.runChecks && task.check.verdict == Check::Verdict::Error)) {
            blockers.append(task.result.filename);
        }
    }
    if (!blockers.isEmpty()) {
        for (Task &task : m_tasks) {
            if (task.done) {
                continue;
            }
            if (task.prepareError) {
                finishTask(task, FileOutcome::Failed, *task.prepareError, {});
            } else if (m_options.runChecks && task.check.verdict == Check::Verdict::Error) {
                finishTask(task, FileOutcome::Failed,
                           UploadError{UploadError::Code::CheckFailed,
                                       u"%1 fails the checks, so nothing was uploaded: %2. Fix the errors and build "
                                       u"again (`slipway check %1` shows them in full; --no-check uploads anyway)."_s
                                           .arg(task.result.filename, findingsSummary(task.check)),
                                       {}, 0},
                           {});
            } else {
                finishTask(task, FileOutcome::Failed,
                           UploadError{UploadError::Code::CheckFailed,
                                       u"Not uploaded, because %1 cannot be: a release goes up whole or not at all."_s
                                           .arg(blockers.join(u", "_s)),
                                       {}, 0},
                           {});
            }
        }
        finishJob();
        return;
    }
    if (m_options.dryRun) {
        for (Task &task : m_tasks) {
            if (!task.done) {
                finishTask(task, FileOutcome::WouldUpload, std::nullopt, {});
            }
        }
        finishJob();
        return;
    }
    startListing();
}

// --- 3. What the index already holds ---------------------------------------------------------

void UploadJob::startListing()
{
    if (m_index == nullptr) {
        m_index = new Index::IndexClient(this);
        const QByteArray agent = m_options.userAgent.isEmpty() ? QByteArray("slipway/" SLIPWAY_VERSION)
                                                               : m_options.userAgent;
        m_index->setUserAgent(agent);
    }
    if (m_options.registry.simpleUrl.isEmpty()) {
        startUploads();
        return;
    }
    QSet<QString> projects;
    for (Task &task : m_tasks) {
        if (!task.done) {
            projects.insert(task.prepared->project);
            setState(task, FileState::Listing);
        }
    }
    m_listing = int(projects.size());
    for (const QString &project : std::as_const(projects)) {
        Index::ProjectPageReply *reply = m_index->fetchProjectPage(m_options.registry.simpleUrl, project, indexOptions());
        reply->setAutoDelete(false);
        connect(reply, &Index::IndexReply::finished, this, [this, project, reply] {
            reply->deleteLater();
            onListed(project, reply);
        });
    }
}

void UploadJob::onListed(const QString &project, Index::ProjectPageReply *reply)
{
    --m_listing;
    if (m_finished) {
        return;
    }
    for (Task &task : m_tasks) {
        if (task.done || task.prepared->project != project) {
            continue;
        }
        if (reply->hasError()) {
            if (m_options.skipExisting) {
                fail(task, UploadError{UploadError::Code::IndexUnavailable,
                                       u"--skip-existing could not read what the index holds, so nothing was sent: "
                                       u"%1"_s.arg(redacted(reply->error().message)),
                                       {}, reply->error().httpStatus});
            } else {
                task.note = u"The index's file list could not be read (%1); uploading without it."_s.arg(
                    redacted(reply->error().message));
            }
            continue;
        }
        const auto listed = reply->page().file(task.prepared->filename);
        if (!listed) {
            continue;
        }
        const QString mine = task.prepared->digests.sha256Hex();
        const QString theirs = listed->sha256().toLower();
        if (!theirs.isEmpty() && theirs != mine) {
            fail(task, UploadError{UploadError::Code::FileExists,
                                   u"The index already holds a different file named %1 (sha256 %2, yours is %3). A "
                                   u"filename can never be replaced or reused: only a new version helps, so bump the "
                                   u"version and build again."_s.arg(task.prepared->filename, shortHex(theirs),
                                                                     shortHex(mine)),
                                   {}, 0});
            continue;
        }
        if (theirs.isEmpty()) {
            // Without a sha256 the listing cannot tell; the upload's answer will.
            continue;
        }
        task.listedBefore = true;
        m_openReleases.insert(releaseOf(task));
        if (m_options.skipExisting) {
            succeed(task, FileOutcome::AlreadyPresent, u"Skipped: the index already has this exact file."_s);
        }
    }
    if (m_listing == 0) {
        startUploads();
    }
}

// --- 4. Uploads ----------------------------------------------------------------------------

void UploadJob::startUploads()
{
    if (m_finished) {
        return;
    }
    // Wheels first, as twine and uv do; then sdists. Keeps the order given otherwise.
    for (const Dist::DistKind kind : {Dist::DistKind::Wheel, Dist::DistKind::Sdist}) {
        for (Task &task : m_tasks) {
            if (!task.done && task.prepared->kind == kind) {
                const MultipartBody probe(task.prepared->fields, u"content"_s, task.path, task.prepared->filename,
                                          task.prepared->size);
                task.bodySize = probe.size();
                m_queue.append(task.index);
                setState(task, FileState::Queued);
            }
        }
    }
    if (m_queue.isEmpty()) {
        finishJob();
        return;
    }
    m_progressTimer = new QTimer(this);
    m_progressTimer->setInterval(m_options.progressInterval);
    connect(m_progressTimer, &QTimer::timeout, this, &UploadJob::emitProgress);
    m_progressTimer->start();
    pump();
}

QString UploadJob::releaseOf(const Task &task)
{
    return Metadata::normalizeName(task.prepared->project) + u' ' + task.prepared->version;
}

void UploadJob::pump()
{
    // The first file of a release defines the release's metadata on PyPI, so one file of each
    // release (a wheel, when there is one: the queue has wheels first) goes up alone; the rest
    // of that release follow, in parallel, once the index holds it. Other releases go on meanwhile.
    qsizetype position = 0;
    while (!m_finished && m_active < m_options.jobs && position < m_queue.size()) {
        Task &next = m_tasks[m_queue.at(position)];
        if (next.done) {
            m_queue.removeAt(position);
            continue;
        }
        const QString release = releaseOf(next);
        if (!m_openReleases.contains(release)) {
            if (m_leadingReleases.contains(release)) {
                ++position;
                continue;
            }
            m_leadingReleases.insert(release);
            next.leadsRelease = true;
        }
        m_queue.removeAt(position);
        ++m_active;
        next.clock.start();
        startAttempt(next);
    }
}

void UploadJob::startAttempt(Task &task)
{
    if (m_finished || task.done) {
        return;
    }
    ++task.result.attempts;
    task.sent = 0;
    task.meter.clear();
    auto body = std::make_unique<MultipartBody>(task.prepared->fields, u"content"_s, task.path,
                                                task.prepared->filename, task.prepared->size);
    TransferRequest request;
    request.url = m_options.registry.uploadUrl;
    request.headers.append({"User-Agent", m_options.userAgent.isEmpty() ? QByteArray("slipway/" SLIPWAY_VERSION)
                                                                         : m_options.userAgent});
    if (m_options.credential && !m_options.credential->secret.isEmpty()) {
        request.headers.append({"Authorization", Registry::basicAuthorization(m_options.credential->username,
                                                                              m_options.credential->secret)});
    }
    request.stallTimeout = m_options.stallTimeout;
    request.answerLimit = maxAnswerBody;
    // validateOptions() refused a setting proxyFor() cannot use.
    request.proxy = Index::proxyFor(request.url, m_options.proxyEnvironment.value_or(Index::ProxyEnvironment::fromSystem()))
                        .value_or(QNetworkProxy(QNetworkProxy::NoProxy));
    if (m_options.registry.uploadUrl.scheme() == u"https"_s) {
        const auto ssl = Index::sslConfiguration({m_options.registry.caBundlePath, m_options.registry.clientCertPath});
        if (!ssl) {
            fail(task, UploadError{UploadError::Code::InvalidOptions, ssl.error().message, {}, 0});
            return;
        }
        request.ssl = *ssl;
    }
    setState(task, FileState::Uploading,
             task.result.attempts > 1 ? u"attempt %1 of %2"_s.arg(task.result.attempts).arg(m_options.maxAttempts)
                                      : QString());
    // Its own connection and thread, never re-sent by itself: a new attempt is a new transfer.
    auto *transfer = new UploadTransfer(std::move(request), std::move(body), this);
    task.transfer = transfer;
    const int index = task.index;
    connect(transfer, &UploadTransfer::finished, this, [this, index] { onTransferFinished(index); });
    transfer->start();
}

void UploadJob::onTransferFinished(int index)
{
    Task &task = m_tasks[index];
    UploadTransfer *transfer = task.transfer;
    if (transfer == nullptr) {
        return;
    }
    task.transfer = nullptr;
    transfer->deleteLater();
    if (m_finished || task.done) {
        return;
    }
    using Code = UploadError::Code;
    using Failure = TransferResult::Failure;
    const TransferResult &outcome = transfer->result();
    const QString filename = task.prepared->filename;
    switch (outcome.failure) {
    case Failure::None:
        break;
    case Failure::Aborted:
        return;
    case Failure::File:
        fail(task, UploadError{Code::InvalidFile, outcome.message, {}, 0});
        return;
    case Failure::Tls: {
        const QString details = outcome.sslErrors.isEmpty() ? outcome.message : outcome.sslErrors.join(u"; "_s);
        fail(task, UploadError{Code::Tls,
                               u"The TLS connection to %1 failed: %2. If the registry uses a private CA, set its "
                               u"CA bundle (`slipway registry edit NAME --ca-bundle FILE`)."_s.arg(
                                   m_options.registry.uploadUrl.host(), details),
                               {}, 0});
        return;
    }
    case Failure::Proxy:
        fail(task, UploadError{Code::Network,
                               u"The proxy refused to connect Slipway to %1: %2. Check https_proxy (or all_proxy) "
                               u"and the proxy's credentials, or add the registry's host to no_proxy."_s.arg(
                                   m_options.registry.uploadUrl.host(), outcome.message),
                               {}, 0});
        return;
    case Failure::Malformed:
        fail(task, UploadError{Code::Network,
                               u"Uploading %1 failed: the registry's answer is not valid HTTP (%2)."_s.arg(
                                   filename, redacted(outcome.message)),
                               {}, 0});
        return;
    case Failure::Connect:
    case Failure::Closed:
    case Failure::Stalled: {
        // Bytes handed to the connection may have reached the server, and it may have stored the file.
        if (outcome.bodyBytesTaken > 0) {
            task.uncertain = true;
        }
        const bool stalled = outcome.failure == Failure::Stalled;
        const QString message = stalled
            ? u"Uploading %1 stalled (%2)."_s.arg(filename, outcome.message)
            : u"The connection to %1 failed while uploading %2: %3."_s.arg(m_options.registry.uploadUrl.host(),
                                                                           filename, outcome.message);
        handleRetryable(task, UploadError{stalled ? Code::Timeout : Code::Network, message, {}, 0}, -1);
        return;
    }
    }

    HttpAnswer answer = outcome.answer;
    const int status = answer.status;
    // A hostile or confused server may echo the secret anywhere, the redirect target included.
    answer.location = redacted(answer.location);
    const QString server = redacted(serverMessage(answer));
    // The server's text is redacted above; the rest of the message is Slipway's own words.
    const Interpretation interpretation = interpretAnswer(answer, server, m_options.registry.uploadUrl, filename);
    switch (interpretation.kind) {
    case AnswerKind::Success:
        if (task.listedBefore) {
            succeed(task, FileOutcome::AlreadyPresent,
                    u"The index already had this identical file; the registry accepted the re-upload without "
                    u"changing anything."_s);
        } else {
            succeed(task, FileOutcome::Uploaded,
                    task.uncertain ? u"Stored on attempt %1, after an earlier attempt broke off."_s.arg(
                                         task.result.attempts)
                                   : QString());
        }
        return;
    case AnswerKind::Retry:
        // A 5xx may come after the file was stored (a proxy timing out); 429 never does.
        if (status != 429) {
            task.uncertain = true;
        }
        handleRetryable(task, interpretation.error, interpretation.retryAfterSeconds);
        return;
    case AnswerKind::Exists:
        handleExists(task, interpretation.error);
        return;
    case AnswerKind::Fatal:
        fail(task, interpretation.error);
        return;
    }
}

void UploadJob::handleRetryable(Task &task, const UploadError &error, int retryAfterSeconds)
{
    const int attempts = task.result.attempts;
    if (attempts >= m_options.maxAttempts) {
        UploadError final = error;
        final.message += u" Gave up after %1 attempts."_s.arg(attempts);
        if (task.uncertain && !m_options.registry.simpleUrl.isEmpty()) {
            // One last look: the last attempt may have arrived after all.
            askIndex(task, [this, index = task.index, final](std::optional<Index::DistributionFile> file,
                                                             std::optional<Index::IndexError>) {
                Task &t = m_tasks[index];
                if (file && file->sha256().toLower() == t.prepared->digests.sha256Hex()) {
                    succeed(t, FileOutcome::Uploaded,
                            u"The connection broke, but the index lists the file with the right sha256."_s);
                } else {
                    fail(t, final);
                }
            });
            return;
        }
        fail(task, final);
        return;
    }
    if (retryAfterSeconds > m_options.maxRetryAfterSeconds) {
        UploadError final = error;
        final.message += u" The registry asks to wait %1 s before trying again; try later."_s.arg(retryAfterSeconds);
        fail(task, final);
        return;
    }
    // Exponential backoff with ±25% jitter, so parallel uploads do not retry in lockstep.
    const double base = double(m_options.firstBackoff.count()) * std::pow(2.0, attempts - 1);
    const double jitter = 0.75 + 0.5 * QRandomGenerator::global()->generateDouble();
    qint64 delayMs = qint64(std::min(base, double(m_options.maxBackoff.count())) * jitter);
    if (retryAfterSeconds >= 0) {
        delayMs = std::max<qint64>(delayMs, qint64(retryAfterSeconds) * 1000);
    }
    task.result.note.clear();
    setState(task, FileState::Waiting,
             u"%1 Retrying in %2 s (attempt %3 of %4)."_s.arg(error.message)
                 .arg(double(delayMs) / 1000.0, 0, 'f', 1)
                 .arg(attempts + 1)
                 .arg(m_options.maxAttempts));
    task.sent = 0;
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    task.retryTimer = timer;
    connect(timer, &QTimer::timeout, this, [this, timer, index = task.index] {
        timer->deleteLater();
        Task &t = m_tasks[index];
        if (m_finished || t.done) {
            return;
        }
        if (!t.uncertain || m_options.registry.simpleUrl.isEmpty()) {
            startAttempt(t);
            return;
        }
        // Ask before re-sending: the server may have stored the file before the answer was lost.
        askIndex(t, [this, index](std::optional<Index::DistributionFile> file, std::optional<Index::IndexError>) {
            Task &again = m_tasks[index];
            if (file && file->sha256().toLower() == again.prepared->digests.sha256Hex()) {
                succeed(again, FileOutcome::Uploaded,
                        u"The connection broke after the registry had stored the file; the index lists it with the "
                        u"right sha256, so it was not sent again."_s);
                return;
            }
            startAttempt(again);
        });
    });
    timer->start(int(std::min<qint64>(delayMs, std::numeric_limits<int>::max())));
}

void UploadJob::handleExists(Task &task, const UploadError &error, int lookup)
{
    if (m_options.registry.simpleUrl.isEmpty()) {
        UploadError final = error;
        if (task.uncertain) {
            final.message += u" An earlier attempt of this upload broke off and may have stored it; without the "
                             u"registry's simple index URL Slipway cannot tell, so look at the index."_s;
        }
        fail(task, final);
        return;
    }
    askIndex(task, [this, index = task.index, error, lookup](std::optional<Index::DistributionFile> file,
                                                             std::optional<Index::IndexError> indexError) {
        Task &t = m_tasks[index];
        const QString mine = t.prepared->digests.sha256Hex();
        if (!file && t.uncertain && lookup < 3) {
            // Our broken attempt probably stored it, and indexes list new files late (PyPI's
            // simple pages sit behind a cache): look again after a pause before calling it a
            // conflict.
            const qint64 pause = std::min<qint64>(m_options.firstBackoff.count() << lookup, m_options.maxBackoff.count());
            setState(t, FileState::Waiting, u"The registry has a file named %1, the index does not list it yet; "
                                            u"looking again in %2 s."_s.arg(t.prepared->filename)
                                                .arg(double(pause) / 1000.0, 0, 'f', 1));
            QTimer::singleShot(pause, this, [this, index, error, lookup] {
                Task &again = m_tasks[index];
                if (!m_finished && !again.done) {
                    handleExists(again, error, lookup + 1);
                }
            });
            return;
        }
        if (file && file->sha256().toLower() == mine) {
            if (t.uncertain && !t.listedBefore) {
                succeed(t, FileOutcome::Uploaded,
                        u"An attempt broke off after the registry stored the file; the index lists it with the right "
                        u"sha256."_s);
            } else {
                succeed(t, FileOutcome::AlreadyPresent,
                        u"The registry refused a second copy; the index has this exact file already."_s);
            }
            return;
        }
        UploadError final = error;
        if (file && !file->sha256().isEmpty()) {
            final.message = u"The index holds a different file named %1 (sha256 %2, yours is %3). A filename can "
                            u"never be replaced or reused: only a new version helps, so bump the version and build "
                            u"again."_s.arg(t.prepared->filename, shortHex(file->sha256().toLower()), shortHex(mine));
        } else if (indexError) {
            final.message += u" (Checking the index failed too: %1)"_s.arg(redacted(indexError->message));
        }
        fail(t, final);
    });
}

void UploadJob::askIndex(Task &task, IndexAnswer answer)
{
    setState(task, FileState::Verifying, u"asking the index whether %1 arrived"_s.arg(task.prepared->filename));
    Index::ProjectPageReply *reply = m_index->fetchProjectPage(m_options.registry.simpleUrl, task.prepared->project,
                                                               indexOptions());
    reply->setAutoDelete(false);
    task.indexReply = reply;
    connect(reply, &Index::IndexReply::finished, this, [this, reply, index = task.index, answer] {
        reply->deleteLater();
        Task &t = m_tasks[index];
        t.indexReply = nullptr;
        if (m_finished || t.done) {
            return;
        }
        if (reply->hasError()) {
            answer(std::nullopt, reply->error());
            return;
        }
        answer(reply->page().file(t.prepared->filename), std::nullopt);
    });
}

// --- Endings -----------------------------------------------------------------------------------

void UploadJob::succeed(Task &task, FileOutcome outcome, const QString &note)
{
    finishTask(task, outcome, std::nullopt, note);
}

void UploadJob::fail(Task &task, const UploadError &error)
{
    finishTask(task, FileOutcome::Failed, error, {});
}

void UploadJob::finishTask(Task &task, FileOutcome outcome, std::optional<UploadError> error, const QString &note)
{
    if (task.done) {
        return;
    }
    const bool wasActive = task.clock.isValid();
    task.done = true;
    task.result.outcome = outcome;
    task.result.error = std::move(error);
    QStringList notes;
    if (!task.note.isEmpty()) {
        notes.append(task.note);
    }
    if (!note.isEmpty()) {
        notes.append(note);
    }
    task.result.note = notes.join(u' ');
    task.result.elapsedMs = wasActive ? task.clock.elapsed() : 0;
    if (outcome == FileOutcome::Uploaded || outcome == FileOutcome::AlreadyPresent) {
        task.sent = task.bodySize;
    }
    setState(task, FileState::Done, outcomeName(outcome));
    Q_EMIT fileFinished(task.index, task.result);
    if (task.leadsRelease) {
        task.leadsRelease = false;
        m_leadingReleases.remove(releaseOf(task));
        if (outcome == FileOutcome::Uploaded || outcome == FileOutcome::AlreadyPresent) {
            m_openReleases.insert(releaseOf(task));
        }
    }
    if (wasActive) {
        --m_active;
        emitProgress();
        if (!m_cancel) {
            pump();
        }
    }
    if (!m_cancel && std::all_of(m_tasks.cbegin(), m_tasks.cend(), [](const Task &t) { return t.done; })) {
        finishJob();
    }
}

void UploadJob::emitProgress()
{
    const qint64 now = m_clock.elapsed();
    TransferProgress total;
    for (Task &task : m_tasks) {
        if (task.bodySize == 0) {
            continue;
        }
        if (task.transfer) {
            task.sent = task.transfer->bodyBytesSent();
            task.meter.add(now, task.sent);
        }
        total.bytesTotal += task.bodySize;
        total.bytesDone += task.done ? task.bodySize : task.sent;
        if (task.transfer) {
            TransferProgress file;
            file.bytesDone = task.sent;
            file.bytesTotal = task.bodySize;
            file.bytesPerSecond = task.meter.rate();
            Q_EMIT fileProgress(task.index, file);
        }
    }
    m_totalMeter.add(now, total.bytesDone);
    total.bytesPerSecond = m_totalMeter.rate();
    Q_EMIT totalProgress(total);
}

void UploadJob::finishJob()
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    if (m_progressTimer != nullptr) {
        m_progressTimer->stop();
    }
    m_result.files.clear();
    for (const Task &task : m_tasks) {
        m_result.files.append(task.result);
    }
    // Queued, so that a caller connecting after start() or cancel() still sees it.
    QTimer::singleShot(0, this, [this] { Q_EMIT finished(m_result); });
}

} // namespace Upload
