// SPDX-License-Identifier: GPL-3.0-or-later
// Renders every finished project page at 1280x800 on a sample project, in a light and a dark
// palette (Fusion), into $SLIPWAY_SCREENSHOTS, so that the pages can be looked at.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include "core/registry/registrystore.h"
#include "tests/support/distgenerator.h"
#include "tests/support/registryserver.h"
#include "tests/ui/screenshotpalettes.h"
#include "ui/mainwindow.h"
#include "ui/models/distfilesmodel.h"
#include "ui/models/registryversionsmodel.h"
#include "ui/pages/overviewpage.h"
#include "ui/projectdocument.h"
#include "ui/projectpages.h"
#include "ui/uisettings.h"

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

} // namespace

class TestPagesScreenshot final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void screenshots_data();
    void screenshots();

private:
    QString makeSampleProject();
    QString makeRegistries();
    QTemporaryDir m_dir;
    TestSupport::RegistryServer m_testRegistry;
    TestSupport::RegistryServer m_production;
};

void TestPagesScreenshot::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_testRegistry.listen());
    QVERIFY(m_production.listen());
    for (const char *version : {"2.1.0", "2.2.0", "2.3.0"}) {
        const QString name = QStringLiteral("harbour_lights-%1.tar.gz").arg(QLatin1StringView(version));
        QVERIFY(m_testRegistry.addFile(QStringLiteral("harbour-lights"), QLatin1StringView(version), name, "sdist"));
    }
    for (const char *version : {"2.1.0", "2.2.0"}) {
        const QString name = QStringLiteral("harbour_lights-%1.tar.gz").arg(QLatin1StringView(version));
        QVERIFY(m_production.addFile(QStringLiteral("harbour-lights"), QLatin1StringView(version), name, "sdist"));
    }
}

QString TestPagesScreenshot::makeRegistries()
{
    const QString path = m_dir.filePath(QStringLiteral("registries.toml"));
    if (QFileInfo::exists(path)) {
        return path;
    }
    Registry::RegistryStore store(path);
    auto add = [&store](const QString &name, const TestSupport::RegistryServer &server, Registry::Role role) {
        Registry::Registry registry;
        registry.name = name;
        registry.uploadUrl = server.uploadUrl();
        registry.simpleUrl = server.simpleIndexUrl();
        registry.username = QStringLiteral("__token__");
        registry.role = role;
        return store.add(registry).has_value();
    };
    if (!add(QStringLiteral("testpypi-local"), m_testRegistry, Registry::Role::Test)
        || !add(QStringLiteral("pypi-local"), m_production, Registry::Role::Production) || !store.save()) {
        return {};
    }
    return path;
}

QString TestPagesScreenshot::makeSampleProject()
{
    const QString path = m_dir.filePath(QStringLiteral("sample"));
    if (QDir(path).exists()) {
        return path;
    }
    QDir().mkpath(path);
    writeFile(path + QStringLiteral("/pyproject.toml"),
              "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n\n"
              "[project]\nname = \"harbour-lights\"\nversion = \"2.3.0\"\n"
              "description = \"Schedules and checks the harbour's navigation lights\"\n"
              "readme = \"README.md\"\nrequires-python = \">=3.9\"\nlicense = \"MIT\"\n"
              "keywords = [\"harbour\", \"lights\", \"scheduling\"]\n"
              "authors = [{name = \"Ada Lovelace\", email = \"ada@example.org\"}]\n"
              "maintainers = [{name = \"Harbour Office\", email = \"lights@harbour.example\"}]\n"
              "dependencies = [\n    \"tomli>=2.0; python_version < \\\"3.11\\\"\",\n    \"croniter>=1.4\",\n"
              "    \"requests >= = 2\",\n]\n"
              "classifiers = [\n"
              "    \"Development Status :: 4 - Beta\",\n"
              "    \"Intended Audience :: Developers\",\n"
              "    \"License :: OSI Approved :: MIT License\",\n"
              "    \"Programming Language :: Python :: 3.8\",\n"
              "    \"Programming Language :: Python :: 3.12\",\n"
              "    \"Typing :: Typed\",\n"
              "]\n\n"
              "[project.optional-dependencies]\ntest = [\"pytest>=8\", \"pytest-cov\"]\ndocs = [\"sphinx>=7\"]\n\n"
              "[project.urls]\nHomepage = \"https://example.org/harbour-lights\"\n"
              "Documentation = \"https://example.org/harbour-lights/docs\"\nSource = \"git@example.org:harbour.git\"\n\n"
              "[project.scripts]\nharbour-lights = \"harbour_lights.cli:main\"\n");
    QDir().mkpath(path + QStringLiteral("/dist"));
    TestSupport::writeWheel(path + QStringLiteral("/dist/harbour_lights-2.3.0-py3-none-any.whl"),
                            TestSupport::wheelFiles("harbour_lights", "2.3.0",
                                                    {{"harbour_lights/__init__.py", "VERSION = '2.3.0'\n"}}));
    writeFile(path + QStringLiteral("/dist/harbour_lights-2.3.0.tar.gz"), "not a gzip archive");
    writeFile(path + QStringLiteral("/README.md"),
              "# harbour-lights\n\n"
              "Schedules and checks the **navigation lights** of a small harbour. "
              "See [the documentation](https://example.org/docs) for details.\n\n"
              "![status](docs/status.png)\n\n"
              "## Install\n\n```console\n$ pip install harbour-lights\n```\n\n"
              "## Usage\n\n```python\nfrom harbour_lights import Schedule\n\n"
              "schedule = Schedule.load(\"lights.toml\")\nschedule.check()\n```\n\n"
              "| Light | Colour | Period |\n|-------|--------|--------|\n"
              "| North pier | green | 4 s |\n| South pier | red | 4 s |\n\n"
              "> Lights are checked every night at dusk.\n\n"
              "- `schedule` — plan the lights\n- `check` — verify the bulbs\n");
    return path;
}

