// SPDX-License-Identifier: GPL-3.0-or-later
// The README page, driven through its real widgets (offscreen), on projects made here.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>

#include "core/check/descriptionrules.h"
#include "core/readme/renderer.h"
#include "ui/pages/incrementalhtmldocument.h"
#include "ui/pages/readmepage.h"
#include "ui/projectdocument.h"

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

// A long README with a table in every section: its preview is set in parts.
QByteArray longReadme(const QByteArray &paragraph250)
{
    QByteArray text = "# Demo\n\n";
    for (int i = 0; i < 400; ++i) {
        const QByteArray number = QByteArray::number(i);
        text += "## Section " + number + "\n\n"
                + (i == 250 ? paragraph250 : "Paragraph " + number + " of the long README.")
                + "\n\n| key | value |\n|---|---|\n| section | " + number + " |\n\n- one\n- two\n\n";
    }
    return text;
}

// Where the preview differs from a full setHtml of what source renders to (empty: nowhere).
QString differenceFromFullSetHtml(const QTextBrowser *preview, const QByteArray &source)
{
    QTextBrowser reference;
    reference.document()->setDefaultStyleSheet(preview->document()->defaultStyleSheet());
    reference.setHtml(IncrementalHtmlDocument::documentHtml(Readme::renderMarkdown(QString::fromUtf8(source)).html));
    if (preview->document()->characterCount() != reference.document()->characterCount()) {
        return QStringLiteral("%1 positions, expected %2")
            .arg(preview->document()->characterCount())
            .arg(reference.document()->characterCount());
    }
    return preview->toHtml() == reference.toHtml() ? QString() : QStringLiteral("the HTML differs");
}

bool showPage(ReadmePage &page)
{
    page.resize(1000, 700);
    page.show();
    return QTest::qWaitForWindowExposed(&page);
}

} // namespace

class TestReadmePage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void previewFollowsTheFileOnDisk_data();
    void previewFollowsTheFileOnDisk();
    void clickingAFindingSelectsItsLine();
    void contentTypeSwitchChangesThePreviewOnly();
    void missingReadmeIsExplained();
    void styleSheetFollowsThePalette();
    void hiddenPageRendersWhenShown();
    void anEditOnDiskUpdatesOnlyWhatChanged();
    void aLongReadmeComesInPartsAsOneSetHtmlGives();

private:
    QString makeProject(const QByteArray &readmeKey, const QByteArray &readme = {});

    QTemporaryDir m_dir;
    int m_projects = 0;
};

QString TestReadmePage::makeProject(const QByteArray &readmeKey, const QByteArray &readme)
{
    const QString path = m_dir.filePath(QStringLiteral("project-%1").arg(++m_projects));
    QDir().mkpath(path);
    writeFile(path + QStringLiteral("/pyproject.toml"),
              "[project]\nname = \"demo\"\nversion = \"1.0\"\n" + readmeKey);
    if (!readme.isNull()) {
        writeFile(path + QStringLiteral("/README.md"), readme);
    }
    return path;
}

void TestReadmePage::previewFollowsTheFileOnDisk_data()
{
    QTest::addColumn<bool>("replaceByRename");
    QTest::addRow("written in place") << false;
    QTest::addRow("replaced by rename") << true;
}

