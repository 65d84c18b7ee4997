// SPDX-License-Identifier: GPL-3.0-or-later
// The upload form (field names, multiple-use fields, digests), the streamed multipart body,
// and how answers are read: all without a network.
#include <QCryptographicHash>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "core/dist/filedigests.h"
#include "core/upload/multipartbody.h"
#include "core/upload/responseinterpreter.h"
#include "core/upload/uploadform.h"
#include "tests/support/distgenerator.h"

using namespace Qt::StringLiterals;
using Upload::FormField;

namespace {

QStringList valuesOf(const QList<FormField> &fields, const QString &name)
{
    QStringList values;
    for (const FormField &field : fields) {
        if (field.name == name) {
            values.append(field.value);
        }
    }
    return values;
}

Dist::FileDigests digestsOf(const QByteArray &data)
{
    Dist::DigestAccumulator accumulator;
    accumulator.addData(data);
    return accumulator.result();
}

} // namespace

class TestUploadForm final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formFieldNames_data();
    void formFieldNames();
    void buildsWarehouseForm();
    void requiresPythonIsAlwaysSent();
    void sdistForm();
    void prepareReadsAWheel();
    void prepareRefusesNonDistributions();
    void multipartBodyStreams();
    void multipartBodyRefusesAChangedFile();
    void serverMessage_data();
    void serverMessage();
    void interpret_data();
    void interpret();
    void retryAfter_data();
    void retryAfter();
    void explainRedirect_data();
    void explainRedirect();
};

void TestUploadForm::formFieldNames_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("form");
    QTest::addColumn<bool>("multiple");
    QTest::addRow("metadata version") << u"Metadata-Version"_s << u"metadata_version"_s << false;
    QTest::addRow("requires-dist") << u"Requires-Dist"_s << u"requires_dist"_s << true;
    QTest::addRow("home-page") << u"Home-page"_s << u"home_page"_s << false;
    QTest::addRow("home-page lowercase") << u"home-page"_s << u"home_page"_s << false;
    QTest::addRow("classifier -> classifiers") << u"Classifier"_s << u"classifiers"_s << true;
    QTest::addRow("project-url -> project_urls") << u"Project-URL"_s << u"project_urls"_s << true;
    QTest::addRow("platform (Warehouse rename)") << u"Platform"_s << u"platform"_s << true;
    QTest::addRow("supported-platform") << u"Supported-Platform"_s << u"supported_platform"_s << true;
    QTest::addRow("license-file (singular)") << u"License-File"_s << u"license_file"_s << true;
    QTest::addRow("import-name (singular, not uv's)") << u"Import-Name"_s << u"import_name"_s << true;
    QTest::addRow("import-namespace") << u"Import-Namespace"_s << u"import_namespace"_s << true;
    QTest::addRow("provides-extra") << u"Provides-Extra"_s << u"provides_extra"_s << true;
    QTest::addRow("license-expression") << u"License-Expression"_s << u"license_expression"_s << false;
    QTest::addRow("description-content-type") << u"Description-Content-Type"_s << u"description_content_type"_s
                                              << false;
    QTest::addRow("keywords single") << u"Keywords"_s << u"keywords"_s << false;
    QTest::addRow("requires (1.1)") << u"Requires"_s << u"requires"_s << true;
    QTest::addRow("dynamic") << u"Dynamic"_s << u"dynamic"_s << true;
    QTest::addRow("description is the body") << u"Description"_s << QString() << false;
    QTest::addRow("unknown field") << u"X-Custom"_s << QString() << false;
}

void TestUploadForm::formFieldNames()
{
    QFETCH(QString, field);
    QFETCH(QString, form);
    QFETCH(bool, multiple);
    QCOMPARE(Upload::formFieldName(field), form);
    if (!form.isEmpty()) {
        QCOMPARE(Upload::isMultipleUseFormField(form), multiple);
    }
}

