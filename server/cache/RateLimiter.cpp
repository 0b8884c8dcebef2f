#include "cache/RateLimiter.h"

#include "cache/RedisPool.h"

#include <Poco/Redis/Type.h>

#include <chrono>
#include <map>
#include <mutex>

namespace nestbox::server {

namespace {

class InProcessRateLimiter final : public RateLimiter {
public:
    std::int64_t blockedFor(const std::string& key, int limit) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        const auto now = Clock::now();
        auto it = _windows.find(key);
        if (it == _windows.end())
            return 0;
        if (it->second.ends <= now) {
            _windows.erase(it);
            return 0;
        }
        if (it->second.failures < limit)
            return 0;
        return std::chrono::duration_cast<std::chrono::seconds>(it->second.ends - now).count() + 1;
    }

    void recordFailure(const std::string& key, int windowSeconds) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        const auto now = Clock::now();
        // Drop finished windows now and then so the map stays small under a spray of names.
        if (_windows.size() > 100000) {
            for (auto it = _windows.begin(); it != _windows.end();)
                it = it->second.ends <= now ? _windows.erase(it) : std::next(it);
        }
        auto& window = _windows[key];
        if (window.ends <= now) {
            window.failures = 0;
            window.ends = now + std::chrono::seconds(windowSeconds);
        }
        ++window.failures;
    }

    void reset(const std::string& key) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _windows.erase(key);
    }

private:
    using Clock = std::chrono::steady_clock;
    struct Window {
        int failures = 0;
        Clock::time_point ends{};
    };
    std::mutex _mutex;
    std::map<std::string, Window> _windows;
};

class RedisRateLimiter final : public RateLimiter {
public:
    explicit RedisRateLimiter(RedisPool& redis)
        : _redis(redis)
    {
    }

    std::int64_t blockedFor(const std::string& key, int limit) override
    {
        Poco::Redis::Array get;
        get << "GET" << name(key);
        auto reply = _redis.run(get);
        const auto& bulk = static_cast<Poco::Redis::Type<Poco::Redis::BulkString>&>(*reply);
        if (bulk.value().isNull() || std::stoll(bulk.value().value()) < limit)
            return 0;
        Poco::Redis::Array ttl;
        ttl << "TTL" << name(key);
        auto left = static_cast<Poco::Redis::Type<Poco::Int64>&>(*_redis.run(ttl)).value();
        return left > 0 ? left : 1;
    }

    void recordFailure(const std::string& key, int windowSeconds) override
    {
        Poco::Redis::Array incr;
        incr << "INCR" << name(key);
        const auto count = static_cast<Poco::Redis::Type<Poco::Int64>&>(*_redis.run(incr)).value();
        if (count == 1) {
            Poco::Redis::Array expire;
            expire << "EXPIRE" << name(key) << std::to_string(windowSeconds);
            _redis.run(expire);
        }
    }

    void reset(const std::string& key) override
    {
        Poco::Redis::Array del;
        del << "DEL" << name(key);
        _redis.run(del);
    }

private:
    static std::string name(const std::string& key) { return "nestbox:throttle:" + key; }
    RedisPool& _redis;
};

} // namespace

std::unique_ptr<RateLimiter> makeInProcessRateLimiter()
{
    return std::make_unique<InProcessRateLimiter>();
}

std::unique_ptr<RateLimiter> makeRedisRateLimiter(RedisPool& redis)
{
    return std::make_unique<RedisRateLimiter>(redis);
}

} // namespace nestbox::server
