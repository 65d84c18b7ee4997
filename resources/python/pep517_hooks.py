# SPDX-License-Identifier: GPL-3.0-or-later
"""Slipway's PEP 517 hook runner.

Run as ``python [-I] pep517_hooks.py CONTROL_DIR``. The request is read from
CONTROL_DIR/input.json and the answer is written to CONTROL_DIR/output.json
(atomically, through a temporary file), so the build backend may print whatever it
likes on stdout and stderr: those streams belong to the backend and Slipway shows them
as they come. One process runs one hook, as pyproject_hooks does, so no backend state
leaks from one hook into the next.

Commands (input.json "command"):
  probe   describe this interpreter (version, marker environment, pip when asked)
  hook    import the backend (honouring backend-path) and call one PEP 517 hook
  compile byte-compile an environment's site-packages under its final path

The helper has no dependencies beyond the standard library of Python >= 3.8.
"""

import json
import os
import re
import sys
import time
import traceback

# When not started with -I, Python put this script's folder first on sys.path; a backend
# must never import from Slipway's helper folder.
_HERE = os.path.dirname(os.path.abspath(__file__))
if sys.path and sys.path[0] and os.path.abspath(sys.path[0]) == _HERE:
    del sys.path[0]

_NAME_RE = re.compile(r"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_MAX_DISTRIBUTIONS = 1000


class _Failure(Exception):
    def __init__(self, kind, message, details=""):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.details = details


def _canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _marker_environment():
    import platform

    def full_version(info):
        version = "{0.major}.{0.minor}.{0.micro}".format(info)
        if info.releaselevel != "final":
            version += info.releaselevel[0] + str(info.serial)
        return version

    return {
        "implementation_name": sys.implementation.name,
        "implementation_version": full_version(sys.implementation.version),
        "os_name": os.name,
        "platform_machine": platform.machine(),
        "platform_release": platform.release(),
        "platform_system": platform.system(),
        "platform_version": platform.version(),
        "python_full_version": platform.python_version(),
        "platform_python_implementation": platform.python_implementation(),
        "python_version": ".".join(platform.python_version_tuple()[:2]),
        "sys_platform": sys.platform,
    }


def _find_distribution(metadata, name):
    # Python < 3.10 does not normalise names in distribution(); try the usual spellings.
    for candidate in (name, _canonical(name), _canonical(name).replace("-", "_")):
        try:
            return metadata.distribution(candidate)
        except metadata.PackageNotFoundError:
            continue
    return None


def _installed_distributions(requirements):
    """Version and Requires-Dist of every distribution the requirements reach.

    Only data is gathered here; Slipway parses the requirements, evaluates markers and
    compares versions itself, so the target interpreter needs no 'packaging'.
    """
    import importlib.metadata as metadata

    found = {}
    missing = []
    queue = list(requirements)
    seen = set()
    while queue and len(seen) < _MAX_DISTRIBUTIONS:
        match = _NAME_RE.match(queue.pop(0))
        if not match:
            continue
        name = _canonical(match.group(1))
        if name in seen:
            continue
        seen.add(name)
        dist = _find_distribution(metadata, name)
        if dist is None:
            missing.append(name)
            continue
        requires = list(dist.requires or [])
        found[name] = {"version": dist.version, "requires": requires}
        queue.extend(requires)
    return {"found": found, "missing": missing}


def _load_backend(spec, backend_path):
    module_name, _, object_path = spec.partition(":")
    if backend_path:
        sys.path[:0] = backend_path
    import importlib

    try:
        backend = importlib.import_module(module_name)
    except ImportError as error:
        raise _Failure(
            "backend-unavailable",
            "Cannot import the build backend '{}': {}".format(module_name, error),
            traceback.format_exc(),
        )
    if backend_path:
        location = os.path.normcase(os.path.abspath(getattr(backend, "__file__", "") or ""))
        inside = any(
            location.startswith(os.path.normcase(os.path.abspath(path)) + os.sep) for path in backend_path
        )
        if not inside:
            raise _Failure(
                "backend-invalid",
                "The build backend '{}' was loaded from {}, not from its backend-path ({}).".format(
                    module_name, location, ", ".join(backend_path)
                ),
            )
    for attribute in filter(None, object_path.split(".")):
        try:
            backend = getattr(backend, attribute)
        except AttributeError:
            raise _Failure(
                "backend-unavailable",
                "The build backend module '{}' has no object '{}'.".format(module_name, object_path),
            )
    return backend


_OPTIONAL_HOOKS = {
    "get_requires_for_build_sdist": [],
    "get_requires_for_build_wheel": [],
}


def _run_hook(request):
    started = time.perf_counter()
    backend = _load_backend(request["backend"], request.get("backend_path") or [])
    name = request["hook"]
    hook = getattr(backend, name, None)
    if hook is None:
        if name in _OPTIONAL_HOOKS:
            result = _OPTIONAL_HOOKS[name]
        else:
            raise _Failure(
                "hook-missing",
                "The build backend '{}' does not provide the hook {}().".format(request["backend"], name),
            )
    else:
        try:
            result = hook(*request.get("args", []))
        except SystemExit as error:
            raise _Failure(
                "exception",
                "The build backend exited (status {}) in {}().".format(error.code, name),
                traceback.format_exc(),
            )
        except Exception as error:
            raise _Failure(
                "exception",
                "The build backend raised {} in {}(): {}".format(type(error).__name__, name, error),
                traceback.format_exc(),
            )
    seconds = time.perf_counter() - started
    if name.startswith("get_requires_for_build_"):
        if not isinstance(result, (list, tuple)) or not all(isinstance(item, str) for item in result):
            raise _Failure("protocol", "{}() returned {!r}, not a list of strings.".format(name, result))
        result = list(result)
    elif not isinstance(result, str):
        raise _Failure("protocol", "{}() returned {!r}, not a file name.".format(name, result))
    answer = {"ok": True, "result": result, "seconds": seconds}
    query = list(request.get("query") or [])
    if request.get("query_result"):
        query.extend(result)
    # importlib.metadata is not free to import; with nothing to look up, skip it.
    if query:
        answer["distributions"] = _installed_distributions(query)
        answer["environment"] = _marker_environment()
    return answer


def _probe(request):
    answer = {
        "ok": True,
        "executable": sys.executable,
        "version": "{0.major}.{0.minor}.{0.micro}".format(sys.version_info),
        "implementation": sys.implementation.name,
        "prefix": sys.prefix,
        "base_prefix": getattr(sys, "base_prefix", sys.prefix),
        "environment": _marker_environment(),
    }
    if request.get("pip"):
        pip_version = None
        try:
            import importlib.util

            if importlib.util.find_spec("pip") is not None:
                import importlib.metadata as metadata

                pip_version = metadata.version("pip")
        except Exception:
            pip_version = None
        answer["pip"] = pip_version
    return answer


def _compile(request):
    import compileall

    ok = True
    for source, final in request.get("dirs", []):
        if os.path.isdir(source):
            ok = compileall.compile_dir(source, ddir=final, quiet=1, workers=0) and ok
    return {"ok": True, "compiled": bool(ok)}


def _write_answer(control_dir, answer):
    target = os.path.join(control_dir, "output.json")
    temporary = target + ".tmp"
    with open(temporary, "w", encoding="utf-8") as stream:
        json.dump(answer, stream)
    os.replace(temporary, target)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: pep517_hooks.py CONTROL_DIR\n")
        return 2
    control_dir = sys.argv[1]
    try:
        with open(os.path.join(control_dir, "input.json"), encoding="utf-8") as stream:
            request = json.load(stream)
        command = request.get("command")
        if command == "hook":
            answer = _run_hook(request)
        elif command == "probe":
            answer = _probe(request)
        elif command == "compile":
            answer = _compile(request)
        else:
            raise _Failure("protocol", "Unknown command {!r}.".format(command))
    except _Failure as failure:
        answer = {"ok": False, "error": failure.kind, "message": failure.message, "traceback": failure.details}
    except BaseException as error:  # noqa: B902 - everything must reach Slipway as JSON
        answer = {
            "ok": False,
            "error": "internal",
            "message": "The hook runner failed: {}: {}".format(type(error).__name__, error),
            "traceback": traceback.format_exc(),
        }
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    _write_answer(control_dir, answer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
