// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "core/metadata/coremetadata.h"
#include "tests/support/testsupport.h"

using Metadata::CoreMetadata;
using Metadata::MetadataError;

Q_DECLARE_METATYPE(MetadataError::Code)

namespace {

using Fields = QList<std::pair<QString, QString>>;

Fields makeFields(std::initializer_list<std::pair<const char *, const char *>> list)
{
    Fields fields;
    for (const auto &[name, value] : list) {
        fields.append({QString::fromUtf8(name), QString::fromUtf8(value)});
    }
    return fields;
}

QString describe(const Fields &fields)
{
    QStringList lines;
    for (const auto &[name, value] : fields) {
        lines.append(name + u'=' + value);
    }
    return lines.join(u" | ");
}

QByteArray modernDocument()
{
    return "Metadata-Version: 2.1\n"
           "Name: example\n"
           "Version: 1.0\n"
           "Summary: An example\n"
           "Classifier: Programming Language :: Python :: 3\n"
           "Classifier: License :: OSI Approved :: MIT License\n"
           "Requires-Dist: requests>=2\n"
           "Requires-Dist: pytest; extra == \"test\"\n"
           "Provides-Extra: test\n"
           "Project-URL: Homepage, https://example.com\n"
           "Description-Content-Type: text/markdown\n"
           "\n"
           "# Example\n"
           "\n"
           "Some *text*.\n";
}

} // namespace

class TestCoreMetadata final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void errors_data();
    void errors();
    void roundTrip_data();
    void roundTrip();
    void serializeDescriptionForm();
    void editing();
    void toJson();
    void fieldTables();
    void agreesWithPythonEmailParser();
    void hostileInput();
};

void TestCoreMetadata::parses_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Fields>("fields");
    QTest::addColumn<QString>("description");

    QTest::addRow("modern with body")
        << modernDocument()
        << makeFields({{"Metadata-Version", "2.1"},
                  {"Name", "example"},
                  {"Version", "1.0"},
                  {"Summary", "An example"},
                  {"Classifier", "Programming Language :: Python :: 3"},
                  {"Classifier", "License :: OSI Approved :: MIT License"},
                  {"Requires-Dist", "requests>=2"},
                  {"Requires-Dist", "pytest; extra == \"test\""},
                  {"Provides-Extra", "test"},
                  {"Project-URL", "Homepage, https://example.com"},
                  {"Description-Content-Type", "text/markdown"}})
        << "# Example\n\nSome *text*.\n";
    QTest::addRow("crlf") << QByteArray("Name: a\r\nVersion: 1\r\n\r\nline 1\r\nline 2\r\n")
                          << makeFields({{"Name", "a"}, {"Version", "1"}}) << "line 1\nline 2\n";
    QTest::addRow("bare cr") << QByteArray("Name: a\rVersion: 1\r\rbody")
                             << makeFields({{"Name", "a"}, {"Version", "1"}}) << "body";
    QTest::addRow("folded value kept like compat32") << QByteArray("Summary: first\n  second\n\tthird\nName: a\n")
                                                     << makeFields({{"Summary", "first\n  second\n\tthird"}, {"Name", "a"}})
                                                     << "";
    QTest::addRow("folded after empty first line") << QByteArray("Name:\n  folded\n")
                                                   << makeFields({{"Name", "\n  folded"}}) << "";
    QTest::addRow("whitespace-only continuation") << QByteArray("Version: 1\n   \nName: a\n")
                                                  << makeFields({{"Version", "1\n   "}, {"Name", "a"}}) << "";
    QTest::addRow("no space after colon") << QByteArray("Name:a\nKeywords:\n")
                                          << makeFields({{"Name", "a"}, {"Keywords", ""}}) << "";
    QTest::addRow("trailing spaces kept") << QByteArray("Name: a  \n") << makeFields({{"Name", "a  "}}) << "";
    QTest::addRow("colon in value") << QByteArray("Project-URL: Home, https://x:8080/\n")
                                    << makeFields({{"Project-URL", "Home, https://x:8080/"}}) << "";
    QTest::addRow("no final newline") << QByteArray("Name: a\nVersion: 1") << makeFields({{"Name", "a"}, {"Version", "1"}})
                                      << "";
    QTest::addRow("empty body") << QByteArray("Name: a\n\n") << makeFields({{"Name", "a"}}) << "";
    QTest::addRow("body lines that look like headers") << QByteArray("Name: a\n\nVersion: 2\nnot a header\n")
                                                       << makeFields({{"Name", "a"}}) << "Version: 2\nnot a header\n";
    QTest::addRow("utf-8 values") << QByteArray("Author: J\xc3\xa9r\xc3\xb4me \xf0\x9f\x9a\x80\n")
                                  << makeFields({{"Author", "J\u00e9r\u00f4me \U0001F680"}}) << "";
    QTest::addRow("description header, spec folding")
        << QByteArray("Metadata-Version: 1.2\nDescription: Title\n       |=====\n       |\n       |  indented\n")
        << makeFields({{"Metadata-Version", "1.2"}, {"Description", "Title\n=====\n\n  indented"}})
        << "Title\n=====\n\n  indented";
    QTest::addRow("description header, distutils folding")
        << QByteArray("Metadata-Version: 1.1\nDescription: Title\n        =====\n        \n          indented\n")
        << makeFields({{"Metadata-Version", "1.1"}, {"Description", "Title\n=====\n\n  indented"}})
        << "Title\n=====\n\n  indented";
    QTest::addRow("odd header names") << QByteArray("X-Custom_Field.1: v\n") << makeFields({{"X-Custom_Field.1", "v"}}) << "";
}

