// SPDX-License-Identifier: GPL-3.0-or-later
// Token inspection. PyPI tokens are built here, packet by packet, in the libmacaroons V2
// binary format that PyPI uses (pymacaroons' binary serializer), including broken ones.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include "core/registry/credentials.h"
#include "core/registry/token.h"

using namespace Qt::StringLiterals;
using Registry::TokenError;

namespace {

const QDateTime now = QDateTime(QDate(2026, 6, 1), QTime(12, 0), Qt::UTC);

QByteArray varint(quint64 value)
{
    QByteArray out;
    do {
        char byte = static_cast<char>(value & 0x7f);
        value >>= 7;
        if (value != 0) {
            byte = static_cast<char>(byte | 0x80);
        }
        out.append(byte);
    } while (value != 0);
    return out;
}

QByteArray packet(quint64 type, const QByteArray &data)
{
    return varint(type) + varint(static_cast<quint64>(data.size())) + data;
}

const QByteArray eos(1, '\0');
const QByteArray signature(32, '\x5a');

struct Caveat {
    QByteArray id;
    QByteArray location; // third party
    QByteArray vid;      // third party
};

QByteArray macaroon(const QByteArray &location, const QByteArray &identifier, const QList<Caveat> &caveats)
{
    QByteArray data(1, '\x02');
    if (!location.isEmpty()) {
        data += packet(1, location);
    }
    data += packet(2, identifier) + eos;
    for (const Caveat &caveat : caveats) {
        if (!caveat.location.isEmpty()) {
            data += packet(1, caveat.location);
        }
        data += packet(2, caveat.id);
        if (!caveat.vid.isEmpty()) {
            data += packet(4, caveat.vid);
        }
        data += eos;
    }
    return data + eos + packet(6, signature);
}

QString encodeToken(const QByteArray &binary)
{
    return u"pypi-"_s
           + QString::fromLatin1(binary.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString pypiToken(const QList<QByteArray> &caveats, const QByteArray &location = "pypi.org")
{
    QList<Caveat> list;
    for (const QByteArray &id : caveats) {
        list.append({id, {}, {}});
    }
    return encodeToken(macaroon(location, "6bd3a5e2-8ec4-4d6a-9e2d-0f1a2b3c4d5e", list));
}

// The raw form of a decoded caveat, compact as Warehouse writes it.
struct PypiCaveatView {
    const Registry::PypiCaveat &caveat;
    QString kind() const { return caveat.kind; }
    QString rawText() const { return caveat.raw.toString(); }
    QString rawJson() const
    {
        const QJsonDocument document = caveat.raw.isArray() ? QJsonDocument(caveat.raw.toArray())
                                                            : QJsonDocument(caveat.raw.toObject());
        return QString::fromUtf8(document.toJson(QJsonDocument::Compact));
    }
};

qint64 at(int year, int month, int day)
{
    return QDateTime(QDate(year, month, day), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
}

} // namespace

class TestToken final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builderMatchesKnownPrefixes();
    void pypiTokens_data();
    void pypiTokens();
    void pypiDetails();
    void malformedPypiTokens_data();
    void malformedPypiTokens();
    void otherTokens_data();
    void otherTokens();
    void matchesPymacaroons();
    void controlCharactersAreCleaned();
    void reportsNeverContainTheSecret();
};

void TestToken::builderMatchesKnownPrefixes()
{
    // The prefixes every real token has (location packet first), as the fact sheet computes them.
    QVERIFY(pypiToken({}, "pypi.org").startsWith(u"pypi-AgEIcHlwaS5vcmc"_s));
    QVERIFY(pypiToken({}, "test.pypi.org").startsWith(u"pypi-AgENdGVzdC5weXBpLm9yZw"_s));
}

void TestToken::pypiTokens_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("title");
    QTest::addColumn<bool>("accountWide");
    QTest::addColumn<QStringList>("caveatKinds");
    QTest::addColumn<QString>("factPart");
    QTest::addColumn<int>("warnings");

    QTest::addRow("project-scoped") << pypiToken({R"([1,["sampleproject"]])", R"([2,["a1b2c3"]])"})
                                    << u"PyPI API token"_s << false
                                    << QStringList{u"project-names"_s, u"project-ids"_s}
                                    << u"Scope: only sampleproject; project ID(s) a1b2c3."_s << 0;
    QTest::addRow("user-scoped") << pypiToken({R"([3,"9f8e7d6c"])"}) << u"PyPI API token"_s << true
                                 << QStringList{u"request-user"_s} << u"Scope: the whole account."_s << 1;
    QTest::addRow("no caveats at all") << pypiToken(QList<QByteArray>{}) << u"PyPI API token"_s << true
                                       << QStringList{} << u"No expiry is written in the token"_s << 1;
    QTest::addRow("testpypi") << pypiToken({R"([1,["demo"]])"}, "test.pypi.org") << u"TestPyPI API token"_s
                              << false << QStringList{u"project-names"_s} << u"Issued by TestPyPI (test.pypi.org)."_s
                              << 0;
    QTest::addRow("other warehouse") << pypiToken({R"([1,["demo"]])"}, "pypi.corp.example") << u"PyPI API token"_s
                                     << false << QStringList{u"project-names"_s}
                                     << u"Issued by pypi.corp.example, not by PyPI or TestPyPI."_s << 0;
    QTest::addRow("expires later")
        << pypiToken({R"([1,["demo"]])", QByteArray("[0,") + QByteArray::number(at(2026, 6, 11)) + ","
                                             + QByteArray::number(at(2026, 5, 1)) + "]"})
        << u"PyPI API token"_s << false << QStringList{u"project-names"_s, u"expiration"_s}
        << u"Expires in 9 days, on 2026-06-11 00:00:00 UTC."_s << 0;
    QTest::addRow("expired") << pypiToken({QByteArray("[0,") + QByteArray::number(at(2026, 5, 2)) + ","
                                           + QByteArray::number(at(2026, 5, 1)) + "]",
                                           R"([1,["demo"]])"})
                             << u"PyPI API token"_s << false << QStringList{u"expiration"_s, u"project-names"_s}
                             << u"Expired 30 days ago, on 2026-05-02 00:00:00 UTC."_s << 1;
    QTest::addRow("trusted publishing")
        << pypiToken({R"([4,"pub-1234",null])", R"([2,["proj-5678"]])",
                      QByteArray("[0,") + QByteArray::number(now.toSecsSinceEpoch() + 900) + ","
                          + QByteArray::number(now.toSecsSinceEpoch()) + "]"})
        << u"PyPI API token"_s << false << QStringList{u"oidc-publisher"_s, u"project-ids"_s, u"expiration"_s}
        << u"Minted by trusted publishing"_s << 0;
    QTest::addRow("legacy user") << pypiToken({R"({"permissions":"user","version":1})"}) << u"PyPI API token"_s
                                 << true << QStringList{u"legacy-user"_s} << u"Scope: the whole account."_s << 1;
    QTest::addRow("legacy projects") << pypiToken({R"({"permissions":{"projects":["a","b"]},"version":1})"})
                                     << u"PyPI API token"_s << false << QStringList{u"legacy-projects"_s}
                                     << u"Scope: only a, b."_s << 0;
    QTest::addRow("legacy expiry and ids")
        << pypiToken({QByteArray(R"({"exp":)") + QByteArray::number(at(2027, 1, 1)) + R"(,"nbf":)"
                          + QByteArray::number(at(2026, 1, 1)) + "}",
                      R"({"project_ids":["x1"]})"})
        << u"PyPI API token"_s << false << QStringList{u"legacy-expiration"_s, u"legacy-project-ids"_s}
        << u"on 2027-01-01 00:00:00 UTC"_s << 0;
    QTest::addRow("unknown tag") << pypiToken({R"([1,["demo"]])", R"([17,"x"])"}) << u"PyPI API token"_s << false
                                 << QStringList{u"project-names"_s, u"unknown"_s} << u"Scope: only demo."_s << 1;
    QTest::addRow("malformed payload") << pypiToken({R"([1,"demo"])"}) << u"PyPI API token"_s << true
                                       << QStringList{u"unknown"_s} << u"Scope: the whole account."_s << 2;
    QTest::addRow("legacy wrong version") << pypiToken({R"({"permissions":"user","version":2})"})
                                          << u"PyPI API token"_s << true << QStringList{u"unknown"_s}
                                          << u"Scope: the whole account."_s << 2;
    QTest::addRow("not json") << pypiToken({"account = 42"}) << u"PyPI API token"_s << true
                              << QStringList{u"unknown"_s} << u"Token ID 6bd3a5e2"_s << 2;
    QTest::addRow("fractional time") << pypiToken({"[0,1.5,1]", R"([1,["demo"]])"}) << u"PyPI API token"_s << false
                                     << QStringList{u"unknown"_s, u"project-names"_s} << u"Scope: only demo."_s << 1;
}

void TestToken::pypiTokens()
{
    QFETCH(QString, token);
    QFETCH(QString, title);
    QFETCH(bool, accountWide);
    QFETCH(QStringList, caveatKinds);
    QFETCH(QString, factPart);
    QFETCH(int, warnings);
    const auto report = Registry::inspectToken(u"  "_s + token + u"\n"_s, now);
    QVERIFY2(report.has_value(), report ? "" : qPrintable(report.error().message));
    QVERIFY(report->isPypi);
    QCOMPARE(report->type, u"pypi-api-token"_s);
    QCOMPARE(report->title, title);
    QCOMPARE(report->accountWide, accountWide);
    QStringList kinds;
    for (const auto &caveat : report->caveats) {
        kinds << caveat.kind;
    }
    QCOMPARE(kinds, caveatKinds);
    QVERIFY2(std::ranges::any_of(report->facts, [&](const QString &fact) { return fact.contains(factPart); }),
             qPrintable(report->facts.join(u'\n')));
    QCOMPARE(report->warnings.size(), warnings);
    if (accountWide) {
        QVERIFY(report->warnings.first().contains(u"account-wide"_s));
    }
    QCOMPARE(report->fingerprint, Registry::fingerprint(token));
}

void TestToken::pypiDetails()
{
    const auto report = Registry::inspectToken(
        pypiToken({R"([4,"pub-1234",null])", R"([2,["p-1","p-2"]])", R"([1,["alpha","beta"]])",
                   QByteArray("[0,") + QByteArray::number(at(2026, 7, 1)) + "," + QByteArray::number(at(2026, 5, 1))
                       + "]",
                   QByteArray("[0,") + QByteArray::number(at(2026, 6, 2)) + "," + QByteArray::number(at(2026, 5, 20))
                       + "]"}),
        now);
    QVERIFY(report);
    QCOMPARE(report->location, u"pypi.org"_s);
    QCOMPARE(report->identifier, u"6bd3a5e2-8ec4-4d6a-9e2d-0f1a2b3c4d5e"_s);
    QCOMPARE(report->projects, (QStringList{u"alpha"_s, u"beta"_s}));
    QCOMPARE(report->projectIds, (QStringList{u"p-1"_s, u"p-2"_s}));
    QCOMPARE(report->publisherId, u"pub-1234"_s);
    // Two expiry caveats: the narrower window counts.
    QCOMPARE(report->expires, QDateTime(QDate(2026, 6, 2), QTime(0, 0), Qt::UTC));
    QCOMPARE(report->notBefore, QDateTime(QDate(2026, 5, 20), QTime(0, 0), Qt::UTC));

    const QJsonObject json = report->toJson();
    QCOMPARE(json.value(u"type"_s).toString(), u"pypi-api-token"_s);
    const QJsonObject pypi = json.value(u"pypi"_s).toObject();
    QCOMPARE(pypi.value(u"account_wide"_s).toBool(), false);
    QCOMPARE(pypi.value(u"expires"_s).toString(), u"2026-06-02T00:00:00Z"_s);
    QCOMPARE(pypi.value(u"caveats"_s).toArray().size(), 5);
    QCOMPARE(pypi.value(u"caveats"_s).toArray().at(0).toObject().value(u"raw"_s).toArray().at(1).toString(),
             u"pub-1234"_s);

    // A third-party caveat is shown, not interpreted.
    const auto thirdParty = Registry::inspectToken(
        encodeToken(macaroon("pypi.org", "id", {{"[1,[\"x\"]]", {}, {}}, {"cav-id", "https://auth.example", "vid"}})),
        now);
    QVERIFY(thirdParty);
    QCOMPARE(thirdParty->caveats.at(1).kind, u"third-party"_s);
    QVERIFY(!thirdParty->caveats.at(1).understood);
}

void TestToken::malformedPypiTokens_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<TokenError::Code>("code");
    QTest::addColumn<QString>("messagePart");

