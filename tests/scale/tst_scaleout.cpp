// Scale-out: two `nestboxd --role=api` nodes and one `--role=worker` on different ports sharing
// MariaDB, Redis, RabbitMQ (queue.url=amqp://…) and Ceph RGW, with nginx in front configured from
// installer/nginx/nestbox.conf. NESTBOX_SCALE_MODE picks the storage mode:
//  - direct: storage.mode=direct, every node has a data dir of its own (nothing is shared on disk:
//    chunks go straight into S3 multipart parts, thumbnails live in the bucket);
//  - tiered (default): one data dir shared by all nodes, as tiered storage needs.
// One chunked upload alternates its chunks between the two API nodes; api1 is killed with SIGKILL
// while a chunk's body is still arriving (a throttled relay in front of it) and the upload finishes
// through the other node; the file then downloads byte-exact from both nodes and through nginx, its
// thumbnails appear, the blob is in Ceph and fsck is clean.

#include "ApiAssert.h"
#include "ApiClient.h"
#include "BucketProbe.h"
#include "HttpClient.h"
#include "NodeProcess.h"
#include "ScaleEnv.h"
#include "TestData.h"
#include "TestServices.h"
#include "ThrottledProxy.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <chrono>
#include <csignal>
#include <memory>
#include <optional>
#include <thread>

#include <unistd.h>

#ifndef NESTBOX_NGINX_TEMPLATE
#error "NESTBOX_NGINX_TEMPLATE must name installer/nginx/nestbox.conf"
#endif

namespace {
QString idOf(const QJsonObject &o)
{
    return o.value(QLatin1String("id")).toString();
}
} // namespace

class TestScaleOut : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void chunksAlternateAndOneNodeDies();
    void downloadsFromEveryNodeAndNginx();
    void thumbnailsAndTransfer();
    void uploadThroughNginx();
    void operatorChecks();
    void cleanupTestCase();

private:
    bool startNginx();
    bool direct() const { return _mode == QLatin1String("direct"); }
    // Regular files of non-zero size in a node's data dir other than logs and the port file.
    QStringList bodiesOnDisk(const QString &dataDir) const;
    HttpReply get(HttpClient &http, const QByteArray &target, QList<QPair<QByteArray, QByteArray>> headers = {});

    ScaleEnv _env;
    QString _mode;
    TestServices _services;
    QTemporaryDir _tmp;
    QString _bucket;
    QString _database;
    NodeConfig _config; // what the operator commands run with
    QString _nodeDirs[3]; // api1, api2, worker
    std::unique_ptr<NodeProcess> _api[2];
    std::unique_ptr<NodeProcess> _worker;
    std::unique_ptr<BucketProbe> _probe;
    std::unique_ptr<HttpClient> _http[2];
    std::unique_ptr<HttpClient> _viaNginx;
    std::unique_ptr<QProcess> _nginx;
    int _nginxPort = 0;
    std::optional<ApiClient> _user;
    QByteArray _token;
    QByteArray _photo;
    QByteArray _photoSha;
    QString _photoId;
    QElapsedTimer _clock;
};

