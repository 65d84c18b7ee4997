// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/index/simpleapi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cstdlib>
#include <memory>
#include <vector>

#include <gumbo.h>

#include "core/metadata/name.h"

namespace Index::SimpleApi {

namespace {

// Gumbo's tree for hostile HTML can be much larger than the page; keep HTML smaller than JSON.
constexpr qsizetype maxHtmlPageSize = 32 * 1024 * 1024;
// Gumbo's tree construction is quadratic in the nesting depth (scope checks walk the stack of
// open elements); real Simple API pages nest a handful of levels.
constexpr int maxHtmlNesting = 2048;

IndexError invalid(const QUrl &url, const QString &message)
{
    IndexError error;
    error.code = IndexError::Code::InvalidResponse;
    error.url = url;
    error.message = message;
    return error;
}

QString urlText(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo);
}

// PEP 629 / PEP 691: a client must refuse a major version it does not know, and may go on
// (quietly, here) with a newer minor version.
std::optional<IndexError> checkApiVersion(const QString &version, const QUrl &url)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d+)\\.(\\d+)$"));
    const QRegularExpressionMatch match = pattern.match(version);
    if (!match.hasMatch()) {
        return invalid(url, QStringLiteral("The index at %1 gives an unreadable API version '%2'.")
                                .arg(urlText(url), version.left(40)));
    }
    if (match.captured(1) != QLatin1String("1")) {
        IndexError error;
        error.code = IndexError::Code::UnsupportedApiVersion;
        error.url = url;
        error.message = QStringLiteral("The index at %1 speaks Simple API version %2; Slipway understands version 1.x. "
                                       "Update Slipway.")
                            .arg(urlText(url), version);
        return error;
    }
    return std::nullopt;
}

bool isHex(QStringView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
    });
}

bool isHashName(QStringView text)
{
    return !text.isEmpty() && text.size() <= 32 && std::all_of(text.begin(), text.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_';
    });
}

