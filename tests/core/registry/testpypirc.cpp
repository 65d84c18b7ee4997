// SPDX-License-Identifier: GPL-3.0-or-later
// .pypirc files in the forms found in the wild, read by Slipway and, for comparison, by
// Python's configparser and twine's own get_config (the Debian system Python).
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "core/registry/pypirc.h"

using namespace Qt::StringLiterals;
using Registry::PypircError;

namespace {

// Prints configparser's view (own options per section, [DEFAULT]) and twine's get_config.
const char *const pythonReader = R"PY(
import configparser, json, sys
from twine.utils import get_config
results = {}
for path in sys.argv[1:]:
    result = {}
    parser = configparser.RawConfigParser()
    try:
        with open(path, encoding="utf-8") as f:
            parser.read_file(f)
        result["sections"] = {name: dict(parser._sections[name]) for name in parser.sections()}
        result["defaults"] = dict(parser.defaults())
    except Exception as e:
        result["error"] = type(e).__name__
    try:
        result["twine"] = get_config(path)
    except Exception as e:
        result["twine_error"] = type(e).__name__
    results[path] = result
print(json.dumps(results))
)PY";

QString systemPython()
{
    return QFile::exists(u"/usr/bin/python3"_s) ? u"/usr/bin/python3"_s : u"python3"_s;
}

// One Python run for many files (starting Python and importing twine is the slow part).
QHash<QByteArray, QJsonObject> readWithPython(const QList<QByteArray> &contents)
{
    QTemporaryDir dir;
    QStringList paths;
    for (const QByteArray &content : contents) {
        const QString path = dir.filePath(QString::number(paths.size()));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            return {};
        }
        file.write(content);
        paths << path;
    }
    QProcess python;
    python.start(systemPython(), QStringList{u"-I"_s, u"-c"_s, QString::fromUtf8(pythonReader)} + paths);
    if (!python.waitForStarted()) {
        return {};
    }
    python.waitForFinished(-1);
    const QJsonObject all = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    QHash<QByteArray, QJsonObject> results;
    for (qsizetype i = 0; i < paths.size(); ++i) {
        if (all.contains(paths.at(i))) {
            results.insert(contents.at(i), all.value(paths.at(i)).toObject());
        }
    }
    return results;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Forms seen in the wild: twine's and the packaging guide's examples, old distutils files,
