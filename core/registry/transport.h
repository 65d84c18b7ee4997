// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <expected>

#include <QByteArray>
#include <QNetworkRequest>
#include <QString>

#include "core/registry/credentials.h"
#include "core/registry/registry.h"

namespace Registry {

// "Basic base64(username:secret)", the HTTP header value every PyPI-like index accepts.
[[nodiscard]] QByteArray basicAuthorization(const QString &username, const QString &secret);

/**
 * Prepares a request to a registry the way every Slipway upload does: HTTP basic
 * authentication from the credential (set as a header, so Qt never retries it elsewhere or
 * caches it), no redirects followed (a redirect would carry the credential to another URL,
 * and uploads are never redirected on purpose), the registry's CA bundle in place of the
 * system CAs, and its client certificate (one PEM file with certificate and unencrypted key,
 * as twine's client_cert). Fails when a certificate file cannot be read.
 */
[[nodiscard]] std::expected<void, RegistryError> prepareRequest(QNetworkRequest &request, const Registry &registry,
                                                                const Credential &credential);

// Replaces every occurrence of the secret, and of the basic-authentication value built from
// it, with "[redacted]": for server answers that echo what they were sent.
[[nodiscard]] QString redact(const QString &text, const Credential &credential);

} // namespace Registry