QString lastPathSegment(const QUrl &url)
{
    const QString path = url.path(QUrl::FullyDecoded);
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

IndexError tooLarge(const QUrl &url, qsizetype limit)
{
    IndexError error;
    error.code = IndexError::Code::ResponseTooLarge;
    error.url = url;
    error.message = QStringLiteral("The page at %1 is larger than %2 MiB; Slipway does not read it.")
                        .arg(urlText(url))
                        .arg(limit / (1024 * 1024));
    return error;
}

std::expected<QJsonObject, IndexError> parseJsonObject(QByteArrayView body, const QUrl &url)
{
    if (body.size() > maxPageSize) {
        return std::unexpected(tooLarge(url, maxPageSize));
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return std::unexpected(invalid(url, QStringLiteral("The index at %1 sent JSON that cannot be read (%2).")
                                                .arg(urlText(url),
                                                     parseError.error != QJsonParseError::NoError
                                                         ? parseError.errorString()
                                                         : QStringLiteral("not an object"))));
    }
    return document.object();
}

std::expected<QString, IndexError> jsonApiVersion(const QJsonObject &page, const QUrl &url)
{
    const QJsonValue meta = page.value(QLatin1String("meta"));
    const QJsonValue version = meta.toObject().value(QLatin1String("api-version"));
    if (!meta.isObject() || !version.isString()) {
        return std::unexpected(invalid(url, QStringLiteral("The index at %1 sent JSON without meta.api-version; it is "
                                                           "not a PEP 691 Simple API page.")
                                                .arg(urlText(url))));
    }
    if (auto error = checkApiVersion(version.toString(), url)) {
        return std::unexpected(*error);
    }
    return version.toString();
}

// --- Gumbo -------------------------------------------------------------------------------

// Gumbo frees its tree recursively, which deeply nested hostile HTML turns into a stack
// overflow; with this arena nothing is freed one by one and everything goes at once.
class GumboArena
{
public:
    GumboArena() = default;
    ~GumboArena()
    {
        for (void *block : m_blocks) {
            std::free(block);
        }
    }
    GumboArena(const GumboArena &) = delete;
    GumboArena &operator=(const GumboArena &) = delete;

    static void *allocate(void *userdata, size_t size)
    {
        return static_cast<GumboArena *>(userdata)->take(size);
    }
    static void release(void *, void *) {}

private:
    static constexpr size_t blockSize = 1024 * 1024;
    static constexpr size_t alignment = alignof(std::max_align_t);

    void *take(size_t size)
    {
        size = (size + alignment - 1) / alignment * alignment;
        if (size == 0) {
            size = alignment;
        }
        if (size > blockSize / 4) {
            void *own = std::malloc(size);
            if (!own) {
                std::abort(); // as gumbo's own malloc use: out of memory is not recoverable here
            }
            m_blocks.push_back(own);
            return own;
        }
        if (size > m_left) {
            m_cursor = static_cast<char *>(std::malloc(blockSize));
            if (!m_cursor) {
                std::abort();
            }
            m_blocks.push_back(m_cursor);
            m_left = blockSize;
        }
        void *result = m_cursor;
        m_cursor += size;
        m_left -= size;
        return result;
    }

    std::vector<void *> m_blocks;
    char *m_cursor = nullptr;
    size_t m_left = 0;
};

struct HtmlLink {
    QString href;
    QString text;
    const GumboVector *attributes = nullptr;
};

struct HtmlScan {
    QString baseHref;
    bool sawBase = false;
    QString repositoryVersion;
    QList<HtmlLink> links;
};

QString attribute(const GumboVector *attributes, const char *name, bool *present = nullptr)
{
    const GumboAttribute *found = gumbo_get_attribute(attributes, name);
    if (present) {
        *present = found != nullptr;
    }
    return found ? QString::fromUtf8(found->value) : QString();
}

QString textOf(const GumboNode *node)
{
    QString text;
    std::vector<const GumboNode *> stack{node};
    while (!stack.empty()) {
        const GumboNode *current = stack.back();
        stack.pop_back();
        if (current->type == GUMBO_NODE_TEXT || current->type == GUMBO_NODE_WHITESPACE
            || current->type == GUMBO_NODE_CDATA) {
            text += QString::fromUtf8(current->v.text.text);
            continue;
        }
        if (current->type != GUMBO_NODE_ELEMENT && current->type != GUMBO_NODE_TEMPLATE) {
            continue;
        }
        const GumboVector &children = current->v.element.children;
        for (unsigned int i = children.length; i > 0; --i) {
            stack.push_back(static_cast<const GumboNode *>(children.data[i - 1]));
        }
    }
    return text;
}

// Walks the tree without recursion (hostile pages may nest deeply), in document order.
template<typename Visit>
void walk(const GumboNode *root, Visit visit)
{
    std::vector<const GumboNode *> stack{root};
    while (!stack.empty()) {
        const GumboNode *node = stack.back();
        stack.pop_back();
        if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE
            && node->type != GUMBO_NODE_DOCUMENT) {
            continue;
        }
        if (node->type != GUMBO_NODE_DOCUMENT && !visit(node)) {
            continue; // the visitor handled the subtree
        }
        const GumboVector &children =
            node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
        for (unsigned int i = children.length; i > 0; --i) {
            stack.push_back(static_cast<const GumboNode *>(children.data[i - 1]));
        }
    }
}

