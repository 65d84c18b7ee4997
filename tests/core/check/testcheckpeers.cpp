// SPDX-License-Identifier: GPL-3.0-or-later
// The check engine against the real world: distributions built by the real backends
// (python -m build --no-isolation with setuptools, hatchling, flit_core), the wheels Debian
// ships, and Debian's twine as the peer on everything twine catches.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "core/check/checker.h"
#include "tests/core/check/distfixtures.h"
#include "tests/support/buildprojects.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;
using namespace CheckTests;
using Check::FileReport;
using Check::Finding;
using Check::Verdict;

namespace {

constexpr int HangGuardMs = 5 * 60 * 1000;

QString describe(const FileReport &report)
{
    QStringList lines{report.path + u": " + Check::verdictText(report.verdict)};
    for (const Finding &finding : report.findings) {
        lines.append(u"  "_s + finding.code + u' ' + Check::severityName(finding.severity) + u": " + finding.message);
    }
    return lines.join(u"\n");
}

enum class Outcome { Pass, Warn, Fail };

QString outcomeName(Outcome outcome)
{
    return outcome == Outcome::Pass ? u"pass"_s : outcome == Outcome::Warn ? u"warn"_s : u"fail"_s;
}

// Metadata twine 4.0.2 (pkginfo 1.8) can read: Metadata-Version 2.1, no PEP 639 fields.
QByteArray twineReadableMetadata(const QStringList &edits)
{
    return metadataWith(QStringList{u"Metadata-Version=2.1"_s, u"License-Expression="_s, u"License-File="_s} + edits);
}

QByteArray withDescription(QByteArray metadata, const QByteArray &description)
{
    metadata.truncate(metadata.indexOf("\n\n") + 2);
    return metadata + description;
}

} // namespace

