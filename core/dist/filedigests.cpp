// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dist/filedigests.h"

#include <algorithm>
#include <array>
#include <optional>
#include <semaphore>
#include <thread>
#include <vector>

#include <QFile>
#include <QIODevice>

namespace Dist {

namespace {

constexpr int PipelineDepth = 4;

QString deviceName(const QIODevice &device)
{
    if (const auto *file = qobject_cast<const QFile *>(&device)) {
        return file->fileName();
    }
    return QStringLiteral("the input");
}

DigestError readError(const QIODevice &device)
{
    return {DigestError::Code::ReadFailed,
            QStringLiteral("Cannot read %1: %2").arg(deviceName(device), device.errorString())};
}

DigestError canceledError(const QIODevice &device)
{
    return {DigestError::Code::Canceled, QStringLiteral("Hashing %1 was canceled.").arg(deviceName(device))};
}

bool isCanceled(const DigestOptions &options)
{
    return options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed);
}

std::expected<FileDigests, DigestError> hashSequentially(QIODevice &device, const DigestOptions &options,
                                                         qint64 bufferSize)
{
    DigestAccumulator accumulator;
    QByteArray buffer(bufferSize, Qt::Uninitialized);
    for (;;) {
        if (isCanceled(options)) {
            return std::unexpected(canceledError(device));
        }
        const qint64 count = device.read(buffer.data(), bufferSize);
        if (count < 0) {
            return std::unexpected(readError(device));
        }
        if (count == 0) {
            break;
        }
        accumulator.addData(QByteArrayView(buffer.constData(), count));
    }
    return accumulator.result();
}

// This thread reads each buffer and hashes it with sha256 (fast with SHA extensions), then
// hands it to a helper thread for BLAKE2b (the slower of the two). A buffer returns to the
// free pool once BLAKE2b is done with it; sha256 is always done first because this thread
// hashes a buffer before it reads the next one.
std::expected<FileDigests, DigestError> hashInParallel(QIODevice &device, const DigestOptions &options,
                                                       qint64 bufferSize)
{
    struct Slot {
        QByteArray data;
        qint64 length = 0; // 0 marks the end of the input
    };
    std::array<Slot, PipelineDepth> slots;
    for (Slot &slot : slots) {
        slot.data = QByteArray(bufferSize, Qt::Uninitialized);
    }
    std::counting_semaphore<PipelineDepth> freeSlots(PipelineDepth);
    std::counting_semaphore<PipelineDepth> filledSlots(0);

    Blake2b blake2b(32);
    std::thread blake2bWorker([&] {
        for (std::size_t index = 0;; index = (index + 1) % PipelineDepth) {
            filledSlots.acquire();
            const Slot &slot = slots[index];
            if (slot.length == 0) {
                return;
            }
            blake2b.addData(QByteArrayView(slot.data.constData(), slot.length));
            freeSlots.release();
        }
    });

    Hasher sha256(HashAlgorithm::Sha256);
    qint64 total = 0;
    std::optional<DigestError> error;
    for (std::size_t index = 0;; index = (index + 1) % PipelineDepth) {
        freeSlots.acquire();
        Slot &slot = slots[index];
        qint64 count = 0;
        if (isCanceled(options)) {
            error = canceledError(device);
        } else {
            count = device.read(slot.data.data(), bufferSize);
            if (count < 0) {
                error = readError(device);
                count = 0;
            }
        }
        slot.length = count;
        if (count > 0) {
            sha256.addData(QByteArrayView(slot.data.constData(), count));
            total += count;
        }
        filledSlots.release();
        if (count == 0) {
            break;
        }
    }
    blake2bWorker.join();
    if (error) {
        return std::unexpected(*error);
    }
    return FileDigests{total, sha256.result(), blake2b.result()};
}

} // namespace

DigestAccumulator::DigestAccumulator()
    : m_sha256(HashAlgorithm::Sha256)
    , m_blake2b(32)
{
}

void DigestAccumulator::addData(QByteArrayView data)
{
    m_sha256.addData(data);
    m_blake2b.addData(data);
    m_size += data.size();
}

FileDigests DigestAccumulator::result()
{
    return {m_size, m_sha256.result(), m_blake2b.result()};
}

void DigestAccumulator::reset()
{
    m_sha256.reset();
    m_blake2b.reset();
    m_size = 0;
}

std::expected<FileDigests, DigestError> computeDigests(QIODevice &device, const DigestOptions &options)
{
    const qint64 bufferSize = std::clamp<qint64>(options.bufferSize, 4096, 64 * 1024 * 1024);
    return options.parallel ? hashInParallel(device, options, bufferSize)
                            : hashSequentially(device, options, bufferSize);
}

std::expected<FileDigests, DigestError> computeFileDigests(const QString &path, const DigestOptions &options)
{
    QFile file(path);
    // Unbuffered: the reads are already large, and a buffer would only add a copy.
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        return std::unexpected(DigestError{DigestError::Code::CannotOpen,
                                           QStringLiteral("Cannot open %1: %2").arg(path, file.errorString())});
    }
    return computeDigests(file, options);
}

} // namespace Dist
