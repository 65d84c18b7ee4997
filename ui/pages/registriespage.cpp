// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/registriespage.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QScrollArea>
#include <QShowEvent>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "core/registry/credentials.h"
#include "core/registry/credentialstore.h"
#include "core/registry/presets.h"
#include "core/registry/pypirc.h"
#include "core/registry/token.h"
#include "core/registry/verifier.h"
#include "ui/jobs/jobtracker.h"
#include "ui/models/registrylistmodel.h"

namespace {

const QList<Registry::Kind> allKinds = {
    Registry::Kind::PyPI,         Registry::Kind::TestPyPI, Registry::Kind::GitLab, Registry::Kind::CodeArtifact,
    Registry::Kind::Nexus,        Registry::Kind::Artifactory, Registry::Kind::Custom,
};

QStringList presetKeys(Registry::Kind kind)
{
    switch (kind) {
    case Registry::Kind::GitLab:
        return {QStringLiteral("host"), QStringLiteral("project-id"), QStringLiteral("group-id")};
    case Registry::Kind::CodeArtifact:
        return {QStringLiteral("domain"), QStringLiteral("owner"), QStringLiteral("region"),
                QStringLiteral("repository")};
    case Registry::Kind::Nexus:
    case Registry::Kind::Artifactory:
        return {QStringLiteral("base-url"), QStringLiteral("repository")};
    default:
        return {};
    }
}

bool isPypiKind(Registry::Kind kind)
{
    return kind == Registry::Kind::PyPI || kind == Registry::Kind::TestPyPI;
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

// The token in words: what it is, what it may do, when it expires, and the warnings.
QString tokenReportHtml(const Registry::TokenReport &report)
{
    QString html = QStringLiteral("<b>%1</b> <span style='color:gray'>%2</span>")
                       .arg(escaped(report.title), escaped(report.fingerprint));
    if (!report.facts.isEmpty()) {
        html += QStringLiteral("<ul style='margin-top:2px; margin-bottom:2px'>");
        for (const QString &fact : report.facts) {
            html += QStringLiteral("<li>%1</li>").arg(escaped(fact));
        }
        html += QStringLiteral("</ul>");
    }
    for (const QString &warning : report.warnings) {
        html += QStringLiteral("<p style='color:#c0392b'>⚠ %1</p>").arg(escaped(warning));
    }
    return html;
}

// What PyPI and TestPyPI would refuse before a byte is sent; the CLI applies the same rules.
std::expected<QStringList, QString> checkSecretFor(const Registry::Registry &registry, const QString &secret)
{
    if (auto valid = Registry::validateSecret(secret); !valid) {
        return std::unexpected(valid.error().message);
    }
    if (!isPypiKind(registry.kind)) {
        return QStringList();
    }
    const QString index = registry.kind == Registry::Kind::PyPI ? QStringLiteral("PyPI") : QStringLiteral("TestPyPI");
    if (!secret.startsWith(QStringLiteral("pypi-"))) {
        return std::unexpected(RegistriesPage::tr("%1 accepts only API tokens, which start with \"pypi-\"; passwords "
                                                  "no longer work. Create a token in your account settings on %1.")
                                   .arg(index));
    }
    const auto report = Registry::inspectToken(secret, QDateTime::currentDateTimeUtc());
    if (!report) {
        return std::unexpected(report.error().message);
    }
    const QString wanted = registry.kind == Registry::Kind::PyPI ? QStringLiteral("pypi.org")
                                                                 : QStringLiteral("test.pypi.org");
    if ((report->location == u"pypi.org" || report->location == u"test.pypi.org") && report->location != wanted) {
        return std::unexpected(RegistriesPage::tr("This token was issued by %1, but %2 uploads to %3: it would be "
                                                  "refused. Use a token from %3.")
                                   .arg(report->location, registry.name, wanted));
    }
    if (report->expires && *report->expires <= QDateTime::currentDateTimeUtc()) {
        return std::unexpected(RegistriesPage::tr("This token has expired; create a new one."));
    }
    return report->warnings;
}

QLabel *valueLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

} // namespace

RegistriesPage::RegistriesPage(JobTracker &jobs, const QString &storePath, const QString &keychainService,
                               QWidget *parent)
    : QWidget(parent)
    , m_jobs(jobs)
    , m_store(storePath)
{
    setObjectName(QStringLiteral("registriesPage"));
    m_credentials = new Registry::CredentialStore(this, keychainService);
    m_credentials->setTimeout(
        Registry::CredentialStore::timeoutFromEnvironment(QProcessEnvironment::systemEnvironment()));
    m_network = new QNetworkAccessManager(this);
    m_verifier = new Registry::CredentialVerifier(m_network, this);
    m_model = new RegistryListModel(this);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *heading = new QLabel(tr("<h2>Registries &amp; Tokens</h2>"), left);
    leftLayout->addWidget(heading);
    m_list = new QTableView(left);
    m_list->setObjectName(QStringLiteral("registryTable"));
    m_list->setModel(m_model);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setAlternatingRowColors(true);
    m_list->verticalHeader()->hide();
    m_list->setWordWrap(false);
    m_list->horizontalHeader()->setSectionResizeMode(RegistryListModel::NameColumn, QHeaderView::ResizeToContents);
    m_list->horizontalHeader()->setSectionResizeMode(RegistryListModel::KindColumn, QHeaderView::ResizeToContents);
    m_list->horizontalHeader()->setSectionResizeMode(RegistryListModel::RoleColumn, QHeaderView::ResizeToContents);
    m_list->horizontalHeader()->setSectionResizeMode(RegistryListModel::UrlColumn, QHeaderView::Stretch);
    m_list->horizontalHeader()->setSectionResizeMode(RegistryListModel::CredentialColumn,
                                                     QHeaderView::ResizeToContents);
    leftLayout->addWidget(m_list, 1);
    auto *buttons = new QHBoxLayout;
    m_addButton = new QPushButton(tr("&Add…"), left);
    m_addButton->setObjectName(QStringLiteral("addRegistryButton"));
    m_editButton = new QPushButton(tr("&Edit…"), left);
    m_editButton->setObjectName(QStringLiteral("editRegistryButton"));
    m_removeButton = new QPushButton(tr("Remo&ve"), left);
    m_removeButton->setObjectName(QStringLiteral("removeRegistryButton"));
    m_importButton = new QPushButton(tr("&Import .pypirc…"), left);
    m_importButton->setObjectName(QStringLiteral("importPypircButton"));
    m_importButton->setToolTip(tr("Add the registries of a .pypirc, as twine reads it, and move its passwords into "
                                  "the keychain"));
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_editButton);
    buttons->addWidget(m_removeButton);
    buttons->addStretch();
    buttons->addWidget(m_importButton);
    leftLayout->addLayout(buttons);
    m_pageMessage = new QLabel(left);
    m_pageMessage->setObjectName(QStringLiteral("pageMessage"));
    m_pageMessage->setWordWrap(true);
    m_pageMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pageMessage->hide();
    leftLayout->addWidget(m_pageMessage);
    m_scrubButton = new QPushButton(tr("Remove the imported passwords from the file (keeps a backup)"), left);
    m_scrubButton->setObjectName(QStringLiteral("scrubPypircButton"));
    m_scrubButton->hide();
    leftLayout->addWidget(m_scrubButton, 0, Qt::AlignLeft);

