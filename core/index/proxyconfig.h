// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QString>
#include <QUrl>

#include <expected>

#include "core/index/indextypes.h"

namespace Index {

/// The proxy variables of an environment, as curl, requests (so twine) and pip read them.
struct ProxyEnvironment {
    QString httpProxy;   ///< http_proxy, else HTTP_PROXY
    QString httpsProxy;  ///< https_proxy, else HTTPS_PROXY
    QString allProxy;    ///< all_proxy, else ALL_PROXY: for either scheme when its own is unset
    QString noProxy;     ///< no_proxy, else NO_PROXY

    /// This process's environment.
    [[nodiscard]] static ProxyEnvironment fromSystem();
    [[nodiscard]] bool isEmpty() const;
};

/**
 * The proxy a request to `url` goes through: the scheme's variable, else all_proxy.
 * QNetworkProxy::NoProxy when none is set, when no_proxy covers the host (`*`, a domain and its
 * subdomains with or without a leading dot, `host:port`, an IP address or a CIDR range), and
 * for loopback hosts, which no proxy can reach (as Go's net/http does; curl and requests would
 * send them to the proxy and fail).
 * A proxy is `[http://]host[:port]` (port 80 by default) or `socks5://` / `socks5h://`
 * (port 1080), with an optional `user:password@`. An https:// proxy (TLS to the proxy itself)
 * is refused with an error that names the variable, as is a value without a host.
 */
[[nodiscard]] std::expected<QNetworkProxy, IndexError> proxyFor(const QUrl &url, const ProxyEnvironment &environment);

/**
 * Applies proxyFor() to every QNetworkAccessManager request (install it with
 * QNetworkProxyFactory::setApplicationProxyFactory). A setting that proxyFor() refuses means
 * no proxy for that request, with one warning; uploads refuse it outright (UploadJob).
 * Thread-safe: it reads its own copy of the environment.
 */
class EnvironmentProxyFactory final : public QNetworkProxyFactory
{
public:
    explicit EnvironmentProxyFactory(ProxyEnvironment environment = ProxyEnvironment::fromSystem());

    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override;

private:
    ProxyEnvironment m_environment;
};

} // namespace Index
