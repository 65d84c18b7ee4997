// SPDX-License-Identifier: GPL-3.0-or-later
// Whole distributions: the input is written to a file and read as a wheel (ZIP) and as an
// sdist (tar.gz). Reading never crashes, never reads more than the budget, and either fails
// with an explained error or lists members whose reported sizes respect the claimed + 1 cap.
#include <QByteArray>
#include <QFile>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>

#include "core/dist/distribution.h"

namespace {

void check(bool condition)
{
    if (!condition) {
        __builtin_trap();
    }
}

void readAs(const QString &path, const QByteArray &bytes, Dist::DistKind kind)
{
    // A new file each time: truncating a just-written file makes ext4 flush it to disk first
    // (auto_da_alloc), which costs milliseconds per input.
    QFile::remove(path);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return;
    }
    file.write(bytes);
    file.close();

    Dist::ReadOptions options;
    options.kind = kind;
    options.computeDigests = bytes.size() % 7 == 0; // now and then, to cover the helper thread
    options.inflateBudget = 8 * 1024 * 1024;
    options.maxMetadataFileSize = 1024 * 1024;
    options.maxMembers = 10'000;
    const auto dist = Dist::readDistribution(path, options);
    if (!dist) {
        check(!dist.error().message.isEmpty());
        return;
    }
    check(!dist->members.isEmpty());
    qint64 read = 0;
    for (const Dist::Member &member : dist->members) {
        check(member.readSize <= member.size + 1);
        read += std::max<qint64>(member.readSize, 0);
    }
    // Each member may overshoot its claimed size by one byte before reading stops.
    check(read <= options.inflateBudget + dist->members.size());
    for (const Dist::Problem &problem : dist->problems) {
        check(!problem.message.isEmpty());
    }
    (void)dist->name();
    (void)dist->version();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static QTemporaryDir directory;
    static const QString wheel = directory.filePath(QStringLiteral("fuzz-1.0-py3-none-any.whl"));
    static const QString sdist = directory.filePath(QStringLiteral("fuzz-1.0.tar.gz"));
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    readAs(wheel, bytes, Dist::DistKind::Wheel);
    readAs(sdist, bytes, Dist::DistKind::Sdist);
    return 0;
}
