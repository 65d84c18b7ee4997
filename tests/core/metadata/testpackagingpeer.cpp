// SPDX-License-Identifier: GPL-3.0-or-later
// Differential test: Slipway's metadata parsers against Python's packaging (the real peer,
// /usr/bin/python3 with python3-packaging), on hand-picked and generated inputs. The expected
// answers are computed by packaging at test time (tests/core/metadata/packaging_oracle.py).
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include "core/metadata/marker.h"
#include "core/metadata/name.h"
#include "core/metadata/requirement.h"
#include "core/metadata/specifier.h"
#include "core/metadata/version.h"
#include "tests/support/testsupport.h"

using namespace Metadata;

namespace {

QStringList handPickedVersions()
{
    return {
        // valid spellings
        u"1.0"_qs, u"1.0.0"_qs, u"1"_qs, u"0"_qs, u"00"_qs, u"v1.0"_qs, u"V1.0"_qs, u" 1.0 "_qs, u"\t1.0\n"_qs,
        u"\u20031.0\u3000"_qs, u"1.0\x1c"_qs, u"1.0a1"_qs, u"1.0A1"_qs, u"1.0alpha1"_qs, u"1.0-alpha-1"_qs,
        u"1.0.alpha.1"_qs, u"1.0_a_1"_qs, u"1.0b2"_qs, u"1.0beta2"_qs, u"1.0c3"_qs, u"1.0rc3"_qs, u"1.0pre3"_qs,
        u"1.0preview3"_qs, u"1.0RC"_qs, u"1.0a"_qs, u"1.0.post1"_qs, u"1.0post1"_qs, u"1.0-post1"_qs, u"1.0-1"_qs,
        u"1.0r1"_qs, u"1.0rev1"_qs, u"1.0.post"_qs, u"1.0-r"_qs, u"1.0.dev1"_qs, u"1.0dev"_qs, u"1.0-dev-1"_qs,
        u"1.0.post1.dev2"_qs, u"1.0a1.post2.dev3"_qs, u"1!1.0"_qs, u"0!1.0"_qs, u"01!01.02"_qs, u"1.0+local"_qs,
        u"1.0+LOCAL.1"_qs, u"1.0+abc-def_ghi"_qs, u"1.0+01"_qs, u"1.0+1.a"_qs, u"1.0+a.1"_qs, u"1.0a..post"_qs,
        u"1.0dev-"_qs, u"1.0a."_qs, u"1.0.post.dev"_qs, u"2024.01.31"_qs, u"1.2.3.4.5.6"_qs, u"1.0a1-1"_qs,
        u"1.0a-1"_qs, u"1.0-a1"_qs, u"1.0preview"_qs, u"1.0.POST1.DEV2"_qs, u"1.0+ubuntu-1"_qs,
        u"18446744073709551615"_qs, u"1.0+000.0010"_qs, u"1.0_post_1"_qs, u"1.0.r.1"_qs,
        // invalid
        u""_qs, u" "_qs, u"1.0-"_qs, u"1.0a..."_qs, u"a1"_qs, u"1..0"_qs, u".1"_qs, u"1."_qs, u"1.0+"_qs,
        u"1.0+abc."_qs, u"1.0+a_"_qs, u"1.0 a1"_qs, u"1.0.*"_qs, u"1!"_qs, u"!1"_qs, u"1.0a1a1"_qs,
        u"1.0.post1.post2"_qs, u"1.0dev1a1"_qs, u"\u0663"_qs, u"1.0\u00e9"_qs, u"1.0-+"_qs, u"vv1"_qs, u"1.0_"_qs,
        u"1.0+ab cd"_qs, u"1.0-dev1.post1"_qs, u"1.0.dev1.dev2"_qs, u"1,0"_qs, u"1.0++a"_qs, u"1.0+a..b"_qs,
        u"1.0-foo"_qs, u"french toast"_qs, u"1.0.0-final"_qs, u"v"_qs, u"1.0a1.a2"_qs,
    };
}

// Random spellings of PEP 440 parts, valid and broken, from a fixed seed.
QStringList generatedVersions(int count, quint32 seed)
{
    QRandomGenerator random(seed);
    const auto pick = [&](const QStringList &options) {
        return options[random.bounded(int(options.size()))];
    };
    const auto digits = [&]() {
        const int length = 1 + random.bounded(3);
        QString text;
        for (int i = 0; i < length; ++i) {
            text += QChar(u'0' + random.bounded(10));
        }
        return text;
    };
    const QStringList separators = {u""_qs, u"."_qs, u"-"_qs, u"_"_qs};
    const QStringList preLabels = {u"a"_qs, u"b"_qs, u"c"_qs, u"rc"_qs, u"alpha"_qs, u"beta"_qs, u"pre"_qs,
                                   u"preview"_qs, u"RC"_qs, u"Alpha"_qs};
    const QStringList postLabels = {u"post"_qs, u"rev"_qs, u"r"_qs, u"POST"_qs};
    const QStringList junk = {u"."_qs, u"-"_qs, u"+"_qs, u"!"_qs, u"x"_qs, u" "_qs, u"*"_qs, u"_"_qs, u"a"_qs};
    QStringList result;
    for (int n = 0; n < count; ++n) {
        QString text;
        if (random.bounded(8) == 0) {
            text += pick({u"v"_qs, u"V"_qs, u" "_qs});
        }
        if (random.bounded(6) == 0) {
            text += digits() + u'!';
        }
        const int components = 1 + random.bounded(4);
        for (int i = 0; i < components; ++i) {
            text += (i ? u"."_qs : u""_qs) + digits();
        }
        if (random.bounded(3) == 0) {
            text += pick(separators) + pick(preLabels) + pick(separators) + (random.bounded(4) ? digits() : u""_qs);
        }
        if (random.bounded(4) == 0) {
            if (random.bounded(3) == 0) {
                text += u'-' + digits();
            } else {
                text += pick(separators) + pick(postLabels) + pick(separators)
                    + (random.bounded(4) ? digits() : u""_qs);
            }
        }
        if (random.bounded(4) == 0) {
            text += pick(separators) + pick({u"dev"_qs, u"DEV"_qs}) + pick(separators)
                + (random.bounded(4) ? digits() : u""_qs);
        }
        if (random.bounded(5) == 0) {
            text += u'+' + pick({u"abc"_qs, u"Ubuntu"_qs, u"1"_qs, u"007"_qs});
            const int segments = random.bounded(3);
            for (int i = 0; i < segments; ++i) {
                text += pick({u"."_qs, u"-"_qs, u"_"_qs}) + pick({u"x"_qs, u"12"_qs, u"0"_qs, u"b2"_qs});
            }
        }
        if (random.bounded(6) == 0) {
            text.insert(random.bounded(int(text.size()) + 1), pick(junk));
        }
        result.append(text);
    }
    return result;
}

QStringList namesCases()
{
    return {u"Django"_qs, u"django"_qs, u"zope.interface"_qs, u"Zope_Interface"_qs, u"a--b__c..d"_qs,
            u"A-_.-B"_qs, u"-leading"_qs, u"trailing."_qs, u"UPPER"_qs, u"x"_qs, u"\u00e9t\u00e9"_qs, u"a.b-c_d"_qs,
            u"\u212Aelvin"_qs, u"."_qs, u""_qs};
}

QStringList probesCases()
{
    return {u"0.9"_qs,   u"1.0"_qs,      u"1.0.0"_qs,     u"1.0a1"_qs,   u"1.0.dev1"_qs, u"1.0.post1"_qs,
            u"1.0+local"_qs, u"1.1"_qs,  u"1.4.5"_qs,     u"1.4.6"_qs,   u"1.5"_qs,      u"2.0"_qs,
            u"1!1.0"_qs, u"1.0rc1"_qs,   u"1.5a1"_qs,     u"2.0.0.post1"_qs, u"1.4"_qs,  u"1.4.5a4"_qs,
            u"1.4.5.post1"_qs, u"1.4.5+x"_qs, u"3.8"_qs,  u"3.10.2"_qs,  u"3.13.0rc1"_qs, u"0.0.1"_qs,
            u"2.2"_qs,   u"2.2rc1"_qs,   u"2.3.0"_qs,     u"1.0+1"_qs,   u"1.0.0+local.7"_qs, u"1.1.dev0"_qs};
}

QStringList specifiersCases()
{
    QStringList result = {
        u"==1.0"_qs, u"== 1.0"_qs, u" >= 1.0 "_qs, u">=1.0a1"_qs, u"<2.0"_qs, u"<2.0a1"_qs, u">1.0"_qs,
        u">1.0.post1"_qs, u">1.0a1"_qs, u"<=1.4.5"_qs, u"!=1.4.5"_qs, u"~=1.4.5"_qs, u"~=1.4"_qs, u"~=1"_qs,
        u"~=1.4.5a4"_qs, u"~=2.2rc1"_qs, u"~=2.2.0alpha1"_qs, u"~=1!1.0"_qs, u"~=v1.4"_qs, u"~=1.4.post1"_qs,
        u"~=1.4-post1"_qs, u"~=1.4.5.dev1"_qs, u"==1.*"_qs, u"==1.0.*"_qs, u"!=1.4.*"_qs, u"==1.4.5.*"_qs,
        u"==1!1.*"_qs, u"==1.0+local"_qs, u"==1.0+LOCAL"_qs, u"!=1.0+local"_qs, u"===1.0"_qs, u"===1.0+local"_qs,
        u"===foo"_qs, u"==="_qs, u"===1.0a1"_qs, u">=1.0+local"_qs, u">=1.*"_qs, u"~=1.0.*"_qs, u"==1.0.*.1"_qs,
        u"=1.0"_qs, u"1.0"_qs, u"==>1.0"_qs, u"<==1.0"_qs, u">=1.0,"_qs, u"==1.0alpha"_qs, u">=1.0preview"_qs,
        u"==1.0-1"_qs, u"==v1.0"_qs, u"==1.0a"_qs, u"==1.0dev-"_qs, u"!= 1.0 "_qs, u"==1.4.5a4"_qs,
        u">=3.8"_qs, u"<3.10"_qs, u"==3.13.*"_qs, u">=3.13.0rc1"_qs, u"== 2.2.*"_qs, u"<=1.0.dev1"_qs,
        u">=1.0.dev0"_qs, u"<1.0.post1"_qs, u">1.0+local"_qs, u"==0.0.1"_qs, u"!=1.1.dev0"_qs, u"<1.1"_qs,
        u">1.0.0"_qs, u"===1.0.0"_qs, u"==1.0.0+local.7"_qs, u"== 1.0.* "_qs, u"~= 1.4"_qs, u"==1.0.*+a"_qs,
    };
    // Generated: every operator with generated version spellings.
    const QStringList operators = {u"=="_qs, u"!="_qs, u">="_qs, u"<="_qs, u">"_qs, u"<"_qs, u"~="_qs, u"==="_qs};
    const QStringList versions = generatedVersions(60, 4711);
    for (qsizetype i = 0; i < versions.size(); ++i) {
        result.append(operators[i % operators.size()] + versions[i]);
        result.append(operators[(i + 3) % operators.size()] + versions[i] + (i % 5 == 0 ? u".*"_qs : u""_qs));
    }
    return result;
}

QStringList specifierSetsCases()
{
    return {u""_qs, u",,"_qs, u" , "_qs, u">=1.0,<2.0"_qs, u">=1.0, <2.0"_qs, u"<2.0,>=1.0,>=1.0.0"_qs,
            u">=1.0a1"_qs, u">=1.0a1,<2"_qs, u"!=1.5a1"_qs, u"==1.*,!=1.4.5"_qs, u">=1.0,,<2"_qs, u"~=1.4,!=1.4.6"_qs,
            u">=1.0;"_qs, u">=1.0 <2"_qs, u"===foo,>=1"_qs, u">=3.8,!=3.9.*"_qs, u"==1.0,==1.0.0"_qs,
            u"<1.0.post1,>0.9"_qs, u">=1.0.dev0"_qs, u"bogus"_qs, u">=1.0,bogus"_qs, u">=1.0.*"_qs};
}

QStringList markersCases()
{
    return {
        u"python_version >= \"3.8\""_qs,
        u"python_version>='3.8'"_qs,
        u"python_version < \"3.10\" and os_name == \"posix\""_qs,
        u"os_name == \"nt\" or python_version < \"3\" and sys_platform == \"linux\""_qs,
        u"(os_name == \"nt\" or python_version < \"3\") and sys_platform == \"linux\""_qs,
        u"sys_platform in \"linux darwin\""_qs,
        u"'linux' in sys_platform"_qs,
        u"sys_platform not in \"win32 cygwin\""_qs,
        u"sys_platform not  in 'x'"_qs,
        u"extra == \"Test_Extra\""_qs,
        u"extra == 'test' or extra == 'Docs.Build'"_qs,
        u"\"test\" == extra"_qs,
        u"os.name == 'posix'"_qs,
        u"platform.python_implementation == 'CPython'"_qs,
        u"python_implementation == 'CPython'"_qs,
        u"platform_python_implementation != 'PyPy'"_qs,
        u"python_full_version >= '3.13.0rc1'"_qs,
        u"python_full_version < '3.13'"_qs,
        u"python_version == '3.11.*'"_qs,
        u"python_version ~= '3.8'"_qs,
        u"python_version === '3.11'"_qs,
        u"implementation_name == 'cpython' and implementation_version >= '3.11'"_qs,
        u"platform_machine == 'x86_64' and platform_system == 'Linux'"_qs,
        u"platform_version >= '1'"_qs,
        u"os_name < 'posiz'"_qs,
        u"os_name >= 'nt'"_qs,
        u"os_name == '1.0' or True"_qs,
        u"   python_version  >=  '3'   "_qs,
        u"((python_version >= '3'))"_qs,
        u"(python_version >= '3') and (os_name == 'posix' or os_name == 'nt')"_qs,
        u"python_version >= '3' and"_qs,
        u"python_version >= "_qs,
        u"python_version"_qs,
        u"python_version = '3'"_qs,
        u"python_versions == '3'"_qs,
        u"extra_names == 'x'"_qs,
        u"(python_version >= '3'"_qs,
        u"python_version >= '3')"_qs,
        u"python_version >= '3' garbage"_qs,
        u"os_name == \"unterminated"_qs,
        u"os_name notin 'x'"_qs,
        u"os_name not'x'"_qs,
        u"os_name=='posix'and python_version>='3'"_qs,
        u"os_name=='posix'andpython_version>='3'"_qs,
        u"os_name == 'a\\tb'"_qs,
        u"os_name == 'x\\'"_qs,
        u"os_name == \"it's\""_qs,
        u"python_version > '3.8' or python_version < '2'"_qs,
        u"python_version in '3.10 3.11'"_qs,
        u"python_version < '3.10'"_qs,
        u"python_version <= '3.8.*'"_qs,
        u""_qs,
        u"extra == 'a' and extra == 'B'"_qs,
        u"python_version == python_version"_qs,
        u"sys_platform == 'linux'\n"_qs,
    };
}

QJsonArray environmentsCases()
{
    const auto environment = [](std::initializer_list<std::pair<const char *, const char *>> values) {
        QJsonObject object;
        for (const auto &[key, value] : values) {
            object.insert(QString::fromLatin1(key), QString::fromUtf8(value));
        }
        return object;
    };
    return {
        environment({{"implementation_name", "cpython"}, {"implementation_version", "3.11.2"}, {"os_name", "posix"},
                     {"platform_machine", "x86_64"}, {"platform_release", "6.1.0"}, {"platform_system", "Linux"},
                     {"platform_version", "#1 SMP"}, {"python_full_version", "3.11.2"},
                     {"platform_python_implementation", "CPython"}, {"python_version", "3.11"},
                     {"sys_platform", "linux"}, {"extra", ""}}),
        environment({{"implementation_name", "cpython"}, {"implementation_version", "3.8.10"}, {"os_name", "nt"},
                     {"platform_machine", "AMD64"}, {"platform_release", "10"}, {"platform_system", "Windows"},
                     {"platform_version", "10.0.19041"}, {"python_full_version", "3.8.10"},
                     {"platform_python_implementation", "CPython"}, {"python_version", "3.8"},
                     {"sys_platform", "win32"}, {"extra", "test"}}),
        environment({{"implementation_name", "pypy"}, {"implementation_version", "7.3.12"}, {"os_name", "posix"},
                     {"platform_machine", "arm64"}, {"platform_release", "23.1.0"}, {"platform_system", "Darwin"},
                     {"platform_version", "Darwin Kernel"}, {"python_full_version", "3.13.0rc1"},
                     {"platform_python_implementation", "PyPy"}, {"python_version", "3.13"},
                     {"sys_platform", "darwin"}, {"extra", "docs-build"}}),
        environment({{"implementation_name", "cpython"}, {"implementation_version", "2.7.18"}, {"os_name", "posix"},
                     {"platform_machine", "i686"}, {"platform_release", "4.19"}, {"platform_system", "Linux"},
                     {"platform_version", "2"}, {"python_full_version", "2.7.18"},
                     {"platform_python_implementation", "CPython"}, {"python_version", "2.7"},
                     {"sys_platform", "linux2"}, {"extra", "Test-Extra"}}),
    };
}

QStringList requirementsCases()
{
    return {
        u"requests"_qs, u"requests>=2.8.1"_qs, u"requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < \"2.7\""_qs,
        u"name[quux, strange];python_version<'2.7' and platform_version=='2'"_qs, u"name; os_name=='a' or os_name=='b'"_qs,
        u"name@http://foo.com"_qs, u"name @ https://foo.com/pkg.whl ; python_version >= '3'"_qs,
        u"name @ file:///tmp/pkg"_qs, u"name @ file:/tmp/pkg"_qs, u"name @ FILE:///tmp/pkg"_qs,
        u"name @ file://host/tmp/pkg"_qs, u"name @ file:///x?"_qs, u"name @ file:///x?a#b"_qs, u"name @ /tmp/pkg"_qs,
        u"name @ http:///path"_qs, u"name @ git+https://github.com/pypa/pip@main#egg=pip"_qs,
        u"name @ https://foo.com;os_name=='a'"_qs, u"name @ https://[::1/x"_qs,
        u"foo==1.0alpha"_qs, u"foo==1.0alpha1"_qs, u"foo>=1.0preview"_qs, u"foo>=1.0rev1"_qs, u"foo==1.0a"_qs,
        u"foo_"_qs, u"foo-"_qs, u"foo.bar"_qs, u"foo===1.0,<2"_qs, u"foo===a,b"_qs, u"foo >= 1.0 , < 2"_qs,
        u"foo (>=1.0)"_qs, u"foo(>=1.0, <2)"_qs, u"foo (>=1.0"_qs, u"foo[bar, baz ]>=1"_qs, u"foo[bar baz]"_qs,
        u"foo[bar,]"_qs, u"foo[]"_qs, u"foo[bar"_qs, u"foo[bar,bar]"_qs, u"foo==1.0.post1dev2"_qs, u"foo==1.0.*"_qs,
        u"foo~=1"_qs, u"foo;os_name==\"a\" garbage"_qs, u"foo ; "_qs, u"foo;"_qs, u"  foo  "_qs, u""_qs, u"   "_qs,
        u"-foo"_qs, u"foo bar"_qs, u"foo>=1.0 ;extra=='Test_X'"_qs, u"foo>=1.0;(os_name=='a')"_qs,
        u"foo\n"_qs, u"foo>=1.0\n"_qs, u"foo @ http://x\n"_qs, u"foo[a]@ http://x ; extra == 'b'"_qs,
        u"foo==1.0+local"_qs, u">=1.0"_qs, u"foo=1.0"_qs, u"foo >=1.0 garbage"_qs, u"foo,>=1"_qs,
        u"foo>=1,"_qs, u"\u00e9t\u00e9"_qs, u"foo\u00e9"_qs, u"Foo.Bar_baz-2 >= 1"_qs, u"foo @"_qs,
        u"foo @ http://x garbage"_qs, u"foo@http://x;"_qs, u"foo>=1.0;python_version>='3' and"_qs,
    };
}

QJsonArray toJson(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QString boolString(bool value)
{
    return value ? u"1"_qs : u"0"_qs;
}

QHash<QString, QString> toEnvironment(const QJsonObject &object)
{
    QHash<QString, QString> environment;
    for (auto it = object.begin(); it != object.end(); ++it) {
        environment.insert(it.key(), it.value().toString());
    }
    return environment;
}

} // namespace

class TestPackagingPeer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void versions_data();
    void versions();
    void ordering_data();
    void ordering();
    void names_data();
    void names();
    void specifiers_data();
    void specifiers();
    void specifierSets_data();
    void specifierSets();
    void markers_data();
    void markers();
    void requirements_data();
    void requirements();

private:
    QStringList m_versions;
    QStringList m_ordered;
    QStringList m_specifiers;
    QStringList m_specifierSets;
    QStringList m_markers;
    QStringList m_requirements;
    QJsonObject m_answer;
};

