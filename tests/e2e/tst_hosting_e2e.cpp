// The hosting, trust and admin windows of the app under Xvfb with a real nestboxd that the app
// hosts itself (HostingController, TLS on): the hosting dialog shows the running server and its
// invitation; the sign-in dialog, given the server's https address, asks "Trust this server?" with
// the fingerprint the hosting dialog shows, and after "Trust" signs up the first (admin) user over
// https; the admin dialog lists the family's accounts. Each window is saved as a PNG (into
// NESTBOX_SCREENSHOT_DIR when set, e.g. docs/screenshots, else this build directory). With the
// avahi fixture (NESTBOX_TEST_AVAHI_ENV) the sign-in dialog also lists the server it finds on the
// network and the question says the fingerprint matches the announced one.

#include "../support/ApiClient.h"
#include "../support/FixtureEnv.h"
#include "../support/HttpClient.h"
#include "SampledColours.h"
#include "XvfbDisplay.h"

using UserApi = ::ApiClient;

#include "../../app/core/ApiClient.h"
#include "AccountStore.h"
#include "AdminDialog.h"
#include "AdminUsersModel.h"
#include "DiscoveryModel.h"
#include "HostingController.h"
#include "HostingDialog.h"
#include "ServerTrustStore.h"
#include "Session.h"
#include "SignInDialog.h"
#include "TokenStore.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace nestbox;

namespace {
constexpr int kWaitMs = 60000;

} // namespace

class TestHostingE2E : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void hostingDialog();
    void trustQuestionThenSignUp();
    void adminDialog();
    void changedCertificateIsRefused();
    void cleanupTestCase();

private:
    void save(QWidget *widget, const QString &name);

    QTemporaryDir _dir;
    QString _output;
    bool _discovery = false;
    std::unique_ptr<HostingController> _hosting;
    std::unique_ptr<QSettings> _settings;
    std::unique_ptr<AccountStore> _accounts;
    std::unique_ptr<TokenStore> _tokens;
    std::unique_ptr<ServerTrustStore> _trust;
    std::unique_ptr<nestbox::ApiClient> _client;
    std::unique_ptr<Session> _session;
};

void TestHostingE2E::save(QWidget *widget, const QString &name)
{
    QTest::qWait(300); // let the window settle (fonts, layout)
    const QImage image = widget->grab().toImage();
    const QString path = QDir(_output).filePath(name);
    QVERIFY2(image.save(path), qPrintable(path));
    QVERIFY(image.width() >= 300 && image.height() >= 150);
    QVERIFY2(sampledColours(image, 5) > 10, qPrintable(name)); // something was painted
    qInfo().noquote() << name << image.size() << QFileInfo(path).size() / 1024 << "KiB";
}

void TestHostingE2E::initTestCase()
{
    QVERIFY(_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    _output = qEnvironmentVariable("NESTBOX_SCREENSHOT_DIR", QStringLiteral(NESTBOX_E2E_OUTPUT_DIR));
    QVERIFY(QDir().mkpath(_output));
    _discovery = !qEnvironmentVariableIsEmpty("DBUS_SYSTEM_BUS_ADDRESS");
    QSettings().remove(QStringLiteral("signIn/servers")); // addresses remembered by an earlier run

    _hosting = std::make_unique<HostingController>();
    _hosting->setDataDir(_dir.filePath(QStringLiteral("server")));
    _hosting->setServerProgram(QStringLiteral(NESTBOXD_PATH));
    _hosting->setSystemServiceUnit(QString());
    _hosting->setSystemServiceUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(FixtureEnv::freePort())));
    _hosting->setPreferredTlsPort(0);
    _hosting->setExtraDefines({QStringLiteral("auth.argon2_memory_kib=1024"), QStringLiteral("auth.argon2_iterations=1"),
                               QStringLiteral("server.name=Our family album")});

    _settings = std::make_unique<QSettings>(_dir.filePath(QStringLiteral("app.ini")), QSettings::IniFormat);
    _accounts = std::make_unique<AccountStore>(_settings.get());
    _tokens = std::make_unique<TokenStore>(TokenStore::Backend::File, _dir.filePath(QStringLiteral("tokens")));
    _trust = std::make_unique<ServerTrustStore>(_settings.get());
    _client = std::make_unique<nestbox::ApiClient>();
    _client->setTrustStore(_trust.get());
    _session = std::make_unique<Session>(_client.get(), _tokens.get(), _accounts.get());
}

