// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

#include "core/project/finding.h"

namespace Project {
class PyProject;
}

/**
 * The classifiers a project lists, in file order, each with the project model's findings
 * about it (unknown, deprecated, a license classifier next to a license expression, ...)
 * and the Python version classifiers that contradict requires-python. Findings about the
 * classifiers as a whole are in generalHints(). Read-only; refreshed by setProject().
 */
class ChosenClassifiersModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChosenClassifiersModel)

public:
    enum Role { ClassifierRole = Qt::UserRole + 1, HintsRole, SeverityRole };

    struct Entry {
        QString classifier;
        QStringList hints;
        std::optional<Project::Finding::Severity> severity; // the worst, none without hints
    };

    explicit ChosenClassifiersModel(QObject *parent = nullptr);

    void setProject(const Project::PyProject &project);
    void clear();
    [[nodiscard]] const QList<Entry> &entries() const { return m_entries; }
    [[nodiscard]] const QStringList &generalHints() const { return m_generalHints; }

    // Whether a "Programming Language :: Python :: X[.Y]" classifier names a Python that
    // requiresPython excludes; false for other classifiers and for an invalid requiresPython.
    [[nodiscard]] static bool contradictsRequiresPython(const QString &classifier, const QString &requiresPython);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QList<Entry> m_entries;
    QStringList m_generalHints;
};
