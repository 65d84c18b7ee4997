// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/readme/markdown.h"

#include <QSet>

#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include "core/readme/anchorizer.h"
#include "core/readme/sourcemarkers.h"

namespace Readme::Markdown {

namespace {

// readme_renderer's Pygments step writes <pre lang="python3"> for ```python.
constexpr std::string_view pythonAlias = "python3";

std::mutex &cmarkMutex()
{
    static std::mutex mutex;
    return mutex;
}

struct ParserDeleter {
    void operator()(cmark_parser *parser) const { cmark_parser_free(parser); }
};
struct NodeDeleter {
    void operator()(cmark_node *node) const { cmark_node_free(node); }
};
struct IterDeleter {
    void operator()(cmark_iter *iter) const { cmark_iter_free(iter); }
};

std::string literalOf(cmark_node *node)
{
    const char *literal = cmark_node_get_literal(node);
    return literal == nullptr ? std::string() : std::string(literal);
}

void appendHtmlEscaped(std::string &out, std::string_view text)
{
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
}

bool isCmarkSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// GFM tagfilter (cmark-gfm extensions/tagfilter.c): which of its tags it escapes in a literal,
// with the offset of each.
std::vector<std::pair<std::string_view, std::size_t>> tagfilterHits(std::string_view literal)
{
    static constexpr std::string_view blacklist[] = {"title",   "textarea", "style",  "xmp",      "iframe",
                                                     "noembed", "noframes", "script", "plaintext"};
    std::vector<std::pair<std::string_view, std::size_t>> hits;
    for (std::size_t at = literal.find('<'); at != std::string_view::npos; at = literal.find('<', at + 1)) {
        std::size_t i = at + 1;
        if (i < literal.size() && literal[i] == '/') {
            ++i;
        }
        for (std::string_view name : blacklist) {
            if (literal.size() < i + name.size() + 1) {
                continue;
            }
            bool same = true;
            for (std::size_t k = 0; k < name.size(); ++k) {
                const char c = literal[i + k];
                if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != name[k]) {
                    same = false;
                    break;
                }
            }
            if (!same) {
                continue;
            }
            const std::size_t after = i + name.size();
            const char c = literal[after];
            if (isCmarkSpace(c) || c == '>' || (c == '/' && after + 1 < literal.size() && literal[after + 1] == '>')) {
                hits.emplace_back(name, at);
            }
            break;
        }
    }
    return hits;
}

// The text comrak's collect_text() gathers from a heading: text and code literals, line breaks
// as spaces, everything else through its children (so image descriptions count, raw HTML not).
QString headingText(cmark_node *heading)
{
    std::string text;
    std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(heading));
    cmark_event_type event;
    while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
        if (event != CMARK_EVENT_ENTER) {
            continue;
        }
        cmark_node *node = cmark_iter_get_node(iter.get());
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            text += literalOf(node);
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            text += ' ';
            break;
        default:
            break;
        }
    }
    return QString::fromStdString(text);
}

cmark_node *newHtmlNode(cmark_node_type type, const std::string &literal, cmark_mem *mem)
{
    cmark_node *node = cmark_node_new_with_mem(type, mem);
    cmark_node_set_literal(node, literal.c_str());
    return node;
}

std::string highlightedCodeBlock(std::string_view info, std::string literal)
{
    std::size_t firstWord = 0;
    while (firstWord < info.size() && !isCmarkSpace(info[firstWord])) {
        ++firstWord;
    }
    std::string_view language = info.substr(0, firstWord);
    if (language == "python") {
        language = pythonAlias;
    }
    // Pygments reads \r\n and \r as \n, strips leading and trailing newlines and ends with one.
    std::string code;
    code.reserve(literal.size());
    for (std::size_t i = 0; i < literal.size(); ++i) {
        if (literal[i] == '\r') {
            code += '\n';
            if (i + 1 < literal.size() && literal[i + 1] == '\n') {
                ++i;
            }
        } else {
            code += literal[i];
        }
    }
    const std::size_t begin = code.find_first_not_of('\n');
    code = begin == std::string::npos ? std::string() : code.substr(begin, code.find_last_not_of('\n') - begin + 1);
    code += '\n';

    std::string html = "<pre lang=\"";
    appendHtmlEscaped(html, language);
    html += "\">";
    appendHtmlEscaped(html, code);
    html += "</pre>\n";
    return html;
}

