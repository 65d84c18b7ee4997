// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QStringView>
#include <QUrl>

#include <expected>

#include "core/index/indextypes.h"

namespace Index::JsonApi {

// The PyPI JSON API (/pypi/<name>/json, /pypi/<name>/<version>/json): URLs and the parser.
// Pure functions, thread-safe; hostile input gives an IndexError, never a crash.

inline constexpr qsizetype maxPageSize = 64 * 1024 * 1024;

/// <base>pypi/<normalized>/json, or <base>pypi/<normalized>/<version>/json with a version.
/// `base` is the site root ("https://pypi.org/"). Invalid URL for an invalid project name.
[[nodiscard]] QUrl projectUrl(const QUrl &base, QStringView project, QStringView version = {});

/// The JSON API base for a Simple API index URL on Warehouse-like hosts: ".../simple/" ->
/// "...". Invalid URL when the index URL does not end in /simple/ (the host has no JSON API
/// that Slipway knows how to find).
[[nodiscard]] QUrl baseFromSimpleIndex(const QUrl &simpleIndexUrl);

/// Parses a project (or project-version) document; `found` is set. Relative file URLs are
/// resolved against `url`. InvalidResponse when it is not such a document.
[[nodiscard]] std::expected<ProjectReleases, IndexError> parseProject(QByteArrayView body, const QUrl &url);

} // namespace Index::JsonApi
