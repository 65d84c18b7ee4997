// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <expected>

#include "core/metadata/coremetadata.h"
#include "core/project/finding.h"
#include "core/project/projectmodel.h"
#include "core/project/tomleditor.h"
#include "core/project/versionbump.h"

namespace Project {

struct ProjectError {
    enum class Code {
        NotFound,       // no pyproject.toml (and no setup.cfg/setup.py) in the directory
        Unreadable,     // the file cannot be read, or is too large
        ReadOnly,       // metadata lives elsewhere, or the file does not parse: no edits
        InvalidKey,     // not a [project] key Slipway edits this way
        InvalidValue,   // the value is not valid for the key (a version that is not PEP 440, ...)
        EditRefused,    // the editor refused (see the message; the text is untouched)
        ExternalChange, // the file changed on disk since it was loaded: reload first
        WriteFailed
    };
    Code code = Code::NotFound;
    QString message;
};

// Where a project's metadata is written.
enum class MetadataSource {
    PyProject, // [project] in pyproject.toml: readable and editable
    Poetry,    // [tool.poetry] without [project] (Poetry 1 style): read-only
    SetupCfg,  // setup.cfg [metadata]: read-only
    SetupPy,   // setup.py only: read-only
    Unknown    // pyproject.toml without any of these: read-only
};

/**
 * One project's pyproject.toml: the text as loaded, the PEP 621 model read from it, the
 * findings of validating it, the core metadata PyPI would show, and surgical edits.
 *
 * A value type. Edits return a new PyProject with the changed text (nothing is written); the
 * text only ever changes through TomlEditor, so everything outside the edited range stays
 * byte-identical, and each edit is verified by re-parsing. save() writes atomically and
 * refuses when the file on disk is no longer what was loaded (someone else edited it).
 * Projects whose metadata lives in [tool.poetry], setup.cfg or setup.py open read-only with
 * readOnlyReason() saying why; nothing is ever written into them.
 *
 * Reading touches the project directory (readme, license files); use from one thread at a time.
 */
class PyProject final
{
public:
    // Largest pyproject.toml read.
    static constexpr qsizetype maxFileSize = 4 * 1024 * 1024;

    // path: a project directory or a pyproject.toml file.
    [[nodiscard]] static std::expected<PyProject, ProjectError> load(const QString &path);
    // From text, as if read from filePath (which need not exist; its directory is the project
    // directory for readme and license files).
    [[nodiscard]] static PyProject fromContent(const QByteArray &content, const QString &filePath);

    [[nodiscard]] const QString &filePath() const { return m_filePath; }
    [[nodiscard]] QString directory() const;
    [[nodiscard]] const QByteArray &content() const { return m_content; }
    [[nodiscard]] bool isModified() const { return m_content != m_loadedContent; }

    [[nodiscard]] MetadataSource metadataSource() const { return m_source; }
    [[nodiscard]] bool isReadOnly() const { return !m_readOnlyReason.isEmpty(); }
    [[nodiscard]] const QString &readOnlyReason() const { return m_readOnlyReason; }

    [[nodiscard]] const ProjectMetadata &metadata() const { return m_metadata; }
    [[nodiscard]] const BuildSystem &buildSystem() const { return m_buildSystem; }
    [[nodiscard]] const QList<Finding> &findings() const { return m_findings; }

    // The core metadata fields PyPI will show, from the static [project] values (dynamic ones
    // are left to the backend and listed in metadata().dynamic). Reads the readme and license
    // files from the project directory.
    [[nodiscard]] Metadata::CoreMetadata coreMetadata() const;
    [[nodiscard]] QJsonObject toJson() const;

    // ---- editing: KEY is a [project] key: "version", "classifiers", "urls.Homepage",
    // "optional-dependencies.test", "scripts.tool", "entry-points.group.name", "readme.file".
    // Everything after "urls.", "scripts.", "gui-scripts." and "optional-dependencies." is one
    // name (it may hold dots and spaces); in "entry-points.G.N" the name is after the last dot.
    // Quoted TOML parts work too: urls."Release notes".
    enum class KeyKind { String, StringList, NotEditable };
    [[nodiscard]] static std::expected<QStringList, QString> parseKey(const QString &key);
    [[nodiscard]] static KeyKind keyKind(const QStringList &key);

    [[nodiscard]] std::expected<PyProject, ProjectError> set(const QString &key, const QString &value) const;
    [[nodiscard]] std::expected<PyProject, ProjectError> setList(const QString &key, const QStringList &values) const;
    [[nodiscard]] std::expected<PyProject, ProjectError> add(const QString &key, const QString &value) const;
    [[nodiscard]] std::expected<PyProject, ProjectError> removeElement(const QString &key, const QString &value) const;
    [[nodiscard]] std::expected<PyProject, ProjectError> unset(const QString &key) const;
    // "authors" or "maintainers" as an array of inline tables ({name = "...", email = "..."}, empty
    // fields left out), keeping the entries that stay and their comments.
    [[nodiscard]] std::expected<PyProject, ProjectError> setPeople(const QString &key, const QList<Person> &people) const;
    [[nodiscard]] std::expected<PyProject, ProjectError> bumpVersion(BumpPart part) const;
    // Any edit (path relative to [project]); the ones above end here.
    [[nodiscard]] std::expected<PyProject, ProjectError> applied(TomlEdit edit) const;

    // Unified diff from the loaded text to the current text ("a/pyproject.toml", "b/...").
    [[nodiscard]] QByteArray diff() const;

    // Writes the current text atomically. Refuses with ExternalChange when the file on disk
    // differs from what was loaded (compared by SHA-256), leaving it alone.
    [[nodiscard]] std::expected<void, ProjectError> save();

    // PEP 621 keys in the order new keys are added to [project].
    [[nodiscard]] static const QStringList &projectKeyOrder();

private:
    void analyse();

    QString m_filePath;
    QByteArray m_content;
    QByteArray m_loadedContent;
    QByteArray m_loadedHash; // SHA-256 of the file when loaded; empty when it did not exist
    MetadataSource m_source = MetadataSource::Unknown;
    QString m_readOnlyReason;
    ProjectMetadata m_metadata;
    BuildSystem m_buildSystem;
    QList<Finding> m_findings;
};

} // namespace Project
