# SPDX-License-Identifier: GPL-3.0-or-later
# The machine's share of the reStructuredText corpus of testrstvalidator.cpp, as JSON on stdout:
# [{"name": ..., "text": ..., "group": "bench" | "metadata" | "file"}, ...]
#  - bench: READMEs from bench/check.py's own generator (the benchmark's descriptions);
#  - metadata: the long descriptions of the Python packages installed for Debian's python3
#    whose Description-Content-Type is text/x-rst or absent (what PyPI renders as RST);
#  - file: a deterministic sample of the .rst files on this machine (CPython's and other
#    projects' documentation under /root/.pyenv, /usr/share, /usr/lib).
# Usage: rstcorpus.py <source dir> <how many .rst files>
import email.parser
import email.policy
import glob
import importlib.util
import json
import os
import random
import sys


def bench_readmes(source):
    spec = importlib.util.spec_from_file_location("checkbench", os.path.join(source, "bench", "check.py"))
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    rng = random.Random(1)
    return [("bench-%d" % i, bench.rst_readme(rng, "project%d" % i, 5 + 3 * i)) for i in range(12)]


def description(path):
    with open(path, "rb") as stream:
        message = email.parser.BytesParser(policy=email.policy.compat32).parse(stream)
    content_type = (message.get("Description-Content-Type") or "").lower()
    if content_type and not content_type.startswith("text/x-rst"):
        return None
    body = message.get_payload()
    if isinstance(body, str) and body.strip():
        return body
    header = message.get("Description")
    if header is None:
        return None
    # Folded header: continuation lines carry 8 spaces or "       |" (core metadata spec).
    lines = str(header).splitlines()
    unfolded = [lines[0]] if lines else []
    for line in lines[1:]:
        if line.startswith("       |"):
            unfolded.append(line[8:])
        elif line.startswith("        "):
            unfolded.append(line[8:])
        else:
            unfolded.append(line.lstrip())
    text = "\n".join(unfolded)
    return text if text.strip() else None


def metadata_descriptions():
    paths = sorted(glob.glob("/usr/lib/python3/dist-packages/*.dist-info/METADATA")
                   + glob.glob("/usr/lib/python3/dist-packages/*.egg-info/PKG-INFO")
                   + [p for p in glob.glob("/usr/lib/python3/dist-packages/*.egg-info") if os.path.isfile(p)])
    result = []
    for path in paths:
        text = description(path)
        if text:
            result.append(("metadata-" + os.path.basename(os.path.dirname(path) if path.endswith(("METADATA", "PKG-INFO")) else path), text))
    return result


def rst_files(count):
    roots = ["/root/.pyenv", "/usr/share", "/usr/lib"]
    paths = []
    for root in roots:
        for directory, _, files in os.walk(root):
            paths += [os.path.join(directory, f) for f in files if f.endswith(".rst")]
    paths.sort()
    sample = random.Random(2).sample(paths, min(count, len(paths)))
    result = []
    for path in sorted(sample):
        try:
            with open(path, "rb") as stream:
                text = stream.read(300000).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        result.append(("file-" + path, text))
    return result


def main():
    source, count = sys.argv[1], int(sys.argv[2])
    corpus = [{"name": n, "text": t, "group": "bench"} for n, t in bench_readmes(source)]
    corpus += [{"name": n, "text": t, "group": "metadata"} for n, t in metadata_descriptions()]
    corpus += [{"name": n, "text": t, "group": "file"} for n, t in rst_files(count)]
    json.dump(corpus, sys.stdout)


if __name__ == "__main__":
    main()
