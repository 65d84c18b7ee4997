// SPDX-License-Identifier: GPL-3.0-or-later
// IncrementalHtmlDocument: after any sequence of edits of a README, the preview document is the
// one a full setHtml of the new HTML gives, to the last format (compared through toHtml()).
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>

#include "core/readme/renderer.h"
#include "ui/pages/incrementalhtmldocument.h"
#include "ui/pages/readmepage.h"

namespace {

const QStringList words { QStringLiteral("release"), QStringLiteral("wheel"), QStringLiteral("metadata"),
    QStringLiteral("archive"), QStringLiteral("upload"), QStringLiteral("index"), QStringLiteral("version"),
    QStringLiteral("record"), QStringLiteral("render"), QStringLiteral("python"), QStringLiteral("marker"),
    QStringLiteral("license") };

// A README as Markdown blocks (joined by blank lines), and edits of the kinds a maintainer makes.
class ReadmeGenerator
{
public:
    explicit ReadmeGenerator(quint32 seed)
        : m_random(seed)
    {
    }

    QString words(int count)
    {
        QStringList out;
        for (int i = 0; i < count; ++i) {
            out.append(::words.at(m_random.bounded(int(::words.size()))));
        }
        return out.join(u' ');
    }

    QString block()
    {
        switch (m_random.bounded(9)) {
        case 0:
            return QStringLiteral("## %1").arg(words(3));
        case 1: {
            QString list;
            for (int i = 0, n = 1 + m_random.bounded(5); i < n; ++i) {
                list += QStringLiteral("- %1\n").arg(words(5));
            }
            return list.trimmed();
        }
        case 2: {
            QString code = QStringLiteral("```python\n");
            for (int i = 0, n = 1 + m_random.bounded(4); i < n; ++i) {
                code += QStringLiteral("def f%1(x):\n    return x * %1\n").arg(i);
            }
            return code + QStringLiteral("```");
        }
        case 3: {
            QString table = QStringLiteral("| a | b |\n|---|---|\n");
            for (int i = 0, n = 1 + m_random.bounded(4); i < n; ++i) {
                table += QStringLiteral("| %1 | %2 |\n").arg(words(1), words(2));
            }
            return table.trimmed();
        }
        case 4:
            return QStringLiteral("> %1").arg(words(12));
        case 5:
            return QStringLiteral("1. %1\n2. %2").arg(words(4), words(4));
        case 6:
            return QStringLiteral("See [the docs](https://example.org/%1) and `code` with **%2**.")
                .arg(m_random.bounded(100))
                .arg(words(2));
        case 7:
            return QStringLiteral("---");
        default:
            return words(10 + m_random.bounded(30)) + QStringLiteral(".");
        }
    }

    QStringList readme(int blocks)
    {
        QStringList out { QStringLiteral("# demo") };
        for (int i = 0; i < blocks; ++i) {
            out.append(block());
        }
        return out;
    }

    // One edit: change, insert or delete a block, or change a line inside one.
    void edit(QStringList &blocks)
    {
        const int at = m_random.bounded(int(blocks.size()));
        switch (m_random.bounded(5)) {
        case 0:
            blocks.insert(at, block());
            break;
        case 1:
            if (blocks.size() > 2) {
                blocks.removeAt(at);
            }
            break;
        case 2:
            blocks[at] = block();
            break;
        case 3: {
            // A line inside the block: a list item, a table row, a line of code, a word.
            QStringList lines = blocks.at(at).split(u'\n');
            const int line = m_random.bounded(int(lines.size()));
            if (lines.at(line).startsWith(QStringLiteral("- "))) {
                lines.insert(line + 1, QStringLiteral("- %1").arg(words(4)));
            } else if (lines.at(line).startsWith(QStringLiteral("| ")) && line >= 2) {
                if (m_random.bounded(2) == 0) {
                    lines.removeAt(line);
                } else {
                    lines.insert(line, QStringLiteral("| %1 | %2 |").arg(words(1), words(1)));
                }
            } else if (!lines.at(line).startsWith(QStringLiteral("```")) && !lines.at(line).startsWith(u'|')) {
                lines[line] += u' ' + words(2);
            }
            blocks[at] = lines.join(u'\n');
            break;
        }
        default:
            blocks[at] += u' ' + words(3);
            break;
        }
    }

private:
    QRandomGenerator m_random;
};

// The first line where two documents' HTML differ, with its neighbours, for a readable failure.
QString firstDifference(const QString &actual, const QString &expected)
{
    const QStringList a = actual.split(u'\n');
    const QStringList b = expected.split(u'\n');
    for (qsizetype i = 0; i < qMax(a.size(), b.size()); ++i) {
        if (a.value(i) != b.value(i)) {
            return QStringLiteral("line %1\nactual:   %2\nexpected: %3\nbefore:   %4")
                .arg(i + 1)
                .arg(a.value(i), b.value(i), a.value(i - 1));
        }
    }
    return {};
}

QString render(const QStringList &blocks)
{
    return Readme::renderMarkdown(blocks.join(QStringLiteral("\n\n")) + u'\n').html;
}

// A preview as the README page keeps it: a QTextBrowser, set in full or updated in place.
class Preview
{
public:
    Preview()
        : m_incremental(m_browser.document())
    {
        m_browser.document()->setDefaultStyleSheet(m_styleSheet);
    }