void TestCoreMetadata::parses()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Fields, fields);
    QFETCH(QString, description);
    const auto metadata = CoreMetadata::parse(bytes);
    QVERIFY2(metadata.has_value(), qPrintable(metadata ? QString() : metadata.error().message));
    QCOMPARE(describe(metadata->fields()), describe(fields));
    QCOMPARE(metadata->description(), description);
    for (const auto &[name, value] : fields) {
        QVERIFY(metadata->contains(name.toLower()));
        QVERIFY(metadata->values(name.toUpper()).contains(value));
    }
}

void TestCoreMetadata::errors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<MetadataError::Code>("code");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");

    using Code = MetadataError::Code;
    QTest::addRow("latin-1 byte") << QByteArray("Name: a\nVersion: 1\nAuthor: J\xe9r\xf4me\n") << Code::NotUtf8 << 3
                                  << "Line 3 is not valid UTF-8: byte 0xe9 at offset 28";
    QTest::addRow("latin-1 in body") << QByteArray("Name: a\n\nok\nJ\xe9r\xf4me\n") << Code::NotUtf8 << 4
                                     << "byte 0xe9 at offset 13";
    QTest::addRow("overlong") << QByteArray("Name: \xc0\x80\n") << Code::NotUtf8 << 1 << "byte 0xc0 at offset 6";
    QTest::addRow("surrogate") << QByteArray("Name: \xed\xa0\x80\n") << Code::NotUtf8 << 1 << "byte 0xed";
    QTest::addRow("beyond unicode") << QByteArray("Name: \xf4\x90\x80\x80\n") << Code::NotUtf8 << 1 << "byte 0xf4";
    QTest::addRow("truncated at end") << QByteArray("Name: a\r\nSummary: \xe2\x82") << Code::NotUtf8 << 2
                                      << "offset 18";
    QTest::addRow("crlf line counting") << QByteArray("A: 1\r\nB: 2\r\nC: \xff\r\n") << Code::NotUtf8 << 3
                                        << "Line 3";
    QTest::addRow("no colon") << QByteArray("Name: a\nthis is not a header\nVersion: 1\n") << Code::MalformedHeader
                              << 2 << "Line 2 is not a 'Field: value' header (there is no colon)";
    QTest::addRow("space in field name") << QByteArray("Name: a\nHome page: x\n") << Code::MalformedHeader << 2
                                         << "the field name 'Home page'";
    QTest::addRow("space before colon") << QByteArray("Name : a\n") << Code::MalformedHeader << 1
                                        << "the field name 'Name '";
    QTest::addRow("non-ascii field name") << QByteArray("N\xc3\xa4me: a\n") << Code::MalformedHeader << 1
                                          << "printable ASCII";
    QTest::addRow("missing field name") << QByteArray("Name: a\n: value\n") << Code::MalformedHeader << 2
                                        << "the field name is missing";
    QTest::addRow("continuation first") << QByteArray("  Name: a\n") << Code::MalformedHeader << 1
                                        << "no header before it";
    QTest::addRow("unix from line") << QByteArray("From nobody Mon Jan 1\nName: a\n") << Code::MalformedHeader << 1
                                    << "no colon";
    QTest::addRow("byte order mark") << QByteArray("\xef\xbb\xbfName: a\n") << Code::MalformedHeader << 1
                                     << "byte order mark";
    QTest::addRow("description twice")
        << QByteArray("Metadata-Version: 2.1\nName: a\nDescription: short\nVersion: 1\n\nlong body\n")
        << Code::DescriptionTwice << 3 << "Description header on line 3 and as the message body after line 5";
    QTest::addRow("empty") << QByteArray() << Code::Empty << 0 << "empty";
    QTest::addRow("only whitespace") << QByteArray(" \n\r\n\t") << Code::Empty << 0 << "empty";
}