void TestUploadForm::buildsWarehouseForm()
{
    const QByteArray text = "Metadata-Version: 2.4\nName: Demo.Pkg\nVersion: 1.0.0\nSummary: A demo\n"
                            "Keywords: alpha,beta\nProject-URL: Homepage, https://example.org\n"
                            "Project-URL: Source, https://example.org/src\nClassifier: Programming Language :: Python\n"
                            "Classifier: License :: OSI Approved :: MIT License\nRequires-Dist: requests>=2\n"
                            "Requires-Python: >=3.9\nLicense-Expression: MIT\nLicense-File: LICENSE\n"
                            "Author-email: A <a@example.org>\nX-Unknown: dropped\n"
                            "Description-Content-Type: text/markdown\n\n# Demo\n\nBody text.\n";
    const auto metadata = Metadata::CoreMetadata::parse(text);
    QVERIFY(metadata);
    const auto filename = Dist::parseDistFilename(u"demo_pkg-1.0.0-py2.py3-none-any.whl");
    QVERIFY(filename);
    const Dist::FileDigests digests = digestsOf("wheel bytes");
    const QList<FormField> fields = Upload::uploadFormFields(*metadata, *filename, digests);

    QCOMPARE(fields.at(0), (FormField{u":action"_s, u"file_upload"_s}));
    QCOMPARE(fields.at(1), (FormField{u"protocol_version"_s, u"1"_s}));
    QCOMPARE(fields.at(2), (FormField{u"metadata_version"_s, u"2.4"_s}));
    QCOMPARE(fields.at(3), (FormField{u"name"_s, u"Demo.Pkg"_s}));
    QCOMPARE(fields.at(4), (FormField{u"version"_s, u"1.0.0"_s}));
    QCOMPARE(valuesOf(fields, u"project_urls"_s),
             QStringList({u"Homepage, https://example.org"_s, u"Source, https://example.org/src"_s}));
    QCOMPARE(valuesOf(fields, u"classifiers"_s).size(), 2);
    QCOMPARE(valuesOf(fields, u"keywords"_s), QStringList{u"alpha,beta"_s});
    QCOMPARE(valuesOf(fields, u"requires_dist"_s), QStringList{u"requests>=2"_s});
    QCOMPARE(valuesOf(fields, u"requires_python"_s), QStringList{u">=3.9"_s});
    QCOMPARE(valuesOf(fields, u"license_expression"_s), QStringList{u"MIT"_s});
    QCOMPARE(valuesOf(fields, u"license_file"_s), QStringList{u"LICENSE"_s});
    QCOMPARE(valuesOf(fields, u"author_email"_s), QStringList{u"A <a@example.org>"_s});
    QCOMPARE(valuesOf(fields, u"description_content_type"_s), QStringList{u"text/markdown"_s});
    QCOMPARE(valuesOf(fields, u"description"_s), QStringList{u"# Demo\n\nBody text.\n"_s});
    QCOMPARE(valuesOf(fields, u"filetype"_s), QStringList{u"bdist_wheel"_s});
    QCOMPARE(valuesOf(fields, u"pyversion"_s), QStringList{u"py2.py3"_s});
    QCOMPARE(valuesOf(fields, u"sha256_digest"_s),
             QStringList{QString::fromLatin1(QCryptographicHash::hash("wheel bytes", QCryptographicHash::Sha256).toHex())});
    QCOMPARE(valuesOf(fields, u"blake2_256_digest"_s),
             QStringList{QString::fromLatin1(
                 QCryptographicHash::hash("wheel bytes", QCryptographicHash::Blake2b_256).toHex())});
    QVERIFY(valuesOf(fields, u"md5_digest"_s).isEmpty());
    // Header-style and unknown names are never sent (Warehouse ignores them silently).
    for (const FormField &field : fields) {
        QVERIFY2(!field.name.contains(u'-'), qPrintable(field.name));
        QVERIFY2(field.name != u"x_unknown"_s, qPrintable(field.name));
        QVERIFY(field.name != u"content"_s);
    }
}

