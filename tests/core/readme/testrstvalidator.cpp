// SPDX-License-Identifier: GPL-3.0-or-later
// Readme::validateRst on its own, without Python: which verdict and why, and the findings of a
// clean description. (tests/core/check/testrstvalidator.cpp proves the verdicts against the
// real docutils.)
#include <QTest>

#include "core/readme/rstvalidator.h"

using namespace Qt::StringLiterals;
using Readme::Finding;

class TestRstValidatorUnit final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verdicts_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("reason"); // empty: Clean

        QTest::addRow("title and paragraph") << u"Title\n=====\n\nText with *emphasis*.\n"_s << QString();
        QTest::addRow("badges") << u"|b|\n\n.. |b| image:: https://img.example/b.svg\n   :target: https://ci.example/\n"_s
                                << QString();
        QTest::addRow("code block, any language") << u"Text.\n\n.. code-block:: nosuchlanguage\n\n   x\n"_s << QString();
        QTest::addRow("underline too short") << u"Title\n====\n\nText.\n"_s << u"title underline too short"_s;
        QTest::addRow("unexpected indentation") << u"One\ntwo\n    three\n"_s << u"unexpected indentation"_s;
        QTest::addRow("list without blank line") << u"* a\n* b\nText.\n"_s << u"bullet list ends"_s;
        QTest::addRow("unknown target") << u"See `x`_.\n"_s << u"unknown target name"_s;
        QTest::addRow("unclosed emphasis") << u"An *open start.\n"_s << u"without end-string"_s;
        QTest::addRow("unknown role") << u"A :ref:`x`.\n"_s << u"interpreted text role"_s;
        QTest::addRow("unknown directive") << u".. versionadded:: 1.0\n\nText.\n"_s << u"directive"_s;
        QTest::addRow("table") << u"=== ===\na   b\n=== ===\n"_s << u"table"_s;
        QTest::addRow("footnote") << u"Text [1]_.\n\n.. [1] Note.\n"_s << u"footnote"_s;
        QTest::addRow("title only") << u"Title\n=====\n"_s << u"no visible body element"_s;
        QTest::addRow("field list first") << u":Author: me\n\nText.\n"_s << u"docinfo"_s;
        QTest::addRow("carriage returns") << u"Title\r\n=====\r\n\r\nText.\r\n"_s << QString();
        QTest::addRow("form feed") << u"Text.\f\n"_s << u"unusual character"_s;
    }

    void verdicts()
    {
        QFETCH(QString, source);
        QFETCH(QString, reason);
        const Readme::RstValidation validation = Readme::validateRst(source);
        if (reason.isEmpty()) {
            QVERIFY2(validation.isClean(), qPrintable(validation.reason));
            QVERIFY(validation.reason.isEmpty());
        } else {
            QVERIFY(!validation.isClean());
            QVERIFY2(validation.reason.contains(reason), qPrintable(validation.reason));
            QVERIFY(validation.findings.isEmpty());
        }
    }

    // The links and images docutils would write, through the sanitizer: in document order,
    // each (code, message) once, without lines (rstResultFromHelperOutput's findings).
    void findingsOfACleanDescription()
    {
        const QString source = u"See `docs <docs/index.html>`_, `again <docs/index.html>`_ and ref_.\n\n"
                               ".. image:: http://img.example/a.png\n   :target: ftp://files.example/a\n\n"
                               ".. _ref: https://ok.example/\n"_s;
        const Readme::RstValidation validation = Readme::validateRst(source);
        QVERIFY2(validation.isClean(), qPrintable(validation.reason));
        QStringList codes;
        for (const Finding &finding : validation.findings) {
            codes << Readme::codeName(finding.code);
            QCOMPARE(finding.line, 0);
        }
        QCOMPARE(codes, (QStringList{u"readme-relative-link"_s, u"readme-unsafe-url-removed"_s,
                                     u"readme-insecure-image"_s}));
        QVERIFY(validation.findings.at(0).message.contains(u"docs/index.html"_s));
    }
};

QTEST_APPLESS_MAIN(TestRstValidatorUnit)
#include "testrstvalidator.moc"