void TestReadmePage::previewFollowsTheFileOnDisk()
{
    QFETCH(bool, replaceByRename);
    const QString path = makeProject("readme = \"README.md\"\n", "# Demo\n\nThe first text.\n");
    ProjectDocument document;
    QVERIFY(document.load(path));
    ReadmePage page(document);
    QVERIFY(showPage(page));
    auto *preview = page.findChild<QTextBrowser *>(QStringLiteral("readmePreview"));
    auto *source = page.findChild<QPlainTextEdit *>(QStringLiteral("readmeSource"));
    QTRY_VERIFY(preview->toPlainText().contains(QStringLiteral("The first text.")));
    QCOMPARE(source->toPlainText(), QStringLiteral("# Demo\n\nThe first text.\n"));
    QVERIFY2(preview->toPlainText().startsWith(QStringLiteral("Demo")), qPrintable(preview->toPlainText()));

    const QString readme = path + QStringLiteral("/README.md");
    const QByteArray second = "# Demo\n\nThe second text, with a | table |\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    if (replaceByRename) {
        const QString temporary = path + QStringLiteral("/.README.md.swp");
        QVERIFY(writeFile(temporary, second));
        QVERIFY(QFile::remove(readme));
        QVERIFY(QFile::rename(temporary, readme));
    } else {
        QVERIFY(writeFile(readme, second));
    }
    QTRY_VERIFY(preview->toPlainText().contains(QStringLiteral("The second text")));
    QVERIFY(!preview->toPlainText().contains(QStringLiteral("The first text.")));
    QCOMPARE(source->toPlainText(), QString::fromUtf8(second));

    // And again: the watch survives the first change.
    QVERIFY(writeFile(readme, "# Demo\n\nThe third text.\n"));
    QTRY_VERIFY(preview->toPlainText().contains(QStringLiteral("The third text.")));
}

void TestReadmePage::clickingAFindingSelectsItsLine()
{
    const QString path = makeProject("readme = \"README.md\"\n",
                                     "# Demo\n\nSome text.\n\n![logo](docs/logo.png)\n\nMore text.\n");
    ProjectDocument document;
    QVERIFY(document.load(path));
    ReadmePage page(document);
    QVERIFY(showPage(page));
    auto *findings = page.findChild<QListWidget *>(QStringLiteral("readmeFindings"));
    auto *source = page.findChild<QPlainTextEdit *>(QStringLiteral("readmeSource"));
    // The check engine's rule for the relative image, as `slipway check` reports it.
    const QString source5 = QStringLiteral("# Demo\n\nSome text.\n\n![logo](docs/logo.png)\n\nMore text.\n");
    const auto checked = Check::verifyDescriptionInProcess({source5, QStringLiteral("text/markdown")});
    QVERIFY(checked.has_value());
    QString imageCode;
    for (const Check::Finding &finding : *checked) {
        if (finding.message.contains(QStringLiteral("line 5"))) {
            imageCode = finding.code;
        }
    }
    QVERIFY(imageCode.startsWith(QStringLiteral("SW4")));
    QListWidgetItem *imageFinding = nullptr;
    QTRY_VERIFY([&] {
        for (int row = 0; row < findings->count(); ++row) {
            if (findings->item(row)->text().startsWith(imageCode + QStringLiteral("  line 5: "))) {
                imageFinding = findings->item(row);
            }
        }
        return imageFinding != nullptr;
    }());
    QVERIFY2(imageFinding->text().contains(QStringLiteral("docs/logo.png")), qPrintable(imageFinding->text()));
    findings->scrollToItem(imageFinding);
    QTest::mouseClick(findings->viewport(), Qt::LeftButton, {}, findings->visualItemRect(imageFinding).center());
    QCOMPARE(source->textCursor().blockNumber(), 4);
    QCOMPARE(source->textCursor().selectedText(), QStringLiteral("![logo](docs/logo.png)"));
    QVERIFY(source->hasFocus());

    // The findings follow the file on disk: a relative link on line 3 appears, the image goes.
    QVERIFY(writeFile(path + QStringLiteral("/README.md"), "# Demo\n\nSee [the docs](docs/index.md).\n"));
    QTRY_VERIFY([&] {
        bool link = false;
        bool image = false;
        for (int row = 0; row < findings->count(); ++row) {
            link = link || findings->item(row)->text().contains(QStringLiteral("line 3: "));
            image = image || findings->item(row)->text().contains(QStringLiteral("line 5: "));
        }
        return link && !image;
    }());
}

