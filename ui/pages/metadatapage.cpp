// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/metadatapage.h"

#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QStringListModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "core/metadata/licenseexpression.h"
#include "core/project/versionbump.h"
#include "ui/models/mappingmodel.h"
#include "ui/models/peoplemodel.h"
#include "ui/models/projectfindings.h"
#include "ui/models/requirementsmodel.h"
#include "ui/projectdocument.h"
#include "ui/savediffdialog.h"

namespace {

struct BumpChoice {
    Project::BumpPart part;
    const char *label;
    const char *objectName;
    const char *toolTip;
};

constexpr BumpChoice bumpChoices[] = {
    {Project::BumpPart::Major, QT_TRANSLATE_NOOP("MetadataPage", "Major"), "bumpMajor", QT_TRANSLATE_NOOP("MetadataPage", "1.4.2 → 2.0.0")},
    {Project::BumpPart::Minor, QT_TRANSLATE_NOOP("MetadataPage", "Minor"), "bumpMinor", QT_TRANSLATE_NOOP("MetadataPage", "1.4.2 → 1.5.0")},
    {Project::BumpPart::Micro, QT_TRANSLATE_NOOP("MetadataPage", "Micro"), "bumpMicro", QT_TRANSLATE_NOOP("MetadataPage", "1.4.2 → 1.4.3")},
    {Project::BumpPart::Alpha, QT_TRANSLATE_NOOP("MetadataPage", "Alpha"), "bumpAlpha", QT_TRANSLATE_NOOP("MetadataPage", "next alpha pre-release (a1, a2, …)")},
    {Project::BumpPart::Beta, QT_TRANSLATE_NOOP("MetadataPage", "Beta"), "bumpBeta", QT_TRANSLATE_NOOP("MetadataPage", "next beta pre-release (b1, b2, …)")},
    {Project::BumpPart::ReleaseCandidate, QT_TRANSLATE_NOOP("MetadataPage", "RC"), "bumpRc", QT_TRANSLATE_NOOP("MetadataPage", "next release candidate (rc1, rc2, …)")},
    {Project::BumpPart::Post, QT_TRANSLATE_NOOP("MetadataPage", "Post"), "bumpPost", QT_TRANSLATE_NOOP("MetadataPage", "next post-release (.post1, …)")},
    {Project::BumpPart::Dev, QT_TRANSLATE_NOOP("MetadataPage", "Dev"), "bumpDev", QT_TRANSLATE_NOOP("MetadataPage", "next development release (.dev1, …)")},
    {Project::BumpPart::Release, QT_TRANSLATE_NOOP("MetadataPage", "Release"), "bumpRelease", QT_TRANSLATE_NOOP("MetadataPage", "drop the pre-, post- and dev parts: 2.0rc1 → 2.0")},
};

bool isAbout(const QString &findingKey, const QString &key)
{
    const QString full = QStringLiteral("project.") + key;
    return findingKey == full || findingKey.startsWith(full + u'.') || findingKey.startsWith(full + u'[');
}

// Completes the SPDX id being typed at the end of a license expression.
class SpdxCompleter final : public QCompleter
{
public:
    explicit SpdxCompleter(QObject *parent)
        : QCompleter(parent)
    {
        QStringList ids = Metadata::LicenseExpression::knownLicenseIds();
        ids += Metadata::LicenseExpression::knownExceptionIds();
        ids += {QStringLiteral("AND"), QStringLiteral("OR"), QStringLiteral("WITH")};
        setModel(new QStringListModel(ids, this));
        setCaseSensitivity(Qt::CaseInsensitive);
        setFilterMode(Qt::MatchStartsWith);
        setCompletionMode(QCompleter::PopupCompletion);
    }

    QStringList splitPath(const QString &path) const override { return {lastToken(path)}; }

    QString pathFromIndex(const QModelIndex &index) const override
    {
        const auto *editor = qobject_cast<const QLineEdit *>(widget());
        const QString text = editor ? editor->text() : QString();
        return text.left(text.size() - lastToken(text).size()) + index.data().toString();
    }

private:
    static QString lastToken(const QString &text)
    {
        static const QRegularExpression token(QStringLiteral("[^\\s()]*$"));
        return token.match(text).captured(0);
    }
};

int rowsShown(const QAbstractItemModel *model)
{
    return qBound(2, model->rowCount(), 8);
}

} // namespace


