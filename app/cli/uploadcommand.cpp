// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/uploadcommand.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTextStream>

#include <cstdlib>

#include <unistd.h>

#include "app/cli/commandline.h"
#include "app/cli/commandregistry.h"
#include "app/cli/interruptwatcher.h"
#include "core/dist/distfiles.h"
#include "core/index/proxyconfig.h"
#include "core/registry/credentialstore.h"
#include "core/registry/registrystore.h"

using namespace Qt::StringLiterals;

namespace Cli {

namespace {

const CommandRegistration<UploadCommand> registration{
    "upload", "Check and upload wheels and sdists to a registry, in parallel, with retries."};

QString mebibytes(double bytes)
{
    return QString::number(bytes / (1024.0 * 1024.0), 'f', 1) + u" MiB"_s;
}

QString duration(qint64 seconds)
{
    if (seconds < 60) {
        return u"%1 s"_s.arg(seconds);
    }
    return u"%1 min %2 s"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

// Long values (the description) shown as their first line and their length.
QString shownValue(const QString &value)
{
    const qsizetype newline = value.indexOf(u'\n');
    if (newline < 0 && value.size() <= 100) {
        return value;
    }
    const QString first = value.left(std::min<qsizetype>(newline < 0 ? value.size() : newline, 80));
    return u"%1… (%2 characters)"_s.arg(first).arg(value.size());
}

} // namespace

UploadCommand::UploadCommand(Console console, QObject *parent)
    : Command(console, parent)
{
}

QTextStream &UploadCommand::events()
{
    return m_json ? err() : out();
}

void UploadCommand::start(const QStringList &arguments)
{
    CommandLine commandLine(
        u"upload"_s,
        u"Checks the files, then uploads them to a registry through the legacy upload API, several at a time, "
        u"streaming from disk, retrying what can be retried. The secret comes from TWINE_PASSWORD or the keychain "
        u"(`slipway registry login NAME`), never from the command line."_s);
    QCommandLineParser &parser = commandLine.parser();
    parser.addPositionalArgument(u"FILE"_s, u"Wheels and sdists, or directories holding them."_s, u"FILE..."_s);
    parser.addOption({{u"r"_s, u"repository"_s}, u"The registry (see `slipway registry list`)."_s, u"REGISTRY"_s});
    parser.addOption({u"repository-url"_s, u"Upload to this URL instead of a configured registry."_s, u"URL"_s});
    parser.addOption({u"simple-url"_s,
                      u"The registry's simple index URL, for --skip-existing and for checking whether an interrupted "
                      u"upload arrived (default: the registry's own)."_s,
                      u"URL"_s});
    parser.addOption({{u"u"_s, u"username"_s}, u"The user name (default: the registry's, or __token__)."_s, u"USER"_s});
    parser.addOption({u"skip-existing"_s,
                      u"Skip files the index already has with the same sha256; a different file under the same name "
                      u"is still an error."_s});
    parser.addOption({u"jobs"_s, u"Files uploaded at once (1-16, default 3)."_s, u"N"_s, u"3"_s});
    parser.addOption({u"dry-run"_s, u"Do everything up to the network and print what would be sent."_s});
    parser.addOption({u"no-check"_s, u"Upload even when the check engine finds errors."_s});
    parser.addOption({u"json"_s, u"Print the results as one JSON object."_s});
    parser.addOption({u"python"_s, u"The Python interpreter that renders reStructuredText for the checks."_s,
                      u"PATH"_s});
    if (const auto exitCode = commandLine.parse(arguments, out(), err())) {
        Q_EMIT finished(*exitCode);
        return;
    }
    if (parser.positionalArguments().isEmpty()) {
        Q_EMIT finished(commandLine.usageError(err(), u"no files to upload"_s));
        return;
    }
    m_paths = Dist::expandDistributionPaths(parser.positionalArguments());
    if (m_paths.isEmpty()) {
        Q_EMIT finished(commandLine.usageError(err(), u"the directories given hold no .whl or .tar.gz files"_s));
        return;
    }
    if (parser.isSet(u"repository"_s) && parser.isSet(u"repository-url"_s)) {
        Q_EMIT finished(commandLine.usageError(err(), u"give either -r REGISTRY or --repository-url URL, not both"_s));
        return;
    }
    bool jobsOk = false;
    const int jobs = parser.value(u"jobs"_s).toInt(&jobsOk);
    if (!jobsOk || jobs < 1 || jobs > 16) {
        Q_EMIT finished(commandLine.usageError(err(), u"--jobs takes a number from 1 to 16"_s));
        return;
    }
    m_json = parser.isSet(u"json"_s);
    m_terminal = !m_json && isatty(STDOUT_FILENO) == 1;

    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    Registry::Registry registry;
    if (parser.isSet(u"repository-url"_s)) {
        const auto url = Registry::parseUrl(parser.value(u"repository-url"_s), u"upload URL"_s);
        if (!url) {
            failBeforeUpload(url.error().message);
            return;
        }
        registry.name = Registry::urlText(*url);
        registry.uploadUrl = *url;
        registry.kind = Registry::guessKind(*url);
        registry.username = Registry::defaultUsername(registry.kind);
        if (registry.username.isEmpty() && registry.kind == Registry::Kind::Custom) {
            // What twine users pass for any PyPI-compatible index with a token; -u overrides it.
            registry.username = u"__token__"_s;
        }
        if (registry.kind == Registry::Kind::PyPI) {
            registry.simpleUrl = QUrl(u"https://pypi.org/simple/"_s);
        } else if (registry.kind == Registry::Kind::TestPyPI) {
            registry.simpleUrl = QUrl(u"https://test.pypi.org/simple/"_s);
        }
    } else {
        Registry::RegistryStore store(Registry::RegistryStore::defaultPath());
        if (const auto loaded = store.load(); !loaded) {
            failBeforeUpload(loaded.error().message);
            return;
        }
        const auto selected = Registry::selectRegistry(store, parser.value(u"repository"_s), environment);
        if (!selected) {
            failBeforeUpload(selected.error());
            return;
        }
        registry = *selected;
    }
    if (parser.isSet(u"simple-url"_s)) {
        const auto url = Registry::parseUrl(parser.value(u"simple-url"_s), u"simple index URL"_s);
        if (!url) {
            failBeforeUpload(url.error().message);
            return;
        }
        registry.simpleUrl = *url;
    }
    if (parser.isSet(u"username"_s)) {
        registry.username = parser.value(u"username"_s);
    }

    m_options.registry = registry;
    m_options.jobs = jobs;
    m_options.skipExisting = parser.isSet(u"skip-existing"_s);
    m_options.dryRun = parser.isSet(u"dry-run"_s);
    m_options.runChecks = !parser.isSet(u"no-check"_s);
    m_options.checkOptions.python = parser.value(u"python"_s);
    if (const auto valid = Upload::UploadJob::validateOptions(m_options); !valid) {
        failBeforeUpload(valid.error().message);
        return;
    }

    watchInterrupts();
    m_credentials = new Registry::CredentialStore(this);
    m_credentials->setTimeout(Registry::CredentialStore::timeoutFromEnvironment(environment));
    m_credentials->resolve(registry, environment, this,
                           [this](std::expected<Registry::Credential, Registry::CredentialError> credential) {
                               resolved(std::move(credential));
                           });
}

void UploadCommand::resolved(std::expected<Registry::Credential, Registry::CredentialError> credential)
{
    if (!credential) {
        if (!m_options.dryRun) {
            failBeforeUpload(credential.error().message);
            return;
        }
        // A dry run goes on, and says what a real run would have stopped at.
        m_credentialError = credential.error();
        m_credentialText = u"no credential: %1"_s.arg(credential.error().message);
    } else {
        m_options.credential = *credential;
        const QString user = credential->username.isEmpty() ? u"(empty user name)"_s : credential->username;
        m_credentialText = u"%1 with the secret from %2 (fingerprint %3)"_s.arg(
            user,
            credential->source == Registry::Credential::Source::Environment ? u"TWINE_PASSWORD"_s
                                                                             : u"the keychain"_s,
            Registry::fingerprint(credential->secret));
    }
    startJob();
}

void UploadCommand::failBeforeUpload(const QString &message)
{
    err() << "slipway upload: " << message << '\n';
    err().flush();
    if (m_json) {
        // Scripts reading --json get an answer whatever stopped the upload.
        out() << QJsonDocument(QJsonObject{
                                   {u"registry"_s, m_options.registry.name},
                                   {u"dry_run"_s, m_options.dryRun},
                                   {u"succeeded"_s, false},
                                   {u"error"_s, message},
                                   {u"files"_s, QJsonArray()},
                               })
                     .toJson(QJsonDocument::Indented);
        out().flush();
    }
    Q_EMIT finished(ExitCode::Failure);
}

void UploadCommand::watchInterrupts()
{
    auto *watcher = new InterruptWatcher(this);
    connect(watcher, &InterruptWatcher::interrupted, this, [this, watcher] {
        if (watcher->count() > 1 || m_job == nullptr) {
            // Nothing sent yet (still asking the keychain), or asked twice: stop now.
            clearProgressLine();
            err() << "slipway upload: interrupted\n";
            err().flush();
            std::_Exit(130);
        }
        clearProgressLine();
        err() << "slipway upload: interrupted, stopping the uploads. Files reported as uploaded are on the index; "
                 "a file cut off mid-way may have arrived or not: run the same command with --skip-existing to "
                 "finish.\n";
        err().flush();
        m_job->cancel();
    });
}

void UploadCommand::startJob()
{
    m_clock.start();
    const QString url = Registry::urlText(m_options.registry.uploadUrl);
    const QString target = m_options.registry.name == url ? url : u"%1 (%2)"_s.arg(m_options.registry.name, url);
    events() << (m_options.dryRun ? "Dry run: " : "") << "uploading " << m_paths.size()
             << (m_paths.size() == 1 ? " file" : " files") << " to " << target << " as " << m_credentialText
             << proxyText() << '\n';
    events().flush();
    m_job = new Upload::UploadJob(m_paths, m_options, this);
    connect(m_job, &Upload::UploadJob::fileStateChanged, this, &UploadCommand::onStateChanged);
    connect(m_job, &Upload::UploadJob::fileFinished, this, &UploadCommand::onFileFinished);
    connect(m_job, &Upload::UploadJob::totalProgress, this, &UploadCommand::onTotalProgress);
    connect(m_job, &Upload::UploadJob::finished, this, &UploadCommand::onFinished);
    m_job->start();
}

void UploadCommand::clearProgressLine()
{
    if (m_progressShown) {
        out() << "\r\033[K";
        m_progressShown = false;
    }
}

void UploadCommand::line(const QString &text)
{
    if (m_terminal) {
        clearProgressLine();
    }
    events() << text << '\n';
    events().flush();
}

void UploadCommand::onStateChanged(int index, Upload::FileState state, const QString &detail)
{
    const QString name = QFileInfo(m_paths.at(index)).fileName();
    switch (state) {
    case Upload::FileState::Waiting:
        line(u"  retry     %1: %2"_s.arg(name, detail));
        break;
    case Upload::FileState::Verifying:
        line(u"  verify    %1: %2"_s.arg(name, detail));
        break;
    case Upload::FileState::Uploading:
        if (!m_terminal) {
            line(u"  sending   %1%2"_s.arg(name, detail.isEmpty() ? QString() : u" (%1)"_s.arg(detail)));
        }
        break;
    default:
        break;
    }
}

void UploadCommand::onFileFinished(int, const Upload::FileResult &result)
{
    ++m_done;
    if (m_options.dryRun && result.outcome == Upload::FileOutcome::WouldUpload) {
        if (!m_json) {
            printDryRun(result);
        }
        return;
    }
    QString text;
    switch (result.outcome) {
    case Upload::FileOutcome::Uploaded: {
        const double seconds = std::max<double>(double(result.elapsedMs) / 1000.0, 0.001);
        text = u"  uploaded  %1 (%2 in %3 s, %4/s)"_s.arg(result.filename, mebibytes(double(result.size)))
                   .arg(seconds, 0, 'f', 1)
                   .arg(mebibytes(double(result.size) / seconds));
        break;
    }
    case Upload::FileOutcome::AlreadyPresent:
        text = u"  present   %1"_s.arg(result.filename);
        break;
    case Upload::FileOutcome::WouldUpload:
        text = u"  ok        %1"_s.arg(result.filename);
        break;
    case Upload::FileOutcome::Failed:
        text = u"  FAILED    %1: %2"_s.arg(result.filename, result.error ? result.error->message : QString());
        break;
    case Upload::FileOutcome::Canceled:
        text = u"  canceled  %1"_s.arg(result.filename);
        break;
    }
    if (!result.note.isEmpty()) {
        text += u"\n            %1"_s.arg(result.note);
    }
    line(text);
}

QString UploadCommand::proxyText() const
{
    // Host and port only: the setting may carry the proxy's password.
    const auto proxy = Index::proxyFor(m_options.registry.uploadUrl, Index::ProxyEnvironment::fromSystem());
    if (!proxy || proxy->type() == QNetworkProxy::NoProxy) {
        return {};
    }
    return u" through the proxy %1:%2"_s.arg(proxy->hostName()).arg(proxy->port());
}

void UploadCommand::printDryRun(const Upload::FileResult &result)
{
    QTextStream &o = out();
    o << "\nWould POST " << result.filename << " to " << Registry::urlText(m_options.registry.uploadUrl)
      << proxyText() << '\n';
    o << "  Authorization: "
      << (m_options.credential ? u"Basic, user %1, secret not shown"_s.arg(
                                     m_options.credential->username.isEmpty() ? u"(empty)"_s
                                                                              : m_options.credential->username)
                               : u"none (%1)"_s.arg(m_credentialText))
      << '\n';
    o << "  Content-Type: multipart/form-data\n";
    for (const Upload::FormField &field : result.fields) {
        o << "  " << field.name << ": " << shownValue(field.value) << '\n';
    }
    o << "  content: " << result.filename << " (application/octet-stream, " << result.size << " bytes)\n";
    if (!result.check.path.isEmpty()) {
        o << "  check: " << Check::verdictText(result.check.verdict) << '\n';
    }
    o.flush();
}

void UploadCommand::onTotalProgress(const Upload::TransferProgress &progress)
{
    if (!m_terminal || progress.bytesTotal <= 0) {
        return;
    }
    QString text = u"[%1/%2] %3 of %4"_s.arg(m_done)
                       .arg(m_paths.size())
                       .arg(mebibytes(double(progress.bytesDone)), mebibytes(double(progress.bytesTotal)));
    if (progress.bytesPerSecond > 0) {
        text += u"  %1/s"_s.arg(mebibytes(progress.bytesPerSecond));
    }
    if (const auto eta = progress.etaSeconds()) {
        text += u"  ETA %1"_s.arg(duration(*eta));
    }
    out() << "\r\033[K" << text;
    out().flush();
    m_progressShown = true;
}

void UploadCommand::onFinished(const Upload::UploadResult &result)
{
    if (m_terminal) {
        clearProgressLine();
    }
    int uploaded = 0;
    int present = 0;
    int failed = 0;
    qint64 bytes = 0;
    for (const Upload::FileResult &file : result.files) {
        uploaded += file.outcome == Upload::FileOutcome::Uploaded ? 1 : 0;
        present += file.outcome == Upload::FileOutcome::AlreadyPresent ? 1 : 0;
        failed += file.outcome == Upload::FileOutcome::Failed || file.outcome == Upload::FileOutcome::Canceled ? 1 : 0;
        bytes += file.outcome == Upload::FileOutcome::Uploaded ? file.size : 0;
    }
    const bool ok = result.succeeded() && !m_credentialError;
    if (m_json) {
        QJsonArray files;
        for (const Upload::FileResult &file : result.files) {
            QJsonObject object = file.toJson();
            if (result.dryRun) {
                QJsonArray form;
                for (const Upload::FormField &field : file.fields) {
                    form.append(QJsonArray{field.name, field.value});
                }
                object.insert(u"form"_s, form);
            }
            files.append(object);
        }
        QJsonObject root{
            {u"registry"_s, m_options.registry.name},
            {u"upload_url"_s, Registry::urlText(m_options.registry.uploadUrl)},
            {u"dry_run"_s, result.dryRun},
            {u"succeeded"_s, ok},
            {u"files"_s, files},
        };
        if (m_credentialError) {
            root.insert(u"credential_error"_s, m_credentialError->message);
        }
        out() << QJsonDocument(root).toJson(QJsonDocument::Indented);
        out().flush();
    } else if (result.dryRun) {
        out() << '\n'
              << (ok ? "Dry run: every file would be sent; nothing was." : "Dry run: a real upload would fail (see above).")
              << '\n';
    } else {
        const double seconds = std::max<double>(double(m_clock.elapsed()) / 1000.0, 0.001);
        out() << uploaded << " uploaded, " << present << " already there, " << failed << " failed";
        if (uploaded > 0) {
            out() << " (" << mebibytes(double(bytes)) << " in " << QString::number(seconds, 'f', 1) << " s)";
        }
        out() << ".\n";
    }
    out().flush();
    err().flush();
    Q_EMIT finished(ok ? ExitCode::Success : ExitCode::Failure);
}

} // namespace Cli
