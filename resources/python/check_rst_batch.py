# SPDX-License-Identifier: GPL-3.0-or-later
# Renders many reStructuredText descriptions in one Python process for `slipway check`
# (core/check/rstbatch.cpp), so that checking twenty files starts Python and imports docutils
# once instead of twenty times. Each document is rendered by readme_rst.py itself, whose source
# is the first record: the settings and the output are exactly those of `slipway readme`.
#
# stdin: records "<decimal byte length>\n<bytes>". Record 1 is readme_rst.py's source; every
# following record is one description (UTF-8). End of input ends the process.
# stdout: "ready <json>\n" once docutils is imported, where json lists the files that decide how
# documents render, [[real path, size, mtime in ms], ...] (the interpreter, docutils, pygments),
# so that Slipway can reuse earlier renderings while none of them changed; then for each
# description, in order, one record holding the JSON readme_rst.py writes (empty when it
# failed). Several of these processes may run side by side; each answers what it was sent.
# Exit status: 0 at end of input, 3 when docutils is missing (before any answer), 1 otherwise.
import io
import json
import os
import sys

EXIT_NO_DOCUTILS = 3


def read_record(stream):
    header = stream.readline()
    if not header:
        return None
    length = int(header)
    data = stream.read(length)
    if len(data) != length:
        raise EOFError("truncated record")
    return data


def fingerprint(modules):
    files = []
    for path in [sys.executable] + [getattr(module, "__file__", None) for module in modules]:
        if not path:
            continue
        real = os.path.realpath(path)
        status = os.stat(real)
        files.append([real, status.st_size, status.st_mtime_ns // 1000000])
    return files


def main():
    stdin = sys.stdin.buffer
    stdout = sys.stdout.buffer
    source = read_record(stdin)
    if source is None:
        return 1
    try:
        import docutils
        import docutils.utils
    except ImportError as error:
        sys.stderr.write("docutils is not importable by %s: %s\n" % (sys.executable, error))
        return EXIT_NO_DOCUTILS
    helper = {"__name__": "readme_rst"}
    exec(compile(source, "readme_rst.py", "exec"), helper)
    original_new_reporter = docutils.utils.new_reporter
    modules = [docutils]
    try:
        import pygments
        modules.append(pygments)
    except ImportError:
        pass
    stdout.write(b"ready " + json.dumps(fingerprint(modules)).encode("utf-8") + b"\n")
    stdout.flush()
    saved_stdin, saved_stdout = sys.stdin, sys.stdout
    while True:
        document = read_record(stdin)
        if document is None:
            return 0
        output = io.StringIO()
        sys.stdin = io.TextIOWrapper(io.BytesIO(document), encoding="utf-8")
        sys.stdout = output
        try:
            status = helper["main"]()
        except Exception as error:  # a failure of one document must not lose the others
            sys.stderr.write("readme_rst failed: %s: %s\n" % (type(error).__name__, error))
            status = 1
        finally:
            sys.stdin, sys.stdout = saved_stdin, saved_stdout
            # readme_rst wraps docutils' reporter factory on every call; undo it.
            docutils.utils.new_reporter = original_new_reporter
        answer = output.getvalue().encode("utf-8") if status == 0 else b""
        stdout.write(b"%d\n" % len(answer))
        stdout.write(answer)
        stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
