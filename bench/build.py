#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""slipway build vs python -m build, on the same projects, in one run.

Non-isolated: the Debian backends (setuptools, flit-core, poetry-core, hatchling) and an
in-tree backend, each built (sdist, then wheel from the sdist) by `slipway build
--no-isolation` and by `/usr/bin/python3 -m build --no-isolation`, alternating.

Isolated: the setuptools project and the in-tree project built by slipway with a cold cache
(a fresh cache folder per run) and a warm one, filled offline from a wheelhouse made here
(Debian's setuptools wheel plus Debian's "wheel" repackaged); python -m build isolated
(fresh venv per run, pip from the same wheelhouse) for comparison.

Figures are medians of BENCH_RUNS runs (default 5). "overhead" is slipway's wall time minus
the wall time of the hook processes (interpreter start, backend import, hook): what Slipway
itself costs (its start, finding Python, git, unpacking, moving files), waits for the CPU
included; "cpu" is the CPU time of the slipway process itself, which a loaded machine does
not inflate. Targets: overhead < 100 ms; warm isolated within 1.2x of non-isolated.

Usage: bench/build.py   (SLIPWAY_BIN=path/to/slipway, BENCH_RUNS=N)
"""

import base64
import hashlib
import importlib.metadata
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLIPWAY = os.path.abspath(os.environ.get("SLIPWAY_BIN") or os.path.join(ROOT, "build", "bin", "slipway"))
PYTHON = "/usr/bin/python3"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))

PROJECT = """[project]
name = "bench-pkg"
version = "1.0.0"
description = "Slipway build benchmark project"
readme = "README.md"
requires-python = ">=3.8"
license = {text = "MIT"}
authors = [{name = "Bench", email = "bench@example.org"}]
dependencies = ["requests>=2"]
"""

BACKENDS = {
    "setuptools": '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n'
    + PROJECT
    + '\n[tool.setuptools.packages.find]\nwhere = ["src"]\n',
    "flit-core": '[build-system]\nrequires = ["flit_core >=3.2,<4"]\nbuild-backend = "flit_core.buildapi"\n\n' + PROJECT,
    "poetry-core": """[build-system]
requires = ["poetry-core>=1.0.0"]
build-backend = "poetry.core.masonry.api"

[tool.poetry]
name = "bench-pkg"
version = "1.0.0"
description = "Slipway build benchmark project"
authors = ["Bench <bench@example.org>"]
readme = "README.md"
packages = [{include = "bench_pkg", from = "src"}]

