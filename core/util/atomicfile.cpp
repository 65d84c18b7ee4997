// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/atomicfile.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace Util {

std::expected<void, QString> writeFileAtomically(const QString &path, const QByteArray &content)
{
    const QString shown = QDir::toNativeSeparators(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return std::unexpected(QStringLiteral("Cannot write %1: %2").arg(shown, file.errorString()));
    }
    if (file.write(content) != content.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return std::unexpected(QStringLiteral("Cannot write %1: %2").arg(shown, reason));
    }
    if (!file.commit()) {
        return std::unexpected(QStringLiteral("Cannot save %1: %2").arg(shown, file.errorString()));
    }
    return {};
}

} // namespace Util
