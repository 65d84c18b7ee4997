// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/readme/sanitizer.h"

#include <QByteArray>
#include <QSet>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gumbo.h>

#include "core/readme/sourcemarkers.h"

namespace Readme {

namespace {

constexpr qsizetype maxUrlInMessage = 80;

QString shortened(const QString &text)
{
    return text.size() <= maxUrlInMessage ? text : text.left(maxUrlInMessage - 3) + QStringLiteral("...");
}

bool isAsciiAlpha(char32_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isAsciiAlnum(char32_t c)
{
    return isAsciiAlpha(c) || (c >= u'0' && c <= u'9');
}

bool isSpecialScheme(const QString &scheme)
{
    return scheme == u"http" || scheme == u"https" || scheme == u"ws" || scheme == u"wss" || scheme == u"ftp";
}

// The host part of a special URL after its scheme, as rust-url would accept it (roughly):
// non-empty, no forbidden host code points, a numeric port below 65536.
bool plausibleAuthority(QStringView rest)
{
    qsizetype start = 0;
    while (start < rest.size() && (rest.at(start) == u'/' || rest.at(start) == u'\\')) {
        ++start;
    }
    qsizetype end = start;
    while (end < rest.size() && rest.at(end) != u'/' && rest.at(end) != u'\\' && rest.at(end) != u'?'
           && rest.at(end) != u'#') {
        ++end;
    }
    QStringView authority = rest.mid(start, end - start);
    const qsizetype at = authority.lastIndexOf(u'@');
    if (at >= 0) {
        authority = authority.mid(at + 1);
    }
    QStringView host = authority;
    QStringView port;
    if (authority.startsWith(u'[')) {
        const qsizetype close = authority.indexOf(u']');
        if (close < 0) {
            return false;
        }
        for (QChar c : authority.mid(1, close - 1)) {
            if (!(c.isDigit() || (c.toLower() >= u'a' && c.toLower() <= u'f') || c == u':' || c == u'.')) {
                return false;
            }
        }
        host = authority.left(close + 1);
        const QStringView after = authority.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(u':')) {
                return false;
            }
            port = after.mid(1);
        }
    } else {
        const qsizetype colon = authority.lastIndexOf(u':');
        if (colon >= 0) {
            host = authority.left(colon);
            port = authority.mid(colon + 1);
        }
    }
    if (host.isEmpty()) {
        return false;
    }
    static const QString forbidden = QStringLiteral(" #/:<>?@[\\]^|%");
    if (!host.startsWith(u'[')) {
        for (QChar c : host) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7f || forbidden.contains(c)) {
                return false;
            }
        }
    }
    if (!port.isEmpty()) {
        if (port.size() > 5) {
            return false;
        }
        for (QChar c : port) {
            if (!c.isDigit() || c.unicode() > u'9') {
                return false;
            }
        }
        if (port.toInt() > 65535) {
            return false;
        }
    }
    return true;
}

QByteArray elementName(const GumboElement &element)
{
    if (element.tag != GUMBO_TAG_UNKNOWN) {
        return QByteArray(gumbo_normalized_tagname(element.tag));
    }
    GumboStringPiece piece = element.original_tag;
    if (piece.data == nullptr || piece.length == 0) {
        return {};
    }
    gumbo_tag_from_original_text(&piece);
    return QByteArray(piece.data, static_cast<qsizetype>(piece.length)).toLower();
}

bool isVoidElement(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_AREA:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_COL:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_META:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
    case GUMBO_TAG_WBR:
        return true;
    default:
        return false;
    }
}

// html5ever's serializer: & < > and no-break space in text; & " and no-break space in attributes.
void appendEscaped(QByteArray &out, std::string_view text, bool attributeMode)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            if (attributeMode) {
                out += c;
            } else {
                out += "&lt;";
            }
            break;
        case '>':
            if (attributeMode) {
                out += c;
            } else {
                out += "&gt;";
            }
            break;
        case '"':
            if (attributeMode) {
                out += "&quot;";
            } else {
                out += c;
            }
            break;
        case '\xc2':
            if (i + 1 < text.size() && text[i + 1] == '\xa0') {
                out += "&nbsp;";
                ++i;
            } else {
                out += c;
            }
            break;
        default:
            out += c;
        }
    }
}

