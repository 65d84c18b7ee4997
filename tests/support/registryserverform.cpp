// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/registryserverform.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include "core/dist/hasher.h"

namespace TestSupport {

UploadForm UploadForm::forFile(const QString &name, const QString &version, const QString &filename,
                               const QByteArray &content)
{
    UploadForm form;
    const bool wheel = filename.endsWith(QLatin1String(".whl"));
    QByteArray pyversion = "source";
    if (wheel) {
        const QStringList parts = filename.chopped(4).split(QLatin1Char('-'));
        pyversion = parts.size() >= 5 ? parts[parts.size() - 3].toUtf8() : QByteArray("py3");
    }
    form.add("name", name.toUtf8())
        .add("version", version.toUtf8())
        .add("filetype", wheel ? "bdist_wheel" : "sdist")
        .add("pyversion", pyversion)
        .add("metadata_version", "2.1")
        .add("summary", "A package for tests")
        .add("sha256_digest", sha256Hex(content))
        .add("blake2_256_digest", blake2b256Hex(content))
        .add(":action", "file_upload")
        .add("protocol_version", "1")
        .setContent(filename.toUtf8(), content);
    return form;
}

UploadForm &UploadForm::set(const QByteArray &name, const QByteArray &value)
{
    remove(name);
    return add(name, value);
}

UploadForm &UploadForm::add(const QByteArray &name, const QByteArray &value)
{
    // Keep the file part last, where clients put it.
    qsizetype position = m_fields.size();
    if (!m_fields.isEmpty() && m_fields.last().name == "content" && m_fields.last().isFile) {
        position = m_fields.size() - 1;
    }
    m_fields.insert(position, Field{name, value, false, {}, {}});
    return *this;
}

UploadForm &UploadForm::append(const QByteArray &name, const QByteArray &value)
{
    m_fields.append(Field{name, value, false, {}, {}});
    return *this;
}

UploadForm &UploadForm::remove(const QByteArray &name)
{
    m_fields.removeIf([&name](const Field &field) { return field.name == name; });
    return *this;
}

UploadForm &UploadForm::addFilePart(const QByteArray &name, const QByteArray &filename, const QByteArray &data,
                                    const QByteArray &contentType)
{
    m_fields.append(Field{name, data, true, filename, contentType});
    return *this;
}

UploadForm &UploadForm::setContent(const QByteArray &filename, const QByteArray &data, const QByteArray &contentType)
{
    remove("content");
    return addFilePart("content", filename, data, contentType);
}

QByteArray UploadForm::contentTypeHeader() const
{
    return "multipart/form-data; boundary=" + m_boundary;
}

QByteArray UploadForm::body() const
{
    QByteArray body;
    for (const Field &field : m_fields) {
        body += "--" + m_boundary + "\r\n";
        body += "Content-Disposition: form-data; name=\"" + field.name + "\"";
        if (field.isFile) {
            body += "; filename=\"" + field.filename + "\"";
        }
        body += "\r\n";
        if (!field.contentType.isEmpty()) {
            body += "Content-Type: " + field.contentType + "\r\n";
        }
        body += "\r\n" + field.value + "\r\n";
    }
    body += "--" + m_boundary + "--\r\n";
    return body;
}

QNetworkReply *UploadForm::post(QNetworkAccessManager &network, const QUrl &url, const QString &username,
                                const QString &password) const
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentTypeHeader());
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!username.isEmpty()) {
        request.setRawHeader("Authorization", "Basic " + (username + QLatin1Char(':') + password).toUtf8().toBase64());
    }
    return network.post(request, body());
}

QByteArray UploadForm::sha256Hex(const QByteArray &data)
{
    return Dist::Hasher::hash(Dist::HashAlgorithm::Sha256, data).toHex();
}

QByteArray UploadForm::blake2b256Hex(const QByteArray &data)
{
    return Dist::Hasher::hash(Dist::HashAlgorithm::Blake2b256, data).toHex();
}

} // namespace TestSupport