    m_stack = new QStackedWidget(this);
    m_emptyState = new QWidget(m_stack);
    m_emptyState->setObjectName(QStringLiteral("registriesEmptyState"));
    auto *emptyLayout = new QVBoxLayout(m_emptyState);
    emptyLayout->addStretch();
    auto *emptyText = new QLabel(tr("<p><b>No registry selected.</b></p><p>Add the indexes you publish to: PyPI and "
                                    "TestPyPI, GitLab, CodeArtifact, Nexus, Artifactory or any PyPI-compatible "
                                    "index. Give one the <i>test</i> role and one the <i>production</i> role for "
                                    "the release workflow. Secrets go to the system keychain, never to a file.</p>"),
                                 m_emptyState);
    emptyText->setObjectName(QStringLiteral("emptyStateText"));
    emptyText->setWordWrap(true);
    emptyText->setAlignment(Qt::AlignCenter);
    emptyLayout->addWidget(emptyText);
    emptyLayout->addStretch();
    m_stack->addWidget(m_emptyState);
    buildDetails(m_stack);
    buildEditor(m_stack);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("registriesSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(m_stack);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RegistriesPage::showSelected);
    connect(m_addButton, &QPushButton::clicked, this, &RegistriesPage::startAdd);
    connect(m_editButton, &QPushButton::clicked, this, &RegistriesPage::startEdit);
    connect(m_list, &QTableView::doubleClicked, this, &RegistriesPage::startEdit);
    connect(m_removeButton, &QPushButton::clicked, this, &RegistriesPage::removeRegistry);
    connect(m_importButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import .pypirc"), Registry::defaultPypircPath(),
                                                          tr("pypirc files (.pypirc *.pypirc *.ini);;All files (*)"));
        if (!path.isEmpty()) {
            importPypirc(path);
        }
    });
    connect(m_scrubButton, &QPushButton::clicked, this, [this] {
        const auto backup = Registry::scrubPypircFile(m_scrubPath, m_scrubLines);
        m_scrubButton->hide();
        if (!backup) {
            setMessage(m_pageMessage, backup.error().message, true);
            return;
        }
        setMessage(m_pageMessage,
                   tr("Removed the passwords from %1. The original, passwords included, is in %2 (readable only by "
                      "you): delete it once you no longer need it.")
                       .arg(QDir::toNativeSeparators(m_scrubPath), QDir::toNativeSeparators(*backup)),
                   false);
    });
    reload();
}

RegistriesPage::~RegistriesPage() = default;

void RegistriesPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_shown) {
        m_shown = true;
        reload();
    }
}

