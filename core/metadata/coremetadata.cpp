// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/metadata/coremetadata.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QStringBuilder>

#include "core/metadata/version.h"

namespace Metadata {

namespace {

struct FieldInfo {
    QLatin1StringView name;
    QLatin1StringView introduced;
    bool multipleUse;
};

// Spec order (packaging.python.org core-metadata), with the version that introduced each field.
constexpr FieldInfo kFields[] = {
    {QLatin1StringView("Metadata-Version"), QLatin1StringView("1.0"), false},
    {QLatin1StringView("Name"), QLatin1StringView("1.0"), false},
    {QLatin1StringView("Version"), QLatin1StringView("1.0"), false},
    {QLatin1StringView("Dynamic"), QLatin1StringView("2.2"), true},
    {QLatin1StringView("Platform"), QLatin1StringView("1.0"), true},
    {QLatin1StringView("Supported-Platform"), QLatin1StringView("1.1"), true},
    {QLatin1StringView("Summary"), QLatin1StringView("1.0"), false},
    {QLatin1StringView("Description"), QLatin1StringView("1.0"), false},
    {QLatin1StringView("Description-Content-Type"), QLatin1StringView("2.1"), false},
    {QLatin1StringView("Keywords"), QLatin1StringView("1.0"), false},
    {QLatin1StringView("Home-page"), QLatin1StringView("1.0"), false},
    {QLatin1StringView("Download-URL"), QLatin1StringView("1.1"), false},
    {QLatin1StringView("Author"), QLatin1StringView("1.0"), false},
    {QLatin1StringView("Author-email"), QLatin1StringView("1.0"), false},
    {QLatin1StringView("Maintainer"), QLatin1StringView("1.2"), false},
    {QLatin1StringView("Maintainer-email"), QLatin1StringView("1.2"), false},
    {QLatin1StringView("License"), QLatin1StringView("1.0"), false},
    {QLatin1StringView("License-Expression"), QLatin1StringView("2.4"), false},
    {QLatin1StringView("License-File"), QLatin1StringView("2.4"), true},
    {QLatin1StringView("Classifier"), QLatin1StringView("1.1"), true},
    {QLatin1StringView("Requires-Dist"), QLatin1StringView("1.2"), true},
    {QLatin1StringView("Requires-Python"), QLatin1StringView("1.2"), false},
    {QLatin1StringView("Requires-External"), QLatin1StringView("1.2"), true},
    {QLatin1StringView("Project-URL"), QLatin1StringView("1.2"), true},
    {QLatin1StringView("Provides-Extra"), QLatin1StringView("2.1"), true},
    {QLatin1StringView("Provides-Dist"), QLatin1StringView("1.2"), true},
    {QLatin1StringView("Obsoletes-Dist"), QLatin1StringView("1.2"), true},
    {QLatin1StringView("Import-Name"), QLatin1StringView("2.5"), true},
    {QLatin1StringView("Import-Namespace"), QLatin1StringView("2.5"), true},
    {QLatin1StringView("Requires"), QLatin1StringView("1.1"), true},
    {QLatin1StringView("Provides"), QLatin1StringView("1.1"), true},
    {QLatin1StringView("Obsoletes"), QLatin1StringView("1.1"), true},
};

const FieldInfo *findField(QStringView field)
{
    for (const FieldInfo &info : kFields) {
        if (field.compare(info.name, Qt::CaseInsensitive) == 0) {
            return &info;
        }
    }
    return nullptr;
}

bool isDescription(QStringView field)
{
    return field.compare(QLatin1StringView("Description"), Qt::CaseInsensitive) == 0;
}

// Index of the first byte that does not start (or continue) a valid UTF-8 sequence; -1 if
// the whole buffer is valid. Overlong forms, surrogates and code points above U+10FFFF are
// invalid, as for Python's strict decoder.
qsizetype firstInvalidUtf8(const QByteArray &bytes)
{
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype size = bytes.size();
    qsizetype i = 0;
    while (i < size) {
        const unsigned char lead = data[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                low = 0xA0;
            } else if (lead == 0xED) {
                high = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                low = 0x90;
            } else if (lead == 0xF4) {
                high = 0x8F;
            }
        } else {
            return i;
        }
        if (i + length > size) {
            return i;
        }
        for (int k = 1; k < length; ++k) {
            const unsigned char c = data[i + k];
            const unsigned char min = k == 1 ? low : 0x80;
            const unsigned char max = k == 1 ? high : 0xBF;
            if (c < min || c > max) {
                return i;
            }
        }
        i += length;
    }
    return -1;
}

int lineOfOffset(const QByteArray &bytes, qsizetype offset)
{
    int line = 1;
    for (qsizetype i = 0; i < offset; ++i) {
        if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.size() || bytes[i + 1] != '\n'))) {
            ++line;
        }
    }
    return line;
}

