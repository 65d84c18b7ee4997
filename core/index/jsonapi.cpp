// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/index/jsonapi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <algorithm>

#include "core/metadata/name.h"
#include "core/metadata/version.h"

namespace Index::JsonApi {

namespace {

QString urlText(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo);
}

IndexError invalid(const QUrl &url, const QString &message)
{
    IndexError error;
    error.code = IndexError::Code::InvalidResponse;
    error.url = url;
    error.message = message;
    return error;
}

bool isHex(QStringView text)
{
    return !text.isEmpty() && text.size() <= 256 && std::all_of(text.begin(), text.end(), [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
    });
}

std::optional<ReleaseFile> parseFile(const QJsonValue &value, const QUrl &pageUrl)
{
    const QJsonObject entry = value.toObject();
    const QJsonValue filename = entry.value(QLatin1String("filename"));
    if (!filename.isString() || filename.toString().isEmpty()) {
        return std::nullopt;
    }
    ReleaseFile file;
    file.filename = filename.toString();
    const QString url = entry.value(QLatin1String("url")).toString();
    if (!url.isEmpty()) {
        file.url = pageUrl.resolved(QUrl(url));
    }
    file.packageType = entry.value(QLatin1String("packagetype")).toString();
    file.pythonVersion = entry.value(QLatin1String("python_version")).toString();
    const QJsonValue size = entry.value(QLatin1String("size"));
    if (size.isDouble() && size.toDouble() >= 0 && size.toDouble() <= 9.0e15
        && size.toDouble() == double(qint64(size.toDouble()))) {
        file.size = qint64(size.toDouble());
    }
    const QJsonObject digests = entry.value(QLatin1String("digests")).toObject();
    for (auto it = digests.begin(); it != digests.end(); ++it) {
        const QString digest = it.value().toString();
        if (isHex(digest) && it.key().size() <= 32) {
            file.digests.insert(it.key().toLower(), digest.toLower());
        }
    }
    file.requiresPython = entry.value(QLatin1String("requires_python")).toString().trimmed();
    QDateTime time = QDateTime::fromString(entry.value(QLatin1String("upload_time_iso_8601")).toString(), Qt::ISODateWithMs);
    if (!time.isValid()) {
        // The older key has no zone; Warehouse writes it in UTC.
        time = QDateTime::fromString(entry.value(QLatin1String("upload_time")).toString(), Qt::ISODateWithMs);
        time.setTimeZone(QTimeZone::utc());
    }
    if (time.isValid()) {
        file.uploadTime = time.toUTC();
    }
    file.yanked = entry.value(QLatin1String("yanked")).toBool();
    if (file.yanked) {
        file.yankedReason = entry.value(QLatin1String("yanked_reason")).toString();
    }
    return file;
}

std::expected<QList<ReleaseFile>, IndexError> parseFiles(const QJsonValue &value, const QUrl &pageUrl, const QString &where)
{
    QList<ReleaseFile> files;
    if (value.isUndefined() || value.isNull()) {
        return files;
    }
    if (!value.isArray()) {
        return std::unexpected(invalid(pageUrl, QStringLiteral("The JSON API at %1 gives %2 as something other than a "
                                                               "list of files.")
                                                    .arg(urlText(pageUrl), where)));
    }
    for (const QJsonValue &entry : value.toArray()) {
        const auto file = parseFile(entry, pageUrl);
        if (!file) {
            return std::unexpected(invalid(pageUrl, QStringLiteral("The JSON API at %1 lists a file without a "
                                                                   "filename in %2.")
                                                        .arg(urlText(pageUrl), where)));
        }
        files.append(*file);
    }
    return files;
}

} // namespace

