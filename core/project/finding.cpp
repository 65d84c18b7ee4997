// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/finding.h"

#include <algorithm>

namespace Project {

QString severityName(Finding::Severity severity)
{
    switch (severity) {
    case Finding::Severity::Error:
        return QStringLiteral("error");
    case Finding::Severity::Warning:
        return QStringLiteral("warning");
    case Finding::Severity::Info:
        return QStringLiteral("info");
    }
    return {};
}

bool hasErrors(const QList<Finding> &findings)
{
    return std::any_of(findings.cbegin(), findings.cend(),
                       [](const Finding &finding) { return finding.severity == Finding::Severity::Error; });
}

QJsonObject Finding::toJson() const
{
    QJsonObject object{{QStringLiteral("code"), code},
                       {QStringLiteral("severity"), severityName(severity)},
                       {QStringLiteral("message"), message}};
    if (!hint.isEmpty()) {
        object.insert(QStringLiteral("hint"), hint);
    }
    if (!file.isEmpty()) {
        object.insert(QStringLiteral("file"), file);
    }
    if (line > 0) {
        object.insert(QStringLiteral("line"), line);
        object.insert(QStringLiteral("column"), column);
    }
    if (!key.isEmpty()) {
        object.insert(QStringLiteral("key"), key);
    }
    return object;
}

QString Finding::toText() const
{
    QString where = file;
    if (line > 0) {
        where += QStringLiteral(":%1:%2").arg(line).arg(column);
    }
    QString text = (where.isEmpty() ? QString() : where + QStringLiteral(": ")) + severityName(severity) +
                   QLatin1Char(' ') + code + QStringLiteral(": ") + message;
    if (!hint.isEmpty()) {
        text += QStringLiteral(" (") + hint + QLatin1Char(')');
    }
    return text;
}

} // namespace Project
