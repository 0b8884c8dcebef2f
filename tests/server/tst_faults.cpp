// Faults against the real processes: nestboxd killed with SIGKILL in the middle of a chunked
// upload and restarted on the same data; Redis flushed mid-upload; MariaDB stopped and started
// again under a running nestboxd. The Redis and MariaDB faults use private instances started by
// tests/services/services.sh, so no other suite of the run is disturbed.

#include "ApiAssert.h"
#include "ApiClient.h"
#include "HttpClient.h"
#include "TestData.h"
#include "TestServer.h"
#include "TestServices.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QSet>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrl>

#include <csignal>
#include <memory>

namespace {
constexpr qint64 kChunk = 65536;
QString idOf(const QJsonObject &o)
{
    return o.value(QLatin1String("id")).toString();
}
QList<int> receivedOf(const HttpReply &r)
{
    QList<int> out;
    for (const auto &v : r.json().value(QLatin1String("received")).toArray())
        out.append(v.toInt());
    std::sort(out.begin(), out.end());
    return out;
}
QList<int> missingOf(const HttpReply &status)
{
    const int count = status.json().value(QLatin1String("chunk_count")).toInt();
    const QList<int> have = receivedOf(status);
    QList<int> missing;
    for (int i = 0; i < count; ++i) {
        if (!have.contains(i))
            missing.append(i);
    }
    return missing;
}
} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void killDuringChunkedUpload();
    void redisFlushedMidUpload();
    void mariadbRestartedUnderRunningServer();
    void stopRequestedWhileStarting();

private:
    bool needsPrivateServices();

    QTemporaryDir _servicesDir;
    QString _servicesEnv;
    std::unique_ptr<TestServices> _services;
};

void TestFaults::initTestCase()
{
    qInfo("profile: %s", qPrintable(TestServices::profileName()));
    QVERIFY(_servicesDir.isValid());
}

bool TestFaults::needsPrivateServices()
{
    if (_services)
        return true;
    _servicesEnv = _servicesDir.filePath(QStringLiteral("services.env"));
    QString log;
    if (!TestServices::runScript(QStringLiteral("start"), _servicesEnv, {}, &log)) {
        QTest::qFail(qPrintable(QStringLiteral("private MariaDB + Redis did not start (are mariadb-server and "
                                               "redis-server installed?):\n") + log),
                     __FILE__, __LINE__);
        return false;
    }
    _services = std::make_unique<TestServices>(TestServices::fromEnvFile(_servicesEnv));
    if (!_services->isValid()) {
        QTest::qFail(qPrintable(_services->error()), __FILE__, __LINE__);
        _services.reset();
        return false;
    }
    return true;
}

void TestFaults::cleanupTestCase()
{
    if (_services)
        TestServices::runScript(QStringLiteral("stop"), _servicesEnv);
}

