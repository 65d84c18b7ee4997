// SPDX-License-Identifier: GPL-3.0-or-later
// The Metadata page, driven through its real widgets (offscreen), on projects made here.
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QFile>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStyle>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include "core/metadata/licenseexpression.h"
#include "core/metadata/version.h"
#include "core/project/versionbump.h"
#include "ui/models/classifiertreemodel.h"
#include "ui/models/mappingmodel.h"
#include "ui/models/peoplemodel.h"
#include "ui/models/requirementsmodel.h"
#include "ui/pages/classifierspage.h"
#include "ui/pages/metadatapage.h"
#include "ui/projectdocument.h"
#include "ui/savediffdialog.h"

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

// As editors save: a new file renamed over the old one.
bool replaceFile(const QString &path, const QByteArray &content)
{
    const QString temporary = path + QStringLiteral(".new");
    return writeFile(temporary, content) && QFile::remove(path) && QFile::rename(temporary, path);
}

// Opens the cell's editor with a double click, types text over it and commits with Return.
void typeIntoCell(QTableView *view, const QModelIndex &index, const QString &text)
{
    view->scrollTo(index);
    const QPoint centre = view->visualRect(index).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, centre);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, centre);
    auto *editor = view->viewport()->findChild<QLineEdit *>();
    QVERIFY(editor != nullptr);
    editor->selectAll();
    QTest::keyClicks(editor, text);
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits from the event loop.
    QTRY_VERIFY(view->viewport()->findChild<QLineEdit *>() == nullptr);
}

// Types into the editor the Add button opened.
void typeIntoOpenEditor(QTableView *view, const QString &text)
{
    auto *editor = view->viewport()->findChild<QLineEdit *>();
    QVERIFY(editor != nullptr);
    QTest::keyClicks(editor, text);
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits from the event loop.
    QTRY_VERIFY(view->viewport()->findChild<QLineEdit *>() == nullptr);
}

QString findingMessage(const Project::PyProject &project, const QString &code)
{
    for (const Project::Finding &finding : project.findings()) {
        if (finding.code == code) {
            return finding.message;
        }
    }
    return {};
}

} // namespace

class TestMetadataPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void invalidRequiresPythonInTheFileShowsBesideTheField();
    void typingAnInvalidRequiresPythonShowsItsMessage();
    void dynamicFieldsAreReadOnlyWithTheReason();
    void bumpUndoRedoAndSaveWithTheDiff();
    void bumpClassifiersAndDependencyRowSaveTheExactDiff();
    void invalidDependencyRowShowsItsMessage();
    void optionalGroupsUrlsAndScriptsWithUndo();
    void peopleAreShownAndDynamicTablesAreReadOnly();
    void peopleAreEditedInPlace();
    void licenseCompletesSpdxIdsAndValidatesWhileTyping();
    void externalChangeWithEditsOffersReloadOrKeepMine();
    void externalChangeWithoutEditsReloads();
    void keepMineThatNoLongerAppliesKeepsEverything();

private:
    QString makeProject(const QByteArray &pyproject);

    QTemporaryDir m_dir;
    int m_projects = 0;
};

QString TestMetadataPage::makeProject(const QByteArray &pyproject)
{
    const QString path = m_dir.filePath(QStringLiteral("project-%1").arg(++m_projects));
    QDir().mkpath(path);
    writeFile(path + QStringLiteral("/pyproject.toml"), pyproject);
    return path;
}

void TestMetadataPage::invalidRequiresPythonInTheFileShowsBesideTheField()
{
    ProjectDocument document;
    QVERIFY(document.load(makeProject("[project]\nname = \"demo\"\nversion = \"1.0\"\nrequires-python = \">=three\"\n")));
    MetadataPage page(document);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QString expected;
    for (const Project::Finding &finding : document.project().findings()) {
        if (finding.code == u"SW313") {
            expected = finding.message;
        }
    }
    QVERIFY(!expected.isEmpty());
    auto *message = page.findChild<QLabel *>(QStringLiteral("requires-pythonMessage"));
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(expected.toHtmlEscaped()), qPrintable(message->text()));
    QCOMPARE(page.findChild<QLineEdit *>(QStringLiteral("requires-pythonField"))->text(), QStringLiteral(">=three"));
    // The other fields say nothing.
    QVERIFY(!page.findChild<QLabel *>(QStringLiteral("versionMessage"))->isVisible());
}

