#include "LogoutJob.h"

#include "ApiClient.h"

#include <QNetworkAccessManager>

namespace nestbox {

LogoutJob::LogoutJob(ApiClient *client, QObject *parent)
    : AbstractApiJob(client, parent)
{
}

QNetworkReply *LogoutJob::sendRequest()
{
    return _client->network()->post(makeRequest(QStringLiteral("/auth/logout")), QByteArray());
}

} // namespace nestbox
