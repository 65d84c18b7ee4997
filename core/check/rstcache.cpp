// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/check/rstcache.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

#include "core/dist/hasher.h"
#include "core/readme/htmlpolicy.h"
#include "core/readme/renderjob.h"
#include "core/util/atomicfile.h"
#include "core/util/buildidentity.h"

using namespace Qt::StringLiterals;

namespace Check {

namespace {

// Entries larger than this are not stored (a rendering is usually a few KiB).
constexpr qsizetype MaxEntrySize = 4 * 1024 * 1024;
constexpr qint64 MaxEnvironmentFileSize = 64 * 1024;

// OpenSSL's SHA-256 (Dist::Hasher): several times faster than QCryptographicHash's, and every
// cached description and answer is hashed on each run.
QString sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(Dist::Hasher::hash(Dist::HashAlgorithm::Sha256, bytes).toHex());
}

// For the few short keys of the environment, which the constructor computes on the thread that
// then starts the checks: QCryptographicHash spares it OpenSSL's first-use set-up (about 1 ms).
QString environmentKeyHex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QByteArray readSmallFile(const QString &path, qint64 maxSize)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > maxSize) {
        return {};
    }
    return file.readAll();
}

// The HTML policy as sorted text: QSet and QHash order differs between processes.
QByteArray policyFingerprint(const Readme::HtmlPolicy &policy)
{
    QStringList lines;
    auto add = [&lines](const QString &label, QStringList items) {
        items.sort();
        lines.append(label + u": "_s + items.join(u' '));
    };
    add(u"tags"_s, policy.tags.values());
    add(u"clean"_s, policy.cleanContentTags.values());
    add(u"generic"_s, policy.genericAttributes.values());
    QStringList tagAttributes;
    for (auto it = policy.tagAttributes.cbegin(); it != policy.tagAttributes.cend(); ++it) {
        QStringList attributes = it.value().values();
        attributes.sort();
        tagAttributes.append(it.key() + u'=' + attributes.join(u','));
    }
    add(u"attributes"_s, tagAttributes);
    add(u"schemes"_s, policy.urlSchemes.values());
    add(u"rel"_s, {policy.linkRel});
    QStringList forced;
    for (auto tag = policy.forcedAttributes.cbegin(); tag != policy.forcedAttributes.cend(); ++tag) {
        for (auto attribute = tag.value().cbegin(); attribute != tag.value().cend(); ++attribute) {
            forced.append(tag.key() + u'.' + attribute.key() + u'=' + attribute.value());
        }
    }
    add(u"forced"_s, forced);
    return lines.join(u'\n').toUtf8();
}

// What a kept judgement must have been made under; empty (no judgements kept) when this build
// cannot be told from others.
const QString &judgementKey()
{
    static const QString key = Util::buildIdentity().isEmpty()
        ? QString()
        : sha256Hex(Util::buildIdentity() + '\0' + policyFingerprint(Readme::HtmlPolicy::pypi()));
    return key;
}

QString judgementPath(const QString &entry)
{
    return entry + u".judged"_s;
}

std::optional<Readme::RenderResult> readJudgement(const QString &entry, const QString &answerDigest)
{
    const QJsonObject object =
        QJsonDocument::fromJson(readSmallFile(judgementPath(entry), MaxEntrySize)).object();
    if (object.value(u"key").toString() != judgementKey() || object.value(u"answer").toString() != answerDigest
        || !object.value(u"findings").isArray()) {
        return std::nullopt;
    }
    Readme::RenderResult result;
    result.verified = object.value(u"verified").toBool(false);
    for (const QJsonValue &value : object.value(u"findings").toArray()) {
        const QJsonArray fields = value.toArray();
        const int code = fields.at(0).toInt(-1);
        const int severity = fields.at(1).toInt(-1);
        if (fields.size() != 4 || code < 0 || code > static_cast<int>(Readme::Finding::Code::InsecureImage)
            || severity < 0 || severity > static_cast<int>(Readme::Finding::Severity::Info)) {
            return std::nullopt;
        }
        result.findings.append(Readme::Finding{static_cast<Readme::Finding::Code>(code),
                                               static_cast<Readme::Finding::Severity>(severity),
                                               fields.at(3).toString(), fields.at(2).toInt()});
    }
    return result;
}

} // namespace

QString RstCache::defaultDirectory()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    return base.isEmpty() ? QString() : base + u"/slipway/check-rst"_s;
}

