// TokenStore's keychain backend for real: a private D-Bus session bus and gnome-keyring-daemon
// (the Secret Service, unlocked with a test password) started by the test in a temp dir, QtKeychain
// talking to it. The token must land in the login keyring on disk (encrypted), not in the fallback
// file, be read back by another store, and be gone after deleteToken.
#include "TokenStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace nestbox;

class TestKeychain : public QObject {
    Q_OBJECT

private:
    QTemporaryDir _dir;
    QProcess _bus;
    QProcess _keyring;
    QString _busAddress;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), _busAddress);
        env.insert(QStringLiteral("HOME"), _dir.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), _dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), _dir.filePath(QStringLiteral("run")));
        env.remove(QStringLiteral("GNOME_KEYRING_CONTROL"));
        return env;
    }

    bool secretServiceOnBus() const
    {
        QProcess ask;
        ask.setProcessEnvironment(environment());
        ask.start(QStringLiteral("dbus-send"),
                  {QStringLiteral("--session"), QStringLiteral("--print-reply"), QStringLiteral("--dest=org.freedesktop.DBus"),
                   QStringLiteral("/org/freedesktop/DBus"), QStringLiteral("org.freedesktop.DBus.NameHasOwner"),
                   QStringLiteral("string:org.freedesktop.secrets")});
        return ask.waitForFinished(5000) && ask.readAllStandardOutput().contains("boolean true");
    }

    // gnome-keyring-daemon in the foreground, its login keyring unlocked with the test password.
    bool startKeyring()
    {
        _keyring.setProcessEnvironment(environment());
        _keyring.setProcessChannelMode(QProcess::MergedChannels);
        _keyring.start(QStringLiteral("gnome-keyring-daemon"),
                       {QStringLiteral("--foreground"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets")});
        if (!_keyring.waitForStarted(5000))
            return false;
        _keyring.write("nestbox-test-keyring");
        _keyring.closeWriteChannel();
        for (int i = 0; i < 100; ++i) {
            if (secretServiceOnBus())
                return true;
            QTest::qWait(100);
        }
        return false;
    }

    QString read(TokenStore &store, const QString &account)
    {
        QString token;
        bool got = false;
        store.readToken(account, this, [&](const QString &t) {
            token = t;
            got = true;
        });
        if (!QTest::qWaitFor([&] { return got; }, 20000))
            return QStringLiteral("<no answer>");
        return token;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon")).isEmpty()
            || QStandardPaths::findExecutable(QStringLiteral("dbus-daemon")).isEmpty())
            QSKIP("needs gnome-keyring-daemon and dbus-daemon (scripts/build-deps.sh --test installs them)");
        QVERIFY(_dir.isValid());
        for (const char *sub : {"home", "data", "run"})
            QVERIFY(QDir().mkpath(_dir.filePath(QString::fromLatin1(sub))));
        // The login keyring (created and unlocked by --unlock) is the default one, as after a
        // desktop login; without this the daemon keeps new secrets in its in-memory session keyring.
        QVERIFY(QDir().mkpath(_dir.filePath(QStringLiteral("data/keyrings"))));
        QFile defaultKeyring(_dir.filePath(QStringLiteral("data/keyrings/default")));
        QVERIFY(defaultKeyring.open(QIODevice::WriteOnly));
        defaultKeyring.write("login");
        defaultKeyring.close();
        QFile::setPermissions(_dir.filePath(QStringLiteral("run")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

        // A bus of our own: nothing of the machine's session is touched.
        _bus.start(QStringLiteral("dbus-daemon"),
                   {QStringLiteral("--session"), QStringLiteral("--nofork"), QStringLiteral("--print-address=1"),
                    QStringLiteral("--address=unix:path=") + _dir.filePath(QStringLiteral("run/bus"))});
        QVERIFY(_bus.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(_bus.canReadLine() || _bus.waitForReadyRead(100), 10000);
        _busAddress = QString::fromUtf8(_bus.readLine()).trimmed();
        QVERIFY(_busAddress.startsWith(QLatin1String("unix:")));

        // QtKeychain (libsecret) connects to the session bus of this process's environment.
        const QProcessEnvironment env = environment();
        for (const QString &key : {QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("XDG_DATA_HOME"),
                                   QStringLiteral("XDG_RUNTIME_DIR")})
            qputenv(key.toLatin1().constData(), env.value(key).toUtf8());
        qunsetenv("NESTBOX_TOKEN_STORE");
        QVERIFY2(startKeyring(), _keyring.readAll().constData());
    }

    void cleanupTestCase()
    {
        for (QProcess *p : {&_keyring, &_bus}) {
            if (p->state() != QProcess::NotRunning) {
                p->terminate();
                if (!p->waitForFinished(5000))
                    p->kill();
                p->waitForFinished();
            }
        }
    }

    void tokenLivesInTheKeyring()
    {
        const QString files = _dir.filePath(QStringLiteral("tokens"));
        const QString keyringFile = _dir.filePath(QStringLiteral("data/keyrings/login.keyring"));
        const qint64 keyringBefore = QFileInfo(keyringFile).size();
        TokenStore store(TokenStore::Backend::Automatic, files);
        bool written = false;
        bool ok = false;
        store.writeToken(QStringLiteral("anna@nas.local:8080"), QStringLiteral("token-in-keyring-1"), this, [&](bool r) {
            ok = r;
            written = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(written, 20000);
        QVERIFY(ok);
        // The keychain answered, so it is the backend, and no file fallback was written.
        QCOMPARE(store.backend(), TokenStore::Backend::Keychain);
        QVERIFY2(!QFile::exists(store.filePath()), qPrintable(store.filePath()));
        QCOMPARE(read(store, QStringLiteral("anna@nas.local:8080")), QStringLiteral("token-in-keyring-1"));
        QVERIFY(read(store, QStringLiteral("ben@nas.local:8080")).isEmpty());

        // It is in the login keyring on disk (the file grew), encrypted (no plaintext token there).
        QVERIFY2(QFileInfo(keyringFile).size() > keyringBefore, qPrintable(keyringFile));
        QFile keyring(keyringFile);
        QVERIFY(keyring.open(QIODevice::ReadOnly));
        QVERIFY(!keyring.readAll().contains("token-in-keyring-1"));
        // A second store (another window of the app) finds it there.
        TokenStore again(TokenStore::Backend::Keychain, files);
        QCOMPARE(read(again, QStringLiteral("anna@nas.local:8080")), QStringLiteral("token-in-keyring-1"));

        bool deleted = false;
        again.deleteToken(QStringLiteral("anna@nas.local:8080"), this, [&](bool r) { deleted = r; });
        QTRY_VERIFY_WITH_TIMEOUT(deleted, 20000);
        QVERIFY(read(again, QStringLiteral("anna@nas.local:8080")).isEmpty());
        QVERIFY(!QFile::exists(again.filePath()));
    }
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