void TestPackagingPeer::initTestCase()
{
    m_versions = handPickedVersions() + generatedVersions(1500, 20240601);
    for (const QString &text : m_versions) {
        if (Version::parse(text) && m_ordered.size() < 220 && !m_ordered.contains(text)) {
            m_ordered.append(text);
        }
    }
    m_specifiers = specifiersCases();
    m_specifierSets = specifierSetsCases();
    m_markers = markersCases();
    m_requirements = requirementsCases();

    QJsonObject request;
    request.insert(u"versions"_qs, toJson(m_versions));
    request.insert(u"compare"_qs, toJson(m_ordered));
    request.insert(u"names"_qs, toJson(namesCases()));
    request.insert(u"probes"_qs, toJson(probesCases()));
    request.insert(u"specifiers"_qs, toJson(m_specifiers));
    request.insert(u"specifier_sets"_qs, toJson(m_specifierSets));
    request.insert(u"markers"_qs, toJson(m_markers));
    request.insert(u"environments"_qs, environmentsCases());
    request.insert(u"requirements"_qs, toJson(m_requirements));

    const QString oracle = QStringLiteral(SLIPWAY_SOURCE_DIR "/tests/core/metadata/packaging_oracle.py");
    const TestSupport::ProcessResult result = TestSupport::run(TestSupport::systemPython(), {u"-I"_qs, oracle},
                                                               QJsonDocument(request).toJson(QJsonDocument::Compact));
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QJsonParseError error;
    m_answer = QJsonDocument::fromJson(result.out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QString version = m_answer.value(u"packaging"_qs).toString();
    QVERIFY2(version.section(u'.', 0, 0).toInt() >= 23, qPrintable(version));
    QCOMPARE(m_answer.value(u"versions"_qs).toArray().size(), m_versions.size());
}

void TestPackagingPeer::versions_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonObject>("expected");
    const QJsonArray answers = m_answer.value(u"versions"_qs).toArray();
    for (qsizetype i = 0; i < m_versions.size(); ++i) {
        QTest::addRow("%d: %s", int(i), qPrintable(m_versions[i])) << m_versions[i] << answers[i].toObject();
    }
}