bool isFieldNameChar(QChar c)
{
    const char16_t u = c.unicode();
    return u >= 0x21 && u <= 0x7E && u != u':';
}

QString shown(QStringView line)
{
    constexpr qsizetype kShown = 60;
    return line.size() > kShown ? line.first(kShown).toString() + QStringLiteral("...") : line.toString();
}

QString normalizeLineBreaks(QString text)
{
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(u'\r', u'\n');
    return text;
}

// The Description header's continuation lines carry a folding prefix: the spec's 7 spaces and
// '|', or the 8 spaces distutils wrote; otherwise just the one whitespace that folded the line.
QString unfoldDescription(const QString &value)
{
    QStringList lines = value.split(u'\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QString &line = lines[i];
        if (line.startsWith(QLatin1StringView("       |")) || line.startsWith(QLatin1StringView("        "))) {
            line.remove(0, 8);
        } else if (line.startsWith(u' ') || line.startsWith(u'\t')) {
            line.remove(0, 1);
        }
    }
    return lines.join(u'\n');
}

MetadataError makeError(MetadataError::Code code, const QString &message, int line)
{
    return MetadataError{code, message, line};
}

bool bodyDescriptionFor(const QString &metadataVersion)
{
    // Before 2.1 the body was not the description; write it as a header there.
    const auto version = Version::parse(metadataVersion);
    if (!version) {
        return true;
    }
    Version::Parts twoOne;
    twoOne.release = {2, 1};
    return *version >= Version::fromParts(twoOne);
}

QString foldedValue(const QString &value)
{
    const QStringList lines = normalizeLineBreaks(value).split(u'\n');
    QString folded = lines.front();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QString &line = lines[i];
        folded += u'\n';
        if (!line.startsWith(u' ') && !line.startsWith(u'\t')) {
            folded += u' ';
        }
        folded += line;
    }
    return folded;
}

// The Description header form: continuation lines prefixed with 7 spaces and '|'. Leading
// whitespace of the first line cannot be represented (readers strip it), so it is dropped.
QString foldedDescription(const QString &text)
{
    QString folded = normalizeLineBreaks(text).split(u'\n').join(QStringLiteral("\n       |"));
    qsizetype start = 0;
    while (start < folded.size() && (folded[start] == u' ' || folded[start] == u'\t')) {
        ++start;
    }
    return folded.sliced(start);
}

} // namespace