void TestUploadForm::requiresPythonIsAlwaysSent()
{
    const auto metadata = Metadata::CoreMetadata::parse("Metadata-Version: 2.1\nName: a\nVersion: 1\n"
                                                        "Keywords: one\nKeywords: two\n");
    QVERIFY(metadata);
    const auto filename = Dist::parseDistFilename(u"a-1-cp312-cp312-manylinux_2_28_x86_64.whl");
    QVERIFY(filename);
    const QList<FormField> fields = Upload::uploadFormFields(*metadata, *filename, digestsOf("x"));
    QCOMPARE(valuesOf(fields, u"requires_python"_s), QStringList{QString()});
    QCOMPARE(valuesOf(fields, u"pyversion"_s), QStringList{u"cp312"_s});
    QCOMPARE(valuesOf(fields, u"keywords"_s), QStringList{u"one, two"_s});
    QVERIFY(valuesOf(fields, u"description"_s).isEmpty());
}

void TestUploadForm::sdistForm()
{
    const auto metadata = Metadata::CoreMetadata::parse("Metadata-Version: 1.2\nName: a\nVersion: 1\n"
                                                        "Summary: folded\n  summary\nPlatform: any\n");
    QVERIFY(metadata);
    const auto filename = Dist::parseDistFilename(u"a-1.tar.gz");
    QVERIFY(filename);
    const QList<FormField> fields = Upload::uploadFormFields(*metadata, *filename, digestsOf("x"));
    QCOMPARE(valuesOf(fields, u"filetype"_s), QStringList{u"sdist"_s});
    QCOMPARE(valuesOf(fields, u"pyversion"_s), QStringList{u"source"_s});
    QCOMPARE(valuesOf(fields, u"platform"_s), QStringList{u"any"_s});
    QCOMPARE(valuesOf(fields, u"summary"_s), QStringList{u"folded summary"_s});
}

void TestUploadForm::prepareReadsAWheel()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"demo-2.0-py3-none-any.whl"_s);
    QVERIFY(TestSupport::writeWheel(path, TestSupport::wheelFiles("demo", "2.0", {{"demo/__init__.py", "x = 1\n"}})));
    const auto prepared = Upload::prepareFile(path);
    QVERIFY2(prepared, prepared ? "" : qPrintable(prepared.error().message));
    QCOMPARE(prepared->filename, u"demo-2.0-py3-none-any.whl"_s);
    QCOMPARE(prepared->project, u"demo"_s);
    QCOMPARE(prepared->version, u"2.0"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QCOMPARE(prepared->size, bytes.size());
    QCOMPARE(prepared->digests.sha256, QCryptographicHash::hash(bytes, QCryptographicHash::Sha256));
    QCOMPARE(prepared->digests.blake2b256, QCryptographicHash::hash(bytes, QCryptographicHash::Blake2b_256));
    QCOMPARE(valuesOf(prepared->fields, u"description"_s), QStringList{u"A test package.\n"_s});
}

void TestUploadForm::prepareRefusesNonDistributions()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"notes.txt"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("hello");
    file.close();
    const auto prepared = Upload::prepareFile(path);
    QVERIFY(!prepared);
    QCOMPARE(prepared.error().code, Upload::UploadError::Code::InvalidFile);
    QVERIFY(!prepared.error().message.isEmpty());
    const auto missing = Upload::prepareFile(dir.filePath(u"missing-1.0.tar.gz"_s));
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, Upload::UploadError::Code::InvalidFile);
}

void TestUploadForm::multipartBodyStreams()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"a-1.tar.gz"_s);
    QByteArray content(3 * 1024 * 1024 + 17, '\0');
    for (qsizetype i = 0; i < content.size(); ++i) {
        content[i] = char((i * 7919) & 0xff);
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    const QList<FormField> fields{{u":action"_s, u"file_upload"_s}, {u"description"_s, u"line one\nline \"two\""_s},
                                  {u"requires_python"_s, QString()}};
    Upload::MultipartBody body(fields, u"content"_s, path, u"a-1.tar.gz"_s, content.size());
    QVERIFY(body.open(QIODevice::ReadOnly));
    QVERIFY(!body.isSequential());
    const QByteArray boundary = body.boundary();
    QVERIFY(body.contentType().endsWith(boundary));
    QByteArray expected;
    expected += "--" + boundary + "\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n";
    expected += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nline one\nline \"two\"\r\n";
    expected += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"requires_python\"\r\n\r\n\r\n";
    expected += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"a-1.tar.gz\"\r\n"
                                  "Content-Type: application/octet-stream\r\n\r\n";
    QCOMPARE(body.head(), expected);
    expected += content + "\r\n--" + boundary + "--\r\n";
    QCOMPARE(body.size(), expected.size());

    // Read in odd-sized pieces across the part borders, then rewind and read again.
    for (int round = 0; round < 2; ++round) {
        QByteArray read;
        while (!body.atEnd()) {
            const QByteArray piece = body.read(65537);
            QVERIFY(!piece.isEmpty());
            read += piece;
        }
        QCOMPARE(read.size(), expected.size());
        QVERIFY(read == expected);
        QVERIFY(body.reset());
    }
    QVERIFY(body.seek(expected.size() - 10));
    QCOMPARE(body.read(100), expected.right(10));
}