void TestPackagingPeer::versions()
{
    QFETCH(QString, text);
    QFETCH(QJsonObject, expected);
    const auto version = Version::parse(text);
    QCOMPARE(version.has_value(), expected.value(u"valid"_qs).toBool());
    if (!version) {
        QVERIFY(!version.error().isEmpty());
        return;
    }
    QCOMPARE(version->toString(), expected.value(u"str"_qs).toString());
    QCOMPARE(version->canonical(), expected.value(u"canonical"_qs).toString());
    QCOMPARE(version->publicVersion(), expected.value(u"public"_qs).toString());
    QCOMPARE(version->baseVersion(), expected.value(u"base"_qs).toString());
    QCOMPARE(double(version->epoch()), expected.value(u"epoch"_qs).toDouble());
    QJsonArray release;
    for (const quint64 component : version->release()) {
        release.append(double(component));
    }
    QCOMPARE(release, expected.value(u"release"_qs).toArray());
    const QJsonValue pre = expected.value(u"pre"_qs);
    QCOMPARE(version->parts().pre.has_value(), !pre.isNull());
    if (version->parts().pre) {
        QCOMPARE(version->parts().pre->label, pre.toArray()[0].toString());
        QCOMPARE(double(version->parts().pre->number), pre.toArray()[1].toDouble());
    }
    QCOMPARE(version->parts().post.has_value(), !expected.value(u"post"_qs).isNull());
    QCOMPARE(double(version->parts().post.value_or(0)), expected.value(u"post"_qs).toDouble());
    QCOMPARE(version->parts().dev.has_value(), !expected.value(u"dev"_qs).isNull());
    QCOMPARE(double(version->parts().dev.value_or(0)), expected.value(u"dev"_qs).toDouble());
    QCOMPARE(version->parts().local, expected.value(u"local"_qs).toString());
    QCOMPARE(version->isPrerelease(), expected.value(u"is_prerelease"_qs).toBool());
    QCOMPARE(version->isPostRelease(), expected.value(u"is_postrelease"_qs).toBool());
    QCOMPARE(version->isDevRelease(), expected.value(u"is_devrelease"_qs).toBool());
    QCOMPARE(Version::isNormalized(text), version->toString() == text);
}

