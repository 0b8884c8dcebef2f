#include "repository/JobRepository.h"

#include "db/Database.h"
#include "repository/RowReader.h"
#include "service/Clock.h"
#include "service/Random.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

using namespace Poco::Data::Keywords;

namespace nestbox::server {

namespace {

const char* kColumns = "id, kind, subject, state, attempts, run_after, last_error, created_at, updated_at";

JobRecord readJob(const Poco::Data::RecordSet& rs, std::size_t row)
{
    JobRecord j;
    j.id = text(rs, 0, row);
    j.kind = text(rs, 1, row);
    j.subject = text(rs, 2, row);
    j.state = text(rs, 3, row);
    j.attempts = integer(rs, 4, row);
    j.runAfter = integer(rs, 5, row);
    j.lastError = text(rs, 6, row);
    j.createdAt = integer(rs, 7, row);
    j.updatedAt = integer(rs, 8, row);
    return j;
}

} // namespace

void JobRepository::enqueueIn(Database& db, Poco::Data::Session& s, const std::string& kind,
                              const std::string& subject, std::int64_t at)
{
    Poco::Data::Statement st(s);
    st << db.insertIgnore()
       << " INTO jobs (id, kind, subject, state, attempts, run_after, created_at, updated_at)"
          " VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)",
        bind(randomHex(16)), bind(kind), bind(subject), bind(static_cast<Poco::Int64>(at)),
        bind(static_cast<Poco::Int64>(at)), bind(static_cast<Poco::Int64>(at));
    st.execute();
}

void JobRepository::enqueue(const std::string& kind, const std::string& subject)
{
    _db.write([&](Poco::Data::Session& s) { enqueueIn(_db, s, kind, subject, nowMs()); });
}

void JobRepository::requeue(const std::string& kind, const std::vector<std::string>& subjects)
{
    const auto at = static_cast<Poco::Int64>(nowMs());
    _db.write([&](Poco::Data::Session& s) {
        for (const std::string& subject : subjects) {
            s << "UPDATE jobs SET state = 'pending', attempts = 0, run_after = ?, updated_at = ?, last_error = NULL,"
                 " published_at = NULL WHERE kind = ? AND subject = ?",
                bind(at), bind(at), bind(kind), bind(subject), now;
            enqueueIn(_db, s, kind, subject, at);
        }
    });
}

std::optional<JobRecord> JobRepository::claim(std::int64_t at, std::int64_t leaseMs)
{
    std::vector<JobRecord> candidates;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT " << kColumns << " FROM jobs WHERE (state = 'pending' AND run_after <= ?)"
              " OR (state = 'running' AND locked_until < ?) ORDER BY run_after LIMIT 8",
            bind(static_cast<Poco::Int64>(at)), bind(static_cast<Poco::Int64>(at));
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            candidates.push_back(readJob(rs, row));
    });
    for (JobRecord& job : candidates) {
        bool won = false;
        _db.write([&](Poco::Data::Session& s) {
            // Compare-and-set: only one worker (of any process) turns this row into its own.
            Poco::Data::Statement st(s);
            st << "UPDATE jobs SET state = 'running', locked_until = ?, attempts = attempts + 1, updated_at = ?"
                  " WHERE id = ? AND ((state = 'pending' AND run_after <= ?) OR (state = 'running' AND locked_until < ?))",
                bind(static_cast<Poco::Int64>(at + leaseMs)), bind(static_cast<Poco::Int64>(at)), bind(job.id),
                bind(static_cast<Poco::Int64>(at)), bind(static_cast<Poco::Int64>(at));
            won = st.execute() == 1;
        });
        if (won) {
            job.state = "running";
            ++job.attempts;
            return job;
        }
    }
    return std::nullopt;
}

void JobRepository::finish(const std::string& id)
{
    _db.write([&](Poco::Data::Session& s) { s << "DELETE FROM jobs WHERE id = ?", bind(id), now; });
}

bool JobRepository::fail(const JobRecord& job, const std::string& error, std::int64_t at, std::int64_t delayMs,
                         int maxAttempts)
{
    const bool dead = job.attempts >= maxAttempts;
    const std::string message = error.substr(0, 1000);
    _db.write([&](Poco::Data::Session& s) {
        s << "UPDATE jobs SET state = ?, run_after = ?, locked_until = NULL, last_error = ?, updated_at = ? WHERE id = ?",
            bind(std::string(dead ? "dead" : "pending")), bind(static_cast<Poco::Int64>(at + delayMs)), bind(message),
            bind(static_cast<Poco::Int64>(at)), bind(job.id), now;
    });
    return dead;
}

