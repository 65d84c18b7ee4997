// SPDX-License-Identifier: GPL-3.0-or-later
// Readme::validateRst against the real docutils, through the helper `slipway check` uses
// (Check::RstBatch): for every document of a corpus that the validator calls clean, docutils
// must report no problem and the findings must be identical. The corpus: hand-written cases
// (tests/data/rstvalidator: clean-* must be found clean, warn-* are real docutils problems the
// validator must leave to docutils), the benchmark's READMEs (must be clean), the RST long
// descriptions of the installed Python packages, a sample of the .rst files on this machine
// (tests/core/check/rstcorpus.py), and deterministic mutations of all of these.
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include "core/check/descriptionrules.h"
#include "core/check/rstbatch.h"
#include "core/readme/rstvalidator.h"
#include "tests/support/testsupport.h"

using namespace Qt::StringLiterals;

namespace {

constexpr int HangGuardMs = 10 * 60 * 1000;
constexpr int SampledRstFiles = 350;
constexpr int MutationsPerDocument = 7;

struct Document {
    QString name;
    QString group; // hand, bench, metadata, file, mutation
    QString text;
    Readme::RstValidation validation;
    std::optional<Readme::RenderResult> docutils;
};

// Deterministic edits of the kinds that break reStructuredText: a character dropped or
// inserted, an underline shortened, a blank line removed, a line of markup inserted, an
// indentation changed.
QString mutate(const QString &text, int kind, QRandomGenerator &random)
{
    if (text.isEmpty()) {
        return text;
    }
    QStringList lines = text.split(u'\n');
    const auto anyLine = [&] { return static_cast<int>(random.bounded(static_cast<quint32>(lines.size()))); };
    switch (kind) {
    case 0: {
        QString result = text;
        result.remove(random.bounded(static_cast<quint32>(text.size())), 1);
        return result;
    }
    case 1: {
        static const QString inserted = u"*`_|:.- \n\\<>[]#"_s;
        QString result = text;
        result.insert(random.bounded(static_cast<quint32>(text.size() + 1)),
                      inserted.at(random.bounded(static_cast<quint32>(inserted.size()))));
        return result;
    }
    case 2: {
        QList<int> underlines;
        for (int i = 0; i < lines.size(); ++i) {
            const QString &line = lines.at(i);
            if (line.size() > 1 && !line.at(0).isLetterOrNumber() && !line.at(0).isSpace()
                && line.count(line.at(0)) == line.size()) {
                underlines.append(i);
            }
        }
        if (underlines.isEmpty()) {
            return mutate(text, 0, random);
        }
        lines[underlines.at(random.bounded(static_cast<quint32>(underlines.size())))].chop(1);
        return lines.join(u'\n');
    }
    case 3: {
        QList<int> blanks;
        for (int i = 0; i < lines.size(); ++i) {
            if (lines.at(i).trimmed().isEmpty()) {
                blanks.append(i);
            }
        }
        if (blanks.isEmpty()) {
            return mutate(text, 1, random);
        }
        lines.removeAt(blanks.at(random.bounded(static_cast<quint32>(blanks.size()))));
        return lines.join(u'\n');
    }
    case 4: {
        // A line of prose into the middle of the document.
        static const QStringList inserted = {u"*emphasis*"_s, u"* item"_s, u"Title"_s, u"----"_s, u"   indented"_s,
                                             u".. _name: https://example.com"_s, u"`ref`_"_s, u"|sub|"_s, u"1. one"_s,
                                             u"term"_s, u":field: value"_s, u"::"_s};
        lines.insert(anyLine(), inserted.at(random.bounded(static_cast<quint32>(inserted.size()))));
        return lines.join(u'\n');
    }
    default: {
        const int line = anyLine();
        if (lines.at(line).startsWith(u' ')) {
            lines[line].remove(0, 1);
        } else {
            lines[line].prepend(random.bounded(2) == 0 ? u"  "_s : u" "_s);
        }
        return lines.join(u'\n');
    }
    }
}

bool hasDocutilsProblem(const Readme::RenderResult &result)
{
    return std::any_of(result.findings.cbegin(), result.findings.cend(), [](const Readme::Finding &finding) {
        return finding.code == Readme::Finding::Code::RstProblem || finding.code == Readme::Finding::Code::EmptyRendering;
    });
}

QString describe(const QList<Readme::Finding> &findings)
{
    QStringList lines;
    for (const Readme::Finding &finding : findings) {
        lines << u"%1@%2 %3"_s.arg(Readme::codeName(finding.code)).arg(finding.line).arg(finding.message);
    }
    return lines.join(u"\n    "_s);
}

} // namespace

