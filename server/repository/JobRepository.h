#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace Poco::Data {
class Session;
}

namespace nestbox::server {

class Database;

struct JobRecord {
    std::string id;
    std::string kind;    // e.g. "thumbnail"
    std::string subject; // what the job works on, e.g. a blob's sha256
    std::string state;   // pending | running | dead
    std::int64_t attempts = 0;
    std::int64_t runAfter = 0;
    std::string lastError;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
};

// The durable job table: background work survives crashes because it is claimed with a lease
// and only deleted once done. One row per (kind, subject), so queuing twice is harmless.
// Thread-safe.
class JobRepository {
public:
    explicit JobRepository(Database& db)
        : _db(db)
    {
    }

    // Queues a job unless one for the same (kind, subject) exists; inside the caller's transaction.
    static void enqueueIn(Database& db, Poco::Data::Session& s, const std::string& kind, const std::string& subject,
                          std::int64_t now);
    void enqueue(const std::string& kind, const std::string& subject);
    // Puts existing jobs back to pending with no attempts, or queues them: `nestboxd thumbnails rebuild`.
    void requeue(const std::string& kind, const std::vector<std::string>& subjects);

    // Takes the next due job (pending, or running with an expired lease) for `leaseMs`.
    std::optional<JobRecord> claim(std::int64_t now, std::int64_t leaseMs);
    void finish(const std::string& id);
    // Back to pending after `delayMs`, or dead after `maxAttempts`; returns true when it died.
    bool fail(const JobRecord& job, const std::string& error, std::int64_t now, std::int64_t delayMs,
              int maxAttempts);
    std::vector<JobRecord> list(const std::string& state, int limit);
    std::map<std::string, std::int64_t> countByState();

    // The job table as the outbox of a message broker (server/queue): the broker carries only job
    // ids; the row stays the truth about what is left to do.
    std::optional<JobRecord> find(const std::string& id);
    // Leases the job a broker delivered, like claim() does for the next due one; nothing when the
    // row is gone (done), dead, not yet due, or leased by a live worker (a duplicate delivery).
    std::optional<JobRecord> claimById(const std::string& id, std::int64_t now, std::int64_t leaseMs);
    // Due pending jobs never handed to the broker (committed, then the process died, or queued by
    // a process without a broker).
    std::vector<JobRecord> unpublished(std::int64_t now, int limit);
    // Jobs handed to the broker more than `leaseMs` ago and neither done, dead, due later nor
    // leased by a live worker: the broker lost them, or nobody has taken them yet.
    std::vector<JobRecord> stalePublications(std::int64_t now, std::int64_t leaseMs, int limit);
    void markPublished(const std::vector<std::string>& ids, std::int64_t at);
    // A dead job back to pending with no attempts (to be published again); false unless it was dead.
    bool retryDead(const std::string& id);

private:
    Database& _db;
};

} // namespace nestbox::server
