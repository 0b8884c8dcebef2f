// HostingController with the real nestboxd of this build: the app hosts a server, signs up its
// first (admin) user over loopback, uploads a file with the upload engine, stops the server (SIGTERM)
// and starts it again on the same data (the file is still there, the user signs in, no second
// sign-up). Also: finding nestboxd on the PATH, using a server that already answers (the system
// service case) without starting another, a missing or failing server program, LAN addresses.

#include "AppStack.h"
#include "AppTestUtil.h"
#include "TestServer.h"

#include "AccountStore.h"
#include "AdminJob.h"
#include "ServerInfoJob.h"
#include "../../app/core/ApiClient.h"
#include "HostingController.h"
#include "ListFilesJob.h"
#include "ServerTrustStore.h"
#include "Session.h"
#include "TokenStore.h"
#include "UploadEngine.h"
#include "UploadQueue.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkInterface>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace nestbox;

namespace {
constexpr int kWaitMs = 60000;

// A controller that never picks up a server of the machine running the tests.
std::unique_ptr<HostingController> makeController(const QString &dataDir)
{
    auto c = std::make_unique<HostingController>();
    c->setDataDir(dataDir);
    c->setServerProgram(QStringLiteral(NESTBOXD_PATH));
    c->setSystemServiceUnit(QString());
    c->setSystemServiceUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(apptest::freePort())));
    c->setPreferredTlsPort(0); // parallel suites must not fight over 8443
    c->setExtraDefines({QStringLiteral("auth.argon2_memory_kib=1024"), QStringLiteral("auth.argon2_iterations=1"),
                        QStringLiteral("limits.chunk_size_min=65536"),
                        QStringLiteral("limits.chunk_size_default=65536")});
    return c;
}

bool waitState(HostingController &c, HostingController::State state, int ms = kWaitMs)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        if (c.state() == state)
            return true;
        if (c.state() == HostingController::State::Failed && state != HostingController::State::Failed)
            return false;
        QTest::qWait(20);
    }
    return c.state() == state;
}

bool processAlive(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

using App = AppStack;

QStringList listedNames(nestbox::ApiClient *client)
{
    auto *job = new ListFilesJob(client);
    job->setAutoDelete(false);
    QSignalSpy done(job, &AbstractApiJob::finished);
    job->start();
    QStringList names;
    if (done.wait(kWaitMs) && job->succeeded()) {
        const QJsonArray items = job->items();
        for (const QJsonValue &v : items)
            names.append(v.toObject().value(QLatin1String("name")).toString());
    } else {
        names.append(QStringLiteral("error: ") + job->error().toString());
    }
    delete job;
    return names;
}
} // namespace

class TestHosting : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void findsServerOnPath();
    void hostSignUpUploadStopRestart();
    void usesServerAlreadyRunning();
    void activeSystemUnitThatDoesNotAnswer();
    void missingProgramFailsClearly();
    void serverThatExitsFailsClearly();
    void lanAddresses();

private:
    QTemporaryDir _dir;
};

void TestHosting::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(_dir.isValid());
}

void TestHosting::findsServerOnPath()
{
    // The test binary has no nestboxd beside it nor in ../server, so the PATH decides.
    QTemporaryDir bin;
    QVERIFY(QFile::link(QStringLiteral(NESTBOXD_PATH), bin.filePath(QStringLiteral("nestboxd"))));
    const QByteArray oldPath = qgetenv("PATH");
    qputenv("PATH", QFile::encodeName(bin.path()));
    QString choice;
    const QString found = HostingController::findServerProgram(&choice);
    qputenv("PATH", oldPath);
    QCOMPARE(found, bin.filePath(QStringLiteral("nestboxd")));
    QVERIFY2(choice.contains(bin.path()), qPrintable(choice));

    qputenv("PATH", QFile::encodeName(_dir.filePath(QStringLiteral("empty"))));
    const QString none = HostingController::findServerProgram(&choice);
    qputenv("PATH", oldPath);
    if (!QFileInfo::exists(QStringLiteral("/usr/sbin/nestboxd")) && !QFileInfo::exists(QStringLiteral("/usr/lib/nestbox/nestboxd"))) {
        QVERIFY(none.isEmpty());
        QVERIFY(!choice.isEmpty());
    }
}

