// SPDX-License-Identifier: GPL-3.0-or-later
// slipway-test-registry: the strict local registry as a process, for benchmarks and manual
// tests. Prints its base URL (http://127.0.0.1:PORT/) as the first line on stdout, then serves
// until killed.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <optional>

#include "tests/support/registryserver.h"

namespace {

using TestSupport::RegistryFault;

// "KIND[,key=value...]", e.g. "status,code=503,retry-after=2,times=3" or "drop-mid-body,after=1000".
std::optional<RegistryFault> parseFault(const QString &spec, QString *error)
{
    const QStringList items = spec.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (items.isEmpty()) {
        *error = QStringLiteral("empty fault");
        return std::nullopt;
    }
    const QString kind = items.first();
    RegistryFault fault;
    if (kind == QLatin1String("drop-mid-body")) {
        fault = RegistryFault::dropMidBody();
    } else if (kind == QLatin1String("drop-after-store")) {
        fault = RegistryFault::dropAfterStore();
    } else if (kind == QLatin1String("status")) {
        fault = RegistryFault::serverError();
    } else if (kind == QLatin1String("redirect")) {
        fault = RegistryFault::redirect(307, QStringLiteral("/mirror/legacy/"));
    } else if (kind == QLatin1String("delay")) {
        fault = RegistryFault::delay(1000);
    } else if (kind == QLatin1String("throttle")) {
        fault = RegistryFault::throttle(1024 * 1024);
    } else {
        *error = QStringLiteral("unknown fault kind '%1'").arg(kind);
        return std::nullopt;
    }
    for (qsizetype i = 1; i < items.size(); ++i) {
        const qsizetype equals = items[i].indexOf(QLatin1Char('='));
        const QString key = items[i].left(equals);
        const QString value = equals < 0 ? QString() : items[i].mid(equals + 1);
        bool ok = true;
        if (key == QLatin1String("times")) {
            fault.remaining = value == QLatin1String("always") ? -1 : value.toInt(&ok);
        } else if (key == QLatin1String("code")) {
            fault.httpStatus = value.toInt(&ok);
        } else if (key == QLatin1String("retry-after")) {
            fault.retryAfterSeconds = value.toInt(&ok);
        } else if (key == QLatin1String("location")) {
            fault.location = value;
        } else if (key == QLatin1String("ms")) {
            fault.delayMs = value.toInt(&ok);
        } else if (key == QLatin1String("bps")) {
            fault.bytesPerSecond = value.toLongLong(&ok);
        } else if (key == QLatin1String("after")) {
            fault.afterBodyBytes = value.toLongLong(&ok);
        } else if (key == QLatin1String("target")) {
            static const QHash<QString, RegistryFault::Target> targets{
                {QStringLiteral("upload"), RegistryFault::Target::Upload},
                {QStringLiteral("simple"), RegistryFault::Target::SimpleIndex},
                {QStringLiteral("json"), RegistryFault::Target::JsonApi},
                {QStringLiteral("files"), RegistryFault::Target::Files},
                {QStringLiteral("any"), RegistryFault::Target::Any},
            };
            ok = targets.contains(value);
            fault.target = targets.value(value);
        } else {
            ok = false;
        }
        if (!ok) {
            *error = QStringLiteral("bad fault parameter '%1'").arg(items[i]);
            return std::nullopt;
        }
    }
    return fault;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("slipway-test-registry"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A strict PyPI-compatible registry on 127.0.0.1 for tests and benchmarks. Prints its base URL first.\n"
        "Upload URL: <base>legacy/  Simple API: <base>simple/  JSON API: <base>pypi/<name>/json\n"
        "Tokens may also come from SLIPWAY_TEST_REGISTRY_TOKEN (kept out of the process list)."));
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Port (default: a free one)."),
                                        QStringLiteral("port"), QStringLiteral("0"));
    const QCommandLineOption tokenOption(QStringLiteral("token"), QStringLiteral("Accept __token__ with this token."),
                                         QStringLiteral("token"));
    const QCommandLineOption accountOption(QStringLiteral("account"),
                                           QStringLiteral("Accept USER:PASSWORD (GitLab and pypiserver flavours)."),
                                           QStringLiteral("user:password"));
    const QCommandLineOption flavorOption(QStringLiteral("flavor"),
                                          QStringLiteral("warehouse (default), gitlab or pypiserver."),
                                          QStringLiteral("flavor"), QStringLiteral("warehouse"));
    const QCommandLineOption maxFileSizeOption(QStringLiteral("max-file-size"),
                                               QStringLiteral("PyPI's per-file limit in bytes (0: none)."),
                                               QStringLiteral("bytes"), QStringLiteral("0"));
    const QCommandLineOption storageOption(QStringLiteral("storage"),
                                           QStringLiteral("Keep files in this directory (default: a temporary one)."),
                                           QStringLiteral("directory"));
    const QCommandLineOption lagOption(QStringLiteral("listing-lag"),
                                       QStringLiteral("New files appear in listings after this many reads."),
                                       QStringLiteral("requests"), QStringLiteral("0"));
    const QCommandLineOption htmlOnlyOption(QStringLiteral("html-only"),
                                            QStringLiteral("Serve the Simple API as HTML only (no PEP 691 JSON)."));
    const QCommandLineOption faultOption(
        QStringLiteral("fault"),
        QStringLiteral("Inject a fault: KIND[,key=value...]; KIND is drop-mid-body, drop-after-store, status, redirect, "
                       "delay or throttle; keys: target=upload|simple|json|files|any, times=N|always, code, "
                       "retry-after, location, ms, bps, after."),
        QStringLiteral("spec"));
    const QCommandLineOption workersOption(
        QStringLiteral("upload-workers"),
        QStringLiteral("Threads that parse, hash and store upload bodies (default 16: one per upload in flight; 1: one "
                       "body at a time)."),
        QStringLiteral("threads"), QStringLiteral("16"));
    parser.addOptions({portOption, tokenOption, accountOption, flavorOption, maxFileSizeOption, storageOption, lagOption,
                       htmlOnlyOption, faultOption, workersOption});
    parser.process(application);

    QTextStream err(stderr);
    TestSupport::RegistryServer server(nullptr, parser.value(storageOption));
    const QString flavor = parser.value(flavorOption);
    if (flavor == QLatin1String("gitlab")) {
        server.setFlavor(TestSupport::RegistryFlavor::GitLab);
    } else if (flavor == QLatin1String("pypiserver")) {
        server.setFlavor(TestSupport::RegistryFlavor::PypiServer);
    } else if (flavor != QLatin1String("warehouse")) {
        err << "slipway-test-registry: unknown flavor " << flavor << '\n';
        return 2;
    }
    for (const QString &token : parser.values(tokenOption)) {
        server.addToken(token);
    }
    const QString environmentToken = qEnvironmentVariable("SLIPWAY_TEST_REGISTRY_TOKEN");
    if (!environmentToken.isEmpty()) {
        server.addToken(environmentToken);
    }
    for (const QString &account : parser.values(accountOption)) {
        const qsizetype colon = account.indexOf(QLatin1Char(':'));
        if (colon <= 0) {
            err << "slipway-test-registry: --account needs USER:PASSWORD\n";
            return 2;
        }
        server.addAccount(account.left(colon), account.mid(colon + 1));
    }
    server.setMaxFileSize(parser.value(maxFileSizeOption).toLongLong());
    server.setUploadWorkers(parser.value(workersOption).toInt());
    server.setListingLag(parser.value(lagOption).toInt());
    server.setSimpleJsonEnabled(!parser.isSet(htmlOnlyOption));
    for (const QString &spec : parser.values(faultOption)) {
        QString error;
        const auto fault = parseFault(spec, &error);
        if (!fault) {
            err << "slipway-test-registry: " << error << '\n';
            return 2;
        }
        server.injectFault(*fault);
    }
    if (!server.listen(quint16(parser.value(portOption).toUInt()))) {
        err << "slipway-test-registry: cannot listen: " << server.errorString() << '\n';
        return 1;
    }
    std::fputs(qPrintable(server.baseUrl().toString() + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
    return QCoreApplication::exec();
}
