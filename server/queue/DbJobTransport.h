#pragma once

#include "queue/JobTransport.h"

#include <condition_variable>
#include <mutex>

namespace nestbox::server {

class JobRepository;

// queue.url = db: the job table is the queue. receive() claims the next due row with a lease
// (JobRepository::claim), polling the table and waking early when this process queued a job;
// publish, ack, retryLater and deadLetter have nothing to do because the worker's finish/fail on
// the row already is the acknowledgement. Thread-safe.
class DbJobTransport : public JobTransport {
public:
    DbJobTransport(JobRepository& jobs, std::int64_t leaseMs);

    void publish(const JobRecord& job) override;
    std::optional<Delivery> receive(std::chrono::milliseconds wait) override;
    void ack(const Delivery& delivery) override;
    void retryLater(const Delivery& delivery, std::chrono::milliseconds delay) override;
    void deadLetter(const Delivery& delivery, const std::string& reason) override;
    std::int64_t depth() override;
    std::int64_t deadCount() override;
    std::string describe() override;
    void wake() override;
    bool needsRelay() const override { return false; }

private:
    std::optional<Delivery> claimNext();

    JobRepository& _jobs;
    std::int64_t _leaseMs;
    std::mutex _mutex;
    std::condition_variable _wake;
    unsigned _pokes = 0;
};

} // namespace nestbox::server
