#pragma once

#include "queue/Delivery.h"
#include "repository/JobRepository.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace nestbox::server {

// Carries job ids from the job table (the outbox and the truth) to workers: the table itself
// (DbJobTransport), Redis Streams or RabbitMQ. Delivery is at least once; jobs are idempotent.
// Every method may throw ServiceError(Unavailable) while the broker is away, and recovers by itself
// when it is back. Implementations are thread-safe; a delivery is acknowledged on the thread that
// received it.
class JobTransport {
public:
    virtual ~JobTransport() = default;

    // Returns once the broker holds the job durably (publisher confirm, XADD reply).
    virtual void publish(const JobRecord& job) = 0;
    // The next job id, waiting at most `wait` for one.
    virtual std::optional<Delivery> receive(std::chrono::milliseconds wait) = 0;
    // The job is done (or needs nothing more): forget the message.
    virtual void ack(const Delivery& delivery) = 0;
    // Deliver the job again after `delay` (backoff), then forget this message.
    virtual void retryLater(const Delivery& delivery, std::chrono::milliseconds delay) = 0;
    // Move the job to the broker's dead-letter place, then forget this message.
    virtual void deadLetter(const Delivery& delivery, const std::string& reason) = 0;
    // Messages waiting to be delivered (not counting those being worked on), and dead letters kept.
    virtual std::int64_t depth() = 0;
    virtual std::int64_t deadCount() = 0;
    // For logs: where the queue is, no password.
    virtual std::string describe() = 0;
    // A job was queued in this process: a transport that polls looks now. Brokers push by themselves.
    virtual void wake() {}
    // The calling thread is done with the transport: close what it holds, so messages it had
    // prefetched but not taken go back to the queue at once.
    virtual void detachThread() {}
    // Whether published messages reach workers on their own (a broker); the db transport needs no
    // relay, so no JobDispatcher runs for it.
    virtual bool needsRelay() const { return true; }
};

} // namespace nestbox::server