void TestHostingE2E::cleanupTestCase()
{
    if (_hosting && _hosting->state() == HostingController::State::Running) {
        _hosting->stop();
        QTRY_COMPARE_WITH_TIMEOUT(_hosting->state(), HostingController::State::Stopped, 20000);
    }
}

void TestHostingE2E::hostingDialog()
{
    HostingDialog dialog(_hosting.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.startButton()->isEnabled());
    QVERIFY(!dialog.stopButton()->isEnabled());
    QTest::mouseClick(dialog.startButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(_hosting->state(), HostingController::State::Running, kWaitMs);
    if (_hosting->tlsPort() <= 0)
        QSKIP("this nestboxd opens no TLS port: nothing to trust");
    QVERIFY(dialog.stopButton()->isEnabled());
    QVERIFY(!dialog.startButton()->isEnabled());
    QVERIFY(dialog.statusText().startsWith(QStringLiteral("Running")));
    QVERIFY(dialog.invitationText().contains(_hosting->fingerprint()));
    QVERIFY(dialog.invitationText().startsWith(QStringLiteral("Join our family album")));
    save(&dialog, QStringLiteral("hosting.png"));
}

void TestHostingE2E::trustQuestionThenSignUp()
{
    if (_hosting->tlsPort() <= 0)
        QSKIP("no TLS port");
    SignInDialog dialog(_session.get(), _accounts.get(), _client->network());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QString https = QStringLiteral("https://127.0.0.1:%1").arg(_hosting->tlsPort());
    if (_discovery) {
        // The hosted server announces itself: pick it from the list as a family member would.
        auto *list = dialog.findChild<QListView *>(QStringLiteral("discoveredServers"));
        QVERIFY(list);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.discoveryModel()->rowOfFingerprint(_hosting->fingerprint()) >= 0, kWaitMs);
        const int row = dialog.discoveryModel()->rowOfFingerprint(_hosting->fingerprint());
        save(&dialog, QStringLiteral("sign-in-discovered.png"));
        const QRect rect = list->visualRect(dialog.discoveryModel()->index(row));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
    } else {
        dialog.setServerAddress(https);
    }
    dialog.setMode(SignInDialog::Mode::SignUp);
    dialog.setUsername(QStringLiteral("mama"));
    dialog.setPassword(QStringLiteral("family album 1"));
    dialog.submit();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.trustQuestion() && dialog.trustQuestion()->isVisible(), kWaitMs);
    QMessageBox *question = dialog.trustQuestion();
    QVERIFY2(question->text().contains(ServerTrustStore::fingerprintForDisplay(_hosting->fingerprint())),
             qPrintable(question->text()));
    if (_discovery)
        QVERIFY(question->text().contains(QStringLiteral("matches the fingerprint announced")));
    QVERIFY(_trust->pins().isEmpty()); // nothing trusted before the answer
    save(question, QStringLiteral("trust-question.png"));

    QSignalSpy signedIn(_session.get(), &Session::signedIn);
    QPushButton *trust = nullptr;
    for (QAbstractButton *b : question->buttons())
        if (question->buttonRole(b) == QMessageBox::AcceptRole)
            trust = qobject_cast<QPushButton *>(b);
    QVERIFY(trust);
    QTest::mouseClick(trust, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!signedIn.isEmpty(), kWaitMs);
    QCOMPARE(_trust->pins().size(), 1);
    QCOMPARE(_trust->pins().first().fingerprint, _hosting->fingerprint());
    QCOMPARE(_session->serverUrl().scheme(), QStringLiteral("https"));
    const QJsonObject user = _session->user();
    QVERIFY(user.value(QLatin1String("is_admin")).toBool() || user.value(QLatin1String("admin")).toBool());
}