    const QByteArray good = macaroon("pypi.org", "id-1", {{R"([1,["demo"]])", {}, {}}});
    QTest::addRow("prefix only") << u"pypi-"_s << TokenError::Code::Malformed << u"empty"_s;
    QTest::addRow("not base64") << u"pypi-AgEI$$$"_s << TokenError::Code::NotBase64 << u"base64"_s;
    QTest::addRow("non-ascii") << u"pypi-AgEIcHlwaS5vcmcé"_s << TokenError::Code::NotBase64 << u"base64"_s;
    QTest::addRow("version 1") << encodeToken(QByteArray("\x01") + good.mid(1)) << TokenError::Code::Malformed
                               << u"version 2"_s;
    QTest::addRow("cut after version") << encodeToken(good.left(1)) << TokenError::Code::Malformed << u"cut short"_s;
    QTest::addRow("cut in header") << encodeToken(good.left(6)) << TokenError::Code::Malformed << u"claims more bytes"_s;
    QTest::addRow("cut in caveat") << encodeToken(good.left(good.indexOf("demo"))) << TokenError::Code::Malformed
                                   << u"claims more bytes"_s;
    QTest::addRow("cut in signature") << encodeToken(good.chopped(1)) << TokenError::Code::Malformed << u"cut short"_s;
    QTest::addRow("no signature") << encodeToken(good.chopped(34)) << TokenError::Code::Malformed
                                  << u"signature is missing"_s;
    QTest::addRow("trailing bytes") << encodeToken(good + "x") << TokenError::Code::Malformed << u"after the signature"_s;
    QTest::addRow("short signature")
        << encodeToken(QByteArray("\x02") + packet(2, "id") + eos + eos + packet(6, QByteArray(31, 'x')))
        << TokenError::Code::Malformed << u"32 bytes"_s;
    QTest::addRow("header out of order")
        << encodeToken(QByteArray("\x02") + packet(2, "id") + packet(1, "pypi.org") + eos + eos + packet(6, signature))
        << TokenError::Code::Malformed << u"out of order"_s;
    QTest::addRow("no identifier") << encodeToken(QByteArray("\x02") + packet(1, "pypi.org") + eos + eos
                                                + packet(6, signature))
                                   << TokenError::Code::Malformed << u"no identifier"_s;
    QTest::addRow("unexpected header field")
        << encodeToken(QByteArray("\x02") + packet(2, "id") + packet(3, "?") + eos + eos + packet(6, signature))
        << TokenError::Code::Malformed << u"unexpected field 3"_s;
    QTest::addRow("caveat without id")
        << encodeToken(QByteArray("\x02") + packet(2, "id") + eos + packet(4, "vid") + eos + eos + packet(6, signature))
        << TokenError::Code::Malformed << u"caveat has no identifier"_s;
    QTest::addRow("huge length") << encodeToken(QByteArray("\x02\x02\xff\xff\xff\xff\x0f", 7))
                                 << TokenError::Code::Malformed << u"claims more bytes"_s;
    QTest::addRow("endless varint") << encodeToken(QByteArray("\x02") + QByteArray(12, '\xff'))
                                    << TokenError::Code::Malformed << u"cut short"_s;
    QTest::addRow("empty") << u"   "_s << TokenError::Code::Empty << u"empty"_s;
    QTest::addRow("too large") << QString(70000, u'a') << TokenError::Code::TooLarge << u"longer than any token"_s;
}

