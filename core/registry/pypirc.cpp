// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/pypirc.h"

#include <algorithm>
#include <set>
#include <tuple>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QStringDecoder>

#include "core/registry/credentials.h"
#include "core/util/atomicfile.h"

namespace Registry {

namespace {

using namespace Qt::StringLiterals;

constexpr qsizetype maximumSize = 1024 * 1024;

// One physical line: its bytes including the terminator.
struct RawLine {
    qsizetype begin = 0;
    qsizetype end = 0; // one past the terminator
};

// Python's universal newlines: \r\n, \r and \n all end a line.
QList<RawLine> splitLines(const QByteArray &content)
{
    QList<RawLine> lines;
    qsizetype begin = 0;
    const qsizetype size = content.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char c = content.at(i);
        if (c == '\n' || c == '\r') {
            qsizetype end = i + 1;
            if (c == '\r' && end < size && content.at(end) == '\n') {
                ++end;
            }
            lines.append({begin, end});
            begin = end;
            i = end - 1;
        }
    }
    if (begin < size) {
        lines.append({begin, size});
    }
    return lines;
}

PypircError syntax(int line, const QString &problem)
{
    return {PypircError::Code::Syntax, u"line %1: %2"_s.arg(line).arg(problem), line};
}

qsizetype firstNonSpace(const QString &line)
{
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (!line.at(i).isSpace()) {
            return i;
        }
    }
    return line.size();
}

} // namespace

const IniOption *IniSection::option(const QString &lowerName) const
{
    const auto found = std::ranges::find(options, lowerName, &IniOption::name);
    return found == options.end() ? nullptr : &*found;
}

const IniSection *IniDocument::section(const QString &name) const
{
    const auto found = std::ranges::find(sections, name, &IniSection::name);
    return found == sections.end() ? nullptr : &*found;
}

const IniOption *IniDocument::lookup(const QString &sectionName, const QString &lowerName) const
{
    const IniSection *own = section(sectionName);
    if (own == nullptr) {
        return nullptr;
    }
    if (const IniOption *option = own->option(lowerName)) {
        return option;
    }
    return defaults.option(lowerName);
}

