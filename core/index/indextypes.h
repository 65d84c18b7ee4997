// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace Index {

/**
 * Why reading an index failed. `message` is plain language and names the URL and, where
 * there is one, what to do; it never contains credentials. A project that does not exist is
 * not an error (see ProjectPage::found).
 */
struct IndexError {
    enum class Code {
        InvalidRequest,   ///< the URL or options cannot be used (bad URL, unreadable CA bundle, ...)
        InsecureRequest,  ///< credentials over plain http to a remote host, or an https -> http redirect
        Network,          ///< connection refused, reset, DNS failure, ...
        Timeout,          ///< no data for the configured time
        Tls,              ///< certificate or handshake failure
        Authentication,   ///< 401 / 403
        HttpStatus,       ///< any other unexpected status (5xx, 429, 4xx other than 404)
        TooManyRedirects,
        ResponseTooLarge,
        InvalidResponse,  ///< the body is not a Simple API / JSON API page Slipway understands
        UnsupportedApiVersion,
        Canceled,
    };
    Code code = Code::Network;
    QString message;
    int httpStatus = 0;     ///< when the server answered
    QUrl url;               ///< the URL that failed (after redirects)
    int retryAfterSeconds = -1; ///< from Retry-After on 429/503, when given as seconds
};

/// Which representation of the Simple API a page came in.
enum class PageFormat {
    Json, ///< PEP 691 application/vnd.pypi.simple.v1+json
    Html, ///< PEP 503 HTML (text/html or application/vnd.pypi.simple.v1+html)
};

/// One followed redirect, reported so the caller can tell the user to fix the URL.
struct Redirect {
    int httpStatus = 0;
    QUrl from;
    QUrl to;
};

/**
 * One file of a project as the Simple API lists it. Hash names are lowercase hashlib names
 * ("sha256"), digests lowercase hex. Upload time and size come from PEP 691 JSON only.
 */
struct DistributionFile {
    QString filename;
    QUrl url;                          ///< absolute, without the #hash fragment
    QMap<QString, QString> hashes;
    QString requiresPython;            ///< empty when the index gives none
    bool yanked = false;
    QString yankedReason;              ///< may be empty for a yanked file
    std::optional<QDateTime> uploadTime;
    std::optional<qint64> size;
    bool hasCoreMetadata = false;      ///< PEP 658/714: <url>.metadata is served

    [[nodiscard]] QString sha256() const { return hashes.value(QStringLiteral("sha256")); }
    friend bool operator==(const DistributionFile &, const DistributionFile &) = default;
};

/**
 * A project's Simple API page. `found` is false when the index answered 404 (the project does
 * not exist there yet): a successful, empty answer.
 */
struct ProjectPage {
    bool found = false;
    QString name;              ///< as the page names it (JSON: normalized); else the name asked for
    QString apiVersion;        ///< "1.0" when the page does not say
    PageFormat format = PageFormat::Json;
    QStringList versions;      ///< PEP 700 `versions` (JSON, API 1.1+); empty otherwise
    QList<DistributionFile> files;

    /// The file with exactly this filename, if listed.
    [[nodiscard]] std::optional<DistributionFile> file(const QString &filename) const;
};

/// The Simple API root: the projects an index holds.
struct ProjectList {
    QString apiVersion;
    PageFormat format = PageFormat::Json;
    QStringList names;         ///< as listed (PyPI lists display names)
};

/// One file in the PyPI JSON API (`releases[...]` or `urls`).
struct ReleaseFile {
    QString filename;
    QUrl url;
    QString packageType;       ///< "sdist", "bdist_wheel", ...
    QString pythonVersion;     ///< "source", "py3", ...
    std::optional<qint64> size;
    QMap<QString, QString> digests;   ///< "md5", "sha256", "blake2b_256" -> lowercase hex
    QString requiresPython;
    std::optional<QDateTime> uploadTime;
    bool yanked = false;
    QString yankedReason;

    [[nodiscard]] QString sha256() const { return digests.value(QStringLiteral("sha256")); }
    friend bool operator==(const ReleaseFile &, const ReleaseFile &) = default;
};

/// One release (version) in the PyPI JSON API.
struct Release {
    QString version;           ///< as the index spells it
    QList<ReleaseFile> files;

    /// Warehouse yanks whole releases: yanked when it has files and all of them are yanked.
    [[nodiscard]] bool isYanked() const;
};

/**
 * A project as the PyPI JSON API (/pypi/<name>/json) describes it. `found` is false on 404.
 * Releases are sorted by PEP 440 version, oldest first; versions that do not parse come
 * first, in the index's order.
 */
struct ProjectReleases {
    bool found = false;
    QString name;              ///< info.name (display name)
    QString latestVersion;     ///< info.version: Warehouse's pick (non-yanked, final, highest)
    QString summary;
    QString requiresPython;
    bool latestYanked = false;
    QList<ReleaseFile> latestFiles; ///< `urls`: the files of latestVersion
    QList<Release> releases;        ///< empty from /pypi/<name>/<version>/json
    qint64 lastSerial = -1;

    [[nodiscard]] QStringList versions() const;
    /// The release whose version equals `version` under PEP 440 (1.0 == 1.0.0).
    [[nodiscard]] const Release *release(const QString &version) const;
    /// The highest version by PEP 440, skipping yanked releases and (unless asked) pre-releases;
    /// for indexes whose info.version cannot be trusted. Empty when there is none.
    [[nodiscard]] QString highestVersion(bool includePrereleases = false) const;
};

} // namespace Index
