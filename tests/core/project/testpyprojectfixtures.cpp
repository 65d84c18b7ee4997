// SPDX-License-Identifier: GPL-3.0-or-later
// Round trips on real-world pyproject.toml styles (tests/data/pyproject/*.toml): each fixture
// has an .edits file listing edits and, for each, the exact text change expected. Every edit
// must produce exactly the fixture with those replacements, byte for byte; "refuse" edits
// must fail and leave the text alone.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include "core/project/pyproject.h"
#include "core/project/unifieddiff.h"

using Project::PyProject;

namespace {

struct Replacement {
    QByteArray before;
    QByteArray after;
};

struct EditCase {
    QString header;
    QList<Replacement> replacements;
};

QString dataDirectory()
{
    return QStringLiteral(SLIPWAY_SOURCE_DIR "/tests/data/pyproject");
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return file.readAll();
}

QList<EditCase> parseEdits(const QByteArray &text)
{
    QList<EditCase> cases;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        if (line.startsWith("### ")) {
            cases.append(EditCase{QString::fromUtf8(line.mid(4)), {}});
        } else if (line == "<<<" && !cases.isEmpty()) {
            QList<QByteArray> before;
            QList<QByteArray> after;
            ++i;
            while (i < lines.size() && lines.at(i) != "===") {
                before.append(lines.at(i++));
            }
            ++i;
            while (i < lines.size() && lines.at(i) != ">>>") {
                after.append(lines.at(i++));
            }
            cases.last().replacements.append({before.join('\n'), after.join('\n')});
        }
    }
    return cases;
}

// "set urls.\"Release notes\" https://..." -> verb, key, value (quoted key parts may hold spaces).
void splitHeader(const QString &header, QString &verb, QString &key, QString &value)
{
    verb = header.section(u' ', 0, 0);
    const QString rest = header.section(u' ', 1);
    qsizetype end = 0;
    QChar quote;
    for (; end < rest.size(); ++end) {
        const QChar c = rest.at(end);
        if (!quote.isNull()) {
            if (c == quote) {
                quote = QChar();
            }
        } else if (c == u'"' || c == u'\'') {
            quote = c;
        } else if (c == u' ') {
            break;
        }
    }
    key = rest.left(end);
    value = rest.mid(end + 1);
}

std::expected<PyProject, Project::ProjectError> applyEdit(const PyProject &project, const QString &header)
{
    QString verb;
    QString key;
    QString value;
    splitHeader(header, verb, key, value);
    if (verb == u"set") {
        if (value.startsWith(u'[')) {
            QStringList values;
            for (const QJsonValue &element : QJsonDocument::fromJson(value.toUtf8()).array()) {
                values.append(element.toString());
            }
            return project.setList(key, values);
        }
        return project.set(key, value);
    }
    if (verb == u"add") {
        return project.add(key, value);
    }
    if (verb == u"remove") {
        return project.removeElement(key, value);
    }
    if (verb == u"unset") {
        return project.unset(key);
    }
    if (verb == u"bump") {
        const auto part = Project::bumpPartFromString(key);
        if (!part) {
            return std::unexpected(Project::ProjectError{Project::ProjectError::Code::InvalidValue, key});
        }
        return project.bumpVersion(*part);
    }
    QTest::qFail(qPrintable(QStringLiteral("unknown edit verb in %1").arg(header)), __FILE__, __LINE__);
    return std::unexpected(Project::ProjectError{});
}

} // namespace

class TestPyProjectFixtures final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fixturesCoverEveryKindOfEdit();
    void edits_data();
    void edits();
    void loadsWithoutSyntaxErrors_data();
    void loadsWithoutSyntaxErrors();
};

void TestPyProjectFixtures::fixturesCoverEveryKindOfEdit()
{
    const QStringList fixtures = QDir(dataDirectory()).entryList({QStringLiteral("*.toml")}, QDir::Files, QDir::Name);
    QVERIFY2(fixtures.size() >= 30, qPrintable(QString::number(fixtures.size())));
    for (const QString &fixture : fixtures) {
        const QString base = fixture.chopped(5);
        const QList<EditCase> cases = parseEdits(readFile(dataDirectory() + u'/' + base + QStringLiteral(".edits")));
        QSet<QString> kinds;
        for (const EditCase &edit : cases) {
            QString verb;
            QString key;
            QString value;
            QString header = edit.header;
            if (header.startsWith(QStringLiteral("refuse "))) {
                header = header.mid(7);
            }
            splitHeader(header, verb, key, value);
            kinds.insert(verb);
            if (verb == u"set" && value.startsWith(u'[')) {
                kinds.insert(QStringLiteral("set-list"));
            }
            if (key.startsWith(QStringLiteral("urls."))) {
                kinds.insert(QStringLiteral("urls"));
            }
        }
        for (const char *kind : {"set", "set-list", "add", "remove", "unset", "bump", "urls"}) {
            QVERIFY2(kinds.contains(QString::fromLatin1(kind)), qPrintable(base + QStringLiteral(" lacks ") + QLatin1StringView(kind)));
        }
    }
}

