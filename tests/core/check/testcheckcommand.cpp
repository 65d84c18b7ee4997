// SPDX-License-Identifier: GPL-3.0-or-later
// `slipway check` as a user runs it: the real executable, its output and exit codes.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "tests/core/check/distfixtures.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;
using namespace CheckTests;

class TestCheckCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_directory.isValid());
        // slipway keeps reStructuredText renderings in $XDG_CACHE_HOME: not the user's here.
        qputenv("XDG_CACHE_HOME", m_directory.filePath(u"cache"_s).toUtf8());
        const QString dist = m_directory.filePath(u"dist"_s);
        QDir().mkpath(dist);
        m_good = writeWheel(dist, WheelSpec{});
        WheelSpec warn;
        warn.filename = u"sample_pkg-1.2.3-1-py3-none-any.whl"_s;
        warn.wheel += "Build: 1\n";
        warn.metadata = metadataWith({u"Description-Content-Type="_s}); // SW401
        m_warn = writeWheel(dist, warn);
        WheelSpec broken;
        broken.filename = u"sample_pkg-1.2.3-2-py3-none-any.whl"_s;
        broken.wheel += "Build: 2\n";
        broken.editEntries = [](QList<ZipEntry> &entries) {
            for (ZipEntry &entry : entries) {
                if (entry.name == "sample_pkg/core.py") {
                    entry.data = "VALUE = 43\n"; // SW116
                }
            }
        };
        m_broken = writeWheel(dist, broken);
        QFile notes(QDir(dist).filePath(u"NOTES.txt"_s));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        QVERIFY(!m_good.isEmpty() && !m_warn.isEmpty() && !m_broken.isEmpty());
    }

    void usage_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stream"); // where the text goes
        QTest::addColumn<QString>("mentions");
        QTest::addRow("no files") << QStringList{u"check"_s} << 2 << u"err"_s << u"no files"_s;
        QTest::addRow("unknown option") << QStringList{u"check"_s, u"--frobnicate"_s, u"x.whl"_s} << 2 << u"err"_s
                                        << u"frobnicate"_s;
        QTest::addRow("help") << QStringList{u"check"_s, u"--help"_s} << 0 << u"out"_s << u"--strict"_s;
    }

    void usage()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, stream);
        QFETCH(QString, mentions);
        const TestSupport::ProcessResult result = TestSupport::runSlipway(arguments);
        QCOMPARE(result.exitCode, exitCode);
        const QString text = QString::fromUtf8(stream == u"out"_s ? result.out : result.err);
        QVERIFY2(text.contains(mentions), qPrintable(text));
    }

    void humanOutput_data()
    {
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<bool>("strict");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QStringList>("lines"); // each must appear, in this order
        QTest::addRow("pass") << QStringList{m_good} << false << 0 << QStringList{m_good + u": PASSED"_s};
        QTest::addRow("warn") << QStringList{m_warn} << false << 0
                              << QStringList{m_warn + u": PASSED with warnings"_s, u"  warning SW401: "_s,
                                             u"      hint: "_s};
        QTest::addRow("warn strict") << QStringList{m_warn} << true << 1
                                     << QStringList{m_warn + u": FAILED"_s, u"  error SW401: "_s};
        QTest::addRow("error") << QStringList{m_broken} << false << 1
                               << QStringList{m_broken + u": FAILED"_s, u"  error SW116: "_s, u"sample_pkg/core.py"_s};
        QTest::addRow("order kept") << QStringList{m_broken, m_good, m_warn} << false << 1
                                    << QStringList{m_broken + u": FAILED"_s, m_good + u": PASSED"_s,
                                                   m_warn + u": PASSED with warnings"_s};
        const QString missing = m_directory.filePath(u"missing-1.0-py3-none-any.whl"_s);
        QTest::addRow("missing file") << QStringList{missing} << false << 1
                                      << QStringList{missing + u": FAILED"_s, u"  error SW100: "_s};
    }

    void humanOutput()
    {
        QFETCH(QStringList, files);
        QFETCH(bool, strict);
        QFETCH(int, exitCode);
        QFETCH(QStringList, lines);
        QStringList arguments{u"check"_s, u"--python"_s, TestSupport::systemPython()};
        if (strict) {
            arguments.append(u"--strict"_s);
        }
        const TestSupport::ProcessResult result = TestSupport::runSlipway(arguments + files);
        const QString out = QString::fromUtf8(result.out);
        QVERIFY2(result.exitCode == exitCode, qPrintable(out + QString::fromUtf8(result.err)));
        qsizetype position = 0;
        for (const QString &line : lines) {
            const qsizetype found = out.indexOf(line, position);
            QVERIFY2(found >= 0, qPrintable(u"'%1' not found in order in:\n%2"_s.arg(line, out)));
            position = found + line.size();
        }
    }

    void json()
    {
        const TestSupport::ProcessResult result = TestSupport::runSlipway(
            {u"check"_s, u"--json"_s, u"--python"_s, TestSupport::systemPython(), m_good, m_warn, m_broken});
        QCOMPARE(result.exitCode, 1);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(result.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, result.out.constData());
        const QJsonObject root = document.object();
        QCOMPARE(root.keys(), QStringList{u"files"_s});
        const QJsonArray files = root.value(u"files"_s).toArray();
        QCOMPARE(files.size(), 3);
        const QStringList verdicts{u"pass"_s, u"warn"_s, u"error"_s};
        const QStringList paths{m_good, m_warn, m_broken};
        for (int i = 0; i < 3; ++i) {
            const QJsonObject file = files.at(i).toObject();
            QCOMPARE(file.keys(), (QStringList{u"findings"_s, u"path"_s, u"verdict"_s}));
            QCOMPARE(file.value(u"path"_s).toString(), paths.at(i));
            QCOMPARE(file.value(u"verdict"_s).toString(), verdicts.at(i));
            for (const QJsonValue &value : file.value(u"findings"_s).toArray()) {
                const QJsonObject finding = value.toObject();
                QCOMPARE(finding.keys(), (QStringList{u"code"_s, u"hint"_s, u"message"_s, u"severity"_s}));
                QVERIFY(QStringList({u"error"_s, u"warning"_s, u"info"_s}).contains(finding.value(u"severity"_s).toString()));
            }
        }
        QVERIFY(files.at(0).toObject().value(u"findings"_s).toArray().isEmpty());
        QCOMPARE(files.at(1).toObject().value(u"findings"_s).toArray().first().toObject().value(u"code"_s).toString(),
                 u"SW401"_s);
    }

    // --docutils sends every reStructuredText description through docutils: the same report as
    // the native validator gives, which the debug log shows at work.
    void docutilsOptionGivesTheSameReport()
    {
        const QString dist = m_directory.filePath(u"rst"_s);
        QDir().mkpath(dist);
        const QByteArray descriptions[] = {
            "Title\n=====\n\nSee `the docs <docs/index.html>`_.\n\n.. image:: http://example.com/a.png\n",
            "* a list\n* with ``code``\n",
            "=== ===\na   b\n=== ===\n",
            "Broken\n====\n\nText.\n",
        };
        QStringList files;
        for (int i = 0; i < 4; ++i) {
            WheelSpec spec;
            spec.filename = u"sample_pkg-1.2.3-%1-py3-none-any.whl"_s.arg(i + 1);
            spec.wheel += "Build: " + QByteArray::number(i + 1) + '\n';
            QByteArray metadata = metadataWith({u"Description-Content-Type=text/x-rst"_s});
            metadata.truncate(metadata.indexOf("\n\n") + 2);
            spec.metadata = metadata + descriptions[i];
            files.append(writeWheel(dist, spec));
        }
        const QStringList arguments = {u"check"_s, u"--json"_s, u"--no-cache"_s, u"--python"_s,
                                       TestSupport::systemPython()};
        qputenv("QT_LOGGING_RULES", "slipway.check.rst.debug=true");
        const TestSupport::ProcessResult native = TestSupport::runSlipway(arguments + files);
        qunsetenv("QT_LOGGING_RULES");
        const TestSupport::ProcessResult docutils = TestSupport::runSlipway(arguments + QStringList{u"--docutils"_s} + files);
        QCOMPARE(native.exitCode, 1); // the broken title
        QCOMPARE(docutils.exitCode, native.exitCode);
        QCOMPARE(docutils.out, native.out);
        QCOMPARE(native.err.count("description clean without docutils"), 2);
        QCOMPARE(native.err.count("description needs docutils"), 2);
        QVERIFY(native.out.contains("SW405") && native.out.contains("SW407") && native.out.contains("SW402"));
    }

    void directoryArgument()
    {
        const TestSupport::ProcessResult result = TestSupport::runSlipway(
            {u"check"_s, u"--json"_s, u"--python"_s, TestSupport::systemPython(), m_directory.filePath(u"dist"_s)});
        const QJsonArray files = QJsonDocument::fromJson(result.out).object().value(u"files"_s).toArray();
        QCOMPARE(files.size(), 3); // NOTES.txt is not a distribution
        QCOMPARE(result.exitCode, 1);
    }

private:
    QTemporaryDir m_directory;
    QString m_good;
    QString m_warn;
    QString m_broken;
};

QTEST_GUILESS_MAIN(TestCheckCommand)
#include "testcheckcommand.moc"
