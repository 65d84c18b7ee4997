// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/buildprojects.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;

namespace TestSupport {

namespace {

void writeFile(const QString &path, const QString &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        QTest::qFail(qPrintable(u"cannot write "_s + path), __FILE__, __LINE__);
        return;
    }
    file.write(content.toUtf8());
}

QString moduleName(const QString &name)
{
    QString module = name.toLower();
    module.replace(u'-', u'_').replace(u'.', u'_');
    return module;
}

const char *const inTreeBackend = R"PY(# In-tree PEP 517 backend for Slipway's tests.
import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import time
import zipfile

NAME = @NAME@
VERSION = @VERSION@
BEHAVIOUR = @BEHAVIOUR@
WHEEL_REQUIRES = @WHEEL_REQUIRES@
DIST = NAME.replace("-", "_").lower()
MEGABYTE_LINES = @LINES@


def _metadata():
    return (
        "Metadata-Version: 2.1\nName: {}\nVersion: {}\nSummary: In-tree backend test project\n".format(NAME, VERSION)
    )


def _misbehave(hook, config_settings):
    if BEHAVIOUR == "raise":
        raise RuntimeError("in-tree backend refuses to run " + hook)
    if BEHAVIOUR == "megabytes":
        line = "x" * 100
        for number in range(MEGABYTE_LINES):
            sys.stdout.write("out {} {}\n".format(number, line))
        for number in range(100):
            sys.stderr.write("err {}\n".format(number))
    if BEHAVIOUR == "hang":
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        with open((config_settings or {})["pidfile"], "w") as stream:
            stream.write(str(child.pid))
        time.sleep(600)
    if BEHAVIOUR == "exit":
        os._exit(3)


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_wheel(config_settings=None):
    return list(WHEEL_REQUIRES)


def build_sdist(sdist_directory, config_settings=None):
    _misbehave("build_sdist", config_settings)
    base = "{}-{}".format(DIST, VERSION)
    filename = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz", format=tarfile.PAX_FORMAT) as archive:
        for folder, _, files in os.walk("."):
            if folder.startswith(("./dist", "./.git")) or "__pycache__" in folder:
                continue
            for name in sorted(files):
                path = os.path.normpath(os.path.join(folder, name))
                archive.add(path, arcname=base + "/" + path)
        data = _metadata().encode()
        info = tarfile.TarInfo(base + "/PKG-INFO")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return filename


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    _misbehave("build_wheel", config_settings)
    import importlib.util

    probe = {
        "sys_path": sys.path,
        "cwd": os.getcwd(),
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"),
        "config_settings": config_settings,
        "has_setuptools": importlib.util.find_spec("setuptools") is not None,
        "executable": sys.executable,
    }
    if BEHAVIOUR == "import-requirement":
        import slipway_dep

        probe["dep_value"] = slipway_dep.VALUE
    distinfo = "{}-{}.dist-info".format(DIST, VERSION)
    files = {
        DIST + "/__init__.py": "VALUE = 1\n",
        "slipway_probe.json": json.dumps(probe),
        distinfo + "/METADATA": _metadata(),
        distinfo + "/WHEEL": "Wheel-Version: 1.0\nGenerator: intree\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    filename = "{}-{}-py3-none-any.whl".format(DIST, VERSION)
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w") as archive:
        for path, text in files.items():
            data = text.encode()
            archive.writestr(path, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append("{},sha256={},{}".format(path, digest, len(data)))
        record.append(distinfo + "/RECORD,,")
        archive.writestr(distinfo + "/RECORD", "\n".join(record) + "\n")
    return filename


if BEHAVIOUR == "no-sdist":
    del build_sdist
)PY";

QString pythonString(const QString &text)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

QString tomlList(const QStringList &items)
{
    QStringList quoted;
    for (const QString &item : items) {
        quoted.append(pythonString(item));
    }
    return u"["_s + quoted.join(u", "_s) + u"]"_s;
}

} // namespace

void writeBackendProject(const QString &directory, Backend backend, const QString &name, const QString &version)
{
    const QString module = moduleName(name);
    writeFile(directory + u"/README.md"_s, u"# %1\n\nA sample project for Slipway's build tests.\n"_s.arg(name));
    writeFile(directory + u"/LICENSE"_s, u"MIT License\n\nCopyright (c) Slipway tests\n"_s);
    writeFile(directory + u"/src/%1/__init__.py"_s.arg(module),
              u"\"\"\"A sample package.\"\"\"\n\n__version__ = \"%1\"\n\n\ndef main():\n    print(\"hello\")\n"_s.arg(
                  version));
    writeFile(directory + u"/src/%1/data.txt"_s.arg(module), u"package data\n"_s);

    const QString project = uR"([project]
name = "%1"
version = "%2"
description = "A sample project for Slipway's build tests"
readme = "README.md"
requires-python = ">=3.8"
license = {text = "MIT"}
authors = [{name = "Slipway Tests", email = "tests@example.org"}]
classifiers = ["Programming Language :: Python :: 3", "License :: OSI Approved :: MIT License"]
dependencies = ["requests>=2.0", "tomli>=1.1; python_version < '3.11'"]

[project.optional-dependencies]
test = ["pytest>=7"]

[project.scripts]
%3 = "%3:main"
)"_s.arg(name, version, module);

