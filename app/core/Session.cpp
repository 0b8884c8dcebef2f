#include "Session.h"

#include "AccountStore.h"
#include "ApiClient.h"
#include "Logging.h"
#include "LoginJob.h"
#include "LogoutJob.h"
#include "MeJob.h"
#include "SignupJob.h"
#include "TokenStore.h"

#include <QSysInfo>

namespace nestbox {

Session::Session(ApiClient *client, TokenStore *tokens, AccountStore *accounts, QObject *parent)
    : QObject(parent)
    , _client(client)
    , _tokens(tokens)
    , _accounts(accounts)
    , _deviceName(QSysInfo::machineHostName())
{
    connect(_client, &ApiClient::authenticationRequired, this, &Session::onAuthenticationRequired);
}

Session::~Session() = default;

bool Session::isSignedIn() const
{
    return _client->hasToken() && _account.isValid();
}

void Session::setBusy(bool busy)
{
    if (_busy == busy)
        return;
    _busy = busy;
    Q_EMIT busyChanged(busy);
}

void Session::signIn(const QUrl &serverUrl, const QString &username, const QString &password)
{
    setBusy(true);
    _client->setBaseUrl(serverUrl);
    login(username, password);
}

void Session::login(const QString &username, const QString &password)
{
    auto *job = new LoginJob(_client, username, password, _deviceName, this);
    connect(job, &AbstractApiJob::finished, this, [this, job, username] {
        if (!job->succeeded()) {
            qCInfo(lcAuth) << "sign-in as" << username << "failed:" << job->error().toString();
            fail(job->error());
            return;
        }
        Account account;
        account.serverUrl = _client->baseUrl();
        account.username = job->user().value(QLatin1String("username")).toString();
        if (account.username.isEmpty())
            account.username = username;
        _account = account;
        finishSignIn(job->token(), job->user());
    });
    job->start();
}

void Session::signUp(const QUrl &serverUrl, const QString &username, const QString &password, const QString &invite)
{
    setBusy(true);
    _client->setBaseUrl(serverUrl);
    auto *job = new SignupJob(_client, username, password, invite, this);
    connect(job, &AbstractApiJob::finished, this, [this, job, username, password] {
        if (!job->succeeded()) {
            qCInfo(lcAuth) << "sign-up as" << username << "failed:" << job->error().toString();
            fail(job->error());
            return;
        }
        login(username, password);
    });
    job->start();
}

void Session::finishSignIn(const QString &token, const QJsonObject &user)
{
    _user = user;
    _accounts->remember(_account);
    _tokens->writeToken(_account.key(), token);
    qCInfo(lcAuth) << "signed in as" << _account.username << "on" << _account.serverUrl.toDisplayString();
    // last: the token change wakes up whatever waited for it (the upload engine)
    _client->setToken(token);
    setBusy(false);
    Q_EMIT signedIn();
}

void Session::fail(const ApiError &error)
{
    setBusy(false);
    Q_EMIT signInFailed(error);
}

void Session::signOut()
{
    if (_client->hasToken()) {
        auto *job = new LogoutJob(_client, _client);
        job->start();
    }
    if (_account.isValid())
        _tokens->deleteToken(_account.key());
    _client->setToken(QString());
    _user = {};
    qCInfo(lcAuth) << "signed out";
    Q_EMIT signedOut();
}

bool Session::restore()
{
    const std::optional<Account> last = _accounts->lastUsed();
    if (!last)
        return false;
    _account = *last;
    _client->setBaseUrl(_account.serverUrl);
    setBusy(true);
    _tokens->readToken(_account.key(), this, [this](const QString &token) {
        if (token.isEmpty()) {
            setBusy(false);
            Q_EMIT reauthenticationRequired();
            return;
        }
        // check the token before anything uses it; a 401 here is not an expired *running* session
        auto *job = new MeJob(_client, this);
        job->setTokenOverride(token);
        connect(job, &AbstractApiJob::finished, this, [this, job, token] {
            if (job->succeeded()) {
                finishSignIn(token, job->user());
                return;
            }
            setBusy(false);
            if (job->error().isAuthError()) {
                _tokens->deleteToken(_account.key());
                Q_EMIT reauthenticationRequired();
            } else {
                // server unreachable: keep the token for a later try
                Q_EMIT signInFailed(job->error());
            }
        });
        job->start();
    });
    return true;
}

void Session::onAuthenticationRequired()
{
    qCInfo(lcAuth) << "session token no longer accepted; asking for a new sign-in";
    if (_account.isValid())
        _tokens->deleteToken(_account.key());
    Q_EMIT reauthenticationRequired();
}

} // namespace nestbox