    void setInFull(const QString &body)
    {
        m_browser.setHtml(IncrementalHtmlDocument::documentHtml(body));
        m_incremental.resetTo(body);
        m_incremental.setElementStarts(
            m_incremental.elements(), IncrementalHtmlDocument::elementStarts(m_incremental.elements(), m_styleSheet));
    }

    // Sets body in parts as the README page does, firstCharacters of HTML first and then about
    // partCharacters a step; false when body cannot be set in parts (then it is set in full).
    bool fillInParts(const QString &body, qsizetype firstCharacters, qsizetype partCharacters)
    {
        const std::optional<QString> first = m_incremental.startFill(body, firstCharacters);
        if (!first) {
            setInFull(body);
            return false;
        }
        m_browser.setHtml(*first);
        while (m_incremental.isFilling()) {
            if (!m_incremental.fillMore(partCharacters)) {
                setInFull(body);
                return false;
            }
            ++m_fillSteps;
        }
        // The element map, as the page makes it once the fill is complete.
        m_incremental.setElementStarts(
            m_incremental.elements(), IncrementalHtmlDocument::elementStarts(m_incremental.elements(), m_styleSheet));
        return true;
    }
    int fillSteps() const { return m_fillSteps; }

    // Whether the update was partial.
    bool show(const QString &body)
    {
        if (m_incremental.updateTo(body)) {
            return true;
        }
        setInFull(body);
        return false;
    }

    // Where the preview differs from a full setHtml of body (empty: nowhere).
    QString differenceFromFullSetHtml(const QString &body) const
    {
        QTextBrowser reference;
        reference.document()->setDefaultStyleSheet(m_styleSheet);
        reference.setHtml(IncrementalHtmlDocument::documentHtml(body));
        if (m_browser.document()->characterCount() != reference.document()->characterCount()) {
            return QStringLiteral("%1 positions, expected %2")
                .arg(m_browser.document()->characterCount())
                .arg(reference.document()->characterCount());
        }
        return firstDifference(m_browser.toHtml(), reference.toHtml());
    }

    IncrementalHtmlDocument &incremental() { return m_incremental; }

private:
    const QString m_styleSheet = ReadmePage::previewStyleSheet(QPalette());
    QTextBrowser m_browser;
    IncrementalHtmlDocument m_incremental;
    int m_fillSteps = 0;
};

// Raw HTML as READMEs have it: a badge and an anchor outside paragraphs, a collapsed section, a
// centred block.
const QStringList rawHtmlBlocks { QStringLiteral("<img src=\"https://example.org/badge.svg\" alt=\"badge\">"),
    QStringLiteral("<a name=\"install\"></a>"),
    QStringLiteral("<details>\n<summary>More</summary>\n\nHidden text.\n\n</details>"),
    QStringLiteral("<div align=\"center\">\n<b>centred</b> text\n</div>") };

} // namespace

class TestIncrementalHtmlDocument final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitsTheTopLevelElements_data();
    void splitsTheTopLevelElements();
    void elementStartsMatchTheWholeDocument();
    void randomEditsGiveTheDocumentOfAFullSetHtml_data();
    void randomEditsGiveTheDocumentOfAFullSetHtml();
    void refusesWithoutAMapOrForLargeChanges();
    void editsAtTheEndAreUpdatedInPlace();
    void rawHtmlBlocksGiveTheDocumentOfAFullSetHtml();
    void fillingInPartsGivesTheDocumentOfAFullSetHtml_data();
    void fillingInPartsGivesTheDocumentOfAFullSetHtml();
    void reStructuredTextHtmlIsFilledExactlyOrSetInFull_data();
    void reStructuredTextHtmlIsFilledExactlyOrSetInFull();
};

