#include "../support/ApiClient.h"
#include "../support/FixtureEnv.h"
#include "../support/HttpClient.h"
#include "../support/TestServer.h"
#include "ScriptedApp.h"
#include "SampledColours.h"
#include "XvfbDisplay.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHash>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QSet>
#include <QSettings>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

// Issue 6's "done when" with the real `nestbox` binary under Xvfb and a real nestboxd serving
// HTTPS with its own self-signed certificate and announcing itself with Avahi (the `avahi`
// fixture: a private system bus and avahi-daemon on lo).
//  1. Given the https address, the app asks "Trust this server?"; "Do Not Trust" connects
//     nothing: no account, no pin, a message that says so.
//  2. Not told any address, the app's sign-in dialog lists the server it finds on the network; the
//     script picks it, signs up a new user, the app asks once (the fingerprint shown is the one
//     `nestboxd tls fingerprint` prints and matches the announced one), and after "Trust" the
//     account is created and a folder of photos is uploaded over HTTPS. Checked through the API on
//     the plain loopback port: every photo there with its SHA-256; the app's pin store holds the
//     server's fingerprint, and its account is the https address.
//  3. The server comes back with a NEW certificate on the same port: the app refuses to connect
//     and says the certificate changed; the pin stays the old one.
// Screenshots: https-discovered.png, https-trust.png (into NESTBOX_SCREENSHOT_DIR when set, e.g.
// docs/screenshots, else this build directory), https-changed.png (always the build directory).
class TestHttpsEndToEnd : public QObject {
    Q_OBJECT

private:
    static constexpr int kPhotos = 5;
    static inline const QString kServerName = QStringLiteral("Family album e2e");

    QTemporaryDir _root;
    XvfbDisplay _xvfb;
    QString _output;
    QString _systemBus;
    int _tlsPort = 0;
    std::unique_ptr<TestServer> _server;
    std::unique_ptr<HttpClient> _http;
    QString _username = QStringLiteral("grandpa");
    QString _password = QStringLiteral("orchard-harvest-77");
    QString _fingerprint; // the first certificate's, from `nestboxd tls fingerprint`
    QHash<QString, QByteArray> _photoSha;

    QString photoFolder() const { return _root.filePath(QStringLiteral("harvest-festival")); }
    QString home() const { return _root.filePath(QStringLiteral("home")); }
    QString appSettingsPath() const { return home() + QStringLiteral("/.config/Nestbox/nestbox.conf"); }
    QString httpsAddress() const { return QStringLiteral("https://127.0.0.1:%1").arg(_tlsPort); }

