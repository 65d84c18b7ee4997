// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/savediffdialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/projectdocument.h"

SaveDiffDialog::SaveDiffDialog(ProjectDocument &document, QWidget *parent)
    : QDialog(parent)
    , m_document(document)
{
    setObjectName(QStringLiteral("saveDiffDialog"));
    setWindowTitle(tr("Save pyproject.toml"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowModality(Qt::WindowModal);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("These changes will be written to %1:")
                                     .arg(document.isOpen() ? document.project().filePath() : QString()),
                                 this));
    auto *diff = new QPlainTextEdit(this);
    diff->setObjectName(QStringLiteral("diffView"));
    diff->setReadOnly(true);
    diff->setLineWrapMode(QPlainTextEdit::NoWrap);
    diff->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    diff->setPlainText(document.isOpen() ? QString::fromUtf8(document.project().diff()) : QString());
    layout->addWidget(diff, 1);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("saveError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("confirmSaveButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &SaveDiffDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SaveDiffDialog::reject);
    layout->addWidget(buttons);
    resize(720, 480);
}

SaveDiffDialog *SaveDiffDialog::showFor(ProjectDocument &document, QWidget *parent)
{
    if (!document.isModified()) {
        return nullptr;
    }
    auto *dialog = new SaveDiffDialog(document, parent);
    dialog->open();
    return dialog;
}

void SaveDiffDialog::accept()
{
    if (m_document.save()) {
        QDialog::accept();
        return;
    }
    m_error->setText(tr("Not saved: %1").arg(m_document.errorString()));
    m_error->show();
}
