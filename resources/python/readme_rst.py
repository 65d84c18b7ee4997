# SPDX-License-Identifier: GPL-3.0-or-later
# Renders reStructuredText the way PyPI does, for Slipway (core/readme/renderjob.cpp).
#
# Reads the source as UTF-8 on stdin and writes one JSON object on stdout:
#   {"html": "...", "messages": [{"line": 3, "level": 2, "type": "WARNING", "message": "..."}],
#    "docutils": "0.19", "python": "3.11.2"}
# html is docutils' output before sanitizing (the caller cleans it like nh3 does). Settings are
# readme_renderer 45.0's (readme_renderer/rst.py) except that rendering never halts: PyPI stops
# at the first message of level 2 (warning) or more and refuses the upload; here every message
# is collected, with its line, so all problems are reported at once. The upload fails exactly
# when one of them has level >= 2.
# Exit status: 0 rendered (problems are in "messages"), 3 docutils missing, 1 anything else.
import io
import json
import sys

EXIT_NO_DOCUTILS = 3


def main():
    try:
        import docutils
        import docutils.utils
        from docutils.core import publish_parts
        from docutils.writers.html5_polyglot import HTMLTranslator, Writer
    except ImportError as error:
        sys.stderr.write("docutils is not importable by %s: %s\n" % (sys.executable, error))
        return EXIT_NO_DOCUTILS

    class ReadMeHTMLTranslator(HTMLTranslator):
        # No <object> for SVG images, and width/height kept on <img>, as readme_renderer does.
        object_image_types = {}

        def emptytag(self, node, tagname, suffix="\n", **attributes):
            if tagname == "img":
                if "width" in node:
                    attributes["width"] = node["width"]
                if "height" in node:
                    attributes["height"] = node["height"]
            return super().emptytag(node, tagname, suffix, **attributes)

    messages = []

    def observe(message):
        level = message.get("level", 0)
        if level < 2:
            return
        text = message.children[0].astext() if message.children else message.astext()
        messages.append({
            "line": message.get("line"),
            "level": level,
            "type": message.get("type", ""),
            "message": text,
        })

    original_new_reporter = docutils.utils.new_reporter

    def new_reporter(source_path, settings):
        reporter = original_new_reporter(source_path, settings)
        reporter.attach_observer(observe)
        return reporter

    docutils.utils.new_reporter = new_reporter

    settings = {
        "cloak_email_addresses": True,
        "doctitle_xform": True,
        "sectsubtitle_xform": True,
        "initial_header_level": 2,
        "file_insertion_enabled": False,
        "math_output": "MathJax /dummy.js",
        "raw_enabled": False,
        "smart_quotes": True,
        "strip_comments": True,
        "syntax_highlight": "short",
        "field_name_limit": 0,
        "id_prefix": "user-content-",
        # PyPI: halt_level 2. Never halting collects every problem; see the header comment.
        "halt_level": 5,
        "report_level": 5,
        "warning_stream": io.StringIO(),
    }

    source = sys.stdin.buffer.read().decode("utf-8", "replace")
    writer = Writer()
    writer.translator_class = ReadMeHTMLTranslator
    try:
        parts = publish_parts(source, writer=writer, settings_overrides=settings)
        html = parts.get("docinfo", "") + parts.get("fragment", "")
    except Exception as error:  # docutils itself failed: PyPI would fail the same way
        html = ""
        messages.append({"line": None, "level": 4, "type": "SEVERE",
                         "message": "docutils failed: %s: %s" % (type(error).__name__, error)})

    json.dump({
        "html": html,
        "messages": messages,
        "docutils": getattr(docutils, "__version__", ""),
        "python": "%d.%d.%d" % sys.version_info[:3],
    }, sys.stdout, ensure_ascii=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
