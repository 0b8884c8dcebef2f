// Trust on first use against a real nestboxd serving TLS with its own self-signed certificate:
// the first contact fails with a distinct "untrusted" error carrying the fingerprint that
// `nestboxd tls fingerprint` prints; once pinned, sign-up, sign-in and listing work over https
// (also for a new ApiClient reading the same settings, as after an app restart); a server that
// comes back with a new certificate is refused as changed and the pin stays; only removing the pin
// on purpose lets the app ask again. Plus ServerTrustStore on its own (keys, fingerprint text,
// verdicts).

#include "AppTestUtil.h"
#include "FixtureEnv.h"
#include "TestServer.h"

#include "../../app/core/ApiClient.h"
#include "AccountStore.h"
#include "ApiError.h"
#include "ListFilesJob.h"
#include "ServerInfoJob.h"
#include "ServerProbe.h"
#include "ServerTrustStore.h"
#include "Session.h"
#include "TokenStore.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSslConfiguration>
#include <QSettings>
#include <QSignalSpy>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace nestbox;

namespace {
constexpr int kWaitMs = 30000;
} // namespace

class TestServerTrust : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fingerprintText();
    void storeVerdicts();
    void firstContactIsUntrusted();
    void trustedServerWorksOverHttps();
    void changedCertificateIsRefused();
    void removingThePinAsksAgain();
    void caSignedCertificateNeedsNoPin();
    void cleanupTestCase();

private:
    bool startServer();
    QString serverFingerprint();
    QUrl httpsUrl() const { return QUrl(QStringLiteral("https://127.0.0.1:%1").arg(_tlsPort)); }

    QTemporaryDir _dir;
    std::unique_ptr<TestServer> _server;
    std::unique_ptr<QSettings> _settings;
    std::unique_ptr<ServerTrustStore> _store;
    int _tlsPort = 0;
    QString _firstFingerprint;
};

bool TestServerTrust::startServer()
{
    const QString portFile = _dir.filePath(QStringLiteral("tls.port"));
    QFile::remove(portFile);
    if (!_server->start())
        return false;
    _tlsPort = FixtureEnv::waitForPortFile(portFile, 20000);
    return _tlsPort > 0;
}

QString TestServerTrust::serverFingerprint()
{
    const auto result = _server->runCommand({QStringLiteral("tls"), QStringLiteral("fingerprint")});
    if (result.exitCode != 0)
        return QStringLiteral("exit %1: %2").arg(result.exitCode).arg(QString::fromUtf8(result.output));
    return QString::fromLatin1(result.output.trimmed());
}

void TestServerTrust::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(_dir.isValid());
    QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend");
    _settings = std::make_unique<QSettings>(_dir.filePath(QStringLiteral("app.ini")), QSettings::IniFormat);
    _store = std::make_unique<ServerTrustStore>(_settings.get());
    TestServer::Options options;
    options.defines << QStringLiteral("tls.enabled=true") << QStringLiteral("tls.port=0")
                    << QStringLiteral("tls.port_file=") + _dir.filePath(QStringLiteral("tls.port"))
                    << QStringLiteral("discovery.enabled=false");
    _server = std::make_unique<TestServer>(options);
    if (!startServer()) {
        if (_server->isRunning() && _tlsPort == 0)
            QSKIP("this nestboxd opens no TLS port (tls.enabled is unknown to it)");
        QFAIL(qPrintable(_server->error()));
    }
    _firstFingerprint = serverFingerprint();
    QVERIFY2(ServerTrustStore::isFingerprint(_firstFingerprint), qPrintable(_firstFingerprint));
}

void TestServerTrust::cleanupTestCase()
{
    _server.reset();
}

