// SPDX-License-Identifier: GPL-3.0-or-later
// Which proxy a registry request goes through, from http_proxy, https_proxy, all_proxy and
// no_proxy, read as curl and requests (twine) read them.
#include <QNetworkProxyQuery>
#include <QTest>

#include "core/index/proxyconfig.h"

using namespace Qt::StringLiterals;
using Index::ProxyEnvironment;

class TestProxyConfig final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void proxyFor_data();
    void proxyFor();
    void refusedSettings_data();
    void refusedSettings();
    void factoryAnswersUrlRequestsOnly();
};

void TestProxyConfig::proxyFor_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("httpProxy");
    QTest::addColumn<QString>("httpsProxy");
    QTest::addColumn<QString>("allProxy");
    QTest::addColumn<QString>("noProxy");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");

    const QString pypi = u"https://upload.pypi.org/legacy/"_s;
    const int none = int(QNetworkProxy::NoProxy);
    const int http = int(QNetworkProxy::HttpProxy);
    const int socks = int(QNetworkProxy::Socks5Proxy);
    QTest::addRow("nothing set") << pypi << u""_s << u""_s << u""_s << u""_s << none << u""_s << 0 << u""_s << u""_s;
    QTest::addRow("https_proxy") << pypi << u""_s << u"http://proxy.corp:3128"_s << u""_s << u""_s << http
                                 << u"proxy.corp"_s << 3128 << u""_s << u""_s;
    QTest::addRow("without a scheme") << pypi << u""_s << u"proxy.corp:8080"_s << u""_s << u""_s << http
                                      << u"proxy.corp"_s << 8080 << u""_s << u""_s;
    QTest::addRow("default port 80") << pypi << u""_s << u"http://proxy.corp"_s << u""_s << u""_s << http
                                     << u"proxy.corp"_s << 80 << u""_s << u""_s;
    QTest::addRow("credentials, percent-encoded")
        << pypi << u""_s << u"http://me:p%40ss%3Aword@proxy.corp:3128/"_s << u""_s << u""_s << http << u"proxy.corp"_s
        << 3128 << u"me"_s << u"p@ss:word"_s;
    QTest::addRow("http_proxy is not for https") << pypi << u"http://plain.corp:3128"_s << u""_s << u""_s << u""_s
                                                 << none << u""_s << 0 << u""_s << u""_s;
    QTest::addRow("http_proxy for http") << u"http://intranet.corp/legacy/"_s << u"http://plain.corp:3128"_s
                                         << u"http://secure.corp:3128"_s << u""_s << u""_s << http << u"plain.corp"_s
                                         << 3128 << u""_s << u""_s;
    QTest::addRow("all_proxy when the scheme's is unset")
        << pypi << u""_s << u""_s << u"socks5://gate.corp"_s << u""_s << socks << u"gate.corp"_s << 1080 << u""_s
        << u""_s;
    QTest::addRow("the scheme's before all_proxy") << pypi << u""_s << u"http://secure.corp:3128"_s
                                                   << u"socks5h://gate.corp:1081"_s << u""_s << http
                                                   << u"secure.corp"_s << 3128 << u""_s << u""_s;
    QTest::addRow("socks5h") << pypi << u""_s << u"socks5h://gate.corp:9050"_s << u""_s << u""_s << socks
                             << u"gate.corp"_s << 9050 << u""_s << u""_s;
    QTest::addRow("loopback is never proxied") << u"https://127.0.0.1:8443/legacy/"_s << u""_s
                                               << u"http://proxy.corp:3128"_s << u""_s << u""_s << none << u""_s << 0
                                               << u""_s << u""_s;
    QTest::addRow("localhost is never proxied") << u"https://localhost:8443/legacy/"_s << u""_s
                                                << u"http://proxy.corp:3128"_s << u""_s << u""_s << none << u""_s << 0
                                                << u""_s << u""_s;
    QTest::addRow("::1 is never proxied") << u"https://[::1]:8443/legacy/"_s << u""_s << u"http://proxy.corp:3128"_s
                                          << u""_s << u""_s << none << u""_s << 0 << u""_s << u""_s;

    // no_proxy
    const QString proxy = u"http://proxy.corp:3128"_s;
    auto bypass = [&](const char *name, const QString &url, const QString &noProxy, bool bypassed) {
        QTest::addRow("no_proxy %s", name) << url << u""_s << proxy << u""_s << noProxy << (bypassed ? none : http)
                                           << (bypassed ? u""_s : u"proxy.corp"_s) << (bypassed ? 0 : 3128) << u""_s
                                           << u""_s;
    };
    bypass("star", pypi, u"*"_s, true);
    bypass("exact host", pypi, u"upload.pypi.org"_s, true);
    bypass("domain", pypi, u"pypi.org"_s, true);
    bypass("leading dot", pypi, u".pypi.org"_s, true);
    bypass("star dot", pypi, u"*.pypi.org"_s, true);
    bypass("case", pypi, u"PyPI.Org"_s, true);
    bypass("list with blanks", pypi, u"example.org, pypi.org"_s, true);
    bypass("a suffix that is not a domain", pypi, u"i.org"_s, false);
    bypass("another domain", pypi, u"example.org,test.pypi.org"_s, false);
    bypass("host:port, same port", pypi, u"upload.pypi.org:443"_s, true);
    bypass("host:port, other port", pypi, u"upload.pypi.org:8443"_s, false);
    bypass("IP address", u"https://10.1.2.3/legacy/"_s, u"10.1.2.3"_s, true);
    bypass("CIDR range", u"https://10.1.2.3/legacy/"_s, u"10.0.0.0/8"_s, true);
    bypass("CIDR range, outside", u"https://11.1.2.3/legacy/"_s, u"10.0.0.0/8"_s, false);
    bypass("a name is no suffix of an address", u"https://10.1.2.3/legacy/"_s, u"2.3"_s, false);
    bypass("IPv6 address", u"https://[2001:db8::5]/legacy/"_s, u"[2001:db8::5]"_s, true);
    bypass("IPv6 range", u"https://[2001:db8::5]/legacy/"_s, u"2001:db8::/32"_s, true);
    bypass("empty entries", pypi, u",, ,"_s, false);
}

