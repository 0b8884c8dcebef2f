#include "CreateUploadJob.h"

#include "ApiClient.h"

#include <nestbox/Base64.h>

#include <QJsonArray>
#include <QNetworkAccessManager>

namespace nestbox {

CreateUploadJob::CreateUploadJob(ApiClient *client, const QString &name, qint64 size, const QString &sha256,
                                 const QDateTime &modifiedAt, qint64 chunkSizeHint, QObject *parent)
    : AbstractApiJob(client, parent)
    , _name(name)
    , _size(size)
    , _sha256(sha256)
    , _modifiedAt(modifiedAt)
    , _chunkSizeHint(chunkSizeHint)
{
}

QNetworkReply *CreateUploadJob::sendRequest()
{
    QNetworkRequest request = makeRequest(QStringLiteral("/uploads"));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QJsonObject body{{QStringLiteral("name"), _name},
                     {QStringLiteral("size"), double(_size)},
                     {QStringLiteral("sha256"), _sha256}};
    if (_modifiedAt.isValid())
        body.insert(QStringLiteral("modified_at"), _modifiedAt.toUTC().toString(Qt::ISODateWithMs));
    if (_chunkSizeHint > 0)
        body.insert(QStringLiteral("chunk_size"), double(_chunkSizeHint));
    return _client->network()->post(request, toJson(body));
}

ApiError CreateUploadJob::parseResponse()
{
    _state = json().value(QLatin1String("state")).toString();
    _instant = json().value(QLatin1String("instant")).toBool();
    if (proofRequired()) {
        const QJsonObject challenge = json().value(QLatin1String("challenge")).toObject();
        const QByteArray nonceText = challenge.value(QLatin1String("nonce")).toString().toLatin1();
        const auto nonce = base64Decode(std::string_view(nonceText.constData(), std::size_t(nonceText.size())));
        if (nonce)
            _nonce = QByteArray(nonce->data(), qsizetype(nonce->size()));
        const QJsonArray ranges = challenge.value(QLatin1String("ranges")).toArray();
        for (const QJsonValue &r : ranges) {
            const QJsonArray pair = r.toArray();
            _ranges.push_back(ByteRange{static_cast<std::int64_t>(pair.at(0).toDouble()),
                                        static_cast<std::int64_t>(pair.at(1).toDouble())});
        }
    }
    if (_state.isEmpty() || (!isComplete() && upload().value(QLatin1String("id")).toString().isEmpty())) {
        ApiError e;
        e.kind = ApiError::Kind::NotNestbox;
        e.httpStatus = httpStatus();
        e.message = tr("The server answered the upload in a way Nestbox does not understand.");
        return e;
    }
    return {};
}

} // namespace nestbox
