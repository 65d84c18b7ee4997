// SPDX-License-Identifier: GPL-3.0-or-later
// Unpacking the freshly built sdist before the wheel is built from it: hostile archives
// (made here with Python's tarfile) must never write outside the target folder.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "core/build/sdistunpacker.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;

namespace {

// Each entry: {"name", "type": file|dir|symlink|hardlink|fifo, "data", "target", "mode"}.
void writeTar(const QString &path, const QJsonArray &entries)
{
    const QString script = uR"(
import io, json, sys, tarfile
path, entries = sys.argv[1], json.loads(sys.argv[2])
with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as archive:
    for entry in entries:
        info = tarfile.TarInfo(entry["name"])
        kind = entry.get("type", "file")
        info.mode = int(entry.get("mode", "644"), 8)
        data = entry.get("data", "").encode()
        if kind == "dir":
            info.type = tarfile.DIRTYPE
            info.mode = 0o755
        elif kind == "symlink":
            info.type = tarfile.SYMTYPE
            info.linkname = entry["target"]
        elif kind == "hardlink":
            info.type = tarfile.LNKTYPE
            info.linkname = entry["target"]
        elif kind == "fifo":
            info.type = tarfile.FIFOTYPE
        else:
            info.size = len(data)
        archive.addfile(info, io.BytesIO(data) if kind == "file" else None)
)"_s;
    const auto result = TestSupport::run(TestSupport::systemPython(),
                                         {u"-c"_s, script, path, QString::fromUtf8(QJsonDocument(entries).toJson())});
    QVERIFY2(result.exitCode == 0, result.err.constData());
}

QJsonObject file(const QString &name, const QString &data = u"x"_s, const QString &mode = u"644"_s)
{
    return {{u"name"_s, name}, {u"data"_s, data}, {u"mode"_s, mode}};
}

QJsonObject link(const QString &type, const QString &name, const QString &target)
{
    return {{u"name"_s, name}, {u"type"_s, type}, {u"target"_s, target}};
}

} // namespace

class TestSdistUnpacker final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unpacksAnSdist();
    void refusesHostileArchives_data();
    void refusesHostileArchives();
    void refusesSomethingThatIsNotAnArchive();
};

void TestSdistUnpacker::unpacksAnSdist()
{
    QTemporaryDir work;
    const QString archive = work.filePath(u"pkg-1.0.tar.gz"_s);
    writeTar(archive, QJsonArray{
                          QJsonObject{{u"name"_s, u"pkg-1.0"_s}, {u"type"_s, u"dir"_s}},
                          file(u"pkg-1.0/PKG-INFO"_s, u"Metadata-Version: 2.2\nName: pkg\n"_s),
                          file(u"pkg-1.0/src/pkg/__init__.py"_s, u"VALUE = 1\n"_s),
                          file(u"pkg-1.0/bin/tool"_s, u"#!/bin/sh\n"_s, u"755"_s),
                          link(u"symlink"_s, u"pkg-1.0/README"_s, u"src/pkg/__init__.py"_s),
                          link(u"hardlink"_s, u"pkg-1.0/copy.py"_s, u"pkg-1.0/src/pkg/__init__.py"_s),
                      });
    const QString destination = work.filePath(u"out"_s);
    QVERIFY(QDir().mkpath(destination));
    const auto root = Build::unpackSdist(archive, destination);
    QVERIFY2(root.has_value(), root ? "" : qPrintable(root.error()));
    QCOMPARE(*root, QDir(destination).filePath(u"pkg-1.0"_s));
    QFile init(*root + u"/src/pkg/__init__.py"_s);
    QVERIFY(init.open(QIODevice::ReadOnly));
    QCOMPARE(init.readAll(), QByteArray("VALUE = 1\n"));
    QVERIFY(QFileInfo(*root + u"/bin/tool"_s).isExecutable());
    QVERIFY(QFileInfo(*root + u"/README"_s).isSymLink());
    QCOMPARE(QFileInfo(*root + u"/copy.py"_s).size(), qint64(10));
}

void TestSdistUnpacker::refusesHostileArchives_data()
{
    QTest::addColumn<QJsonArray>("entries");
    QTest::addColumn<QString>("messagePart");

    QTest::addRow("dot-dot") << QJsonArray{file(u"pkg-1.0/a"_s), file(u"../evil"_s)} << u"outside"_s;
    QTest::addRow("dot-dot inside") << QJsonArray{file(u"pkg-1.0/../../evil"_s)} << u"outside"_s;
    QTest::addRow("absolute") << QJsonArray{file(u"/tmp/slipway-evil"_s)} << u"outside"_s;
    QTest::addRow("symlink out") << QJsonArray{file(u"pkg-1.0/a"_s), link(u"symlink"_s, u"pkg-1.0/l"_s, u"../../.."_s)}
                                 << u"points outside"_s;
    QTest::addRow("absolute symlink") << QJsonArray{link(u"symlink"_s, u"pkg-1.0/l"_s, u"/etc"_s)}
                                      << u"points outside"_s;
    QTest::addRow("hardlink out") << QJsonArray{file(u"pkg-1.0/a"_s), link(u"hardlink"_s, u"pkg-1.0/h"_s, u"../x"_s)}
                                  << u"points outside"_s;
    QTest::addRow("two top-level folders") << QJsonArray{file(u"pkg-1.0/a"_s), file(u"other/b"_s)}
                                           << u"more than one top-level"_s;
    QTest::addRow("fifo") << QJsonArray{file(u"pkg-1.0/a"_s), QJsonObject{{u"name"_s, u"pkg-1.0/f"_s}, {u"type"_s, u"fifo"_s}}}
                          << u"not a file"_s;
    QTest::addRow("empty") << QJsonArray{} << u"no top-level"_s;
}

void TestSdistUnpacker::refusesHostileArchives()
{
    QFETCH(QJsonArray, entries);
    QFETCH(QString, messagePart);
    QTemporaryDir work;
    const QString archive = work.filePath(u"pkg-1.0.tar.gz"_s);
    writeTar(archive, entries);
    // The destination is nested so that anything escaping one or two levels lands in work.
    const QString destination = work.filePath(u"a/b/out"_s);
    QVERIFY(QDir().mkpath(destination));
    const auto root = Build::unpackSdist(archive, destination);
    QVERIFY(!root.has_value());
    QVERIFY2(root.error().contains(messagePart), qPrintable(root.error()));
    QVERIFY(root.error().contains(u"pkg-1.0.tar.gz"_s));
    QCOMPARE(QDir(work.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System),
             (QStringList{u"a"_s, u"pkg-1.0.tar.gz"_s}));
    QCOMPARE(QDir(work.filePath(u"a"_s)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System),
             QStringList{u"b"_s});
    QCOMPARE(QDir(work.filePath(u"a/b"_s)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System),
             QStringList{u"out"_s});
    QVERIFY(!QFileInfo::exists(u"/tmp/slipway-evil"_s));
}

void TestSdistUnpacker::refusesSomethingThatIsNotAnArchive()
{
    QTemporaryDir work;
    QFile junk(work.filePath(u"pkg-1.0.tar.gz"_s));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("this is not a tar archive at all");
    junk.close();
    const auto root = Build::unpackSdist(junk.fileName(), work.path());
    QVERIFY(!root.has_value());
    QVERIFY(root.error().startsWith(u"Cannot unpack the sdist pkg-1.0.tar.gz"_s));
}

QTEST_GUILESS_MAIN(TestSdistUnpacker)
#include "testsdistunpacker.moc"