void TestPyProjectFixtures::edits_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("header");
    QTest::addColumn<QList<QByteArray>>("replacements"); // before, after, before, after, ...
    const QStringList fixtures = QDir(dataDirectory()).entryList({QStringLiteral("*.toml")}, QDir::Files, QDir::Name);
    for (const QString &fixture : fixtures) {
        const QString base = fixture.chopped(5);
        for (const EditCase &edit : parseEdits(readFile(dataDirectory() + u'/' + base + QStringLiteral(".edits")))) {
            QList<QByteArray> flat;
            for (const Replacement &replacement : edit.replacements) {
                flat << replacement.before << replacement.after;
            }
            QTest::addRow("%s: %s", qPrintable(base), qPrintable(edit.header)) << fixture << edit.header << flat;
        }
    }
}

void TestPyProjectFixtures::edits()
{
    QFETCH(QString, fixture);
    QFETCH(QString, header);
    QFETCH(QList<QByteArray>, replacements);
    const QByteArray original = readFile(dataDirectory() + u'/' + fixture);
    QVERIFY(!original.isEmpty());
    const bool crlf = original.contains("\r\n");
    // No file next to it: the test is about the text, not about readme/license files.
    const PyProject project = PyProject::fromContent(original, QString());

    if (header.startsWith(QStringLiteral("refuse "))) {
        const auto result = applyEdit(project, header.mid(7));
        QVERIFY2(!result.has_value(), result ? result->content().constData() : "");
        QVERIFY(!result.error().message.isEmpty());
        QCOMPARE(project.content(), original);
        return;
    }
    QByteArray expected = original;
    for (qsizetype i = 0; i + 1 < replacements.size(); i += 2) {
        QByteArray before = replacements.at(i);
        QByteArray after = replacements.at(i + 1);
        if (crlf) {
            before.replace("\n", "\r\n");
            after.replace("\n", "\r\n");
        }
        QCOMPARE(expected.count(before), qsizetype(1));
        expected.replace(before, after);
    }
    const auto result = applyEdit(project, header);
    QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
    if (result->content() != expected) {
        qWarning().noquote() << "\n" << QString::fromUtf8(Project::unifiedDiff(expected, result->content(),
                                                                               QStringLiteral("expected"),
                                                                               QStringLiteral("actual")));
    }
    QCOMPARE(result->content(), expected);
    // The diff the CLI prints is exactly the change, and the edit is undone by applying
    // nothing else: the loaded text is untouched.
    QCOMPARE(result->diff(), Project::unifiedDiff(original, expected, QStringLiteral("a/pyproject.toml"),
                                                  QStringLiteral("b/pyproject.toml")));
    QCOMPARE(project.content(), original);
    QVERIFY(result->isModified());
}

void TestPyProjectFixtures::loadsWithoutSyntaxErrors_data()
{
    QTest::addColumn<QString>("fixture");
    for (const QString &fixture : QDir(dataDirectory()).entryList({QStringLiteral("*.toml")}, QDir::Files, QDir::Name)) {
        QTest::addRow("%s", qPrintable(fixture)) << fixture;
    }
}

void TestPyProjectFixtures::loadsWithoutSyntaxErrors()
{
    QFETCH(QString, fixture);
    const PyProject project = PyProject::fromContent(readFile(dataDirectory() + u'/' + fixture), QString());
    for (const Project::Finding &finding : project.findings()) {
        QVERIFY2(finding.code != u"SW300", qPrintable(finding.toText()));
    }
    QCOMPARE(project.isReadOnly(), fixture.contains(QStringLiteral("readonly")));
}

QTEST_GUILESS_MAIN(TestPyProjectFixtures)
#include "testpyprojectfixtures.moc"
