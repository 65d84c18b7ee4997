// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <chrono>

#include "core/index/indexclient.h"

class QTimer;

namespace Release {

/// A file that must be on an index: its name and the sha256 it must be listed with.
struct ExpectedFile {
    QString filename;
    QString sha256; ///< lowercase hex
};

/// How long to wait for an index to list new files.
struct VerifyOptions {
    int attempts = 30; ///< reads of the project page at most
    std::chrono::milliseconds interval { 2000 }; ///< between reads
    Index::RequestOptions request; ///< credentials for private indexes, TLS, timeout
};

/// How a verification ended, per file and as a whole.
struct VerifyResult {
    enum class Outcome {
        Verified, ///< every file listed with its sha256
        Mismatch, ///< a file is listed with another sha256 (never retried)
        NotListed, ///< some files still missing after every attempt
        IndexError, ///< the index could not be read on the last attempt
        Canceled,
    };
    Outcome outcome = Outcome::NotListed;
    int attempts = 0;
    QStringList missing; ///< filenames not listed (NotListed)
    QStringList mismatched; ///< "filename: listed sha256 X, pinned Y"
    QString message; ///< plain language, names the index
};

/**
 * Reads a project's Simple API page until every expected file is listed with the expected
 * sha256, with a bound (VerifyOptions), because indexes take a moment to list a new upload.
 * A file listed with another hash fails at once. A job: start() returns at once, finished()
 * comes exactly once (also after cancel()). Lives in the thread that created it.
 */
class IndexVerifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IndexVerifier)

public:
    IndexVerifier(const QUrl &simpleIndexUrl, const QString &project, const QList<ExpectedFile> &files,
        const VerifyOptions &options, QObject *parent = nullptr);
    ~IndexVerifier() override;

    void start();
    void cancel();

Q_SIGNALS:
    /// After each read that did not settle it: how many files are listed so far.
    void attempted(int attempt, int listed, int expected);
    void finished(const Release::VerifyResult &result);

private:
    void read();
    void onPage(Index::ProjectPageReply *reply);
    void finish(VerifyResult result);

    QUrl m_simpleIndexUrl;
    QString m_project;
    QList<ExpectedFile> m_files;
    VerifyOptions m_options;
    Index::IndexClient *m_client = nullptr;
    QPointer<Index::ProjectPageReply> m_reply;
    QTimer *m_timer = nullptr;
    int m_attempt = 0;
    bool m_finished = false;
};

} // namespace Release

Q_DECLARE_METATYPE(Release::VerifyResult)
