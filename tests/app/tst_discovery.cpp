// DiscoveryModel (under QAbstractItemModelTester) with real D-Bus daemons: no bus at all and a bus
// without avahi-daemon give an empty model and a status saying why; with the private avahi-daemon
// of the avahi test fixture, a real nestboxd serving TLS with discovery on appears with its TLS
// port and certificate fingerprint, and its row goes away when it stops.

#include "AppTestUtil.h"
#include "FixtureEnv.h"
#include "TestServer.h"

#include "DiscoveryModel.h"
#include "ServerTrustStore.h"

#include <QAbstractItemModelTester>
#include <QDBusConnection>
#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace nestbox;

namespace {
constexpr int kWaitMs = 30000;
} // namespace

class TestDiscovery : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void noBus();
    void busWithoutAvahi();
    void findsServerAndSeesItGo();

private:
    QTemporaryDir _dir;
};

void TestDiscovery::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(_dir.isValid());
}

void TestDiscovery::noBus()
{
    DiscoveryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBus(QDBusConnection::connectToBus(QStringLiteral("unix:path=") + _dir.filePath(QStringLiteral("no-bus")),
                                               QStringLiteral("nestbox-test-nobus")));
    QSignalSpy status(&model, &DiscoveryModel::statusChanged);
    model.start();
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.isBrowsing());
    QCOMPARE(status.size(), 1);
    QVERIFY2(model.statusText().contains(QStringLiteral("message bus")), qPrintable(model.statusText()));
}

void TestDiscovery::busWithoutAvahi()
{
    const QString dbusDaemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
    if (dbusDaemon.isEmpty())
        QSKIP("dbus-daemon is not installed");
    const QString socket = _dir.filePath(QStringLiteral("bus"));
    QProcess daemon;
    daemon.start(dbusDaemon, {QStringLiteral("--session"), QStringLiteral("--nofork"), QStringLiteral("--nopidfile"),
                              QStringLiteral("--address=unix:path=") + socket});
    QVERIFY(daemon.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(socket), 10000);
    {
        QDBusConnection bus = QDBusConnection::connectToBus(QStringLiteral("unix:path=") + socket,
                                                            QStringLiteral("nestbox-test-noavahi"));
        QVERIFY2(bus.isConnected(), qPrintable(bus.lastError().message()));
        DiscoveryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setBus(bus);
        model.start();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.isBrowsing());
        QVERIFY2(model.statusText().contains(QStringLiteral("avahi-daemon")), qPrintable(model.statusText()));
    }
    QDBusConnection::disconnectFromBus(QStringLiteral("nestbox-test-noavahi"));
    daemon.terminate();
    QVERIFY(daemon.waitForFinished(10000));
}

void TestDiscovery::findsServerAndSeesItGo()
{
    const QString address = FixtureEnv::avahiSystemBus();
    if (address.isEmpty())
        QSKIP("no private avahi-daemon: run through CTest (the avahi fixture, tests/services/avahi.sh)");

    QDBusConnection bus = QDBusConnection::connectToBus(address, QStringLiteral("nestbox-test-avahi"));
    QVERIFY2(bus.isConnected(), qPrintable(bus.lastError().message()));
    DiscoveryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBus(bus);
    model.start();
    QVERIFY2(model.isBrowsing(), qPrintable(model.statusText()));

    // The server announces itself on the fixture's bus (nestboxd reads DBUS_SYSTEM_BUS_ADDRESS).
    const QByteArray oldBus = qgetenv("DBUS_SYSTEM_BUS_ADDRESS");
    qputenv("DBUS_SYSTEM_BUS_ADDRESS", address.toUtf8());
    const QString portFile = _dir.filePath(QStringLiteral("tls.port"));
    const QString name = QStringLiteral("Nestbox test %1").arg(QCoreApplication::applicationPid());
    TestServer::Options options;
    options.defines << QStringLiteral("tls.enabled=true") << QStringLiteral("tls.port=0")
                    << QStringLiteral("tls.port_file=") + portFile << QStringLiteral("discovery.enabled=true")
                    << QStringLiteral("server.name=") + name;
    auto server = std::make_unique<TestServer>(options);
    const bool started = server->start();
    if (oldBus.isEmpty())
        qunsetenv("DBUS_SYSTEM_BUS_ADDRESS");
    else
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", oldBus);
    QVERIFY2(started, qPrintable(server->error()));
    const int tlsPort = FixtureEnv::waitForPortFile(portFile, 20000);
    QVERIFY2(tlsPort > 0, "nestboxd opened no TLS port");
    const auto fp = server->runCommand({QStringLiteral("tls"), QStringLiteral("fingerprint")});
    QCOMPARE(fp.exitCode, 0);
    const QString fingerprint = QString::fromLatin1(fp.output.trimmed());
    QVERIFY(ServerTrustStore::isFingerprint(fingerprint));

    auto rowOfServer = [&] {
        for (int row = 0; row < model.rowCount(); ++row)
            if (model.index(row).data(DiscoveryModel::NameRole).toString() == name)
                return row;
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(rowOfServer() >= 0, kWaitMs);
    const QModelIndex index = model.index(rowOfServer());
    QCOMPARE(index.data(DiscoveryModel::PortRole).toInt(), tlsPort);
    QCOMPARE(index.data(DiscoveryModel::FingerprintRole).toString(), fingerprint);
    QCOMPARE(model.rowOfFingerprint(fingerprint), index.row());
    const QUrl url = index.data(DiscoveryModel::UrlRole).toUrl();
    QCOMPARE(url.scheme(), QStringLiteral("https"));
    QCOMPARE(url.port(), tlsPort);
    QVERIFY(!index.data(DiscoveryModel::AddressRole).toString().isEmpty());
    QVERIFY(index.data(Qt::DisplayRole).toString().contains(name));

    // The server stops: Avahi withdraws the service and the row goes.
    QVERIFY(server->stop());
    QTRY_COMPARE_WITH_TIMEOUT(rowOfServer(), -1, kWaitMs);
}

QTEST_GUILESS_MAIN(TestDiscovery)
#include "tst_discovery.moc"
