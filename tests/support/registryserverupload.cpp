// SPDX-License-Identifier: GPL-3.0-or-later
// The upload side of the strict registry: multipart spooling and Warehouse's rules.
#include "tests/support/registryserver.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>

#include <algorithm>

#include "core/metadata/name.h"
#include "core/metadata/specifier.h"
#include "core/metadata/version.h"
#include "tests/support/registryserverexchange.h"

namespace TestSupport {

namespace {

constexpr qsizetype maxFieldBytes = 32 * 1024 * 1024;

const QString coreMetadataHelp = QStringLiteral(
    "See https://packaging.python.org/specifications/core-metadata for more information.");

// Warehouse's single-use metadata fields: sending one twice is an error.
const QSet<QString> &singleUseFields()
{
    static const QSet<QString> fields{
        QStringLiteral("metadata_version"), QStringLiteral("name"), QStringLiteral("version"),
        QStringLiteral("summary"), QStringLiteral("description"), QStringLiteral("description_content_type"),
        QStringLiteral("keywords"), QStringLiteral("home_page"), QStringLiteral("download_url"),
        QStringLiteral("author"), QStringLiteral("author_email"), QStringLiteral("maintainer"),
        QStringLiteral("maintainer_email"), QStringLiteral("license"), QStringLiteral("license_expression"),
        QStringLiteral("requires_python"), QStringLiteral("filetype"), QStringLiteral("pyversion"),
        QStringLiteral("md5_digest"), QStringLiteral("sha256_digest"), QStringLiteral("blake2_256_digest"),
        QStringLiteral("protocol_version"), QStringLiteral("comment"), QStringLiteral(":action"),
    };
    return fields;
}

bool isSupportedMetadataVersion(const QString &version)
{
    static const QStringList supported{QStringLiteral("1.0"), QStringLiteral("1.1"), QStringLiteral("1.2"),
                                       QStringLiteral("2.1"), QStringLiteral("2.2"), QStringLiteral("2.3"),
                                       QStringLiteral("2.4"), QStringLiteral("2.5")};
    return supported.contains(version);
}

// Warehouse's _valid_platform_tag.
bool isAllowedPlatformTag(const QString &tag)
{
    static const QSet<QString> fixed{
        QStringLiteral("any"), QStringLiteral("win32"), QStringLiteral("win_amd64"), QStringLiteral("win_arm64"),
        QStringLiteral("win_ia64"), QStringLiteral("manylinux1_x86_64"), QStringLiteral("manylinux1_i686"),
        QStringLiteral("manylinux2010_x86_64"), QStringLiteral("manylinux2010_i686"),
        QStringLiteral("manylinux2014_x86_64"), QStringLiteral("manylinux2014_i686"),
        QStringLiteral("manylinux2014_aarch64"), QStringLiteral("manylinux2014_armv7l"),
        QStringLiteral("manylinux2014_ppc64"), QStringLiteral("manylinux2014_ppc64le"),
        QStringLiteral("manylinux2014_s390x"), QStringLiteral("linux_armv6l"), QStringLiteral("linux_armv7l"),
    };
    if (fixed.contains(tag)) {
        return true;
    }
    static const QRegularExpression patterns(QStringLiteral(
        "^(?:manylinux_\\d+_\\d+_(?:x86_64|i686|aarch64|armv7l|ppc64le|s390x|riscv64|ppc64)"
        "|musllinux_\\d+_\\d+_(?:x86_64|i686|aarch64|armv7l|ppc64le|s390x|riscv64)"
        "|macosx_(?:10_\\d+|11_0|12_0|13_0|14_0|15_0|26_0)_"
        "(?:ppc|ppc64|i386|x86_64|arm64|intel|fat|fat3|fat64|universal|universal2)"
        "|ios_\\d+_\\d+_(?:arm64|x86_64)_(?:iphoneos|iphonesimulator)"
        "|android_\\d+_(?:armeabi_v7a|arm64_v8a|x86|x86_64)"
        "|pyemscripten_\\d+_\\d+_wasm32)$"));
    return patterns.match(tag).hasMatch();
}

bool isHexDigest(const QString &value)
{
    static const QRegularExpression hex(QStringLiteral("^[A-Fa-f0-9]{64}$"));
    return hex.match(value).hasMatch();
}

// The plain-text fields of an upload, cleaned the way Warehouse's sanitize() does.
class Form
{
public:
    explicit Form(const QList<RegistryServerPart> &parts)
        : m_parts(parts)
    {
    }

