// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/transport.h"

#include <QDir>
#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

namespace Registry {

using namespace Qt::StringLiterals;

QByteArray basicAuthorization(const QString &username, const QString &secret)
{
    return "Basic " + (username + u':' + secret).toUtf8().toBase64();
}

namespace {

RegistryError certificateError(const QString &message)
{
    return {RegistryError::Code::InvalidOption, message};
}

} // namespace

std::expected<void, RegistryError> prepareRequest(QNetworkRequest &request, const Registry &registry,
                                                  const Credential &credential)
{
    request.setRawHeader("Authorization", basicAuthorization(credential.username, credential.secret));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    if (registry.caBundlePath.isEmpty() && registry.clientCertPath.isEmpty()) {
        return {};
    }
#if QT_CONFIG(ssl)
    QSslConfiguration ssl = request.sslConfiguration();
    if (!registry.caBundlePath.isEmpty()) {
        const QList<QSslCertificate> authorities = QSslCertificate::fromPath(registry.caBundlePath, QSsl::Pem);
        if (authorities.isEmpty()) {
            return std::unexpected(certificateError(
                u"The CA bundle %1 of registry %2 holds no PEM certificate (or cannot be read)."_s.arg(
                    QDir::toNativeSeparators(registry.caBundlePath), registry.name)));
        }
        ssl.setCaCertificates(authorities);
    }
    if (!registry.clientCertPath.isEmpty()) {
        const QString shown = QDir::toNativeSeparators(registry.clientCertPath);
        const QList<QSslCertificate> certificates = QSslCertificate::fromPath(registry.clientCertPath, QSsl::Pem);
        QFile file(registry.clientCertPath);
        if (certificates.isEmpty() || !file.open(QIODevice::ReadOnly)) {
            return std::unexpected(certificateError(
                u"The client certificate %1 of registry %2 holds no PEM certificate (or cannot be read)."_s.arg(
                    shown, registry.name)));
        }
        const QByteArray pem = file.read(1024 * 1024);
        QSslKey key;
        for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
            key = QSslKey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
            if (!key.isNull()) {
                break;
            }
        }
        if (key.isNull()) {
            return std::unexpected(certificateError(
                u"The client certificate file %1 of registry %2 has no unencrypted private key: put the certificate "
                u"and its key (without a passphrase) in one PEM file, as twine's client_cert expects."_s.arg(
                    shown, registry.name)));
        }
        ssl.setLocalCertificate(certificates.first());
        ssl.setPrivateKey(key);
    }
    request.setSslConfiguration(ssl);
    return {};
#else
    return std::unexpected(certificateError(
        u"Registry %1 names certificate files, but this build of Slipway has no TLS support."_s.arg(registry.name)));
#endif
}

QString redact(const QString &text, const Credential &credential)
{
    QString result = text;
    if (!credential.secret.isEmpty()) {
        result.replace(credential.secret, u"[redacted]"_s);
        const QString basic = QString::fromLatin1(basicAuthorization(credential.username, credential.secret).mid(6));
        result.replace(basic, u"[redacted]"_s);
    }
    return result;
}

} // namespace Registry
