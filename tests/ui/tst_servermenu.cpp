// The main window's Server menu, wired as the app uses it (offscreen): "Host a Server on This
// Computer…" opens the hosting dialog; starting the server there (a real nestboxd) opens the
// sign-in dialog on its loopback address, ready to create the first account; after signing up,
// "Family Accounts…" appears (the first account is the admin) and lists that account; the sign-in
// dialog's "Host a server on this computer…" link opens the same hosting dialog.

#include "AdminDialog.h"
#include "AdminUsersModel.h"
#include "HostingController.h"
#include "HostingDialog.h"
#include "MainWindow.h"
#include "ServerMenu.h"
#include "Session.h"
#include "SignInDialog.h"
#include "ApiClient.h"
#include "ServerTrustStore.h"
#include "AccountStore.h"
#include "ServerProbe.h"
#include "TokenStore.h"
#include "TrustedServersDialog.h"

#include <QAction>
#include <QCheckBox>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QMessageBox>
#include <QTimer>
#include <QTreeWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace nestbox;

namespace {
constexpr int kWaitMs = 60000;
}

class TestServerMenu : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void hostSignUpThenAdmin();
    void startsWithTheAppAndSignsInByItself();
    void trustedServersListsAndForgets();
    void signInDialogDiesWithoutProbing();

private:
    void configure(HostingController *hosting);

    QTemporaryDir _dir;
    QTcpServer _unused; // a port where no Nestbox answers (no "installed service" here)
};

void TestServerMenu::configure(HostingController *hosting)
{
    hosting->setDataDir(_dir.filePath(QStringLiteral("server")));
    hosting->setServerProgram(QStringLiteral(NESTBOXD_PATH));
    hosting->setSystemServiceUnit(QString());
    hosting->setSystemServiceUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(_unused.serverPort())));
    hosting->setPreferredTlsPort(0);
    hosting->setExtraDefines({QStringLiteral("auth.argon2_memory_kib=1024"), QStringLiteral("auth.argon2_iterations=1"),
                              QStringLiteral("discovery.enabled=false")});
}

void TestServerMenu::initTestCase()
{
    QVERIFY(_dir.isValid());
    // Test mode keeps settings, queue and tokens under $HOME/.qttest, which every checkout of
    // this user shares: a run elsewhere left "start with the app" checked under this one. A home
    // of its own (before the first QSettings, which caches the path) keeps concurrent runs apart.
    qputenv("HOME", QFile::encodeName(_dir.filePath(QStringLiteral("home"))));
    QStandardPaths::setTestModeEnabled(true);
    qputenv("NESTBOX_TOKEN_STORE", "file");
    QSettings().clear();
    QVERIFY(_unused.listen(QHostAddress::LocalHost, 0));
}

