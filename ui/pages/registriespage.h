// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QPointer>
#include <QString>
#include <QWidget>

#include <memory>
#include <optional>
#include <utility>

#include "core/registry/registry.h"
#include "core/registry/registrystore.h"

class JobTracker;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QStackedWidget;
class QTableView;
class RegistryListModel;

namespace Registry {
class CredentialStore;
class CredentialVerifier;
}

/**
 * Registries & Tokens: the registries of registries.toml (Registry::RegistryStore) with kind,
 * role and credential state; an inline editor with the presets; the credential of the
 * selected registry (set through a masked field and never shown again, verified with
 * Registry::CredentialVerifier, removed), explained in words by Registry::inspectToken; and
 * the import of a .pypirc with its passwords moved into the keychain. Every keychain and
 * network call is asynchronous and registered with the window's JobTracker.
 */
class RegistriesPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistriesPage)

public:
    // storePath: registries.toml; keychainService: the keychain service name ("slipway").
    RegistriesPage(JobTracker &jobs, const QString &storePath, const QString &keychainService,
                   QWidget *parent = nullptr);
    ~RegistriesPage() override;

    [[nodiscard]] RegistryListModel *model() const { return m_model; }
    [[nodiscard]] std::optional<Registry::Registry> currentRegistry() const;
    void selectRegistry(const QString &name);
    void reload();
    // What the Import button does after its file dialog.
    void importPypirc(const QString &path);

Q_SIGNALS:
    void registrySaved(const QString &name);
    // After a keychain read, write or removal for the registry finished (state in the model).
    void credentialStateChanged(const QString &name);
    void verifyFinished(const QString &name, bool accepted, const QString &message);
    void importFinished(bool succeeded);

protected:
    // The keychain is asked only once the page is shown: opening the window never prompts
    // for an unlock.
    void showEvent(QShowEvent *event) override;

private:
    struct PresetField {
        QString key;
        QLineEdit *edit = nullptr;
    };

    void buildDetails(QWidget *parent);
    void buildEditor(QWidget *parent);
    void showSelected();
    void startAdd();
    void startEdit();
    void updateEditorFields();
    void saveEditor();
    void removeRegistry();
    void refreshCredential(const Registry::Registry &registry);
    void saveCredential();
    void verifyCredential();
    void removeCredential();
    void moveCredential(const Registry::Registry &before, const Registry::Registry &after);
    void inspectTypedSecret();
    void storeImportedPasswords(std::shared_ptr<QList<std::pair<Registry::Registry, QString>>> pending,
                                QString path, QList<std::pair<int, int>> lines, int total);
    void setMessage(QLabel *label, const QString &text, bool error);
    [[nodiscard]] Registry::Kind editorKind() const;

    JobTracker &m_jobs;
    Registry::RegistryStore m_store;
    bool m_storeBroken = false;
    Registry::CredentialStore *m_credentials = nullptr;
    QNetworkAccessManager *m_network = nullptr;
    Registry::CredentialVerifier *m_verifier = nullptr;
    RegistryListModel *m_model = nullptr;

    QTableView *m_list = nullptr;
    QPushButton *m_addButton = nullptr;
    QPushButton *m_editButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    QPushButton *m_importButton = nullptr;
    QLabel *m_pageMessage = nullptr;
    QPushButton *m_scrubButton = nullptr;
    QString m_scrubPath;
    QList<std::pair<int, int>> m_scrubLines;
    QStackedWidget *m_stack = nullptr;
    QWidget *m_emptyState = nullptr;
    QWidget *m_details = nullptr;
    QWidget *m_editor = nullptr;

    // Details
    QLabel *m_titleLabel = nullptr;
    QLabel *m_kindValue = nullptr;
    QLabel *m_roleValue = nullptr;
    QLabel *m_uploadValue = nullptr;
    QLabel *m_simpleValue = nullptr;
    QLabel *m_webValue = nullptr;
    QLabel *m_usernameValue = nullptr;
    QLabel *m_tlsValue = nullptr;
    QLabel *m_credentialStatus = nullptr;
    QLineEdit *m_secretEdit = nullptr;
    QPushButton *m_saveSecretButton = nullptr;
    QPushButton *m_verifyButton = nullptr;
    QPushButton *m_removeSecretButton = nullptr;
    QLabel *m_tokenReport = nullptr;
    QLabel *m_credentialMessage = nullptr;

    // Editor
    QString m_editing; // name of the registry being edited; empty when adding
    std::optional<Registry::Kind> m_editingKind;
    QLabel *m_editorTitle = nullptr;
    QFormLayout *m_editorForm = nullptr;
    QComboBox *m_presetCombo = nullptr;
    QLineEdit *m_nameEdit = nullptr;
    QList<PresetField> m_presetFields;
    QLineEdit *m_uploadEdit = nullptr;
    QLineEdit *m_simpleEdit = nullptr;
    QLineEdit *m_webEdit = nullptr;
    QLineEdit *m_usernameEdit = nullptr;
    QComboBox *m_roleCombo = nullptr;
    QLineEdit *m_caBundleEdit = nullptr;
    QLineEdit *m_clientCertEdit = nullptr;
    QLabel *m_editorMessage = nullptr;
    QPushButton *m_editorSaveButton = nullptr;
    QPushButton *m_editorCancelButton = nullptr;

    QPointer<QObject> m_verifyContext;
    bool m_shown = false;
};
