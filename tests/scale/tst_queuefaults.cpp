// Faults around the transfer queue, once per transport (NESTBOX_SCALE_TRANSPORT = db, redis or
// amqp): a --role=api node takes the uploads and a --role=worker moves the blobs to Ceph RGW, both
// on one data dir, one MariaDB database and one queue. The worker is killed with SIGKILL in the
// middle of a PUT (a throttling relay between it and RGW makes the PUT last seconds), the broker is
// restarted mid-stream, RGW is stopped for a while, and a second deployment whose worker has a
// wrong secret key lets a job die, then `nestboxd jobs retry` revives it once the key is right.
// Every blob must end in the bucket exactly once with its local copy freed; nothing may be lost.

#include "ApiAssert.h"
#include "ApiClient.h"
#include "BucketProbe.h"
#include "HttpClient.h"
#include "NodeProcess.h"
#include "PrivateRedis.h"
#include "ScaleEnv.h"
#include "TestData.h"
#include "TestServices.h"
#include "ThrottledProxy.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

#ifndef NESTBOX_RABBITMQ_SCRIPT
#error "NESTBOX_RABBITMQ_SCRIPT must name tests/services/rabbitmq.sh"
#endif

namespace {

constexpr int kTransferTimeoutMs = 90000;

struct Deployment {
    QString tag;
    QString bucket;
    QString database;
    NodeConfig config;
    std::unique_ptr<NodeProcess> api;
    std::unique_ptr<NodeProcess> worker;
    std::unique_ptr<BucketProbe> probe;
    std::unique_ptr<HttpClient> http;
    std::optional<ApiClient> user;
    QList<QPair<QByteArray, qint64>> blobs; // sha256, size: everything uploaded here
};

} // namespace

class TestQueueFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void deadLetterDeploymentStarts();
    void workerKilledMidTransfer();
    void brokerRestartedMidStream();
    void bucketUnreachableForAWhile();
    void deadJobRetriedAfterFix();
    void cleanupTestCase();

private:
    bool setUp(Deployment &d, const QString &tag, const QString &workerEndpoint, const QString &workerSecret);
    QByteArray upload(Deployment &d, qint64 size, qint64 chunkSize = 0);
    bool transferred(Deployment &d, const QByteArray &sha, qint64 size);
    bool allTransferred(Deployment &d, QString *missing);
    QByteArray jobs(const Deployment &d, const QString &state = {});
    QByteArray metrics(Deployment &d);

    QString _transport;
    ScaleEnv _env;
    TestServices _services;
    QTemporaryDir _tmp;
    PrivateRedis _redis;
    std::unique_ptr<ThrottledProxy> _proxy;
    Deployment _main;
    Deployment _dead;
    QByteArray _deadSha;
    QElapsedTimer _clock;
};

bool TestQueueFaults::setUp(Deployment &d, const QString &tag, const QString &workerEndpoint, const QString &workerSecret)
{
    d.tag = tag;
    d.bucket = ScaleEnv::uniqueName(QStringLiteral("nbq-") + _transport + QLatin1Char('-') + tag);
    d.database = _services.createDatabase(QStringLiteral("scaleq"));
    if (d.database.isEmpty())
        return false;
    const QString queueName = ScaleEnv::uniqueName(QStringLiteral("nbq.") + tag);
    NodeConfig &c = d.config;
    c.dataDir = _tmp.filePath(tag + QStringLiteral("/data"));
    c.dbUrl = _services.mysqlUrl(d.database);
    c.redisUrl = _services.allocateRedisUrl();
    if (_transport == QLatin1String("redis"))
        c.queueUrl = QStringLiteral("redis://127.0.0.1:%1/0?prefix=%2").arg(_redis.port()).arg(queueName);
    else if (_transport == QLatin1String("amqp"))
        c.queueUrl = _env.amqpUrl() + QStringLiteral("?queue=") + queueName;
    else
        c.queueUrl = QStringLiteral("db");
    c.storageUrl = _env.storageUrl(d.bucket);
    c.accessKey = _env.accessKey();
    c.secretKey = _env.secretKey();
    c.extra << QStringLiteral("jobs.lease_seconds=3") << QStringLiteral("http.threads=8")
            << QStringLiteral("log.level=information");
    const QString logs = _tmp.filePath(tag + QStringLiteral("/logs"));
    d.api = std::make_unique<NodeProcess>(tag + QStringLiteral("-api"), QStringLiteral("api"), c, logs);
    NodeConfig w = c;
    w.storageUrl = _env.storageUrl(d.bucket, workerEndpoint);
    w.secretKey = workerSecret;
    d.worker = std::make_unique<NodeProcess>(tag + QStringLiteral("-worker"), QStringLiteral("worker"), w, logs);
    if (!d.api->start()) {
        qWarning("%s", qPrintable(d.api->error()));
        return false;
    }
    if (!d.worker->start()) {
        qWarning("%s", qPrintable(d.worker->error()));
        return false;
    }
    d.probe = std::make_unique<BucketProbe>(_env, d.bucket);
    d.http = std::make_unique<HttpClient>(d.api->baseUrl());
    d.user = ApiClient::newUser(d.http.get(), QStringLiteral("q"));
    return d.user.has_value();
}