void TestMetadataPage::typingAnInvalidRequiresPythonShowsItsMessage()
{
    ProjectDocument document;
    QVERIFY(document.load(makeProject("[project]\nname = \"demo\"\nversion = \"1.0\"\nrequires-python = \">=3.9\"\n")));
    MetadataPage page(document);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *field = page.findChild<QLineEdit *>(QStringLiteral("requires-pythonField"));
    auto *message = page.findChild<QLabel *>(QStringLiteral("requires-pythonMessage"));
    QVERIFY(!message->isVisible());
    field->setFocus();
    field->selectAll();
    QTest::keyClicks(field, QStringLiteral(">=3.x"));
    QTest::keyClick(field, Qt::Key_Return);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("3.x")), qPrintable(message->text()));
    QCOMPARE(field->text(), QStringLiteral(">=3.x")); // kept for correcting

    // Correcting it clears the message and edits the project.
    field->selectAll();
    QTest::keyClicks(field, QStringLiteral(">=3.10"));
    QTest::keyClick(field, Qt::Key_Return);
    QVERIFY(!message->isVisible());
    QCOMPARE(document.project().metadata().requiresPython.value_or(QString()), QStringLiteral(">=3.10"));
}

void TestMetadataPage::dynamicFieldsAreReadOnlyWithTheReason()
{
    ProjectDocument document;
    QVERIFY(document.load(makeProject("[project]\nname = \"demo\"\ndynamic = [\"version\"]\n")));
    MetadataPage page(document);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *field = page.findChild<QLineEdit *>(QStringLiteral("versionField"));
    QVERIFY(field->isReadOnly());
    auto *message = page.findChild<QLabel *>(QStringLiteral("versionMessage"));
    QVERIFY(message->isVisible());
    QVERIFY(message->text().contains(QStringLiteral("Dynamic")));
    QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("bumpMinor"))->isEnabled());
    QVERIFY(!page.findChild<QLineEdit *>(QStringLiteral("nameField"))->isReadOnly());
}

void TestMetadataPage::bumpUndoRedoAndSaveWithTheDiff()
{
    const QByteArray original = "[project]\nname = \"demo\"\nversion = \"1.4.2\"\ndescription = \"A demo\"\n";
    const QString path = makeProject(original);
    ProjectDocument document;
    QVERIFY(document.load(path));
    MetadataPage page(document);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *version = page.findChild<QLineEdit *>(QStringLiteral("versionField"));
    auto *undo = page.findChild<QPushButton *>(QStringLiteral("undoButton"));
    auto *redo = page.findChild<QPushButton *>(QStringLiteral("redoButton"));
    QCOMPARE(version->text(), QStringLiteral("1.4.2"));
    QVERIFY(!undo->isEnabled());

    const QString minor = Project::bumpVersion(*Metadata::Version::parse(u"1.4.2"), Project::BumpPart::Minor)->toString();
    QVERIFY(minor != QStringLiteral("1.4.2"));
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("bumpMinor")), Qt::LeftButton);
    QCOMPARE(version->text(), minor);
    QTest::mouseClick(undo, Qt::LeftButton);
    QCOMPARE(version->text(), QStringLiteral("1.4.2"));
    QVERIFY(!document.isModified());
    QVERIFY(redo->isEnabled());
    QTest::mouseClick(redo, Qt::LeftButton);
    QCOMPARE(version->text(), minor);

    auto *summary = page.findChild<QLineEdit *>(QStringLiteral("descriptionField"));
    summary->setFocus();
    summary->selectAll();
    QTest::keyClicks(summary, QStringLiteral("A better demo"));
    QTest::keyClick(summary, Qt::Key_Return);

    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    auto *dialog = page.findChild<SaveDiffDialog *>();
    QVERIFY(dialog != nullptr);
    const QByteArray expectedDiff = "--- a/pyproject.toml\n+++ b/pyproject.toml\n@@ -1,4 +1,4 @@\n [project]\n name = \"demo\"\n"
                                    "-version = \"1.4.2\"\n-description = \"A demo\"\n+version = \""
                                    + minor.toUtf8() + "\"\n+description = \"A better demo\"\n";
    QCOMPARE(dialog->findChild<QPlainTextEdit *>(QStringLiteral("diffView"))->toPlainText().toUtf8(), expectedDiff);
    QSignalSpy saved(&document, &ProjectDocument::saved);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("confirmSaveButton")), Qt::LeftButton);
    QCOMPARE(saved.size(), 1);
    QCOMPARE(readFile(path + QStringLiteral("/pyproject.toml")),
             "[project]\nname = \"demo\"\nversion = \"" + minor.toUtf8() + "\"\ndescription = \"A better demo\"\n");
    QVERIFY(!undo->isEnabled());
}

