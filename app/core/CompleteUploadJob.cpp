#include "CompleteUploadJob.h"

#include "ApiClient.h"

#include <QNetworkAccessManager>

namespace nestbox {

CompleteUploadJob::CompleteUploadJob(ApiClient *client, const QString &uploadId, QObject *parent)
    : AbstractApiJob(client, parent)
    , _uploadId(uploadId)
{
    // assembling and hashing a large file takes the server a while
    setTimeout(std::chrono::minutes(10));
}

QNetworkReply *CompleteUploadJob::sendRequest()
{
    return _client->network()->post(
        makeRequest(QStringLiteral("/uploads/") + _uploadId + QStringLiteral("/complete")), QByteArray());
}

} // namespace nestbox
