#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""slipway check vs twine check, on the same distributions, in one run.

The distributions: real wheels (Debian's /usr/share/python-wheels, plus the pip, setuptools
and wheel wheels bundled with any pyenv Pythons on this machine), wheels and sdists built here
by the real backends (`python -m build --no-isolation` with setuptools, hatchling, flit_core
and poetry-core, reStructuredText and Markdown READMEs), and generated wheels and sdists
(zipfile/tarfile) with many modules and long reStructuredText READMEs. Every file has a
distinct README, so neither tool gains from repeated content.

Two sets: A (at least 20 files) and B (A plus as many different files of about the same total
size), to show that the time grows linearly with the total size; then B split into the files
whose description is reStructuredText (docutils runs for both tools) and the others. Each tool checks a whole set
in one command (`slipway check --python /usr/bin/python3 FILES...`, `/usr/bin/twine check
FILES...`), alternating, BENCH_RUNS times (default 5); figures are medians. slipway runs twice
per round: cold (an empty render cache, so every reStructuredText description goes through
docutils) and warm (the cache of an earlier run over the same files, as when a release is
checked again before each upload). twine (Debian's
4.0.2) renders only reStructuredText and verifies no RECORD hash; slipway renders every
description (docutils for reStructuredText, in one child process) and reads and hashes every
member. Target: slipway at least 10x faster than twine. Wall times depend on what else runs
(the load average is printed); CPU times (user + system of the whole process tree) do not.

