// SPDX-License-Identifier: GPL-3.0-or-later
// sha256 / BLAKE2b-256 against the reference tools: coreutils and Python's hashlib.
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include "core/dist/blake2b.h"
#include "core/dist/filedigests.h"
#include "core/dist/hasher.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;

// The error message of a failed result, for QVERIFY2 (which evaluates its message even on success).
template<typename T, typename E>
QByteArray whyNot(const std::expected<T, E> &result)
{
    return result ? QByteArray() : result.error().message.toUtf8();
}

namespace {

QByteArray pseudoRandomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator generator(seed);
    QByteArray data(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i) {
        data[i] = static_cast<char>(generator.bounded(256));
    }
    return data;
}

// {sha256, blake2b_256} hex as Python's hashlib computes them.
QStringList pythonDigests(const QString &path)
{
    const auto result = TestSupport::run(TestSupport::systemPython(),
                                         {u"-c"_s,
                                          u"import hashlib,sys\n"
                                          "d=open(sys.argv[1],'rb').read()\n"
                                          "print(hashlib.sha256(d).hexdigest(), hashlib.blake2b(d, digest_size=32).hexdigest())"_s,
                                          path});
    return QString::fromUtf8(result.out).simplified().split(u' ');
}

QString coreutilsDigest(const QString &program, const QStringList &arguments, const QString &path)
{
    const auto result = TestSupport::run(program, arguments + QStringList{path});
    return QString::fromUtf8(result.out.left(result.out.indexOf(' ')));
}

} // namespace

class TestFileDigests final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void blake2bRfcVector();
    void blake2bLengths_data();
    void blake2bLengths();
    void fileDigestsMatchTools_data();
    void fileDigestsMatchTools();
    void accumulatorMatchesFile();
    void missingFileIsError();
    void cancel();
    void hasherAlgorithms_data();
    void hasherAlgorithms();
};

void TestFileDigests::blake2bRfcVector()
{
    // RFC 7693, appendix A: BLAKE2b-512("abc").
    QCOMPARE(Dist::Blake2b::hash("abc", 64).toHex(),
             QByteArray("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                        "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"));
    // A 32-byte BLAKE2b is its own hash, not a truncated BLAKE2b-512.
    QVERIFY(Dist::Blake2b::hash("abc", 32) != Dist::Blake2b::hash("abc", 64).left(32));
}

void TestFileDigests::blake2bLengths_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("digestSize");
    for (int size : {0, 1, 3, 127, 128, 129, 255, 256, 257, 1000, 65536 + 7}) {
        for (int digestSize : {32, 64, 20}) {
            QTest::addRow("%d bytes, digest %d", size, digestSize) << size << digestSize;
        }
    }
}

void TestFileDigests::blake2bLengths()
{
    QFETCH(int, size);
    QFETCH(int, digestSize);
    const QByteArray data = pseudoRandomBytes(size, static_cast<quint32>(size * 31 + digestSize));

    const auto python = TestSupport::run(
        TestSupport::systemPython(),
        {u"-c"_s, u"import hashlib,sys\nprint(hashlib.blake2b(sys.stdin.buffer.read(), digest_size=int(sys.argv[1])).hexdigest())"_s,
         QString::number(digestSize)},
        data);
    QCOMPARE(python.exitCode, 0);
    const QByteArray expected = python.out.trimmed();

    QCOMPARE(Dist::Blake2b::hash(data, digestSize).toHex(), expected);
    // Fed in uneven pieces, including pieces that end exactly on a block boundary.
    Dist::Blake2b pieces(digestSize);
    QRandomGenerator generator(static_cast<quint32>(size));
    for (qsizetype offset = 0; offset < data.size();) {
        const qsizetype length = std::min<qsizetype>(data.size() - offset, generator.bounded(1, 300));
        pieces.addData(QByteArrayView(data).sliced(offset, length));
        offset += length;
    }
    QCOMPARE(pieces.result().toHex(), expected);
}

void TestFileDigests::fileDigestsMatchTools_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<qint64>("bufferSize");
    QTest::addColumn<bool>("parallel");
    for (const bool parallel : {true, false}) {
        const char *mode = parallel ? "parallel" : "sequential";
        QTest::addRow("empty, %s", mode) << qint64(0) << qint64(1 << 20) << parallel;
        QTest::addRow("one byte, %s", mode) << qint64(1) << qint64(1 << 20) << parallel;
        QTest::addRow("exactly one buffer, %s", mode) << qint64(4096) << qint64(4096) << parallel;
        QTest::addRow("buffers plus one, %s", mode) << qint64(9 * 4096 + 1) << qint64(4096) << parallel;
        QTest::addRow("3 MiB in 1 MiB reads, %s", mode) << qint64(3 << 20) << qint64(1 << 20) << parallel;
    }
}

