// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/build/buildenvironment.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QVersionNumber>

#include <algorithm>

#include "core/build/hookrunner.h"
#include "core/util/atomicfile.h"

using namespace Qt::StringLiterals;

namespace Build {

namespace {

constexpr int cacheFormat = 1;
constexpr qint64 staleFolderSeconds = 24 * 60 * 60;
constexpr qint64 maxScriptBytes = 256 * 1024;

// pip learned --python (run against another environment) in 22.3.
const QVersionNumber pipWithPythonOption(22, 3);

QString normalisedRequirement(const QString &requirement)
{
    return requirement.simplified();
}

// Leftovers of interrupted creations are never used; clear the old ones now and then.
void removeStaleFolders(const QString &root)
{
    const QDateTime limit = QDateTime::currentDateTimeUtc().addSecs(-staleFolderSeconds);
    const QFileInfoList entries = QDir(root).entryInfoList({u".tmp-*"_s, u".trash-*"_s},
                                                           QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QFileInfo &entry : entries) {
        if (entry.lastModified().toUTC() < limit) {
            QDir(entry.absoluteFilePath()).removeRecursively();
        }
    }
}

// venv scripts and pyvenv.cfg name the folder they were made in; they must name the final
// one. Only small text files are touched.
void relocateScripts(const QString &from, const QString &to)
{
    const QByteArray oldPath = QFile::encodeName(from);
    const QByteArray newPath = QFile::encodeName(to);
    QStringList files{QDir(from).filePath(u"pyvenv.cfg"_s)};
    const QDir scripts(EnvironmentCache::scriptsIn(from));
    for (const QFileInfo &entry : scripts.entryInfoList(QDir::Files | QDir::NoSymLinks)) {
        files.append(entry.absoluteFilePath());
    }
    for (const QString &path : files) {
        QFile file(path);
        if (file.size() > maxScriptBytes || !file.open(QIODevice::ReadOnly)) {
            continue;
        }
        QByteArray content = file.readAll();
        file.close();
        if (content.contains('\0') || !content.contains(oldPath)) {
            continue;
        }
        content.replace(oldPath, newPath);
        const QFileDevice::Permissions permissions = file.permissions();
        if (Util::writeFileAtomically(path, content)) {
            QFile::setPermissions(path, permissions);
        }
    }
}

} // namespace

EnvironmentCache::EnvironmentCache(QString root)
    : m_root(root.isEmpty() ? defaultRoot() : std::move(root))
{
}

QString EnvironmentCache::defaultRoot()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation))
        .filePath(u"slipway/build-envs"_s);
}

QString EnvironmentCache::key(const PythonInterpreter &python, const QStringList &requirements)
{
    QStringList sorted;
    for (const QString &requirement : requirements) {
        sorted.append(normalisedRequirement(requirement));
    }
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    QByteArray identity = "slipway-build-env\n" + QByteArray::number(cacheFormat) + '\n';
    identity += python.executable.toUtf8() + '\n';
    identity += python.implementation.toUtf8() + ' ' + python.version.toUtf8() + '\n';
    for (const QString &requirement : sorted) {
        identity += requirement.toUtf8() + '\n';
    }
    const QByteArray hash = QCryptographicHash::hash(identity, QCryptographicHash::Sha256);
    return QString::fromLatin1(hash.toHex().left(32));
}

QString EnvironmentCache::pathFor(const QString &key) const
{
    return QDir(m_root).filePath(key);
}

bool EnvironmentCache::isComplete(const QString &key) const
{
    const QString path = pathFor(key);
    QFile marker(QDir(path).filePath(QLatin1StringView(markerFileName)));
    if (!marker.open(QIODevice::ReadOnly) || marker.size() > 1024 * 1024) {
        return false;
    }
    const QJsonObject json = QJsonDocument::fromJson(marker.readAll()).object();
    // The interpreter behind the venv may have gone (an uninstalled pyenv version).
    return json.value(u"key"_s).toString() == key && QFileInfo(pythonIn(path)).isExecutable();
}

QString EnvironmentCache::pythonIn(const QString &environmentPath)
{
#ifdef Q_OS_WIN
    return QDir(environmentPath).filePath(u"Scripts/python.exe"_s);
#else
    return QDir(environmentPath).filePath(u"bin/python"_s);
#endif
}

