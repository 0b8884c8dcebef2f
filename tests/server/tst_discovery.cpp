// DNS-SD/mDNS: nestboxd with TLS and discovery on announces `_nestbox._tcp` on its HTTPS port with
// the TXT records api, version, tls and fp through a real avahi-daemon (tests/services/avahi.sh: a
// private D-Bus system bus, multicast on lo only); avahi-browse, pointed at that bus, finds it.
// Name collisions, a daemon restart and a missing daemon are handled without failing the server.

#include "HttpClient.h"
#include "TestServer.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QFile>
#include <QHostInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

#ifndef NESTBOX_TEST_AVAHI_SCRIPT
#error "NESTBOX_TEST_AVAHI_SCRIPT must name tests/services/avahi.sh"
#endif

namespace {

// One resolved service as avahi-browse -rtp prints it.
struct Found {
    QString name;
    QString host;
    QString address;
    int port = 0;
    QStringList txt;
};

// avahi-browse -p escapes with \DDD (decimal) and \. / \\.
QString unescape(const QString &s)
{
    QByteArray out;
    const QByteArray in = s.toUtf8();
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] == '\\' && i + 3 < in.size() + 0 && std::isdigit(static_cast<unsigned char>(in[i + 1]))) {
            out += static_cast<char>(in.mid(i + 1, 3).toInt());
            i += 3;
        } else if (in[i] == '\\' && i + 1 < in.size()) {
            out += in[++i];
        } else {
            out += in[i];
        }
    }
    return QString::fromUtf8(out);
}

QStringList parseTxt(const QString &field)
{
    // "a=1" "b=2"
    QStringList items;
    qsizetype i = 0;
    while ((i = field.indexOf(QLatin1Char('"'), i)) >= 0) {
        const qsizetype end = field.indexOf(QLatin1Char('"'), i + 1);
        if (end < 0)
            break;
        items << field.mid(i + 1, end - i - 1);
        i = end + 1;
    }
    return items;
}

} // namespace

class TestDiscovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void announcedWithPortAndTxt();
    void nameCollisionGetsAlternative();
    void daemonRestartReannounces();
    void noDaemonDoesNotStopTheServer();
    void notAnnouncedWithoutTlsOrWhenDisabled();

private:
    QList<Found> browse();
    // Waits until `match` finds a service (or, with `absent`, until none matches).
    std::optional<Found> waitFor(const std::function<bool(const Found &)> &match, int timeoutMs = 20000);
    bool waitGone(const std::function<bool(const Found &)> &match, int timeoutMs = 20000);
    std::unique_ptr<TestServer> startServer(const QString &name, const QStringList &extra, int *tlsPort);
    QString fingerprintHex(int tlsPort);

    QString _envFile;
    QString _bus;
    QTemporaryDir _dir;
    int _count = 0;
};

void TestDiscovery::initTestCase()
{
    _envFile = qEnvironmentVariable("NESTBOX_TEST_AVAHI_ENV");
    QVERIFY2(!_envFile.isEmpty(), "NESTBOX_TEST_AVAHI_ENV is not set (ctest runs the avahi fixture)");
    QFile f(_envFile);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(_envFile + QStringLiteral(": no avahi env file; did avahi.start run?")));
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("DBUS_SYSTEM_BUS_ADDRESS="))
            _bus = QString::fromUtf8(line.mid(int(sizeof("DBUS_SYSTEM_BUS_ADDRESS=")) - 1)).trimmed();
    QVERIFY2(!_bus.isEmpty(), "the avahi env file names no bus");
    // nestboxd and avahi-browse started from here talk to the private bus
    qputenv("DBUS_SYSTEM_BUS_ADDRESS", _bus.toUtf8());
    QVERIFY(_dir.isValid());
}

