#include "DeleteFileJob.h"

#include "ApiClient.h"

#include <QNetworkAccessManager>

namespace nestbox {

DeleteFileJob::DeleteFileJob(ApiClient *client, const QString &fileId, QObject *parent)
    : AbstractApiJob(client, parent)
    , _fileId(fileId)
{
}

QNetworkReply *DeleteFileJob::sendRequest()
{
    return _client->network()->deleteResource(makeRequest(QStringLiteral("/files/") + _fileId));
}

} // namespace nestbox