void TestHostingE2E::adminDialog()
{
    if (!_session->isSignedIn())
        QSKIP("not signed in (no TLS)");
    // Two more family members with photos, through the plain loopback port.
    HttpClient http(_hosting->localUrl());
    for (const QString &name : {QStringLiteral("papa"), QStringLiteral("lea")}) {
        UserApi api(&http);
        QCOMPARE(api.signup(name, QStringLiteral("family album 2")).status, 201);
        QCOMPARE(api.login(name, QStringLiteral("family album 2")).status, 200);
    }
    UserApi lea(&http);
    const HttpReply login = lea.login(QStringLiteral("lea"), QStringLiteral("family album 2"));
    lea.token = QJsonDocument::fromJson(login.body).object().value(QLatin1String("token")).toString().toUtf8();
    QVERIFY(!lea.uploadFile(QStringLiteral("beach.jpg"), QByteArray(1536 * 1024, 'x')).isEmpty());

    AdminDialog dialog(_client.get(), _session->username());
    QSignalSpy loaded(dialog.model(), &AdminUsersModel::loaded);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), kWaitMs);
    QCOMPARE(dialog.model()->rowCount(), 3);
    QVERIFY(dialog.model()->user(dialog.model()->rowOfUsername(QStringLiteral("lea"))).bytes >= 1536 * 1024);
    QSignalSpy invited(dialog.model(), &AdminUsersModel::inviteCreated);
    dialog.model()->createInvite();
    QTRY_VERIFY_WITH_TIMEOUT(!invited.isEmpty(), kWaitMs);
    QTRY_VERIFY(!dialog.inviteCode().isEmpty());
    dialog.view()->selectRow(dialog.model()->rowOfUsername(QStringLiteral("lea")));
    save(&dialog, QStringLiteral("admin.png"));
}

void TestHostingE2E::changedCertificateIsRefused()
{
    if (_hosting->tlsPort() <= 0)
        QSKIP("no TLS port");
    // As if the server had come back with another certificate: the pin no longer matches.
    const QString server = ServerTrustStore::serverKey(QStringLiteral("127.0.0.1"), _hosting->tlsPort());
    const QString pinned = _trust->pinnedFingerprint(server);
    _trust->pin(server, QStringLiteral("00").repeated(32));
    _session->signOut();
    // A server that changed its certificate has restarted: no connection of before survives.
    _client->network()->clearConnectionCache();
    SignInDialog dialog(_session.get(), _accounts.get(), _client->network());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.setServerAddress(QStringLiteral("https://127.0.0.1:%1").arg(_hosting->tlsPort()));
    dialog.setUsername(QStringLiteral("mama"));
    dialog.setPassword(QStringLiteral("family album 1"));
    dialog.submit();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.messageText().contains(QStringLiteral("has changed")), kWaitMs);
    QVERIFY(!dialog.trustQuestion());
    QVERIFY(!_session->isSignedIn());
    QVERIFY(dialog.messageText().contains(pinned.left(11)));
    QCOMPARE(_trust->pinnedFingerprint(server), QStringLiteral("00:").repeated(31) + QStringLiteral("00"));
    save(&dialog, QStringLiteral("certificate-changed.png"));
}

// Xvfb first, then the QApplication on it.
int main(int argc, char **argv)
{
    XvfbDisplay xvfb;
    if (qEnvironmentVariableIsEmpty("NESTBOX_E2E_USE_DISPLAY")) {
        if (!xvfb.start(90 + int(QCoreApplication::applicationPid() % 50), 200, QStringLiteral("1280x900x24"))) {
            fprintf(stderr, "cannot start Xvfb (apt install xvfb)\n");
            return 1;
        }
        qputenv("DISPLAY", xvfb.display().toLocal8Bit());
        qputenv("QT_QPA_PLATFORM", "xcb");
    }
    // With the avahi fixture the app (and the server it hosts) use its private system bus.
    const QString bus = FixtureEnv::avahiSystemBus();
    if (!bus.isEmpty())
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", bus.toUtf8());
    else
        qunsetenv("DBUS_SYSTEM_BUS_ADDRESS");
    int rc = 0;
    {
        QApplication app(argc, argv);
        app.setApplicationName(QStringLiteral("nestbox-hosting-e2e"));
        app.setWindowIcon(QIcon(QStringLiteral(":/icons/nestbox.svg")));
        TestHostingE2E test;
        rc = QTest::qExec(&test, argc, argv);
    }
    xvfb.stop();
    return rc;
}

#include "tst_hosting_e2e.moc"