bool isAsciiLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// An over-estimate of how deep an HTML5 parser will nest this page, in one cheap pass: a
// stack of open elements (void and self-closed elements do not count, an end tag closes up to
// its element, stray end tags are ignored) plus the formatting elements still open, which the
// parser may re-open. Stops counting once past `limit`.
int estimatedNesting(QByteArrayView html, int limit)
{
    static const QList<QByteArrayView> voidElements{"area", "base", "br", "col", "embed", "hr", "img", "input",
                                                    "keygen", "link", "meta", "param", "source", "track", "wbr"};
    static const QList<QByteArrayView> rawText{"script", "style", "textarea", "title", "xmp", "iframe",
                                               "noembed", "noframes", "plaintext"};
    static const QList<QByteArrayView> formatting{"a", "b", "big", "code", "em", "font", "i", "nobr",
                                                  "s", "small", "strike", "strong", "tt", "u"};
    // Start tags that close an open element of the same name, as the parser's "implied end
    // tags" do, when only phrasing elements (or p, div, address) lie above it.
    static const QList<QByteArrayView> selfClosing{"p", "li", "dt", "dd", "option", "tr", "td", "th"};
    static const QList<QByteArrayView> transparent{"p", "div", "address", "a", "abbr", "b", "bdi", "bdo", "big",
                                                   "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
                                                   "label", "mark", "nobr", "q", "s", "samp", "small", "span",
                                                   "strike", "strong", "sub", "sup", "td", "th", "time", "tt", "u", "var"};
    QList<QByteArray> open;
    QList<QByteArray> formattingOpen;
    int deepest = 0;
    qsizetype position = 0;
    const qsizetype size = html.size();
    auto readName = [&](qsizetype from) {
        qsizetype end = from;
        while (end < size && (isAsciiLetter(html[end]) || (html[end] >= '0' && html[end] <= '9'))) {
            ++end;
        }
        return html.sliced(from, end - from).toByteArray().toLower();
    };
    // The end of a tag, skipping quoted attribute values; size when unterminated.
    auto tagEnd = [&](qsizetype from) {
        char quote = 0;
        for (qsizetype i = from; i < size; ++i) {
            const char c = html[i];
            if (quote) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i;
            }
        }
        return size;
    };
    while (position < size) {
        const qsizetype lt = html.indexOf('<', position);
        if (lt < 0 || lt + 1 >= size) {
            break;
        }
        const char next = html[lt + 1];
        if (html.sliced(lt).startsWith("<!--")) {
            const qsizetype close = html.indexOf(QByteArrayView("-->"), lt + 4);
            position = close < 0 ? size : close + 3;
            continue;
        }
        if (next == '!' || next == '?') {
            position = tagEnd(lt + 2) + 1;
            continue;
        }
        if (next == '/') {
            const QByteArray name = readName(lt + 2);
            const qsizetype index = open.lastIndexOf(name);
            if (index >= 0) {
                open.resize(index);
            }
            const qsizetype formattingIndex = formattingOpen.lastIndexOf(name);
            if (formattingIndex >= 0) {
                formattingOpen.removeAt(formattingIndex);
            }
            position = tagEnd(lt + 2) + 1;
            continue;
        }
        if (!isAsciiLetter(next)) {
            position = lt + 1;
            continue;
        }
        const QByteArray name = readName(lt + 1);
        const qsizetype end = tagEnd(lt + 1);
        position = end + 1;
        const bool selfClosed = end < size && end > lt + 1 && html[end - 1] == '/';
        if (voidElements.contains(name) || selfClosed) {
            continue;
        }
        if (rawText.contains(name)) {
            const qsizetype close = html.indexOf(QByteArray("</" + name), position);
            position = close < 0 ? size : close;
            continue;
        }
        if (selfClosing.contains(name)) {
            for (qsizetype i = open.size() - 1; i >= 0; --i) {
                if (open[i] == name) {
                    open.resize(i);
                    break;
                }
                if (!transparent.contains(open[i])) {
                    break;
                }
            }
        }
        open.append(name);
        if (formatting.contains(name)) {
            formattingOpen.append(name);
        }
        deepest = std::max(deepest, int(open.size() + formattingOpen.size()));
        if (deepest > limit) {
            return deepest;
        }
    }
    return deepest;
}