MetadataPage::MetadataPage(ProjectDocument &document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
{
    setObjectName(QStringLiteral("metadataPage"));
    auto *outer = new QVBoxLayout(this);
    auto *header = new QHBoxLayout;
    header->addWidget(new QLabel(tr("<h2>Metadata</h2>"), this));
    header->addStretch();
    m_undo = new QPushButton(tr("&Undo"), this);
    m_undo->setObjectName(QStringLiteral("undoButton"));
    m_undo->setToolTip(tr("Undo the last change to pyproject.toml (Ctrl+Z outside a field)"));
    m_redo = new QPushButton(tr("&Redo"), this);
    m_redo->setObjectName(QStringLiteral("redoButton"));
    m_redo->setToolTip(tr("Redo the change undone last"));
    m_save = new QPushButton(tr("&Save…"), this);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setToolTip(tr("Show the changes to pyproject.toml and save them (Ctrl+S)"));
    header->addWidget(m_undo);
    header->addWidget(m_redo);
    header->addWidget(m_save);
    outer->addLayout(header);

    m_externalBar = new QFrame(this);
    m_externalBar->setObjectName(QStringLiteral("externalChangeBar"));
    m_externalBar->setFrameShape(QFrame::StyledPanel);
    m_externalBar->setAutoFillBackground(true);
    m_externalBar->setBackgroundRole(QPalette::ToolTipBase);
    m_externalBar->setForegroundRole(QPalette::ToolTipText);
    auto *barLayout = new QHBoxLayout(m_externalBar);
    barLayout->setContentsMargins(8, 4, 8, 4);
    m_externalText = new QLabel(m_externalBar);
    m_externalText->setObjectName(QStringLiteral("externalChangeText"));
    m_externalText->setWordWrap(true);
    m_externalText->setForegroundRole(QPalette::ToolTipText);
    barLayout->addWidget(m_externalText, 1);
    m_reload = new QPushButton(tr("Re&load"), m_externalBar);
    m_reload->setObjectName(QStringLiteral("reloadButton"));
    m_reload->setToolTip(tr("Take the file as it is on disk now; your unsaved edits are dropped"));
    m_keepMine = new QPushButton(tr("&Keep Mine"), m_externalBar);
    m_keepMine->setObjectName(QStringLiteral("keepMineButton"));
    m_keepMine->setToolTip(tr("Apply your unsaved edits again on the file as it is on disk now"));
    m_dismiss = new QPushButton(tr("OK"), m_externalBar);
    m_dismiss->setObjectName(QStringLiteral("dismissExternalButton"));
    barLayout->addWidget(m_reload);
    barLayout->addWidget(m_keepMine);
    barLayout->addWidget(m_dismiss);
    m_externalBar->hide();
    outer->addWidget(m_externalBar);

    m_pageMessage = new QLabel(this);
    m_pageMessage->setObjectName(QStringLiteral("metadataMessage"));
    m_pageMessage->setWordWrap(true);
    m_pageMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    outer->addWidget(m_pageMessage);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget(scroll);
    auto *columns = new QHBoxLayout(content);
    columns->setContentsMargins(0, 0, 0, 0);
    columns->setSpacing(18);
    auto *left = new QVBoxLayout;
    auto *right = new QVBoxLayout;
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    left->addLayout(form);
    addField(form, QStringLiteral("name"), tr("&Name"), tr("my-package"));
    addField(form, QStringLiteral("version"), tr("&Version"), tr("1.0.0"));
    auto *bumps = new QHBoxLayout;
    bumps->setSpacing(4);
    for (const BumpChoice &choice : bumpChoices) {
        auto *button = new QPushButton(tr(choice.label), content);
        button->setObjectName(QString::fromLatin1(choice.objectName));
        button->setToolTip(tr(choice.toolTip));
        button->setAutoDefault(false);
        const Project::BumpPart part = choice.part;
        connect(button, &QPushButton::clicked, this,
                [this, part] { m_document.edit([part](const Project::PyProject &p) { return p.bumpVersion(part); }); });
        bumps->addWidget(button);
        m_bumpButtons.append(button);
    }
    bumps->addStretch();
    // Nine buttons are wider than half the page: two rows.
    auto *bumpRows = new QVBoxLayout;
    bumpRows->setSpacing(4);
    auto *bumpsSecond = new QHBoxLayout;
    bumpsSecond->setSpacing(4);
    for (int i = 5; i < m_bumpButtons.size(); ++i) {
        bumps->removeWidget(m_bumpButtons.at(i));
        bumpsSecond->addWidget(m_bumpButtons.at(i));
    }
    bumpsSecond->addStretch();
    bumpRows->addLayout(bumps);
    bumpRows->addLayout(bumpsSecond);
    form->addRow(tr("Bump:"), bumpRows);
    addField(form, QStringLiteral("description"), tr("&Summary"), tr("One line that says what the package does"));
    addField(form, QStringLiteral("readme"), tr("&Readme"), tr("README.md"));
    addField(form, QStringLiteral("requires-python"), tr("Requires &Python"), tr(">=3.9"));
    addField(form, QStringLiteral("license"), tr("&License"), tr("SPDX expression, e.g. MIT or Apache-2.0 OR MIT"));
    addField(form, QStringLiteral("keywords"), tr("&Keywords"), tr("comma-separated: packaging, release"));
    if (Field *license = field(QStringLiteral("license"))) {
        license->editor->setCompleter(new SpdxCompleter(license->editor));
        connect(license->editor, &QLineEdit::textEdited, this, [this](const QString &text) {
            Field *license = field(QStringLiteral("license"));
            license->live.clear();
            if (editKey(QStringLiteral("license")) == u"license" && !text.trimmed().isEmpty()) {
                const auto parsed = Metadata::LicenseExpression::parse(text.trimmed());
                license->live = parsed ? tr("SPDX: %1").arg(parsed->canonical())
                                       : tr("Not a valid SPDX expression yet: %1").arg(parsed.error().message);
            }
            refresh();
        });
    }

    m_authors = new PeopleModel(m_document, PeopleModel::Role::Authors, this);
    m_maintainers = new PeopleModel(m_document, PeopleModel::Role::Maintainers, this);
    for (PeopleModel *people : {m_authors, m_maintainers}) {
        const bool authors = people == m_authors;
        Table &table = addTable(left, authors ? tr("Authors") : tr("Maintainers"),
                                authors ? QStringLiteral("authorsTable") : QStringLiteral("maintainersTable"), people,
                                [people] { return people->readOnlyReason(); }, true);
        connect(table.add, &QPushButton::clicked, this, [people, view = table.view] {
            const QModelIndex index = people->addRow();
            view->setCurrentIndex(index);
            view->edit(index);
        });
    }
    left->addStretch();

    m_dependencies = new RequirementsModel(m_document, this);
    m_dependencies->setObjectName(QStringLiteral("dependenciesModel"));
    Table &dependencies = addTable(right, tr("Dependencies"), QStringLiteral("dependenciesTable"), m_dependencies,
                                   [this] { return m_dependencies->readOnlyReason(); }, true);
    connect(dependencies.add, &QPushButton::clicked, this, [this, view = dependencies.view] {
        const QModelIndex index = m_dependencies->addRow();
        view->setCurrentIndex(index);
        view->edit(index);
    });
    dependencies.findings = [this] {
        return m_document.isOpen()
                   ? ProjectFindings::messagesFor(m_document.project().findings(), QStringLiteral("project.dependencies"))
                   : QString();
    };

    m_optional = new RequirementsModel(m_document, this);
    m_optional->setObjectName(QStringLiteral("optionalDependenciesModel"));
    m_optional->setExtra(QString());
    right->addWidget(makeOptionalGroupControls(content));
    Table &optional = addTable(right, QString(), QStringLiteral("optionalDependenciesTable"), m_optional,
                               [this] { return m_optional->readOnlyReason(); }, true);
    connect(optional.add, &QPushButton::clicked, this, [this, view = optional.view] {
        const QModelIndex index = m_optional->addRow();
        view->setCurrentIndex(index);
        view->edit(index);
    });
    optional.findings = [this] {
        return m_document.isOpen() && m_optional->isOptionalGroup()
                   ? ProjectFindings::messagesFor(m_document.project().findings(),
                                                  QStringLiteral("project.optional-dependencies.")
                                                      + ProjectFindings::keyPart(m_optional->extra()))
                   : QString();
    };

    m_urls = new MappingModel(m_document, MappingModel::Table::Urls, this);
    Table &urls = addTable(right, tr("URLs"), QStringLiteral("urlsTable"), m_urls,
                           [this] { return m_urls->readOnlyReason(); }, true);
    connect(urls.add, &QPushButton::clicked, this, [this, view = urls.view] {
        const QModelIndex index = m_urls->addRow();
        view->setCurrentIndex(index);
        view->edit(index);
    });
    m_scripts = new MappingModel(m_document, MappingModel::Table::Scripts, this);
    Table &scripts = addTable(right, tr("Scripts"), QStringLiteral("scriptsTable"), m_scripts,
                              [this] { return m_scripts->readOnlyReason(); }, true);
    connect(scripts.add, &QPushButton::clicked, this, [this, view = scripts.view] {
        const QModelIndex index = m_scripts->addRow();
        view->setCurrentIndex(index);
        view->edit(index);
    });
    right->addStretch();
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);

    auto *undoAction = new QAction(this);
    undoAction->setShortcut(QKeySequence::Undo);
    undoAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(undoAction);
    auto *redoAction = new QAction(this);
    redoAction->setShortcut(QKeySequence::Redo);
    redoAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(redoAction);
    auto *saveAction = new QAction(this);
    saveAction->setShortcut(QKeySequence::Save);
    saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(saveAction);
    connect(undoAction, &QAction::triggered, &m_document, &ProjectDocument::undo);
    connect(redoAction, &QAction::triggered, &m_document, &ProjectDocument::redo);
    connect(m_undo, &QPushButton::clicked, &m_document, &ProjectDocument::undo);
    connect(m_redo, &QPushButton::clicked, &m_document, &ProjectDocument::redo);
    auto save = [this] { SaveDiffDialog::showFor(m_document, this); };
    connect(saveAction, &QAction::triggered, this, save);
    connect(m_save, &QPushButton::clicked, this, save);
    connect(m_reload, &QPushButton::clicked, this, [this] {
        m_document.reload();
        m_externalBar->hide();
    });
    connect(m_keepMine, &QPushButton::clicked, this, [this] {
        if (m_document.keepMine()) {
            m_externalBar->hide();
        } else {
            m_externalText->setText(m_document.errorString());
        }
    });
    connect(m_dismiss, &QPushButton::clicked, m_externalBar, &QWidget::hide);
    connect(&m_document, &ProjectDocument::externalChangePending, this, [this] { showExternalChange(true); });
    connect(&m_document, &ProjectDocument::reloadedFromDisk, this, [this] { showExternalChange(false); });
    connect(&m_document, &ProjectDocument::changed, this, &MetadataPage::refresh);
    refresh();
}

