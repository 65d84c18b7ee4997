// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/release/indexverifier.h"

#include <QTimer>

#include "core/registry/registry.h"

using namespace Qt::StringLiterals;

namespace Release {

IndexVerifier::IndexVerifier(const QUrl &simpleIndexUrl, const QString &project, const QList<ExpectedFile> &files,
    const VerifyOptions &options, QObject *parent)
    : QObject(parent)
    , m_simpleIndexUrl(simpleIndexUrl)
    , m_project(project)
    , m_files(files)
    , m_options(options)
    , m_client(new Index::IndexClient(this))
    , m_timer(new QTimer(this))
{
    m_options.attempts = std::max(1, m_options.attempts);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &IndexVerifier::read);
}

IndexVerifier::~IndexVerifier()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

void IndexVerifier::start()
{
    QTimer::singleShot(0, this, &IndexVerifier::read);
}

void IndexVerifier::cancel()
{
    if (m_finished) {
        return;
    }
    m_timer->stop();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
    VerifyResult result;
    result.outcome = VerifyResult::Outcome::Canceled;
    result.attempts = m_attempt;
    result.message = u"Verification canceled."_s;
    QTimer::singleShot(0, this, [this, result] { finish(result); });
}

void IndexVerifier::read()
{
    if (m_finished) {
        return;
    }
    ++m_attempt;
    m_reply = m_client->fetchProjectPage(m_simpleIndexUrl, m_project, m_options.request);
    Index::ProjectPageReply *reply = m_reply;
    connect(reply, &Index::IndexReply::finished, this, [this, reply] { onPage(reply); });
}

void IndexVerifier::onPage(Index::ProjectPageReply *reply)
{
    if (m_finished) {
        return;
    }
    const QString index = Registry::urlText(m_simpleIndexUrl);
    VerifyResult result;
    result.attempts = m_attempt;
    std::optional<QString> readError;
    if (reply->hasError()) {
        readError = reply->error().message;
    } else {
        const Index::ProjectPage &page = reply->page();
        for (const ExpectedFile &expected : std::as_const(m_files)) {
            const auto listed = page.file(expected.filename);
            if (!listed) {
                result.missing.append(expected.filename);
            } else if (listed->sha256().compare(expected.sha256, Qt::CaseInsensitive) != 0) {
                result.mismatched.append(u"%1: listed with sha256 %2, pinned %3"_s.arg(
                    expected.filename, listed->sha256().isEmpty() ? u"(none)"_s : listed->sha256(), expected.sha256));
            }
        }
    }
    if (!readError && !result.mismatched.isEmpty()) {
        result.outcome = VerifyResult::Outcome::Mismatch;
        result.message = u"%1 lists files under the release's names with other contents: %2. These are not the "
                         u"files Slipway uploaded; a filename can never be reused for other bytes."_s.arg(
                             index, result.mismatched.join(u"; "_s));
        finish(result);
        return;
    }
    if (!readError && result.missing.isEmpty()) {
        result.outcome = VerifyResult::Outcome::Verified;
        result.message = u"%1 lists all %2 files with the pinned sha256 (after %3 %4)."_s.arg(index)
                             .arg(m_files.size())
                             .arg(m_attempt)
                             .arg(m_attempt == 1 ? u"read"_s : u"reads"_s);
        finish(result);
        return;
    }
    if (m_attempt >= m_options.attempts) {
        if (readError) {
            result.outcome = VerifyResult::Outcome::IndexError;
            result.message = u"Could not read %1 to verify the upload: %2"_s.arg(index, *readError);
        } else {
            result.outcome = VerifyResult::Outcome::NotListed;
            const double seconds = double(m_options.interval.count()) * double(m_attempt - 1) / 1000.0;
            result.message = u"%1 still does not list %2 after %3 reads over %4 s. Indexes can take a while; run "
                             u"`slipway release resume` later to verify again (nothing is uploaded twice)."_s
                                 .arg(index, result.missing.join(u", "_s))
                                 .arg(m_attempt)
                                 .arg(seconds, 0, 'f', 1);
        }
        finish(result);
        return;
    }
    Q_EMIT attempted(m_attempt, int(m_files.size() - result.missing.size()), int(m_files.size()));
    m_timer->start(m_options.interval);
}

void IndexVerifier::finish(VerifyResult result)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    Q_EMIT finished(result);
}

} // namespace Release
