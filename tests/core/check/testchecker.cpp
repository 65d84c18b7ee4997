// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "core/check/checker.h"
#include "core/check/rules.h"
#include "core/readme/finding.h"
#include "tests/core/check/distfixtures.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;
using namespace CheckTests;
using Check::FileReport;
using Check::Finding;

namespace {

// A hang guard only: every check here finishes in well under a second.
constexpr int HangGuardMs = 5 * 60 * 1000;

QString describe(const FileReport &report)
{
    QStringList lines{report.path + u": " + Check::verdictText(report.verdict)};
    for (const Finding &finding : report.findings) {
        lines.append(u"  "_s + finding.code + u' ' + Check::severityName(finding.severity) + u": " + finding.message);
    }
    return lines.join(u"\n");
}

QByteArray metadataWithDescription(const QString &contentType, const QByteArray &description)
{
    QByteArray metadata = metadataWith({u"Description-Content-Type="_s + contentType});
    const qsizetype body = metadata.indexOf("\n\n");
    metadata.truncate(body + 2);
    return metadata + description;
}

} // namespace

class TestChecker final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_directory.isValid());
        m_python = TestSupport::systemPython();
    }

    void descriptionRules_data()
    {
        QTest::addColumn<QString>("contentType");
        QTest::addColumn<QByteArray>("description");
        QTest::addColumn<QString>("code"); // "" means: no SW4xx finding at all
        QTest::addColumn<QString>("mentions");

        QTest::addRow("rst underline too short") << u"text/x-rst"_s << QByteArray("Title\n====\n\nSome text.\n")
                                                 << u"SW402"_s << u"line 2"_s;
        QTest::addRow("rst transition at end") << u"text/x-rst"_s << QByteArray("Some text.\n\n----------\n")
                                               << u"SW402"_s << u"end with a transition"_s;
        QTest::addRow("rst raw directive") << u"text/x-rst"_s << QByteArray(".. raw:: html\n\n   <b>bold</b>\n")
                                           << u"SW402"_s << u"raw"_s;
        QTest::addRow("rst unknown role") << u"text/x-rst"_s << QByteArray("Use :foo:`bar` here.\n") << u"SW402"_s
                                          << u"foo"_s;
        QTest::addRow("rst renders nothing") << u"text/x-rst"_s << QByteArray(".. only a comment\n") << u"SW402"_s
                                             << u""_s;
        QTest::addRow("rst by default") << QString() << QByteArray("Title\n====\n") << u"SW402"_s << u"line 2"_s;
        QTest::addRow("rst relative image") << u"text/x-rst"_s << QByteArray("Text.\n\n.. image:: docs/logo.png\n")
                                            << u"SW406"_s << u"docs/logo.png"_s;
        QTest::addRow("markdown raw html") << u"text/markdown"_s << QByteArray("Hello <marquee>there</marquee>\n")
                                           << u"SW404"_s << u"marquee"_s;
        QTest::addRow("markdown script") << u"text/markdown"_s << QByteArray("<script>alert(1)</script>\n")
                                         << u"SW404"_s << u"script"_s;
        QTest::addRow("markdown relative link") << u"text/markdown"_s << QByteArray("See [the docs](docs/index.md).\n")
                                                << u"SW405"_s << u"docs/index.md"_s;
        QTest::addRow("markdown relative image") << u"text/markdown"_s << QByteArray("![logo](img/logo.png)\n")
                                                 << u"SW406"_s << u"img/logo.png"_s;
        QTest::addRow("markdown http image") << u"text/markdown"_s
                                             << QByteArray("![logo](http://example.org/logo.png)\n") << u"SW407"_s
                                             << u"http://example.org/logo.png"_s;
        QTest::addRow("commonmark variant") << u"text/markdown; variant=CommonMark"_s << QByteArray("# Hello\n")
                                            << u"SW408"_s << u"CommonMark"_s;
        QTest::addRow("good rst") << u"text/x-rst"_s
                                  << QByteArray("Sample\n======\n\nSome *text* and a `link <https://example.org>`_.\n")
                                  << QString() << QString();
        QTest::addRow("good markdown") << u"text/markdown"_s
                                       << QByteArray("# Sample\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                                                     "[home](https://example.org) ![x](https://example.org/x.png)\n")
                                       << QString() << QString();
        QTest::addRow("plain text") << u"text/plain"_s << QByteArray("<b>not html</b>\nTitle\n===\n") << QString()
                                    << QString();
    }

    void descriptionRules()
    {
        QFETCH(QString, contentType);
        QFETCH(QByteArray, description);
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        WheelSpec spec;
        spec.metadata = metadataWithDescription(contentType, description);
        const QString path = writeWheel(freshDirectory(), spec);
        const FileReport report = checkOne(path, options());
        // The native reStructuredText validator changes nothing but the speed.
        Check::CheckOptions throughDocutils = options();
        throughDocutils.nativeRst = false;
        QCOMPARE(checkOne(path, throughDocutils).findings, report.findings);
        QStringList renderCodes;
        for (const Finding &finding : report.findings) {
            if (finding.code.startsWith(u"SW4"_s) && finding.code != u"SW401"_s) {
                renderCodes.append(finding.code);
            }
        }
        if (code.isEmpty()) {
            QVERIFY2(renderCodes.isEmpty(), qPrintable(describe(report)));
            return;
        }
        const QList<Finding> matching = report.findingsWithCode(code);
        QVERIFY2(!matching.isEmpty(), qPrintable(describe(report)));
        QVERIFY2(matching.first().message.contains(mentions), qPrintable(describe(report)));
        QCOMPARE(matching.first().severity, Check::ruleInfo(code)->severity);
        QVERIFY(!matching.first().hint.isEmpty());
        if (code == u"SW402"_s) {
            QCOMPARE(report.verdict, Check::Verdict::Error);
        }
    }

    void noPythonMeansNotVerified()
    {
        // Two files with different descriptions: the second arrives after the failure is known.
        const QString directory = freshDirectory();
        QStringList paths;
        for (int i = 0; i < 2; ++i) {
            WheelSpec spec;
            spec.filename = u"sample_pkg-1.2.3-%1-py3-none-any.whl"_s.arg(i + 1);
            spec.wheel += "Build: " + QByteArray::number(i + 1) + '\n';
            spec.metadata = metadataWithDescription(u"text/x-rst"_s, "Fine " + QByteArray::number(i) + "\n======\n\nText.\n");
            paths.append(writeWheel(directory, spec));
        }
        Check::CheckOptions options;
        options.python = QDir(m_directory.path()).filePath(u"no-such-python3"_s);
        options.nativeRst = false; // these descriptions would not need Python otherwise
        Check::Checker checker(options);
        QSignalSpy finished(&checker, &Check::Checker::finished);
        checker.start(paths);
        QVERIFY(finished.wait(HangGuardMs));
        for (const FileReport &report : checker.reports()) {
            const QList<Finding> notVerified = report.findingsWithCode(u"SW403"_s);
            QVERIFY2(!notVerified.isEmpty(), qPrintable(describe(report)));
            QCOMPARE(notVerified.first().severity, Check::Severity::Warning);
            QVERIFY2(notVerified.first().message.contains(u"docutils"_s), qPrintable(describe(report)));
            QVERIFY2(notVerified.first().message.contains(u"no-such-python3"_s), qPrintable(describe(report)));
            QCOMPARE(report.verdict, Check::Verdict::Warn);
        }
    }

    void pythonWithoutDocutilsMeansNotVerified()
    {
        // A real interpreter that cannot import docutils: a venv without system packages.
        const QString venv = QDir(m_directory.path()).filePath(u"venv"_s);
        const auto created = TestSupport::run(m_python, {u"-m"_s, u"venv"_s, u"--without-pip"_s, venv});
        QCOMPARE(created.exitCode, 0);
        WheelSpec spec;
        spec.metadata = metadataWithDescription(u"text/x-rst"_s, "Fine\n====\n\nText.\n");
        Check::CheckOptions options;
        options.python = QDir(venv).filePath(u"bin/python3"_s);
        options.nativeRst = false; // the description would not need Python otherwise
        const FileReport report = checkOne(writeWheel(freshDirectory(), spec), options);
        const QList<Finding> notVerified = report.findingsWithCode(u"SW403"_s);
        QVERIFY2(!notVerified.isEmpty(), qPrintable(describe(report)));
        QVERIFY2(notVerified.first().message.contains(u"docutils is not importable"_s), qPrintable(describe(report)));
        QVERIFY2(notVerified.first().message.contains(u"python3-docutils"_s), qPrintable(describe(report)));
    }

    // Without --python: python3 on PATH if it has docutils, else /usr/bin/python3 (which has it
    // here), so the description is verified either way.
    void defaultInterpreter()
    {
        WheelSpec spec;
        spec.metadata = metadataWithDescription(u"text/x-rst"_s, "Title\n====\n");
        Check::CheckOptions defaults;
        defaults.useRenderCache = false;
        const FileReport report = checkOne(writeWheel(freshDirectory(), spec), defaults);
        QVERIFY2(report.hasCode(u"SW402"_s), qPrintable(describe(report)));
        QVERIFY2(!report.hasCode(u"SW403"_s), qPrintable(describe(report)));
    }

    // A second check of the same descriptions reuses the first run's renderings and starts no
    // Python; a changed environment or a damaged entry makes it render again.
    void renderCache()
    {
        const QString directory = freshDirectory();
        const QString log = QDir(directory).filePath(u"python-runs.log"_s);
        const QString python = loggedPython(directory, log);
        QVERIFY(!python.isEmpty());
        QStringList paths;
        for (int i = 0; i < 3; ++i) {
            WheelSpec spec;
            spec.filename = u"sample_pkg-1.2.3-%1-py3-none-any.whl"_s.arg(i + 1);
            spec.wheel += "Build: " + QByteArray::number(i + 1) + '\n';
            spec.metadata = metadataWithDescription(u"text/x-rst"_s, i == 0 ? QByteArray("Broken\n====\n")
                                                                            : "Doc " + QByteArray::number(i) + "\n=====\n\nText.\n");
            paths.append(writeWheel(directory, spec));
        }
        Check::CheckOptions options;
        options.python = python;
        options.renderCacheDirectory = QDir(directory).filePath(u"cache"_s);
        options.nativeRst = false; // the docutils path and its cache
        auto runs = [&log] {
            QFile file(log);
            return file.open(QIODevice::ReadOnly) ? file.readAll().count('\n') : 0;
        };
        auto checkAll = [&] {
            Check::Checker checker(options);
            QSignalSpy finished(&checker, &Check::Checker::finished);
            checker.start(paths);
            return finished.wait(HangGuardMs) ? checker.reports() : QList<FileReport>{};
        };

        const QList<FileReport> cold = checkAll();
        QCOMPARE(cold.size(), 3);
        const qsizetype coldRuns = runs();
        QVERIFY(coldRuns >= 1);
        QVERIFY2(cold.at(0).hasCode(u"SW402"_s), qPrintable(describe(cold.at(0))));

        const QList<FileReport> warm = checkAll();
        QCOMPARE(runs(), coldRuns); // no Python at all
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(warm.at(i).findings, cold.at(i).findings);
        }

        // A damaged entry is a miss: rendered again, same result.
        const QString cache = options.renderCacheDirectory;
        QDirIterator entries(cache, {u"*.json"_s}, QDir::Files, QDirIterator::Subdirectories);
        QStringList entryFiles;
        while (entries.hasNext()) {
            const QString entry = entries.next();
            if (!entry.endsWith(u".environment.json"_s)) {
                entryFiles.append(entry);
            }
        }
        QCOMPARE(entryFiles.size(), 3);
        for (const QString &entry : std::as_const(entryFiles)) {
            QFile file(entry);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write("{\"html\": \"cut sho");
        }
        const QList<FileReport> repaired = checkAll();
        QVERIFY(runs() > coldRuns);
        QCOMPARE(repaired.at(0).findings, cold.at(0).findings);

        // Another docutils (here: a recorded file whose size no longer matches) invalidates all.
        const qsizetype before = runs();
        const QStringList environments = QDir(cache).entryList({u"*.environment.json"_s}, QDir::Files);
        QCOMPARE(environments.size(), 1);
        QFile environment(QDir(cache).filePath(environments.first()));
        QVERIFY(environment.open(QIODevice::ReadOnly));
        QByteArray recorded = environment.readAll();
        environment.close();
        QJsonArray files = QJsonDocument::fromJson(recorded).array();
        QJsonArray first = files.at(0).toArray();
        first[1] = first.at(1).toInteger() + 1;
        files[0] = first;
        QVERIFY(environment.open(QIODevice::WriteOnly | QIODevice::Truncate));
        environment.write(QJsonDocument(files).toJson());
        environment.close();
        checkAll();
        QVERIFY(runs() > before);
    }

    // A warm run takes the findings from the judgement kept beside each answer (the answer is
    // neither parsed nor sanitized again); a judgement made by another build, or of other answer
    // bytes, is not used but made again.
    void renderCacheKeepsJudgements()
    {
        const QString directory = freshDirectory();
        WheelSpec spec;
        spec.metadata = metadataWithDescription(u"text/x-rst"_s, "Doc\n===\n\nText.\n");
        const QString path = writeWheel(directory, spec);
        Check::CheckOptions options;
        options.python = m_python;
        options.renderCacheDirectory = QDir(directory).filePath(u"cache"_s);
        options.nativeRst = false; // the docutils path and its cache
        const FileReport cold = checkOne(path, options);
        QVERIFY2(cold.verdict == Check::Verdict::Pass, qPrintable(describe(cold)));

        QDirIterator judgements(options.renderCacheDirectory, {u"*.judged"_s}, QDir::Files, QDirIterator::Subdirectories);
        QVERIFY(judgements.hasNext());
        const QString judgementPath = judgements.next();
        QVERIFY(!judgements.hasNext());
        auto readJudgement = [&judgementPath] {
            QFile file(judgementPath);
            return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
        };
        auto writeJudgement = [&judgementPath](const QJsonObject &object) {
            QFile file(judgementPath);
            return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(QJsonDocument(object).toJson()) > 0;
        };
        const QJsonObject made = readJudgement();
        QVERIFY(!made.value(u"key"_s).toString().isEmpty());
        QCOMPARE(made.value(u"findings"_s).toArray().size(), 0);

        // A finding planted in the judgement shows: the judgement is what a warm run reports.
        const QString plantedMessage = u"The link planted by the test does not resolve on pypi.org."_s;
        QJsonObject planted = made;
        planted[u"findings"_s] = QJsonArray{QJsonArray{static_cast<int>(Readme::Finding::Code::RelativeLink),
                                                       static_cast<int>(Readme::Finding::Severity::Warning), 3,
                                                       plantedMessage}};
        QVERIFY(writeJudgement(planted));
        auto reportsPlanted = [&plantedMessage](const FileReport &report) {
            return std::any_of(report.findings.cbegin(), report.findings.cend(),
                               [&plantedMessage](const Finding &f) { return f.message.contains(plantedMessage); });
        };
        const FileReport warm = checkOne(path, options);
        QVERIFY2(reportsPlanted(warm), qPrintable(describe(warm)));

        // Made by another build: judged again, and the judgement replaced.
        planted[u"key"_s] = u"another build"_s;
        QVERIFY(writeJudgement(planted));
        const FileReport otherBuild = checkOne(path, options);
        QVERIFY2(!reportsPlanted(otherBuild), qPrintable(describe(otherBuild)));
        QCOMPARE(otherBuild.findings, cold.findings);
        QCOMPARE(readJudgement(), made);

        // Made of other answer bytes (the answer changed since): judged again.
        planted[u"key"_s] = made.value(u"key"_s);
        planted[u"answer"_s] = QString(64, u'0');
        QVERIFY(writeJudgement(planted));
        const FileReport otherAnswer = checkOne(path, options);
        QVERIFY2(!reportsPlanted(otherAnswer), qPrintable(describe(otherAnswer)));
        QCOMPARE(readJudgement(), made);

        // A garbled judgement is a miss too.
        QVERIFY(writeJudgement(QJsonObject{{u"key"_s, made.value(u"key"_s)}}));
        QCOMPARE(checkOne(path, options).findings, cold.findings);
        QCOMPARE(readJudgement(), made);
    }

    void renderingOffMeansNotVerified()
    {
        WheelSpec spec;
        spec.metadata = metadataWithDescription(u"text/x-rst"_s, "Fine\n====\n");
        Check::CheckOptions options;
        options.renderDescriptions = false;
        const FileReport report = checkOne(writeWheel(freshDirectory(), spec), options);
        QVERIFY2(report.hasCode(u"SW403"_s), qPrintable(describe(report)));
    }

    // Descriptions the native validator proves clean start no Python; one it cannot prove
    // starts it, and gets the docutils verdict.
    void pythonOnlyWhenADescriptionNeedsIt()
    {
        const QString directory = freshDirectory();
        const QString log = QDir(directory).filePath(u"python-runs.log"_s);
        const QString python = loggedPython(directory, log);
        QVERIFY(!python.isEmpty());
        auto writeWithDescription = [&directory](int build, const QByteArray &description) {
            WheelSpec spec;
            spec.filename = u"sample_pkg-1.2.3-%1-py3-none-any.whl"_s.arg(build);
            spec.wheel += "Build: " + QByteArray::number(build) + '\n';
            spec.metadata = metadataWithDescription(u"text/x-rst"_s, description);
            return writeWheel(directory, spec);
        };
        const QStringList clean = {
            writeWithDescription(1, "Title\n=====\n\nSee `the docs <docs/index.html>`_.\n"),
            writeWithDescription(2, "* a list\n* with ``code``\n"),
        };
        Check::CheckOptions options = this->options();
        options.python = python;
        auto checkAll = [&options](const QStringList &paths) {
            Check::Checker checker(options);
            QSignalSpy finished(&checker, &Check::Checker::finished);
            checker.start(paths);
            return finished.wait(HangGuardMs) ? checker.reports() : QList<FileReport>{};
        };
        const QList<FileReport> reports = checkAll(clean);
        QCOMPARE(reports.size(), 2);
        QVERIFY(!QFile::exists(log));
        QVERIFY2(reports.at(0).hasCode(u"SW405"_s), qPrintable(describe(reports.at(0)))); // the relative link
        QCOMPARE(reports.at(1).verdict, Check::Verdict::Pass);

        const QString table = writeWithDescription(3, "=== ===\na   b\n=== ===\n");
        const QList<FileReport> mixed = checkAll(clean + QStringList{table});
        QCOMPARE(mixed.size(), 3);
        QVERIFY(QFile::exists(log));
        QCOMPARE(mixed.at(2).verdict, Check::Verdict::Pass);
        QCOMPARE(mixed.at(0).findings, reports.at(0).findings);
    }

    void strictTurnsWarningsIntoErrors()
    {
        WheelSpec spec;
        spec.metadata = metadataWith({u"Description-Content-Type="_s}); // SW401; "# Sample" is valid RST
        const QString path = writeWheel(freshDirectory(), spec);

        const FileReport lenient = checkOne(path, options());
        QCOMPARE(lenient.verdict, Check::Verdict::Warn);
        QVERIFY(lenient.hasCode(u"SW401"_s));
        QCOMPARE(lenient.findingsWithCode(u"SW401"_s).first().severity, Check::Severity::Warning);

        Check::CheckOptions strictOptions = options();
        strictOptions.strict = true;
        const FileReport strict = checkOne(path, strictOptions);
        QCOMPARE(strict.verdict, Check::Verdict::Error);
        QCOMPARE(strict.findingsWithCode(u"SW401"_s).first().severity, Check::Severity::Error);
    }

    void manyFilesInParallel()
    {
        const QString directory = freshDirectory();
        QStringList paths;
        // Identical and different reStructuredText descriptions, Markdown, and broken files.
        for (int i = 0; i < 12; ++i) {
            WheelSpec spec;
            spec.filename = u"sample_pkg-1.2.%1-py3-none-any.whl"_s.arg(i);
            spec.distInfo = "sample_pkg-1.2." + QByteArray::number(i) + ".dist-info";
            QByteArray description = i % 3 == 0 ? QByteArray("Same\n====\n\nText.\n")
                                                : "Doc " + QByteArray::number(i) + "\n======\n\nText.\n";
            if (i == 6) {
                description = "Broken\n====\n";
            }
            const QString contentType = i % 4 == 1 ? u"text/markdown"_s : u"text/x-rst"_s;
            spec.metadata = metadataWithDescription(contentType, description)
                                .replace(QByteArray("Version: 1.2.3"), QByteArray("Version: 1.2." + QByteArray::number(i)));
            paths.append(writeWheel(directory, spec));
        }
        paths.append(QDir(directory).filePath(u"missing-1.0-py3-none-any.whl"_s));

        Check::Checker checker(options());
        QSignalSpy fileChecked(&checker, &Check::Checker::fileChecked);
        QSignalSpy finished(&checker, &Check::Checker::finished);
        checker.start(paths);
        QVERIFY(finished.wait(HangGuardMs));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(fileChecked.size(), paths.size());
        QVERIFY(checker.isFinished());
        QSet<int> indices;
        for (const QList<QVariant> &arguments : std::as_const(fileChecked)) {
            indices.insert(arguments.at(0).toInt());
        }
        QCOMPARE(indices.size(), paths.size());

        const QList<FileReport> &reports = checker.reports();
        QCOMPARE(reports.size(), paths.size());
        for (int i = 0; i < paths.size(); ++i) {
            QCOMPARE(reports.at(i).path, paths.at(i));
        }
        for (int i = 0; i < 12; ++i) {
            const bool broken = i == 6;
            QVERIFY2(reports.at(i).hasCode(u"SW402"_s) == broken, qPrintable(describe(reports.at(i))));
            QVERIFY2(reports.at(i).verdict == (broken ? Check::Verdict::Error : Check::Verdict::Pass),
                     qPrintable(describe(reports.at(i))));
        }
        QVERIFY2(reports.last().hasCode(u"SW100"_s), qPrintable(describe(reports.last())));
    }

    void emptyListFinishes()
    {
        Check::Checker checker;
        QSignalSpy finished(&checker, &Check::Checker::finished);
        checker.start({});
        QCOMPARE(finished.size(), 0); // never from within start()
        QVERIFY(finished.wait(HangGuardMs));
        QVERIFY(checker.reports().isEmpty());
    }

    void cancelFinishesOnce()
    {
        const QString directory = freshDirectory();
        QStringList paths;
        for (int i = 0; i < 6; ++i) {
            WheelSpec spec;
            spec.filename = u"sample_pkg-1.2.3-%1-py3-none-any.whl"_s.arg(i + 1);
            paths.append(writeWheel(directory, spec));
        }
        Check::Checker checker;
        QSignalSpy finished(&checker, &Check::Checker::finished);
        checker.start(paths);
        checker.cancel();
        QCOMPARE(finished.size(), 1);
        QVERIFY(checker.isFinished());
        checker.cancel();
        QTest::qWait(50); // late worker results must not produce more signals
        QCOMPARE(finished.size(), 1);
    }

    // Cancelling from a slot while the helpers are answering: no crash, finished() once.
    void cancelFromSlot()
    {
        const QString directory = freshDirectory();
        QStringList paths;
        for (int i = 0; i < 8; ++i) {
            WheelSpec spec;
            spec.filename = u"sample_pkg-1.2.3-%1-py3-none-any.whl"_s.arg(i + 1);
            spec.wheel += "Build: " + QByteArray::number(i + 1) + '\n';
            spec.metadata = metadataWithDescription(u"text/x-rst"_s, "Doc " + QByteArray::number(i) + "\n=====\n\nText.\n");
            paths.append(writeWheel(directory, spec));
        }
        Check::CheckOptions throughDocutils = options();
        throughDocutils.nativeRst = false; // so that helpers are answering when it cancels
        Check::Checker checker(throughDocutils);
        QSignalSpy finished(&checker, &Check::Checker::finished);
        int checked = 0;
        connect(&checker, &Check::Checker::fileChecked, this, [&checker, &checked] {
            if (++checked == 2) {
                checker.cancel();
            }
        });
        checker.start(paths);
        QVERIFY(finished.wait(HangGuardMs));
        QTest::qWait(100);
        QCOMPARE(finished.size(), 1);
        QVERIFY(checked >= 2);
    }

    void jsonShape()
    {
        const FileReport report = Check::Checker::makeReport(
            u"dist/x.whl"_s, {Check::makeFinding(Check::Rule::ClassifierUnknown, u"'X' is not a valid classifier"_s)},
            false);
        const QJsonObject json = report.toJson();
        QCOMPARE(json.keys(), (QStringList{u"findings"_s, u"path"_s, u"verdict"_s}));
        QCOMPARE(json.value(u"verdict"_s).toString(), u"error"_s);
        const QJsonObject finding = json.value(u"findings"_s).toArray().first().toObject();
        QCOMPARE(finding.keys(), (QStringList{u"code"_s, u"hint"_s, u"message"_s, u"severity"_s}));
        QCOMPARE(finding.value(u"code"_s).toString(), u"SW223"_s);
        QCOMPARE(finding.value(u"severity"_s).toString(), u"error"_s);
    }

private:
    // A python3 that appends a line to log each time it starts, then runs the Debian Python.
    QString loggedPython(const QString &directory, const QString &log) const
    {
        const QString python = QDir(directory).filePath(u"python3-logged"_s);
        QFile wrapper(python);
        if (!wrapper.open(QIODevice::WriteOnly)) {
            return {};
        }
        wrapper.write("#!/bin/sh\necho run >> '" + log.toUtf8() + "'\nexec '" + m_python.toUtf8() + "' \"$@\"\n");
        wrapper.close();
        return QFile::setPermissions(python, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner) ? python : QString();
    }

    // The Debian Python, which has docutils: tests need not probe python3 on PATH first.
    Check::CheckOptions options() const
    {
        Check::CheckOptions options;
        options.python = m_python;
        options.useRenderCache = false; // every test renders; renderCache() tests the cache
        return options;
    }

    FileReport checkOne(const QString &path, const Check::CheckOptions &options = {})
    {
        Check::Checker checker(options);
        QSignalSpy finished(&checker, &Check::Checker::finished);
        checker.start({path});
        if (!finished.wait(HangGuardMs)) {
            return {};
        }
        return checker.reports().value(0);
    }

    QString freshDirectory()
    {
        const QString path = m_directory.filePath(QString::number(m_counter++));
        QDir().mkpath(path);
        return path;
    }

    QTemporaryDir m_directory;
    QString m_python;
    int m_counter = 0;
};

QTEST_GUILESS_MAIN(TestChecker)
#include "testchecker.moc"