void TestPackagingPeer::ordering_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const QJsonArray rows = m_answer.value(u"compare"_qs).toArray();
    QCOMPARE(rows.size(), m_ordered.size());
    for (qsizetype i = 0; i < m_ordered.size(); ++i) {
        QTest::addRow("%s", qPrintable(m_ordered[i])) << m_ordered[i] << rows[i].toString();
    }
}

void TestPackagingPeer::ordering()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const Version version = *Version::parse(text);
    QString actual;
    for (const QString &other : m_ordered) {
        const Version right = *Version::parse(other);
        const auto order = version <=> right;
        actual += order < 0 ? u'<' : (order > 0 ? u'>' : u'=');
        if (order == 0) {
            QCOMPARE(qHash(version), qHash(right));
        }
    }
    QCOMPARE(actual, expected);
}

void TestPackagingPeer::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("normalized");
    const QJsonArray answers = m_answer.value(u"names"_qs).toArray();
    const QStringList list = namesCases();
    for (qsizetype i = 0; i < list.size(); ++i) {
        QTest::addRow("%s", qPrintable(list[i])) << list[i] << answers[i].toObject().value(u"normalized"_qs).toString();
    }
}

void TestPackagingPeer::names()
{
    QFETCH(QString, name);
    QFETCH(QString, normalized);
    QCOMPARE(normalizeName(name), normalized);
}