void TestMetadataPage::bumpClassifiersAndDependencyRowSaveTheExactDiff()
{
    const QByteArray original = "[project]\nname = \"demo\"\nversion = \"1.4.2\"\n"
                                "dependencies = [\n    \"requests>=2.0\",\n    \"click\",\n]\n"
                                "classifiers = [\n    \"Development Status :: 4 - Beta\",\n]\n";
    const QString path = makeProject(original);
    ProjectDocument document;
    QVERIFY(document.load(path));
    MetadataPage page(document);
    page.resize(1200, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    ClassifiersPage classifiers(document);
    classifiers.resize(1000, 700);
    classifiers.show();
    QVERIFY(QTest::qWaitForWindowExposed(&classifiers));

    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("bumpMicro")), Qt::LeftButton);
    const QString micro = Project::bumpVersion(*Metadata::Version::parse(u"1.4.2"), Project::BumpPart::Micro)->toString();
    QCOMPARE(page.findChild<QLineEdit *>(QStringLiteral("versionField"))->text(), micro);

    auto *tree = classifiers.findChild<QTreeView *>(QStringLiteral("classifierTree"));
    auto *filter = classifiers.findChild<QLineEdit *>(QStringLiteral("classifierFilter"));
    auto tick = [&](const QString &filterText, const QString &classifier) {
        filter->clear();
        QTest::keyClicks(filter, filterText);
        const QModelIndexList found = tree->model()->match(tree->model()->index(0, 0), ClassifierTreeModel::ClassifierRole,
                                                           classifier, 1, Qt::MatchExactly | Qt::MatchRecursive);
        QVERIFY2(!found.isEmpty(), qPrintable(classifier));
        tree->scrollTo(found.constFirst());
        const QRect rect = tree->visualRect(found.constFirst());
        QStyle *style = tree->style();
        const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, tree) + 1;
        const int width = style->pixelMetric(QStyle::PM_IndicatorWidth, nullptr, tree);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, QPoint(rect.x() + margin + width / 2, rect.center().y()));
    };
    tick(QStringLiteral("3.12"), QStringLiteral("Programming Language :: Python :: 3.12"));
    tick(QStringLiteral("typed"), QStringLiteral("Typing :: Typed"));
    tick(QStringLiteral("beta"), QStringLiteral("Development Status :: 4 - Beta"));

    auto *dependencies = page.findChild<QTableView *>(QStringLiteral("dependenciesTable"));
    QSignalSpy edited(dependencies->model(), &QAbstractItemModel::modelReset);
    typeIntoCell(dependencies, dependencies->model()->index(1, RequirementsModel::RequirementColumn),
                 QStringLiteral("click>=8"));
    QCOMPARE(edited.size(), 1);
    QCOMPARE(document.project().metadata().dependencies,
             QStringList({QStringLiteral("requests>=2.0"), QStringLiteral("click>=8")}));
    QCOMPARE(dependencies->model()->index(1, 0).data().toString(), QStringLiteral("click>=8"));
    QCOMPARE(readFile(path + QStringLiteral("/pyproject.toml")), original); // nothing written yet

    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    auto *dialog = page.findChild<SaveDiffDialog *>();
    QVERIFY(dialog != nullptr);
    const QByteArray expectedDiff = "--- a/pyproject.toml\n+++ b/pyproject.toml\n@@ -1,10 +1,11 @@\n"
                                    " [project]\n name = \"demo\"\n"
                                    "-version = \"1.4.2\"\n+version = \"" + micro.toUtf8() + "\"\n"
                                    " dependencies = [\n     \"requests>=2.0\",\n"
                                    "-    \"click\",\n+    \"click>=8\",\n"
                                    " ]\n classifiers = [\n"
                                    "-    \"Development Status :: 4 - Beta\",\n"
                                    "+    \"Programming Language :: Python :: 3.12\",\n"
                                    "+    \"Typing :: Typed\",\n"
                                    " ]\n";
    QCOMPARE(dialog->findChild<QPlainTextEdit *>(QStringLiteral("diffView"))->toPlainText().toUtf8(), expectedDiff);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("confirmSaveButton")), Qt::LeftButton);
    QCOMPARE(readFile(path + QStringLiteral("/pyproject.toml")),
             "[project]\nname = \"demo\"\nversion = \"" + micro.toUtf8() + "\"\n"
             "dependencies = [\n    \"requests>=2.0\",\n    \"click>=8\",\n]\n"
             "classifiers = [\n    \"Programming Language :: Python :: 3.12\",\n    \"Typing :: Typed\",\n]\n");
}

