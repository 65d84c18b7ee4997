// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "core/util/buildidentity.h"

class TestBuildIdentity final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Debian's toolchain writes a GNU build ID into every binary, so the identity is known,
    // names the version and the ID (hex), and stays the same within a process.
    void identifiesThisBuild()
    {
        const QByteArray identity = Util::buildIdentity();
        QVERIFY(identity.startsWith(SLIPWAY_VERSION "-"));
        const QByteArray id = identity.sliced(sizeof(SLIPWAY_VERSION));
        QVERIFY2(id.size() >= 16, id.constData());
        QVERIFY(std::all_of(id.begin(), id.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }));
        QCOMPARE(Util::buildIdentity(), identity);
    }
};

QTEST_APPLESS_MAIN(TestBuildIdentity)
#include "testbuildidentity.moc"