std::expected<IniDocument, PypircError> parseIni(const QByteArray &content)
{
    if (content.size() > maximumSize) {
        return std::unexpected(PypircError{PypircError::Code::TooLarge,
                                           u"the file is larger than 1 MiB, which no .pypirc is."_s});
    }
    IniDocument document;
    document.defaults.name = u"DEFAULT"_s;
    const QList<RawLine> rawLines = splitLines(content);

    // configparser collects each value as a list of lines and joins them at the end.
    struct Pending {
        qsizetype section; // index into document.sections, -1 for [DEFAULT]
        qsizetype option;
        QStringList lines;
    };
    QList<Pending> pending;
    auto sectionAt = [&document](qsizetype index) -> IniSection & {
        return index < 0 ? document.defaults : document.sections[index];
    };
    std::optional<qsizetype> currentSection; // nullopt before the first header
    qsizetype currentOption = -1;            // index into pending of the value being continued
    qsizetype indentLevel = 0;
    std::set<std::pair<QString, QString>> seenOptions;

    for (qsizetype index = 0; index < rawLines.size(); ++index) {
        const int lineNumber = static_cast<int>(index + 1);
        QByteArray bytes = content.mid(rawLines[index].begin, rawLines[index].end - rawLines[index].begin);
        if (index == 0 && bytes.startsWith("\xEF\xBB\xBF")) {
            bytes.remove(0, 3);
        }
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString line = decoder.decode(bytes);
        if (decoder.hasError()) {
            return std::unexpected(PypircError{PypircError::Code::NotUtf8,
                                               u"line %1 is not UTF-8 text."_s.arg(lineNumber), lineNumber});
        }
        const QString stripped = line.trimmed();
        const bool comment = stripped.startsWith(u'#') || stripped.startsWith(u';');
        if (comment || stripped.isEmpty()) {
            // A blank line inside a value is kept (and trimmed at the end); a comment line is not.
            // Neither ends the value: a deeper-indented line after them still continues it.
            if (!comment && currentOption >= 0) {
                pending[currentOption].lines.append(QString());
            }
            continue;
        }
        const qsizetype indent = firstNonSpace(line);
        if (currentOption >= 0 && indent > indentLevel) {
            Pending &value = pending[currentOption];
            value.lines.append(stripped);
            sectionAt(value.section).options[value.option].lastLine = lineNumber;
            continue;
        }
        indentLevel = indent;
        const qsizetype close = stripped.lastIndexOf(u']');
        if (stripped.startsWith(u'[') && close >= 2) {
            const QString name = stripped.mid(1, close - 1);
            if (name == u"DEFAULT") {
                currentSection = -1;
            } else {
                if (document.section(name) != nullptr) {
                    return std::unexpected(PypircError{
                        PypircError::Code::DuplicateSection,
                        u"line %1: section [%2] appears a second time (twine refuses such a file)."_s.arg(lineNumber).arg(
                            name.left(80)),
                        lineNumber});
                }
                document.sections.append(IniSection{name, lineNumber, {}});
                currentSection = document.sections.size() - 1;
            }
            currentOption = -1;
            continue;
        }
        if (!currentSection) {
            return std::unexpected(syntax(lineNumber, u"text before the first [section] header."_s));
        }
        const qsizetype equals = stripped.indexOf(u'=');
        const qsizetype colon = stripped.indexOf(u':');
        const qsizetype delimiter = equals < 0 ? colon : colon < 0 ? equals : std::min(equals, colon);
        if (delimiter < 0) {
            return std::unexpected(syntax(lineNumber, u"neither a [section], an option 'key = value' nor a comment."_s));
        }
        const QString name = stripped.left(delimiter).trimmed().toLower();
        if (name.isEmpty()) {
            return std::unexpected(syntax(lineNumber, u"an option without a name."_s));
        }
        IniSection &section = sectionAt(*currentSection);
        if (!seenOptions.insert({section.name, name}).second) {
            return std::unexpected(PypircError{
                PypircError::Code::DuplicateOption,
                u"line %1: option '%2' appears a second time in [%3] (twine refuses such a file)."_s.arg(lineNumber)
                    .arg(name.left(80), section.name.left(80)),
                lineNumber});
        }
        section.options.append(IniOption{name, QString(), lineNumber, lineNumber});
        pending.append(Pending{*currentSection, section.options.size() - 1, {stripped.mid(delimiter + 1).trimmed()}});
        currentOption = pending.size() - 1;
    }

    for (const Pending &value : std::as_const(pending)) {
        QString joined = value.lines.join(u'\n');
        while (!joined.isEmpty() && joined.back().isSpace()) {
            joined.chop(1);
        }
        sectionAt(value.section).options[value.option].value = joined;
    }
    return document;
}

namespace {

const QString defaultRepository = u"https://upload.pypi.org/legacy/"_s;
const QString testRepository = u"https://test.pypi.org/legacy/"_s;

// configparser's get() with a fallback: the section's option, else [DEFAULT]'s, but only
// when the section exists.
const IniOption *get(const IniDocument &document, const QString &section, const QString &key)
{
    return document.lookup(section, key);
}

} // namespace

