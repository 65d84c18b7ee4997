// SPDX-License-Identifier: GPL-3.0-or-later
// Slipway's rendering compared with Debian's readme_renderer 37 (cmarkgfm + bleach, docutils),
// run at test time on READMEs in tests/data/readme/compare that use every construct. The
// differences that come from today's PyPI being newer (readme_renderer 45: comrak, nh3) are
// normalized by tests/core/readme/reference.py and listed in docs/readme-rendering.md.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

#include "core/readme/renderjob.h"
#include "core/readme/renderer.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;

namespace {

QString sourceDir()
{
    return QStringLiteral(SLIPWAY_SOURCE_DIR);
}

QString script()
{
    return sourceDir() + u"/tests/core/readme/reference.py"_s;
}

// A readable failure: the first differing token with some context.
QString firstDifference(const QStringList &ours, const QStringList &theirs)
{
    qsizetype i = 0;
    while (i < ours.size() && i < theirs.size() && ours.at(i) == theirs.at(i)) {
        ++i;
    }
    const qsizetype from = std::max<qsizetype>(0, i - 3);
    return u"first difference at token %1\n--- slipway:\n%2\n--- readme_renderer:\n%3"_s.arg(i).arg(
        ours.mid(from, 8).join(u'\n'), theirs.mid(from, 8).join(u'\n'));
}

} // namespace

class TestReference final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sameAsReadmeRenderer_data();
    void sameAsReadmeRenderer();
};

void TestReference::initTestCase()
{
    const auto probe = TestSupport::run(TestSupport::systemPython(),
                                        {u"-c"_s, u"import readme_renderer, cmarkgfm, bleach, docutils"_s});
    QVERIFY2(probe.exitCode == 0, "Debian's python3-readme-renderer is needed: scripts/install-deps.sh installs it");
}

void TestReference::sameAsReadmeRenderer_data()
{
    QTest::addColumn<QString>("path");
    const QDir directory(sourceDir() + u"/tests/data/readme/compare"_s);
    const QStringList files = directory.entryList({u"*.md"_s, u"*.rst"_s, u"*.txt"_s}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 6);
    for (const QString &file : files) {
        QTest::newRow(qPrintable(file)) << directory.filePath(file);
    }
}

void TestReference::sameAsReadmeRenderer()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString source = QString::fromUtf8(file.readAll());
    const QString suffix = QFileInfo(path).suffix();

    Readme::RenderResult result;
    if (suffix == u"md") {
        result = Readme::renderMarkdown(source);
    } else if (suffix == u"txt") {
        result = Readme::renderPlainText(source);
    } else {
        Readme::RenderOptions options;
        options.python = TestSupport::systemPython();
        Readme::RenderJob job(source, Readme::ContentType::parse(u"text/x-rst"_s), options);
        QSignalSpy spy(&job, &Readme::RenderJob::finished);
        job.start();
        QVERIFY(spy.wait(120000));
        result = job.result();
        QVERIFY(result.verified);
    }
    QVERIFY(!result.html.isEmpty());
    QVERIFY(!result.hasErrors());

    const auto theirs = TestSupport::run(TestSupport::systemPython(), {script(), u"reference"_s, suffix, path});
    QVERIFY2(theirs.exitCode == 0, theirs.err.constData());
    const auto ours = TestSupport::run(TestSupport::systemPython(), {script(), u"canonical"_s, suffix},
                                       result.html.toUtf8());
    QVERIFY2(ours.exitCode == 0, ours.err.constData());

    const QStringList ourTokens = QString::fromUtf8(ours.out).split(u'\n');
    const QStringList theirTokens = QString::fromUtf8(theirs.out).split(u'\n');
    QVERIFY(theirTokens.size() > 10);
    QVERIFY2(ourTokens == theirTokens, qPrintable(firstDifference(ourTokens, theirTokens)));
}

QTEST_GUILESS_MAIN(TestReference)
#include "testreference.moc"
