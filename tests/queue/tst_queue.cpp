// The job queue against a real broker: the same suite runs once per transport (NESTBOX_QUEUE_BACKEND
// = db, redis or amqp) on a real SQLite job table, real Redis (services fixture, plus a private
// append-only one for the restart) and real RabbitMQ (rabbitmq.sh fixture). No mocks.
#include "PrivateRedis.h"
#include "QueueBackend.h"

#include "db/Database.h"
#include "db/Migrations.h"
#include "queue/JobDispatcher.h"
#include "queue/JobTransport.h"
#include "queue/JobTransports.h"
#include "repository/JobRepository.h"
#include "service/Clock.h"
#include "service/JobRunner.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

using namespace nestbox::server;
using namespace std::chrono_literals;

namespace {

// One job table and one transport of a test's own.
struct Rig {
    QTemporaryDir dir;
    std::unique_ptr<Database> db;
    std::unique_ptr<JobRepository> jobs;
    std::string url;
    std::int64_t leaseMs = 0;
    std::unique_ptr<JobTransport> transport;
    std::unique_ptr<JobDispatcher> dispatcher; // null for the db transport

    std::unique_ptr<JobTransport> another() { return makeJobTransport(url, "", *jobs, leaseMs); }
    void relay()
    {
        if (dispatcher)
            dispatcher->relayOnce();
    }
    std::string idOf(const std::string& subject)
    {
        for (const JobRecord& j : jobs->list("", 10000))
            if (j.subject == subject)
                return j.id;
        return {};
    }
    std::int64_t remaining()
    {
        std::int64_t n = 0;
        for (const auto& [state, count] : jobs->countByState())
            if (state != "dead")
                n += count;
        return n;
    }
};

// Handler runs per subject, from any worker thread.
class RunLog {
public:
    void add(const std::string& subject)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++_runs[subject];
    }
    int count(const std::string& subject)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _runs[subject];
    }
    int total()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        int n = 0;
        for (const auto& [s, c] : _runs)
            n += c;
        return n;
    }

private:
    std::mutex _mutex;
    std::map<std::string, int> _runs;
};

std::optional<Delivery> receiveWithin(JobTransport& t, std::chrono::milliseconds total)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < total.count()) {
        try {
            if (auto d = t.receive(500ms))
                return d;
        } catch (const std::exception& e) {
            qInfo("receive: %s", e.what());
            QThread::msleep(200);
        }
    }
    return std::nullopt;
}

} // namespace

class QueueTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void publishReceiveAck();
    void redeliveredWhenConsumerDies();
    void nothingLostAcrossBrokerRestart();
    void deadLetteredAfterMaxAttemptsThenRetried();
    void outboxRelaysCommittedButUnpublishedJobs();

private:
    std::unique_ptr<Rig> makeRig(const QString& tag, std::int64_t leaseMs, const QString& url = {});

    QueueBackend _backend;
};

std::unique_ptr<Rig> QueueTest::makeRig(const QString& tag, std::int64_t leaseMs, const QString& url)
{
    auto rig = std::make_unique<Rig>();
    rig->db = std::make_unique<Database>("sqlite://" + rig->dir.filePath(QStringLiteral("jobs.db")).toStdString(), "", 4);
    Migrations::apply(*rig->db);
    rig->jobs = std::make_unique<JobRepository>(*rig->db);
    rig->url = (url.isEmpty() ? _backend.freshUrl(tag) : url).toStdString();
    rig->leaseMs = leaseMs;
    rig->transport = makeJobTransport(rig->url, "", *rig->jobs, leaseMs);
    if (rig->transport->needsRelay())
        rig->dispatcher = std::make_unique<JobDispatcher>(*rig->jobs, *rig->transport, leaseMs);
    return rig;
}

void QueueTest::initTestCase()
{
    _backend = QueueBackend::fromEnvironment();
    QVERIFY2(_backend.isValid(), qPrintable(_backend.error()));
    qInfo("queue backend: %s", qPrintable(_backend.name()));
}

void QueueTest::publishReceiveAck()
{
    auto rig = makeRig(QStringLiteral("basic"), 30000);
    qInfo("transport: %s", rig->transport->describe().c_str());
    for (int i = 0; i < 3; ++i)
        rig->jobs->enqueue("test", "s" + std::to_string(i));
    if (rig->dispatcher) {
        QCOMPARE(rig->transport->depth(), 0); // nothing published yet
        QCOMPARE(rig->dispatcher->relayOnce(), 3);
        QCOMPARE(rig->dispatcher->relayOnce(), 0); // marked published
        QCOMPARE(rig->transport->depth(), 3);
    }
    std::set<std::string> seen;
    while (seen.size() < 3) {
        auto d = receiveWithin(*rig->transport, 10s);
        QVERIFY2(d, "a published job was not delivered");
        QCOMPARE(d->kind, std::string("test"));
        QCOMPARE(d->jobId, rig->idOf(d->subject));
        QVERIFY(seen.insert(d->subject).second);
        if (!d->claimed)
            QVERIFY(rig->jobs->claimById(d->jobId, nowMs(), rig->leaseMs));
        rig->jobs->finish(d->jobId);
        rig->transport->ack(*d);
    }
    QVERIFY(!rig->transport->receive(300ms));
    QCOMPARE(rig->transport->depth(), 0);
    QCOMPARE(rig->remaining(), 0);
}

