#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""slipway upload vs twine upload, to the same strict local registry, in one run.

Two sets of valid wheels (zipfile, ZIP_STORED members of random data, with a correct RECORD):
  multi: 10 wheels of 20 MB each (distinct versions of one project)
  large: one wheel of 500 MB
Each tool uploads a whole set in one command to a fresh `slipway-test-registry` process (a
Warehouse-like registry on 127.0.0.1 that parses the multipart body strictly, recomputes the
digests and stores every file on disk), alternating, BENCH_RUNS times (default 3); figures are
medians of wall time, CPU time (user + system) and peak resident memory (/usr/bin/time, whole
command; the registry's own work is not counted for either), and each run's wall ratio with the
load average before it. Wall times depend on what else runs; CPU times do not.

The registry parses, hashes (sha256, BLAKE2b, md5 when announced) and stores each upload's body
on a worker thread of its own, as Warehouse serves parallel uploads on many workers; its event
loop only moves bytes. That helps a parallel uploader (slipway, 3 files at a time) more than
twine, which sends one file at a time: BENCH_REGISTRY_WORKERS=1 makes the registry handle one
body's bytes at a time, for the comparison without that advantage.
  slipway upload --repository-url URL FILES...        (checks every file first, 3 files at a time)
  /usr/bin/twine upload --repository-url URL FILES... (Debian's twine, one file at a time)
Both get the token from TWINE_PASSWORD. Targets: slipway's wall time at most half of twine's for
the multi set; slipway's peak memory under 80 MiB for the 500 MB file.

Usage: bench/upload.py   (SLIPWAY_BIN=path/to/slipway, SLIPWAY_TEST_REGISTRY=path/to/registry,
                          BENCH_RUNS=N, BENCH_JOBS=N for slipway --jobs, BENCH_KEEP=1 keeps the files,
                          BENCH_SETS=multi,large (default both), BENCH_REGISTRY_WORKERS=N)
On a machine busy with other work, `chrt -f 10 bench/upload.py` (root) runs both tools and the
registry ahead of it, which comes close to a quiet machine's figures for both alike.
"""

import base64
import hashlib
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
REGISTRY = os.path.abspath(os.environ.get("SLIPWAY_TEST_REGISTRY")
                           or os.path.join(os.path.dirname(SLIPWAY), "slipway-test-registry"))
TWINE = "/usr/bin/twine"
TIME = "/usr/bin/time"
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
JOBS = os.environ.get("BENCH_JOBS", "3")
SETS = os.environ.get("BENCH_SETS", "multi,large").split(",")
REGISTRY_WORKERS = os.environ.get("BENCH_REGISTRY_WORKERS")
TOKEN = "pypi-upload-benchmark-token"
MB = 1000 * 1000


def record_hash(data_hash):
    return "sha256=" + base64.urlsafe_b64encode(data_hash).rstrip(b"=").decode()


def write_wheel(directory, name, version, payload_bytes):
    dist = "%s-%s.dist-info" % (name, version)
    rows = []
    path = os.path.join(directory, "%s-%s-py3-none-any.whl" % (name, version))
    chunk = os.urandom(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        digest, left = hashlib.sha256(), payload_bytes
        with archive.open("%s/data.bin" % name, "w", force_zip64=payload_bytes > 2**31) as member:
            while left > 0:
                # A fresh random prefix per MiB, so no two files or blocks are alike.
                piece = os.urandom(16) + chunk[16:min(left, len(chunk))]
                piece = piece[:min(left, len(chunk))]
                member.write(piece)
                digest.update(piece)
                left -= len(piece)
        rows.append("%s/data.bin,%s,%d" % (name, record_hash(digest.digest()), payload_bytes))
        metadata = ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: Upload benchmark\n"
                    "Description-Content-Type: text/markdown\n\n# %s\n\nA generated wheel.\n" % (name, version, name))
        for member, data in (("%s/__init__.py" % name, b""), ("%s/METADATA" % dist, metadata.encode()),
                             ("%s/WHEEL" % dist, b"Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\n"
                                                 b"Tag: py3-none-any\n")):
            archive.writestr(member, data)
            rows.append("%s,%s,%d" % (member, record_hash(hashlib.sha256(data).digest()), len(data)))
        archive.writestr("%s/RECORD" % dist, "\n".join(rows + ["%s/RECORD,," % dist]) + "\n")
    return path


class Registry:
    """A fresh slipway-test-registry process with its storage in a temporary folder."""

    def __init__(self, work):
        self.storage = tempfile.mkdtemp(prefix="registry-", dir=work)
        env = dict(os.environ, SLIPWAY_TEST_REGISTRY_TOKEN=TOKEN)
        workers = ["--upload-workers", REGISTRY_WORKERS] if REGISTRY_WORKERS else []
        self.process = subprocess.Popen([REGISTRY, "--storage", self.storage] + workers, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=env, text=True)
        self.base = self.process.stdout.readline().strip()
        if not self.base.startswith("http://127.0.0.1:"):
            raise SystemExit("slipway-test-registry did not start")

    def stored(self):
        count = 0
        for _, _, files in os.walk(os.path.join(self.storage, "files")):
            count += len(files)
        return count

    def close(self):
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.storage, ignore_errors=True)


def timed(command, env):
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of a command, via /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.monotonic()
        result = subprocess.run([TIME, "-f", "%M %U %S", "-o", report.name] + command, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        wall = time.monotonic() - start
        fields = open(report.name).read().split("\n")[-2].split()
        peak, cpu = int(fields[0]), float(fields[1]) + float(fields[2])
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:])
        raise SystemExit("%s failed with %d" % (command[0], result.returncode))
    return wall, peak, cpu


def run_tool(tool, files, work):
    registry = Registry(work)
    try:
        url = registry.base + "legacy/"
        env = dict(os.environ, TWINE_USERNAME="__token__", TWINE_PASSWORD=TOKEN,
                   PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
        for variable in ("TWINE_REPOSITORY", "TWINE_REPOSITORY_URL"):
            env.pop(variable, None)
        if tool == "slipway":
            command = [SLIPWAY, "upload", "--repository-url", url, "--jobs", JOBS] + files
        else:
            command = [TWINE, "upload", "--non-interactive", "--disable-progress-bar", "--repository-url", url] + files
        wall, peak, cpu = timed(command, env)
        if registry.stored() != len(files):
            raise SystemExit("%s stored %d of %d files" % (tool, registry.stored(), len(files)))
        return wall, peak, cpu
    finally:
        registry.close()


def measure(name, files, work):
    figures = {"slipway": ([], [], []), "twine": ([], [], [])}
    total = sum(os.path.getsize(f) for f in files)
    print("\n%s: %d files, %.0f MB, %d runs each" % (name, len(files), total / MB, RUNS))
    for run in range(RUNS):
        load = os.getloadavg()[0]
        for tool in ("slipway", "twine"):
            wall, peak, cpu = run_tool(tool, files, work)
            figures[tool][0].append(wall)
            figures[tool][1].append(peak)
            figures[tool][2].append(cpu)
        print("  run %d: load %.2f  slipway %.2f s  twine %.2f s  ratio %.2f" % (
            run + 1, load, figures["slipway"][0][-1], figures["twine"][0][-1],
            figures["slipway"][0][-1] / figures["twine"][0][-1]))
    ratios = [s / t for s, t in zip(figures["slipway"][0], figures["twine"][0])]
    print("  medians (ratio of the runs' ratios: %.2f):" % statistics.median(ratios))
    result = {}
    for tool in ("slipway", "twine"):
        wall = statistics.median(figures[tool][0])
        peak = statistics.median(figures[tool][1]) / 1024.0
        cpu = statistics.median(figures[tool][2])
        result[tool] = (wall, peak, cpu)
        print("  %-8s wall %7.2f s  (%6.1f MB/s)  cpu %6.2f s  peak memory %7.1f MiB   wall runs: %s" % (
            tool, wall, total / MB / wall, cpu, peak, " ".join("%.2f" % w for w in figures[tool][0])))
    print("  ratio    wall slipway/twine = %.2f   cpu slipway/twine = %.2f   memory slipway/twine = %.2f" % (
        result["slipway"][0] / result["twine"][0], result["slipway"][2] / result["twine"][2],
        result["slipway"][1] / result["twine"][1]))
    return result


def main():
    for path in (SLIPWAY, REGISTRY, TWINE, TIME):
        if not os.access(path, os.X_OK):
            raise SystemExit("missing executable: %s (build slipway and slipway-test-registry first)" % path)
    work = tempfile.mkdtemp(prefix="slipway-upload-bench-")
    try:
        print("generating wheels in %s ..." % work)
        print("registry upload workers: %s" % (REGISTRY_WORKERS or "default (one per upload in flight)"))
        results = {}
        if "multi" in SETS:
            multi = [write_wheel(work, "benchmulti", "1.%d" % i, 20 * MB) for i in range(10)]
            print("load average: %.2f %.2f %.2f" % os.getloadavg())
            results["multi"] = measure("multi (10 x 20 MB)", multi, work)
        if "large" in SETS:
            large = [write_wheel(work, "benchlarge", "1.0", 500 * MB)]
            print("load average: %.2f %.2f %.2f" % os.getloadavg())
            results["large"] = measure("large (1 x 500 MB)", large, work)
        print("load average: %.2f %.2f %.2f" % os.getloadavg())
        print("\ntargets:")
        if "multi" in results:
            first = results["multi"]
            ratio = first["slipway"][0] / first["twine"][0]
            print("  multi wall time slipway <= 0.5 x twine: %.2f -> %s" % (ratio, "met" if ratio <= 0.5 else "NOT met"))
        if "large" in results:
            peak = results["large"]["slipway"][1]
            print("  large peak memory slipway < 80 MiB:    %.1f MiB -> %s" % (peak, "met" if peak < 80 else "NOT met"))
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