void TestFileDigests::fileDigestsMatchTools()
{
    QFETCH(qint64, size);
    QFETCH(qint64, bufferSize);
    QFETCH(bool, parallel);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"data.bin"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(pseudoRandomBytes(size, static_cast<quint32>(size)));
    file.close();

    const auto digests = Dist::computeFileDigests(path, {bufferSize, parallel, nullptr});
    QVERIFY2(digests.has_value(), whyNot(digests).constData());
    QCOMPARE(digests->size, size);
    QCOMPARE(digests->sha256Hex(), coreutilsDigest(u"sha256sum"_s, {}, path));
    QCOMPARE(digests->blake2b256Hex(), coreutilsDigest(u"b2sum"_s, {u"-l"_s, u"256"_s}, path));
    QCOMPARE(QStringList({digests->sha256Hex(), digests->blake2b256Hex()}), pythonDigests(path));
}

void TestFileDigests::accumulatorMatchesFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"data.bin"_s);
    const QByteArray data = pseudoRandomBytes(200'000, 7);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
    file.close();

    Dist::DigestAccumulator accumulator;
    accumulator.addData(QByteArrayView(data).first(1000));
    accumulator.addData(QByteArrayView(data).sliced(1000));
    const Dist::FileDigests fromMemory = accumulator.result();
    const auto fromFile = Dist::computeFileDigests(path);
    QVERIFY(fromFile.has_value());
    QCOMPARE(fromMemory, *fromFile);

    accumulator.reset();
    accumulator.addData(data);
    QCOMPARE(accumulator.result(), *fromFile);
}

void TestFileDigests::missingFileIsError()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"missing.whl"_s);
    const auto digests = Dist::computeFileDigests(path);
    QVERIFY(!digests.has_value());
    QCOMPARE(digests.error().code, Dist::DigestError::Code::CannotOpen);
    QVERIFY2(digests.error().message.contains(path), whyNot(digests).constData());
}

void TestFileDigests::cancel()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"data.bin"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(pseudoRandomBytes(100'000, 3));
    file.close();
    const std::atomic<bool> canceled{true};
    for (const bool parallel : {true, false}) {
        const auto digests = Dist::computeFileDigests(path, {4096, parallel, &canceled});
        QVERIFY(!digests.has_value());
        QCOMPARE(digests.error().code, Dist::DigestError::Code::Canceled);
    }
}

void TestFileDigests::hasherAlgorithms_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("pythonExpression");
    const QString data = u"b'slipway'"_s;
    for (const char *name : {"md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384",
                             "sha3_512", "blake2b", "blake2s"}) {
        QTest::addRow("%s", name) << QString::fromLatin1(name)
                                  << u"hashlib.new('%1', %2).hexdigest()"_s.arg(QLatin1StringView(name), data);
    }
    QTest::addRow("blake2b_256") << u"blake2b_256"_s << u"hashlib.blake2b(%1, digest_size=32).hexdigest()"_s.arg(data);
    QTest::addRow("upper case") << u"SHA256"_s << u"hashlib.sha256(%1).hexdigest()"_s.arg(data);
}

void TestFileDigests::hasherAlgorithms()
{
    QFETCH(QString, name);
    QFETCH(QString, pythonExpression);
    const auto algorithm = Dist::hashAlgorithmFromName(name);
    QVERIFY(algorithm.has_value());
    const auto python = TestSupport::run(TestSupport::systemPython(), {u"-c"_s, u"import hashlib\nprint(" + pythonExpression + u")"});
    const QByteArray digest = Dist::Hasher::hash(*algorithm, "slipway");
    QCOMPARE(digest.toHex(), python.out.trimmed());
    QCOMPARE(digest.size(), Dist::hashDigestSize(*algorithm));
    QCOMPARE(Dist::hashAlgorithmFromName(Dist::hashAlgorithmName(*algorithm)), algorithm);
}

QTEST_GUILESS_MAIN(TestFileDigests)
#include "testfiledigests.moc"
