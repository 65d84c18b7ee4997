// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>
#include <string>

namespace TestSupport {

/**
 * The headers of one multipart/form-data part, as the strict parser read them.
 */
struct MultipartPartHeaders {
    QByteArray name;
    QByteArray filename;
    bool hasFilename = false;   // a `filename` parameter was present, even empty: a "file" part
    QByteArray contentType;     // empty when the part had no Content-Type header
};

/**
 * Incremental, strict parser for a multipart/form-data body (RFC 7578 / RFC 2046), fed in
 * chunks of any size, so a 500 MB body never has to be held in memory: part data is handed
 * to the callbacks as it arrives. Rejects what a careful server rejects: a missing or
 * malformed Content-Disposition, a part without a name, headers without the blank line,
 * oversized header blocks, a body that ends before the closing delimiter.
 *
 * Not thread-safe; one parser per body. After an error every feed() returns false.
 */
class MultipartParser final
{
public:
    struct Callbacks {
        std::function<void(const MultipartPartHeaders &)> partBegin;
        std::function<void(QByteArrayView)> partData;
        std::function<void()> partEnd;
    };

    MultipartParser(const QByteArray &boundary, Callbacks callbacks);

    /// Feeds the next bytes of the body. Returns false once the body is malformed.
    bool feed(QByteArrayView data);
    /// Call at the end of the body. Returns false if the closing delimiter was not seen.
    bool finish();

    [[nodiscard]] bool isComplete() const { return m_state == State::Done; }
    [[nodiscard]] bool hasError() const { return m_state == State::Error; }
    [[nodiscard]] QString errorString() const { return m_error; }
    [[nodiscard]] int partCount() const { return m_partCount; }

    /// The boundary parameter of a multipart/form-data Content-Type header, or an empty
    /// array when the header is not multipart/form-data or has no valid boundary.
    [[nodiscard]] static QByteArray boundaryFromContentType(const QByteArray &contentType);

    /// Parses a Content-Disposition value into its parameters; returns false when malformed.
    /// A missing name is not an error here (the caller checks once all headers are read).
    [[nodiscard]] static bool parseContentDisposition(QByteArrayView value, MultipartPartHeaders &headers,
                                                      QString *error);

    static constexpr qsizetype maxHeaderBlock = 16 * 1024;
    static constexpr int maxParts = 10000;

private:
    enum class State { Preamble, AfterDelimiter, Headers, Data, Done, Error };

    bool process();
    bool fail(const QString &message);
    bool parseHeaderBlock(QByteArrayView block);

    QByteArray m_delimiter;   // "\r\n--" + boundary
    std::string m_delimiterString;
    Callbacks m_callbacks;
    QByteArray m_buffer;
    qsizetype m_offset = 0;   // processed bytes at the front of m_buffer
    qsizetype m_preambleBytes = 0;
    State m_state = State::Preamble;
    int m_partCount = 0;
    QString m_error;
};

} // namespace TestSupport
