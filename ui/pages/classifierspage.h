// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class ChosenClassifiersModel;
class ClassifierTreeModel;
class ProjectDocument;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTreeView;

/**
 * The Classifiers page: every trove classifier as a checkable tree with a live filter, the
 * project's classifiers beside it with the project model's hints, and Save (which shows the
 * diff first). Ticking and unticking edit `classifiers` through the project model.
 */
class ClassifiersPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClassifiersPage)

public:
    explicit ClassifiersPage(ProjectDocument &document, QWidget *parent = nullptr);

    [[nodiscard]] QSplitter *splitter() const { return m_splitter; }

private:
    void refresh();
    void toggle(const QString &classifier, bool chosen);
    void removeSelected();
    void filterChanged(const QString &text);

    ProjectDocument &m_document;
    ClassifierTreeModel *m_treeModel = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    ChosenClassifiersModel *m_chosenModel = nullptr;
    QSplitter *m_splitter = nullptr;
    QLineEdit *m_filter = nullptr;
    QTreeView *m_tree = nullptr;
    QListView *m_chosen = nullptr;
    QLabel *m_chosenTitle = nullptr;
    QLabel *m_generalHints = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_save = nullptr;
};
