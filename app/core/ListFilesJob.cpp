#include "ListFilesJob.h"

#include "ApiClient.h"

#include <QNetworkAccessManager>

namespace nestbox {

ListFilesJob::ListFilesJob(ApiClient *client, const QString &sort, const QString &order, const QString &q,
                           const QString &kind, int limit, const QString &cursor, QObject *parent)
    : AbstractApiJob(client, parent)
    , _sort(sort)
    , _order(order)
    , _q(q)
    , _kind(kind)
    , _limit(limit)
    , _cursor(cursor)
{
}

QNetworkReply *ListFilesJob::sendRequest()
{
    QUrlQuery query;
    auto add = [&query](const QString &key, const QString &value) {
        if (!value.isEmpty())
            query.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    };
    add(QStringLiteral("sort"), _sort);
    add(QStringLiteral("order"), _order);
    add(QStringLiteral("q"), _q);
    add(QStringLiteral("kind"), _kind);
    if (_limit > 0)
        add(QStringLiteral("limit"), QString::number(_limit));
    add(QStringLiteral("cursor"), _cursor);
    return _client->network()->get(makeRequest(QStringLiteral("/files"), query));
}

} // namespace nestbox
