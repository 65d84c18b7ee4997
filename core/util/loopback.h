// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Util {

// localhost (and *.localhost), 127.0.0.0/8, ::1 and IPv4-mapped loopback addresses: hosts that
// only this machine can reach, where plain http is allowed and no proxy is used.
[[nodiscard]] bool isLoopbackHost(const QString &host);

} // namespace Util
