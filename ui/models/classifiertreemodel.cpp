// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/classifiertreemodel.h"

#include "core/metadata/classifiers.h"

namespace {
const QString separator = QStringLiteral(" :: ");
} // namespace

struct ClassifierTreeModel::Node {
    QString name;
    QString classifier; // the full path; set for every node
    bool isClassifier = false;
    bool deprecated = false;
    Node *parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;
    QHash<QString, Node *> childByName;
};

ClassifierTreeModel::ClassifierTreeModel(QObject *parent)
    : ClassifierTreeModel(Metadata::TroveClassifiers::bundled().all(), parent)
{
}

ClassifierTreeModel::ClassifierTreeModel(const QStringList &classifiers, QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
    build(classifiers);
}

ClassifierTreeModel::~ClassifierTreeModel() = default;

void ClassifierTreeModel::build(const QStringList &classifiers)
{
    const Metadata::TroveClassifiers &trove = Metadata::TroveClassifiers::bundled();
    for (const QString &classifier : classifiers) {
        Node *node = m_root.get();
        const QStringList parts = classifier.split(separator);
        for (const QString &part : parts) {
            Node *child = node->childByName.value(part);
            if (child == nullptr) {
                auto created = std::make_unique<Node>();
                created->name = part;
                created->classifier = node == m_root.get() ? part : node->classifier + separator + part;
                created->parent = node;
                created->row = int(node->children.size());
                child = created.get();
                node->childByName.insert(part, child);
                node->children.push_back(std::move(created));
                m_byClassifier.insert(child->classifier, child);
            }
            node = child;
        }
        node->isClassifier = true;
        node->deprecated = trove.isDeprecated(classifier);
    }
}

ClassifierTreeModel::Node *ClassifierTreeModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex ClassifierTreeModel::indexOf(const QString &classifier) const
{
    Node *node = m_byClassifier.value(classifier);
    return node == nullptr ? QModelIndex() : createIndex(node->row, 0, node);
}

void ClassifierTreeModel::setChosen(const QStringList &chosen)
{
    const QSet<QString> next(chosen.cbegin(), chosen.cend());
    const QSet<QString> changed = (next - m_chosen) + (m_chosen - next);
    m_chosen = next;
    m_chosenOrder = chosen;
    for (const QString &classifier : changed) {
        const QModelIndex index = indexOf(classifier);
        if (index.isValid()) {
            Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
        }
    }
}

QModelIndex ClassifierTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0 || (parent.isValid() && parent.column() != 0)) {
        return {};
    }
    const Node *node = nodeFor(parent);
    if (size_t(row) >= node->children.size()) {
        return {};
    }
    return createIndex(row, 0, node->children[size_t(row)].get());
}

QModelIndex ClassifierTreeModel::parent(const QModelIndex &child) const
{
    const Node *node = child.isValid() ? nodeFor(child) : nullptr;
    if (node == nullptr || node->parent == m_root.get()) {
        return {};
    }
    return createIndex(node->parent->row, 0, node->parent);
}

int ClassifierTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0) {
        return 0;
    }
    return int(nodeFor(parent)->children.size());
}

int ClassifierTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant ClassifierTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid()) {
        return {};
    }
    const Node *node = nodeFor(index);
    switch (role) {
    case Qt::DisplayRole:
        return node->deprecated ? tr("%1 (deprecated)").arg(node->name) : node->name;
    case Qt::ToolTipRole:
        if (node->deprecated) {
            const QStringList replacements = Metadata::TroveClassifiers::bundled().replacements(node->classifier);
            return replacements.isEmpty()
                       ? tr("%1\nDeprecated: PyPI rejects it.").arg(node->classifier)
                       : tr("%1\nDeprecated: PyPI rejects it. Use %2 instead.")
                             .arg(node->classifier, replacements.join(tr(" or ")));
        }
        return node->classifier;
    case Qt::CheckStateRole:
        if (!node->isClassifier) {
            return {};
        }
        return m_chosen.contains(node->classifier) ? Qt::Checked : Qt::Unchecked;
    case ClassifierRole:
        return node->classifier;
    case DeprecatedRole:
        return node->deprecated;
    default:
        return {};
    }
}

bool ClassifierTreeModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::CheckStateRole) {
        return false;
    }
    const Node *node = nodeFor(index);
    if (!node->isClassifier) {
        return false;
    }
    const bool wanted = value.value<Qt::CheckState>() == Qt::Checked;
    if (wanted == m_chosen.contains(node->classifier)) {
        return false;
    }
    Q_EMIT toggleRequested(node->classifier, wanted);
    return true;
}

Qt::ItemFlags ClassifierTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid()) {
        return Qt::NoItemFlags;
    }
    Qt::ItemFlags result = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (nodeFor(index)->isClassifier) {
        result |= Qt::ItemIsUserCheckable;
    }
    return result;
}