QList<Found> TestDiscovery::browse()
{
    QProcess p;
    p.start(QStringLiteral("avahi-browse"), {QStringLiteral("-rtp"), QStringLiteral("_nestbox._tcp")});
    if (!p.waitForFinished(20000)) {
        p.kill();
        p.waitForFinished();
    }
    QList<Found> found;
    for (const QByteArray &raw : p.readAllStandardOutput().split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (!line.startsWith(QLatin1String("=;")))
            continue;
        const QStringList f = line.split(QLatin1Char(';'));
        if (f.size() < 10)
            continue;
        Found s;
        s.name = unescape(f.at(3));
        s.host = f.at(6);
        s.address = f.at(7);
        s.port = f.at(8).toInt();
        s.txt = parseTxt(f.mid(9).join(QLatin1Char(';')));
        found << s;
    }
    return found;
}

std::optional<Found> TestDiscovery::waitFor(const std::function<bool(const Found &)> &match, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    do {
        for (const Found &s : browse())
            if (match(s))
                return s;
        QThread::msleep(200);
    } while (!deadline.hasExpired());
    return std::nullopt;
}

bool TestDiscovery::waitGone(const std::function<bool(const Found &)> &match, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    do {
        bool any = false;
        for (const Found &s : browse())
            any |= match(s);
        if (!any)
            return true;
        QThread::msleep(200);
    } while (!deadline.hasExpired());
    return false;
}

std::unique_ptr<TestServer> TestDiscovery::startServer(const QString &name, const QStringList &extra, int *tlsPort)
{
    const QString portFile = _dir.filePath(QStringLiteral("tls-port-%1").arg(++_count));
    TestServer::Options options;
    options.defines << QStringLiteral("tls.enabled=true") << QStringLiteral("tls.host=127.0.0.1")
                    << QStringLiteral("tls.port=0") << QStringLiteral("tls.port_file=") + portFile
                    << QStringLiteral("server.name=") + name << extra;
    auto server = std::make_unique<TestServer>(options);
    if (!server->start()) {
        QTest::qFail(qPrintable(QStringLiteral("nestboxd did not start: ") + server->error()), __FILE__, __LINE__);
        return nullptr;
    }
    QFile f(portFile);
    *tlsPort = f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toInt() : 0;
    return server;
}

QString TestDiscovery::fingerprintHex(int tlsPort)
{
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), static_cast<quint16>(tlsPort));
    if (!socket.waitForEncrypted(10000))
        return {};
    return QString::fromLatin1(socket.peerCertificate().digest(QCryptographicHash::Sha256).toHex());
}

void TestDiscovery::announcedWithPortAndTxt()
{
    const QString name = QStringLiteral("Nestbox test %1").arg(QRandomGenerator::global()->bounded(1000000));
    int port = 0;
    auto server = startServer(name, {}, &port);
    QVERIFY(server);
    QVERIFY(port > 0);
    const auto found = waitFor([&](const Found &s) { return s.name == name; });
    QVERIFY2(found, qPrintable(server->logTail()));
    QCOMPARE(found->port, port);
    QCOMPARE(found->address, QStringLiteral("127.0.0.1"));
    QVERIFY2(found->txt.contains(QStringLiteral("api=1")), qPrintable(found->txt.join(QLatin1Char(' '))));
    QVERIFY(found->txt.contains(QStringLiteral("tls=1")));
    const QString fp = fingerprintHex(port);
    QCOMPARE(fp.size(), 64);
    QVERIFY2(found->txt.contains(QStringLiteral("fp=") + fp), qPrintable(found->txt.join(QLatin1Char(' '))));
    bool version = false;
    for (const QString &t : found->txt)
        version |= t.startsWith(QLatin1String("version=")) && t.size() > 8;
    QVERIFY(version);
    QVERIFY(server->logTail(100).contains(QStringLiteral("DNS-SD: announced \"%1\"").arg(name)));

    // stopping the server withdraws the announcement
    QVERIFY(server->stop());
    QVERIFY(waitGone([&](const Found &s) { return s.name == name; }));
}

