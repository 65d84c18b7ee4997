// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/readme/renderer.h"

#include <QRandomGenerator>

#include <algorithm>
#include <limits>

#include "core/readme/markdown.h"
#include "core/readme/sanitizer.h"

namespace Readme {

namespace {

RenderResult tooLarge(qsizetype bytes)
{
    RenderResult result;
    result.verified = false;
    result.findings << Finding{Finding::Code::TooLarge, Finding::Severity::Warning,
                               QStringLiteral("The description is %1 MiB; Slipway renders descriptions up to %2 MiB.")
                                   .arg(static_cast<double>(bytes) / (1024.0 * 1024.0), 0, 'f', 1)
                                   .arg(maxSourceBytes / (1024 * 1024)),
                               0};
    return result;
}

QString randomNonce()
{
    const quint64 value = QRandomGenerator::global()->generate64();
    return QString::number(value, 16).rightJustified(16, u'0');
}

void sortByLine(QList<Finding> &findings)
{
    // Findings without a line (0) keep their place at the front.
    std::stable_sort(findings.begin(), findings.end(), [](const Finding &a, const Finding &b) {
        return a.line < b.line;
    });
}

HtmlPolicy lineBreaksOnly()
{
    HtmlPolicy policy;
    policy.tags.insert(QStringLiteral("br"));
    return policy;
}

} // namespace

bool RenderResult::hasErrors() const
{
    return std::any_of(findings.cbegin(), findings.cend(),
                       [](const Finding &finding) { return finding.severity == Finding::Severity::Error; });
}

RenderResult renderMarkdown(const QString &source)
{
    const qsizetype bytes = source.toUtf8().size();
    if (bytes > maxSourceBytes) {
        return tooLarge(bytes);
    }
    RenderResult result;
    const QString nonce = randomNonce();
    const QString html = Markdown::toHtml(source, nonce, &result.findings);
    if (html.trimmed().isEmpty()) {
        // readme_renderer returns None for an empty rendering, and PyPI refuses the upload.
        result.findings << Finding{Finding::Code::EmptyRendering, Finding::Severity::Error,
                                   QStringLiteral("The description renders to nothing; PyPI refuses it."), 0};
        return result;
    }
    SanitizeOptions options;
    options.fragmentPrefix = QStringLiteral("user-content-");
    options.markerNonce = nonce;
    SanitizeResult sanitized = sanitizeHtml(html, HtmlPolicy::pypi(), options);
    result.html = std::move(sanitized.html);
    result.findings << sanitized.findings;
    sortByLine(result.findings);
    return result;
}

RenderResult renderPlainText(const QString &source)
{
    const qsizetype bytes = source.toUtf8().size();
    if (bytes > maxSourceBytes) {
        return tooLarge(bytes);
    }
    // readme_renderer.txt: html.escape, "\n" -> "<br>", cleaned with only <br> allowed; Warehouse
    // wraps it in <pre>. The cleaning pass is what normalizes carriage returns and drops NULs.
    QString escaped = source.toHtmlEscaped();
    escaped.replace(u'\n', QStringLiteral("<br>"));
    static const HtmlPolicy policy = lineBreaksOnly();
    SanitizeOptions options;
    options.reportMarkup = false;
    options.reportLinks = false;
    options.maxDepth = std::numeric_limits<int>::max();
    RenderResult result;
    result.html = QStringLiteral("<pre>") + sanitizeHtml(escaped, policy, options).html + QStringLiteral("</pre>");
    return result;
}

} // namespace Readme
