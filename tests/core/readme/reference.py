# SPDX-License-Identifier: GPL-3.0-or-later
# Reference side of the comparison with readme_renderer (tests/core/readme/testreference.cpp).
#
#   reference.py reference md|rst|txt FILE   render FILE with Debian's readme_renderer 37
#   reference.py canonical md|rst|txt        read Slipway's HTML on stdin
#
# Both print the same canonical form: one token per line, attributes sorted, entities decoded,
# comments dropped. Where today's PyPI (readme_renderer 45: comrak, nh3) differs from version 37
# (cmarkgfm, bleach), the difference is normalized here; each one is listed in
# docs/readme-rendering.md ("Comparison with readme_renderer 37"), under the names N1..N7 below.
# Run with /usr/bin/python3 (the Debian packages); never pip-installed copies.
import functools
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def reference_markdown(text):
    import bleach
    import bleach.callbacks
    import bleach.linkifier
    import bleach.sanitizer
    import cmarkgfm
    from cmarkgfm.cmark import Options
    from readme_renderer import clean as rrclean
    from readme_renderer import markdown as rrmarkdown

    # N1: footnotes are on, as readme_renderer 45 turns comrak's footnotes on.
    html = cmarkgfm.github_flavored_markdown_to_html(
        text, options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES)
    html = rrmarkdown._highlight(html)
    # readme_renderer.clean.clean(), except N2: disallowed tags are stripped (nh3), not escaped (bleach).
    cleaner = bleach.sanitizer.Cleaner(
        tags=rrclean.ALLOWED_TAGS,
        attributes=rrclean.ALLOWED_ATTRIBUTES,
        strip=True,
        filters=[
            functools.partial(
                bleach.linkifier.LinkifyFilter,
                callbacks=[lambda attrs, new: attrs if not new else None, bleach.callbacks.nofollow],
                skip_tags=["pre"],
                parse_email=False,
            ),
            rrclean.DisabledCheckboxInputsFilter,
        ],
    )
    return cleaner.clean(html)


def reference_rst(text):
    from readme_renderer import rst
    rendered = rst.render(text)
    return "<!-- not rendered -->" if rendered is None else rendered


def reference_txt(text):
    from readme_renderer import txt
    # Warehouse wraps plain text in <pre>.
    return "<pre>" + txt.render(text) + "</pre>"


class Canonical(HTMLParser):
    def __init__(self, slipway_side):
        super().__init__(convert_charrefs=True)
        self.slipway_side = slipway_side
        self.tokens = []
        self.text = ""
        self.pre_depth = 0
        self.after_heading_start = False
        self.skipping_anchor = False

    def flush(self):
        if self.text:
            self.tokens.append("text " + repr(self.text))
            self.text = ""

    def handle_starttag(self, tag, attrs):
        heading_anchor = (self.slipway_side and tag == "a" and self.after_heading_start
                          and any(k == "id" and (v or "").startswith("user-content-") for k, v in attrs))
        self.after_heading_start = tag in HEADINGS
        if heading_anchor:
            # N3: comrak's heading anchors (header_ids) do not exist in 37.
            self.skipping_anchor = True
            return
        if tag == "pre":
            self.pre_depth += 1
        if tag == "span" and self.pre_depth:
            # N4: Pygments' highlighting spans inside code blocks.
            return
        normalized = []
        for name, value in attrs:
            value = "" if value is None else value
            if name == "rel":
                # N5: bleach puts rel=nofollow on links with an href other than mailto:, nh3 on every link.
                continue
            if self.slipway_side and name == "href" and value.startswith("#user-content-"):
                # N6: readme_renderer 45 points "#x" links at "#user-content-x" (Markdown), and docutils'
                # id_prefix does the same for reStructuredText references.
                value = "#" + value[len("#user-content-"):]
            if self.slipway_side and tag == "pre" and name == "class":
                # N7: readme_renderer 45 allows class on <pre> (docutils' "literal-block"); 37 does not.
                continue
            if self.slipway_side and name == "id" and value.startswith("user-content-"):
                # N6 (reStructuredText): id_prefix="user-content-" is new in readme_renderer 45.
                value = value[len("user-content-"):]
            normalized.append((name, value))
        self.flush()
        self.tokens.append("<%s%s>" % (tag, "".join(' %s="%s"' % item for item in sorted(normalized))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        self.after_heading_start = False
        if tag == "a" and self.skipping_anchor:
            self.skipping_anchor = False
            return
        if tag == "span" and self.pre_depth:
            return
        if tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        self.flush()
        self.tokens.append("</%s>" % tag)

    def handle_data(self, data):
        self.after_heading_start = False
        self.text += data

    def handle_comment(self, data):
        pass


def canonical(html, slipway_side):
    parser = Canonical(slipway_side)
    parser.feed(html)
    parser.close()
    parser.flush()
    return "\n".join(parser.tokens) + "\n"


def main(argv):
    renderers = {"md": reference_markdown, "rst": reference_rst, "txt": reference_txt}
    if len(argv) == 4 and argv[1] == "reference" and argv[2] in renderers:
        with open(argv[3], encoding="utf-8") as source:
            html = renderers[argv[2]](source.read())
        sys.stdout.write(canonical(html, slipway_side=False))
        return 0
    if len(argv) == 3 and argv[1] == "canonical" and argv[2] in renderers:
        sys.stdout.write(canonical(sys.stdin.read(), slipway_side=True))
        return 0
    sys.stderr.write("usage: reference.py reference md|rst|txt FILE | canonical md|rst|txt < HTML\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