void TestServerTrust::fingerprintText()
{
    const QString hex = QStringLiteral("ab").repeated(32);
    QString normalized;
    QVERIFY(ServerTrustStore::isFingerprint(hex, &normalized));
    QCOMPARE(normalized, QStringLiteral("AB:").repeated(31) + QStringLiteral("AB"));
    QVERIFY(ServerTrustStore::isFingerprint(normalized));
    QVERIFY(!ServerTrustStore::isFingerprint(QStringLiteral("AB:CD")));
    QVERIFY(!ServerTrustStore::isFingerprint(QStringLiteral("zz").repeated(32)));
    QVERIFY(!ServerTrustStore::isFingerprint(QString()));
    QCOMPARE(ServerTrustStore::serverKey(QUrl(QStringLiteral("https://NAS.local"))), QStringLiteral("nas.local:443"));
    QCOMPARE(ServerTrustStore::serverKey(QUrl(QStringLiteral("https://10.0.0.2:8443/sub"))), QStringLiteral("10.0.0.2:8443"));
    QCOMPARE(ServerTrustStore::serverKey(QUrl(QStringLiteral("https://[fd00::2]:8443"))), QStringLiteral("[fd00::2]:8443"));
    QCOMPARE(ServerTrustStore::fingerprintOf(QSslCertificate()), QString());
}

void TestServerTrust::storeVerdicts()
{
    QSettings settings(_dir.filePath(QStringLiteral("verdicts.ini")), QSettings::IniFormat);
    ServerTrustStore store(&settings);
    const QList<QSslCertificate> certs =
        QSslCertificate::fromPath(_server->dataDir() + QStringLiteral("/tls/cert.pem"));
    QVERIFY2(!certs.isEmpty(), "the server keeps its generated certificate in data.dir/tls/cert.pem");
    const QSslCertificate cert = certs.first();
    QCOMPARE(ServerTrustStore::fingerprintOf(cert), _firstFingerprint);
    const QList<QSslError> selfSigned{QSslError(QSslError::SelfSignedCertificate, cert)};
    QCOMPARE(store.check(QStringLiteral("h:1"), cert, selfSigned), ServerTrustStore::Verdict::Unknown);
    QSignalSpy changed(&store, &ServerTrustStore::pinsChanged);
    store.pin(QStringLiteral("h:1"), _firstFingerprint.toLower());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(store.pinnedFingerprint(QStringLiteral("h:1")), _firstFingerprint);
    QCOMPARE(store.check(QStringLiteral("h:1"), cert, selfSigned), ServerTrustStore::Verdict::Trusted);
    QCOMPARE(store.check(QStringLiteral("h:2"), cert, selfSigned), ServerTrustStore::Verdict::Unknown);
    store.pin(QStringLiteral("h:3"), QStringLiteral("00").repeated(32));
    QCOMPARE(store.check(QStringLiteral("h:3"), cert, selfSigned), ServerTrustStore::Verdict::Changed);
    // A revoked certificate is not excused by any pin; garbage is not pinned.
    QCOMPARE(store.check(QStringLiteral("h:1"), cert, {QSslError(QSslError::CertificateRevoked, cert)}),
             ServerTrustStore::Verdict::Unusable);
    store.pin(QStringLiteral("h:4"), QStringLiteral("not a fingerprint"));
    QVERIFY(store.pinnedFingerprint(QStringLiteral("h:4")).isEmpty());
    QCOMPARE(store.pins().size(), 2);
    store.unpin(QStringLiteral("h:1"));
    QCOMPARE(store.check(QStringLiteral("h:1"), cert, selfSigned), ServerTrustStore::Verdict::Unknown);
}

void TestServerTrust::firstContactIsUntrusted()
{
    nestbox::ApiClient client;
    client.setTrustStore(_store.get());
    client.setBaseUrl(httpsUrl());
    auto *job = new ServerInfoJob(&client);
    QVERIFY(apptest::runJob(job));
    QVERIFY(!job->succeeded());
    const ApiError e = job->error();
    QCOMPARE(e.kind, ApiError::Kind::Tls);
    QVERIFY(e.isUntrustedCertificate());
    QVERIFY(!e.isChangedCertificate());
    QCOMPARE(e.certificateFingerprint, _firstFingerprint);
    QVERIFY2(e.message.contains(_firstFingerprint), qPrintable(e.message));
    QVERIFY(!e.isRetryable());
    delete job;

    // The sign-in dialog's probe shares the client's network manager and gets the same answer.
    ServerProbe probe(client.network());
    QSignalSpy failed(&probe, &ServerProbe::failed);
    probe.probe(httpsUrl());
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(failed.first().at(0).value<ServerProbe::Failure>(), ServerProbe::Failure::UntrustedCertificate);
    QCOMPARE(probe.certificateFingerprint(), _firstFingerprint);
    QVERIFY(_store->pinnedFingerprint(ServerTrustStore::serverKey(httpsUrl())).isEmpty());
}

