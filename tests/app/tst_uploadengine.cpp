// The upload engine against a real nestboxd (embedded profile, 64 KiB chunks): full, instant and
// proof uploads; pause at one third and resume; app restart, server restart and a server that is
// away for a while in the middle of an upload; a file changed before resume; an expired session.
// Every finished upload is downloaded again (DownloadJob) and compared by SHA-256.

#include "AppTestUtil.h"
// Two headers are called ApiClient.h: tests/support's (the raw API as one user) and app/core's.
#include "../support/ApiClient.h"
#include "HttpClient.h"
#include "TestServer.h"

using UserApi = ::ApiClient;

#include "AccountStore.h"
#include "../../app/core/ApiClient.h"
#include "DownloadJob.h"
#include "Session.h"
#include "TokenStore.h"
#include "UploadEngine.h"
#include "UploadQueue.h"
#include "UploadQueueModel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>
#include <utime.h>

using namespace nestbox;

namespace {

constexpr qint64 kChunk = 65536;
constexpr int kWaitMs = 60000;

// One app instance: client, queue (on `dbPath`) and engine.
struct Rig {
    Rig(const QUrl &base, const QByteArray &token, const QString &dbPath)
    {
        client.setBaseUrl(base);
        client.setToken(QString::fromUtf8(token));
        queue = std::make_unique<UploadQueue>(dbPath);
        queue->open();
        makeEngine();
    }
    void makeEngine()
    {
        engine = std::make_unique<UploadEngine>(&client, queue.get());
        engine->setRetryBaseDelayMs(100);
        engine->setMaxParallelFiles(2);
    }
    UploadItem item(qint64 id) const { return queue->item(id).value_or(UploadItem{}); }
    UploadState state(qint64 id) const { return item(id).state; }

    nestbox::ApiClient client;
    std::unique_ptr<UploadQueue> queue;
    std::unique_ptr<UploadEngine> engine;
};

// Downloads a file with the app's DownloadJob (verifies SHA-256 itself) and returns its hash.
QString downloadSha(nestbox::ApiClient *client, const QString &fileId, const QString &dir)
{
    const QString target = dir + QStringLiteral("/download-") + fileId;
    auto *job = new DownloadJob(client, fileId, target);
    job->setAutoDelete(false);
    QSignalSpy done(job, &AbstractApiJob::finished);
    job->start();
    if (!done.wait(kWaitMs)) {
        delete job;
        return QStringLiteral("timeout");
    }
    const QString sha = job->succeeded() ? job->sha256() : QStringLiteral("error: ") + job->error().toString();
    delete job;
    if (!QFile::exists(target))
        return QStringLiteral("no file");
    const QString onDisk = apptest::sha256OfFile(target);
    QFile::remove(target);
    return onDisk == sha ? sha : QStringLiteral("mismatch");
}

void touchLater(const QString &path, int seconds)
{
    struct utimbuf t;
    t.actime = t.modtime = time(nullptr) + seconds;
    utime(QFile::encodeName(path).constData(), &t);
}

} // namespace

class TestUploadEngine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fullUpload();
    void instantUpload();
    void proofUpload();
    void folderWithModel();
    void pauseAtOneThirdAndResume();
    void appRestartMidUpload();
    void serverRestartMidUpload();
    void serverAwayThenBack();
    void fileChangedBeforeResume();
    void pauseAllResumeAllCancelRetry();
    void expiredTokenDuringUpload();

private:
    bool waitFinal(Rig &rig, qint64 id, int ms = kWaitMs);
    void verifyOnServer(Rig &rig, qint64 id, const QString &localPath);
    // pauses `id` (or calls `action`) once a third of it has been sent
    bool runUntilThird(Rig &rig, qint64 id, const std::function<void()> &action);

    std::unique_ptr<TestServer> _server;
    std::unique_ptr<HttpClient> _http;
    std::optional<UserApi> _alice;
    QTemporaryDir _dir;
};