void TestPackagingPeer::specifiers_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonObject>("expected");
    const QJsonArray answers = m_answer.value(u"specifiers"_qs).toArray();
    for (qsizetype i = 0; i < m_specifiers.size(); ++i) {
        QTest::addRow("%d: %s", int(i), qPrintable(m_specifiers[i])) << m_specifiers[i] << answers[i].toObject();
    }
}

void TestPackagingPeer::specifiers()
{
    QFETCH(QString, text);
    QFETCH(QJsonObject, expected);
    const auto specifier = Specifier::parse(text);
    QCOMPARE(specifier.has_value(), expected.value(u"valid"_qs).toBool());
    if (!specifier) {
        return;
    }
    QCOMPARE(specifier->toString(), expected.value(u"str"_qs).toString());
    const QString expectedDefault = expected.value(u"default"_qs).toString();
    const QString expectedAllow = expected.value(u"allow"_qs).toString();
    const QStringList list = probesCases();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const Version probe = *Version::parse(list[i]);
        if (expectedDefault[i] != u'E') {
            QVERIFY2(boolString(specifier->contains(probe, PrereleasePolicy::FromSpecifier)) == expectedDefault[i],
                     qPrintable(u"default policy, probe "_qs + list[i]));
            QVERIFY2(boolString(specifier->contains(probe, false)) == expectedDefault[i],
                     qPrintable(u"contains(v, false), probe "_qs + list[i]));
        }
        if (expectedAllow[i] != u'E') {
            QVERIFY2(boolString(specifier->contains(probe)) == expectedAllow[i],
                     qPrintable(u"prereleases allowed, probe "_qs + list[i]));
        }
    }
}