void TestIncrementalHtmlDocument::splitsTheTopLevelElements_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QStringList>("elements");
    QTest::addColumn<bool>("structured");
    QTest::addRow("blocks") << QStringLiteral("<h1>T</h1>\n<p>a <b>b</b></p>\n<hr>\n<ul>\n<li>x</li>\n</ul>\n")
                            << QStringList { QStringLiteral("<h1>T</h1>"), QStringLiteral("<p>a <b>b</b></p>"),
                                   QStringLiteral("<hr>"), QStringLiteral("<ul>\n<li>x</li>\n</ul>") }
                            << true;
    QTest::addRow("quoted '>' in an attribute")
        << QStringLiteral("<p title=\"a>b\">x</p><div><p>y</p></div>")
        << QStringList { QStringLiteral("<p title=\"a>b\">x</p>"), QStringLiteral("<div><p>y</p></div>") } << true;
    QTest::addRow("nested same element") << QStringLiteral("<div><div>a</div></div><p>b</p>")
                                         << QStringList { QStringLiteral("<div><div>a</div></div>"),
                                                QStringLiteral("<p>b</p>") }
                                         << true;
    QTest::addRow("top-level text") << QStringLiteral("<p>a</p>text") << QStringList() << false;
    QTest::addRow("top-level inline element")
        << QStringLiteral("<p>a</p><img src=\"x.png\">") << QStringList() << false;
    QTest::addRow("unknown block") << QStringLiteral("<details><summary>s</summary></details>") << QStringList()
                                   << false;
    QTest::addRow("unbalanced") << QStringLiteral("<p>a") << QStringList() << false;
}

void TestIncrementalHtmlDocument::splitsTheTopLevelElements()
{
    QFETCH(QString, body);
    QFETCH(QStringList, elements);
    QFETCH(bool, structured);
    const std::optional<QStringList> split = IncrementalHtmlDocument::topLevelElements(body);
    QCOMPARE(split.has_value(), structured);
    if (structured) {
        QCOMPARE(*split, elements);
    }
}

void TestIncrementalHtmlDocument::elementStartsMatchTheWholeDocument()
{
    ReadmeGenerator generator(7);
    const QString body = render(generator.readme(60));
    const std::optional<QStringList> elements = IncrementalHtmlDocument::documentElements(body);
    QVERIFY(elements.has_value());
    const QString styleSheet = ReadmePage::previewStyleSheet(QPalette());
    const QList<int> starts = IncrementalHtmlDocument::elementStarts(*elements, styleSheet);
    QTextDocument document;
    document.setDefaultStyleSheet(styleSheet);
    document.setHtml(IncrementalHtmlDocument::documentHtml(body));
    QCOMPARE(starts.size(), elements->size() + 1);
    QCOMPARE(starts.last(), document.characterCount());
    // Every element starts a block of its own (or the table that follows one).
    for (qsizetype i = 0; i < elements->size(); ++i) {
        const QTextBlock block = document.findBlock(starts.at(i));
        QVERIFY2(block.position() == starts.at(i) || elements->at(i).startsWith(QStringLiteral("<table")),
            qPrintable(elements->at(i)));
    }
}

void TestIncrementalHtmlDocument::randomEditsGiveTheDocumentOfAFullSetHtml_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed = 1; seed <= 6; ++seed) {
        QTest::addRow("seed %u", seed) << seed;
    }
}

void TestIncrementalHtmlDocument::randomEditsGiveTheDocumentOfAFullSetHtml()
{
    QFETCH(quint32, seed);
    ReadmeGenerator generator(seed);
    QStringList blocks = generator.readme(100);
    Preview preview;
    preview.setInFull(render(blocks));
    QVERIFY(preview.incremental().canUpdatePartially());

    int partial = 0;
    constexpr int edits = 60;
    for (int i = 0; i < edits; ++i) {
        const int count = 1 + (i % 3 == 0 ? 1 : 0); // now and then two edits in one save
        for (int k = 0; k < count; ++k) {
            generator.edit(blocks);
        }
        const QString body = render(blocks);
        partial += preview.show(body) ? 1 : 0;
        const QString difference = preview.differenceFromFullSetHtml(body);
        QVERIFY2(difference.isEmpty(), qPrintable(QStringLiteral("edit %1: %2").arg(i).arg(difference)));
    }
    // The point of it: most edits do not set the whole document again (two edits far apart in
    // one save, or one in the first element, take the full path).
    QVERIFY2(partial * 2 >= edits, qPrintable(QStringLiteral("%1 of %2 partial").arg(partial).arg(edits)));
}