struct PlacedMarker {
    unsigned offset = 0;
    unsigned htmlLine = 0;
    SourceMarkers::Marker marker;
};

// Where a node came from: written by the author (raw HTML) or generated, and its source line.
struct Origin {
    bool authored = true;
    int line = 0;
};

class Cleaner final
{
public:
    Cleaner(const HtmlPolicy &policy, const SanitizeOptions &options)
        : m_policy(policy)
        , m_options(options)
        , m_nonce(options.markerNonce.toStdString())
        , m_markerPrefix("<!--slipway-" + m_nonce)
    {
    }

    void run(const GumboNode *root)
    {
        collectMarkers(root);
        clean(root);
    }

    QByteArray output;
    QList<Finding> findings;

private:
    void collectMarkers(const GumboNode *root)
    {
        if (m_nonce.empty()) {
            return;
        }
        std::vector<const GumboNode *> stack{root};
        while (!stack.empty()) {
            const GumboNode *node = stack.back();
            stack.pop_back();
            if (node->type == GUMBO_NODE_COMMENT) {
                if (auto marker = SourceMarkers::parse(node->v.text.text, m_nonce)) {
                    m_markers.push_back({node->v.text.start_pos.offset, node->v.text.start_pos.line, *marker});
                }
            } else if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
                const GumboVector &children = node->v.element.children;
                for (unsigned i = children.length; i > 0; --i) {
                    stack.push_back(static_cast<const GumboNode *>(children.data[i - 1]));
                }
            }
        }
        std::stable_sort(m_markers.begin(), m_markers.end(),
                         [](const PlacedMarker &a, const PlacedMarker &b) { return a.offset < b.offset; });
    }

    Origin originAt(const GumboSourcePosition &position) const
    {
        if (m_nonce.empty()) {
            return {};
        }
        auto after = std::upper_bound(m_markers.begin(), m_markers.end(), position.offset,
                                      [](unsigned offset, const PlacedMarker &m) { return offset < m.offset; });
        if (after == m_markers.begin()) {
            return {false, 0};
        }
        const PlacedMarker &marker = *(after - 1);
        if (marker.marker.kind == SourceMarkers::Kind::EndRaw) {
            return {false, 0};
        }
        const bool authored = marker.marker.kind == SourceMarkers::Kind::BeginRaw;
        if (marker.marker.line <= 0) {
            return {authored, 0};
        }
        const int delta = position.line >= marker.htmlLine ? static_cast<int>(position.line - marker.htmlLine) : 0;
        return {authored, marker.marker.line + delta};
    }

    void report(Finding::Code code, Finding::Severity severity, const QString &message, int line)
    {
        Finding finding{code, severity, message, line};
        const QString key = QString::number(static_cast<int>(code)) + u'\x1f' + QString::number(line) + u'\x1f'
            + message;
        if (!m_reported.contains(key)) {
            m_reported.insert(key);
            findings << finding;
        }
    }

    struct Frame {
        const GumboNode *node = nullptr;
        bool closing = false;
        QByteArray name;
    };

    void clean(const GumboNode *root)
    {
        std::vector<Frame> stack;
        pushChildren(stack, root);
        while (!stack.empty()) {
            Frame frame = std::move(stack.back());
            stack.pop_back();
            if (frame.closing) {
                output += "</" + frame.name + '>';
                continue;
            }
            const GumboNode *node = frame.node;
            switch (node->type) {
            case GUMBO_NODE_TEXT:
            case GUMBO_NODE_WHITESPACE:
            case GUMBO_NODE_CDATA:
                appendText(node->v.text.text);
                break;
            case GUMBO_NODE_COMMENT:
            case GUMBO_NODE_DOCUMENT:
                break;
            case GUMBO_NODE_ELEMENT:
            case GUMBO_NODE_TEMPLATE:
                element(stack, node);
                break;
            }
        }
    }

    // Markers end up as text or in an attribute value when raw HTML leaves an element whose
    // content is text, or an attribute value, open (the tagfilter escapes the former, not the
    // latter); they are never shown.
    std::string withoutMarkers(std::string_view text) const
    {
        std::string scrubbed(text);
        for (std::size_t at = scrubbed.find(m_markerPrefix); at != std::string::npos;
             at = scrubbed.find(m_markerPrefix, at)) {
            const std::size_t end = scrubbed.find("-->", at);
            scrubbed.erase(at, end == std::string::npos ? std::string::npos : end + 3 - at);
        }
        return scrubbed;
    }

    bool mayHoldMarkers(std::string_view text) const
    {
        return !m_nonce.empty() && text.find(m_markerPrefix) != std::string_view::npos;
    }

    void appendText(std::string_view text)
    {
        if (mayHoldMarkers(text)) {
            appendEscaped(output, withoutMarkers(text), false);
        } else {
            appendEscaped(output, text, false);
        }
    }

    static void pushChildren(std::vector<Frame> &stack, const GumboNode *node)
    {
        const GumboVector &children = node->v.element.children;
        for (unsigned i = children.length; i > 0; --i) {
            stack.push_back({static_cast<const GumboNode *>(children.data[i - 1]), false, {}});
        }
    }

    void element(std::vector<Frame> &stack, const GumboNode *node)
    {
        const GumboElement &element = node->v.element;
        const QByteArray name = elementName(element);
        const QString tag = QString::fromUtf8(name);
        const bool parserMade = (node->parse_flags & GUMBO_INSERTION_BY_PARSER) != 0 || element.original_tag.length == 0;
        const Origin origin = originAt(element.start_pos);
        const bool reportMarkup = m_options.reportMarkup && origin.authored && !parserMade;

        if (node->type == GUMBO_NODE_TEMPLATE || m_policy.cleanContentTags.contains(tag)) {
            if (reportMarkup) {
                report(Finding::Code::HtmlContentRemoved, Finding::Severity::Warning,
                       QStringLiteral("PyPI removes the <%1> element together with its content.").arg(tag),
                       origin.line);
            }
            return;
        }
        const bool kept = element.tag_namespace == GUMBO_NAMESPACE_HTML && m_policy.tags.contains(tag);
        if (!kept) {
            if (reportMarkup && !tag.isEmpty()) {
                report(Finding::Code::HtmlTagRemoved, Finding::Severity::Warning,
                       QStringLiteral("PyPI removes the <%1> tag (what is inside it stays).").arg(tag), origin.line);
            }
            pushChildren(stack, node);
            return;
        }

        output += '<' + name;
        writeAttributes(element, tag, origin, reportMarkup);
        output += '>';
        if (isVoidElement(element.tag)) {
            return;
        }
        // A parser drops one newline right after <pre>; write one more so it survives re-parsing.
        if ((element.tag == GUMBO_TAG_PRE || element.tag == GUMBO_TAG_TEXTAREA || element.tag == GUMBO_TAG_LISTING)
            && element.children.length > 0) {
            const auto *first = static_cast<const GumboNode *>(element.children.data[0]);
            if ((first->type == GUMBO_NODE_TEXT || first->type == GUMBO_NODE_WHITESPACE)
                && first->v.text.text[0] == '\n') {
                output += '\n';
            }
        }
        stack.push_back({node, true, name});
        pushChildren(stack, node);
    }

    void writeAttributes(const GumboElement &element, const QString &tag, const Origin &origin, bool reportMarkup)
    {
        bool footnoteLink = false;
        for (unsigned i = 0; i < element.attributes.length; ++i) {
            const auto *attribute = static_cast<const GumboAttribute *>(element.attributes.data[i]);
            const std::string_view attributeName = attribute->name;
            if (attributeName == "data-footnote-ref" || attributeName == "data-footnote-backref") {
                footnoteLink = true;
            }
        }
        const QHash<QString, QString> forced = m_policy.forcedAttributes.value(tag);
        QSet<QString> written;
        for (unsigned i = 0; i < element.attributes.length; ++i) {
            const auto *attribute = static_cast<const GumboAttribute *>(element.attributes.data[i]);
            const QString name = QString::fromUtf8(attribute->name);
            if (attribute->attr_namespace != GUMBO_ATTR_NAMESPACE_NONE || !m_policy.allowsAttribute(tag, name)) {
                // The author's rel on a link is replaced by the policy's, not worth a finding.
                const bool replacedRel = tag == u"a" && name == u"rel" && !m_policy.linkRel.isEmpty();
                if (reportMarkup && !replacedRel) {
                    report(Finding::Code::HtmlAttributeRemoved, Finding::Severity::Warning,
                           QStringLiteral("PyPI removes the %1 attribute of <%2>.").arg(name, tag), origin.line);
                }
                continue;
            }
            if (written.contains(name)) {
                continue;
            }
            QString value = mayHoldMarkers(attribute->value)
                ? QString::fromStdString(withoutMarkers(attribute->value))
                : QString::fromUtf8(attribute->value);
            if (forced.contains(name)) {
                value = forced.value(name);
            }
            if (isUrlAttribute(tag, name)) {
                if (tag == u"a" && name == u"href" && !m_options.fragmentPrefix.isEmpty() && !footnoteLink
                    && value.size() > 1 && value.startsWith(u'#')
                    && !QStringView(value).mid(1).startsWith(m_options.fragmentPrefix)) {
                    value = u'#' + m_options.fragmentPrefix + QStringView(value).mid(1);
                }
                if (!acceptUrl(tag, name, value, origin)) {
                    continue;
                }
            }
            written.insert(name);
            appendAttribute(name, value);
        }
        for (auto it = forced.cbegin(); it != forced.cend(); ++it) {
            if (!written.contains(it.key())) {
                appendAttribute(it.key(), it.value());
            }
        }
        if (tag == u"a" && !m_policy.linkRel.isEmpty()) {
            appendAttribute(QStringLiteral("rel"), m_policy.linkRel);
        }
    }

    void appendAttribute(const QString &name, const QString &value)
    {
        output += ' ' + name.toUtf8() + "=\"";
        const QByteArray utf8 = value.toUtf8();
        appendEscaped(output, std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())), true);
        output += '"';
    }

    // Applies the scheme allowlist; reports what PyPI does with the address. False: drop it.
    bool acceptUrl(const QString &tag, const QString &attribute, const QString &value, const Origin &origin)
    {
        const bool image = tag == u"img";
        const UrlClass url = classifyUrl(value);
        const bool reportUrls = m_options.reportLinks || m_options.reportMarkup;
        if (url.kind == UrlClass::Kind::Invalid || (url.kind == UrlClass::Kind::Absolute
                                                     && !m_policy.urlSchemes.contains(url.scheme))) {
            if (reportUrls) {
                const QString why = url.kind == UrlClass::Kind::Invalid
                    ? QStringLiteral("it is not a valid URL")
                    : QStringLiteral("only %1 addresses are kept").arg(schemeList());
                report(Finding::Code::UnsafeUrlRemoved, Finding::Severity::Warning,
                       QStringLiteral("PyPI removes the %1 '%2' of <%3>: %4.")
                           .arg(attribute, shortened(value), tag, why),
                       origin.line);
            }
            return false;
        }
        if (!m_options.reportLinks || !(tag == u"a" || image) || !(attribute == u"href" || attribute == u"src")) {
            return true;
        }
        if (url.kind == UrlClass::Kind::Relative) {
            const QString trimmed = value.trimmed();
            if (trimmed.startsWith(u'#') || trimmed.startsWith(QStringLiteral("//"))) {
                return true;
            }
            if (image) {
                report(Finding::Code::RelativeImage, Finding::Severity::Warning,
                       trimmed.isEmpty()
                           ? QStringLiteral("An image has no address; nothing displays on PyPI.")
                           : QStringLiteral("The relative image '%1' does not display on PyPI.").arg(shortened(value)),
                       origin.line);
            } else {
                report(Finding::Code::RelativeLink, Finding::Severity::Warning,
                       trimmed.isEmpty()
                           ? QStringLiteral("A link has an empty address; on PyPI it points back to the page.")
                           : QStringLiteral("The relative link '%1' does not resolve on PyPI.").arg(shortened(value)),
                       origin.line);
            }
        } else if (image && url.scheme == u"http") {
            report(Finding::Code::InsecureImage, Finding::Severity::Warning,
                   QStringLiteral("The image '%1' is served over plain http.").arg(shortened(value)), origin.line);
        }
        return true;
    }

    QString schemeList() const
    {
        QStringList schemes(m_policy.urlSchemes.cbegin(), m_policy.urlSchemes.cend());
        schemes.sort();
        return schemes.join(QStringLiteral(", "));
    }

    const HtmlPolicy &m_policy;
    const SanitizeOptions &m_options;
    std::string m_nonce;
    std::string m_markerPrefix;
    std::vector<PlacedMarker> m_markers;
    QSet<QString> m_reported;
};