bool TestScaleOut::startNginx()
{
    // The shipped sample, with our upstream nodes, a loopback listener and paths in the temp dir.
    QFile templ(QStringLiteral(NESTBOX_NGINX_TEMPLATE));
    if (!templ.open(QIODevice::ReadOnly)) {
        qWarning("cannot read %s", NESTBOX_NGINX_TEMPLATE);
        return false;
    }
    QString site = QString::fromUtf8(templ.readAll());
    const QString dir = _tmp.filePath(QStringLiteral("nginx"));
    QDir().mkpath(dir + QStringLiteral("/logs"));
    _nginxPort = ScaleEnv::freePort();
    QString servers;
    for (const auto &api : _api)
        servers += QStringLiteral("    server 127.0.0.1:%1 max_fails=2 fail_timeout=10s;\n").arg(api->port());
    static const QRegularExpression upstreamServers(QStringLiteral(R"((?m)^\s*server\s+\d+\.\d+\.\d+\.\d+:\d+[^;]*;\n)"));
    const int first = site.indexOf(upstreamServers);
    if (first < 0)
        return false;
    site.remove(upstreamServers);
    site.insert(first, servers);
    static const QRegularExpression listen(QStringLiteral(R"((?m)^\s*listen\s+[^;]*;\n)"));
    const int l = site.indexOf(listen);
    site.remove(listen);
    site.insert(l, QStringLiteral("    listen 127.0.0.1:%1;\n").arg(_nginxPort));
    site.replace(QStringLiteral("/var/log/nginx/"), dir + QStringLiteral("/logs/"));
    QFile siteFile(dir + QStringLiteral("/nestbox.conf"));
    if (!siteFile.open(QIODevice::WriteOnly))
        return false;
    siteFile.write(site.toUtf8());
    siteFile.close();

    // as root nginx would hand requests to `nobody`, who cannot enter the private temp dir
    const QString user = ::geteuid() == 0 ? QStringLiteral("user root;\n") : QString();
    const QString main = user + QStringLiteral(
                             "daemon off;\nmaster_process on;\nworker_processes 1;\npid %1/nginx.pid;\n"
                             "error_log %1/logs/error.log warn;\n"
                             "events { worker_connections 256; }\n"
                             "http {\n  access_log off;\n"
                             "  client_body_temp_path %1/client_body;\n  proxy_temp_path %1/proxy;\n"
                             "  fastcgi_temp_path %1/fastcgi;\n  uwsgi_temp_path %1/uwsgi;\n  scgi_temp_path %1/scgi;\n"
                             "  include %1/nestbox.conf;\n}\n")
                             .arg(dir);
    QFile mainFile(dir + QStringLiteral("/nginx.conf"));
    if (!mainFile.open(QIODevice::WriteOnly))
        return false;
    mainFile.write(main.toUtf8());
    mainFile.close();

    QProcess check;
    check.setProcessChannelMode(QProcess::MergedChannels);
    check.start(QStringLiteral("nginx"), {QStringLiteral("-t"), QStringLiteral("-c"), dir + QStringLiteral("/nginx.conf"),
                                          QStringLiteral("-p"), dir});
    if (!check.waitForFinished(20000) || check.exitCode() != 0) {
        qWarning("nginx -t failed: %s", check.readAll().constData());
        return false;
    }
    _nginx = std::make_unique<QProcess>();
    _nginx->setProcessChannelMode(QProcess::MergedChannels);
    _nginx->setStandardOutputFile(dir + QStringLiteral("/logs/nginx.out"));
    _nginx->start(QStringLiteral("nginx"), {QStringLiteral("-c"), dir + QStringLiteral("/nginx.conf"), QStringLiteral("-p"), dir});
    if (!_nginx->waitForStarted(10000))
        return false;
    QUrl url(QStringLiteral("http://127.0.0.1"));
    url.setPort(_nginxPort);
    _viaNginx = std::make_unique<HttpClient>(url);
    return waitUntil([&] { return _viaNginx->send({"GET", "/healthz", {}, {}}).status == 200; }, 20000);
}

HttpReply TestScaleOut::get(HttpClient &http, const QByteArray &target, QList<QPair<QByteArray, QByteArray>> headers)
{
    ApiClient api(&http, _token);
    return api.request("GET", target, {}, std::move(headers));
}