MetadataPage::~MetadataPage()
{
    // A table editor still open commits while the widget closes, after this page is gone.
    m_document.disconnect(this);
}

void MetadataPage::showExternalChange(bool pending)
{
    m_externalText->setText(
        pending ? tr("pyproject.toml changed on disk while you have unsaved edits here. Reload takes the file as it "
                     "is now; Keep Mine applies your edits again on top of it.")
                : tr("pyproject.toml changed on disk and was loaded again (you had no unsaved edits)."));
    m_reload->setVisible(pending);
    m_keepMine->setVisible(pending);
    m_dismiss->setVisible(!pending);
    m_externalBar->show();
}

QWidget *MetadataPage::makeOptionalGroupControls(QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *rows = new QVBoxLayout(box);
    rows->setContentsMargins(0, 8, 0, 0);
    rows->setSpacing(4);
    auto *layout = new QHBoxLayout;
    rows->addLayout(layout);
    auto *title = new QLabel(tr("<b>Optional dependencies</b>"), box);
    layout->addWidget(title);
    m_groupBox = new QComboBox(box);
    m_groupBox->setObjectName(QStringLiteral("optionalGroupBox"));
    m_groupBox->setToolTip(tr("The extra (pip install package[extra]) whose requirements the table shows"));
    m_groupBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_groupBox->setMinimumContentsLength(8);
    title->setBuddy(m_groupBox);
    layout->addWidget(m_groupBox);
    m_removeGroup = new QPushButton(tr("Remove Group"), box);
    m_removeGroup->setObjectName(QStringLiteral("removeGroupButton"));
    m_removeGroup->setAutoDefault(false);
    layout->addWidget(m_removeGroup);
    layout->addStretch();
    auto *adding = new QHBoxLayout;
    rows->addLayout(adding);
    m_newGroup = new QLineEdit(box);
    m_newGroup->setObjectName(QStringLiteral("newGroupField"));
    m_newGroup->setPlaceholderText(tr("new extra, e.g. test or docs"));
    adding->addWidget(m_newGroup, 1);
    m_addGroup = new QPushButton(tr("Add Group"), box);
    m_addGroup->setObjectName(QStringLiteral("addGroupButton"));
    m_addGroup->setAutoDefault(false);
    adding->addWidget(m_addGroup);
    connect(m_groupBox, &QComboBox::currentTextChanged, this, [this](const QString &extra) {
        if (extra.isEmpty()) {
            m_optional->setExtra(QString());
        } else if (extra != m_optional->extra() || !m_optional->isOptionalGroup()) {
            m_optional->setExtra(extra);
        }
        refreshTables();
    });
    auto addGroup = [this] {
        const QString extra = m_newGroup->text().trimmed();
        if (extra.isEmpty() || !m_document.isOpen()) {
            return;
        }
        const QString key = ProjectFindings::editKey(QStringLiteral("optional-dependencies"), extra);
        if (m_document.edit([key](const Project::PyProject &p) { return p.setList(key, {}); })) {
            m_newGroup->clear();
            m_groupBox->setCurrentText(extra);
        }
    };
    connect(m_addGroup, &QPushButton::clicked, this, addGroup);
    connect(m_newGroup, &QLineEdit::returnPressed, this, addGroup);
    connect(m_removeGroup, &QPushButton::clicked, this, [this] {
        if (!m_optional->isOptionalGroup() || m_optional->extra().isEmpty()) {
            return;
        }
        const QString key = m_optional->key();
        m_document.edit([key](const Project::PyProject &p) { return p.unset(key); });
    });
    return box;
}

