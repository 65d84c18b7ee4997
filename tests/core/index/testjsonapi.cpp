// SPDX-License-Identifier: GPL-3.0-or-later
// PyPI JSON API parsing without a network.
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

#include "core/index/jsonapi.h"

using namespace Index;

namespace {

const QUrl apiUrl(QStringLiteral("https://pypi.example/pypi/demo/json"));

QByteArray fileJson(const QString &filename, bool yanked = false, const QString &reason = {})
{
    const bool wheel = filename.endsWith(QLatin1String(".whl"));
    const QJsonObject file{
        {QStringLiteral("filename"), filename},
        {QStringLiteral("packagetype"), wheel ? QStringLiteral("bdist_wheel") : QStringLiteral("sdist")},
        {QStringLiteral("python_version"), wheel ? QStringLiteral("py3") : QStringLiteral("source")},
        {QStringLiteral("size"), 100},
        {QStringLiteral("digests"), QJsonObject{{QStringLiteral("md5"), QStringLiteral("AA")},
                                                {QStringLiteral("sha256"), QStringLiteral("BB")},
                                                {QStringLiteral("blake2b_256"), QStringLiteral("cc")}}},
        {QStringLiteral("url"), QString(QStringLiteral("https://files.example/") + filename)},
        {QStringLiteral("requires_python"), QStringLiteral(">=3.8")},
        {QStringLiteral("upload_time"), QStringLiteral("2024-01-02T03:04:05")},
        {QStringLiteral("upload_time_iso_8601"), QStringLiteral("2024-01-02T03:04:05.123456Z")},
        {QStringLiteral("yanked"), yanked},
        {QStringLiteral("yanked_reason"), reason.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(reason)},
    };
    return QJsonDocument(file).toJson(QJsonDocument::Compact);
}

} // namespace

// The error message of a failed result, for test output (never touches error() of a value).
template<typename Expected>
QString errorOf(const Expected &result)
{
    return result.has_value() ? QString() : result.error().message;
}

class TestJsonApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void projectUrl_data();
    void projectUrl();
    void baseFromSimpleIndex_data();
    void baseFromSimpleIndex();
    void parsesProject();
    void releasesAreSortedByVersion();
    void releaseLookupUsesPep440Equality_data();
    void releaseLookupUsesPep440Equality();
    void highestVersion_data();
    void highestVersion();
    void versionDocumentHasNoReleases();
    void olderUploadTimeKeyIsUtc();
    void errors_data();
    void errors();
};

void TestJsonApi::projectUrl_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("project");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("expected");
    QTest::addRow("project") << QStringLiteral("https://pypi.org/") << QStringLiteral("Demo_Pkg") << QString()
                             << QStringLiteral("https://pypi.org/pypi/demo-pkg/json");
    QTest::addRow("version") << QStringLiteral("https://pypi.org") << QStringLiteral("demo") << QStringLiteral("1.0")
                             << QStringLiteral("https://pypi.org/pypi/demo/1.0/json");
    QTest::addRow("sub path") << QStringLiteral("http://127.0.0.1:9/mirror/") << QStringLiteral("demo") << QString()
                              << QStringLiteral("http://127.0.0.1:9/mirror/pypi/demo/json");
    QTest::addRow("invalid name") << QStringLiteral("https://pypi.org/") << QStringLiteral("a/b") << QString() << QString();
}

void TestJsonApi::projectUrl()
{
    QFETCH(QString, base);
    QFETCH(QString, project);
    QFETCH(QString, version);
    QFETCH(QString, expected);
    const QUrl url = JsonApi::projectUrl(QUrl(base), project, version);
    QCOMPARE(url.isValid() && !url.isEmpty() ? url.toString() : QString(), expected);
}

void TestJsonApi::baseFromSimpleIndex_data()
{
    QTest::addColumn<QString>("simple");
    QTest::addColumn<QString>("base");
    QTest::addRow("pypi") << QStringLiteral("https://pypi.org/simple/") << QStringLiteral("https://pypi.org/");
    QTest::addRow("testpypi without slash") << QStringLiteral("https://test.pypi.org/simple")
                                            << QStringLiteral("https://test.pypi.org/");
    QTest::addRow("mounted") << QStringLiteral("http://127.0.0.1:8/mirror/simple/") << QStringLiteral("http://127.0.0.1:8/mirror/");
    QTest::addRow("gitlab") << QStringLiteral("https://gitlab.example/api/v4/projects/1/packages/pypi/simple/")
                            << QStringLiteral("https://gitlab.example/api/v4/projects/1/packages/pypi/");
    QTest::addRow("not a simple url") << QStringLiteral("https://nexus.example/repository/pypi/") << QString();
}

