#pragma once

#include "AbstractApiJob.h"

#include <QJsonArray>

namespace nestbox {

// GET /files?sort=&order=&q=&kind=&limit=&cursor= → {items, next_cursor}. Empty strings leave a
// parameter out (the server's default); limit 0 = default (100).
class ListFilesJob : public AbstractApiJob {
    Q_OBJECT

public:
    ListFilesJob(ApiClient *client, const QString &sort = {}, const QString &order = {}, const QString &q = {},
                 const QString &kind = {}, int limit = 0, const QString &cursor = {}, QObject *parent = nullptr);

    QJsonArray items() const { return json().value(QLatin1String("items")).toArray(); }
    // Empty on the last page.
    QString nextCursor() const { return json().value(QLatin1String("next_cursor")).toString(); }
    QString cursor() const { return _cursor; }

protected:
    QNetworkReply *sendRequest() override;

private:
    QString _sort;
    QString _order;
    QString _q;
    QString _kind;
    int _limit;
    QString _cursor;
};

} // namespace nestbox
