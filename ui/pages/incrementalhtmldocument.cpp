// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/incrementalhtmldocument.h"

#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextDocumentFragment>

namespace {

// Elements Qt's HTML importer turns into blocks (or a table) of their own, so that the state it
// carries from one top-level element to the next is that of a closed block: those the Markdown
// renderer writes at the top level, and <div> for raw HTML (the random edits of the tests cover
// them all; anything else sets the document in full).
bool isBlockElement(QStringView name)
{
    static const QStringList names { QStringLiteral("p"), QStringLiteral("h1"), QStringLiteral("h2"),
        QStringLiteral("h3"), QStringLiteral("h4"), QStringLiteral("h5"), QStringLiteral("h6"), QStringLiteral("ul"),
        QStringLiteral("ol"), QStringLiteral("pre"), QStringLiteral("blockquote"), QStringLiteral("table"),
        QStringLiteral("hr"), QStringLiteral("div") };
    return names.contains(name);
}

bool isVoidElement(QStringView name)
{
    static const QStringList names { QStringLiteral("area"), QStringLiteral("base"), QStringLiteral("br"),
        QStringLiteral("col"), QStringLiteral("embed"), QStringLiteral("hr"), QStringLiteral("img"),
        QStringLiteral("input"), QStringLiteral("link"), QStringLiteral("meta"), QStringLiteral("source"),
        QStringLiteral("track"), QStringLiteral("wbr") };
    return names.contains(name);
}

bool isNameCharacter(QChar c)
{
    return c.isLetterOrNumber() || c == u'-' || c == u'_' || c == u':';
}

bool isTable(const QString &element)
{
    return element.startsWith(QStringLiteral("<table"));
}

bool hasNestedTable(const QString &element)
{
    return element.indexOf(QStringLiteral("<table"), 1) >= 0;
}

// An empty block after the body: the last element of the body is then never the last of the
// document, whose end Qt's importer treats apart, so that an edit at the end of a README is
// updated in place too. It adds an empty line at the bottom of the preview.
const QString trailer = QStringLiteral("<div></div>");

QString wrapped(const QString &fragment)
{
    return QStringLiteral("<body>") + fragment + QStringLiteral("</body>");
}

int characterCount(const QString &fragment, const QString &styleSheet)
{
    QTextDocument document;
    document.setDefaultStyleSheet(styleSheet);
    document.setHtml(wrapped(fragment));
    return document.characterCount();
}

// How many positions each element takes in the document of all of them: the growth of a
// document of the element after its predecessor (the only context Qt's importer carries).
QList<int> elementLengths(const QStringList &elements, qsizetype from, qsizetype to, const QString &styleSheet,
    const std::function<bool()> &cancelled = {})
{
    QList<int> lengths;
    lengths.reserve(to - from);
    int previousAlone = from > 0 ? characterCount(elements.at(from - 1), styleSheet) : 0;
    for (qsizetype i = from; i < to; ++i) {
        if (cancelled && cancelled()) {
            return {};
        }
        const int alone = characterCount(elements.at(i), styleSheet);
        if (i == 0) {
            lengths.append(alone);
        } else {
            lengths.append(characterCount(elements.at(i - 1) + elements.at(i), styleSheet) - previousAlone);
        }
        previousAlone = alone;
    }
    return lengths;
}

// Replaces the elements in [documentChanged, documentNext) of document by those in
// [scratchChanged, scratchNext) of scratch, where they were imported after the same element as
// in document; false (document left alone) unless every one of these positions starts a block.
bool copyElements(QTextDocument *document, int documentChanged, int documentNext, const QTextDocument &scratch,
    int scratchChanged, int scratchNext)
{
    if (scratch.findBlock(scratchChanged).position() != scratchChanged
        || scratch.findBlock(scratchNext).position() != scratchNext
        || document->findBlock(documentChanged).position() != documentChanged
        || document->findBlock(documentNext).position() != documentNext) {
        return false;
    }
    // Removing whole blocks (from the first changed one to the first unchanged one) keeps the
    // formats of the blocks on either side; then the new blocks go in after the block before,
    // each with its separator (the separator's format is the block's character format). The
    // first unchanged block is left with the removed first block's separator: its character
    // format is set from the scratch document.
    QTextCursor cursor(document);
    cursor.beginEditBlock();
    if (documentChanged < documentNext) {
        cursor.setPosition(documentChanged);
        cursor.setPosition(documentNext, QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
    }
    if (scratchChanged < scratchNext) {
        QTextCursor scratchCursor(const_cast<QTextDocument *>(&scratch));
        scratchCursor.setPosition(scratchChanged - 1);
        scratchCursor.setPosition(scratchNext - 1, QTextCursor::KeepAnchor);
        cursor.setPosition(documentChanged - 1);
        cursor.insertFragment(QTextDocumentFragment(scratchCursor));
    }
    const int next = documentChanged + (scratchNext - scratchChanged);
    const QTextCharFormat nextFormat = scratch.findBlock(scratchNext).charFormat();
    cursor.setPosition(next);
    if (cursor.blockCharFormat() != nextFormat) {
        cursor.setBlockCharFormat(nextFormat);
    }
    cursor.endEditBlock();
    return true;
}

} // namespace

std::optional<QStringList> IncrementalHtmlDocument::topLevelElements(QStringView body)
{
    QStringList elements;
    qsizetype depth = 0;
    qsizetype elementStart = -1;
    const qsizetype size = body.size();
    qsizetype i = 0;
    while (i < size) {
        const QChar c = body.at(i);
        if (c != u'<') {
            if (depth == 0 && !c.isSpace()) {
                return std::nullopt; // top-level text
            }
            ++i;
            continue;
        }
        const bool closing = i + 1 < size && body.at(i + 1) == u'/';
        qsizetype nameStart = i + (closing ? 2 : 1);
        qsizetype nameEnd = nameStart;
        while (nameEnd < size && isNameCharacter(body.at(nameEnd))) {
            ++nameEnd;
        }
        if (nameEnd == nameStart) {
            return std::nullopt; // a comment, a doctype or a stray '<': not what the sanitizer writes
        }
        const QString name = body.sliced(nameStart, nameEnd - nameStart).toString().toLower();
        // The end of the tag, past quoted attribute values (which may hold '>').
        qsizetype end = nameEnd;
        QChar quote;
        while (end < size) {
            const QChar d = body.at(end);
            if (!quote.isNull()) {
                if (d == quote) {
                    quote = QChar();
                }
            } else if (d == u'"' || d == u'\'') {
                quote = d;
            } else if (d == u'>') {
                break;
            }
            ++end;
        }
        if (end == size) {
            return std::nullopt;
        }
        const bool selfClosing = body.at(end - 1) == u'/';
        if (closing) {
            if (--depth < 0) {
                return std::nullopt;
            }
            if (depth == 0) {
                elements.append(body.sliced(elementStart, end + 1 - elementStart).toString());
            }
        } else {
            if (depth == 0) {
                if (!isBlockElement(name)) {
                    return std::nullopt;
                }
                elementStart = i;
            }
            if (isVoidElement(name) || selfClosing) {
                if (depth == 0) {
                    elements.append(body.sliced(elementStart, end + 1 - elementStart).toString());
                }
            } else {
                ++depth;
            }
        }
        i = end + 1;
    }
    if (depth != 0) {
        return std::nullopt;
    }
    return elements;
}

QList<int> IncrementalHtmlDocument::elementStarts(
    const QStringList &elements, const QString &styleSheet, const std::function<bool()> &cancelled)
{
    const QList<int> lengths = elementLengths(elements, 0, elements.size(), styleSheet, cancelled);
    if (lengths.size() != elements.size()) {
        return {};
    }
    QList<int> starts;
    starts.reserve(elements.size() + 1);
    int position = 0;
    starts.append(position);
    for (const int length : lengths) {
        position += length;
        starts.append(position);
    }
    return starts;
}

QString IncrementalHtmlDocument::documentHtml(const QString &body)
{
    return wrapped(body + trailer);
}

std::optional<QStringList> IncrementalHtmlDocument::documentElements(const QString &body)
{
    return topLevelElements(QString(body + trailer));
}

IncrementalHtmlDocument::IncrementalHtmlDocument(QTextDocument *document)
    : m_document(document)
{
}

void IncrementalHtmlDocument::resetTo(const QString &body)
{
    m_starts.clear();
    m_filledUpTo = -1;
    const std::optional<QStringList> elements = body.isEmpty() ? std::nullopt : documentElements(body);
    m_structured = elements.has_value();
    m_elements = elements.value_or(QStringList());
}

void IncrementalHtmlDocument::setElementStarts(const QStringList &elements, const QList<int> &starts)
{
    if (!m_structured || isFilling() || elements != m_elements || starts.size() != elements.size() + 1) {
        return;
    }
    // The map must describe the document as it is (a full setHtml since would have reset it).
    if (starts.last() != m_document->characterCount()) {
        return;
    }
    m_starts = starts;
}

bool IncrementalHtmlDocument::canUpdatePartially() const
{
    return m_structured && !m_starts.isEmpty();
}

bool IncrementalHtmlDocument::updateTo(const QString &body)
{
    if (!canUpdatePartially() || m_starts.last() != m_document->characterCount()) {
        return false;
    }
    const std::optional<QStringList> parsed = documentElements(body);
    if (!parsed || parsed->isEmpty()) {
        return false;
    }
    const QStringList &elements = *parsed;
    const qsizetype oldCount = m_elements.size();
    const qsizetype newCount = elements.size();
    qsizetype prefix = 0;
    while (prefix < oldCount && prefix < newCount && m_elements.at(prefix) == elements.at(prefix)) {
        ++prefix;
    }
    if (prefix == oldCount && prefix == newCount) {
        return true;
    }
    qsizetype suffix = 0;
    while (suffix < oldCount - prefix && suffix < newCount - prefix
        && m_elements.at(oldCount - 1 - suffix) == elements.at(newCount - 1 - suffix)) {
        ++suffix;
    }
    // A table does not start a block: it ends the block before it. A change starting with a
    // table takes the element before it too, and a table after the change goes with it.
    const auto changeStartsWithTable = [&] {
        return (prefix < newCount && isTable(elements.at(prefix)))
            || (prefix < oldCount && isTable(m_elements.at(prefix)));
    };
    while (prefix > 0 && changeStartsWithTable()) {
        --prefix;
    }
    while (suffix > 0 && isTable(elements.at(newCount - suffix))) {
        --suffix;
    }
    // At the start of the document the importer merges into its first block: not worth the
    // case for a README's first heading. (The end is an empty block of documentHtml().)
    if (prefix == 0 || suffix == 0) {
        return false;
    }
    const qsizetype oldChanged = oldCount - prefix - suffix;
    const qsizetype newChanged = newCount - prefix - suffix;
    // A partial update parses the new elements about three times over (their extents); past a
    // quarter of the body a full setHtml is cheaper.
    qsizetype changedSize = 0;
    for (qsizetype i = prefix; i < prefix + newChanged; ++i) {
        changedSize += elements.at(i).size();
    }
    if (changedSize * 4 > body.size()) {
        return false;
    }
    // Tables inside another element (raw HTML) are not worth their cases.
    for (qsizetype i = prefix - 1; i <= prefix + newChanged; ++i) {
        if (hasNestedTable(elements.at(i))) {
            return false;
        }
    }
    for (qsizetype i = prefix; i < prefix + oldChanged; ++i) {
        if (hasNestedTable(m_elements.at(i))) {
            return false;
        }
    }

    // The scratch document: the new elements between their unchanged neighbours.
    const QString styleSheet = m_document->defaultStyleSheet();
    const qsizetype scratchFrom = prefix - 1;
    const qsizetype scratchTo = prefix + newChanged + 1;
    // Their extents in the scratch document, where the first of them starts the document.
    const QList<int> lengths
        = elementLengths(elements.mid(scratchFrom, scratchTo - scratchFrom), 0, scratchTo - scratchFrom, styleSheet);
    // The first unchanged element after the change must take the same room as before: its
    // extent did not depend on the element before it.
    const qsizetype oldNext = prefix + oldChanged;
    if (lengths.last() != m_starts.at(oldNext + 1) - m_starts.at(oldNext)) {
        return false;
    }
    QString scratchBody;
    for (qsizetype i = scratchFrom; i < scratchTo; ++i) {
        scratchBody += elements.at(i);
    }
    QTextDocument scratch;
    scratch.setDefaultStyleSheet(styleSheet);
    scratch.setHtml(wrapped(scratchBody));
    QList<int> scratchStarts { 0 };
    for (const int length : lengths) {
        scratchStarts.append(scratchStarts.last() + length);
    }
    if (scratchStarts.last() != scratch.characterCount()) {
        return false;
    }
    if (!copyElements(m_document, m_starts.at(prefix), m_starts.at(oldNext), scratch, scratchStarts.at(1),
            scratchStarts.at(1 + newChanged))) {
        return false;
    }

    // The new map: the prefix as it was, the new elements' extents, the suffix shifted.
    QList<int> starts;
    starts.reserve(newCount + 1);
    starts.append(m_starts.mid(0, prefix + 1));
    for (qsizetype i = 0; i < newChanged; ++i) {
        starts.append(starts.last() + lengths.at(1 + i));
    }
    const int shift = starts.last() - m_starts.at(prefix + oldChanged);
    for (qsizetype i = prefix + oldChanged + 1; i <= oldCount; ++i) {
        starts.append(m_starts.at(i) + shift);
    }
    m_elements = elements;
    m_starts = starts;
    if (m_starts.last() != m_document->characterCount()) {
        m_starts.clear(); // the document is not what the map says: never update it partially again
        return false;
    }
    return true;
}

bool IncrementalHtmlDocument::isFillBoundary(qsizetype index) const
{
    return index + 1 >= m_elements.size() || (!isTable(m_elements.at(index)) && !isTable(m_elements.at(index - 1)));
}

std::optional<QString> IncrementalHtmlDocument::startFill(const QString &body, qsizetype firstCharacters)
{
    resetTo(body);
    if (!m_structured || m_elements.size() < 2) {
        return std::nullopt;
    }
    // The trailer is the last element; tables inside another element are not worth their cases
    // (updateTo() refuses them too).
    const qsizetype bodyCount = m_elements.size() - 1;
    for (qsizetype i = 0; i < bodyCount; ++i) {
        if (hasNestedTable(m_elements.at(i))) {
            return std::nullopt;
        }
    }
    qsizetype end = 0;
    qsizetype size = 0;
    QString first;
    while (end < bodyCount && (end == 0 || size < firstCharacters || !isFillBoundary(end))) {
        size += m_elements.at(end).size();
        first += m_elements.at(end);
        ++end;
    }
    const QString styleSheet = m_document->defaultStyleSheet();
    const QString &last = m_elements.at(end - 1);
    m_trailerLength = characterCount(last + trailer, styleSheet) - characterCount(last, styleSheet);
    m_filledUpTo = end < bodyCount ? end : -1;
    return wrapped(first + trailer);
}

qsizetype IncrementalHtmlDocument::fillMore(qsizetype characters)
{
    if (!isFilling()) {
        return 0;
    }
    const qsizetype bodyCount = m_elements.size() - 1;
    const qsizetype from = m_filledUpTo;
    m_filledUpTo = -1; // whatever happens below, this fill step is the last unless it succeeds
    qsizetype end = from;
    qsizetype size = 0;
    while (end < bodyCount && (end == from || size < characters || !isFillBoundary(end))) {
        size += m_elements.at(end).size();
        ++end;
    }
    // The scratch document: the new elements after the element before them, and the trailer.
    QString scratchBody = m_elements.at(from - 1);
    for (qsizetype i = from; i < end; ++i) {
        scratchBody += m_elements.at(i);
    }
    scratchBody += trailer;
    const QString styleSheet = m_document->defaultStyleSheet();
    const QString &last = m_elements.at(end - 1);
    const int trailerLength = characterCount(last + trailer, styleSheet) - characterCount(last, styleSheet);
    // The trailer must take the same room after the new elements as before them.
    if (trailerLength != m_trailerLength) {
        return 0;
    }
    QTextDocument scratch;
    scratch.setDefaultStyleSheet(styleSheet);
    scratch.setHtml(wrapped(scratchBody));
    const int scratchChanged = characterCount(m_elements.at(from - 1), styleSheet);
    const int scratchNext = scratch.characterCount() - trailerLength;
    const int documentTrailer = m_document->characterCount() - m_trailerLength;
    if (scratchNext < scratchChanged
        || !copyElements(m_document, documentTrailer, documentTrailer, scratch, scratchChanged, scratchNext)) {
        return 0;
    }
    if (m_document->characterCount() != documentTrailer + (scratchNext - scratchChanged) + trailerLength) {
        return 0;
    }
    m_filledUpTo = end < bodyCount ? end : -1;
    return size;
}