void TestUploadEngine::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qputenv("NESTBOX_TOKEN_STORE", "file");
    QVERIFY(_dir.isValid());
    _server = std::make_unique<TestServer>();
    QVERIFY2(_server->start(), qPrintable(_server->error()));
    _http = std::make_unique<HttpClient>(_server->baseUrl());
    _alice = UserApi::newUser(_http.get(), QStringLiteral("alice"));
    QVERIFY(_alice);
}

bool TestUploadEngine::waitFinal(Rig &rig, qint64 id, int ms)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        const UploadState s = rig.state(id);
        if (s == UploadState::Done || s == UploadState::Instant || s == UploadState::Failed
            || s == UploadState::Canceled)
            return true;
        QTest::qWait(20);
    }
    return false;
}

void TestUploadEngine::verifyOnServer(Rig &rig, qint64 id, const QString &localPath)
{
    const UploadItem it = rig.item(id);
    QVERIFY2(!it.fileId.isEmpty(), "no file id");
    QCOMPARE(it.sha256, apptest::sha256OfFile(localPath));
    QCOMPARE(downloadSha(&rig.client, it.fileId, _dir.path()), apptest::sha256OfFile(localPath));
}

bool TestUploadEngine::runUntilThird(Rig &rig, qint64 id, const std::function<void()> &action)
{
    bool fired = false;
    auto conn = connect(rig.engine.get(), &UploadEngine::progressChanged, this, [&](qint64 which) {
        if (fired || which != id)
            return;
        const UploadItem it = rig.item(id);
        if (it.bytesDone * 3 >= it.size) {
            fired = true;
            action();
        }
    });
    QDeadlineTimer deadline(kWaitMs);
    while (!fired && !deadline.hasExpired()) {
        QTest::qWait(5);
        if (rig.item(id).isFinal())
            break;
    }
    disconnect(conn);
    return fired;
}

void TestUploadEngine::fullUpload()
{
    Rig rig(_server->baseUrl(), _alice->token, _dir.filePath(QStringLiteral("full.sqlite")));
    const QString path = apptest::makeFile(_dir.filePath(QStringLiteral("full")), QStringLiteral("big.bin"),
                                           20 * kChunk + 1234, 1);
    QSignalSpy batch(rig.engine.get(), &UploadEngine::batchFinished);
    const qint64 before = apptest::chunkPuts(*_server, 204);
    const QList<qint64> ids = rig.engine->addFiles({path});
    QCOMPARE(ids.size(), 1);
    QVERIFY(waitFinal(rig, ids.first()));
    QCOMPARE(rig.state(ids.first()), UploadState::Done);
    QCOMPARE(rig.item(ids.first()).bytesDone, rig.item(ids.first()).size);
    QCOMPARE(apptest::chunkPuts(*_server, 204) - before, 21);
    QCOMPARE(rig.engine->chunksSent(), 21);
    QTRY_COMPARE(batch.size(), 1);
    QCOMPARE(batch.first().at(0).toInt(), 1);
    QCOMPARE(batch.first().at(1).toInt(), 0);
    verifyOnServer(rig, ids.first(), path);
}

void TestUploadEngine::instantUpload()
{
    Rig rig(_server->baseUrl(), _alice->token, _dir.filePath(QStringLiteral("instant.sqlite")));
    const QString dir = _dir.filePath(QStringLiteral("instant"));
    const QString first = apptest::makeFile(dir, QStringLiteral("a.bin"), 5 * kChunk, 2);
    const qint64 a = rig.engine->addFiles({first}).value(0);
    QVERIFY(waitFinal(rig, a));
    QCOMPARE(rig.state(a), UploadState::Done);
    // the same content under another name: the server already has it for this user
    QVERIFY(QFile::copy(first, dir + QStringLiteral("/copy.bin")));
    const qint64 puts = apptest::chunkPuts(*_server);
    const qint64 b = rig.engine->addFiles({dir + QStringLiteral("/copy.bin")}).value(0);
    QVERIFY(waitFinal(rig, b));
    QCOMPARE(rig.state(b), UploadState::Instant);
    QCOMPARE(apptest::chunkPuts(*_server), puts);
    UploadQueueModel model(rig.queue.get(), rig.engine.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.data(model.indexOfId(b), UploadQueueModel::IsInstantRole).toBool(), true);
    QCOMPARE(model.data(model.indexOfId(a), UploadQueueModel::IsInstantRole).toBool(), false);
    verifyOnServer(rig, b, first);
}

