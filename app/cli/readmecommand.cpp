// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/readmecommand.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QStringDecoder>
#include <QTextStream>

#include <algorithm>
#include <expected>

#include "app/cli/commandline.h"
#include "app/cli/commandregistry.h"
#include "core/project/pyproject.h"
#include "core/readme/contenttype.h"
#include "core/readme/renderjob.h"

using namespace Qt::StringLiterals;

namespace Cli {

namespace {

const CommandRegistration<ReadmeCommand> registration{
    "readme", "Render a README as PyPI shows it and report what PyPI refuses, strips or breaks."};

struct Description {
    QString text;
    QString displayPath;   // how findings name it
    QString contentType;   // from pyproject.toml, empty when unknown
    bool fromProject = false;
    bool notUtf8 = false;
};

std::expected<QByteArray, QString> readBytes(const QString &path)
{
    QFile file;
    const bool opened = path == u"-"_s ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(path),
                                                                                   file.open(QIODevice::ReadOnly));
    if (!opened) {
        return std::unexpected(u"cannot read %1: %2"_s.arg(path, file.errorString()));
    }
    // One byte more than the renderer takes, so that "too large" is still reported as such.
    QByteArray bytes = file.read(Readme::maxSourceBytes + 1);
    if (file.error() != QFileDevice::NoError) {
        return std::unexpected(u"cannot read %1: %2"_s.arg(path, file.errorString()));
    }
    return bytes;
}

std::expected<Description, QString> readFile(const QString &path, const QString &displayPath)
{
    auto bytes = readBytes(path);
    if (!bytes) {
        return std::unexpected(bytes.error());
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    Description description;
    description.text = decoder.decode(*bytes);
    description.notUtf8 = decoder.hasError();
    description.displayPath = displayPath;
    return description;
}

std::expected<Description, QString> readProject(const QString &directory)
{
    auto project = Project::PyProject::load(directory);
    if (!project) {
        return std::unexpected(project.error().message);
    }
    const Project::Readme &readme = project->metadata().readme;
    switch (readme.kind) {
    case Project::Readme::Kind::None:
        if (project->metadata().isDynamic(u"readme"_s)) {
            return std::unexpected(u"%1: the readme is dynamic (the build backend sets it); pass the README file "
                                   "itself, with --content-type if needed"_s.arg(project->filePath()));
        }
        return std::unexpected(u"%1 has no [project] readme; pass the README file itself"_s.arg(project->filePath()));
    case Project::Readme::Kind::Text: {
        Description description;
        description.text = readme.text;
        description.displayPath = project->filePath();
        description.contentType = readme.contentType;
        description.fromProject = true;
        return description;
    }
    case Project::Readme::Kind::File: {
        const QString path = QDir(project->directory()).filePath(readme.file);
        auto description = readFile(path, QDir::cleanPath(QDir(directory).filePath(readme.file)));
        if (description) {
            description->contentType = readme.contentType;
            description->fromProject = true;
        }
        return description;
    }
    }
    return std::unexpected(u"cannot read the readme of %1"_s.arg(directory));
}

QString describe(const Readme::ContentType &type)
{
    if (!type.recognized) {
        return u"%1 (not a type PyPI accepts; shown as plain text)"_s.arg(type.mimeType);
    }
    switch (type.format) {
    case Readme::Format::Markdown:
        return u"text/markdown (GitHub-Flavored Markdown)"_s;
    case Readme::Format::ReStructuredText:
        return type.defaulted ? u"text/x-rst (no content type given: PyPI's default)"_s : u"text/x-rst"_s;
    case Readme::Format::PlainText:
        return u"text/plain"_s;
    }
    return type.mimeType;
}

} // namespace

ReadmeCommand::ReadmeCommand(Console console, QObject *parent)
    : Command(console, parent)
{
}

ReadmeCommand::~ReadmeCommand() = default;

void ReadmeCommand::start(const QStringList &arguments)
{
    CommandLine commandLine(
        u"readme"_s,
        u"Render a long description the way PyPI shows it, and report what PyPI would refuse, strip or break:\n"
        "raw HTML its sanitizer removes, relative links and images, images over http, reStructuredText\n"
        "problems (PyPI refuses the upload on any docutils warning), content type mistakes.\n\n"
        "Without --html, prints a report: the content type, one line per finding\n"
        "(PATH:LINE: severity: message [code]) with a hint per kind of finding, and the verdict.\n"
        "With --html, prints the sanitized HTML body PyPI would show on stdout, findings on stderr.\n\n"
        "reStructuredText is rendered by docutils through Python: --python, else python3 on PATH, else\n"
        "/usr/bin/python3, the first that has docutils. Without one the description is not verified.\n\n"
        "Exit status: 0 PyPI accepts the description (warnings allowed); 1 PyPI would refuse it, it could\n"
        "not be verified, or PATH could not be read; 2 usage error."_s);
    QCommandLineParser &parser = commandLine.parser();
    parser.addPositionalArgument(
        u"PATH"_s,
        u"A README file (.md, .markdown: Markdown; .rst, .rest: reStructuredText; .txt: plain text; any other "
        "name needs --content-type), - for standard input, or a project folder (its pyproject.toml "
        "[project].readme)."_s);
    const QCommandLineOption typeOption(
        u"content-type"_s, u"The Description-Content-Type to render with, e.g. \"text/markdown; charset=UTF-8\"."_s,
        u"TYPE"_s);
    const QCommandLineOption htmlOption(u"html"_s, u"Print the HTML body PyPI would show; findings go to stderr."_s);
    const QCommandLineOption pythonOption(u"python"_s, u"The Python (with docutils) for reStructuredText."_s,
                                          u"PATH"_s);
    parser.addOptions({typeOption, htmlOption, pythonOption});
    if (const auto exitCode = commandLine.parse(arguments, out(), err())) {
        Q_EMIT finished(*exitCode);
        return;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        Q_EMIT finished(commandLine.usageError(err(), u"Give exactly one README file or project folder."_s));
        return;
    }
    const QString path = positional.first();
    m_html = parser.isSet(htmlOption);
    const QString lower = path.toLower();
    if (lower.endsWith(u".whl"_s) || lower.endsWith(u".tar.gz"_s) || lower.endsWith(u".zip"_s)) {
        Q_EMIT finished(commandLine.usageError(
            err(), u"Reading the description of a wheel or sdist is not supported yet; pass the README file or "
                   "the project folder."_s));
        return;
    }

    std::expected<Description, QString> description;
    std::optional<Readme::ContentType> type;
    if (parser.isSet(typeOption)) {
        type = Readme::ContentType::parse(parser.value(typeOption));
    }
    if (path != u"-"_s && QFileInfo(path).isDir()) {
        description = readProject(path);
        if (description && !type) {
            type = description->contentType.isEmpty() ? Readme::ContentType::fromFileName(description->displayPath)
                                                      : Readme::ContentType::parse(description->contentType);
        }
    } else {
        if (!type) {
            type = path == u"-"_s ? std::nullopt : Readme::ContentType::fromFileName(path);
            if (!type) {
                Q_EMIT finished(commandLine.usageError(
                    err(), u"Cannot tell the content type of '%1' from its name; give --content-type."_s.arg(path)));
                return;
            }
        }
        description = readFile(path, path == u"-"_s ? u"<stdin>"_s : path);
    }
    if (!description) {
        err() << "slipway readme: " << description.error() << '\n';
        Q_EMIT finished(ExitCode::Failure);
        return;
    }
    if (!type) {
        type = Readme::ContentType::parse(QString());
    }

    m_displayPath = description->displayPath;
    m_notUtf8 = description->notUtf8;
    m_typeLabel = describe(*type);
    Readme::RenderOptions options;
    options.python = parser.value(pythonOption);
    m_job = new Readme::RenderJob(description->text, *type, options, this);
    connect(m_job, &Readme::RenderJob::finished, this, &ReadmeCommand::rendered);
    m_job->start();
}

void ReadmeCommand::rendered(const Readme::RenderResult &result)
{
    QTextStream &report = m_html ? err() : out();
    if (!m_html) {
        out() << m_displayPath << ": " << m_typeLabel << '\n';
    }
    if (m_notUtf8) {
        report << m_displayPath << ": error: the file is not valid UTF-8; PyPI needs UTF-8 text [readme-not-utf8]\n";
    }
    QList<Readme::Finding::Code> codes;
    for (const Readme::Finding &finding : result.findings) {
        report << m_displayPath;
        if (finding.line > 0) {
            report << ':' << finding.line;
        }
        report << ": " << Readme::severityName(finding.severity) << ": " << finding.message << " ["
               << Readme::codeName(finding.code) << "]\n";
        if (!codes.contains(finding.code)) {
            codes << finding.code;
        }
    }
    if (!m_html) {
        for (const Readme::Finding::Code code : codes) {
            out() << "  hint (" << Readme::codeName(code) << "): " << Readme::hint(code) << '\n';
        }
    }

    const bool errors = result.hasErrors() || m_notUtf8;
    const qsizetype warnings = std::count_if(result.findings.cbegin(), result.findings.cend(), [](const auto &f) {
        return f.severity == Readme::Finding::Severity::Warning;
    });
    QString verdict;
    if (errors) {
        verdict = u"PyPI would refuse this description."_s;
    } else if (!result.verified) {
        verdict = u"Not verified: Slipway could not render it as PyPI does (see above)."_s;
    } else if (warnings > 0) {
        verdict = u"PyPI renders it, with %1 warning%2."_s.arg(warnings).arg(warnings == 1 ? QString() : u"s"_s);
    } else {
        verdict = u"PyPI renders it cleanly."_s;
    }
    report << m_displayPath << ": " << verdict << '\n';
    if (m_html) {
        out() << result.html;
        if (!result.html.isEmpty() && !result.html.endsWith(u'\n')) {
            out() << '\n';
        }
    }
    Q_EMIT finished(errors || !result.verified ? ExitCode::Failure : ExitCode::Success);
}

} // namespace Cli
