// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringView>

namespace Check {

// How bad a finding is. Only Error (and Warning under --strict) fails a file; Info never does.
enum class Severity {
    Info,
    Warning,
    Error,
};

// "info", "warning", "error" (the spelling of `slipway check --json`).
[[nodiscard]] QString severityName(Severity severity);

/**
 * One problem (or remark) about a distribution file: a stable rule code ("SW116"), a severity,
 * a one-line message naming the field or archive member, and a hint saying how to fix it.
 * A plain value type.
 */
struct Finding {
    QString code;
    Severity severity = Severity::Error;
    QString message;
    QString hint;

    [[nodiscard]] QJsonObject toJson() const;
    friend bool operator==(const Finding &, const Finding &) = default;
};

// The outcome for one file: error if any finding is an error, warn if any is a warning, else pass.
enum class Verdict {
    Pass,
    Warn,
    Error,
};

// "pass", "warn", "error".
[[nodiscard]] QString verdictName(Verdict verdict);
// "PASSED", "PASSED with warnings", "FAILED" (the human output of `slipway check`).
[[nodiscard]] QString verdictText(Verdict verdict);
[[nodiscard]] Verdict verdictFor(const QList<Finding> &findings);

// At most maxPerCode findings of each code, in the original order; when a code has more, its
// last kept finding is followed by one "... and N more like this" finding of that code.
[[nodiscard]] QList<Finding> capFindingsPerCode(const QList<Finding> &findings, qsizetype maxPerCode);

/**
 * Everything the check engine found about one file, in a stable order: archive and file name
 * rules first, then metadata, then the description. A plain value type.
 */
struct FileReport {
    QString path; // as given to the checker
    Verdict verdict = Verdict::Pass;
    QList<Finding> findings;

    [[nodiscard]] bool hasCode(QStringView code) const;
    [[nodiscard]] QList<Finding> findingsWithCode(QStringView code) const;
    // {"path", "verdict", "findings": [{"code", "severity", "message", "hint"}]}
    [[nodiscard]] QJsonObject toJson() const;
};

} // namespace Check

Q_DECLARE_METATYPE(Check::Finding)
Q_DECLARE_METATYPE(Check::FileReport)
