// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/release/gitrepository.h"

#include <QProcess>

#include <memory>

using namespace Qt::StringLiterals;

namespace Release {

GitRepository::GitRepository(const QString &directory, QObject *parent)
    : QObject(parent)
    , m_directory(directory)
{
}

QString GitRepository::tagName(const QString &tagTemplate, const QString &project, const QString &version)
{
    QString tag = tagTemplate.isEmpty() ? u"v{version}"_s : tagTemplate;
    tag.replace(u"{version}"_s, version);
    tag.replace(u"{name}"_s, project);
    return tag;
}

void GitRepository::run(const QStringList &arguments, std::function<void(GitAnswer)> done)
{
    auto *process = new QProcess(this);
    QProcessEnvironment environment = m_environment;
    // Git must never stop to ask on a terminal nobody watches.
    environment.insert(u"GIT_TERMINAL_PROMPT"_s, u"0"_s);
    environment.insert(u"LC_ALL"_s, u"C"_s);
    process->setProcessEnvironment(environment);
    process->setProgram(m_git);
    process->setArguments(QStringList { u"-C"_s, m_directory } + arguments);
    process->setStandardInputFile(QProcess::nullDevice());
    auto reported = std::make_shared<bool>(false);
    auto report = [process, done, reported](GitAnswer answer) {
        if (*reported) {
            return;
        }
        *reported = true;
        process->deleteLater();
        done(std::move(answer));
    };
    connect(process, &QProcess::finished, this, [process, report](int exitCode, QProcess::ExitStatus status) {
        GitAnswer answer;
        answer.started = true;
        answer.exitCode = status == QProcess::NormalExit ? exitCode : -1;
        answer.output = QString::fromUtf8(process->readAllStandardOutput()).trimmed();
        answer.errors = QString::fromUtf8(process->readAllStandardError()).trimmed();
        report(answer);
    });
    connect(process, &QProcess::errorOccurred, this, [this, process, report](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            GitAnswer answer;
            answer.errors = u"Cannot run %1: %2"_s.arg(m_git, process->errorString());
            report(answer);
        }
    });
    process->start();
}

void GitRepository::inspect(const QString &tag, std::function<void(GitState)> done)
{
    run({ u"rev-parse"_s, u"--is-inside-work-tree"_s }, [this, tag, done](GitAnswer inside) {
        GitState state;
        if (!inside.started) {
            state.error = inside.errors;
            done(state);
            return;
        }
        if (!inside.ok() || inside.output != u"true"_s) {
            done(state); // not a repository: nothing to check, nothing to tag
            return;
        }
        state.repository = true;
        run({ u"status"_s, u"--porcelain"_s, u"--untracked-files=no"_s },
            [this, tag, done, state](GitAnswer status) mutable {
                if (!status.ok()) {
                    state.error = u"git status failed: %1"_s.arg(status.errors);
                    done(state);
                    return;
                }
                state.changes = status.output.split(u'\n', Qt::SkipEmptyParts);
                state.clean = state.changes.isEmpty();
                run({ u"rev-parse"_s, u"--verify"_s, u"HEAD^{commit}"_s },
                    [this, tag, done, state](GitAnswer head) mutable {
                        if (!head.ok()) {
                            state.error
                                = u"The repository has no commit yet (git rev-parse HEAD: %1)."_s.arg(head.errors);
                            done(state);
                            return;
                        }
                        state.head = head.output;
                        run({ u"rev-parse"_s, u"-q"_s, u"--verify"_s, u"refs/tags/%1^{commit}"_s.arg(tag) },
                            [done, state](GitAnswer existing) mutable {
                                state.tagExists = existing.ok() && !existing.output.isEmpty();
                                state.tagCommit = state.tagExists ? existing.output : QString();
                                done(state);
                            });
                    });
            });
    });
}

void GitRepository::createTag(
    const QString &tag, const QString &commit, const QString &message, std::function<void(GitAnswer)> done)
{
    run({ u"tag"_s, u"-a"_s, tag, u"-m"_s, message, commit.isEmpty() ? u"HEAD"_s : commit }, std::move(done));
}

void GitRepository::pushTag(const QString &tag, const QString &remote, std::function<void(GitAnswer)> done)
{
    run({ u"push"_s, remote, u"refs/tags/%1"_s.arg(tag) }, std::move(done));
}

} // namespace Release
