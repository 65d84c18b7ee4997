// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/readme/htmlpolicy.h"

#include <QStringList>

namespace Readme {

namespace {

QSet<QString> setOf(const char *spaceSeparated)
{
    QSet<QString> result;
    for (const QString &word : QString::fromLatin1(spaceSeparated).split(u' ', Qt::SkipEmptyParts)) {
        result.insert(word);
    }
    return result;
}

HtmlPolicy makePypiPolicy()
{
    // readme_renderer 45.0 readme_renderer/clean.py (nh3), as listed in the fact sheet, section 6.
    HtmlPolicy policy;
    policy.tags = setOf("a abbr acronym b blockquote code em i li ol strong ul br caption cite col colgroup dd del "
                        "details div dl dt h1 h2 h3 h4 h5 h6 hr img p pre span sub summary sup table tbody td th "
                        "thead tr tt kbd var input section aside nav figure figcaption picture");
    // nh3's default clean_content_tags.
    policy.cleanContentTags = setOf("script style");
    policy.genericAttributes = setOf("id");
    policy.tagAttributes = {
        {QStringLiteral("a"), setOf("href title")},
        {QStringLiteral("abbr"), setOf("title")},
        {QStringLiteral("acronym"), setOf("title")},
        {QStringLiteral("hr"), setOf("class")},
        {QStringLiteral("span"), setOf("class")},
        {QStringLiteral("code"), setOf("class")},
        {QStringLiteral("aside"), setOf("class")},
        {QStringLiteral("dd"), setOf("class")},
        {QStringLiteral("dl"), setOf("class")},
        {QStringLiteral("dt"), setOf("class")},
        {QStringLiteral("ul"), setOf("class")},
        {QStringLiteral("nav"), setOf("class")},
        {QStringLiteral("figure"), setOf("class")},
        {QStringLiteral("img"), setOf("src width height alt align class")},
        {QStringLiteral("th"), setOf("align class")},
        {QStringLiteral("td"), setOf("align colspan rowspan")},
        {QStringLiteral("div"), setOf("align class")},
        {QStringLiteral("p"), setOf("align class")},
        {QStringLiteral("h1"), setOf("align")},
        {QStringLiteral("h2"), setOf("align")},
        {QStringLiteral("h3"), setOf("align")},
        {QStringLiteral("h4"), setOf("align")},
        {QStringLiteral("h5"), setOf("align")},
        {QStringLiteral("h6"), setOf("align")},
        {QStringLiteral("pre"), setOf("lang class")},
        {QStringLiteral("ol"), setOf("start")},
        {QStringLiteral("input"), setOf("type checked disabled")},
    };
    policy.urlSchemes = setOf("http https mailto");
    policy.linkRel = QStringLiteral("nofollow");
    // readme_renderer HEAD forces task list checkboxes read-only.
    policy.forcedAttributes = {{QStringLiteral("input"), {{QStringLiteral("disabled"), QString()}}}};
    return policy;
}

} // namespace

const HtmlPolicy &HtmlPolicy::pypi()
{
    static const HtmlPolicy policy = makePypiPolicy();
    return policy;
}

bool isUrlAttribute(const QString &tag, const QString &attribute)
{
    return attribute == u"href" || attribute == u"src" || (tag == u"form" && attribute == u"action")
        || (tag == u"object" && attribute == u"data")
        || ((tag == u"button" || tag == u"input") && attribute == u"formaction") || (tag == u"a" && attribute == u"ping")
        || (tag == u"video" && attribute == u"poster");
}

} // namespace Readme
