#include "MeJob.h"

#include "ApiClient.h"

#include <QNetworkAccessManager>

namespace nestbox {

MeJob::MeJob(ApiClient *client, QObject *parent)
    : AbstractApiJob(client, parent)
{
}

QNetworkReply *MeJob::sendRequest()
{
    return _client->network()->get(makeRequest(QStringLiteral("/me")));
}

qint64 MeJob::fileCount() const
{
    return static_cast<qint64>(json().value(QLatin1String("usage")).toObject().value(QLatin1String("files")).toDouble());
}

qint64 MeJob::usedBytes() const
{
    return static_cast<qint64>(json().value(QLatin1String("usage")).toObject().value(QLatin1String("bytes")).toDouble());
}

qint64 MeJob::quotaBytes() const
{
    const QJsonValue v = json().value(QLatin1String("usage")).toObject().value(QLatin1String("quota_bytes"));
    return v.isDouble() ? static_cast<qint64>(v.toDouble()) : -1;
}

} // namespace nestbox