void TestUploadEngine::proofUpload()
{
    // alice uploads; bob has the same content: he proves possession instead of sending it
    Rig aliceRig(_server->baseUrl(), _alice->token, _dir.filePath(QStringLiteral("proof-a.sqlite")));
    const QString path = apptest::makeFile(_dir.filePath(QStringLiteral("proof")), QStringLiteral("shared.bin"),
                                           7 * kChunk + 99, 3);
    const qint64 a = aliceRig.engine->addFiles({path}).value(0);
    QVERIFY(waitFinal(aliceRig, a));
    QCOMPARE(aliceRig.state(a), UploadState::Done);

    auto bob = UserApi::newUser(_http.get(), QStringLiteral("bob"));
    QVERIFY(bob);
    Rig bobRig(_server->baseUrl(), bob->token, _dir.filePath(QStringLiteral("proof-b.sqlite")));
    const qint64 puts = apptest::chunkPuts(*_server);
    const qint64 b = bobRig.engine->addFiles({path}).value(0);
    QVERIFY(waitFinal(bobRig, b));
    QCOMPARE(bobRig.state(b), UploadState::Instant);
    QCOMPARE(apptest::chunkPuts(*_server), puts);
    QCOMPARE(bob->listAll().size(), 1);
    verifyOnServer(bobRig, b, path);
}

void TestUploadEngine::folderWithModel()
{
    auto carol = UserApi::newUser(_http.get(), QStringLiteral("carol"));
    QVERIFY(carol);
    Rig rig(_server->baseUrl(), carol->token, _dir.filePath(QStringLiteral("folder.sqlite")));
    UploadQueueModel model(rig.queue.get(), rig.engine.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString root = _dir.filePath(QStringLiteral("folder"));
    apptest::makeFile(root, QStringLiteral("one.jpg"), 3 * kChunk, 10);
    apptest::makeFile(root + QStringLiteral("/sub"), QStringLiteral("two.jpg"), 2 * kChunk + 5, 11);
    apptest::makeFile(root + QStringLiteral("/sub/deeper"), QStringLiteral("three.bin"), 0, 12);
    apptest::makeFile(root, QStringLiteral("four.bin"), 100, 13);
    QSignalSpy batch(rig.engine.get(), &UploadEngine::batchFinished);
    const QList<qint64> ids = rig.engine->addFiles({root});
    QCOMPARE(ids.size(), 4);
    QCOMPARE(model.rowCount(), 4);
    QTRY_VERIFY_WITH_TIMEOUT(batch.size() == 1, kWaitMs);
    QCOMPARE(batch.first().at(0).toInt(), 4);
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex i = model.index(row);
        QCOMPARE(model.data(i, UploadQueueModel::ProgressRole).toDouble(), 1.0);
        QCOMPARE(UploadState(model.data(i, UploadQueueModel::StateRole).toInt()), UploadState::Done);
        QVERIFY(!model.data(i, UploadQueueModel::NameRole).toString().isEmpty());
        QVERIFY(!model.data(i, UploadQueueModel::StateTextRole).toString().isEmpty());
    }
    QCOMPARE(carol->listAll().size(), 4);
    rig.queue->removeFinished();
    QCOMPARE(model.rowCount(), 0);
}