void TestHosting::hostSignUpUploadStopRestart()
{
    const QString data = _dir.filePath(QStringLiteral("hosted"));
    auto hosting = makeController(data);
    QSignalSpy ready(hosting.get(), &HostingController::ready);
    QElapsedTimer clock;
    clock.start();
    hosting->start();
    QVERIFY2(waitState(*hosting, HostingController::State::Running), qPrintable(hosting->statusText()));
    qInfo("first start (fresh data, certificate made): running in %lld ms", clock.elapsed());
    QCOMPARE(ready.size(), 1);
    QCOMPARE(hosting->mode(), HostingController::Mode::Bundled);
    QVERIFY(hosting->isFreshData());
    QVERIFY(processAlive(hosting->processId()));
    QVERIFY(QFileInfo::exists(data + QStringLiteral("/nestbox.db")));
    const QUrl local = hosting->localUrl();
    QCOMPARE(local.host(), QStringLiteral("127.0.0.1"));
    QVERIFY(local.port() > 0);
    QCOMPARE(ready.first().first().toUrl(), local);
    if (hosting->tlsPort() > 0) {
        // The fingerprint the app shows is the one the server itself reports.
        QProcess fp;
        fp.start(QStringLiteral(NESTBOXD_PATH), {QStringLiteral("tls"), QStringLiteral("fingerprint"),
                                                 QStringLiteral("--data-dir=") + data});
        QVERIFY(fp.waitForFinished(30000));
        QCOMPARE(hosting->fingerprint(), QString::fromLatin1(fp.readAllStandardOutput().trimmed()));
        QVERIFY(ServerTrustStore::isFingerprint(hosting->fingerprint()));
        QVERIFY(hosting->invitationText().contains(hosting->fingerprint()));
        QVERIFY(hosting->invitationText().contains(QStringLiteral(":%1").arg(hosting->tlsPort())));
        QVERIFY(hosting->shareUrl().startsWith(QStringLiteral("https://")));
    } else {
        qWarning("this nestboxd opened no TLS port: fingerprint and invitation not checked");
    }

    const QString appDir = _dir.filePath(QStringLiteral("app"));
    QDir().mkpath(appDir);
    const QString photo = apptest::makeFile(_dir.filePath(QStringLiteral("files")), QStringLiteral("garden.jpg"),
                                            200 * 1024 + 17, 7);
    {
        App app(appDir);
        QSignalSpy signedIn(&app.session, &Session::signedIn);
        QSignalSpy failed(&app.session, &Session::signInFailed);
        app.session.signUp(local, QStringLiteral("mama"), QStringLiteral("family album 1"));
        QVERIFY(signedIn.wait(kWaitMs) || !signedIn.isEmpty());
        QVERIFY(failed.isEmpty());
        const QJsonObject user = app.session.user();
        QVERIFY2(user.value(QLatin1String("is_admin")).toBool(), "the first user of a hosted server looks after it");

        UploadQueue queue(_dir.filePath(QStringLiteral("queue.sqlite")));
        QVERIFY(queue.open());
        UploadEngine engine(&app.client, &queue);
        QSignalSpy batch(&engine, &UploadEngine::batchFinished);
        const QList<qint64> ids = engine.addFiles({photo});
        QCOMPARE(ids.size(), 1);
        QVERIFY(batch.wait(kWaitMs));
        QCOMPARE(batch.first().at(0).toInt(), 1);
        QCOMPARE(listedNames(&app.client), QStringList{QStringLiteral("garden.jpg")});
    }

    // Stop: SIGTERM, the process goes, the state says so.
    const qint64 pid = hosting->processId();
    const int port = local.port();
    clock.restart();
    hosting->stop();
    QCOMPARE(hosting->state(), HostingController::State::Stopping);
    QVERIFY(waitState(*hosting, HostingController::State::Stopped, 20000));
    qInfo("stop (SIGTERM): exited in %lld ms", clock.elapsed());
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 10000);
    QVERIFY(hosting->statusText().contains(QStringLiteral("Not running")));

    // A second start (a new app run) reuses the data: same port, no sign-up, the file is listed.
    hosting = makeController(data);
    clock.restart();
    hosting->start();
    QVERIFY2(waitState(*hosting, HostingController::State::Running), qPrintable(hosting->statusText()));
    qInfo("second start (same data): running in %lld ms", clock.elapsed());
    QVERIFY(!hosting->isFreshData());
    QCOMPARE(hosting->localUrl().port(), port);
    {
        App app(appDir);
        QSignalSpy signedIn(&app.session, &Session::signedIn);
        app.session.signIn(hosting->localUrl(), QStringLiteral("mama"), QStringLiteral("family album 1"));
        QVERIFY(signedIn.wait(kWaitMs) || !signedIn.isEmpty());
        QCOMPARE(listedNames(&app.client), QStringList{QStringLiteral("garden.jpg")});

        // Now that the album has its admin, strangers on the network cannot sign up; the family
        // joins with an invitation code from the admin.
        auto *info = new ServerInfoJob(&app.client);
        info->setAutoDelete(false);
        QSignalSpy infoDone(info, &AbstractApiJob::finished);
        info->start();
        QVERIFY(infoDone.wait(kWaitMs));
        QVERIFY(info->info());
        QVERIFY(!info->info()->signupOpen);
        delete info;
        auto *invite = AdminJob::createInvite(&app.client, 24);
        invite->setAutoDelete(false);
        QSignalSpy inviteDone(invite, &AbstractApiJob::finished);
        invite->start();
        QVERIFY(inviteDone.wait(kWaitMs));
        QVERIFY2(invite->succeeded(), qPrintable(invite->error().toString()));
        const QString code = invite->inviteCode();
        delete invite;

        const QString otherDir = _dir.filePath(QStringLiteral("app2"));
        QDir().mkpath(otherDir);
        App papa(otherDir);
        QSignalSpy papaFailed(&papa.session, &Session::signInFailed);
        papa.session.signUp(hosting->localUrl(), QStringLiteral("papa"), QStringLiteral("family album 2"));
        QVERIFY(papaFailed.wait(kWaitMs) || !papaFailed.isEmpty());
        QVERIFY(papaFailed.first().first().value<ApiError>().is(ErrorCode::SignupClosed));
        QSignalSpy papaIn(&papa.session, &Session::signedIn);
        papa.session.signUp(hosting->localUrl(), QStringLiteral("papa"), QStringLiteral("family album 2"), code);
        QVERIFY(papaIn.wait(kWaitMs) || !papaIn.isEmpty());
        QVERIFY(!papa.session.user().value(QLatin1String("is_admin")).toBool());
    }
    hosting->stop();
    QVERIFY(waitState(*hosting, HostingController::State::Stopped, 20000));
}

