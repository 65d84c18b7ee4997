// SPDX-License-Identifier: GPL-3.0-or-later
// BLAKE2b as specified in RFC 7693, sections 2 and 3, for the unkeyed case.
#include "core/dist/blake2b.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace Dist {

namespace {

constexpr std::array<std::uint64_t, 8> InitialState = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

constexpr std::uint8_t Sigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

inline std::uint64_t loadLittleEndian64(const std::uint8_t *bytes)
{
    std::uint64_t value;
    std::memcpy(&value, bytes, sizeof value);
    if constexpr (std::endian::native == std::endian::big) {
        value = __builtin_bswap64(value);
    }
    return value;
}

} // namespace

Blake2b::Blake2b(int digestSize)
    : m_digestSize(std::clamp(digestSize, 1, MaxDigestSize))
{
    reset();
}

void Blake2b::reset()
{
    m_state = InitialState;
    // Parameter block word 0: digest length, key length 0, fanout 1, depth 1.
    m_state[0] ^= 0x01010000ULL ^ static_cast<std::uint64_t>(m_digestSize);
    m_buffered = 0;
    m_counterLow = 0;
    m_counterHigh = 0;
    m_finalized = false;
    m_result.clear();
}

void Blake2b::compress(const std::uint8_t *block, bool lastBlock)
{
    std::uint64_t m[16];
    for (int i = 0; i < 16; ++i) {
        m[i] = loadLittleEndian64(block + 8 * i);
    }
    std::uint64_t v[16];
    for (int i = 0; i < 8; ++i) {
        v[i] = m_state[i];
        v[i + 8] = InitialState[i];
    }
    v[12] ^= m_counterLow;
    v[13] ^= m_counterHigh;
    if (lastBlock) {
        v[14] = ~v[14];
    }

    // The mixing function G and one round; the rounds are written out so that the message
    // word indices are constants and the compiler keeps everything in registers.
#define SLIPWAY_B2_G(r, i, a, b, c, d)                                                                               \
    do {                                                                                                               \
        a = a + b + m[Sigma[r][2 * (i)]];                                                                              \
        d = std::rotr(d ^ a, 32);                                                                                      \
        c = c + d;                                                                                                     \
        b = std::rotr(b ^ c, 24);                                                                                      \
        a = a + b + m[Sigma[r][2 * (i) + 1]];                                                                          \
        d = std::rotr(d ^ a, 16);                                                                                      \
        c = c + d;                                                                                                     \
        b = std::rotr(b ^ c, 63);                                                                                      \
    } while (false)
#define SLIPWAY_B2_ROUND(r)                                                                                            \
    do {                                                                                                               \
        SLIPWAY_B2_G(r, 0, v[0], v[4], v[8], v[12]);                                                                   \
        SLIPWAY_B2_G(r, 1, v[1], v[5], v[9], v[13]);                                                                   \
        SLIPWAY_B2_G(r, 2, v[2], v[6], v[10], v[14]);                                                                  \
        SLIPWAY_B2_G(r, 3, v[3], v[7], v[11], v[15]);                                                                  \
        SLIPWAY_B2_G(r, 4, v[0], v[5], v[10], v[15]);                                                                  \
        SLIPWAY_B2_G(r, 5, v[1], v[6], v[11], v[12]);                                                                  \
        SLIPWAY_B2_G(r, 6, v[2], v[7], v[8], v[13]);                                                                   \
        SLIPWAY_B2_G(r, 7, v[3], v[4], v[9], v[14]);                                                                   \
    } while (false)

    SLIPWAY_B2_ROUND(0);
    SLIPWAY_B2_ROUND(1);
    SLIPWAY_B2_ROUND(2);
    SLIPWAY_B2_ROUND(3);
    SLIPWAY_B2_ROUND(4);
    SLIPWAY_B2_ROUND(5);
    SLIPWAY_B2_ROUND(6);
    SLIPWAY_B2_ROUND(7);
    SLIPWAY_B2_ROUND(8);
    SLIPWAY_B2_ROUND(9);
    SLIPWAY_B2_ROUND(10);
    SLIPWAY_B2_ROUND(11);

#undef SLIPWAY_B2_ROUND
#undef SLIPWAY_B2_G

    for (int i = 0; i < 8; ++i) {
        m_state[i] ^= v[i] ^ v[i + 8];
    }
}

void Blake2b::addData(QByteArrayView data)
{
    if (m_finalized || data.isEmpty()) {
        return;
    }
    auto bytes = reinterpret_cast<const std::uint8_t *>(data.data());
    auto remaining = static_cast<std::size_t>(data.size());

    // The last block is compressed with the final flag, so a full buffer is only
    // compressed once more data arrives.
    auto advanceCounter = [this](std::uint64_t count) {
        m_counterLow += count;
        if (m_counterLow < count) {
            ++m_counterHigh;
        }
    };
    if (m_buffered > 0) {
        const std::size_t take = std::min(BlockSize - m_buffered, remaining);
        std::memcpy(m_buffer.data() + m_buffered, bytes, take);
        m_buffered += take;
        bytes += take;
        remaining -= take;
        if (remaining == 0) {
            return;
        }
        advanceCounter(BlockSize);
        compress(m_buffer.data(), false);
        m_buffered = 0;
    }
    while (remaining > BlockSize) {
        advanceCounter(BlockSize);
        compress(bytes, false);
        bytes += BlockSize;
        remaining -= BlockSize;
    }
    std::memcpy(m_buffer.data(), bytes, remaining);
    m_buffered = remaining;
}

QByteArray Blake2b::result()
{
    if (m_finalized) {
        return m_result;
    }
    m_counterLow += m_buffered;
    if (m_counterLow < m_buffered) {
        ++m_counterHigh;
    }
    std::fill(m_buffer.begin() + static_cast<std::ptrdiff_t>(m_buffered), m_buffer.end(), std::uint8_t{0});
    compress(m_buffer.data(), true);
    m_finalized = true;

    m_result.resize(m_digestSize);
    for (int i = 0; i < m_digestSize; ++i) {
        m_result[i] = static_cast<char>(m_state[static_cast<std::size_t>(i / 8)] >> (8 * (i % 8)));
    }
    return m_result;
}

QByteArray Blake2b::hash(QByteArrayView data, int digestSize)
{
    Blake2b hasher(digestSize);
    hasher.addData(data);
    return hasher.result();
}

} // namespace Dist
