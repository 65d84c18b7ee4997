// SPDX-License-Identifier: GPL-3.0-or-later
// Wheel and sdist file names, as packaging.utils.parse_wheel_filename / parse_sdist_filename
// read them, plus what is not normalized about them.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "core/dist/distfilename.h"
#include "core/dist/distfiles.h"

using namespace Qt::StringLiterals;
using Dist::FilenameError;
using Dist::FilenameNote;

Q_DECLARE_METATYPE(FilenameError::Code)

// The error message of a failed result, for QVERIFY2 (which evaluates its message even on success).
template<typename T, typename E>
QByteArray whyNot(const std::expected<T, E> &result)
{
    return result ? QByteArray() : result.error().message.toUtf8();
}

class TestDistFilename final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wheel_data();
    void wheel();
    void sdist_data();
    void sdist();
    void invalid_data();
    void invalid();
    void notes_data();
    void notes();
    void canonicalNames();
    void directoriesExpandToTheirDistributions();
};

void TestDistFilename::wheel_data()
{
    QTest::addColumn<QString>("filename");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("build");
    QTest::addColumn<QStringList>("tags");

    QTest::addRow("pure") << u"foo-1.0-py3-none-any.whl"_s << u"foo"_s << u"1.0"_s << QString()
                          << QStringList{u"py3-none-any"_s};
    QTest::addRow("compressed tag sets") << u"six-1.16.0-py2.py3-none-any.whl"_s << u"six"_s << u"1.16.0"_s << QString()
                                         << QStringList{u"py2-none-any"_s, u"py3-none-any"_s};
    QTest::addRow("build tag") << u"foo_bar-2.0.post1-1fix-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"_s
                               << u"foo_bar"_s << u"2.0.post1"_s << u"1fix"_s
                               << QStringList{u"cp311-cp311-manylinux_2_17_x86_64"_s, u"cp311-cp311-manylinux2014_x86_64"_s};
    QTest::addRow("local version") << u"foo-1.0+local.7-py3-none-any.whl"_s << u"foo"_s << u"1.0+local.7"_s << QString()
                                   << QStringList{u"py3-none-any"_s};
    QTest::addRow("directory ignored") << u"/tmp/dist/foo-1.0-py3-none-any.whl"_s << u"foo"_s << u"1.0"_s << QString()
                                       << QStringList{u"py3-none-any"_s};
}

void TestDistFilename::wheel()
{
    QFETCH(QString, filename);
    QFETCH(QString, name);
    QFETCH(QString, version);
    QFETCH(QString, build);
    QFETCH(QStringList, tags);
    const auto parsed = Dist::parseDistFilename(filename);
    QVERIFY2(parsed.has_value(), whyNot(parsed).constData());
    QCOMPARE(parsed->kind, Dist::DistKind::Wheel);
    QCOMPARE(parsed->format(), Dist::ArchiveFormat::Zip);
    QVERIFY(parsed->wheel.has_value());
    QCOMPARE(parsed->name(), name);
    QCOMPARE(parsed->version(), version);
    QCOMPARE(parsed->wheel->buildTag, build);
    QCOMPARE(parsed->wheel->tags(), tags);
    QVERIFY(parsed->notes.isEmpty());
    if (!build.isEmpty()) {
        QCOMPARE(parsed->wheel->buildNumber, std::optional<quint64>(1));
        QCOMPARE(parsed->wheel->buildSuffix, u"fix"_s);
    }
}

void TestDistFilename::sdist_data()
{
    QTest::addColumn<QString>("filename");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("version");
    QTest::addColumn<bool>("zip");

    QTest::addRow("pep 625") << u"foo_bar-1.0.tar.gz"_s << u"foo_bar"_s << u"1.0"_s << false;
    QTest::addRow("legacy dash name") << u"foo-bar-1.0.tar.gz"_s << u"foo-bar"_s << u"1.0"_s << false;
    QTest::addRow("legacy zip") << u"foo-1.0.zip"_s << u"foo"_s << u"1.0"_s << true;
    QTest::addRow("pre-release") << u"foo-2.0rc1.tar.gz"_s << u"foo"_s << u"2.0rc1"_s << false;
}

