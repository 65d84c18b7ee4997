// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

namespace Metadata {

/**
 * The trove classifier list PyPI accepts (the trove-classifiers package, bundled as
 * :/slipway/data/trove-classifiers.txt) and the deprecated classifiers with their
 * replacements (:/slipway/data/trove-classifiers-deprecated.tsv).
 *
 * bundled() loads the lists once, on first use, and is then immutable: safe to use from any
 * thread. A classifier is valid for upload only when isKnown(); a deprecated one is rejected
 * by PyPI too, naming the replacements. `Private :: ...` classifiers are never known, which
 * is what makes them a guaranteed upload block.
 */
class TroveClassifiers final
{
public:
    // The lists compiled into Slipway.
    [[nodiscard]] static const TroveClassifiers &bundled();

    // Builds from the raw file contents (one classifier a line; TSV "deprecated<TAB>a|b" with a
    // header line). Used by bundled() and by tests.
    [[nodiscard]] static TroveClassifiers fromData(const QByteArray &classifierList, const QByteArray &deprecatedTsv);

    // Exact, case-sensitive match as on PyPI.
    [[nodiscard]] bool isKnown(const QString &classifier) const { return m_known.contains(classifier); }
    [[nodiscard]] bool isDeprecated(const QString &classifier) const { return m_deprecated.contains(classifier); }
    // What to use instead of a deprecated classifier; empty when there is no replacement
    // (or the classifier is not deprecated).
    [[nodiscard]] QStringList replacements(const QString &classifier) const { return m_deprecated.value(classifier); }
    // A classifier that differs from a known one only by case or surrounding/internal spacing,
    // to suggest a fix; empty when there is none.
    [[nodiscard]] QString closeMatch(const QString &classifier) const;

    // Every valid classifier in the list's order (sorted, as published), for pickers.
    [[nodiscard]] const QStringList &all() const { return m_all; }
    // The top-level categories ("Development Status", "License", ...), in list order.
    [[nodiscard]] QStringList categories() const;

private:
    QStringList m_all;
    QSet<QString> m_known;
    QHash<QString, QStringList> m_deprecated;
    QHash<QString, QString> m_folded; // folded spelling -> classifier
};

} // namespace Metadata
