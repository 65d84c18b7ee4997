// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/index/indextypes.h"

#include <algorithm>

#include "core/metadata/version.h"

namespace Index {

std::optional<DistributionFile> ProjectPage::file(const QString &filename) const
{
    for (const DistributionFile &candidate : files) {
        if (candidate.filename == filename) {
            return candidate;
        }
    }
    return std::nullopt;
}

bool Release::isYanked() const
{
    return !files.isEmpty()
        && std::all_of(files.begin(), files.end(), [](const ReleaseFile &file) { return file.yanked; });
}

QStringList ProjectReleases::versions() const
{
    QStringList result;
    for (const Release &entry : releases) {
        result.append(entry.version);
    }
    return result;
}

const Release *ProjectReleases::release(const QString &version) const
{
    const auto wanted = Metadata::Version::parse(version);
    for (const Release &entry : releases) {
        if (entry.version == version) {
            return &entry;
        }
    }
    if (!wanted) {
        return nullptr;
    }
    for (const Release &entry : releases) {
        const auto parsed = Metadata::Version::parse(entry.version);
        if (parsed && *parsed == *wanted) {
            return &entry;
        }
    }
    return nullptr;
}

QString ProjectReleases::highestVersion(bool includePrereleases) const
{
    std::optional<Metadata::Version> best;
    QString bestText;
    for (const Release &entry : releases) {
        if (entry.isYanked()) {
            continue;
        }
        const auto parsed = Metadata::Version::parse(entry.version);
        if (!parsed || (!includePrereleases && parsed->isPrerelease())) {
            continue;
        }
        if (!best || *parsed > *best) {
            best = *parsed;
            bestText = entry.version;
        }
    }
    return bestText;
}

} // namespace Index
