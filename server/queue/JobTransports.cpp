#include "queue/JobTransports.h"

#include "queue/DbJobTransport.h"
#include "queue/RabbitMqTransport.h"
#include "queue/RedisStreamTransport.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace nestbox::server {

std::unique_ptr<JobTransport> makeJobTransport(const std::string& url, const std::string& redisPassword,
                                               JobRepository& jobs, std::int64_t leaseMs)
{
    if (url.empty() || url == "db")
        return std::make_unique<DbJobTransport>(jobs, leaseMs);
    const Poco::URI uri(url);
    if (uri.getScheme() == "redis") {
        const bool ownPassword = uri.getUserInfo().find(':') != std::string::npos;
        return std::make_unique<RedisStreamTransport>(url, ownPassword ? std::string() : redisPassword, leaseMs);
    }
    if (uri.getScheme() == "amqp")
        return std::make_unique<RabbitMqTransport>(url);
    throw Poco::InvalidArgumentException("queue.url must be db, redis://host:port[/db] or amqp://user:pass@host:port/vhost");
}

} // namespace nestbox::server
