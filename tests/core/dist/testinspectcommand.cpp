// SPDX-License-Identifier: GPL-3.0-or-later
// `slipway inspect`, driven as a user drives it, against sha256sum, b2sum and Python's hashlib
// on Debian's wheels and on sdists built by python -m build.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/distgenerator.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;

namespace {

QString firstField(const QByteArray &toolOutput)
{
    return QString::fromUtf8(toolOutput.left(toolOutput.indexOf(' ')));
}

QString pythonBlake2b(const QString &path)
{
    const auto result = TestSupport::run(
        TestSupport::systemPython(),
        {u"-c"_s, u"import hashlib,sys\nprint(hashlib.blake2b(open(sys.argv[1],'rb').read(), digest_size=32).hexdigest())"_s,
         path});
    return QString::fromUtf8(result.out.trimmed());
}

QJsonArray parseArray(const QByteArray &json)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isArray()) {
        QTest::qFail(qPrintable(u"not a JSON array: "_s + error.errorString()), __FILE__, __LINE__);
        return {};
    }
    return document.array();
}

} // namespace

class TestInspectCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void usageErrors_data();
    void usageErrors();
    void help();
    void agreesWithReferenceTools();
    void jsonFields();
    void humanSummary();
    void unreadableFilesFail();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString buildSdist();

    QTemporaryDir m_dir;
};

void TestInspectCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFileInfo::exists(TestSupport::slipwayExecutable()), qPrintable(TestSupport::slipwayExecutable()));
}

void TestInspectCommand::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("no file") << QStringList{u"inspect"_s} << u"no FILE given"_s;
    QTest::addRow("only --json") << QStringList{u"inspect"_s, u"--json"_s} << u"no FILE given"_s;
    QTest::addRow("unknown option") << QStringList{u"inspect"_s, u"--frobnicate"_s, u"x.whl"_s} << u"frobnicate"_s;
}

void TestInspectCommand::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const auto result = TestSupport::runSlipway(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(mentions.toUtf8()), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

void TestInspectCommand::help()
{
    const auto result = TestSupport::runSlipway({u"inspect"_s, u"--help"_s});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains("--json"));
    QVERIFY(result.out.contains("FILE..."));
}

QString TestInspectCommand::buildSdist()
{
    const QString project = path(u"project"_s);
    QDir().mkpath(project + u"/src/inspect_demo"_s);
    auto write = [&project](const QString &file, const QByteArray &content) {
        QFile out(project + u'/' + file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(content);
    };
    write(u"pyproject.toml"_s, "[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n\n"
                               "[project]\nname = \"inspect-demo\"\nversion = \"0.3\"\ndescription = \"Inspected\"\n"
                               "requires-python = \">=3.8\"\ndependencies = [\"requests>=2\", \"tomli; python_version<'3.11'\"]\n");
    write(u"src/inspect_demo/__init__.py"_s, "VERSION = '0.3'\n");
    const auto build = TestSupport::run(TestSupport::systemPython(),
                                        {u"-m"_s, u"build"_s, u"--sdist"_s, u"--no-isolation"_s, u"--outdir"_s,
                                         path(u"dist"_s), project},
                                        {}, project);
    if (build.exitCode != 0) {
        QTest::qFail(build.err.constData(), __FILE__, __LINE__);
        return {};
    }
    // setuptools 66 still names it inspect-demo-0.3.tar.gz (PEP 625 came later); take what it built.
    const QStringList built = QDir(path(u"dist"_s)).entryList({u"*.tar.gz"_s}, QDir::Files);
    return built.size() == 1 ? path(u"dist/"_s + built.first()) : QString();
}

void TestInspectCommand::agreesWithReferenceTools()
{
    QStringList files;
    const QDir debian(u"/usr/share/python-wheels"_s);
    for (const QString &wheel : debian.entryList({u"*.whl"_s}, QDir::Files)) {
        files.append(debian.filePath(wheel));
    }
    const QString sdist = buildSdist();
    QVERIFY(QFileInfo::exists(sdist));
    files.append(sdist);
    const QString generated = path(u"generated-1.0-py3-none-any.whl"_s);
    QVERIFY(TestSupport::writeWheel(generated, TestSupport::wheelFiles("generated", "1.0", {{"generated/x.py", "x=1\n"}})));
    files.append(generated);

    const auto result = TestSupport::runSlipway(QStringList{u"inspect"_s, u"--json"_s} + files);
    QCOMPARE(result.exitCode, 0);
    const QJsonArray array = parseArray(result.out);
    QCOMPARE(array.size(), files.size());
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QJsonObject object = array.at(i).toObject();
        const QString file = files.at(i);
        QCOMPARE(object.value(u"filename"_s).toString(), QFileInfo(file).fileName());
        QVERIFY(object.value(u"error"_s).isNull());
        QCOMPARE(object.value(u"size"_s).toInteger(), QFileInfo(file).size());
        QCOMPARE(object.value(u"sha256"_s).toString(), firstField(TestSupport::run(u"sha256sum"_s, {file}).out));
        QCOMPARE(object.value(u"blake2b_256"_s).toString(),
                 firstField(TestSupport::run(u"b2sum"_s, {u"-l"_s, u"256"_s, file}).out));
        QCOMPARE(object.value(u"blake2b_256"_s).toString(), pythonBlake2b(file));
    }
    const QJsonObject sdistObject = array.at(files.indexOf(sdist)).toObject();
    QCOMPARE(sdistObject.value(u"kind"_s).toString(), u"sdist"_s);
    QCOMPARE(sdistObject.value(u"name"_s).toString(), u"inspect-demo"_s);
    QCOMPARE(sdistObject.value(u"version"_s).toString(), u"0.3"_s);
}

