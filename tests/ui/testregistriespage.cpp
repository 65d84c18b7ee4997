// SPDX-License-Identifier: GPL-3.0-or-later
// Registries & Tokens through the real window: registries added with presets and by URL,
// credentials stored in the real keychain of the test session, verified against the strict
// local registry, inspected in words, removed; a .pypirc imported and scrubbed.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QUuid>

#include <memory>
#include <optional>

#include "core/registry/credentialstore.h"
#include "core/registry/registrystore.h"
#include "tests/support/registrystub.h"
#include "ui/jobs/jobtracker.h"
#include "ui/mainwindow.h"
#include "ui/models/registrylistmodel.h"
#include "ui/pages/buildcheckpage.h"
#include "ui/pages/registriespage.h"
#include "ui/uisettings.h"
#include "ui/workflowpages.h"

namespace {

constexpr int keychainTimeout = 60000;

QByteArray varint(quint64 value)
{
    QByteArray out;
    do {
        char byte = static_cast<char>(value & 0x7f);
        value >>= 7;
        if (value != 0) {
            byte = static_cast<char>(byte | 0x80);
        }
        out.append(byte);
    } while (value != 0);
    return out;
}

QByteArray packet(quint64 type, const QByteArray &data)
{
    return varint(type) + varint(static_cast<quint64>(data.size())) + data;
}

// A PyPI API token (libmacaroons V2) from `location`, with first-party caveats.
QString pypiToken(const QByteArray &location, const QList<QByteArray> &caveats = {})
{
    QByteArray data(1, '\x02');
    data += packet(1, location) + packet(2, "6bd3a5e2-8ec4-4d6a-9e2d-0f1a2b3c4d5e") + QByteArray(1, '\0');
    for (const QByteArray &caveat : caveats) {
        data += packet(2, caveat) + QByteArray(1, '\0');
    }
    data += QByteArray(1, '\0') + packet(6, QByteArray(32, '\x5a'));
    return QStringLiteral("pypi-")
           + QString::fromLatin1(data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

struct Window {
    QTemporaryDir dir;
    QString service = QStringLiteral("slipway-test-ui-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    std::unique_ptr<QSettings> settings;
    std::unique_ptr<UiSettings> uiSettings;
    std::unique_ptr<MainWindow> window;
    WorkflowPages pages;

    Window()
    {
        settings = std::make_unique<QSettings>(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        uiSettings = std::make_unique<UiSettings>(*settings);
        window = std::make_unique<MainWindow>(*uiSettings);
        pages = addWorkflowPages(*window, storePath(), service);
        window->resize(1280, 800);
        window->show();
    }
    [[nodiscard]] QString storePath() const { return dir.filePath(QStringLiteral("registries.toml")); }
    template<typename T>
    T *find(const QString &name) const
    {
        T *widget = window->findChild<T *>(name);
        if (widget == nullptr) {
            qWarning("no widget %s", qPrintable(name));
        }
        return widget;
    }
    void type(const QString &name, const QString &text) const
    {
        auto *edit = find<QLineEdit>(name);
        edit->clear();
        QTest::keyClicks(edit, text);
    }
    void click(const QString &name) const { QTest::mouseClick(find<QPushButton>(name), Qt::LeftButton); }
    void choosePreset(const QString &text) const
    {
        auto *combo = find<QComboBox>(QStringLiteral("presetCombo"));
        combo->setFocus();
        combo->setCurrentIndex(combo->findText(text));
    }
    void chooseRole(int role) const
    {
        auto *combo = find<QComboBox>(QStringLiteral("roleCombo"));
        combo->setCurrentIndex(combo->findData(role));
    }
    // The keychain's answer for a registry of the store, read independently of the page.
    std::expected<QString, Registry::CredentialError> stored(const QString &name) const
    {
        Registry::RegistryStore store(storePath());
        if (!store.load() || !store.find(name)) {
            return std::unexpected(Registry::CredentialError{Registry::CredentialError::Code::Other, QStringLiteral("no store")});
        }
        Registry::CredentialStore credentials(nullptr, service);
        std::optional<std::expected<QString, Registry::CredentialError>> answer;
        QObject context;
        credentials.readSecret(*store.find(name), &context,
                               [&answer](std::expected<QString, Registry::CredentialError> read) { answer = read; });
        QDeadlineTimer deadline(keychainTimeout);
        while (!answer && !deadline.hasExpired()) {
            QTest::qWait(20);
        }
        return answer.value_or(std::unexpected(
            Registry::CredentialError{Registry::CredentialError::Code::TimedOut, QStringLiteral("no answer")}));
    }
    void forget(const QString &name) const
    {
        Registry::RegistryStore store(storePath());
        if (!store.load() || !store.find(name)) {
            return;
        }
        Registry::CredentialStore credentials(nullptr, service);
        bool done = false;
        QObject context;
        credentials.removeSecret(*store.find(name), &context, [&done](auto) { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, keychainTimeout);
    }
};

// Clicks the given button of the page's open question box.
void answer(RegistriesPage *page, const QString &objectName, QMessageBox::StandardButton button)
{
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = page->findChild<QMessageBox *>(objectName)) != nullptr && box->isVisible());
    QTest::mouseClick(box->button(button), Qt::LeftButton);
}

} // namespace

class TestRegistriesPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void reachableFromToolbarAndMenu();
    void addTestAndProductionWithCredentials();
    void importPypircMovesPasswordsToKeychain();
};

void TestRegistriesPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestRegistriesPage::reachableFromToolbarAndMenu()
{
    Window w;
    RegistriesPage *page = w.pages.registries;
    QVERIFY(w.window->currentPage() != page);
    // The shortcut works without a project.
    QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
    QTest::keyClick(w.window.get(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(w.window->currentPage(), page);
    QVERIFY(w.find<QWidget>(QStringLiteral("registriesEmptyState"))->isVisible());

    w.window->showPage(w.pages.buildCheck); // no project: Build & Check cannot be shown
    QCOMPARE(w.window->currentPage(), page);
    const QString project = w.dir.filePath(QStringLiteral("project"));
    QVERIFY(QDir().mkpath(project));
    {
        QFile pyproject(project + QStringLiteral("/pyproject.toml"));
        QVERIFY(pyproject.open(QIODevice::WriteOnly));
        pyproject.write("[project]\nname = \"p\"\nversion = \"1\"\n");
    }
    w.window->openProject(project);
    QCOMPARE(w.window->currentPage(), page); // opening a project does not take the tool page away
    auto *pageList = w.find<QListWidget>(QStringLiteral("pageList"));
    QTest::mouseClick(pageList->viewport(), Qt::LeftButton, {}, pageList->visualItemRect(pageList->item(0)).center());
    QVERIFY(w.window->currentPage() != page);
    auto *toolBar = w.find<QToolBar>(QStringLiteral("toolBar"));
    QAction *action = nullptr;
    for (QAction *candidate : toolBar->actions()) {
        if (candidate->text().contains(QStringLiteral("Registries"))) {
            action = candidate;
        }
    }
    QVERIFY(action != nullptr);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    QTest::mouseClick(toolBar->widgetForAction(action), Qt::LeftButton);
    QCOMPARE(w.window->currentPage(), page);
}

void TestRegistriesPage::addTestAndProductionWithCredentials()
{
    // Answers a credential check as Warehouse does: 403 for a wrong credential, 400 "no file"
    // for a right one.
    const QString productionToken = QStringLiteral("pypi-local-production-token");
    TestSupport::RegistryStub server(TestSupport::RegistryStub::warehouse(QStringLiteral("__token__"), productionToken));
    const QUrl uploadUrl = server.url(QStringLiteral("/legacy/"));

    Window w;
    RegistriesPage *page = w.pages.registries;
    w.window->showPage(page);
    RegistryListModel *model = page->model();
    QCOMPARE(model->rowCount(), 0);

    // TestPyPI from its preset: name and role come from the preset.
    w.click(QStringLiteral("addRegistryButton"));
    QVERIFY(w.find<QWidget>(QStringLiteral("registryEditor"))->isVisible());
    w.choosePreset(QStringLiteral("TestPyPI"));
    QCOMPARE(w.find<QLineEdit>(QStringLiteral("nameEdit"))->text(), QStringLiteral("testpypi"));
    QCOMPARE(w.find<QLineEdit>(QStringLiteral("usernameEdit"))->text(), QStringLiteral("__token__"));
    QVERIFY(!w.find<QLineEdit>(QStringLiteral("uploadUrlEdit"))->isVisible());
    QSignalSpy saved(page, &RegistriesPage::registrySaved);
    w.click(QStringLiteral("editorSaveButton"));
    QCOMPARE(saved.count(), 1);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, RegistryListModel::KindColumn).data().toString(), QStringLiteral("TestPyPI"));
    QCOMPARE(model->index(0, RegistryListModel::RoleColumn).data().toString(), QStringLiteral("Test"));
    {
        Registry::RegistryStore store(w.storePath());
        QVERIFY(store.load());
        QCOMPARE(store.registries().size(), 1);
        QCOMPARE(store.registries().first().role, Registry::Role::Test);
        QCOMPARE(store.registries().first().uploadUrl, QUrl(QStringLiteral("https://test.pypi.org/legacy/")));
    }
    QVERIFY(w.find<QWidget>(QStringLiteral("registryDetails"))->isVisible());
    QCOMPARE(page->currentRegistry()->name, QStringLiteral("testpypi"));

    // A token from pypi.org is refused for TestPyPI before it reaches the keychain.
    QSignalSpy credentialState(page, &RegistriesPage::credentialStateChanged);
    QTRY_VERIFY_WITH_TIMEOUT(model->credentialState(QStringLiteral("testpypi")) == u"none", keychainTimeout);
    auto *secret = w.find<QLineEdit>(QStringLiteral("secretEdit"));
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QTest::keyClicks(secret, pypiToken("pypi.org"));
    w.click(QStringLiteral("saveSecretButton"));
    QVERIFY(w.find<QLabel>(QStringLiteral("credentialMessage"))->text().contains(QStringLiteral("issued by pypi.org")));
    QCOMPARE(w.stored(QStringLiteral("testpypi")).error().code, Registry::CredentialError::Code::NotFound);

    // A TestPyPI token: explained in words while typed, stored, never shown again.
    const QString testToken = pypiToken("test.pypi.org");
    secret->clear();
    QTest::keyClicks(secret, testToken);
    const QString report = w.find<QLabel>(QStringLiteral("tokenReport"))->text();
    QVERIFY2(report.contains(QStringLiteral("test.pypi.org")), qPrintable(report));
    QVERIFY2(report.contains(QStringLiteral("account"), Qt::CaseInsensitive), qPrintable(report));
    QVERIFY(!report.contains(testToken));
    credentialState.clear();
    w.click(QStringLiteral("saveSecretButton"));
    QVERIFY(secret->text().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(model->credentialState(QStringLiteral("testpypi")).startsWith(u"stored"), keychainTimeout);
    QCOMPARE(w.stored(QStringLiteral("testpypi")).value_or(QString()), testToken);
    const QString status = w.find<QLabel>(QStringLiteral("credentialStatus"))->text();
    QVERIFY2(status.contains(Registry::fingerprint(testToken)), qPrintable(status));
    QVERIFY(!status.contains(testToken));
    QVERIFY(!w.find<QLabel>(QStringLiteral("tokenReport"))->text().contains(testToken));

    // Production: a custom registry by URL (the strict local registry).
    w.click(QStringLiteral("addRegistryButton"));
    w.choosePreset(QStringLiteral("Custom"));
    QVERIFY(w.find<QLineEdit>(QStringLiteral("uploadUrlEdit"))->isVisible());
    w.type(QStringLiteral("nameEdit"), QStringLiteral("local"));
    w.type(QStringLiteral("uploadUrlEdit"), uploadUrl.toString());
    w.type(QStringLiteral("simpleUrlEdit"), server.url(QStringLiteral("/simple/")).toString());
    w.type(QStringLiteral("usernameEdit"), QStringLiteral("__token__"));
    // The test role is taken: refused with a message, nothing saved.
    w.chooseRole(int(Registry::Role::Test));
    w.click(QStringLiteral("editorSaveButton"));
    QVERIFY(w.find<QLabel>(QStringLiteral("editorMessage"))->text().contains(QStringLiteral("testpypi")));
    QCOMPARE(model->rowCount(), 1);
    w.chooseRole(int(Registry::Role::Production));
    w.click(QStringLiteral("editorSaveButton"));
    QCOMPARE(model->rowCount(), 2);
    const int localRow = model->rowOf(QStringLiteral("local"));
    QCOMPARE(model->index(localRow, RegistryListModel::KindColumn).data().toString(), QStringLiteral("Custom"));
    QCOMPARE(model->index(localRow, RegistryListModel::RoleColumn).data().toString(), QStringLiteral("Production"));
    QCOMPARE(page->currentRegistry()->name, QStringLiteral("local"));

    QTest::keyClicks(secret, QStringLiteral("pypi-wrong-token"));
    QTest::keyClick(secret, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(model->credentialState(QStringLiteral("local")).startsWith(u"stored"), keychainTimeout);
    QSignalSpy verified(page, &RegistriesPage::verifyFinished);
    auto *verify = w.find<QPushButton>(QStringLiteral("verifySecretButton"));
    QTRY_VERIFY_WITH_TIMEOUT(verify->isEnabled(), keychainTimeout);
    QTest::mouseClick(verify, Qt::LeftButton);
    QVERIFY(verified.wait(keychainTimeout));
    QCOMPARE(verified.first().at(1).toBool(), false);

    QTest::keyClicks(secret, productionToken);
    w.click(QStringLiteral("saveSecretButton"));
    QTRY_VERIFY_WITH_TIMEOUT(w.stored(QStringLiteral("local")).value_or(QString()) == productionToken, keychainTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(verify->isEnabled(), keychainTimeout);
    verified.clear();
    QTest::mouseClick(verify, Qt::LeftButton);
    QVERIFY(verified.wait(keychainTimeout));
    QVERIFY2(verified.first().at(1).toBool(), qPrintable(verified.first().at(2).toString()));
    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(server.requests().last().method, QByteArray("POST"));
    QVERIFY(server.requests().last().headers.value("authorization").startsWith("Basic "));

    // Edit keeps the URLs and changes what was changed.
    auto *table = w.find<QTableView>(QStringLiteral("registryTable"));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(model->index(model->rowOf(QStringLiteral("local")), 0)).center());
    w.click(QStringLiteral("editRegistryButton"));
    QCOMPARE(w.find<QLineEdit>(QStringLiteral("uploadUrlEdit"))->text(), uploadUrl.toString());
    w.type(QStringLiteral("webUrlEdit"), server.url(QStringLiteral("/project/")).toString());
    // A new username names another keychain entry: the secret moves with the registry.
    w.type(QStringLiteral("usernameEdit"), QStringLiteral("deploy-user"));
    w.click(QStringLiteral("editorSaveButton"));
    QTRY_VERIFY_WITH_TIMEOUT(w.window->jobs().runningJobs().isEmpty(), keychainTimeout);
    QCOMPARE(w.stored(QStringLiteral("local")).value_or(QString()), productionToken);
    {
        Registry::RegistryStore store(w.storePath());
        QVERIFY(store.load());
        Registry::Registry old = *store.find(QStringLiteral("local"));
        QCOMPARE(old.username, QStringLiteral("deploy-user"));
        old.username = QStringLiteral("__token__");
        Registry::CredentialStore credentials(nullptr, w.service);
        QObject context;
        std::optional<Registry::CredentialError::Code> oldEntry;
        credentials.readSecret(old, &context, [&oldEntry](std::expected<QString, Registry::CredentialError> read) {
            oldEntry = read ? Registry::CredentialError::Code::Other : read.error().code;
        });
        QTRY_VERIFY_WITH_TIMEOUT(oldEntry.has_value(), keychainTimeout);
        QCOMPARE(*oldEntry, Registry::CredentialError::Code::NotFound);
    }
    {
        Registry::RegistryStore store(w.storePath());
        QVERIFY(store.load());
        QCOMPARE(store.find(QStringLiteral("local"))->webUrl.toString(),
                 server.url(QStringLiteral("/project/")).toString());
        QCOMPARE(store.find(QStringLiteral("local"))->role, Registry::Role::Production);
        QFile file(w.storePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY(!content.contains(productionToken.toUtf8()));
        QVERIFY(!content.contains(testToken.toUtf8()));
    }

    // Removing the credential asks first, then empties the keychain entry.
    QCOMPARE(page->currentRegistry()->name, QStringLiteral("local"));
    w.click(QStringLiteral("removeSecretButton"));
    answer(page, QStringLiteral("removeCredentialQuestion"), QMessageBox::Yes);
    QTRY_VERIFY_WITH_TIMEOUT(model->credentialState(QStringLiteral("local")) == u"none", keychainTimeout);
    QCOMPARE(w.stored(QStringLiteral("local")).error().code, Registry::CredentialError::Code::NotFound);

    // Removing the registry.
    w.click(QStringLiteral("removeRegistryButton"));
    answer(page, QStringLiteral("removeRegistryQuestion"), QMessageBox::Yes);
    QCOMPARE(model->rowCount(), 1);

    w.forget(QStringLiteral("testpypi"));
}

void TestRegistriesPage::importPypircMovesPasswordsToKeychain()
{
    Window w;
    RegistriesPage *page = w.pages.registries;
    w.window->showPage(page);
    const QString pypirc = w.dir.filePath(QStringLiteral("pypirc"));
    {
        QFile file(pypirc);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[distutils]\nindex-servers =\n    private\n\n"
                   "[private]\nrepository = http://127.0.0.1:8099/legacy/\nusername = alice\n"
                   "password = s3cret-from-pypirc\n");
    }
    QSignalSpy imported(page, &RegistriesPage::importFinished);
    page->importPypirc(pypirc);
    QVERIFY(imported.count() == 1 || imported.wait(keychainTimeout));
    QVERIFY2(imported.first().first().toBool(), qPrintable(w.find<QLabel>(QStringLiteral("pageMessage"))->text()));
    QCOMPARE(page->model()->rowCount(), 1);
    QCOMPARE(page->model()->registries().first().username, QStringLiteral("alice"));
    QCOMPARE(w.stored(QStringLiteral("private")).value_or(QString()), QStringLiteral("s3cret-from-pypirc"));
    QVERIFY(!w.find<QLabel>(QStringLiteral("pageMessage"))->text().contains(QStringLiteral("s3cret")));

    auto *scrub = w.find<QPushButton>(QStringLiteral("scrubPypircButton"));
    QVERIFY(scrub->isVisible());
    QTest::mouseClick(scrub, Qt::LeftButton);
    QFile file(pypirc);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray after = file.readAll();
    QVERIFY(!after.contains("s3cret"));
    QVERIFY(after.contains("username = alice"));
    QVERIFY(w.find<QLabel>(QStringLiteral("pageMessage"))->text().contains(QStringLiteral("backup")));
    w.forget(QStringLiteral("private"));
}

QTEST_MAIN(TestRegistriesPage)
#include "testregistriespage.moc"