void TestUploadEngine::pauseAtOneThirdAndResume()
{
    Rig rig(_server->baseUrl(), _alice->token, _dir.filePath(QStringLiteral("pause.sqlite")));
    const QString path = apptest::makeFile(_dir.filePath(QStringLiteral("pause")), QStringLiteral("p.bin"),
                                           48 * kChunk, 4);
    const qint64 before204 = apptest::chunkPuts(*_server, 204);
    const qint64 beforeAll = apptest::chunkPuts(*_server);
    const qint64 id = rig.engine->addFiles({path}).value(0);
    QVERIFY(runUntilThird(rig, id, [&] { rig.engine->pause(id); }));
    QCOMPARE(rig.state(id), UploadState::Paused);
    const QString uploadId = rig.item(id).uploadId;
    QVERIFY(!uploadId.isEmpty());
    // really stopped: nothing moves while paused
    QTest::qWait(500);
    const qint64 recordedAtPause = apptest::chunkPuts(*_server, 204) - before204;
    QVERIFY2(recordedAtPause >= 16 && recordedAtPause < 48, qPrintable(QString::number(recordedAtPause)));
    QTest::qWait(300);
    QCOMPARE(apptest::chunkPuts(*_server, 204) - before204, recordedAtPause);

    rig.engine->resume(id);
    QVERIFY(waitFinal(rig, id));
    QCOMPARE(rig.state(id), UploadState::Done);
    QCOMPARE(rig.item(id).uploadId, uploadId); // the same server upload went on
    // every chunk recorded exactly once; at most the few aborted mid-body at the pause went again
    QCOMPARE(apptest::chunkPuts(*_server, 204) - before204, 48);
    QVERIFY(apptest::chunkPuts(*_server) - beforeAll <= 48 + rig.engine->chunksInFlight());
    // a chunk the server recorded just as the pause aborted its reply is not sent again either:
    // the resume asked the server first
    QVERIFY(rig.engine->chunksSent() <= 48);
    verifyOnServer(rig, id, path);
}

void TestUploadEngine::appRestartMidUpload()
{
    const QString db = _dir.filePath(QStringLiteral("restart.sqlite"));
    const QString path = apptest::makeFile(_dir.filePath(QStringLiteral("restart")), QStringLiteral("r.bin"),
                                           40 * kChunk + 7, 5);
    const qint64 before204 = apptest::chunkPuts(*_server, 204);
    qint64 id = 0;
    QString uploadId;
    {
        Rig first(_server->baseUrl(), _alice->token, db);
        id = first.engine->addFiles({path}).value(0);
        // "quit" at one third: the engine and the queue go away mid-transfer
        QVERIFY(runUntilThird(first, id, [] {}));
        uploadId = first.item(id).uploadId;
        QVERIFY(!uploadId.isEmpty());
        QCOMPARE(first.state(id), UploadState::Uploading);
        first.engine.reset();
    }
    QTest::qWait(200);
    const qint64 recordedBefore = apptest::chunkPuts(*_server, 204) - before204;
    QVERIFY(recordedBefore < 41);
    Rig second(_server->baseUrl(), _alice->token, db);
    QCOMPARE(second.queue->count(), 1);
    QVERIFY(waitFinal(second, id));
    QCOMPARE(second.state(id), UploadState::Done);
    QCOMPARE(second.item(id).uploadId, uploadId);
    QCOMPARE(apptest::chunkPuts(*_server, 204) - before204, 41);
    QCOMPARE(second.engine->chunksSent(), 41 - recordedBefore);
    verifyOnServer(second, id, path);
}

void TestUploadEngine::serverRestartMidUpload()
{
    TestServer::Options options;
    options.defines << QStringLiteral("http.port=%1").arg(apptest::freePort());
    TestServer server(options);
    QVERIFY2(server.start(), qPrintable(server.error()));
    HttpClient http(server.baseUrl());
    auto dave = UserApi::newUser(&http, QStringLiteral("dave"));
    QVERIFY(dave);
    Rig rig(server.baseUrl(), dave->token, _dir.filePath(QStringLiteral("srvrestart.sqlite")));
    rig.engine->setBandwidthLimit(2 * 1024 * 1024);
    const QString path = apptest::makeFile(_dir.filePath(QStringLiteral("srvrestart")), QStringLiteral("s.bin"),
                                           64 * kChunk, 6);
    const qint64 id = rig.engine->addFiles({path}).value(0);
    const QUrl base = server.baseUrl();
    QVERIFY(runUntilThird(rig, id, [&] { server.kill9(); }));
    QVERIFY2(server.start(), qPrintable(server.error()));
    QCOMPARE(server.baseUrl(), base);
    rig.engine->setBandwidthLimit(0);
    QVERIFY(waitFinal(rig, id));
    QCOMPARE(rig.state(id), UploadState::Done);
    verifyOnServer(rig, id, path);
}

