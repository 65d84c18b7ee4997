// SPDX-License-Identifier: GPL-3.0-or-later
// The data lists compiled into the engine are reachable from any executable linking it.
#include <QFile>
#include <QTest>

class TestResources final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dataListsAreCompiledIn_data();
    void dataListsAreCompiledIn();
};

void TestResources::dataListsAreCompiledIn_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("knownLine");
    QTest::newRow("classifiers") << QStringLiteral(":/slipway/data/trove-classifiers.txt")
                                 << QByteArray("License :: OSI Approved :: MIT License");
    QTest::newRow("spdx") << QStringLiteral(":/slipway/data/spdx-license-ids.txt") << QByteArray("Apache-2.0");
    QTest::newRow("exceptions") << QStringLiteral(":/slipway/data/spdx-exceptions.txt")
                                << QByteArray("LLVM-exception");
}

void TestResources::dataListsAreCompiledIn()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, knownLine);
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    QVERIFY(file.readAll().split('\n').contains(knownLine));
}

QTEST_GUILESS_MAIN(TestResources)
#include "testresources.moc"
