#include "CancelUploadJob.h"

#include "ApiClient.h"

#include <QNetworkAccessManager>

namespace nestbox {

CancelUploadJob::CancelUploadJob(ApiClient *client, const QString &uploadId, QObject *parent)
    : AbstractApiJob(client, parent)
    , _uploadId(uploadId)
{
}

QNetworkReply *CancelUploadJob::sendRequest()
{
    return _client->network()->deleteResource(makeRequest(QStringLiteral("/uploads/") + _uploadId));
}

} // namespace nestbox