std::expected<CoreMetadata, MetadataError> CoreMetadata::parse(const QByteArray &bytes)
{
    using Code = MetadataError::Code;
    if (bytes.size() > kMaxSize) {
        return std::unexpected(makeError(Code::TooLarge,
                                         QStringLiteral("The metadata is %1 bytes, more than the limit of %2 MiB.")
                                             .arg(bytes.size())
                                             .arg(kMaxSize / (1024 * 1024)),
                                         0));
    }
    if (bytes.trimmed().isEmpty()) {
        return std::unexpected(makeError(Code::Empty, QStringLiteral("The metadata is empty."), 0));
    }
    if (const qsizetype bad = firstInvalidUtf8(bytes); bad >= 0) {
        const int line = lineOfOffset(bytes, bad);
        return std::unexpected(makeError(
            Code::NotUtf8,
            QStringLiteral("Line %1 is not valid UTF-8: byte 0x%2 at offset %3 cannot be decoded. Core metadata "
                           "must be written in UTF-8.")
                .arg(line)
                .arg(static_cast<unsigned char>(bytes[bad]), 2, 16, QLatin1Char('0'))
                .arg(bad),
            line));
    }
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        return std::unexpected(makeError(Code::MalformedHeader,
                                         QStringLiteral("Line 1 starts with a UTF-8 byte order mark, which "
                                                        "metadata readers take as part of the first field name; "
                                                        "remove it."),
                                         1));
    }

    const QString text = QString::fromUtf8(bytes);
    CoreMetadata metadata;
    int line = 0;
    int descriptionLine = 0;
    qsizetype position = 0;
    bool inHeaders = true;
    while (inHeaders && position < text.size()) {
        ++line;
        qsizetype end = position;
        while (end < text.size() && text[end] != u'\n' && text[end] != u'\r') {
            ++end;
        }
        const QStringView current = QStringView(text).sliced(position, end - position);
        qsizetype next = end;
        if (next < text.size()) {
            next += (text[next] == u'\r' && next + 1 < text.size() && text[next + 1] == u'\n') ? 2 : 1;
        }
        position = next;

        if (current.isEmpty()) {
            inHeaders = false;
            break;
        }
        if (current.front() == u' ' || current.front() == u'\t') {
            if (metadata.m_fields.isEmpty()) {
                return std::unexpected(makeError(Code::MalformedHeader,
                                                 QStringLiteral("Line %1 starts with whitespace, but there is no "
                                                                "header before it for it to continue.")
                                                     .arg(line),
                                                 line));
            }
            metadata.m_fields.back().second += u'\n' % current;
            continue;
        }
        const qsizetype colon = current.indexOf(u':');
        if (colon == 0) {
            return std::unexpected(makeError(
                Code::MalformedHeader,
                QStringLiteral("Line %1 starts with ':'; the field name is missing: '%2'.").arg(line).arg(shown(current)),
                line));
        }
        if (colon < 0) {
            return std::unexpected(makeError(
                Code::MalformedHeader,
                QStringLiteral("Line %1 is not a 'Field: value' header (there is no colon): '%2'. The description "
                               "belongs after an empty line that ends the headers.")
                    .arg(line)
                    .arg(shown(current)),
                line));
        }
        const QStringView name = current.first(colon);
        if (!std::all_of(name.begin(), name.end(), isFieldNameChar)) {
            return std::unexpected(makeError(Code::MalformedHeader,
                                             QStringLiteral("Line %1: the field name '%2' may contain only printable "
                                                            "ASCII characters other than space and ':'.")
                                                 .arg(line)
                                                 .arg(shown(name)),
                                             line));
        }
        QStringView value = current.sliced(colon + 1);
        while (!value.isEmpty() && (value.front() == u' ' || value.front() == u'\t')) {
            value = value.sliced(1);
        }
        if (isDescription(name) && descriptionLine == 0) {
            descriptionLine = line;
        }
        metadata.m_fields.append({name.toString(), value.toString()});
    }

    for (auto &[name, value] : metadata.m_fields) {
        if (isDescription(name)) {
            value = unfoldDescription(value);
        }
    }
    if (!inHeaders) {
        metadata.m_hasBody = position < text.size();
        metadata.m_body = normalizeLineBreaks(text.sliced(position));
    }
    if (descriptionLine > 0 && !metadata.m_body.isEmpty()) {
        return std::unexpected(makeError(Code::DescriptionTwice,
                                         QStringLiteral("The description is given twice: as a Description header on "
                                                        "line %1 and as the message body after line %2. Keep only "
                                                        "one (the body, for Metadata-Version 2.1 and later).")
                                             .arg(descriptionLine)
                                             .arg(line),
                                         descriptionLine));
    }
    return metadata;
}

QByteArray CoreMetadata::serialize() const
{
    const bool inBody = bodyDescriptionFor(metadataVersion());
    const QString text = description();
    QString out;
    bool descriptionWritten = false;
    for (const auto &[name, value] : m_fields) {
        if (isDescription(name)) {
            if (inBody || descriptionWritten) {
                continue;
            }
            descriptionWritten = true;
            out += name % QStringLiteral(": ") % foldedDescription(text) % u'\n';
            continue;
        }
        out += name % QStringLiteral(": ") % foldedValue(value) % u'\n';
    }
    if (!text.isEmpty() && !descriptionWritten) {
        if (inBody) {
            out += u'\n' % text;
        } else {
            out += QStringLiteral("Description: ") % foldedDescription(text) % u'\n';
        }
    }
    return out.toUtf8();
}

