// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <expected>
#include <utility>

namespace Metadata {

struct MetadataError {
    enum class Code { NotUtf8, MalformedHeader, DescriptionTwice, Empty, TooLarge };
    Code code;
    QString message; // plain language, names the line (and byte offset for NotUtf8)
    int line = 0;    // 1-based; 0 when not about one line
};

/**
 * Core metadata (METADATA, PKG-INFO; Metadata-Version 1.0 to 2.5, and 2.6): the email-header
 * format as Python's email.parser reads it with the compat32 policy, stricter where that
 * parser would silently guess.
 *
 * Reading: "Name: value" headers; lines starting with space or tab continue the previous value
 * (kept with their "\n" and leading whitespace, as compat32 does); the first empty line ends the
 * headers and the rest is the body, which is the description. Line endings may be LF, CRLF or
 * CR; values and body are returned with "\n". The Description header form is unfolded (the
 * spec's 7 spaces + "|" continuation prefix, or distutils' 8 spaces, is removed).
 * Errors (never partial results): bytes that are not UTF-8 (line and byte offset), a header
 * line without "Name:" (compat32 would start the body there), a continuation line before any
 * header, Description both as header and body, empty input, input over kMaxSize.
 *
 * A plain value type; no validation of field values (that is the check module's job).
 */
class CoreMetadata final
{
public:
    static constexpr qsizetype kMaxSize = 16 * 1024 * 1024;

    [[nodiscard]] static std::expected<CoreMetadata, MetadataError> parse(const QByteArray &bytes);
    // UTF-8. parse(serialize()) gives the same fields and description. For Metadata-Version 2.1
    // and later (or none), the description goes in the body after a blank line; before 2.1 it is a
    // Description header folded with 7 spaces + "|" (leading whitespace of its first line is
    // dropped: the format cannot carry it). A "\n" in a header value that is not
    // followed by a space or tab is written as "\n " (folded), since a bare line break cannot be
    // represented.
    QByteArray serialize() const;

    // Field names compare case-insensitively.
    QString value(QStringView field) const; // first value; "" if absent
    QStringList values(QStringView field) const; // all values in order
    bool contains(QStringView field) const;
    // Every header in file order, with the field name as spelled in the file.
    QList<std::pair<QString, QString>> fields() const { return m_fields; }

    // Replaces every value of the field by one (keeping the position of the first).
    void set(const QString &field, const QString &value);
    void add(const QString &field, const QString &value);
    void remove(QStringView field);

    // The body, or the Description header when there is no body.
    QString description() const;
    // Sets the description (removing any Description header).
    void setDescription(const QString &text);

    QString metadataVersion() const { return value(u"Metadata-Version"); }
    QString name() const { return value(u"Name"); }
    QString version() const { return value(u"Version"); }

    // Keys: spec field names as the spec spells them ("Metadata-Version", "Requires-Dist",
    // "Home-page"); unknown fields as spelled in the file. Multiple-use fields are always arrays;
    // other fields are strings, or arrays when they (wrongly) appear more than once. The
    // description is under "description" (and not under "Description").
    QJsonObject toJson() const;

    static bool isMultipleUse(QStringView field);
    // Spec spelling of every field, in spec order.
    static QStringList knownFields();
    // "1.0", "1.1", "1.2", "2.1", ...; "" for an unknown field.
    static QString introducedIn(QStringView field);
    // The spec spelling of a known field ("home-page" -> "Home-page"); "" if unknown.
    static QString canonicalFieldName(QStringView field);
    // "1.0" "1.1" "1.2" "2.1" "2.2" "2.3" "2.4" "2.5" "2.6"
    static QStringList supportedMetadataVersions();

private:
    QList<std::pair<QString, QString>> m_fields;
    QString m_body;
    bool m_hasBody = false;
};

} // namespace Metadata
