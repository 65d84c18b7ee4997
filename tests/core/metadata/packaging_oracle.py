# SPDX-License-Identifier: GPL-3.0-or-later
"""Answers from Python's packaging (the peer Slipway's metadata module must agree with).

Reads one JSON object on stdin, writes one on stdout. Run with the Debian system Python
(/usr/bin/python3), which has python3-packaging.

Markers are parsed with packaging >= 23.1 semantics (trailing text after a marker is an
error); packaging 23.0 accepted it, so the END check is added here for that version.
"""
import json
import sys

import packaging
from packaging import _parser, _tokenizer
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import Specifier, SpecifierSet
from packaging.utils import canonicalize_name, canonicalize_version
from packaging.version import Version


def parse_version(text):
    try:
        return Version(text)
    except Exception:
        return None


def version_info(text):
    v = parse_version(text)
    if v is None:
        return {"valid": False}
    return {
        "valid": True,
        "str": str(v),
        "canonical": canonicalize_version(v),
        "public": v.public,
        "base": v.base_version,
        "epoch": v.epoch,
        "release": list(v.release),
        "pre": None if v.pre is None else [v.pre[0], v.pre[1]],
        "post": v.post,
        "dev": v.dev,
        "local": v.local or "",
        "is_prerelease": v.is_prerelease,
        "is_postrelease": v.is_postrelease,
        "is_devrelease": v.is_devrelease,
    }


def compare_matrix(texts):
    versions = [Version(t) for t in texts]
    rows = []
    for a in versions:
        rows.append("".join("<" if a < b else (">" if a > b else "=") for b in versions))
    return rows


def specifier_info(text, probes):
    try:
        s = Specifier(text)
    except Exception:
        return {"valid": False}
    default, allow = "", ""
    for p in probes:
        try:
            default += "1" if s.contains(p) else "0"
        except Exception:
            default += "E"
        try:
            allow += "1" if s.contains(p, prereleases=True) else "0"
        except Exception:
            allow += "E"
    return {"valid": True, "str": str(s), "default": default, "allow": allow}


def specifier_set_info(text, probes):
    try:
        s = SpecifierSet(text)
    except Exception:
        return {"valid": False}
    default, allow = "", ""
    for p in probes:
        try:
            default += "1" if s.contains(p) else "0"
        except Exception:
            default += "E"
        try:
            allow += "1" if s.contains(p, prereleases=True) else "0"
        except Exception:
            allow += "E"
    return {"valid": True, "str": str(s), "default": default, "allow": allow}


def parse_marker(text):
    marker = Marker(text)
    if packaging.__version__ == "23.0":
        tokenizer = _tokenizer.Tokenizer(text, rules=_tokenizer.DEFAULT_RULES)
        _parser._parse_marker(tokenizer)
        tokenizer.expect("END", expected="end of marker expression")
    return marker


def marker_info(text, environments):
    try:
        m = parse_marker(text)
    except Exception:
        return {"valid": False}
    results = ""
    for environment in environments:
        try:
            results += "1" if m.evaluate(environment) else "0"
        except Exception:
            results += "E"
    return {"valid": True, "str": str(m), "evaluate": results}


def requirement_info(text):
    try:
        r = Requirement(text)
    except Exception:
        return {"valid": False}
    return {
        "valid": True,
        "name": r.name,
        "extras": sorted(r.extras),
        "specifier": str(r.specifier),
        "url": r.url or "",
        "marker": "" if r.marker is None else str(r.marker),
        "str": str(r),
    }


def main():
    request = json.load(sys.stdin)
    probes = [Version(p) for p in request.get("probes", [])]
    answer = {
        "packaging": packaging.__version__,
        "versions": [version_info(t) for t in request.get("versions", [])],
        "compare": compare_matrix(request.get("compare", [])),
        "names": [{"normalized": canonicalize_name(n)} for n in request.get("names", [])],
        "specifiers": [specifier_info(t, probes) for t in request.get("specifiers", [])],
        "specifier_sets": [specifier_set_info(t, probes) for t in request.get("specifier_sets", [])],
        "markers": [marker_info(t, request.get("environments", [])) for t in request.get("markers", [])],
        "requirements": [requirement_info(t) for t in request.get("requirements", [])],
    }
    json.dump(answer, sys.stdout)


main()