QUrl projectUrl(const QUrl &base, QStringView project, QStringView version)
{
    if (!Metadata::isValidName(project) || !base.isValid()) {
        return {};
    }
    QUrl url = base;
    QString path = url.path();
    if (!path.endsWith(QLatin1Char('/'))) {
        path += QLatin1Char('/');
    }
    path += QStringLiteral("pypi/") + Metadata::normalizeName(project) + QLatin1Char('/');
    if (!version.isEmpty()) {
        path += QString::fromUtf8(QUrl::toPercentEncoding(version.toString())) + QLatin1Char('/');
    }
    url.setPath(path + QStringLiteral("json"));
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

QUrl baseFromSimpleIndex(const QUrl &simpleIndexUrl)
{
    QString path = simpleIndexUrl.path();
    if (!path.endsWith(QLatin1Char('/'))) {
        path += QLatin1Char('/');
    }
    if (!simpleIndexUrl.isValid() || !path.endsWith(QLatin1String("/simple/"))) {
        return {};
    }
    QUrl base = simpleIndexUrl;
    base.setPath(path.left(path.size() - int(QStringLiteral("simple/").size())));
    base.setQuery(QString());
    base.setFragment(QString());
    return base;
}

std::expected<ProjectReleases, IndexError> parseProject(QByteArrayView body, const QUrl &url)
{
    if (body.size() > maxPageSize) {
        IndexError error;
        error.code = IndexError::Code::ResponseTooLarge;
        error.url = url;
        error.message = QStringLiteral("The JSON API answer from %1 is larger than %2 MiB; Slipway does not read it.")
                            .arg(urlText(url))
                            .arg(maxPageSize / (1024 * 1024));
        return std::unexpected(error);
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return std::unexpected(invalid(url, QStringLiteral("The JSON API at %1 sent something that is not a JSON "
                                                           "object.")
                                                .arg(urlText(url))));
    }
    const QJsonObject object = document.object();
    const QJsonObject info = object.value(QLatin1String("info")).toObject();
    if (!info.value(QLatin1String("name")).isString() || !info.value(QLatin1String("version")).isString()) {
        return std::unexpected(invalid(url, QStringLiteral("The JSON API at %1 sent a document without info.name and "
                                                           "info.version.")
                                                .arg(urlText(url))));
    }
    ProjectReleases project;
    project.found = true;
    project.name = info.value(QLatin1String("name")).toString();
    project.latestVersion = info.value(QLatin1String("version")).toString();
    project.summary = info.value(QLatin1String("summary")).toString();
    project.requiresPython = info.value(QLatin1String("requires_python")).toString();
    project.latestYanked = info.value(QLatin1String("yanked")).toBool();
    const QJsonValue serial = object.value(QLatin1String("last_serial"));
    if (serial.isDouble()) {
        project.lastSerial = qint64(serial.toDouble());
    }
    const auto latestFiles = parseFiles(object.value(QLatin1String("urls")), url, QStringLiteral("urls"));
    if (!latestFiles) {
        return std::unexpected(latestFiles.error());
    }
    project.latestFiles = *latestFiles;

    const QJsonValue releases = object.value(QLatin1String("releases"));
    if (!releases.isUndefined() && !releases.isNull() && !releases.isObject()) {
        return std::unexpected(invalid(url, QStringLiteral("The JSON API at %1 gives releases as something other "
                                                           "than an object.")
                                                .arg(urlText(url))));
    }
    const QJsonObject releaseMap = releases.toObject();
    for (auto it = releaseMap.begin(); it != releaseMap.end(); ++it) {
        const auto files = parseFiles(it.value(), url, QStringLiteral("release %1").arg(it.key().left(64)));
        if (!files) {
            return std::unexpected(files.error());
        }
        project.releases.append(Release{it.key(), *files});
    }
    // Oldest first by PEP 440; unparsable versions first, in the document's order.
    QList<std::pair<std::optional<Metadata::Version>, Release>> keyed;
    keyed.reserve(project.releases.size());
    for (Release &release : project.releases) {
        const auto parsed = Metadata::Version::parse(release.version);
        keyed.append({parsed ? std::optional(*parsed) : std::nullopt, std::move(release)});
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) {
        if (!a.first || !b.first) {
            return !a.first && b.first;
        }
        return *a.first < *b.first;
    });
    project.releases.clear();
    for (auto &entry : keyed) {
        project.releases.append(std::move(entry.second));
    }
    return project;
}

} // namespace Index::JsonApi