// hand-edited files with comments, Windows line ends and a BOM.
QList<std::pair<const char *, QByteArray>> wildFiles()
{
    QList<std::pair<const char *, QByteArray>> files;
    files.append({"packaging guide", QByteArray("[distutils]\n"
                                                   "index-servers =\n"
                                                   "    pypi\n"
                                                   "    testpypi\n"
                                                   "\n"
                                                   "[pypi]\n"
                                                   "username = __token__\n"
                                                   "password = pypi-AgEIcHlwaS5vcmcCJGEx\n"
                                                   "\n"
                                                   "[testpypi]\n"
                                                   "repository = https://test.pypi.org/legacy/\n"
                                                   "username = __token__\n"
                                                   "password = pypi-AgENdGVzdC5weXBpLm9yZwIk\n")});
    files.append({"no distutils section", QByteArray("[pypi]\nusername = __token__\npassword = pypi-abc\n")});
    files.append({"old server-login", QByteArray("[server-login]\nusername: olduser\npassword: oldpass\n")});
    files.append({"private index, colons, percent and hash",
        QByteArray("[distutils]\n"
                      "index-servers = pypi private\n"
                      "\n"
                      "[private]\n"
                      "repository: https://pypi.corp.example/simple-upload/\n"
                      "username: me@corp.example\n"
                      "password: p%ss;word #1\n")});
    files.append({"gitlab deploy token",
        QByteArray("[distutils]\nindex-servers =\n    gitlab\n\n[gitlab]\n"
                      "repository = https://gitlab.example.com/api/v4/projects/42/packages/pypi\n"
                      "username = deploy-token-1\npassword = gldt-abcdefghijklmnop\n")});
    files.append({"comments everywhere", QByteArray("# my pypirc\n"
                                                       "; another comment\n"
                                                       "[distutils]\n"
                                                       "index-servers =\n"
                                                       "    pypi\n"
                                                       "    # testpypi disabled\n"
                                                       "    local\n"
                                                       "\n"
                                                       "[pypi]\n"
                                                       "  # indented comment\n"
                                                       "username = __token__\n"
                                                       "password = pypi-abc # not a comment\n"
                                                       "\n"
                                                       "[local]\n"
                                                       "repository = http://localhost:8080\n"
                                                       "username = admin\n")});
    files.append({"windows line ends",
        QByteArray("[distutils]\r\nindex-servers =\r\n    pypi\r\n\r\n[pypi]\r\nusername = "
                      "__token__\r\npassword = pypi-crlf\r\n")});
    files.append({"old mac line ends", QByteArray("[pypi]\rusername = __token__\rpassword = pypi-cr\r")});
    files.append({"unlisted and missing sections",
        QByteArray("[distutils]\nindex-servers = pypi ghost\n[pypi]\nusername = __token__\n"
                      "[forgotten]\nrepository = https://forgotten.example/\nusername = x\npassword = y\n")});
    files.append({"insecure http repository",
        QByteArray("[distutils]\nindex-servers = pypi corp\n[corp]\nrepository = http://pypi.corp.example/\n"
                      "username = me\npassword = secret\n")});
    files.append({"DEFAULT section and upper-case keys",
        QByteArray("[DEFAULT]\nUsername = __token__\n[distutils]\nindex-servers = pypi testpypi\n[pypi]\n"
                      "Password = pypi-upper\n[testpypi]\nPASSWORD = pypi-test\n")});
    files.append({"continuation lines", QByteArray("[distutils]\nindex-servers = pypi\n[pypi]\nusername = "
                                                      "__token__\npassword = pypi-first\n  second-line\n\n  third\n")});
    files.append({"env-style values",
        QByteArray("[distutils]\nindex-servers = pypi testpypi\n[pypi]\nusername = __token__\npassword = "
                      "${PYPI_TOKEN}\n[testpypi]\nusername = __token__\npassword = %(token)s\n")});
    files.append({"empty file", QByteArray()});
    files.append({"only comments", QByteArray("# nothing here\n")});
    files.append({"value with equals", QByteArray("[pypi]\npassword = a=b:c\nusername=__token__\n")});
    files.append({"key with spaces", QByteArray("[pypi]\nuser name = x\n  password  :  spaced  \n")});
    files.append({"bracket in header", QByteArray("[py]pi] trailing\nusername = x\n")});
    files.append({"indented section header continues value",
        QByteArray("[pypi]\nusername = x\n  [testpypi]\npassword = y\n")});
    return files;
}

// Files configparser (and so twine) refuses; Slipway must refuse them too.
QList<std::pair<const char *, QByteArray>> brokenIniFiles()
{
    return {
        {"duplicate section", QByteArray("[pypi]\na = 1\n[pypi]\nb = 2\n")},
        {"duplicate option", QByteArray("[pypi]\na = 1\nA = 2\n")},
        {"no section header", QByteArray("username = x\n[pypi]\n")},
        {"line without delimiter", QByteArray("[pypi]\njust words\n")},
        {"empty brackets", QByteArray("[]\n")},
    };
}

void addWildFiles()
{
    QTest::addColumn<QByteArray>("content");
    for (const auto &[name, content] : wildFiles()) {
        QTest::addRow("%s", name) << content;
    }
}

} // namespace

class TestPypirc final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void parseMatchesConfigparser_data();
    void parseMatchesConfigparser();
    void importMatchesTwine_data();
    void importMatchesTwine();
    void importDetails();
    void brokenFiles_data();
    void brokenFiles();
    void byteOrderMarkIsIgnored();
    void scrubKeepsEverythingElse();
    void scrubRefusesChangedFile();
    void exportReadsBackInTwine();
    void exportRefusesLineBreaks();

private:
    bool m_havePython = false;
    QHash<QByteArray, QJsonObject> m_python; // configparser's and twine's view of each test file
};

void TestPypirc::initTestCase()
{
    QList<QByteArray> contents;
    for (const auto &[name, content] : wildFiles()) {
        contents << content;
    }
    for (const auto &[name, content] : brokenIniFiles()) {
        contents << content;
    }
    m_python = readWithPython(contents);
    m_havePython = m_python.size() == contents.size();
}

void TestPypirc::parseMatchesConfigparser_data()
{
    addWildFiles();
    for (const auto &[name, content] : brokenIniFiles()) {
        QTest::addRow("%s", name) << content;
    }
}