void TestUploadForm::multipartBodyRefusesAChangedFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"a-1.tar.gz"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("12345");
    file.close();
    Upload::MultipartBody body({}, u"content"_s, path, u"a-1.tar.gz"_s, 4);
    QVERIFY(!body.open(QIODevice::ReadOnly));
    QVERIFY(body.errorString().contains(u"changed"_s));
    Upload::MultipartBody missing({}, u"content"_s, dir.filePath(u"gone.tar.gz"_s), u"gone.tar.gz"_s, 4);
    QVERIFY(!missing.open(QIODevice::ReadOnly));
}

void TestUploadForm::serverMessage_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QString>("expected");
    QTest::addRow("warehouse reason") << 400 << QByteArray("File already exists ('a.whl', with blake2_256 hash 'ab').")
                                      << QByteArray("File already exists ('a.whl', with blake2_256 hash 'ab').")
                                      << QByteArray("text/plain")
                                      << u"File already exists ('a.whl', with blake2_256 hash 'ab')."_s;
    QTest::addRow("gitlab json") << 400 << QByteArray("Bad Request")
                                 << QByteArray(R"({"message":"400 Bad request - Validation failed: File name has already been taken"})")
                                 << QByteArray("application/json")
                                 << u"400 Bad request - Validation failed: File name has already been taken"_s;
    QTest::addRow("grape error json") << 400 << QByteArray("Bad Request")
                                      << QByteArray(R"({"error":"requires_python is missing"})")
                                      << QByteArray("application/json") << u"requires_python is missing"_s;
    QTest::addRow("artifactory errors") << 403 << QByteArray("Forbidden")
                                        << QByteArray(R"({"errors":[{"status":403,"message":"Not enough permissions to overwrite artifact"}]})")
                                        << QByteArray("application/json")
                                        << u"Not enough permissions to overwrite artifact"_s;
    QTest::addRow("html page") << 413 << QByteArray("Request Entity Too Large")
                               << QByteArray("<html><head><title>413 Request Entity Too Large</title></head><body>"
                                             "<center><h1>413 Request Entity Too Large</h1></center><hr>nginx</body></html>")
                               << QByteArray("text/html") << u"413 Request Entity Too Large nginx"_s;
    QTest::addRow("pypiserver text") << 409 << QByteArray("Conflict")
                                     << QByteArray("Package 'a-1.tar.gz' already exists!\n  You may start server with `--overwrite` option.")
                                     << QByteArray("text/html; charset=UTF-8")
                                     << u"Package 'a-1.tar.gz' already exists! You may start server with `--overwrite` option."_s;
    QTest::addRow("nothing") << 500 << QByteArray("Internal Server Error") << QByteArray() << QByteArray()
                             << QString();
}

void TestUploadForm::serverMessage()
{
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, expected);
    Upload::HttpAnswer answer;
    answer.status = status;
    answer.reason = reason;
    answer.body = body;
    answer.contentType = contentType;
    QCOMPARE(Upload::serverMessage(answer), expected);
}

