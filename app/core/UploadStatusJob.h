#pragma once

#include "AbstractApiJob.h"

#include <QSet>

namespace nestbox {

// GET /uploads/{id} → Upload {…, chunk_size, chunk_count, received, bytes_received, state}.
// 410 once expired, 404 once swept (or another user's).
class UploadStatusJob : public AbstractApiJob {
    Q_OBJECT

public:
    UploadStatusJob(ApiClient *client, const QString &uploadId, QObject *parent = nullptr);

    QString uploadId() const { return _uploadId; }
    QJsonObject upload() const { return json(); }
    QSet<qint64> received() const;
    qint64 chunkSize() const;
    qint64 chunkCount() const;
    QString state() const { return json().value(QLatin1String("state")).toString(); }

protected:
    QNetworkReply *sendRequest() override;

private:
    QString _uploadId;
};

} // namespace nestbox
