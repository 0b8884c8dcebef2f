#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace nestbox::server {

class RedisPool;

// Fixed-window failure counters for login throttling (per account, per client address).
// In-process for one server, Redis INCR/EXPIRE when configured so all nodes share them.
class RateLimiter {
public:
    virtual ~RateLimiter() = default;

    // Seconds until `key` may try again, or 0 when it has fewer than `limit` failures.
    virtual std::int64_t blockedFor(const std::string& key, int limit) = 0;
    // Counts one failure in a window of `windowSeconds` starting at the first failure.
    virtual void recordFailure(const std::string& key, int windowSeconds) = 0;
    virtual void reset(const std::string& key) = 0;
};

std::unique_ptr<RateLimiter> makeInProcessRateLimiter();
std::unique_ptr<RateLimiter> makeRedisRateLimiter(RedisPool& redis);

} // namespace nestbox::server