void TestUploadForm::interpret_data()
{
    using Code = Upload::UploadError::Code;
    using Kind = Upload::AnswerKind;
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("server");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("mentions");
    const QString pypiExists = u"File already exists ('a-1.tar.gz', with blake2_256 hash 'ab'). See "
                               u"https://pypi.org/help/#file-name-reuse for more information."_s;
    QTest::addRow("200") << 200 << QString() << int(Kind::Success) << 0 << QString();
    QTest::addRow("201 gitlab") << 201 << u"201 Created"_s << int(Kind::Success) << 0 << QString();
    QTest::addRow("pypi exists") << 400 << pypiExists << int(Kind::Exists) << int(Code::FileExists)
                                 << u"new version"_s;
    QTest::addRow("gitlab taken") << 400 << u"400 Bad request - Validation failed: File name has already been taken"_s
                                  << int(Kind::Exists) << int(Code::FileExists) << u"already been taken"_s;
    QTest::addRow("409 devpi") << 409 << u"a-1.tar.gz already exists in non-volatile index"_s << int(Kind::Exists)
                               << int(Code::FileExists) << u"non-volatile"_s;
    QTest::addRow("previously used") << 400
                                     << u"This filename was previously used by a file that has since been deleted. "
                                        u"Use a different version."_s
                                     << int(Kind::Fatal) << int(Code::FilenameReused) << u"Only a new version helps"_s;
    QTest::addRow("403 token") << 403 << u"Invalid or non-existent authentication information."_s << int(Kind::Fatal)
                               << int(Code::Authentication) << u"registry verify"_s;
    QTest::addRow("403 password") << 403
                                  << u"Username/Password authentication is no longer supported. Migrate to API Tokens"_s
                                  << int(Kind::Fatal) << int(Code::Authentication) << u"__token__"_s;
    QTest::addRow("403 scope") << 403 << u"Invalid API Token: project-scoped token is not valid for project: 'b'"_s
                               << int(Kind::Fatal) << int(Code::Authentication) << u"scoped"_s;
    QTest::addRow("401") << 401 << u"401 Unauthorized"_s << int(Kind::Fatal) << int(Code::Authentication)
                         << u"slipway registry login"_s;
    QTest::addRow("413") << 413 << QString() << int(Kind::Fatal) << int(Code::TooLarge) << u"larger"_s;
    QTest::addRow("pypi too large") << 400
                                    << u"File too large. Limit for project 'a' is 100 MB. See https://docs.pypi.org"_s
                                    << int(Kind::Fatal) << int(Code::TooLarge) << u"File too large"_s;
    QTest::addRow("gitlab too large") << 400 << u"400 Bad request - File is too large"_s << int(Kind::Fatal)
                                      << int(Code::TooLarge) << u"larger"_s;
    QTest::addRow("405") << 405 << QString() << int(Kind::Fatal) << int(Code::WrongUrl) << u"simple-index URL"_s;
    QTest::addRow("410") << 410 << u"This API has moved to https://upload.pypi.org/legacy/."_s << int(Kind::Fatal)
                         << int(Code::WrongUrl) << u"has moved"_s;
    QTest::addRow("name not allowed") << 400 << u"The name 'requests2' isn't allowed. See https://pypi.org/help/"_s
                                      << int(Kind::Fatal) << int(Code::NameNotAllowed) << u"project name"_s;
    QTest::addRow("name too similar") << 400 << u"The name 'reqeusts' is too similar to an existing project."_s
                                      << int(Kind::Fatal) << int(Code::NameNotAllowed) << u"too similar"_s;
    QTest::addRow("invalid version") << 400 << u"'1.0+abc' is invalid for 'version'."_s << int(Kind::Fatal)
                                     << int(Code::InvalidMetadata) << u"metadata"_s;
    QTest::addRow("render") << 400 << u"The description failed to render for 'text/x-rst'."_s << int(Kind::Fatal)
                            << int(Code::InvalidMetadata) << u"failed to render"_s;
    QTest::addRow("classifier") << 400 << u"'Foo :: Bar' is not a valid classifier."_s << int(Kind::Fatal)
                                << int(Code::InvalidMetadata) << u"classifier"_s;
    QTest::addRow("other 400") << 400 << u"Something else"_s << int(Kind::Fatal) << int(Code::Rejected)
                               << u"Something else"_s;
    QTest::addRow("bare 400") << 400 << QString() << int(Kind::Fatal) << int(Code::Rejected) << u"no reason"_s;
    QTest::addRow("500") << 500 << QString() << int(Kind::Retry) << int(Code::ServerError) << u"500"_s;
    QTest::addRow("502") << 502 << u"Bad gateway"_s << int(Kind::Retry) << int(Code::ServerError) << u"502"_s;
    QTest::addRow("503") << 503 << QString() << int(Kind::Retry) << int(Code::ServerError) << u"503"_s;
    QTest::addRow("429") << 429 << QString() << int(Kind::Retry) << int(Code::RateLimited) << u"rate"_s;
    QTest::addRow("429 new projects") << 429 << u"Too many new projects created"_s << int(Kind::Fatal)
                                      << int(Code::RateLimited) << u"new projects"_s;
    QTest::addRow("308") << 308 << QString() << int(Kind::Fatal) << int(Code::Redirect) << u"never re-sends"_s;
}

