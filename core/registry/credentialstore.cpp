// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/credentialstore.h"

#include <algorithm>

#include <QTimer>

#include <qt6keychain/keychain.h>

namespace Registry {

namespace {

using namespace Qt::StringLiterals;

QString howToGetAKeychain()
{
#if defined(Q_OS_MACOS)
    return u"Slipway keeps secrets only in the macOS Keychain, never in a file. Unlock the login keychain "
           u"(Keychain Access) and try again. On CI, set TWINE_USERNAME and TWINE_PASSWORD instead."_s;
#elif defined(Q_OS_WIN)
    return u"Slipway keeps secrets only in the Windows Credential Manager, never in a file. On CI, set "
           u"TWINE_USERNAME and TWINE_PASSWORD instead."_s;
#else
    return u"Slipway keeps secrets only in the operating system's keychain, never in a file. On Linux that is "
           u"a Secret Service on the D-Bus session bus: start one in your session (gnome-keyring-daemon, KeePassXC "
           u"with its Secret Service integration, or KWallet); on a machine without a desktop, run Slipway under "
           u"`dbus-run-session` with `gnome-keyring-daemon --unlock` (docs/registries.md shows how). On CI, set "
           u"TWINE_USERNAME and TWINE_PASSWORD in the environment instead."_s;
#endif
}

// QtKeychain reports most Secret Service failures as OtherError with the backend's text;
// these fragments (GDBus, libsecret, QtDBus) mean that no keychain could be reached at all.
bool meansNoKeychain(const QString &detail)
{
    static const QLatin1StringView fragments[] = {
        "org.freedesktop.secrets"_L1, "ServiceUnknown"_L1,        "not provided by any .service"_L1,
        "Could not connect"_L1,       "Cannot autolaunch"_L1,     "Cannot spawn a message bus"_L1,
        "D-Bus is not running"_L1,    "No keychain service"_L1,   "Unknown error"_L1,
        "No such file or directory"_L1, "Connection refused"_L1,  "DBUS_SESSION_BUS_ADDRESS"_L1,
        "The connection is closed"_L1,
    };
    return std::ranges::any_of(fragments, [&](QLatin1StringView fragment) {
        return detail.contains(fragment, Qt::CaseInsensitive);
    });
}

// A locked keyring, a dismissed or impossible unlock prompt, or (gnome-keyring without a
// display) a default collection that was never created because its prompt could not show.
bool meansLocked(const QString &detail)
{
    return detail.contains(u"locked"_s, Qt::CaseInsensitive) || detail.contains(u"dismissed"_s, Qt::CaseInsensitive)
           || detail.contains(u"cancel"_s, Qt::CaseInsensitive) || detail.contains(u"prompt"_s, Qt::CaseInsensitive)
           || (detail.contains(u"/collection/"_s) && detail.contains(u"does not exist"_s));
}

QString describe(const Registry &registry)
{
    return registry.username.isEmpty() ? u"registry %1"_s.arg(registry.name)
                                       : u"registry %1 (user %2)"_s.arg(registry.name, registry.username);
}

CredentialError timedOut(std::chrono::milliseconds timeout)
{
    const auto seconds = std::max<qint64>(1, (timeout.count() + 999) / 1000);
    return {CredentialError::Code::TimedOut,
            u"The keychain did not answer within %1 second%2: is it locked and waiting for an unlock prompt nobody "
            u"can see, or is no Secret Service running? Unlock it and try again, or set SLIPWAY_KEYCHAIN_TIMEOUT "
            u"(seconds) to wait longer. %3"_s.arg(seconds)
                .arg(seconds == 1 ? QString() : u"s"_s)
                .arg(howToGetAKeychain())};
}

CredentialError locked(const Registry &registry, const QString &reason)
{
    return {CredentialError::Code::Locked,
            u"The keychain refused access to the secret of %1%2: it is locked, or its unlock prompt was cancelled "
            u"or could not be shown (no display). Unlock it and try again; on a machine without a desktop, start "
            u"the keyring with `gnome-keyring-daemon --unlock` (docs/registries.md shows how), or use "
            u"TWINE_USERNAME and TWINE_PASSWORD."_s.arg(describe(registry), reason)};
}

CredentialError mapError(QKeychain::Error code, const QString &detail, const Registry &registry)
{
    const QString reason = detail.isEmpty() ? QString() : u" (%1)"_s.arg(detail.left(300));
    switch (code) {
    case QKeychain::EntryNotFound:
        return {CredentialError::Code::NotFound,
                u"The keychain holds no secret for %1. Store one with `slipway registry login %2`."_s.arg(
                    describe(registry), registry.name)};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return locked(registry, reason);
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return {CredentialError::Code::NoKeychain,
                u"No keychain is available%1. %2"_s.arg(reason, howToGetAKeychain())};
    case QKeychain::NoError:
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    if (detail.contains(u"Timeout was reached"_s)) {
        // GDBus's own 25-second limit on a call the Secret Service never answered.
        return timedOut(std::chrono::seconds(25));
    }
    if (meansNoKeychain(detail)) {
        return {CredentialError::Code::NoKeychain, u"No keychain is available%1. %2"_s.arg(reason, howToGetAKeychain())};
    }
    if (meansLocked(detail)) {
        return locked(registry, reason);
    }
    return {CredentialError::Code::Other,
            u"The keychain failed on the secret of %1%2."_s.arg(describe(registry),
                                                                reason.isEmpty() ? u" (no reason given)"_s : reason)};
}

/*
 * Runs a QtKeychain job under a time limit. The guard object is a child of the caller's
 * context, so a destroyed context silently drops the result. The job itself is never
 * deleted early: its backend callbacks hold raw pointers to it, so a timed-out job is left to
 * finish (and delete itself) whenever the backend answers.
 */
void run(QKeychain::Job *job, QObject *context, std::chrono::milliseconds timeout,
         std::function<void(QKeychain::Job *)> onFinished, std::function<void()> onTimeout)
{
    auto *guard = new QObject(context);
    auto *timer = new QTimer(guard);
    timer->setSingleShot(true);
    QObject::connect(job, &QKeychain::Job::finished, guard, [guard, timer, onFinished](QKeychain::Job *finished) {
        timer->stop();
        QObject::disconnect(finished, nullptr, guard, nullptr);
        guard->deleteLater();
        onFinished(finished);
    });
    QObject::connect(timer, &QTimer::timeout, guard, [guard, job, onTimeout] {
        QObject::disconnect(job, nullptr, guard, nullptr);
        guard->deleteLater();
        onTimeout();
    });
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    timer->start(timeout);
    job->start();
}

} // namespace

CredentialStore::CredentialStore(QObject *parent, const QString &service)
    : QObject(parent)
    , m_service(service)
{
}

std::chrono::milliseconds CredentialStore::timeoutFromEnvironment(const QProcessEnvironment &environment)
{
    bool ok = false;
    const int seconds = environment.value(u"SLIPWAY_KEYCHAIN_TIMEOUT"_s).trimmed().toInt(&ok);
    if (ok && seconds >= 1 && seconds <= 3600) {
        return std::chrono::seconds(seconds);
    }
    return defaultTimeout;
}

void CredentialStore::readSecret(const Registry &registry, QObject *context, SecretCallback callback)
{
    Q_ASSERT(context != nullptr);
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(credentialKey(registry));
    const auto limit = m_timeout;
    run(
        job, context, limit,
        [registry, callback](QKeychain::Job *finished) {
            if (finished->error() != QKeychain::NoError) {
                callback(std::unexpected(mapError(finished->error(), finished->errorString(), registry)));
                return;
            }
            const QString secret = static_cast<QKeychain::ReadPasswordJob *>(finished)->textData();
            if (secret.isEmpty()) {
                callback(std::unexpected(mapError(QKeychain::EntryNotFound, {}, registry)));
                return;
            }
            callback(secret);
        },
        [limit, callback] { callback(std::unexpected(timedOut(limit))); });
}

void CredentialStore::writeSecret(const Registry &registry, const QString &secret, QObject *context,
                                  DoneCallback callback)
{
    Q_ASSERT(context != nullptr);
    if (auto valid = validateSecret(secret); !valid) {
        QTimer::singleShot(0, context, [callback, valid] { callback(std::unexpected(valid.error())); });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(credentialKey(registry));
    job->setTextData(secret);
    const auto limit = m_timeout;
    run(
        job, context, limit,
        [registry, callback](QKeychain::Job *finished) {
            if (finished->error() != QKeychain::NoError) {
                callback(std::unexpected(mapError(finished->error(), finished->errorString(), registry)));
                return;
            }
            callback({});
        },
        [limit, callback] { callback(std::unexpected(timedOut(limit))); });
}

void CredentialStore::removeSecret(const Registry &registry, QObject *context, DoneCallback callback)
{
    Q_ASSERT(context != nullptr);
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(credentialKey(registry));
    const auto limit = m_timeout;
    run(
        job, context, limit,
        [registry, callback](QKeychain::Job *finished) {
            if (finished->error() != QKeychain::NoError && finished->error() != QKeychain::EntryNotFound) {
                callback(std::unexpected(mapError(finished->error(), finished->errorString(), registry)));
                return;
            }
            callback({});
        },
        [limit, callback] { callback(std::unexpected(timedOut(limit))); });
}

void CredentialStore::resolve(const Registry &registry, const QProcessEnvironment &environment, QObject *context,
                              CredentialCallback callback)
{
    Q_ASSERT(context != nullptr);
    auto fromEnvironment = resolveCredential(registry, environment);
    if (!fromEnvironment || fromEnvironment->has_value()) {
        // Still asynchronous, as promised, so callers can rely on one code path.
        QTimer::singleShot(0, context, [callback, fromEnvironment] {
            if (!fromEnvironment) {
                callback(std::unexpected(fromEnvironment.error()));
            } else {
                callback(**fromEnvironment);
            }
        });
        return;
    }
    readSecret(registry, context, [registry, callback](std::expected<QString, CredentialError> secret) {
        if (!secret) {
            callback(std::unexpected(secret.error()));
            return;
        }
        callback(Credential{registry.username, *secret, Credential::Source::Keychain});
    });
}

} // namespace Registry
