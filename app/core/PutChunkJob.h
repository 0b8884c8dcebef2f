#pragma once

#include "AbstractApiJob.h"

#include <memory>

namespace nestbox {

class ChunkDevice;

// PUT /uploads/{id}/chunks/{index} with X-Nestbox-Chunk-SHA256, the body streamed from the local
// file through a ChunkDevice (never the whole file in memory). 204 on success.
class PutChunkJob : public AbstractApiJob {
    Q_OBJECT

public:
    // `device` must be open; the job takes it over.
    PutChunkJob(ApiClient *client, const QString &uploadId, qint64 index, const QByteArray &sha256Hex,
                ChunkDevice *device, QObject *parent = nullptr);
    ~PutChunkJob() override;

    QString uploadId() const { return _uploadId; }
    qint64 index() const { return _index; }
    qint64 length() const;

Q_SIGNALS:
    void uploadProgress(qint64 bytesSent, qint64 bytesTotal);

protected:
    QNetworkReply *sendRequest() override;

private:
    QString _uploadId;
    qint64 _index;
    QByteArray _sha256;
    ChunkDevice *_device;
};

} // namespace nestbox
