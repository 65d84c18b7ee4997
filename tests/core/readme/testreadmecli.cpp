// SPDX-License-Identifier: GPL-3.0-or-later
// `slipway readme`: files, project folders, standard input, --html, exit codes.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;

namespace {

void write(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

} // namespace

class TestReadmeCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void markdownReport();
    void htmlOutput();
    void rstProblemsFail();
    void projectFolder();
    void projectWithoutReadme();
    void standardInput();
    void contentTypeErrors();
    void usageErrors_data();
    void usageErrors();
    void unreadableFile();
    void noDocutilsIsNotAPass();

private:
    QTemporaryDir m_dir;
};

void TestReadmeCli::init()
{
    QVERIFY(m_dir.isValid());
}

void TestReadmeCli::markdownReport()
{
    const QString readme = m_dir.filePath(u"README.md"_s);
    write(readme, "# Title\n\nSee [usage](docs/usage.md).\n");
    const auto result = TestSupport::runSlipway({u"readme"_s, readme});
    QCOMPARE(result.exitCode, 0);
    const QString out = QString::fromUtf8(result.out);
    QVERIFY2(out.contains(readme + u": text/markdown (GitHub-Flavored Markdown)\n"_s), qPrintable(out));
    QVERIFY2(out.contains(readme + u":3: warning: The relative link 'docs/usage.md' does not resolve on PyPI. "
                                   "[readme-relative-link]\n"_s),
             qPrintable(out));
    QVERIFY(out.contains(u"hint (readme-relative-link): "_s));
    QVERIFY(out.contains(readme + u": PyPI renders it, with 1 warning.\n"_s));
    QVERIFY(result.err.isEmpty());
}

void TestReadmeCli::htmlOutput()
{
    const QString readme = m_dir.filePath(u"README.md"_s);
    write(readme, "# Title\n\n<center>hi</center>\n");
    const auto result = TestSupport::runSlipway({u"readme"_s, readme, u"--html"_s});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(QString::fromUtf8(result.out),
             u"<h1><a href=\"#user-content-title\" id=\"user-content-title\" rel=\"nofollow\"></a>Title</h1>\nhi\n"_s);
    const QString err = QString::fromUtf8(result.err);
    QVERIFY2(err.contains(readme + u":3: warning: PyPI removes the <center> tag"_s), qPrintable(err));
}

void TestReadmeCli::rstProblemsFail()
{
    const QString readme = m_dir.filePath(u"README.rst"_s);
    write(readme, "Title\n====\n\n.. raw:: html\n\n   <b>x</b>\n");
    const auto result = TestSupport::runSlipway({u"readme"_s, readme, u"--python"_s, TestSupport::systemPython()});
    QCOMPARE(result.exitCode, 1);
    const QString out = QString::fromUtf8(result.out);
    QVERIFY2(out.contains(readme + u":2: error: docutils warning: Title underline too short. [readme-rst-problem]"_s),
             qPrintable(out));
    QVERIFY(out.contains(readme + u":4: error: docutils warning: \"raw\" directive disabled."_s));
    QVERIFY(out.contains(readme + u": PyPI would refuse this description.\n"_s));
}

void TestReadmeCli::projectFolder()
{
    write(m_dir.filePath(u"pyproject.toml"_s),
          "[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n\n"
          "[project]\nname = \"example\"\nversion = \"1.0\"\nreadme = \"docs/INTRO.md\"\n");
    QVERIFY(QDir(m_dir.path()).mkpath(u"docs"_s));
    write(m_dir.filePath(u"docs/INTRO.md"_s), "Hello <font>there</font>\n");
    const auto result = TestSupport::runSlipway({u"readme"_s, m_dir.path()});
    QCOMPARE(result.exitCode, 0);
    const QString out = QString::fromUtf8(result.out);
    QVERIFY2(out.contains(m_dir.path() + u"/docs/INTRO.md: text/markdown"_s), qPrintable(out));
    QVERIFY(out.contains(m_dir.path() + u"/docs/INTRO.md:1: warning: PyPI removes the <font> tag"_s));
}

void TestReadmeCli::projectWithoutReadme()
{
    write(m_dir.filePath(u"pyproject.toml"_s), "[project]\nname = \"example\"\nversion = \"1.0\"\n");
    const auto result = TestSupport::runSlipway({u"readme"_s, m_dir.path()});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains("has no [project] readme"), result.err.constData());
}

void TestReadmeCli::standardInput()
{
    const auto result = TestSupport::runSlipway({u"readme"_s, u"-"_s, u"--content-type"_s, u"text/markdown"_s,
                                                 u"--html"_s},
                                                "*hi* ![x](http://img.example/x.png)\n");
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("<p><em>hi</em> <img src=\"http://img.example/x.png\" alt=\"x\"></p>\n"));
    QVERIFY2(result.err.contains("<stdin>:1: warning: The image 'http://img.example/x.png' is served over plain http."),
             result.err.constData());
}

void TestReadmeCli::contentTypeErrors()
{
    const QString readme = m_dir.filePath(u"README.md"_s);
    write(readme, "Text\n");
    const auto result
        = TestSupport::runSlipway({u"readme"_s, readme, u"--content-type"_s, u"text/markdown; charset=utf-8"_s});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.out.contains("error: PyPI accepts only charset=UTF-8"));
}

void TestReadmeCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");

    QTest::addRow("no path") << QStringList{u"readme"_s} << QByteArray("exactly one");
    QTest::addRow("two paths") << QStringList{u"readme"_s, u"a.md"_s, u"b.md"_s} << QByteArray("exactly one");
    QTest::addRow("unknown suffix") << QStringList{u"readme"_s, u"README.adoc"_s} << QByteArray("--content-type");
    QTest::addRow("wheel") << QStringList{u"readme"_s, u"example-1.0-py3-none-any.whl"_s}
                           << QByteArray("not supported yet");
    QTest::addRow("unknown option") << QStringList{u"readme"_s, u"--frobnicate"_s, u"a.md"_s} << QByteArray("frobnicate");
}

void TestReadmeCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const auto result = TestSupport::runSlipway(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(message), result.err.constData());
}

void TestReadmeCli::unreadableFile()
{
    const auto result = TestSupport::runSlipway({u"readme"_s, m_dir.filePath(u"missing.md"_s)});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.err.contains("cannot read"));
}

void TestReadmeCli::noDocutilsIsNotAPass()
{
    const QString readme = m_dir.filePath(u"README.rst"_s);
    write(readme, "Text.\n");
    const auto result = TestSupport::runSlipway({u"readme"_s, readme, u"--python"_s, u"/nonexistent/python3"_s});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.out.contains("readme-not-verified"));
    QVERIFY(result.out.contains("Not verified"));
}

QTEST_GUILESS_MAIN(TestReadmeCli)
#include "testreadmecli.moc"
