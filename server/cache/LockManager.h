#pragma once

#include <chrono>
#include <memory>
#include <string>

namespace nestbox::server {

// Named, expiring mutual-exclusion locks (per upload, per blob). In-process for one server,
// Redis SET NX PX for several. A lock held past its TTL expires, so a crashed holder never
// blocks an upload for good.
class LockManager {
public:
    virtual ~LockManager() = default;

    // Tries once; returns a non-empty owner token when the lock was taken.
    virtual std::string tryAcquire(const std::string& key, std::chrono::milliseconds ttl) = 0;
    // Releases only when `token` still owns the lock.
    virtual void release(const std::string& key, const std::string& token) = 0;
};

std::unique_ptr<LockManager> makeInProcessLockManager();

class RedisPool;
std::unique_ptr<LockManager> makeRedisLockManager(RedisPool& redis);

// Holds a lock for a scope. acquire() retries until `wait` runs out, then throws
// ServiceError(UploadBusy).
class ScopedLock {
public:
    ScopedLock(LockManager& locks, std::string key, std::chrono::milliseconds ttl,
               std::chrono::milliseconds wait);
    ~ScopedLock();
    ScopedLock(const ScopedLock&) = delete;
    ScopedLock& operator=(const ScopedLock&) = delete;

private:
    LockManager& _locks;
    std::string _key;
    std::string _token;
};

} // namespace nestbox::server