void TestReadmePage::contentTypeSwitchChangesThePreviewOnly()
{
    const QString path = makeProject("readme = \"README.md\"\n", "# Heading\n\n*stress*\n");
    const QByteArray pyproject = [&] {
        QFile file(path + QStringLiteral("/pyproject.toml"));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    ProjectDocument document;
    QVERIFY(document.load(path));
    ReadmePage page(document);
    QVERIFY(showPage(page));
    auto *preview = page.findChild<QTextBrowser *>(QStringLiteral("readmePreview"));
    auto *types = page.findChild<QComboBox *>(QStringLiteral("contentTypeBox"));
    QCOMPARE(types->currentData().toString(), QStringLiteral("text/markdown; charset=UTF-8; variant=GFM"));
    QTRY_VERIFY(preview->toPlainText().startsWith(QStringLiteral("Heading")));

    types->setFocus();
    const int plain = types->findData(QStringLiteral("text/plain"));
    QVERIFY(plain > types->currentIndex());
    for (int i = types->currentIndex(); i < plain; ++i) {
        QTest::keyClick(types, Qt::Key_Down);
    }
    QCOMPARE(types->currentIndex(), plain);
    QTRY_VERIFY(preview->toPlainText().startsWith(QStringLiteral("# Heading")));
    QVERIFY(preview->toPlainText().contains(QStringLiteral("*stress*")));
    QVERIFY(!document.isModified());
    QFile file(path + QStringLiteral("/pyproject.toml"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), pyproject);
}

void TestReadmePage::missingReadmeIsExplained()
{
    ProjectDocument document;
    QVERIFY(document.load(makeProject({})));
    ReadmePage page(document);
    auto *preview = page.findChild<QTextBrowser *>(QStringLiteral("readmePreview"));
    QVERIFY2(preview->toPlainText().contains(QStringLiteral("The project declares no readme.")), qPrintable(preview->toPlainText()));

    ProjectDocument missing;
    QVERIFY(missing.load(makeProject("readme = \"README.md\"\n")));
    ReadmePage missingPage(missing);
    preview = missingPage.findChild<QTextBrowser *>(QStringLiteral("readmePreview"));
    QVERIFY2(preview->toPlainText().contains(QStringLiteral("README.md does not exist.")), qPrintable(preview->toPlainText()));
}

void TestReadmePage::styleSheetFollowsThePalette()
{
    QPalette light;
    light.setColor(QPalette::Text, QColor(0x11, 0x11, 0x11));
    light.setColor(QPalette::Base, QColor(0xff, 0xff, 0xff));
    light.setColor(QPalette::Link, QColor(0x00, 0x66, 0xcc));
    QPalette dark;
    dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::Link, QColor(0x66, 0xaa, 0xff));
    const QString lightSheet = ReadmePage::previewStyleSheet(light);
    const QString darkSheet = ReadmePage::previewStyleSheet(dark);
    QVERIFY(lightSheet.contains(QStringLiteral("color: #0066cc")));
    QVERIFY(darkSheet.contains(QStringLiteral("color: #66aaff")));
    QVERIFY(!darkSheet.contains(QStringLiteral("#ffffff")));
    QVERIFY(lightSheet != darkSheet);

    // The body text has no colour of its own: the preview paints it in the palette's.
    const QString path = makeProject("readme = \"README.md\"\n", "# Demo\n\nPlain text.\n");
    ProjectDocument document;
    QVERIFY(document.load(path));
    ReadmePage page(document);
    page.setPalette(dark);
    QVERIFY(showPage(page));
    auto *preview = page.findChild<QTextBrowser *>(QStringLiteral("readmePreview"));
    QTRY_VERIFY(preview->toPlainText().contains(QStringLiteral("Plain text.")));
    QCOMPARE(preview->document()->defaultStyleSheet(), ReadmePage::previewStyleSheet(page.palette()));
    QCOMPARE(preview->palette().color(QPalette::Text), QColor(0xee, 0xee, 0xee));
    const QTextBlock paragraph = preview->document()->findBlockByNumber(1);
    QCOMPARE(paragraph.text(), QStringLiteral("Plain text."));
    QVERIFY(!paragraph.begin().fragment().charFormat().hasProperty(QTextFormat::ForegroundBrush));
}

