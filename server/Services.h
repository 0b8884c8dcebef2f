#pragma once

#include "cache/LockManager.h"
#include "cache/RateLimiter.h"
#include "cache/RedisPool.h"
#include "config/ServerConfig.h"
#include "db/Database.h"
#include "http/Metrics.h"
#include "media/ThumbnailerProcess.h"
#include "queue/JobDispatcher.h"
#include "queue/JobTransport.h"
#include "repository/JobRepository.h"
#include "repository/FileRepository.h"
#include "repository/UploadRepository.h"
#include "repository/UserRepository.h"
#include "service/AdminService.h"
#include "service/AuthService.h"
#include "service/FileService.h"
#include "service/JobRunner.h"
#include "service/ThumbnailService.h"
#include "service/TransferService.h"
#include "service/UploadService.h"
#include "storage/BlobStore.h"

#include <memory>

namespace nestbox::server {

// Everything one nestboxd process runs on, built from the configuration in dependency
// order: database → Redis (optional) → locks and limits → store → repositories → services.
struct Services {
    explicit Services(const ServerConfig& cfg);

    const ServerConfig& config;
    std::unique_ptr<Database> db;
    std::unique_ptr<RedisPool> redis; // null in the embedded profile
    std::unique_ptr<LockManager> locks;
    std::unique_ptr<RateLimiter> limiter;
    std::unique_ptr<BlobStore> store;
    UserRepository users;
    FileRepository files;
    UploadRepository uploads;
    JobRepository jobs;
    std::unique_ptr<JobTransport> jobTransport; // queue.url: the job table, Redis Streams or RabbitMQ
    ThumbnailerProcess thumbnailer;
    AuthService auth;
    AdminService admin;
    FileService library;
    UploadService uploadFlow;
    ThumbnailService thumbnails;
    TransferService transfers;
    JobRunner jobRunner; // started only by serve() in the all and worker roles
    std::unique_ptr<JobDispatcher> jobDispatcher; // outbox relay to a broker; null for queue.url = db
    Metrics metrics;
    // The HTTPS listener once serve() opened it (0 and empty while none runs).
    int tlsPort = 0;
    std::string tlsFingerprint;
};

} // namespace nestbox::server
