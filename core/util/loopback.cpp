// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/loopback.h"

#include <QHostAddress>

namespace Util {

bool isLoopbackHost(const QString &host)
{
    const QString lower = host.toLower();
    if (lower == QLatin1String("localhost") || lower.endsWith(QLatin1String(".localhost"))) {
        return true;
    }
    const QHostAddress address(lower);
    return !address.isNull() && address.isLoopback();
}

} // namespace Util
