#pragma once

#include "AbstractApiJob.h"

namespace nestbox {

// DELETE /uploads/{id} → 204: the server drops the staged chunks.
class CancelUploadJob : public AbstractApiJob {
    Q_OBJECT

public:
    CancelUploadJob(ApiClient *client, const QString &uploadId, QObject *parent = nullptr);

protected:
    QNetworkReply *sendRequest() override;

private:
    QString _uploadId;
};

} // namespace nestbox