    switch (backend) {
    case Backend::Setuptools:
        writeFile(directory + u"/pyproject.toml"_s,
                  uR"([build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

)"_s + project + uR"(
[tool.setuptools.packages.find]
where = ["src"]
)"_s);
        break;
    case Backend::SetuptoolsLegacy:
        writeFile(directory + u"/setup.py"_s, uR"(from setuptools import setup, find_packages

setup(
    name="%1",
    version="%2",
    description="A sample project for Slipway's build tests",
    long_description=open("README.md").read(),
    long_description_content_type="text/markdown",
    author="Slipway Tests",
    author_email="tests@example.org",
    license="MIT",
    package_dir={"": "src"},
    packages=find_packages("src"),
    python_requires=">=3.8",
    install_requires=["requests>=2.0"],
    entry_points={"console_scripts": ["%3 = %3:main"]},
)
)"_s.arg(name, version, module));
        break;
    case Backend::Hatchling:
        writeFile(directory + u"/pyproject.toml"_s,
                  uR"([build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

)"_s + project + uR"(
[tool.hatch.build.targets.wheel]
packages = ["src/%1"]
)"_s.arg(module));
        break;
    case Backend::FlitCore:
        writeFile(directory + u"/pyproject.toml"_s,
                  uR"([build-system]
requires = ["flit_core >=3.2,<4"]
build-backend = "flit_core.buildapi"

)"_s + project);
        break;
    case Backend::PoetryCore:
        writeFile(directory + u"/pyproject.toml"_s, uR"([build-system]
requires = ["poetry-core>=1.0.0"]
build-backend = "poetry.core.masonry.api"

[tool.poetry]
name = "%1"
version = "%2"
description = "A sample project for Slipway's build tests"
authors = ["Slipway Tests <tests@example.org>"]
license = "MIT"
readme = "README.md"
packages = [{include = "%3", from = "src"}]

[tool.poetry.dependencies]
python = "^3.8"
requests = ">=2.0"

[tool.poetry.scripts]
%3 = "%3:main"
)"_s.arg(name, version, module));
        break;
    }
}

void writeInTreeProject(const QString &directory, const QString &name, InTreeBehaviour behaviour,
                        const QStringList &requirements, const QStringList &wheelRequirements)
{
    QString behaviourName;
    switch (behaviour) {
    case InTreeBehaviour::Normal:
        behaviourName = u"normal"_s;
        break;
    case InTreeBehaviour::Raise:
        behaviourName = u"raise"_s;
        break;
    case InTreeBehaviour::NoBuildSdist:
        behaviourName = u"no-sdist"_s;
        break;
    case InTreeBehaviour::PrintMegabytes:
        behaviourName = u"megabytes"_s;
        break;
    case InTreeBehaviour::Hang:
        behaviourName = u"hang"_s;
        break;
    case InTreeBehaviour::ExitAbruptly:
        behaviourName = u"exit"_s;
        break;
    case InTreeBehaviour::ImportRequirement:
        behaviourName = u"import-requirement"_s;
        break;
    }
    QString backend = QString::fromUtf8(inTreeBackend);
    backend.replace(u"@NAME@"_s, pythonString(name))
        .replace(u"@VERSION@"_s, pythonString(u"0.1"_s))
        .replace(u"@BEHAVIOUR@"_s, pythonString(behaviourName))
        .replace(u"@WHEEL_REQUIRES@"_s, tomlList(wheelRequirements))
        .replace(u"@LINES@"_s, QString::number(megabyteLines));
    writeFile(directory + u"/_backend/intree_backend.py"_s, backend);
    writeFile(directory + u"/pyproject.toml"_s, uR"([build-system]
requires = %1
build-backend = "intree_backend"
backend-path = ["_backend"]

[project]
name = "%2"
version = "0.1"
)"_s.arg(tomlList(requirements), name));
}

