// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <array>
#include <cstddef>
#include <cstdint>

namespace Dist {

/**
 * Unkeyed BLAKE2b (RFC 7693) with a chosen digest length of 1 to 64 bytes.
 *
 * PyPI identifies files by blake2b_256, BLAKE2b with a 32-byte digest. The digest length is
 * a parameter of the hash (it is mixed into the initial state), so a 32-byte BLAKE2b is not
 * the first half of BLAKE2b-512. OpenSSL 3.0, which Debian 12 ships, offers BLAKE2b only as
 * BLAKE2B-512 and ignores a requested digest size (settable from OpenSSL 3.2 on), hence this
 * small implementation. It matches `b2sum -l 256` and Python's hashlib.blake2b(digest_size=32).
 *
 * A value type; not thread-safe, use one instance per thread.
 */
class Blake2b final
{
public:
    static constexpr int MaxDigestSize = 64;

    // digestSize is clamped to 1..64.
    explicit Blake2b(int digestSize = 32);

    void addData(QByteArrayView data);
    // The digest of everything added so far. Finalizes: call reset() before adding more.
    [[nodiscard]] QByteArray result();
    void reset();

    [[nodiscard]] int digestSize() const { return m_digestSize; }

    [[nodiscard]] static QByteArray hash(QByteArrayView data, int digestSize = 32);

private:
    static constexpr std::size_t BlockSize = 128;

    void compress(const std::uint8_t *block, bool lastBlock);

    std::array<std::uint64_t, 8> m_state{};
    std::array<std::uint8_t, BlockSize> m_buffer{};
    std::size_t m_buffered = 0;
    std::uint64_t m_counterLow = 0;
    std::uint64_t m_counterHigh = 0;
    int m_digestSize = 32;
    bool m_finalized = false;
    QByteArray m_result;
};

} // namespace Dist
