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

QNetworkReply *SignupJob::sendRequest()
{
    QNetworkRequest request = makeRequest(QStringLiteral("/auth/signup"));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return _client->network()->post(
        request, toJson(QJsonObject{{QStringLiteral("username"), _username}, {QStringLiteral("password"), _password}}));
}

} // namespace nestbox