void TestCoreMetadata::errors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(MetadataError::Code, code);
    QFETCH(int, line);
    QFETCH(QString, message);
    const auto metadata = CoreMetadata::parse(bytes);
    QVERIFY2(!metadata.has_value(), qPrintable(metadata ? describe(metadata->fields()) : QString()));
    QCOMPARE(metadata.error().code, code);
    QCOMPARE(metadata.error().line, line);
    QVERIFY2(metadata.error().message.contains(message), qPrintable(metadata.error().message));
}

void TestCoreMetadata::roundTrip_data()
{
    QTest::addColumn<QByteArray>("bytes");

    QTest::addRow("modern") << modernDocument();
    QTest::addRow("crlf") << QByteArray("Metadata-Version: 2.2\r\nName: a\r\n\r\nbody\r\n");
    QTest::addRow("folded values") << QByteArray("Name: a\nSummary: x\n  y\n\tz\nKeywords:\n");
    QTest::addRow("old description header")
        << QByteArray("Metadata-Version: 1.0\nName: a\nDescription: T\n       |\n       |  code\nVersion: 1\n");
    QTest::addRow("old version with body") << QByteArray("Metadata-Version: 1.2\nName: a\n\nbody text\n");
    QTest::addRow("new version with description header")
        << QByteArray("Metadata-Version: 2.4\nName: a\nDescription: one\n       |two\n");
    QTest::addRow("body without trailing newline") << QByteArray("Name: a\n\nno newline");
    QTest::addRow("body with blank lines") << QByteArray("Name: a\n\n\n\nafter blanks\n\n");
    QTest::addRow("old version, body starting with spaces")
        << QByteArray("Metadata-Version: 1.2\nName: a\n\n   indented first line\n  more\n");
}