class TestCheckPeers final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_directory.isValid());
        m_python = TestSupport::systemPython();
    }

    // Real projects built by the real backends must pass (warnings allowed: Debian's
    // setuptools 66 writes License-File with Metadata-Version 2.1, SW205).
    void builtDistributionsPass_data()
    {
        QTest::addColumn<int>("backend");
        QTest::addRow("setuptools") << int(TestSupport::Backend::Setuptools);
        QTest::addRow("setuptools legacy setup.py") << int(TestSupport::Backend::SetuptoolsLegacy);
        QTest::addRow("hatchling") << int(TestSupport::Backend::Hatchling);
        QTest::addRow("flit_core") << int(TestSupport::Backend::FlitCore);
    }

    void builtDistributionsPass()
    {
        QFETCH(int, backend);
        const QStringList files = build(static_cast<TestSupport::Backend>(backend), u"sample"_s);
        QCOMPARE(files.size(), 2);
        for (const FileReport &report : check(files)) {
            QVERIFY2(report.verdict != Verdict::Error, qPrintable(describe(report)));
            // The README is Markdown with a content type: no description findings at all.
            for (const Finding &finding : report.findings) {
                QVERIFY2(!finding.code.startsWith(u"SW4"_s), qPrintable(describe(report)));
            }
        }
    }

    // What twine misses and PyPI refuses today: setuptools < 69 names the sdist of
    // "sample-pkg" sample-pkg-1.2.3.tar.gz, not sample_pkg-1.2.3.tar.gz (PEP 625).
    void oldSetuptoolsSdistNameIsCaught()
    {
        const QStringList files = build(TestSupport::Backend::Setuptools, u"sample-pkg"_s);
        const QStringList sdists = files.filter(u".tar.gz"_s);
        QCOMPARE(sdists.size(), 1);
        if (!QFileInfo(sdists.first()).fileName().startsWith(u"sample-pkg-"_s)) {
            QSKIP("this setuptools already writes PEP 625 sdist names");
        }
        const FileReport report = check(sdists).first();
        QVERIFY2(report.hasCode(u"SW105"_s), qPrintable(describe(report)));
        QVERIFY(report.findingsWithCode(u"SW105"_s).first().message.contains(u"sample_pkg-1.2.3.tar.gz"_s));
        const TestSupport::ProcessResult twine = runTwine({sdists.first()});
        QCOMPARE(twine.exitCode, 0); // twine check lets it through
    }

    void debianWheelsPass()
    {
        const QDir wheels(u"/usr/share/python-wheels"_s);
        const QStringList names = wheels.entryList({u"*.whl"_s}, QDir::Files, QDir::Name);
        if (names.isEmpty()) {
            QSKIP("Debian's /usr/share/python-wheels is not installed");
        }
        QStringList paths;
        for (const QString &name : names) {
            paths.append(wheels.filePath(name));
        }
        for (const FileReport &report : check(paths)) {
            QVERIFY2(report.verdict == Verdict::Warn, qPrintable(describe(report)));
            // Their reStructuredText READMEs render on PyPI: no SW402 and no SW403.
            QVERIFY2(!report.hasCode(u"SW402"_s) && !report.hasCode(u"SW403"_s), qPrintable(describe(report)));
        }
    }

    // On every file twine judges, slipway is at least as strict: twine FAILED means an
    // error, twine's warnings are warnings (errors under --strict), and files twine passes
    // cleanly pass here too (these are chosen to be clean).
    void agreesWithTwine_data()
    {
        QTest::addColumn<bool>("strict");
        QTest::addRow("default") << false;
        QTest::addRow("strict") << true;
    }

    void agreesWithTwine()
    {
        QFETCH(bool, strict);
        const QString directory = QDir(m_directory.path()).filePath(u"twine-%1"_s.arg(strict));
        QDir().mkpath(directory);

        struct Sample {
            QString path;
            bool clean; // slipway must pass it (twine passes it)
        };
        QList<Sample> samples;
        auto wheel = [&](const char *tag, const QByteArray &metadata, bool clean) {
            WheelSpec spec;
            spec.filename = u"sample_pkg-1.2.3-%1-py3-none-any.whl"_s.arg(QString::fromLatin1(tag));
            spec.wheel += "Build: " + QByteArray(tag) + '\n';
            spec.metadata = metadata;
            spec.distInfoExtras.clear();
            samples.append({writeWheel(directory, spec), clean});
        };
        wheel("1", withDescription(twineReadableMetadata({u"Description-Content-Type=text/x-rst"_s}),
                                   "Sample\n======\n\nSome *text*.\n"),
              true);
        wheel("2", withDescription(twineReadableMetadata({u"Description-Content-Type=text/x-rst"_s}),
                                   "Sample\n====\n\nText.\n"),
              false);
        wheel("3", withDescription(twineReadableMetadata({u"Description-Content-Type="_s}), "Sample\n======\n"), false);
        wheel("4", withDescription(twineReadableMetadata({}), ""), false);
        wheel("5", withDescription(twineReadableMetadata({}), "# Sample\n\n* a list\n"), true);
        wheel("6", withDescription(twineReadableMetadata({u"Description-Content-Type="_s}), "Some text.\n\n-----\n"),
              false);
        SdistSpec good;
        good.metadata = withDescription(twineReadableMetadata({u"Description-Content-Type=text/x-rst"_s}),
                                        "Sample\n======\n\nText.\n");
        good.payload.removeFirst(); // no LICENSE needed without License-File
        samples.append({writeSdist(directory, good), true}); // SW135 is info only: it passes
        SdistSpec bad = good;
        bad.filename = u"sample_pkg-1.2.4.tar.gz"_s;
        bad.top = "sample_pkg-1.2.4";
        bad.metadata = withDescription(twineReadableMetadata({u"Version=1.2.4"_s, u"Description-Content-Type=text/x-rst"_s}),
                                       ".. raw:: html\n\n   <b>x</b>\n");
        samples.append({writeSdist(directory, bad), false});

        QStringList paths;
        for (const Sample &sample : std::as_const(samples)) {
            paths.append(sample.path);
        }
        const TestSupport::ProcessResult twine = runTwine(paths, strict);
        const QHash<QString, Outcome> twineOutcomes = parseTwine(twine.out + twine.err);
        QVERIFY2(twineOutcomes.size() == samples.size(), QByteArray(twine.out + twine.err).constData());

        Check::CheckOptions options;
        options.python = m_python;
        options.strict = strict;
        const QList<FileReport> reports = check(paths, options);
        bool anyTwineFailure = false;
        for (int i = 0; i < samples.size(); ++i) {
            const Outcome theirs = twineOutcomes.value(paths.at(i));
            const FileReport &ours = reports.at(i);
            const QString context = u"twine: %1\n%2"_s.arg(outcomeName(theirs), describe(ours));
            anyTwineFailure = anyTwineFailure || theirs == Outcome::Fail;
            switch (theirs) {
            case Outcome::Fail:
                QVERIFY2(ours.verdict == Verdict::Error, qPrintable(context));
                break;
            case Outcome::Warn:
                QVERIFY2(ours.verdict != Verdict::Pass, qPrintable(context));
                break;
            case Outcome::Pass:
                if (samples.at(i).clean) {
                    QVERIFY2(ours.verdict == Verdict::Pass, qPrintable(context));
                }
                break;
            }
            if (samples.at(i).clean) {
                QVERIFY2(theirs == Outcome::Pass, qPrintable(context));
            }
        }
        QCOMPARE(twine.exitCode != 0, anyTwineFailure);
        QVERIFY(anyTwineFailure); // the RST errors fail in both modes
    }

    // Files twine cannot read at all: it stops with an error; slipway reports an error.
    void unreadableForTwine_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addRow("not a zip") << u"garbage"_s;
        QTest::addRow("no METADATA") << u"nometadata"_s;
        QTest::addRow("unknown extension") << u"extension"_s;
    }

    void unreadableForTwine()
    {
        QFETCH(QString, kind);
        const QString directory = QDir(m_directory.path()).filePath(u"unreadable-"_s + kind);
        QDir().mkpath(directory);
        QString path;
        if (kind == u"garbage"_s) {
            path = QDir(directory).filePath(u"sample_pkg-1.2.3-py3-none-any.whl"_s);
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("<html>404 Not Found</html>\n");
        } else if (kind == u"nometadata"_s) {
            WheelSpec spec;
            spec.withMetadata = false;
            path = writeWheel(directory, spec);
        } else {
            path = writeWheel(directory, WheelSpec{});
            const QString renamed = QDir(directory).filePath(u"sample_pkg-1.2.3.egg"_s);
            QVERIFY(QFile::rename(path, renamed));
            path = renamed;
        }
        const TestSupport::ProcessResult twine = runTwine({path});
        QVERIFY2(twine.exitCode != 0, twine.out.constData());
        const FileReport report = check({path}).first();
        QVERIFY2(report.verdict == Verdict::Error, qPrintable(describe(report)));
    }