void TestScaleOut::initTestCase()
{
    _clock.start();
    _mode = qEnvironmentVariable("NESTBOX_SCALE_MODE", QStringLiteral("tiered"));
    QVERIFY2(_mode == QLatin1String("tiered") || _mode == QLatin1String("direct"), qPrintable(_mode));
    qInfo("storage mode: %s", qPrintable(_mode));
    _env = ScaleEnv::fromEnvironment();
    QVERIFY2(_env.hasCeph(), qPrintable(_env.error()));
    QVERIFY2(_env.hasRabbit(), "no RabbitMQ recorded (fixture nestbox_scale_rabbitmq)");
    _services = TestServices::shared();
    QVERIFY2(_services.isValid() && _services.hasRedis(), qPrintable(_services.error()));
    QVERIFY(_tmp.isValid());
    _bucket = ScaleEnv::uniqueName(QStringLiteral("nbs-scaleout-") + _mode);
    _database = _services.createDatabase(QStringLiteral("scaleout"));
    QVERIFY(!_database.isEmpty());
    _config.dataDir = _tmp.filePath(QStringLiteral("shared-data"));
    _config.dbUrl = _services.mysqlUrl(_database);
    _config.redisUrl = _services.allocateRedisUrl();
    _config.queueUrl = _env.amqpUrl() + QStringLiteral("?queue=") + ScaleEnv::uniqueName(QStringLiteral("nbq.scaleout"));
    _config.storageUrl = _env.storageUrl(_bucket);
    _config.accessKey = _env.accessKey();
    _config.secretKey = _env.secretKey();
    _config.extra << QStringLiteral("jobs.lease_seconds=5") << QStringLiteral("http.threads=8");
    if (direct())
        _config.extra << QStringLiteral("storage.mode=direct") << QStringLiteral("limits.chunk_size_min=5242880")
                      << QStringLiteral("limits.chunk_size_default=8388608");
    // direct: a data dir per machine, as on separate hosts; tiered: the one shared dir
    const QStringList names{QStringLiteral("api1"), QStringLiteral("api2"), QStringLiteral("worker")};
    for (int i = 0; i < 3; ++i)
        _nodeDirs[i] = direct() ? _tmp.filePath(names.at(i) + QStringLiteral("-data")) : _config.dataDir;
    if (direct())
        _config.dataDir = _tmp.filePath(QStringLiteral("operator-data"));
    const auto nodeConfig = [&](int i) {
        NodeConfig c = _config;
        c.dataDir = _nodeDirs[i];
        return c;
    };
    const QString logs = _tmp.filePath(QStringLiteral("logs"));
    for (int i = 0; i < 2; ++i) {
        _api[i] = std::make_unique<NodeProcess>(names.at(i), QStringLiteral("api"), nodeConfig(i), logs);
        QVERIFY2(_api[i]->start(), qPrintable(_api[i]->error()));
        _http[i] = std::make_unique<HttpClient>(_api[i]->baseUrl());
    }
    _worker = std::make_unique<NodeProcess>(QStringLiteral("worker"), QStringLiteral("worker"), nodeConfig(2), logs);
    QVERIFY2(_worker->start(), qPrintable(_worker->error()));
    QVERIFY(_api[0]->port() != _api[1]->port() && _api[0]->port() != _worker->port());
    _probe = std::make_unique<BucketProbe>(_env, _bucket);
    QVERIFY(startNginx());

    // signed up on one node, logged in on the other: the token works everywhere
    ApiClient signer(_http[0].get());
    const QString name = TestData::uniqueUsername(QStringLiteral("fam"));
    NB_EXPECT(signer.signup(name, QStringLiteral("correct horse battery")), 201);
    const HttpReply login = ApiClient(_http[1].get()).login(name, QStringLiteral("correct horse battery"));
    NB_EXPECT(login, 200);
    _token = login.json().value(QLatin1String("token")).toString().toUtf8();
    _user.emplace(_http[0].get(), _token);
    qInfo("3 nodes and nginx up in %.1f s", _clock.elapsed() / 1000.0);
}

QStringList TestScaleOut::bodiesOnDisk(const QString &dataDir) const
{
    QStringList found;
    QDirIterator it(dataDir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString name = QFileInfo(path).fileName();
        if (name == QLatin1String("port") || name.endsWith(QLatin1String(".log")))
            continue;
        if (QFileInfo(path).size() > 0)
            found << path;
    }
    return found;
}