    static QString readText(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

    QString serverFingerprint()
    {
        const TestServer::CommandResult result = _server->runCommand({QStringLiteral("tls"), QStringLiteral("fingerprint")});
        if (result.exitCode != 0)
            return {};
        return QString::fromUtf8(result.output).trimmed();
    }

    int tlsPortFromFile() const
    {
        QFile file(_root.filePath(QStringLiteral("tls-port")));
        return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed().toInt() : 0;
    }

    // Runs nestbox with a script and these arguments; its exit code (-1 when it did not end in time).
    int runApp(const QString &name, const QString &script, const QStringList &arguments, QByteArray *log)
    {
        ScriptedApp app(QStringLiteral(NESTBOX_APP_PATH), _root.path(), _xvfb.display());
        app.environment().insert(QStringLiteral("QT_LOGGING_RULES"),
                                 QStringLiteral("nestbox.automation.info=true\nnestbox.net.info=true"));
        // The app browses for servers on the fixture's private system bus.
        app.environment().insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"), _systemBus);
        return app.run(_root.filePath(name + QStringLiteral(".script")), script, arguments, 240000, log);
    }

    QStringList accountArguments() const
    {
        return {QStringLiteral("--user"), _username, QStringLiteral("--password-file"), _root.filePath(QStringLiteral("password"))};
    }

    QString pinnedFingerprint() const
    {
        QSettings settings(appSettingsPath(), QSettings::IniFormat);
        return settings.value(QStringLiteral("trustedServers/127.0.0.1:%1").arg(_tlsPort)).toString();
    }

    void checkPicture(const QString &path)
    {
        const QImage image(path);
        QVERIFY2(!image.isNull(), qPrintable(path));
        QVERIFY(image.width() >= 300 && image.height() >= 150);
        QVERIFY2(sampledColours(image, 5) > 10, qPrintable(path)); // something was painted
        qInfo().noquote() << QFileInfo(path).fileName() << image.size() << QFileInfo(path).size() / 1024 << "KiB";
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(_root.isValid());
        _systemBus = FixtureEnv::avahiSystemBus();
        QVERIFY2(!_systemBus.isEmpty(), "needs the avahi fixture (NESTBOX_TEST_AVAHI_ENV with DBUS_SYSTEM_BUS_ADDRESS)");
        // nestboxd (started from this process's environment) announces on the same private bus.
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", _systemBus.toUtf8());

        _output = qEnvironmentVariable("NESTBOX_SCREENSHOT_DIR", QStringLiteral(NESTBOX_E2E_OUTPUT_DIR));
        QVERIFY(QDir().mkpath(_output));
        QVERIFY(QDir().mkpath(QStringLiteral(NESTBOX_E2E_OUTPUT_DIR)));
        QVERIFY2(_xvfb.start(160 + int(QCoreApplication::applicationPid() % 40), 260, QStringLiteral("1280x860x24")),
                 "cannot start Xvfb (apt install xvfb)");

        // A fixed HTTPS port for both starts: the app pins a certificate per host:port, and the
        // second start must come back where the app trusted the first certificate.
        _tlsPort = FixtureEnv::freePort();
        QVERIFY(_tlsPort > 0);
        TestServer::Options options;
        options.defines = {QStringLiteral("tls.enabled=true"),
                           QStringLiteral("tls.host=127.0.0.1"),
                           QStringLiteral("tls.port=%1").arg(_tlsPort),
                           QStringLiteral("tls.port_file=") + _root.filePath(QStringLiteral("tls-port")),
                           QStringLiteral("discovery.enabled=true"),
                           QStringLiteral("server.name=") + kServerName};
        _server = std::make_unique<TestServer>(options);
        QVERIFY2(_server->start(), qPrintable(_server->error()));
        QCOMPARE(tlsPortFromFile(), _tlsPort);
        _http = std::make_unique<HttpClient>(_server->baseUrl());
        _fingerprint = serverFingerprint();
        QVERIFY2(_fingerprint.size() == 95, qPrintable(_fingerprint)); // "AB:CD:…", 32 bytes

        QFile password(_root.filePath(QStringLiteral("password")));
        QVERIFY(password.open(QIODevice::WriteOnly));
        password.write(_password.toUtf8() + '\n');
        password.close();

        // A few photos of the harvest festival, each one different.
        QVERIFY(QDir().mkpath(photoFolder()));
        for (int i = 0; i < kPhotos; ++i) {
            QImage image(640, 480, QImage::Format_RGB32);
            QPainter painter(&image);
            QLinearGradient sky(0, 0, 0, 480);
            sky.setColorAt(0, QColor::fromHsv((i * 53 + 20) % 360, 80, 250));
            sky.setColorAt(1, QColor::fromHsv((i * 53 + 60) % 360, 140, 200));
            painter.fillRect(image.rect(), sky);
            painter.setBrush(QColor(200, 40 + i * 30, 30));
            painter.setPen(Qt::NoPen);
            painter.drawEllipse(QPointF(100 + i * 100, 300), 60, 60);
            painter.end();
            const QString name = QStringLiteral("HARVEST_%1.jpg").arg(i + 1);
            const QString path = QDir(photoFolder()).filePath(name);
            QVERIFY(image.save(path, "JPG", 90));
            _photoSha.insert(name, FixtureEnv::sha256OfFile(path));
        }
        QCOMPARE(int(QSet<QByteArray>(_photoSha.cbegin(), _photoSha.cend()).size()), kPhotos);
    }

    void cleanupTestCase()
    {
        if (_server)
            _server->stop();
        _xvfb.stop();
    }

    // "Do Not Trust": no account is created, nothing is pinned, and the dialog says why.
    void distrustConnectsNothing()
    {
        const QString message = _root.filePath(QStringLiteral("distrust.txt"));
        const QString script = QStringLiteral(
                                   "sign-up\n"
                                   "sign-in\n"
                                   "wait-trust-question\n"
                                   "answer-trust no\n"
                                   "wait-sign-in-error %1\n"
                                   "quit\n")
                                   .arg(message);
        QByteArray log;
        const int code = runApp(QStringLiteral("distrust"), script,
                                QStringList{QStringLiteral("--server"), httpsAddress()} + accountArguments(), &log);
        if (code != 0)
            qWarning().noquote() << log << "\n--- server log:\n" << _server->logTail(60);
        QCOMPARE(code, 0);
        const QString text = readText(message);
        QVERIFY2(text.contains(QStringLiteral("you did not trust the certificate of 127.0.0.1:%1").arg(_tlsPort)),
                 qPrintable(text));
        QVERIFY(pinnedFingerprint().isEmpty());
        QCOMPARE(::ApiClient(_http.get()).login(_username, _password).status, 401);
    }

    // The app finds the server on the network, trusts it after one question, signs up and uploads
    // over HTTPS.
    void discoverTrustSignUpAndUpload()
    {
        QCOMPARE(::ApiClient(_http.get()).login(_username, _password).status, 401); // no account yet
        QVERIFY(pinnedFingerprint().isEmpty());
        const QString question = _root.filePath(QStringLiteral("trust-question.txt"));
        const QString script = QStringLiteral(
                                   "wait-discovered %1\n"
                                   "pick-discovered %1\n"
                                   "sign-up\n"
                                   "sleep 800\n"
                                   "screenshot sign-in %2/https-discovered.png\n"
                                   "sign-in\n"
                                   "wait-trust-question %3\n"
                                   "sleep 500\n"
                                   "screenshot trust %2/https-trust.png\n"
                                   "answer-trust yes\n"
                                   "wait-signed-in\n"
                                   "drop %4\n"
                                   "wait-uploads-done\n"
                                   "quit\n")
                                   .arg(kServerName, _output, question, photoFolder());
        QByteArray log;
        // No --server: the address comes from the network.
        const int code = runApp(QStringLiteral("first"), script, accountArguments(), &log);
        if (code != 0)
            qWarning().noquote() << log << "\n--- server log:\n" << _server->logTail(60);
        QCOMPARE(code, 0);

        // The question showed this server's fingerprint, the same as announced on the network.
        const QString text = readText(question);
        QVERIFY2(text.contains(QStringLiteral("127.0.0.1:%1").arg(_tlsPort)), qPrintable(text));
        const QStringList halves = QString(_fingerprint).split(QLatin1Char(':'));
        QVERIFY2(text.contains(halves.mid(0, 16).join(QLatin1Char(':'))) && text.contains(halves.mid(16).join(QLatin1Char(':'))),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("matches the fingerprint announced on your network")), qPrintable(text));

        // Every photo on the server, with the bytes of the file on disk.
        ::ApiClient user(_http.get());
        const HttpReply login = user.login(_username, _password);
        QCOMPARE(login.status, 200);
        user.token = login.json().value(QLatin1String("token")).toString().toUtf8();
        const QList<QJsonObject> files = user.listAll();
        QCOMPARE(int(files.size()), kPhotos);
        for (const QJsonObject &file : files) {
            const QString name = file.value(QLatin1String("name")).toString();
            QVERIFY2(_photoSha.contains(name), qPrintable(name));
            QCOMPARE(file.value(QLatin1String("sha256")).toString().toLatin1(), _photoSha.value(name));
        }

        // The app pinned exactly the server's certificate, and its account is the HTTPS address
        // it found (it was never given the plain port).
        QCOMPARE(pinnedFingerprint(), _fingerprint);
        const QString settings = readText(appSettingsPath());
        QVERIFY2(settings.contains(httpsAddress()), qPrintable(settings));
        QVERIFY2(!settings.contains(QStringLiteral("127.0.0.1:%1").arg(_server->port())), qPrintable(settings));

        checkPicture(_output + QStringLiteral("/https-discovered.png"));
        checkPicture(_output + QStringLiteral("/https-trust.png"));
    }