void TestPypirc::parseMatchesConfigparser()
{
    if (!m_havePython) {
        QSKIP("needs /usr/bin/python3 with twine (scripts/install-deps.sh)");
    }
    QFETCH(QByteArray, content);
    const QJsonObject python = m_python.value(content);
    const auto parsed = Registry::parseIni(content);
    QCOMPARE(parsed.has_value(), !python.contains(u"error"_s));
    if (!parsed) {
        return;
    }
    QJsonObject sections;
    for (const Registry::IniSection &section : parsed->sections) {
        QJsonObject options;
        for (const Registry::IniOption &option : section.options) {
            options.insert(option.name, option.value);
        }
        sections.insert(section.name, options);
    }
    QJsonObject defaults;
    for (const Registry::IniOption &option : parsed->defaults.options) {
        defaults.insert(option.name, option.value);
    }
    QCOMPARE(sections, python.value(u"sections"_s).toObject());
    QCOMPARE(defaults, python.value(u"defaults"_s).toObject());
}

void TestPypirc::importMatchesTwine_data()
{
    addWildFiles();
}

void TestPypirc::importMatchesTwine()
{
    if (!m_havePython) {
        QSKIP("needs /usr/bin/python3 with twine (scripts/install-deps.sh)");
    }
    QFETCH(QByteArray, content);
    const QJsonObject python = m_python.value(content);
    const auto contents = Registry::readPypirc(content);
    QCOMPARE(contents.has_value(), python.contains(u"twine"_s));
    if (!contents) {
        return;
    }
    const QJsonObject twine = python.value(u"twine"_s).toObject();
    // Every registry Slipway imports is one twine would use, with the same URL, username
    // and password; what twine knows and Slipway skips is explained in a note.
    for (const Registry::PypircEntry &entry : contents->entries) {
        QVERIFY2(twine.contains(entry.section), qPrintable(entry.section));
        const QJsonObject repository = twine.value(entry.section).toObject();
        QCOMPARE(Registry::urlText(entry.registry.uploadUrl),
                 Registry::urlText(*Registry::parseUrl(repository.value(u"repository"_s).toString(), u"URL"_s)));
        if (!repository.value(u"username"_s).isNull()) {
            QCOMPARE(entry.registry.username, repository.value(u"username"_s).toString());
        }
        if (entry.password) {
            QCOMPARE(*entry.password, repository.value(u"password"_s).toString().trimmed());
        }
    }
    for (auto it = twine.begin(); it != twine.end(); ++it) {
        const bool imported = std::ranges::any_of(contents->entries, [&](const Registry::PypircEntry &entry) {
            return entry.section == it.key();
        });
        const bool explained = std::ranges::any_of(contents->notes, [&](const QString &note) {
            return note.contains(it.key());
        });
        // twine always lists "pypi"; Slipway imports it only when the file configures it.
        const bool implicitPypi = it.key() == u"pypi" && it.value().toObject().value(u"password"_s).isNull()
                                  && !content.contains("[pypi]") && !content.contains("index-servers");
        QVERIFY2(imported || explained || implicitPypi || it.key() == u"testpypi" || it.key() == u"pypi",
                 qPrintable(it.key()));
    }
}