QString CoreMetadata::value(QStringView field) const
{
    for (const auto &[name, value] : m_fields) {
        if (field.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

QStringList CoreMetadata::values(QStringView field) const
{
    QStringList result;
    for (const auto &[name, value] : m_fields) {
        if (field.compare(name, Qt::CaseInsensitive) == 0) {
            result.append(value);
        }
    }
    return result;
}

bool CoreMetadata::contains(QStringView field) const
{
    return std::any_of(m_fields.begin(), m_fields.end(), [&](const auto &entry) {
        return field.compare(entry.first, Qt::CaseInsensitive) == 0;
    });
}

void CoreMetadata::set(const QString &field, const QString &value)
{
    if (isDescription(field)) {
        setDescription(value);
        return;
    }
    bool replaced = false;
    qsizetype kept = 0;
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        if (field.compare(m_fields[i].first, Qt::CaseInsensitive) == 0) {
            if (replaced) {
                continue;
            }
            m_fields[i].second = value;
            replaced = true;
        }
        if (kept != i) {
            m_fields[kept] = std::move(m_fields[i]);
        }
        ++kept;
    }
    m_fields.resize(kept);
    if (!replaced) {
        m_fields.append({field, value});
    }
}

void CoreMetadata::add(const QString &field, const QString &value)
{
    if (isDescription(field)) {
        setDescription(value);
        return;
    }
    m_fields.append({field, value});
}

void CoreMetadata::remove(QStringView field)
{
    if (isDescription(field)) {
        m_body.clear();
        m_hasBody = false;
    }
    m_fields.removeIf([&](const auto &entry) {
        return field.compare(entry.first, Qt::CaseInsensitive) == 0;
    });
}

QString CoreMetadata::description() const
{
    if (!m_body.isEmpty()) {
        return m_body;
    }
    return value(u"Description");
}

void CoreMetadata::setDescription(const QString &text)
{
    m_fields.removeIf([](const auto &entry) {
        return isDescription(entry.first);
    });
    m_body = normalizeLineBreaks(text);
    m_hasBody = !m_body.isEmpty();
}

QJsonObject CoreMetadata::toJson() const
{
    // Collect first, so that thousands of Classifier lines do not copy a growing array each time.
    QStringList order;
    QHash<QString, QJsonArray> collected;
    QSet<QString> multiple;
    for (const auto &[name, value] : m_fields) {
        if (isDescription(name)) {
            continue;
        }
        const FieldInfo *info = findField(name);
        const QString key = info ? QString(info->name) : name;
        auto it = collected.find(key);
        if (it == collected.end()) {
            order.append(key);
            it = collected.insert(key, QJsonArray());
        }
        it->append(value);
        if (info && info->multipleUse) {
            multiple.insert(key);
        }
    }
    QJsonObject json;
    for (const QString &key : order) {
        const QJsonArray &values = collected[key];
        if (values.size() == 1 && !multiple.contains(key)) {
            json.insert(key, values.first());
        } else {
            json.insert(key, values);
        }
    }
    const QString text = description();
    if (!text.isEmpty() || contains(u"Description")) {
        json.insert(QStringLiteral("description"), text);
    }
    return json;
}

bool CoreMetadata::isMultipleUse(QStringView field)
{
    const FieldInfo *info = findField(field);
    return info && info->multipleUse;
}

QStringList CoreMetadata::knownFields()
{
    QStringList names;
    for (const FieldInfo &info : kFields) {
        names.append(info.name);
    }
    return names;
}

QString CoreMetadata::introducedIn(QStringView field)
{
    const FieldInfo *info = findField(field);
    return info ? QString(info->introduced) : QString();
}

QString CoreMetadata::canonicalFieldName(QStringView field)
{
    const FieldInfo *info = findField(field);
    return info ? QString(info->name) : QString();
}

QStringList CoreMetadata::supportedMetadataVersions()
{
    return {QStringLiteral("1.0"), QStringLiteral("1.1"), QStringLiteral("1.2"),
            QStringLiteral("2.1"), QStringLiteral("2.2"), QStringLiteral("2.3"),
            QStringLiteral("2.4"), QStringLiteral("2.5"), QStringLiteral("2.6")};
}

} // namespace Metadata
