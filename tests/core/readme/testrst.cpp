// SPDX-License-Identifier: GPL-3.0-or-later
// RenderJob: reStructuredText through the user's Python and real docutils, Markdown and plain
// text on the thread pool, and what happens without Python or docutils.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>

#include "core/readme/renderjob.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;
using Readme::Finding;

namespace {

QStringList codesWithLines(const QList<Finding> &findings)
{
    QStringList result;
    for (const Finding &finding : findings) {
        result << Readme::codeName(finding.code) + u'@' + QString::number(finding.line);
    }
    return result;
}

Readme::RenderResult render(const QString &source, const QString &contentType, const QString &python)
{
    Readme::RenderOptions options;
    options.python = python;
    Readme::RenderJob job(source, Readme::ContentType::parse(contentType), options);
    QSignalSpy spy(&job, &Readme::RenderJob::finished);
    job.start();
    // finished() is never emitted from start().
    [&] { QCOMPARE(spy.count(), 0); }();
    [&] { QVERIFY(spy.wait(120000)); }();
    QCoreApplication::processEvents();
    [&] { QCOMPARE(spy.count(), 1); }();
    return job.result();
}

// An interpreter whose Python cannot import docutils: the system Python without site-packages.
QString pythonWithoutDocutils(const QTemporaryDir &directory)
{
    const QString path = directory.filePath(u"python3-no-docutils"_s);
    QFile script(path);
    script.open(QIODevice::WriteOnly);
    script.write("#!/bin/sh\nexec " + TestSupport::systemPython().toUtf8() + " -S \"$@\"\n");
    script.close();
    script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

} // namespace

class TestRst final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanDocument();
    void problems_data();
    void problems();
    void everyProblemIsReported();
    void emptyDocumentIsRefused();
    void relativeImage();
    void missingDocutils();
    void missingInterpreter();
    void helperTimeout();
    void cancel();
    void markdownThroughTheJob();
    void plainTextThroughTheJob();
    void helperOutput_data();
    void helperOutput();
    void candidates();
};

void TestRst::cleanDocument()
{
    const QString source = u"Example\n=======\n\nHello *world* and a `link <https://example.org/>`_.\n\n"
                           "Usage\n-----\n\nRun ``pip install example``. Grüße, 日本語.\n\nSee Usage_.\n"_s;
    const Readme::RenderResult result = render(source, u"text/x-rst"_s, TestSupport::systemPython());
    QVERIFY(result.verified);
    QVERIFY2(result.findings.isEmpty(), qPrintable(codesWithLines(result.findings).join(u' ')));
    QVERIFY(result.html.contains(u"Hello <em>world</em> and a <a href=\"https://example.org/\" rel=\"nofollow\">link</a>"_s));
    QVERIFY(result.html.contains(u"<section id=\"user-content-usage\">"_s));
    QVERIFY(result.html.contains(u"<a href=\"#user-content-usage\" rel=\"nofollow\">Usage</a>"_s));
    QVERIFY(result.html.contains(u"Grüße, 日本語"_s));
    // class attributes docutils writes are dropped by the sanitizer, without findings.
    QVERIFY(!result.html.contains(u"class=\"reference"_s));
}

void TestRst::problems_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("findings");
    QTest::addColumn<QString>("message");

    QTest::addRow("short underline") << "Title\n====\n\nText.\n" << QStringList{u"readme-rst-problem@2"_s}
                                     << "docutils warning: Title underline too short.";
    QTest::addRow("raw directive refused") << "Text.\n\n.. raw:: html\n\n   <b>x</b>\n"
                                           << QStringList{u"readme-rst-problem@3"_s}
                                           << "docutils warning: \"raw\" directive disabled.";
    QTest::addRow("file insertion refused") << "Text.\n\n.. include:: /etc/passwd\n"
                                            << QStringList{u"readme-rst-problem@3"_s}
                                            << "docutils warning: \"include\" directive disabled.";
    QTest::addRow("unknown directive") << "Text.\n\n.. frobnicate:: x\n" << QStringList{u"readme-rst-problem@3"_s}
                                       << "docutils error: Unknown directive type \"frobnicate\".";
    QTest::addRow("unclosed emphasis") << "Some *text\n" << QStringList{u"readme-rst-problem@1"_s}
                                       << "docutils warning: Inline emphasis start-string without end-string.";
    QTest::addRow("transition at the end") << "Text.\n\n----\n" << QStringList{u"readme-rst-problem@3"_s}
                                           << "docutils error: Document may not end with a transition.";
}

