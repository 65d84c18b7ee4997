// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Project {

/**
 * One problem (or note) found in a project's metadata, in the format the check engine uses
 * too. Codes are stable and documented in docs/check-codes.md (SW3xx: pyproject.toml).
 * Plain value type.
 */
struct Finding {
    enum class Severity { Error, Warning, Info };

    QString code;     // "SW322"
    Severity severity = Severity::Error;
    QString message;  // what is wrong, plain language
    QString hint;     // how to fix it; may be empty
    QString file;     // the file it is about (as opened); may be empty
    int line = 0;     // 1-based; 0 when not about one place
    int column = 0;   // 1-based, in characters
    QString key;      // the TOML key it is about: "project.classifiers[2]", "build-system"

    [[nodiscard]] QJsonObject toJson() const;
    // "pyproject.toml:12:5: error SW322: ... (hint)"
    [[nodiscard]] QString toText() const;
};

[[nodiscard]] QString severityName(Finding::Severity severity);
[[nodiscard]] bool hasErrors(const QList<Finding> &findings);

} // namespace Project