RstCache::RstCache(const QString &directory, const QStringList &interpreterCandidates, const QByteArray &helperSources)
    : m_directory(directory)
{
    if (m_directory.isEmpty()) {
        return;
    }
    m_resolutionKey = environmentKeyHex(helperSources + '\0' + interpreterCandidates.join(QChar(0)).toUtf8());
    const QByteArray recorded =
        readSmallFile(QDir(m_directory).filePath(m_resolutionKey + u".environment.json"_s), MaxEnvironmentFileSize);
    if (!recorded.isEmpty() && matches(recorded)) {
        useEnvironment(recorded);
    }
}

QString RstCache::entryPath(const QString &source) const
{
    return QDir(m_entryDirectory).filePath(sha256Hex(source.toUtf8()));
}

std::optional<Readme::RenderResult> RstCache::find(const QString &source)
{
    if (m_entryDirectory.isEmpty()) {
        return std::nullopt;
    }
    const QString entry = entryPath(source);
    const QByteArray answer = readSmallFile(entry + u".json"_s, MaxEntrySize);
    if (answer.isEmpty()) {
        return std::nullopt;
    }
    // The judgement names the answer it was made of, so a changed answer is judged again.
    if (!judgementKey().isEmpty()) {
        if (auto judged = readJudgement(entry, sha256Hex(answer))) {
            return judged;
        }
    }
    // A cut or garbled entry (another process, a full disk) is a miss, never a result.
    if (!QJsonDocument::fromJson(answer).isObject()) {
        return std::nullopt;
    }
    Readme::RenderResult judged = Readme::rstResultFromHelperOutput(answer);
    keepJudgement(entry, answer, judged);
    return judged;
}

void RstCache::insert(const QString &source, const QByteArray &helperAnswer, const Readme::RenderResult &judged)
{
    if (m_entryDirectory.isEmpty() || helperAnswer.size() > MaxEntrySize || !QDir().mkpath(m_entryDirectory)) {
        return;
    }
    const QString entry = entryPath(source);
    // A cache that cannot be written is no reason to fail a check.
    if (Util::writeFileAtomically(entry + u".json"_s, helperAnswer)) {
        keepJudgement(entry, helperAnswer, judged);
    }
}

void RstCache::keepJudgement(const QString &entry, const QByteArray &helperAnswer, const Readme::RenderResult &judged)
{
    if (judgementKey().isEmpty()) {
        return;
    }
    QJsonArray findings;
    for (const Readme::Finding &finding : judged.findings) {
        findings.append(QJsonArray{static_cast<int>(finding.code), static_cast<int>(finding.severity), finding.line,
                                   finding.message});
    }
    const QJsonObject judgement{{u"key"_s, judgementKey()},
                                {u"answer"_s, sha256Hex(helperAnswer)},
                                {u"verified"_s, judged.verified},
                                {u"findings"_s, findings}};
    (void)Util::writeFileAtomically(judgementPath(entry), QJsonDocument(judgement).toJson(QJsonDocument::Compact));
}

void RstCache::setEnvironment(const QByteArray &fileListJson)
{
    if (m_directory.isEmpty() || fileListJson == m_environment || !matches(fileListJson)) {
        return;
    }
    if (QDir().mkpath(m_directory)) {
        (void)Util::writeFileAtomically(QDir(m_directory).filePath(m_resolutionKey + u".environment.json"_s),
                                        fileListJson);
    }
    useEnvironment(fileListJson);
}

bool RstCache::matches(const QByteArray &fileListJson)
{
    const QJsonDocument document = QJsonDocument::fromJson(fileListJson);
    if (!document.isArray() || document.array().isEmpty()) {
        return false;
    }
    for (const QJsonValue &value : document.array()) {
        const QJsonArray entry = value.toArray();
        if (entry.size() != 3 || !entry.at(0).isString()) {
            return false;
        }
        const QFileInfo info(entry.at(0).toString());
        if (!info.exists() || info.size() != entry.at(1).toInteger(-1) ||
            info.lastModified().toMSecsSinceEpoch() != entry.at(2).toInteger(-1)) {
            return false;
        }
    }
    return true;
}

void RstCache::useEnvironment(const QByteArray &fileListJson)
{
    m_environment = fileListJson;
    m_entryDirectory =
        QDir(m_directory).filePath(environmentKeyHex(m_resolutionKey.toLatin1() + '\0' + fileListJson));
}

} // namespace Check