MetadataPage::Table &MetadataPage::addTable(QVBoxLayout *layout, const QString &title, const QString &objectName,
                                             QAbstractItemModel *model, std::function<QString()> readOnlyReason,
                                             bool editable)
{
    QWidget *parent = layout->parentWidget() ? layout->parentWidget() : this;
    if (!title.isEmpty()) {
        auto *label = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), parent);
        label->setContentsMargins(0, 8, 0, 0);
        layout->addWidget(label);
    }
    Table table;
    table.readOnlyReason = std::move(readOnlyReason);
    table.view = new QTableView(parent);
    table.view->setObjectName(objectName);
    table.view->setModel(model);
    table.view->verticalHeader()->hide();
    table.view->setSelectionBehavior(QAbstractItemView::SelectRows);
    table.view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table.view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                | QAbstractItemView::AnyKeyPressed);
    table.view->setWordWrap(true);
    table.view->setTextElideMode(Qt::ElideMiddle);
    table.view->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table.view->setTabKeyNavigation(false);
    table.view->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table.view->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    table.view->setSizeAdjustPolicy(QAbstractScrollArea::AdjustIgnored);
    layout->addWidget(table.view);
    if (editable) {
        auto *buttons = new QHBoxLayout;
        buttons->setSpacing(4);
        table.add = new QPushButton(tr("Add"), parent);
        table.add->setObjectName(objectName + QStringLiteral("Add"));
        table.add->setAutoDefault(false);
        table.remove = new QPushButton(tr("Remove"), parent);
        table.remove->setObjectName(objectName + QStringLiteral("Remove"));
        table.remove->setAutoDefault(false);
        buttons->addWidget(table.add);
        buttons->addWidget(table.remove);
        buttons->addStretch();
        layout->addLayout(buttons);
        QTableView *view = table.view;
        auto *removeAction = new QAction(view);
        removeAction->setShortcut(QKeySequence::Delete);
        removeAction->setShortcutContext(Qt::WidgetShortcut);
        view->addAction(removeAction);
        table.remove->setToolTip(tr("Remove the selected rows (Delete)"));
        connect(removeAction, &QAction::triggered, table.remove, &QPushButton::click);
        connect(table.remove, &QPushButton::clicked, this, [view] {
            QModelIndexList rows = view->selectionModel()->selectedRows();
            std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() > b.row(); });
            // One edit per contiguous block from the bottom, so earlier rows keep their numbers.
            for (const QModelIndex &row : std::as_const(rows)) {
                view->model()->removeRow(row.row());
            }
        });
        connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] { refreshTables(); });
    }
    table.note = new QLabel(parent);
    table.note->setObjectName(objectName + QStringLiteral("Message"));
    table.note->setWordWrap(true);
    table.note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    table.note->hide();
    layout->addWidget(table.note);
    QTableView *view = table.view;
    // Rows grow with wrapped messages; the table grows with its rows (up to a point) so the
    // page scrolls rather than each table.
    auto fit = [view] {
        const int rows = view->model()->rowCount();
        const int shown = rowsShown(view->model());
        int body = 0;
        for (int row = 0; row < shown; ++row) {
            body += row < rows ? view->verticalHeader()->sectionSize(row) : view->verticalHeader()->defaultSectionSize();
        }
        view->setFixedHeight(view->horizontalHeader()->sizeHint().height() + body + 2 * view->frameWidth());
    };
    auto queueFit = [view, fit] { QTimer::singleShot(0, view, fit); };
    connect(model, &QAbstractItemModel::modelReset, view, queueFit);
    connect(model, &QAbstractItemModel::rowsInserted, view, queueFit);
    connect(model, &QAbstractItemModel::rowsRemoved, view, queueFit);
    connect(model, &QAbstractItemModel::dataChanged, view, queueFit);
    connect(view->horizontalHeader(), &QHeaderView::sectionResized, view, queueFit);
    fit();
    m_tables.append(table);
    return m_tables.last();
}