void TestScaleOut::chunksAlternateAndOneNodeDies()
{
    // direct: every chunk is an S3 part (5 MiB at least), so the photo is bigger
    _photo = direct() ? noiseJpeg(6000, 4000, 11) : noiseJpeg(2400, 1600, 11);
    const qint64 chunkSize = direct() ? 5LL << 20 : 512 * 1024;
    QVERIFY(_photo.size() > 3 * chunkSize);
    _photoSha = TestData::sha256Hex(_photo);
    ApiClient node[2] = {ApiClient(_http[0].get(), _token), ApiClient(_http[1].get(), _token)};

    const HttpReply started = node[0].startUpload(QStringLiteral("family.jpg"), _photo.size(), _photoSha, chunkSize);
    NB_EXPECT(started, 201);
    const QJsonObject upload = started.json().value(QLatin1String("upload")).toObject();
    const QString uploadId = idOf(upload);
    const int chunks = upload.value(QLatin1String("chunk_count")).toInt();
    QCOMPARE(upload.value(QLatin1String("chunk_size")).toInteger(), chunkSize);
    QVERIFY(chunks >= 4);
    const int killAt = chunks / 2;

    for (int i = 0; i < killAt; ++i) // 0 → api1, 1 → api2, …
        NB_EXPECT(node[i % 2].putChunk(uploadId, i, chunkOf(_photo, chunkSize, i)), 204);

    // chunk killAt goes to api1 through a relay that lets ~chunk/4 per second through; api1 is
    // killed with SIGKILL once half of the body has gone by (it is streaming the part meanwhile)
    ThrottledProxy slow(_api[0]->port());
    QVERIFY(slow.start());
    slow.setRate(chunkSize / 4);
    HttpClient slowHttp(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(slow.port())));
    ApiClient viaSlow(&slowHttp, _token);
    const qint64 pid = _api[0]->pid();
    std::atomic<bool> killed{false};
    std::thread killer([&] {
        for (int i = 0; i < 400 && slow.upstreamBytes() < chunkSize / 2; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (slow.upstreamBytes() < chunkSize)
            killed = ::kill(static_cast<pid_t>(pid), SIGKILL) == 0;
    });
    const HttpReply cut = viaSlow.putChunk(uploadId, killAt, chunkOf(_photo, chunkSize, killAt));
    killer.join();
    QVERIFY2(killed, "api1 was not killed in the middle of the chunk");
    QVERIFY2(cut.status == 0 || cut.status >= 500, qPrintable(cut.describe()));
    _api[0]->kill9(); // reaps it
    QVERIFY(!_api[0]->isRunning());
    slow.stop();
    QCOMPARE(node[0].uploadStatus(uploadId).status, 0);

    // api2 knows everything api1 took, and not the chunk cut in the middle
    const HttpReply status = node[1].uploadStatus(uploadId);
    NB_EXPECT(status, 200);
    QCOMPARE(receivedOf(status.json()).size(), killAt);
    QVERIFY(!receivedOf(status.json()).contains(killAt));
    // the last chunk api1 answered is sent again to api2 (a client retry): same bytes, 204
    const int resent = killAt - 2 + (killAt % 2);
    NB_EXPECT(node[1].putChunk(uploadId, resent, chunkOf(_photo, chunkSize, resent)), 204);
    // the cut chunk and the rest through api2 (the cut chunk's lock, held by the dead node, runs out first)
    for (int i = killAt; i < chunks; ++i)
        NB_EXPECT(node[1].putChunk(uploadId, i, chunkOf(_photo, chunkSize, i)), 204);
    const HttpReply done = node[1].complete(uploadId);
    NB_EXPECT(done, 201);
    _photoId = idOf(done.json().value(QLatin1String("file")).toObject());
    QCOMPARE(done.json().value(QLatin1String("file")).toObject().value(QLatin1String("sha256")).toString().toLatin1(), _photoSha);
    if (direct()) {
        // in the bucket at once, nothing on either API node's disk (the worker may be making
        // thumbnails from a scratch copy right now; it is checked once they are ready)
        QCOMPARE(_probe->blobSize(_photoSha), std::optional<qint64>(_photo.size()));
        QVERIFY(_probe->multipartUploads().isEmpty());
        for (const QString &dir : {_nodeDirs[0], _nodeDirs[1]})
            QVERIFY2(bodiesOnDisk(dir).isEmpty(), qPrintable(bodiesOnDisk(dir).join(QLatin1Char('\n'))));
    }
}

void TestScaleOut::downloadsFromEveryNodeAndNginx()
{
    QVERIFY(!_photoId.isEmpty());
    const QByteArray target = "/api/v1/files/" + _photoId.toUtf8() + "/content";
    // api1 still down: nginx sends everything to api2
    for (int i = 0; i < 4; ++i) {
        const HttpReply r = get(*_viaNginx, target);
        NB_EXPECT(r, 200);
        QVERIFY(r.body == _photo);
    }
    // api1 back on its port
    QVERIFY2(_api[0]->start(), qPrintable(_api[0]->error()));
    for (HttpClient *http : {_http[0].get(), _http[1].get(), _viaNginx.get()}) {
        const HttpReply r = get(*http, target);
        NB_EXPECT(r, 200);
        QVERIFY2(r.body == _photo, qPrintable(http->baseUrl().toString()));
        const HttpReply part = get(*http, target, {httpHeader("Range", "bytes=1000000-1999999")});
        NB_EXPECT(part, 206);
        QVERIFY(part.body == _photo.mid(1000000, 1000000));
    }
}