template<typename Use>
std::expected<void, IndexError> scanHtml(QByteArrayView body, const QUrl &url, Use use)
{
    if (body.size() > maxHtmlPageSize) {
        return std::unexpected(tooLarge(url, maxHtmlPageSize));
    }
    if (estimatedNesting(body, maxHtmlNesting) > maxHtmlNesting) {
        return std::unexpected(invalid(url, QStringLiteral("The index at %1 sent HTML nested more than %2 levels deep; "
                                                           "that is not a Simple API page.")
                                                .arg(urlText(url))
                                                .arg(maxHtmlNesting)));
    }
    GumboArena arena;
    GumboOptions options = kGumboDefaultOptions;
    options.allocator = &GumboArena::allocate;
    options.deallocator = &GumboArena::release;
    options.userdata = &arena;
    options.max_errors = 0;
    const GumboOutput *output = gumbo_parse_with_options(&options, body.data(), size_t(body.size()));
    if (!output || !output->document) {
        return std::unexpected(invalid(url, QStringLiteral("The index at %1 sent HTML that cannot be read.").arg(urlText(url))));
    }
    HtmlScan scan;
    walk(output->document, [&scan](const GumboNode *node) {
        const GumboElement &element = node->v.element;
        switch (element.tag) {
        case GUMBO_TAG_A: {
            bool hasHref = false;
            HtmlLink link;
            link.href = attribute(&element.attributes, "href", &hasHref);
            if (hasHref) {
                link.text = textOf(node).trimmed();
                link.attributes = &element.attributes;
                scan.links.append(link);
            }
            return false; // links do not nest
        }
        case GUMBO_TAG_BASE:
            if (!scan.sawBase) {
                bool hasHref = false;
                const QString href = attribute(&element.attributes, "href", &hasHref);
                if (hasHref) {
                    scan.sawBase = true;
                    scan.baseHref = href;
                }
            }
            return true;
        case GUMBO_TAG_META:
            if (attribute(&element.attributes, "name").compare(QLatin1String("pypi:repository-version"),
                                                                Qt::CaseInsensitive) == 0) {
                scan.repositoryVersion = attribute(&element.attributes, "content").trimmed();
            }
            return true;
        default:
            return true;
        }
    });
    // The arena still holds the tree here, so the attribute pointers in `scan` are valid.
    return use(scan);
}

PageFormat sniffFormat(QByteArrayView body, QByteArrayView contentType)
{
    if (const auto format = formatOfContentType(contentType)) {
        return *format;
    }
    for (const char c : body) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            continue;
        }
        return c == '{' ? PageFormat::Json : PageFormat::Html;
    }
    return PageFormat::Html;
}

} // namespace

QByteArray acceptHeader()
{
    return QByteArrayLiteral("application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, "
                             "text/html;q=0.01");
}