std::expected<PypircContents, PypircError> readPypirc(const QByteArray &content)
{
    auto parsed = parseIni(content);
    if (!parsed) {
        return std::unexpected(parsed.error());
    }
    const IniDocument &document = *parsed;
    PypircContents contents;

    QStringList servers;
    if (const IniOption *listed = get(document, u"distutils"_s, u"index-servers"_s)) {
        servers = listed->value.split(QRegularExpression(u"\\s+"_s), Qt::SkipEmptyParts);
    } else {
        servers = {u"pypi"_s, u"testpypi"_s};
    }
    servers.removeDuplicates();

    const IniOption *loginUser = get(document, u"server-login"_s, u"username"_s);
    const IniOption *loginPassword = get(document, u"server-login"_s, u"password"_s);

    // twine always knows "pypi"; without a section or [server-login] there is nothing to import.
    if (!servers.contains(u"pypi"_s) && loginPassword != nullptr) {
        servers.prepend(u"pypi"_s);
    }

    for (const IniSection &section : document.sections) {
        if (section.name != u"distutils" && section.name != u"server-login" && !servers.contains(section.name)) {
            contents.notes << u"[%1] is not listed in [distutils] index-servers, so twine ignores it; not imported "
                              u"(add it to index-servers to import it)."_s.arg(section.name.left(80));
        }
    }

    for (const QString &server : std::as_const(servers)) {
        if (server == u"DEFAULT" || server == u"distutils" || server == u"server-login") {
            contents.notes << u"index-servers lists '%1', which is not a repository; skipped."_s.arg(server);
            continue;
        }
        const bool exists = document.section(server) != nullptr;
        const bool builtIn = server == u"pypi" || server == u"testpypi";
        if (!exists && !builtIn) {
            contents.notes << u"index-servers lists '%1' but there is no [%1] section; skipped."_s.arg(server.left(80));
            continue;
        }
        // A built-in index the file does not configure: twine knows it, but there is nothing to import.
        if (!exists && !(server == u"pypi" && (loginPassword != nullptr || loginUser != nullptr))) {
            continue;
        }
        auto option = [&](const QString &key) -> const IniOption * {
            if (const IniOption *own = get(document, server, key)) {
                return own;
            }
            if (key == u"username") {
                return loginUser;
            }
            if (key == u"password") {
                return loginPassword;
            }
            return nullptr;
        };
        if (auto valid = validateName(server); !valid) {
            contents.notes << u"[%1]: %2 Skipped."_s.arg(server.left(80), valid.error().message);
            continue;
        }
        const IniOption *repository = option(u"repository"_s);
        QString url = repository != nullptr ? repository->value
                      : server == u"pypi"   ? defaultRepository
                      : server == u"testpypi" ? testRepository
                                              : QString();
        if (url.isEmpty()) {
            contents.notes << u"[%1] has no repository URL; skipped."_s.arg(server);
            continue;
        }
        if (url.contains(u'\n')) {
            contents.notes << u"[%1]: the repository value spans several lines; skipped."_s.arg(server);
            continue;
        }
        auto parsedUrl = parseUrl(url, u"repository URL of [%1]"_s.arg(server));
        if (!parsedUrl) {
            contents.notes << parsedUrl.error().message + u" Skipped."_s;
            continue;
        }
        PypircEntry entry;
        entry.section = server;
        Registry &registry = entry.registry;
        registry.name = server;
        registry.uploadUrl = *parsedUrl;
        registry.kind = guessKind(*parsedUrl);
        registry.role = registry.kind == Kind::PyPI       ? Role::Production
                        : registry.kind == Kind::TestPyPI ? Role::Test
                                                          : Role::None;
        if (registry.kind == Kind::PyPI || registry.kind == Kind::TestPyPI) {
            // The preset's index and project pages, which a .pypirc never names.
            const QString index = registry.kind == Kind::PyPI ? u"pypi.org"_s : u"test.pypi.org"_s;
            registry.simpleUrl = QUrl(u"https://%1/simple/"_s.arg(index));
            registry.webUrl = QUrl(u"https://%1/project/"_s.arg(index));
        }
        const IniOption *username = option(u"username"_s);
        registry.username = username != nullptr ? username->value : defaultUsername(registry.kind);
        if (const IniOption *caCert = option(u"ca_cert"_s)) {
            registry.caBundlePath = caCert->value;
        }
        if (const IniOption *clientCert = option(u"client_cert"_s)) {
            registry.clientCertPath = clientCert->value;
        }
        if (registry.caBundlePath.contains(u'\n') || registry.clientCertPath.contains(u'\n')) {
            contents.notes << u"[%1]: a certificate path spans several lines; skipped."_s.arg(server);
            continue;
        }
        if (auto valid = validate(registry); !valid) {
            contents.notes << u"[%1]: %2 Skipped."_s.arg(server, valid.error().message);
            continue;
        }
        if (const IniOption *password = option(u"password"_s)) {
            const QString secret = password->value.trimmed();
            // "${PYPI_TOKEN}", "$PYPI_TOKEN", "%(token)s", "%TOKEN%": meant as a reference, which
            // neither twine nor configparser's raw mode expands. The value itself is not shown.
            static const QRegularExpression reference(
                u"\\A(\\$\\{?[A-Za-z_][A-Za-z0-9_]*\\}?|%\\([^)]*\\)s|%[A-Za-z_][A-Za-z0-9_]*%)\\z"_s);
            if (reference.match(secret).hasMatch()) {
                contents.notes << u"[%1]: the password on line %2 looks like a reference to an environment variable, "
                                  u"which twine does not expand and neither does Slipway; not imported. In CI, set "
                                  u"TWINE_PASSWORD instead."_s.arg(server)
                                      .arg(password->firstLine);
            } else if (auto validSecret = validateSecret(secret); !validSecret) {
                contents.notes << u"[%1]: the password on line %2 cannot be imported: %3"_s.arg(server)
                                      .arg(password->firstLine)
                                      .arg(validSecret.error().message);
            } else {
                entry.password = secret;
                entry.passwordFirstLine = password->firstLine;
                entry.passwordLastLine = password->lastLine;
            }
        }
        contents.entries.append(entry);
    }
    return contents;
}