void TestMetadataPage::invalidDependencyRowShowsItsMessage()
{
    ProjectDocument document;
    QVERIFY(document.load(makeProject("[project]\nname = \"demo\"\nversion = \"1.0\"\n"
                                      "dependencies = [\"requests>=2\"]\n")));
    MetadataPage page(document);
    page.resize(1200, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *view = page.findChild<QTableView *>(QStringLiteral("dependenciesTable"));
    QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(view->model()->rowCount(), 1);
    QVERIFY(view->model()->index(0, RequirementsModel::ProblemColumn).data().toString().isEmpty());

    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("dependenciesTableAdd")), Qt::LeftButton);
    QCOMPARE(view->model()->rowCount(), 2);
    typeIntoOpenEditor(view, QStringLiteral("numpy >= = 1"));
    QCOMPARE(document.project().metadata().dependencies,
             QStringList({QStringLiteral("requests>=2"), QStringLiteral("numpy >= = 1")}));
    const QString expected = findingMessage(document.project(), QStringLiteral("SW328"));
    QVERIFY(!expected.isEmpty());
    const QString shown = view->model()->index(1, RequirementsModel::ProblemColumn).data().toString();
    QVERIFY2(shown.contains(expected), qPrintable(shown));
    QVERIFY(view->model()->index(0, RequirementsModel::ProblemColumn).data().toString().isEmpty());
    QVERIFY(!view->model()->index(1, RequirementsModel::RequirementColumn).data(Qt::DecorationRole).isNull());

    // Correcting the row clears the message.
    typeIntoCell(view, view->model()->index(1, RequirementsModel::RequirementColumn), QStringLiteral("numpy>=1"));
    QVERIFY(view->model()->index(1, RequirementsModel::ProblemColumn).data().toString().isEmpty());
    QCOMPARE(document.project().metadata().dependencies,
             QStringList({QStringLiteral("requests>=2"), QStringLiteral("numpy>=1")}));

    // Removing the selected row removes the element (button, or Delete in the table).
    view->selectRow(0);
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("dependenciesTableRemove")), Qt::LeftButton);
    QCOMPARE(document.project().metadata().dependencies, QStringList({QStringLiteral("numpy>=1")}));
    view->setFocus();
    view->selectRow(0);
    QTest::keyClick(view, Qt::Key_Delete);
    QVERIFY(document.project().metadata().dependencies.isEmpty());
}

