// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/projectfindings.h"

#include <QRegularExpression>
#include <QStringList>

namespace ProjectFindings {

QString keyPart(const QString &name)
{
    static const QRegularExpression bare(QStringLiteral("^[A-Za-z0-9_-]+$"));
    if (bare.match(name).hasMatch()) {
        return name;
    }
    QString escaped = name;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
    return u'"' + escaped + u'"';
}

QString editKey(const QString &table, const QString &name)
{
    // Project::PyProject::parseKey takes everything after "urls." as one name unless it is quoted.
    if (name.contains(u'"') || name.contains(u'\'')) {
        return table + u'.' + keyPart(name);
    }
    return table + u'.' + name;
}

QString messagesFor(const QList<Project::Finding> &findings, const QString &key)
{
    QStringList lines;
    for (const Project::Finding &finding : findings) {
        if (finding.key == key) {
            lines.append(finding.hint.isEmpty()
                             ? QStringLiteral("%1: %2").arg(Project::severityName(finding.severity), finding.message)
                             : QStringLiteral("%1: %2 (%3)")
                                   .arg(Project::severityName(finding.severity), finding.message, finding.hint));
        }
    }
    return lines.join(u'\n');
}

int worstSeverity(const QList<Project::Finding> &findings, const QString &key)
{
    int worst = -1;
    for (const Project::Finding &finding : findings) {
        if (finding.key != key) {
            continue;
        }
        // Error is 0 in Project::Finding::Severity: smaller is worse.
        const int severity = int(finding.severity);
        if (worst < 0 || severity < worst) {
            worst = severity;
        }
    }
    return worst;
}

} // namespace ProjectFindings