QString defaultPypircPath()
{
    return QDir::homePath() + u"/.pypirc"_s;
}

QByteArray removeLines(const QByteArray &content, const QList<std::pair<int, int>> &ranges)
{
    const QList<RawLine> lines = splitLines(content);
    QByteArray result;
    result.reserve(content.size());
    for (qsizetype index = 0; index < lines.size(); ++index) {
        const int number = static_cast<int>(index + 1);
        const bool removed = std::ranges::any_of(ranges, [number](const auto &range) {
            return number >= range.first && number <= range.second;
        });
        if (!removed) {
            result.append(content.mid(lines[index].begin, lines[index].end - lines[index].begin));
        }
    }
    return result;
}

namespace {

// Every option of every section except the passwords, for checking that a scrub changed nothing else.
QList<std::tuple<QString, QString, QString>> nonPasswordValues(const IniDocument &document)
{
    QList<std::tuple<QString, QString, QString>> values;
    auto collect = [&values](const IniSection &section) {
        for (const IniOption &option : section.options) {
            if (option.name != u"password") {
                values.append({section.name, option.name, option.value});
            }
        }
    };
    collect(document.defaults);
    for (const IniSection &section : document.sections) {
        collect(section);
    }
    return values;
}

// "<file>.slipway-backup", then "-2", "-3", ...: never overwrite an earlier backup.
QString freeBackupPath(const QString &path)
{
    const QString base = path + u".slipway-backup"_s;
    QString candidate = base;
    for (int number = 2; QFileInfo::exists(candidate); ++number) {
        candidate = base + u'-' + QString::number(number);
    }
    return candidate;
}

} // namespace