void TestMetadataPage::optionalGroupsUrlsAndScriptsWithUndo()
{
    const QByteArray original = "[project]\nname = \"demo\"\nversion = \"1.0\"\n\n"
                                "[project.optional-dependencies]\ntest = [\"pytest\"]\n\n"
                                "[project.urls]\nHomepage = \"https://example.org\"\n";
    ProjectDocument document;
    QVERIFY(document.load(makeProject(original)));
    MetadataPage page(document);
    page.resize(1200, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    auto *groups = page.findChild<QComboBox *>(QStringLiteral("optionalGroupBox"));
    auto *optional = page.findChild<QTableView *>(QStringLiteral("optionalDependenciesTable"));
    QCOMPARE(groups->currentText(), QStringLiteral("test"));
    QCOMPARE(optional->model()->rowCount(), 1);
    QCOMPARE(optional->model()->index(0, 0).data().toString(), QStringLiteral("pytest"));

    // A new group, then a requirement in it.
    auto *newGroup = page.findChild<QLineEdit *>(QStringLiteral("newGroupField"));
    QTest::keyClicks(newGroup, QStringLiteral("docs"));
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("addGroupButton")), Qt::LeftButton);
    QCOMPARE(groups->currentText(), QStringLiteral("docs"));
    QCOMPARE(optional->model()->rowCount(), 0);
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("optionalDependenciesTableAdd")), Qt::LeftButton);
    typeIntoOpenEditor(optional, QStringLiteral("sphinx>=7"));
    QCOMPARE(document.project().metadata().optionalDependencies.size(), 2);
    QCOMPARE(document.project().metadata().optionalDependencies.at(1).first, QStringLiteral("docs"));
    QCOMPARE(document.project().metadata().optionalDependencies.at(1).second, QStringList{QStringLiteral("sphinx>=7")});

    // A URL: label, then URL; an invalid one shows the model's message beside the row.
    auto *urls = page.findChild<QTableView *>(QStringLiteral("urlsTable"));
    QAbstractItemModelTester tester(urls->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("urlsTableAdd")), Qt::LeftButton);
    typeIntoOpenEditor(urls, QStringLiteral("Source"));
    QCOMPARE(document.project().metadata().urls.size(), 1); // not written before it has a URL
    typeIntoCell(urls, urls->model()->index(1, MappingModel::ValueColumn), QStringLiteral("ftp://example.org/src"));
    QCOMPARE(document.project().metadata().urls.size(), 2);
    const QString expected = findingMessage(document.project(), QStringLiteral("SW326"));
    QVERIFY(!expected.isEmpty());
    QVERIFY(urls->model()->index(1, MappingModel::ProblemColumn).data().toString().contains(expected));
    typeIntoCell(urls, urls->model()->index(1, MappingModel::ValueColumn), QStringLiteral("https://example.org/src"));
    QVERIFY(urls->model()->index(1, MappingModel::ProblemColumn).data().toString().isEmpty());
    // Renaming a label is one edit.
    typeIntoCell(urls, urls->model()->index(0, MappingModel::NameColumn), QStringLiteral("Home page"));
    QCOMPARE(document.project().metadata().urls.constLast(),
             std::make_pair(QStringLiteral("Home page"), QStringLiteral("https://example.org")));

    // A script.
    auto *scripts = page.findChild<QTableView *>(QStringLiteral("scriptsTable"));
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("scriptsTableAdd")), Qt::LeftButton);
    typeIntoOpenEditor(scripts, QStringLiteral("demo"));
    typeIntoCell(scripts, scripts->model()->index(0, MappingModel::ValueColumn), QStringLiteral("demo.cli:main"));
    QCOMPARE(document.project().metadata().scripts.size(), 1);
    QCOMPARE(document.project().metadata().scripts.constFirst().reference, QStringLiteral("demo.cli:main"));

    // Undo walks back through every table edit to the file as loaded; redo returns.
    auto *undo = page.findChild<QPushButton *>(QStringLiteral("undoButton"));
    const QByteArray edited = document.project().content();
    int steps = 0;
    while (undo->isEnabled()) {
        QTest::mouseClick(undo, Qt::LeftButton);
        ++steps;
    }
    QCOMPARE(steps, 6); // group, requirement, URL, URL fixed, rename, script
    QCOMPARE(document.project().content(), original);
    QCOMPARE(urls->model()->rowCount(), 1);
    QCOMPARE(scripts->model()->rowCount(), 0);
    auto *redo = page.findChild<QPushButton *>(QStringLiteral("redoButton"));
    while (redo->isEnabled()) {
        QTest::mouseClick(redo, Qt::LeftButton);
    }
    QCOMPARE(document.project().content(), edited);

    // Removing a group.
    groups->setCurrentText(QStringLiteral("test"));
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("removeGroupButton")), Qt::LeftButton);
    QCOMPARE(document.project().metadata().optionalDependencies.size(), 1);
    QCOMPARE(groups->currentText(), QStringLiteral("docs"));
}