void TestIncrementalHtmlDocument::refusesWithoutAMapOrForLargeChanges()
{
    ReadmeGenerator generator(3);
    const QStringList blocks = generator.readme(20);
    const QString body = render(blocks);
    QTextDocument document;
    document.setHtml(IncrementalHtmlDocument::documentHtml(body));
    IncrementalHtmlDocument incremental(&document);
    incremental.resetTo(body);
    QStringList edited = blocks;
    edited[5] += QStringLiteral(" more");
    QVERIFY(!incremental.updateTo(render(edited))); // no map yet
    incremental.setElementStarts(
        incremental.elements(), IncrementalHtmlDocument::elementStarts(incremental.elements(), QString()));
    QVERIFY(incremental.canUpdatePartially());
    const QString before = document.toHtml();
    QVERIFY(!incremental.updateTo(render(ReadmeGenerator(4).readme(20)))); // another README altogether
    QCOMPARE(document.toHtml(), before);
    QVERIFY(!incremental.updateTo(QStringLiteral("<p>a</p>text"))); // not block structured
    QVERIFY(incremental.updateTo(render(edited)));
    QVERIFY(document.toPlainText().contains(QStringLiteral(" more")));
}

void TestIncrementalHtmlDocument::editsAtTheEndAreUpdatedInPlace()
{
    ReadmeGenerator generator(11);
    QStringList blocks = generator.readme(30);
    blocks.append(QStringLiteral("A paragraph before the last."));
    blocks.append(QStringLiteral("The last paragraph."));
    Preview preview;
    preview.setInFull(render(blocks));
    const QStringList edits[] = {
        blocks.mid(0, blocks.size() - 1) + QStringList { QStringLiteral("The last paragraph, changed.") },
        blocks + QStringList { QStringLiteral("## A new section"), QStringLiteral("Written at the end.") },
        blocks,
    };
    for (const QStringList &edited : edits) {
        const QString body = render(edited);
        QVERIFY(preview.show(body));
        const QString difference = preview.differenceFromFullSetHtml(body);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }
}

void TestIncrementalHtmlDocument::rawHtmlBlocksGiveTheDocumentOfAFullSetHtml()
{
    // Raw HTML as READMEs have it: a badge and an anchor outside paragraphs, a collapsed
    // section, a centred block. Whether an update is partial or full, the document is right.
    for (const QString &block : rawHtmlBlocks) {
        ReadmeGenerator generator(21);
        QStringList blocks = generator.readme(30);
        blocks.insert(10, block);
        Preview preview;
        preview.setInFull(render(blocks));
        for (int i = 0; i < 15; ++i) {
            generator.edit(blocks);
            const QString body = render(blocks);
            preview.show(body);
            const QString difference = preview.differenceFromFullSetHtml(body);
            QVERIFY2(
                difference.isEmpty(), qPrintable(QStringLiteral("%1, edit %2: %3").arg(block).arg(i).arg(difference)));
        }
    }
}

void TestIncrementalHtmlDocument::fillingInPartsGivesTheDocumentOfAFullSetHtml_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("partCharacters");
    for (quint32 seed = 1; seed <= 6; ++seed) {
        // One element a step (every boundary the fill may take), a few, many.
        for (const int part : { 1, 400, 4000 }) {
            QTest::addRow("seed %u, parts of %d", seed, part) << seed << part;
        }
    }
}