void QueueTest::redeliveredWhenConsumerDies()
{
    const std::int64_t lease = 1500;
    auto rig = makeRig(QStringLiteral("dies"), lease);
    rig->jobs->enqueue("test", "victim");
    rig->relay();
    const std::string id = rig->idOf("victim");
    {
        // A worker takes the job, leases its row, and dies before it acknowledges anything.
        auto doomed = rig->another();
        auto d = receiveWithin(*doomed, 10s);
        QVERIFY(d);
        QCOMPARE(d->jobId, id);
        if (!d->claimed)
            QVERIFY(rig->jobs->claimById(d->jobId, nowMs(), lease));
        doomed->detachThread(); // its connections go (RabbitMQ puts the message back at once)
    }
    RunLog runs;
    JobRunner runner(*rig->jobs, *rig->transport, 2, lease);
    runner.on("test", [&](const JobRecord& job) { runs.add(job.subject); }, nullptr);
    QElapsedTimer timer;
    timer.start();
    runner.start();
    const bool done = QTest::qWaitFor([&] { return !rig->jobs->find(id); }, 30000);
    runner.stop();
    QVERIFY2(done, "the job of the dead worker was never done");
    qInfo("redone %lld ms after the worker died (lease %lld ms)", static_cast<long long>(timer.elapsed()),
          static_cast<long long>(lease));
    QCOMPARE(runs.count("victim"), 1);
    QCOMPARE(rig->remaining(), 0);
}

void QueueTest::nothingLostAcrossBrokerRestart()
{
    if (_backend.kind() == QueueBackend::Kind::Db)
        QSKIP("the db transport has no broker to restart (tests/server covers a MariaDB restart)");
    PrivateRedis redis;
    QString url;
    if (_backend.kind() == QueueBackend::Kind::Redis) {
        QVERIFY2(redis.start(), qPrintable(redis.error()));
        url = QStringLiteral("redis://127.0.0.1:%1/0?prefix=nbq:restart").arg(redis.port());
    }
    const std::int64_t lease = 4000;
    auto rig = makeRig(QStringLiteral("restart"), lease, url);
    RunLog runs;
    JobRunner runner(*rig->jobs, *rig->transport, 2, lease);
    runner.on("test", [&](const JobRecord& job) {
        QThread::msleep(50);
        runs.add(job.subject);
    }, nullptr);
    rig->dispatcher->start();
    runner.start();

    const int kFirst = 60, kSecond = 30;
    for (int i = 0; i < kFirst; ++i)
        rig->jobs->enqueue("test", "a" + std::to_string(i));
    rig->dispatcher->wake();
    QVERIFY(QTest::qWaitFor([&] { return runs.total() >= 5; }, 30000));
    qInfo("restarting the broker with %d of %d jobs done", runs.total(), kFirst);
    QElapsedTimer timer;
    timer.start();
    if (_backend.kind() == QueueBackend::Kind::Redis) {
        QVERIFY2(redis.restart(), qPrintable(redis.error()));
        for (int i = 0; i < kSecond; ++i)
            rig->jobs->enqueue("test", "b" + std::to_string(i));
    } else {
        // Jobs are queued while the broker is down; publishing them waits for it to come back.
        std::thread more([&] {
            QThread::msleep(1500);
            for (int i = 0; i < kSecond; ++i)
                rig->jobs->enqueue("test", "b" + std::to_string(i));
        });
        QString log;
        const bool ok = _backend.restartBroker(&log);
        more.join();
        QVERIFY2(ok, qPrintable(log));
    }
    rig->dispatcher->wake();
    qInfo("broker back after %lld ms", static_cast<long long>(timer.elapsed()));
    const bool done = QTest::qWaitFor([&] { return rig->remaining() == 0; }, 120000);
    runner.stop();
    rig->dispatcher->stop();
    QVERIFY2(done, qPrintable(QStringLiteral("%1 job(s) never done").arg(rig->remaining())));
    int duplicates = 0;
    for (int i = 0; i < kFirst; ++i) {
        const int n = runs.count("a" + std::to_string(i));
        QVERIFY2(n >= 1, qPrintable(QStringLiteral("job a%1 lost").arg(i)));
        duplicates += n - 1;
    }
    for (int i = 0; i < kSecond; ++i) {
        const int n = runs.count("b" + std::to_string(i));
        QVERIFY2(n >= 1, qPrintable(QStringLiteral("job b%1 lost").arg(i)));
        duplicates += n - 1;
    }
    qInfo("all %d jobs done after %lld ms; %d run twice (at-least-once across the restart)", kFirst + kSecond,
          static_cast<long long>(timer.elapsed()), duplicates);
}