void TestCoreMetadata::roundTrip()
{
    QFETCH(QByteArray, bytes);
    const auto first = CoreMetadata::parse(bytes);
    QVERIFY2(first.has_value(), qPrintable(first ? QString() : first.error().message));
    const QByteArray written = first->serialize();
    const auto second = CoreMetadata::parse(written);
    QVERIFY2(second.has_value(), qPrintable(second ? QString() : second.error().message + u'\n' + QString::fromUtf8(written)));
    if (QTest::currentDataTag() == QByteArrayLiteral("old version, body starting with spaces")) {
        // The 1.x header form cannot carry leading whitespace on the first line.
        QCOMPARE(second->description(), u"indented first line\n  more\n"_qs);
    } else {
        QCOMPARE(second->description(), first->description());
    }
    Fields withoutDescription;
    for (const auto &field : first->fields()) {
        if (field.first.compare(u"Description", Qt::CaseInsensitive) != 0) {
            withoutDescription.append(field);
        }
    }
    Fields secondWithout;
    for (const auto &field : second->fields()) {
        if (field.first.compare(u"Description", Qt::CaseInsensitive) != 0) {
            secondWithout.append(field);
        }
    }
    QCOMPARE(describe(secondWithout), describe(withoutDescription));
    QCOMPARE(second->serialize(), written);
}

void TestCoreMetadata::serializeDescriptionForm()
{
    CoreMetadata metadata = *CoreMetadata::parse("Metadata-Version: 1.2\nName: a\nVersion: 1\n");
    metadata.setDescription(u"Title\n=====\n\n  code"_qs);
    QCOMPARE(metadata.serialize(),
             QByteArray("Metadata-Version: 1.2\nName: a\nVersion: 1\nDescription: Title\n       |=====\n       |\n"
                        "       |  code\n"));
    metadata.set(u"Metadata-Version"_qs, u"2.1"_qs);
    QCOMPARE(metadata.serialize(),
             QByteArray("Metadata-Version: 2.1\nName: a\nVersion: 1\n\nTitle\n=====\n\n  code"));
    // A value with a bare line break is folded so that it stays one header.
    metadata.set(u"Summary"_qs, u"one\ntwo"_qs);
    const auto reparsed = CoreMetadata::parse(metadata.serialize());
    QVERIFY(reparsed.has_value());
    QCOMPARE(reparsed->value(u"Summary"), u"one\n two");
    QCOMPARE(reparsed->description(), u"Title\n=====\n\n  code");
}

void TestCoreMetadata::editing()
{
    CoreMetadata metadata = *CoreMetadata::parse("Name: a\nClassifier: x\nVersion: 1\nclassifier: y\n");
    QCOMPARE(metadata.values(u"CLASSIFIER"), (QStringList{u"x"_qs, u"y"_qs}));
    metadata.add(u"Classifier"_qs, u"z"_qs);
    QCOMPARE(metadata.values(u"classifier").size(), 3);
    metadata.set(u"Classifier"_qs, u"only"_qs);
    QCOMPARE(metadata.values(u"classifier"), QStringList{u"only"_qs});
    QCOMPARE(metadata.fields().at(1).second, u"only"); // keeps the first position
    metadata.remove(u"classifier");
    QVERIFY(!metadata.contains(u"Classifier"));
    metadata.set(u"Requires-Python"_qs, u">=3.8"_qs);
    QCOMPARE(metadata.fields().back().first, u"Requires-Python");
    QCOMPARE(metadata.name(), u"a");
    QCOMPARE(metadata.version(), u"1");
    QCOMPARE(metadata.metadataVersion(), QString());
    QCOMPARE(metadata.value(u"Missing"), QString());
    metadata.set(u"Description"_qs, u"via set"_qs);
    QCOMPARE(metadata.description(), u"via set");
    QVERIFY(!metadata.contains(u"Description"));
    metadata.remove(u"Description");
    QCOMPARE(metadata.description(), QString());
}

