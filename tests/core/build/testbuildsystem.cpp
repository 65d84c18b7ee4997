// SPDX-License-Identifier: GPL-3.0-or-later
// [build-system] as pip and `python -m build` read it: defaults, backend-path, errors.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "core/build/buildsystem.h"

using namespace Qt::StringLiterals;

class TestBuildSystem final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
    void backendPathMustStayInTheTree();
    void setupPyOnlyUsesTheLegacyBackend();
    void noProjectIsAClearError();
};

void TestBuildSystem::parses_data()
{
    QTest::addColumn<QByteArray>("toml");
    QTest::addColumn<QStringList>("requirements");
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QStringList>("backendPath");
    QTest::addColumn<bool>("usesDefault");
    QTest::addColumn<QString>("requiresPython");

    const QString legacy = QString::fromLatin1(Build::BuildSystem::legacyBackend);
    const QStringList legacyRequirements{QString::fromLatin1(Build::BuildSystem::legacyRequirement)};
    QTest::addRow("no build-system table") << QByteArray("[project]\nname = \"x\"\n") << legacyRequirements << legacy
                                           << QStringList() << true << QString();
    QTest::addRow("empty file") << QByteArray() << legacyRequirements << legacy << QStringList() << true << QString();
    QTest::addRow("hatchling") << QByteArray("[build-system]\nrequires = [\"hatchling>=1.5\"]\n"
                                             "build-backend = \"hatchling.build\"\n")
                               << QStringList{u"hatchling>=1.5"_s} << u"hatchling.build"_s << QStringList() << false
                               << QString();
    QTest::addRow("backend missing: legacy backend, requires kept")
        << QByteArray("[build-system]\nrequires = [\"setuptools>=61\", \"wheel\"]\n")
        << QStringList{u"setuptools>=61"_s, u"wheel"_s} << legacy << QStringList() << false << QString();
    QTest::addRow("object path") << QByteArray("[build-system]\nrequires = []\nbuild-backend = \"pkg.mod:Obj.attr\"\n")
                                 << QStringList() << u"pkg.mod:Obj.attr"_s << QStringList() << false << QString();
    QTest::addRow("backend-path") << QByteArray("[build-system]\nrequires = []\nbuild-backend = \"b\"\n"
                                                "backend-path = [\"_backend\", \".\"]\n")
                                  << QStringList() << u"b"_s << QStringList{u"/src/tree/_backend"_s, u"/src/tree"_s}
                                  << false << QString();
    QTest::addRow("requires-python") << QByteArray("[project]\nrequires-python = \" >=3.9 \"\n")
                                     << legacyRequirements << legacy << QStringList() << true << u">=3.9"_s;
    QTest::addRow("requires-python dynamic") << QByteArray("[project]\nrequires-python = \">=3.9\"\n"
                                                           "dynamic = [\"requires-python\"]\n")
                                             << legacyRequirements << legacy << QStringList() << true << QString();
    QTest::addRow("requirement with marker and extras")
        << QByteArray("[build-system]\nrequires = [\"a[x,y] >= 1 ; python_version < '4'\"]\nbuild-backend = \"a\"\n")
        << QStringList{u"a[x,y] >= 1 ; python_version < '4'"_s} << u"a"_s << QStringList() << false << QString();
}

void TestBuildSystem::parses()
{
    QFETCH(QByteArray, toml);
    QFETCH(QStringList, requirements);
    QFETCH(QString, backend);
    QFETCH(QStringList, backendPath);
    QFETCH(bool, usesDefault);
    QFETCH(QString, requiresPython);

    const auto system = Build::parseBuildSystem(toml, u"/src/tree"_s);
    QVERIFY2(system.has_value(), system ? "" : qPrintable(system.error().message));
    QCOMPARE(system->requirements, requirements);
    QCOMPARE(system->backend, backend);
    QCOMPARE(system->backendPath, backendPath);
    QCOMPARE(system->usesDefault, usesDefault);
    QCOMPARE(system->requiresPython, requiresPython);
    QVERIFY(system->hasPyproject);
}