void TestPypirc::importDetails()
{
    const QByteArray content = "[distutils]\n"
                               "index-servers =\n"
                               "    pypi\n"
                               "    testpypi\n"
                               "    corp\n"
                               "    gitlab\n"
                               "    env\n"
                               "[pypi]\n"
                               "username = __token__\n"
                               "password = pypi-first\n"
                               "  pypi-second\n"
                               "[testpypi]\n"
                               "password = pypi-test\n"
                               "[corp]\n"
                               "repository = https://pypi.corp.example/\n"
                               "username = me\n"
                               "password = p%ss\n"
                               "ca_cert = /etc/ssl/corp.pem\n"
                               "client_cert = /home/me/client.pem\n"
                               "[gitlab]\n"
                               "repository = https://gitlab.com/api/v4/projects/9/packages/pypi\n"
                               "password = glpat-xyz\n"
                               "[env]\n"
                               "repository = https://env.example/\n"
                               "password = $PYPI_TOKEN\n";
    const auto contents = Registry::readPypirc(content);
    QVERIFY(contents);
    QCOMPARE(contents->entries.size(), 5);

    const auto &pypi = contents->entries.at(0);
    QCOMPARE(pypi.registry.kind, Registry::Kind::PyPI);
    QCOMPARE(pypi.registry.role, Registry::Role::Production);
    QCOMPARE(Registry::urlText(pypi.registry.simpleUrl), u"https://pypi.org/simple/"_s);
    QVERIFY(!pypi.password); // two lines: refused
    QVERIFY(std::ranges::any_of(contents->notes, [](const QString &note) {
        return note.contains(u"[pypi]"_s) && note.contains(u"line break"_s) && !note.contains(u"pypi-first"_s);
    }));

    const auto &test = contents->entries.at(1);
    QCOMPARE(test.registry.kind, Registry::Kind::TestPyPI);
    QCOMPARE(test.registry.username, u"__token__"_s); // twine's default for PyPI
    QCOMPARE(test.password.value_or(QString()), u"pypi-test"_s);
    QCOMPARE(test.passwordFirstLine, 13);
    QCOMPARE(test.passwordLastLine, 13);

    const auto &corp = contents->entries.at(2);
    QCOMPARE(corp.registry.kind, Registry::Kind::Custom);
    QCOMPARE(corp.password.value_or(QString()), u"p%ss"_s); // no interpolation
    QCOMPARE(corp.registry.caBundlePath, u"/etc/ssl/corp.pem"_s);
    QCOMPARE(corp.registry.clientCertPath, u"/home/me/client.pem"_s);

    QCOMPARE(contents->entries.at(3).registry.kind, Registry::Kind::GitLab);
    QCOMPARE(contents->entries.at(3).registry.username, u"__token__"_s);

    const auto &environment = contents->entries.at(4);
    QVERIFY(!environment.password);
    QVERIFY(std::ranges::any_of(contents->notes, [](const QString &note) {
        return note.contains(u"[env]"_s) && note.contains(u"environment variable"_s);
    }));
}

void TestPypirc::brokenFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<PypircError::Code>("code");
    QTest::addColumn<int>("line");
    QTest::addRow("duplicate section") << QByteArray("[pypi]\na = 1\n\n[pypi]\nb = 2\n")
                                       << PypircError::Code::DuplicateSection << 4;
    QTest::addRow("duplicate option") << QByteArray("[pypi]\npassword = 1\nPassword = 2\n")
                                      << PypircError::Code::DuplicateOption << 3;
    QTest::addRow("no header") << QByteArray("\n\nusername = x\n") << PypircError::Code::Syntax << 3;
    QTest::addRow("no delimiter") << QByteArray("[pypi]\nusername x\n") << PypircError::Code::Syntax << 2;
    QTest::addRow("not utf-8") << QByteArray("[pypi]\npassword = \xff\xfe\n") << PypircError::Code::NotUtf8 << 2;
    QTest::addRow("too large") << QByteArray(1024 * 1024 + 1, '#') << PypircError::Code::TooLarge << 0;
}

void TestPypirc::brokenFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(PypircError::Code, code);
    QFETCH(int, line);
    const auto contents = Registry::readPypirc(content);
    QVERIFY(!contents);
    QCOMPARE(contents.error().code, code);
    QCOMPARE(contents.error().line, line);
    if (line > 0) {
        QVERIFY2(contents.error().message.contains(u"line %1"_s.arg(line)), qPrintable(contents.error().message));
    }
}

void TestPypirc::byteOrderMarkIsIgnored()
{
    // A deliberate difference from configparser, which fails on a BOM that Windows editors write.
    const auto contents = Registry::readPypirc("\xEF\xBB\xBF[pypi]\r\nusername = __token__\r\npassword = pypi-bom\r\n");
    QVERIFY(contents);
    QCOMPARE(contents->entries.size(), 1);
    QCOMPARE(contents->entries.at(0).password.value_or(QString()), u"pypi-bom"_s);
}