void TestUploadEngine::serverAwayThenBack()
{
    TestServer::Options options;
    options.defines << QStringLiteral("http.port=%1").arg(apptest::freePort());
    TestServer server(options);
    QVERIFY2(server.start(), qPrintable(server.error()));
    HttpClient http(server.baseUrl());
    auto erin = UserApi::newUser(&http, QStringLiteral("erin"));
    QVERIFY(erin);
    Rig rig(server.baseUrl(), erin->token, _dir.filePath(QStringLiteral("away.sqlite")));
    rig.engine->setBandwidthLimit(2 * 1024 * 1024);
    const QString path = apptest::makeFile(_dir.filePath(QStringLiteral("away")), QStringLiteral("w.bin"),
                                           64 * kChunk, 7);
    const qint64 id = rig.engine->addFiles({path}).value(0);
    QVERIFY(runUntilThird(rig, id, [&] { server.stop(); }));
    // away for a while: the item keeps waiting (never Failed) and says why
    QTest::qWait(3000);
    QCOMPARE(rig.state(id), UploadState::Uploading);
    QVERIFY2(!rig.item(id).error.isEmpty(), "no error text while the server is away");
    QVERIFY2(server.start(), qPrintable(server.error()));
    rig.engine->setBandwidthLimit(0);
    QVERIFY(waitFinal(rig, id));
    QCOMPARE(rig.state(id), UploadState::Done);
    QVERIFY(rig.item(id).error.isEmpty());
    verifyOnServer(rig, id, path);
}

void TestUploadEngine::fileChangedBeforeResume()
{
    Rig rig(_server->baseUrl(), _alice->token, _dir.filePath(QStringLiteral("changed.sqlite")));
    const QString dir = _dir.filePath(QStringLiteral("changed"));
    const QString path = apptest::makeFile(dir, QStringLiteral("c.bin"), 30 * kChunk, 8);
    const QString oldSha = apptest::sha256OfFile(path);
    const qint64 id = rig.engine->addFiles({path}).value(0);
    QVERIFY(runUntilThird(rig, id, [&] { rig.engine->pause(id); }));
    const QString oldUpload = rig.item(id).uploadId;
    QVERIFY(!oldUpload.isEmpty());
    // new content, same size; the modification time moves on
    apptest::makeFile(dir, QStringLiteral("c.bin"), 30 * kChunk, 9);
    touchLater(path, 5);
    const QString newSha = apptest::sha256OfFile(path);
    QVERIFY(newSha != oldSha);
    rig.engine->resume(id);
    QVERIFY(waitFinal(rig, id));
    QCOMPARE(rig.state(id), UploadState::Done);
    QCOMPARE(rig.item(id).sha256, newSha);
    QVERIFY(rig.item(id).uploadId != oldUpload);
    verifyOnServer(rig, id, path);
}

void TestUploadEngine::pauseAllResumeAllCancelRetry()
{
    auto fred = UserApi::newUser(_http.get(), QStringLiteral("fred"));
    QVERIFY(fred);
    Rig rig(_server->baseUrl(), fred->token, _dir.filePath(QStringLiteral("all.sqlite")));
    rig.engine->setBandwidthLimit(1024 * 1024);
    const QString dir = _dir.filePath(QStringLiteral("all"));
    const QList<qint64> ids = rig.engine->addFiles({apptest::makeFile(dir, QStringLiteral("1.bin"), 16 * kChunk, 20),
                                                    apptest::makeFile(dir, QStringLiteral("2.bin"), 16 * kChunk, 21),
                                                    apptest::makeFile(dir, QStringLiteral("3.bin"), 16 * kChunk, 22)});
    QCOMPARE(ids.size(), 3);
    QTRY_VERIFY_WITH_TIMEOUT(rig.item(ids[0]).bytesDone > 0, kWaitMs);
    // two files at a time
    QCOMPARE(rig.engine->activeCount(), 2);
    QCOMPARE(rig.state(ids[2]), UploadState::Queued);
    rig.engine->pauseAll();
    for (qint64 id : ids)
        QCOMPARE(rig.state(id), UploadState::Paused);
    QCOMPARE(rig.engine->activeCount(), 0);
    rig.engine->cancel(ids[1]);
    QCOMPARE(rig.state(ids[1]), UploadState::Canceled);
    rig.engine->setBandwidthLimit(0);
    rig.engine->resumeAll();
    QVERIFY(waitFinal(rig, ids[0]));
    QVERIFY(waitFinal(rig, ids[2]));
    QCOMPARE(rig.state(ids[0]), UploadState::Done);
    QCOMPARE(rig.state(ids[2]), UploadState::Done);
    QCOMPARE(rig.state(ids[1]), UploadState::Canceled);
    QCOMPARE(fred->listAll().size(), 2);
    rig.engine->retry(ids[1]);
    QVERIFY(waitFinal(rig, ids[1]));
    QCOMPARE(rig.state(ids[1]), UploadState::Done);
    QCOMPARE(fred->listAll().size(), 3);
}

