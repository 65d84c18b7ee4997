// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace TestSupport {

/**
 * A legacy-upload form built by hand, for tests that need to send exactly this (or exactly
 * this mistake) to the strict registry. forFile() fills in what twine sends for a file; the
 * setters change one field at a time. body() renders it as multipart/form-data.
 */
class UploadForm final
{
public:
    struct Field {
        QByteArray name;
        QByteArray value;
        bool isFile = false;
        QByteArray filename;
        QByteArray contentType;
    };

    /// :action, protocol_version, metadata_version 2.1, name, version, filetype and pyversion
    /// from the filename, sha256 and blake2_256 digests, and the content part.
    static UploadForm forFile(const QString &name, const QString &version, const QString &filename,
                              const QByteArray &content);

    UploadForm &set(const QByteArray &name, const QByteArray &value); ///< replaces every value of the field
    UploadForm &add(const QByteArray &name, const QByteArray &value); ///< before the file part
    UploadForm &append(const QByteArray &name, const QByteArray &value); ///< at the very end, after the file
    UploadForm &remove(const QByteArray &name);
    UploadForm &addFilePart(const QByteArray &name, const QByteArray &filename, const QByteArray &data,
                            const QByteArray &contentType = "application/octet-stream");
    UploadForm &setContent(const QByteArray &filename, const QByteArray &data,
                           const QByteArray &contentType = "application/octet-stream");

    [[nodiscard]] const QList<Field> &fields() const { return m_fields; }
    [[nodiscard]] QByteArray boundary() const { return m_boundary; }
    [[nodiscard]] QByteArray contentTypeHeader() const;
    [[nodiscard]] QByteArray body() const;

    /// POSTs the form with QNetworkAccessManager (redirects not followed), with Basic auth when
    /// `username` is not empty.
    QNetworkReply *post(QNetworkAccessManager &network, const QUrl &url, const QString &username = {},
                        const QString &password = {}) const;

    static QByteArray sha256Hex(const QByteArray &data);
    static QByteArray blake2b256Hex(const QByteArray &data);

private:
    QList<Field> m_fields;
    QByteArray m_boundary = "slipway-test-boundary-7d1b2c";
};

} // namespace TestSupport
