// SPDX-License-Identifier: GPL-3.0-or-later
#include "uploadfixtures.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTest>

#include "tests/support/distgenerator.h"
#include "tests/support/testsupport.h"

namespace UploadFixtures {

namespace {

QByteArray metadata(const QByteArray &name, const QByteArray &version, const QByteArray &extraHeaders)
{
    return "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version
        + "\nSummary: A test package\nDescription-Content-Type: text/markdown\n" + extraHeaders
        + "\n# " + name + "\n\nA test package.\n";
}

QByteArray component(const QByteArray &name)
{
    QByteArray result = name.toLower();
    result.replace('-', '_').replace('.', '_');
    return result;
}

} // namespace

QString writeWheel(const QString &directory, const QByteArray &name, const QByteArray &version,
                   const QByteArray &extraHeaders, const QByteArray &payload)
{
    const QByteArray stem = component(name) + '-' + version;
    const QByteArray distInfo = stem + ".dist-info/";
    QList<TestSupport::DistFile> files{{component(name) + "/__init__.py", payload},
                                       {distInfo + "METADATA", metadata(name, version, extraHeaders)},
                                       {distInfo + "WHEEL", "Wheel-Version: 1.0\nGenerator: slipway-tests 1.0\n"
                                                            "Root-Is-Purelib: true\nTag: py3-none-any\n"}};
    QByteArray record;
    for (const TestSupport::DistFile &file : std::as_const(files)) {
        record += TestSupport::recordRow(file.path, file.data);
    }
    record += distInfo + "RECORD,,\n";
    files.append({distInfo + "RECORD", record});
    const QString path = QDir(directory).filePath(QString::fromLatin1(stem + "-py3-none-any.whl"));
    if (!TestSupport::writeWheel(path, files)) {
        return {};
    }
    return path;
}

QString writeSdist(const QString &directory, const QByteArray &name, const QByteArray &version,
                   const QByteArray &extraHeaders)
{
    const QByteArray top = component(name) + '-' + version;
    const QList<TestSupport::DistFile> files{
        {top + "/PKG-INFO", metadata(name, version, extraHeaders)},
        {top + "/pyproject.toml", "[project]\nname = \"" + name + "\"\nversion = \"" + version + "\"\n"},
        {top + "/" + component(name) + "/__init__.py", "x = 1\n"},
    };
    const QString path = QDir(directory).filePath(QString::fromLatin1(top + ".tar.gz"));
    if (!TestSupport::writeSdist(path, files)) {
        return {};
    }
    return path;
}

QString writeLargeWheel(const QString &directory, const QByteArray &name, const QByteArray &version,
                        qint64 payloadBytes)
{
    static const char script[] = R"PY(
import base64, hashlib, os, sys, zipfile
path, name, version, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
dist = f"{name}-{version}.dist-info"
rows = []
def row(member, digest, length):
    rows.append(f"{member},sha256={base64.urlsafe_b64encode(digest).rstrip(b'=').decode()},{length}")
chunk = os.urandom(1 << 20)
with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
    digest, left = hashlib.sha256(), size
    with archive.open(f"{name}/data.bin", "w") as member:
        while left > 0:
            piece = chunk[:min(left, len(chunk))]
            member.write(piece)
            digest.update(piece)
            left -= len(piece)
    row(f"{name}/data.bin", digest.digest(), size)
    files = [
        (f"{name}/__init__.py", b""),
        (f"{dist}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: Large\nDescription-Content-Type: text/markdown\n\n# Large\n".encode()),
        (f"{dist}/WHEEL", b"Wheel-Version: 1.0\nGenerator: slipway-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
    ]
    for member, data in files:
        archive.writestr(member, data)
        row(member, hashlib.sha256(data).digest(), len(data))
    archive.writestr(f"{dist}/RECORD", "\n".join(rows + [f"{dist}/RECORD,,"]) + "\n")
)PY";
    const QString path = QDir(directory).filePath(QString::fromLatin1(name + '-' + version + "-py3-none-any.whl"));
    const TestSupport::ProcessResult result = TestSupport::run(
        TestSupport::systemPython(),
        {QStringLiteral("-c"), QString::fromUtf8(script), path, QString::fromLatin1(name), QString::fromLatin1(version),
         QString::number(payloadBytes)});
    if (result.exitCode != 0) {
        qWarning("%s", result.err.constData());
        return {};
    }
    return path;
}

qint64 residentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return 0;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
        }
    }
    return 0;
}

ChildResult runAsync(const QString &program, const QStringList &arguments, const QStringList &extraEnvironment,
                     const QByteArray &input)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &entry : extraEnvironment) {
        const qsizetype equals = entry.indexOf(QLatin1Char('='));
        if (equals < 0) {
            environment.remove(entry);
        } else {
            environment.insert(entry.left(equals), entry.mid(equals + 1));
        }
    }
    process.setProcessEnvironment(environment);
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, [&loop](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            loop.quit();
        }
    });
    process.start(program, arguments);
    if (process.waitForStarted()) {
        process.write(input);
        process.closeWriteChannel();
        loop.exec();
    }
    ChildResult result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit && process.error() != QProcess::FailedToStart
        ? process.exitCode()
        : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace UploadFixtures