void TestDistFilename::sdist()
{
    QFETCH(QString, filename);
    QFETCH(QString, name);
    QFETCH(QString, version);
    QFETCH(bool, zip);
    const auto parsed = Dist::parseDistFilename(filename);
    QVERIFY2(parsed.has_value(), whyNot(parsed).constData());
    QCOMPARE(parsed->kind, Dist::DistKind::Sdist);
    QCOMPARE(parsed->name(), name);
    QCOMPARE(parsed->version(), version);
    QCOMPARE(parsed->format(), zip ? Dist::ArchiveFormat::Zip : Dist::ArchiveFormat::TarGz);
    QCOMPARE(parsed->hasNote(FilenameNote::Code::LegacyZipSdist), zip);
}

void TestDistFilename::invalid_data()
{
    QTest::addColumn<QString>("filename");
    QTest::addColumn<FilenameError::Code>("code");
    QTest::addColumn<QString>("mentions");

    QTest::addRow("no extension") << u"foo-1.0"_s << FilenameError::Code::UnknownExtension << u"'.whl'"_s;
    QTest::addRow("uppercase extension") << u"foo-1.0-py3-none-any.WHL"_s << FilenameError::Code::UnknownExtension
                                         << u"lowercase"_s;
    QTest::addRow("bz2 sdist") << u"foo-1.0.tar.bz2"_s << FilenameError::Code::UnsupportedExtension << u".tar.bz2"_s;
    QTest::addRow("tgz sdist") << u"foo-1.0.tgz"_s << FilenameError::Code::UnsupportedExtension << u".tgz"_s;
    QTest::addRow("wheel too few parts") << u"foo-1.0-py3-any.whl"_s << FilenameError::Code::WrongNumberOfParts
                                         << u"has 3"_s;
    QTest::addRow("wheel too many parts") << u"foo-bar-1.0-1-py3-none-any.whl"_s
                                          << FilenameError::Code::WrongNumberOfParts << u"has 6"_s;
    QTest::addRow("wheel bad version") << u"foo-1.0.x-py3-none-any.whl"_s << FilenameError::Code::InvalidVersion
                                       << u"'1.0.x'"_s;
    QTest::addRow("wheel bad build") << u"foo-1.0-b1-py3-none-any.whl"_s << FilenameError::Code::InvalidBuildTag
                                     << u"start with a digit"_s;
    QTest::addRow("wheel empty tag") << u"foo-1.0-py2..py3-none-any.whl"_s << FilenameError::Code::InvalidTag
                                     << u"empty tag"_s;
    QTest::addRow("wheel bad tag character") << u"foo-1.0-py3-none-any+x.whl"_s << FilenameError::Code::InvalidTag
                                             << u"'any+x'"_s;
    QTest::addRow("wheel bad name") << u"foo!-1.0-py3-none-any.whl"_s << FilenameError::Code::InvalidName
                                    << u"'foo!'"_s;
    QTest::addRow("wheel double underscore") << u"foo__bar-1.0-py3-none-any.whl"_s << FilenameError::Code::InvalidName
                                             << u"'foo__bar'"_s;
    QTest::addRow("sdist no dash") << u"foo.tar.gz"_s << FilenameError::Code::WrongNumberOfParts << u"no '-'"_s;
    QTest::addRow("sdist bad version") << u"foo-latest.tar.gz"_s << FilenameError::Code::InvalidVersion
                                       << u"'latest'"_s;
    QTest::addRow("sdist empty name") << u"-1.0.tar.gz"_s << FilenameError::Code::InvalidName << u"''"_s;
}

void TestDistFilename::invalid()
{
    QFETCH(QString, filename);
    QFETCH(FilenameError::Code, code);
    QFETCH(QString, mentions);
    const auto parsed = Dist::parseDistFilename(filename);
    QVERIFY(!parsed.has_value());
    QCOMPARE(parsed.error().code, code);
    QVERIFY2(parsed.error().message.contains(filename.section(u'/', -1)), whyNot(parsed).constData());
    QVERIFY2(parsed.error().message.contains(mentions), whyNot(parsed).constData());
}

