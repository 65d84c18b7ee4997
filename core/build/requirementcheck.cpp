// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/build/requirementcheck.h"

#include <QJsonArray>
#include <QSet>

#include "core/metadata/name.h"
#include "core/metadata/requirement.h"
#include "core/metadata/specifier.h"
#include "core/metadata/version.h"

using namespace Qt::StringLiterals;

namespace Build {

namespace {

// Dependency chains deeper than this are cycles or hostile metadata.
constexpr int maxDepth = 64;

struct Checker {
    QJsonObject found;
    QHash<QString, QString> environment;
    QSet<QString> visited;
    QStringList unmet;

    bool markerApplies(const Metadata::Requirement &requirement, const QStringList &parentExtras) const
    {
        if (!requirement.marker()) {
            return true;
        }
        QHash<QString, QString> environmentWithExtra = environment;
        if (parentExtras.isEmpty()) {
            environmentWithExtra.insert(u"extra"_s, QString());
            return requirement.marker()->evaluate(environmentWithExtra);
        }
        for (const QString &extra : parentExtras) {
            environmentWithExtra.insert(u"extra"_s, extra);
            if (requirement.marker()->evaluate(environmentWithExtra)) {
                return true;
            }
        }
        return false;
    }

    void check(const QString &text, const QStringList &ancestors, const QStringList &parentExtras)
    {
        QStringList chain = ancestors;
        chain.append(text);
        const auto requirement = Metadata::Requirement::parse(text);
        if (!requirement) {
            unmet.append(chain.join(u" -> "_s) + u" (invalid: "_s + requirement.error() + u')');
            return;
        }
        if (!markerApplies(*requirement, parentExtras)) {
            return;
        }
        const QString name = requirement->normalizedName();
        const QJsonObject distribution = found.value(name).toObject();
        if (distribution.isEmpty()) {
            unmet.append(chain.join(u" -> "_s));
            return;
        }
        const auto version = Metadata::Version::parse(distribution.value(u"version"_s).toString());
        if (!requirement->specifiers().isEmpty()
            && (!version || !requirement->specifiers().contains(*version, Metadata::PrereleasePolicy::Allow))) {
            unmet.append(chain.join(u" -> "_s));
            return;
        }
        QStringList extras = requirement->extras();
        for (QString &extra : extras) {
            extra = Metadata::normalizeName(extra);
        }
        const QString visit = name + u'[' + extras.join(u',') + u']';
        if (visited.contains(visit) || chain.size() > maxDepth) {
            return;
        }
        visited.insert(visit);
        for (const QJsonValue &dependency : distribution.value(u"requires"_s).toArray()) {
            check(dependency.toString(), chain, extras);
        }
    }
};

} // namespace

QStringList unmetRequirements(const QStringList &requirements, const QJsonObject &distributions,
                              const QJsonObject &markerEnvironment)
{
    Checker checker;
    checker.found = distributions.value(u"found"_s).toObject();
    for (auto it = markerEnvironment.begin(); it != markerEnvironment.end(); ++it) {
        checker.environment.insert(it.key(), it.value().toString());
    }
    for (const QString &requirement : requirements) {
        checker.check(requirement, {}, {});
    }
    checker.unmet.removeDuplicates();
    return checker.unmet;
}

std::expected<bool, QString> satisfiesRequiresPython(const QString &requiresPython, const QString &pythonVersion)
{
    const auto specifiers = Metadata::SpecifierSet::parse(requiresPython);
    if (!specifiers) {
        return std::unexpected(u"requires-python '%1' is not a valid version specifier: %2"_s.arg(requiresPython,
                                                                                                  specifiers.error()));
    }
    const auto version = Metadata::Version::parse(pythonVersion);
    if (!version) {
        return std::unexpected(u"The interpreter reported the version '%1', which is not PEP 440."_s.arg(pythonVersion));
    }
    return specifiers->contains(*version, Metadata::PrereleasePolicy::Allow);
}

QString requirementProblem(const QString &requirement)
{
    const auto parsed = Metadata::Requirement::parse(requirement);
    return parsed ? QString() : parsed.error();
}

} // namespace Build
