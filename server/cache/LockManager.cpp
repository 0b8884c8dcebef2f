#include "cache/LockManager.h"

#include "cache/RedisPool.h"
#include "service/Random.h"
#include "service/ServiceError.h"

#include <Poco/Redis/Command.h>

#include <map>
#include <mutex>
#include <thread>

namespace nestbox::server {

namespace {

class InProcessLockManager final : public LockManager {
public:
    std::string tryAcquire(const std::string& key, std::chrono::milliseconds ttl) override
    {
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard<std::mutex> lock(_mutex);
        auto it = _held.find(key);
        if (it != _held.end() && it->second.expires > now)
            return {};
        std::string token = randomHex(16);
        _held[key] = Held{token, now + ttl};
        return token;
    }

    void release(const std::string& key, const std::string& token) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        auto it = _held.find(key);
        if (it != _held.end() && it->second.token == token)
            _held.erase(it);
    }

    bool extend(const std::string& key, const std::string& token, std::chrono::milliseconds ttl) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        auto it = _held.find(key);
        if (it == _held.end() || it->second.token != token)
            return false;
        it->second.expires = std::chrono::steady_clock::now() + ttl;
        return true;
    }

private:
    struct Held {
        std::string token;
        std::chrono::steady_clock::time_point expires;
    };
    std::mutex _mutex;
    std::map<std::string, Held> _held;
};

class RedisLockManager final : public LockManager {
public:
    explicit RedisLockManager(RedisPool& redis)
        : _redis(redis)
    {
    }

    std::string tryAcquire(const std::string& key, std::chrono::milliseconds ttl) override
    {
        std::string token = randomHex(16);
        Poco::Redis::Array command;
        command << "SET" << "nestbox:lock:" + key << token << "NX" << "PX" << std::to_string(ttl.count());
        auto reply = _redis.run(command);
        // NX answers a null bulk string when the key exists.
        if (reply->type() == Poco::Redis::RedisTypeTraits<Poco::Redis::BulkString>::TypeId) {
            const auto& bulk = static_cast<Poco::Redis::Type<Poco::Redis::BulkString>&>(*reply);
            if (bulk.value().isNull())
                return {};
        }
        return token;
    }

    void release(const std::string& key, const std::string& token) override
    {
        // Delete only our own lock: compare and delete atomically.
        Poco::Redis::Array command;
        command << "EVAL"
                << "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"
                << "1" << "nestbox:lock:" + key << token;
        _redis.run(command);
    }

    bool extend(const std::string& key, const std::string& token, std::chrono::milliseconds ttl) override
    {
        Poco::Redis::Array command;
        command << "EVAL"
                << "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"
                << "1" << "nestbox:lock:" + key << token << std::to_string(ttl.count());
        auto reply = _redis.run(command);
        return static_cast<Poco::Redis::Type<Poco::Int64>&>(*reply).value() == 1;
    }

private:
    RedisPool& _redis;
};

} // namespace

std::unique_ptr<LockManager> makeInProcessLockManager()
{
    return std::make_unique<InProcessLockManager>();
}

std::unique_ptr<LockManager> makeRedisLockManager(RedisPool& redis)
{
    return std::make_unique<RedisLockManager>(redis);
}

ScopedLock::ScopedLock(LockManager& locks, std::string key, std::chrono::milliseconds ttl,
                       std::chrono::milliseconds wait)
    : _locks(locks)
    , _key(std::move(key))
    , _ttl(ttl)
{
    const auto deadline = std::chrono::steady_clock::now() + wait;
    auto pause = std::chrono::milliseconds(2);
    for (;;) {
        _token = _locks.tryAcquire(_key, ttl);
        if (!_token.empty()) {
            _refreshed = std::chrono::steady_clock::now();
            return;
        }
        if (std::chrono::steady_clock::now() >= deadline)
            throw ServiceError(ErrorCode::UploadBusy, "another request is working on this upload; retry shortly");
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(100));
    }
}

void ScopedLock::keepAlive()
{
    const auto now = std::chrono::steady_clock::now();
    if (now - _refreshed < _ttl / 3)
        return;
    _refreshed = now;
    _locks.extend(_key, _token, _ttl);
}

ScopedLock::~ScopedLock()
{
    try {
        _locks.release(_key, _token);
    } catch (...) {
        // The lock expires by itself; nothing else to do when Redis is gone.
    }
}

} // namespace nestbox::server