void TestServerMenu::hostSignUpThenAdmin()
{
    MainWindow window;
    window.show();
    ServerMenu *menu = window.serverMenu();
    QVERIFY(menu);
    QVERIFY(menu->hostAction()->isVisible());
    QVERIFY(menu->trustedAction()->isVisible());
    QVERIFY(!menu->adminAction()->isVisible()); // nobody signed in

    HostingController *hosting = menu->hosting();
    configure(hosting);

    menu->hostAction()->trigger();
    QVERIFY(menu->hostingDialog());
    QVERIFY(menu->hostingDialog()->isVisible());
    QTest::mouseClick(menu->hostingDialog()->startButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(window.signInDialog() && window.signInDialog()->isVisible(), kWaitMs);
    QCOMPARE(hosting->state(), HostingController::State::Running);
    SignInDialog *signIn = window.signInDialog();
    QCOMPARE(signIn->mode(), SignInDialog::Mode::SignUp);
    QCOMPARE(ServerProbe::baseUrlFromUserInput(signIn->findChild<QComboBox *>()->currentText()).value_or(QUrl()),
             hosting->localUrl());

    // The sign-in dialog's link leads to the same hosting dialog.
    menu->hostingDialog()->close();
    QTRY_VERIFY(!menu->hostingDialog() || !menu->hostingDialog()->isVisible());
    auto *hostLink = signIn->findChild<QPushButton *>(QStringLiteral("hostButton"));
    QVERIFY(hostLink && hostLink->isVisible());
    QTest::mouseClick(hostLink, Qt::LeftButton);
    QTRY_VERIFY(menu->hostingDialog() && menu->hostingDialog()->isVisible());
    QVERIFY(menu->hostingDialog()->stopButton()->isEnabled());

    signIn->setUsername(QStringLiteral("mama"));
    signIn->setPassword(QStringLiteral("family album 1"));
    QSignalSpy signedIn(window.session(), &Session::signedIn);
    signIn->submit();
    QTRY_VERIFY_WITH_TIMEOUT(!signedIn.isEmpty(), kWaitMs);
    QVERIFY2(window.session()->user().value(QLatin1String("is_admin")).toBool(), "the first account is the admin");
    QVERIFY(menu->adminAction()->isVisible());

    menu->adminAction()->trigger();
    QVERIFY(menu->adminDialog());
    QTRY_COMPARE_WITH_TIMEOUT(menu->adminDialog()->model()->rowCount(), 1, kWaitMs);
    QCOMPARE(menu->adminDialog()->model()->user(0).username, QStringLiteral("mama"));
    menu->adminDialog()->close();

    menu->hostAction()->trigger();
    QVERIFY(menu->hostingDialog());
    QTest::mouseClick(menu->hostingDialog()->stopButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(hosting->state(), HostingController::State::Stopped, 20000);
}

void TestServerMenu::startsWithTheAppAndSignsInByItself()
{
    // "Start this server whenever Nestbox starts", then a new run of the app: the server comes up
    // on the same data and the remembered account signs in with its stored token, no dialog.
    {
        MainWindow first;
        first.serverMenu()->hostAction()->trigger();
        QCheckBox *box = first.serverMenu()->hostingDialog()->startWithAppBox();
        QVERIFY(!box->isChecked());
        box->setChecked(true);
    }
    QVERIFY(QSettings().value(HostingDialog::startWithAppKey()).toBool());

    MainWindow window;
    ServerMenu *menu = window.serverMenu();
    HostingController *hosting = menu->hosting();
    configure(hosting);
    QSignalSpy signedIn(window.session(), &Session::signedIn);
    window.show();
    window.start(); // finds the remembered server not running yet
    QTRY_COMPARE_WITH_TIMEOUT(hosting->state(), HostingController::State::Running, kWaitMs);
    QVERIFY(!hosting->isFreshData());
    QTRY_VERIFY_WITH_TIMEOUT(!signedIn.isEmpty(), kWaitMs);
    QCOMPARE(window.session()->username(), QStringLiteral("mama"));
    QCOMPARE(window.session()->serverUrl(), hosting->localUrl());
    QVERIFY(menu->adminAction()->isVisible());

    // Signing out hides the admin entry again.
    window.session()->signOut();
    QTRY_VERIFY(!menu->adminAction()->isVisible());
    hosting->stop();
    QTRY_COMPARE_WITH_TIMEOUT(hosting->state(), HostingController::State::Stopped, 20000);
    QSettings().remove(HostingDialog::startWithAppKey());
}

void TestServerMenu::trustedServersListsAndForgets()
{
    MainWindow window;
    ServerTrustStore *store = window.apiClient()->trustStore();
    const QString fp = QStringLiteral("AB:").repeated(31) + QStringLiteral("AB");
    store->pin(QStringLiteral("nas.local:8443"), fp);
    window.serverMenu()->trustedAction()->trigger();
    auto *dialog = window.findChild<TrustedServersDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    auto *list = dialog->findChild<QTreeWidget *>();
    QVERIFY(list);
    QCOMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("nas.local:8443"));
    QCOMPARE(list->topLevelItem(0)->text(1), fp);
    list->setCurrentItem(list->topLevelItem(0));

    QPushButton *remove = nullptr;
    for (QPushButton *b : dialog->findChildren<QPushButton *>())
        if (b->text() == QStringLiteral("&Remove…"))
            remove = b;
    QVERIFY(remove && remove->isEnabled());
    // First "Cancel" on the confirmation: nothing is forgotten; then "Yes".
    for (const auto answer : {QMessageBox::Cancel, QMessageBox::Yes}) {
        QTimer::singleShot(200, this, [answer] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            box->button(answer)->click();
        });
        QTest::mouseClick(remove, Qt::LeftButton);
        if (answer == QMessageBox::Cancel) {
            QCOMPARE(store->pinnedFingerprint(QStringLiteral("nas.local:8443")), fp);
            list->setCurrentItem(list->topLevelItem(0));
        }
    }
    QVERIFY(store->pinnedFingerprint(QStringLiteral("nas.local:8443")).isEmpty());
    QCOMPARE(list->topLevelItemCount(), 0);
}

QTEST_MAIN(TestServerMenu)
void TestServerMenu::signInDialogDiesWithoutProbing()
{
    // Deleting a sign-in dialog whose server field has the focus: QDialog's destructor hides it,
    // the field loses the focus and emits editingFinished. That must not reach the dialog any
    // more (its members are already gone; UBSan reported it here), so no probe starts.
    QSettings settings(_dir.filePath(QStringLiteral("dies.ini")), QSettings::IniFormat);
    AccountStore accounts(&settings);
    TokenStore tokens(TokenStore::Backend::File, _dir.filePath(QStringLiteral("dies-tokens")));
    ApiClient client;
    Session session(&client, &tokens, &accounts);
    auto *dialog = new SignInDialog(&session, &accounts, client.network());
    dialog->show();
    QVERIFY(QTest::qWaitForWindowActive(dialog));
    auto *combo = dialog->findChild<QComboBox *>();
    QVERIFY(combo && combo->lineEdit());
    combo->lineEdit()->setFocus();
    QTRY_VERIFY(combo->lineEdit()->hasFocus());
    // Not an address: a probe would fail at once, so the spy sees it inside the destructor.
    QTest::keyClicks(combo->lineEdit(), QStringLiteral("not a server?"));
    auto *probe = dialog->findChild<ServerProbe *>();
    QVERIFY(probe);
    QSignalSpy probeFailed(probe, &ServerProbe::failed);
    delete dialog;
    QCOMPARE(probeFailed.count(), 0);
}

#include "tst_servermenu.moc"
