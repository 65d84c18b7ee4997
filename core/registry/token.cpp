// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/token.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include <QJsonArray>
#include <QJsonDocument>

#include "core/registry/credentials.h"

namespace Registry {

namespace {

using namespace Qt::StringLiterals;

constexpr qsizetype maximumTokenLength = 64 * 1024;

TokenError malformed(const QString &why)
{
    return {TokenError::Code::Malformed, u"This is not a valid PyPI token: %1"_s.arg(why)};
}

// Reads the binary V2 format packet by packet, never past the end.
class PacketReader final
{
public:
    explicit PacketReader(QByteArrayView data)
        : m_data(data)
    {
    }

    [[nodiscard]] bool atEnd() const { return m_position >= m_data.size(); }
    [[nodiscard]] qsizetype position() const { return m_position; }

    std::optional<std::uint64_t> varint()
    {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (atEnd()) {
                return std::nullopt;
            }
            const auto byte = static_cast<std::uint8_t>(m_data[m_position++]);
            value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) {
                return value;
            }
        }
        return std::nullopt;
    }

    std::optional<QByteArray> bytes(std::uint64_t length)
    {
        if (length > static_cast<std::uint64_t>(m_data.size() - m_position)) {
            return std::nullopt;
        }
        const auto count = static_cast<qsizetype>(length);
        QByteArray result = m_data.sliced(m_position, count).toByteArray();
        m_position += count;
        return result;
    }

private:
    QByteArrayView m_data;
    qsizetype m_position = 0;
};

enum Field : std::uint64_t {
    EndOfSection = 0,
    Location = 1,
    Identifier = 2,
    VerificationId = 4,
    Signature = 6,
};

struct Packet {
    std::uint64_t type;
    QByteArray data;
};

// Reads one section: packets with strictly rising field types until EOS.
std::expected<QList<Packet>, TokenError> readSection(PacketReader &reader, const QString &what)
{
    QList<Packet> packets;
    std::uint64_t previous = 0;
    while (true) {
        const auto type = reader.varint();
        if (!type) {
            return std::unexpected(malformed(u"the %1 is cut short."_s.arg(what)));
        }
        if (*type == EndOfSection) {
            return packets;
        }
        if (*type <= previous) {
            return std::unexpected(malformed(u"the fields of the %1 are out of order."_s.arg(what)));
        }
        previous = *type;
        const auto length = reader.varint();
        if (!length) {
            return std::unexpected(malformed(u"the %1 is cut short."_s.arg(what)));
        }
        auto data = reader.bytes(*length);
        if (!data) {
            return std::unexpected(malformed(u"a field of the %1 claims more bytes than the token has."_s.arg(what)));
        }
        packets.append({*type, *data});
    }
}

// Makes text from inside a token safe to print: no control characters, bounded length.
QString printable(const QString &text, qsizetype limit = 200)
{
    QString clean;
    for (const QChar c : text) {
        if (clean.size() >= limit) {
            clean += u'…';
            break;
        }
        const auto category = c.category();
        const bool control = category == QChar::Other_Control || category == QChar::Other_Format
                             || category == QChar::Separator_Line || category == QChar::Separator_Paragraph;
        clean += control ? QChar(u'\uFFFD') : c;
    }
    return clean;
}

QString printable(const QByteArray &bytes, qsizetype limit = 200)
{
    return printable(QString::fromUtf8(bytes), limit);
}

QString utc(const QDateTime &time)
{
    return time.toUTC().toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s);
}

QString inWords(qint64 seconds)
{
    const qint64 magnitude = seconds < 0 ? -seconds : seconds;
    if (magnitude < 120) {
        return u"%1 seconds"_s.arg(magnitude);
    }
    if (magnitude < 2 * 3600) {
        return u"%1 minutes"_s.arg(magnitude / 60);
    }
    if (magnitude < 2 * 86400) {
        return u"%1 hours"_s.arg(magnitude / 3600);
    }
    return u"%1 days"_s.arg(magnitude / 86400);
}

