// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dist/hasher.h"

#include <array>
#include <utility>

#include <openssl/evp.h>

#include "core/dist/blake2b.h"

namespace Dist {

namespace {

struct AlgorithmInfo {
    HashAlgorithm algorithm;
    const char *pythonName;
    const char *opensslName; // nullptr: Dist::Blake2b
    int digestSize;
};

constexpr std::array<AlgorithmInfo, 13> Algorithms = {{
    {HashAlgorithm::Md5, "md5", "MD5", 16},
    {HashAlgorithm::Sha1, "sha1", "SHA1", 20},
    {HashAlgorithm::Sha224, "sha224", "SHA2-224", 28},
    {HashAlgorithm::Sha256, "sha256", "SHA2-256", 32},
    {HashAlgorithm::Sha384, "sha384", "SHA2-384", 48},
    {HashAlgorithm::Sha512, "sha512", "SHA2-512", 64},
    {HashAlgorithm::Sha3_224, "sha3_224", "SHA3-224", 28},
    {HashAlgorithm::Sha3_256, "sha3_256", "SHA3-256", 32},
    {HashAlgorithm::Sha3_384, "sha3_384", "SHA3-384", 48},
    {HashAlgorithm::Sha3_512, "sha3_512", "SHA3-512", 64},
    {HashAlgorithm::Blake2b, "blake2b", "BLAKE2B-512", 64},
    {HashAlgorithm::Blake2s, "blake2s", "BLAKE2S-256", 32},
    {HashAlgorithm::Blake2b256, "blake2b_256", nullptr, 32},
}};

const AlgorithmInfo &info(HashAlgorithm algorithm)
{
    return Algorithms[static_cast<std::size_t>(algorithm)];
}

// Fetched once: an implicit fetch on every EVP_DigestInit_ex is a measurable cost when a
// wheel has thousands of small members. The fetched objects live as long as the process.
const EVP_MD *fetchedDigest(HashAlgorithm algorithm)
{
    static const std::array<EVP_MD *, Algorithms.size()> digests = [] {
        std::array<EVP_MD *, Algorithms.size()> fetched{};
        for (std::size_t i = 0; i < Algorithms.size(); ++i) {
            if (Algorithms[i].opensslName != nullptr) {
                fetched[i] = EVP_MD_fetch(nullptr, Algorithms[i].opensslName, nullptr);
            }
        }
        return fetched;
    }();
    return digests[static_cast<std::size_t>(algorithm)];
}

} // namespace

std::optional<HashAlgorithm> hashAlgorithmFromName(QStringView name)
{
    for (const AlgorithmInfo &candidate : Algorithms) {
        if (name.compare(QLatin1StringView(candidate.pythonName), Qt::CaseInsensitive) == 0) {
            return candidate.algorithm;
        }
    }
    return std::nullopt;
}

QString hashAlgorithmName(HashAlgorithm algorithm)
{
    return QString::fromLatin1(info(algorithm).pythonName);
}

int hashDigestSize(HashAlgorithm algorithm)
{
    return info(algorithm).digestSize;
}

bool isWeakHashAlgorithm(HashAlgorithm algorithm)
{
    return algorithm == HashAlgorithm::Md5 || algorithm == HashAlgorithm::Sha1;
}

struct Hasher::Implementation {
    EVP_MD_CTX *context = nullptr;
    Blake2b blake2b{32};
    bool ok = true;
    bool finalized = false;
    QByteArray digest;

    ~Implementation() { EVP_MD_CTX_free(context); }
};

Hasher::Hasher(HashAlgorithm algorithm)
    : m_algorithm(algorithm)
    , m_implementation(std::make_unique<Implementation>())
{
    if (info(algorithm).opensslName != nullptr) {
        m_implementation->context = EVP_MD_CTX_new();
    }
    reset();
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher &&other) noexcept = default;
Hasher &Hasher::operator=(Hasher &&other) noexcept = default;

void Hasher::reset()
{
    Implementation &state = *m_implementation;
    state.finalized = false;
    state.digest.clear();
    if (state.context == nullptr) {
        state.blake2b.reset();
        return;
    }
    // A digest the OpenSSL build lacks (MD5 under a FIPS-only configuration) yields an empty
    // result rather than a wrong one.
    const EVP_MD *digest = fetchedDigest(m_algorithm);
    state.ok = digest != nullptr && EVP_DigestInit_ex2(state.context, digest, nullptr) == 1;
}

void Hasher::addData(QByteArrayView data)
{
    Implementation &state = *m_implementation;
    if (state.context == nullptr) {
        state.blake2b.addData(data);
    } else if (state.ok && !state.finalized && !data.isEmpty()) {
        state.ok = EVP_DigestUpdate(state.context, data.data(), static_cast<std::size_t>(data.size())) == 1;
    }
}

QByteArray Hasher::result()
{
    Implementation &state = *m_implementation;
    if (state.context == nullptr) {
        return state.blake2b.result();
    }
    if (state.finalized || !state.ok) {
        return state.digest;
    }
    state.finalized = true; // further data is ignored until reset()
    QByteArray digest(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(state.context, reinterpret_cast<unsigned char *>(digest.data()), &length) != 1) {
        state.ok = false;
        return {};
    }
    digest.truncate(static_cast<qsizetype>(length));
    state.digest = digest;
    return digest;
}

QByteArray Hasher::hash(HashAlgorithm algorithm, QByteArrayView data)
{
    Hasher hasher(algorithm);
    hasher.addData(data);
    return hasher.result();
}

} // namespace Dist