MetadataPage::Field *MetadataPage::field(const QString &key)
{
    for (Field &field : m_fields) {
        if (field.key == key) {
            return &field;
        }
    }
    return nullptr;
}

void MetadataPage::addField(QFormLayout *form, const QString &key, const QString &label, const QString &placeholder)
{
    QWidget *parent = form->parentWidget() ? form->parentWidget() : this;
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *editor = new QLineEdit(box);
    editor->setObjectName(key + QStringLiteral("Field"));
    editor->setPlaceholderText(placeholder);
    layout->addWidget(editor);
    auto *message = new QLabel(box);
    message->setObjectName(key + QStringLiteral("Message"));
    message->setWordWrap(true);
    message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message->hide();
    layout->addWidget(message);
    auto *labelWidget = new QLabel(label, parent);
    labelWidget->setBuddy(editor);
    form->addRow(labelWidget, box);
    m_fields.append(Field{key, editor, message, {}, {}, false});
    const qsizetype index = m_fields.size() - 1;
    connect(editor, &QLineEdit::textEdited, this, [this, index] { m_fields[index].typing = true; });
    connect(editor, &QLineEdit::editingFinished, this, [this, index] { commit(m_fields[index]); });
}

QString MetadataPage::currentValue(const QString &key) const
{
    const Project::ProjectMetadata &metadata = m_document.project().metadata();
    if (key == u"name") {
        return metadata.name;
    }
    if (key == u"version") {
        return metadata.version.value_or(QString());
    }
    if (key == u"description") {
        return metadata.description.value_or(QString());
    }
    if (key == u"readme") {
        return metadata.readme.kind == Project::Readme::Kind::File ? metadata.readme.file : QString();
    }
    if (key == u"requires-python") {
        return metadata.requiresPython.value_or(QString());
    }
    if (key == u"license") {
        switch (metadata.license.kind) {
        case Project::License::Kind::Expression:
            return metadata.license.expression;
        case Project::License::Kind::LegacyFile:
            return metadata.license.file;
        case Project::License::Kind::LegacyText:
            return metadata.license.text;
        case Project::License::Kind::None:
            return {};
        }
    }
    if (key == u"keywords") {
        return metadata.keywords.join(QStringLiteral(", "));
    }
    return {};
}