void TestProxyConfig::proxyFor()
{
    QFETCH(QString, url);
    QFETCH(QString, httpProxy);
    QFETCH(QString, httpsProxy);
    QFETCH(QString, allProxy);
    QFETCH(QString, noProxy);
    QFETCH(int, type);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, user);
    QFETCH(QString, password);

    const auto proxy = Index::proxyFor(QUrl(url), ProxyEnvironment{httpProxy, httpsProxy, allProxy, noProxy});
    QVERIFY2(proxy, qPrintable(proxy ? QString() : proxy.error().message));
    QCOMPARE(int(proxy->type()), type);
    if (type != int(QNetworkProxy::NoProxy)) {
        QCOMPARE(proxy->hostName(), host);
        QCOMPARE(int(proxy->port()), port);
        QCOMPARE(proxy->user(), user);
        QCOMPARE(proxy->password(), password);
    }
}

void TestProxyConfig::refusedSettings_data()
{
    QTest::addColumn<QString>("httpsProxy");
    QTest::addColumn<QString>("allProxy");
    QTest::addColumn<QString>("expected");

    QTest::addRow("TLS to the proxy") << u"https://me:secret@proxy.corp:3128"_s << u""_s << u"https_proxy"_s;
    QTest::addRow("unknown scheme") << u"ftp://proxy.corp"_s << u""_s << u"ftp://"_s;
    QTest::addRow("no host") << u"http://:3128"_s << u""_s << u"no"_s;
    QTest::addRow("all_proxy named") << u""_s << u"socks4://gate.corp"_s << u"all_proxy"_s;
}

void TestProxyConfig::refusedSettings()
{
    QFETCH(QString, httpsProxy);
    QFETCH(QString, allProxy);
    QFETCH(QString, expected);

    const auto proxy = Index::proxyFor(QUrl(u"https://upload.pypi.org/legacy/"_s),
                                       ProxyEnvironment{{}, httpsProxy, allProxy, {}});
    QVERIFY(!proxy);
    QCOMPARE(proxy.error().code, Index::IndexError::Code::InvalidRequest);
    QVERIFY2(proxy.error().message.contains(expected), qPrintable(proxy.error().message));
    // The setting may carry a password; the message must not.
    QVERIFY2(!proxy.error().message.contains(u"secret"_s), qPrintable(proxy.error().message));
}

void TestProxyConfig::factoryAnswersUrlRequestsOnly()
{
    Index::EnvironmentProxyFactory factory(ProxyEnvironment{{}, u"http://proxy.corp:3128"_s, {}, u"example.org"_s});
    const auto proxied = factory.queryProxy(QNetworkProxyQuery(QUrl(u"https://pypi.org/simple/demo/"_s)));
    QCOMPARE(proxied.size(), 1);
    QCOMPARE(proxied.first().type(), QNetworkProxy::HttpProxy);
    QCOMPARE(proxied.first().hostName(), u"proxy.corp"_s);
    const auto bypassed = factory.queryProxy(QNetworkProxyQuery(QUrl(u"https://files.example.org/simple/"_s)));
    QCOMPARE(bypassed.first().type(), QNetworkProxy::NoProxy);
    // A raw socket query has no scheme to choose a variable by: sockets set their proxy themselves.
    const auto socket = factory.queryProxy(QNetworkProxyQuery(u"pypi.org"_s, 443));
    QCOMPARE(socket.first().type(), QNetworkProxy::NoProxy);
    // A setting proxyFor() refuses: no proxy (and one warning).
    Index::EnvironmentProxyFactory broken(ProxyEnvironment{{}, u"https://proxy.corp"_s, {}, {}});
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"https_proxy"_s));
    QCOMPARE(broken.queryProxy(QNetworkProxyQuery(QUrl(u"https://pypi.org/simple/"_s))).first().type(),
             QNetworkProxy::NoProxy);
}

QTEST_GUILESS_MAIN(TestProxyConfig)
#include "testproxyconfig.moc"
