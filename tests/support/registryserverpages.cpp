// SPDX-License-Identifier: GPL-3.0-or-later
// The read side of the strict registry: Simple API (PEP 503 HTML, PEP 691 JSON), the PyPI JSON
// API and the files.
#include "tests/support/registryserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

#include "core/dist/hasher.h"
#include "core/metadata/name.h"
#include "core/metadata/version.h"
#include "tests/support/registryserverexchange.h"

namespace TestSupport {

namespace {

const QByteArray jsonType = "application/vnd.pypi.simple.v1+json";
const QByteArray htmlType = "application/vnd.pypi.simple.v1+html";

enum class PageFormat { Json, V1Html, TextHtml };

struct AcceptEntry {
    QByteArray type;
    double quality = 1.0;
};

// PEP 691 content negotiation as Warehouse does it (webob's acceptable_offers): each type the
// server offers gets the quality of the most specific Accept range that matches it; the highest
// quality wins and ties go to the server's order (text/html, v1+html, v1+json). Nothing
// acceptable, or no Accept header at all, gives text/html.
PageFormat negotiate(const QByteArray &accept)
{
    QList<AcceptEntry> entries;
    for (const QByteArray &item : accept.split(',')) {
        const QList<QByteArray> pieces = item.split(';');
        AcceptEntry entry;
        entry.type = pieces.first().trimmed().toLower();
        for (qsizetype i = 1; i < pieces.size(); ++i) {
            const QByteArray parameter = pieces[i].trimmed();
            if (parameter.startsWith("q=")) {
                bool ok = false;
                const double quality = parameter.mid(2).toDouble(&ok);
                entry.quality = ok ? std::clamp(quality, 0.0, 1.0) : 0.0;
            }
        }
        if (!entry.type.isEmpty()) {
            entries.append(entry);
        }
    }
    auto qualityOf = [&entries](PageFormat format, std::initializer_list<QByteArray> exact) {
        double quality = 0;
        int bestSpecificity = -1;
        for (const AcceptEntry &entry : entries) {
            int specificity = -1;
            if (std::find(exact.begin(), exact.end(), entry.type) != exact.end()) {
                specificity = 2;
            } else if (entry.type == "*/*") {
                specificity = 0;
            } else if ((entry.type == "application/*" && format != PageFormat::TextHtml)
                       || (entry.type == "text/*" && format == PageFormat::TextHtml)) {
                specificity = 1;
            }
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                quality = entry.quality;
            }
        }
        return quality;
    };
    const std::pair<PageFormat, double> offers[] = {
        {PageFormat::TextHtml, qualityOf(PageFormat::TextHtml, {"text/html"})},
        {PageFormat::V1Html, qualityOf(PageFormat::V1Html, {htmlType, "application/vnd.pypi.simple.latest+html"})},
        {PageFormat::Json, qualityOf(PageFormat::Json, {jsonType, "application/vnd.pypi.simple.latest+json"})},
    };
    PageFormat chosen = PageFormat::TextHtml;
    double best = 0;
    for (const auto &[format, quality] : offers) {
        if (quality > best) {
            best = quality;
            chosen = format;
        }
    }
    return chosen;
}

QByteArray contentTypeOf(PageFormat format)
{
    switch (format) {
    case PageFormat::Json:
        return jsonType;
    case PageFormat::V1Html:
        return htmlType;
    case PageFormat::TextHtml:
        return "text/html; charset=utf-8";
    }
    return "text/html; charset=utf-8";
}

QString uploadTimeText(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QStringLiteral("000Z");
}

QJsonValue nullIfEmpty(const QString &value)
{
    return value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QByteArray encodedFilename(const QString &filename)
{
    return QUrl::toPercentEncoding(filename);
}

} // namespace

QString RegistryServer::routeUrl(const QString &prefix, const QString &route) const
{
    QString url = baseUrl().toString();
    if (!prefix.isEmpty()) {
        url += prefix.mid(1) + QLatin1Char('/');
    }
    return url + route;
}

RegistryServer::Answer RegistryServer::answerRead(Exchange &exchange, const QString &path)
{
    if (auto challenge = checkReadAuthentication(exchange)) {
        return *challenge;
    }
    auto redirect = [this, &exchange](const QString &to) {
        Answer answer;
        answer.status = 301;
        answer.reason = "Moved Permanently";
        answer.headers = {{"Location", routeUrl(exchange.prefix, to.mid(1)).toUtf8()}};
        return answer;
    };
    auto notFound = [] {
        Answer answer;
        answer.status = 404;
        answer.reason = "Not Found";
        answer.headers = {{"Content-Type", "text/plain; charset=UTF-8"}};
        answer.body = "404 Not Found\n";
        return answer;
    };
    const QStringList segments = path.split(QLatin1Char('/'));
    // "/simple/x/" splits into {"", "simple", "x", ""}.
    if (path == QLatin1String("/simple")) {
        return redirect(QStringLiteral("/simple/"));
    }
    if (path == QLatin1String("/simple/")) {
        return answerSimpleIndex(exchange, exchange.prefix);
    }
    if (segments.size() >= 3 && segments[1] == QLatin1String("simple")) {
        const QString name = segments[2];
        if (segments.size() == 3) {
            return redirect(QStringLiteral("/simple/%1/").arg(name));
        }
        if (segments.size() == 4 && segments[3].isEmpty()) {
            return answerSimpleProject(exchange, exchange.prefix, name);
        }
        return notFound();
    }
    if (segments.size() >= 4 && segments[1] == QLatin1String("pypi") && segments.last() == QLatin1String("json")) {
        if (segments.size() == 4) {
            return answerJsonApi(exchange.prefix, segments[2], {});
        }
        if (segments.size() == 5) {
            return answerJsonApi(exchange.prefix, segments[2], segments[3]);
        }
        return notFound();
    }
    if (segments.size() == 4 && segments[1] == QLatin1String("files")) {
        return answerFile(segments[2], segments[3]);
    }
    return notFound();
}

RegistryServer::Answer RegistryServer::answerSimpleIndex(const Exchange &exchange, const QString &prefix)
{
    const PageFormat format = m_simpleJson ? negotiate(exchange.head.header("Accept")) : PageFormat::TextHtml;
    QList<std::pair<QString, QString>> projects; // normalized, display
    for (const StoredFile &stored : m_files) {
        const auto exists = std::any_of(projects.begin(), projects.end(), [&stored](const auto &project) {
            return project.first == stored.file.normalizedProject;
        });
        if (!exists && !visibleFiles(stored.file.normalizedProject, false).isEmpty()) {
            projects.append({stored.file.normalizedProject, stored.file.project});
        }
    }
    std::sort(projects.begin(), projects.end());
    Answer answer;
    answer.headers = {{"Content-Type", contentTypeOf(format)},
                      {"Vary", "Accept"},
                      {"X-PyPI-Last-Serial", QByteArray::number(m_serial)}};
    if (format == PageFormat::Json) {
        QJsonArray list;
        for (const auto &[normalized, display] : projects) {
            list.append(QJsonObject{{QStringLiteral("name"), display},
                                    {QStringLiteral("_last-serial"), qint64(m_serial)}});
        }
        const QJsonObject page{{QStringLiteral("meta"), QJsonObject{{QStringLiteral("api-version"), QStringLiteral("1.1")},
                                                                    {QStringLiteral("_last-serial"), qint64(m_serial)}}},
                               {QStringLiteral("projects"), list}};
        answer.body = QJsonDocument(page).toJson(QJsonDocument::Compact);
        return answer;
    }
    QByteArray html = "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.1\">\n"
                      "    <title>Simple index</title>\n  </head>\n  <body>\n";
    for (const auto &[normalized, display] : projects) {
        const QString href = m_relativeUrls ? normalized + QLatin1Char('/')
                                            : routeUrl(prefix, QStringLiteral("simple/%1/").arg(normalized));
        html += "    <a href=\"" + href.toHtmlEscaped().toUtf8() + "\">" + display.toHtmlEscaped().toUtf8() + "</a>\n";
    }
    html += "  </body>\n</html>\n";
    answer.body = html;
    return answer;
}

RegistryServer::Answer RegistryServer::answerSimpleProject(const Exchange &exchange, const QString &prefix, const QString &name)
{
    const QString normalized = Metadata::normalizeName(name);
    if (!Metadata::isValidName(name)) {
        Answer answer;
        answer.status = 404;
        answer.reason = "Not Found";
        answer.body = "404 Not Found\n";
        return answer;
    }
    if (name != normalized) {
        // PyPI sends clients to the normalized URL.
        Answer answer;
        answer.status = 301;
        answer.reason = "Moved Permanently";
        answer.headers = {{"Location", routeUrl(prefix, QStringLiteral("simple/%1/").arg(normalized)).toUtf8()}};
        return answer;
    }
    const QList<const StoredFile *> files = visibleFiles(normalized, true);
    if (files.isEmpty()) {
        Answer answer;
        answer.status = 404;
        answer.reason = "Not Found";
        answer.headers = {{"Content-Type", "text/plain; charset=UTF-8"}};
        answer.body = "404 Not Found\n";
        return answer;
    }
    const PageFormat format = m_simpleJson ? negotiate(exchange.head.header("Accept")) : PageFormat::TextHtml;
    auto urlOf = [&](const RegistryFile &file) {
        if (m_relativeUrls) {
            return QStringLiteral("../../files/%1/%2").arg(file.normalizedProject, QString::fromLatin1(encodedFilename(file.filename)));
        }
        return routeUrl(prefix, QStringLiteral("files/%1/%2").arg(file.normalizedProject,
                                                                   QString::fromLatin1(encodedFilename(file.filename))));
    };
    QList<Metadata::Version> versions;
    for (const StoredFile *stored : files) {
        if (const auto version = Metadata::Version::parse(stored->file.version)) {
            if (!versions.contains(*version)) {
                versions.append(*version);
            }
        }
    }
    std::sort(versions.begin(), versions.end());

    Answer answer;
    answer.headers = {{"Content-Type", contentTypeOf(format)},
                      {"Vary", "Accept"},
                      {"Cache-Control", "max-age=600, public"},
                      {"X-PyPI-Last-Serial", QByteArray::number(m_serial)}};
    if (format == PageFormat::Json) {
        QJsonArray fileList;
        for (const StoredFile *stored : files) {
            const RegistryFile &file = stored->file;
            QJsonValue yanked = false;
            if (file.yanked) {
                yanked = file.yankedReason.isEmpty() ? QJsonValue(true) : QJsonValue(file.yankedReason);
            }
            fileList.append(QJsonObject{
                {QStringLiteral("filename"), file.filename},
                {QStringLiteral("url"), urlOf(file)},
                {QStringLiteral("hashes"), QJsonObject{{QStringLiteral("sha256"), QString::fromLatin1(file.sha256)}}},
                {QStringLiteral("requires-python"), nullIfEmpty(file.requiresPython)},
                {QStringLiteral("size"), file.size},
                {QStringLiteral("upload-time"), uploadTimeText(file.uploadTime)},
                {QStringLiteral("yanked"), yanked},
                {QStringLiteral("core-metadata"), false},
                {QStringLiteral("data-dist-info-metadata"), false},
                {QStringLiteral("provenance"), QJsonValue(QJsonValue::Null)},
            });
        }
        QJsonArray versionList;
        for (const Metadata::Version &version : versions) {
            versionList.append(version.toString());
        }
        const QJsonObject page{{QStringLiteral("meta"), QJsonObject{{QStringLiteral("api-version"), QStringLiteral("1.1")},
                                                                    {QStringLiteral("_last-serial"), qint64(m_serial)}}},
                               {QStringLiteral("name"), normalized},
                               {QStringLiteral("versions"), versionList},
                               {QStringLiteral("files"), fileList}};
        answer.body = QJsonDocument(page).toJson(QJsonDocument::Compact);
        return answer;
    }
    QByteArray html = "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.1\">\n"
                      "    <title>Links for "
        + normalized.toUtf8() + "</title>\n  </head>\n  <body>\n    <h1>Links for " + normalized.toUtf8() + "</h1>\n";
    for (const StoredFile *stored : files) {
        const RegistryFile &file = stored->file;
        html += "    <a href=\"" + QString(urlOf(file) + QStringLiteral("#sha256=") + QString::fromLatin1(file.sha256)).toHtmlEscaped().toUtf8()
            + "\"";
        if (!file.requiresPython.isEmpty()) {
            html += " data-requires-python=\"" + file.requiresPython.toHtmlEscaped().toUtf8() + "\"";
        }
        if (file.yanked) {
            html += file.yankedReason.isEmpty() ? QByteArray(" data-yanked")
                                                : " data-yanked=\"" + file.yankedReason.toHtmlEscaped().toUtf8() + "\"";
        }
        html += ">" + file.filename.toHtmlEscaped().toUtf8() + "</a><br />\n";
    }
    html += "  </body>\n</html>\n<!--SERIAL " + QByteArray::number(m_serial) + "-->\n";
    answer.body = html;
    return answer;
}

RegistryServer::Answer RegistryServer::answerJsonApi(const QString &prefix, const QString &name, const QString &version)
{
    auto jsonAnswer = [](int status, const QByteArray &reason, const QJsonObject &object) {
        Answer answer;
        answer.status = status;
        answer.reason = reason;
        answer.headers = {{"Content-Type", "application/json"}};
        answer.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
        return answer;
    };
    const QString normalized = Metadata::normalizeName(name);
    if (!Metadata::isValidName(name)) {
        return jsonAnswer(404, "Not Found", {{QStringLiteral("message"), QStringLiteral("Not Found")}});
    }
    if (name != normalized) {
        Answer answer;
        answer.status = 301;
        answer.reason = "Moved Permanently";
        const QString to = QStringLiteral("pypi/") + normalized + (version.isEmpty() ? QString() : QLatin1Char('/') + version)
            + QStringLiteral("/json");
        answer.headers = {{"Location", routeUrl(prefix, to).toUtf8()}};
        return answer;
    }
    const QList<const StoredFile *> files = visibleFiles(normalized, true);
    if (files.isEmpty()) {
        return jsonAnswer(404, "Not Found", {{QStringLiteral("message"), QStringLiteral("Not Found")}});
    }

    // Releases, keyed by the normalized version; the first file of a release carries its metadata.
    struct Release {
        Metadata::Version version;
        QString text;
        QList<const StoredFile *> files;
    };
    QList<Release> releases;
    for (const StoredFile *stored : files) {
        const auto parsed = Metadata::Version::parse(stored->file.version);
        if (!parsed) {
            continue;
        }
        auto release = std::find_if(releases.begin(), releases.end(), [&](const Release &r) { return r.version == *parsed; });
        if (release == releases.end()) {
            releases.append({*parsed, parsed->toString(), {}});
            release = releases.end() - 1;
        }
        release->files.append(stored);
    }
    auto releaseYanked = [](const Release &release) {
        return std::all_of(release.files.begin(), release.files.end(), [](const StoredFile *f) { return f->file.yanked; });
    };
    const Release *selected = nullptr;
    if (version.isEmpty()) {
        // Warehouse: non-yanked first, then final releases, then the highest version.
        for (const Release &release : releases) {
            if (!selected) {
                selected = &release;
                continue;
            }
            const auto key = [&](const Release &r) {
                return std::tuple(!releaseYanked(r), !r.version.isPrerelease());
            };
            if (key(release) > key(*selected) || (key(release) == key(*selected) && release.version > selected->version)) {
                selected = &release;
            }
        }
    } else {
        const auto wanted = Metadata::Version::parse(version);
        for (const Release &release : releases) {
            if (wanted && release.version == *wanted) {
                selected = &release;
            }
        }
        if (!selected) {
            return jsonAnswer(404, "Not Found", {{QStringLiteral("message"), QStringLiteral("Not Found")}});
        }
    }

    auto fileEntry = [&](const StoredFile *stored) {
        const RegistryFile &file = stored->file;
        QByteArray md5 = file.md5;
        if (md5.isEmpty()) {
            QFile content(file.storagePath);
            Dist::Hasher hasher(Dist::HashAlgorithm::Md5);
            if (content.open(QIODevice::ReadOnly)) {
                while (!content.atEnd()) {
                    hasher.addData(content.read(1024 * 1024));
                }
            }
            md5 = hasher.result().toHex();
        }
        const QString url = routeUrl(prefix, QStringLiteral("files/%1/%2").arg(file.normalizedProject,
                                                                                QString::fromLatin1(encodedFilename(file.filename))));
        return QJsonObject{
            {QStringLiteral("filename"), file.filename},
            {QStringLiteral("packagetype"), file.filetype},
            {QStringLiteral("python_version"), file.pyversion},
            {QStringLiteral("size"), file.size},
            {QStringLiteral("digests"), QJsonObject{{QStringLiteral("md5"), QString::fromLatin1(md5)},
                                                    {QStringLiteral("sha256"), QString::fromLatin1(file.sha256)},
                                                    {QStringLiteral("blake2b_256"), QString::fromLatin1(file.blake2_256)}}},
            {QStringLiteral("md5_digest"), QString::fromLatin1(md5)},
            {QStringLiteral("has_sig"), false},
            {QStringLiteral("comment_text"), QString()},
            {QStringLiteral("upload_time"), file.uploadTime.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"))},
            {QStringLiteral("upload_time_iso_8601"), uploadTimeText(file.uploadTime)},
            {QStringLiteral("url"), url},
            {QStringLiteral("requires_python"), nullIfEmpty(file.requiresPython)},
            {QStringLiteral("yanked"), file.yanked},
            {QStringLiteral("yanked_reason"), file.yanked ? nullIfEmpty(file.yankedReason) : QJsonValue(QJsonValue::Null)},
        };
    };

    const RegistryFile &first = selected->files.first()->file;
    auto metadataValue = [&first](const QString &key) {
        for (const auto &[name, value] : first.metadata) {
            if (name == key && !value.isEmpty() && value != QLatin1String("UNKNOWN")) {
                return value;
            }
        }
        return QString();
    };
    auto metadataValues = [&first](const QString &key) {
        QJsonArray values;
        for (const auto &[name, value] : first.metadata) {
            if (name == key && !value.isEmpty()) {
                values.append(value);
            }
        }
        return values;
    };
    QJsonObject projectUrls;
    for (const QJsonValue &entry : metadataValues(QStringLiteral("project_urls"))) {
        const QString text = entry.toString();
        const qsizetype comma = text.indexOf(QLatin1Char(','));
        if (comma > 0) {
            projectUrls.insert(text.left(comma).trimmed(), text.mid(comma + 1).trimmed());
        }
    }
    const QJsonArray requiresDist = metadataValues(QStringLiteral("requires_dist"));
    const bool yanked = releaseYanked(*selected);
    QString yankedReason;
    if (yanked) {
        yankedReason = selected->files.first()->file.yankedReason;
    }
    const QString base = baseUrl().toString();
    const QJsonObject info{
        {QStringLiteral("name"), first.project},
        {QStringLiteral("version"), selected->text},
        {QStringLiteral("summary"), nullIfEmpty(metadataValue(QStringLiteral("summary")))},
        {QStringLiteral("description"), metadataValue(QStringLiteral("description"))},
        {QStringLiteral("description_content_type"), nullIfEmpty(metadataValue(QStringLiteral("description_content_type")))},
        {QStringLiteral("author"), metadataValue(QStringLiteral("author"))},
        {QStringLiteral("author_email"), metadataValue(QStringLiteral("author_email"))},
        {QStringLiteral("maintainer"), metadataValue(QStringLiteral("maintainer"))},
        {QStringLiteral("maintainer_email"), metadataValue(QStringLiteral("maintainer_email"))},
        {QStringLiteral("license"), nullIfEmpty(metadataValue(QStringLiteral("license")))},
        {QStringLiteral("license_expression"), nullIfEmpty(metadataValue(QStringLiteral("license_expression")))},
        {QStringLiteral("keywords"), metadataValue(QStringLiteral("keywords"))},
        {QStringLiteral("home_page"), nullIfEmpty(metadataValue(QStringLiteral("home_page")))},
        {QStringLiteral("requires_python"), metadataValue(QStringLiteral("requires_python"))},
        {QStringLiteral("requires_dist"), requiresDist.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(requiresDist)},
        {QStringLiteral("classifiers"), metadataValues(QStringLiteral("classifiers"))},
        {QStringLiteral("project_urls"), projectUrls.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(projectUrls)},
        {QStringLiteral("package_url"), QString(base + QStringLiteral("project/") + normalized + QLatin1Char('/'))},
        {QStringLiteral("project_url"), QString(base + QStringLiteral("project/") + normalized + QLatin1Char('/'))},
        {QStringLiteral("release_url"),
         QString(base + QStringLiteral("project/") + normalized + QLatin1Char('/') + selected->text + QLatin1Char('/'))},
        {QStringLiteral("yanked"), yanked},
        {QStringLiteral("yanked_reason"), yanked ? nullIfEmpty(yankedReason) : QJsonValue(QJsonValue::Null)},
    };
    QJsonArray urls;
    for (const StoredFile *stored : selected->files) {
        urls.append(fileEntry(stored));
    }
    QJsonObject page{{QStringLiteral("info"), info},
                     {QStringLiteral("last_serial"), qint64(m_serial)},
                     {QStringLiteral("urls"), urls},
                     {QStringLiteral("vulnerabilities"), QJsonArray()}};
    if (version.isEmpty()) {
        QJsonObject releaseMap;
        for (const Release &release : releases) {
            QJsonArray entries;
            for (const StoredFile *stored : release.files) {
                entries.append(fileEntry(stored));
            }
            releaseMap.insert(release.text, entries);
        }
        page.insert(QStringLiteral("releases"), releaseMap);
    }
    Answer answer = jsonAnswer(200, "OK", page);
    answer.headers.append({"X-PyPI-Last-Serial", QByteArray::number(m_serial)});
    return answer;
}

RegistryServer::Answer RegistryServer::answerFile(const QString &project, const QString &filename)
{
    for (const StoredFile &stored : m_files) {
        if (stored.file.normalizedProject == project && stored.file.filename == filename) {
            Answer answer;
            answer.status = 200;
            answer.reason = "OK";
            answer.headers = {{"Content-Type", "application/octet-stream"}};
            answer.filePath = stored.file.storagePath;
            return answer;
        }
    }
    Answer answer;
    answer.status = 404;
    answer.reason = "Not Found";
    answer.headers = {{"Content-Type", "text/plain; charset=UTF-8"}};
    answer.body = "404 Not Found\n";
    return answer;
}

} // namespace TestSupport
