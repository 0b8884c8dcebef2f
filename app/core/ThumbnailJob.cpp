#include "ThumbnailJob.h"

#include "ApiClient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>

namespace nestbox {

ThumbnailJob::ThumbnailJob(ApiClient *client, const QString &fileId, int size, QObject *parent)
    : AbstractApiJob(client, parent)
    , _fileId(fileId)
    , _size(size)
{
}

QNetworkReply *ThumbnailJob::sendRequest()
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("size"), QString::number(_size));
    return _client->network()->get(
        makeRequest(QStringLiteral("/files/") + _fileId + QStringLiteral("/thumbnail"), query));
}

ApiError ThumbnailJob::parseResponse()
{
    if (httpStatus() == 202) {
        _pending = true;
        const QJsonObject body = QJsonDocument::fromJson(rawBody()).object();
        _retryAfter = body.value(QLatin1String("retry_after")).toInt(0);
        if (_retryAfter <= 0)
            _retryAfter = responseHeader("Retry-After").toInt();
        if (_retryAfter <= 0)
            _retryAfter = 1;
        return {};
    }
    _jpeg = rawBody();
    return {};
}

} // namespace nestbox
