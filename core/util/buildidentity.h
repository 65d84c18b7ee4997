// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

namespace Util {

/**
 * What tells this build of Slipway from every other: the version and the GNU build ID of the
 * binary that holds Slipway's code (the linker writes a new one whenever the code changes).
 * For caches of results that depend on the code, not only on their input. Empty when the
 * binary has no build ID: such results must then not be cached. Thread-safe; computed once.
 */
[[nodiscard]] QByteArray buildIdentity();

} // namespace Util
