#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Hashing benchmark: `slipway inspect` against sha256sum and b2sum on the same 1 GiB file.

Builds a valid wheel of about 1 GiB (one stored member of pseudo-random data, so that inspect
does its real work: whole-file sha256 + BLAKE2b-256, and the member streamed through sha256,
CRC-32 and the RECORD check), warms the page cache, then times in one run, best of --runs:

    slipway inspect --json FILE      (peak RSS via /usr/bin/time)
    sha256sum FILE
    b2sum -l 256 FILE

Target (issue 2): slipway's time <= the slower of the two tools alone, peak RSS < 64 MiB.
The digests slipway prints are checked against the tools' output. The file lives in a
temporary folder that is removed afterwards.

Usage: bench/hash.py [--size-mib N] [--runs N] [--dir PARENT]   (SLIPWAY_BIN overrides the binary)
"""

import argparse
import base64
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_wheel(path, size):
    """A wheel whose payload is one stored member of `size` pseudo-random bytes."""
    rng = random.Random(2)
    chunk = 16 * 1024 * 1024
    digest = hashlib.sha256()
    dist_info = "bench-1.0.dist-info"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as wheel:
        with wheel.open("bench/payload.bin", "w", force_zip64=True) as member:
            left = size
            while left > 0:
                data = rng.randbytes(min(chunk, left))
                digest.update(data)
                member.write(data)
                left -= len(data)
        files = {
            f"{dist_info}/METADATA": b"Metadata-Version: 2.1\nName: bench\nVersion: 1.0\n\nPayload.\n",
            f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        }
        record = "bench/payload.bin,sha256={},{}\n".format(
            base64.urlsafe_b64encode(digest.digest()).decode().rstrip("="), size)
        for name, data in files.items():
            wheel.writestr(name, data)
            record += "{},sha256={},{}\n".format(
                name, base64.urlsafe_b64encode(hashlib.sha256(data).digest()).decode().rstrip("="), len(data))
        record += f"{dist_info}/RECORD,,\n"
        wheel.writestr(f"{dist_info}/RECORD", record)


def timed(command):
    """(wall seconds, CPU seconds, peak RSS KiB, stdout) of one run, measured by /usr/bin/time."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + command, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{command[0]} failed ({result.returncode}): {result.stderr.decode(errors='replace')}")
    user, system, rss = result.stderr.decode().strip().splitlines()[-1].split()
    return wall, float(user) + float(system), int(rss), result.stdout.decode()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", default=None, help="parent folder for the temporary file")
    args = parser.parse_args()

    slipway = os.environ.get("SLIPWAY_BIN", os.path.join(ROOT, "build", "bin", "slipway"))
    if not os.access(slipway, os.X_OK):
        sys.exit(f"{slipway} not found: build first (scripts/build.sh) or set SLIPWAY_BIN")

    with tempfile.TemporaryDirectory(prefix="slipway-bench-", dir=args.dir) as folder:
        wheel = os.path.join(folder, "bench-1.0-py3-none-any.whl")
        print(f"creating a {args.size_mib} MiB wheel in {folder} ...", flush=True)
        make_wheel(wheel, args.size_mib * 1024 * 1024)
        size = os.path.getsize(wheel)
        with open(wheel, "rb") as warm:  # every tool gets a warm page cache
            while warm.read(16 * 1024 * 1024):
                pass

        tools = {
            "slipway inspect": [slipway, "inspect", "--json", wheel],
            "sha256sum": ["sha256sum", wheel],
            "b2sum -l 256": ["b2sum", "-l", "256", wheel],
        }
        best = {name: (float("inf"), 0.0, 0, "") for name in tools}
        for run in range(args.runs):
            for name, command in tools.items():  # interleaved, so load changes hit all alike
                wall, cpu, rss, out = timed(command)
                if wall < best[name][0]:
                    best[name] = (wall, cpu, rss, out)
                print(f"  run {run + 1}: {name:<16} {wall:6.2f} s wall  {cpu:6.2f} s CPU  {rss / 1024:6.1f} MiB",
                      flush=True)

        report = json.loads(best["slipway inspect"][3])[0]
        sha256 = best["sha256sum"][3].split()[0]
        blake2b = best["b2sum -l 256"][3].split()[0]
        agree = report["sha256"] == sha256 and report["blake2b_256"] == blake2b and report["error"] is None
        problems = [p["code"] for p in report.get("problems", [])]

        slipway_time, _, slipway_rss, _ = best["slipway inspect"]
        slower = max(best["sha256sum"][0], best["b2sum -l 256"][0])
        faster = min(best["sha256sum"][0], best["b2sum -l 256"][0])
        ratio = slipway_time / slower
        print()
        print(f"file                {size / 2**20:.0f} MiB (valid wheel, one stored member)")
        print(f"load average        {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times need an idle machine)")
        for name in tools:
            print(f"{name:<19} {best[name][0]:6.2f} s wall ({size / 2**20 / best[name][0]:5.0f} MiB/s), "
                  f"{best[name][1]:6.2f} s CPU")
        print(f"ratio slipway / max(sha256sum, b2sum)  {ratio:.2f}   (target <= 1.0: "
              f"{'met' if ratio <= 1.0 else 'MISSED'})")
        print(f"ratio slipway / min(sha256sum, b2sum)  {slipway_time / faster:.2f}")
        print(f"peak RSS of slipway inspect            {slipway_rss / 1024:.1f} MiB   (target < 64 MiB: "
              f"{'met' if slipway_rss < 64 * 1024 else 'MISSED'})")
        print(f"digests agree with the tools           {'yes' if agree else 'NO'}"
              + (f"; problems reported: {', '.join(problems)}" if problems else ""))
        return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
