// nestbox-bench-queue: jobs/s through each job transport, end to end as nestboxd runs them: N small
// jobs queued one transaction each into a real SQLite job table, relayed by the JobDispatcher (for
// a broker), taken by a JobRunner with `--workers` threads running a no-op handler, and deleted
// from the table. The clock runs from the first enqueue to the last row gone.
//
//   nestbox-bench-queue [--jobs=1000] [--workers=2] [--redis-url=redis://…] [--amqp-url=amqp://…]
//
// bench/queue/run.sh starts Redis and RabbitMQ (the test scripts) and passes their URLs.
#include "db/Database.h"
#include "db/Migrations.h"
#include "queue/JobDispatcher.h"
#include "queue/JobTransport.h"
#include "queue/JobTransports.h"
#include "repository/JobRepository.h"
#include "service/JobRunner.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

using namespace nestbox::server;

namespace {

struct Options {
    int jobs = 1000;
    int workers = 2;
    std::vector<std::string> urls{"db"};
};

Options parse(int argc, char** argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](const std::string& name) { return arg.substr(name.size()); };
        if (arg.rfind("--jobs=", 0) == 0)
            o.jobs = std::stoi(value("--jobs="));
        else if (arg.rfind("--workers=", 0) == 0)
            o.workers = std::stoi(value("--workers="));
        else if (arg.rfind("--redis-url=", 0) == 0 && !value("--redis-url=").empty())
            o.urls.push_back(value("--redis-url="));
        else if (arg.rfind("--amqp-url=", 0) == 0 && !value("--amqp-url=").empty())
            o.urls.push_back(value("--amqp-url="));
        else
            throw std::invalid_argument("unknown argument " + arg);
    }
    return o;
}

std::string withQueueName(const std::string& url, const std::string& name)
{
    if (url.rfind("redis://", 0) == 0)
        return url + "?prefix=nbbench:" + name;
    if (url.rfind("amqp://", 0) == 0)
        return url + "?queue=nbbench." + name + "&prefetch=16";
    return url;
}

double run(const Options& o, const std::string& baseUrl)
{
    Poco::TemporaryFile dir;
    dir.createDirectories();
    const std::string name = std::to_string(::getpid()) + "." + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 100000);
    const std::string url = withQueueName(baseUrl, name);
    Database db("sqlite://" + Poco::Path(dir.path()).append("jobs.db").toString(), "", 8);
    Migrations::apply(db);
    JobRepository jobs(db);
    const std::int64_t lease = 60'000;
    auto transport = makeJobTransport(url, "", jobs, lease);
    std::unique_ptr<JobDispatcher> dispatcher;
    if (transport->needsRelay())
        dispatcher = std::make_unique<JobDispatcher>(jobs, *transport, lease);
    std::atomic<int> done{0};
    JobRunner runner(jobs, *transport, o.workers, lease);
    runner.on("bench", [&](const JobRecord&) { ++done; }, nullptr);
    // Connect before the clock starts.
    transport->depth();
    if (dispatcher)
        dispatcher->start();
    runner.start();

    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < o.jobs; ++i) {
        jobs.enqueue("bench", "job-" + std::to_string(i));
        runner.wake();
        if (dispatcher)
            dispatcher->wake();
    }
    const auto queued = std::chrono::steady_clock::now();
    while (true) {
        const auto counts = jobs.countByState();
        if (counts.at("pending") + counts.at("running") == 0)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const auto end = std::chrono::steady_clock::now();
    runner.stop();
    if (dispatcher)
        dispatcher->stop();
    const double seconds = std::chrono::duration<double>(end - start).count();
    const double enqueueSeconds = std::chrono::duration<double>(queued - start).count();
    std::printf("%-48s %5d jobs  %7.2f s  %8.0f jobs/s  (enqueue alone %.2f s; %d handler runs)\n",
                transport->describe().c_str(), o.jobs, seconds, o.jobs / seconds, enqueueSeconds, done.load());
    return o.jobs / seconds;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        const Options o = parse(argc, argv);
        std::printf("job queue throughput: %d no-op jobs, %d worker threads, SQLite job table, %u cores\n", o.jobs,
                    o.workers, std::thread::hardware_concurrency());
        for (const std::string& url : o.urls)
            run(o, url);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "nestbox-bench-queue: " << e.what() << "\n";
        return 1;
    }
}
