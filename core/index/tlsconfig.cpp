// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/index/tlsconfig.h"

#include <QFile>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslKey>

namespace Index {

namespace {

IndexError invalidRequest(const QString &message)
{
    IndexError error;
    error.code = IndexError::Code::InvalidRequest;
    error.message = message;
    return error;
}

std::expected<QByteArray, IndexError> readPem(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return std::unexpected(invalidRequest(QStringLiteral("Cannot read the %1 %2: %3.").arg(what, path, file.errorString())));
    }
    // Bundles are small; refuse anything that is clearly not one rather than read it whole.
    if (file.size() > 16 * 1024 * 1024) {
        return std::unexpected(invalidRequest(QStringLiteral("The %1 %2 is too large to be a PEM file.").arg(what, path)));
    }
    return file.readAll();
}

} // namespace

std::expected<QSslConfiguration, IndexError> sslConfiguration(const TlsOptions &options)
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!options.caBundlePath.isEmpty()) {
        const auto pem = readPem(options.caBundlePath, QStringLiteral("CA bundle"));
        if (!pem) {
            return std::unexpected(pem.error());
        }
        const QList<QSslCertificate> certificates = QSslCertificate::fromData(*pem, QSsl::Pem);
        if (certificates.isEmpty()) {
            return std::unexpected(invalidRequest(
                QStringLiteral("The CA bundle %1 contains no PEM certificate.").arg(options.caBundlePath)));
        }
        configuration.setCaCertificates(certificates);
    }
    if (!options.clientCertificatePath.isEmpty()) {
        const auto pem = readPem(options.clientCertificatePath, QStringLiteral("client certificate"));
        if (!pem) {
            return std::unexpected(pem.error());
        }
        const QList<QSslCertificate> certificates = QSslCertificate::fromData(*pem, QSsl::Pem);
        if (certificates.isEmpty()) {
            return std::unexpected(invalidRequest(
                QStringLiteral("The client certificate file %1 contains no PEM certificate.").arg(options.clientCertificatePath)));
        }
        static const QRegularExpression keyBlock(
            QStringLiteral("-----BEGIN (?:RSA |EC |DSA )?PRIVATE KEY-----[\\s\\S]*?-----END (?:RSA |EC |DSA )?PRIVATE KEY-----"));
        const QRegularExpressionMatch match = keyBlock.match(QString::fromLatin1(*pem));
        QSslKey key;
        if (match.hasMatch()) {
            const QByteArray block = match.captured(0).toLatin1();
            for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
                key = QSslKey(block, algorithm, QSsl::Pem, QSsl::PrivateKey);
                if (!key.isNull()) {
                    break;
                }
            }
        }
        if (key.isNull()) {
            return std::unexpected(invalidRequest(
                QStringLiteral("The client certificate file %1 has no unencrypted private key next to the certificate.")
                    .arg(options.clientCertificatePath)));
        }
        configuration.setLocalCertificateChain(certificates);
        configuration.setPrivateKey(key);
    }
    return configuration;
}

} // namespace Index
