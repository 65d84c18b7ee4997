// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/metadata/classifiers.h"

#include <QFile>

namespace Metadata {

namespace {

QByteArray readResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        // The lists are compiled in; a missing one is a build mistake, and an empty list
        // makes every classifier unknown rather than crashing.
        qWarning("Slipway: cannot open bundled list %s", qPrintable(path));
        return {};
    }
    return file.readAll();
}

// Case and whitespace folding for suggestions: "license :: osi approved::mit license".
QString fold(const QString &classifier)
{
    QStringList parts = classifier.split(QStringLiteral("::"));
    for (QString &part : parts) {
        part = part.simplified().toCaseFolded();
    }
    return parts.join(QStringLiteral("::"));
}

} // namespace

const TroveClassifiers &TroveClassifiers::bundled()
{
    // Loaded on first use; C++ guarantees thread-safe initialisation of this static.
    static const TroveClassifiers classifiers =
        fromData(readResource(QStringLiteral(":/slipway/data/trove-classifiers.txt")),
                 readResource(QStringLiteral(":/slipway/data/trove-classifiers-deprecated.tsv")));
    return classifiers;
}

TroveClassifiers TroveClassifiers::fromData(const QByteArray &classifierList, const QByteArray &deprecatedTsv)
{
    TroveClassifiers result;
    for (const QByteArray &rawLine : classifierList.split('\n')) {
        const QString line = QString::fromUtf8(rawLine).trimmed();
        if (line.isEmpty() || result.m_known.contains(line)) {
            continue;
        }
        result.m_all.append(line);
        result.m_known.insert(line);
        result.m_folded.insert(fold(line), line);
    }
    bool header = true;
    for (const QByteArray &rawLine : deprecatedTsv.split('\n')) {
        QByteArray line = rawLine;
        if (line.endsWith('\r')) {
            line.chop(1);
        }
        if (header) {
            header = false;
            continue;
        }
        if (line.trimmed().isEmpty()) {
            continue;
        }
        const qsizetype tab = line.indexOf('\t');
        const QString deprecated = QString::fromUtf8(tab < 0 ? line : line.left(tab)).trimmed();
        QStringList replacements;
        if (tab >= 0) {
            for (const QByteArray &replacement : line.mid(tab + 1).split('|')) {
                const QString trimmed = QString::fromUtf8(replacement).trimmed();
                if (!trimmed.isEmpty()) {
                    replacements.append(trimmed);
                }
            }
        }
        result.m_deprecated.insert(deprecated, replacements);
    }
    return result;
}

QString TroveClassifiers::closeMatch(const QString &classifier) const
{
    const QString match = m_folded.value(fold(classifier));
    return match == classifier ? QString() : match;
}

QStringList TroveClassifiers::categories() const
{
    QStringList result;
    for (const QString &classifier : m_all) {
        const QString category = classifier.section(QStringLiteral(" :: "), 0, 0);
        if (result.isEmpty() || result.constLast() != category) {
            if (!result.contains(category)) {
                result.append(category);
            }
        }
    }
    return result;
}

} // namespace Metadata
