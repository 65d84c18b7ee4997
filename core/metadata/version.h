// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHashFunctions>
#include <QList>
#include <QString>
#include <QStringView>
#include <QtGlobal>

#include <compare>
#include <expected>
#include <optional>

namespace Metadata {

// A pre-release segment: label normalized to "a", "b" or "rc" ("alpha", "c", "pre", ... are
// accepted by Version::parse and normalized).
struct PreRelease {
    QString label;
    quint64 number = 0;

    bool operator==(const PreRelease &other) const = default;
};

/**
 * A PEP 440 version, as Python's packaging.version.Version (23+) reads, prints and orders it.
 *
 * A plain value type (copyable, thread-safe to read). parse() accepts every spelling packaging
 * accepts ("v1.0", " 1.0-1 ", "1.0alpha", "1.0+Local_1") and keeps the normalized parts;
 * toString() gives packaging's str(Version). Invalid text gives a plain-language reason.
 *
 * Deliberate differences from packaging, both on hostile input only: each number must fit in
 * 64 bits (packaging uses Python's unbounded int), and only ASCII letters are letters (Python's
 * case-insensitive regex also matches U+017F, U+212A, U+0130 and U+0131 as "s", "k", "i").
 */
class Version final
{
public:
    struct Parts {
        quint64 epoch = 0;
        QList<quint64> release;
        std::optional<PreRelease> pre;
        std::optional<quint64> post;
        std::optional<quint64> dev;
        QString local; // normalized: lowercase, segments joined with '.'; empty when none

        bool operator==(const Parts &other) const = default;
    };

    // Version "0".
    Version();

    // The message says why the text is not a PEP 440 version, in plain language.
    [[nodiscard]] static std::expected<Version, QString> parse(QStringView text);
    // From already-normalized parts. An empty release is taken as {0}; the local part is
    // lowercased and its '-'/'_' separators become '.' (it is not otherwise validated).
    static Version fromParts(Parts parts);

    const Parts &parts() const { return m_parts; }
    quint64 epoch() const { return m_parts.epoch; }
    const QList<quint64> &release() const { return m_parts.release; }
    // release()[0], [1], [2], or 0 when absent (packaging's major/minor/micro).
    quint64 major() const;
    quint64 minor() const;
    quint64 micro() const;

    // Normalized, like packaging's str(Version): "1.0.0" stays "1.0.0", "1.0-1" -> "1.0.post1".
    QString toString() const;
    // Like packaging.utils.canonicalize_version: trailing ".0" release components trimmed
    // ("1.0.0" -> "1", "1.0.0+a" -> "1+a").
    QString canonical() const;
    // Without "+local".
    QString publicVersion() const;
    // Epoch and release only ("1!1.2.3").
    QString baseVersion() const;
    // True when the text is already in normalized form (toString() would give it back).
    [[nodiscard]] static bool isNormalized(QStringView text);

    bool isPrerelease() const { return m_parts.pre.has_value() || m_parts.dev.has_value(); }
    bool isLocal() const { return !m_parts.local.isEmpty(); }
    bool isPostRelease() const { return m_parts.post.has_value(); }
    bool isDevRelease() const { return m_parts.dev.has_value(); }

    // PEP 440 ordering: 1.0 == 1.0.0; 1.0.dev0 < 1.0a1 < 1.0 < 1.0+local < 1.0.post1;
    // local segments: numeric > alphanumeric, numeric compare as numbers, shorter first.
    std::strong_ordering operator<=>(const Version &other) const;
    bool operator==(const Version &other) const;

private:
    Parts m_parts;
};

// Consistent with operator== (1.0 and 1.0.0 hash alike).
size_t qHash(const Version &version, size_t seed = 0);

} // namespace Metadata
