#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace nestbox::server {

class JobRepository;
class JobTransport;

// The outbox relay and sweeper between the job table and a broker: publishes every due pending
// job the broker was never given (the row was committed with the data it is about; the process
// may have died before publishing), and publishes again jobs whose publication is older than the
// lease with no sign of progress (a broker that lost messages). The row is marked published only
// after the broker confirmed it, so nothing is lost; a job may be delivered twice, and workers
// treat that as a no-op. Re-publication waits until the broker's queue is shorter than the stale
// list, so a long backlog is not duplicated. One thread; start/stop/wake/relayOnce are thread-safe.
class JobDispatcher {
public:
    JobDispatcher(JobRepository& jobs, JobTransport& transport, std::int64_t leaseMs);
    ~JobDispatcher();

    void start();
    void stop();
    // A job was queued in this process: relay now rather than at the next poll.
    void wake();
    // One pass (what the thread does every second): returns how many jobs were published.
    // Throws when the database or the broker is away.
    int relayOnce();
    // The sweep for stale publications; the thread runs it every lease/4 (at most 30 s).
    int sweepOnce();

private:
    void loop();

    JobRepository& _jobs;
    JobTransport& _transport;
    std::int64_t _leaseMs;
    std::thread _thread;
    std::mutex _mutex;
    std::condition_variable _wake;
    bool _stopping = false;
    unsigned _pokes = 0;
};

} // namespace nestbox::server
