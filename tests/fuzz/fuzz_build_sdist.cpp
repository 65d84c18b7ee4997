// SPDX-License-Identifier: GPL-3.0-or-later
// Unpacking an sdist before the wheel is built from it: whatever the archive holds, nothing
// is written outside the target folder, and success means exactly one top-level folder.
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>

#include "core/build/sdistunpacker.h"

namespace {

void check(bool condition)
{
    if (!condition) {
        __builtin_trap();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // Memory-backed when possible: the replay under CTest runs thousands of inputs.
    static const QString base = QFileInfo(QStringLiteral("/dev/shm")).isWritable() ? QStringLiteral("/dev/shm")
                                                                                    : QDir::tempPath();
    QTemporaryDir work(base + QStringLiteral("/slipway-fuzz-sdist-XXXXXX"));
    check(work.isValid());
    QFile archive(work.filePath(QStringLiteral("input.tar.gz")));
    check(archive.open(QIODevice::WriteOnly));
    archive.write(reinterpret_cast<const char *>(data), static_cast<qint64>(size));
    archive.close();
    // Nested, so that an entry escaping by one or two levels would land in work.
    const QString destination = work.filePath(QStringLiteral("a/b/out"));
    check(QDir().mkpath(destination));

    const auto root = Build::unpackSdist(archive.fileName(), destination);
    const auto entries = [](const QString &folder) {
        return QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
    };
    check(entries(work.path()) == QStringList({QStringLiteral("a"), QStringLiteral("input.tar.gz")}));
    check(entries(work.filePath(QStringLiteral("a"))) == QStringList{QStringLiteral("b")});
    check(entries(work.filePath(QStringLiteral("a/b"))) == QStringList{QStringLiteral("out")});
    if (root) {
        check(QFileInfo(*root).isDir());
        check(QFileInfo(*root).path() == destination);
        check(entries(destination).size() == 1);
    }
    return 0;
}