void TestReadmePage::hiddenPageRendersWhenShown()
{
    const QString path = makeProject("readme = \"README.md\"\n", "# Hidden\n\nNot rendered until shown.\n");
    ProjectDocument document;
    ReadmePage page(document);
    QSignalSpy rendered(&page, &ReadmePage::rendered);
    QVERIFY(document.load(path));
    QVERIFY(!rendered.wait(300)); // nothing to look at, nothing rendered
    auto *preview = page.findChild<QTextBrowser *>(QStringLiteral("readmePreview"));
    QVERIFY(!preview->toPlainText().contains(QStringLiteral("Not rendered until shown.")));
    page.show();
    QVERIFY(rendered.wait());
    QVERIFY(preview->toPlainText().contains(QStringLiteral("Not rendered until shown.")));
}

void TestReadmePage::anEditOnDiskUpdatesOnlyWhatChanged()
{
    const auto readme = [](const QByteArray &paragraph100) {
        QByteArray text = "# Demo\n\n";
        for (int i = 0; i < 200; ++i) {
            const QByteArray number = QByteArray::number(i);
            text += "## Section " + number + "\n\n"
                    + (i == 100 ? paragraph100 : "Paragraph " + number + " of the long README.") + "\n\n- one\n- two\n\n";
        }
        return text;
    };
    const QString path = makeProject("readme = \"README.md\"\n", readme("Paragraph 100 of the long README."));
    ProjectDocument document;
    QVERIFY(document.load(path));
    ReadmePage page(document);
    QVERIFY(showPage(page));
    auto *preview = page.findChild<QTextBrowser *>(QStringLiteral("readmePreview"));
    QTRY_VERIFY(preview->toPlainText().contains(QStringLiteral("Paragraph 199 of the long README.")));
    QTRY_VERIFY(page.canUpdatePreviewPartially()); // the element map is made off the UI thread

    // The maintainer reads the middle of the page while editing a paragraph above the fold.
    QScrollBar *scrollBar = preview->verticalScrollBar();
    scrollBar->setValue(scrollBar->maximum() / 2);
    const int scroll = scrollBar->value();
    QVERIFY(scroll > 0);
    QTextCursor later = preview->document()->find(QStringLiteral("Paragraph 150 of"));
    QVERIFY(!later.isNull());
    auto *source = page.findChild<QPlainTextEdit *>(QStringLiteral("readmeSource"));
    QTextCursor laterSource = source->document()->find(QStringLiteral("Paragraph 150 of"));
    QVERIFY(!laterSource.isNull());

    const QByteArray edited = readme("Paragraph 100, **changed** on disk.");
    QVERIFY(writeFile(path + QStringLiteral("/README.md"), edited));
    QTRY_VERIFY(preview->toPlainText().contains(QStringLiteral("Paragraph 100, changed on disk.")));
    QVERIFY(!preview->toPlainText().contains(QStringLiteral("Paragraph 100 of the long README.")));
    QCOMPARE(scrollBar->value(), scroll);
    // The source view took the changed line only, and shows the file.
    QCOMPARE(source->toPlainText(), QString::fromUtf8(edited));
    QVERIFY(laterSource.block().text().startsWith(QStringLiteral("Paragraph 150 of")));
    // Only the paragraph was replaced: a cursor in a later block is still there (setHtml would
    // have cleared the document and put it at the start).
    QVERIFY(later.block().text().startsWith(QStringLiteral("Paragraph 150 of")));
    // And the preview is the document a full setHtml gives.
    QTextBrowser reference;
    reference.document()->setDefaultStyleSheet(preview->document()->defaultStyleSheet());
    reference.setHtml(IncrementalHtmlDocument::documentHtml(Readme::renderMarkdown(QString::fromUtf8(edited)).html));
    QCOMPARE(preview->toHtml(), reference.toHtml());
}