void TestMetadataPage::peopleAreShownAndDynamicTablesAreReadOnly()
{
    ProjectDocument document;
    QVERIFY(document.load(makeProject("[project]\nname = \"demo\"\nversion = \"1.0\"\n"
                                      "authors = [{name = \"Ada\", email = \"ada@example.org\"}, {name = \"Bob\"}]\n"
                                      "maintainers = [{email = \"not-an-email\"}]\n"
                                      "dynamic = [\"dependencies\"]\n")));
    MetadataPage page(document);
    page.resize(1200, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *authors = page.findChild<QTableView *>(QStringLiteral("authorsTable"));
    QCOMPARE(authors->model()->rowCount(), 2);
    QCOMPARE(authors->model()->index(0, 0).data().toString(), QStringLiteral("Ada"));
    QCOMPARE(authors->model()->index(0, 1).data().toString(), QStringLiteral("ada@example.org"));
    QCOMPARE(authors->model()->index(1, 0).data().toString(), QStringLiteral("Bob"));
    auto *maintainers = page.findChild<QTableView *>(QStringLiteral("maintainersTable"));
    QCOMPARE(maintainers->model()->rowCount(), 1);
    const QString emailProblem = findingMessage(document.project(), QStringLiteral("SW320"));
    QVERIFY(!emailProblem.isEmpty());
    QVERIFY(maintainers->model()->index(0, 2).data().toString().contains(emailProblem));
    QVERIFY(authors->model()->flags(authors->model()->index(0, 0)) & Qt::ItemIsEditable);
    QVERIFY(page.findChild<QPushButton *>(QStringLiteral("authorsTableAdd"))->isEnabled());

    QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("dependenciesTableAdd"))->isEnabled());
    auto *note = page.findChild<QLabel *>(QStringLiteral("dependenciesTableMessage"));
    QVERIFY(note->isVisible());
    QVERIFY(note->text().contains(QStringLiteral("Dynamic")));
    QVERIFY(page.findChild<QPushButton *>(QStringLiteral("urlsTableAdd"))->isEnabled());
}

void TestMetadataPage::peopleAreEditedInPlace()
{
    const QByteArray original = "[project]\nname = \"demo\"\nversion = \"1.0\"\nauthors = [\n"
                                "    {name = \"Ada\", email = \"ada@example.org\"},  # wrote it\n"
                                "    {name = \"Bob\"},\n]\n";
    ProjectDocument document;
    QVERIFY(document.load(makeProject(original)));
    MetadataPage page(document);
    page.resize(1200, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *authors = page.findChild<QTableView *>(QStringLiteral("authorsTable"));

    // Give Bob an email address, through the cell's editor.
    typeIntoCell(authors, authors->model()->index(1, PeopleModel::EmailColumn), QStringLiteral("bob@example.org"));
    // Add Cy with the Add button: the row is written as soon as it has a name.
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("authorsTableAdd")), Qt::LeftButton);
    typeIntoOpenEditor(authors, QStringLiteral("Cy"));
    QCOMPARE(authors->model()->rowCount(), 3);
    // A maintainer, on a list that did not exist.
    auto *maintainers = page.findChild<QTableView *>(QStringLiteral("maintainersTable"));
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("maintainersTableAdd")), Qt::LeftButton);
    typeIntoOpenEditor(maintainers, QStringLiteral("Dee"));
    QCOMPARE(document.project().content(),
             QByteArray("[project]\nname = \"demo\"\nversion = \"1.0\"\nauthors = [\n"
                        "    {name = \"Ada\", email = \"ada@example.org\"},  # wrote it\n"
                        "    {name = \"Bob\", email = \"bob@example.org\"},\n"
                        "    {name = \"Cy\"},\n]\nmaintainers = [{name = \"Dee\"}]\n"));

    // Delete removes the selected person; undo brings everything back, edit by edit.
    authors->setFocus();
    authors->selectRow(0);
    QTest::keyClick(authors, Qt::Key_Delete);
    QCOMPARE(document.project().metadata().authors.size(), 2);
    QCOMPARE(document.project().metadata().authors.at(0).name, QStringLiteral("Bob"));
    for (int i = 0; i < 4; ++i) {
        QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("undoButton")), Qt::LeftButton);
    }
    QCOMPARE(document.project().content(), original);
}