void TestHosting::usesServerAlreadyRunning()
{
    TestServer::Options options;
    const QString portFile = _dir.filePath(QStringLiteral("installed-tls.port"));
    options.defines << QStringLiteral("tls.enabled=true") << QStringLiteral("tls.port=0")
                    << QStringLiteral("tls.port_file=") + portFile << QStringLiteral("discovery.enabled=false");
    TestServer installed(options);
    QVERIFY2(installed.start(), qPrintable(installed.error()));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(portFile).size() > 0, 20000);
    QFile portIn(portFile);
    QVERIFY(portIn.open(QIODevice::ReadOnly));
    const int tlsPort = portIn.readAll().trimmed().toInt();
    auto hosting = makeController(_dir.filePath(QStringLiteral("unused")));
    hosting->setSystemServiceUrl(installed.baseUrl());
    hosting->start();
    QVERIFY2(waitState(*hosting, HostingController::State::Running), qPrintable(hosting->statusText()));
    QCOMPARE(hosting->mode(), HostingController::Mode::SystemService);
    QCOMPARE(hosting->localUrl(), installed.baseUrl());
    QCOMPARE(hosting->processId(), 0);
    // Its HTTPS port and certificate come from the server itself.
    QCOMPARE(hosting->tlsPort(), tlsPort);
    const auto fp = installed.runCommand({QStringLiteral("tls"), QStringLiteral("fingerprint")});
    QCOMPARE(hosting->fingerprint(), QString::fromLatin1(fp.output.trimmed()));
    QVERIFY(hosting->invitationText().contains(QStringLiteral(":%1").arg(tlsPort)));
    QVERIFY(!QFileInfo::exists(_dir.filePath(QStringLiteral("unused/nestbox.db"))));
    // Stopping only lets go of it: the installed service is not the app's to stop.
    hosting->stop();
    QCOMPARE(hosting->state(), HostingController::State::Stopped);
    QVERIFY(installed.isRunning());
}

