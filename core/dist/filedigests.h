// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <atomic>
#include <expected>

#include "core/dist/blake2b.h"
#include "core/dist/hasher.h"

class QIODevice;

namespace Dist {

// The two digests PyPI records for every file, as raw bytes (32 each).
struct FileDigests {
    qint64 size = 0;
    QByteArray sha256;
    QByteArray blake2b256;

    [[nodiscard]] QString sha256Hex() const { return QString::fromLatin1(sha256.toHex()); }
    [[nodiscard]] QString blake2b256Hex() const { return QString::fromLatin1(blake2b256.toHex()); }
    friend bool operator==(const FileDigests &, const FileDigests &) = default;
};

struct DigestError {
    enum class Code {
        CannotOpen,
        ReadFailed,
        Canceled,
    };
    Code code = Code::ReadFailed;
    QString message;
};

/**
 * sha256 and BLAKE2b-256 over data already in memory, fed in pieces. One thread, no copies.
 * result() finalizes; reset() starts over.
 */
class DigestAccumulator final
{
public:
    DigestAccumulator();

    void addData(QByteArrayView data);
    [[nodiscard]] FileDigests result();
    void reset();

private:
    Hasher m_sha256;
    Blake2b m_blake2b;
    qint64 m_size = 0;
};

struct DigestOptions {
    // Read size. Large reads keep the system-call count low; memory use is a few buffers.
    qint64 bufferSize = 1024 * 1024;
    // Hash BLAKE2b on a second thread over the same buffers while this thread reads and
    // computes sha256, so a pass costs about as much as the slower of the two digests.
    bool parallel = true;
    // Polled between reads; when it becomes true the pass stops with Code::Canceled.
    const std::atomic<bool> *cancel = nullptr;
};

/**
 * Computes sha256 and BLAKE2b-256 of a whole file in one streaming pass, in constant memory
 * (four buffers of DigestOptions::bufferSize when parallel, one otherwise).
 *
 * Blocking; call it from a worker thread (QtConcurrent) for anything but small files. It
 * starts and joins one helper thread of its own when DigestOptions::parallel is set, so it
 * never waits on the global thread pool. Errors name the file and the reason.
 */
[[nodiscard]] std::expected<FileDigests, DigestError> computeFileDigests(const QString &path,
                                                                         const DigestOptions &options = {});

// The same over an open, readable device, from its current position to its end.
[[nodiscard]] std::expected<FileDigests, DigestError> computeDigests(QIODevice &device,
                                                                     const DigestOptions &options = {});

} // namespace Dist
