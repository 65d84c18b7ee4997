// SPDX-License-Identifier: GPL-3.0-or-later
// What a registry answers to an upload is untrusted: any status, reason phrase, content type,
// Location, Retry-After and body (JSON, HTML, garbage) must give a classification and a
// bounded message, never a crash; a secret in the answer never survives redaction.
// Input layout: byte 0-1 status, then NUL-separated reason, content type, location,
// retry-after, body.
#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <cstddef>
#include <cstdint>

#include "core/registry/transport.h"
#include "core/upload/responseinterpreter.h"

namespace {

void check(bool condition)
{
    if (!condition) {
        __builtin_trap();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) {
        return 0;
    }
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    Upload::HttpAnswer answer;
    answer.status = 100 + (int(quint8(input[0])) * 256 + int(quint8(input[1]))) % 500;
    const QList<QByteArray> parts = input.mid(2).split('\0');
    answer.reason = parts.value(0);
    answer.contentType = parts.value(1);
    answer.location = QString::fromUtf8(parts.value(2));
    answer.retryAfter = parts.value(3);
    answer.body = parts.mid(4).join('\0');

    const Registry::Credential credential{QStringLiteral("__token__"), QStringLiteral("pypi-fuzz-secret"),
                                          Registry::Credential::Source::Environment};
    const QString server = Registry::redact(Upload::serverMessage(answer), credential);
    answer.location = Registry::redact(answer.location, credential); // as UploadJob does
    check(server.size() <= 1001);
    check(!server.contains(credential.secret));
    const int retryAfter = Upload::parseRetryAfter(answer.retryAfter);
    check(retryAfter >= -1 && retryAfter <= 24 * 3600);
    const auto result = Upload::interpretAnswer(answer, server, QUrl(QStringLiteral("https://upload.example.org/legacy/")),
                                                QStringLiteral("demo-1.0-py3-none-any.whl"));
    if (result.kind != Upload::AnswerKind::Success) {
        check(!result.error.message.isEmpty());
        check(result.error.httpStatus == answer.status);
        check(!result.error.message.contains(credential.secret));
    } else {
        check(answer.status >= 200 && answer.status < 300);
    }
    if (answer.status >= 300 && answer.status < 400) {
        check(result.kind == Upload::AnswerKind::Fatal);
    }
    return 0;
}