void TestPypirc::scrubKeepsEverythingElse()
{
    const QByteArray original = "# keep me\r\n"
                                "[distutils]\r\n"
                                "index-servers =\r\n"
                                "    pypi\r\n"
                                "    corp\r\n"
                                "\r\n"
                                "[pypi]\r\n"
                                "username = __token__\r\n"
                                "password = pypi-secret\r\n"
                                "   ; odd comment\r\n"
                                "[corp]\r\n"
                                "repository = https://pypi.corp.example/\r\n"
                                "password: corp-secret\r\n"
                                "    continued\r\n"
                                "username = me   \r\n"
                                "# end";
    QTemporaryDir dir;
    const QString path = dir.filePath(u".pypirc"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(original);
    file.close();
    QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup));

    const auto contents = Registry::readPypirc(original);
    QVERIFY(contents);
    QList<std::pair<int, int>> lines;
    for (const auto &entry : contents->entries) {
        if (entry.password) {
            lines.append({entry.passwordFirstLine, entry.passwordLastLine});
        }
    }
    QCOMPARE(lines.size(), 1); // corp's two-line password is not imported, so not scrubbed
    const auto backup = Registry::scrubPypircFile(path, lines);
    QVERIFY2(backup.has_value(), backup ? "" : qPrintable(backup.error().message));

    QCOMPARE(readAll(*backup), original);
    QCOMPARE(QFile::permissions(*backup) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QByteArray expected = original;
    expected.replace("password = pypi-secret\r\n", "");
    QCOMPARE(readAll(path), expected);
    QVERIFY(QFile::permissions(path).testFlag(QFileDevice::ReadGroup)); // the file's own permissions stay

    // A second scrub makes a second backup; the first is never overwritten.
    const auto again = Registry::scrubPypircFile(path, {{12, 13}});
    QVERIFY2(again.has_value(), again ? "" : qPrintable(again.error().message));
    QVERIFY(*again != *backup);
    QCOMPARE(readAll(*backup), original);
    QVERIFY(!readAll(path).contains("corp-secret"));
    QVERIFY(readAll(path).contains("username = me   \r\n# end"));
}

void TestPypirc::scrubRefusesChangedFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u".pypirc"_s);
    const QByteArray content = "[pypi]\nusername = __token__\nrepository = https://upload.pypi.org/legacy/\n";
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    // Line 2 is a username, not a password: nothing is removed, no backup is made.
    const auto refused = Registry::scrubPypircFile(path, {{2, 2}});
    QVERIFY(!refused);
    QCOMPARE(readAll(path), content);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
}

void TestPypirc::exportReadsBackInTwine()
{
    Registry::Registry pypi;
    pypi.name = u"pypi"_s;
    pypi.uploadUrl = QUrl(u"https://upload.pypi.org/legacy/"_s);
    pypi.username = u"__token__"_s;
    Registry::Registry corp;
    corp.name = u"corp"_s;
    corp.uploadUrl = QUrl(u"https://pypi.corp.example/"_s);
    corp.username = QString(); // Artifactory-style empty username
    corp.caBundlePath = u"/etc/ssl/corp ca.pem"_s;
    const auto text = Registry::writePypirc({pypi, corp});
    QVERIFY(text);
    QVERIFY(!text->contains("password"));
    QVERIFY(text->startsWith("# Written by `slipway registry export-pypirc`"));
    const auto again = Registry::readPypirc(*text);
    QVERIFY(again);
    QCOMPARE(again->entries.size(), 2);
    QCOMPARE(again->entries.at(1).registry.caBundlePath, u"/etc/ssl/corp ca.pem"_s);
    QCOMPARE(again->entries.at(1).registry.username, QString());
    if (m_havePython) {
        const QJsonObject twine = readWithPython({*text}).value(*text).value(u"twine"_s).toObject();
        QCOMPARE(twine.value(u"corp"_s).toObject().value(u"repository"_s).toString(), u"https://pypi.corp.example/"_s);
        QCOMPARE(twine.value(u"corp"_s).toObject().value(u"ca_cert"_s).toString(), u"/etc/ssl/corp ca.pem"_s);
        QVERIFY(twine.value(u"pypi"_s).toObject().value(u"password"_s).isNull());
    }
}

void TestPypirc::exportRefusesLineBreaks()
{
    Registry::Registry odd;
    odd.name = u"odd"_s;
    odd.uploadUrl = QUrl(u"https://odd.example/"_s);
    odd.clientCertPath = u"/tmp/a\nb"_s;
    QVERIFY(!Registry::writePypirc({odd}));
}

QTEST_GUILESS_MAIN(TestPypirc)
#include "testpypirc.moc"
