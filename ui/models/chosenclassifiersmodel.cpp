// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/chosenclassifiersmodel.h"

#include <QApplication>
#include <QRegularExpression>
#include <QStyle>

#include "core/metadata/specifier.h"
#include "core/metadata/version.h"
#include "core/project/pyproject.h"

namespace {

int rank(Project::Finding::Severity severity)
{
    switch (severity) {
    case Project::Finding::Severity::Error:
        return 2;
    case Project::Finding::Severity::Warning:
        return 1;
    case Project::Finding::Severity::Info:
        return 0;
    }
    return 0;
}

void note(ChosenClassifiersModel::Entry &entry, Project::Finding::Severity severity, const QString &text)
{
    entry.hints.append(text);
    if (!entry.severity || rank(severity) > rank(*entry.severity)) {
        entry.severity = severity;
    }
}

QString findingText(const Project::Finding &finding)
{
    return finding.hint.isEmpty() ? finding.message : QStringLiteral("%1 (%2)").arg(finding.message, finding.hint);
}

} // namespace

ChosenClassifiersModel::ChosenClassifiersModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

bool ChosenClassifiersModel::contradictsRequiresPython(const QString &classifier, const QString &requiresPython)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^Programming Language :: Python :: (\d+)(?:\.(\d+))?$)"));
    const QRegularExpressionMatch match = pattern.match(classifier);
    if (!match.hasMatch() || requiresPython.trimmed().isEmpty()) {
        return false;
    }
    const auto specifiers = Metadata::SpecifierSet::parse(requiresPython);
    if (!specifiers) {
        return false;
    }
    // A minor version is allowed when any of its releases is: try its first and a late micro.
    // A major-only classifier ("Python :: 3") is allowed when any of its minors is.
    QStringList candidates;
    if (match.hasCaptured(2)) {
        const QString minor = match.captured(1) + u'.' + match.captured(2);
        candidates << minor + QStringLiteral(".0") << minor + QStringLiteral(".999");
    } else {
        for (int minor = 0; minor <= 40; ++minor) {
            candidates << QStringLiteral("%1.%2.0").arg(match.captured(1)).arg(minor)
                       << QStringLiteral("%1.%2.999").arg(match.captured(1)).arg(minor);
        }
    }
    for (const QString &candidate : std::as_const(candidates)) {
        const auto version = Metadata::Version::parse(candidate);
        if (version && specifiers->contains(*version, true)) {
            return false;
        }
    }
    return true;
}

void ChosenClassifiersModel::clear()
{
    beginResetModel();
    m_entries.clear();
    m_generalHints.clear();
    endResetModel();
}

void ChosenClassifiersModel::setProject(const Project::PyProject &project)
{
    beginResetModel();
    m_entries.clear();
    m_generalHints.clear();
    const Project::ProjectMetadata &metadata = project.metadata();
    for (const QString &classifier : metadata.classifiers) {
        m_entries.append(Entry{classifier, {}, std::nullopt});
    }
    static const QRegularExpression indexed(QStringLiteral(R"(^project\.classifiers\[(\d+)\])"));
    for (const Project::Finding &finding : project.findings()) {
        if (!finding.key.startsWith(QStringLiteral("project.classifiers"))) {
            continue;
        }
        const QRegularExpressionMatch match = indexed.match(finding.key);
        const qsizetype row = match.hasMatch() ? match.captured(1).toLongLong() : -1;
        if (row >= 0 && row < m_entries.size()) {
            note(m_entries[row], finding.severity, findingText(finding));
        } else {
            m_generalHints.append(findingText(finding));
        }
    }
    const QString requiresPython = metadata.requiresPython.value_or(QString());
    for (Entry &entry : m_entries) {
        if (contradictsRequiresPython(entry.classifier, requiresPython)) {
            note(entry, Project::Finding::Severity::Warning,
                 tr("requires-python = \"%1\" excludes this Python version").arg(requiresPython));
        }
    }
    endResetModel();
}

int ChosenClassifiersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant ChosenClassifiersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Entry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return entry.hints.isEmpty() ? entry.classifier
                                     : QStringLiteral("%1\n%2").arg(entry.classifier, entry.hints.join(u'\n'));
    case Qt::ToolTipRole:
        return entry.hints.isEmpty() ? entry.classifier : entry.hints.join(u'\n');
    case Qt::DecorationRole:
        if (!entry.severity) {
            return {};
        }
        switch (*entry.severity) {
        case Project::Finding::Severity::Error:
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
        case Project::Finding::Severity::Warning:
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        case Project::Finding::Severity::Info:
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxInformation);
        }
        return {};
    case ClassifierRole:
        return entry.classifier;
    case HintsRole:
        return entry.hints;
    case SeverityRole:
        return entry.severity ? QVariant(int(*entry.severity)) : QVariant();
    default:
        return {};
    }
}
