// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

#include "core/dist/hasher.h"

namespace Dist {

// One row of a wheel's RECORD: `path,algorithm=urlsafe-b64-digest,size`.
struct RecordEntry {
    QString path;
    QString hash;                          // the hash field as written ("" when empty)
    QString hashAlgorithmName;             // the part before '=' ("" when no hash)
    std::optional<HashAlgorithm> algorithm; // nullopt when no hash or unknown
    QByteArray digest;                     // decoded digest bytes; empty when absent or undecodable
    std::optional<qint64> size;            // nullopt when the field is empty or invalid
    int line = 0;                          // 1-based line where the row starts
};

// A row RECORD that cannot be used as written.
struct RecordIssue {
    enum class Code {
        NotUtf8,
        MalformedCsv,       // unbalanced quote, text after a closing quote
        WrongFieldCount,    // not 3 fields
        EmptyPath,
        MalformedHash,      // no '=', digest not urlsafe base64, or of the wrong length
        UnknownHashAlgorithm,
        MalformedSize,
    };
    Code code;
    int line = 0;
    QString message;
};

/**
 * A parsed RECORD (PEP 376 / the binary distribution format): CSV as Python's csv module
 * writes it (comma, '"' quoting with doubled quotes, LF or CRLF). Rows that are usable are in
 * entries even when an issue was also reported for them (an invalid size keeps the hash).
 * Pure functions, thread-safe.
 */
struct Record {
    QList<RecordEntry> entries;
    QList<RecordIssue> issues;

    [[nodiscard]] static Record parse(const QByteArray &bytes);
};

// "sha256=" + urlsafe base64 of the digest without '=' padding, as RECORD writes it.
[[nodiscard]] QString recordHash(HashAlgorithm algorithm, const QByteArray &digest);

} // namespace Dist