void TestPackagingPeer::specifierSets_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonObject>("expected");
    const QJsonArray answers = m_answer.value(u"specifier_sets"_qs).toArray();
    for (qsizetype i = 0; i < m_specifierSets.size(); ++i) {
        QTest::addRow("%d: %s", int(i), qPrintable(m_specifierSets[i])) << m_specifierSets[i] << answers[i].toObject();
    }
}

void TestPackagingPeer::specifierSets()
{
    QFETCH(QString, text);
    QFETCH(QJsonObject, expected);
    const auto set = SpecifierSet::parse(text);
    QCOMPARE(set.has_value(), expected.value(u"valid"_qs).toBool());
    if (!set) {
        QVERIFY(!set.error().isEmpty());
        return;
    }
    QCOMPARE(set->toString(), expected.value(u"str"_qs).toString());
    const QString expectedDefault = expected.value(u"default"_qs).toString();
    const QString expectedAllow = expected.value(u"allow"_qs).toString();
    const QStringList list = probesCases();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const Version probe = *Version::parse(list[i]);
        if (expectedDefault[i] != u'E') {
            QVERIFY2(boolString(set->contains(probe)) == expectedDefault[i], qPrintable(u"default, probe "_qs + list[i]));
        }
        if (expectedAllow[i] != u'E') {
            QVERIFY2(boolString(set->contains(probe, true)) == expectedAllow[i],
                     qPrintable(u"prereleases allowed, probe "_qs + list[i]));
        }
    }
}

