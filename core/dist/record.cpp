// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dist/record.h"

#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace Dist {

namespace {

struct CsvRow {
    QStringList fields;
    int line = 0;
};

// Splits CSV text into rows the way Python's csv.reader does with the default dialect, but
// reports what that reader silently accepts (characters after a closing quote, a quote that
// never closes).
QList<CsvRow> splitCsv(const QString &text, QList<RecordIssue> &issues)
{
    QList<CsvRow> rows;
    CsvRow row;
    QString field;
    bool quoted = false;   // inside a quoted field
    bool afterQuote = false; // a quoted field has closed
    bool rowHasContent = false;
    int line = 1;
    row.line = 1;

    auto endField = [&] {
        row.fields.append(field);
        field.clear();
        afterQuote = false;
    };
    auto endRow = [&] {
        if (rowHasContent) {
            endField();
            rows.append(row);
        }
        row = CsvRow{};
        rowHasContent = false;
        afterQuote = false;
        field.clear();
    };

    // Plain characters are appended a run at a time: RECORD has a row per file of a wheel.
    const QStringView all(text);
    auto runEnd = [&all](qsizetype from, auto isSpecial) {
        while (from < all.size() && !isSpecial(all[from])) {
            ++from;
        }
        return from;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text[i + 1] == u'"') {
                    field.append(u'"');
                    ++i;
                } else {
                    quoted = false;
                    afterQuote = true;
                }
            } else {
                const qsizetype end = runEnd(i, [](QChar x) { return x == u'"'; });
                const QStringView run = all.sliced(i, end - i);
                line += static_cast<int>(run.count(u'\n'));
                field.append(run);
                i = end - 1;
            }
            continue;
        }
        if (c == u'\r' || c == u'\n') {
            if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n') {
                ++i;
            }
            endRow();
            ++line;
            row.line = line;
            continue;
        }
        rowHasContent = true;
        if (c == u',') {
            endField();
        } else if (c == u'"' && field.isEmpty() && !afterQuote) {
            quoted = true;
        } else {
            if (afterQuote) {
                issues.append({RecordIssue::Code::MalformedCsv, line,
                               u"Line %1 has text after a closing quote."_s.arg(line)});
                afterQuote = false;
            }
            const qsizetype end =
                runEnd(i + 1, [](QChar x) { return x == u',' || x == u'"' || x == u'\r' || x == u'\n'; });
            field.append(all.sliced(i, end - i));
            i = end - 1;
        }
    }
    if (quoted) {
        issues.append({RecordIssue::Code::MalformedCsv, row.line,
                       u"The quoted field starting on line %1 is never closed."_s.arg(row.line)});
        rowHasContent = true;
    }
    endRow();
    return rows;
}

} // namespace

Record Record::parse(const QByteArray &bytes)
{
    Record record;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError()) {
        record.issues.append({RecordIssue::Code::NotUtf8, 0,
                              u"RECORD is not valid UTF-8; undecodable bytes were replaced."_s});
    }
    if (text.startsWith(QChar(0xfeff))) {
        text.remove(0, 1);
    }

    for (const CsvRow &row : splitCsv(text, record.issues)) {
        const int line = row.line;
        if (row.fields.size() != 3) {
            record.issues.append({RecordIssue::Code::WrongFieldCount, line,
                                  u"Line %1 has %2 fields; a RECORD row has 3: path, hash, size."_s.arg(line).arg(
                                      row.fields.size())});
            if (row.fields.size() < 3) {
                continue;
            }
        }
        RecordEntry entry;
        entry.line = line;
        entry.path = row.fields[0];
        entry.hash = row.fields[1];
        const QString sizeText = row.fields[2];
        if (entry.path.isEmpty()) {
            record.issues.append({RecordIssue::Code::EmptyPath, line, u"Line %1 has an empty path."_s.arg(line)});
            continue;
        }

        if (!entry.hash.isEmpty()) {
            const qsizetype equals = entry.hash.indexOf(u'=');
            if (equals <= 0) {
                record.issues.append({RecordIssue::Code::MalformedHash, line,
                                      u"The hash '%1' for %2 (line %3) is not of the form algorithm=digest."_s.arg(
                                          entry.hash, entry.path)
                                          .arg(line)});
            } else {
                entry.hashAlgorithmName = entry.hash.first(equals);
                entry.algorithm = hashAlgorithmFromName(entry.hashAlgorithmName);
                QString encoded = entry.hash.sliced(equals + 1);
                if (!entry.algorithm) {
                    record.issues.append({RecordIssue::Code::UnknownHashAlgorithm, line,
                                          u"The hash algorithm '%1' for %2 (line %3) is not a hashlib algorithm."_s
                                              .arg(entry.hashAlgorithmName, entry.path)
                                              .arg(line)});
                } else {
                    const QByteArray::FromBase64Result decoded = QByteArray::fromBase64Encoding(
                        encoded.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
                    const bool ascii = std::all_of(encoded.begin(), encoded.end(),
                                                   [](QChar c) { return c.unicode() < 0x80; });
                    if (!ascii || !decoded || decoded.decoded.size() != hashDigestSize(*entry.algorithm)) {
                        record.issues.append({RecordIssue::Code::MalformedHash, line,
                                              u"The %1 digest for %2 (line %3) is not %4 bytes in urlsafe base64."_s
                                                  .arg(entry.hashAlgorithmName, entry.path)
                                                  .arg(line)
                                                  .arg(hashDigestSize(*entry.algorithm))});
                    } else {
                        entry.digest = decoded.decoded;
                        if (encoded.endsWith(u'=')) {
                            record.issues.append({RecordIssue::Code::MalformedHash, line,
                                                  u"The digest for %1 (line %2) keeps its '=' padding, which RECORD "
                                                  "omits."_s.arg(entry.path)
                                                      .arg(line)});
                        }
                    }
                }
            }
        }

        if (!sizeText.isEmpty()) {
            bool ok = false;
            const qint64 size = sizeText.toLongLong(&ok);
            const bool digitsOnly = std::all_of(sizeText.begin(), sizeText.end(),
                                                [](QChar c) { return c >= u'0' && c <= u'9'; });
            if (ok && digitsOnly) {
                entry.size = size;
            } else {
                record.issues.append({RecordIssue::Code::MalformedSize, line,
                                      u"The size '%1' for %2 (line %3) is not a number of bytes."_s.arg(sizeText,
                                                                                                          entry.path)
                                          .arg(line)});
            }
        }
        record.entries.append(entry);
    }
    return record;
}

QString recordHash(HashAlgorithm algorithm, const QByteArray &digest)
{
    return hashAlgorithmName(algorithm) + u'='
        + QString::fromLatin1(digest.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace Dist