// A JSON number that is a whole Unix time a QDateTime can hold.
std::optional<QDateTime> unixTime(const QJsonValue &value)
{
    if (!value.isDouble()) {
        return std::nullopt;
    }
    const double number = value.toDouble();
    if (!std::isfinite(number) || number != std::floor(number) || number < -1e12 || number > 1e12) {
        return std::nullopt;
    }
    return QDateTime::fromSecsSinceEpoch(static_cast<qint64>(number), Qt::UTC);
}

std::optional<QStringList> stringList(const QJsonValue &value)
{
    if (!value.isArray()) {
        return std::nullopt;
    }
    QStringList list;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString()) {
            return std::nullopt;
        }
        list << printable(item.toString(), 120);
    }
    return list;
}

struct Scope {
    std::optional<QDateTime> expires;
    std::optional<QDateTime> notBefore;
    QStringList projects;
    QStringList projectIds;
    bool projectLimited = false;
    QString userId;
    QString publisherId;
};

void addExpiry(Scope &scope, const QDateTime &expires, const QDateTime &notBefore)
{
    scope.expires = scope.expires ? std::min(*scope.expires, expires) : expires;
    scope.notBefore = scope.notBefore ? std::max(*scope.notBefore, notBefore) : notBefore;
}

PypiCaveat unknownCaveat(const QJsonValue &raw, const QString &why)
{
    return {u"unknown"_s, u"%1 PyPI refuses a token with a caveat it does not know."_s.arg(why), raw, false};
}

// Current caveats: compact JSON arrays [tag, fields...] (warehouse/macaroons/caveats).
PypiCaveat listCaveat(const QJsonArray &array, Scope &scope)
{
    const QJsonValue raw(array);
    if (array.isEmpty() || !array.at(0).isDouble()) {
        return unknownCaveat(raw, u"A caveat without a numeric tag."_s);
    }
    const double tag = array.at(0).toDouble();
    const auto fields = array.size() - 1;
    if (tag == 0 && fields == 2) {
        const auto expires = unixTime(array.at(1));
        const auto notBefore = unixTime(array.at(2));
        if (expires && notBefore) {
            addExpiry(scope, *expires, *notBefore);
            return {u"expiration"_s, u"Valid from %1 until %2."_s.arg(utc(*notBefore), utc(*expires)), raw, true};
        }
    } else if (tag == 1 && fields == 1) {
        if (const auto names = stringList(array.at(1))) {
            scope.projects << *names;
            scope.projectLimited = true;
            return {u"project-names"_s, u"Only for the project(s): %1."_s.arg(names->join(u", "_s)), raw, true};
        }
    } else if (tag == 2 && fields == 1) {
        if (const auto ids = stringList(array.at(1))) {
            scope.projectIds << *ids;
            scope.projectLimited = true;
            return {u"project-ids"_s, u"Only for the project(s) with the ID(s): %1."_s.arg(ids->join(u", "_s)), raw,
                    true};
        }
    } else if (tag == 3 && fields == 1 && array.at(1).isString()) {
        scope.userId = printable(array.at(1).toString(), 80);
        return {u"request-user"_s,
                u"Acts as the user with the ID %1, with that user's rights on all of their projects."_s.arg(scope.userId),
                raw, true};
    } else if (tag == 4 && fields >= 1 && fields <= 2 && array.at(1).isString()) {
        scope.publisherId = printable(array.at(1).toString(), 80);
        return {u"oidc-publisher"_s,
                u"Minted by trusted publishing for the publisher with the ID %1 (short-lived)."_s.arg(scope.publisherId),
                raw, true};
    } else if (tag > 4 || tag < 0) {
        return unknownCaveat(raw, u"A caveat with the unknown tag %1."_s.arg(tag));
    }
    return unknownCaveat(raw, u"A caveat of tag %1 with a malformed payload."_s.arg(tag));
}

