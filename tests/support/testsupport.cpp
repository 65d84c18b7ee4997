// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/testsupport.h"

#include <QFileInfo>
#include <QProcess>
#include <QTest>

namespace TestSupport {

QString slipwayExecutable()
{
    const QString fromEnvironment = qEnvironmentVariable("SLIPWAY_BIN");
    return fromEnvironment.isEmpty() ? QStringLiteral(SLIPWAY_BINARY_DIR "/bin/slipway") : fromEnvironment;
}

QString systemPython()
{
    return QFileInfo::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3")
                                                                  : QStringLiteral("python3");
}

ProcessResult run(const QString &program, const QStringList &arguments, const QByteArray &input,
                  const QString &workingDirectory)
{
    QProcess process;
    if (!workingDirectory.isEmpty()) {
        process.setWorkingDirectory(workingDirectory);
    }
    process.start(program, arguments);
    if (!process.waitForStarted()) {
        QTest::qFail(qPrintable(QStringLiteral("cannot start %1: %2").arg(program, process.errorString())), __FILE__,
                     __LINE__);
        return {};
    }
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(-1);
    ProcessResult result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

ProcessResult runSlipway(const QStringList &arguments, const QByteArray &input)
{
    return run(slipwayExecutable(), arguments, input);
}

} // namespace TestSupport
