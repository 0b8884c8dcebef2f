#pragma once

#include "AbstractApiJob.h"

namespace nestbox {

// POST /auth/logout → 204; the token dies on the server.
class LogoutJob : public AbstractApiJob {
    Q_OBJECT

public:
    explicit LogoutJob(ApiClient *client, QObject *parent = nullptr);

protected:
    QNetworkReply *sendRequest() override;
};

} // namespace nestbox