// Older tokens: JSON objects (warehouse/macaroons/caveats/_legacy.py).
PypiCaveat legacyCaveat(const QJsonObject &object, Scope &scope)
{
    const QJsonValue raw(object);
    if (object.contains(u"permissions"_s)) {
        if (object.value(u"version"_s).toDouble() != 1) {
            return unknownCaveat(raw, u"A legacy caveat of an unknown version."_s);
        }
        const QJsonValue permissions = object.value(u"permissions"_s);
        if (permissions.isString() && permissions.toString() == u"user") {
            return {u"legacy-user"_s, u"Valid for every project of the user (old-style caveat)."_s, raw, true};
        }
        if (permissions.isObject()) {
            if (const auto names = stringList(permissions.toObject().value(u"projects"_s))) {
                scope.projects << *names;
                scope.projectLimited = true;
                return {u"legacy-projects"_s,
                        u"Only for the project(s): %1 (old-style caveat)."_s.arg(names->join(u", "_s)), raw, true};
            }
        }
        return unknownCaveat(raw, u"A legacy permissions caveat with a malformed payload."_s);
    }
    if (object.contains(u"exp"_s) || object.contains(u"nbf"_s)) {
        const auto expires = unixTime(object.value(u"exp"_s));
        const auto notBefore = unixTime(object.value(u"nbf"_s));
        if (expires && notBefore) {
            addExpiry(scope, *expires, *notBefore);
            return {u"legacy-expiration"_s,
                    u"Valid from %1 until %2 (old-style caveat)."_s.arg(utc(*notBefore), utc(*expires)), raw, true};
        }
        return unknownCaveat(raw, u"A legacy expiry caveat with a malformed payload."_s);
    }
    if (object.contains(u"project_ids"_s)) {
        if (const auto ids = stringList(object.value(u"project_ids"_s))) {
            scope.projectIds << *ids;
            scope.projectLimited = true;
            return {u"legacy-project-ids"_s,
                    u"Only for the project(s) with the ID(s): %1 (old-style caveat)."_s.arg(ids->join(u", "_s)), raw,
                    true};
        }
        return unknownCaveat(raw, u"A legacy project-ID caveat with a malformed payload."_s);
    }
    return unknownCaveat(raw, u"An old-style caveat of an unknown shape."_s);
}