void TestUploadEngine::expiredTokenDuringUpload()
{
    // tokens die 2 s after their last use and 3 s after sign-in whatever happens
    TestServer::Options options;
    options.defines << QStringLiteral("auth.token_idle_seconds=2") << QStringLiteral("auth.token_absolute_seconds=3");
    TestServer server(options);
    QVERIFY2(server.start(), qPrintable(server.error()));
    HttpClient http(server.baseUrl());
    QCOMPARE(UserApi(&http).signup(QStringLiteral("gina"), QStringLiteral("correct horse")).status, 201);

    QSettings settings(_dir.filePath(QStringLiteral("expired.ini")), QSettings::IniFormat);
    AccountStore accounts(&settings);
    TokenStore tokens(TokenStore::Backend::File, _dir.filePath(QStringLiteral("expired-tokens")));
    UploadQueue queue(_dir.filePath(QStringLiteral("expired.sqlite")));
    QVERIFY(queue.open());
    nestbox::ApiClient client;
    Session session(&client, &tokens, &accounts);
    QSignalSpy signedIn(&session, &Session::signedIn);
    session.signIn(server.baseUrl(), QStringLiteral("gina"), QStringLiteral("correct horse"));
    QVERIFY(signedIn.wait(kWaitMs));

    UploadEngine engine(&client, &queue);
    engine.setRetryBaseDelayMs(100);
    engine.setBandwidthLimit(512 * 1024); // 2 MiB: about 4 s, longer than the token lives
    QSignalSpy paused(&engine, &UploadEngine::authenticationPaused);
    QSignalSpy authRequired(&client, &nestbox::ApiClient::authenticationRequired);
    QSignalSpy reauth(&session, &Session::reauthenticationRequired);
    const QString path = apptest::makeFile(_dir.filePath(QStringLiteral("expired")), QStringLiteral("e.bin"),
                                           32 * kChunk, 30);
    const qint64 id = engine.addFiles({path}).value(0);
    QVERIFY(paused.wait(kWaitMs));
    QCOMPARE(authRequired.size(), 1);
    QCOMPARE(reauth.size(), 1);
    QCOMPARE(queue.item(id)->state, UploadState::Paused);
    QVERIFY(!queue.item(id)->error.isEmpty());
    const QString uploadId = queue.item(id)->uploadId;
    const qint64 doneAtExpiry = queue.item(id)->bytesDone;
    QVERIFY(doneAtExpiry < queue.item(id)->size);
    QTest::qWait(300);
    QCOMPARE(queue.item(id)->state, UploadState::Paused); // stays paused until a new sign-in

    // the user signs in again in the dialog: everything carries on
    engine.setBandwidthLimit(0);
    session.signIn(server.baseUrl(), QStringLiteral("gina"), QStringLiteral("correct horse"));
    QVERIFY(signedIn.wait(kWaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(queue.item(id)->isFinal(), kWaitMs);
    QCOMPARE(queue.item(id)->state, UploadState::Done);
    QCOMPARE(queue.item(id)->uploadId, uploadId);
    const QString local = apptest::sha256OfFile(path);
    QCOMPARE(downloadSha(&client, queue.item(id)->fileId, _dir.path()), local);
}

QTEST_GUILESS_MAIN(TestUploadEngine)
#include "tst_uploadengine.moc"
