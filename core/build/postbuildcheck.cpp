// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/build/postbuildcheck.h"

#include <QJsonArray>
#include <QObject>
#include <QPointer>

#include "core/check/checker.h"

using namespace Qt::StringLiterals;

namespace Build {

PostBuildStep checkArtifactsStep(const Check::CheckOptions &options, QObject *context)
{
    QPointer<QObject> guard(context);
    return [options, guard](const QList<Artifact> &artifacts, std::function<void(PostBuildReport)> done) {
        if (!guard) {
            return;
        }
        QStringList paths;
        for (const Artifact &artifact : artifacts) {
            paths.append(artifact.path);
        }
        auto *checker = new Check::Checker(options, guard.data());
        QObject::connect(checker, &Check::Checker::finished, guard.data(), [checker, done = std::move(done)] {
            checker->deleteLater();
            done(postBuildReport(checker->reports()));
        });
        checker->start(paths);
    };
}

PostBuildReport postBuildReport(const QList<Check::FileReport> &reports)
{
    PostBuildReport report;
    QJsonArray files;
    int errors = 0;
    int warnings = 0;
    int failedFiles = 0;
    for (const Check::FileReport &file : reports) {
        files.append(file.toJson());
        if (file.verdict == Check::Verdict::Error) {
            ++failedFiles;
        }
        for (const Check::Finding &finding : file.findings) {
            errors += finding.severity == Check::Severity::Error ? 1 : 0;
            warnings += finding.severity == Check::Severity::Warning ? 1 : 0;
        }
    }
    report.passed = failedFiles == 0;
    report.details.insert(u"files"_s, files);

    const QString checked = reports.size() == 1 ? u"1 file checked"_s : u"%1 files checked"_s.arg(reports.size());
    QStringList counts;
    if (errors > 0) {
        counts.append(errors == 1 ? u"1 error"_s : u"%1 errors"_s.arg(errors));
    }
    if (warnings > 0) {
        counts.append(warnings == 1 ? u"1 warning"_s : u"%1 warnings"_s.arg(warnings));
    }
    if (!report.passed) {
        report.summary = u"The check failed: PyPI would refuse %1 of the built files (%2). Fix the problem and "
                         "build again, or pass --no-check to skip the check."_s.arg(failedFiles)
                             .arg(counts.join(u", "_s));
    } else {
        report.summary = checked + u": "_s + (counts.isEmpty() ? u"no problems"_s : counts.join(u", "_s));
    }
    return report;
}

} // namespace Build