void TestPackagingPeer::markers_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonObject>("expected");
    const QJsonArray answers = m_answer.value(u"markers"_qs).toArray();
    for (qsizetype i = 0; i < m_markers.size(); ++i) {
        QTest::addRow("%d: %s", int(i), qPrintable(m_markers[i])) << m_markers[i] << answers[i].toObject();
    }
}

void TestPackagingPeer::markers()
{
    QFETCH(QString, text);
    QFETCH(QJsonObject, expected);
    const auto marker = Marker::parse(text);
    QVERIFY2(marker.has_value() == expected.value(u"valid"_qs).toBool(),
             qPrintable(marker ? u"parsed as "_qs + marker->toString() : marker.error()));
    if (!marker) {
        return;
    }
    QCOMPARE(marker->toString(), expected.value(u"str"_qs).toString());
    const QString results = expected.value(u"evaluate"_qs).toString();
    const QJsonArray list = environmentsCases();
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (results[i] != u'E') {
            QVERIFY2(boolString(marker->evaluate(toEnvironment(list[i].toObject()))) == results[i],
                     qPrintable(u"environment "_qs + QString::number(i)));
        }
    }
}

void TestPackagingPeer::requirements_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonObject>("expected");
    const QJsonArray answers = m_answer.value(u"requirements"_qs).toArray();
    for (qsizetype i = 0; i < m_requirements.size(); ++i) {
        QTest::addRow("%d: %s", int(i), qPrintable(m_requirements[i])) << m_requirements[i] << answers[i].toObject();
    }
}

