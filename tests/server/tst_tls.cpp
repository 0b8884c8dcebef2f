// HTTPS: nestboxd with tls.enabled makes a self-signed certificate on first start and keeps it,
// `nestboxd tls fingerprint` names the certificate it serves, TLS 1.2 and 1.3 work, TLS 1.0/1.1
// and plain HTTP on the TLS port get nothing, a configured certificate is served, and a bad
// certificate or key stops nestboxd with a clear message. Real nestboxd, real OpenSSL clients
// (QSslSocket and the openssl command).

#include "TestServer.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslCertificateExtension>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

// What one TLS connection to the server showed.
struct TlsProbe {
    bool connected = false;
    QString error;
    QSsl::SslProtocol protocol = QSsl::UnknownProtocol;
    QSslCertificate certificate;
    QByteArray reply; // the raw HTTP answer to `request`, when one was sent
};

TlsProbe probe(int port, QSsl::SslProtocol protocol, const QByteArray &request = {})
{
    TlsProbe result;
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone); // the test pins by fingerprint instead
    socket.setProtocol(protocol);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), static_cast<quint16>(port));
    if (!socket.waitForEncrypted(10000)) {
        result.error = socket.errorString();
        return result;
    }
    result.connected = true;
    result.protocol = socket.sessionProtocol();
    result.certificate = socket.peerCertificate();
    if (!request.isEmpty()) {
        socket.write(request);
        while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(10000))
            result.reply += socket.readAll();
        result.reply += socket.readAll();
    }
    return result;
}

QString colonHex(const QByteArray &digest)
{
    QStringList parts;
    for (char c : digest)
        parts << QStringLiteral("%1").arg(static_cast<unsigned char>(c), 2, 16, QLatin1Char('0')).toUpper();
    return parts.join(QLatin1Char(':'));
}

struct Run {
    int exitCode = -1;
    QByteArray output;
};

Run runProgram(const QString &program, const QStringList &args, const QByteArray &input = {}, int timeoutMs = 30000)
{
    Run r;
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForStarted(10000))
        return r;
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    r.output = p.readAll();
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

QByteArray getRequest(const QByteArray &path)
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
}

QJsonObject jsonBodyOf(const QByteArray &reply)
{
    const qsizetype at = reply.indexOf("\r\n\r\n");
    return at < 0 ? QJsonObject() : QJsonDocument::fromJson(reply.mid(at + 4)).object();
}

} // namespace

class TestTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void generatedCertificateKeptAcrossRestarts();
    void tls12And13Handshakes();
    void oldProtocolsRefused();
    void plainHttpOnTlsPortGetsNoHttpAnswer();
    void configuredCertificateServed();
    void badCertificateOrKey_data();
    void badCertificateOrKey();
    void tlsOffByDefault();

private:
    // A server with TLS on a free loopback port; its TLS port in *tlsPort.
    std::unique_ptr<TestServer> startTlsServer(const QStringList &extra, int *tlsPort);
    int readTlsPort(const TestServer &server);

    QTemporaryDir _dir;
    int _serverCount = 0;
    QHash<const TestServer *, QString> _portFiles;
};

void TestTls::initTestCase()
{
    qInfo("profile: %s", qPrintable(TestServices::profileName()));
    QVERIFY(_dir.isValid());
    QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend");
    QVERIFY2(runProgram(QStringLiteral("openssl"), {QStringLiteral("version")}).exitCode == 0, "openssl command missing");
}

std::unique_ptr<TestServer> TestTls::startTlsServer(const QStringList &extra, int *tlsPort)
{
    const QString portFile = _dir.filePath(QStringLiteral("tls-port-%1").arg(++_serverCount));
    TestServer::Options options;
    options.defines << QStringLiteral("tls.enabled=true") << QStringLiteral("tls.host=127.0.0.1")
                    << QStringLiteral("tls.port=0") << QStringLiteral("tls.port_file=") + portFile
                    << QStringLiteral("discovery.enabled=false") << extra;
    auto server = std::make_unique<TestServer>(options);
    if (!server->start()) {
        QTest::qFail(qPrintable(QStringLiteral("nestboxd did not start: ") + server->error()), __FILE__, __LINE__);
        return nullptr;
    }
    _portFiles.insert(server.get(), portFile);
    *tlsPort = readTlsPort(*server);
    return server;
}

int TestTls::readTlsPort(const TestServer &server)
{
    QFile f(_portFiles.value(&server));
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toInt() : 0;
}