struct Collected {
    std::vector<cmark_node *> headings;
    std::vector<cmark_node *> rawHtml;
    std::vector<cmark_node *> linksAndImages;
    std::vector<cmark_node *> codeBlocks;
};

Collected collect(cmark_node *document)
{
    Collected collected;
    int insideImage = 0;
    std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(document));
    cmark_event_type event;
    while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(iter.get());
        const cmark_node_type type = cmark_node_get_type(node);
        if (event == CMARK_EVENT_EXIT) {
            if (type == CMARK_NODE_IMAGE) {
                --insideImage;
            }
            continue;
        }
        switch (type) {
        case CMARK_NODE_HEADING:
            collected.headings.push_back(node);
            break;
        case CMARK_NODE_HTML_BLOCK:
            collected.rawHtml.push_back(node);
            break;
        case CMARK_NODE_HTML_INLINE:
            // Inside an image description cmark writes raw HTML as alt text.
            if (insideImage == 0) {
                collected.rawHtml.push_back(node);
            }
            break;
        case CMARK_NODE_LINK:
            if (insideImage == 0) {
                collected.linksAndImages.push_back(node);
            }
            break;
        case CMARK_NODE_IMAGE:
            if (insideImage == 0) {
                collected.linksAndImages.push_back(node);
            }
            ++insideImage;
            break;
        case CMARK_NODE_CODE_BLOCK:
            collected.codeBlocks.push_back(node);
            break;
        default:
            break;
        }
    }
    return collected;
}

// Reports each tag the tagfilter escapes once per tag and line. Inline raw HTML is filtered
// only at its start (cmark-gfm html.c), blocks at every '<'.
void reportTagfilter(cmark_node *node, const std::string &literal, QSet<QString> &seen, QList<Finding> *findings)
{
    if (findings == nullptr) {
        return;
    }
    const bool inlineHtml = cmark_node_get_type(node) == CMARK_NODE_HTML_INLINE;
    const int startLine = cmark_node_get_start_line(node);
    for (const auto &[name, offset] : tagfilterHits(literal)) {
        if (inlineHtml && offset != 0) {
            continue;
        }
        int line = startLine;
        if (line > 0) {
            for (std::size_t i = 0; i < offset; ++i) {
                line += literal[i] == '\n' ? 1 : 0;
            }
        }
        const QString tag = QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
        const QString key = tag + u' ' + QString::number(line);
        if (seen.contains(key)) {
            continue;
        }
        seen.insert(key);
        *findings << Finding{Finding::Code::HtmlTagEscaped, Finding::Severity::Warning,
                             QStringLiteral("PyPI shows the <%1> tag as text: GitHub-Flavored Markdown escapes it "
                                            "(tagfilter).")
                                 .arg(tag),
                             line};
    }
}