QString writeWheel(const QString &directory, const QString &name, const QString &version, const QString &moduleName,
                   int value)
{
    QDir().mkpath(directory);
    const QString script = uR"(
import base64, hashlib, os, sys, zipfile
directory, name, version, module, value = sys.argv[1:]
dist = name.replace("-", "_").lower()
distinfo = "{}-{}.dist-info".format(dist, version)
files = {
    module + ".py": "VALUE = {}\n".format(value),
    distinfo + "/METADATA": "Metadata-Version: 2.1\nName: {}\nVersion: {}\n".format(name, version),
    distinfo + "/WHEEL": "Wheel-Version: 1.0\nGenerator: slipway-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
path = os.path.join(directory, "{}-{}-py3-none-any.whl".format(dist, version))
record = []
with zipfile.ZipFile(path, "w") as archive:
    for member, text in files.items():
        data = text.encode()
        archive.writestr(member, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append("{},sha256={},{}".format(member, digest, len(data)))
    record.append(distinfo + "/RECORD,,")
    archive.writestr(distinfo + "/RECORD", "\n".join(record) + "\n")
print(path)
)"_s;
    const ProcessResult result = run(systemPython(), {u"-c"_s, script, directory, name, version, moduleName,
                                                      QString::number(value)});
    if (result.exitCode != 0) {
        QTest::qFail(result.err.constData(), __FILE__, __LINE__);
        return {};
    }
    return QString::fromUtf8(result.out).trimmed();
}

QString writeWheelFromInstalled(const QString &directory, const QString &distribution)
{
    QDir().mkpath(directory);
    const QString script = uR"(
import base64, hashlib, importlib.metadata as metadata, os, sys, zipfile
directory, name = sys.argv[1:]
dist = metadata.distribution(name)
root = str(dist.locate_file(""))
top_level = (dist.read_text("top_level.txt") or name.replace("-", "_")).split()
stem = "{}-{}".format(dist.metadata["Name"].replace("-", "_").lower(), dist.version)
distinfo = stem + ".dist-info"
files = {}
for package in top_level:
    base = os.path.join(root, package)
    if os.path.isfile(base + ".py"):
        files[package + ".py"] = open(base + ".py", "rb").read()
    for folder, dirs, names in os.walk(base):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for file in names:
            if not file.endswith((".pyc", ".pyo")):
                path = os.path.join(folder, file)
                files[os.path.relpath(path, root).replace(os.sep, "/")] = open(path, "rb").read()
metadata_text = dist.read_text("METADATA") or dist.read_text("PKG-INFO")
files[distinfo + "/METADATA"] = metadata_text.encode()
files[distinfo + "/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: slipway-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
entry_points = dist.read_text("entry_points.txt")
if entry_points:
    files[distinfo + "/entry_points.txt"] = entry_points.encode()
path = os.path.join(directory, stem + "-py3-none-any.whl")
record = []
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
    for member, data in sorted(files.items()):
        archive.writestr(member, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append("{},sha256={},{}".format(member, digest, len(data)))
    record.append(distinfo + "/RECORD,,")
    archive.writestr(distinfo + "/RECORD", "\n".join(record) + "\n")
print(path)
)"_s;
    const ProcessResult result = run(systemPython(), {u"-c"_s, script, directory, distribution});
    if (result.exitCode != 0) {
        QTest::qFail(result.err.constData(), __FILE__, __LINE__);
        return {};
    }
    return QString::fromUtf8(result.out).trimmed();
}

bool writeSetuptoolsWheelhouse(const QString &directory)
{
    QDir().mkpath(directory);
    const QFileInfoList debianWheels =
        QDir(u"/usr/share/python-wheels"_s).entryInfoList({u"setuptools-*.whl"_s}, QDir::Files);
    if (debianWheels.isEmpty()) {
        QTest::qFail("Debian's setuptools wheel (python3-setuptools-whl) is not installed", __FILE__, __LINE__);
        return false;
    }
    const QString target = QDir(directory).filePath(debianWheels.first().fileName());
    if (!QFileInfo::exists(target) && !QFile::copy(debianWheels.first().absoluteFilePath(), target)) {
        QTest::qFail("cannot copy the setuptools wheel", __FILE__, __LINE__);
        return false;
    }
    return !writeWheelFromInstalled(directory, u"wheel"_s).isEmpty();
}

ArchiveSummary summarizeArchive(const QString &path)
{
    const QString script = uR"(
import json, sys, tarfile, zipfile
path = sys.argv[1]
probe = ""
if path.endswith(".whl"):
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        found = [n for n in names if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
        metadata = archive.read(found[0]).decode() if found else ""
        if "slipway_probe.json" in names:
            probe = archive.read("slipway_probe.json").decode()
else:
    with tarfile.open(path) as archive:
        names = sorted(member.name for member in archive.getmembers())
        found = [n for n in names if n.count("/") == 1 and n.endswith("/PKG-INFO")]
        metadata = archive.extractfile(found[0]).read().decode() if found else ""
print(json.dumps({"members": names, "metadata": metadata, "probe": probe}))
)"_s;
    const ProcessResult result = run(systemPython(), {u"-c"_s, script, path});
    if (result.exitCode != 0) {
        QTest::qFail(result.err.constData(), __FILE__, __LINE__);
        return {};
    }
    const QJsonObject json = QJsonDocument::fromJson(result.out).object();
    ArchiveSummary summary;
    for (const QJsonValue &member : json.value(u"members"_s).toArray()) {
        summary.members.append(member.toString());
    }
    summary.metadata = json.value(u"metadata"_s).toString().toUtf8();
    summary.probe = json.value(u"probe"_s).toString().toUtf8();
    return summary;
}

PeerBuild runPythonBuild(const QString &projectDirectory, const QString &outputDirectory,
                         const QStringList &extraArguments)
{
    const ProcessResult result = run(systemPython(),
                                     QStringList{u"-m"_s, u"build"_s, u"--outdir"_s, outputDirectory} + extraArguments
                                         + QStringList{projectDirectory});
    return {result.exitCode, result.out + result.err};
}

} // namespace TestSupport