void TestTls::generatedCertificateKeptAcrossRestarts()
{
    int port = 0;
    auto server = startTlsServer({}, &port);
    QVERIFY(server);
    QVERIFY(port > 0);
    QVERIFY(port != server->port());

    const TlsProbe first = probe(port, QSsl::TlsV1_2OrLater, getRequest("/api/v1/server"));
    QVERIFY2(first.connected, qPrintable(first.error));
    const QString fingerprint = colonHex(first.certificate.digest(QCryptographicHash::Sha256));
    QCOMPARE(fingerprint.size(), 32 * 3 - 1);

    // kept in the data dir, the key readable by its owner only
    const QString certFile = server->dataDir() + QStringLiteral("/tls/cert.pem");
    const QString keyFile = server->dataDir() + QStringLiteral("/tls/key.pem");
    QVERIFY(QFileInfo::exists(certFile));
    QCOMPARE(QFileInfo(keyFile).permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFileDevice::Permissions());
    QFile pem(certFile);
    QVERIFY(pem.open(QIODevice::ReadOnly));
    const QList<QSslCertificate> onDisk = QSslCertificate::fromData(pem.readAll());
    QCOMPARE(onDisk.size(), 1);
    QCOMPARE(onDisk.first(), first.certificate);

    // what the certificate says: CN = host name, the SANs, ten years, ECDSA P-256
    const QString host = QHostInfo::localHostName();
    QCOMPARE(first.certificate.subjectInfo(QSslCertificate::CommonName).value(0), host);
    const auto sans = first.certificate.subjectAlternativeNames();
    QVERIFY(sans.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
    QVERIFY(sans.values(QSsl::DnsEntry).contains(host));
    if (!host.contains(QLatin1Char('.')))
        QVERIFY(sans.values(QSsl::DnsEntry).contains(host + QStringLiteral(".local")));
    QVERIFY(sans.values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
    QVERIFY(sans.values(QSsl::IpAddressEntry).contains(QStringLiteral("0:0:0:0:0:0:0:1"))
            || sans.values(QSsl::IpAddressEntry).contains(QStringLiteral("::1")));
    const qint64 days = first.certificate.effectiveDate().daysTo(first.certificate.expiryDate());
    QVERIFY2(days >= 3650 && days <= 3655, qPrintable(QString::number(days)));
    QVERIFY(first.certificate.effectiveDate() <= QDateTime::currentDateTimeUtc());
    QCOMPARE(first.certificate.publicKey().algorithm(), QSsl::Ec);
    QCOMPARE(first.certificate.publicKey().length(), 256);

    // the same routes as the plain listener; the server info names TLS
    QVERIFY2(first.reply.startsWith("HTTP/1.1 200"), first.reply.left(200).constData());
    const QJsonObject info = jsonBodyOf(first.reply);
    QVERIFY(info.value(QStringLiteral("features")).toArray().contains(QStringLiteral("tls")));
    QCOMPARE(info.value(QStringLiteral("tls")).toObject().value(QStringLiteral("port")).toInt(), port);
    QCOMPARE(info.value(QStringLiteral("tls")).toObject().value(QStringLiteral("fingerprint_sha256")).toString(), fingerprint);

    // logged at start, in the format the app shows
    QVERIFY2(server->logTail(200).contains(QStringLiteral("SHA-256 fingerprint ") + fingerprint), qPrintable(server->logTail()));
    QVERIFY(server->standardOutput().contains(QByteArray("nestboxd listening on https://127.0.0.1:").append(QByteArray::number(port))));

    // `nestboxd tls fingerprint` prints the served one
    const auto printed = server->runCommand({QStringLiteral("tls"), QStringLiteral("fingerprint")});
    QCOMPARE(printed.exitCode, 0);
    QCOMPARE(QString::fromUtf8(printed.output).trimmed(), fingerprint);

    // a restart (also after SIGKILL) serves the same certificate
    QVERIFY(server->stop());
    QVERIFY(server->start());
    port = readTlsPort(*server);
    TlsProbe second = probe(port, QSsl::TlsV1_2OrLater);
    QVERIFY2(second.connected, qPrintable(second.error));
    QCOMPARE(colonHex(second.certificate.digest(QCryptographicHash::Sha256)), fingerprint);
    server->kill9();
    QVERIFY(server->start());
    port = readTlsPort(*server);
    second = probe(port, QSsl::TlsV1_2OrLater);
    QVERIFY2(second.connected, qPrintable(second.error));
    QCOMPARE(colonHex(second.certificate.digest(QCryptographicHash::Sha256)), fingerprint);

    // another data dir, another certificate
    int otherPort = 0;
    auto other = startTlsServer({}, &otherPort);
    QVERIFY(other);
    const TlsProbe third = probe(otherPort, QSsl::TlsV1_2OrLater);
    QVERIFY2(third.connected, qPrintable(third.error));
    QVERIFY(colonHex(third.certificate.digest(QCryptographicHash::Sha256)) != fingerprint);
}

void TestTls::tls12And13Handshakes()
{
    int port = 0;
    auto server = startTlsServer({}, &port);
    QVERIFY(server);
    for (const QSsl::SslProtocol protocol : {QSsl::TlsV1_2, QSsl::TlsV1_3}) {
        const TlsProbe p = probe(port, protocol, getRequest("/healthz"));
        QVERIFY2(p.connected, qPrintable(p.error));
        QCOMPARE(p.protocol, protocol);
        QVERIFY2(p.reply.startsWith("HTTP/1.1 200"), p.reply.left(200).constData());
        QVERIFY(p.reply.endsWith("ok\n"));
    }
    // the OpenSSL command line as a second client: the TLS 1.2 suite is forward-secret AEAD
    const Run r12 = runProgram(QStringLiteral("openssl"),
                               {QStringLiteral("s_client"), QStringLiteral("-connect"),
                                QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("-tls1_2")});
    QCOMPARE(r12.exitCode, 0);
    QVERIFY2(QRegularExpression(QStringLiteral("Cipher is ECDHE-(ECDSA|RSA)-(AES128-GCM|AES256-GCM|CHACHA20)"))
                 .match(QString::fromUtf8(r12.output))
                 .hasMatch(),
             r12.output.constData());
    // a CBC-only client finds nothing it can use
    const Run cbc = runProgram(QStringLiteral("openssl"),
                               {QStringLiteral("s_client"), QStringLiteral("-connect"),
                                QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("-tls1_2"),
                                QStringLiteral("-cipher"), QStringLiteral("ECDHE-ECDSA-AES128-SHA256:AES128-SHA")});
    QVERIFY(cbc.exitCode != 0);
}

void TestTls::oldProtocolsRefused()
{
    // Control: this openssl speaks TLS 1.0 and 1.1 when the server lets it (security level 0 on
    // both ends), so a refusal below is nestboxd's doing.
    QTemporaryDir tmp;
    const QString key = tmp.filePath(QStringLiteral("k.pem")), cert = tmp.filePath(QStringLiteral("c.pem"));
    QCOMPARE(runProgram(QStringLiteral("openssl"),
                        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                         QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
                         QStringLiteral("-subj"), QStringLiteral("/CN=control"), QStringLiteral("-days"), QStringLiteral("1")})
                 .exitCode,
             0);
    for (const QString &version : {QStringLiteral("-tls1"), QStringLiteral("-tls1_1")}) {
        QProcess control;
        control.setProcessChannelMode(QProcess::MergedChannels);
        control.start(QStringLiteral("openssl"),
                      {QStringLiteral("s_server"), QStringLiteral("-4"), QStringLiteral("-accept"), QStringLiteral("127.0.0.1:0"),
                       QStringLiteral("-cert"), cert, QStringLiteral("-key"), key, version, QStringLiteral("-cipher"),
                       QStringLiteral("DEFAULT:@SECLEVEL=0"), QStringLiteral("-naccept"), QStringLiteral("1")});
        QVERIFY(control.waitForStarted());
        QByteArray banner;
        QRegularExpressionMatch m;
        for (int i = 0; i < 100 && !m.hasMatch(); ++i) {
            control.waitForReadyRead(100);
            banner += control.readAll();
            m = QRegularExpression(QStringLiteral("ACCEPT .*:(\\d+)")).match(QString::fromUtf8(banner));
        }
        QVERIFY2(m.hasMatch(), banner.constData());
        const Run ok = runProgram(QStringLiteral("openssl"),
                                  {QStringLiteral("s_client"), QStringLiteral("-connect"),
                                   QStringLiteral("127.0.0.1:") + m.captured(1), version, QStringLiteral("-cipher"),
                                   QStringLiteral("DEFAULT:@SECLEVEL=0")});
        control.kill();
        control.waitForFinished();
        QVERIFY2(ok.exitCode == 0 && ok.output.contains("Cipher is"), ok.output.constData());
    }

    int port = 0;
    auto server = startTlsServer({}, &port);
    QVERIFY(server);
    for (const QString &version : {QStringLiteral("-tls1"), QStringLiteral("-tls1_1")}) {
        const Run r = runProgram(QStringLiteral("openssl"),
                                 {QStringLiteral("s_client"), QStringLiteral("-connect"),
                                  QStringLiteral("127.0.0.1:%1").arg(port), version, QStringLiteral("-cipher"),
                                  QStringLiteral("DEFAULT:@SECLEVEL=0")});
        QVERIFY2(r.exitCode != 0, r.output.constData());
        QVERIFY2(!r.output.contains("Cipher is ECDHE") && r.output.contains("protocol version"), r.output.constData());
    }
    // Qt refuses to offer anything older than 1.2 itself; a 1.2-or-later client still gets in.
    const TlsProbe modern = probe(port, QSsl::TlsV1_2OrLater);
    QVERIFY2(modern.connected, qPrintable(modern.error));
    QCOMPARE(modern.protocol, QSsl::TlsV1_3);
}

void TestTls::plainHttpOnTlsPortGetsNoHttpAnswer()
{
    int port = 0;
    auto server = startTlsServer({}, &port);
    QVERIFY(server);
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(port));
    QVERIFY(socket.waitForConnected(5000));
    socket.write(getRequest("/api/v1/server"));
    QByteArray answer;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(5000))
        answer += socket.readAll();
    answer += socket.readAll();
    QVERIFY2(!answer.contains("HTTP/"), answer.left(200).toHex().constData());
    QVERIFY(!answer.contains("\"api\""));
    QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState); // the server hung up
    // the plain listener still answers, and the TLS one keeps working after the bad client
    QVERIFY(probe(port, QSsl::TlsV1_2OrLater, getRequest("/healthz")).reply.startsWith("HTTP/1.1 200"));
}

