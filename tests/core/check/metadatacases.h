// SPDX-License-Identifier: GPL-3.0-or-later
// Metadata cases shared by the metadata rule test and the distribution rule test: a clean
// baseline, edits that break exactly one rule each, and edits PyPI accepts.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include "core/metadata/coremetadata.h"

namespace CheckTests {

using namespace Qt::StringLiterals;

// Clean metadata every case starts from: it gives no finding at all.
inline QByteArray baselineMetadata()
{
    return "Metadata-Version: 2.4\n"
           "Name: sample-pkg\n"
           "Version: 1.2.3\n"
           "Summary: A sample package\n"
           "Author-email: Jane Doe <jane@example.org>\n"
           "License-Expression: MIT\n"
           "License-File: LICENSE\n"
           "Classifier: Programming Language :: Python :: 3\n"
           "Requires-Python: >=3.9\n"
           "Requires-Dist: requests>=2.28\n"
           "Requires-Dist: pytest; extra == \"test\"\n"
           "Provides-Extra: test\n"
           "Project-URL: Homepage, https://example.org/sample\n"
           "Description-Content-Type: text/markdown\n"
           "\n"
           "# Sample\n";
}

// The baseline with edits applied: "Field=value" replaces every value (an empty value removes
// the field), "+Field=value" adds one.
inline Metadata::CoreMetadata editedMetadata(const QStringList &edits)
{
    auto parsed = Metadata::CoreMetadata::parse(baselineMetadata());
    Metadata::CoreMetadata metadata = *parsed;
    for (QString edit : edits) {
        const bool append = edit.startsWith(u'+');
        if (append) {
            edit.remove(0, 1);
        }
        const qsizetype equals = edit.indexOf(u'=');
        const QString field = edit.first(equals);
        const QString value = edit.sliced(equals + 1);
        if (append) {
            metadata.add(field, value);
        } else if (value.isEmpty()) {
            metadata.remove(field);
        } else {
            metadata.set(field, value);
        }
    }
    return metadata;
}

struct MetadataCase {
    const char *name;
    QStringList edits;
    QString code;
    QString mentions; // text the message or hint must contain
    bool sdist = false;
};

// One case per metadata rule (several for some), each breaking that rule.
inline QList<MetadataCase> brokenMetadataCases()
{
    QList<MetadataCase> cases;
    auto row = [&cases](const char *name, QStringList edits, const char *code, const char *mentions, bool sdist = false) {
        cases.append({name, edits, QString::fromUtf8(code), QString::fromUtf8(mentions), sdist});
    };
        row("old sdist metadata", {u"Metadata-Version=2.1"_s, u"License-Expression="_s, u"License-File="_s}, "SW135",
            "2.1", true);
        row("no name", {u"Name="_s}, "SW202", "Name");
        row("no version", {u"Version="_s}, "SW202", "Version");
        row("no metadata version", {u"Metadata-Version="_s}, "SW202", "Metadata-Version");
        row("metadata 2.6", {u"Metadata-Version=2.6"_s}, "SW203", "2.6");
        row("metadata 3.0", {u"Metadata-Version=3.0"_s}, "SW203", "3.0");
        row("metadata 2.0", {u"Metadata-Version=2.0"_s}, "SW203", "2.0");
        row("expression in 2.1", {u"Metadata-Version=2.1"_s, u"License-File="_s}, "SW204", "License-Expression");
        row("dynamic in 2.1", {u"Metadata-Version=2.1"_s, u"License-Expression="_s, u"License-File="_s,
                               u"Dynamic=Classifier"_s},
            "SW204", "Dynamic");
        row("import name in 2.4", {u"Import-Name=sample"_s}, "SW204", "Import-Name");
        row("license file in 2.1", {u"Metadata-Version=2.1"_s, u"License-Expression="_s}, "SW205", "License-File");
        row("invalid name", {u"Name=-sample-"_s}, "SW206", "-sample-");
        row("non-ascii name", {u"Name=sämple"_s}, "SW206", "sämple");
        row("invalid version", {u"Version=1.0-foo-bar"_s}, "SW207", "1.0-foo-bar");
    row("version over two lines", {u"Version=1.0+local\n lines"_s}, "SW207", "1.0+local\\n lines");
        row("local version", {u"Version=1.2.3+local.7"_s}, "SW208", "1.2.3+local.7");
        row("unnormalized version", {u"Version=1.2.3-1"_s}, "SW209", "1.2.3.post1");
        row("unknown field", {u"+Foo-Bar=baz"_s}, "SW210", "Foo-Bar");
        row("repeated summary", {u"+Summary=Another"_s}, "SW211", "Summary");
        row("multi-line summary", {u"Summary=first\n second"_s}, "SW212", "Summary");
        row("long summary", {u"Summary="_s + QString(513, u'x')}, "SW213", "513");
        row("html content type", {u"Description-Content-Type=text/html"_s}, "SW214", "text/html");
        row("bare markdown type", {u"Description-Content-Type=markdown"_s}, "SW214", "markdown");
        row("latin-1 charset", {u"Description-Content-Type=text/markdown; charset=latin-1"_s}, "SW215", "latin-1");
        row("lowercase utf-8", {u"Description-Content-Type=text/x-rst; charset=utf-8"_s}, "SW215", "utf-8");
        row("unknown variant", {u"Description-Content-Type=text/markdown; variant=RST"_s}, "SW216", "RST");
        row("invalid requirement", {u"+Requires-Dist=requests >="_s}, "SW217", "requests >=");
        row("invalid provides-dist", {u"+Provides-Dist=sample (1.0"_s}, "SW217", "Provides-Dist");
        row("direct reference", {u"+Requires-Dist=pkg @ https://example.org/pkg-1.0.whl"_s}, "SW218", "pkg @");
        row("direct obsoletes", {u"+Obsoletes-Dist=old @ https://example.org/old.tar.gz"_s}, "SW218", "Obsoletes-Dist");
        row("invalid requires-python", {u"Requires-Python=>=3.9,<<4"_s}, "SW219", ">=3.9,<<4");
        row("invalid extra", {u"+Provides-Extra=-docs"_s}, "SW220", "-docs");
        row("unnormalized extra", {u"+Provides-Extra=Dev_Tools"_s}, "SW221", "dev-tools");
        row("undeclared extra", {u"+Requires-Dist=sphinx; extra == \"docs\""_s}, "SW222", "docs");
        row("unknown classifier", {u"+Classifier=Programming Language :: Klingon"_s}, "SW223", "Klingon");
        row("misspelled classifier", {u"+Classifier=programming language :: python :: 3"_s}, "SW223",
            "Programming Language :: Python :: 3");
        row("deprecated classifier", {u"+Classifier=Framework :: Django CMS :: 4.2"_s}, "SW224", "Django CMS :: 4.2");
        row("private classifier", {u"+Classifier=Private :: Do Not Upload"_s}, "SW225", "Private :: Do Not Upload");
        row("dangling operator", {u"License-Expression=MIT OR"_s}, "SW226", "MIT OR");
        row("unknown license", {u"License-Expression=Foo-License"_s}, "SW226", "Foo-License");
        row("deprecated license id", {u"License-Expression=GPL-3.0"_s}, "SW227", "GPL-3.0");
        row("license and expression", {u"+License=MIT License"_s}, "SW228", "License-Expression");
        row("license file parent", {u"License-File=../LICENSE"_s}, "SW229", "parent");
        row("license file glob", {u"License-File=LICENSES/*.txt"_s}, "SW229", "resolved");
        row("license file absolute", {u"License-File=/usr/share/LICENSE"_s}, "SW229", "relative");
        row("license file drive", {u"License-File=C:/LICENSE"_s}, "SW229", "relative");
        row("license file backslash", {u"License-File=docs\\LICENSE"_s}, "SW229", "'/'");
        row("license classifier", {u"+Classifier=License :: OSI Approved :: MIT License"_s}, "SW230", "License ::");
        row("url without label", {u"Project-URL=https://example.org"_s}, "SW231", "URL");
        row("label too long", {u"Project-URL="_s + QString(33, u'L') + u", https://example.org"_s}, "SW231", "33");
        row("empty label", {u"Project-URL=, https://example.org"_s}, "SW231", "no label");
        row("duplicate label", {u"+Project-URL=Homepage, https://example.com/other"_s}, "SW231", "twice");
        row("ftp home page", {u"+Home-page=ftp://example.org/sample"_s}, "SW232", "ftp");
        row("url with space", {u"Project-URL=Docs, https://exa mple.org"_s}, "SW232", "whitespace");
        row("relative project url", {u"Project-URL=Docs, /docs/index.html"_s}, "SW232", "scheme");
        row("download url no host", {u"+Download-URL=https://"_s}, "SW232", "host");
        row("email without at", {u"Author-email=Jane Doe <jane>"_s}, "SW233", "@-sign");
        row("email localhost", {u"Author-email=jane@localhost"_s}, "SW233", "period");
        row("email special use", {u"Author-email=jane@example.test"_s}, "SW233", "special-use");
        row("email quoted local", {u"Author-email=\"jane doe\"@example.org"_s}, "SW233", "quoted");
        row("maintainer email", {u"+Maintainer-email=bob@example.org, eve@@example.org"_s}, "SW233", "eve");
        row("dynamic version", {u"+Dynamic=Version"_s}, "SW234", "Version");
        row("dynamic unknown", {u"+Dynamic=Colour"_s}, "SW234", "Colour");
        row("import name digit", {u"Metadata-Version=2.5"_s, u"+Import-Name=1sample"_s}, "SW235", "1sample");
        row("import name suffix", {u"Metadata-Version=2.5"_s, u"+Import-Name=sample; public"_s}, "SW235", "private");
        row("requires", {u"+Requires=os"_s}, "SW236", "Requires");
    return cases;
}

// Spellings PyPI accepts: none of these may produce a finding.
inline QList<std::pair<const char *, QStringList>> acceptedMetadataCases()
{
    QList<std::pair<const char *, QStringList>> cases;
    auto row = [&cases](const char *name, QStringList edits) { cases.append({name, edits}); };
        row("full content type", {u"Description-Content-Type=text/markdown; charset=UTF-8; variant=GFM"_s});
        row("commonmark variant", {u"Description-Content-Type=text/markdown; variant=CommonMark"_s});
        row("rst", {u"Description-Content-Type=text/x-rst"_s});
        row("quoted charset", {u"Description-Content-Type=text/plain; charset=\"UTF-8\""_s});
        row("placeholder home page", {u"+Home-page=UNKNOWN"_s});
        row("placeholder author email", {u"Author-email=UNKNOWN"_s});
        row("several emails", {u"Author-email=\"Doe, Jane\" <jane@example.org>, bob@example.com"_s});
        row("email with plus", {u"Maintainer-email=jane+pypi@mail.example.co.uk"_s});
        row("international email", {u"Author-email=josé@exämple.org"_s});
        row("label of 32", {u"Project-URL="_s + QString(32, u'L') + u", https://example.org"_s});
        row("same label same url", {u"+Project-URL=Homepage, https://example.org/sample"_s});
        row("http url", {u"+Home-page=http://example.org"_s});
        row("dynamic field", {u"+Dynamic=Requires-Dist"_s});
        row("dynamic lowercase", {u"+Dynamic=license-file"_s});
        row("import names", {u"Metadata-Version=2.5"_s, u"+Import-Name=sample.sub; private"_s,
                             u"+Import-Namespace=sample"_s});
        row("expression casing", {u"License-Expression=mit OR (apache-2.0 WITH llvm-exception)"_s});
        row("license ref", {u"License-Expression=LicenseRef-Proprietary"_s});
        row("marker extra spelling", {u"Requires-Dist=pytest; extra == 'Test'"_s});
        row("requirement with extras", {u"+Requires-Dist=foo[bar,baz]>=1,<2; python_version >= \"3.9\""_s});
        row("legacy metadata", {u"Metadata-Version=1.0"_s, u"License-Expression="_s, u"License-File="_s,
                                u"Classifier="_s, u"Requires-Python="_s, u"Requires-Dist="_s,
                                u"Provides-Extra="_s, u"Project-URL="_s, u"Description-Content-Type="_s});
        row("prerelease", {u"Version=2.0rc1"_s});
        row("epoch", {u"Version=1!2.0.post3.dev4"_s});
    return cases;
}

} // namespace CheckTests
