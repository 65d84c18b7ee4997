// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal protocol between the Markdown renderer and the sanitizer (not for other modules).
//
// The Markdown renderer wraps each piece of raw HTML the author wrote in comments that carry
// its source line, and puts a point marker before each link and image:
//     <!--slipway-NONCE b LINE-->raw html<!--slipway-NONCE e-->   <!--slipway-NONCE p LINE--><a ...>
// The sanitizer removes comments anyway; it reads these to give each finding a source line and
// to report removed tags and attributes only where the author wrote HTML, not where cmark-gfm
// generated markup (footnote classes, heading anchors). NONCE is random per render, so a
// comment in the README cannot pose as a marker.

#include <charconv>
#include <optional>
#include <string>
#include <string_view>

namespace Readme::SourceMarkers {

enum class Kind : char {
    BeginRaw = 'b',
    EndRaw = 'e',
    Point = 'p',
};

struct Marker {
    Kind kind = Kind::Point;
    int line = 0;
};

inline std::string make(std::string_view nonce, Kind kind, int line = 0)
{
    std::string text = "<!--slipway-";
    text += nonce;
    text += ' ';
    text += static_cast<char>(kind);
    if (kind != Kind::EndRaw) {
        text += ' ';
        text += std::to_string(line);
    }
    text += "-->";
    return text;
}

// commentText is the comment's content without "<!--" and "-->".
inline std::optional<Marker> parse(std::string_view commentText, std::string_view nonce)
{
    if (nonce.empty()) {
        return std::nullopt;
    }
    const std::string_view prefix = "slipway-";
    if (commentText.size() < prefix.size() + nonce.size() + 2 || commentText.substr(0, prefix.size()) != prefix
        || commentText.substr(prefix.size(), nonce.size()) != nonce
        || commentText[prefix.size() + nonce.size()] != ' ') {
        return std::nullopt;
    }
    std::string_view rest = commentText.substr(prefix.size() + nonce.size() + 1);
    Marker marker;
    switch (rest.front()) {
    case 'b':
        marker.kind = Kind::BeginRaw;
        break;
    case 'e':
        marker.kind = Kind::EndRaw;
        return marker;
    case 'p':
        marker.kind = Kind::Point;
        break;
    default:
        return std::nullopt;
    }
    rest.remove_prefix(1);
    if (rest.size() < 2 || rest.front() != ' ') {
        return std::nullopt;
    }
    rest.remove_prefix(1);
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), marker.line);
    if (error != std::errc() || end != rest.data() + rest.size()) {
        return std::nullopt;
    }
    return marker;
}

} // namespace Readme::SourceMarkers