void TestIncrementalHtmlDocument::fillingInPartsGivesTheDocumentOfAFullSetHtml()
{
    QFETCH(quint32, seed);
    QFETCH(int, partCharacters);
    ReadmeGenerator generator(seed);
    QStringList blocks = generator.readme(120);
    // Raw HTML blocks that are block elements among the Markdown ones (the others are not set
    // in parts: see below), and a table right at the start and at the end.
    for (int i = 0; i < 4; ++i) {
        blocks.insert(10 + 25 * i, rawHtmlBlocks.last());
    }
    blocks.insert(1, QStringLiteral("| a | b |\n|---|---|\n| first | table |"));
    blocks.append(QStringLiteral("| a | b |\n|---|---|\n| last | table |"));
    Preview preview;
    const QString body = render(blocks);
    QVERIFY(preview.fillInParts(body, 1, partCharacters));
    // In parts of one element: a step at every boundary but those next to a table.
    QVERIFY2(partCharacters > 1 || preview.fillSteps() > 60, qPrintable(QString::number(preview.fillSteps())));
    const QString difference = preview.differenceFromFullSetHtml(body);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    // The element map made after the fill holds: live edits then update in place, exactly.
    QVERIFY(preview.incremental().canUpdatePartially());
    int partial = 0;
    for (int i = 0; i < 20; ++i) {
        generator.edit(blocks);
        const QString edited = render(blocks);
        partial += preview.show(edited) ? 1 : 0;
        const QString editDifference = preview.differenceFromFullSetHtml(edited);
        QVERIFY2(editDifference.isEmpty(), qPrintable(QStringLiteral("edit %1: %2").arg(i).arg(editDifference)));
    }
    QVERIFY(partial > 0);
    // A fill over a filled document (another README) starts afresh.
    const QString other = render(ReadmeGenerator(seed + 100).readme(80));
    QVERIFY(preview.fillInParts(other, 2000, partCharacters));
    const QString otherDifference = preview.differenceFromFullSetHtml(other);
    QVERIFY2(otherDifference.isEmpty(), qPrintable(otherDifference));
}

void TestIncrementalHtmlDocument::reStructuredTextHtmlIsFilledExactlyOrSetInFull_data()
{
    // HTML as docutils writes it for PyPI (after the sanitizer): sections around everything, or
    // the blocks at the top level (html4 writers, a README without titles).
    QTest::addColumn<QString>("body");
    QTest::addColumn<bool>("inParts");
    QString blocks;
    for (int i = 0; i < 40; ++i) {
        blocks += QStringLiteral(
            "<p>Paragraph %1 with <tt class=\"docutils literal\">code</tt> and <a href=\"https://example.org/%1\">a "
            "link</a>.</p>\n<dl class=\"docutils\">\n<dt>term %1</dt>\n<dd><p>definition</p>\n</dd>\n</dl>\n"
            "<pre class=\"code python literal-block\">print(%1)\n</pre>\n<blockquote>\n<div>quoted %1</div>"
            "</blockquote>\n<table class=\"docutils\">\n<thead><tr><th>a</th><th>b</th></tr></thead>\n"
            "<tbody><tr><td>%1</td><td>x</td></tr></tbody>\n</table>\n<ul class=\"simple\">\n<li>item</li>\n</ul>\n")
                      .arg(i);
    }
    QTest::addRow("blocks at the top level") << blocks << false; // <dl>: not a block element here
    QString withoutLists = blocks;
    withoutLists.remove(QRegularExpression(
        QStringLiteral("<dl class=\"docutils\">.*?</dl>\n"), QRegularExpression::DotMatchesEverythingOption));
    QTest::addRow("blocks at the top level, no definition lists") << withoutLists << true;
    QString sections;
    for (int i = 0; i < 10; ++i) {
        sections += QStringLiteral("<section id=\"s%1\">\n<h2>Section %1</h2>\n").arg(i) + withoutLists
            + QStringLiteral("</section>\n");
    }
    QTest::addRow("sections") << sections << false;
    // Markdown with raw HTML: an image or <details> at the top level is not a block element; the
    // Markdown renderer puts an anchor in a paragraph.
    for (qsizetype i = 0; i + 1 < rawHtmlBlocks.size(); ++i) {
        QStringList markdown = ReadmeGenerator(31).readme(60);
        markdown.insert(30, rawHtmlBlocks.at(i));
        QTest::addRow("Markdown with %s", qPrintable(rawHtmlBlocks.at(i).section(u' ', 0, 0)))
            << render(markdown) << rawHtmlBlocks.at(i).startsWith(QStringLiteral("<a "));
    }
    QTest::addRow("divisions with tables") << QStringLiteral("<div class=\"section\" id=\"a\">\n<h1>A</h1>\n")
            + withoutLists + QStringLiteral("</div>\n<div class=\"section\" id=\"b\">\n<h1>B</h1>\n") + withoutLists
            + QStringLiteral("</div>\n") << false;
}

void TestIncrementalHtmlDocument::reStructuredTextHtmlIsFilledExactlyOrSetInFull()
{
    QFETCH(QString, body);
    QFETCH(bool, inParts);
    for (const int part : { 1, 1000 }) {
        Preview preview;
        QCOMPARE(preview.fillInParts(body, 1, part), inParts);
        const QString difference = preview.differenceFromFullSetHtml(body);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }
}

QTEST_MAIN(TestIncrementalHtmlDocument)
#include "testincrementalhtmldocument.moc"