void TestDistFilename::notes_data()
{
    QTest::addColumn<QString>("filename");
    QTest::addColumn<QList<int>>("codes");
    QTest::addColumn<QString>("mentions");

    const int name = static_cast<int>(FilenameNote::Code::NameNotNormalized);
    const int version = static_cast<int>(FilenameNote::Code::VersionNotNormalized);
    const int tag = static_cast<int>(FilenameNote::Code::TagNotLowercase);
    QTest::addRow("uppercase wheel name") << u"Foo-1.0-py3-none-any.whl"_s << QList<int>{name} << u"'foo'"_s;
    QTest::addRow("dotted wheel name") << u"zope.interface-5.0-py3-none-any.whl"_s << QList<int>{name}
                                       << u"'zope_interface'"_s;
    QTest::addRow("dash sdist name") << u"foo-bar-1.0.tar.gz"_s << QList<int>{name} << u"'foo_bar'"_s;
    QTest::addRow("sdist version") << u"foo-1.0RC1.tar.gz"_s << QList<int>{version} << u"'1.0rc1'"_s;
    QTest::addRow("wheel version") << u"foo-1.0.post-py3-none-any.whl"_s << QList<int>{version} << u"'1.0.post0'"_s;
    QTest::addRow("both") << u"Foo.Bar-01.0-py3-none-any.whl"_s << QList<int>{name, version} << u"'1.0'"_s;
    QTest::addRow("tag case") << u"foo-1.0-py3-none-Any.whl"_s << QList<int>{tag} << u"'Any'"_s;
    QTest::addRow("normalized") << u"foo_bar-1.0.0-py3-none-any.whl"_s << QList<int>{} << QString();
}

void TestDistFilename::notes()
{
    QFETCH(QString, filename);
    QFETCH(QList<int>, codes);
    QFETCH(QString, mentions);
    const auto parsed = Dist::parseDistFilename(filename);
    QVERIFY2(parsed.has_value(), whyNot(parsed).constData());
    QList<int> actual;
    QString messages;
    for (const FilenameNote &note : parsed->notes) {
        actual.append(static_cast<int>(note.code));
        messages += note.message;
    }
    QCOMPARE(actual, codes);
    QVERIFY2(messages.contains(mentions), qPrintable(messages));
}

void TestDistFilename::canonicalNames()
{
    const auto version = Metadata::Version::parse(u"1.0-1");
    QVERIFY(version.has_value());
    QCOMPARE(Dist::sdistFilenameFor(u"Foo.Bar", *version), u"foo_bar-1.0.post1.tar.gz"_s);
    QCOMPARE(Dist::wheelFilenamePrefixFor(u"foo-bar", *version), u"foo_bar-1.0.post1"_s);
    QCOMPARE(Dist::archiveFormatForFilename(u"x-1.tar.gz"), std::optional(Dist::ArchiveFormat::TarGz));
    QCOMPARE(Dist::archiveFormatForFilename(u"x-1.tar.bz2"), std::nullopt);
}

void TestDistFilename::directoriesExpandToTheirDistributions()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QDir dist(dir.path());
    for (const char *name : {"b-1.0.tar.gz", "a-1.0-py3-none-any.whl", "old-1.0.zip", "notes.txt", "a-1.0.tar.gz.asc"}) {
        QFile file(dist.filePath(QString::fromLatin1(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    QVERIFY(dist.mkdir(QStringLiteral("sub.whl"))); // a folder is never a distribution
    const QStringList inside = {dist.filePath(QStringLiteral("a-1.0-py3-none-any.whl")),
                                dist.filePath(QStringLiteral("b-1.0.tar.gz")), dist.filePath(QStringLiteral("old-1.0.zip"))};
    QCOMPARE(Dist::distributionFilesIn(dir.path()), inside);
    // Files are kept as given (even missing ones: the reader reports them), folders expand.
    const QString missing = dist.filePath(QStringLiteral("missing.whl"));
    QCOMPARE(Dist::expandDistributionPaths({missing, dir.path()}), QStringList{missing} + inside);
    QCOMPARE(Dist::expandDistributionPaths({}), QStringList());
}

QTEST_APPLESS_MAIN(TestDistFilename)
#include "testdistfilename.moc"
