// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QFile>
#include <QIODevice>
#include <QList>
#include <QString>

#include "core/upload/uploadtypes.h"

namespace Upload {

/**
 * A multipart/form-data request body made of plain fields followed by one file part, read
 * straight from disk: the fields and part headers are kept in memory (a few KiB), the file is
 * read only as the network asks for it, so memory does not grow with the file's size.
 *
 * Random access with a known size(), sent with a Content-Length by UploadTransfer.
 * open() fails when the file is missing or its size is not `expectedSize` (it changed since
 * it was hashed). Lives on one thread, like any QIODevice.
 */
class MultipartBody final : public QIODevice
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MultipartBody)

public:
    /// `filePart` names the file part ("content"); `filename` is what its Content-Disposition says.
    MultipartBody(const QList<FormField> &fields, const QString &filePartName, const QString &filePath,
                  const QString &filename, qint64 expectedSize, QObject *parent = nullptr);
    ~MultipartBody() override;

    /// A fresh random boundary (32 hex digits after a fixed prefix).
    [[nodiscard]] static QByteArray randomBoundary();
    [[nodiscard]] QByteArray boundary() const { return m_boundary; }
    /// The value of the request's Content-Type header.
    [[nodiscard]] QByteArray contentType() const;

    bool open(OpenMode mode) override;
    void close() override;
    [[nodiscard]] bool isSequential() const override { return false; }
    [[nodiscard]] qint64 size() const override;
    bool seek(qint64 position) override;
    [[nodiscard]] bool atEnd() const override;

    /// The encoded head of the body (every field and the file part's headers), for tests and
    /// dry runs.
    [[nodiscard]] QByteArray head() const { return m_head; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    QByteArray m_boundary;
    QByteArray m_head;
    QByteArray m_tail;
    QFile m_file;
    qint64 m_fileSize = 0;
    qint64 m_offset = 0;
};

} // namespace Upload