Usage: bench/check.py   (SLIPWAY_BIN=path/to/slipway, BENCH_RUNS=N, BENCH_KEEP=1 keeps the files)
"""

import base64
import csv
import glob
import hashlib
import io
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLIPWAY = os.path.abspath(os.environ.get("SLIPWAY_BIN") or os.path.join(ROOT, "build", "bin", "slipway"))
PYTHON = "/usr/bin/python3"
TWINE = "/usr/bin/twine"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))

WORDS = ("release package wheel metadata archive build upload index version record hash render "
         "project python module source distribution manifest license classifier marker extra").split()


def rst_readme(rng, name, sections):
    lines = [name, "=" * len(name), "", "A generated project for Slipway's check benchmark.", ""]
    for s in range(sections):
        title = "Section %d: %s" % (s, rng.choice(WORDS))
        lines += [title, "-" * len(title), ""]
        for _ in range(rng.randint(2, 5)):
            lines.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))) + ".")
            lines.append("")
        lines += ["* item **%s**" % rng.choice(WORDS), "* item ``%s``" % rng.choice(WORDS),
                  "* see `docs %d <https://example.org/%s/%d>`_" % (s, name, s), ""]
        lines += [".. code-block:: python", "", "    def f_%d():" % s, "        return %d" % s, ""]
    return "\n".join(lines)


def markdown_readme(rng, name, sections):
    lines = ["# %s" % name, "", "A generated project for Slipway's check benchmark.", ""]
    for s in range(sections):
        lines += ["## Section %d" % s, ""]
        lines.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60))) + ".")
        lines += ["", "| a | b |", "|---|---|", "| %d | %s |" % (s, rng.choice(WORDS)), "",
                  "```python", "print(%d)" % s, "```", ""]
    return "\n".join(lines)


def record_hash(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def metadata(name, version, readme, content_type):
    return ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: Generated for the check benchmark\n"
            "Author-email: Bench <bench@example.org>\nLicense: MIT\n"
            "Classifier: Programming Language :: Python :: 3\nRequires-Python: >=3.8\n"
            "Requires-Dist: requests>=2\nDescription-Content-Type: %s\n\n%s" % (name, version, content_type, readme))


def module_text(rng, lines):
    return "\n".join("VALUE_%d = %r  # %s" % (i, rng.choice(WORDS) * rng.randint(1, 4), rng.choice(WORDS))
                     for i in range(lines)) + "\n"


def generated_wheel(directory, rng, index, modules, module_lines):
    name = "genpkg%d" % index
    version = "1.0.%d" % index
    distinfo = "%s-%s.dist-info" % (name, version)
    files = [("%s/__init__.py" % name, b"")]
    for m in range(modules):
        files.append(("%s/mod%d.py" % (name, m), module_text(rng, module_lines).encode()))
    files.append((distinfo + "/METADATA", metadata(name, version, rst_readme(rng, name, 20 + index % 30),
                                                   "text/x-rst").encode()))
    files.append((distinfo + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: bench 1.0\nRoot-Is-Purelib: true\n"
                                       b"Tag: py3-none-any\n"))
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for path, data in files:
        writer.writerow([path, record_hash(data), len(data)])
    writer.writerow([distinfo + "/RECORD", "", ""])
    files.append((distinfo + "/RECORD", record.getvalue().encode()))
    path = os.path.join(directory, "%s-%s-py3-none-any.whl" % (name, version))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in files:
            archive.writestr(member, data)
    return path


def generated_sdist(directory, rng, index, modules, module_lines):
    name = "gensdist%d" % index
    version = "2.0.%d" % index
    top = "%s-%s" % (name, version)
    readme = markdown_readme(rng, name, 10 + index % 20) if index % 2 else rst_readme(rng, name, 10 + index % 20)
    content_type = "text/markdown" if index % 2 else "text/x-rst"
    files = [("PKG-INFO", metadata(name, version, readme, content_type).encode()),
             ("pyproject.toml", b'[build-system]\nrequires = ["flit_core"]\nbuild-backend = "flit_core.buildapi"\n'),
             ("README", readme.encode())]
    for m in range(modules):
        files.append(("src/%s/mod%d.py" % (name, m), module_text(rng, module_lines).encode()))
    path = os.path.join(directory, "%s.tar.gz" % top)
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as archive:
        for member, data in files:
            info = tarfile.TarInfo("%s/%s" % (top, member))
            info.size = len(data)
            info.mtime = 1700000000
            archive.addfile(info, io.BytesIO(data))
    return path


BACKEND_PYPROJECT = {
    "setuptools": '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n'
                  '[project]\nname = "{name}"\nversion = "1.0.0"\ndescription = "Check benchmark"\n'
                  'readme = "{readme}"\nlicense = {{text = "MIT"}}\nrequires-python = ">=3.8"\n'
                  '\n[tool.setuptools.packages.find]\nwhere = ["src"]\n',
    "hatchling": '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
                 '[project]\nname = "{name}"\nversion = "1.0.0"\ndescription = "Check benchmark"\n'
                 'readme = "{readme}"\nlicense = {{text = "MIT"}}\nrequires-python = ">=3.8"\n'
                 '\n[tool.hatch.build.targets.wheel]\npackages = ["src/{module}"]\n',
    "flit": '[build-system]\nrequires = ["flit_core >=3.2,<4"]\nbuild-backend = "flit_core.buildapi"\n\n'
            '[project]\nname = "{name}"\nversion = "1.0.0"\ndescription = "Check benchmark"\n'
            'readme = "{readme}"\nlicense = {{text = "MIT"}}\nrequires-python = ">=3.8"\n',
    "poetry": '[build-system]\nrequires = ["poetry-core>=1.0.0"]\nbuild-backend = "poetry.core.masonry.api"\n\n'
              '[tool.poetry]\nname = "{name}"\nversion = "1.0.0"\ndescription = "Check benchmark"\n'
              'authors = ["Bench <bench@example.org>"]\nreadme = "{readme}"\n'
              'packages = [{{include = "{module}", from = "src"}}]\n\n'
              '[tool.poetry.dependencies]\npython = "^3.8"\n',
}


def built(directory, rng, backend, index):
    name = "built%s%d" % (backend, index)
    project = os.path.join(directory, "projects", name)
    module_dir = os.path.join(project, "src", name)
    os.makedirs(module_dir)
    markdown = index % 2 == 0
    readme = "README.md" if markdown else "README.rst"
    with open(os.path.join(project, readme), "w") as f:
        f.write(markdown_readme(rng, name, 15) if markdown else rst_readme(rng, name, 15))
    with open(os.path.join(project, "pyproject.toml"), "w") as f:
        f.write(BACKEND_PYPROJECT[backend].format(name=name, module=name, readme=readme))
    with open(os.path.join(module_dir, "__init__.py"), "w") as f:
        f.write('"""Check benchmark module."""\n__version__ = "1.0.0"\n')
    for m in range(20):
        with open(os.path.join(module_dir, "mod%d.py" % m), "w") as f:
            f.write(module_text(rng, 300))
    out = os.path.join(directory, "built")
    before = set(os.listdir(out)) if os.path.isdir(out) else set()
    # Debian's hatchling declares editables, which Debian lacks: skip the dependency check.
    result = subprocess.run([PYTHON, "-m", "build", "--no-isolation", "--skip-dependency-check", "--outdir", out, project],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        sys.stderr.write("build of %s with %s failed; left out\n" % (name, backend))
        return []
    return sorted(os.path.join(out, f) for f in set(os.listdir(out)) - before)


def real_wheels():
    paths = glob.glob("/usr/share/python-wheels/*.whl")
    paths += glob.glob(os.path.expanduser("~/.pyenv/versions/*/lib/python*/ensurepip/_bundled/*.whl"))
    paths += glob.glob(os.path.expanduser("~/.pyenv/versions/*/lib/python*/test/*.whl"))
    paths += glob.glob(os.path.expanduser("~/.pyenv/versions/*/lib/python*/test/wheeldata/*.whl"))
    unique = {}
    for path in sorted(paths):
        unique.setdefault(os.path.basename(path), path)
    return [unique[name] for name in sorted(unique)]


def is_rst(path):
    """Whether PyPI renders the file's description as reStructuredText (absent type included)."""
    if path.endswith(".whl"):
        with zipfile.ZipFile(path) as archive:
            name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            data = archive.read(name)
    else:
        with tarfile.open(path) as archive:
            member = next(m for m in archive.getmembers() if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO"))
            data = archive.extractfile(member).read()
    headers = data.split(b"\n\n", 1)[0].decode("utf-8", "replace").lower()
    types = [line.split(":", 1)[1].strip() for line in headers.splitlines()
             if line.startswith("description-content-type:")]
    return not types or types[0].startswith("text/x-rst")


def timed(command, environment=None):
    """Wall time, and CPU time (user + system) of the command and every child it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def verdict_counts(output):
    """Counts of PASSED / PASSED with warnings / FAILED lines (slipway's and twine's wording)."""
    text = ANSI.sub("", output)
    failed = len(re.findall(r": FAILED", text))
    warned = len(re.findall(r": PASSED,? with warnings", text))
    passed = len(re.findall(r": PASSED", text)) - warned
    return "%d passed, %d with warnings, %d failed" % (passed, warned, failed)


def measure(files, work):
    """Medians for: slipway with an empty render cache (cold), slipway with the cache of an
    earlier run over the same files (warm), twine."""
    runs = {"cold": [], "warm": [], "twine": []}
    results = {}
    warm_cache = tempfile.mkdtemp(dir=work, prefix="cache-warm-")
    warm_env = dict(os.environ, XDG_CACHE_HOME=warm_cache)
    subprocess.run([SLIPWAY, "check", "--python", PYTHON] + files, stdout=subprocess.DEVNULL, env=warm_env)
    slipway = [SLIPWAY, "check", "--python", PYTHON] + files
    for _ in range(RUNS):
        cold_env = dict(os.environ, XDG_CACHE_HOME=tempfile.mkdtemp(dir=work, prefix="cache-cold-"))
        for tool, command, environment in (("cold", slipway, cold_env), ("warm", slipway, warm_env),
                                           ("twine", [TWINE, "check"] + files, None)):
            wall, cpu, results[tool] = timed(command, environment)
            runs[tool].append((wall, cpu))
    medians = {tool: (statistics.median(w for w, _ in runs[tool]), statistics.median(c for _, c in runs[tool]))
               for tool in runs}
    return medians, results


def docutils_share(files, work):
    """How many reStructuredText descriptions a cold slipway run proves clean natively and how
    many it leaves to docutils (from the slipway.check.rst debug log; an extra, untimed run)."""
    environment = dict(os.environ, XDG_CACHE_HOME=tempfile.mkdtemp(dir=work, prefix="cache-count-"),
                       QT_LOGGING_RULES="slipway.check.rst.debug=true")
    result = subprocess.run([SLIPWAY, "check", "--python", PYTHON] + files, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=environment)
    log = result.stderr.decode("utf-8", "replace")
    return log.count("description clean without docutils"), log.count("description needs docutils")


def main():
    if not os.access(SLIPWAY, os.X_OK):
        sys.exit("no slipway at %s; build it or set SLIPWAY_BIN" % SLIPWAY)
    rng = random.Random(20261121)
    work = tempfile.mkdtemp(prefix="slipway-bench-check-")
    try:
        reals = real_wheels()
        halves = ([], [])
        for i, path in enumerate(sorted(reals, key=os.path.getsize)):
            halves[i % 2].append(path)
        generated = ([], [])
        for half in (0, 1):
            directory = os.path.join(work, "generated%d" % half)
            os.makedirs(directory)
            for backend_index, backend in enumerate(("setuptools", "hatchling", "flit", "poetry")):
                generated[half].extend(built(directory, rng, backend, half * 10 + backend_index))
            for i in range(6):
                index = half * 100 + i
                generated[half].append(generated_wheel(directory, rng, index, modules=10 + 15 * i, module_lines=400))
                generated[half].append(generated_sdist(directory, rng, index, modules=5 + 8 * i, module_lines=300))
        set_a = halves[0] + generated[0]
        set_b = set_a + halves[1] + generated[1]
        if len(set_a) < 20:
            sys.exit("only %d files in set A; need 20" % len(set_a))

        print("slipway check vs twine check (%s), median of %d runs; load average %s" % (
            subprocess.run([TWINE, "--version"], stdout=subprocess.PIPE, text=True).stdout.split("\n")[0], RUNS,
            " ".join("%.1f" % x for x in os.getloadavg())))
        print("  %d real wheels found; set A and B take alternate ones by size" % len(reals))
        rst_b = [f for f in set_b if is_rst(f)]
        other_b = [f for f in set_b if not is_rst(f)]
        rows = {}
        for label, files in (("A", set_a), ("B", set_b), ("B, reStructuredText only", rst_b),
                             ("B, Markdown/plain only", other_b)):
            size = sum(os.path.getsize(f) for f in files)
            medians, results = measure(files, work)
            (cold, cold_cpu), (warm, warm_cpu), (twine, twine_cpu) = medians["cold"], medians["warm"], medians["twine"]
            rows[label] = (len(files), size, cold, twine)
            print("set %s: %d files, %.1f MB (%d real, %d built by backends, %d generated; %d with a "
                  "reStructuredText description)" % (
                      label, len(files), size / 1e6, sum(f in reals for f in files),
                      sum("/built/" in f for f in files), sum("/built/" not in f and f not in reals for f in files),
                      sum(is_rst(f) for f in files)))
            print("  slipway check, cold  wall %7.3f s  cpu %7.3f s  (exit %d; %s)" % (
                cold, cold_cpu, results["cold"].returncode, verdict_counts(results["cold"].stdout.decode())))
            native, docutils = docutils_share(files, work)
            print("  slipway descriptions: %d reStructuredText proven clean natively, %d through docutils" % (
                native, docutils))
            print("  slipway check, warm  wall %7.3f s  cpu %7.3f s  (reStructuredText renderings from an earlier run)" % (
                warm, warm_cpu))
            print("  twine check          wall %7.3f s  cpu %7.3f s  (exit %d; %s)" % (
                twine, twine_cpu, results["twine"].returncode, verdict_counts(results["twine"].stdout.decode())))
            print("  ratio, cold          wall %6.1fx      cpu %6.1fx" % (twine / cold, twine_cpu / cold_cpu))
            print("  ratio, warm          wall %6.1fx      cpu %6.1fx" % (twine / warm, twine_cpu / warm_cpu))
        count_a, size_a, slipway_a, twine_a = rows["A"]
        count_b, size_b, slipway_b, twine_b = rows["B"]
        print("linearity (cold): B/A total size %.2fx, files %.2fx; slipway time %.2fx, twine time %.2fx" % (
            size_b / size_a, count_b / count_a, slipway_b / slipway_a, twine_b / twine_a))
        print("  slipway %.1f ms/MB (A) vs %.1f ms/MB (B)" % (1000 * slipway_a / (size_a / 1e6),
                                                          1000 * slipway_b / (size_b / 1e6)))
    finally:
        if os.environ.get("BENCH_KEEP"):
            print("files kept in %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