void TestJsonApi::baseFromSimpleIndex()
{
    QFETCH(QString, simple);
    QFETCH(QString, base);
    const QUrl url = JsonApi::baseFromSimpleIndex(QUrl(simple));
    QCOMPARE(url.isEmpty() ? QString() : url.toString(), base);
}

void TestJsonApi::parsesProject()
{
    const QByteArray body = R"({"info": {"name": "Demo", "version": "1.1", "summary": "A demo", "requires_python": ">=3.8",
        "yanked": false}, "last_serial": 77, "urls": [)" + fileJson(QStringLiteral("demo-1.1.tar.gz"))
        + R"(], "releases": {"1.0": [)" + fileJson(QStringLiteral("demo-1.0.tar.gz"), true, QStringLiteral("oops")) + ", "
        + fileJson(QStringLiteral("demo-1.0-py3-none-any.whl")) + R"(], "1.1": [)" + fileJson(QStringLiteral("demo-1.1.tar.gz"))
        + R"(], "0.9": []}, "vulnerabilities": []})";
    const auto project = JsonApi::parseProject(body, apiUrl);
    QVERIFY2(project.has_value(), qPrintable(errorOf(project)));
    QVERIFY(project->found);
    QCOMPARE(project->name, QStringLiteral("Demo"));
    QCOMPARE(project->latestVersion, QStringLiteral("1.1"));
    QCOMPARE(project->summary, QStringLiteral("A demo"));
    QCOMPARE(project->requiresPython, QStringLiteral(">=3.8"));
    QCOMPARE(project->lastSerial, 77);
    QCOMPARE(project->latestFiles.size(), 1);
    QCOMPARE(project->versions(), (QStringList{QStringLiteral("0.9"), QStringLiteral("1.0"), QStringLiteral("1.1")}));
    const Release *release = project->release(QStringLiteral("1.0"));
    QVERIFY(release);
    QCOMPARE(release->files.size(), 2);
    QVERIFY(!release->isYanked()); // only one of its files is yanked
    const ReleaseFile &sdist = release->files.first();
    QCOMPARE(sdist.filename, QStringLiteral("demo-1.0.tar.gz"));
    QCOMPARE(sdist.packageType, QStringLiteral("sdist"));
    QCOMPARE(sdist.pythonVersion, QStringLiteral("source"));
    QCOMPARE(sdist.size, std::optional<qint64>(100));
    QCOMPARE(sdist.sha256(), QStringLiteral("bb"));
    QCOMPARE(sdist.digests.value(QStringLiteral("md5")), QStringLiteral("aa"));
    QCOMPARE(sdist.url, QUrl(QStringLiteral("https://files.example/demo-1.0.tar.gz")));
    QCOMPARE(sdist.requiresPython, QStringLiteral(">=3.8"));
    QVERIFY(sdist.yanked);
    QCOMPARE(sdist.yankedReason, QStringLiteral("oops"));
    QCOMPARE(*sdist.uploadTime, QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 123), QTimeZone::utc()));
    QVERIFY(project->release(QStringLiteral("0.9"))->files.isEmpty());
    QVERIFY(!project->release(QStringLiteral("0.9"))->isYanked());
}

void TestJsonApi::releasesAreSortedByVersion()
{
    const QByteArray body = R"({"info": {"name": "demo", "version": "10.0"}, "urls": [], "releases": {
        "10.0": [], "9.0": [], "1.0rc1": [], "1.0": [], "1.0.post1": [], "not-a-version": [], "1!0.1": [], "1.0.dev0": []}})";
    const auto project = JsonApi::parseProject(body, apiUrl);
    QVERIFY(project.has_value());
    QCOMPARE(project->versions(),
             (QStringList{QStringLiteral("not-a-version"), QStringLiteral("1.0.dev0"), QStringLiteral("1.0rc1"),
                          QStringLiteral("1.0"), QStringLiteral("1.0.post1"), QStringLiteral("9.0"), QStringLiteral("10.0"),
                          QStringLiteral("1!0.1")}));
}

void TestJsonApi::releaseLookupUsesPep440Equality_data()
{
    QTest::addColumn<QString>("asked");
    QTest::addColumn<QString>("found");
    QTest::addRow("exact") << QStringLiteral("1.0") << QStringLiteral("1.0");
    QTest::addRow("trailing zero") << QStringLiteral("1.0.0") << QStringLiteral("1.0");
    QTest::addRow("spelling") << QStringLiteral("2.0-rc.1") << QStringLiteral("2.0rc1");
    QTest::addRow("missing") << QStringLiteral("3.0") << QString();
    QTest::addRow("not a version") << QStringLiteral("latest") << QString();
}