QString MetadataPage::editKey(const QString &key) const
{
    if (key == u"license" && m_document.isOpen()) {
        // The legacy table form is edited in place: license = {file = "..."} or {text = "..."}.
        switch (m_document.project().metadata().license.kind) {
        case Project::License::Kind::LegacyFile:
            return QStringLiteral("license.file");
        case Project::License::Kind::LegacyText:
            return QStringLiteral("license.text");
        default:
            break;
        }
    }
    return key;
}

QString MetadataPage::readOnlyReason(const QString &key) const
{
    const Project::PyProject &project = m_document.project();
    if (project.isReadOnly()) {
        return project.readOnlyReason();
    }
    const Project::ProjectMetadata &metadata = project.metadata();
    if (metadata.isDynamic(key)) {
        return tr("Dynamic: the build backend sets it at build time (listed in dynamic).");
    }
    if (key == u"readme" && metadata.readme.kind == Project::Readme::Kind::Text) {
        return tr("The readme is inline text in pyproject.toml; edit it there.");
    }
    return {};
}

void MetadataPage::refresh()
{
    const bool open = m_document.isOpen();
    m_pageMessage->setText(open ? QString() : m_document.errorString());
    m_pageMessage->setVisible(!m_pageMessage->text().isEmpty());
    if (!open) {
        m_externalBar->hide();
    }
    for (Field &field : m_fields) {
        field.editor->setEnabled(open);
        if (!open) {
            field.editor->clear();
            field.message->hide();
            continue;
        }
        const QString reason = readOnlyReason(field.key);
        field.editor->setReadOnly(!reason.isEmpty());
        field.editor->setToolTip(reason);
        const QString value = currentValue(field.key);
        // A refused value, or one being typed, stays in the field so that it can be corrected.
        if (field.refusal.isEmpty() && !field.typing && field.editor->text() != value) {
            field.editor->setText(value);
            field.live.clear();
        }
        QStringList messages;
        if (!reason.isEmpty()) {
            messages.append(reason.toHtmlEscaped());
        }
        if (field.key == u"license") {
            const Project::License &license = m_document.project().metadata().license;
            if (license.kind == Project::License::Kind::LegacyFile || license.kind == Project::License::Kind::LegacyText) {
                messages.append(tr("Legacy license table (the %1 of license = {…}). PEP 639 replaces it with an SPDX "
                                   "expression: clear the field, then type one.")
                                    .arg(license.kind == Project::License::Kind::LegacyFile ? tr("file") : tr("text"))
                                    .toHtmlEscaped());
            }
        }
        if (!field.live.isEmpty()) {
            messages.append(field.live.toHtmlEscaped());
        }
        if (!field.refusal.isEmpty()) {
            messages.append(QStringLiteral("<b>%1</b>").arg(field.refusal.toHtmlEscaped()));
        }
        for (const Project::Finding &finding : m_document.project().findings()) {
            if (isAbout(finding.key, field.key)) {
                const QString text = finding.hint.isEmpty() ? finding.message
                                                            : QStringLiteral("%1 (%2)").arg(finding.message, finding.hint);
                messages.append(QStringLiteral("%1: %2").arg(Project::severityName(finding.severity), text).toHtmlEscaped());
            }
        }
        field.message->setText(messages.join(QStringLiteral("<br>")));
        field.message->setVisible(!messages.isEmpty());
    }
    const bool versionEditable = open && readOnlyReason(QStringLiteral("version")).isEmpty()
                                 && m_document.project().metadata().version.has_value();
    for (QPushButton *button : std::as_const(m_bumpButtons)) {
        button->setEnabled(versionEditable);
    }
    m_undo->setEnabled(m_document.canUndo());
    m_redo->setEnabled(m_document.canRedo());
    m_save->setEnabled(m_document.isModified());
    refreshGroups();
    refreshTables();
}

