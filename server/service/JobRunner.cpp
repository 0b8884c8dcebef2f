#include "service/JobRunner.h"

#include "service/Clock.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <chrono>

namespace nestbox::server {

namespace {

constexpr std::chrono::milliseconds kReceiveWait{1000};

Poco::Logger& logger()
{
    return Poco::Logger::get("nestbox.jobs");
}

} // namespace

JobRunner::JobRunner(JobRepository& jobs, JobTransport& transport, int threads, std::int64_t leaseMs)
    : _jobs(jobs)
    , _transport(transport)
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
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = false;
    }
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
    _transport.wake();
    for (std::thread& t : _workers)
        if (t.joinable())
            t.join();
    _workers.clear();
}

void JobRunner::wake()
{
    _transport.wake();
}

void JobRunner::loop()
{
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(_mutex);
            if (_stopping)
                break;
        }
        try {
            runOne();
            continue;
        } catch (const std::exception& e) {
            // The database or the broker may be away; try again after a pause.
            logger().warning("job poll failed: %s", std::string(e.what()));
        }
        std::unique_lock<std::mutex> lock(_mutex);
        if (_wake.wait_for(lock, std::chrono::seconds(1), [&] { return _stopping; }))
            break;
    }
    try {
        _transport.detachThread();
    } catch (const std::exception& e) {
        logger().warning("job transport: %s", std::string(e.what()));
    }
}

void JobRunner::settle(const Delivery& delivery, const std::function<void()>& step)
{
    // The table already says what happened; a lost acknowledgement only means the job id comes
    // back once more and is then acknowledged as done.
    try {
        step();
    } catch (const std::exception& e) {
        logger().warning("job %s: could not settle its message with the queue: %s", delivery.jobId,
                         std::string(e.what()));
    }
}

bool JobRunner::runOne()
{
    auto delivery = _transport.receive(kReceiveWait);
    if (!delivery)
        return false;
    try {
        process(*delivery);
    } catch (...) {
        // The table could not be read or written: hand the message back for later rather than
        // sit on it (an unacknowledged RabbitMQ message would stall this consumer).
        if (!delivery->claimed)
            settle(*delivery, [&] { _transport.retryLater(*delivery, std::chrono::milliseconds(5000)); });
        throw;
    }
    return true;
}

void JobRunner::process(const Delivery& delivery)
{
    std::optional<JobRecord> job;
    if (delivery.claimed) {
        job = JobRecord{};
        job->id = delivery.jobId;
        job->kind = delivery.kind;
        job->subject = delivery.subject;
        job->state = "running";
        job->attempts = delivery.attempt;
    } else {
        job = _jobs.claimById(delivery.jobId, nowMs(), _leaseMs);
        if (!job) {
            // Done, dead or not due yet (its retry message is on the way): a duplicate. Leased by
            // another worker: ask again when that lease may have run out, in case the worker died.
            const auto current = _jobs.find(delivery.jobId);
            const bool leased = current && current->state == "running";
            const auto recheck = std::chrono::milliseconds(std::clamp<std::int64_t>(_leaseMs / 4, 1000, 30000));
            settle(delivery, [&] {
                if (leased)
                    _transport.retryLater(delivery, recheck);
                else
                    _transport.ack(delivery);
            });
            return;
        }
    }
    const auto handler = _handlers.find(job->kind);
    if (handler == _handlers.end()) {
        const bool dead = _jobs.fail(*job, "no handler for this kind of job", nowMs(), 60'000, kMaxAttempts);
        settle(delivery, [&] {
            if (dead)
                _transport.deadLetter(delivery, "no handler for this kind of job");
            else
                _transport.retryLater(delivery, std::chrono::milliseconds(60'000));
        });
        return;
    }
    try {
        handler->second.first(*job);
        _jobs.finish(job->id);
        settle(delivery, [&] { _transport.ack(delivery); });
    } catch (const std::exception& e) {
        const std::int64_t delay =
            std::min<std::int64_t>(_retryMaxMs, _retryBaseMs << std::min<std::int64_t>(job->attempts, 20));
        const bool dead = _jobs.fail(*job, e.what(), nowMs(), delay, kMaxAttempts);
        logger().warning("job %s %s (%s) failed, attempt %d%s: %s", job->kind, job->id, job->subject,
                         static_cast<int>(job->attempts), std::string(dead ? ", now dead" : ""), std::string(e.what()));
        settle(delivery, [&] {
            if (dead)
                _transport.deadLetter(delivery, e.what());
            else
                _transport.retryLater(delivery, std::chrono::milliseconds(delay));
        });
        if (dead && handler->second.second) {
            try {
                handler->second.second(*job);
            } catch (const std::exception& inner) {
                logger().error("dead-job handler failed: %s", std::string(inner.what()));
            }
        }
    }
}

} // namespace nestbox::server