private:
    QStringList build(TestSupport::Backend backend, const QString &name)
    {
        const QString base = QDir(m_directory.path()).filePath(u"build-%1-%2"_s.arg(int(backend)).arg(name));
        const QString project = base + u"/project"_s;
        const QString output = base + u"/dist"_s;
        TestSupport::writeBackendProject(project, backend, name, u"1.2.3"_s);
        const TestSupport::PeerBuild result = TestSupport::runPythonBuild(project, output, {u"--no-isolation"_s, u"--skip-dependency-check"_s});
        if (result.exitCode != 0) {
            qWarning().noquote() << result.output;
            return {};
        }
        QStringList files;
        for (const QString &file : QDir(output).entryList(QDir::Files, QDir::Name)) {
            files.append(QDir(output).filePath(file));
        }
        return files;
    }

    QList<FileReport> check(const QStringList &paths, Check::CheckOptions options = {})
    {
        if (options.python.isEmpty()) {
            options.python = m_python;
        }
        options.useRenderCache = false; // compare real renderings every time
        Check::Checker checker(options);
        QSignalSpy finished(&checker, &Check::Checker::finished);
        checker.start(paths);
        if (!finished.wait(HangGuardMs)) {
            return {};
        }
        return checker.reports();
    }

    static TestSupport::ProcessResult runTwine(const QStringList &paths, bool strict = false)
    {
        QStringList arguments{u"check"_s};
        if (strict) {
            arguments.append(u"--strict"_s);
        }
        return TestSupport::run(u"/usr/bin/twine"_s, arguments + paths);
    }

    // "Checking PATH: PASSED", "PASSED with warnings" (or "PASSED, with warnings"), "FAILED".
    static QHash<QString, Outcome> parseTwine(const QByteArray &output)
    {
        static const QRegularExpression ansi(u"\x1b\\[[0-9;]*m"_s);
        // rich wraps long lines: the path may start on the line after "Checking".
        static const QRegularExpression line(u"Checking\\s+(\\S+?):\\s+(PASSED|FAILED)([^\\n]*)"_s);
        QString text = QString::fromUtf8(output);
        text.remove(ansi);
        QHash<QString, Outcome> outcomes;
        for (const QRegularExpressionMatch &match : line.globalMatch(text)) {
            const bool passed = match.captured(2) == u"PASSED"_s;
            outcomes.insert(match.captured(1).trimmed(),
                            !passed ? Outcome::Fail
                                    : (match.captured(3).contains(u"warning"_s) ? Outcome::Warn : Outcome::Pass));
        }
        return outcomes;
    }

    QTemporaryDir m_directory;
    QString m_python;
};

QTEST_GUILESS_MAIN(TestCheckPeers)
#include "testcheckpeers.moc"
