// SPDX-License-Identifier: GPL-3.0-or-later
// RECORD (CSV as Python's csv module writes it) and WHEEL parsing.
#include <QTest>

#include "core/dist/record.h"
#include "core/dist/wheelinfo.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;
using Dist::RecordIssue;

Q_DECLARE_METATYPE(RecordIssue::Code)

class TestRecord final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rows_data();
    void rows();
    void issues_data();
    void issues();
    void agreesWithPythonCsv();
    void recordHashFormat();
    void wheelInfo_data();
    void wheelInfo();
};

void TestRecord::rows_data()
{
    QTest::addColumn<QByteArray>("record");
    QTest::addColumn<QStringList>("paths");
    QTest::addColumn<QList<qint64>>("sizes"); // -1: no size

    const QByteArray hash = "sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU";
    QTest::addRow("plain") << "a.py," + hash + ",0\npkg-1.0.dist-info/RECORD,,\n"
                           << QStringList{u"a.py"_s, u"pkg-1.0.dist-info/RECORD"_s} << QList<qint64>{0, -1};
    QTest::addRow("crlf") << "a.py," + hash + ",0\r\nb.py," + hash + ",0\r\n" << QStringList{u"a.py"_s, u"b.py"_s}
                          << QList<qint64>{0, 0};
    QTest::addRow("quoted comma") << "\"dir/a,b.py\"," + hash + ",0\n" << QStringList{u"dir/a,b.py"_s}
                                  << QList<qint64>{0};
    QTest::addRow("doubled quote") << "\"say \"\"hi\"\".txt\"," + hash + ",0\n" << QStringList{u"say \"hi\".txt"_s}
                                   << QList<qint64>{0};
    QTest::addRow("quoted newline") << "\"odd\nname\"," + hash + ",0\nnext.py," + hash + ",0\n"
                                    << QStringList{u"odd\nname"_s, u"next.py"_s} << QList<qint64>{0, 0};
    QTest::addRow("blank lines skipped") << "\n\na.py," + hash + ",0\n\n" << QStringList{u"a.py"_s}
                                         << QList<qint64>{0};
    QTest::addRow("utf-8 path") << "caf\xc3\xa9.py," + hash + ",0\n" << QStringList{u"caf\u00e9.py"_s}
                                << QList<qint64>{0};
    QTest::addRow("no final newline") << "a.py," + hash + ",0" << QStringList{u"a.py"_s} << QList<qint64>{0};
}

