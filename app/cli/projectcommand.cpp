// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/projectcommand.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTextStream>

#include "app/cli/commandline.h"
#include "app/cli/commandregistry.h"
#include "core/project/pyproject.h"

using namespace Qt::StringLiterals;

namespace Cli {

namespace {

const CommandRegistration<ProjectCommand> registration{
    "project", "Show, check and edit pyproject.toml (set, add, remove, unset, bump) without reformatting it."};

// How many arguments each verb takes after the optional DIR.
int argumentCount(const QString &verb)
{
    if (verb == u"show") {
        return 0;
    }
    if (verb == u"unset" || verb == u"bump") {
        return 1;
    }
    if (verb == u"set" || verb == u"add" || verb == u"remove") {
        return 2;
    }
    return -1;
}

QString findingKey(const Project::Finding &finding)
{
    return finding.code + u'\x1f' + finding.key + u'\x1f' + finding.message;
}

QList<Project::Finding> newErrors(const Project::PyProject &before, const Project::PyProject &after)
{
    QSet<QString> known;
    for (const Project::Finding &finding : before.findings()) {
        known.insert(findingKey(finding));
    }
    QList<Project::Finding> added;
    for (const Project::Finding &finding : after.findings()) {
        if (finding.severity == Project::Finding::Severity::Error && !known.contains(findingKey(finding))) {
            added.append(finding);
        }
    }
    return added;
}

QString sourceName(Project::MetadataSource source)
{
    switch (source) {
    case Project::MetadataSource::PyProject:
        return u"[project] in pyproject.toml"_s;
    case Project::MetadataSource::Poetry:
        return u"[tool.poetry] in pyproject.toml"_s;
    case Project::MetadataSource::SetupCfg:
        return u"setup.cfg"_s;
    case Project::MetadataSource::SetupPy:
        return u"setup.py"_s;
    case Project::MetadataSource::Unknown:
        break;
    }
    return u"unknown"_s;
}

} // namespace

ProjectCommand::ProjectCommand(Console console, QObject *parent)
    : Command(console, parent)
{
}

void ProjectCommand::start(const QStringList &arguments)
{
    CommandLine commandLine(
        u"project"_s,
        u"Shows, checks and edits a project's pyproject.toml. Edits change only the bytes of the value "
        "concerned (comments, order, quoting and line endings stay) and print a unified diff.\n\n"
        "Verbs:\n"
        "  show   [DIR] [--json]     model, core metadata PyPI will show, and findings\n"
        "  set    [DIR] KEY VALUE    set a string key, or a list key to a JSON array\n"
        "  add    [DIR] KEY VALUE    add one element to a list key\n"
        "  remove [DIR] KEY VALUE    remove one element from a list key\n"
        "  unset  [DIR] KEY          remove a key\n"
        "  bump   [DIR] PART         major, minor, micro, a, b, rc, post, dev, release\n\n"
        "KEY is a [project] key: version, description, requires-python, license, keywords, classifiers, "
        "dependencies, urls.NAME, optional-dependencies.EXTRA, scripts.NAME, entry-points.GROUP.NAME, ..."_s);
    QCommandLineParser &parser = commandLine.parser();
    parser.addPositionalArgument(u"VERB"_s, u"show, set, add, remove, unset or bump."_s);
    parser.addPositionalArgument(u"ARGS"_s, u"[DIR] and the verb's arguments."_s, u"[ARGS...]"_s);
    parser.addOption({u"json"_s, u"show: print one JSON object."_s});
    parser.addOption({u"dry-run"_s, u"Print the diff, write nothing."_s});
    parser.addOption({u"force"_s, u"Apply an edit even if it adds an error finding."_s});
    if (const auto exitCode = commandLine.parse(arguments, out(), err())) {
        Q_EMIT finished(*exitCode);
        return;
    }
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        Q_EMIT finished(commandLine.usageError(err(), u"no verb given (show, set, add, remove, unset, bump)"_s));
        return;
    }
    const QString verb = positional.takeFirst();
    const int count = argumentCount(verb);
    if (count < 0) {
        Q_EMIT finished(commandLine.usageError(err(), u"unknown verb \"%1\""_s.arg(verb)));
        return;
    }
    if (positional.size() != count && positional.size() != count + 1) {
        Q_EMIT finished(commandLine.usageError(
            err(), u"%1 takes %2 argument(s) after an optional DIR, got %3"_s.arg(verb).arg(count).arg(positional.size())));
        return;
    }
    const QString directory = positional.size() == count + 1 ? positional.takeFirst() : u"."_s;

    auto loaded = Project::PyProject::load(directory);
    if (!loaded) {
        err() << "slipway project: " << loaded.error().message << '\n';
        err().flush();
        Q_EMIT finished(ExitCode::Failure);
        return;
    }
    const Project::PyProject &project = *loaded;
    if (verb == u"show") {
        Q_EMIT finished(show(project, parser.isSet(u"json"_s)));
        return;
    }

