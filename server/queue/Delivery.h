#pragma once

#include <cstdint>
#include <string>

namespace nestbox::server {

// One job id as a JobTransport handed it to a worker. `tag` is the transport's own handle for
// acknowledging it (a RabbitMQ delivery tag, a Redis stream entry id); `claimed` says the
// transport already leased the job's row (the db transport), so the worker must not claim it again.
struct Delivery {
    std::string jobId;
    std::string kind;
    std::string subject;
    std::int64_t attempt = 0;
    std::string tag;
    bool claimed = false;
};

} // namespace nestbox::server