void TestServerTrust::trustedServerWorksOverHttps()
{
    _store->pin(ServerTrustStore::serverKey(httpsUrl()), _firstFingerprint);
    {
        QSettings appSettings(_dir.filePath(QStringLiteral("accounts.ini")), QSettings::IniFormat);
        AccountStore accounts(&appSettings);
        TokenStore tokens(TokenStore::Backend::File, _dir.filePath(QStringLiteral("tokens")));
        nestbox::ApiClient client;
        client.setTrustStore(_store.get());
        Session session(&client, &tokens, &accounts);
        QSignalSpy signedIn(&session, &Session::signedIn);
        QSignalSpy failed(&session, &Session::signInFailed);
        session.signUp(httpsUrl(), QStringLiteral("oma"), QStringLiteral("secure album 1"));
        QVERIFY(signedIn.wait(kWaitMs) || !signedIn.isEmpty());
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().value<ApiError>().toString()));
        auto *list = new ListFilesJob(&client);
        QVERIFY(apptest::runJob(list));
        QVERIFY2(list->succeeded(), qPrintable(list->error().toString()));
        QCOMPARE(list->items().size(), 0);
        delete list;
    }
    // An app started again reads the pin from its settings.
    QSettings reopened(_dir.filePath(QStringLiteral("app.ini")), QSettings::IniFormat);
    ServerTrustStore store(&reopened);
    QCOMPARE(store.pinnedFingerprint(ServerTrustStore::serverKey(httpsUrl())), _firstFingerprint);
    QSettings appSettings(_dir.filePath(QStringLiteral("accounts.ini")), QSettings::IniFormat);
    AccountStore accounts(&appSettings);
    TokenStore tokens(TokenStore::Backend::File, _dir.filePath(QStringLiteral("tokens2")));
    nestbox::ApiClient client;
    client.setTrustStore(&store);
    Session session(&client, &tokens, &accounts);
    QSignalSpy signedIn(&session, &Session::signedIn);
    session.signIn(httpsUrl(), QStringLiteral("oma"), QStringLiteral("secure album 1"));
    QVERIFY(signedIn.wait(kWaitMs) || !signedIn.isEmpty());
    QCOMPARE(client.baseUrl().scheme(), QStringLiteral("https"));
}

void TestServerTrust::changedCertificateIsRefused()
{
    // The server comes back with a new certificate (its files deleted: it generates another).
    QVERIFY(_server->stop());
    QDir tls(_server->dataDir() + QStringLiteral("/tls"));
    QVERIFY(tls.exists());
    for (const QString &name : tls.entryList(QDir::Files))
        QVERIFY(tls.remove(name));
    const int oldPort = _tlsPort;
    QVERIFY2(startServer(), qPrintable(_server->error()));
    const QString newFingerprint = serverFingerprint();
    QVERIFY(ServerTrustStore::isFingerprint(newFingerprint));
    QVERIFY(newFingerprint != _firstFingerprint);
    // The pin is per host:port; the port is new too, so carry the old pin over as a user's would be.
    if (_tlsPort != oldPort)
        _store->pin(ServerTrustStore::serverKey(httpsUrl()), _firstFingerprint);

    nestbox::ApiClient client;
    client.setTrustStore(_store.get());
    client.setBaseUrl(httpsUrl());
    auto *job = new ServerInfoJob(&client);
    QVERIFY(apptest::runJob(job));
    QVERIFY(!job->succeeded());
    QVERIFY(job->error().isChangedCertificate());
    QCOMPARE(job->error().certificateFingerprint, newFingerprint);
    QVERIFY2(job->error().message.contains(QStringLiteral("changed")), qPrintable(job->error().message));
    delete job;
    // Never silently accepted: the old pin stays.
    QCOMPARE(_store->pinnedFingerprint(ServerTrustStore::serverKey(httpsUrl())), _firstFingerprint);

    ServerProbe probe(client.network());
    QSignalSpy failed(&probe, &ServerProbe::failed);
    probe.probe(httpsUrl());
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(failed.first().at(0).value<ServerProbe::Failure>(), ServerProbe::Failure::CertificateChanged);
    QCOMPARE(probe.certificateFingerprint(), newFingerprint);
}