std::expected<QString, PypircError> backupFile(const QString &path)
{
    const QString shown = QDir::toNativeSeparators(path);
    QFile original(path);
    if (!original.open(QIODevice::ReadOnly)) {
        return std::unexpected(
            PypircError{PypircError::Code::Unreadable, u"Cannot read %1: %2"_s.arg(shown, original.errorString())});
    }
    const QByteArray content = original.readAll();
    const QString backup = freeBackupPath(path);
    QFile copy(backup);
    // Owner-only from the start: the copy may hold passwords.
    if (!copy.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || copy.write(content) != content.size() || !copy.flush()) {
        const QString reason = copy.errorString();
        copy.close();
        QFile::remove(backup);
        return std::unexpected(PypircError{PypircError::Code::Unwritable,
                                           u"Cannot write the backup %1: %2. %3 was left as it was."_s.arg(
                                               QDir::toNativeSeparators(backup), reason, shown)});
    }
    return backup;
}

std::expected<QString, PypircError> scrubPypircFile(const QString &path, const QList<std::pair<int, int>> &passwordLines)
{
    const QString shown = QDir::toNativeSeparators(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return std::unexpected(
            PypircError{PypircError::Code::Unreadable, u"Cannot read %1: %2"_s.arg(shown, file.errorString())});
    }
    const QByteArray original = file.read(maximumSize + 1);
    file.close();
    const auto before = parseIni(original);
    if (!before) {
        return std::unexpected(before.error());
    }
    const QByteArray scrubbed = removeLines(original, passwordLines);
    const auto after = parseIni(scrubbed);
    if (!after || nonPasswordValues(*after) != nonPasswordValues(*before)) {
        return std::unexpected(PypircError{PypircError::Code::Unwritable,
                                           u"Not rewriting %1: without the password lines it would read differently. "
                                           u"Remove the passwords by hand."_s.arg(shown)});
    }
    // Only ever remove whole password options, exactly as they were read.
    auto isPasswordOption = [&before](const std::pair<int, int> &range) {
        auto matches = [&range](const IniSection &section) {
            return std::ranges::any_of(section.options, [&range](const IniOption &option) {
                return option.name == u"password" && option.firstLine == range.first && option.lastLine == range.second;
            });
        };
        return matches(before->defaults) || std::ranges::any_of(before->sections, matches);
    };
    if (!std::ranges::all_of(passwordLines, isPasswordOption)) {
        return std::unexpected(PypircError{PypircError::Code::Unwritable,
                                           u"Not rewriting %1: it changed since it was read."_s.arg(shown)});
    }

    const auto backup = backupFile(path);
    if (!backup) {
        return std::unexpected(backup.error());
    }
    if (auto written = Util::writeFileAtomically(path, scrubbed); !written) {
        return std::unexpected(PypircError{PypircError::Code::Unwritable, written.error()});
    }
    return *backup;
}

std::expected<QByteArray, PypircError> writePypirc(const QList<Registry> &registries)
{
    QString text = u"# Written by `slipway registry export-pypirc`. It holds no secrets: Slipway keeps them in\n"
                   u"# the OS keychain. Tools reading this file prompt for one or take TWINE_PASSWORD.\n"
                   u"[distutils]\n"
                   u"index-servers =\n"_s;
    for (const Registry &registry : registries) {
        text += u"    "_s + registry.name + u'\n';
    }
    for (const Registry &registry : registries) {
        for (const QString &value : {registry.username, registry.caBundlePath, registry.clientCertPath}) {
            if (value.contains(u'\n') || value.contains(u'\r') || value != value.trimmed()) {
                return std::unexpected(PypircError{
                    PypircError::Code::Unwritable,
                    u"Registry %1 has a value with a line break or surrounding spaces, which a .pypirc cannot "
                    u"hold."_s.arg(registry.name)});
            }
        }
        text += u"\n[%1]\nrepository = %2\nusername = %3\n"_s.arg(registry.name, urlText(registry.uploadUrl),
                                                                      registry.username);
        if (!registry.caBundlePath.isEmpty()) {
            text += u"ca_cert = %1\n"_s.arg(registry.caBundlePath);
        }
        if (!registry.clientCertPath.isEmpty()) {
            text += u"client_cert = %1\n"_s.arg(registry.clientCertPath);
        }
    }
    return text.toUtf8();
}

} // namespace Registry

