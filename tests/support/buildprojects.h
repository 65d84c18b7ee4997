// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// Project generators for the build engine's tests and benchmark: small but real Python
// projects for the backends Debian ships, and projects whose backend lives in the tree
// (backend-path) and can be told to misbehave.
namespace TestSupport {

enum class Backend { Setuptools, SetuptoolsLegacy, Hatchling, FlitCore, PoetryCore };

// Writes a project built by `backend` into directory (created if needed): a src-layout
// package with a module, a README, a licence and a console script. SetuptoolsLegacy is a
// setup.py-only project without pyproject.toml.
void writeBackendProject(const QString &directory, Backend backend, const QString &name = QStringLiteral("sample-pkg"),
                         const QString &version = QStringLiteral("1.2.3"));

// What the in-tree backend does besides building.
enum class InTreeBehaviour {
    Normal,         // builds an sdist and a wheel
    Raise,          // build_* raise RuntimeError("in-tree backend refuses ...")
    NoBuildSdist,   // the module has no build_sdist hook
    PrintMegabytes, // build_* print 50 000 lines of 100 characters (about 5 MB) to stdout, some to stderr
    Hang,           // build_* start a sleeping grandchild, write its pid to config setting "pidfile", sleep
    ExitAbruptly,   // build_* call os._exit(3) without answering
    ImportRequirement, // build_* import slipway_dep (from a wheelhouse) and record slipway_dep.VALUE
};

// Lines PrintMegabytes writes to stdout.
inline constexpr int megabyteLines = 50000;

// Writes a project whose backend is _backend/intree_backend.py (backend-path = ["_backend"]).
// requirements go to build-system.requires; wheelRequirements are returned by
// get_requires_for_build_wheel. Every wheel holds slipway_probe.json with the backend's
// view: sys.path, cwd, SOURCE_DATE_EPOCH, config_settings, whether setuptools is importable
// and slipway_dep.VALUE (ImportRequirement).
void writeInTreeProject(const QString &directory, const QString &name, InTreeBehaviour behaviour,
                        const QStringList &requirements = {}, const QStringList &wheelRequirements = {});

// Writes a minimal valid pure-Python wheel NAME-VERSION-py3-none-any.whl into directory,
// holding the module moduleName with `VALUE = value`; returns its path.
QString writeWheel(const QString &directory, const QString &name, const QString &version, const QString &moduleName,
                   int value);

// Repackages a distribution installed for the system Python (e.g. Debian's "wheel", which
// has no .whl of its own) as a pure-Python wheel in directory, so isolated builds of real
// backends can be filled offline; returns its path. The backends' own wheels, where Debian
// ships them (/usr/share/python-wheels), are better copied as they are.
QString writeWheelFromInstalled(const QString &directory, const QString &distribution);

// A wheelhouse for isolated setuptools builds without PyPI: Debian's setuptools wheel and
// its "wheel" repackaged (setuptools < 70 asks for it in get_requires_for_build_wheel).
// Returns false (with a test failure) when Debian's setuptools wheel is missing.
bool writeSetuptoolsWheelhouse(const QString &directory);

// The sorted member names of a wheel or sdist, and its METADATA (wheel) or top-level
// PKG-INFO (sdist); read with the system Python's zipfile/tarfile.
struct ArchiveSummary {
    QStringList members;
    QByteArray metadata;
    QByteArray probe; // slipway_probe.json of an in-tree backend wheel, when present
};
ArchiveSummary summarizeArchive(const QString &path);

// The system Python's `python -m build` (pypa/build), for comparisons.
struct PeerBuild {
    int exitCode = -1;
    QByteArray output;
};
PeerBuild runPythonBuild(const QString &projectDirectory, const QString &outputDirectory,
                         const QStringList &extraArguments = {});

} // namespace TestSupport
