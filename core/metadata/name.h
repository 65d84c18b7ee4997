// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

namespace Metadata {

// Project and extra names (PEP 503, PEP 508, PEP 685, core metadata 2.1/2.3). Pure functions,
// thread-safe.

// PEP 503: re.sub(r"[-_.]+", "-", name).lower() (ASCII lowercasing; like Python for every valid
// name).
QString normalizeName(QStringView name);
// ^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$, case-insensitive, ASCII only.
bool isValidName(QStringView name);
// Valid and already normalized (lowercase, single '-' separators).
bool isNormalizedName(QStringView name);
// The name as wheel and sdist file names spell it: normalized, '-' -> '_'.
QString wheelNameComponent(QStringView name);
// Metadata 2.3 rule for Provides-Extra: the normalized extra matches ^[a-z0-9]+(-[a-z0-9]+)*$.
// (Any valid name passes, since normalization yields exactly that form.)
bool isValidExtraName(QStringView extra);

} // namespace Metadata