    // The server comes back with a new certificate on the same address: refused, with a warning
    // that names the change; the pin is not replaced.
    void changedCertificateIsRefused()
    {
        QVERIFY(!pinnedFingerprint().isEmpty());
        QVERIFY(_server->stop());
        const QString tlsDir = QDir(_server->dataDir()).filePath(QStringLiteral("tls"));
        QVERIFY2(QDir(tlsDir).exists(), qPrintable(tlsDir));
        QVERIFY(QDir(tlsDir).removeRecursively());
        QVERIFY2(_server->start(), qPrintable(_server->error()));
        QCOMPARE(tlsPortFromFile(), _tlsPort);
        const QString renewed = serverFingerprint();
        QCOMPARE(renewed.size(), 95);
        QVERIFY(renewed != _fingerprint);

        const QString message = _root.filePath(QStringLiteral("sign-in-error.txt"));
        const QString script = QStringLiteral(
                                   "sign-in\n"
                                   "wait-sign-in-error %1\n"
                                   "sleep 300\n"
                                   "screenshot sign-in %2/https-changed.png\n"
                                   "quit\n")
                                   .arg(message, QStringLiteral(NESTBOX_E2E_OUTPUT_DIR));
        QByteArray log;
        const int code = runApp(QStringLiteral("second"), script,
                                QStringList{QStringLiteral("--server"), httpsAddress()} + accountArguments(), &log);
        if (code != 0)
            qWarning().noquote() << log << "\n--- server log:\n" << _server->logTail(60);
        QCOMPARE(code, 0);
        const QString text = readText(message);
        qInfo().noquote() << "the app said:" << text;
        QVERIFY2(text.contains(QStringLiteral("has changed since you trusted it")), qPrintable(text));
        QVERIFY2(text.contains(renewed), qPrintable(text));
        // Still the first certificate's pin: nothing was accepted silently.
        QCOMPARE(pinnedFingerprint(), _fingerprint);
        checkPicture(QStringLiteral(NESTBOX_E2E_OUTPUT_DIR) + QStringLiteral("/https-changed.png"));
    }
};

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    TestHttpsEndToEnd test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_https_e2e.moc"
