#pragma once

#include "AbstractApiJob.h"
#include "ServerInfo.h"

#include <nestbox/ChunkPlan.h>

#include <optional>

namespace nestbox {

// GET /api/v1/server (no token): what the server is, whether sign-up is open, its upload limits.
class ServerInfoJob : public AbstractApiJob {
    Q_OBJECT

public:
    explicit ServerInfoJob(ApiClient *client, QObject *parent = nullptr);

    std::optional<ServerInfo> info() const { return _info; }
    ChunkLimits limits() const { return _limits; }

protected:
    QNetworkReply *sendRequest() override;
    ApiError parseResponse() override;

private:
    std::optional<ServerInfo> _info;
    ChunkLimits _limits;
};

} // namespace nestbox