void TestDiscovery::nameCollisionGetsAlternative()
{
    const QString name = QStringLiteral("Nestbox twin %1").arg(QRandomGenerator::global()->bounded(1000000));
    int port1 = 0, port2 = 0;
    auto first = startServer(name, {}, &port1);
    QVERIFY(first);
    QVERIFY(waitFor([&](const Found &s) { return s.name == name && s.port == port1; }));
    auto second = startServer(name, {}, &port2);
    QVERIFY(second);
    const auto twin = waitFor([&](const Found &s) { return s.port == port2; });
    QVERIFY2(twin, qPrintable(second->logTail()));
    QCOMPARE(twin->name, name + QStringLiteral(" #2"));
    // the first keeps its name, and both still serve
    QVERIFY(waitFor([&](const Found &s) { return s.name == name && s.port == port1; }));
    QVERIFY(second->isRunning());
    HttpClient http(second->baseUrl());
    QCOMPARE(http.send({"GET", "/healthz", {}, {}}).status, 200);
}

void TestDiscovery::daemonRestartReannounces()
{
    const QString name = QStringLiteral("Nestbox phoenix %1").arg(QRandomGenerator::global()->bounded(1000000));
    int port = 0;
    auto server = startServer(name, {}, &port);
    QVERIFY(server);
    QVERIFY(waitFor([&](const Found &s) { return s.name == name; }));

    QProcess restart;
    restart.setProcessChannelMode(QProcess::MergedChannels);
    restart.start(QStringLiteral(NESTBOX_TEST_AVAHI_SCRIPT), {QStringLiteral("restart-daemon"), _envFile});
    QVERIFY(restart.waitForFinished(60000));
    QVERIFY2(restart.exitCode() == 0, restart.readAll().constData());

    const auto back = waitFor([&](const Found &s) { return s.name == name && s.port == port; }, 30000);
    QVERIFY2(back, qPrintable(server->logTail()));
    QVERIFY(server->isRunning());
    const QString log = server->logTail(200);
    QVERIFY2(log.contains(QStringLiteral("lost the connection to Avahi")) || log.contains(QStringLiteral("the Avahi daemon is not running")),
             qPrintable(log));
    HttpClient http(server->baseUrl());
    QCOMPARE(http.send({"GET", "/healthz", {}, {}}).status, 200);
}

void TestDiscovery::noDaemonDoesNotStopTheServer()
{
    // a bus address where nothing listens: no D-Bus, no Avahi
    qputenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=" + _dir.filePath(QStringLiteral("no-bus")).toUtf8());
    int port = 0;
    auto server = startServer(QStringLiteral("Nestbox alone"), {}, &port);
    qputenv("DBUS_SYSTEM_BUS_ADDRESS", _bus.toUtf8());
    QVERIFY(server);
    QThread::msleep(500);
    QVERIFY(server->isRunning());
    HttpClient http(server->baseUrl());
    QCOMPARE(http.send({"GET", "/healthz", {}, {}}).status, 200);
    QVERIFY(!fingerprintHex(port).isEmpty()); // HTTPS still served
    QVERIFY2(server->logTail(100).contains(QStringLiteral("DNS-SD: cannot reach the system D-Bus")), qPrintable(server->logTail()));
    QVERIFY(server->stop()); // and it stops cleanly
}

void TestDiscovery::notAnnouncedWithoutTlsOrWhenDisabled()
{
    const QString off = QStringLiteral("Nestbox quiet %1").arg(QRandomGenerator::global()->bounded(1000000));
    int port = 0;
    auto disabled = startServer(off, {QStringLiteral("discovery.enabled=false")}, &port);
    QVERIFY(disabled);
    TestServer::Options plain;
    plain.defines << QStringLiteral("server.name=") + off + QStringLiteral(" plain");
    TestServer noTls(plain);
    QVERIFY2(noTls.start(), qPrintable(noTls.error()));
    // a control server that is announced, so "not found" below is not a slow browse
    const QString on = QStringLiteral("Nestbox loud %1").arg(QRandomGenerator::global()->bounded(1000000));
    int onPort = 0;
    auto control = startServer(on, {}, &onPort);
    QVERIFY(control);
    QVERIFY(waitFor([&](const Found &s) { return s.name == on; }));
    for (const Found &s : browse())
        QVERIFY2(!s.name.startsWith(off), qPrintable(s.name));
}

QTEST_GUILESS_MAIN(TestDiscovery)
#include "tst_discovery.moc"