TokenReport pypiReport(const Macaroon &macaroon, const QDateTime &now)
{
    TokenReport report;
    report.isPypi = true;
    report.location = printable(macaroon.location, 120);
    report.identifier = printable(macaroon.identifier, 120);
    const bool testIndex = macaroon.location == "test.pypi.org";
    report.type = u"pypi-api-token"_s;
    report.title = testIndex ? u"TestPyPI API token"_s : u"PyPI API token"_s;
    if (macaroon.location == "pypi.org" || testIndex) {
        report.facts << u"Issued by %1 (%2)."_s.arg(testIndex ? u"TestPyPI"_s : u"PyPI"_s, report.location);
    } else if (macaroon.location.isEmpty()) {
        report.facts << u"The token does not say which index issued it."_s;
    } else {
        report.facts << u"Issued by %1, not by PyPI or TestPyPI."_s.arg(report.location);
    }
    report.facts << u"Token ID %1."_s.arg(report.identifier);

    Scope scope;
    for (const MacaroonCaveat &caveat : macaroon.caveats) {
        if (!caveat.verificationId.isEmpty() || !caveat.location.isEmpty()) {
            report.caveats.append({u"third-party"_s,
                                   u"A third-party caveat (checked by %1), which PyPI does not use."_s.arg(
                                       printable(caveat.location, 80)),
                                   QJsonValue(printable(caveat.identifier)), false});
            continue;
        }
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(caveat.identifier, &error);
        if (error.error != QJsonParseError::NoError) {
            report.caveats.append(unknownCaveat(QJsonValue(printable(caveat.identifier)),
                                                u"A caveat that is not JSON."_s));
        } else if (json.isArray()) {
            report.caveats.append(listCaveat(json.array(), scope));
        } else {
            report.caveats.append(legacyCaveat(json.object(), scope));
        }
    }
    report.expires = scope.expires;
    report.notBefore = scope.notBefore;
    report.projects = scope.projects;
    report.projectIds = scope.projectIds;
    report.userId = scope.userId;
    report.publisherId = scope.publisherId;
    report.accountWide = !scope.projectLimited;

    if (report.accountWide) {
        report.facts << u"Scope: the whole account. It can upload to every project of its user, and create new "
                        u"projects."_s;
        report.warnings << u"This token is account-wide: whoever holds it can publish to every project of the "
                           u"account. Prefer a token scoped to the one project you release."_s;
    } else {
        QStringList scopeParts;
        if (!scope.projects.isEmpty()) {
            scopeParts << scope.projects.join(u", "_s);
        }
        if (!scope.projectIds.isEmpty()) {
            scopeParts << u"project ID(s) %1"_s.arg(scope.projectIds.join(u", "_s));
        }
        report.facts << u"Scope: only %1."_s.arg(scopeParts.join(u"; "_s));
    }
    if (!scope.publisherId.isEmpty()) {
        report.facts << u"Minted by trusted publishing (OIDC); such tokens live about 15 minutes."_s;
    }
    if (report.expires) {
        const qint64 left = now.secsTo(*report.expires);
        if (left <= 0) {
            report.facts << u"Expired %1 ago, on %2."_s.arg(inWords(left), utc(*report.expires));
            report.warnings << u"This token has expired: PyPI will refuse it."_s;
        } else {
            report.facts << u"Expires in %1, on %2."_s.arg(inWords(left), utc(*report.expires));
        }
        if (report.notBefore && now < *report.notBefore) {
            report.warnings << u"This token is not valid before %1."_s.arg(utc(*report.notBefore));
        }
    } else {
        report.facts << u"No expiry is written in the token: it stays valid until it is deleted on %1."_s.arg(
            testIndex ? u"TestPyPI"_s : u"PyPI"_s);
    }
    if (std::ranges::any_of(report.caveats, [](const PypiCaveat &caveat) { return !caveat.understood; })) {
        report.warnings << u"The token has a caveat Slipway does not understand; PyPI may refuse it."_s;
    }
    report.facts << u"PyPI can hold further restrictions on its side; the token itself shows at least these."_s;
    return report;
}

struct KnownPrefix {
    const char *prefix;
    const char *type;
    const char *title;
    const char *what;
};

// GitLab's token prefixes (doc/security/tokens "Token prefixes"); an instance may put its own
// prefix in front ("acme-glpat-").
constexpr std::array gitlabPrefixes{
    KnownPrefix{"glpat-", "gitlab-access-token", "GitLab personal, project or group access token",
                "For a PyPI package registry it needs the api scope and then acts with all the rights of its user (or "
                "project/group bot) on every project that user can reach; the username is ignored. A deploy token "
                "limited to write_package_registry is narrower."},
    KnownPrefix{"gldt-", "gitlab-deploy-token", "GitLab deploy token",
                "Belongs to one project or group. With write_package_registry it can upload to, with "
                "read_package_registry download from, that package registry and nothing else. Use it with its own "
                "deploy-token username, not __token__."},
    KnownPrefix{"glcbt-", "gitlab-job-token", "GitLab CI/CD job token",
                "Valid only while its job runs, with the username gitlab-ci-token. It can upload to its own project's "
                "package registry and read those the project's allowlist permits."},
    KnownPrefix{"glptt-", "gitlab-trigger-token", "GitLab pipeline trigger token",
                "Starts pipelines; it cannot authenticate to a package registry."},
    KnownPrefix{"glrtr-", "gitlab-runner-token", "GitLab runner authentication token",
                "Lets a GitLab Runner fetch jobs; it cannot authenticate to a package registry. Rotate it if it "
                "leaked."},
    KnownPrefix{"glrt-", "gitlab-runner-token", "GitLab runner authentication token",
                "Lets a GitLab Runner fetch jobs; it cannot authenticate to a package registry. Rotate it if it "
                "leaked."},
    KnownPrefix{"gloas-", "gitlab-oauth-secret", "GitLab OAuth application secret",
                "Identifies an OAuth application; it cannot authenticate to a package registry by itself."},
    KnownPrefix{"glft-", "gitlab-feed-token", "GitLab feed token",
                "Reads RSS and calendar feeds only; it cannot authenticate to a package registry."},
    KnownPrefix{"glimt-", "gitlab-incoming-mail-token", "GitLab incoming mail token",
                "Creates issues and merge requests by e-mail; it cannot authenticate to a package registry."},
    KnownPrefix{"glagent-", "gitlab-agent-token", "GitLab agent for Kubernetes token",
                "Connects a cluster agent; it cannot authenticate to a package registry."},
    KnownPrefix{"glsoat-", "gitlab-scim-token", "GitLab SCIM token",
                "Provisions users; it cannot authenticate to a package registry."},
    KnownPrefix{"glffct-", "gitlab-feature-flags-token", "GitLab feature flags client token",
                "Reads feature flags; it cannot authenticate to a package registry."},
    KnownPrefix{"glwt-", "gitlab-workspace-token", "GitLab workspace token",
                "Used by remote development workspaces; it cannot authenticate to a package registry."},
    KnownPrefix{"GR1348941", "gitlab-runner-registration-token", "GitLab runner registration token (deprecated)",
                "Registers runners; it cannot authenticate to a package registry."},
};

