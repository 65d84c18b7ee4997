// SPDX-License-Identifier: GPL-3.0-or-later
// README rendering (core/readme) on arbitrary bytes: the Markdown pipeline (cmark-gfm, the
// comrak additions, source markers, sanitizer) and the sanitizer alone on raw HTML. Never
// crashes, and what the sanitizer lets out is safe: parsed again, it holds no tag, attribute
// or URL that the allowlist would remove (no mutation XSS through re-parsing).
#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

#include "core/readme/renderer.h"
#include "core/readme/sanitizer.h"

namespace {

void check(bool condition)
{
    if (!condition) {
        __builtin_trap();
    }
}

void checkStable(const QString &sanitized)
{
    const Readme::SanitizeResult again = Readme::sanitizeHtml(sanitized);
    for (const Readme::Finding &finding : again.findings) {
        using Code = Readme::Finding::Code;
        check(finding.code != Code::HtmlTagRemoved && finding.code != Code::HtmlContentRemoved
              && finding.code != Code::HtmlAttributeRemoved && finding.code != Code::UnsafeUrlRemoved);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // Large inputs only make the quadratic corners of the parsers slow, not more interesting.
    if (size > 64 * 1024) {
        return 0;
    }
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    const Readme::RenderResult markdown = Readme::renderMarkdown(text);
    check(markdown.verified);
    // The renderer's source markers never show (unless the README itself has such text).
    if (!text.contains(QStringLiteral("slipway-"))) {
        check(!markdown.html.contains(QStringLiteral("slipway-")));
    }
    for (const Readme::Finding &finding : markdown.findings) {
        check(!finding.message.isEmpty());
        check(finding.line >= 0);
    }
    checkStable(markdown.html);

    const Readme::SanitizeResult html = Readme::sanitizeHtml(text);
    checkStable(html.html);
    return 0;
}