void MetadataPage::refreshGroups()
{
    QStringList extras;
    if (m_document.isOpen()) {
        for (const auto &[extra, requirements] : m_document.project().metadata().optionalDependencies) {
            extras.append(extra);
        }
    }
    QStringList shown;
    for (int i = 0; i < m_groupBox->count(); ++i) {
        shown.append(m_groupBox->itemText(i));
    }
    if (shown != extras) {
        const QString current = m_groupBox->currentText();
        {
            const QSignalBlocker blocker(m_groupBox);
            m_groupBox->clear();
            m_groupBox->addItems(extras);
            m_groupBox->setCurrentIndex(extras.contains(current) ? int(extras.indexOf(current)) : extras.isEmpty() ? -1 : 0);
        }
        const QString now = m_groupBox->currentText();
        if (now != m_optional->extra() || !m_optional->isOptionalGroup()) {
            m_optional->setExtra(now);
        }
    }
    const QString reason = m_optional->readOnlyReason();
    const bool editable = m_document.isOpen() && !m_document.project().isReadOnly()
                          && !m_document.project().metadata().isDynamic(QStringLiteral("optional-dependencies"));
    m_groupBox->setEnabled(!extras.isEmpty());
    m_removeGroup->setEnabled(editable && !extras.isEmpty());
    m_newGroup->setEnabled(editable);
    m_addGroup->setEnabled(editable);
    Q_UNUSED(reason)
}