std::optional<TokenReport> gitlabReport(const QString &token)
{
    for (const KnownPrefix &known : gitlabPrefixes) {
        const QLatin1StringView prefix(known.prefix);
        qsizetype at = token.indexOf(prefix);
        // At the start, or after an instance prefix of letters and digits ending in '-'.
        const bool instancePrefixed = at > 0 && at <= 32 && token.at(at - 1) == u'-'
                                      && std::ranges::all_of(token.first(at - 1), [](QChar c) {
                                             return c.isLetterOrNumber() && c.unicode() < 128;
                                         });
        if (at == 0 || instancePrefixed) {
            TokenReport report;
            report.type = QString::fromLatin1(known.type);
            report.title = QString::fromLatin1(known.title);
            report.facts << u"A %1 (prefix %2)."_s.arg(report.title, token.first(at) + prefix);
            report.facts << QString::fromLatin1(known.what);
            report.facts << u"GitLab tokens carry no readable scope or expiry; the token's page in GitLab shows them."_s;
            return report;
        }
    }
    return std::nullopt;
}

std::optional<QJsonObject> base64Json(QStringView segment)
{
    const auto decoded = QByteArray::fromBase64Encoding(segment.toLatin1(), QByteArray::Base64UrlEncoding
                                                                                 | QByteArray::AbortOnBase64DecodingErrors);
    if (decoded.decodingStatus != QByteArray::Base64DecodingStatus::Ok) {
        return std::nullopt;
    }
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(decoded.decoded, &error);
    if (error.error != QJsonParseError::NoError || !json.isObject()) {
        return std::nullopt;
    }
    return json.object();
}

// JWS (3 parts) and JWE (5 parts) compact tokens: JFrog access tokens, OIDC identity tokens,
// AWS CodeArtifact authorization tokens.
std::optional<TokenReport> webTokenReport(const QString &token, const QDateTime &now)
{
    const QStringList parts = token.split(u'.');
    if ((parts.size() != 3 && parts.size() != 5) || !token.startsWith(u"eyJ")) {
        return std::nullopt;
    }
    const auto header = base64Json(parts.at(0));
    if (!header) {
        return std::nullopt;
    }
    TokenReport report;
    const bool encrypted = parts.size() == 5;
    report.type = encrypted ? u"jwe"_s : u"jwt"_s;
    report.title = encrypted ? u"Encrypted web token (JWE)"_s : u"JSON Web Token"_s;
    report.facts << (encrypted ? u"An encrypted JSON Web Token, as AWS CodeArtifact issues (username aws)."_s
                               : u"A signed JSON Web Token: a JFrog access token, or an identity token from a CI "
                                 u"system."_s);
    QJsonObject claims = *header;
    if (!encrypted) {
        if (const auto payload = base64Json(parts.at(1))) {
            claims = *payload;
        }
    }
    if (claims.contains(u"iss"_s) && claims.value(u"iss"_s).isString()) {
        report.facts << u"Issuer: %1."_s.arg(printable(claims.value(u"iss"_s).toString(), 120));
    }
    if (const auto expires = unixTime(claims.value(u"exp"_s)); expires) {
        const qint64 left = now.secsTo(*expires);
        if (left <= 0) {
            report.facts << u"Expired %1 ago, on %2."_s.arg(inWords(left), utc(*expires));
            report.warnings << u"This token has expired."_s;
        } else {
            report.facts << u"Expires in %1, on %2."_s.arg(inWords(left), utc(*expires));
        }
    }
    return report;
}

} // namespace

