// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/nextaction.h"

#include <QCoreApplication>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("NextAction", text);
}

} // namespace

NextAction nextAction(const NextActionInput &input)
{
    const QString metadata = QStringLiteral("Metadata");
    const QString build = QStringLiteral("Build & Check");
    const QString release = QStringLiteral("Release");
    if (input.metadataErrors > 0) {
        return {input.metadataErrors == 1 ? tr("Fix 1 metadata problem")
                                          : tr("Fix %1 metadata problems").arg(input.metadataErrors),
                tr("PyPI would refuse the project as pyproject.toml stands."), metadata};
    }
    if (input.onProduction) {
        return {tr("Bump the version"),
                tr("%1 is already on the production registry; a new release needs a new version.").arg(input.version),
                metadata};
    }
    if (input.distFilesOfVersion == 0) {
        return {tr("Build"),
                input.version.isEmpty() ? tr("dist/ holds no distribution files yet.")
                                        : tr("dist/ holds no files for version %1 yet.").arg(input.version),
                build};
    }
    if (input.checking) {
        return {tr("Check"), tr("The files in dist/ are being checked."), build};
    }
    if (input.failingFiles > 0) {
        return {input.failingFiles == 1 ? tr("Fix 1 failing file") : tr("Fix %1 failing files").arg(input.failingFiles),
                tr("PyPI would refuse files in dist/; see their findings."), build};
    }
    if (input.testConfigured && !input.onTest) {
        return {tr("Release to test"), tr("The files pass the check; rehearse the release on the test registry."),
                release};
    }
    return {tr("Release to production"),
            input.onTest ? tr("%1 is on the test registry and the files pass the check.").arg(input.version)
                         : tr("The files pass the check."),
            release};
}
