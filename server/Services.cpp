#include "Services.h"

namespace nestbox::server {

namespace {

std::unique_ptr<RedisPool> makeRedis(const ServerConfig& cfg)
{
    if (cfg.redisUrl.empty())
        return nullptr;
    return std::make_unique<RedisPool>(cfg.redisUrl, cfg.redisPassword);
}

} // namespace

Services::Services(const ServerConfig& cfg)
    : config(cfg)
    , db(std::make_unique<Database>(cfg.dbUrl, cfg.dbPassword, cfg.dbPoolSize))
    , redis(makeRedis(cfg))
    , locks(redis ? makeRedisLockManager(*redis) : makeInProcessLockManager())
    , limiter(redis ? makeRedisRateLimiter(*redis) : makeInProcessRateLimiter())
    , store(makeLocalBlobStore(cfg.dataDir))
    , users(*db)
    , files(*db)
    , uploads(*db)
    , auth(users, *limiter, cfg)
    , library(files, users, *store, *locks, cfg)
    , uploadFlow(uploads, files, library, *store, *locks, cfg)
{
}

} // namespace nestbox::server