QByteArray TestQueueFaults::upload(Deployment &d, qint64 size, qint64 chunkSize)
{
    const QByteArray data = TestData::uniqueBytes(size);
    const QJsonObject file = d.user->uploadChunked(TestData::uniqueName(QStringLiteral("q")), data, chunkSize);
    if (file.isEmpty())
        return {};
    const QByteArray sha = TestData::sha256Hex(data);
    d.blobs.append({sha, size});
    return sha;
}

bool TestQueueFaults::transferred(Deployment &d, const QByteArray &sha, qint64 size)
{
    return !QFile::exists(localBlobPath(d.config.dataDir, sha)) && d.probe->blobSize(sha) == size;
}

bool TestQueueFaults::allTransferred(Deployment &d, QString *missing)
{
    missing->clear();
    for (const auto &[sha, size] : std::as_const(d.blobs)) {
        if (!transferred(d, sha, size))
            *missing += QString::fromLatin1(sha.left(12)) + QLatin1Char(' ');
    }
    return missing->isEmpty();
}

QByteArray TestQueueFaults::jobs(const Deployment &d, const QString &state)
{
    QStringList args{QStringLiteral("jobs"), QStringLiteral("list")};
    if (!state.isEmpty())
        args << state;
    const auto r = NodeProcess::run(d.config, args);
    return r.exitCode == 0 ? r.output : QByteArray("jobs list failed: ") + r.output;
}

QByteArray TestQueueFaults::metrics(Deployment &d)
{
    const HttpReply r = d.http->send({"GET", "/metrics", {}, {}});
    return r.status == 200 ? r.body : QByteArray();
}

void TestQueueFaults::initTestCase()
{
    _clock.start();
    _transport = qEnvironmentVariable("NESTBOX_SCALE_TRANSPORT", QStringLiteral("db"));
    QVERIFY(_transport == QLatin1String("db") || _transport == QLatin1String("redis") || _transport == QLatin1String("amqp"));
    _env = ScaleEnv::fromEnvironment();
    QVERIFY2(_env.hasCeph(), qPrintable(_env.error()));
    if (_transport == QLatin1String("amqp"))
        QVERIFY2(_env.hasRabbit(), "no RabbitMQ recorded (fixture nestbox_scale_rabbitmq)");
    _services = TestServices::shared();
    QVERIFY2(_services.isValid(), qPrintable(_services.error()));
    QVERIFY(_tmp.isValid());
    if (_transport == QLatin1String("redis"))
        QVERIFY2(_redis.start(), qPrintable(_redis.error()));
    _proxy = std::make_unique<ThrottledProxy>(_env.rgwPort());
    QVERIFY(_proxy->start());
    const QString viaProxy = QStringLiteral("http://127.0.0.1:%1").arg(_proxy->port());
    QVERIFY(setUp(_main, QStringLiteral("main"), viaProxy, _env.secretKey()));
}

void TestQueueFaults::deadLetterDeploymentStarts()
{
    // Its worker signs with a wrong secret: RGW refuses every PUT (403), the transfer job fails
    // JobRunner::kMaxAttempts times with backoff (2+4+8+16 s) and dies. It runs beside the other
    // tests; deadJobRetriedAfterFix() looks at it last.
    QVERIFY(setUp(_dead, QStringLiteral("dead"), _env.s3Endpoint(), QStringLiteral("wrong") + _env.secretKey()));
    _deadSha = upload(_dead, 150000);
    QVERIFY(!_deadSha.isEmpty());
}

