// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/upload/multipartbody.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cstring>

using namespace Qt::StringLiterals;

namespace Upload {

namespace {

// A quoted-string parameter of Content-Disposition, escaped as browsers (and the HTML
// standard) do: '"' -> %22, CR -> %0D, LF -> %0A.
QByteArray quoted(const QString &text)
{
    QByteArray bytes = text.toUtf8();
    bytes.replace("\"", "%22");
    bytes.replace("\r", "%0D");
    bytes.replace("\n", "%0A");
    return '"' + bytes + '"';
}

} // namespace

QByteArray MultipartBody::randomBoundary()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return "slipway-" + QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex();
}

MultipartBody::MultipartBody(const QList<FormField> &fields, const QString &filePartName, const QString &filePath,
                             const QString &filename, qint64 expectedSize, QObject *parent)
    : QIODevice(parent)
    , m_file(filePath)
    , m_fileSize(expectedSize)
{
    // The boundary must not occur in any field; with 128 random bits it never does, but a
    // value crafted to contain it costs nothing to rule out.
    do {
        m_boundary = randomBoundary();
    } while (std::any_of(fields.cbegin(), fields.cend(),
                         [this](const FormField &field) { return field.value.toUtf8().contains(m_boundary); }));
    const QByteArray delimiter = "--" + m_boundary + "\r\n";
    for (const FormField &field : fields) {
        m_head += delimiter;
        m_head += "Content-Disposition: form-data; name=" + quoted(field.name) + "\r\n\r\n";
        m_head += field.value.toUtf8();
        m_head += "\r\n";
    }
    m_head += delimiter;
    m_head += "Content-Disposition: form-data; name=" + quoted(filePartName) + "; filename=" + quoted(filename)
        + "\r\nContent-Type: application/octet-stream\r\n\r\n";
    m_tail = "\r\n--" + m_boundary + "--\r\n";
}

MultipartBody::~MultipartBody() = default;

QByteArray MultipartBody::contentType() const
{
    return "multipart/form-data; boundary=" + m_boundary;
}

bool MultipartBody::open(OpenMode mode)
{
    if ((mode & WriteOnly) != 0) {
        setErrorString(u"The upload body is read-only."_s);
        return false;
    }
    if (!m_file.open(QIODevice::ReadOnly)) {
        setErrorString(u"Cannot open %1: %2"_s.arg(m_file.fileName(), m_file.errorString()));
        return false;
    }
    if (m_file.size() != m_fileSize) {
        setErrorString(u"%1 changed since it was hashed (it now has %2 bytes, not %3); build it again or wait until "
                       u"whatever writes it has finished."_s.arg(m_file.fileName())
                           .arg(m_file.size())
                           .arg(m_fileSize));
        m_file.close();
        return false;
    }
    m_offset = 0;
    // Unbuffered: the reader asks for large pieces; a second buffer would only copy.
    return QIODevice::open(ReadOnly | Unbuffered);
}

void MultipartBody::close()
{
    m_file.close();
    m_offset = 0;
    QIODevice::close();
}

qint64 MultipartBody::size() const
{
    return m_head.size() + m_fileSize + m_tail.size();
}

bool MultipartBody::seek(qint64 position)
{
    if (position < 0 || position > size() || !QIODevice::seek(position)) {
        return false;
    }
    m_offset = position;
    return true;
}

bool MultipartBody::atEnd() const
{
    return !isOpen() || m_offset >= size();
}

qint64 MultipartBody::readData(char *data, qint64 maxSize)
{
    qint64 done = 0;
    while (done < maxSize && m_offset < size()) {
        const qint64 headSize = m_head.size();
        const qint64 want = maxSize - done;
        qint64 got = 0;
        if (m_offset < headSize) {
            got = std::min(want, headSize - m_offset);
            std::memcpy(data + done, m_head.constData() + m_offset, size_t(got));
        } else if (m_offset < headSize + m_fileSize) {
            const qint64 filePosition = m_offset - headSize;
            if (m_file.pos() != filePosition && !m_file.seek(filePosition)) {
                setErrorString(u"Cannot read %1: %2"_s.arg(m_file.fileName(), m_file.errorString()));
                return done > 0 ? done : -1;
            }
            got = m_file.read(data + done, std::min(want, m_fileSize - filePosition));
            if (got <= 0) {
                // The file shrank or failed under us: stop rather than send a short part the
                // server would take for a different file.
                setErrorString(u"Cannot read %1: %2"_s.arg(m_file.fileName(), got == 0 ? u"the file became shorter"_s
                                                                                        : m_file.errorString()));
                return done > 0 ? done : -1;
            }
        } else {
            const qint64 tailOffset = m_offset - headSize - m_fileSize;
            got = std::min(want, qint64(m_tail.size()) - tailOffset);
            std::memcpy(data + done, m_tail.constData() + tailOffset, size_t(got));
        }
        done += got;
        m_offset += got;
    }
    return done;
}

qint64 MultipartBody::writeData(const char *, qint64)
{
    return -1;
}

} // namespace Upload
