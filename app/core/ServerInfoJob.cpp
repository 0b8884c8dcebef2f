#include "ServerInfoJob.h"

#include "ApiClient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>

namespace nestbox {

ServerInfoJob::ServerInfoJob(ApiClient *client, QObject *parent)
    : AbstractApiJob(client, parent)
{
    setAuthenticated(false);
}

QNetworkReply *ServerInfoJob::sendRequest()
{
    return _client->network()->get(makeRequest(QStringLiteral("/server")));
}

ApiError ServerInfoJob::parseResponse()
{
    _info = ServerInfo::fromJson(rawBody(), _client->baseUrl());
    if (!_info) {
        ApiError e;
        e.kind = ApiError::Kind::NotNestbox;
        e.httpStatus = httpStatus();
        e.message = tr("The server at %1 answered, but it is not a Nestbox server.")
                        .arg(_client->baseUrl().toDisplayString());
        return e;
    }
    const QJsonObject limits = json().value(QLatin1String("limits")).toObject();
    auto read = [&limits](const char *key, std::int64_t fallback) {
        const QJsonValue v = limits.value(QLatin1String(key));
        return v.isDouble() ? static_cast<std::int64_t>(v.toDouble()) : fallback;
    };
    _limits.maxFileSize = read("max_file_size", _limits.maxFileSize);
    _limits.chunkSizeMin = read("chunk_size_min", _limits.chunkSizeMin);
    _limits.chunkSizeMax = read("chunk_size_max", _limits.chunkSizeMax);
    _limits.chunkSizeDefault = read("chunk_size_default", _limits.chunkSizeDefault);
    _limits.maxChunks = read("max_chunks", _limits.maxChunks);
    return {};
}

} // namespace nestbox