void TestCoreMetadata::toJson()
{
    const CoreMetadata metadata = *CoreMetadata::parse(
        modernDocument().replace("Summary: An example\n", "summary: An example\nhome-page: https://x\nX-Extra: 1\n"
                                                          "Platform: any\nName: again\n"));
    const QJsonObject json = metadata.toJson();
    QCOMPARE(json.value(u"Metadata-Version"_qs).toString(), u"2.1");
    QCOMPARE(json.value(u"Summary"_qs).toString(), u"An example");
    QCOMPARE(json.value(u"Home-page"_qs).toString(), u"https://x");
    QCOMPARE(json.value(u"X-Extra"_qs).toString(), u"1");
    QCOMPARE(json.value(u"Platform"_qs).toArray(), QJsonArray{u"any"_qs});
    QCOMPARE(json.value(u"Classifier"_qs).toArray().size(), 2);
    QCOMPARE(json.value(u"Requires-Dist"_qs).toArray().at(1).toString(), u"pytest; extra == \"test\"");
    QCOMPARE(json.value(u"Provides-Extra"_qs).toArray(), QJsonArray{u"test"_qs});
    // A single-use field given twice keeps both values rather than losing one.
    QCOMPARE(json.value(u"Name"_qs).toArray(), (QJsonArray{u"example"_qs, u"again"_qs}));
    QCOMPARE(json.value(u"description"_qs).toString(), u"# Example\n\nSome *text*.\n");
    QVERIFY(!json.contains(u"Description"_qs));
    QVERIFY(!json.contains(u"summary"_qs));
    QVERIFY(!CoreMetadata::parse("Name: a\n")->toJson().contains(u"description"_qs));
}

void TestCoreMetadata::fieldTables()
{
    QCOMPARE(CoreMetadata::supportedMetadataVersions(),
             (QStringList{u"1.0"_qs, u"1.1"_qs, u"1.2"_qs, u"2.1"_qs, u"2.2"_qs, u"2.3"_qs, u"2.4"_qs, u"2.5"_qs,
                          u"2.6"_qs}));
    QCOMPARE(CoreMetadata::introducedIn(u"requires-dist"), u"1.2");
    QCOMPARE(CoreMetadata::introducedIn(u"Dynamic"), u"2.2");
    QCOMPARE(CoreMetadata::introducedIn(u"License-Expression"), u"2.4");
    QCOMPARE(CoreMetadata::introducedIn(u"Import-Namespace"), u"2.5");
    QCOMPARE(CoreMetadata::introducedIn(u"Classifier"), u"1.1");
    QCOMPARE(CoreMetadata::introducedIn(u"Description-Content-Type"), u"2.1");
    QCOMPARE(CoreMetadata::introducedIn(u"X-Unknown"), QString());
    QVERIFY(CoreMetadata::isMultipleUse(u"project-url"));
    QVERIFY(CoreMetadata::isMultipleUse(u"License-File"));
    QVERIFY(!CoreMetadata::isMultipleUse(u"Keywords"));
    QVERIFY(!CoreMetadata::isMultipleUse(u"X-Unknown"));
    QCOMPARE(CoreMetadata::canonicalFieldName(u"HOME-PAGE"), u"Home-page");
    const QStringList known = CoreMetadata::knownFields();
    QCOMPARE(known.size(), 32);
    QCOMPARE(known.front(), u"Metadata-Version");
    for (const QString &field : known) {
        QVERIFY2(!CoreMetadata::introducedIn(field).isEmpty(), qPrintable(field));
        QVERIFY(CoreMetadata::supportedMetadataVersions().contains(CoreMetadata::introducedIn(field)));
    }
}

