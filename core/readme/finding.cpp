// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/readme/finding.h"

namespace Readme {

QString codeName(Finding::Code code)
{
    switch (code) {
    case Finding::Code::ContentTypeMissing:
        return QStringLiteral("readme-content-type-missing");
    case Finding::Code::ContentTypeMalformed:
        return QStringLiteral("readme-content-type-malformed");
    case Finding::Code::ContentTypeUnknown:
        return QStringLiteral("readme-content-type-unknown");
    case Finding::Code::CharsetUnsupported:
        return QStringLiteral("readme-charset-unsupported");
    case Finding::Code::VariantIgnored:
        return QStringLiteral("readme-variant-ignored");
    case Finding::Code::VariantUnknown:
        return QStringLiteral("readme-variant-unknown");
    case Finding::Code::TooLarge:
        return QStringLiteral("readme-too-large");
    case Finding::Code::EmptyRendering:
        return QStringLiteral("readme-empty-rendering");
    case Finding::Code::RstProblem:
        return QStringLiteral("readme-rst-problem");
    case Finding::Code::NotVerified:
        return QStringLiteral("readme-not-verified");
    case Finding::Code::HtmlTagRemoved:
        return QStringLiteral("readme-html-tag-removed");
    case Finding::Code::HtmlContentRemoved:
        return QStringLiteral("readme-html-content-removed");
    case Finding::Code::HtmlTagEscaped:
        return QStringLiteral("readme-html-tag-escaped");
    case Finding::Code::HtmlAttributeRemoved:
        return QStringLiteral("readme-html-attribute-removed");
    case Finding::Code::UnsafeUrlRemoved:
        return QStringLiteral("readme-unsafe-url-removed");
    case Finding::Code::HtmlTooDeep:
        return QStringLiteral("readme-html-too-deep");
    case Finding::Code::RelativeLink:
        return QStringLiteral("readme-relative-link");
    case Finding::Code::RelativeImage:
        return QStringLiteral("readme-relative-image");
    case Finding::Code::InsecureImage:
        return QStringLiteral("readme-insecure-image");
    }
    return QStringLiteral("readme-unknown");
}

QString severityName(Finding::Severity severity)
{
    switch (severity) {
    case Finding::Severity::Error:
        return QStringLiteral("error");
    case Finding::Severity::Warning:
        return QStringLiteral("warning");
    case Finding::Severity::Info:
        return QStringLiteral("info");
    }
    return QStringLiteral("error");
}

QString hint(Finding::Code code)
{
    switch (code) {
    case Finding::Code::ContentTypeMissing:
        return QStringLiteral("Set the content type: readme = \"README.md\" in pyproject.toml does it, or "
                              "long_description_content_type=\"text/markdown\" in setup.py.");
    case Finding::Code::ContentTypeMalformed:
    case Finding::Code::ContentTypeUnknown:
        return QStringLiteral("Use text/markdown, text/x-rst or text/plain, optionally with \"; charset=UTF-8\".");
    case Finding::Code::CharsetUnsupported:
        return QStringLiteral("Save the README as UTF-8 and declare charset=UTF-8 (or no charset).");
    case Finding::Code::VariantIgnored:
        return QStringLiteral("Drop the variant parameter, or write for GitHub-Flavored Markdown.");
    case Finding::Code::VariantUnknown:
        return QStringLiteral("Use variant=GFM or variant=CommonMark, or drop the parameter.");
    case Finding::Code::TooLarge:
        return QStringLiteral("Shorten the description; move long material (changelogs) to the documentation.");
    case Finding::Code::EmptyRendering:
        return QStringLiteral("Write some text in the README, or leave the description out.");
    case Finding::Code::RstProblem:
        return QStringLiteral("Fix the reStructuredText at that line; PyPI refuses the upload on any docutils "
                              "warning.");
    case Finding::Code::NotVerified:
        return QStringLiteral("Install docutils for the Python Slipway uses (Debian/Ubuntu: apt install "
                              "python3-docutils), or choose an interpreter that has it.");
    case Finding::Code::HtmlTagRemoved:
    case Finding::Code::HtmlContentRemoved:
    case Finding::Code::HtmlTagEscaped:
        return QStringLiteral("Use Markdown syntax or a tag PyPI allows (see docs/readme-rendering.md).");
    case Finding::Code::HtmlAttributeRemoved:
        return QStringLiteral("PyPI keeps only a few attributes (id, align, href, src, width, height, ...); drop "
                              "styling attributes.");
    case Finding::Code::UnsafeUrlRemoved:
        return QStringLiteral("Link with http, https or mailto only.");
    case Finding::Code::HtmlTooDeep:
        return QStringLiteral("Reduce the nesting of the HTML in the README.");
    case Finding::Code::RelativeLink:
        return QStringLiteral("Use an absolute URL, e.g. to the file on your repository host.");
    case Finding::Code::RelativeImage:
        return QStringLiteral("Use an absolute https URL, e.g. the raw file on your repository host.");
    case Finding::Code::InsecureImage:
        return QStringLiteral("Use the https URL of the image.");
    }
    return {};
}

} // namespace Readme