void RegistriesPage::buildDetails(QWidget *parent)
{
    m_details = new QWidget(parent);
    m_details->setObjectName(QStringLiteral("registryDetails"));
    auto *layout = new QVBoxLayout(m_details);
    m_titleLabel = new QLabel(m_details);
    m_titleLabel->setObjectName(QStringLiteral("registryTitle"));
    layout->addWidget(m_titleLabel);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_kindValue = valueLabel(m_details);
    m_roleValue = valueLabel(m_details);
    m_uploadValue = valueLabel(m_details);
    m_uploadValue->setObjectName(QStringLiteral("uploadUrlValue"));
    m_simpleValue = valueLabel(m_details);
    m_webValue = valueLabel(m_details);
    m_usernameValue = valueLabel(m_details);
    m_tlsValue = valueLabel(m_details);
    form->addRow(tr("Kind:"), m_kindValue);
    form->addRow(tr("Role:"), m_roleValue);
    form->addRow(tr("Upload URL:"), m_uploadValue);
    form->addRow(tr("Simple index:"), m_simpleValue);
    form->addRow(tr("Project pages:"), m_webValue);
    form->addRow(tr("Username:"), m_usernameValue);
    form->addRow(tr("TLS:"), m_tlsValue);
    layout->addLayout(form);

    auto *credentialBox = new QGroupBox(tr("Credential"), m_details);
    auto *credentialLayout = new QVBoxLayout(credentialBox);
    m_credentialStatus = new QLabel(credentialBox);
    m_credentialStatus->setObjectName(QStringLiteral("credentialStatus"));
    m_credentialStatus->setWordWrap(true);
    credentialLayout->addWidget(m_credentialStatus);
    auto *secretRow = new QHBoxLayout;
    m_secretEdit = new QLineEdit(credentialBox);
    m_secretEdit->setObjectName(QStringLiteral("secretEdit"));
    m_secretEdit->setEchoMode(QLineEdit::Password);
    m_secretEdit->setPlaceholderText(tr("Paste a new token or password"));
    m_secretEdit->setClearButtonEnabled(true);
    // Keep the secret out of the clipboard: no copy, no drag from the masked field.
    m_secretEdit->setContextMenuPolicy(Qt::NoContextMenu);
    m_secretEdit->setDragEnabled(false);
    m_saveSecretButton = new QPushButton(tr("&Save to Keychain"), credentialBox);
    m_saveSecretButton->setObjectName(QStringLiteral("saveSecretButton"));
    secretRow->addWidget(m_secretEdit, 1);
    secretRow->addWidget(m_saveSecretButton);
    credentialLayout->addLayout(secretRow);
    auto *actionRow = new QHBoxLayout;
    m_verifyButton = new QPushButton(tr("&Verify"), credentialBox);
    m_verifyButton->setObjectName(QStringLiteral("verifySecretButton"));
    m_verifyButton->setToolTip(tr("Ask the registry whether it accepts the stored credential, without uploading "
                                  "anything"));
    m_removeSecretButton = new QPushButton(tr("Remove from Keychain"), credentialBox);
    m_removeSecretButton->setObjectName(QStringLiteral("removeSecretButton"));
    actionRow->addWidget(m_verifyButton);
    actionRow->addWidget(m_removeSecretButton);
    actionRow->addStretch();
    credentialLayout->addLayout(actionRow);
    m_credentialMessage = new QLabel(credentialBox);
    m_credentialMessage->setObjectName(QStringLiteral("credentialMessage"));
    m_credentialMessage->setWordWrap(true);
    m_credentialMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_credentialMessage->hide();
    credentialLayout->addWidget(m_credentialMessage);
    m_tokenReport = new QLabel(credentialBox);
    m_tokenReport->setObjectName(QStringLiteral("tokenReport"));
    m_tokenReport->setWordWrap(true);
    m_tokenReport->setTextFormat(Qt::RichText);
    m_tokenReport->setTextInteractionFlags(Qt::TextSelectableByMouse);
    credentialLayout->addWidget(m_tokenReport);
    layout->addWidget(credentialBox);
    layout->addStretch();
    m_stack->addWidget(m_details);

    connect(m_secretEdit, &QLineEdit::textChanged, this, &RegistriesPage::inspectTypedSecret);
    connect(m_secretEdit, &QLineEdit::returnPressed, this, &RegistriesPage::saveCredential);
    connect(m_saveSecretButton, &QPushButton::clicked, this, &RegistriesPage::saveCredential);
    connect(m_verifyButton, &QPushButton::clicked, this, &RegistriesPage::verifyCredential);
    connect(m_removeSecretButton, &QPushButton::clicked, this, &RegistriesPage::removeCredential);
}

