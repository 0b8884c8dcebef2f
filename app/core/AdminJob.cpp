#include "AdminJob.h"

#include "ApiClient.h"

#include <QNetworkAccessManager>

namespace nestbox {

AdminJob::AdminJob(ApiClient *client, const QByteArray &verb, const QString &path, const QJsonObject &body,
                   QObject *parent)
    : AbstractApiJob(client, parent)
    , _verb(verb)
    , _path(path)
    , _body(body)
{
}

AdminJob *AdminJob::listUsers(ApiClient *client, QObject *parent)
{
    return new AdminJob(client, QByteArrayLiteral("GET"), QStringLiteral("/admin/users"), {}, parent);
}

AdminJob *AdminJob::createUser(ApiClient *client, const QString &username, const QString &password, QObject *parent)
{
    return new AdminJob(client, QByteArrayLiteral("POST"), QStringLiteral("/admin/users"),
                        QJsonObject{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}},
                        parent);
}

AdminJob *AdminJob::setDisabled(ApiClient *client, const QString &userId, bool disabled, QObject *parent)
{
    return new AdminJob(client, QByteArrayLiteral("PATCH"),
                        QStringLiteral("/admin/users/") + QString::fromLatin1(QUrl::toPercentEncoding(userId)),
                        QJsonObject{{QStringLiteral("disabled"), disabled}}, parent);
}

AdminJob *AdminJob::resetPassword(ApiClient *client, const QString &userId, const QString &newPassword, QObject *parent)
{
    return new AdminJob(client, QByteArrayLiteral("POST"),
                        QStringLiteral("/admin/users/") + QString::fromLatin1(QUrl::toPercentEncoding(userId))
                            + QStringLiteral("/password"),
                        QJsonObject{{QStringLiteral("new_password"), newPassword}}, parent);
}

AdminJob *AdminJob::createInvite(ApiClient *client, int ttlHours, QObject *parent)
{
    QJsonObject body;
    if (ttlHours > 0)
        body.insert(QStringLiteral("ttl_hours"), ttlHours);
    return new AdminJob(client, QByteArrayLiteral("POST"), QStringLiteral("/admin/invites"), body, parent);
}

QNetworkReply *AdminJob::sendRequest()
{
    QNetworkRequest request = makeRequest(_path);
    if (_verb == "GET")
        return _client->network()->get(request);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return _client->network()->sendCustomRequest(request, _verb, toJson(_body));
}

} // namespace nestbox
