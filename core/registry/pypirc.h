// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <expected>
#include <optional>
#include <utility>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include "core/registry/registry.h"

namespace Registry {

struct PypircError {
    enum class Code {
        Unreadable,
        TooLarge,
        NotUtf8,
        Syntax,           // a line configparser rejects (line is set)
        DuplicateSection, // configparser's strict mode, as twine uses it
        DuplicateOption,
        Unwritable,
    };
    Code code;
    QString message;
    int line = 0;
};

// One option of an INI file as Python's configparser.RawConfigParser reads it.
struct IniOption {
    QString name;  // lower-cased, as configparser's optionxform does
    QString value; // continuation lines joined with '\n', trailing whitespace stripped
    int firstLine = 0; // 1-based
    int lastLine = 0;  // last line holding part of the value (continuations included)
};

struct IniSection {
    QString name;
    int line = 0;
    QList<IniOption> options;

    [[nodiscard]] const IniOption *option(const QString &lowerName) const;
};

struct IniDocument {
    QList<IniSection> sections;
    IniSection defaults; // [DEFAULT], whose options every existing section inherits

    [[nodiscard]] const IniSection *section(const QString &name) const;
    // configparser's has_option/get: the section's own option, else [DEFAULT]'s; nullptr when
    // the section does not exist.
    [[nodiscard]] const IniOption *lookup(const QString &section, const QString &lowerName) const;
};

/**
 * Parses INI text with the rules of Python's configparser.RawConfigParser in its default
 * configuration, which is what twine uses for ~/.pypirc:
 *  - sections "[name]" (case-sensitive; the header runs to the last ']' of the line),
 *    [DEFAULT] inherited by every section; duplicate sections or options are errors (strict);
 *  - "key = value" or "key: value", split at the first '=' or ':'; keys lower-cased;
 *  - whole-line comments starting with '#' or ';' (also indented); no inline comments, so
 *    "password = abc # note" has the value "abc # note";
 *  - a line indented deeper than its option's line continues the value (joined with '\n'),
 *    also across blank and comment lines; trailing blank lines are dropped;
 *  - no interpolation: '%' is an ordinary character (RawConfigParser);
 *  - line ends \n, \r\n or \r; UTF-8, with a leading byte-order mark ignored (Python would
 *    reject it; Windows editors write it).
 * Errors name the line. Input is capped at 1 MiB.
 */
[[nodiscard]] std::expected<IniDocument, PypircError> parseIni(const QByteArray &content);

// A registry found in a .pypirc, with the password when the file holds one.
struct PypircEntry {
    QString section;
    Registry registry;
    std::optional<QString> password; // never print it
    // Where the password is written (its own section, [server-login] or [DEFAULT]), so that
    // scrubbing removes exactly those lines; 0 when there is no password.
    int passwordFirstLine = 0;
    int passwordLastLine = 0;
};

struct PypircContents {
    QList<PypircEntry> entries;
    QStringList notes; // what was skipped and why, in words; never a secret
};

/**
 * Reads a .pypirc the way twine does (twine/utils.py get_config):
 *  - the servers are [distutils] index-servers (whitespace-separated), default "pypi testpypi";
 *    sections not listed there are ignored (a note says so);
 *  - pypi and testpypi need no section: their URLs are built in;
 *  - each server's repository, username, password, ca_cert and client_cert come from its
 *    section, falling back to [DEFAULT], and username/password to the obsolete [server-login].
 * Servers that cannot become a registry (a name Slipway cannot use, no or an insecure URL, a
 * multi-line value) are skipped with a note; a password spanning lines is not imported.
 * The kind is guessed from the URL; PyPI/TestPyPI get the production/test role.
 */
[[nodiscard]] std::expected<PypircContents, PypircError> readPypirc(const QByteArray &content);

// ~/.pypirc (twine's default).
[[nodiscard]] QString defaultPypircPath();

// The content with the given 1-based inclusive line ranges removed; every other byte stays.
[[nodiscard]] QByteArray removeLines(const QByteArray &content, const QList<std::pair<int, int>> &ranges);

/**
 * Rewrites the file at path without the given password lines: first copies the original to a
 * new backup file beside it ("<file>.slipway-backup", "-2", ...; owner-only permissions,
 * since it still holds the passwords), then replaces the file atomically. Refuses if the
 * result would not parse or would change any other value. Returns the backup's path.
 */
[[nodiscard]] std::expected<QString, PypircError> scrubPypircFile(const QString &path,
                                                                  const QList<std::pair<int, int>> &passwordLines);

// Copies the file to a new backup beside it ("<file>.slipway-backup", "-2", ...), created
// owner-only before a byte is written (a .pypirc may hold passwords); never overwrites an
// earlier backup. Returns the backup's path.
[[nodiscard]] std::expected<QString, PypircError> backupFile(const QString &path);

// A .pypirc for tools that need one: [distutils] index-servers and one section per registry
// with repository, username, ca_cert and client_cert. Never a password.
[[nodiscard]] std::expected<QByteArray, PypircError> writePypirc(const QList<Registry> &registries);

} // namespace Registry
