#pragma once

#include "Account.h"
#include "ApiError.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QUrl>

namespace nestbox {

class AccountStore;
class ApiClient;
class TokenStore;

// The signed-in account. Sets the ApiClient's base URL and token, keeps the token in the
// TokenStore and the account in the AccountStore. When any authenticated call answers 401 the
// token is dropped and reauthenticationRequired() asks the UI to sign in again; after signIn()
// succeeds everything waiting on the token (the upload engine) carries on. GUI thread.
class Session : public QObject {
    Q_OBJECT

public:
    Session(ApiClient *client, TokenStore *tokens, AccountStore *accounts, QObject *parent = nullptr);
    ~Session() override;

    ApiClient *client() const { return _client; }
    bool isSignedIn() const;
    bool isBusy() const { return _busy; }
    QUrl serverUrl() const { return _account.serverUrl; }
    QString username() const { return _account.username; }
    Account account() const { return _account; }
    QJsonObject user() const { return _user; } // {id, username, created_at, admin}

    // Device name sent at login (the host name by default).
    void setDeviceName(const QString &name) { _deviceName = name; }

public Q_SLOTS:
    void signIn(const QUrl &serverUrl, const QString &username, const QString &password);
    // Creates the account, then signs in with it. `invite`: an invitation code from the server's
    // administrator (needed where sign-up is closed).
    void signUp(const QUrl &serverUrl, const QString &username, const QString &password,
                const QString &invite = QString());
    // Logs out on the server (best effort), forgets the token; the account stays remembered.
    void signOut();
    // Signs in again with the last used account and its stored token (checked with GET /me).
    // False when nothing is remembered; otherwise signedIn() or signInFailed()/reauthenticationRequired() follows.
    bool restore();

Q_SIGNALS:
    void signedIn();
    void signInFailed(const nestbox::ApiError &error);
    void signedOut();
    // The token expired or was revoked: show the sign-in dialog for serverUrl()/username().
    void reauthenticationRequired();
    void busyChanged(bool busy);

private:
    void login(const QString &username, const QString &password);
    void finishSignIn(const QString &token, const QJsonObject &user);
    void fail(const ApiError &error);
    void setBusy(bool busy);
    void onAuthenticationRequired();

    ApiClient *_client;
    TokenStore *_tokens;
    AccountStore *_accounts;
    Account _account;
    QJsonObject _user;
    QString _deviceName;
    bool _busy = false;
};

} // namespace nestbox