void TestToken::malformedPypiTokens()
{
    QFETCH(QString, token);
    QFETCH(TokenError::Code, code);
    QFETCH(QString, messagePart);
    const auto report = Registry::inspectToken(token, now);
    QVERIFY(!report);
    QCOMPARE(report.error().code, code);
    QVERIFY2(report.error().message.contains(messagePart), qPrintable(report.error().message));
    if (token.size() > 8) {
        QVERIFY(!report.error().message.contains(token.mid(5, 8)));
    }
}

void TestToken::otherTokens_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("factPart");
    QTest::addColumn<int>("warnings");

    QTest::addRow("gitlab personal") << u"glpat-Zx9Kq2LmNp4RsTuVwXy1"_s << u"gitlab-access-token"_s
                                     << u"api scope"_s << 0;
    QTest::addRow("gitlab routable personal") << u"glpat-Zx9Kq2LmNp4RsTuVwXy1.01.0w1c0ywm7"_s
                                              << u"gitlab-access-token"_s << u"prefix glpat-"_s << 0;
    QTest::addRow("gitlab instance prefix") << u"acme-glpat-Zx9Kq2LmNp4RsTuVwXy1"_s << u"gitlab-access-token"_s
                                            << u"prefix acme-glpat-"_s << 0;
    QTest::addRow("gitlab deploy") << u"gldt-Hk3Lm9Np2Qr5StUvWx7Y"_s << u"gitlab-deploy-token"_s
                                   << u"write_package_registry"_s << 0;
    QTest::addRow("gitlab job") << u"glcbt-64_Ab12Cd34Ef56Gh78Ij90"_s << u"gitlab-job-token"_s
                                << u"gitlab-ci-token"_s << 0;
    QTest::addRow("gitlab runner") << u"glrt-t3_AbCdEfGhIjKlMnOpQrSt"_s << u"gitlab-runner-token"_s
                                   << u"cannot authenticate to a package registry"_s << 0;
    QTest::addRow("gitlab trigger") << u"glptt-0123456789abcdef0123"_s << u"gitlab-trigger-token"_s
                                    << u"Starts pipelines"_s << 0;
    QTest::addRow("gitlab legacy registration") << u"GR1348941AbCdEfGhIjKlMnOp"_s
                                                << u"gitlab-runner-registration-token"_s << u"Registers runners"_s << 0;
    QTest::addRow("jfrog reference") << u"cmVmdGtuOjAxOjE3MDAwMDAwMDA6QWJDZEVm"_s << u"jfrog-reference-token"_s
                                     << u"empty username"_s << 0;
    QTest::addRow("jfrog api key") << u"AKCp8jQ8tBmZ5oMnPqRsTuVwXyZ0123456789"_s << u"jfrog-api-key"_s
                                   << u"API key"_s << 1;
    const QByteArray header = QByteArray(R"({"alg":"RS256","typ":"JWT"})").toBase64(QByteArray::Base64UrlEncoding
                                                                                   | QByteArray::OmitTrailingEquals);
    const QByteArray payload =
        QByteArray(QByteArray(R"({"iss":"jfrt@01abc","exp":)") + QByteArray::number(at(2026, 6, 3)) + "}")
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    QTest::addRow("jwt") << QString::fromLatin1(header + "." + payload + ".c2lnbmF0dXJl") << u"jwt"_s
                         << u"Expires in 36 hours"_s << 0;
    const QByteArray jweHeader =
        QByteArray(QByteArray(R"({"ver":1,"isu":1,"enc":"A128GCM","exp":)") + QByteArray::number(at(2026, 5, 31)) + "}")
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    QTest::addRow("codeartifact jwe") << QString::fromLatin1(jweHeader + ".a.b.c.d") << u"jwe"_s
                                      << u"AWS CodeArtifact"_s << 1;
    QTest::addRow("password") << u"hunter2"_s << u"unknown"_s << u"7 characters"_s << 1;
    QTest::addRow("random") << u"d41d8cd98f00b204e9800998ecf8427e"_s << u"unknown"_s << u"32 characters"_s << 0;
}

