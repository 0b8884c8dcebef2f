#pragma once

#include "queue/JobTransport.h"

#include <atomic>
#include <memory>
#include <string>

namespace Poco::Redis {
class Array;
}

namespace nestbox::server {

class RedisPool;

// queue.url = redis://host:port[/db][?prefix=NAME]: Redis Streams (Redis ≥ 7). Jobs are XADDed to
// the stream `<prefix>`, read through the consumer group `workers` (created with MKSTREAM, from the
// stream's start so nothing published before it existed is skipped) and XACKed + XDELed after the
// work. Entries a dead worker held longer than the lease are taken over with XAUTOCLAIM. Retries
// wait in the sorted set `<prefix>:delayed` (score = due time) and a Lua script moves them back to
// the stream atomically; dead letters go to the stream `<prefix>:dead` (capped). Thread-safe;
// connections come from a RedisPool of its own, so every failure is ServiceError(Unavailable) and
// a restarted Redis is reconnected (and the group re-created) on the next call.
class RedisStreamTransport : public JobTransport {
public:
    RedisStreamTransport(const std::string& url, const std::string& password, std::int64_t leaseMs);
    ~RedisStreamTransport() override;

    void publish(const JobRecord& job) override;
    std::optional<Delivery> receive(std::chrono::milliseconds wait) override;
    void ack(const Delivery& delivery) override;
    void retryLater(const Delivery& delivery, std::chrono::milliseconds delay) override;
    void deadLetter(const Delivery& delivery, const std::string& reason) override;
    std::int64_t depth() override;
    std::int64_t deadCount() override;
    std::string describe() override;

private:
    void ensureGroup();
    void promoteDueRetries();
    std::optional<Delivery> reclaimAbandoned();
    std::optional<Delivery> readNew(std::chrono::milliseconds wait);
    void runScript(const std::string& script, const std::vector<std::string>& keys,
                   const std::vector<std::string>& args);

    std::unique_ptr<RedisPool> _redis;
    std::string _stream;
    std::string _delayed;
    std::string _dead;
    std::string _group = "workers";
    std::string _consumer;
    std::int64_t _leaseMs;
    std::atomic<bool> _groupReady{false};
    std::atomic<std::int64_t> _nextPromote{0};
    std::atomic<std::int64_t> _nextReclaim{0};
};

} // namespace nestbox::server
