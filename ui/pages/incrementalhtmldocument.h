// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <functional>
#include <optional>

class QTextDocument;

/**
 * Keeps a QTextDocument showing an HTML body (a sequence of top-level block elements, as the
 * README engine writes it) and takes a new version of the body by replacing only the top-level
 * elements that changed, so that a one-paragraph edit of a large README does not parse all of
 * it again. The result is exactly the document that setHtml() of the whole new body gives: the
 * changed elements are imported in a small scratch document together with their unchanged
 * neighbours (Qt's importer carries state across an element boundary only from the element
 * before), and that range of it is copied over the old range.
 *
 * For that it needs where each element starts in the document (elementStarts(), a pure
 * function that parses every element, so callers run it off the UI thread after a full
 * setHtml and hand the result in with setElementStarts()). Until then, and whenever a partial
 * update is not safe or not worth it (top-level text or an element that is not a block
 * element; a table nested in another element; the first element changed; an unchanged
 * neighbour whose extent depends on the change; more than a quarter of the body changed),
 * updateTo() leaves the document alone and returns false: the caller sets it in full.
 * A top-level table does not start a block of its own (it ends the block before it), so a
 * change next to one takes the element before it, or the table after it, along.
 *
 * A body can also be set in parts (startFill(), then fillMore() until isFilling() is false):
 * the first elements at once, the rest appended a part at a time, each part imported after the
 * element before it in a scratch document and copied in before the empty block at the end, as
 * updateTo() does; once complete the document is again exactly that of a full setHtml. So a
 * new README of any size never takes the UI thread for long, and its top shows at once.
 *
 * Lives in the thread of its document; elementStarts() and topLevelElements() are thread-safe.
 */
class IncrementalHtmlDocument final
{
public:
    // The top-level elements of body, each from its start tag to its end tag; none when body
    // has top-level text or elements other than block elements Qt imports as blocks.
    [[nodiscard]] static std::optional<QStringList> topLevelElements(QStringView body);
    // Where each element starts in QTextDocument::setHtml("<body>" + elements + "</body>")
    // (for documentHtml(): its documentElements())
    // with this default style sheet, and where the document ends: elements.size() + 1 positions.
    // Empty when cancelled returns true (asked between elements).
    [[nodiscard]] static QList<int> elementStarts(
        const QStringList &elements, const QString &styleSheet, const std::function<bool()> &cancelled = {});
    // The document's HTML for a body, and its top-level elements: the body's and an empty
    // block after them, which keeps the last element of the body away from the document's end.
    [[nodiscard]] static QString documentHtml(const QString &body);
    [[nodiscard]] static std::optional<QStringList> documentElements(const QString &body);

    explicit IncrementalHtmlDocument(QTextDocument *document);

    // The document was just set in full to documentHtml(body) (or to something else: body
    // empty). Forgets the element starts.
    void resetTo(const QString &body);
    // Element starts computed for these elements; ignored unless they are the current ones.
    void setElementStarts(const QStringList &elements, const QList<int> &starts);

    [[nodiscard]] const QStringList &elements() const { return m_elements; }
    [[nodiscard]] bool canUpdatePartially() const;

    // Replaces the elements that differ from body's; true when the document now shows body
    // (also when nothing changed), false when it must be set in full (it was left alone, but
    // for the safety net: an update whose result does not add up to the map's length).
    [[nodiscard]] bool updateTo(const QString &body);

    // Starts setting body in parts: returns the HTML to set the document to now (its first
    // elements, about firstCharacters of HTML, at least one) and forgets the element starts;
    // nullopt when body cannot be set in parts (it does not split into top-level block elements,
    // or has a table inside another element): then the caller sets it in full and calls resetTo().
    [[nodiscard]] std::optional<QString> startFill(const QString &body, qsizetype firstCharacters);
    // Whether elements of the body are still to be appended (the element starts are not taken
    // then: they would not describe the complete document).
    [[nodiscard]] bool isFilling() const { return m_filledUpTo >= 0; }
    // Appends the next elements, about characters of HTML (whole elements, at least one), and
    // returns how many characters of HTML they have; 0 when they cannot be appended exactly (the
    // document is left as it was and the fill ends: the caller sets the body in full).
    [[nodiscard]] qsizetype fillMore(qsizetype characters);

private:
    // Where a part of the fill may end: not next to a top-level table (which does not start a
    // block of its own).
    [[nodiscard]] bool isFillBoundary(qsizetype index) const;

    QTextDocument *m_document = nullptr;
    QStringList m_elements;
    QList<int> m_starts; // empty while unknown
    bool m_structured = false; // the body splits into top-level elements
    // While filling: the elements [0, m_filledUpTo) are in the document, then the empty block of
    // documentHtml(), which takes m_trailerLength positions; -1 otherwise.
    qsizetype m_filledUpTo = -1;
    int m_trailerLength = 0;
};
