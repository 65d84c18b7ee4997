// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/metadatapage.h"

#include <QAction>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "core/project/versionbump.h"
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
    m_pageMessage = new QLabel(this);
    m_pageMessage->setObjectName(QStringLiteral("metadataMessage"));
    m_pageMessage->setWordWrap(true);
    m_pageMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    outer->addWidget(m_pageMessage);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget(scroll);
    auto *form = new QFormLayout(content);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
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
        connect(button, &QPushButton::clicked, this, [this, part] {
            m_document.apply(m_document.project().bumpVersion(part));
        });
        bumps->addWidget(button);
        m_bumpButtons.append(button);
    }
    bumps->addStretch();
    form->addRow(tr("Bump:"), bumps);
    addField(form, QStringLiteral("description"), tr("&Summary"), tr("One line that says what the package does"));
    addField(form, QStringLiteral("readme"), tr("&Readme"), tr("README.md"));
    addField(form, QStringLiteral("requires-python"), tr("Requires &Python"), tr(">=3.9"));
    addField(form, QStringLiteral("license"), tr("&License"), tr("SPDX expression, e.g. MIT or Apache-2.0 OR MIT"));
    addField(form, QStringLiteral("keywords"), tr("&Keywords"), tr("comma-separated: packaging, release"));
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
    connect(&m_document, &ProjectDocument::changed, this, &MetadataPage::refresh);
    refresh();
}

void MetadataPage::addField(QFormLayout *form, const QString &key, const QString &label, const QString &placeholder)
{
    auto *box = new QWidget(form->parentWidget());
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
    auto *labelWidget = new QLabel(label, form->parentWidget());
    labelWidget->setBuddy(editor);
    form->addRow(labelWidget, box);
    m_fields.append(Field{key, editor, message, {}});
    const qsizetype index = m_fields.size() - 1;
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
        return metadata.license.kind == Project::License::Kind::Expression ? metadata.license.expression : QString();
    }
    if (key == u"keywords") {
        return metadata.keywords.join(QStringLiteral(", "));
    }
    return {};
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
    if (key == u"license" && (metadata.license.kind == Project::License::Kind::LegacyFile
                              || metadata.license.kind == Project::License::Kind::LegacyText)) {
        return tr("The license is the legacy table form; replace it with an SPDX expression in pyproject.toml.");
    }
    return {};
}

void MetadataPage::refresh()
{
    const bool open = m_document.isOpen();
    m_pageMessage->setText(open ? QString() : m_document.errorString());
    m_pageMessage->setVisible(!m_pageMessage->text().isEmpty());
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
        // A refused value stays in the field, so that it can be corrected.
        if (field.refusal.isEmpty() && field.editor->text() != value) {
            field.editor->setText(value);
        }
        QStringList messages;
        if (!reason.isEmpty()) {
            messages.append(reason.toHtmlEscaped());
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
}

void MetadataPage::commit(Field &field)
{
    if (!m_document.isOpen() || field.editor->isReadOnly()) {
        return;
    }
    const QString value = field.editor->text().trimmed();
    if (value == currentValue(field.key) && field.refusal.isEmpty()) {
        return;
    }
    const Project::PyProject &project = m_document.project();
    ProjectDocument::EditResult result;
    if (field.key == u"keywords") {
        QStringList keywords;
        for (const QString &keyword : value.split(u',', Qt::SkipEmptyParts)) {
            keywords.append(keyword.trimmed());
        }
        result = keywords.isEmpty() ? project.unset(field.key) : project.setList(field.key, keywords);
    } else if (value.isEmpty()) {
        result = project.unset(field.key);
    } else {
        result = project.set(field.key, value);
    }
    if (!result) {
        field.refusal = result.error().message;
        refresh();
        return;
    }
    field.refusal.clear();
    if (!m_document.apply(result)) {
        field.refusal = m_document.errorString();
    }
    refresh();
}
