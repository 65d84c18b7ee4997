// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/versionbump.h"

namespace Project {

std::optional<BumpPart> bumpPartFromString(QStringView text)
{
    const QString part = text.trimmed().toString().toLower();
    if (part == u"major") {
        return BumpPart::Major;
    }
    if (part == u"minor") {
        return BumpPart::Minor;
    }
    if (part == u"micro" || part == u"patch") {
        return BumpPart::Micro;
    }
    if (part == u"a" || part == u"alpha") {
        return BumpPart::Alpha;
    }
    if (part == u"b" || part == u"beta") {
        return BumpPart::Beta;
    }
    if (part == u"rc" || part == u"c" || part == u"pre") {
        return BumpPart::ReleaseCandidate;
    }
    if (part == u"post") {
        return BumpPart::Post;
    }
    if (part == u"dev") {
        return BumpPart::Dev;
    }
    if (part == u"release" || part == u"final") {
        return BumpPart::Release;
    }
    return std::nullopt;
}

QStringList bumpPartNames()
{
    return {QStringLiteral("major"), QStringLiteral("minor"), QStringLiteral("micro"), QStringLiteral("a"),
            QStringLiteral("b"),     QStringLiteral("rc"),    QStringLiteral("post"),  QStringLiteral("dev"),
            QStringLiteral("release")};
}

namespace {

int labelRank(const QString &label)
{
    if (label == u"a") {
        return 0;
    }
    if (label == u"b") {
        return 1;
    }
    return 2;
}

void bumpRelease(Metadata::Version::Parts &parts, qsizetype index)
{
    while (parts.release.size() <= index) {
        parts.release.append(0);
    }
    parts.release[index] += 1;
    for (qsizetype i = index + 1; i < parts.release.size(); ++i) {
        parts.release[i] = 0;
    }
    parts.pre.reset();
    parts.post.reset();
    parts.dev.reset();
}

} // namespace

std::expected<Metadata::Version, QString> bumpVersion(const Metadata::Version &version, BumpPart part)
{
    Metadata::Version::Parts parts = version.parts();
    parts.local.clear();
    switch (part) {
    case BumpPart::Major:
        bumpRelease(parts, 0);
        break;
    case BumpPart::Minor:
        bumpRelease(parts, 1);
        break;
    case BumpPart::Micro:
        bumpRelease(parts, 2);
        break;
    case BumpPart::Alpha:
    case BumpPart::Beta:
    case BumpPart::ReleaseCandidate: {
        const QString label = part == BumpPart::Alpha ? QStringLiteral("a")
                              : part == BumpPart::Beta ? QStringLiteral("b")
                                                       : QStringLiteral("rc");
        if (parts.pre) {
            const int current = labelRank(parts.pre->label);
            if (current > labelRank(label)) {
                return std::unexpected(QStringLiteral("%1 is already past the %2 stage; bump to a later stage or "
                                                      "a new release instead")
                                           .arg(version.toString(), label));
            }
            if (current == labelRank(label) && !parts.post && !parts.dev) {
                parts.pre->number += 1;
            } else if (current == labelRank(label) && parts.dev && !parts.post) {
                // 1.0a2.dev1 -> 1.0a2: the dev release led up to this pre-release.
            } else if (current == labelRank(label)) {
                parts.pre->number += 1;
            } else {
                parts.pre = Metadata::PreRelease{label, 1};
            }
        } else if (parts.dev && !parts.post) {
            parts.pre = Metadata::PreRelease{label, 1};
        } else {
            bumpRelease(parts, 2);
            parts.pre = Metadata::PreRelease{label, 1};
        }
        parts.post.reset();
        parts.dev.reset();
        break;
    }
    case BumpPart::Post:
        parts.post = parts.post ? (parts.dev ? *parts.post : *parts.post + 1) : 1;
        parts.dev.reset();
        break;
    case BumpPart::Dev:
        if (parts.dev) {
            parts.dev = *parts.dev + 1;
        } else if (parts.post) {
            parts.post = *parts.post + 1;
            parts.dev = 1;
        } else if (parts.pre) {
            parts.pre->number += 1;
            parts.dev = 1;
        } else {
            bumpRelease(parts, 2);
            parts.dev = 1;
        }
        break;
    case BumpPart::Release:
        if (!parts.pre && !parts.dev) {
            return std::unexpected(
                QStringLiteral("%1 is already a final release; bump major, minor or micro instead").arg(version.toString()));
        }
        parts.pre.reset();
        parts.dev.reset();
        break;
    }
    Metadata::Version bumped = Metadata::Version::fromParts(parts);
    if (!(bumped > version)) {
        return std::unexpected(
            QStringLiteral("bumping %1 would give %2, which is not higher").arg(version.toString(), bumped.toString()));
    }
    return bumped;
}

} // namespace Project
