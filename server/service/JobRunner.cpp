#include "service/JobRunner.h"

#include "service/Clock.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <chrono>

namespace nestbox::server {

namespace {

Poco::Logger& logger()
{
    return Poco::Logger::get("nestbox.jobs");
}

} // namespace

JobRunner::JobRunner(JobRepository& jobs, int threads, std::int64_t leaseMs)
    : _jobs(jobs)
    , _threads(threads)
    , _leaseMs(leaseMs)
{
}

JobRunner::~JobRunner()
{
    stop();
}

void JobRunner::on(const std::string& kind, Handler handler, Handler onDead)
{
    _handlers[kind] = {std::move(handler), std::move(onDead)};
}

void JobRunner::start()
{
    for (int i = 0; i < _threads; ++i)
        _workers.emplace_back([this] { loop(); });
}

void JobRunner::stop()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    for (std::thread& t : _workers)
        if (t.joinable())
            t.join();
    _workers.clear();
}

void JobRunner::wake()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++_pokes;
    }
    _wake.notify_one();
}

void JobRunner::loop()
{
    for (;;) {
        bool worked = false;
        try {
            worked = runOne();
        } catch (const std::exception& e) {
            // The database may be away; try again after the pause below.
            logger().warning("job poll failed: %s", std::string(e.what()));
        }
        std::unique_lock<std::mutex> lock(_mutex);
        if (_stopping)
            return;
        if (worked)
            continue;
        const unsigned seen = _pokes;
        _wake.wait_for(lock, std::chrono::seconds(1), [&] { return _stopping || _pokes != seen; });
        if (_stopping)
            return;
    }
}

bool JobRunner::runOne()
{
    auto job = _jobs.claim(nowMs(), _leaseMs);
    if (!job)
        return false;
    const auto handler = _handlers.find(job->kind);
    if (handler == _handlers.end()) {
        _jobs.fail(*job, "no handler for this kind of job", nowMs(), 60'000, kMaxAttempts);
        return true;
    }
    try {
        handler->second.first(*job);
        _jobs.finish(job->id);
    } catch (const std::exception& e) {
        const std::int64_t delay = std::min<std::int64_t>(600'000, 1000LL << std::min<std::int64_t>(job->attempts, 9));
        const bool dead = _jobs.fail(*job, e.what(), nowMs(), delay, kMaxAttempts);
        logger().warning("job %s %s (%s) failed, attempt %d%s: %s", job->kind, job->id, job->subject,
                         static_cast<int>(job->attempts), std::string(dead ? ", now dead" : ""), std::string(e.what()));
        if (dead && handler->second.second) {
            try {
                handler->second.second(*job);
            } catch (const std::exception& inner) {
                logger().error("dead-job handler failed: %s", std::string(inner.what()));
            }
        }
    }
    return true;
}

} // namespace nestbox::server
