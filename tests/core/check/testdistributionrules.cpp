// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

#include "core/check/checker.h"
#include "core/check/distributionrules.h"
#include "core/check/rules.h"
#include "core/dist/distribution.h"
#include "tests/core/check/distfixtures.h"

using namespace Qt::StringLiterals;
using namespace CheckTests;
using Check::Finding;

namespace {

QString describe(const QList<Finding> &findings)
{
    QStringList lines;
    for (const Finding &finding : findings) {
        lines.append(finding.code + u' ' + Check::severityName(finding.severity) + u": " + finding.message);
    }
    return lines.isEmpty() ? u"(no findings)"_s : lines.join(u"\n");
}

// The check engine's first stage, as the Checker runs it.
QList<Finding> inspect(const QString &path, const Check::CheckOptions &options = {})
{
    Dist::ReadOptions readOptions;
    readOptions.computeDigests = false;
    auto distribution = Dist::readDistribution(path, readOptions);
    if (!distribution) {
        return Check::readErrorFindings(distribution.error());
    }
    return Check::inspectDistribution(*distribution, options).findings;
}

QString writeFile(const QString &directory, const QString &name, const QByteArray &bytes)
{
    const QString path = QDir(directory).filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
        return {};
    }
    return path;
}

// Replaces the first RECORD row for a member.
void replaceRecordRow(QByteArray &record, const QByteArray &member, const QByteArray &row)
{
    const qsizetype start = record.indexOf(QByteArray(member + ','));
    const qsizetype end = record.indexOf('\n', start);
    record.replace(start, end - start, row);
}

ZipEntry *entryNamed(QList<ZipEntry> &entries, const QByteArray &name)
{
    for (ZipEntry &entry : entries) {
        if (entry.name == name) {
            return &entry;
        }
    }
    return nullptr;
}

using Maker = std::function<QString(const QString &directory)>;

struct Case {
    const char *name;
    QString code;
    QString mentions;
    Maker make;
    qint64 maxFileSize = Check::PyPiMaxFileSize;
};

WheelSpec wheelWith(const std::function<void(WheelSpec &)> &edit)
{
    WheelSpec spec;
    edit(spec);
    return spec;
}

Maker wheel(const std::function<void(WheelSpec &)> &edit)
{
    return [edit](const QString &directory) { return writeWheel(directory, wheelWith(edit)); };
}

Maker sdist(const std::function<void(SdistSpec &)> &edit)
{
    return [edit](const QString &directory) {
        SdistSpec spec;
        edit(spec);
        return writeSdist(directory, spec);
    };
}