void TestTls::configuredCertificateServed()
{
    QTemporaryDir tmp;
    const QString key = tmp.filePath(QStringLiteral("server.key")), cert = tmp.filePath(QStringLiteral("server.crt"));
    QCOMPARE(runProgram(QStringLiteral("openssl"),
                        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:3072"),
                         QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
                         QStringLiteral("-subj"), QStringLiteral("/CN=photos.example.test"), QStringLiteral("-days"),
                         QStringLiteral("30")})
                 .exitCode,
             0);
    const Run fp = runProgram(QStringLiteral("openssl"), {QStringLiteral("x509"), QStringLiteral("-in"), cert,
                                                          QStringLiteral("-noout"), QStringLiteral("-fingerprint"),
                                                          QStringLiteral("-sha256")});
    QCOMPARE(fp.exitCode, 0);
    const QString expected = QString::fromUtf8(fp.output).trimmed().section(QLatin1Char('='), 1);
    QCOMPARE(expected.size(), 95);

    int port = 0;
    auto server = startTlsServer({QStringLiteral("tls.cert_file=") + cert, QStringLiteral("tls.key_file=") + key}, &port);
    QVERIFY(server);
    const TlsProbe p = probe(port, QSsl::TlsV1_2, getRequest("/healthz"));
    QVERIFY2(p.connected, qPrintable(p.error));
    QCOMPARE(colonHex(p.certificate.digest(QCryptographicHash::Sha256)), expected);
    QCOMPARE(p.certificate.subjectInfo(QSslCertificate::CommonName).value(0), QStringLiteral("photos.example.test"));
    QVERIFY(p.reply.startsWith("HTTP/1.1 200"));
    QVERIFY(!QFileInfo::exists(server->dataDir() + QStringLiteral("/tls/cert.pem"))); // nothing generated
    const auto printed = server->runCommand({QStringLiteral("tls"), QStringLiteral("fingerprint"),
                                             QStringLiteral("-Dtls.cert_file=") + cert, QStringLiteral("-Dtls.key_file=") + key});
    QCOMPARE(printed.exitCode, 0);
    QCOMPARE(QString::fromUtf8(printed.output).trimmed(), expected);
    QVERIFY(server->stop());

    // a certificate file holding a chain (leaf, then its CA) is served whole
    const auto openssl = [](const QStringList &args) { return runProgram(QStringLiteral("openssl"), args).exitCode; };
    const QString caKey = tmp.filePath(QStringLiteral("ca.key")), caCert = tmp.filePath(QStringLiteral("ca.crt"));
    const QString leafKey = tmp.filePath(QStringLiteral("leaf.key")), csr = tmp.filePath(QStringLiteral("leaf.csr"));
    const QString leafCert = tmp.filePath(QStringLiteral("leaf.crt")), chain = tmp.filePath(QStringLiteral("chain.pem"));
    QCOMPARE(openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                      QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                      QStringLiteral("-keyout"), caKey, QStringLiteral("-out"), caCert, QStringLiteral("-subj"),
                      QStringLiteral("/CN=Family CA"), QStringLiteral("-days"), QStringLiteral("2")}),
             0);
    QCOMPARE(openssl({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                      QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), leafKey,
                      QStringLiteral("-out"), csr, QStringLiteral("-subj"), QStringLiteral("/CN=album.home.test")}),
             0);
    QCOMPARE(openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr, QStringLiteral("-CA"), caCert,
                      QStringLiteral("-CAkey"), caKey, QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), leafCert,
                      QStringLiteral("-days"), QStringLiteral("1")}),
             0);
    QFile out(chain), leafIn(leafCert), caIn(caCert);
    QVERIFY(out.open(QIODevice::WriteOnly) && leafIn.open(QIODevice::ReadOnly) && caIn.open(QIODevice::ReadOnly));
    out.write(leafIn.readAll() + caIn.readAll());
    out.close();
    int chainPort = 0;
    auto chained = startTlsServer({QStringLiteral("tls.cert_file=") + chain, QStringLiteral("tls.key_file=") + leafKey}, &chainPort);
    QVERIFY(chained);
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), static_cast<quint16>(chainPort));
    QVERIFY2(socket.waitForEncrypted(10000), qPrintable(socket.errorString()));
    const QList<QSslCertificate> served = socket.peerCertificateChain();
    QCOMPARE(served.size(), 2);
    QCOMPARE(served.at(0).subjectInfo(QSslCertificate::CommonName).value(0), QStringLiteral("album.home.test"));
    QCOMPARE(served.at(1).subjectInfo(QSslCertificate::CommonName).value(0), QStringLiteral("Family CA"));
}