    // Values of a plain field: "UNKNOWN" is dropped (distutils' placeholder), empty is absent.
    QStringList values(const QString &name) const
    {
        QStringList result;
        for (const auto &part : m_parts) {
            if (part.isFile || part.name != name) {
                continue;
            }
            QString value = QString::fromUtf8(part.data);
            if (value.trimmed() == QLatin1String("UNKNOWN") || value.isEmpty()) {
                continue;
            }
            result.append(value.replace(QChar(0), QStringLiteral("\\x00")));
        }
        return result;
    }
    QString value(const QString &name) const
    {
        const QStringList all = values(name);
        return all.isEmpty() ? QString() : all.first();
    }
    bool has(const QString &name) const { return !values(name).isEmpty(); }
    int rawCount(const QString &name) const
    {
        return int(std::count_if(m_parts.begin(), m_parts.end(), [&name](const auto &part) { return part.name == name; }));
    }
    bool sentAtAll(const QString &name) const { return rawCount(name) > 0; }

private:
    const QList<RegistryServerPart> &m_parts;
};

} // namespace

void RegistryServer::setUpUpload(Exchange &exchange)
{
    const QByteArray boundary = MultipartParser::boundaryFromContentType(exchange.head.header("Content-Type"));
    if (boundary.isEmpty()) {
        exchange.multipartError = QStringLiteral("The upload is not a multipart/form-data body with a boundary "
                                                 "(Content-Type: %1).")
                                      .arg(QString::fromLatin1(exchange.head.header("Content-Type")));
        return;
    }
    Exchange *state = &exchange;
    // Named here, on the server's thread; the callbacks below run on the pipeline's.
    exchange.spoolPath = QStringLiteral("%1/incoming/%2.part").arg(m_storage).arg(++m_spoolCounter);
    MultipartParser::Callbacks callbacks;
    callbacks.partBegin = [state](const MultipartPartHeaders &headers) {
        Exchange::Part part;
        part.name = QString::fromUtf8(headers.name);
        part.isFile = headers.hasFilename;
        part.filename = QString::fromUtf8(headers.filename);
        part.contentType = headers.contentType;
        state->inContent = false;
        if (part.name == QLatin1String("content") && part.isFile && ++state->contentParts == 1) {
            state->inContent = true;
            state->contentFilename = part.filename;
            state->contentType = headers.contentType;
            state->spool = std::make_unique<QFile>(state->spoolPath);
            if (!state->spool->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
                state->spoolFailed = true;
            }
            state->sha256 = std::make_unique<Dist::Hasher>(Dist::HashAlgorithm::Sha256);
            state->blake2 = std::make_unique<Dist::Hasher>(Dist::HashAlgorithm::Blake2b256);
            // md5 costs time on big files; hash it on the fly only when a digest to check came
            // first (twine sends it before the content), otherwise from the spool afterwards.
            const bool md5Announced = std::any_of(state->parts.begin(), state->parts.end(), [](const auto &p) {
                return p.name == QLatin1String("md5_digest");
            });
            if (md5Announced) {
                state->md5 = std::make_unique<Dist::Hasher>(Dist::HashAlgorithm::Md5);
            }
        }
        state->parts.append(part);
    };
    callbacks.partData = [state](QByteArrayView data) {
        Exchange::Part &part = state->parts.last();
        part.size += data.size();
        if (state->inContent) {
            state->contentSize += data.size();
            state->sha256->addData(data);
            state->blake2->addData(data);
            if (state->md5) {
                state->md5->addData(data);
            }
            if (!state->spoolFailed && state->spool->write(data.data(), data.size()) != data.size()) {
                state->spoolFailed = true;
            }
            return;
        }
        if (part.isFile) {
            return; // other file parts are only counted
        }
        state->fieldBytes += data.size();
        if (state->fieldBytes > maxFieldBytes) {
            if (state->multipartError.isEmpty()) {
                state->multipartError = QStringLiteral("The form fields besides 'content' exceed %1 MiB.")
                                            .arg(maxFieldBytes / (1024 * 1024));
            }
            return;
        }
        part.data.append(data);
    };
    callbacks.partEnd = [state] {
        if (state->inContent && state->spool) {
            state->spool->flush();
        }
        state->inContent = false;
    };
    exchange.parser = std::make_unique<MultipartParser>(boundary, std::move(callbacks));
    exchange.pipeline = std::make_unique<BodyPipeline>(&m_bodyPool, [state](QByteArrayView data) {
        if (!state->parser->hasError() && !state->parser->feed(data)) {
            state->multipartError = state->parser->errorString();
        }
    });
}

RegistryServer::Answer RegistryServer::answerUpload(Exchange &exchange)
{
    if (exchange.spool) {
        exchange.spool->close();
    }
    if (exchange.sha256) {
        exchange.sha256Hex = exchange.sha256->result().toHex();
        exchange.blake2Hex = exchange.blake2->result().toHex();
    }
    if (exchange.md5) {
        exchange.md5Hex = exchange.md5->result().toHex();
    }
    switch (m_flavor) {
    case RegistryFlavor::Warehouse:
        return answerWarehouseUpload(exchange);
    case RegistryFlavor::GitLab:
        return answerGitLabUpload(exchange);
    case RegistryFlavor::PypiServer:
        return answerPypiServerUpload(exchange);
    }
    return answerWarehouseUpload(exchange);
}

RegistryServer::Answer RegistryServer::answerWarehouseUpload(Exchange &exchange)
{
    auto bad = [this](const QString &message) { return warehouseError(400, message); };
    if (!exchange.multipartError.isEmpty()) {
        return bad(QStringLiteral("Invalid multipart/form-data body: %1").arg(exchange.multipartError));
    }
    const Form form(exchange.parts);

    // Routing: Warehouse dispatches on request.params[":action"], query string or body.
    QString action = QUrlQuery(QString::fromLatin1(exchange.head.query())).queryItemValue(QStringLiteral(":action"),
                                                                                          QUrl::FullyDecoded);
    if (action.isEmpty()) {
        action = form.value(QStringLiteral(":action"));
    }
    if (action.isEmpty()) {
        // Warehouse would answer its HTML upload page with 200 here, which hides the bug; a
        // strict test server says what is missing instead.
        return bad(QStringLiteral("Missing :action: an upload needs the form field :action=file_upload."));
    }
    if (action == QLatin1String("submit") || action == QLatin1String("submit_pkg_info")) {
        return warehouseError(410, QStringLiteral("Project pre-registration is no longer required or supported, "
                                                  "upload your files instead."));
    }
    if (action == QLatin1String("doc_upload")) {
        return warehouseError(410, QStringLiteral("Uploading documentation is no longer supported, we recommend "
                                                  "using https://readthedocs.org/."));
    }
    if (action != QLatin1String("file_upload")) {
        return bad(QStringLiteral("Unknown :action '%1'.").arg(action));
    }

    // ensure_uploads_allowed(): an identity, from an API token, before anything about the
    // form (Warehouse bombs out first without one; a credential check without a file relies on it).
    const Credentials credentials = credentialsOf(exchange);
    if (credentials.basic && credentials.username != QLatin1String("__token__")) {
        return warehouseError(403, QStringLiteral("Username/Password authentication is no longer supported. Migrate "
                                                  "to API Tokens or Trusted Publishers instead. See "
                                                  "https://pypi.org/help/#apitoken and "
                                                  "https://pypi.org/help/#trusted-publishers"));
    }
    if (!credentialsValid(credentials, {}, nullptr)) {
        return warehouseError(403, QStringLiteral("Invalid or non-existent authentication information. See "
                                                  "https://pypi.org/help/#invalid-auth for more information."));
    }

    // sanitize(): fields sent as files, then the file itself.
    for (const Exchange::Part &part : exchange.parts) {
        if (part.isFile && part.name != QLatin1String("content") && part.name != QLatin1String("gpg_signature")) {
            return bad(QStringLiteral("%1: Should not be a tuple.").arg(part.name));
        }
    }
    if (exchange.contentParts == 0) {
        return bad(QStringLiteral("Upload payload does not have a file."));
    }
    if (exchange.contentParts > 1) {
        return bad(QStringLiteral("Upload payload has more than one 'content' file."));
    }
    if (exchange.contentType.trimmed().isEmpty() || exchange.contentType.trimmed().toLower().startsWith("image/")) {
        return bad(QStringLiteral("Invalid distribution file."));
    }

    if (form.has(QStringLiteral("protocol_version")) && form.value(QStringLiteral("protocol_version")) != QLatin1String("1")) {
        return bad(QStringLiteral("Unknown protocol version."));
    }
    for (const QString &field : singleUseFields()) {
        if (form.rawCount(field) > 1) {
            return bad(QStringLiteral("'%1' has invalid data").arg(field));
        }
    }

    // Metadata, in Warehouse's priority: metadata_version, name, version.
    const QString metadataVersion = form.value(QStringLiteral("metadata_version"));
    if (metadataVersion.isEmpty()) {
        return bad(QStringLiteral("'metadata_version' is a required field. %1").arg(coreMetadataHelp));
    }
    if (!isSupportedMetadataVersion(metadataVersion)) {
        return bad(QStringLiteral("'%1' is not a valid metadata version. %2").arg(metadataVersion, coreMetadataHelp));
    }
    const QString name = form.value(QStringLiteral("name"));
    if (name.isEmpty()) {
        return bad(QStringLiteral("'name' is a required field. %1").arg(coreMetadataHelp));
    }
    if (!Metadata::isValidName(name)) {
        return bad(QStringLiteral("'%1' is an invalid value for Name. Error: Start and end with a letter or numeral "
                                  "containing only ASCII numeric and '.', '_' and '-'. %2")
                       .arg(name, coreMetadataHelp));
    }
    const QString versionText = form.value(QStringLiteral("version"));
    if (versionText.isEmpty()) {
        return bad(QStringLiteral("'version' is a required field. %1").arg(coreMetadataHelp));
    }
    const auto version = Metadata::Version::parse(versionText);
    if (!version) {
        return bad(QStringLiteral("'%1' is invalid for 'version'. %2").arg(versionText, coreMetadataHelp));
    }
    if (version->isLocal()) {
        return bad(QStringLiteral("The use of local versions in '%1' is not allowed. See "
                                  "https://packaging.python.org/en/latest/specifications/version-specifiers/"
                                  "#local-version-identifiers for more information.")
                       .arg(versionText));
    }
    const QString requiresPython = form.value(QStringLiteral("requires_python"));
    if (!requiresPython.isEmpty() && !Metadata::SpecifierSet::parse(requiresPython)) {
        return bad(QStringLiteral("'%1' is invalid for 'requires-python'. %2").arg(requiresPython, coreMetadataHelp));
    }

    // The file's own form fields.
    const QString filetype = form.value(QStringLiteral("filetype"));
    if (filetype != QLatin1String("sdist") && filetype != QLatin1String("bdist_wheel")) {
        return bad(QStringLiteral("Invalid value for filetype. Error: Use a known file type."));
    }
    QString pyversion = form.value(QStringLiteral("pyversion"));
    if (filetype == QLatin1String("bdist_wheel") && pyversion.isEmpty()) {
        return bad(QStringLiteral("Invalid value for pyversion. Error: Python version is required for binary "
                                  "distribution uploads."));
    }
    if (filetype == QLatin1String("sdist")) {
        if (pyversion.isEmpty()) {
            pyversion = QStringLiteral("source");
        } else if (pyversion != QLatin1String("source")) {
            return bad(QStringLiteral("Invalid value for pyversion. Error: Use 'source' as Python version for an sdist."));
        }
    }
    const QString md5Digest = form.value(QStringLiteral("md5_digest"));
    const QString sha256Digest = form.value(QStringLiteral("sha256_digest"));
    const QString blake2Digest = form.value(QStringLiteral("blake2_256_digest"));
    if (!sha256Digest.isEmpty() && !isHexDigest(sha256Digest)) {
        return bad(QStringLiteral("Invalid value for sha256_digest. Error: Use a valid, hex-encoded, SHA256 message digest."));
    }
    if (!blake2Digest.isEmpty() && !isHexDigest(blake2Digest)) {
        return bad(QStringLiteral("Invalid value for blake2_256_digest. Error: Use a valid, hex-encoded, BLAKE2 message "
                                  "digest."));
    }
    if (md5Digest.isEmpty() && sha256Digest.isEmpty() && blake2Digest.isEmpty()) {
        return bad(QStringLiteral("Include at least one message digest."));
    }
    if (form.has(QStringLiteral("attestations"))) {
        return bad(QStringLiteral("Invalid attestations supplied during upload: Attestations are only supported when "
                                  "using Trusted Publishing"));
    }

    // Permission on the project (project-scoped tokens).
    QString scopeError;
    if (!credentialsValid(credentials, name, &scopeError)) {
        return warehouseError(403, scopeError);
    }

    // The filename, against the form.
    const QString &filename = exchange.contentFilename;
    if (filename.contains(QLatin1Char('/')) || filename.contains(QLatin1Char('\\'))) {
        return bad(QStringLiteral("Cannot upload a file with '/' or '\\' in the name."));
    }
    if (std::any_of(filename.begin(), filename.end(), [](QChar c) { return c.unicode() < 32 || c.unicode() == 127; })) {
        return bad(QStringLiteral("Cannot upload a file with non-printable characters (ordinals 0-31) or the DEL "
                                  "character (ordinal 127) in the name."));
    }
    const QString lowerFilename = filename.toLower();
    QString extension;
    for (const QString &candidate : {QStringLiteral(".tar.gz"), QStringLiteral(".zip"), QStringLiteral(".whl")}) {
        if (lowerFilename.endsWith(candidate)) {
            extension = candidate;
        }
    }
    if (extension.isEmpty()) {
        return bad(QStringLiteral("Invalid file extension: Use .tar.gz, .whl or .zip extension. See "
                                  "https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ for "
                                  "more information"));
    }
    if ((filetype == QLatin1String("sdist")) != (extension != QLatin1String(".whl"))) {
        return bad(QStringLiteral("Invalid file extension: Extension %1 is invalid for filetype %2. See "
                                  "https://www.python.org/dev/peps/pep-0527 for more information.")
                       .arg(extension, filetype));
    }
    const QString normalizedComponent = Metadata::wheelNameComponent(name);
    if (filetype == QLatin1String("sdist")) {
        const QString stem = filename.left(filename.size() - extension.size());
        const qsizetype dash = stem.lastIndexOf(QLatin1Char('-'));
        if (dash <= 0) {
            return bad(QStringLiteral("Invalid source distribution filename: %1").arg(filename));
        }
        if (Metadata::normalizeName(stem.left(dash)) != Metadata::normalizeName(name)) {
            return bad(QStringLiteral("Start filename for '%1' with '%2'.").arg(name, normalizedComponent));
        }
        const QString expected = QStringLiteral("%1-%2.tar.gz").arg(normalizedComponent, version->toString());
        if (filename != expected) {
            return bad(QStringLiteral("Filename '%1' is invalid, should be '%2'.").arg(filename, expected));
        }
    } else {
        const QString stem = filename.left(filename.size() - extension.size());
        const QStringList parts = stem.split(QLatin1Char('-'));
        if (parts.size() != 5 && parts.size() != 6) {
            return bad(QStringLiteral("Invalid wheel filename (wrong number of parts): '%1'").arg(stem));
        }
        if (Metadata::normalizeName(parts[0]) != Metadata::normalizeName(name)) {
            return bad(QStringLiteral("Start filename for '%1' with '%2'.").arg(name, normalizedComponent));
        }
        if (parts[0] != normalizedComponent) {
            return bad(QStringLiteral("Filename '%1' should contain the normalized project name '%2', not '%3'.")
                           .arg(filename, normalizedComponent, parts[0]));
        }
        const auto fileVersion = Metadata::Version::parse(parts[1]);
        if (!fileVersion) {
            return bad(QStringLiteral("Invalid wheel filename (invalid version): '%1'").arg(stem));
        }
        if (!(*fileVersion == *version)) {
            return bad(QStringLiteral("Version in filename should be '%1' not '%2'.").arg(version->toString(), parts[1]));
        }
        for (const QString &tag : parts.last().split(QLatin1Char('.'))) {
            if (!isAllowedPlatformTag(tag)) {
                return bad(QStringLiteral("Binary wheel '%1' has an unsupported platform tag '%2'.").arg(filename, tag));
            }
        }
    }

    // The file itself.
    if (exchange.spoolFailed) {
        return warehouseError(500, QStringLiteral("The test registry could not store the upload."));
    }
    if (m_maxFileSize > 0 && exchange.contentSize > m_maxFileSize) {
        return bad(QStringLiteral("File too large. Limit for project '%1' is %2 MB. See "
                                  "https://docs.pypi.org/project-management/storage-limits"
                                  "#requesting-a-file-size-limit-increase for more information.")
                       .arg(name)
                       .arg(m_maxFileSize / (1024 * 1024)));
    }
    const QByteArray &sha256 = exchange.sha256Hex;
    const QByteArray &blake2 = exchange.blake2Hex;
    if (!md5Digest.isEmpty() && exchange.md5Hex.isEmpty()) {
        Dist::Hasher md5Hasher(Dist::HashAlgorithm::Md5);
        QFile spool(exchange.spool->fileName());
        if (spool.open(QIODevice::ReadOnly)) {
            while (!spool.atEnd()) {
                md5Hasher.addData(spool.read(1024 * 1024));
            }
        }
        exchange.md5Hex = md5Hasher.result().toHex();
    }
    const QByteArray &md5 = exchange.md5Hex;
    const bool digestsMatch = (sha256Digest.isEmpty() || sha256Digest.toLower().toLatin1() == sha256)
        && (blake2Digest.isEmpty() || blake2Digest.toLower().toLatin1() == blake2)
        && (md5Digest.isEmpty() || md5Digest.toLower().toLatin1() == md5);
    if (!digestsMatch) {
        return bad(QStringLiteral("The digest supplied does not match a digest calculated from the uploaded file."));
    }

    // Duplicates: the same bytes under the same name are a no-op; anything else is refused.
    for (const StoredFile &stored : m_files) {
        const bool sameName = stored.file.filename == filename;
        const bool sameBytes = stored.file.blake2_256 == blake2;
        if (sameName && sameBytes && stored.file.sha256 == sha256) {
            Answer answer;
            answer.status = 200;
            answer.reason = "OK";
            return answer;
        }
        if (sameName || sameBytes) {
            return bad(QStringLiteral("File already exists ('%1', with blake2_256 hash '%2'). See "
                                      "https://pypi.org/help/#file-name-reuse for more information.")
                           .arg(filename, QString::fromLatin1(blake2)));
        }
    }
    if (m_deletedFilenames.contains(filename)) {
        return bad(QStringLiteral("This filename was previously used by a file that has since been deleted. Use a "
                                  "different version. See https://pypi.org/help/#file-name-reuse for more information."));
    }
    if (filetype == QLatin1String("sdist")) {
        const QString normalizedProject = Metadata::normalizeName(name);
        for (const StoredFile &stored : m_files) {
            if (stored.file.normalizedProject == normalizedProject && stored.file.filetype == QLatin1String("sdist")) {
                const auto storedVersion = Metadata::Version::parse(stored.file.version);
                if (storedVersion && *storedVersion == *version) {
                    return bad(QStringLiteral("Only one sdist may be uploaded per release."));
                }
            }
        }
    }

    storeUpload(exchange, name, versionText);
    Answer answer;
    answer.status = 200;
    answer.reason = "OK";
    return answer;
}

RegistryServer::Answer RegistryServer::answerGitLabUpload(Exchange &exchange)
{
    auto json = [](int status, const QByteArray &reason, const QJsonObject &object) {
        Answer answer;
        answer.status = status;
        answer.reason = reason;
        answer.headers = {{"Content-Type", "application/json"}};
        answer.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
        return answer;
    };
    auto badRequest = [&json](const QString &message) {
        return json(400, "Bad Request", {{QStringLiteral("message"), QStringLiteral("400 Bad request - %1").arg(message)}});
    };
    const Credentials credentials = credentialsOf(exchange);
    if (!credentialsValid(credentials, {}, nullptr)) {
        Answer answer = json(401, "Unauthorized", {{QStringLiteral("message"), QStringLiteral("401 Unauthorized")}});
        answer.headers.emplaceBack("WWW-Authenticate", "Basic realm=\"GitLab Packages Registry\"");
        return answer;
    }
    if (!exchange.multipartError.isEmpty()) {
        return badRequest(exchange.multipartError);
    }
    const Form form(exchange.parts);
    // Grape's own validation: required parameters, reported as {"error": "... is missing"}.
    QStringList missing;
    if (exchange.contentParts == 0) {
        missing.append(QStringLiteral("content"));
    }
    for (const QString &field : {QStringLiteral("name"), QStringLiteral("version")}) {
        if (!form.has(field)) {
            missing.append(field);
        }
    }
    if (!form.sentAtAll(QStringLiteral("requires_python"))) {
        missing.append(QStringLiteral("requires_python"));
    }
    if (!missing.isEmpty()) {
        return json(400, "Bad Request", {{QStringLiteral("error"), QString(missing.join(QStringLiteral(", ")) + QStringLiteral(" is missing"))}});
    }
    if (exchange.spoolFailed) {
        return json(500, "Internal Server Error", {{QStringLiteral("message"), QStringLiteral("500 Internal Server Error")}});
    }
    if (m_maxFileSize > 0 && exchange.contentSize > m_maxFileSize) {
        return badRequest(QStringLiteral("File is too large"));
    }
    const QString sha256Digest = form.value(QStringLiteral("sha256_digest"));
    if (!sha256Digest.isEmpty() && sha256Digest.toLower().toLatin1() != exchange.sha256Hex) {
        return badRequest(QStringLiteral("Validation failed: Sha256 digest does not match the file"));
    }
    for (const StoredFile &stored : m_files) {
        if (stored.file.filename == exchange.contentFilename) {
            return badRequest(QStringLiteral("Validation failed: File name has already been taken"));
        }
    }
    storeUpload(exchange, form.value(QStringLiteral("name")), form.value(QStringLiteral("version")));
    return json(201, "Created", {{QStringLiteral("message"), QStringLiteral("201 Created")}});
}

RegistryServer::Answer RegistryServer::answerPypiServerUpload(Exchange &exchange)
{
    auto text = [](int status, const QString &message) {
        Answer answer;
        answer.status = status;
        answer.reason = status == 200 ? QByteArray("OK") : QByteArray();
        answer.headers = {{"Content-Type", "text/html; charset=UTF-8"}};
        answer.body = message.toUtf8();
        return answer;
    };
    const Credentials credentials = credentialsOf(exchange);
    if (!credentials.present) {
        Answer answer = text(401, QStringLiteral("Unauthorized"));
        answer.reason = "Unauthorized";
        answer.headers.emplaceBack("WWW-Authenticate", "Basic realm=\"pypi\"");
        return answer;
    }
    if (!credentialsValid(credentials, {}, nullptr)) {
        Answer answer = text(403, QStringLiteral("Forbidden"));
        answer.reason = "Forbidden";
        return answer;
    }
    const Form form(exchange.parts);
    const QString action = form.value(QStringLiteral(":action"));
    if (!exchange.multipartError.isEmpty() || action != QLatin1String("file_upload")) {
        Answer answer = text(400, QStringLiteral("Unsupported action '%1'").arg(action));
        answer.reason = "Bad Request";
        return answer;
    }
    if (exchange.contentParts != 1 || exchange.spoolFailed) {
        Answer answer = text(400, QStringLiteral("Missing 'content' file-field!"));
        answer.reason = "Bad Request";
        return answer;
    }
    const QString sha256Digest = form.value(QStringLiteral("sha256_digest"));
    if (!sha256Digest.isEmpty() && sha256Digest.toLower().toLatin1() != exchange.sha256Hex) {
        Answer answer = text(400, QStringLiteral("bad digest"));
        answer.reason = "Bad Request";
        return answer;
    }
    for (const StoredFile &stored : m_files) {
        if (stored.file.filename == exchange.contentFilename) {
            const bool twine = exchange.head.header("User-Agent").toLower().contains("twine");
            Answer answer = text(twine ? 400 : 409,
                                 QStringLiteral("Package '%1' already exists!\n  You may start server with `--overwrite` "
                                                "option.")
                                     .arg(exchange.contentFilename));
            answer.reason = twine ? "Bad Request" : "Conflict";
            return answer;
        }
    }
    storeUpload(exchange, form.value(QStringLiteral("name")), form.value(QStringLiteral("version")));
    return text(200, QString());
}

RegistryFile RegistryServer::storeUpload(Exchange &exchange, const QString &project, const QString &version)
{
    const Form form(exchange.parts);
    RegistryFile stored;
    stored.project = project;
    stored.normalizedProject = Metadata::normalizeName(project);
    stored.version = version;
    stored.filename = exchange.contentFilename;
    stored.filetype = form.value(QStringLiteral("filetype"));
    stored.pyversion = form.value(QStringLiteral("pyversion"));
    if (stored.pyversion.isEmpty() && stored.filetype == QLatin1String("sdist")) {
        stored.pyversion = QStringLiteral("source");
    }
    stored.requiresPython = form.value(QStringLiteral("requires_python"));
    stored.sha256 = exchange.sha256Hex;
    stored.blake2_256 = exchange.blake2Hex;
    stored.md5 = exchange.md5Hex;
    stored.size = exchange.contentSize;
    stored.uploadTime = QDateTime::currentDateTimeUtc();
    for (const Exchange::Part &part : exchange.parts) {
        if (!part.isFile) {
            stored.metadata.append({part.name, QString::fromUtf8(part.data)});
        }
    }
    const QString directory = m_storage + QStringLiteral("/files/") + stored.normalizedProject;
    QDir().mkpath(directory);
    stored.storagePath = directory + QLatin1Char('/') + stored.filename;
    QFile::remove(stored.storagePath);
    exchange.spool->rename(stored.storagePath);
    exchange.spool.reset();

    StoredFile entry;
    entry.file = stored;
    entry.storedAtMs = QDateTime::currentMSecsSinceEpoch();
    entry.lagRequests = m_lagRequests;
    entry.lagMs = m_lagMs;
    m_files.append(entry);
    ++m_serial;
    Q_EMIT fileStored(stored);
    return stored;
}

} // namespace TestSupport
