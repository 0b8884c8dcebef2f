#include "PutChunkJob.h"

#include "ApiClient.h"
#include "ChunkDevice.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace nestbox {

PutChunkJob::PutChunkJob(ApiClient *client, const QString &uploadId, qint64 index, const QByteArray &sha256Hex,
                         ChunkDevice *device, QObject *parent)
    : AbstractApiJob(client, parent)
    , _uploadId(uploadId)
    , _index(index)
    , _sha256(sha256Hex)
    , _device(device)
{
    _device->setParent(this);
}

PutChunkJob::~PutChunkJob() = default;

qint64 PutChunkJob::length() const
{
    return _device->size();
}

QNetworkReply *PutChunkJob::sendRequest()
{
    QNetworkRequest request =
        makeRequest(QStringLiteral("/uploads/") + _uploadId + QStringLiteral("/chunks/") + QString::number(_index));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
    request.setHeader(QNetworkRequest::ContentLengthHeader, _device->size());
    request.setRawHeader("X-Nestbox-Chunk-SHA256", _sha256);
    QNetworkReply *reply = _client->network()->put(request, _device);
    connect(reply, &QNetworkReply::uploadProgress, this, &PutChunkJob::uploadProgress);
    return reply;
}

} // namespace nestbox