void TestCoreMetadata::agreesWithPythonEmailParser()
{
    // Hand-written documents plus every METADATA/PKG-INFO installed on this machine, read by
    // Python's email.parser with the compat32 policy (what packaging and Warehouse use).
    const QList<QByteArray> documents = {
        modernDocument(),
        "Name: a\r\nSummary: x\r\n  y\r\nVersion: 1\r\n\r\nbody\r\nmore\r\n",
        "Name: a\rVersion: 1\r\rbody",
        "Name:\n  folded\nKeywords:\n",
        "Name: a  \nVersion: 1\n   \nKeywords: k\n\n\nbody after blank\n",
        "Author: J\xc3\xa9r\xc3\xb4me\n\n\xe2\x9c\x93 unicode body\n",
        "Metadata-Version: 2.1\nName: a\n\nVersion: 2\n",
    };
    QJsonArray encoded;
    for (const QByteArray &document : documents) {
        encoded.append(QString::fromLatin1(document.toBase64()));
    }
    const TestSupport::ProcessResult result = TestSupport::run(
        TestSupport::systemPython(),
        {u"-I"_qs, QStringLiteral(SLIPWAY_SOURCE_DIR "/tests/core/metadata/email_oracle.py")},
        QJsonDocument(encoded).toJson(QJsonDocument::Compact));
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonArray answers = QJsonDocument::fromJson(result.out).array();
    QVERIFY(answers.size() >= documents.size());

    int compared = 0;
    for (const QJsonValue &answerValue : answers) {
        const QJsonObject answer = answerValue.toObject();
        const QByteArray raw = QByteArray::fromBase64(answer.value(u"raw"_qs).toString().toLatin1());
        const auto metadata = CoreMetadata::parse(raw);
        if (!metadata) {
            // We are stricter than compat32 only where it records a defect or guesses.
            QVERIFY2(answer.value(u"defects"_qs).toInt() > 0 || metadata.error().code != MetadataError::Code::MalformedHeader,
                     qPrintable(metadata.error().message));
            continue;
        }
        QCOMPARE(answer.value(u"defects"_qs).toInt(), 0);
        Fields expected;
        bool hasDescriptionHeader = false;
        for (const QJsonValue &header : answer.value(u"headers"_qs).toArray()) {
            const QString name = header.toArray().at(0).toString();
            QString value = header.toArray().at(1).toString();
            value.replace(u"\r\n"_qs, u"\n"_qs).replace(u'\r', u'\n');
            if (name.compare(u"Description", Qt::CaseInsensitive) == 0) {
                hasDescriptionHeader = true;
                continue; // we unfold it; compat32 does not
            }
            expected.append({name, value});
        }
        Fields actual;
        for (const auto &field : metadata->fields()) {
            if (field.first.compare(u"Description", Qt::CaseInsensitive) != 0) {
                actual.append(field);
            }
        }
        QCOMPARE(describe(actual), describe(expected));
        if (!hasDescriptionHeader) {
            QString body = answer.value(u"body"_qs).toString();
            body.replace(u"\r\n"_qs, u"\n"_qs).replace(u'\r', u'\n');
            QCOMPARE(metadata->description(), body);
        }
        ++compared;
    }
    QVERIFY2(compared >= documents.size() + 10, qPrintable(QString::number(compared)));
}

void TestCoreMetadata::hostileInput()
{
    const auto tooLarge = CoreMetadata::parse(QByteArray(CoreMetadata::kMaxSize + 1, 'a'));
    QVERIFY(!tooLarge.has_value());
    QCOMPARE(tooLarge.error().code, MetadataError::Code::TooLarge);
    QVERIFY(tooLarge.error().message.contains(u"16 MiB"));

    // Many headers and a huge folded value parse in linear time.
    QByteArray many;
    for (int i = 0; i < 200000; ++i) {
        many += "Classifier: Topic :: " + QByteArray::number(i) + '\n';
    }
    CoreMetadata parsedMany = *CoreMetadata::parse(many);
    QCOMPARE(parsedMany.values(u"Classifier").size(), 200000);
    QCOMPARE(parsedMany.toJson().value(u"Classifier"_qs).toArray().size(), 200000);
    parsedMany.set(u"classifier"_qs, u"one"_qs);
    QCOMPARE(parsedMany.fields().size(), 1);
    const QByteArray folded = "Summary: x" + QByteArray(" y\n").repeated(1000000);
    QVERIFY(CoreMetadata::parse(folded).has_value());
    const QByteArray lines = QByteArray("\n").repeated(5000000) + "\xff";
    const auto late = CoreMetadata::parse("Name: a" + lines);
    QVERIFY(!late.has_value());
    QCOMPARE(late.error().line, 5000001);
}

QTEST_GUILESS_MAIN(TestCoreMetadata)
#include "testcoremetadata.moc"