void TestToken::otherTokens()
{
    QFETCH(QString, token);
    QFETCH(QString, type);
    QFETCH(QString, factPart);
    QFETCH(int, warnings);
    const auto report = Registry::inspectToken(token, now);
    QVERIFY(report);
    QCOMPARE(report->type, type);
    QVERIFY(!report->isPypi);
    QVERIFY2(std::ranges::any_of(report->facts, [&](const QString &fact) { return fact.contains(factPart); }),
             qPrintable(report->facts.join(u'\n')));
    QCOMPARE(report->warnings.size(), warnings);
}

void TestToken::matchesPymacaroons()
{
    // Tokens made the way Warehouse makes them (warehouse/macaroons/services.py), by the
    // library it uses, decode to the same identifier, location and caveats.
    const char *script = R"PY(
import json, sys
import pymacaroons
out = []
cases = [
    ("pypi.org", "0b5e0c54-4cf1-4d2e-9a43-2f1f3a3b5f10", [[1, ["sampleproject"]], [2, ["9d8f"]]]),
    ("test.pypi.org", "e1a7", [[3, "user-1"]]),
    ("pypi.org", "legacy", [{"version": 1, "permissions": {"projects": ["a"]}}, {"exp": 1900000000, "nbf": 1}]),
    ("pypi.org", "empty", []),
]
for location, identifier, caveats in cases:
    m = pymacaroons.Macaroon(location=location, identifier=identifier, key="k" * 32,
                             version=pymacaroons.MACAROON_V2)
    for c in caveats:
        m.add_first_party_caveat(json.dumps(c, sort_keys=True, separators=(",", ":")))
    if identifier == "e1a7":
        m.add_third_party_caveat("https://auth.example", "shared-key", "third-party-id")
    out.append({"token": "pypi-" + m.serialize(), "location": location, "identifier": identifier,
                "caveats": [c.caveat_id.decode() if isinstance(c.caveat_id, bytes) else c.caveat_id for c in m.caveats]})
print(json.dumps(out))
)PY";
    QProcess python;
    python.start(u"/usr/bin/python3"_s, {u"-I"_s, u"-c"_s, QString::fromUtf8(script)});
    if (!python.waitForStarted()) {
        QSKIP("needs /usr/bin/python3 with python3-pymacaroons (scripts/install-deps.sh)");
    }
    python.waitForFinished(-1);
    if (python.exitCode() != 0) {
        QSKIP("needs python3-pymacaroons (scripts/install-deps.sh)");
    }
    const QJsonArray cases = QJsonDocument::fromJson(python.readAllStandardOutput()).array();
    QCOMPARE(cases.size(), 4);
    for (const QJsonValue &value : cases) {
        const QJsonObject expected = value.toObject();
        const QString token = expected.value(u"token"_s).toString();
        const auto report = Registry::inspectToken(token, now);
        QVERIFY2(report.has_value(), report ? "" : qPrintable(report.error().message));
        QCOMPARE(report->location, expected.value(u"location"_s).toString());
        QCOMPARE(report->identifier, expected.value(u"identifier"_s).toString());
        const QJsonArray caveats = expected.value(u"caveats"_s).toArray();
        QCOMPARE(report->caveats.size(), caveats.size());
        for (qsizetype i = 0; i < caveats.size(); ++i) {
            const QString id = caveats.at(i).toString();
            const PypiCaveatView caveat{report->caveats.at(i)};
            if (caveat.kind() == u"third-party") {
                QCOMPARE(caveat.rawText(), id);
            } else {
                QCOMPARE(caveat.rawJson(), id);
            }
        }
    }
}