void TestInspectCommand::jsonFields()
{
    const QString wheel = path(u"fields-2.1-py3-none-any.whl"_s);
    QList<TestSupport::DistFile> files = TestSupport::wheelFiles("fields", "2.1", {{"fields/a.py", "a = 1\n"}});
    files[1].data = TestSupport::coreMetadata("fields", "2.1",
                                              "Requires-Dist: requests>=2\nRequires-Dist: idna\nClassifier: "
                                              "Programming Language :: Python :: 3\n",
                                              "# Fields\n\nLong description.\n");
    // RECORD rewritten for the new METADATA, with a wrong row for fields/a.py.
    QByteArray record;
    for (qsizetype i = 0; i + 1 < files.size(); ++i) {
        record += TestSupport::recordRow(files[i].path, i == 0 ? QByteArray("a = 2\n") : files[i].data);
    }
    files.last().data = record + "fields-2.1.dist-info/RECORD,,\n";
    QVERIFY(TestSupport::writeWheel(wheel, files));

    const auto result = TestSupport::runSlipway({u"inspect"_s, u"--json"_s, wheel});
    QCOMPARE(result.exitCode, 0);
    const QJsonArray array = parseArray(result.out);
    QCOMPARE(array.size(), 1);
    const QJsonObject object = array.first().toObject();
    for (const QString &key : {u"filename"_s, u"kind"_s, u"name"_s, u"version"_s, u"size"_s, u"sha256"_s,
                               u"blake2b_256"_s, u"metadata"_s, u"files"_s, u"error"_s}) {
        QVERIFY2(object.contains(key), qPrintable(key));
    }
    QCOMPARE(object.value(u"kind"_s).toString(), u"wheel"_s);
    QCOMPARE(object.value(u"name"_s).toString(), u"fields"_s);
    QCOMPARE(object.value(u"version"_s).toString(), u"2.1"_s);
    QCOMPARE(object.value(u"files"_s).toInt(), files.size());
    const QJsonObject metadata = object.value(u"metadata"_s).toObject();
    QCOMPARE(metadata.value(u"Name"_s).toString(), u"fields"_s);
    QCOMPARE(metadata.value(u"Metadata-Version"_s).toString(), u"2.1"_s);
    QCOMPARE(metadata.value(u"Requires-Dist"_s).toArray(),
             QJsonArray({u"requests>=2"_s, u"idna"_s}));
    QCOMPARE(metadata.value(u"Classifier"_s).toArray().size(), 1);
    QCOMPARE(metadata.value(u"description"_s).toString(), u"# Fields\n\nLong description.\n"_s);
    // A readable wheel with a problem is still read (exit 0); the problem is listed.
    const QJsonArray problems = object.value(u"problems"_s).toArray();
    QVERIFY2(problems.size() == 1, QJsonDocument(problems).toJson().constData());
    QCOMPARE(problems.first().toObject().value(u"code"_s).toString(), u"record-hash-mismatch"_s);
    QCOMPARE(problems.first().toObject().value(u"severity"_s).toString(), u"error"_s);
    QCOMPARE(problems.first().toObject().value(u"member"_s).toString(), u"fields/a.py"_s);
}