void RegistriesPage::buildEditor(QWidget *parent)
{
    m_editor = new QWidget(parent);
    m_editor->setObjectName(QStringLiteral("registryEditor"));
    auto *layout = new QVBoxLayout(m_editor);
    m_editorTitle = new QLabel(m_editor);
    layout->addWidget(m_editorTitle);
    m_editorForm = new QFormLayout;
    m_editorForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_presetCombo = new QComboBox(m_editor);
    m_presetCombo->setObjectName(QStringLiteral("presetCombo"));
    for (Registry::Kind kind : allKinds) {
        m_presetCombo->addItem(RegistryListModel::kindText(kind), Registry::kindName(kind));
    }
    m_nameEdit = new QLineEdit(m_editor);
    m_nameEdit->setObjectName(QStringLiteral("nameEdit"));
    m_nameEdit->setPlaceholderText(tr("a short handle, e.g. pypi or company"));
    m_editorForm->addRow(tr("&Preset:"), m_presetCombo);
    m_editorForm->addRow(tr("&Name:"), m_nameEdit);
    const QList<std::pair<QString, QString>> presetLabels = {
        {QStringLiteral("host"), tr("GitLab host:")},
        {QStringLiteral("project-id"), tr("Project ID or path:")},
        {QStringLiteral("group-id"), tr("Group ID (optional):")},
        {QStringLiteral("domain"), tr("Domain:")},
        {QStringLiteral("owner"), tr("Domain owner (AWS account):")},
        {QStringLiteral("region"), tr("Region:")},
        {QStringLiteral("base-url"), tr("Server URL:")},
        {QStringLiteral("repository"), tr("Repository:")},
    };
    for (const auto &[key, label] : presetLabels) {
        auto *edit = new QLineEdit(m_editor);
        edit->setObjectName(key + QStringLiteral("Edit"));
        if (key == u"host") {
            edit->setPlaceholderText(QStringLiteral("gitlab.com"));
        } else if (key == u"base-url") {
            edit->setPlaceholderText(QStringLiteral("https://nexus.example.com"));
        } else if (key == u"region") {
            edit->setPlaceholderText(QStringLiteral("eu-west-1"));
        }
        m_editorForm->addRow(label, edit);
        m_presetFields.append({key, edit});
    }
    m_uploadEdit = new QLineEdit(m_editor);
    m_uploadEdit->setObjectName(QStringLiteral("uploadUrlEdit"));
    m_uploadEdit->setPlaceholderText(QStringLiteral("https://upload.example.com/legacy/"));
    m_simpleEdit = new QLineEdit(m_editor);
    m_simpleEdit->setObjectName(QStringLiteral("simpleUrlEdit"));
    m_simpleEdit->setPlaceholderText(tr("optional: https://example.com/simple/"));
    m_webEdit = new QLineEdit(m_editor);
    m_webEdit->setObjectName(QStringLiteral("webUrlEdit"));
    m_webEdit->setPlaceholderText(tr("optional"));
    m_editorForm->addRow(tr("&Upload URL:"), m_uploadEdit);
    m_editorForm->addRow(tr("Simple index URL:"), m_simpleEdit);
    m_editorForm->addRow(tr("Project pages URL:"), m_webEdit);
    m_usernameEdit = new QLineEdit(m_editor);
    m_usernameEdit->setObjectName(QStringLiteral("usernameEdit"));
    m_roleCombo = new QComboBox(m_editor);
    m_roleCombo->setObjectName(QStringLiteral("roleCombo"));
    m_roleCombo->addItem(tr("None"), QVariant::fromValue(int(Registry::Role::None)));
    m_roleCombo->addItem(tr("Test: rehearse releases here"), QVariant::fromValue(int(Registry::Role::Test)));
    m_roleCombo->addItem(tr("Production: publish releases here"),
                         QVariant::fromValue(int(Registry::Role::Production)));
    m_caBundleEdit = new QLineEdit(m_editor);
    m_caBundleEdit->setObjectName(QStringLiteral("caBundleEdit"));
    m_caBundleEdit->setPlaceholderText(tr("optional: PEM file of trusted CAs"));
    m_clientCertEdit = new QLineEdit(m_editor);
    m_clientCertEdit->setObjectName(QStringLiteral("clientCertEdit"));
    m_clientCertEdit->setPlaceholderText(tr("optional: PEM file with client certificate and key"));
    m_editorForm->addRow(tr("User&name:"), m_usernameEdit);
    m_editorForm->addRow(tr("&Role:"), m_roleCombo);
    m_editorForm->addRow(tr("CA bundle:"), m_caBundleEdit);
    m_editorForm->addRow(tr("Client certificate:"), m_clientCertEdit);
    layout->addLayout(m_editorForm);
    m_editorMessage = new QLabel(m_editor);
    m_editorMessage->setObjectName(QStringLiteral("editorMessage"));
    m_editorMessage->setWordWrap(true);
    m_editorMessage->hide();
    layout->addWidget(m_editorMessage);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    m_editorCancelButton = new QPushButton(tr("Cancel"), m_editor);
    m_editorCancelButton->setObjectName(QStringLiteral("editorCancelButton"));
    m_editorSaveButton = new QPushButton(tr("Save Registry"), m_editor);
    m_editorSaveButton->setObjectName(QStringLiteral("editorSaveButton"));
    m_editorSaveButton->setDefault(true);
    buttons->addWidget(m_editorCancelButton);
    buttons->addWidget(m_editorSaveButton);
    layout->addLayout(buttons);
    layout->addStretch();
    m_stack->addWidget(m_editor);

    connect(m_presetCombo, &QComboBox::currentIndexChanged, this, [this] {
        const Registry::Kind kind = editorKind();
        m_usernameEdit->setText(Registry::defaultUsername(kind));
        const Registry::Role role = kind == Registry::Kind::PyPI       ? Registry::Role::Production
                                    : kind == Registry::Kind::TestPyPI ? Registry::Role::Test
                                                                       : Registry::Role::None;
        m_roleCombo->setCurrentIndex(m_roleCombo->findData(QVariant::fromValue(int(role))));
        // PyPI and TestPyPI suggest their own name; another preset takes a suggested name back.
        const bool suggested = m_nameEdit->text().isEmpty() || m_nameEdit->text() == u"pypi"
                               || m_nameEdit->text() == u"testpypi";
        if (m_editing.isEmpty() && suggested) {
            m_nameEdit->setText(isPypiKind(kind) ? Registry::kindName(kind) : QString());
        }
        updateEditorFields();
    });
    connect(m_editorSaveButton, &QPushButton::clicked, this, &RegistriesPage::saveEditor);
    connect(m_editorCancelButton, &QPushButton::clicked, this, [this] {
        m_editing.clear();
        showSelected();
    });
}

void RegistriesPage::setMessage(QLabel *label, const QString &text, bool error)
{
    label->setText(text);
    label->setStyleSheet(error ? QStringLiteral("QLabel { color: #c0392b; }") : QString());
    label->setVisible(!text.isEmpty());
}

void RegistriesPage::reload()
{
    const QString selected = currentRegistry() ? currentRegistry()->name : QString();
    if (auto loaded = m_store.load(); !loaded) {
        m_storeBroken = true;
        setMessage(m_pageMessage,
                   tr("%1 Slipway will not change the file until it loads; fix it in an editor.")
                       .arg(loaded.error().message),
                   true);
    } else {
        m_storeBroken = false;
    }
    m_model->setRegistries(m_store.registries());
    m_addButton->setEnabled(!m_storeBroken);
    m_importButton->setEnabled(!m_storeBroken);
    if (m_shown) {
        for (const Registry::Registry &registry : m_store.registries()) {
            refreshCredential(registry);
        }
    }
    if (!selected.isEmpty() && m_model->rowOf(selected) >= 0) {
        selectRegistry(selected);
    } else {
        showSelected();
    }
}

std::optional<Registry::Registry> RegistriesPage::currentRegistry() const
{
    const int row = m_list->currentIndex().row();
    if (row < 0 || row >= m_model->registries().size()) {
        return std::nullopt;
    }
    return m_model->registries().at(row);
}

