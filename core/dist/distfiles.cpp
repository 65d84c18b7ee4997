// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dist/distfiles.h"

#include <QDir>
#include <QFileInfo>

namespace Dist {

const QStringList &distributionNameFilters()
{
    static const QStringList filters = {QStringLiteral("*.whl"), QStringLiteral("*.tar.gz"), QStringLiteral("*.zip")};
    return filters;
}

QStringList distributionFilesIn(const QString &directory)
{
    const QDir dir(directory);
    QStringList paths;
    for (const QString &name : dir.entryList(distributionNameFilters(), QDir::Files, QDir::Name)) {
        paths.append(dir.filePath(name));
    }
    return paths;
}

QStringList expandDistributionPaths(const QStringList &paths)
{
    QStringList expanded;
    for (const QString &path : paths) {
        if (QFileInfo(path).isDir()) {
            expanded.append(distributionFilesIn(path));
        } else {
            expanded.append(path);
        }
    }
    return expanded;
}

} // namespace Dist