void QueueTest::deadLetteredAfterMaxAttemptsThenRetried()
{
    const std::int64_t lease = 10000;
    auto rig = makeRig(QStringLiteral("dead"), lease);
    std::atomic<bool> failing{true};
    std::atomic<int> attempts{0};
    std::atomic<int> deadCalls{0};
    RunLog successes;
    JobRunner runner(*rig->jobs, *rig->transport, 2, lease);
    runner.setRetryDelays(100, 1000);
    runner.on(
        "test",
        [&](const JobRecord& job) {
            ++attempts;
            if (failing)
                throw std::runtime_error("this job always fails");
            successes.add(job.subject);
        },
        [&](const JobRecord&) { ++deadCalls; });
    rig->jobs->enqueue("test", "doomed");
    const std::string id = rig->idOf("doomed");
    if (rig->dispatcher)
        rig->dispatcher->start();
    runner.start();
    runner.wake();
    const bool dead = QTest::qWaitFor([&] {
        auto j = rig->jobs->find(id);
        return j && j->state == "dead";
    }, 60000);
    QVERIFY2(dead, "the job never ended dead");
    auto job = rig->jobs->find(id);
    QCOMPARE(job->attempts, std::int64_t(JobRunner::kMaxAttempts));
    QCOMPARE(job->lastError, std::string("this job always fails"));
    QVERIFY(QTest::qWaitFor([&] { return deadCalls == 1; }, 5000));
    QVERIFY(QTest::qWaitFor([&] { return rig->transport->deadCount() == 1; }, 5000));
    QCOMPARE(attempts.load(), JobRunner::kMaxAttempts);
    QTest::qWait(500);
    QCOMPARE(attempts.load(), JobRunner::kMaxAttempts); // dead means no more runs
    const auto listed = rig->jobs->list("dead", 10);
    QCOMPARE(listed.size(), std::size_t(1));

    // The operator retries it once the cause is fixed.
    failing = false;
    QVERIFY(rig->jobs->retryDead(id));
    QVERIFY(!rig->jobs->retryDead(id)); // only a dead job can be retried
    runner.wake();
    if (rig->dispatcher)
        rig->dispatcher->wake();
    const bool done = QTest::qWaitFor([&] { return !rig->jobs->find(id); }, 30000);
    runner.stop();
    if (rig->dispatcher)
        rig->dispatcher->stop();
    QVERIFY2(done, "the retried job was not done");
    QCOMPARE(successes.count("doomed"), 1);
    QCOMPARE(deadCalls.load(), 1);
}

void QueueTest::outboxRelaysCommittedButUnpublishedJobs()
{
    const std::int64_t lease = 1500;
    auto rig = makeRig(QStringLiteral("outbox"), lease);
    // The row is committed and the process dies before anything is published.
    rig->jobs->enqueue("test", "orphan");
    const std::string id = rig->idOf("orphan");
    if (rig->dispatcher) {
        QVERIFY(!rig->transport->receive(500ms));
        QCOMPARE(rig->dispatcher->relayOnce(), 1); // a new process's relay finds it
    }
    auto d = receiveWithin(*rig->transport, 10s);
    QVERIFY(d);
    QCOMPARE(d->jobId, id);

    // The broker then loses the message (acknowledged, the work never done): the sweeper sends it
    // again once its publication is older than the lease.
    rig->transport->ack(*d);
    QVERIFY(!rig->transport->receive(300ms));
    QTest::qWait(static_cast<int>(lease) + 200);
    if (rig->dispatcher) {
        QCOMPARE(rig->dispatcher->relayOnce(), 0);
        QCOMPARE(rig->dispatcher->sweepOnce(), 1);
    }
    auto again = receiveWithin(*rig->transport, 10s);
    QVERIFY2(again, "the lost job was not delivered again");
    QCOMPARE(again->jobId, id);
    if (!again->claimed)
        QVERIFY(rig->jobs->claimById(id, nowMs(), lease));
    rig->jobs->finish(id);
    rig->transport->ack(*again);
    if (rig->dispatcher)
        QCOMPARE(rig->dispatcher->sweepOnce(), 0);
    QCOMPARE(rig->remaining(), 0);
}

QTEST_GUILESS_MAIN(QueueTest)
#include "tst_queue.moc"