void RegistriesPage::selectRegistry(const QString &name)
{
    const int row = m_model->rowOf(name);
    if (row >= 0) {
        m_list->selectRow(row);
        m_list->setCurrentIndex(m_model->index(row, 0));
    }
    showSelected();
}

void RegistriesPage::showSelected()
{
    const auto registry = currentRegistry();
    m_editButton->setEnabled(registry.has_value() && !m_storeBroken);
    m_removeButton->setEnabled(registry.has_value() && !m_storeBroken);
    if (m_stack->currentWidget() == m_editor && !m_editing.isEmpty()) {
        return; // an edit in progress stays until saved or cancelled
    }
    if (!registry) {
        m_stack->setCurrentWidget(m_emptyState);
        return;
    }
    m_stack->setCurrentWidget(m_details);
    m_titleLabel->setText(QStringLiteral("<h3>%1</h3>").arg(escaped(registry->name)));
    m_kindValue->setText(RegistryListModel::kindText(registry->kind));
    m_roleValue->setText(registry->role == Registry::Role::Test ? tr("Test: releases are rehearsed here")
                         : registry->role == Registry::Role::Production ? tr("Production: releases are published here")
                                                                        : tr("None"));
    m_uploadValue->setText(Registry::urlText(registry->uploadUrl));
    m_simpleValue->setText(registry->simpleUrl.isEmpty() ? tr("not set (uploads cannot be verified)")
                                                         : Registry::urlText(registry->simpleUrl));
    m_webValue->setText(registry->webUrl.isEmpty() ? tr("not set") : Registry::urlText(registry->webUrl));
    m_usernameValue->setText(registry->username.isEmpty() ? tr("(none)") : registry->username);
    QStringList tls;
    if (!registry->caBundlePath.isEmpty()) {
        tls << tr("CAs from %1").arg(QDir::toNativeSeparators(registry->caBundlePath));
    }
    if (!registry->clientCertPath.isEmpty()) {
        tls << tr("client certificate %1").arg(QDir::toNativeSeparators(registry->clientCertPath));
    }
    m_tlsValue->setText(tls.isEmpty() ? tr("system CAs") : tls.join(QStringLiteral("; ")));
    m_secretEdit->clear();
    setMessage(m_credentialMessage, {}, false);
    m_credentialStatus->setText(tr("Asking the keychain…"));
    m_tokenReport->clear();
    if (m_shown) {
        refreshCredential(*registry);
    }
}

// Reads the stored secret only to say whether there is one and what it is, in words; the
// secret itself is dropped at once.
void RegistriesPage::refreshCredential(const Registry::Registry &registry)
{
    m_credentials->readSecret(registry, this, [this, registry](std::expected<QString, Registry::CredentialError> read) {
        QString state;
        QString report;
        if (read) {
            state = tr("stored, %1").arg(Registry::fingerprint(*read));
            if (const auto inspected = Registry::inspectToken(*read, QDateTime::currentDateTimeUtc())) {
                report = tokenReportHtml(*inspected);
            }
        } else if (read.error().code == Registry::CredentialError::Code::NotFound) {
            state = tr("none");
        } else {
            state = tr("unavailable");
            report = QStringLiteral("<p style='color:#c0392b'>%1</p>").arg(escaped(read.error().message));
        }
        m_model->setCredentialState(registry.name, state);
        const auto current = currentRegistry();
        if (current && current->name == registry.name && m_stack->currentWidget() == m_details) {
            m_credentialStatus->setText(
                read ? tr("Stored in the keychain (%1). It is never shown again; paste a new one to replace it.")
                           .arg(Registry::fingerprint(*read))
                : read.error().code == Registry::CredentialError::Code::NotFound
                    ? tr("Nothing stored in the keychain yet: paste the token or password for %1 below.")
                          .arg(registry.name)
                    : read.error().message);
            if (m_secretEdit->text().isEmpty()) {
                m_tokenReport->setText(report);
            }
            m_verifyButton->setEnabled(bool(read));
            m_removeSecretButton->setEnabled(bool(read));
        }
        Q_EMIT credentialStateChanged(registry.name);
    });
}

void RegistriesPage::inspectTypedSecret()
{
    const QString secret = m_secretEdit->text().trimmed();
    if (secret.isEmpty()) {
        m_tokenReport->clear();
        return;
    }
    const auto report = Registry::inspectToken(secret, QDateTime::currentDateTimeUtc());
    m_tokenReport->setText(report ? tokenReportHtml(*report)
                                  : QStringLiteral("<p style='color:#c0392b'>%1</p>")
                                        .arg(escaped(report.error().message)));
}

void RegistriesPage::saveCredential()
{
    const auto registry = currentRegistry();
    const QString secret = m_secretEdit->text().trimmed();
    if (!registry || secret.isEmpty()) {
        return;
    }
    const auto checked = checkSecretFor(*registry, secret);
    if (!checked) {
        setMessage(m_credentialMessage, checked.error(), true);
        return;
    }
    m_secretEdit->clear();
    m_saveSecretButton->setEnabled(false);
    TrackedJob *job = m_jobs.begin(tr("Keychain"));
    job->setDescription(tr("storing the credential of %1").arg(registry->name));
    const QStringList warnings = *checked;
    m_credentials->writeSecret(*registry, secret, this,
                               [this, registry = *registry, job = QPointer<TrackedJob>(job),
                                warnings](std::expected<void, Registry::CredentialError> written) {
        m_saveSecretButton->setEnabled(true);
        if (!written) {
            setMessage(m_credentialMessage, written.error().message, true);
            if (job) {
                job->finish(TrackedJob::Outcome::Failed, written.error().message);
            }
        } else {
            setMessage(m_credentialMessage,
                       warnings.isEmpty() ? tr("Saved in the keychain.")
                                          : tr("Saved in the keychain. %1").arg(warnings.join(u' ')),
                       false);
            if (job) {
                job->finish(TrackedJob::Outcome::Succeeded, tr("credential of %1 stored").arg(registry.name));
            }
        }
        refreshCredential(registry);
    });
}