void TestHosting::activeSystemUnitThatDoesNotAnswer()
{
    // No systemd here: a stand-in `systemctl` on the PATH says the unit is active (exit 0); the
    // controller must then neither start a second server nor pretend the service works.
    QTemporaryDir bin;
    QFile script(bin.filePath(QStringLiteral("systemctl")));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\n[ \"$1 $2 $3\" = \"is-active --quiet nestbox-server.service\" ] && exit 0\nexit 3\n");
    script.close();
    QVERIFY(script.setPermissions(QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    const QByteArray oldPath = qgetenv("PATH");
    qputenv("PATH", QFile::encodeName(bin.path()) + ':' + oldPath);
    auto hosting = makeController(_dir.filePath(QStringLiteral("unit")));
    hosting->setSystemServiceUnit(QStringLiteral("nestbox-server.service"));
    QSignalSpy failed(hosting.get(), &HostingController::failed);
    hosting->start();
    const bool ended = waitState(*hosting, HostingController::State::Failed, 20000);
    qputenv("PATH", oldPath);
    QVERIFY(ended);
    QCOMPARE(hosting->mode(), HostingController::Mode::SystemService);
    QVERIFY2(hosting->errorString().contains(QStringLiteral("does not answer")), qPrintable(hosting->errorString()));
    QCOMPARE(hosting->processId(), 0);
    QVERIFY(!QFileInfo::exists(_dir.filePath(QStringLiteral("unit/nestbox.db"))));
}

void TestHosting::missingProgramFailsClearly()
{
    auto hosting = makeController(_dir.filePath(QStringLiteral("missing")));
    hosting->setServerProgram(_dir.filePath(QStringLiteral("no-such-nestboxd")));
    QSignalSpy failed(hosting.get(), &HostingController::failed);
    hosting->start();
    QVERIFY(waitState(*hosting, HostingController::State::Failed, 20000));
    QCOMPARE(failed.size(), 1);
    QVERIFY2(hosting->errorString().contains(QStringLiteral("no-such-nestboxd")), qPrintable(hosting->errorString()));
    QVERIFY(hosting->statusText().startsWith(QStringLiteral("Could not start")));
}

void TestHosting::serverThatExitsFailsClearly()
{
    // A data dir that is a file: nestboxd refuses to start and says why in its log.
    const QString data = _dir.filePath(QStringLiteral("blocked"));
    auto hosting = makeController(data);
    QDir().mkpath(data + QStringLiteral("/run"));
    QFile blocker(data + QStringLiteral("/nestbox.db"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.write("this is not a SQLite database, it is a text file");
    blocker.close();
    QSignalSpy failed(hosting.get(), &HostingController::failed);
    hosting->start();
    QVERIFY(waitState(*hosting, HostingController::State::Failed, kWaitMs));
    QVERIFY2(hosting->errorString().contains(QStringLiteral("exited")), qPrintable(hosting->errorString()));
    // The stored file is not touched.
    QFile check(data + QStringLiteral("/nestbox.db"));
    QVERIFY(check.open(QIODevice::ReadOnly));
    QCOMPARE(check.readAll(), QByteArray("this is not a SQLite database, it is a text file"));
}

void TestHosting::lanAddresses()
{
    bool hasLan = false;
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &iface : interfaces) {
        if (iface.flags().testFlag(QNetworkInterface::IsLoopBack) || !iface.flags().testFlag(QNetworkInterface::IsUp)
            || !iface.flags().testFlag(QNetworkInterface::IsRunning))
            continue;
        for (const QNetworkAddressEntry &e : iface.addressEntries())
            if (!e.ip().isLoopback() && !(e.ip().protocol() == QAbstractSocket::IPv6Protocol && e.ip().isLinkLocal()))
                hasLan = true;
    }
    if (!hasLan)
        QSKIP("this machine has no non-loopback interface that is up with an address");
    const QStringList addresses = HostingController::lanAddresses();
    QVERIFY(!addresses.isEmpty());
    for (const QString &a : addresses) {
        const QHostAddress ip(a);
        QVERIFY2(!ip.isNull() && !ip.isLoopback(), qPrintable(a));
    }
}

QTEST_GUILESS_MAIN(TestHosting)
#include "tst_hosting.moc"
