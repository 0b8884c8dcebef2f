#include "SignupJob.h"

#include "ApiClient.h"

#include <QNetworkAccessManager>

namespace nestbox {

SignupJob::SignupJob(ApiClient *client, const QString &username, const QString &password, QObject *parent)
    : AbstractApiJob(client, parent)
    , _username(username)
    , _password(password)
{
    setAuthenticated(false);
}

SignupJob::SignupJob(ApiClient *client, const QString &username, const QString &password, const QString &invite,
                     QObject *parent)
    : SignupJob(client, username, password, parent)
{
    _invite = invite.trimmed();
}

QNetworkReply *SignupJob::sendRequest()
{
    QNetworkRequest request = makeRequest(QStringLiteral("/auth/signup"));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QJsonObject body{{QStringLiteral("username"), _username}, {QStringLiteral("password"), _password}};
    if (!_invite.isEmpty())
        body.insert(QStringLiteral("invite"), _invite);
    return _client->network()->post(request, toJson(body));
}

} // namespace nestbox
