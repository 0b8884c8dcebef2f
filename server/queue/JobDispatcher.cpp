#include "queue/JobDispatcher.h"

#include "queue/JobTransport.h"
#include "repository/JobRepository.h"
#include "service/Clock.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <chrono>

namespace nestbox::server {

namespace {

constexpr int kBatch = 500;

Poco::Logger& logger()
{
    return Poco::Logger::get("nestbox.jobs");
}

} // namespace

JobDispatcher::JobDispatcher(JobRepository& jobs, JobTransport& transport, std::int64_t leaseMs)
    : _jobs(jobs)
    , _transport(transport)
    , _leaseMs(leaseMs)
{
}

JobDispatcher::~JobDispatcher()
{
    stop();
}

void JobDispatcher::start()
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_thread.joinable())
        return;
    _stopping = false;
    _thread = std::thread([this] { loop(); });
}

void JobDispatcher::stop()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    if (_thread.joinable())
        _thread.join();
}

void JobDispatcher::wake()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++_pokes;
    }
    _wake.notify_all();
}

int JobDispatcher::relayOnce()
{
    int published = 0;
    for (;;) {
        const std::vector<JobRecord> batch = _jobs.unpublished(nowMs(), kBatch);
        std::vector<std::string> done;
        done.reserve(batch.size());
        try {
            for (const JobRecord& job : batch) {
                _transport.publish(job);
                done.push_back(job.id);
            }
        } catch (...) {
            // What the broker confirmed stays confirmed; the rest waits for the next pass.
            _jobs.markPublished(done, nowMs());
            throw;
        }
        _jobs.markPublished(done, nowMs());
        published += static_cast<int>(done.size());
        if (static_cast<int>(batch.size()) < kBatch)
            return published;
    }
}

int JobDispatcher::sweepOnce()
{
    const std::vector<JobRecord> stale = _jobs.stalePublications(nowMs(), _leaseMs, kBatch);
    if (stale.empty())
        return 0;
    // Messages still queued in the broker are on their way; only when it holds fewer than the stale
    // rows can some of them be missing.
    const std::int64_t queued = _transport.depth();
    if (queued >= static_cast<std::int64_t>(stale.size()))
        return 0;
    std::vector<std::string> done;
    try {
        for (const JobRecord& job : stale) {
            _transport.publish(job);
            done.push_back(job.id);
        }
    } catch (...) {
        _jobs.markPublished(done, nowMs());
        throw;
    }
    _jobs.markPublished(done, nowMs());
    logger().warning("job queue: %z stale job(s) published again (broker %s held %Ld)", done.size(),
                     _transport.describe(), static_cast<Poco::Int64>(queued));
    return static_cast<int>(done.size());
}

void JobDispatcher::loop()
{
    const auto sweepEvery = std::chrono::milliseconds(std::clamp<std::int64_t>(_leaseMs / 4, 250, 30000));
    auto nextSweep = std::chrono::steady_clock::now() + sweepEvery;
    for (;;) {
        unsigned seen = 0;
        {
            std::lock_guard<std::mutex> lock(_mutex);
            seen = _pokes;
        }
        try {
            relayOnce();
            if (std::chrono::steady_clock::now() >= nextSweep) {
                nextSweep = std::chrono::steady_clock::now() + sweepEvery;
                sweepOnce();
            }
        } catch (const std::exception& e) {
            logger().warning("job relay failed, retrying: %s", std::string(e.what()));
        }
        std::unique_lock<std::mutex> lock(_mutex);
        _wake.wait_for(lock, std::chrono::seconds(1), [&] { return _stopping || _pokes != seen; });
        if (_stopping)
            return;
    }
}

} // namespace nestbox::server
