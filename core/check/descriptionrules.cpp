// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/check/descriptionrules.h"

#include "core/check/rules.h"
#include "core/readme/contenttype.h"
#include "core/readme/rstvalidator.h"

using namespace Qt::StringLiterals;

namespace Check {

namespace {

QString located(const Readme::Finding &finding, const QString &message)
{
    return finding.line > 0 ? u"Description line %1: %2"_s.arg(finding.line).arg(message) : u"Description: "_s + message;
}

QList<Finding> fromReadmeFindings(const QList<Readme::Finding> &findings)
{
    QList<Finding> result;
    for (const Readme::Finding &finding : findings) {
        if (auto mapped = fromReadmeFinding(finding)) {
            result.append(std::move(*mapped));
        }
    }
    return result;
}

} // namespace

std::optional<Finding> fromReadmeFinding(const Readme::Finding &finding)
{
    using Code = Readme::Finding::Code;
    Rule rule = Rule::DescriptionNotVerified;
    QString message = finding.message.simplified();
    switch (finding.code) {
    case Code::ContentTypeMissing:
    case Code::ContentTypeMalformed:
    case Code::ContentTypeUnknown:
    case Code::CharsetUnsupported:
    case Code::VariantUnknown:
        return std::nullopt; // SW401, SW214-SW216
    case Code::VariantIgnored:
        rule = Rule::MarkdownVariantIgnored;
        break;
    case Code::TooLarge:
    case Code::NotVerified:
        rule = Rule::DescriptionNotVerified;
        break;
    case Code::EmptyRendering:
        rule = Rule::RstRenderFailed;
        break;
    case Code::RstProblem:
        // twine check's wording: "line N: Warning: message".
        return makeFinding(Rule::RstRenderFailed,
                           u"The description does not render on PyPI: "_s +
                               (finding.line > 0 ? u"line %1: %2"_s.arg(finding.line).arg(message) : message),
                           Readme::hint(finding.code));
    case Code::HtmlTagRemoved:
    case Code::HtmlContentRemoved:
    case Code::HtmlTagEscaped:
    case Code::HtmlAttributeRemoved:
    case Code::UnsafeUrlRemoved:
    case Code::HtmlTooDeep:
        rule = Rule::HtmlRemoved;
        break;
    case Code::RelativeLink:
        rule = Rule::RelativeLink;
        break;
    case Code::RelativeImage:
        rule = Rule::RelativeImage;
        break;
    case Code::InsecureImage:
        rule = Rule::InsecureImage;
        break;
    }
    return makeFinding(rule, located(finding, message), Readme::hint(finding.code));
}

std::optional<QList<Finding>> verifyDescriptionInProcess(const DescriptionSource &description)
{
    const Readme::ContentType contentType = Readme::ContentType::parse(description.contentType);
    if (!contentType.recognized) {
        return QList<Finding>{}; // SW214: PyPI refuses the upload before rendering anything
    }
    QList<Finding> findings = fromReadmeFindings(contentType.findings);
    switch (contentType.format) {
    case Readme::Format::ReStructuredText:
        return std::nullopt;
    case Readme::Format::PlainText:
        return findings;
    case Readme::Format::Markdown:
        break;
    }
    // An unknown variant makes readme_renderer fail; SW216 says so, there is nothing to render.
    if (contentType.variant.size() > 0 && contentType.variant != u"GFM"_s && contentType.variant != u"CommonMark"_s) {
        return findings;
    }
    findings.append(fromReadmeFindings(Readme::renderMarkdown(description.text).findings));
    return findings;
}

QList<Finding> rstRenderFindings(const Readme::RenderResult &result)
{
    return fromReadmeFindings(result.findings);
}

std::optional<QList<Finding>> verifyRstNatively(const QString &text, QString *reason)
{
    const Readme::RstValidation validation = Readme::validateRst(text);
    if (!validation.isClean()) {
        if (reason != nullptr) {
            *reason = validation.line > 0 ? u"%1 (line %2)"_s.arg(validation.reason).arg(validation.line)
                                          : validation.reason;
        }
        return std::nullopt;
    }
    return fromReadmeFindings(validation.findings);
}

} // namespace Check