    std::expected<Project::PyProject, Project::ProjectError> edited;
    if (verb == u"bump") {
        const auto part = Project::bumpPartFromString(positional.at(0));
        if (!part) {
            Q_EMIT finished(commandLine.usageError(
                err(), u"unknown part \"%1\" (use %2)"_s.arg(positional.at(0), Project::bumpPartNames().join(u", "_s))));
            return;
        }
        edited = project.bumpVersion(*part);
    } else if (verb == u"unset") {
        edited = project.unset(positional.at(0));
    } else {
        const QString &key = positional.at(0);
        const QString &value = positional.at(1);
        const auto path = Project::PyProject::parseKey(key);
        const bool isList = path && Project::PyProject::keyKind(*path) == Project::PyProject::KeyKind::StringList;
        if (verb == u"set" && isList) {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(value.toUtf8(), &error);
            QStringList values;
            bool ok = error.error == QJsonParseError::NoError && document.isArray();
            for (const QJsonValue &element : document.array()) {
                ok = ok && element.isString();
                values.append(element.toString());
            }
            if (!ok) {
                Q_EMIT finished(commandLine.usageError(
                    err(), u"%1 is a list: give a JSON array of strings, e.g. '[\"a\", \"b\"]'"_s.arg(key)));
                return;
            }
            edited = project.setList(key, values);
        } else if (verb == u"set") {
            edited = project.set(key, value);
        } else if (verb == u"add") {
            edited = project.add(key, value);
        } else {
            edited = project.removeElement(key, value);
        }
    }
    if (!edited) {
        err() << "slipway project: " << edited.error().message << '\n';
        err().flush();
        const bool usage = edited.error().code == Project::ProjectError::Code::InvalidKey;
        Q_EMIT finished(usage ? ExitCode::UsageError : ExitCode::Failure);
        return;
    }
    const QList<Project::Finding> added = newErrors(project, *edited);
    if (!added.isEmpty() && !parser.isSet(u"force"_s)) {
        err() << "slipway project: refusing the edit; it would add these errors (use --force to apply anyway):\n";
        for (const Project::Finding &finding : added) {
            err() << "  " << finding.toText() << '\n';
        }
        err().flush();
        Q_EMIT finished(ExitCode::Failure);
        return;
    }
    const QByteArray diff = edited->diff();
    if (diff.isEmpty()) {
        err() << "slipway project: nothing to change\n";
        err().flush();
        Q_EMIT finished(ExitCode::Success);
        return;
    }
    out() << QString::fromUtf8(diff);
    out().flush();
    if (parser.isSet(u"dry-run"_s)) {
        Q_EMIT finished(ExitCode::Success);
        return;
    }
    Project::PyProject result = *edited;
    if (const auto saved = result.save(); !saved) {
        err() << "slipway project: " << saved.error().message << '\n';
        err().flush();
        Q_EMIT finished(ExitCode::Failure);
        return;
    }
    Q_EMIT finished(ExitCode::Success);
}

int ProjectCommand::show(const Project::PyProject &project, bool json)
{
    if (json) {
        out() << QString::fromUtf8(QJsonDocument(project.toJson()).toJson(QJsonDocument::Indented));
        out().flush();
        return Project::hasErrors(project.findings()) ? ExitCode::Failure : ExitCode::Success;
    }
    out() << "File: " << QDir::toNativeSeparators(project.filePath()) << '\n';
    out() << "Metadata: " << sourceName(project.metadataSource())
          << (project.isReadOnly() ? u" (read-only)"_s : QString()) << '\n';
    if (project.isReadOnly()) {
        out() << "  " << project.readOnlyReason() << '\n';
    }
    const Project::ProjectMetadata &metadata = project.metadata();
    if (metadata.present || project.metadataSource() == Project::MetadataSource::Poetry) {
        out() << "\nCore metadata (as PyPI will show it):\n";
        const Metadata::CoreMetadata core = project.coreMetadata();
        for (const auto &[field, value] : core.fields()) {
            out() << "  " << field << ": " << value << '\n';
        }
        const QString description = core.description();
        if (!description.isEmpty()) {
            out() << "  (description: " << description.count(u'\n') + (description.endsWith(u'\n') ? 0 : 1)
                  << " lines)\n";
        }
        if (!metadata.dynamic.isEmpty()) {
            out() << "  Dynamic (filled in by the build backend): " << metadata.dynamic.join(u", "_s) << '\n';
        }
    }
    const Project::BuildSystem &build = project.buildSystem();
    if (build.present) {
        out() << "\nBuild system: " << (build.buildBackend.isEmpty() ? u"(none named)"_s : build.buildBackend)
              << " (requires " << build.requirements.join(u", "_s) << ")\n";
    }
    if (project.findings().isEmpty()) {
        out() << "\nNo findings.\n";
    } else {
        out() << "\nFindings:\n";
        for (const Project::Finding &finding : project.findings()) {
            out() << "  " << finding.toText() << '\n';
        }
    }
    out().flush();
    return Project::hasErrors(project.findings()) ? ExitCode::Failure : ExitCode::Success;
}

} // namespace Cli