bool isVoidName(QByteArrayView name)
{
    static const QByteArrayView voids[] = {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen",
                                           "link", "meta", "param", "source", "track", "wbr"};
    return std::any_of(std::begin(voids), std::end(voids), [&](QByteArrayView v) { return v == name; });
}

bool hasImpliedEnd(QByteArrayView name)
{
    static const QByteArrayView names[] = {"p",     "li",    "dt",       "dd", "option", "optgroup", "tr", "td",
                                           "th",    "tbody", "thead",    "tfoot", "colgroup", "rb", "rt", "rp", "rtc"};
    return std::any_of(std::begin(names), std::end(names), [&](QByteArrayView v) { return v == name; });
}

} // namespace

UrlClass classifyUrl(const QString &url)
{
    // WHATWG URL: strip leading and trailing C0 controls and spaces, drop tabs and newlines.
    qsizetype begin = 0;
    qsizetype end = url.size();
    while (begin < end && url.at(begin).unicode() <= 0x20) {
        ++begin;
    }
    while (end > begin && url.at(end - 1).unicode() <= 0x20) {
        --end;
    }
    QString cleaned;
    cleaned.reserve(end - begin);
    for (qsizetype i = begin; i < end; ++i) {
        const QChar c = url.at(i);
        if (c != u'\t' && c != u'\n' && c != u'\r') {
            cleaned += c;
        }
    }
    UrlClass result;
    if (cleaned.isEmpty() || !isAsciiAlpha(cleaned.at(0).unicode())) {
        return result;
    }
    qsizetype i = 1;
    while (i < cleaned.size()) {
        const char32_t c = cleaned.at(i).unicode();
        if (isAsciiAlnum(c) || c == u'+' || c == u'-' || c == u'.') {
            ++i;
        } else {
            break;
        }
    }
    if (i >= cleaned.size() || cleaned.at(i) != u':') {
        return result;
    }
    result.scheme = cleaned.left(i).toLower();
    result.kind = UrlClass::Kind::Absolute;
    if (isSpecialScheme(result.scheme) && !plausibleAuthority(QStringView(cleaned).mid(i + 1))) {
        result.kind = UrlClass::Kind::Invalid;
    }
    return result;
}

