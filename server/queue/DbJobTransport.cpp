#include "queue/DbJobTransport.h"

#include "repository/JobRepository.h"
#include "service/Clock.h"

namespace nestbox::server {

DbJobTransport::DbJobTransport(JobRepository& jobs, std::int64_t leaseMs)
    : _jobs(jobs)
    , _leaseMs(leaseMs)
{
}

void DbJobTransport::publish(const JobRecord&)
{
}

std::optional<Delivery> DbJobTransport::claimNext()
{
    auto job = _jobs.claim(nowMs(), _leaseMs);
    if (!job)
        return std::nullopt;
    return Delivery{job->id, job->kind, job->subject, job->attempts, job->id, true};
}

std::optional<Delivery> DbJobTransport::receive(std::chrono::milliseconds wait)
{
    unsigned seen = 0;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        seen = _pokes;
    }
    if (auto delivery = claimNext())
        return delivery;
    {
        std::unique_lock<std::mutex> lock(_mutex);
        if (!_wake.wait_for(lock, wait, [&] { return _pokes != seen; }))
            return std::nullopt;
    }
    return claimNext();
}

void DbJobTransport::ack(const Delivery&)
{
}

void DbJobTransport::retryLater(const Delivery&, std::chrono::milliseconds)
{
}

void DbJobTransport::deadLetter(const Delivery&, const std::string&)
{
}

std::int64_t DbJobTransport::depth()
{
    return _jobs.countByState()["pending"];
}

std::int64_t DbJobTransport::deadCount()
{
    return _jobs.countByState()["dead"];
}

std::string DbJobTransport::describe()
{
    return "db (the job table)";
}

void DbJobTransport::wake()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++_pokes;
    }
    _wake.notify_all();
}

} // namespace nestbox::server
