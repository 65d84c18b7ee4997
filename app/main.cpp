// SPDX-License-Identifier: GPL-3.0-or-later
// The composition root: decides between the window and a headless command, builds the
// services in dependency order and tears them down in reverse.
#include <QApplication>
#include <QCoreApplication>
#include <QEvent>
#include <QFileInfo>
#include <QGuiApplication>
#include <QIcon>
#include <QNetworkProxyFactory>
#include <QSettings>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <memory>

#include "app/cli/command.h"
#include "app/cli/commandregistry.h"
#include "core/index/proxyconfig.h"
#include "ui/mainwindow.h"
#include "ui/projectpages.h"
#include "ui/uisettings.h"
#include "ui/workflowpages.h"

namespace {

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Slipway"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("slipway.invalid"));
    QCoreApplication::setApplicationName(QStringLiteral("slipway"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SLIPWAY_VERSION));
    // Index queries and credential checks go through http_proxy/https_proxy/no_proxy as twine's
    // do; uploads apply the same rules themselves (UploadJob). Qt takes ownership.
    QNetworkProxyFactory::setApplicationProxyFactory(new Index::EnvironmentProxyFactory);
}

void printGeneralHelp(QTextStream &out)
{
    out << "Usage: slipway [PROJECT_DIR]           open the window (on a project)\n"
           "       slipway COMMAND [OPTIONS] ...   run headless, for scripts and CI\n"
           "       slipway --version | --help\n\n"
           "Commands:\n";
    for (const Cli::CommandEntry &entry : Cli::commandTable()) {
        out << "  " << entry.name.leftJustified(12) << ' ' << entry.summary << '\n';
    }
    out << "\nRun 'slipway COMMAND --help' for the options of one command.\n";
}

// bench/ui.py: with SLIPWAY_BENCH_EXIT_AFTER_PAINT set, the window says when it has first been
// painted and quits, so that cold start can be timed from outside.
class FirstPaintProbe final : public QObject
{
public:
    using QObject::QObject;

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_seen) {
            m_seen = true;
            // Quit after this paint (and the others of the same update) is done.
            QTimer::singleShot(0, this, [] {
                std::fputs("slipway: first paint\n", stdout);
                std::fflush(stdout);
                QCoreApplication::quit();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_seen = false;
};

bool isHeadlessInvocation(int argc, char *argv[])
{
    if (argc < 2) {
        return false;
    }
    // `slipway PATH` opens the window on a project; anything that is neither an option, a
    // command nor an existing path is a mistyped command and gets a usage error, not a window.
    const QString first = QString::fromLocal8Bit(argv[1]);
    return first.startsWith(u'-') || Cli::findCommand(first) != nullptr || !QFileInfo::exists(first);
}

int runHeadless(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    setApplicationIdentity();

    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList arguments = QCoreApplication::arguments().mid(1);
    const QString first = arguments.takeFirst();

    if (first == u"--version" || first == u"-V") {
        out << "slipway " << QCoreApplication::applicationVersion() << '\n';
        return Cli::ExitCode::Success;
    }
    if (first == u"--help" || first == u"-h") {
        printGeneralHelp(out);
        return Cli::ExitCode::Success;
    }
    const Cli::CommandEntry *entry = Cli::findCommand(first);
    if (entry == nullptr) {
        err << "slipway: '" << first << "' is neither a command nor an existing project folder\n\n";
        printGeneralHelp(err);
        return Cli::ExitCode::UsageError;
    }

    std::unique_ptr<Cli::Command> command = entry->create(Cli::Console{out, err});
    int exitCode = Cli::ExitCode::Failure;
    QObject::connect(command.get(), &Cli::Command::finished, &app, [&exitCode, &out, &err](int code) {
        exitCode = code;
        out.flush();
        err.flush();
        QCoreApplication::exit(code);
    });
    // Start from the event loop so that a command finishing synchronously still exits cleanly.
    QTimer::singleShot(0, command.get(), [&command, arguments] { command->start(arguments); });
    app.exec();
    out.flush();
    err.flush();
    return exitCode;
}

int runWindow(int argc, char *argv[])
{
    QApplication app(argc, argv);
    setApplicationIdentity();
    // Lets Wayland compositors match the window to the installed desktop entry, and shows the
    // installed hicolor icon (packaging/ installs both; a build-tree run has no icon).
    QGuiApplication::setDesktopFileName(QStringLiteral("org.slipway.Slipway"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("org.slipway.Slipway")));

    QSettings settings;
    UiSettings uiSettings(settings);
    MainWindow window(uiSettings);
    addProjectPages(window);
    addWorkflowPages(window);
    const QStringList arguments = QCoreApplication::arguments();
    window.openProject(arguments.size() > 1 ? arguments.at(1) : uiSettings.lastProject());
    window.show();
    if (qEnvironmentVariableIsSet("SLIPWAY_BENCH_EXIT_AFTER_PAINT")) {
        app.installEventFilter(new FirstPaintProbe(&app));
    }
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    return isHeadlessInvocation(argc, argv) ? runHeadless(argc, argv) : runWindow(argc, argv);
}