void RegistriesPage::verifyCredential()
{
    const auto registry = currentRegistry();
    if (!registry || m_verifyContext) {
        return;
    }
    // Cancelling deletes the context: the keychain's and the verifier's callbacks never run.
    auto *context = new QObject(this);
    m_verifyContext = context;
    m_verifyButton->setEnabled(false);
    setMessage(m_credentialMessage, tr("Asking %1…").arg(registry->uploadUrl.host()), false);
    TrackedJob *job = m_jobs.begin(tr("Verify"), [this, context = QPointer<QObject>(context)] {
        if (context) {
            context->deleteLater();
        }
        m_verifyButton->setEnabled(true);
        setMessage(m_credentialMessage, tr("Verification cancelled."), false);
    });
    job->setDescription(registry->name);
    connect(context, &QObject::destroyed, job, [job] {
        job->finish(TrackedJob::Outcome::Cancelled, {});
    });
    auto finish = [this, job = QPointer<TrackedJob>(job), context, name = registry->name](bool accepted,
                                                                                         const QString &message) {
        m_verifyButton->setEnabled(true);
        setMessage(m_credentialMessage, message, !accepted);
        if (job) {
            job->finish(accepted ? TrackedJob::Outcome::Succeeded : TrackedJob::Outcome::Failed, message);
        }
        context->deleteLater();
        Q_EMIT verifyFinished(name, accepted, message);
    };
    m_credentials->readSecret(*registry, context,
                              [this, registry = *registry, context, finish](std::expected<QString, Registry::CredentialError> read) {
        if (!read) {
            finish(false, read.error().message);
            return;
        }
        const Registry::Credential credential{registry.username, *read, Registry::Credential::Source::Keychain};
        m_verifier->verify(registry, credential, context, [finish](Registry::VerifyResult result) {
            finish(result.outcome == Registry::VerifyResult::Outcome::Accepted, result.message);
        });
    });
}

void RegistriesPage::removeCredential()
{
    const auto registry = currentRegistry();
    if (!registry) {
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove Credential"),
                                tr("Remove the credential of %1 from the keychain? Uploads to it will need a new "
                                   "token.")
                                    .arg(registry->name),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("removeCredentialQuestion"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, registry = *registry](int result) {
        if (result != QMessageBox::Yes) {
            return;
        }
        TrackedJob *job = m_jobs.begin(tr("Keychain"));
        job->setDescription(tr("removing the credential of %1").arg(registry.name));
        m_credentials->removeSecret(registry, this,
                                    [this, registry, job = QPointer<TrackedJob>(job)](std::expected<void, Registry::CredentialError> removed) {
            setMessage(m_credentialMessage, removed ? tr("Removed from the keychain.") : removed.error().message,
                       !removed);
            if (job) {
                job->finish(removed ? TrackedJob::Outcome::Succeeded : TrackedJob::Outcome::Failed,
                            removed ? QString() : removed.error().message);
            }
            refreshCredential(registry);
        });
    });
    box->open();
}

Registry::Kind RegistriesPage::editorKind() const
{
    return Registry::kindFromName(m_presetCombo->currentData().toString()).value_or(Registry::Kind::Custom);
}

void RegistriesPage::startAdd()
{
    m_editing.clear();
    m_editingKind.reset();
    m_editorTitle->setText(tr("<h3>Add a Registry</h3>"));
    m_nameEdit->clear();
    m_nameEdit->setEnabled(true);
    for (const PresetField &field : std::as_const(m_presetFields)) {
        field.edit->clear();
    }
    m_uploadEdit->clear();
    m_simpleEdit->clear();
    m_webEdit->clear();
    m_caBundleEdit->clear();
    m_clientCertEdit->clear();
    setMessage(m_editorMessage, {}, false);
    m_presetCombo->setCurrentIndex(-1);
    m_presetCombo->setCurrentIndex(0);
    m_stack->setCurrentWidget(m_editor);
    m_presetCombo->setFocus();
}

void RegistriesPage::startEdit()
{
    const auto registry = currentRegistry();
    if (!registry || m_storeBroken) {
        return;
    }
    m_editing = registry->name;
    m_editingKind = registry->kind;
    m_editorTitle->setText(tr("<h3>Edit %1</h3>").arg(escaped(registry->name)));
    {
        const QSignalBlocker blocker(m_presetCombo);
        m_presetCombo->setCurrentIndex(m_presetCombo->findData(Registry::kindName(registry->kind)));
    }
    m_nameEdit->setText(registry->name);
    m_uploadEdit->setText(Registry::urlText(registry->uploadUrl));
    m_simpleEdit->setText(registry->simpleUrl.isEmpty() ? QString() : Registry::urlText(registry->simpleUrl));
    m_webEdit->setText(registry->webUrl.isEmpty() ? QString() : Registry::urlText(registry->webUrl));
    m_usernameEdit->setText(registry->username);
    m_roleCombo->setCurrentIndex(m_roleCombo->findData(QVariant::fromValue(int(registry->role))));
    m_caBundleEdit->setText(registry->caBundlePath);
    m_clientCertEdit->setText(registry->clientCertPath);
    setMessage(m_editorMessage, {}, false);
    updateEditorFields();
    m_stack->setCurrentWidget(m_editor);
    m_nameEdit->setFocus();
}