void TestPackagingPeer::requirements()
{
    QFETCH(QString, text);
    QFETCH(QJsonObject, expected);
    const auto requirement = Requirement::parse(text);
    QVERIFY2(requirement.has_value() == expected.value(u"valid"_qs).toBool(),
             qPrintable(requirement ? u"parsed as "_qs + requirement->toString() : requirement.error()));
    if (!requirement) {
        QVERIFY(requirement.error().contains(u"column"_qs) || requirement.error().contains(u"URL"_qs)
                || requirement.error().contains(u"specifier"_qs));
        return;
    }
    QCOMPARE(requirement->name(), expected.value(u"name"_qs).toString());
    QStringList extras = requirement->extras();
    extras.sort();
    QCOMPARE(QJsonArray::fromStringList(extras), expected.value(u"extras"_qs).toArray());
    QCOMPARE(requirement->specifiers().toString(), expected.value(u"specifier"_qs).toString());
    QCOMPARE(requirement->url(), expected.value(u"url"_qs).toString());
    QCOMPARE(requirement->marker() ? requirement->marker()->toString() : QString(),
             expected.value(u"marker"_qs).toString());
    QCOMPARE(requirement->toString(), expected.value(u"str"_qs).toString());
}

QTEST_GUILESS_MAIN(TestPackagingPeer)
#include "testpackagingpeer.moc"
