// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "core/util/atomicfile.h"

class TestAtomicFile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesNewFile();
    void replacesExistingFile();
    void failureLeavesTargetUntouched();
};

void TestAtomicFile::writesNewFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("new.txt"));
    QVERIFY(Util::writeFileAtomically(path, "hello\n").has_value());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("hello\n"));
}

void TestAtomicFile::replacesExistingFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("file.txt"));
    QVERIFY(Util::writeFileAtomically(path, "first").has_value());
    QVERIFY(Util::writeFileAtomically(path, "second").has_value());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("second"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("file.txt")});
}

void TestAtomicFile::failureLeavesTargetUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing-folder/file.txt"));
    const auto result = Util::writeFileAtomically(path, "content");
    QVERIFY(!result.has_value());
    QVERIFY2(result.error().contains(QStringLiteral("file.txt")), qPrintable(result.error()));
    QVERIFY(!QFile::exists(path));
}

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "testatomicfile.moc"