// A preset fills the URLs from its options; Custom, and an edit that keeps its kind, show the
// URLs themselves.
void RegistriesPage::updateEditorFields()
{
    const Registry::Kind kind = editorKind();
    const bool urls = kind == Registry::Kind::Custom || (m_editingKind && *m_editingKind == kind);
    const QStringList keys = urls ? QStringList() : presetKeys(kind);
    for (const PresetField &field : std::as_const(m_presetFields)) {
        m_editorForm->setRowVisible(field.edit, keys.contains(field.key));
    }
    m_editorForm->setRowVisible(m_uploadEdit, urls);
    m_editorForm->setRowVisible(m_simpleEdit, urls);
    m_editorForm->setRowVisible(m_webEdit, urls);
}

void RegistriesPage::saveEditor()
{
    const Registry::Kind kind = editorKind();
    const QString name = m_nameEdit->text().trimmed();
    const bool urls = kind == Registry::Kind::Custom || (m_editingKind && *m_editingKind == kind);
    Registry::Registry registry;
    if (urls) {
        registry.name = name;
        registry.kind = kind;
        const auto upload = Registry::parseUrl(m_uploadEdit->text().trimmed(), tr("upload URL"));
        if (!upload) {
            setMessage(m_editorMessage, upload.error().message, true);
            return;
        }
        registry.uploadUrl = *upload;
        if (!m_simpleEdit->text().trimmed().isEmpty()) {
            const auto simple = Registry::parseUrl(m_simpleEdit->text().trimmed(), tr("simple index URL"));
            if (!simple) {
                setMessage(m_editorMessage, simple.error().message, true);
                return;
            }
            registry.simpleUrl = *simple;
        }
        if (!m_webEdit->text().trimmed().isEmpty()) {
            const auto web = Registry::parseUrl(m_webEdit->text().trimmed(), tr("project pages URL"));
            if (!web) {
                setMessage(m_editorMessage, web.error().message, true);
                return;
            }
            registry.webUrl = *web;
        }
    } else {
        Registry::PresetOptions options;
        for (const PresetField &field : std::as_const(m_presetFields)) {
            const QString value = field.edit->text().trimmed();
            if (field.key == u"host") {
                options.host = value;
            } else if (field.key == u"project-id") {
                options.projectId = value;
            } else if (field.key == u"group-id") {
                options.groupId = value;
            } else if (field.key == u"domain") {
                options.domain = value;
            } else if (field.key == u"owner") {
                options.owner = value;
            } else if (field.key == u"region") {
                options.region = value;
            } else if (field.key == u"repository") {
                options.repository = value;
            } else if (field.key == u"base-url") {
                options.baseUrl = value;
            }
        }
        const auto preset = Registry::fromPreset(kind, name, options);
        if (!preset) {
            setMessage(m_editorMessage, preset.error().message, true);
            return;
        }
        registry = *preset;
    }
    registry.username = m_usernameEdit->text().trimmed();
    registry.role = Registry::Role(m_roleCombo->currentData().toInt());
    registry.caBundlePath = m_caBundleEdit->text().trimmed();
    registry.clientCertPath = m_clientCertEdit->text().trimmed();
    if (auto valid = Registry::validate(registry); !valid) {
        setMessage(m_editorMessage, valid.error().message, true);
        return;
    }
    // Only one registry plays each role: the release workflow must never guess.
    if (registry.role != Registry::Role::None) {
        for (const Registry::Registry &other : m_store.registries()) {
            if (other.role == registry.role && other.name.compare(m_editing, Qt::CaseInsensitive) != 0
                && other.name.compare(registry.name, Qt::CaseInsensitive) != 0) {
                setMessage(m_editorMessage,
                           tr("%1 already has the %2 role. Give this registry another role, or change %1 first.")
                               .arg(other.name, RegistryListModel::roleText(registry.role).toLower()),
                           true);
                return;
            }
        }
    }
    const std::optional<Registry::Registry> before = m_editing.isEmpty() ? std::nullopt : m_store.find(m_editing);
    auto changed = m_editing.isEmpty() ? m_store.add(registry) : m_store.replace(m_editing, registry);
    if (changed) {
        changed = m_store.save();
    }
    if (!changed) {
        setMessage(m_editorMessage, changed.error().message, true);
        (void)m_store.load(); // drop the unsaved in-memory change
        return;
    }
    m_editing.clear();
    m_editingKind.reset();
    m_stack->setCurrentWidget(m_details);
    reload();
    selectRegistry(registry.name);
    setMessage(m_pageMessage, tr("Saved %1 in %2.").arg(registry.name, QDir::toNativeSeparators(m_store.path())),
               false);
    if (before && Registry::credentialKey(*before) != Registry::credentialKey(registry)) {
        moveCredential(*before, registry);
    }
    Q_EMIT registrySaved(registry.name);
}

// The keychain entry is named after the upload URL and username: when an edit changes either,
// the secret moves with the registry (and the old entry goes, unless another registry uses it).
void RegistriesPage::moveCredential(const Registry::Registry &before, const Registry::Registry &after)
{
    bool shared = false;
    for (const Registry::Registry &other : m_store.registries()) {
        shared |= Registry::credentialKey(other) == Registry::credentialKey(before);
    }
    TrackedJob *job = m_jobs.begin(tr("Keychain"));
    job->setDescription(tr("moving the credential of %1").arg(after.name));
    m_credentials->readSecret(before, this, [this, before, after, shared, job = QPointer<TrackedJob>(job)](
                                                std::expected<QString, Registry::CredentialError> read) {
        if (!read) {
            if (job) {
                job->finish(read.error().code == Registry::CredentialError::Code::NotFound
                                ? TrackedJob::Outcome::Succeeded
                                : TrackedJob::Outcome::Failed,
                            read.error().code == Registry::CredentialError::Code::NotFound ? QString()
                                                                                           : read.error().message);
            }
            refreshCredential(after);
            return;
        }
        m_credentials->writeSecret(after, *read, this, [this, before, after, shared, job](
                                                           std::expected<void, Registry::CredentialError> written) {
            if (!written) {
                setMessage(m_pageMessage,
                           tr("The credential stayed under the old URL or username: %1 Paste it again for %2.")
                               .arg(written.error().message, after.name),
                           true);
                if (job) {
                    job->finish(TrackedJob::Outcome::Failed, written.error().message);
                }
                refreshCredential(after);
                return;
            }
            auto done = [this, after, job](std::expected<void, Registry::CredentialError>) {
                if (job) {
                    job->finish(TrackedJob::Outcome::Succeeded, tr("credential of %1 moved").arg(after.name));
                }
                refreshCredential(after);
            };
            if (shared) {
                done({});
            } else {
                m_credentials->removeSecret(before, this, done);
            }
        });
    });
}

