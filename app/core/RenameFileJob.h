#pragma once

#include "AbstractApiJob.h"

namespace nestbox {

// PATCH /files/{id} {name} → File.
class RenameFileJob : public AbstractApiJob {
    Q_OBJECT

public:
    RenameFileJob(ApiClient *client, const QString &fileId, const QString &newName, QObject *parent = nullptr);

    QString fileId() const { return _fileId; }
    QJsonObject file() const { return json(); }

protected:
    QNetworkReply *sendRequest() override;

private:
    QString _fileId;
    QString _name;
};

} // namespace nestbox