int estimateNestingDepth(QByteArrayView html)
{
    std::vector<QByteArray> open;
    std::size_t deepest = 0;
    const qsizetype size = html.size();
    qsizetype i = 0;
    auto skipPast = [&](QByteArrayView terminator) {
        const qsizetype found = html.indexOf(terminator, i);
        i = found < 0 ? size : found + terminator.size();
    };
    while (i < size) {
        const qsizetype lt = html.indexOf('<', i);
        if (lt < 0) {
            break;
        }
        i = lt + 1;
        if (i >= size) {
            break;
        }
        const char next = html.at(i);
        if (next == '!') {
            if (html.sliced(i).startsWith("!--")) {
                i += 3;
                skipPast("-->");
            } else {
                skipPast(">");
            }
            continue;
        }
        if (next == '?') {
            skipPast(">");
            continue;
        }
        const bool closing = next == '/';
        const qsizetype nameStart = closing ? i + 1 : i;
        if (nameStart >= size || !isAsciiAlpha(static_cast<unsigned char>(html.at(nameStart)))) {
            continue;
        }
        qsizetype nameEnd = nameStart;
        while (nameEnd < size) {
            const char c = html.at(nameEnd);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>') {
                break;
            }
            ++nameEnd;
        }
        const QByteArray name = html.sliced(nameStart, nameEnd - nameStart).toByteArray().toLower();
        // Skip the attributes; quoted values may hold '>'.
        i = nameEnd;
        char quote = 0;
        bool selfClosing = false;
        while (i < size) {
            const char c = html.at(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                selfClosing = i > nameEnd && html.at(i - 1) == '/';
                break;
            }
            ++i;
        }
        ++i;
        if (closing) {
            for (std::size_t k = open.size(); k > 0; --k) {
                if (open[k - 1] == name) {
                    open.resize(k - 1);
                    break;
                }
            }
            continue;
        }
        if (selfClosing || isVoidName(name)) {
            continue;
        }
        if (hasImpliedEnd(name)) {
            // <li> closes an open <li>, <td> an open <td> or <th>, and so on (approximately).
            const std::size_t lookBack = std::min<std::size_t>(open.size(), 8);
            for (std::size_t k = open.size(); k > open.size() - lookBack; --k) {
                if (open[k - 1] == name || ((name == "td" || name == "th") && (open[k - 1] == "td" || open[k - 1] == "th"))) {
                    open.resize(k - 1);
                    break;
                }
            }
        }
        open.push_back(name);
        deepest = std::max(deepest, open.size());
    }
    return static_cast<int>(std::min<std::size_t>(deepest, 1 << 30));
}