void TestMetadataPage::licenseCompletesSpdxIdsAndValidatesWhileTyping()
{
    ProjectDocument document;
    QVERIFY(document.load(makeProject("[project]\nname = \"demo\"\nversion = \"1.0\"\n")));
    MetadataPage page(document);
    page.resize(1200, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *field = page.findChild<QLineEdit *>(QStringLiteral("licenseField"));
    auto *message = page.findChild<QLabel *>(QStringLiteral("licenseMessage"));
    field->setFocus();
    QTest::keyClicks(field, QStringLiteral("MIT OR apache-2"));
    // The completer offers the SPDX ids that start with the last word.
    QCompleter *completer = field->completer();
    QVERIFY(completer != nullptr);
    QVERIFY(completer->completionCount() > 0);
    const QString firstId = completer->completionModel()->index(0, 0).data().toString();
    QVERIFY2(Metadata::LicenseExpression::knownLicenseIds().contains(firstId), qPrintable(firstId));
    QVERIFY(firstId.startsWith(QStringLiteral("Apache-2"), Qt::CaseInsensitive));
    // Choosing it replaces only the last word.
    QCOMPARE(completer->currentCompletion(), QStringLiteral("MIT OR ") + firstId);
    QVERIFY(message->isVisible());
    QVERIFY(message->text().contains(QStringLiteral("Not a valid SPDX expression"))); // "apache-2" is no id
    QTest::keyClicks(field, QStringLiteral(".0"));
    const auto canonical = Metadata::LicenseExpression::parse(u"MIT OR apache-2.0");
    QVERIFY(canonical.has_value());
    QVERIFY2(message->text().contains(canonical->canonical()), qPrintable(message->text()));
    QTest::keyClick(field, Qt::Key_Return);
    QCOMPARE(document.project().metadata().license.expression, QStringLiteral("MIT OR apache-2.0"));

    // The legacy table is edited in place; clearing it makes room for an expression.
    ProjectDocument legacy;
    QVERIFY(legacy.load(makeProject("[project]\nname = \"demo\"\nversion = \"1.0\"\nlicense = {text = \"BSD\"}\n")));
    MetadataPage legacyPage(legacy);
    legacyPage.show();
    QVERIFY(QTest::qWaitForWindowExposed(&legacyPage));
    auto *legacyField = legacyPage.findChild<QLineEdit *>(QStringLiteral("licenseField"));
    QCOMPARE(legacyField->text(), QStringLiteral("BSD"));
    QVERIFY(!legacyField->isReadOnly());
    QVERIFY(legacyPage.findChild<QLabel *>(QStringLiteral("licenseMessage"))->text().contains(QStringLiteral("Legacy")));
    legacyField->setFocus();
    legacyField->selectAll();
    QTest::keyClicks(legacyField, QStringLiteral("BSD License"));
    QTest::keyClick(legacyField, Qt::Key_Return);
    QCOMPARE(legacy.project().metadata().license.text, QStringLiteral("BSD License"));
    QVERIFY(legacy.project().content().contains("license = {text = \"BSD License\"}"));
    legacyField->selectAll();
    QTest::keyClick(legacyField, Qt::Key_Delete);
    QTest::keyClick(legacyField, Qt::Key_Return);
    QCOMPARE(legacy.project().metadata().license.kind, Project::License::Kind::None);
}

void TestMetadataPage::externalChangeWithEditsOffersReloadOrKeepMine()
{
    const QByteArray original = "[project]\nname = \"demo\"\nversion = \"1.0\"\ndescription = \"A demo\"\n";
    const QString path = makeProject(original);
    const QString file = path + QStringLiteral("/pyproject.toml");
    ProjectDocument document;
    QVERIFY(document.load(path));
    MetadataPage page(document);
    page.resize(1200, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *bar = page.findChild<QFrame *>(QStringLiteral("externalChangeBar"));
    QVERIFY(!bar->isVisible());

    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("bumpMajor")), Qt::LeftButton);
    const QString major = document.project().metadata().version.value_or(QString());
    QVERIFY(major != QStringLiteral("1.0"));

    // Someone else changes the summary, saving the way editors do.
    QSignalSpy pending(&document, &ProjectDocument::externalChangePending);
    QVERIFY(replaceFile(file, "[project]\nname = \"demo\"\nversion = \"1.0\"\ndescription = \"Changed elsewhere\"\n"));
    QVERIFY(pending.wait());
    QVERIFY(bar->isVisible());
    QVERIFY(page.findChild<QPushButton *>(QStringLiteral("keepMineButton"))->isVisible());
    QCOMPARE(document.project().metadata().version.value_or(QString()), major); // nothing lost

    // Keep Mine: my bump on top of their summary; the diff is against the file as it is now.
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("keepMineButton")), Qt::LeftButton);
    QVERIFY(!bar->isVisible());
    QCOMPARE(document.project().metadata().version.value_or(QString()), major);
    QCOMPARE(document.project().metadata().description.value_or(QString()), QStringLiteral("Changed elsewhere"));
    QCOMPARE(page.findChild<QLineEdit *>(QStringLiteral("descriptionField"))->text(), QStringLiteral("Changed elsewhere"));
    QVERIFY(document.save());
    QCOMPARE(readFile(file), "[project]\nname = \"demo\"\nversion = \"" + major.toUtf8()
                                 + "\"\ndescription = \"Changed elsewhere\"\n");

    // Reload: their file wins and my edit is dropped.
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("bumpMinor")), Qt::LeftButton);
    QVERIFY(document.isModified());
    QVERIFY(replaceFile(file, original));
    QVERIFY(pending.wait());
    QVERIFY(bar->isVisible());
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("reloadButton")), Qt::LeftButton);
    QVERIFY(!bar->isVisible());
    QVERIFY(!document.isModified());
    QCOMPARE(document.project().content(), original);
    QCOMPARE(page.findChild<QLineEdit *>(QStringLiteral("versionField"))->text(), QStringLiteral("1.0"));
}

