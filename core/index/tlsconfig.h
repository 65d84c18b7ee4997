// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSslConfiguration>
#include <QString>

#include <expected>

#include "core/index/indextypes.h"

namespace Index {

/// Per-registry TLS settings, as Registry::Registry stores them.
struct TlsOptions {
    QString caBundlePath;          ///< PEM bundle that replaces the system CAs; empty: system store
    QString clientCertificatePath; ///< PEM with a client certificate and its unencrypted key; may be empty

    [[nodiscard]] bool isEmpty() const { return caBundlePath.isEmpty() && clientCertificatePath.isEmpty(); }
};

/**
 * The TLS configuration for a request: the default configuration (peer verification on, the
 * system CAs) with the options applied. Errors (InvalidRequest) name the file and what is
 * wrong with it: unreadable, no certificate in it, no private key beside the certificate.
 * Reads files synchronously (small PEM files); thread-safe.
 */
[[nodiscard]] std::expected<QSslConfiguration, IndexError> sslConfiguration(const TlsOptions &options);

} // namespace Index