void TestFaults::killDuringChunkedUpload()
{
    TestServer server;
    QVERIFY2(server.start(), qPrintable(server.error()));
    HttpClient http(server.baseUrl());
    auto a = ApiClient::newUser(&http, QStringLiteral("crash"));
    QVERIFY(a);
    const int chunks = 8;
    const QByteArray data = TestData::randomBytes(chunks * kChunk - 99, 60);
    const QByteArray sha = TestData::sha256Hex(data);
    const HttpReply s = a->startUpload(QStringLiteral("survivor.bin"), data.size(), sha);
    NB_EXPECT(s, 201);
    const QJsonObject up = s.json().value(QLatin1String("upload")).toObject();
    const QString id = idOf(up);
    QVERIFY(a->sendChunks(up, data, {0, 1, 2, 5}));

    // chunk 3 is on the wire, half sent, when the server dies
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), quint16(server.port()));
    QVERIFY(socket.waitForConnected(5000));
    const QByteArray chunk3 = chunkOf(data, kChunk, 3);
    QByteArray head = "PUT /api/v1/uploads/" + QUrl::toPercentEncoding(id) + "/chunks/3 HTTP/1.1\r\n";
    head += "Host: 127.0.0.1:" + QByteArray::number(server.port()) + "\r\n";
    head += "Authorization: Bearer " + a->token + "\r\n";
    head += "Content-Type: application/octet-stream\r\n";
    head += "Content-Length: " + QByteArray::number(chunk3.size()) + "\r\n";
    head += "X-Nestbox-Chunk-SHA256: " + TestData::sha256Hex(chunk3) + "\r\n\r\n";
    socket.write(head + chunk3.left(chunk3.size() / 2));
    QVERIFY(socket.waitForBytesWritten(5000));
    QThread::msleep(300);
    const qint64 oldPid = server.pid();
    server.kill9();
    QVERIFY(!server.isRunning());
    socket.abort();

    QVERIFY2(server.start(), qPrintable(server.error()));
    QVERIFY(server.pid() != oldPid);
    http.setBaseUrl(server.baseUrl());

    // the token, the upload and its chunks survived; the half chunk did not count
    const HttpReply list = a->listUploads();
    NB_EXPECT(list, 200);
    bool listed = false;
    for (const auto &v : list.json().value(QLatin1String("items")).toArray())
        listed = listed || idOf(v.toObject()) == id;
    QVERIFY2(listed, qPrintable(list.describe()));
    const HttpReply st = a->uploadStatus(id);
    NB_EXPECT(st, 200);
    QCOMPARE(receivedOf(st), QList<int>({0, 1, 2, 5}));
    QCOMPARE(st.json().value(QLatin1String("bytes_received")).toInteger(), 4 * kChunk);
    QCOMPARE(missingOf(st), QList<int>({3, 4, 6, 7}));

    // resume: only what is missing
    QVERIFY(a->sendChunks(st.json(), data, missingOf(st)));
    const HttpReply done = a->complete(id);
    NB_EXPECT(done, 201);
    const QJsonObject f = done.json().value(QLatin1String("file")).toObject();
    QCOMPARE(f.value(QLatin1String("sha256")).toString().toLatin1(), sha);
    const HttpReply d = a->download(idOf(f));
    NB_EXPECT(d, 200);
    QCOMPARE(TestData::sha256Hex(d.body), sha);
    QCOMPARE(a->usage(), qMakePair(qint64(1), qint64(data.size())));

    // a second crash right after completion loses nothing either
    server.kill9();
    QVERIFY2(server.start(), qPrintable(server.error()));
    http.setBaseUrl(server.baseUrl());
    const HttpReply d2 = a->download(idOf(f));
    NB_EXPECT(d2, 200);
    QCOMPARE(TestData::sha256Hex(d2.body), sha);
    const HttpReply again = a->complete(id);
    NB_EXPECT(again, 201);
    QCOMPARE(idOf(again.json().value(QLatin1String("file")).toObject()), idOf(f));
}