void TestRst::problems()
{
    QFETCH(QString, source);
    QFETCH(QStringList, findings);
    QFETCH(QString, message);

    const Readme::RenderResult result = render(source, u"text/x-rst"_s, TestSupport::systemPython());
    QVERIFY(result.verified);
    QVERIFY(result.hasErrors());
    QCOMPARE(codesWithLines(result.findings), findings);
    QCOMPARE(result.findings.first().message, message);
    QCOMPARE(result.findings.first().severity, Finding::Severity::Error);
    QVERIFY(!result.html.contains(u"<b>x</b>"_s));
}

void TestRst::everyProblemIsReported()
{
    // PyPI stops at the first; Slipway reports them all.
    const QString source = u"Title\n====\n\nSome *text\n\n.. raw:: html\n\n   x\n\n- a\n- b\nunindented\n"_s;
    const Readme::RenderResult result = render(source, u"text/x-rst; charset=UTF-8"_s, TestSupport::systemPython());
    QCOMPARE(codesWithLines(result.findings),
             (QStringList{u"readme-rst-problem@2"_s, u"readme-rst-problem@4"_s, u"readme-rst-problem@6"_s,
                          u"readme-rst-problem@12"_s}));
}

void TestRst::emptyDocumentIsRefused()
{
    const Readme::RenderResult result = render(u".. a comment only\n"_s, u"text/x-rst"_s, TestSupport::systemPython());
    QVERIFY(result.verified);
    QCOMPARE(codesWithLines(result.findings), QStringList{u"readme-empty-rendering@0"_s});
    QVERIFY(result.hasErrors());
}

void TestRst::relativeImage()
{
    const Readme::RenderResult result = render(u"Text.\n\n.. image:: docs/logo.png\n\n`doc <docs/a.html>`_\n"_s,
                                               u"text/x-rst"_s, TestSupport::systemPython());
    QCOMPARE(codesWithLines(result.findings), (QStringList{u"readme-relative-image@0"_s, u"readme-relative-link@0"_s}));
    QVERIFY(!result.hasErrors());
}

void TestRst::missingDocutils()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString python = pythonWithoutDocutils(directory);
    const Readme::RenderResult result = render(u"Text.\n"_s, u""_s, python);
    QVERIFY(!result.verified);
    QVERIFY(!result.hasErrors());
    // The content type finding first, then what to install.
    QCOMPARE(codesWithLines(result.findings),
             (QStringList{u"readme-content-type-missing@0"_s, u"readme-not-verified@0"_s}));
    const QString message = result.findings.last().message;
    QVERIFY2(message.contains(python + u" has no docutils"_s), qPrintable(message));
    QVERIFY2(message.contains(u"python3-docutils"_s), qPrintable(message));
    QVERIFY2(message.contains(u"pip install docutils"_s), qPrintable(message));
}

void TestRst::missingInterpreter()
{
    const QString python = u"/nonexistent/bin/python3"_s;
    const Readme::RenderResult result = render(u"Text.\n"_s, u"text/x-rst"_s, python);
    QVERIFY(!result.verified);
    QCOMPARE(codesWithLines(result.findings), QStringList{u"readme-not-verified@0"_s});
    QVERIFY2(result.findings.first().message.contains(python + u" cannot be started"_s),
             qPrintable(result.findings.first().message));
}