std::expected<Macaroon, TokenError> decodeMacaroonV2(QByteArrayView binary)
{
    if (binary.isEmpty()) {
        return std::unexpected(malformed(u"it is empty after the prefix."_s));
    }
    if (static_cast<unsigned char>(binary[0]) != 2) {
        return std::unexpected(malformed(u"it does not start with the macaroon format version 2."_s));
    }
    PacketReader reader(binary.sliced(1));
    Macaroon macaroon;

    auto header = readSection(reader, u"header"_s);
    if (!header) {
        return std::unexpected(header.error());
    }
    for (const Packet &packet : *header) {
        if (packet.type == Location) {
            macaroon.location = packet.data;
        } else if (packet.type == Identifier) {
            macaroon.identifier = packet.data;
        } else {
            return std::unexpected(malformed(u"the header holds an unexpected field %1."_s.arg(packet.type)));
        }
    }
    if (macaroon.identifier.isEmpty()) {
        return std::unexpected(malformed(u"the header has no identifier."_s));
    }

    while (true) {
        auto section = readSection(reader, u"caveat list"_s);
        if (!section) {
            return std::unexpected(section.error());
        }
        if (section->isEmpty()) {
            break; // the EOS that ends the caveat list
        }
        MacaroonCaveat caveat;
        for (const Packet &packet : *section) {
            if (packet.type == Location) {
                caveat.location = packet.data;
            } else if (packet.type == Identifier) {
                caveat.identifier = packet.data;
            } else if (packet.type == VerificationId) {
                caveat.verificationId = packet.data;
            } else {
                return std::unexpected(malformed(u"a caveat holds an unexpected field %1."_s.arg(packet.type)));
            }
        }
        if (caveat.identifier.isEmpty()) {
            return std::unexpected(malformed(u"a caveat has no identifier."_s));
        }
        macaroon.caveats.append(caveat);
    }

    const auto type = reader.varint();
    const auto length = type ? reader.varint() : std::nullopt;
    if (!type || *type != Signature || !length) {
        return std::unexpected(malformed(u"the signature is missing."_s));
    }
    if (*length != 32) {
        return std::unexpected(malformed(u"the signature is not 32 bytes long."_s));
    }
    auto signature = reader.bytes(*length);
    if (!signature) {
        return std::unexpected(malformed(u"the signature is cut short."_s));
    }
    macaroon.signature = *signature;
    if (!reader.atEnd()) {
        return std::unexpected(malformed(u"there are bytes after the signature."_s));
    }
    return macaroon;
}