void TestToken::controlCharactersAreCleaned()
{
    const auto report = Registry::inspectToken(
        encodeToken(macaroon("pypi.org\x1b[31m", "id\r\nFAKE LINE", {{"[1,[\"a\\u001b[2Jb\"]]", {}, {}}})), now);
    QVERIFY(report);
    const QString shown = report->facts.join(u'\n') + report->location + report->identifier
                          + report->caveats.at(0).description;
    QVERIFY(!shown.contains(QChar(0x1b)));
    QVERIFY(!shown.contains(u'\r'));
    QVERIFY(!report->identifier.contains(u'\n'));
}

void TestToken::reportsNeverContainTheSecret()
{
    const QString pypi = pypiToken({R"([1,["demo"]])"});
    const QStringList tokens{pypi, u"glpat-Zx9Kq2LmNp4RsTuVwXy1"_s, u"cmVmdGtuOjAxOjE3MDAwMDAwMDA6QWJDZEVm"_s,
                             u"d41d8cd98f00b204e9800998ecf8427e"_s};
    for (const QString &token : tokens) {
        const auto report = Registry::inspectToken(token, now);
        QVERIFY(report);
        const QString json = QString::fromUtf8(QJsonDocument(report->toJson()).toJson());
        const QString secretPart = token.right(16);
        QVERIFY2(!json.contains(secretPart), qPrintable(token.left(6)));
        QVERIFY(!report->facts.join(u' ').contains(secretPart));
    }
}

QTEST_APPLESS_MAIN(TestToken)
#include "testtoken.moc"
