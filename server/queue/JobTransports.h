#pragma once

#include "queue/JobTransport.h"

#include <cstdint>
#include <memory>
#include <string>

namespace nestbox::server {

class JobRepository;

// The transport queue.url names: `db` (or empty), `redis://host:port[/db][?prefix=NAME]` or
// `amqp://user:pass@host:port/vhost[?queue=NAME&prefetch=N]`. `redisPassword` is used for a
// redis:// URL that carries no password of its own. Throws Poco::InvalidArgumentException for
// anything else. Connects lazily: a broker that is down at start only delays the jobs.
std::unique_ptr<JobTransport> makeJobTransport(const std::string& url, const std::string& redisPassword,
                                               JobRepository& jobs, std::int64_t leaseMs);

} // namespace nestbox::server
