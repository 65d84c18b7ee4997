// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <expected>
#include <optional>

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace Registry {

struct TokenError {
    enum class Code {
        Empty,
        TooLarge,
        NotBase64,
        Malformed, // not a libmacaroons V2 binary macaroon
    };
    Code code;
    QString message; // never contains the token
};

// The packets of a libmacaroons V2 binary macaroon (what follows "pypi-", base64url-decoded).
struct MacaroonCaveat {
    QByteArray location;       // third-party caveats only
    QByteArray identifier;     // a first-party caveat's predicate (PyPI: JSON)
    QByteArray verificationId; // third-party caveats only
};

struct Macaroon {
    QByteArray location;   // PyPI: "pypi.org" / "test.pypi.org"
    QByteArray identifier; // PyPI: the token's database ID (a UUID)
    QList<MacaroonCaveat> caveats;
    QByteArray signature; // 32 bytes
};

/**
 * Decodes the V2 binary format: version byte 2; a header section (location 1?, identifier 2)
 * ended by EOS (0); per caveat a section (location 1?, identifier 2, vid 4?) ended by EOS;
 * an EOS; the signature packet (6, 32 bytes); nothing after. A packet is a varint type, a
 * varint length and that many bytes; field types rise strictly within a section.
 * Hostile input is expected: every length is checked, nothing is trusted.
 */
[[nodiscard]] std::expected<Macaroon, TokenError> decodeMacaroonV2(QByteArrayView binary);

// One PyPI caveat, explained.
struct PypiCaveat {
    QString kind;        // "expiration", "project-names", "project-ids", "request-user", "oidc-publisher",
                         // "legacy-user", "legacy-projects", "legacy-expiration", "legacy-project-ids",
                         // "third-party", "unknown"
    QString description; // in words
    QJsonValue raw;      // the decoded JSON, or the text when it is not JSON
    bool understood = true;
};

/**
 * What a token is and may do, decoded offline without contacting anybody. Strings that came
 * from inside the token are cleaned of control characters. Holds no part of the secret
 * beyond its public prefix ("pypi-", "glpat-") and fingerprint.
 */
struct TokenReport {
    QString type;        // "pypi-api-token", "gitlab-personal-access-token", ..., "unknown"
    QString title;       // "PyPI API token"
    QString fingerprint; // Registry::fingerprint() of the token
    QStringList facts;   // what it is and can do, in words
    QStringList warnings;

    // PyPI tokens only
    bool isPypi = false;
    QString location;
    QString identifier;
    QList<PypiCaveat> caveats;
    bool accountWide = false;
    std::optional<QDateTime> expires;
    std::optional<QDateTime> notBefore;
    QStringList projects;
    QStringList projectIds;
    QString userId;
    QString publisherId;

    [[nodiscard]] QJsonObject toJson() const;
};

/**
 * Inspects a token: a PyPI API token (a macaroon behind "pypi-": location, identifier,
 * caveats in words, expiry relative to `now`, a warning when it is account-wide), a GitLab
 * token by its prefix (personal/project/group access, deploy, CI job, ...: what it can do
 * with a package registry), JFrog reference tokens and API keys, and JSON Web Tokens (expiry).
 * Anything else is reported as unrecognised, not as an error. Errors are only for a token
 * that claims a format ("pypi-") and breaks it, for empty and for oversized input.
 */
[[nodiscard]] std::expected<TokenReport, TokenError> inspectToken(const QString &token, const QDateTime &now);

} // namespace Registry
