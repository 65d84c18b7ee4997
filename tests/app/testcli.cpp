// SPDX-License-Identifier: GPL-3.0-or-later
// The command dispatcher of the slipway executable, driven as a user would drive it.
#include <QTest>

#include "tests/support/testsupport.h"

class TestCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void version();
    void generalHelp();
    void unknownOptionIsUsageError();
    void unknownCommandIsUsageError();
    void commandHelpNamesTheCommand();
};

void TestCli::version()
{
    const auto result = TestSupport::runSlipway({QStringLiteral("--version")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("slipway " SLIPWAY_VERSION "\n"));
}

void TestCli::generalHelp()
{
    const auto result = TestSupport::runSlipway({QStringLiteral("--help")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.startsWith("Usage: slipway"));
    QVERIFY(result.err.isEmpty());
}

void TestCli::unknownOptionIsUsageError()
{
    const auto result = TestSupport::runSlipway({QStringLiteral("--no-such-option")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.err.contains("'--no-such-option' is neither a command"));
}

void TestCli::unknownCommandIsUsageError()
{
    const auto result = TestSupport::runSlipway({QStringLiteral("inpsect")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.err.contains("'inpsect' is neither a command nor an existing project folder"));
    QVERIFY(result.err.contains("Commands:"));
}

void TestCli::commandHelpNamesTheCommand()
{
    const auto result = TestSupport::runSlipway({QStringLiteral("inspect"), QStringLiteral("--help")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.startsWith("Usage: slipway inspect [options]"), result.out.constData());
}

QTEST_GUILESS_MAIN(TestCli)
#include "testcli.moc"
