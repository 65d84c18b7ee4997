// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/check/finding.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Check {

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return u"info"_s;
    case Severity::Warning:
        return u"warning"_s;
    case Severity::Error:
        break;
    }
    return u"error"_s;
}

QJsonObject Finding::toJson() const
{
    return QJsonObject{
        {u"code"_s, code},
        {u"severity"_s, severityName(severity)},
        {u"message"_s, message},
        {u"hint"_s, hint},
    };
}

QString verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pass:
        return u"pass"_s;
    case Verdict::Warn:
        return u"warn"_s;
    case Verdict::Error:
        break;
    }
    return u"error"_s;
}

QString verdictText(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pass:
        return u"PASSED"_s;
    case Verdict::Warn:
        return u"PASSED with warnings"_s;
    case Verdict::Error:
        break;
    }
    return u"FAILED"_s;
}

Verdict verdictFor(const QList<Finding> &findings)
{
    Verdict verdict = Verdict::Pass;
    for (const Finding &finding : findings) {
        if (finding.severity == Severity::Error) {
            return Verdict::Error;
        }
        if (finding.severity == Severity::Warning) {
            verdict = Verdict::Warn;
        }
    }
    return verdict;
}

QList<Finding> capFindingsPerCode(const QList<Finding> &findings, qsizetype maxPerCode)
{
    QHash<QString, qsizetype> counts;
    for (const Finding &finding : findings) {
        ++counts[finding.code];
    }
    QList<Finding> result;
    QHash<QString, qsizetype> emitted;
    for (const Finding &finding : findings) {
        const qsizetype count = ++emitted[finding.code];
        if (count <= maxPerCode) {
            result.append(finding);
        }
        if (count == maxPerCode && counts.value(finding.code) > maxPerCode) {
            Finding summary = finding;
            summary.message = u"... and %1 more like this"_s.arg(counts.value(finding.code) - maxPerCode);
            result.append(summary);
        }
    }
    return result;
}

bool FileReport::hasCode(QStringView code) const
{
    return std::any_of(findings.cbegin(), findings.cend(), [code](const Finding &f) { return f.code == code; });
}

QList<Finding> FileReport::findingsWithCode(QStringView code) const
{
    QList<Finding> matching;
    std::copy_if(findings.cbegin(), findings.cend(), std::back_inserter(matching),
                 [code](const Finding &f) { return f.code == code; });
    return matching;
}

QJsonObject FileReport::toJson() const
{
    QJsonArray array;
    for (const Finding &finding : findings) {
        array.append(finding.toJson());
    }
    return QJsonObject{
        {u"path"_s, path},
        {u"verdict"_s, verdictName(verdict)},
        {u"findings"_s, array},
    };
}

} // namespace Check
