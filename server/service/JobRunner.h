#pragma once

#include "queue/JobTransport.h"
#include "repository/JobRepository.h"

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace nestbox::server {

// Worker threads that take jobs from a JobTransport (the job table itself, Redis Streams or
// RabbitMQ) and run the handler for their kind. The job table stays the truth: a delivered job is
// leased in the table before it runs (a delivery for a job already done, dead or leased by a live
// worker is only acknowledged), deleted when its handler returns, and only then acknowledged to the
// transport. A handler that throws is retried with exponential backoff; after kMaxAttempts the job
// is dead (kept, visible in `nestboxd jobs list` and /metrics, also in the broker's dead letters)
// and the kind's `onDead` runs. A job whose worker died is taken again when its lease runs out.
// Thread-safe.
class JobRunner {
public:
    using Handler = std::function<void(const JobRecord&)>;

    static constexpr int kMaxAttempts = 5;

    JobRunner(JobRepository& jobs, JobTransport& transport, int threads, std::int64_t leaseMs);
    ~JobRunner();

    void on(const std::string& kind, Handler handler, Handler onDead);
    void start();
    void stop();
    // A job was queued: look now rather than at the next poll.
    void wake();
    // Backoff after a failure: base << attempts, at most max (default 1 s and 10 min; tests shorten it).
    void setRetryDelays(std::int64_t baseMs, std::int64_t maxMs)
    {
        _retryBaseMs = baseMs;
        _retryMaxMs = maxMs;
    }

private:
    void loop();
    bool runOne();
    void process(const Delivery& delivery);
    void settle(const Delivery& delivery, const std::function<void()>& step);

    JobRepository& _jobs;
    JobTransport& _transport;
    int _threads;
    std::int64_t _leaseMs;
    std::int64_t _retryBaseMs = 1000;
    std::int64_t _retryMaxMs = 600'000;
    std::map<std::string, std::pair<Handler, Handler>> _handlers;
    std::vector<std::thread> _workers;
    std::mutex _mutex;
    std::condition_variable _wake;
    bool _stopping = false;
};

} // namespace nestbox::server
