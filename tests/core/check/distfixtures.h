// SPDX-License-Identifier: GPL-3.0-or-later
// Well-formed wheels and sdists for the check tests, generated in the test (with the dist
// helper's byte-level ZIP/tar writers), with hooks to break exactly one thing.
#pragma once

#include <QByteArray>
#include <QDir>
#include <QList>
#include <QString>

#include <functional>

#include "tests/core/check/metadatacases.h"
#include "tests/support/distgenerator.h"

namespace CheckTests {

using TestSupport::DistFile;
using TestSupport::TarEntry;
using TestSupport::ZipEntry;

inline const QByteArray LicenseText = "MIT License\n\nCopyright (c) 2026 Jane Doe\n";

// A pure-Python wheel of baselineMetadata(): package, console script, licence, RECORD.
struct WheelSpec {
    QString filename = u"sample_pkg-1.2.3-py3-none-any.whl"_s;
    QByteArray distInfo = "sample_pkg-1.2.3.dist-info";
    QByteArray metadata = baselineMetadata();
    QByteArray wheel = "Wheel-Version: 1.0\nGenerator: slipway-tests 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n";
    QByteArray entryPoints = "[console_scripts]\nsample = sample_pkg:main\n";
    QList<DistFile> payload{
        {"sample_pkg/__init__.py", "def main():\n    print('sample')\n"},
        {"sample_pkg/core.py", "VALUE = 42\n"},
    };
    QList<DistFile> distInfoExtras{{"licenses/LICENSE", LicenseText}};
    bool withMetadata = true;
    bool withWheel = true;
    bool withRecord = true;
    // Edits RECORD after it was computed (it lists every file and itself).
    std::function<void(QByteArray &record)> editRecord;
    // Edits the archive entries after RECORD was computed (members added here are unlisted).
    std::function<void(QList<ZipEntry> &entries)> editEntries;
    QByteArray prefix;
    QByteArray comment;
    QByteArray trailing;
};

inline QString writeWheel(const QString &directory, const WheelSpec &spec)
{
    const QByteArray distInfo = spec.distInfo + '/';
    QList<DistFile> files = spec.payload;
    for (const DistFile &extra : spec.distInfoExtras) {
        files.append({distInfo + extra.path, extra.data});
    }
    if (!spec.entryPoints.isEmpty()) {
        files.append({distInfo + "entry_points.txt", spec.entryPoints});
    }
    if (spec.withMetadata) {
        files.append({distInfo + "METADATA", spec.metadata});
    }
    if (spec.withWheel) {
        files.append({distInfo + "WHEEL", spec.wheel});
    }
    if (spec.withRecord) {
        QByteArray record;
        for (const DistFile &file : std::as_const(files)) {
            record += TestSupport::recordRow(file.path, file.data);
        }
        record += distInfo + "RECORD,,\n";
        if (spec.editRecord) {
            spec.editRecord(record);
        }
        files.append({distInfo + "RECORD", record});
    }
    QList<ZipEntry> entries;
    for (const DistFile &file : std::as_const(files)) {
        ZipEntry entry;
        entry.name = file.path;
        entry.data = file.data;
        entries.append(entry);
    }
    if (spec.editEntries) {
        spec.editEntries(entries);
    }
    TestSupport::ZipBuilder zip;
    for (const ZipEntry &entry : std::as_const(entries)) {
        zip.add(entry);
    }
    zip.prefix = spec.prefix;
    zip.comment = spec.comment;
    zip.trailing = spec.trailing;
    const QString path = QDir(directory).filePath(spec.filename);
    return zip.write(path) ? path : QString();
}

// An sdist of baselineMetadata(): {top}/PKG-INFO, pyproject.toml, LICENSE, README.md, src.
struct SdistSpec {
    QString filename = u"sample_pkg-1.2.3.tar.gz"_s;
    QByteArray top = "sample_pkg-1.2.3";
    QByteArray metadata = baselineMetadata();
    bool withPkgInfo = true;
    bool withPyproject = true;
    QList<DistFile> payload{
        {"LICENSE", LicenseText},
        {"README.md", "# Sample\n"},
        {"src/sample_pkg/__init__.py", "def main():\n    print('sample')\n"},
    };
    std::function<void(QList<TarEntry> &entries)> editEntries;
    bool gzip = true;
};

inline QString writeSdist(const QString &directory, const SdistSpec &spec)
{
    const QByteArray top = spec.top + '/';
    QList<TarEntry> entries;
    TarEntry root;
    root.name = spec.top;
    root.type = '5';
    root.mode = 0755;
    entries.append(root);
    auto file = [&entries](const QByteArray &name, const QByteArray &data) {
        TarEntry entry;
        entry.name = name;
        entry.data = data;
        entries.append(entry);
    };
    if (spec.withPkgInfo) {
        file(top + "PKG-INFO", spec.metadata);
    }
    if (spec.withPyproject) {
        file(top + "pyproject.toml",
             "[build-system]\nrequires = [\"flit_core>=3.9\"]\nbuild-backend = \"flit_core.buildapi\"\n\n"
             "[project]\nname = \"sample-pkg\"\nversion = \"1.2.3\"\n");
    }
    for (const DistFile &payload : spec.payload) {
        file(top + payload.path, payload.data);
    }
    if (spec.editEntries) {
        spec.editEntries(entries);
    }
    TestSupport::TarBuilder tar;
    for (const TarEntry &entry : std::as_const(entries)) {
        tar.add(entry);
    }
    const QString path = QDir(directory).filePath(spec.filename);
    return tar.write(path, spec.gzip) ? path : QString();
}

// The baseline metadata with edits (see editedMetadata), serialized.
inline QByteArray metadataWith(const QStringList &edits)
{
    return editedMetadata(edits).serialize();
}

} // namespace CheckTests