namespace {

// Gumbo allocates and frees every token, string buffer and vector growth through malloc and
// free, which was a large part of its time. For documents of ordinary size it allocates from
// this arena instead, and everything goes at once when the parse is done. Freed memory is
// not reused (only the last allocation is given back), so the arena holds a few times the
// document: sanitizeHtml uses it only below ArenaMaxInput.
class GumboArena final
{
public:
    static constexpr qsizetype ArenaMaxInput = 1024 * 1024;

    GumboArena() = default;
    GumboArena(const GumboArena &) = delete;
    GumboArena &operator=(const GumboArena &) = delete;

    static void *allocate(void *arena, size_t size) { return static_cast<GumboArena *>(arena)->take(size); }
    static void deallocate(void *arena, void *pointer) { static_cast<GumboArena *>(arena)->giveBack(pointer); }

private:
    static constexpr size_t Alignment = alignof(std::max_align_t);
    static constexpr size_t BlockSize = 256 * 1024;

    void *take(size_t size)
    {
        size = (std::max<size_t>(size, 1) + Alignment - 1) & ~(Alignment - 1);
        if (size > BlockSize / 4) {
            // Large buffers get a block of their own.
            m_large.push_back(std::make_unique_for_overwrite<std::byte[]>(size));
            return m_large.back().get();
        }
        if (m_blocks.empty() || m_used + size > BlockSize) {
            m_blocks.push_back(std::make_unique_for_overwrite<std::byte[]>(BlockSize));
            m_used = 0;
        }
        std::byte *memory = m_blocks.back().get() + m_used;
        m_last = memory;
        m_used += size;
        return memory;
    }

