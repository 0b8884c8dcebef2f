#pragma once

#include "AbstractApiJob.h"

namespace nestbox {

// POST /uploads/{id}/complete → 201 {state: complete, file}. 409 missing_chunks names what is
// missing (error().missingChunks()).
class CompleteUploadJob : public AbstractApiJob {
    Q_OBJECT

public:
    CompleteUploadJob(ApiClient *client, const QString &uploadId, QObject *parent = nullptr);

    QString uploadId() const { return _uploadId; }
    QJsonObject file() const { return json().value(QLatin1String("file")).toObject(); }

protected:
    QNetworkReply *sendRequest() override;

private:
    QString _uploadId;
};

} // namespace nestbox
