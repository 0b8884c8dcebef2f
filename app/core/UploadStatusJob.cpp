#include "UploadStatusJob.h"

#include "ApiClient.h"

#include <QJsonArray>
#include <QNetworkAccessManager>

namespace nestbox {

UploadStatusJob::UploadStatusJob(ApiClient *client, const QString &uploadId, QObject *parent)
    : AbstractApiJob(client, parent)
    , _uploadId(uploadId)
{
}

QNetworkReply *UploadStatusJob::sendRequest()
{
    return _client->network()->get(makeRequest(QStringLiteral("/uploads/") + _uploadId));
}

QSet<qint64> UploadStatusJob::received() const
{
    QSet<qint64> out;
    const QJsonArray received = json().value(QLatin1String("received")).toArray();
    for (const QJsonValue &v : received)
        out.insert(static_cast<qint64>(v.toDouble()));
    return out;
}

qint64 UploadStatusJob::chunkSize() const
{
    return static_cast<qint64>(json().value(QLatin1String("chunk_size")).toDouble());
}

qint64 UploadStatusJob::chunkCount() const
{
    return static_cast<qint64>(json().value(QLatin1String("chunk_count")).toDouble());
}

} // namespace nestbox