QList<Case> archiveCases()
{
    QList<Case> cases;
    auto add = [&cases](const char *name, const char *code, const char *mentions, Maker make) {
        cases.append({name, QString::fromUtf8(code), QString::fromUtf8(mentions), std::move(make)});
    };
    add("not a zip", "SW100", "", [](const QString &d) {
        return writeFile(d, u"sample_pkg-1.2.3-py3-none-any.whl"_s, "This is not a zip archive at all.\n");
    });
    add("truncated zip", "SW100", "", [](const QString &d) {
        const QString path = writeWheel(d, WheelSpec{});
        QFile file(path);
        file.open(QIODevice::ReadWrite);
        file.resize(file.size() / 2);
        return path;
    });
    add("crc mismatch", "SW100", "sample_pkg/core.py", wheel([](WheelSpec &s) {
        s.editEntries = [](QList<ZipEntry> &entries) { entryNamed(entries, "sample_pkg/core.py")->claimedCrc = 0x1234; };
    }));
    add("unknown extension", "SW101", "", [](const QString &d) {
        QFile::copy(writeWheel(d, WheelSpec{}), QDir(d).filePath(u"sample_pkg-1.2.3.egg"_s));
        return QDir(d).filePath(u"sample_pkg-1.2.3.egg"_s);
    });
    add("wheel name parts", "SW101", "", wheel([](WheelSpec &s) { s.filename = u"sample_pkg-1.2.3-py3-any.whl"_s; }));
    add("backslash in name", "SW102", "\\", wheel([](WheelSpec &s) { s.filename = u"sample\\pkg-1.2.3-py3-none-any.whl"_s; }));
    add("zip sdist", "SW103", ".zip", [](const QString &d) {
        QFile::copy(writeWheel(d, WheelSpec{}), QDir(d).filePath(u"sample_pkg-1.2.3.zip"_s));
        return QDir(d).filePath(u"sample_pkg-1.2.3.zip"_s);
    });
    add("wheel name mismatch", "SW104", "other_pkg", wheel([](WheelSpec &s) {
        s.filename = u"other_pkg-1.2.3-py3-none-any.whl"_s;
        s.distInfo = "other_pkg-1.2.3.dist-info";
    }));
    add("sdist name mismatch", "SW104", "other_pkg", sdist([](SdistSpec &s) {
        s.filename = u"other_pkg-1.2.3.tar.gz"_s;
        s.top = "other_pkg-1.2.3";
    }));
    add("wheel name not normalized", "SW105", "sample_pkg", wheel([](WheelSpec &s) {
        s.filename = u"Sample_Pkg-1.2.3-py3-none-any.whl"_s;
        s.distInfo = "Sample_Pkg-1.2.3.dist-info";
    }));
    add("sdist with dash (setuptools < 69)", "SW105", "sample_pkg-1.2.3.tar.gz", sdist([](SdistSpec &s) {
        s.filename = u"sample-pkg-1.2.3.tar.gz"_s;
        s.top = "sample-pkg-1.2.3";
    }));
    add("sdist version not normalized", "SW105", "sample_pkg-1.2.3.tar.gz", sdist([](SdistSpec &s) {
        s.filename = u"sample_pkg-1.2.3.0.tar.gz"_s;
        s.top = "sample_pkg-1.2.3.0";
    }));
    add("wheel version mismatch", "SW106", "1.2.4", wheel([](WheelSpec &s) {
        s.filename = u"sample_pkg-1.2.4-py3-none-any.whl"_s;
        s.distInfo = "sample_pkg-1.2.4.dist-info";
    }));
    add("sdist version mismatch", "SW106", "1.2.4", sdist([](SdistSpec &s) {
        s.filename = u"sample_pkg-1.2.4.tar.gz"_s;
        s.top = "sample_pkg-1.2.4";
    }));
    add("uppercase tag", "SW107", "PY3", wheel([](WheelSpec &s) {
        s.filename = u"sample_pkg-1.2.3-PY3-none-any.whl"_s;
        s.wheel.replace("py3-none-any", "PY3-none-any");
    }));
    add("linux_x86_64", "SW108", "linux_x86_64", wheel([](WheelSpec &s) {
        s.filename = u"sample_pkg-1.2.3-cp311-cp311-linux_x86_64.whl"_s;
        s.wheel = "Wheel-Version: 1.0\nGenerator: t\nRoot-Is-Purelib: false\nTag: cp311-cp311-linux_x86_64\n";
    }));
    add("macosx 11.3", "SW108", "macosx_11_3_arm64", wheel([](WheelSpec &s) {
        s.filename = u"sample_pkg-1.2.3-cp311-cp311-macosx_11_3_arm64.whl"_s;
        s.wheel = "Wheel-Version: 1.0\nGenerator: t\nRoot-Is-Purelib: false\nTag: cp311-cp311-macosx_11_3_arm64\n";
    }));
    add("WHEEL tag differs", "SW109", "py3-none-any",
        wheel([](WheelSpec &s) { s.wheel.replace("Tag: py3-none-any", "Tag: py2-none-any"); }));
    add("WHEEL build differs", "SW109", "Build", wheel([](WheelSpec &s) { s.wheel += "Build: 7\n"; }));
    add("no METADATA", "SW110", "sample_pkg-1.2.3.dist-info/METADATA", wheel([](WheelSpec &s) { s.withMetadata = false; }));
    add("no RECORD", "SW111", "sample_pkg-1.2.3.dist-info/RECORD", wheel([](WheelSpec &s) { s.withRecord = false; }));
    add("no WHEEL", "SW112", "sample_pkg-1.2.3.dist-info/WHEEL", wheel([](WheelSpec &s) { s.withWheel = false; }));
    add("wheel version 2", "SW113", "Wheel-Version",
        wheel([](WheelSpec &s) { s.wheel.replace("Wheel-Version: 1.0", "Wheel-Version: 2.0"); }));
    add("no Root-Is-Purelib", "SW113", "Root-Is-Purelib",
        wheel([](WheelSpec &s) { s.wheel.replace("Root-Is-Purelib: true\n", ""); }));
    add("two dist-info", "SW114", ".dist-info", wheel([](WheelSpec &s) {
        s.payload.append(DistFile{"other-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: other\nVersion: 1.0\n"});
    }));
    add("dist-info misnamed", "SW114", "sample_pkg-1.2.3.dist-info",
        wheel([](WheelSpec &s) { s.distInfo = "sample_pkg-1.2.dist-info"; }));
    add("member not in RECORD", "SW115", "sample_pkg/extra.py", wheel([](WheelSpec &s) {
        s.editEntries = [](QList<ZipEntry> &entries) {
            ZipEntry extra;
            extra.name = "sample_pkg/extra.py";
            extra.data = "EXTRA = True\n";
            entries.prepend(extra);
        };
    }));
    add("hash mismatch", "SW116", "sample_pkg/core.py", wheel([](WheelSpec &s) {
        s.editEntries = [](QList<ZipEntry> &entries) { entryNamed(entries, "sample_pkg/core.py")->data = "VALUE = 43\n"; };
    }));
    add("size mismatch", "SW117", "sample_pkg/core.py", wheel([](WheelSpec &s) {
        s.editRecord = [](QByteArray &record) {
            replaceRecordRow(record, "sample_pkg/core.py",
                             "sample_pkg/core.py," + TestSupport::sha256RecordHash("VALUE = 42\n") + ",99");
        };
    }));
    add("RECORD lists missing file", "SW118", "sample_pkg/gone.py", wheel([](WheelSpec &s) {
        s.editRecord = [](QByteArray &record) {
            record.prepend(TestSupport::recordRow("sample_pkg/gone.py", "GONE = 1\n"));
        };
    }));
    add("RECORD md5", "SW119", "md5", wheel([](WheelSpec &s) {
        s.editRecord = [](QByteArray &record) {
            replaceRecordRow(record, "sample_pkg/core.py", "sample_pkg/core.py,md5=CY9rzUYh03PK3k6DJie09g,11");
        };
    }));
    add("RECORD bad row", "SW119", "RECORD", wheel([](WheelSpec &s) {
        s.editRecord = [](QByteArray &record) { record.append("\"unterminated,sha256=abc,1\n"); };
    }));
    add("bzip2 member", "SW120", "sample_pkg/core.py", wheel([](WheelSpec &s) {
        s.editEntries = [](QList<ZipEntry> &entries) { entryNamed(entries, "sample_pkg/core.py")->method = 12; };
    }));
    add("zip bomb", "SW121", "50", wheel([](WheelSpec &s) {
        s.payload.append({"sample_pkg/zeros.bin", QByteArray()});
        s.editEntries = [](QList<ZipEntry> &entries) {
            entryNamed(entries, "sample_pkg/zeros.bin")->zeros = 100LL * 1024 * 1024;
        };
        s.editRecord = [](QByteArray &record) {
            replaceRecordRow(record, "sample_pkg/zeros.bin", "sample_pkg/zeros.bin,,104857600");
        };
    }));
    add("data descriptor", "SW122", "sample_pkg/core.py", wheel([](WheelSpec &s) {
        s.editEntries = [](QList<ZipEntry> &entries) { entryNamed(entries, "sample_pkg/core.py")->dataDescriptor = true; };
    }));
    add("zip comment", "SW122", "comment", wheel([](WheelSpec &s) { s.comment = "built by hand"; }));
    add("trailing data", "SW122", "", wheel([](WheelSpec &s) { s.trailing = QByteArray(64, 'x'); }));
    add("duplicate member", "SW122", "sample_pkg/core.py", wheel([](WheelSpec &s) {
        s.editEntries = [](QList<ZipEntry> &entries) { entries.append(*entryNamed(entries, "sample_pkg/core.py")); };
    }));
    add("unflagged utf-8 name", "SW122", "", wheel([](WheelSpec &s) {
        s.payload.append(DistFile{"sample_pkg/caf\xc3\xa9.py", "X = 1\n"});
        s.editEntries = [](QList<ZipEntry> &entries) { entryNamed(entries, "sample_pkg/caf\xc3\xa9.py")->utf8Flag = false; };
    }));
    add("parent path", "SW123", "..", wheel([](WheelSpec &s) { s.payload.append(DistFile{"../evil.py", "X = 1\n"}); }));
    add("absolute path", "SW123", "/etc", wheel([](WheelSpec &s) { s.payload.append(DistFile{"/etc/evil.py", "X = 1\n"}); }));
    add("symlink", "SW124", "sample_pkg/link.py", wheel([](WheelSpec &s) {
        s.editEntries = [](QList<ZipEntry> &entries) {
            ZipEntry link;
            link.name = "sample_pkg/link.py";
            link.data = "core.py";
            link.method = 0;
            link.unixMode = 0120777;
            entries.prepend(link);
        };
    }));
    add("two top-level dirs", "SW130", "", sdist([](SdistSpec &s) {
        s.editEntries = [](QList<TarEntry> &entries) {
            TarEntry other;
            other.name = "other-1.0/setup.py";
            other.data = "print('x')\n";
            entries.append(other);
        };
    }));
    add("top-level dir misnamed", "SW131", "sample-pkg-1.2.3", sdist([](SdistSpec &s) { s.top = "sample-pkg-1.2.3"; }));
    add("no PKG-INFO", "SW132", "PKG-INFO", sdist([](SdistSpec &s) { s.withPkgInfo = false; }));
    add("no pyproject.toml", "SW133", "pyproject.toml", sdist([](SdistSpec &s) { s.withPyproject = false; }));
    add("sparse member", "SW134", "", sdist([](SdistSpec &s) {
        s.editEntries = [](QList<TarEntry> &entries) {
            TarEntry sparse;
            sparse.name = "sample_pkg-1.2.3/data.bin";
            sparse.type = 'S';
            sparse.data = QByteArray(512, 'h');
            sparse.zeros = 1LL << 40;
            entries.append(sparse);
        };
    }));
    add("sdist not gzip", "SW134", "gzip", sdist([](SdistSpec &s) { s.gzip = false; }));
    add("entry points not INI", "SW140", "line 2", wheel([](WheelSpec &s) {
        s.entryPoints = "[console_scripts]\nsample sample_pkg:main\n";
    }));
    add("entry points before section", "SW140", "section", wheel([](WheelSpec &s) {
        s.entryPoints = "sample = sample_pkg:main\n";
    }));
    add("entry points duplicate", "SW140", "already exists", wheel([](WheelSpec &s) {
        s.entryPoints = "[console_scripts]\nsample = sample_pkg:main\nsample = sample_pkg:other\n";
    }));
    add("entry points latin-1", "SW140", "UTF-8", wheel([](WheelSpec &s) {
        s.entryPoints = "[console_scripts]\ncaf\xe9 = sample_pkg:main\n";
    }));
    add("script name with slash", "SW141", "../sample", wheel([](WheelSpec &s) {
        s.entryPoints = "[console_scripts]\n../sample = sample_pkg:main\n";
    }));
    add("gui script name with space", "SW141", "my app", wheel([](WheelSpec &s) {
        s.entryPoints = "[gui_scripts]\nmy app = sample_pkg:main\n";
    }));
    add("wheel licence missing", "SW142", "licenses/LICENSE", wheel([](WheelSpec &s) { s.distInfoExtras.clear(); }));
    add("wheel licence at top of dist-info", "SW142", "licenses/LICENSE", wheel([](WheelSpec &s) {
        s.distInfoExtras = {{"LICENSE", LicenseText}};
    }));
    add("sdist licence missing", "SW142", "sample_pkg-1.2.3/LICENSE", sdist([](SdistSpec &s) { s.payload.removeFirst(); }));
    add("metadata not utf-8", "SW201", "METADATA",
        wheel([](WheelSpec &s) { s.metadata.replace("Jane Doe", "J\xe9r\xf4me"); }));
    add("metadata malformed", "SW200", "METADATA",
        wheel([](WheelSpec &s) { s.metadata.replace("Summary: A sample package", "Summary A sample package"); }));
    add("no long description", "SW400", "",
        wheel([](WheelSpec &s) { s.metadata = metadataWith({}).replace("# Sample\n", ""); }));
    add("UNKNOWN long description", "SW400", "", wheel([](WheelSpec &s) {
        s.metadata = baselineMetadata().replace("# Sample\n", "UNKNOWN\n\n\n");
    }));
    add("no content type", "SW401", "Description-Content-Type",
        wheel([](WheelSpec &s) { s.metadata = metadataWith({u"Description-Content-Type="_s}); }));
    cases.append({"over the size limit", u"SW500"_s, u"MiB"_s,
                  [](const QString &d) { return writeWheel(d, WheelSpec{}); }, 1000});
    return cases;
}