QUrl projectUrl(const QUrl &indexUrl, QStringView project)
{
    if (!Metadata::isValidName(project) || !indexUrl.isValid()) {
        return {};
    }
    QUrl url = indexUrl;
    QString path = url.path();
    if (!path.endsWith(QLatin1Char('/'))) {
        path += QLatin1Char('/');
    }
    url.setPath(path + Metadata::normalizeName(project) + QLatin1Char('/'));
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

std::optional<PageFormat> formatOfContentType(QByteArrayView contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray type = (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed().toByteArray().toLower();
    if (type == "application/vnd.pypi.simple.v1+json" || type == "application/vnd.pypi.simple.latest+json"
        || type == "application/json") {
        return PageFormat::Json;
    }
    if (type == "application/vnd.pypi.simple.v1+html" || type == "application/vnd.pypi.simple.latest+html"
        || type == "text/html" || type == "application/xhtml+xml") {
        return PageFormat::Html;
    }
    return std::nullopt;
}

HashedUrl splitHashFragment(const QUrl &url)
{
    HashedUrl result;
    result.url = url;
    result.url.setFragment(QString());
    const QString fragment = url.fragment(QUrl::FullyDecoded);
    const qsizetype equals = fragment.indexOf(QLatin1Char('='));
    if (equals > 0) {
        const QString name = fragment.left(equals).toLower();
        const QString value = fragment.mid(equals + 1);
        if (isHashName(name) && isHex(value) && value.size() <= 256) {
            result.hashName = name;
            result.hashValue = value.toLower();
        }
    }
    return result;
}

std::expected<ProjectPage, IndexError> parseProjectPage(QByteArrayView body, QByteArrayView contentType,
                                                        const QUrl &pageUrl)
{
    return sniffFormat(body, contentType) == PageFormat::Json ? parseProjectJson(body, pageUrl)
                                                              : parseProjectHtml(body, pageUrl);
}

std::expected<ProjectPage, IndexError> parseProjectJson(QByteArrayView body, const QUrl &pageUrl)
{
    const auto object = parseJsonObject(body, pageUrl);
    if (!object) {
        return std::unexpected(object.error());
    }
    const auto apiVersion = jsonApiVersion(*object, pageUrl);
    if (!apiVersion) {
        return std::unexpected(apiVersion.error());
    }
    ProjectPage page;
    page.found = true;
    page.format = PageFormat::Json;
    page.apiVersion = *apiVersion;
    page.name = object->value(QLatin1String("name")).toString();
    for (const QJsonValue &version : object->value(QLatin1String("versions")).toArray()) {
        if (version.isString()) {
            page.versions.append(version.toString());
        }
    }
    const QJsonValue files = object->value(QLatin1String("files"));
    if (!files.isArray()) {
        return std::unexpected(invalid(pageUrl, QStringLiteral("The index at %1 sent a JSON page without a list of "
                                                               "files.")
                                                    .arg(urlText(pageUrl))));
    }
    const QJsonArray fileArray = files.toArray();
    page.files.reserve(fileArray.size());
    for (qsizetype index = 0; index < fileArray.size(); ++index) {
        const QJsonObject entry = fileArray.at(index).toObject();
        const QJsonValue filename = entry.value(QLatin1String("filename"));
        const QJsonValue url = entry.value(QLatin1String("url"));
        const QJsonValue hashes = entry.value(QLatin1String("hashes"));
        if (!filename.isString() || filename.toString().isEmpty() || !url.isString() || !hashes.isObject()) {
            return std::unexpected(invalid(pageUrl, QStringLiteral("The index at %1 lists file %2 without a filename, "
                                                                   "URL or hashes.")
                                                        .arg(urlText(pageUrl))
                                                        .arg(index + 1)));
        }
        DistributionFile file;
        file.filename = filename.toString();
        const HashedUrl split = splitHashFragment(pageUrl.resolved(QUrl(url.toString())));
        file.url = split.url;
        if (!file.url.isValid()) {
            return std::unexpected(invalid(pageUrl, QStringLiteral("The index at %1 gives %2 an invalid URL.")
                                                        .arg(urlText(pageUrl), file.filename)));
        }
        const QJsonObject hashObject = hashes.toObject();
        for (auto it = hashObject.begin(); it != hashObject.end(); ++it) {
            const QString name = it.key().toLower();
            const QString value = it.value().toString();
            if (isHashName(name) && isHex(value) && value.size() <= 256) {
                file.hashes.insert(name, value.toLower());
            }
        }
        file.requiresPython = entry.value(QLatin1String("requires-python")).toString().trimmed();
        const QJsonValue size = entry.value(QLatin1String("size"));
        if (size.isDouble() && size.toDouble() >= 0 && size.toDouble() <= 9.0e15
            && size.toDouble() == double(qint64(size.toDouble()))) {
            file.size = qint64(size.toDouble());
        }
        const QJsonValue uploadTime = entry.value(QLatin1String("upload-time"));
        if (uploadTime.isString()) {
            const QDateTime time = QDateTime::fromString(uploadTime.toString(), Qt::ISODateWithMs);
            if (time.isValid()) {
                file.uploadTime = time.toUTC();
            }
        }
        const QJsonValue yanked = entry.value(QLatin1String("yanked"));
        if (yanked.isBool()) {
            file.yanked = yanked.toBool();
        } else if (yanked.isString() && !yanked.toString().isEmpty()) {
            // pip's reading: a non-empty string is a yank with a reason; "" is not a yank.
            file.yanked = true;
            file.yankedReason = yanked.toString();
        }
        for (const QLatin1String key : {QLatin1String("core-metadata"), QLatin1String("dist-info-metadata")}) {
            const QJsonValue metadata = entry.value(key);
            if ((metadata.isBool() && metadata.toBool()) || metadata.isObject()) {
                file.hasCoreMetadata = true;
            }
        }
        page.files.append(file);
    }
    return page;
}

std::expected<ProjectPage, IndexError> parseProjectHtml(QByteArrayView body, const QUrl &pageUrl)
{
    ProjectPage page;
    const auto scanned = scanHtml(body, pageUrl, [&](const HtmlScan &scan) -> std::expected<void, IndexError> {
        page.found = true;
        page.format = PageFormat::Html;
        page.apiVersion = scan.repositoryVersion.isEmpty() ? QStringLiteral("1.0") : scan.repositoryVersion;
        if (auto error = checkApiVersion(page.apiVersion, pageUrl)) {
            return std::unexpected(*error);
        }
        const QUrl base = scan.sawBase ? pageUrl.resolved(QUrl(scan.baseHref)) : pageUrl;
        for (const HtmlLink &link : scan.links) {
            const QUrl resolved = base.resolved(QUrl(link.href));
            if (!resolved.isValid() || link.href.trimmed().isEmpty()) {
                continue;
            }
            const HashedUrl split = splitHashFragment(resolved);
            DistributionFile file;
            file.url = split.url;
            file.filename = link.text.isEmpty() ? lastPathSegment(split.url) : link.text;
            if (file.filename.isEmpty()) {
                continue;
            }
            if (!split.hashName.isEmpty()) {
                file.hashes.insert(split.hashName, split.hashValue);
            }
            file.requiresPython = attribute(link.attributes, "data-requires-python").trimmed();
            bool yanked = false;
            const QString reason = attribute(link.attributes, "data-yanked", &yanked);
            file.yanked = yanked;
            file.yankedReason = reason;
            bool metadata = false;
            QString coreMetadata = attribute(link.attributes, "data-core-metadata", &metadata);
            if (!metadata) {
                coreMetadata = attribute(link.attributes, "data-dist-info-metadata", &metadata);
            }
            file.hasCoreMetadata = metadata && coreMetadata.compare(QLatin1String("false"), Qt::CaseInsensitive) != 0;
            page.files.append(file);
        }
        return {};
    });
    if (!scanned) {
        return std::unexpected(scanned.error());
    }
    return page;
}

std::expected<ProjectList, IndexError> parseProjectList(QByteArrayView body, QByteArrayView contentType,
                                                        const QUrl &pageUrl)
{
    return sniffFormat(body, contentType) == PageFormat::Json ? parseProjectListJson(body, pageUrl)
                                                              : parseProjectListHtml(body, pageUrl);
}

std::expected<ProjectList, IndexError> parseProjectListJson(QByteArrayView body, const QUrl &pageUrl)
{
    const auto object = parseJsonObject(body, pageUrl);
    if (!object) {
        return std::unexpected(object.error());
    }
    const auto apiVersion = jsonApiVersion(*object, pageUrl);
    if (!apiVersion) {
        return std::unexpected(apiVersion.error());
    }
    const QJsonValue projects = object->value(QLatin1String("projects"));
    if (!projects.isArray()) {
        return std::unexpected(invalid(pageUrl, QStringLiteral("The index at %1 sent a JSON root page without a list "
                                                               "of projects.")
                                                    .arg(urlText(pageUrl))));
    }
    ProjectList list;
    list.format = PageFormat::Json;
    list.apiVersion = *apiVersion;
    for (const QJsonValue &project : projects.toArray()) {
        const QString name = project.toObject().value(QLatin1String("name")).toString();
        if (!name.isEmpty()) {
            list.names.append(name);
        }
    }
    return list;
}

std::expected<ProjectList, IndexError> parseProjectListHtml(QByteArrayView body, const QUrl &pageUrl)
{
    ProjectList list;
    const auto scanned = scanHtml(body, pageUrl, [&](const HtmlScan &scan) -> std::expected<void, IndexError> {
        list.format = PageFormat::Html;
        list.apiVersion = scan.repositoryVersion.isEmpty() ? QStringLiteral("1.0") : scan.repositoryVersion;
        if (auto error = checkApiVersion(list.apiVersion, pageUrl)) {
            return std::unexpected(*error);
        }
        for (const HtmlLink &link : scan.links) {
            if (!link.text.isEmpty()) {
                list.names.append(link.text);
            }
        }
        return {};
    });
    if (!scanned) {
        return std::unexpected(scanned.error());
    }
    return list;
}

} // namespace Index::SimpleApi