void TestRecord::rows()
{
    QFETCH(QByteArray, record);
    QFETCH(QStringList, paths);
    QFETCH(QList<qint64>, sizes);
    const Dist::Record parsed = Dist::Record::parse(record);
    QVERIFY2(parsed.issues.isEmpty(), qPrintable(parsed.issues.value(0).message));
    QStringList actualPaths;
    QList<qint64> actualSizes;
    for (const Dist::RecordEntry &entry : parsed.entries) {
        actualPaths.append(entry.path);
        actualSizes.append(entry.size.value_or(-1));
    }
    QCOMPARE(actualPaths, paths);
    QCOMPARE(actualSizes, sizes);
    QCOMPARE(parsed.entries.first().algorithm, std::optional(Dist::HashAlgorithm::Sha256));
    QCOMPARE(parsed.entries.first().digest.toHex(),
             QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")); // sha256("")
}

void TestRecord::issues_data()
{
    QTest::addColumn<QByteArray>("record");
    QTest::addColumn<RecordIssue::Code>("code");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("mentions");

    const QByteArray hash = "sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU";
    QTest::addRow("two fields") << QByteArray("ok.py," + hash + ",0\na.py,x\n") << RecordIssue::Code::WrongFieldCount << 2
                                << u"2 fields"_s;
    QTest::addRow("four fields") << QByteArray("a.py," + hash + ",0,extra\n") << RecordIssue::Code::WrongFieldCount << 1
                                 << u"4 fields"_s;
    QTest::addRow("empty path") << QByteArray("," + hash + ",0\n") << RecordIssue::Code::EmptyPath << 1
                                << u"empty path"_s;
    QTest::addRow("no equals") << QByteArray("a.py,sha256,0\n") << RecordIssue::Code::MalformedHash << 1
                               << u"algorithm=digest"_s;
    QTest::addRow("bad base64") << QByteArray("a.py,sha256=***,0\n") << RecordIssue::Code::MalformedHash << 1
                                << u"32 bytes"_s;
    QTest::addRow("short digest") << QByteArray("a.py,sha256=AAAA,0\n") << RecordIssue::Code::MalformedHash << 1
                                  << u"32 bytes"_s;
    QTest::addRow("padding kept") << QByteArray("a.py," + hash + "=,0\n") << RecordIssue::Code::MalformedHash << 1
                                  << u"padding"_s;
    QTest::addRow("unknown algorithm") << QByteArray("a.py,rot13=abc,0\n") << RecordIssue::Code::UnknownHashAlgorithm
                                       << 1 << u"'rot13'"_s;
    QTest::addRow("negative size") << QByteArray("a.py," + hash + ",-1\n") << RecordIssue::Code::MalformedSize << 1
                                   << u"'-1'"_s;
    QTest::addRow("text size") << QByteArray("a.py," + hash + ",big\n") << RecordIssue::Code::MalformedSize << 1
                               << u"'big'"_s;
    QTest::addRow("unclosed quote") << QByteArray("\"a.py," + hash + ",0\n") << RecordIssue::Code::MalformedCsv << 1
                                    << u"never closed"_s;
    QTest::addRow("text after quote") << QByteArray("\"a\"b.py," + hash + ",0\n") << RecordIssue::Code::MalformedCsv
                                      << 1 << u"after a closing quote"_s;
    QTest::addRow("not utf-8") << QByteArray("caf\xe9.py," + hash + ",0\n") << RecordIssue::Code::NotUtf8 << 0
                               << u"UTF-8"_s;
}

void TestRecord::issues()
{
    QFETCH(QByteArray, record);
    QFETCH(RecordIssue::Code, code);
    QFETCH(int, line);
    QFETCH(QString, mentions);
    const Dist::Record parsed = Dist::Record::parse(record);
    const auto issue = std::find_if(parsed.issues.begin(), parsed.issues.end(),
                                    [code](const RecordIssue &candidate) { return candidate.code == code; });
    QVERIFY2(issue != parsed.issues.end(), qPrintable(parsed.issues.value(0).message));
    QCOMPARE(issue->line, line);
    QVERIFY2(issue->message.contains(mentions), qPrintable(issue->message));
}

void TestRecord::agreesWithPythonCsv()
{
    // Whatever Python's csv module writes, we read back the same rows.
    const auto python = TestSupport::run(
        TestSupport::systemPython(),
        {u"-c"_s, u"import csv, sys, io\nrows = [['plain.py', 'sha256=x', '1'], ['with,comma.py', '', ''],\n"
                  "        ['with \"quote\".py', 'sha256=y', '22'], ['new\\nline', 'sha256=z', '333'], ['sp ace', '', '']]\n"
                  "out = io.StringIO(newline='')\ncsv.writer(out).writerows(rows)\nsys.stdout.write(out.getvalue())"_s});
    QCOMPARE(python.exitCode, 0);
    const Dist::Record parsed = Dist::Record::parse(python.out);
    QStringList paths;
    for (const Dist::RecordEntry &entry : parsed.entries) {
        paths.append(entry.path);
    }
    QCOMPARE(paths, (QStringList{u"plain.py"_s, u"with,comma.py"_s, u"with \"quote\".py"_s, u"new\nline"_s,
                                 u"sp ace"_s}));
    QCOMPARE(parsed.entries[2].hash, u"sha256=y"_s);
    QCOMPARE(parsed.entries[3].size, std::optional<qint64>(333));
    QCOMPARE(parsed.entries[4].line, 6); // the quoted newline spans lines 4 and 5
}

void TestRecord::recordHashFormat()
{
    const QByteArray digest = QByteArray::fromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    QCOMPARE(Dist::recordHash(Dist::HashAlgorithm::Sha256, digest),
             u"sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"_s);
}

void TestRecord::wheelInfo_data()
{
    QTest::addColumn<QByteArray>("wheel");
    QTest::addColumn<QStringList>("tags");
    QTest::addColumn<int>("purelib"); // -1 unknown
    QTest::addColumn<QString>("issue"); // "" for none

    QTest::addRow("complete") << QByteArray("Wheel-Version: 1.0\nGenerator: bdist_wheel (0.38.4)\nRoot-Is-Purelib: "
                                            "true\nTag: py2-none-any\nTag: py3-none-any\n")
                              << QStringList{u"py2-none-any"_s, u"py3-none-any"_s} << 1 << QString();
    QTest::addRow("platlib with build") << QByteArray("Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: "
                                                      "cp311-cp311-linux_x86_64\nBuild: 1\n")
                                        << QStringList{u"cp311-cp311-linux_x86_64"_s} << 0 << QString();
    QTest::addRow("future major version") << QByteArray("Wheel-Version: 2.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
                                          << QStringList{u"py3-none-any"_s} << 1 << u"major version 1"_s;
    QTest::addRow("no version") << QByteArray("Root-Is-Purelib: true\nTag: py3-none-any\n")
                                << QStringList{u"py3-none-any"_s} << 1 << u"no Wheel-Version"_s;
    QTest::addRow("bad purelib") << QByteArray("Wheel-Version: 1.0\nRoot-Is-Purelib: yes\nTag: py3-none-any\n")
                                 << QStringList{u"py3-none-any"_s} << -1 << u"'yes'"_s;
    QTest::addRow("no tags") << QByteArray("Wheel-Version: 1.0\nRoot-Is-Purelib: true\n") << QStringList{} << 1
                             << u"no Tag"_s;
    QTest::addRow("not headers") << QByteArray("this is not a header\n") << QStringList{} << -1 << u"Line 1"_s;
}

void TestRecord::wheelInfo()
{
    QFETCH(QByteArray, wheel);
    QFETCH(QStringList, tags);
    QFETCH(int, purelib);
    QFETCH(QString, issue);
    const Dist::WheelInfo info = Dist::WheelInfo::parse(wheel);
    QCOMPARE(info.tags, tags);
    QCOMPARE(info.rootIsPurelib, purelib < 0 ? std::optional<bool>() : std::optional<bool>(purelib == 1));
    if (issue.isEmpty()) {
        QVERIFY2(info.issues.isEmpty(), qPrintable(info.issues.join(u'\n')));
    } else {
        QVERIFY2(info.issues.join(u'\n').contains(issue), qPrintable(info.issues.join(u'\n')));
    }
}

QTEST_GUILESS_MAIN(TestRecord)
#include "testrecord.moc"
