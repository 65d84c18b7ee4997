// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <functional>

#include <QByteArray>
#include <QObject>
#include <QString>

#include "core/registry/credentials.h"
#include "core/registry/registry.h"

class QNetworkAccessManager;

namespace Registry {

struct VerifyResult {
    enum class Outcome {
        Accepted,     // the registry authenticated the credential (and refused only the empty upload)
        Rejected,     // the registry refused the credential (401/403)
        WrongUrl,     // 3xx, 404, 405, 410: the upload URL is wrong, or (GitLab 404) the credential cannot see it
        Inconclusive, // an answer that says nothing about the credential (2xx, 5xx, ...)
        Failed,       // no answer: network, TLS or certificate-file error
    };
    Outcome outcome = Outcome::Failed;
    int status = 0;        // HTTP status, 0 without an answer
    QString serverMessage; // what the server said, cleaned, with the secret redacted
    QString message;       // the verdict in words
};

// How a credential can be verified for each kind, in words (also in docs/registries.md).
[[nodiscard]] QString verifySupport(Kind kind);

/**
 * Turns the answer to an upload POST without a file into a verdict. PyPI-like indexes check
 * authentication before the form: 401/403 mean a refused credential, 400/422 an accepted one
 * (only the missing file is refused). `location` is the Location header of a redirect.
 */
[[nodiscard]] VerifyResult classifyVerifyResponse(const Registry &registry, int status, const QString &serverMessage,
                                                  const QString &location);

/**
 * Checks a credential against its registry without uploading anything: POSTs the upload
 * form with ":action=file_upload" and no file to the upload URL, with the credential, and
 * classifies the answer. The request follows no redirect, uses the registry's CA bundle and
 * client certificate, and gives up after timeout() (30 s). Works on the thread of the
 * network access manager; the callback runs once unless `context` is destroyed first.
 */
class CredentialVerifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialVerifier)

public:
    using Callback = std::function<void(VerifyResult)>;

    explicit CredentialVerifier(QNetworkAccessManager *network, QObject *parent = nullptr);

    [[nodiscard]] std::chrono::milliseconds timeout() const { return m_timeout; }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    void verify(const Registry &registry, const Credential &credential, QObject *context, Callback callback);

private:
    QNetworkAccessManager *m_network;
    std::chrono::milliseconds m_timeout{std::chrono::seconds(30)};
};

} // namespace Registry