    void giveBack(void *pointer)
    {
        // The most recent allocation (a temporary buffer, typically) is reused at once.
        if (pointer != nullptr && pointer == m_last) {
            m_used = static_cast<size_t>(m_last - m_blocks.back().get());
            m_last = nullptr;
        }
    }

    std::vector<std::unique_ptr<std::byte[]>> m_blocks; // BlockSize each; the last one is being filled
    std::vector<std::unique_ptr<std::byte[]>> m_large;
    size_t m_used = 0;
    std::byte *m_last = nullptr;
};

} // namespace

SanitizeResult sanitizeHtml(const QString &html, const HtmlPolicy &policy, const SanitizeOptions &options)
{
    SanitizeResult result;
    const QByteArray utf8 = html.toUtf8();
    if (estimateNestingDepth(utf8) > options.maxDepth) {
        result.findings << Finding{Finding::Code::HtmlTooDeep, Finding::Severity::Error,
                                   QStringLiteral("The HTML is nested more than %1 levels deep; Slipway does not "
                                                  "render it.")
                                       .arg(options.maxDepth),
                                   0};
        return result;
    }

    GumboOptions gumboOptions = kGumboDefaultOptions;
    gumboOptions.fragment_context = GUMBO_TAG_DIV;
    gumboOptions.fragment_namespace = GUMBO_NAMESPACE_HTML;
    gumboOptions.max_errors = 0; // parse errors are not needed; do not spend memory on them
    GumboArena arena;
    if (utf8.size() <= GumboArena::ArenaMaxInput) {
        gumboOptions.allocator = &GumboArena::allocate;
        gumboOptions.deallocator = &GumboArena::deallocate;
        gumboOptions.userdata = &arena;
    }
    GumboOutput *parsed = gumbo_parse_with_options(&gumboOptions, utf8.constData(), static_cast<size_t>(utf8.size()));
    if (parsed == nullptr) {
        return result;
    }
    Cleaner cleaner(policy, options);
    cleaner.run(parsed->root);
    gumbo_destroy_output(&gumboOptions, parsed);
    result.html = QString::fromUtf8(cleaner.output);
    result.findings = std::move(cleaner.findings);
    return result;
}

} // namespace Readme