void RegistriesPage::removeRegistry()
{
    const auto registry = currentRegistry();
    if (!registry || m_storeBroken) {
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove Registry"),
                                tr("Remove %1 from the registries? Its credential stays in the keychain unless you "
                                   "remove it first.")
                                    .arg(registry->name),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("removeRegistryQuestion"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, name = registry->name](int result) {
        if (result != QMessageBox::Yes) {
            return;
        }
        auto removed = m_store.remove(name);
        if (removed) {
            removed = m_store.save();
        }
        if (!removed) {
            setMessage(m_pageMessage, removed.error().message, true);
            (void)m_store.load();
            return;
        }
        setMessage(m_pageMessage, tr("Removed %1.").arg(name), false);
        reload();
    });
    box->open();
}

void RegistriesPage::importPypirc(const QString &path)
{
    if (m_storeBroken) {
        return;
    }
    m_scrubButton->hide();
    const QString shown = QDir::toNativeSeparators(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setMessage(m_pageMessage, tr("Cannot read %1: %2").arg(shown, file.errorString()), true);
        Q_EMIT importFinished(false);
        return;
    }
    const auto contents = Registry::readPypirc(file.read(1024 * 1024 + 1));
    if (!contents) {
        setMessage(m_pageMessage, tr("%1: %2").arg(shown, contents.error().message), true);
        Q_EMIT importFinished(false);
        return;
    }
    QStringList notes = contents->notes;
    QStringList added;
    auto passwords = std::make_shared<QList<std::pair<Registry::Registry, QString>>>();
    QList<std::pair<int, int>> lines;
    for (const Registry::PypircEntry &entry : contents->entries) {
        if (const auto existing = m_store.find(entry.registry.name)) {
            if (Registry::credentialKey(*existing) != Registry::credentialKey(entry.registry)) {
                notes << tr("[%1] not imported: %2 already exists with another upload URL or username.")
                             .arg(entry.section, existing->name);
                continue;
            }
        } else if (auto addition = m_store.add(entry.registry); !addition) {
            notes << tr("[%1] not imported: %2").arg(entry.section, addition.error().message);
            continue;
        } else {
            added << entry.registry.name;
        }
        if (entry.password) {
            passwords->append({entry.registry, *entry.password});
            const std::pair<int, int> range{entry.passwordFirstLine, entry.passwordLastLine};
            if (!lines.contains(range)) {
                lines.append(range);
            }
        }
    }
    if (auto saved = m_store.save(); !saved) {
        setMessage(m_pageMessage, saved.error().message, true);
        (void)m_store.load();
        Q_EMIT importFinished(false);
        return;
    }
    QString summary = added.isEmpty() ? tr("No new registries in %1.").arg(shown)
                                      : tr("Added %1 from %2.").arg(added.join(QStringLiteral(", ")), shown);
    if (!notes.isEmpty()) {
        summary += QLatin1Char(' ') + notes.join(QLatin1Char(' '));
    }
    setMessage(m_pageMessage, summary, false);
    reload();
    if (passwords->isEmpty()) {
        Q_EMIT importFinished(true);
        return;
    }
    storeImportedPasswords(passwords, path, lines, int(passwords->size()));
}

void RegistriesPage::storeImportedPasswords(std::shared_ptr<QList<std::pair<Registry::Registry, QString>>> pending,
                                            QString path, QList<std::pair<int, int>> lines, int total)
{
    TrackedJob *job = m_jobs.begin(tr("Import"));
    job->setProgress(total - pending->size(), total);
    job->setDescription(tr("moving passwords into the keychain"));
    const auto [registry, secret] = pending->takeFirst();
    m_credentials->writeSecret(registry, secret, this,
                               [this, pending, path, lines, total, job = QPointer<TrackedJob>(job),
                                registry](std::expected<void, Registry::CredentialError> written) {
        if (!written) {
            if (job) {
                job->finish(TrackedJob::Outcome::Failed, written.error().message);
            }
            setMessage(m_pageMessage,
                       tr("%1 %2 was left as it was.").arg(written.error().message, QDir::toNativeSeparators(path)),
                       true);
            Q_EMIT importFinished(false);
            return;
        }
        refreshCredential(registry);
        if (!pending->isEmpty()) {
            if (job) {
                job->finish(TrackedJob::Outcome::Succeeded, {});
            }
            storeImportedPasswords(pending, path, lines, total);
            return;
        }
        if (job) {
            job->finish(TrackedJob::Outcome::Succeeded, tr("%n password(s) stored in the keychain", nullptr, total));
        }
        m_scrubPath = path;
        m_scrubLines = lines;
        setMessage(m_pageMessage,
                   m_pageMessage->text() + QLatin1Char(' ')
                       + tr("Stored %n password(s) in the keychain; they are still in the file.", nullptr, total),
                   false);
        m_scrubButton->show();
        Q_EMIT importFinished(true);
    });
}
