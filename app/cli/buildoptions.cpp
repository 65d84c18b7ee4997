// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/buildoptions.h"

#include <QCommandLineParser>

#include <chrono>

using namespace Qt::StringLiterals;

namespace Cli {

void addBuildOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {u"sdist"_s, u"Build an sdist."_s},
        {u"wheel"_s, u"Build a wheel (from the source tree)."_s},
        {{u"o"_s, u"outdir"_s}, u"Where to put the results (default: DIR/dist)."_s, u"OUTDIR"_s},
        {{u"n"_s, u"no-isolation"_s},
         u"Build with the interpreter's installed packages, without an isolated environment."_s},
        {{u"x"_s, u"skip-dependency-check"_s},
         u"With --no-isolation: build even when build requirements are missing."_s},
        {u"python"_s, u"The Python interpreter to build with."_s, u"PATH"_s},
        {{u"C"_s, u"config-setting"_s}, u"A config setting for the backend; repeat the key for a list."_s,
         u"KEY=VALUE"_s},
        {u"find-links"_s, u"Look for build requirements in this folder (a wheelhouse) or URL."_s, u"DIR"_s},
        {u"no-index"_s, u"Never contact a package index; only --find-links (offline builds)."_s},
        {u"installer"_s, u"What fills isolated environments: auto (uv when on PATH), pip or uv."_s, u"auto|pip|uv"_s,
         u"auto"_s},
        {u"timeout"_s, u"Stop the build after this many seconds."_s, u"SECONDS"_s},
        {u"no-source-date-epoch"_s, u"Do not set SOURCE_DATE_EPOCH from the last git commit."_s},
    });
}

std::expected<Build::BuildOptions, QString> buildOptionsFrom(const QCommandLineParser &parser,
                                                             const QString &sourceDirectory)
{
    Build::BuildOptions options;
    options.sourceDirectory = sourceDirectory;
    options.outputDirectory = parser.value(u"outdir"_s);
    options.sdist = parser.isSet(u"sdist"_s);
    options.wheel = parser.isSet(u"wheel"_s);
    options.isolation = !parser.isSet(u"no-isolation"_s);
    options.skipDependencyCheck = parser.isSet(u"skip-dependency-check"_s);
    options.python = parser.value(u"python"_s);
    options.sourceDateEpochFromGit = !parser.isSet(u"no-source-date-epoch"_s);
    options.installer.findLinks = parser.values(u"find-links"_s);
    options.installer.noIndex = parser.isSet(u"no-index"_s);
    for (const QString &setting : parser.values(u"config-setting"_s)) {
        const qsizetype equals = setting.indexOf(u'=');
        if (equals == 0 || setting.isEmpty()) {
            return std::unexpected(u"-C needs KEY=VALUE, got '%1'."_s.arg(setting));
        }
        // As `python -m build`: "-C key" alone sets the key to an empty string.
        options.configSettings.append(
            {equals < 0 ? setting : setting.left(equals), equals < 0 ? QString() : setting.mid(equals + 1)});
    }
    const QString installer = parser.value(u"installer"_s);
    if (installer == u"pip"_s) {
        options.installer.installer = Build::InstallerOptions::Installer::Pip;
    } else if (installer == u"uv"_s) {
        options.installer.installer = Build::InstallerOptions::Installer::Uv;
    } else if (installer != u"auto"_s) {
        return std::unexpected(u"--installer must be auto, pip or uv."_s);
    }
    if (parser.isSet(u"timeout"_s)) {
        bool ok = false;
        const double seconds = parser.value(u"timeout"_s).toDouble(&ok);
        if (!ok || seconds <= 0) {
            return std::unexpected(u"--timeout needs a positive number of seconds."_s);
        }
        options.timeLimit = std::chrono::milliseconds(qRound64(seconds * 1000.0));
    }
    return options;
}

} // namespace Cli