void TestMetadataPage::externalChangeWithoutEditsReloads()
{
    const QString path = makeProject("[project]\nname = \"demo\"\nversion = \"1.0\"\n");
    ProjectDocument document;
    QVERIFY(document.load(path));
    MetadataPage page(document);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QSignalSpy reloaded(&document, &ProjectDocument::reloadedFromDisk);
    QVERIFY(writeFile(path + QStringLiteral("/pyproject.toml"), "[project]\nname = \"demo\"\nversion = \"2.0\"\n"));
    QVERIFY(reloaded.wait());
    QCOMPARE(page.findChild<QLineEdit *>(QStringLiteral("versionField"))->text(), QStringLiteral("2.0"));
    QVERIFY(page.findChild<QFrame *>(QStringLiteral("externalChangeBar"))->isVisible());
    QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("keepMineButton"))->isVisible());

    // Our own save is not an external change.
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("bumpMajor")), Qt::LeftButton);
    QSignalSpy pending(&document, &ProjectDocument::externalChangePending);
    QVERIFY(document.save());
    QVERIFY(!pending.wait(500));
    QCOMPARE(reloaded.size(), 1);
}

void TestMetadataPage::keepMineThatNoLongerAppliesKeepsEverything()
{
    const QString path = makeProject("[project]\nname = \"demo\"\nversion = \"1.0\"\ndependencies = [\"click\"]\n");
    const QString file = path + QStringLiteral("/pyproject.toml");
    ProjectDocument document;
    QVERIFY(document.load(path));
    MetadataPage page(document);
    page.resize(1200, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *view = page.findChild<QTableView *>(QStringLiteral("dependenciesTable"));
    typeIntoCell(view, view->model()->index(0, RequirementsModel::RequirementColumn), QStringLiteral("click>=8"));
    const QByteArray mine = document.project().content();

    // Someone else drops the requirement my edit changes.
    QSignalSpy pending(&document, &ProjectDocument::externalChangePending);
    const QByteArray theirs = "[project]\nname = \"demo\"\nversion = \"1.0\"\ndependencies = [\"rich\"]\n";
    QVERIFY(replaceFile(file, theirs));
    QVERIFY(pending.wait());
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("keepMineButton")), Qt::LeftButton);
    // Nothing is lost: my edits stay, the bar stays with the reason, the file is theirs.
    auto *bar = page.findChild<QFrame *>(QStringLiteral("externalChangeBar"));
    QVERIFY(bar->isVisible());
    QVERIFY2(page.findChild<QLabel *>(QStringLiteral("externalChangeText"))->text().contains(QStringLiteral("click")),
             qPrintable(page.findChild<QLabel *>(QStringLiteral("externalChangeText"))->text()));
    QCOMPARE(document.project().content(), mine);
    QVERIFY(document.hasExternalChange());
    QCOMPARE(readFile(file), theirs);
    // Saving over their change is refused too, until reload or keep mine.
    QVERIFY(!document.save());
    QCOMPARE(readFile(file), theirs);
}

QTEST_MAIN(TestMetadataPage)
#include "testmetadatapage.moc"
