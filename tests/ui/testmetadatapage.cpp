// SPDX-License-Identifier: GPL-3.0-or-later
// The Metadata page, driven through its real widgets (offscreen), on projects made here.
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "core/metadata/version.h"
#include "core/project/versionbump.h"
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

} // namespace

class TestMetadataPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void invalidRequiresPythonInTheFileShowsBesideTheField();
    void typingAnInvalidRequiresPythonShowsItsMessage();
    void dynamicFieldsAreReadOnlyWithTheReason();
    void bumpUndoRedoAndSaveWithTheDiff();

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

QTEST_MAIN(TestMetadataPage)
#include "testmetadatapage.moc"
