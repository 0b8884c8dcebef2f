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
    // Pushes the expiry `ttl` into the future while `token` still owns the lock.
    virtual bool extend(const std::string& key, const std::string& token, std::chrono::milliseconds ttl) = 0;
};

std::unique_ptr<LockManager> makeInProcessLockManager();

class RedisPool;
std::unique_ptr<LockManager> makeRedisLockManager(RedisPool& redis);

// Holds a lock for a scope. The constructor retries until `wait` runs out, then throws
// ServiceError(UploadBusy). Long work calls keepAlive() now and then: the TTL stays short, so
// the lock of a process that was killed frees itself soon, while a live holder keeps it.
class ScopedLock {
public:
    ScopedLock(LockManager& locks, std::string key, std::chrono::milliseconds ttl,
               std::chrono::milliseconds wait);
    ~ScopedLock();
    ScopedLock(const ScopedLock&) = delete;
    ScopedLock& operator=(const ScopedLock&) = delete;

    // Extends the lock when a third of its TTL has passed since the last extension.
    void keepAlive();

private:
    LockManager& _locks;
    std::string _key;
    std::string _token;
    std::chrono::milliseconds _ttl;
    std::chrono::steady_clock::time_point _refreshed;
};

} // namespace nestbox::server