bool hasCode(const QList<Finding> &findings, const QString &code)
{
    return std::any_of(findings.cbegin(), findings.cend(), [&code](const Finding &f) { return f.code == code; });
}

} // namespace

class TestDistributionRules final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_directory.isValid());
    }

    void goodDistributionsAreClean_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addRow("wheel") << 0;
        QTest::addRow("sdist") << 1;
    }

    void goodDistributionsAreClean()
    {
        QFETCH(int, kind);
        const QString directory = freshDirectory();
        const WheelSpec wheelSpec;
        const SdistSpec sdistSpec;
        const QString path = kind == 0 ? writeWheel(directory, wheelSpec) : writeSdist(directory, sdistSpec);
        QVERIFY(!path.isEmpty());
        const auto distribution = Dist::readDistribution(path);
        QVERIFY(distribution.has_value());
        const Check::Inspection inspection = Check::inspectDistribution(*distribution);
        QVERIFY2(inspection.findings.isEmpty(), qPrintable(describe(inspection.findings)));
        QVERIFY(inspection.description);
        QCOMPARE(inspection.description->text, u"# Sample\n"_s);
        QCOMPARE(inspection.description->contentType, u"text/markdown"_s);
    }

    void archiveRule_data()
    {
        QTest::addColumn<int>("index");
        const QList<Case> cases = archiveCases();
        for (int i = 0; i < cases.size(); ++i) {
            QTest::addRow("%s %s", qPrintable(cases[i].code), cases[i].name) << i;
        }
    }

    void archiveRule()
    {
        QFETCH(int, index);
        const Case c = archiveCases().at(index);
        const QString path = c.make(freshDirectory());
        QVERIFY(!path.isEmpty());
        Check::CheckOptions options;
        options.maxFileSize = c.maxFileSize;
        expectFinding(inspect(path, options), c.code, c.mentions);
    }

    // Every metadata rule, through the METADATA of a generated wheel (or the PKG-INFO of an sdist).
    void metadataRule_data()
    {
        QTest::addColumn<QStringList>("edits");
        QTest::addColumn<bool>("sdist");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions");
        for (const MetadataCase &c : brokenMetadataCases()) {
            QTest::addRow("%s %s", qPrintable(c.code), c.name) << c.edits << c.sdist << c.code << c.mentions;
        }
    }

    void metadataRule()
    {
        QFETCH(QStringList, edits);
        QFETCH(bool, sdist);
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        const QString directory = freshDirectory();
        QString path;
        if (sdist) {
            SdistSpec spec;
            spec.metadata = metadataWith(edits);
            path = writeSdist(directory, spec);
        } else {
            WheelSpec spec;
            spec.metadata = metadataWith(edits);
            path = writeWheel(directory, spec);
        }
        expectFinding(inspect(path), code, mentions);
    }

    void realWheelsHaveNoErrors_data()
    {
        QTest::addColumn<QString>("path");
        const QDir wheels(u"/usr/share/python-wheels"_s);
        const QStringList names = wheels.entryList({u"*.whl"_s}, QDir::Files, QDir::Name);
        if (names.isEmpty()) {
            QSKIP("Debian's /usr/share/python-wheels is not installed");
        }
        for (const QString &name : names) {
            QTest::addRow("%s", qPrintable(name)) << wheels.filePath(name);
        }
    }

    void realWheelsHaveNoErrors()
    {
        QFETCH(QString, path);
        const QList<Finding> findings = inspect(path);
        for (const Finding &finding : findings) {
            QVERIFY2(finding.severity != Check::Severity::Error, qPrintable(describe(findings)));
        }
        // Debian's setuptools writes License-File with Metadata-Version 2.1 and no content type.
        QVERIFY2(hasCode(findings, u"SW205"_s), qPrintable(describe(findings)));
        QVERIFY2(hasCode(findings, u"SW401"_s), qPrintable(describe(findings)));
    }

    void findingsPerRuleAreCapped()
    {
        const QString path = writeWheel(freshDirectory(), wheelWith([](WheelSpec &s) {
            s.editEntries = [](QList<ZipEntry> &entries) {
                for (int i = 0; i < 50; ++i) {
                    ZipEntry extra;
                    extra.name = "sample_pkg/extra" + QByteArray::number(i) + ".py";
                    extra.data = "X = 1\n";
                    entries.prepend(extra);
                }
            };
        }));
        const QList<Finding> findings = Check::Checker::makeReport(path, inspect(path), false).findings;
        qsizetype count = 0;
        for (const Finding &finding : findings) {
            count += finding.code == u"SW115"_s ? 1 : 0;
        }
        QCOMPARE(count, Check::MaxFindingsPerRule + 1);
        QVERIFY(std::any_of(findings.cbegin(), findings.cend(),
                            [](const Finding &f) { return f.code == u"SW115"_s && f.message.contains(u"30 more"_s); }));
    }

    void platformTags_data()
    {
        QTest::addColumn<QString>("tag");
        QTest::addColumn<bool>("accepted");
        const QList<std::pair<const char *, bool>> tags{
            {"any", true},
            {"win_amd64", true},
            {"win_arm64", true},
            {"manylinux1_x86_64", true},
            {"manylinux2014_aarch64", true},
            {"manylinux_2_17_x86_64", true},
            {"manylinux_2_28_ppc64", true},
            {"manylinux_2_31_riscv64", true},
            {"musllinux_1_2_x86_64", true},
            {"musllinux_1_1_ppc64", false},
            {"macosx_10_9_x86_64", true},
            {"macosx_10_15_universal2", true},
            {"macosx_11_0_arm64", true},
            {"macosx_26_0_arm64", true},
            {"macosx_11_3_arm64", false},
            {"macosx_16_0_arm64", false},
            {"macosx_10_9_sparc", false},
            {"ios_13_0_arm64_iphoneos", true},
            {"ios_13_0_x86_64_iphonesimulator", true},
            {"ios_13_0_arm64_ipad", false},
            {"android_21_arm64_v8a", true},
            {"android_21_mips", false},
            {"pyemscripten_2024_0_wasm32", true},
            {"linux_x86_64", false},
            {"linux_armv7l", true},
            {"linux_aarch64", false},
            {"manylinux_x_17_x86_64", false},
            {"freebsd_13_amd64", false},
        };
        for (const auto &[tag, accepted] : tags) {
            QTest::addRow("%s", tag) << QString::fromLatin1(tag) << accepted;
        }
    }

    void platformTags()
    {
        QFETCH(QString, tag);
        QFETCH(bool, accepted);
        QCOMPARE(Check::isPyPiPlatformTag(tag), accepted);
    }

    void validEntryPoints_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addRow("empty") << QByteArray();
        QTest::addRow("groups") << QByteArray("[console_scripts]\nsample = pkg:main\nsample-2.x = pkg:main\n\n"
                                              "[pytest11]\nplugin = pkg.plugin\n");
        QTest::addRow("comments and continuation")
            << QByteArray("# comment\n[console_scripts]\n; other\nsample = pkg:main\n    [extra]\n");
        QTest::addRow("crlf") << QByteArray("[gui_scripts]\r\nviewer = pkg.gui:run\r\n");
        QTest::addRow("unicode name") << QByteArray("[console_scripts]\ncaf\xc3\xa9 = pkg:main\n");
        QTest::addRow("other group any name") << QByteArray("[my.plugins]\nany name/with slash = pkg:x\n");
    }

    void validEntryPoints()
    {
        QFETCH(QByteArray, text);
        const QList<Finding> findings = Check::checkEntryPoints(text, u"entry_points.txt"_s);
        QVERIFY2(findings.isEmpty(), qPrintable(describe(findings)));
    }

    void everyRuleIsExercised()
    {
        // Each catalog code appears in a test of this file, of the metadata test, or (SW4xx
        // rendering) of the checker test; this lists the ones covered here for the record.
        QSet<QString> covered;
        for (const Case &c : archiveCases()) {
            covered.insert(c.code);
        }
        for (const MetadataCase &c : brokenMetadataCases()) {
            covered.insert(c.code);
        }
        // The rendering rules need the Checker's second stage: tests/core/check/testchecker.cpp.
        const QSet<QString> renderedElsewhere{u"SW402"_s, u"SW403"_s, u"SW404"_s, u"SW405"_s,
                                              u"SW406"_s, u"SW407"_s, u"SW408"_s};
        QStringList missing;
        for (const Check::RuleInfo &info : Check::allRules()) {
            if (!covered.contains(info.code) && !renderedElsewhere.contains(info.code)) {
                missing.append(info.code);
            }
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u", "_s)));
    }

private:
    QString freshDirectory()
    {
        const QString path = m_directory.filePath(QString::number(m_counter++));
        QDir().mkpath(path);
        return path;
    }

    static void expectFinding(const QList<Finding> &findings, const QString &code, const QString &mentions)
    {
        const auto it = std::find_if(findings.cbegin(), findings.cend(), [&code](const Finding &f) { return f.code == code; });
        QVERIFY2(it != findings.cend(), qPrintable(u"expected %1, got:\n%2"_s.arg(code, describe(findings))));
        QVERIFY2(it->message.contains(mentions) || it->hint.contains(mentions),
                 qPrintable(u"'%1' not in: %2 / %3"_s.arg(mentions, it->message, it->hint)));
        QCOMPARE(it->severity, Check::ruleInfo(code)->severity);
        QVERIFY(!it->hint.isEmpty());
        QVERIFY2(!it->message.contains(u'\n'), qPrintable(it->message));
    }

    QTemporaryDir m_directory;
    int m_counter = 0;
};

QTEST_GUILESS_MAIN(TestDistributionRules)
#include "testdistributionrules.moc"