void TestUploadForm::interpret()
{
    QFETCH(int, status);
    QFETCH(QString, server);
    QFETCH(int, kind);
    QFETCH(int, code);
    QFETCH(QString, mentions);
    Upload::HttpAnswer answer;
    answer.status = status;
    answer.location = u"/legacy/"_s;
    const auto result = Upload::interpretAnswer(answer, server, QUrl(u"https://upload.example.org/legacy"_s),
                                                u"a-1.tar.gz"_s);
    QCOMPARE(int(result.kind), kind);
    if (result.kind == Upload::AnswerKind::Success) {
        return;
    }
    QCOMPARE(int(result.error.code), code);
    QCOMPARE(result.error.httpStatus, status);
    QCOMPARE(result.error.serverMessage, server);
    QVERIFY2(result.error.message.contains(mentions, Qt::CaseInsensitive), qPrintable(result.error.message));
    if (!server.isEmpty()) {
        // The server's own words are always kept.
        QVERIFY2(result.error.message.contains(server), qPrintable(result.error.message));
    }
}

void TestUploadForm::retryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("low");
    QTest::addColumn<int>("high");
    QTest::addRow("absent") << QByteArray() << -1 << -1;
    QTest::addRow("seconds") << QByteArray("7") << 7 << 7;
    QTest::addRow("spaces") << QByteArray(" 2 ") << 2 << 2;
    QTest::addRow("negative") << QByteArray("-3") << -1 << -1;
    QTest::addRow("garbage") << QByteArray("soon") << -1 << -1;
    QTest::addRow("past date") << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << 0 << 0;
    const QByteArray future = QLocale::c()
                                  .toString(QDateTime::currentDateTimeUtc().addSecs(120), u"ddd, dd MMM yyyy HH:mm:ss"_s)
                                  .toLatin1()
        + " GMT";
    QTest::addRow("future date") << future << 100 << 121;
}

void TestUploadForm::retryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(int, low);
    QFETCH(int, high);
    const int seconds = Upload::parseRetryAfter(value);
    QVERIFY2(seconds >= low && seconds <= high, qPrintable(QString::number(seconds)));
}

void TestUploadForm::explainRedirect_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("trailing slash") << u"https://upload.pypi.org/legacy"_s << u"/legacy/"_s << u"trailing slash"_s;
    QTest::addRow("missing legacy") << u"https://upload.example.org/"_s << u"https://upload.example.org/legacy/"_s
                                    << u"/legacy/"_s;
    QTest::addRow("http to https") << u"http://registry.example.org/legacy/"_s
                                   << u"https://registry.example.org/legacy/"_s << u"https"_s;
    QTest::addRow("other host") << u"https://a.example.org/legacy/"_s << u"https://b.example.org/up/"_s
                                << u"b.example.org"_s;
}

void TestUploadForm::explainRedirect()
{
    QFETCH(QString, from);
    QFETCH(QString, location);
    QFETCH(QString, mentions);
    const QString text = Upload::explainRedirect(308, QUrl(from), location);
    QVERIFY2(text.contains(mentions), qPrintable(text));
    QVERIFY(text.contains(u"308"_s));
}

QTEST_GUILESS_MAIN(TestUploadForm)
#include "testuploadform.moc"