class TestRstValidator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void differential_data();
    void differential();
    void handWrittenCases_data();
    void handWrittenCases();
    void benchmarkReadmesAreClean();
    void summary();

private:
    void loadCorpus();
    void renderThroughDocutils();

    QList<Document> m_documents;
};

void TestRstValidator::loadCorpus()
{
    const QDir hand(QStringLiteral(SLIPWAY_SOURCE_DIR "/tests/data/rstvalidator"));
    const QStringList handFiles = hand.entryList({u"*.rst"_s}, QDir::Files, QDir::Name);
    QVERIFY(handFiles.size() > 50);
    for (const QString &file : handFiles) {
        QFile input(hand.filePath(file));
        QVERIFY(input.open(QIODevice::ReadOnly));
        m_documents.append(Document{file, u"hand"_s, QString::fromUtf8(input.readAll()), {}, {}});
    }

    QProcess corpus;
    corpus.start(TestSupport::systemPython(),
                 {QStringLiteral(SLIPWAY_SOURCE_DIR "/tests/core/check/rstcorpus.py"), QStringLiteral(SLIPWAY_SOURCE_DIR),
                  QString::number(SampledRstFiles)});
    QVERIFY(corpus.waitForFinished(HangGuardMs));
    QCOMPARE(corpus.exitCode(), 0);
    const QJsonArray machine = QJsonDocument::fromJson(corpus.readAllStandardOutput()).array();
    QVERIFY(machine.size() > 12);
    for (const QJsonValue &value : machine) {
        const QJsonObject object = value.toObject();
        m_documents.append(Document{object.value(u"name").toString(), object.value(u"group").toString(),
                                    object.value(u"text").toString(), {}, {}});
    }

    QRandomGenerator random(20261121);
    const qsizetype originals = m_documents.size();
    for (qsizetype i = 0; i < originals; ++i) {
        for (int mutation = 0; mutation < MutationsPerDocument; ++mutation) {
            const Document &original = m_documents.at(i);
            m_documents.append(Document{u"%1~mutation%2"_s.arg(original.name).arg(mutation), u"mutation"_s,
                                        mutate(original.text, mutation % 6, random), {}, {}});
        }
    }
}

void TestRstValidator::renderThroughDocutils()
{
    // No render cache: every answer comes from docutils now.
    Check::RstBatch batch(TestSupport::systemPython());
    QHash<int, Readme::RenderResult> answers;
    connect(&batch, &Check::RstBatch::rendered, this,
            [&answers](int id, const Readme::RenderResult &result) { answers.insert(id, result); });
    int sent = 0;
    for (int i = 0; i < m_documents.size(); ++i) {
        Document &document = m_documents[i];
        // Every clean verdict is checked; the warn-* cases are checked to be real problems.
        if (document.validation.isClean() || document.group == u"hand"_s) {
            batch.render(i, document.text);
            ++sent;
        }
    }
    batch.finishInput();
    QSignalSpy spy(&batch, &Check::RstBatch::rendered);
    while (answers.size() < sent) {
        QVERIFY2(spy.wait(HangGuardMs), "docutils stopped answering");
    }
    for (auto it = answers.cbegin(); it != answers.cend(); ++it) {
        m_documents[it.key()].docutils = it.value();
    }
}