void TestTls::badCertificateOrKey_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("message");
    // paths are relative to a temp dir holding good.crt/good.key, other.key and garbage.pem
    QTest::newRow("missing cert") << "nope.crt" << "good.key" << "tls.cert_file %1/nope.crt: cannot open: No such file";
    QTest::newRow("missing key") << "good.crt" << "nope.key" << "tls.key_file %1/nope.key: cannot open: No such file";
    QTest::newRow("cert not PEM") << "garbage.pem" << "good.key" << "no PEM certificate";
    QTest::newRow("key not PEM") << "good.crt" << "garbage.pem" << "no unencrypted PEM private key";
    QTest::newRow("key of another cert") << "good.crt" << "other.key" << "is not the private key of the certificate";
    QTest::newRow("cert without key") << "good.crt" << "" << "tls.cert_file and tls.key_file go together";
    QTest::newRow("cert is a directory") << "." << "good.key" << "tls.cert_file";
}

void TestTls::badCertificateOrKey()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, message);
    QTemporaryDir tmp;
    const auto path = [&](const QString &name) { return tmp.filePath(name); };
    for (const QString &name : {QStringLiteral("good"), QStringLiteral("other")})
        QCOMPARE(runProgram(QStringLiteral("openssl"),
                            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                             QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                             QStringLiteral("-keyout"), path(name + QStringLiteral(".key")), QStringLiteral("-out"),
                             path(name + QStringLiteral(".crt")), QStringLiteral("-subj"), QStringLiteral("/CN=") + name})
                     .exitCode,
                 0);
    QFile garbage(path(QStringLiteral("garbage.pem")));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write("this is not a certificate\n");
    garbage.close();

    TestServer server;
    QStringList args{QStringLiteral("serve"), QStringLiteral("-Dhttp.port=0"), QStringLiteral("-Dtls.enabled=true"),
                     QStringLiteral("-Dtls.port=0"), QStringLiteral("-Dtls.host=127.0.0.1"),
                     QStringLiteral("-Ddiscovery.enabled=false"), QStringLiteral("-Dtls.cert_file=") + path(cert)};
    if (!key.isEmpty())
        args << QStringLiteral("-Dtls.key_file=") + path(key);
    const auto result = server.runCommand(args, {}, 30000);
    QVERIFY2(result.exitCode > 0, result.output.constData()); // exited by itself, non-zero
    QVERIFY2(QString::fromUtf8(result.output).contains(message.arg(tmp.path())), result.output.constData());
    QVERIFY(!result.output.contains("listening on"));
    // nothing was generated over the operator's files
    QFile good(path(QStringLiteral("good.crt")));
    QVERIFY(good.open(QIODevice::ReadOnly));
    QVERIFY(good.readAll().contains("BEGIN CERTIFICATE"));
}

void TestTls::tlsOffByDefault()
{
    TestServer server;
    QVERIFY2(server.start(), qPrintable(server.error()));
    QVERIFY(!server.standardOutput().contains("https://"));
    QVERIFY(!QFileInfo::exists(server.dataDir() + QStringLiteral("/tls")));
    QVERIFY(server.logTail(100).contains(QStringLiteral("serving on")));
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
