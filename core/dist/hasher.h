// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <memory>
#include <optional>

namespace Dist {

// The hash algorithms a RECORD row or an index may name, by their Python hashlib names.
enum class HashAlgorithm {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    Sha3_224,
    Sha3_256,
    Sha3_384,
    Sha3_512,
    Blake2b,    // hashlib.blake2b(): 64-byte digest
    Blake2s,    // hashlib.blake2s(): 32-byte digest
    Blake2b256, // PyPI's blake2b_256: BLAKE2b with a 32-byte digest
};

// Maps a hashlib name ("sha256", "SHA-256", "blake2b_256", ...) to the algorithm; nullopt when
// unknown or not a fixed-length hash (shake_*).
[[nodiscard]] std::optional<HashAlgorithm> hashAlgorithmFromName(QStringView name);
// The canonical hashlib spelling ("sha256", "sha3_256", "blake2b_256").
[[nodiscard]] QString hashAlgorithmName(HashAlgorithm algorithm);
// Digest length in bytes.
[[nodiscard]] int hashDigestSize(HashAlgorithm algorithm);
// md5 and sha1, which RECORD forbids.
[[nodiscard]] bool isWeakHashAlgorithm(HashAlgorithm algorithm);

/**
 * Incremental hashing of data in memory with any HashAlgorithm: OpenSSL for everything but
 * the 32-byte BLAKE2b, which uses Dist::Blake2b (OpenSSL 3.0 cannot produce it).
 *
 * Movable value; not thread-safe. result() finalizes; reset() starts over.
 */
class Hasher final
{
public:
    explicit Hasher(HashAlgorithm algorithm);
    ~Hasher();
    Hasher(Hasher &&other) noexcept;
    Hasher &operator=(Hasher &&other) noexcept;
    Hasher(const Hasher &) = delete;
    Hasher &operator=(const Hasher &) = delete;

    void addData(QByteArrayView data);
    [[nodiscard]] QByteArray result();
    void reset();

    [[nodiscard]] HashAlgorithm algorithm() const { return m_algorithm; }

    [[nodiscard]] static QByteArray hash(HashAlgorithm algorithm, QByteArrayView data);

private:
    struct Implementation;
    HashAlgorithm m_algorithm;
    std::unique_ptr<Implementation> m_implementation;
};

} // namespace Dist