void MetadataPage::refreshTables()
{
    for (Table &table : m_tables) {
        const QString reason = table.readOnlyReason ? table.readOnlyReason() : QString();
        const bool editable = reason.isEmpty();
        if (table.add != nullptr) {
            table.add->setEnabled(editable);
            table.remove->setEnabled(editable && table.view->selectionModel()->hasSelection());
        }
        QStringList lines;
        if (!reason.isEmpty() && m_document.isOpen()) {
            lines.append(reason);
        }
        if (table.findings) {
            const QString findings = table.findings();
            if (!findings.isEmpty()) {
                lines.append(findings);
            }
        }
        table.note->setText(lines.join(u'\n'));
        table.note->setVisible(!lines.isEmpty());
    }
}

void MetadataPage::commit(Field &field)
{
    field.typing = false;
    if (!m_document.isOpen() || field.editor->isReadOnly()) {
        return;
    }
    const QString value = field.editor->text().trimmed();
    if (value == currentValue(field.key) && field.refusal.isEmpty()) {
        return;
    }
    const QString key = editKey(field.key);
    ProjectDocument::Edit edit;
    if (field.key == u"keywords") {
        QStringList keywords;
        for (const QString &keyword : value.split(u',', Qt::SkipEmptyParts)) {
            keywords.append(keyword.trimmed());
        }
        edit = [key, keywords](const Project::PyProject &project) {
            return keywords.isEmpty() ? project.unset(key) : project.setList(key, keywords);
        };
    } else if (value.isEmpty()) {
        // Clearing a legacy license removes the whole table, so that an expression can follow.
        const QString removed = key.startsWith(QStringLiteral("license.")) ? QStringLiteral("license") : key;
        edit = [removed](const Project::PyProject &project) { return project.unset(removed); };
    } else {
        edit = [key, value](const Project::PyProject &project) { return project.set(key, value); };
    }
    // Try it first, so that a refusal stays beside this field rather than in the page.
    const ProjectDocument::EditResult tried = edit(m_document.project());
    if (!tried) {
        field.refusal = tried.error().message;
        refresh();
        return;
    }
    field.refusal.clear();
    field.live.clear();
    if (!m_document.edit(edit)) {
        field.refusal = m_document.errorString();
    }
    refresh();
}
