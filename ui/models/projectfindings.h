// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include "core/project/finding.h"

// Helpers the project models share to put the project model's findings beside rows.
namespace ProjectFindings {

// A TOML key part as the project reader writes it in finding keys: bare when it can be, else quoted.
[[nodiscard]] QString keyPart(const QString &name);
// The [project] edit key for name in a table ("urls.Home page", urls."say \"hi\"").
[[nodiscard]] QString editKey(const QString &table, const QString &name);
// "error: message (hint)" for every finding whose key is exactly key, one per line.
[[nodiscard]] QString messagesFor(const QList<Project::Finding> &findings, const QString &key);
// The worst severity among the findings about exactly key; nullopt-like -1 when there are none.
[[nodiscard]] int worstSeverity(const QList<Project::Finding> &findings, const QString &key);

} // namespace ProjectFindings