[tool.poetry.dependencies]
python = "^3.8"
""",
    # Debian's hatchling declares editables, which Debian lacks: both frontends skip the check.
    "hatchling": '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
    + PROJECT
    + '\n[tool.hatch.build.targets.wheel]\npackages = ["src/bench_pkg"]\n',
    "in-tree": '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["_backend"]\n',
}

IN_TREE_BACKEND = '''
import io, os, tarfile, zipfile
NAME, VERSION = "bench_intree", "1.0"
META = "Metadata-Version: 2.1\\nName: bench-intree\\nVersion: 1.0\\n"
def build_sdist(directory, config_settings=None):
    name = NAME + "-" + VERSION + ".tar.gz"
    with tarfile.open(os.path.join(directory, name), "w:gz") as archive:
        for path in ("pyproject.toml", "_backend/backend.py", "src/bench_pkg/__init__.py"):
            archive.add(path, arcname=NAME + "-" + VERSION + "/" + path)
        info = tarfile.TarInfo(NAME + "-" + VERSION + "/PKG-INFO")
        info.size = len(META)
        archive.addfile(info, io.BytesIO(META.encode()))
    return name
def build_wheel(directory, config_settings=None, metadata_directory=None):
    name = NAME + "-" + VERSION + "-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(directory, name), "w") as archive:
        archive.write("src/bench_pkg/__init__.py", "bench_pkg/__init__.py")
        archive.writestr(NAME + "-" + VERSION + ".dist-info/METADATA", META)
        archive.writestr(NAME + "-" + VERSION + ".dist-info/WHEEL", "Wheel-Version: 1.0\\nTag: py3-none-any\\n")
        archive.writestr(NAME + "-" + VERSION + ".dist-info/RECORD", "")
    return name
'''


def write_project(directory, backend):
    os.makedirs(os.path.join(directory, "src", "bench_pkg"))
    with open(os.path.join(directory, "pyproject.toml"), "w") as stream:
        stream.write(BACKENDS[backend])
    with open(os.path.join(directory, "README.md"), "w") as stream:
        stream.write("# bench-pkg\n")
    with open(os.path.join(directory, "src", "bench_pkg", "__init__.py"), "w") as stream:
        stream.write("VALUE = 1\n")
    if backend == "in-tree":
        os.makedirs(os.path.join(directory, "_backend"))
        with open(os.path.join(directory, "_backend", "backend.py"), "w") as stream:
            stream.write(IN_TREE_BACKEND)


def repackage_installed(directory, name):
    """A .whl of a distribution Debian installed without one (here: "wheel")."""
    dist = importlib.metadata.distribution(name)
    root = str(dist.locate_file(""))
    stem = "{}-{}".format(dist.metadata["Name"].replace("-", "_").lower(), dist.version)
    files = {}
    for package in (dist.read_text("top_level.txt") or name).split():
        for folder, dirs, names in os.walk(os.path.join(root, package)):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for file in names:
                path = os.path.join(folder, file)
                with open(path, "rb") as stream:
                    files[os.path.relpath(path, root)] = stream.read()
    files[stem + ".dist-info/METADATA"] = (dist.read_text("METADATA") or dist.read_text("PKG-INFO")).encode()
    files[stem + ".dist-info/WHEEL"] = b"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    if dist.read_text("entry_points.txt"):
        files[stem + ".dist-info/entry_points.txt"] = dist.read_text("entry_points.txt").encode()
    record = []
    with zipfile.ZipFile(os.path.join(directory, stem + "-py3-none-any.whl"), "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in sorted(files.items()):
            archive.writestr(member, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append("{},sha256={},{}".format(member, digest, len(data)))
        record.append(stem + ".dist-info/RECORD,,")
        archive.writestr(stem + ".dist-info/RECORD", "\n".join(record) + "\n")


def timed(command, cwd, env=None):
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = (time.perf_counter() - started) * 1000.0
    if result.returncode != 0:
        sys.stderr.write(result.stderr.decode(errors="replace")[-3000:])
        raise SystemExit("failed: " + " ".join(command))
    return elapsed, result.stdout


def slipway(project, outdir, extra, env=None):
    # python -m build checks nothing, so neither does slipway here (bench/check.py times the check).
    command = [SLIPWAY, "build", project, "-o", outdir, "--python", PYTHON, "--json", "--no-check"]
    elapsed, out = timed(command + extra, project, env)
    report = json.loads(out)
    return elapsed, report["timings"]


def median(values):
    return statistics.median(values) if values else float("nan")


def main():
    if not os.access(SLIPWAY, os.X_OK):
        raise SystemExit("slipway not found at {} (build it, or set SLIPWAY_BIN)".format(SLIPWAY))
    work = tempfile.mkdtemp(prefix="slipway-bench-build-")
    base_env = dict(os.environ)
    base_env.pop("SOURCE_DATE_EPOCH", None)
    base_env["XDG_CACHE_HOME"] = os.path.join(work, "cache-unused")
    try:
        print("slipway build vs python -m build ({} runs each, medians; load average {:.1f})".format(
            RUNS, os.getloadavg()[0]))
        print()
        print("{:<12} {:>10} {:>10} {:>7} {:>10} {:>10} {:>7}".format(
            "non-isolated", "slipway", "build", "ratio", "hooks", "overhead", "cpu"))
        for backend in BACKENDS:
            project = os.path.join(work, backend)
            write_project(project, backend)
            extra = ["--no-isolation"] + (["--skip-dependency-check"] if backend == "hatchling" else [])
            ours, theirs, hooks, overhead, cpu = [], [], [], [], []
            for run in range(RUNS):
                outdir = os.path.join(work, "out", backend, str(run))
                elapsed, timings = slipway(project, outdir + "-slipway", extra, base_env)
                ours.append(elapsed)
                hooks.append(timings["backendProcessMs"])
                overhead.append(elapsed - timings["backendProcessMs"])
                cpu.append(timings["slipwayCpuMs"])
                elapsed, _ = timed([PYTHON, "-m", "build", "-o", outdir + "-build"] + extra + [project], project, base_env)
                theirs.append(elapsed)
            print("{:<12} {:>8.0f}ms {:>8.0f}ms {:>6.2f}x {:>8.0f}ms {:>8.0f}ms {:>5.0f}ms".format(
                backend, median(ours), median(theirs), median(ours) / median(theirs), median(hooks), median(overhead),
                median(cpu)))

        wheelhouse = os.path.join(work, "wheelhouse")
        os.makedirs(wheelhouse)
        for wheel in os.listdir("/usr/share/python-wheels"):
            if wheel.startswith("setuptools-"):
                shutil.copy(os.path.join("/usr/share/python-wheels", wheel), wheelhouse)
        repackage_installed(wheelhouse, "wheel")
        offline = ["--find-links", wheelhouse, "--no-index", "--installer", "pip"]

        print()
        print("{:<12} {:>10} {:>10} {:>10} {:>11} {:>13}".format(
            "isolated", "cold", "warm", "no-isol.", "warm/no-is.", "build (isol.)"))
        for backend in ("setuptools", "in-tree"):
            project = os.path.join(work, backend)
            cold, warm, plain, peer = [], [], [], []
            warm_env = dict(base_env, XDG_CACHE_HOME=os.path.join(work, "cache-warm"))
            slipway(project, os.path.join(work, "out", "warmup"), offline, warm_env)
            for run in range(RUNS):
                outdir = os.path.join(work, "out", "isolated-" + backend, str(run))
                cold_env = dict(base_env, XDG_CACHE_HOME=os.path.join(work, "cache-cold-{}-{}".format(backend, run)))
                cold.append(slipway(project, outdir + "-cold", offline, cold_env)[0])
                warm.append(slipway(project, outdir + "-warm", offline, warm_env)[0])
                plain.append(slipway(project, outdir + "-plain", ["--no-isolation"], base_env)[0])
                peer_env = dict(base_env, PIP_FIND_LINKS=wheelhouse, PIP_NO_INDEX="1")
                peer.append(timed([PYTHON, "-m", "build", "-o", outdir + "-build", project], project, peer_env)[0])
            print("{:<12} {:>8.0f}ms {:>8.0f}ms {:>8.0f}ms {:>10.2f}x {:>11.0f}ms".format(
                backend, median(cold), median(warm), median(plain), median(warm) / median(plain), median(peer)))
        print()
        print("targets: overhead < 100 ms; warm isolated / non-isolated <= 1.20x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