std::vector<JobRecord> JobRepository::list(const std::string& state, int limit)
{
    std::vector<JobRecord> jobs;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT " << kColumns << " FROM jobs";
        if (!state.empty())
            st << " WHERE state = ?", bind(state);
        st << " ORDER BY created_at LIMIT " << std::to_string(limit);
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            jobs.push_back(readJob(rs, row));
    });
    return jobs;
}

std::map<std::string, std::int64_t> JobRepository::countByState()
{
    std::map<std::string, std::int64_t> counts{{"pending", 0}, {"running", 0}, {"dead", 0}};
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT state, COUNT(*) FROM jobs GROUP BY state";
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            counts[text(rs, 0, row)] = integer(rs, 1, row);
    });
    return counts;
}

std::optional<JobRecord> JobRepository::find(const std::string& id)
{
    std::optional<JobRecord> job;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT " << kColumns << " FROM jobs WHERE id = ?", bind(id);
        st.execute();
        Poco::Data::RecordSet rs(st);
        if (rs.rowCount() > 0)
            job = readJob(rs, 0);
    });
    return job;
}

std::optional<JobRecord> JobRepository::claimById(const std::string& id, std::int64_t at, std::int64_t leaseMs)
{
    // A broker's delay may end a moment before run_after on another machine's clock.
    constexpr std::int64_t kClockSlackMs = 5000;
    bool won = false;
    _db.write([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "UPDATE jobs SET state = 'running', locked_until = ?, attempts = attempts + 1, updated_at = ?"
              " WHERE id = ? AND ((state = 'pending' AND run_after <= ?) OR (state = 'running' AND locked_until < ?))",
            bind(static_cast<Poco::Int64>(at + leaseMs)), bind(static_cast<Poco::Int64>(at)), bind(id),
            bind(static_cast<Poco::Int64>(at + kClockSlackMs)), bind(static_cast<Poco::Int64>(at));
        won = st.execute() == 1;
    });
    if (!won)
        return std::nullopt;
    return find(id);
}

std::vector<JobRecord> JobRepository::unpublished(std::int64_t at, int limit)
{
    std::vector<JobRecord> jobs;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT " << kColumns << " FROM jobs WHERE state = 'pending' AND published_at IS NULL AND run_after <= ?"
              " ORDER BY run_after LIMIT " << std::to_string(limit),
            bind(static_cast<Poco::Int64>(at));
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            jobs.push_back(readJob(rs, row));
    });
    return jobs;
}

std::vector<JobRecord> JobRepository::stalePublications(std::int64_t at, std::int64_t leaseMs, int limit)
{
    const auto before = static_cast<Poco::Int64>(at - leaseMs);
    std::vector<JobRecord> jobs;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT " << kColumns << " FROM jobs WHERE published_at < ? AND run_after < ?"
              " AND (state = 'pending' OR (state = 'running' AND locked_until < ?))"
              " ORDER BY run_after LIMIT " << std::to_string(limit),
            bind(before), bind(before), bind(static_cast<Poco::Int64>(at));
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            jobs.push_back(readJob(rs, row));
    });
    return jobs;
}

void JobRepository::markPublished(const std::vector<std::string>& ids, std::int64_t at)
{
    if (ids.empty())
        return;
    const auto when = static_cast<Poco::Int64>(at);
    _db.write([&](Poco::Data::Session& s) {
        for (const std::string& id : ids)
            s << "UPDATE jobs SET published_at = ? WHERE id = ?", bind(when), bind(id), now;
    });
}

bool JobRepository::retryDead(const std::string& id)
{
    const auto at = static_cast<Poco::Int64>(nowMs());
    bool changed = false;
    _db.write([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "UPDATE jobs SET state = 'pending', attempts = 0, run_after = ?, locked_until = NULL, last_error = NULL,"
              " published_at = NULL, updated_at = ? WHERE id = ? AND state = 'dead'",
            bind(at), bind(at), bind(id);
        changed = st.execute() == 1;
    });
    return changed;
}

} // namespace nestbox::server
