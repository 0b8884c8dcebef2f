#include "ProofJob.h"

#include "ApiClient.h"

#include <QNetworkAccessManager>

namespace nestbox {

ProofJob::ProofJob(ApiClient *client, const QString &uploadId, const QString &proofHex, QObject *parent)
    : AbstractApiJob(client, parent)
    , _uploadId(uploadId)
    , _proof(proofHex)
{
}

QNetworkReply *ProofJob::sendRequest()
{
    QNetworkRequest request = makeRequest(QStringLiteral("/uploads/") + _uploadId + QStringLiteral("/proof"));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return _client->network()->post(request, toJson(QJsonObject{{QStringLiteral("proof"), _proof}}));
}

} // namespace nestbox