void TestQueueFaults::workerKilledMidTransfer()
{
    const qint64 size = 16LL << 20;
    _proxy->setRate(4LL << 20); // the 16 MiB PUT takes ~4 s
    const qint64 before = _proxy->upstreamBytes();
    const QByteArray sha = upload(_main, size, 4 << 20);
    QVERIFY(!sha.isEmpty());
    QVERIFY2(waitUntil([&] { return _proxy->upstreamBytes() - before > (3LL << 20); }, 30000, 20),
             qPrintable(QStringLiteral("the worker never started the PUT; log:\n") + _main.worker->logTail()));
    _main.worker->kill9();
    const qint64 sentWhenKilled = _proxy->upstreamBytes() - before;
    QVERIFY2(sentWhenKilled < size, "the PUT finished before the kill: slow the relay down");

    // mid-transfer: the blob is still local, not in the bucket, its job leased to the dead worker
    QVERIFY(QFile::exists(localBlobPath(_main.config.dataDir, sha)));
    QString error;
    QVERIFY(!_main.probe->blobSize(sha, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QByteArray running = jobs(_main, QStringLiteral("running"));
    QVERIFY2(running.contains(QByteArray("transfer\t" + sha)), running.constData());

    // a new worker redoes the job once the lease (3 s) has run out
    _proxy->setRate(0);
    QVERIFY2(_main.worker->start(), qPrintable(_main.worker->error()));
    QVERIFY2(waitUntil([&] { return transferred(_main, sha, size); }, kTransferTimeoutMs),
             qPrintable(QStringLiteral("not transferred after the restart; jobs:\n") + QString::fromUtf8(jobs(_main))
                        + _main.worker->logTail()));
    // in the bucket once, the local copy freed once, the job gone
    QCOMPARE(_main.probe->keys().count(QStringLiteral("blobs/") + QString::fromLatin1(sha)), 1);
    QCOMPARE(_main.worker->logText().count(QByteArray("blob " + sha + " is in the object store; local copy freed")), 1);
    QVERIFY(waitUntil([&] { return !jobs(_main).contains(sha); }, 10000));
    const HttpReply got = _main.user->request("GET", "/api/v1/files?limit=1&sort=uploaded");
    NB_EXPECT(got, 200);
    const QString id = got.json().value(QLatin1String("items")).toArray().at(0).toObject().value(QLatin1String("id")).toString();
    const HttpReply body = _main.user->download(id);
    NB_EXPECT(body, 200);
    QCOMPARE(TestData::sha256Hex(body.body), sha);
    qInfo("killed after %lld of %lld bytes; redone in %.1f s of the suite", sentWhenKilled, size, _clock.elapsed() / 1000.0);
}

void TestQueueFaults::brokerRestartedMidStream()
{
    if (_transport == QLatin1String("db"))
        QSKIP("queue.url=db: the job table is the queue, there is no broker to restart");
    const int firstCount = static_cast<int>(_main.blobs.size());
    for (int i = 0; i < 4; ++i)
        QVERIFY(!upload(_main, 100000 + i).isEmpty());
    if (_transport == QLatin1String("redis")) {
        _redis.stop();
        // the broker is away: uploads still commit (the job table is the outbox)
        for (int i = 0; i < 4; ++i)
            QVERIFY(!upload(_main, 110000 + i).isEmpty());
        QVERIFY2(_redis.restart(), qPrintable(_redis.error()));
    } else {
        QProcess restart;
        restart.setProcessChannelMode(QProcess::MergedChannels);
        QString log;
        // rabbitmq.sh restart: stop the node, 2 s down, start it again on the same port and data
        restart.start(QStringLiteral(NESTBOX_RABBITMQ_SCRIPT),
                      {QStringLiteral("restart"), qEnvironmentVariable("NESTBOX_SCALE_RABBITMQ_ENV"), QStringLiteral("2")});
        QVERIFY(restart.waitForStarted(10000));
        for (int i = 0; i < 6; ++i)
            QVERIFY(!upload(_main, 110000 + i).isEmpty());
        QVERIFY2(restart.waitForFinished(180000) && restart.exitCode() == 0, restart.readAll().constData());
    }
    for (int i = 0; i < 3; ++i)
        QVERIFY(!upload(_main, 120000 + i).isEmpty());
    QString missing;
    QVERIFY2(waitUntil([&] { return allTransferred(_main, &missing); }, kTransferTimeoutMs),
             qPrintable(QStringLiteral("lost after the broker restart: %1\njobs:\n%2\n%3")
                            .arg(missing, QString::fromUtf8(jobs(_main)), _main.worker->logTail())));
    for (int i = firstCount; i < _main.blobs.size(); ++i)
        QCOMPARE(_main.probe->keys().count(QStringLiteral("blobs/") + QString::fromLatin1(_main.blobs.at(i).first)), 1);
    QVERIFY(!jobs(_main, QStringLiteral("dead")).contains("\tdead\t"));
}

void TestQueueFaults::bucketUnreachableForAWhile()
{
    QString log;
    QVERIFY2(_env.stopRgw(&log), qPrintable(log));
    const HttpReply notReady = _main.http->send({"GET", "/readyz", {}, {}});
    QCOMPARE(notReady.status, 503);
    QCOMPARE(notReady.json().value(QLatin1String("error")).toObject().value(QLatin1String("checks")).toObject()
                 .value(QLatin1String("storage")).toString(),
             QStringLiteral("unavailable"));

    QList<QByteArray> shas;
    for (int i = 0; i < 3; ++i) {
        const QByteArray sha = upload(_main, 90000 + i);
        if (sha.isEmpty())
            QVERIFY2(_env.startRgw(&log), qPrintable(log));
        QVERIFY2(!sha.isEmpty(), "an upload failed while the bucket was away (tiered mode stages locally)");
        shas << sha;
    }
    // the worker tries, fails and schedules a retry with backoff
    const bool retried = waitUntil([&] { return jobs(_main, QStringLiteral("pending")).contains("attempts=1"); }, 30000, 250);
    // while the bucket is away every blob stays on local disk
    bool allLocal = true;
    for (const QByteArray &sha : std::as_const(shas))
        allLocal = allLocal && QFile::exists(localBlobPath(_main.config.dataDir, sha));
    QVERIFY2(_env.startRgw(&log), qPrintable(log));
    QVERIFY2(retried, jobs(_main).constData());
    QVERIFY(allLocal);

    QString missing;
    QVERIFY2(waitUntil([&] { return allTransferred(_main, &missing); }, kTransferTimeoutMs),
             qPrintable(QStringLiteral("not transferred after RGW came back: %1\njobs:\n%2")
                            .arg(missing, QString::fromUtf8(jobs(_main)))));
    QVERIFY(waitUntil([&] { return _main.http->send({"GET", "/readyz", {}, {}}).status == 200; }, 20000));
    QVERIFY(!jobs(_main, QStringLiteral("dead")).contains("\tdead\t"));
}

void TestQueueFaults::deadJobRetriedAfterFix()
{
    QVERIFY(!_deadSha.isEmpty());
    QByteArray dead;
    QVERIFY2(waitUntil(
                 [&] {
                     dead = jobs(_dead, QStringLiteral("dead"));
                     return dead.contains(QByteArray("transfer\t" + _deadSha + "\tdead"));
                 },
                 120000, 500),
             qPrintable(QString::fromUtf8(jobs(_dead)) + _dead.worker->logTail(10)));
    QString jobId;
    for (const QByteArray &line : dead.split('\n')) {
        if (line.contains(QByteArray("transfer\t" + _deadSha)))
            jobId = QString::fromUtf8(line.split('\t').first());
    }
    QVERIFY(!jobId.isEmpty());
    QVERIFY2(dead.contains("attempts=5"), dead.constData());
    const QByteArray m = metrics(_dead);
    QCOMPARE(metricValue(m, "nestbox_jobs{state=\"dead\"}"), 1.0);
    QVERIFY2(metricValue(m, "nestbox_queue_dead_letters") >= 1, m.constData());
    // the blob stays safe on local disk meanwhile
    QVERIFY(QFile::exists(localBlobPath(_dead.config.dataDir, _deadSha)));
    QVERIFY(!_dead.probe->blobSize(_deadSha));

    // fix the worker's key, retry the job by hand
    QVERIFY(_dead.worker->stop());
    _dead.worker->config().secretKey = _env.secretKey();
    QVERIFY2(_dead.worker->start(), qPrintable(_dead.worker->error()));
    const auto retry = NodeProcess::run(_dead.config, {QStringLiteral("jobs"), QStringLiteral("retry"), jobId});
    QVERIFY2(retry.exitCode == 0, retry.output.constData());
    QVERIFY2(waitUntil([&] { return transferred(_dead, _deadSha, 150000); }, kTransferTimeoutMs),
             qPrintable(QString::fromUtf8(jobs(_dead)) + _dead.worker->logTail(10)));
    QVERIFY(waitUntil([&] { return metricValue(metrics(_dead), "nestbox_jobs{state=\"dead\"}") <= 0; }, 10000));
}

void TestQueueFaults::cleanupTestCase()
{
    for (Deployment *d : {&_main, &_dead}) {
        if (!d->api)
            continue;
        if (!QTest::currentTestFailed() && d->worker && d->worker->isRunning()) {
            const auto gc = NodeProcess::run(d->config, {QStringLiteral("gc")});
            QVERIFY2(gc.exitCode == 0, gc.output.constData());
            const auto fsck = NodeProcess::run(d->config, {QStringLiteral("fsck")});
            QVERIFY2(fsck.exitCode == 0 && fsck.output.contains(" 0 problem(s), 0 stray"), fsck.output.constData());
            qInfo("%s: %s", qPrintable(d->tag), fsck.output.trimmed().constData());
        }
        d->api->stop();
        if (d->worker)
            d->worker->stop();
        if (!d->database.isEmpty())
            _services.dropDatabase(d->database);
    }
    if (_proxy)
        _proxy->stop();
    qInfo("suite took %.1f s", _clock.elapsed() / 1000.0);
}

QTEST_GUILESS_MAIN(TestQueueFaults)
#include "tst_queuefaults.moc"
