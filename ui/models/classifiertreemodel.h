// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractItemModel>
#include <QHash>
#include <QSet>
#include <QStringList>

#include <memory>
#include <vector>

/**
 * The trove classifiers as a tree, split on " :: ", one column. Every node that is itself a
 * classifier ("Programming Language :: Python" is one, and so is each of its children) is
 * checkable; its check state is whether the project lists it (setChosen()). Checking or
 * unchecking does not change the chosen set: it emits toggleRequested() so that the project
 * model makes (or refuses) the edit, and setChosen() then shows the outcome.
 * Deprecated classifiers are marked and name their replacements in the tool tip.
 */
class ClassifierTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClassifierTreeModel)

public:
    enum Role { ClassifierRole = Qt::UserRole + 1, DeprecatedRole };

    // classifiers: the full list in display order (TroveClassifiers::all() by default).
    explicit ClassifierTreeModel(QObject *parent = nullptr);
    ClassifierTreeModel(const QStringList &classifiers, QObject *parent);
    ~ClassifierTreeModel() override;

    void setChosen(const QStringList &chosen);
    [[nodiscard]] QStringList chosen() const { return m_chosenOrder; }
    // The index of a classifier's node; invalid when it is not in the tree.
    [[nodiscard]] QModelIndex indexOf(const QString &classifier) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    void toggleRequested(const QString &classifier, bool chosen);

private:
    struct Node;
    Node *nodeFor(const QModelIndex &index) const;
    void build(const QStringList &classifiers);

    std::unique_ptr<Node> m_root;
    QHash<QString, Node *> m_byClassifier;
    QSet<QString> m_chosen;
    QStringList m_chosenOrder;
};