void TestPagesScreenshot::screenshots_data()
{
    QTest::addColumn<QString>("paletteName");
    QTest::addRow("light") << QStringLiteral("light");
    QTest::addRow("dark") << QStringLiteral("dark");
}

void TestPagesScreenshot::screenshots()
{
    const QString folder = qEnvironmentVariable("SLIPWAY_SCREENSHOTS");
    if (folder.isEmpty()) {
        QSKIP("SLIPWAY_SCREENSHOTS is not set: no screenshots written");
    }
    QFETCH(QString, paletteName);
    QVERIFY(QDir().mkpath(folder));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(paletteName == u"dark" ? ScreenshotPalettes::dark() : ScreenshotPalettes::light());

    QSettings settings(m_dir.filePath(QStringLiteral("settings-%1.ini").arg(paletteName)), QSettings::IniFormat);
    UiSettings uiSettings(settings);
    MainWindow window(uiSettings);
    const QString registries = makeRegistries();
    QVERIFY(!registries.isEmpty());
    ProjectDocument *document = addProjectPages(window, registries);
    auto *overview = window.findChild<OverviewPage *>();
    QVERIFY(overview != nullptr);
    QSignalSpy registriesAnswered(overview->registryVersions(), &RegistryVersionsModel::finished);
    QSignalSpy distChecked(overview->distFiles(), &DistFilesModel::checkFinished);
    window.resize(1280, 800);
    window.openProject(makeSampleProject());
    QVERIFY(document->isOpen());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.resize(1280, 800);

    QVERIFY(registriesAnswered.size() > 0 || registriesAnswered.wait(30000));
    QVERIFY(distChecked.size() > 0 || distChecked.wait(60000));

    auto *pages = window.findChild<QListWidget *>(QStringLiteral("pageList"));
    QVERIFY(pages->count() > 0);
    for (int row = 0; row < pages->count(); ++row) {
        pages->setCurrentRow(row);
        const QString title = pages->item(row)->text();
        if (auto *preview = window.findChild<QTextBrowser *>(QStringLiteral("readmePreview")); preview && title == u"README") {
            QTRY_VERIFY(preview->toPlainText().contains(QStringLiteral("Lights are checked every night")));
        }
        QTest::qWait(50); // let the layouts settle before grabbing; not a timing assertion
        const QString file = QDir(folder).filePath(QStringLiteral("%1-%2.png").arg(title.toLower(), paletteName));
        QVERIFY2(window.grab().save(file), qPrintable(file));
        if (title == u"Metadata") {
            // The whole form, also what is below the fold.
            auto *scroll = window.findChild<QWidget *>(QStringLiteral("metadataPage"))->findChild<QScrollArea *>();
            QWidget *content = scroll->widget();
            const QString full = QDir(folder).filePath(QStringLiteral("metadata-full-%1.png").arg(paletteName));
            QVERIFY2(content->grab(QRect(QPoint(0, 0), content->sizeHint().expandedTo(content->size()))).save(full),
                     qPrintable(full));
        }
    }
}

QTEST_MAIN(TestPagesScreenshot)
#include "testpagesscreenshot.moc"
