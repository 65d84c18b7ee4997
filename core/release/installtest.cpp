// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/release/installtest.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTimer>

#include "core/registry/registry.h"

using namespace Qt::StringLiterals;

namespace Release {

InstallTest::InstallTest(InstallTestOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        append(u"\nslipway: the install test took longer than %1 s and was stopped.\n"_s.arg(
            std::chrono::duration_cast<std::chrono::seconds>(m_options.timeLimit).count()));
        if (m_process) {
            m_process->disconnect(this);
            m_process->kill();
        }
        finish(false, -1);
    });
}

InstallTest::~InstallTest()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(2000);
    }
}

QString InstallTest::defaultSmokeProgram()
{
    // Imports every top-level module the distribution installed (from its RECORD), then prints
    // the version the module states, or the installed distribution's.
    return uR"PY(import importlib, importlib.metadata as md, sys
name = sys.argv[1]
dist = md.distribution(name)
modules = set()
for f in dist.files or []:
    top = f.parts[0]
    if len(f.parts) == 1 and top.endswith('.py'):
        modules.add(top[:-3])
    elif len(f.parts) > 1 and not top.endswith(('.dist-info', '.data')) and top != '..' and f.parts[-1] == '__init__.py':
        modules.add(top)
version = dist.version
for module in sorted(modules):
    loaded = importlib.import_module(module)
    print('imported', module, getattr(loaded, '__version__', ''))
print(name, version)
)PY"_s;
}

void InstallTest::start()
{
    m_record.requested = true;
    m_record.ran = true;
    m_record.python = m_options.python;
    m_record.requirement = u"%1==%2"_s.arg(m_options.project, m_options.version);
    m_record.smokeCommand = m_options.smokeCommand;
    m_record.time = QDateTime::currentDateTimeUtc();
    m_directory = std::make_unique<QTemporaryDir>(QDir::temp().filePath(u"slipway-install-test-XXXXXX"_s));
    if (!m_directory->isValid()) {
        QTimer::singleShot(0, this, [this] { fail(u"Cannot create a temporary folder for the install test."_s, -1); });
        return;
    }
    if (m_options.timeLimit.count() > 0) {
        m_timer->start(m_options.timeLimit);
    }
    const QString venv = m_directory->filePath(u"venv"_s);
    const QString venvPython = QDir(venv).filePath(u"bin/python"_s);
    runStep(m_options.python, { u"-m"_s, u"venv"_s, venv }, [this, venv, venvPython] {
        QStringList pip { u"-m"_s, u"pip"_s, u"install"_s, u"--disable-pip-version-check"_s, u"--no-cache-dir"_s,
            u"--no-input"_s, u"--index-url"_s, Registry::urlText(m_options.indexUrl) };
        if (!m_options.extraIndexUrl.isEmpty()) {
            pip << u"--extra-index-url"_s << Registry::urlText(m_options.extraIndexUrl);
        }
        pip << m_record.requirement;
        runStep(venvPython, pip, [this, venv, venvPython] {
            if (m_options.smokeCommand.isEmpty()) {
                runStep(venvPython, { u"-I"_s, u"-c"_s, defaultSmokeProgram(), m_options.project },
                    [this] { finish(true, 0); });
            } else {
                runStep(u"/bin/sh"_s, { u"-c"_s, m_options.smokeCommand }, [this] { finish(true, 0); });
            }
        });
    });
}

void InstallTest::cancel()
{
    if (m_finished) {
        return;
    }
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
    }
    append(u"\nslipway: install test canceled.\n"_s);
    QTimer::singleShot(0, this, [this] { finish(false, -1); });
}

void InstallTest::runStep(const QString &program, const QStringList &arguments, std::function<void()> next)
{
    if (m_finished) {
        return;
    }
    append(u"$ %1 %2\n"_s.arg(program, arguments.join(u' ')));
    auto *process = new QProcess(this);
    m_process = process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QString venv = m_directory->filePath(u"venv"_s);
    environment.insert(u"VIRTUAL_ENV"_s, venv);
    environment.insert(u"PATH"_s, QDir(venv).filePath(u"bin"_s) + u':' + environment.value(u"PATH"_s));
    // The index URLs come from the journal: the user's pip settings (PIP_FIND_LINKS, PIP_INDEX_URL,
    // a configuration file) must not add other sources of the package.
    for (const QString &name : environment.keys()) {
        if (name.startsWith(u"PIP_"_s)) {
            environment.remove(name);
        }
    }
    environment.insert(u"PIP_NO_INPUT"_s, u"1"_s);
    environment.insert(u"PYTHONUTF8"_s, u"1"_s);
    environment.insert(u"PIP_CONFIG_FILE"_s, QProcess::nullDevice());
    environment.remove(u"PYTHONHOME"_s);
    environment.remove(u"PYTHONPATH"_s);
    process->setProcessEnvironment(environment);
    process->setWorkingDirectory(m_directory->path());
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->setStandardInputFile(QProcess::nullDevice());
    connect(process, &QProcess::readyReadStandardOutput, this, [this, process] {
        const QString text = QString::fromUtf8(process->readAllStandardOutput());
        append(text);
        for (const QString &line : text.split(u'\n', Qt::SkipEmptyParts)) {
            Q_EMIT outputLine(line);
        }
    });
    connect(
        process, &QProcess::finished, this, [this, process, program, next](int exitCode, QProcess::ExitStatus status) {
            process->deleteLater();
            const QString rest = QString::fromUtf8(process->readAllStandardOutput());
            append(rest);
            if (status != QProcess::NormalExit || exitCode != 0) {
                fail(u"%1 failed (exit code %2)."_s.arg(program).arg(status == QProcess::NormalExit ? exitCode : -1),
                    status == QProcess::NormalExit ? exitCode : -1);
                return;
            }
            next();
        });
    connect(process, &QProcess::errorOccurred, this, [this, process, program](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            process->deleteLater();
            fail(u"Cannot run %1: %2."_s.arg(program, process->errorString()), -1);
        }
    });
    process->start(program, arguments);
}

void InstallTest::fail(const QString &message, int exitCode)
{
    append(u"\nslipway: %1\n"_s.arg(message));
    finish(false, exitCode);
}

void InstallTest::finish(bool passed, int exitCode)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_timer->stop();
    m_record.passed = passed;
    m_record.exitCode = exitCode;
    Q_EMIT finished(m_record);
}

void InstallTest::append(const QString &text)
{
    m_record.output += text;
    if (m_record.output.size() > maxOutput) {
        m_record.output = u"[...]\n"_s + m_record.output.right(maxOutput);
    }
}

} // namespace Release