void TestRst::helperTimeout()
{
    // An interpreter that never answers: the job gives up after its timeout, not the test.
    QTemporaryDir directory;
    const QString path = directory.filePath(u"python3-hangs"_s);
    QFile script(path);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\nexec sleep 600\n");
    script.close();
    script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    Readme::RenderOptions options;
    options.python = path;
    options.timeout = std::chrono::milliseconds(200);
    Readme::RenderJob job(u"Text.\n"_s, Readme::ContentType::parse(u"text/x-rst"_s), options);
    QSignalSpy spy(&job, &Readme::RenderJob::finished);
    job.start();
    QVERIFY(spy.wait(120000));
    QVERIFY(!job.result().verified);
    QVERIFY(job.result().findings.first().message.contains(u"did not finish"_s));
}

void TestRst::cancel()
{
    Readme::RenderOptions options;
    options.python = TestSupport::systemPython();
    Readme::RenderJob job(u"Text.\n"_s, Readme::ContentType::parse(u"text/x-rst"_s), options);
    QSignalSpy spy(&job, &Readme::RenderJob::finished);
    job.start();
    job.cancel();
    QCOMPARE(spy.count(), 1);
    QVERIFY(!job.result().verified);
    // Nothing more arrives from the event loop.
    QTest::qWait(50);
    QCOMPARE(spy.count(), 1);
    QVERIFY(job.isFinished());
}

void TestRst::markdownThroughTheJob()
{
    const Readme::RenderResult result
        = render(u"# Hi\n\n<font>x</font>\n"_s, u"text/markdown; variant=CommonMark"_s, QString());
    QVERIFY(result.verified);
    QCOMPARE(codesWithLines(result.findings), (QStringList{u"readme-variant-ignored@0"_s, u"readme-html-tag-removed@3"_s}));
    QVERIFY(result.html.startsWith(u"<h1><a href=\"#user-content-hi\""_s));
}

void TestRst::plainTextThroughTheJob()
{
    const Readme::RenderResult result = render(u"a <b>\n"_s, u"text/plain"_s, QString());
    QCOMPARE(result.html, u"<pre>a &lt;b&gt;<br></pre>"_s);
    QVERIFY(result.findings.isEmpty());
}

void TestRst::helperOutput_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("verified");
    QTest::addColumn<QStringList>("findings");

    QTest::addRow("garbage") << QByteArray("Traceback (most recent call last):") << false
                             << QStringList{u"readme-not-verified@0"_s};
    QTest::addRow("no messages") << QByteArray(R"({"html": "<p>x</p>", "messages": []})") << true << QStringList{};
    QTest::addRow("info is not a problem")
        << QByteArray(R"({"html": "<p>x</p>", "messages": [{"line": 3, "level": 1, "type": "INFO", "message": "i"}]})")
        << true << QStringList{};
    QTest::addRow("line unknown")
        << QByteArray(R"({"html": "", "messages": [{"line": null, "level": 4, "type": "SEVERE", "message": "m"}]})")
        << true << QStringList{u"readme-rst-problem@0"_s};
}

void TestRst::helperOutput()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, verified);
    QFETCH(QStringList, findings);
    const Readme::RenderResult result = Readme::rstResultFromHelperOutput(json);
    QCOMPARE(result.verified, verified);
    QCOMPARE(codesWithLines(result.findings), findings);
}

void TestRst::candidates()
{
    QCOMPARE(Readme::RenderJob::pythonCandidates(u"/opt/py/bin/python"_s), QStringList{u"/opt/py/bin/python"_s});
    QStringList automatic = Readme::RenderJob::pythonCandidates(QString());
    QVERIFY(!automatic.isEmpty());
    QCOMPARE(automatic.removeDuplicates(), 0);
}

QTEST_GUILESS_MAIN(TestRst)
#include "testrst.moc"