void TestBuildSystem::rejects_data()
{
    QTest::addColumn<QByteArray>("toml");
    QTest::addColumn<QString>("messagePart");

    QTest::addRow("not toml") << QByteArray("[build-system\nrequires = []\n") << u"not valid TOML"_s;
    QTest::addRow("requires missing") << QByteArray("[build-system]\nbuild-backend = \"x\"\n") << u"'requires'"_s;
    QTest::addRow("requires not a list") << QByteArray("[build-system]\nrequires = \"setuptools\"\n")
                                         << u"list of strings"_s;
    QTest::addRow("requires with a number") << QByteArray("[build-system]\nrequires = [\"a\", 1]\n")
                                            << u"list of strings"_s;
    QTest::addRow("requirement that is an option") << QByteArray("[build-system]\nrequires = [\"--index-url=x\"]\n")
                                                   << u"invalid requirement"_s;
    QTest::addRow("invalid requirement") << QByteArray("[build-system]\nrequires = [\"a >= \"]\n")
                                         << u"invalid requirement 'a >= '"_s;
    QTest::addRow("backend not a string") << QByteArray("[build-system]\nrequires = []\nbuild-backend = 3\n")
                                          << u"build-backend"_s;
    QTest::addRow("backend with a path") << QByteArray("[build-system]\nrequires = []\nbuild-backend = \"a/b\"\n")
                                         << u"build-backend"_s;
    QTest::addRow("build-system not a table") << QByteArray("build-system = 1\n") << u"must be a table"_s;
    QTest::addRow("backend-path not a list")
        << QByteArray("[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = \"x\"\n")
        << u"backend-path"_s;
    QTest::addRow("backend-path outside") << QByteArray("[build-system]\nrequires = []\nbuild-backend = \"b\"\n"
                                                        "backend-path = [\"../elsewhere\"]\n")
                                          << u"outside the source tree"_s;
    QTest::addRow("backend-path absolute") << QByteArray("[build-system]\nrequires = []\nbuild-backend = \"b\"\n"
                                                         "backend-path = [\"/usr/lib\"]\n")
                                           << u"outside the source tree"_s;
}

void TestBuildSystem::rejects()
{
    QFETCH(QByteArray, toml);
    QFETCH(QString, messagePart);
    const auto system = Build::parseBuildSystem(toml, u"/src/tree"_s);
    QVERIFY(!system.has_value());
    QCOMPARE(system.error().code, Build::BuildError::Code::InvalidConfiguration);
    QVERIFY2(system.error().message.contains(messagePart), qPrintable(system.error().message));
}

void TestBuildSystem::backendPathMustStayInTheTree()
{
    // A symbolic link inside the tree that leads out of it is outside too.
    QTemporaryDir outside;
    QTemporaryDir tree;
    QVERIFY(QFile::link(outside.path(), tree.filePath(u"link"_s)));
    const auto system = Build::parseBuildSystem(
        "[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = [\"link\"]\n", tree.path());
    QVERIFY(!system.has_value());
    QVERIFY(system.error().message.contains(u"outside the source tree"_s));
}

void TestBuildSystem::setupPyOnlyUsesTheLegacyBackend()
{
    QTemporaryDir tree;
    QFile setup(tree.filePath(u"setup.py"_s));
    QVERIFY(setup.open(QIODevice::WriteOnly));
    setup.write("from setuptools import setup\nsetup()\n");
    setup.close();
    const auto system = Build::readBuildSystem(tree.path());
    QVERIFY(system.has_value());
    QVERIFY(!system->hasPyproject);
    QVERIFY(system->usesDefault);
    QCOMPARE(system->backend, QString::fromLatin1(Build::BuildSystem::legacyBackend));
    QCOMPARE(system->requirements, QStringList{QString::fromLatin1(Build::BuildSystem::legacyRequirement)});
}

void TestBuildSystem::noProjectIsAClearError()
{
    QTemporaryDir tree;
    const auto empty = Build::readBuildSystem(tree.path());
    QVERIFY(!empty.has_value());
    QCOMPARE(empty.error().code, Build::BuildError::Code::NoProject);
    QVERIFY(empty.error().message.contains(u"neither pyproject.toml nor setup.py"_s));

    const auto missing = Build::readBuildSystem(tree.filePath(u"nope"_s));
    QVERIFY(!missing.has_value());
    QCOMPARE(missing.error().code, Build::BuildError::Code::NoProject);
}

QTEST_GUILESS_MAIN(TestBuildSystem)
#include "testbuildsystem.moc"
