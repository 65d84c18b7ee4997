// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QString>

#include <optional>

#include "app/cli/command.h"
#include "core/registry/credentials.h"
#include "core/registry/registry.h"
#include "core/upload/uploadjob.h"

namespace Registry {
class CredentialStore;
}

namespace Cli {

/**
 * `slipway upload FILE... (-r REGISTRY | --repository-url URL) [-u USER] [--simple-url URL]
 * [--skip-existing] [--jobs N] [--dry-run] [--no-check] [--json]`: checks the files, then
 * uploads them in parallel through the legacy upload API (Upload::UploadJob).
 *
 * The secret comes from TWINE_PASSWORD or the keychain (never from the command line) and never
 * appears in the output. On a terminal one progress line is redrawn; otherwise each event is a
 * plain line. --dry-run prints the form field by field instead of sending it. --json prints
 * one JSON object at the end (progress then goes to stderr).
 * Ctrl-C (or SIGTERM) cancels the transfers and still reports; a second one exits at once.
 * Exit 0 only when every file is on the index (uploaded now or already there), 1 otherwise,
 * 2 for a usage error.
 */
class UploadCommand final : public Command
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UploadCommand)

public:
    explicit UploadCommand(Console console, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

private:
    void resolved(std::expected<Registry::Credential, Registry::CredentialError> credential);
    // Reports a problem found before any file was sent (also as JSON with --json) and exits 1.
    void failBeforeUpload(const QString &message);
    void watchInterrupts();
    void startJob();
    void onStateChanged(int index, Upload::FileState state, const QString &detail);
    void onFileFinished(int index, const Upload::FileResult &result);
    void onTotalProgress(const Upload::TransferProgress &progress);
    void onFinished(const Upload::UploadResult &result);
    void printDryRun(const Upload::FileResult &result);
    /// " through the proxy HOST:PORT" when the upload goes through one, else empty.
    [[nodiscard]] QString proxyText() const;
    void line(const QString &text);
    void clearProgressLine();
    QTextStream &events();

    QStringList m_paths;
    Upload::UploadOptions m_options;
    Upload::UploadJob *m_job = nullptr;
    Registry::CredentialStore *m_credentials = nullptr;
    std::optional<Registry::CredentialError> m_credentialError;
    QString m_credentialText;
    QElapsedTimer m_clock;
    int m_done = 0;
    bool m_json = false;
    bool m_terminal = false;
    bool m_progressShown = false;
};

} // namespace Cli