void TestRstValidator::initTestCase()
{
    loadCorpus();
    for (Document &document : m_documents) {
        document.validation = Readme::validateRst(document.text);
    }
    renderThroughDocutils();
}

void TestRstValidator::differential_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < m_documents.size(); ++i) {
        if (m_documents.at(i).validation.isClean()) {
            QTest::addRow("%s", qPrintable(m_documents.at(i).name)) << i;
        }
    }
}

void TestRstValidator::differential()
{
    QFETCH(int, index);
    const Document &document = m_documents.at(index);
    QVERIFY(document.docutils.has_value());
    const Readme::RenderResult &docutils = *document.docutils;
    QVERIFY2(docutils.verified, qPrintable(describe(docutils.findings)));
    QVERIFY2(!hasDocutilsProblem(docutils), qPrintable(u"false Clean; docutils says:\n    "_s + describe(docutils.findings)));
    QVERIFY2(docutils.findings == document.validation.findings,
             qPrintable(u"docutils:\n    %1\nvalidator:\n    %2"_s.arg(describe(docutils.findings),
                                                                  describe(document.validation.findings))));
    // And so the check reports exactly the same (SW4xx) findings.
    QCOMPARE(Check::rstRenderFindings(docutils), Check::rstRenderFindings(Readme::RenderResult{{}, document.validation.findings, true}));
}

void TestRstValidator::handWrittenCases_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < m_documents.size(); ++i) {
        if (m_documents.at(i).group == u"hand"_s) {
            QTest::addRow("%s", qPrintable(m_documents.at(i).name)) << i;
        }
    }
}

void TestRstValidator::handWrittenCases()
{
    QFETCH(int, index);
    const Document &document = m_documents.at(index);
    QVERIFY(document.docutils.has_value());
    if (document.name.startsWith(u"clean-"_s)) {
        // The fast path covers these: a regression here silently costs docutils runs.
        QVERIFY2(document.validation.isClean(), qPrintable(document.validation.reason));
    }
    if (document.name.startsWith(u"warn-"_s)) {
        // A real docutils problem (the case is what its name says), left to docutils.
        QVERIFY2(hasDocutilsProblem(*document.docutils), qPrintable(describe(document.docutils->findings)));
        QVERIFY(!document.validation.isClean());
    }
}

void TestRstValidator::benchmarkReadmesAreClean()
{
    int bench = 0;
    for (const Document &document : std::as_const(m_documents)) {
        if (document.group == u"bench"_s) {
            ++bench;
            QVERIFY2(document.validation.isClean(), qPrintable(document.name + u": "_s + document.validation.reason));
        }
    }
    QVERIFY(bench > 0);
}

void TestRstValidator::summary()
{
    QHash<QString, QPair<int, int>> byGroup; // group -> (clean, needs docutils)
    QHash<QString, int> reasons;
    for (const Document &document : std::as_const(m_documents)) {
        auto &counts = byGroup[document.group];
        if (document.validation.isClean()) {
            ++counts.first;
        } else {
            ++counts.second;
            ++reasons[document.validation.reason];
        }
    }
    for (auto it = byGroup.cbegin(); it != byGroup.cend(); ++it) {
        qInfo("%-9s %5d clean, %5d need docutils", qPrintable(it.key()), it.value().first, it.value().second);
    }
    QList<QPair<int, QString>> sorted;
    for (auto it = reasons.cbegin(); it != reasons.cend(); ++it) {
        sorted.append({it.value(), it.key()});
    }
    std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (qsizetype i = 0; i < std::min<qsizetype>(sorted.size(), 12); ++i) {
        qInfo("  %5d %s", sorted.at(i).first, qPrintable(sorted.at(i).second));
    }
}

QTEST_GUILESS_MAIN(TestRstValidator)
#include "testrstvalidator.moc"
