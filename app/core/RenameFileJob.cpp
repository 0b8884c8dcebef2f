#include "RenameFileJob.h"

#include "ApiClient.h"

#include <QNetworkAccessManager>

namespace nestbox {

RenameFileJob::RenameFileJob(ApiClient *client, const QString &fileId, const QString &newName, QObject *parent)
    : AbstractApiJob(client, parent)
    , _fileId(fileId)
    , _name(newName)
{
}

QNetworkReply *RenameFileJob::sendRequest()
{
    QNetworkRequest request = makeRequest(QStringLiteral("/files/") + _fileId);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return _client->network()->sendCustomRequest(request, QByteArrayLiteral("PATCH"),
                                                 toJson(QJsonObject{{QStringLiteral("name"), _name}}));
}

} // namespace nestbox
