// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/classifierspage.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

#include "ui/models/chosenclassifiersmodel.h"
#include "ui/models/classifiertreemodel.h"
#include "ui/projectdocument.h"
#include "ui/savediffdialog.h"

ClassifiersPage::ClassifiersPage(ProjectDocument &document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
{
    setObjectName(QStringLiteral("classifiersPage"));
    m_treeModel = new ClassifierTreeModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_treeModel);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterRole(ClassifierTreeModel::ClassifierRole);
    m_chosenModel = new ChosenClassifiersModel(this);

    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<h2>Classifiers</h2>"), this);
    layout->addWidget(title);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("classifiersMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_message);

    m_splitter = new QSplitter(this);
    m_splitter->setObjectName(QStringLiteral("classifiersSplitter"));
    m_splitter->setChildrenCollapsible(false);

    auto *left = new QWidget(m_splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_filter = new QLineEdit(left);
    m_filter->setObjectName(QStringLiteral("classifierFilter"));
    m_filter->setPlaceholderText(tr("Filter classifiers (e.g. \"Python :: 3.12\", \"MIT\", \"Typing\")"));
    m_filter->setClearButtonEnabled(true);
    leftLayout->addWidget(m_filter);
    m_tree = new QTreeView(left);
    m_tree->setObjectName(QStringLiteral("classifierTree"));
    m_tree->setModel(m_proxy);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    leftLayout->addWidget(m_tree, 1);
    m_splitter->addWidget(left);

    auto *right = new QWidget(m_splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_chosenTitle = new QLabel(right);
    m_chosenTitle->setObjectName(QStringLiteral("chosenTitle"));
    rightLayout->addWidget(m_chosenTitle);
    m_chosen = new QListView(right);
    m_chosen->setObjectName(QStringLiteral("chosenList"));
    m_chosen->setModel(m_chosenModel);
    m_chosen->setWordWrap(true);
    m_chosen->setSpacing(2);
    m_chosen->setSelectionMode(QAbstractItemView::ExtendedSelection);
    rightLayout->addWidget(m_chosen, 1);
    m_generalHints = new QLabel(right);
    m_generalHints->setObjectName(QStringLiteral("classifierHints"));
    m_generalHints->setWordWrap(true);
    m_generalHints->setTextInteractionFlags(Qt::TextSelectableByMouse);
    rightLayout->addWidget(m_generalHints);
    auto *buttons = new QHBoxLayout;
    m_remove = new QPushButton(tr("&Remove"), right);
    m_remove->setObjectName(QStringLiteral("removeClassifierButton"));
    m_remove->setToolTip(tr("Remove the selected classifiers from the project (Delete)"));
    m_remove->setShortcut(QKeySequence::Delete);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    m_save = new QPushButton(tr("&Save…"), right);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setToolTip(tr("Show the changes to pyproject.toml and save them (Ctrl+S)"));
    m_save->setShortcut(QKeySequence::Save);
    buttons->addWidget(m_save);
    rightLayout->addLayout(buttons);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    layout->addWidget(m_splitter, 1);

    setTabOrder(m_filter, m_tree);
    setTabOrder(m_tree, m_chosen);
    setTabOrder(m_chosen, m_remove);
    setTabOrder(m_remove, m_save);

    connect(m_filter, &QLineEdit::textChanged, this, &ClassifiersPage::filterChanged);
    connect(m_treeModel, &ClassifierTreeModel::toggleRequested, this, &ClassifiersPage::toggle);
    connect(m_remove, &QPushButton::clicked, this, &ClassifiersPage::removeSelected);
    connect(m_save, &QPushButton::clicked, this, [this] { SaveDiffDialog::showFor(m_document, this); });
    connect(m_chosen->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] {
                m_remove->setEnabled(m_document.isOpen() && !m_document.project().isReadOnly()
                                     && m_chosen->selectionModel()->hasSelection());
            });
    connect(&m_document, &ProjectDocument::changed, this, &ClassifiersPage::refresh);
    connect(&m_document, &ProjectDocument::errorOccurred, this, [this](const QString &message) {
        m_message->setText(message);
        m_message->show();
    });
    refresh();
}

void ClassifiersPage::refresh()
{
    m_message->hide();
    if (!m_document.isOpen()) {
        m_treeModel->setChosen({});
        m_chosenModel->clear();
        m_chosenTitle->setText(tr("<b>Chosen</b>"));
        m_generalHints->setText(m_document.errorString());
        m_tree->setEnabled(false);
        m_remove->setEnabled(false);
        m_save->setEnabled(false);
        return;
    }
    const Project::PyProject &project = m_document.project();
    const QStringList chosen = project.metadata().classifiers;
    m_treeModel->setChosen(chosen);
    m_chosenModel->setProject(project);
    m_chosenTitle->setText(tr("<b>Chosen</b> (%1)").arg(chosen.size()));
    QStringList general = m_chosenModel->generalHints();
    if (chosen.isEmpty()) {
        general.prepend(tr("No classifiers yet. Tick the ones that describe the project: its development status, "
                           "audience, the Python versions it supports."));
    }
    if (project.isReadOnly()) {
        general.prepend(tr("Read-only: %1").arg(project.readOnlyReason()));
    }
    m_generalHints->setText(general.join(u'\n'));
    m_generalHints->setVisible(!general.isEmpty());
    m_tree->setEnabled(!project.isReadOnly());
    m_remove->setEnabled(!project.isReadOnly() && m_chosen->selectionModel()->hasSelection());
    m_save->setEnabled(project.isModified());
}

void ClassifiersPage::toggle(const QString &classifier, bool chosen)
{
    m_document.edit([classifier, chosen](const Project::PyProject &project) {
        const QString key = QStringLiteral("classifiers");
        return chosen ? project.add(key, classifier) : project.removeElement(key, classifier);
    });
}

void ClassifiersPage::removeSelected()
{
    QStringList classifiers;
    const QModelIndexList rows = m_chosen->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        classifiers.append(row.data(ChosenClassifiersModel::ClassifierRole).toString());
    }
    for (const QString &classifier : std::as_const(classifiers)) {
        if (!m_document.edit([classifier](const Project::PyProject &project) {
                return project.removeElement(QStringLiteral("classifiers"), classifier);
            })) {
            break;
        }
    }
}

void ClassifiersPage::filterChanged(const QString &text)
{
    m_proxy->setFilterFixedString(text.trimmed());
    if (text.trimmed().isEmpty()) {
        m_tree->collapseAll();
    } else {
        m_tree->expandAll();
    }
}
