#pragma once

#include "AbstractApiJob.h"

namespace nestbox {

// GET /files/{id}/thumbnail?size=256|1280 → JPEG bytes; 202 while the server is still making it
// (pending() with retryAfterSeconds()); 404 no_thumbnail for files that have none.
class ThumbnailJob : public AbstractApiJob {
    Q_OBJECT

public:
    ThumbnailJob(ApiClient *client, const QString &fileId, int size = 256, QObject *parent = nullptr);

    QString fileId() const { return _fileId; }
    int size() const { return _size; }
    // The JPEG when succeeded() and not pending().
    QByteArray jpeg() const { return _jpeg; }
    bool pending() const { return _pending; }
    int retryAfterSeconds() const { return _retryAfter; }
    int retryAfter() const { return _retryAfter; } // seconds

protected:
    QNetworkReply *sendRequest() override;
    bool expectsJson() const override { return false; }
    ApiError parseResponse() override;

private:
    QString _fileId;
    int _size;
    QByteArray _jpeg;
    bool _pending = false;
    int _retryAfter = 0;
};

} // namespace nestbox
