// SPDX-License-Identifier: GPL-3.0-or-later
// Token inspection: any text, and any bytes behind "pypi-" (so the macaroon decoder sees
// arbitrary binary), never crash, and nothing printable from the token carries control
// characters a terminal would obey.
#include <QByteArray>
#include <QDateTime>
#include <QJsonDocument>
#include <QString>

#include <cstddef>
#include <cstdint>

#include "core/registry/token.h"

namespace {

void check(bool condition)
{
    if (!condition) {
        __builtin_trap();
    }
}

void inspect(const QString &token)
{
    static const QDateTime now = QDateTime::fromSecsSinceEpoch(1780000000, Qt::UTC);
    const auto report = Registry::inspectToken(token, now);
    if (!report) {
        check(!report.error().message.isEmpty());
        return;
    }
    QString shown = report->title + report->location + report->identifier;
    for (const QString &line : report->facts + report->warnings) {
        shown += line;
    }
    for (const Registry::PypiCaveat &caveat : report->caveats) {
        shown += caveat.description;
    }
    for (const QChar c : shown) {
        check(c != QChar(0x1b) && c != QLatin1Char('\r') && c != QLatin1Char('\n') && c.unicode() >= 0x20);
    }
    check(!QJsonDocument(report->toJson()).toJson().isEmpty());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)Registry::decodeMacaroonV2(bytes);
    inspect(QString::fromUtf8(bytes));
    inspect(QStringLiteral("pypi-")
            + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
    return 0;
}
