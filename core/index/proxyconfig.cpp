// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/index/proxyconfig.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QNetworkProxyQuery>
#include <QRegularExpression>
#include <QStringList>

#include <atomic>

#include "core/util/loopback.h"

using namespace Qt::StringLiterals;

namespace Index {

namespace {

Q_LOGGING_CATEGORY(lcProxy, "slipway.network.proxy")

QString variable(const char *lower, const char *upper)
{
    const QString value = qEnvironmentVariable(lower).trimmed();
    return value.isEmpty() ? qEnvironmentVariable(upper).trimmed() : value;
}

// One no_proxy entry against a host (lower case, IPv6 without brackets) and port.
bool entryCovers(QString entry, const QString &host, int port)
{
    if (entry == u"*"_s) {
        return true;
    }
    // An IP address or a CIDR range.
    const QHostAddress hostAddress(host);
    if (!hostAddress.isNull()) {
        if (entry.startsWith(u'[') && entry.endsWith(u']')) {
            entry = entry.mid(1, entry.size() - 2);
        }
        if (entry.contains(u'/')) {
            const auto subnet = QHostAddress::parseSubnet(entry);
            return subnet.second >= 0 && hostAddress.isInSubnet(subnet);
        }
        const QHostAddress entryAddress(entry);
        if (!entryAddress.isNull()) {
            return entryAddress.isEqual(hostAddress, QHostAddress::TolerantConversion);
        }
        // A name never covers an address by suffix ("2.3" is not a domain of 10.1.2.3).
        const qsizetype colon = entry.lastIndexOf(u':');
        return entry.left(colon > 0 && entry.count(u':') == 1 ? colon : entry.size()) == host;
    }
    // host:port applies to that port only.
    const qsizetype colon = entry.lastIndexOf(u':');
    if (colon > 0 && !entry.contains(u']') && entry.count(u':') == 1) {
        bool ok = false;
        const int entryPort = entry.mid(colon + 1).toInt(&ok);
        if (!ok || entryPort != port) {
            return false;
        }
        entry.truncate(colon);
    }
    if (entry.startsWith(u"*."_s)) {
        entry.remove(0, 2);
    } else if (entry.startsWith(u'.')) {
        entry.remove(0, 1);
    }
    return !entry.isEmpty() && (host == entry || host.endsWith(u'.' + entry));
}

bool bypassed(const QUrl &url, const QString &noProxy)
{
    const QString host = url.host().toLower();
    const int port = url.port(url.scheme() == u"https"_s ? 443 : 80);
    static const QRegularExpression separators(u"[,\\s]+"_s);
    for (const QString &entry : noProxy.toLower().split(separators, Qt::SkipEmptyParts)) {
        if (entryCovers(entry, host, port)) {
            return true;
        }
    }
    return false;
}

IndexError invalidProxy(const QString &message)
{
    IndexError error;
    error.code = IndexError::Code::InvalidRequest;
    error.message = message;
    return error;
}

} // namespace

ProxyEnvironment ProxyEnvironment::fromSystem()
{
    return {variable("http_proxy", "HTTP_PROXY"), variable("https_proxy", "HTTPS_PROXY"),
            variable("all_proxy", "ALL_PROXY"), variable("no_proxy", "NO_PROXY")};
}

bool ProxyEnvironment::isEmpty() const
{
    return httpProxy.isEmpty() && httpsProxy.isEmpty() && allProxy.isEmpty();
}

std::expected<QNetworkProxy, IndexError> proxyFor(const QUrl &url, const ProxyEnvironment &environment)
{
    const bool secure = url.scheme() == u"https"_s;
    QString setting = secure ? environment.httpsProxy : environment.httpProxy;
    QString name = secure ? u"https_proxy"_s : u"http_proxy"_s;
    if (setting.isEmpty()) {
        setting = environment.allProxy;
        name = u"all_proxy"_s;
    }
    if (setting.isEmpty() || Util::isLoopbackHost(url.host()) || bypassed(url, environment.noProxy)) {
        return QNetworkProxy(QNetworkProxy::NoProxy);
    }
    const QUrl proxyUrl = QUrl(setting.contains(u"://"_s) ? setting : u"http://"_s + setting, QUrl::StrictMode);
    const QString scheme = proxyUrl.scheme().toLower();
    // The setting may carry a password: messages name the variable and the host only.
    if (!proxyUrl.isValid() || proxyUrl.host().isEmpty()) {
        return std::unexpected(invalidProxy(
            u"The proxy in %1 is not a URL with a host; set it like http://proxy.example.org:3128 or unset it."_s.arg(
                name)));
    }
    QNetworkProxy proxy;
    if (scheme == u"http"_s) {
        proxy.setType(QNetworkProxy::HttpProxy);
        proxy.setPort(quint16(proxyUrl.port(80)));
    } else if (scheme == u"socks5"_s || scheme == u"socks5h"_s) {
        proxy.setType(QNetworkProxy::Socks5Proxy);
        proxy.setPort(quint16(proxyUrl.port(1080)));
    } else {
        return std::unexpected(invalidProxy(
            u"The proxy in %1 (%2) uses %3://, which Slipway cannot speak to a proxy; use an http:// or socks5:// "
            u"proxy."_s.arg(name, proxyUrl.host(), scheme)));
    }
    proxy.setHostName(proxyUrl.host());
    proxy.setUser(proxyUrl.userName(QUrl::FullyDecoded));
    proxy.setPassword(proxyUrl.password(QUrl::FullyDecoded));
    return proxy;
}

EnvironmentProxyFactory::EnvironmentProxyFactory(ProxyEnvironment environment)
    : m_environment(std::move(environment))
{
}

QList<QNetworkProxy> EnvironmentProxyFactory::queryProxy(const QNetworkProxyQuery &query)
{
    if (m_environment.isEmpty() || query.queryType() != QNetworkProxyQuery::UrlRequest) {
        return {QNetworkProxy(QNetworkProxy::NoProxy)};
    }
    const auto proxy = proxyFor(query.url(), m_environment);
    if (!proxy) {
        static std::atomic<bool> warned{false};
        if (!warned.exchange(true)) {
            qCWarning(lcProxy, "%s Connecting directly.", qPrintable(proxy.error().message));
        }
        return {QNetworkProxy(QNetworkProxy::NoProxy)};
    }
    return {*proxy};
}

} // namespace Index