void postProcess(cmark_node *document, cmark_mem *mem, const std::string &nonce, QList<Finding> *findings)
{
    const Collected collected = collect(document);

    QSet<QString> reported;
    for (cmark_node *node : collected.rawHtml) {
        const std::string literal = literalOf(node);
        reportTagfilter(node, literal, reported, findings);
        if (nonce.empty()) {
            continue;
        }
        const int line = cmark_node_get_start_line(node);
        const std::string begin = SourceMarkers::make(nonce, SourceMarkers::Kind::BeginRaw, line);
        const std::string end = SourceMarkers::make(nonce, SourceMarkers::Kind::EndRaw);
        if (cmark_node_get_type(node) == CMARK_NODE_HTML_INLINE) {
            // Separate nodes: the tagfilter looks only at the start of an inline literal.
            cmark_node_insert_before(node, newHtmlNode(CMARK_NODE_HTML_INLINE, begin, mem));
            cmark_node_insert_after(node, newHtmlNode(CMARK_NODE_HTML_INLINE, end, mem));
            continue;
        }
        // A block is filtered at every '<', so the markers can go into its literal.
        const bool newline = !literal.empty() && literal.back() == '\n';
        std::string wrapped;
        wrapped.reserve(begin.size() + literal.size() + end.size());
        wrapped.append(begin);
        wrapped.append(literal, 0, literal.size() - (newline ? 1 : 0));
        wrapped.append(end);
        if (newline) {
            wrapped.push_back('\n');
        }
        cmark_node_set_literal(node, wrapped.c_str());
    }
    if (!nonce.empty()) {
        for (cmark_node *node : collected.linksAndImages) {
            const int line = cmark_node_get_start_line(node);
            cmark_node_insert_before(
                node, newHtmlNode(CMARK_NODE_HTML_INLINE, SourceMarkers::make(nonce, SourceMarkers::Kind::Point, line), mem));
        }
    }

    Anchorizer anchorizer;
    for (cmark_node *heading : collected.headings) {
        const std::string id = anchorizer.anchorize(headingText(heading)).toStdString();
        const std::string anchor
            = "<a href=\"#" + id + "\" aria-hidden=\"true\" class=\"anchor\" id=\"user-content-" + id + "\"></a>";
        cmark_node *node = newHtmlNode(CMARK_NODE_HTML_INLINE, anchor, mem);
        if (cmark_node *first = cmark_node_first_child(heading)) {
            cmark_node_insert_before(first, node);
        } else {
            cmark_node_append_child(heading, node);
        }
    }

    for (cmark_node *block : collected.codeBlocks) {
        const char *info = cmark_node_get_fence_info(block);
        const std::string literal = literalOf(block);
        // readme_renderer's pattern needs a language and at least one character of code.
        if (info == nullptr || info[0] == '\0' || literal.empty()) {
            continue;
        }
        cmark_node *replacement = newHtmlNode(CMARK_NODE_HTML_BLOCK, highlightedCodeBlock(info, literal), mem);
        cmark_node_insert_before(block, replacement);
        cmark_node_unlink(block);
        cmark_node_free(block);
    }
}

} // namespace

QString toHtml(const QString &source, const QString &markerNonce, QList<Finding> *findings)
{
    static std::once_flag registered;
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

    const QByteArray utf8 = source.toUtf8();
    const std::string nonce = markerNonce.toStdString();
    const int options = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES | CMARK_OPT_GITHUB_PRE_LANG;

    const std::lock_guard lock(cmarkMutex());
    std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(options));
    for (const char *name : {"table", "autolink", "tagfilter", "strikethrough", "tasklist"}) {
        if (cmark_syntax_extension *extension = cmark_find_syntax_extension(name)) {
            cmark_parser_attach_syntax_extension(parser.get(), extension);
        }
    }
    cmark_parser_feed(parser.get(), utf8.constData(), static_cast<size_t>(utf8.size()));
    std::unique_ptr<cmark_node, NodeDeleter> document(cmark_parser_finish(parser.get()));
    if (!document) {
        return {};
    }
    postProcess(document.get(), cmark_get_default_mem_allocator(), nonce, findings);

    cmark_mem *mem = cmark_get_default_mem_allocator();
    char *html = cmark_render_html_with_mem(document.get(), options, cmark_parser_get_syntax_extensions(parser.get()), mem);
    if (html == nullptr) {
        return {};
    }
    QString result = QString::fromUtf8(html, static_cast<qsizetype>(std::strlen(html)));
    mem->free(html);
    return result;
}

} // namespace Readme::Markdown
