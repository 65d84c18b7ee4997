// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/metadata/requirement.h"

#include <QSet>
#include <QStringBuilder>

#include <algorithm>

#include "core/metadata/name.h"
#include "core/metadata/pep508.h"
#include "core/metadata/pytext.h"

namespace Metadata {

using Detail::Pep508Tokenizer;

namespace {

bool isSchemeChar(QChar c)
{
    return Detail::isAsciiAlnum(c.unicode()) || c == u'+' || c == u'-' || c == u'.';
}

struct SplitUrl {
    QString scheme;
    QString netloc;
    QString rest; // path, query and fragment, as urlsplit leaves them before unsplitting
    QString path;
    QString query;
    QString fragment;
    bool hasQuery = false;
    bool hasFragment = false;
};

// urllib.parse.urlsplit (Python 3.11), as far as packaging's checks need it. nullopt: it raises
// ValueError (unbalanced IPv6 brackets).
std::optional<SplitUrl> urlSplit(QString url)
{
    // Leading C0 controls and spaces are stripped; tabs and line breaks removed anywhere.
    qsizetype start = 0;
    while (start < url.size() && url[start].unicode() <= 0x20) {
        ++start;
    }
    url = url.sliced(start);
    url.remove(u'\t');
    url.remove(u'\r');
    url.remove(u'\n');

    SplitUrl split;
    const qsizetype colon = url.indexOf(u':');
    if (colon > 0 && url[0].unicode() < 0x80 && url[0].isLetter()
        && std::all_of(url.begin(), url.begin() + colon, isSchemeChar)) {
        split.scheme = url.first(colon).toLower();
        url = url.sliced(colon + 1);
    }
    if (url.startsWith(u"//")) {
        qsizetype end = url.size();
        for (const QChar delimiter : {u'/', u'?', u'#'}) {
            const qsizetype at = url.indexOf(delimiter, 2);
            if (at >= 0) {
                end = std::min(end, at);
            }
        }
        split.netloc = url.sliced(2, end - 2);
        url = url.sliced(end);
        if (split.netloc.contains(u'[') != split.netloc.contains(u']')) {
            return std::nullopt;
        }
    }
    if (const qsizetype hash = url.indexOf(u'#'); hash >= 0) {
        split.hasFragment = true;
        split.fragment = url.sliced(hash + 1);
        url = url.first(hash);
    }
    if (const qsizetype question = url.indexOf(u'?'); question >= 0) {
        split.hasQuery = true;
        split.query = url.sliced(question + 1);
        url = url.first(question);
    }
    split.path = url;
    return split;
}

// urllib.parse.urlunsplit for a "file" URL (a scheme that uses a netloc).
QString fileUrlUnsplit(const SplitUrl &split)
{
    QString url = split.path;
    if (!split.netloc.isEmpty() || !split.path.startsWith(u"//")) {
        if (!url.isEmpty() && !url.startsWith(u'/')) {
            url.prepend(u'/');
        }
        url = u"//" % split.netloc % url;
    }
    url = split.scheme % u':' % url;
    if (!split.query.isEmpty()) {
        url += u'?' % split.query;
    }
    if (!split.fragment.isEmpty()) {
        url += u'#' % split.fragment;
    }
    return url;
}

class RequirementParser final
{
public:
    explicit RequirementParser(QStringView text)
        : m_tokenizer(text)
    {
    }

    Pep508Tokenizer &tokenizer() { return m_tokenizer; }

    // requirement = WS? IDENTIFIER WS? extras WS? requirement_details END
    bool parse(QString *name, QStringList *extras, QString *url, QString *specifier, std::optional<Marker> *marker)
    {
        m_tokenizer.skipWhitespace();
        const qsizetype nameLength = m_tokenizer.matchIdentifier();
        if (!nameLength) {
            return fail(QStringLiteral("Expected package name at the start of dependency specifier"));
        }
        *name = m_tokenizer.take(nameLength).toString();
        m_tokenizer.skipWhitespace();
        if (!parseExtras(extras)) {
            return false;
        }
        m_tokenizer.skipWhitespace();
        if (!parseDetails(url, specifier, marker)) {
            return false;
        }
        if (!m_tokenizer.atEnd()) {
            return fail(QStringLiteral("Expected end of dependency specifier"));
        }
        return true;
    }

private:
    bool fail(const QString &message)
    {
        m_tokenizer.fail(message);
        return false;
    }

    // extras = ('[' WS? extras_list? WS? ']')?
    bool parseExtras(QStringList *extras)
    {
        if (!m_tokenizer.atChar(u'[')) {
            return true;
        }
        m_tokenizer.take(1);
        m_tokenizer.skipWhitespace();
        // extras_list = identifier (WS? ',' WS? identifier)*
        if (const qsizetype first = m_tokenizer.matchIdentifier()) {
            QSet<QString> seen;
            extras->append(m_tokenizer.take(first).toString());
            seen.insert(extras->back());
            while (true) {
                m_tokenizer.skipWhitespace();
                if (m_tokenizer.matchIdentifier()) {
                    return fail(QStringLiteral("Expected comma between extra names"));
                }
                if (!m_tokenizer.atChar(u',')) {
                    break;
                }
                m_tokenizer.take(1);
                m_tokenizer.skipWhitespace();
                const qsizetype next = m_tokenizer.matchIdentifier();
                if (!next) {
                    return fail(QStringLiteral("Expected extra name after comma"));
                }
                const QString extra = m_tokenizer.take(next).toString();
                if (!seen.contains(extra)) {
                    seen.insert(extra);
                    extras->append(extra);
                }
            }
        }
        m_tokenizer.skipWhitespace();
        if (!m_tokenizer.atChar(u']')) {
            return fail(QStringLiteral("Expected closing ']' of the extras"));
        }
        m_tokenizer.take(1);
        return true;
    }

