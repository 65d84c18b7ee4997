// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/readme/contenttype.h"

#include <QFileInfo>

namespace Readme {

namespace {

Finding contentTypeFinding(Finding::Code code, Finding::Severity severity, const QString &message)
{
    return Finding{code, severity, message, 0};
}

bool isTokenCharacter(QChar c)
{
    // RFC 2045 token: any ASCII printable except space and tspecials.
    static const QString specials = QStringLiteral("()<>@,;:\\\"/[]?=");
    return c.unicode() > 0x20 && c.unicode() < 0x7f && !specials.contains(c);
}

bool isToken(QStringView text)
{
    if (text.isEmpty()) {
        return false;
    }
    for (QChar c : text) {
        if (!isTokenCharacter(c)) {
            return false;
        }
    }
    return true;
}

// Splits at ';' outside double quotes.
QStringList splitParameters(const QString &value)
{
    QStringList parts;
    QString current;
    bool quoted = false;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        if (quoted && c == u'\\' && i + 1 < value.size()) {
            current += c;
            current += value.at(++i);
            continue;
        }
        if (c == u'"') {
            quoted = !quoted;
        } else if (c == u';' && !quoted) {
            parts << current;
            current.clear();
            continue;
        }
        current += c;
    }
    parts << current;
    return parts;
}

QString unquote(QString value)
{
    value = value.trimmed();
    if (value.size() >= 2 && value.startsWith(u'"') && value.endsWith(u'"')) {
        QString result;
        for (qsizetype i = 1; i + 1 < value.size(); ++i) {
            if (value.at(i) == u'\\' && i + 2 < value.size()) {
                ++i;
            }
            result += value.at(i);
        }
        return result;
    }
    return value;
}

} // namespace

ContentType ContentType::parse(const QString &value)
{
    ContentType type;
    const QString trimmed = value.trimmed();
    if (trimmed.isEmpty()) {
        type.defaulted = true;
        type.mimeType = QStringLiteral("text/x-rst");
        type.findings << contentTypeFinding(
            Finding::Code::ContentTypeMissing, Finding::Severity::Warning,
            QStringLiteral("The description has no content type: PyPI renders it as reStructuredText (text/x-rst)."));
        return type;
    }

    const QStringList parts = splitParameters(trimmed);
    const QString mime = parts.first().trimmed().toLower();
    const qsizetype slash = mime.indexOf(u'/');
    // packaging also requires the type to appear literally in the value, so "text / markdown" is refused.
    const bool wellFormed
        = slash > 0 && isToken(QStringView(mime).left(slash)) && isToken(QStringView(mime).mid(slash + 1));
    type.mimeType = mime;

    if (!wellFormed) {
        type.recognized = false;
        type.format = Format::PlainText;
        type.findings << contentTypeFinding(
            Finding::Code::ContentTypeMalformed, Finding::Severity::Error,
            QStringLiteral("The content type '%1' is not of the form type/subtype; PyPI refuses the upload.")
                .arg(trimmed));
    } else if (type.mimeType == u"text/markdown") {
        type.format = Format::Markdown;
    } else if (type.mimeType == u"text/x-rst") {
        type.format = Format::ReStructuredText;
    } else if (type.mimeType == u"text/plain") {
        type.format = Format::PlainText;
    } else {
        type.recognized = false;
        type.format = Format::PlainText;
        type.findings << contentTypeFinding(
            Finding::Code::ContentTypeUnknown, Finding::Severity::Error,
            QStringLiteral("PyPI accepts only text/markdown, text/x-rst and text/plain descriptions, not '%1'.")
                .arg(type.mimeType));
    }

    bool malformedParameter = false;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QString parameter = parts.at(i).trimmed();
        if (parameter.isEmpty()) {
            continue;
        }
        const qsizetype equals = parameter.indexOf(u'=');
        if (equals <= 0) {
            malformedParameter = true;
            continue;
        }
        const QString name = parameter.left(equals).trimmed().toLower();
        const QString parameterValue = unquote(parameter.mid(equals + 1));
        if (name == u"charset") {
            type.charset = parameterValue;
        } else if (name == u"variant") {
            type.variant = parameterValue;
        }
    }
    if (malformedParameter && type.recognized) {
        type.findings << contentTypeFinding(
            Finding::Code::ContentTypeMalformed, Finding::Severity::Warning,
            QStringLiteral("The content type '%1' has a parameter without a value; PyPI ignores it.").arg(trimmed));
    }

    // packaging compares these exactly: "utf-8" or "gfm" are refused.
    if (!type.charset.isEmpty() && type.charset != u"UTF-8") {
        type.findings << contentTypeFinding(
            Finding::Code::CharsetUnsupported, Finding::Severity::Error,
            QStringLiteral("PyPI accepts only charset=UTF-8, spelled exactly so, not charset=%1.").arg(type.charset));
    }
    if (type.format == Format::Markdown && type.recognized && !type.variant.isEmpty()) {
        if (type.variant == u"CommonMark") {
            type.findings << contentTypeFinding(
                Finding::Code::VariantIgnored, Finding::Severity::Warning,
                QStringLiteral("PyPI ignores variant=CommonMark and renders the description as GitHub-Flavored "
                               "Markdown (tables, task lists, autolinks, strikethrough, footnotes)."));
        } else if (type.variant != u"GFM") {
            type.findings << contentTypeFinding(
                Finding::Code::VariantUnknown, Finding::Severity::Error,
                QStringLiteral("PyPI accepts only the Markdown variants GFM and CommonMark (spelled exactly so), "
                               "not variant=%1.")
                    .arg(type.variant));
        }
    }
    return type;
}

std::optional<ContentType> ContentType::fromFileName(const QString &fileName)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == u"md" || suffix == u"markdown") {
        return parse(QStringLiteral("text/markdown"));
    }
    if (suffix == u"rst" || suffix == u"rest") {
        return parse(QStringLiteral("text/x-rst"));
    }
    if (suffix == u"txt") {
        return parse(QStringLiteral("text/plain"));
    }
    return std::nullopt;
}

QString ContentType::toString() const
{
    QString result = mimeType;
    if (!charset.isEmpty()) {
        result += QStringLiteral("; charset=") + charset;
    }
    if (!variant.isEmpty()) {
        result += QStringLiteral("; variant=") + variant;
    }
    return result;
}

} // namespace Readme
