#include "LoginJob.h"

#include "ApiClient.h"

#include <QNetworkAccessManager>

namespace nestbox {

LoginJob::LoginJob(ApiClient *client, const QString &username, const QString &password, const QString &device,
                   QObject *parent)
    : AbstractApiJob(client, parent)
    , _username(username)
    , _password(password)
    , _device(device)
{
    setAuthenticated(false);
}

QNetworkReply *LoginJob::sendRequest()
{
    QNetworkRequest request = makeRequest(QStringLiteral("/auth/login"));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QJsonObject body{{QStringLiteral("username"), _username}, {QStringLiteral("password"), _password}};
    if (!_device.isEmpty())
        body.insert(QStringLiteral("device"), _device);
    return _client->network()->post(request, toJson(body));
}

ApiError LoginJob::parseResponse()
{
    _token = json().value(QLatin1String("token")).toString();
    _expiresAt = QDateTime::fromString(json().value(QLatin1String("expires_at")).toString(), Qt::ISODateWithMs);
    if (_token.isEmpty()) {
        ApiError e;
        e.kind = ApiError::Kind::NotNestbox;
        e.httpStatus = httpStatus();
        e.message = tr("The server accepted the sign-in but sent no session token.");
        return e;
    }
    return {};
}

} // namespace nestbox
