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
    , jobs(*db)
    , thumbnailer(cfg.thumbnailer.empty() ? ThumbnailerProcess::defaultExecutable() : cfg.thumbnailer,
                  MediaLimits{cfg.thumbnailMaxPixels, cfg.thumbnailMemoryMb, cfg.thumbnailTimeoutSeconds,
                              cfg.thumbnailTimeoutSeconds + 5})
    , auth(users, *limiter, cfg)
    , library(files, users, *store, *locks, cfg)
    , uploadFlow(uploads, files, library, *store, *locks, cfg)
    , thumbnails(files, jobs, *store, thumbnailer)
    , jobRunner(jobs, cfg.jobWorkers, 5 * 60 * 1000)
{
    jobRunner.on(
        "thumbnail", [this](const JobRecord& job) { thumbnails.process(job.subject); },
        [this](const JobRecord& job) { thumbnails.giveUp(job.subject); });
    library.onJobQueued([this] { jobRunner.wake(); });
}

} // namespace nestbox::server