    // requirement_details = '@' WS? URL (WS requirement_marker?)?
    //                     | specifier WS? requirement_marker?
    bool parseDetails(QString *url, QString *specifier, std::optional<Marker> *marker)
    {
        if (m_tokenizer.atChar(u'@')) {
            m_tokenizer.take(1);
            m_tokenizer.skipWhitespace();
            const qsizetype urlLength = m_tokenizer.matchUrl();
            if (!urlLength) {
                return fail(QStringLiteral("Expected URL after @"));
            }
            *url = m_tokenizer.take(urlLength).toString();
            if (m_tokenizer.atEnd()) {
                return true;
            }
            const qsizetype space = m_tokenizer.matchWhitespace();
            if (!space) {
                return fail(QStringLiteral("Expected whitespace after URL"));
            }
            m_tokenizer.take(space);
            if (m_tokenizer.atEnd()) {
                return true;
            }
            return parseMarker(QStringLiteral("URL and whitespace"), marker);
        }
        if (!parseSpecifier(specifier)) {
            return false;
        }
        m_tokenizer.skipWhitespace();
        if (m_tokenizer.atEnd()) {
            return true;
        }
        return parseMarker(specifier->isEmpty() ? QStringLiteral("name and no valid version specifier")
                                                : QStringLiteral("version specifier"),
                           marker);
    }

    // requirement_marker = ';' marker WS?
    bool parseMarker(const QString &after, std::optional<Marker> *marker)
    {
        if (!m_tokenizer.atChar(u';')) {
            return fail(QStringLiteral("Expected end or semicolon (after %1)").arg(after));
        }
        m_tokenizer.take(1);
        *marker = Detail::MarkerParser::parseMarker(m_tokenizer);
        if (!marker->has_value()) {
            return false;
        }
        m_tokenizer.skipWhitespace();
        return true;
    }

    // specifier = '(' WS? version_many WS? ')' | WS? version_many WS?
    // version_many = (SPECIFIER (WS? ',' WS? SPECIFIER)*)?
    bool parseSpecifier(QString *specifier)
    {
        const bool parenthesized = m_tokenizer.atChar(u'(');
        if (parenthesized) {
            m_tokenizer.take(1);
        }
        m_tokenizer.skipWhitespace();
        while (true) {
            const Detail::SpecifierMatch match = m_tokenizer.matchSpecifier();
            if (match.end < 0) {
                break;
            }
            specifier->append(m_tokenizer.take(match.end - m_tokenizer.position()));
            m_tokenizer.skipWhitespace();
            if (!m_tokenizer.atChar(u',')) {
                break;
            }
            specifier->append(m_tokenizer.take(1));
            m_tokenizer.skipWhitespace();
        }
        m_tokenizer.skipWhitespace();
        if (parenthesized) {
            if (!m_tokenizer.atChar(u')')) {
                return fail(QStringLiteral("Expected closing ')' of the version specifier"));
            }
            m_tokenizer.take(1);
        }
        return true;
    }

    Pep508Tokenizer m_tokenizer;
};

} // namespace

std::expected<Requirement, QString> Requirement::parse(QStringView text)
{
    Requirement requirement;
    QString specifier;
    RequirementParser parser(text);
    const auto invalid = [&](const QString &why) {
        return std::unexpected(QStringLiteral("Invalid requirement '%1': %2").arg(text.toString(), why));
    };
    if (!parser.parse(&requirement.m_name, &requirement.m_extras, &requirement.m_url, &specifier,
                      &requirement.m_marker)) {
        return invalid(parser.tokenizer().error());
    }
    if (!requirement.m_url.isEmpty()) {
        const std::optional<SplitUrl> split = urlSplit(requirement.m_url);
        if (!split) {
            return invalid(QStringLiteral("the URL has unbalanced IPv6 brackets"));
        }
        if (split->scheme == u"file") {
            if (fileUrlUnsplit(*split) != requirement.m_url) {
                return invalid(QStringLiteral("the file URL '%1' is not in normal form (write file:///path)")
                                   .arg(requirement.m_url));
            }
        } else if (split->scheme.isEmpty() || split->netloc.isEmpty()) {
            return invalid(QStringLiteral("the URL '%1' needs a scheme and a host, like https://host/path")
                               .arg(requirement.m_url));
        }
    }
    auto specifiers = SpecifierSet::parse(specifier);
    if (!specifiers) {
        return invalid(specifiers.error());
    }
    requirement.m_specifiers = std::move(*specifiers);
    return requirement;
}

QString Requirement::normalizedName() const
{
    return normalizeName(m_name);
}

QString Requirement::toString() const
{
    QString text = m_name;
    if (!m_extras.isEmpty()) {
        QStringList sorted = m_extras;
        std::sort(sorted.begin(), sorted.end(), [](const QString &a, const QString &b) {
            return Detail::compareCodePoints(a, b) < 0;
        });
        text += u'[' % sorted.join(u',') % u']';
    }
    if (!m_specifiers.isEmpty()) {
        text += m_specifiers.toString();
    }
    if (!m_url.isEmpty()) {
        text += u"@ " % m_url;
        if (m_marker) {
            text += u' ';
        }
    }
    if (m_marker) {
        text += u"; " % m_marker->toString();
    }
    return text;
}

} // namespace Metadata
