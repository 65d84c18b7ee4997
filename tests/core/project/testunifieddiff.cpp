// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "core/project/unifieddiff.h"

class TestUnifiedDiff final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void diffs_data();
    void diffs();
};

void TestUnifiedDiff::diffs_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<QByteArray>("diff");
    QTest::addRow("equal") << QByteArray("a\n") << QByteArray("a\n") << QByteArray();
    QTest::addRow("change in the middle")
        << QByteArray("1\n2\n3\n4\n5\n6\n7\n8\n9\n") << QByteArray("1\n2\n3\n4\nfive\n6\n7\n8\n9\n")
        << QByteArray("--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
    QTest::addRow("insertion at end") << QByteArray("a\nb\n") << QByteArray("a\nb\nc\n")
                                      << QByteArray("--- a\n+++ b\n@@ -1,2 +1,3 @@\n a\n b\n+c\n");
    QTest::addRow("no newline at end") << QByteArray("a\nb") << QByteArray("a\nc")
                                       << QByteArray("--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n"
                                                     "+c\n\\ No newline at end of file\n");
    QTest::addRow("two hunks") << QByteArray("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n")
                               << QByteArray("x\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ny\n")
                               << QByteArray("--- a\n+++ b\n@@ -1,4 +1,4 @@\n-1\n+x\n 2\n 3\n 4\n"
                                             "@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+y\n");
    QTest::addRow("crlf kept") << QByteArray("a\r\nb\r\n") << QByteArray("a\r\nc\r\n")
                               << QByteArray("--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n");
}

void TestUnifiedDiff::diffs()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(QByteArray, diff);
    QCOMPARE(Project::unifiedDiff(before, after, QStringLiteral("a"), QStringLiteral("b")), diff);
}

QTEST_GUILESS_MAIN(TestUnifiedDiff)
#include "testunifieddiff.moc"
