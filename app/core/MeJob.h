#pragma once

#include "AbstractApiJob.h"

namespace nestbox {

// GET /me → {user: {id, username, created_at, admin}, usage: {files, bytes, quota_bytes}}.
class MeJob : public AbstractApiJob {
    Q_OBJECT

public:
    explicit MeJob(ApiClient *client, QObject *parent = nullptr);

    QJsonObject user() const { return json().value(QLatin1String("user")).toObject(); }
    qint64 fileCount() const;
    qint64 usedBytes() const;
    // -1 when the server sets no quota
    qint64 quotaBytes() const;

protected:
    QNetworkReply *sendRequest() override;
};

} // namespace nestbox
