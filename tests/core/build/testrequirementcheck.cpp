// SPDX-License-Identifier: GPL-3.0-or-later
// The --no-isolation dependency check, as `python -m build` does it, on installed sets the
// hook runner would report; plus requires-python.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "core/build/requirementcheck.h"

using namespace Qt::StringLiterals;

namespace {

// name -> {version, requires}, written as compact JSON for readable rows.
QJsonObject installed(const char *json)
{
    return QJsonObject{{u"found"_s, QJsonDocument::fromJson(json).object()}};
}

QJsonObject linuxPython311()
{
    return QJsonObject{
        {u"python_version"_s, u"3.11"_s},       {u"python_full_version"_s, u"3.11.2"_s},
        {u"sys_platform"_s, u"linux"_s},        {u"os_name"_s, u"posix"_s},
        {u"platform_system"_s, u"Linux"_s},     {u"implementation_name"_s, u"cpython"_s},
        {u"platform_machine"_s, u"x86_64"_s},   {u"platform_python_implementation"_s, u"CPython"_s},
    };
}

} // namespace

class TestRequirementCheck final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unmet_data();
    void unmet();
    void requiresPython_data();
    void requiresPython();
    void invalidRequiresPythonIsReported();
};

void TestRequirementCheck::unmet_data()
{
    QTest::addColumn<QStringList>("requirements");
    QTest::addColumn<QJsonObject>("distributions");
    QTest::addColumn<QStringList>("expected");

    const QJsonObject hatchling = installed(R"({
        "hatchling": {"version": "1.12.2", "requires": ["editables>=0.3", "packaging>=21.3",
                      "tomli>=1.2.2; python_version < '3.11'", "pytest; extra == 'test'"]},
        "editables": {"version": "0.3", "requires": []},
        "packaging": {"version": "23.0", "requires": []}})");

    QTest::addRow("nothing asked") << QStringList() << hatchling << QStringList();
    QTest::addRow("satisfied with dependencies") << QStringList{u"hatchling>=1.5"_s} << hatchling << QStringList();
    QTest::addRow("names are normalised") << QStringList{u"HatchLing"_s} << hatchling << QStringList();
    QTest::addRow("missing") << QStringList{u"flit_core>=3.2"_s} << hatchling << QStringList{u"flit_core>=3.2"_s};
    QTest::addRow("too old") << QStringList{u"hatchling>=2"_s} << hatchling << QStringList{u"hatchling>=2"_s};
    QTest::addRow("pre-releases count") << QStringList{u"editables>=0.3a1"_s} << hatchling << QStringList();
    QTest::addRow("marker excludes") << QStringList{u"missing-thing; python_version < '3'"_s} << hatchling
                                     << QStringList();
    QTest::addRow("marker includes") << QStringList{u"missing-thing; sys_platform == 'linux'"_s} << hatchling
                                     << QStringList{u"missing-thing; sys_platform == 'linux'"_s};
    QTest::addRow("transitive missing")
        << QStringList{u"hatchling"_s}
        << installed(R"({"hatchling": {"version": "1.0", "requires": ["pathspec>=0.10"]}})")
        << QStringList{u"hatchling -> pathspec>=0.10"_s};
    QTest::addRow("transitive too old")
        << QStringList{u"hatchling"_s}
        << installed(R"({"hatchling": {"version": "1.0", "requires": ["pathspec>=0.10"]},
                         "pathspec": {"version": "0.9", "requires": []}})")
        << QStringList{u"hatchling -> pathspec>=0.10"_s};
    QTest::addRow("extra requested") << QStringList{u"hatchling[test]"_s} << hatchling
                                     << QStringList{u"hatchling[test] -> pytest; extra == 'test'"_s};
    QTest::addRow("cycle") << QStringList{u"a"_s}
                           << installed(R"({"a": {"version": "1", "requires": ["b"]},
                                            "b": {"version": "1", "requires": ["a"]}})")
                           << QStringList();
    QTest::addRow("unparseable version fails a specifier")
        << QStringList{u"odd>=1"_s} << installed(R"({"odd": {"version": "not a version", "requires": []}})")
        << QStringList{u"odd>=1"_s};
    QTest::addRow("invalid requirement is reported")
        << QStringList{u"a >="_s} << hatchling << QStringList{u"a >="_s};
}

void TestRequirementCheck::unmet()
{
    QFETCH(QStringList, requirements);
    QFETCH(QJsonObject, distributions);
    QFETCH(QStringList, expected);
    QStringList unmet = Build::unmetRequirements(requirements, distributions, linuxPython311());
    // Invalid requirements carry the parser's reason after the text.
    for (QString &entry : unmet) {
        entry = entry.section(u" (invalid: "_s, 0, 0);
    }
    QCOMPARE(unmet, expected);
}

void TestRequirementCheck::requiresPython_data()
{
    QTest::addColumn<QString>("specifier");
    QTest::addColumn<QString>("version");
    QTest::addColumn<bool>("satisfied");

    QTest::addRow("empty") << QString() << u"3.11.2"_s << true;
    QTest::addRow("lower bound") << u">=3.8"_s << u"3.11.2"_s << true;
    QTest::addRow("too new") << u"<3.11"_s << u"3.11.2"_s << false;
    QTest::addRow("compatible") << u"~=3.10"_s << u"3.11.2"_s << true;
    QTest::addRow("wildcard") << u"==3.11.*"_s << u"3.11.2"_s << true;
    QTest::addRow("excluded") << u">=3.8,!=3.11.*"_s << u"3.11.2"_s << false;
    QTest::addRow("pre-release interpreter") << u">=3.13"_s << u"3.13.0rc1"_s << false;
}

void TestRequirementCheck::requiresPython()
{
    QFETCH(QString, specifier);
    QFETCH(QString, version);
    QFETCH(bool, satisfied);
    const auto result = Build::satisfiesRequiresPython(specifier, version);
    QVERIFY(result.has_value());
    QCOMPARE(*result, satisfied);
}

void TestRequirementCheck::invalidRequiresPythonIsReported()
{
    const auto result = Build::satisfiesRequiresPython(u">=three"_s, u"3.11.2"_s);
    QVERIFY(!result.has_value());
    QVERIFY(result.error().contains(u">=three"_s));
}

QTEST_GUILESS_MAIN(TestRequirementCheck)
#include "testrequirementcheck.moc"