void TestJsonApi::releaseLookupUsesPep440Equality()
{
    QFETCH(QString, asked);
    QFETCH(QString, found);
    const auto project = JsonApi::parseProject(
        R"({"info": {"name": "demo", "version": "1.0"}, "urls": [], "releases": {"1.0": [], "2.0rc1": []}})", apiUrl);
    QVERIFY(project.has_value());
    const Release *release = project->release(asked);
    QCOMPARE(release ? release->version : QString(), found);
}

void TestJsonApi::highestVersion_data()
{
    QTest::addColumn<bool>("prereleases");
    QTest::addColumn<QString>("expected");
    QTest::addRow("finals only") << false << QStringLiteral("1.10");
    QTest::addRow("with pre-releases") << true << QStringLiteral("2.0b1");
}

void TestJsonApi::highestVersion()
{
    QFETCH(bool, prereleases);
    QFETCH(QString, expected);
    const QByteArray body = R"({"info": {"name": "demo", "version": "1.10"}, "urls": [], "releases": {
        "1.9": [)" + fileJson(QStringLiteral("demo-1.9.tar.gz")) + R"(], "1.10": [)" + fileJson(QStringLiteral("demo-1.10.tar.gz"))
        + R"(], "1.11": [)" + fileJson(QStringLiteral("demo-1.11.tar.gz"), true) + R"(], "2.0b1": [)"
        + fileJson(QStringLiteral("demo-2.0b1.tar.gz")) + "]}}";
    const auto project = JsonApi::parseProject(body, apiUrl);
    QVERIFY2(project.has_value(), qPrintable(errorOf(project)));
    QVERIFY(project->release(QStringLiteral("1.11"))->isYanked());
    QCOMPARE(project->highestVersion(prereleases), expected);
}

void TestJsonApi::versionDocumentHasNoReleases()
{
    const QByteArray body = R"({"info": {"name": "demo", "version": "1.0", "yanked": true}, "urls": [)"
        + fileJson(QStringLiteral("demo-1.0.tar.gz"), true) + "]}";
    const auto project = JsonApi::parseProject(body, apiUrl);
    QVERIFY(project.has_value());
    QVERIFY(project->releases.isEmpty());
    QVERIFY(project->latestYanked);
    QCOMPARE(project->latestFiles.first().filename, QStringLiteral("demo-1.0.tar.gz"));
}

void TestJsonApi::olderUploadTimeKeyIsUtc()
{
    const QByteArray body = R"({"info": {"name": "demo", "version": "1.0"}, "urls": [{"filename": "demo-1.0.tar.gz",
        "upload_time": "2020-02-03T04:05:06", "url": "/files/demo-1.0.tar.gz"}]})";
    const auto project = JsonApi::parseProject(body, apiUrl);
    QVERIFY(project.has_value());
    const ReleaseFile &file = project->latestFiles.first();
    QCOMPARE(*file.uploadTime, QDateTime(QDate(2020, 2, 3), QTime(4, 5, 6), QTimeZone::utc()));
    QCOMPARE(file.url, QUrl(QStringLiteral("https://pypi.example/files/demo-1.0.tar.gz")));
    QVERIFY(!file.size.has_value());
}

void TestJsonApi::errors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::addRow("not json") << QByteArray("<html>") << QStringLiteral("not a JSON object");
    QTest::addRow("no info") << QByteArray(R"({"releases": {}})") << QStringLiteral("info.name and info.version");
    QTest::addRow("version not text") << QByteArray(R"({"info": {"name": "a", "version": 1}})")
                                      << QStringLiteral("info.name and info.version");
    QTest::addRow("urls not a list") << QByteArray(R"({"info": {"name": "a", "version": "1"}, "urls": {}})")
                                     << QStringLiteral("urls as something other than a list");
    QTest::addRow("release not a list") << QByteArray(R"({"info": {"name": "a", "version": "1"}, "releases": {"1": 5}})")
                                        << QStringLiteral("release 1 as something other than a list");
    QTest::addRow("releases not an object") << QByteArray(R"({"info": {"name": "a", "version": "1"}, "releases": []})")
                                            << QStringLiteral("releases as something other than an object");
    QTest::addRow("file without filename") << QByteArray(R"({"info": {"name": "a", "version": "1"}, "urls": [{"url": "x"}]})")
                                           << QStringLiteral("without a filename in urls");
}

void TestJsonApi::errors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    const auto project = JsonApi::parseProject(body, apiUrl);
    QVERIFY(!project.has_value());
    QCOMPARE(project.error().code, IndexError::Code::InvalidResponse);
    QVERIFY2(project.error().message.contains(message), qPrintable(project.error().message));
}

QTEST_APPLESS_MAIN(TestJsonApi)
#include "testjsonapi.moc"
