// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>
#include <QUrl>

#include <expected>
#include <optional>

#include "core/index/indextypes.h"

namespace Index::SimpleApi {

// The Simple API (PEP 503 HTML, PEP 691 JSON, PEP 700 additions): URLs, content negotiation
// and parsers. Pure functions, thread-safe; hostile input gives an IndexError, never a crash.
// Pages larger than maxPageSize are refused before parsing.

inline constexpr qsizetype maxPageSize = 64 * 1024 * 1024;

/// The Accept header Slipway sends: JSON preferred, HTML as the fallback.
[[nodiscard]] QByteArray acceptHeader();

/// <index>/<normalized name>/ (PEP 503 normalization; a missing trailing slash on the index
/// URL is added). Invalid URL for an invalid project name.
[[nodiscard]] QUrl projectUrl(const QUrl &indexUrl, QStringView project);

/// The format a Content-Type header announces; nullopt for anything else.
[[nodiscard]] std::optional<PageFormat> formatOfContentType(QByteArrayView contentType);

/**
 * Parses a project page by its Content-Type (JSON or HTML; an unknown or missing type is
 * sniffed: '{' means JSON). Relative file URLs are resolved against `pageUrl`. `found` is set.
 * Errors: InvalidResponse (malformed, required keys missing), UnsupportedApiVersion (major
 * version other than 1), ResponseTooLarge.
 */
[[nodiscard]] std::expected<ProjectPage, IndexError> parseProjectPage(QByteArrayView body, QByteArrayView contentType,
                                                                      const QUrl &pageUrl);
[[nodiscard]] std::expected<ProjectPage, IndexError> parseProjectJson(QByteArrayView body, const QUrl &pageUrl);
/// Tolerant HTML5 parsing (gumbo): every <a> is a file; its text is the filename (the URL's
/// last path segment when the text is empty); <base href> is honoured.
[[nodiscard]] std::expected<ProjectPage, IndexError> parseProjectHtml(QByteArrayView body, const QUrl &pageUrl);

/// The root page (/simple/): the project names.
[[nodiscard]] std::expected<ProjectList, IndexError> parseProjectList(QByteArrayView body, QByteArrayView contentType,
                                                                      const QUrl &pageUrl);
[[nodiscard]] std::expected<ProjectList, IndexError> parseProjectListJson(QByteArrayView body, const QUrl &pageUrl);
[[nodiscard]] std::expected<ProjectList, IndexError> parseProjectListHtml(QByteArrayView body, const QUrl &pageUrl);

/// Splits "<url>#sha256=<hex>" into the URL without fragment and the hash (name lowercase,
/// hex lowercase); no hash when the fragment is not a well-formed "<name>=<hex>".
struct HashedUrl {
    QUrl url;
    QString hashName;
    QString hashValue;
};
[[nodiscard]] HashedUrl splitHashFragment(const QUrl &url);

} // namespace Index::SimpleApi