void TestScaleOut::thumbnailsAndTransfer()
{
    QVERIFY(!_photoId.isEmpty());
    const QByteArray info = "/api/v1/files/" + _photoId.toUtf8();
    QVERIFY2(waitUntil([&] { return get(*_viaNginx, info).json().value(QLatin1String("thumbnail")).toString() == QLatin1String("ready"); },
                       60000, 200),
             qPrintable(get(*_viaNginx, info).describe() + _worker->logTail(20)));
    const HttpReply file = get(*_http[1], info);
    QCOMPARE(file.json().value(QLatin1String("width")).toInt(), direct() ? 6000 : 2400);
    QCOMPARE(file.json().value(QLatin1String("height")).toInt(), direct() ? 4000 : 1600);
    for (HttpClient *http : {_http[0].get(), _http[1].get(), _viaNginx.get()}) {
        const HttpReply thumb = get(*http, info + "/thumbnail?size=256");
        NB_EXPECT(thumb, 200);
        const QImage image = QImage::fromData(thumb.body, "JPG");
        QCOMPARE(qMax(image.width(), image.height()), 256);
    }
    if (direct()) {
        // thumbnails are objects every API node reads; the worker's scratch copy is gone
        QCOMPARE(_probe->keys(QStringLiteral("thumbnails/")).size(), 2);
        for (const QString &dir : _nodeDirs)
            QVERIFY2(bodiesOnDisk(dir).isEmpty(), qPrintable(bodiesOnDisk(dir).join(QLatin1Char('\n'))));
    } else {
        // the worker moved the blob to Ceph and freed the shared local copy
        QVERIFY2(waitUntil([&] { return !QFile::exists(localBlobPath(_nodeDirs[2], _photoSha)) && _probe->blobSize(_photoSha) == _photo.size(); },
                           60000),
                 qPrintable(_worker->logTail(20)));
    }
    const HttpReply again = get(*_http[0], "/api/v1/files/" + _photoId.toUtf8() + "/content");
    NB_EXPECT(again, 200);
    QVERIFY(again.body == _photo);
}

void TestScaleOut::uploadThroughNginx()
{
    // chunks of 8 MiB through nginx: client_max_body_size and request streaming of the sample
    const QByteArray data = TestData::uniqueBytes((8LL << 20) * 2 + 777);
    ApiClient viaNginx(_viaNginx.get(), _token);
    const QJsonObject file = viaNginx.uploadChunked(QStringLiteral("video.bin"), data, 8LL << 20);
    QVERIFY(!file.isEmpty());
    const QByteArray sha = TestData::sha256Hex(data);
    QVERIFY(waitUntil([&] { return _probe->blobSize(sha) == data.size(); }, 60000));
    const HttpReply r = viaNginx.download(idOf(file));
    NB_EXPECT(r, 200);
    QVERIFY(r.body == data);
}

void TestScaleOut::operatorChecks()
{
    for (HttpClient *http : {_http[0].get(), _http[1].get(), _viaNginx.get()}) {
        const HttpReply ready = http->send({"GET", "/readyz", {}, {}});
        NB_EXPECT(ready, 200);
        const QJsonObject checks = ready.json().value(QLatin1String("checks")).toObject();
        QCOMPARE(checks.value(QLatin1String("redis")).toString(), QStringLiteral("ok"));
        QCOMPARE(checks.value(QLatin1String("storage")).toString(), QStringLiteral("ok"));
    }
    HttpClient workerHttp(_worker->baseUrl());
    QVERIFY(waitUntil([&] {
        const QByteArray m = workerHttp.send({"GET", "/metrics", {}, {}}).body;
        return metricValue(m, "nestbox_jobs{state=\"pending\"}") <= 0 && metricValue(m, "nestbox_jobs{state=\"running\"}") <= 0;
    }, 30000));
    const QByteArray m = workerHttp.send({"GET", "/metrics", {}, {}}).body;
    QVERIFY(metricValue(m, "nestbox_jobs{state=\"dead\"}") <= 0);
    QVERIFY2(metricValue(m, "nestbox_thumbnails{state=\"ready\"}") >= 1, m.constData());
    const auto gc = NodeProcess::run(_config, {QStringLiteral("gc")});
    QVERIFY2(gc.exitCode == 0, gc.output.constData());
    const auto fsck = NodeProcess::run(_config, {QStringLiteral("fsck")});
    QVERIFY2(fsck.exitCode == 0 && fsck.output.contains("fsck: 2 blob(s) checked, 0 problem(s), 0 stray"),
             fsck.output.constData());
    QCOMPARE(_probe->keys().size(), 2);
}

void TestScaleOut::cleanupTestCase()
{
    if (_nginx) {
        _nginx->terminate();
        if (!_nginx->waitForFinished(10000)) {
            _nginx->kill();
            _nginx->waitForFinished(5000);
        }
    }
    for (auto &api : _api)
        if (api)
            api->stop();
    if (_worker)
        _worker->stop();
    if (!_database.isEmpty())
        _services.dropDatabase(_database);
    qInfo("suite took %.1f s", _clock.elapsed() / 1000.0);
}

QTEST_GUILESS_MAIN(TestScaleOut)
#include "tst_scaleout.moc"