void TestInspectCommand::humanSummary()
{
    const QString wheel = path(u"human-1.0-py3-none-any.whl"_s);
    QVERIFY(TestSupport::writeWheel(wheel, TestSupport::wheelFiles("human", "1.0", {{"human/a.py", "a = 1\n"}})));
    const auto result = TestSupport::runSlipway({u"inspect"_s, wheel});
    QCOMPARE(result.exitCode, 0);
    const QString text = QString::fromUtf8(result.out);
    QVERIFY2(text.startsWith(wheel + u'\n'), qPrintable(text));
    QVERIFY2(text.contains(u"  name         human\n"_s), qPrintable(text));
    QVERIFY2(text.contains(u"  version      1.0\n"_s), qPrintable(text));
    QVERIFY2(text.contains(u"  kind         wheel\n"_s), qPrintable(text));
    QVERIFY2(text.contains(u"  sha256       "_s + firstField(TestSupport::run(u"sha256sum"_s, {wheel}).out)),
             qPrintable(text));
    QVERIFY2(text.contains(u"  record       3 of 3 files verified\n"_s), qPrintable(text));
    QVERIFY2(text.contains(u"  problems     none\n"_s), qPrintable(text));
    QVERIFY(result.err.isEmpty());
}

void TestInspectCommand::unreadableFilesFail()
{
    const QString good = path(u"good-1.0-py3-none-any.whl"_s);
    QVERIFY(TestSupport::writeWheel(good, TestSupport::wheelFiles("good", "1.0", {})));
    const QString text = path(u"text-1.0.tar.gz"_s);
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not an archive\n");
    file.close();
    const QString missing = path(u"missing-1.0-py3-none-any.whl"_s);

    const auto json = TestSupport::runSlipway({u"inspect"_s, u"--json"_s, text, good, missing});
    QCOMPARE(json.exitCode, 1);
    const QJsonArray array = parseArray(json.out);
    QCOMPARE(array.size(), 3);
    // Output order is argument order, whatever order the files finish in.
    QCOMPARE(array.at(0).toObject().value(u"filename"_s).toString(), u"text-1.0.tar.gz"_s);
    QVERIFY(array.at(0).toObject().value(u"error"_s).toString().contains(u"not a .tar.gz archive (it looks like text)"_s));
    QCOMPARE(array.at(0).toObject().value(u"sha256"_s).toString(),
             firstField(TestSupport::run(u"sha256sum"_s, {text}).out));
    QVERIFY(array.at(1).toObject().value(u"error"_s).isNull());
    QCOMPARE(array.at(1).toObject().value(u"name"_s).toString(), u"good"_s);
    QVERIFY(array.at(2).toObject().value(u"error"_s).toString().contains(u"does not exist"_s));
    QVERIFY(array.at(2).toObject().value(u"size"_s).isNull());

    const auto human = TestSupport::runSlipway({u"inspect"_s, missing});
    QCOMPARE(human.exitCode, 1);
    QVERIFY2(human.err.contains("does not exist"), human.err.constData());
    QVERIFY2(human.err.contains("1 of 1 file(s) could not be read"), human.err.constData());
}

QTEST_GUILESS_MAIN(TestInspectCommand)
#include "testinspectcommand.moc"
