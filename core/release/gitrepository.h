// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>

namespace Release {

/// What one git command did.
struct GitAnswer {
    bool started = false; ///< false: git could not be run at all
    int exitCode = -1;
    QString output; ///< stdout, trimmed
    QString errors; ///< stderr, trimmed
    [[nodiscard]] bool ok() const { return started && exitCode == 0; }
};

/// What the release needs to know about the work tree before it starts.
struct GitState {
    bool repository = false;
    bool clean = true; ///< no modified tracked file (untracked files do not count)
    QStringList changes; ///< `git status --porcelain` lines of tracked changes
    QString head; ///< commit id
    bool tagExists = false;
    QString tagCommit; ///< the commit an existing tag points at
    QString error; ///< git could not be run or answered nonsense
};

/**
 * The git operations of a release, each a child process of the `git` executable (never a
 * library): inspect the work tree, create an annotated tag, push it. Every call returns at
 * once; the callback runs once, later, in the thread of this object. Nothing is ever pushed
 * unless pushTag() is called. Credentials are git's own business (its credential helpers);
 * none ever appears on a command line made here.
 */
class GitRepository final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GitRepository)

public:
    explicit GitRepository(const QString &directory, QObject *parent = nullptr);

    void setGitExecutable(const QString &git) { m_git = git; }
    void setEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }

    /// "v{version}" -> "v1.2.3"; {name} is the project name.
    [[nodiscard]] static QString tagName(const QString &tagTemplate, const QString &project, const QString &version);

    void inspect(const QString &tag, std::function<void(GitState)> done);
    /// `git tag -a TAG -m MESSAGE COMMIT`.
    void createTag(
        const QString &tag, const QString &commit, const QString &message, std::function<void(GitAnswer)> done);
    /// `git push REMOTE refs/tags/TAG`.
    void pushTag(const QString &tag, const QString &remote, std::function<void(GitAnswer)> done);
    /// Any git command in the directory (arguments after `git -C DIR`).
    void run(const QStringList &arguments, std::function<void(GitAnswer)> done);

private:
    QString m_directory;
    QString m_git = QStringLiteral("git");
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
};

} // namespace Release