std::expected<TokenReport, TokenError> inspectToken(const QString &input, const QDateTime &now)
{
    const QString token = input.trimmed();
    if (token.isEmpty()) {
        return std::unexpected(TokenError{TokenError::Code::Empty, u"The token is empty."_s});
    }
    if (token.size() > maximumTokenLength) {
        return std::unexpected(TokenError{TokenError::Code::TooLarge,
                                          u"The input is %1 characters long, far longer than any token."_s.arg(
                                              token.size())});
    }
    const QString tokenFingerprint = fingerprint(token);

    if (token.startsWith(u"pypi-")) {
        QByteArray encoded = token.sliced(5).toLatin1();
        // pymacaroons writes URL-safe base64 without padding; accept the standard alphabet too.
        encoded.replace('+', '-').replace('/', '_');
        while (encoded.endsWith('=')) {
            encoded.chop(1);
        }
        const auto decoded = QByteArray::fromBase64Encoding(
            encoded, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        const bool ascii = std::ranges::all_of(token, [](QChar c) { return c.unicode() < 128; });
        if (!ascii || decoded.decodingStatus != QByteArray::Base64DecodingStatus::Ok) {
            return std::unexpected(TokenError{
                TokenError::Code::NotBase64,
                u"This is not a valid PyPI token: after \"pypi-\" it should be base64 (letters, digits, '-' and "
                u"'_'). Was it copied completely?"_s});
        }
        auto macaroon = decodeMacaroonV2(decoded.decoded);
        if (!macaroon) {
            return std::unexpected(macaroon.error());
        }
        TokenReport report = pypiReport(*macaroon, now);
        report.fingerprint = tokenFingerprint;
        return report;
    }

    std::optional<TokenReport> report = gitlabReport(token);
    if (!report && token.startsWith(u"cmVmdGtu")) { // base64 of "reftkn"
        report = TokenReport{};
        report->type = u"jfrog-reference-token"_s;
        report->title = u"JFrog reference token"_s;
        report->facts << u"A JFrog Artifactory reference token: use it as the password with an empty username (or "
                         u"your own). It carries no readable scope or expiry."_s;
    }
    if (!report && token.startsWith(u"AKCp")) {
        report = TokenReport{};
        report->type = u"jfrog-api-key"_s;
        report->title = u"JFrog API key"_s;
        report->facts << u"A JFrog Artifactory API key, used with your username."_s;
        report->warnings << u"JFrog API keys are deprecated and being removed; switch to an access or reference "
                            u"token."_s;
    }
    if (!report) {
        report = webTokenReport(token, now);
    }
    if (!report) {
        report = TokenReport{};
        report->type = u"unknown"_s;
        report->title = u"Unrecognised token"_s;
        report->facts << u"Not a token format Slipway recognises (PyPI, GitLab, JFrog, JSON Web Token); it is %1 "
                         u"characters long."_s.arg(token.size());
        if (token.size() < 20) {
            report->warnings << u"This looks short for a token: is it a password? PyPI accepts only API tokens."_s;
        }
    }
    report->fingerprint = tokenFingerprint;
    return *report;
}

QJsonObject TokenReport::toJson() const
{
    QJsonObject object{
        {u"type"_s, type},
        {u"title"_s, title},
        {u"fingerprint"_s, fingerprint},
        {u"facts"_s, QJsonArray::fromStringList(facts)},
        {u"warnings"_s, QJsonArray::fromStringList(warnings)},
    };
    if (isPypi) {
        QJsonArray caveatList;
        for (const PypiCaveat &caveat : caveats) {
            caveatList.append(QJsonObject{{u"kind"_s, caveat.kind},
                                          {u"description"_s, caveat.description},
                                          {u"understood"_s, caveat.understood},
                                          {u"raw"_s, caveat.raw}});
        }
        auto time = [](const std::optional<QDateTime> &value) {
            return value ? QJsonValue(value->toUTC().toString(Qt::ISODate)) : QJsonValue();
        };
        object.insert(u"pypi"_s, QJsonObject{
                                     {u"location"_s, location},
                                     {u"identifier"_s, identifier},
                                     {u"account_wide"_s, accountWide},
                                     {u"expires"_s, time(expires)},
                                     {u"not_before"_s, time(notBefore)},
                                     {u"projects"_s, QJsonArray::fromStringList(projects)},
                                     {u"project_ids"_s, QJsonArray::fromStringList(projectIds)},
                                     {u"user_id"_s, userId.isEmpty() ? QJsonValue() : QJsonValue(userId)},
                                     {u"publisher_id"_s, publisherId.isEmpty() ? QJsonValue() : QJsonValue(publisherId)},
                                     {u"caveats"_s, caveatList},
                                 });
    }
    return object;
}

} // namespace Registry
