#pragma once

#include "ApiError.h"
#include "ServerInfo.h"
#include "ServerProbe.h"

#include <QDialog>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QMessageBox;
class QPushButton;

namespace nestbox {

class AccountStore;
class DiscoveryModel;
class Session;

// Connect and sign in: the server address (remembered, several servers), the user name (the
// accounts remembered for that server), the password; "Create account" when the server says
// sign-up is open. The address is checked with ServerProbe first so an unreachable server and a
// web server that is not Nestbox get their own clear message; then Session signs in (or up), and
// the dialog accepts once Session::signedIn() arrives. In re-authentication mode (an expired
// session) the account is fixed and the dialog says why it is asking. A server whose self-signed
// certificate is not trusted yet gets one question with its fingerprint ("Trust this server?"); a
// changed certificate is refused with a warning. The servers found on the home network
// (DiscoveryModel) are listed under the address; "Host a server on this computer…" asks the main
// window for the hosting dialog (hostRequested()). GUI thread.
class SignInDialog : public QDialog {
    Q_OBJECT

public:
    enum class Mode { SignIn, SignUp };

    SignInDialog(Session *session, AccountStore *accounts, QNetworkAccessManager *network, QWidget *parent = nullptr);
    ~SignInDialog() override;

    void setServerAddress(const QString &address);
    void setUsername(const QString &username);
    void setPassword(const QString &password);
    // The invitation code for a sign-up (from the server's administrator).
    void setInviteCode(const QString &code);
    // The session expired: ask again for this account's password and say so.
    void setReauthentication(const QString &address, const QString &username);
    void setMode(Mode mode);
    Mode mode() const { return _mode; }
    bool isBusy() const;
    // What the user sees in the message box (for tests and automation).
    QString messageText() const;
    // The fingerprint a discovered server announced for the address now filled in (shown in the
    // trust question when it matches, warned about when it does not).
    void setExpectedFingerprint(const QString &fingerprint) { _expectedFingerprint = fingerprint; }
    // The open "Trust this server?" question, if any (tests, screenshots).
    QMessageBox *trustQuestion() const { return _trustQuestion; }
    DiscoveryModel *discoveryModel() const { return _discovery; }

public Q_SLOTS:
    // The default button: checks the server, then signs in or creates the account.
    void submit();

Q_SIGNALS:
    void failed(const QString &message);
    void hostRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    enum class MessageKind { Info, Progress, Error };

    void onServerEdited();
    void onProbeSucceeded(const nestbox::ServerInfo &info);
    void onProbeFailed(nestbox::ServerProbe::Failure failure, const QString &message);
    void onSignInFailed(const nestbox::ApiError &error);
    void onSignedIn();
    void askTrust(const QUrl &url, const QString &fingerprint);
    void proceedWithSession();
    void fillUsernames();
    void updateWidgets();
    void showMessage(MessageKind kind, const QString &text);
    QString errorText(const ApiError &error) const;
    QStringList rememberedServers() const;
    void rememberServer(const QString &address) const;

    Session *_session;
    AccountStore *_accounts;
    ServerProbe *_probe;
    QLabel *_heading;
    QLabel *_intro;
    QComboBox *_serverCombo;
    QComboBox *_userCombo;
    QLineEdit *_passwordEdit;
    QLabel *_confirmLabel;
    QLineEdit *_confirmEdit;
    QLabel *_inviteLabel;
    QLineEdit *_inviteEdit;
    QLabel *_messageLabel;
    QPushButton *_modeButton;
    QPushButton *_submitButton;
    QPushButton *_cancelButton;
    DiscoveryModel *_discovery = nullptr;
    QListView *_discoveredList = nullptr;
    QLabel *_discoveryStatus = nullptr;
    QPushButton *_hostButton = nullptr;
    QMessageBox *_trustQuestion = nullptr;
    QString _expectedFingerprint;
    std::optional<ServerInfo> _serverInfo;
    QUrl _probedUrl;
    Mode _mode = Mode::SignIn;
    bool _submitting = false;
    bool _reauthentication = false;
};

} // namespace nestbox