void TestServerTrust::removingThePinAsksAgain()
{
    const QString key = ServerTrustStore::serverKey(httpsUrl());
    _store->unpin(key);
    nestbox::ApiClient client;
    client.setTrustStore(_store.get());
    client.setBaseUrl(httpsUrl());
    auto *job = new ServerInfoJob(&client);
    QVERIFY(apptest::runJob(job));
    QVERIFY(job->error().isUntrustedCertificate());
    const QString fp = job->error().certificateFingerprint;
    delete job;
    _store->pin(key, fp);
    auto *again = new ServerInfoJob(&client);
    QVERIFY(apptest::runJob(again));
    QVERIFY2(again->succeeded(), qPrintable(again->error().toString()));
    delete again;
}

void TestServerTrust::caSignedCertificateNeedsNoPin()
{
    // A certificate from a CA this computer trusts (a test CA added to Qt's CA list) is accepted
    // without any question or pin.
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QSKIP("no openssl command to make a test CA");
    QTemporaryDir ca;
    auto ssl = [&](const QStringList &args) {
        QProcess p;
        p.setWorkingDirectory(ca.path());
        p.start(openssl, args);
        return p.waitForFinished(30000) && p.exitCode() == 0;
    };
    QFile ext(ca.filePath(QStringLiteral("ext.cnf")));
    QVERIFY(ext.open(QIODevice::WriteOnly));
    ext.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n"
              "extendedKeyUsage=serverAuth\n");
    ext.close();
    const QStringList ec{QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                         QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes")};
    QVERIFY(ssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ec
                + QStringList{QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"),
                              QStringLiteral("ca.pem"), QStringLiteral("-days"), QStringLiteral("2"),
                              QStringLiteral("-subj"), QStringLiteral("/CN=Nestbox Test CA")}));
    QVERIFY(ssl(QStringList{QStringLiteral("req")} + ec
                + QStringList{QStringLiteral("-keyout"), QStringLiteral("server.key"), QStringLiteral("-out"),
                              QStringLiteral("server.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")}));
    QVERIFY(ssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("server.csr"),
                 QStringLiteral("-CA"), QStringLiteral("ca.pem"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                 QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), QStringLiteral("server.pem"),
                 QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"), QStringLiteral("ext.cnf")}));

    const QString portFile = ca.filePath(QStringLiteral("tls.port"));
    TestServer::Options options;
    options.defines << QStringLiteral("tls.enabled=true") << QStringLiteral("tls.port=0")
                    << QStringLiteral("tls.port_file=") + portFile << QStringLiteral("discovery.enabled=false")
                    << QStringLiteral("tls.cert_file=") + ca.filePath(QStringLiteral("server.pem"))
                    << QStringLiteral("tls.key_file=") + ca.filePath(QStringLiteral("server.key"));
    TestServer server(options);
    QVERIFY2(server.start(), qPrintable(server.error()));
    const int port = FixtureEnv::waitForPortFile(portFile, 20000);
    QVERIFY(port > 0);
    const QUrl url(QStringLiteral("https://127.0.0.1:%1").arg(port));

    const QSslConfiguration before = QSslConfiguration::defaultConfiguration();
    QSslConfiguration withCa = before;
    withCa.addCaCertificates(ca.filePath(QStringLiteral("ca.pem")));
    QSslConfiguration::setDefaultConfiguration(withCa);
    QSettings settings(_dir.filePath(QStringLiteral("ca.ini")), QSettings::IniFormat);
    ServerTrustStore store(&settings);
    nestbox::ApiClient client;
    client.setTrustStore(&store);
    client.setBaseUrl(url);
    auto *job = new ServerInfoJob(&client);
    const bool finished = apptest::runJob(job);
    QSslConfiguration::setDefaultConfiguration(before);
    QVERIFY(finished);
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    delete job;
    QVERIFY(store.pins().isEmpty());

    // Without the CA the same server is a self-signed stranger: the question comes.
    nestbox::ApiClient plain;
    plain.setTrustStore(&store);
    plain.setBaseUrl(url);
    auto *again = new ServerInfoJob(&plain);
    QVERIFY(apptest::runJob(again));
    QVERIFY(again->error().isUntrustedCertificate());
    delete again;
}

QTEST_GUILESS_MAIN(TestServerTrust)
#include "tst_servertrust.moc"