void TestReadmePage::aLongReadmeComesInPartsAsOneSetHtmlGives()
{
    const QByteArray original = longReadme("Paragraph 250 of the long README.");
    const QString path = makeProject("readme = \"README.md\"\n", original);
    ProjectDocument document;
    QVERIFY(document.load(path));
    ReadmePage page(document);
    page.setReloadDelay(0);
    QSignalSpy rendered(&page, &ReadmePage::rendered);
    QSignalSpy completed(&page, &ReadmePage::previewCompleted);
    QVERIFY(showPage(page));
    auto *preview = page.findChild<QTextBrowser *>(QStringLiteral("readmePreview"));
    QVERIFY(rendered.wait());
    // The top shows at once, the rest comes from the event loop.
    QVERIFY(!page.isPreviewComplete());
    QVERIFY(preview->toPlainText().contains(QStringLiteral("Paragraph 1 of the long README.")));
    QVERIFY(!preview->toPlainText().contains(QStringLiteral("Paragraph 399 of the long README.")));
    QVERIFY(completed.isEmpty());
    QVERIFY(!page.canUpdatePreviewPartially());

    // An edit on disk while the parts come in: the fill starts again with the new README.
    const QByteArray edited = longReadme("Paragraph 250, **changed** while the preview came in.");
    QVERIFY(writeFile(path + QStringLiteral("/README.md"), edited));
    QTRY_VERIFY(preview->toPlainText().contains(QStringLiteral("Paragraph 250, changed while the preview came in.")));
    QTRY_VERIFY(page.isPreviewComplete());
    QVERIFY(!completed.isEmpty());
    QCOMPARE(differenceFromFullSetHtml(preview, edited), QString());

    // Once complete, its element map is made and live edits update it in place, exactly.
    QTRY_VERIFY(page.canUpdatePreviewPartially());
    QVERIFY(writeFile(path + QStringLiteral("/README.md"), original));
    QTRY_VERIFY(preview->toPlainText().contains(QStringLiteral("Paragraph 250 of the long README.")));
    QVERIFY(page.isPreviewComplete());
    QCOMPARE(differenceFromFullSetHtml(preview, original), QString());

    // The README replaced wholesale while the reader is in the middle of it: the position is
    // kept as the parts come in below the top.
    QScrollBar *scrollBar = preview->verticalScrollBar();
    scrollBar->setValue(scrollBar->maximum() / 2);
    const int scroll = scrollBar->value();
    QVERIFY(scroll > 0);
    const QByteArray replaced = QByteArray(original).replace("of the", "from the");
    QVERIFY(writeFile(path + QStringLiteral("/README.md"), replaced));
    QTRY_VERIFY(preview->toPlainText().contains(QStringLiteral("Paragraph 1 from the long README.")));
    QTRY_VERIFY(page.isPreviewComplete());
    QCOMPARE(scrollBar->value(), scroll);
    QCOMPARE(differenceFromFullSetHtml(preview, replaced), QString());

    // A message (the README gone) while the parts of another come in ends the fill.
    QVERIFY(writeFile(path + QStringLiteral("/README.md"), longReadme("Another README.").replace("of the", "in another")));
    rendered.clear();
    QVERIFY(rendered.wait());
    QVERIFY(!page.isPreviewComplete());
    QVERIFY(QFile::remove(path + QStringLiteral("/README.md")));
    QTRY_VERIFY(preview->toPlainText().contains(QStringLiteral("does not exist")));
    QVERIFY(page.isPreviewComplete());
    QTest::qWait(50); // no part of the README comes after the message
    QVERIFY(!preview->toPlainText().contains(QStringLiteral("Section")));
}

QTEST_MAIN(TestReadmePage)
#include "testreadmepage.moc"