QString EnvironmentCache::scriptsIn(const QString &environmentPath)
{
#ifdef Q_OS_WIN
    return QDir(environmentPath).filePath(u"Scripts"_s);
#else
    return QDir(environmentPath).filePath(u"bin"_s);
#endif
}

EnvironmentCreator::EnvironmentCreator(Request request, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
{
}

EnvironmentCreator::~EnvironmentCreator() = default;

void EnvironmentCreator::start()
{
    m_startedAt = QDateTime::currentMSecsSinceEpoch();
    m_key = EnvironmentCache::key(m_request.python, m_request.requirements);
    m_finalPath = m_request.cache.pathFor(m_key);
    if (m_request.cache.isComplete(m_key)) {
        QTimer::singleShot(0, this, [this] { succeed(m_finalPath, true); });
        return;
    }
    QTimer::singleShot(0, this, &EnvironmentCreator::createFolder);
}

void EnvironmentCreator::cancel()
{
    if (m_done) {
        return;
    }
    m_cancelled = true;
    if (m_process && m_process->isRunning()) {
        m_process->terminateTree(); // its finished() reports the cancellation
    } else if (m_helper && m_helper->isRunning()) {
        m_helper->cancel();
    } else {
        QTimer::singleShot(0, this, [this] { fail(u"Cancelled."_s); });
    }
}

void EnvironmentCreator::createFolder()
{
    if (m_cancelled) {
        return fail(u"Cancelled."_s);
    }
    const QString root = m_request.cache.root();
    if (!QDir().mkpath(root)) {
        return fail(u"Cannot create the build environment cache folder %1."_s.arg(QDir::toNativeSeparators(root)));
    }
    removeStaleFolders(root);
    // A folder that is there but not complete (an older format, a removed interpreter) is
    // moved aside first; the rename is atomic, removing it is not.
    if (QFileInfo::exists(m_finalPath)) {
        QTemporaryDir trash(QDir(root).filePath(u".trash-"_s + m_key.left(16) + u"-XXXXXX"_s));
        if (trash.isValid()) {
            trash.setAutoRemove(true);
            QDir().rename(m_finalPath, QDir(trash.path()).filePath(u"old"_s));
        }
    }
    m_folder = std::make_unique<QTemporaryDir>(QDir(root).filePath(u".tmp-"_s + m_key.left(16) + u"-XXXXXX"_s));
    if (!m_folder->isValid()) {
        return fail(u"Cannot create a folder in %1: %2."_s.arg(QDir::toNativeSeparators(root), m_folder->errorString()));
    }

    if (m_request.installer.installer != InstallerOptions::Installer::Pip) {
        const QStringList searchPath =
            m_request.environment.value(u"PATH"_s).split(QDir::listSeparator(), Qt::SkipEmptyParts);
        // findExecutable() would search this process's PATH when given none.
        m_uv = searchPath.isEmpty() ? QString() : QStandardPaths::findExecutable(u"uv"_s, searchPath);
        if (m_uv.isEmpty() && m_request.installer.installer == InstallerOptions::Installer::Uv) {
            return fail(u"uv was asked for but is not on PATH."_s);
        }
    }
    if (m_request.requirements.isEmpty() && m_uv.isEmpty()) {
        return createVirtualEnvironment(false); // nothing to install: no installer needed
    }
    if (!m_uv.isEmpty()) {
        Q_EMIT lineRead(StreamChannel::Stderr, u"Creating the build environment with %1"_s.arg(m_uv));
        runProcess(m_uv, {u"venv"_s, u"--quiet"_s, u"--python"_s, m_request.python.executable, m_folder->path()},
                   u"uv venv"_s, [this] { install(); });
        return;
    }
    probeHostPip();
}

void EnvironmentCreator::probeHostPip()
{
    runHelper(m_request.python.executable, QJsonObject{{u"command"_s, u"probe"_s}, {u"pip"_s, true}},
              [this](const HelperAnswer &answer) {
                  const QVersionNumber pip = QVersionNumber::fromString(answer.json.value(u"pip"_s).toString());
                  // With a recent pip in the interpreter, the environment needs no pip of
                  // its own: venv --without-pip is fast, and ensurepip is not.
                  m_pipFromHost = answer.ok() && !pip.isNull() && pip >= pipWithPythonOption;
                  createVirtualEnvironment(!m_pipFromHost);
              });
}

void EnvironmentCreator::createVirtualEnvironment(bool withPip)
{
    QStringList arguments{u"-m"_s, u"venv"_s};
    if (!withPip) {
        arguments.append(u"--without-pip"_s);
    }
    arguments.append(m_folder->path());
    Q_EMIT lineRead(StreamChannel::Stderr,
                    u"Creating the build environment with %1 -m venv"_s.arg(m_request.python.executable));
    runProcess(m_request.python.executable, arguments, u"venv"_s, [this] { install(); });
}

void EnvironmentCreator::install()
{
    if (m_request.requirements.isEmpty()) {
        return compile();
    }
    const QString requirementsFile = QDir(m_request.scratchDirectory).filePath(u"requirements-%1.txt"_s.arg(m_key));
    if (auto written = Util::writeFileAtomically(requirementsFile, m_request.requirements.join(u'\n').toUtf8() + '\n');
        !written) {
        return fail(written.error());
    }
    const QString environmentPython = EnvironmentCache::pythonIn(m_folder->path());
    QStringList indexOptions;
    if (m_request.installer.noIndex) {
        indexOptions.append(u"--no-index"_s);
    }
    for (const QString &location : m_request.installer.findLinks) {
        indexOptions << u"--find-links"_s << location;
    }

    Q_EMIT lineRead(StreamChannel::Stderr,
                    u"Installing build requirements: %1"_s.arg(m_request.requirements.join(u", "_s)));
    if (!m_uv.isEmpty()) {
        runProcess(m_uv,
                   QStringList{u"pip"_s, u"install"_s, u"--python"_s, environmentPython} + indexOptions
                       + QStringList{u"-r"_s, requirementsFile},
                   u"uv pip install"_s, [this] { compile(); });
        return;
    }
    const QStringList pipOptions{u"install"_s, u"--disable-pip-version-check"_s, u"--no-input"_s,
                                 u"--no-warn-script-location"_s, u"--no-compile"_s, u"--progress-bar"_s, u"off"_s};
    if (m_pipFromHost) {
        runProcess(m_request.python.executable,
                   QStringList{u"-m"_s, u"pip"_s, u"--python"_s, environmentPython} + pipOptions + indexOptions
                       + QStringList{u"-r"_s, requirementsFile},
                   u"pip install"_s, [this] { compile(); });
    } else {
        runProcess(environmentPython,
                   QStringList{u"-m"_s, u"pip"_s} + pipOptions + indexOptions + QStringList{u"-r"_s, requirementsFile},
                   u"pip install"_s, [this] { compile(); });
    }
}

void EnvironmentCreator::compile()
{
    // Byte-compile now, for the final path: a warm build then never compiles, even with
    // PYTHONDONTWRITEBYTECODE set, and tracebacks name the real files.
    QJsonArray folders;
    const QDir lib(QDir(m_folder->path()).filePath(u"lib"_s));
    for (const QString &version : lib.entryList({u"python*"_s}, QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString relative = u"lib/%1/site-packages"_s.arg(version);
        folders.append(QJsonArray{QDir(m_folder->path()).filePath(relative), QDir(m_finalPath).filePath(relative)});
    }
    if (folders.isEmpty() || m_request.requirements.isEmpty()) {
        return publish();
    }
    runHelper(EnvironmentCache::pythonIn(m_folder->path()),
              QJsonObject{{u"command"_s, u"compile"_s}, {u"dirs"_s, folders}},
              [this](const HelperAnswer &) { publish(); }); // a failed compile only costs speed
}

void EnvironmentCreator::publish()
{
    if (m_cancelled) {
        return fail(u"Cancelled."_s);
    }
    relocateScripts(m_folder->path(), m_finalPath);
    const QJsonObject marker{
        {u"format"_s, cacheFormat},
        {u"key"_s, m_key},
        {u"python"_s, m_request.python.executable},
        {u"version"_s, m_request.python.version},
        {u"requirements"_s, QJsonArray::fromStringList(m_request.requirements)},
        {u"installer"_s, m_uv.isEmpty() ? u"pip"_s : u"uv"_s},
        {u"created"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
    };
    const QString markerPath = QDir(m_folder->path()).filePath(QLatin1StringView(EnvironmentCache::markerFileName));
    if (auto written = Util::writeFileAtomically(markerPath, QJsonDocument(marker).toJson()); !written) {
        return fail(written.error());
    }
    if (QDir().rename(m_folder->path(), m_finalPath)) {
        m_folder->setAutoRemove(false);
        return succeed(m_finalPath, false);
    }
    if (m_request.cache.isComplete(m_key)) {
        // Another Slipway made the same environment meanwhile; theirs is as good as ours.
        return succeed(m_finalPath, false);
    }
    fail(u"Cannot move the new build environment to %1."_s.arg(QDir::toNativeSeparators(m_finalPath)));
}

void EnvironmentCreator::runProcess(const QString &program, const QStringList &arguments, const QString &what,
                                    std::function<void()> next)
{
    if (m_cancelled) {
        return fail(u"Cancelled."_s);
    }
    if (m_process) {
        m_process->deleteLater(); // may be the sender of the signal that got us here
    }
    m_process = new ChildProcess(this);
    m_process->setProgram(program, arguments);
    m_process->setWorkingDirectory(m_request.scratchDirectory);
    m_process->setEnvironment(m_request.environment);
    connect(m_process, &ChildProcess::lineRead, this, &EnvironmentCreator::lineRead);
    connect(m_process, &ChildProcess::finished, this,
            [this, what, next = std::move(next)](const ChildExit &exit) {
                if (m_cancelled) {
                    return fail(u"Cancelled."_s);
                }
                if (exit.status == ChildExit::Status::FailedToStart) {
                    return fail(u"Cannot run %1: %2."_s.arg(what, exit.errorString));
                }
                if (!exit.succeeded()) {
                    return fail(u"%1 failed (exit status %2) while preparing the build environment for %3. Check "
                                "that the requirements can be found; offline, pass --find-links with a wheelhouse "
                                "and --no-index."_s.arg(what, QString::number(exit.exitCode),
                                                        m_request.requirements.join(u", "_s)),
                                m_process->outputTail());
                }
                next();
            });
    m_process->start();
}

void EnvironmentCreator::runHelper(const QString &python, const QJsonObject &input,
                                   std::function<void(const HelperAnswer &)> next)
{
    if (m_cancelled) {
        return fail(u"Cancelled."_s);
    }
    const QString control = QDir(m_request.scratchDirectory).filePath(u"env-"_s + m_key.left(16));
    QDir().mkpath(control);
    if (m_helper) {
        m_helper->deleteLater();
    }
    m_helper = new HookRunner({python, {u"-I"_s}, m_request.helperScript, control, m_request.scratchDirectory,
                               m_request.environment, input},
                              this);
    connect(m_helper, &HookRunner::lineRead, this, &EnvironmentCreator::lineRead);
    connect(m_helper, &HookRunner::finished, this, [this, next = std::move(next)](const HelperAnswer &answer) {
        if (m_cancelled) {
            return fail(u"Cancelled."_s);
        }
        if (answer.status == HelperAnswer::Status::FailedToStart) {
            return fail(answer.message);
        }
        next(answer);
    });
    m_helper->start();
}

void EnvironmentCreator::fail(const QString &message, const QString &details)
{
    if (m_done) {
        return;
    }
    m_done = true;
    m_folder.reset(); // removes the half-made environment
    Outcome outcome;
    outcome.cancelled = m_cancelled;
    outcome.error = message;
    outcome.details = details;
    outcome.elapsedMs = QDateTime::currentMSecsSinceEpoch() - m_startedAt;
    Q_EMIT finished(outcome);
}

void EnvironmentCreator::succeed(const QString &path, bool cacheHit)
{
    if (m_done) {
        return;
    }
    m_done = true;
    m_folder.reset();
    Outcome outcome;
    outcome.ok = true;
    outcome.cacheHit = cacheHit;
    outcome.path = path;
    outcome.python = EnvironmentCache::pythonIn(path);
    outcome.elapsedMs = QDateTime::currentMSecsSinceEpoch() - m_startedAt;
    Q_EMIT finished(outcome);
}

} // namespace Build
