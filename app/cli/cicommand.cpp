// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/cicommand.h"

#include <QTextStream>

#include "app/cli/commandline.h"
#include "app/cli/commandregistry.h"
#include "core/release/cirecipe.h"

using namespace Qt::StringLiterals;

namespace Cli {

namespace {

const CommandRegistration<CiCommand> registration { "ci",
    "Generate a CI recipe for releasing the project (GitLab CI, GitHub Actions with trusted publishing)." };

} // namespace

void CiCommand::start(const QStringList &arguments)
{
    CommandLine commandLine(u"ci"_s,
        u"Writes a CI recipe for the project in DIR: `gitlab` writes .gitlab-ci.yml (test, build, publish to the "
        u"test registry on tags, a manual production gate; tokens from masked CI variables), `github` writes "
        u".github/workflows/release.yml (publishing through trusted publishing, OIDC: no stored token)."_s);
    QCommandLineParser &parser = commandLine.parser();
    parser.addPositionalArgument(u"generate"_s, u"The only action: generate."_s, u"generate"_s);
    parser.addPositionalArgument(u"SYSTEM"_s, u"gitlab or github."_s, u"gitlab|github"_s);
    parser.addPositionalArgument(u"DIR"_s, u"The project folder (default: the current folder)."_s, u"[DIR]"_s);
    parser.addOption({ u"dry-run"_s, u"Print the recipe instead of writing it."_s });
    parser.addOption({ u"force"_s, u"Replace an existing file."_s });
    if (const auto exitCode = commandLine.parse(arguments, out(), err())) {
        Q_EMIT finished(*exitCode);
        return;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.value(0) != u"generate"_s) {
        Q_EMIT finished(commandLine.usageError(err(), u"Usage: slipway ci generate gitlab|github [DIR]"_s));
        return;
    }
    Release::CiSystem system = Release::CiSystem::GitLab;
    if (positional.value(1) == u"github"_s) {
        system = Release::CiSystem::GitHub;
    } else if (positional.value(1) != u"gitlab"_s) {
        Q_EMIT finished(commandLine.usageError(err(), u"Which CI system: gitlab or github?"_s));
        return;
    }
    if (positional.size() > 3) {
        Q_EMIT finished(commandLine.usageError(err(), u"Only one project folder at a time."_s));
        return;
    }
    const QString directory = positional.value(2, u"."_s);
    const auto project = Release::ciProjectFromDirectory(directory);
    if (!project) {
        err() << "slipway ci: " << project.error().message << '\n';
        err().flush();
        Q_EMIT finished(ExitCode::Failure);
        return;
    }
    const Release::CiFile file = Release::generateCiRecipe(system, *project);
    if (parser.isSet(u"dry-run"_s)) {
        out() << "# " << file.relativePath << '\n' << QString::fromUtf8(file.content);
        out().flush();
        Q_EMIT finished(ExitCode::Success);
        return;
    }
    const auto written = Release::writeCiFile(directory, file, parser.isSet(u"force"_s));
    if (!written) {
        err() << "slipway ci: " << written.error().message << '\n';
        err().flush();
        Q_EMIT finished(ExitCode::Failure);
        return;
    }
    out() << "Wrote " << *written << '\n';
    out().flush();
    Q_EMIT finished(ExitCode::Success);
}

} // namespace Cli
