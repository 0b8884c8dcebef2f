#pragma once

#include "AbstractApiJob.h"

namespace nestbox {

// DELETE /files/{id} → 204.
class DeleteFileJob : public AbstractApiJob {
    Q_OBJECT

public:
    DeleteFileJob(ApiClient *client, const QString &fileId, QObject *parent = nullptr);

    QString fileId() const { return _fileId; }

protected:
    QNetworkReply *sendRequest() override;

private:
    QString _fileId;
};

} // namespace nestbox
