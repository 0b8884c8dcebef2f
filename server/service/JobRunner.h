#pragma once

#include "repository/JobRepository.h"

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace nestbox::server {

// Worker threads that claim jobs from the durable job table and run the handler for their kind.
// A handler that throws is retried with exponential backoff; after kMaxAttempts the job is dead
// (kept, visible in `nestboxd jobs list` and /metrics) and the kind's `onDead` runs. A job whose
// worker died is taken again when its lease runs out. Thread-safe.
class JobRunner {
public:
    using Handler = std::function<void(const JobRecord&)>;

    static constexpr int kMaxAttempts = 5;

    JobRunner(JobRepository& jobs, int threads, std::int64_t leaseMs);
    ~JobRunner();

    void on(const std::string& kind, Handler handler, Handler onDead);
    void start();
    void stop();
    // A job was queued: look now rather than at the next poll.
    void wake();

private:
    void loop();
    bool runOne();

    JobRepository& _jobs;
    int _threads;
    std::int64_t _leaseMs;
    std::map<std::string, std::pair<Handler, Handler>> _handlers;
    std::vector<std::thread> _workers;
    std::mutex _mutex;
    std::condition_variable _wake;
    bool _stopping = false;
    unsigned _pokes = 0;
};

} // namespace nestbox::server
