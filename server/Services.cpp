#include "Services.h"

#include "storage/TieredBlobStore.h"
#include "storage/s3/S3Config.h"

#include <Poco/URI.h>

#include "queue/JobTransports.h"

namespace nestbox::server {

namespace {

std::unique_ptr<RedisPool> makeRedis(const ServerConfig& cfg)
{
    if (cfg.redisUrl.empty())
        return nullptr;
    return std::make_unique<RedisPool>(cfg.redisUrl, cfg.redisPassword);
}

std::unique_ptr<BlobStore> makeStore(const ServerConfig& cfg)
{
    if (cfg.storageUrl.rfind("s3://", 0) == 0)
        return makeTieredBlobStore(cfg.dataDir, S3Config::fromUrl(cfg.storageUrl, cfg.storageAccessKey, cfg.storageSecretKey));
    if (cfg.storageUrl.rfind("file://", 0) == 0)
        return makeLocalBlobStore(Poco::URI(cfg.storageUrl).getPath());
    return makeLocalBlobStore(cfg.dataDir);
}

} // namespace

Services::Services(const ServerConfig& cfg)
    : config(cfg)
    , db(std::make_unique<Database>(cfg.dbUrl, cfg.dbPassword, cfg.dbPoolSize))
    , redis(makeRedis(cfg))
    , locks(redis ? makeRedisLockManager(*redis) : makeInProcessLockManager())
    , limiter(redis ? makeRedisRateLimiter(*redis) : makeInProcessRateLimiter())
    , store(makeStore(cfg))
    , users(*db)
    , files(*db)
    , uploads(*db)
    , jobs(*db)
    , jobTransport(makeJobTransport(cfg.queueUrl, cfg.redisPassword, jobs, cfg.jobLeaseSeconds * 1000))
    , thumbnailer(cfg.thumbnailer.empty() ? ThumbnailerProcess::defaultExecutable() : cfg.thumbnailer,
                  MediaLimits{cfg.thumbnailMaxPixels, cfg.thumbnailMemoryMb, cfg.thumbnailTimeoutSeconds,
                              cfg.thumbnailTimeoutSeconds + 5, cfg.thumbnailWorkers})
    , auth(users, *limiter, cfg)
    , admin(users, auth)
    , library(files, users, *store, *locks, cfg)
    , uploadFlow(uploads, files, library, *store, *locks, cfg)
    , thumbnails(files, jobs, *store, thumbnailer)
    , transfers(files, jobs, *store, *locks)
    , jobRunner(jobs, *jobTransport, cfg.jobWorkers, cfg.jobLeaseSeconds * 1000)
    , jobDispatcher(jobTransport->needsRelay()
                        ? std::make_unique<JobDispatcher>(jobs, *jobTransport, cfg.jobLeaseSeconds * 1000)
                        : nullptr)
{
    files.queueTransfers(store->hasRemoteTier());
    jobRunner.on("transfer", [this](const JobRecord& job) { transfers.process(job.subject); }, {});
    jobRunner.on(
        "thumbnail", [this](const JobRecord& job) { thumbnails.process(job.subject); },
        [this](const JobRecord& job) { thumbnails.giveUp(job.subject); });
    library.onJobQueued([this] {
        jobRunner.wake();
        if (jobDispatcher)
            jobDispatcher->wake();
    });
}

} // namespace nestbox::server