void TestFaults::redisFlushedMidUpload()
{
    if (TestServices::profile() != TestServices::Profile::Mariadb)
        QSKIP("the embedded profile has no Redis; this runs in the mariadb+redis profile");
    QVERIFY(needsPrivateServices());
    TestServer::Options options;
    options.services = _services.get();
    TestServer server(options);
    QVERIFY2(server.start(), qPrintable(server.error()));
    QVERIFY2(server.redisUrl().startsWith(QLatin1String("redis://")), "server not using Redis");
    HttpClient http(server.baseUrl());
    auto a = ApiClient::newUser(&http, QStringLiteral("flush"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(6 * kChunk + 1, 61);
    const QByteArray sha = TestData::sha256Hex(data);
    const HttpReply s = a->startUpload(QStringLiteral("flushed.bin"), data.size(), sha);
    NB_EXPECT(s, 201);
    const QJsonObject up = s.json().value(QLatin1String("upload")).toObject();
    const QString id = idOf(up);
    QVERIFY(a->sendChunks(up, data, {0, 3, 4}));
    const HttpReply before = a->uploadStatus(id);
    NB_EXPECT(before, 200);

    bool ok = false;
    const QString keys = _services->redisCli({QStringLiteral("DBSIZE")}, &ok);
    QVERIFY(ok);
    qInfo("Redis DBSIZE (server's db index) before FLUSHALL: %s", qPrintable(keys));
    const QString flushed = _services->redisCli({QStringLiteral("FLUSHALL")}, &ok);
    QVERIFY2(ok && flushed == QLatin1String("OK"), qPrintable(flushed));

    const HttpReply st = a->uploadStatus(id);
    NB_EXPECT(st, 200);
    QCOMPARE(receivedOf(st), QList<int>({0, 3, 4}));
    QCOMPARE(st.json().value(QLatin1String("bytes_received")), before.json().value(QLatin1String("bytes_received")));
    QVERIFY(a->sendChunks(st.json(), data, missingOf(st)));
    const HttpReply done = a->complete(id);
    NB_EXPECT(done, 201);
    const HttpReply d = a->download(idOf(done.json().value(QLatin1String("file")).toObject()));
    NB_EXPECT(d, 200);
    QCOMPARE(TestData::sha256Hex(d.body), sha);
    // sessions and logins live on
    NB_EXPECT(a->me(), 200);
    NB_EXPECT(a->login(a->username, a->password), 200);
    QVERIFY(!a->uploadChunked(QStringLiteral("after-flush.bin"), TestData::randomBytes(3 * kChunk, 62)).isEmpty());
}

void TestFaults::mariadbRestartedUnderRunningServer()
{
    if (TestServices::profile() != TestServices::Profile::Mariadb)
        QSKIP("the embedded profile has no MariaDB; this runs in the mariadb+redis profile");
    QVERIFY(needsPrivateServices());
    TestServer::Options options;
    options.services = _services.get();
    TestServer server(options);
    QVERIFY2(server.start(), qPrintable(server.error()));
    const qint64 pid = server.pid();
    HttpClient http(server.baseUrl());
    http.setTimeoutMs(30000);
    auto a = ApiClient::newUser(&http, QStringLiteral("outage"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(2 * kChunk + 3, 63);
    const QJsonObject f = a->uploadFile(QStringLiteral("before-outage.bin"), data);
    QVERIFY(!f.isEmpty());
    NB_EXPECT(a->request("GET", "/readyz"), 200);

    QString log;
    QVERIFY2(TestServices::runScript(QStringLiteral("stop-mariadb"), _servicesEnv, {}, &log), qPrintable(log));

    // during the outage: a clear 503 unavailable, never a 500 or a hang
    QDeadlineTimer deadline(20000);
    HttpReply list;
    int unavailable = 0;
    while (!deadline.hasExpired() && unavailable < 3) {
        list = a->listFiles();
        if (list.status == 503 && list.errorCode() == QLatin1String("unavailable"))
            ++unavailable;
        else
            QVERIFY2(list.status != 200 && list.status != 500 && list.status != 0,
                     qPrintable(QStringLiteral("during the outage: ") + list.describe()));
        QThread::msleep(100);
    }
    NB_EXPECT_ERROR(list, 503, "unavailable");
    NB_EXPECT_ERROR(a->getFile(idOf(f)), 503, "unavailable");
    NB_EXPECT_ERROR(a->uploadSimple(QStringLiteral("during.bin"), QByteArray("x")), 503, "unavailable");
    NB_EXPECT_ERROR(a->login(a->username, a->password), 503, "unavailable");
    const HttpReply ready = a->request("GET", "/readyz");
    QCOMPARE(ready.status, 503);
    QVERIFY2(ready.body.toLower().contains("database") || ready.body.toLower().contains("db") || ready.body.toLower().contains("mysql")
                 || ready.body.toLower().contains("mariadb"),
             qPrintable(QStringLiteral("readyz does not name the failing part: ") + ready.describe()));
    NB_EXPECT(a->request("GET", "/healthz"), 200);
    QVERIFY(server.isRunning());

    QVERIFY2(TestServices::runScript(QStringLiteral("resume-mariadb"), _servicesEnv, {}, &log), qPrintable(log));

    // back without a restart of nestboxd
    QDeadlineTimer back(60000);
    HttpReply after;
    while (!back.hasExpired()) {
        after = a->listFiles();
        if (after.status == 200)
            break;
        QThread::msleep(200);
    }
    NB_EXPECT(after, 200);
    QCOMPARE(server.pid(), pid);
    QVERIFY(server.isRunning());
    const QJsonArray items = after.json().value(QLatin1String("items")).toArray();
    QCOMPARE(items.size(), 1);
    QCOMPARE(idOf(items.at(0).toObject()), idOf(f));
    const HttpReply d = a->download(idOf(f));
    NB_EXPECT(d, 200);
    QCOMPARE(d.body, data);
    NB_EXPECT(a->request("GET", "/readyz"), 200);
    NB_EXPECT(a->login(a->username, a->password), 200);
    QVERIFY(!a->uploadChunked(QStringLiteral("after-outage.bin"), TestData::randomBytes(3 * kChunk, 64)).isEmpty());
    QCOMPARE(a->listAll().size(), 2);
}

void TestFaults::stopRequestedWhileStarting()
{
    // SIGTERM (systemd stop, Ctrl-C) while nestboxd is still starting: it finishes starting and
    // stops cleanly (exit 0, "stopping" logged), never dies of the signal half-way (exit 143).
    for (int round = 0; round < 3; ++round) {
        TestServer server;
        QVERIFY2(server.launch(), qPrintable(server.error()));
        // its first log line: main() has run and the server is in the middle of starting
        QDeadlineTimer deadline(30000);
        while (QFileInfo(server.logPath()).size() == 0 && server.standardOutput().isEmpty() && server.isRunning()
               && !deadline.hasExpired())
            QThread::usleep(200);
        QVERIFY(server.isRunning());
        QVERIFY(::kill(pid_t(server.pid()), SIGTERM) == 0);
        QVERIFY(server.stop()); // waits for the exit it already asked for
        QCOMPARE(server.exitCode(), 0);
        QVERIFY2(server.logTail(200).contains(QLatin1String("stopping"))
                     || server.standardOutput().contains("stopping"),
                 qPrintable(server.logTail(20)));
    }
}

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
