// Direct storage end to end against a real Ceph RGW, in the embedded (SQLite) and the
// MariaDB + Redis profile: one nestboxd (--role=all) with storage.mode=direct; every chunk goes
// straight into an S3 multipart upload on blobs/<sha256>, `complete` assembles and reads the object
// back through SHA-256, and the data dir holds no body at any time. Covered: chunked and
// one-request uploads, a chunk sent twice (idempotent part), a chunk that does not match its hash,
// chunks that do not add up to the declared file hash, downloads with Range, instant and proof
// uploads, bytes sent for content already stored (checked against it, the multipart aborted),
// abort and expiry (both abort the multipart upload), thumbnails kept in the bucket, presigned
// redirects (working, tampered, expired), delete, gc and fsck.

#include "ApiAssert.h"
#include "ApiClient.h"
#include "BucketProbe.h"
#include "HttpClient.h"
#include "ScaleEnv.h"
#include "StartWithUsers.h"
#include "TestData.h"
#include "TestServer.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrlQuery>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace {
constexpr qint64 kMiB = 1LL << 20;
constexpr qint64 kChunk = 5 * kMiB;

QString idOf(const QJsonObject &o)
{
    return o.value(QLatin1String("id")).toString();
}

QString blobKey(const QByteArray &sha)
{
    return QStringLiteral("blobs/") + QString::fromLatin1(sha);
}
} // namespace

class TestDirect : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void misconfigurationRefusedAtStart_data();
    void misconfigurationRefusedAtStart();
    void chunkedUploadGoesStraightToBucket();
    void chunkSentTwiceAndBadChunk();
    void chunksNotMatchingTheFileHash();
    void downloadWithRange();
    void instantAndProofUploads();
    void bytesForContentAlreadyStored();
    void abortDropsTheMultipartUpload();
    void oneRequestUpload();
    void thumbnailsInTheBucket();
    void presignedRedirects();
    void expiryAbortsTheMultipartUpload();
    void deleteGcAndFsck();
    void cleanupTestCase();

private:
    // Files in the data dir other than the SQLite database: direct storage keeps no body there.
    QStringList bodiesInDataDir() const;

    ScaleEnv _env;
    QString _bucket;
    std::unique_ptr<TestServer> _server;
    std::unique_ptr<HttpClient> _http;
    std::unique_ptr<BucketProbe> _probe;
    std::optional<ApiClient> _alice;
    std::optional<ApiClient> _bob;

    QByteArray _big; // three chunks
    QByteArray _bigSha;
    QStringList _bigFiles;                              // alice's files with that content
    std::vector<std::pair<ApiClient, QString>> _others; // other users' files with that content
    QByteArray _smallSha;
    QByteArray _jpeg;
    QByteArray _jpegSha;
    QString _jpegId;
};

QStringList TestDirect::bodiesInDataDir() const
{
    QStringList found;
    QDirIterator it(_server->dataDir(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString name = QFileInfo(path).fileName();
        if (name.startsWith(QLatin1String("nestbox.db")) || name == QLatin1String("port"))
            continue;
        if (QFileInfo(path).size() > 0)
            found << path;
    }
    return found;
}

void TestDirect::initTestCase()
{
    _env = ScaleEnv::fromEnvironment();
    QVERIFY2(_env.hasCeph(), qPrintable(_env.error()));
    _bucket = ScaleEnv::uniqueName(QStringLiteral("nbd-") + TestServices::profileName());
    _probe = std::make_unique<BucketProbe>(_env, _bucket);

    TestServer::Options options;
    options.smallChunks = false; // every chunk is an S3 part: 5 MiB at least
    options.defines << _env.storageDefines(_bucket, QStringLiteral("direct"))
                    << QStringLiteral("thumbnails.thumbnailer=") + QStringLiteral(NESTBOX_THUMBNAILER_PATH)
                    << QStringLiteral("jobs.lease_seconds=5");
    const QString failed = startWithUsers(options, &_server, &_http, &_alice, &_bob);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

void TestDirect::misconfigurationRefusedAtStart_data()
{
    QTest::addColumn<QStringList>("defines");
    QTest::addColumn<QString>("message");
    QTest::newRow("no bucket") << QStringList{QStringLiteral("storage.mode=direct")}
                               << QStringLiteral("storage.mode = direct needs an s3:// storage.url");
    QTest::newRow("unknown mode") << QStringList{QStringLiteral("storage.mode=sideways")}
                                  << QStringLiteral("storage.mode must be tiered or direct");
    QTest::newRow("chunks below S3's part size")
        << QStringList{QStringLiteral("storage.mode=direct"), QStringLiteral("storage.url=") + _env.storageUrl(_bucket),
                       QStringLiteral("limits.chunk_size_min=1048576")}
        << QStringLiteral("limits.chunk_size_min of at least 5242880");
    QTest::newRow("presign too long") << QStringList{QStringLiteral("storage.presign_seconds=604801")}
                                      << QStringLiteral("storage.presign_seconds must be at most 604800");
}

void TestDirect::misconfigurationRefusedAtStart()
{
    QFETCH(QStringList, defines);
    QFETCH(QString, message);
    TestServer::Options options;
    options.smallChunks = false;
    options.defines = defines;
    TestServer server(options);
    QVERIFY(!server.start());
    QVERIFY2(server.error().contains(message), qPrintable(server.error()));
}

void TestDirect::chunkedUploadGoesStraightToBucket()
{
    _big = TestData::uniqueBytes(2 * kChunk + 12345);
    _bigSha = TestData::sha256Hex(_big);

    const HttpReply start = _alice->startUpload(QStringLiteral("big.bin"), _big.size(), _bigSha, kChunk);
    NB_EXPECT(start, 201);
    const QJsonObject upload = start.json().value(QLatin1String("upload")).toObject();
    QCOMPARE(upload.value(QLatin1String("chunk_count")).toInteger(), 3);
    // no multipart upload until the first chunk
    QVERIFY(_probe->multipartUploads().isEmpty());
    QVERIFY(_alice->sendChunks(upload, _big, {1, 0}));
    QCOMPARE(_probe->multipartUploads(), QStringList{blobKey(_bigSha)});
    // nothing is visible (no object under the key) before complete
    QVERIFY(!_probe->blobSize(_bigSha));
    QVERIFY(_alice->sendChunks(upload, _big, {2}));
    QVERIFY2(bodiesInDataDir().isEmpty(), qPrintable(bodiesInDataDir().join(QLatin1Char('\n'))));

    const HttpReply done = _alice->complete(idOf(upload));
    NB_EXPECT(done, 201);
    const QJsonObject file = done.json().value(QLatin1String("file")).toObject();
    QCOMPARE(file.value(QLatin1String("sha256")).toString().toLatin1(), _bigSha);
    _bigFiles << idOf(file);
    QCOMPARE(_probe->blobSize(_bigSha), std::optional<qint64>(_big.size()));
    QVERIFY(_probe->multipartUploads().isEmpty());
    QVERIFY2(bodiesInDataDir().isEmpty(), qPrintable(bodiesInDataDir().join(QLatin1Char('\n'))));

    // completing again answers the same file
    const HttpReply again = _alice->complete(idOf(upload));
    NB_EXPECT(again, 201);
    QCOMPARE(idOf(again.json().value(QLatin1String("file")).toObject()), idOf(file));
}

void TestDirect::chunkSentTwiceAndBadChunk()
{
    const QByteArray data = TestData::uniqueBytes(kChunk + 777);
    const QByteArray sha = TestData::sha256Hex(data);
    const HttpReply start = _alice->startUpload(QStringLiteral("resent.bin"), data.size(), sha, kChunk);
    NB_EXPECT(start, 201);
    const QString id = idOf(start.json().value(QLatin1String("upload")).toObject());
    const QByteArray chunk0 = chunkOf(data, kChunk, 0);

    // the declared chunk hash is not the body's: refused, nothing recorded
    NB_EXPECT_ERROR(_alice->putChunk(id, 0, chunk0, TestData::sha256Hex("something else")), 422,
                    "chunk_checksum_mismatch");
    QCOMPARE(receivedOf(_alice->uploadStatus(id).json()), QList<int>{});
    // a body damaged on the way (one byte flipped), with the hash of the real chunk
    QByteArray damaged = chunk0;
    damaged[1000] = static_cast<char>(damaged[1000] ^ 0x5a);
    NB_EXPECT_ERROR(_alice->putChunk(id, 0, damaged, TestData::sha256Hex(chunk0)), 422, "chunk_checksum_mismatch");
    QCOMPARE(receivedOf(_alice->uploadStatus(id).json()), QList<int>{});

    // right, then the same chunk again (a client that lost the answer): both succeed, one part
    for (int i = 0; i < 2; ++i) {
        const HttpReply put = _alice->putChunk(id, 0, chunk0);
        QVERIFY2(put.status / 100 == 2, qPrintable(put.describe()));
    }
    QCOMPARE(receivedOf(_alice->uploadStatus(id).json()), QList<int>{0});
    // other bytes for a chunk already received are refused, the received one stays
    QByteArray other = chunk0;
    other[5] = static_cast<char>(other[5] ^ 1);
    NB_EXPECT_ERROR(_alice->putChunk(id, 0, other, TestData::sha256Hex(other)), 422, "chunk_checksum_mismatch");
    // a chunk body shorter than the chunk
    NB_EXPECT_ERROR(_alice->putChunk(id, 1, chunkOf(data, kChunk, 1).left(100)), 400, "chunk_size_mismatch");

    QVERIFY2(_alice->putChunk(id, 1, chunkOf(data, kChunk, 1)).status / 100 == 2, "last chunk");
    const HttpReply done = _alice->complete(id);
    NB_EXPECT(done, 201);
    const QString fileId = idOf(done.json().value(QLatin1String("file")).toObject());
    const HttpReply down = _alice->download(fileId);
    NB_EXPECT(down, 200);
    QVERIFY(down.body == data);
    NB_EXPECT(_alice->deleteFile(fileId), 204);
    QVERIFY(waitUntil([&] { return !_probe->blobSize(sha); }, 10000));
}

void TestDirect::chunksNotMatchingTheFileHash()
{
    // every chunk is right by its own hash, but the declared whole-file hash is another file's
    const QByteArray data = TestData::uniqueBytes(kChunk + 4096);
    const QByteArray declared = TestData::sha256Hex(TestData::uniqueBytes(kChunk + 4096));
    const HttpReply start = _alice->startUpload(QStringLiteral("liar.bin"), data.size(), declared, kChunk);
    NB_EXPECT(start, 201);
    const QJsonObject upload = start.json().value(QLatin1String("upload")).toObject();
    QVERIFY(_alice->sendChunks(upload, data));
    const HttpReply done = _alice->complete(idOf(upload));
    NB_EXPECT_ERROR(done, 422, "checksum_mismatch");
    // nothing visible, nothing left in the bucket, the upload starts over
    QVERIFY(!_probe->blobSize(declared));
    QVERIFY(_probe->multipartUploads().isEmpty());
    const HttpReply status = _alice->uploadStatus(idOf(upload));
    NB_EXPECT(status, 200);
    QCOMPARE(receivedOf(status.json()), QList<int>{});
    for (const QJsonObject &f : _alice->listAll())
        QVERIFY(f.value(QLatin1String("name")).toString() != QLatin1String("liar.bin"));
    NB_EXPECT(_alice->abort(idOf(upload)), 204);
}

void TestDirect::downloadWithRange()
{
    QVERIFY(!_bigFiles.isEmpty());
    const QString id = _bigFiles.first();
    const HttpReply full = _alice->download(id);
    NB_EXPECT(full, 200);
    QVERIFY(full.body == _big);
    QCOMPARE(full.header("ETag"), QByteArray("\"" + _bigSha + "\""));
    // across part boundaries (5 MiB) and the remote reader's window
    struct Case {
        qint64 from;
        qint64 to;
    };
    const Case cases[] = {{kChunk - 1000, kChunk + 999}, {kChunk - 1, kChunk}, {0, 2 * kChunk + 1},
                          {2 * kChunk, 2 * kChunk + 12344}, {8 * kMiB - 3, 8 * kMiB + 3}};
    for (const Case &c : cases) {
        const QByteArray range = "bytes=" + QByteArray::number(c.from) + '-' + QByteArray::number(c.to);
        const HttpReply part = _alice->download(id, {httpHeader("Range", range)});
        NB_EXPECT(part, 206);
        QVERIFY2(part.body == _big.mid(c.from, c.to - c.from + 1), range.constData());
    }
    const HttpReply tail = _alice->download(id, {httpHeader("Range", "bytes=-70000")});
    NB_EXPECT(tail, 206);
    QVERIFY(tail.body == _big.right(70000));
    NB_EXPECT_ERROR(_alice->download(id, {httpHeader("Range", "bytes=" + QByteArray::number(_big.size()) + "-")}), 416,
                    "range_not_satisfiable");
    // another user's file does not exist for bob
    NB_EXPECT_ERROR(_bob->download(id), 404, "not_found");
}

void TestDirect::instantAndProofUploads()
{
    QVERIFY(!_bigFiles.isEmpty());
    const HttpReply again = _alice->startUpload(QStringLiteral("big-again.bin"), _big.size(), _bigSha);
    NB_EXPECT(again, 201);
    QVERIFY(again.json().value(QLatin1String("instant")).toBool());
    _bigFiles << idOf(again.json().value(QLatin1String("file")).toObject());

    const HttpReply start = _bob->startUpload(QStringLiteral("bobs-copy.bin"), _big.size(), _bigSha);
    NB_EXPECT(start, 200);
    QCOMPARE(start.json().value(QLatin1String("state")).toString(), QStringLiteral("proof_required"));
    const QJsonObject challenge = start.json().value(QLatin1String("challenge")).toObject();
    QList<QPair<qint64, qint64>> ranges;
    for (const QJsonValue &r : challenge.value(QLatin1String("ranges")).toArray())
        ranges.append({r.toArray().at(0).toInteger(), r.toArray().at(1).toInteger()});
    const QByteArray proof =
        TestData::proofOfPossession(challenge.value(QLatin1String("nonce")).toString().toLatin1(), ranges, _big);
    const HttpReply proved = _bob->proof(idOf(start.json().value(QLatin1String("upload")).toObject()), proof);
    NB_EXPECT(proved, 201);
    const QString bobId = idOf(proved.json().value(QLatin1String("file")).toObject());
    _others.emplace_back(*_bob, bobId);
    const HttpReply bobDownload = _bob->download(bobId);
    NB_EXPECT(bobDownload, 200);
    QVERIFY(bobDownload.body == _big);
    // neither made a multipart upload nor a second object
    QVERIFY(_probe->multipartUploads().isEmpty());
    QCOMPARE(_probe->keys().count(blobKey(_bigSha)), 1);
}

void TestDirect::bytesForContentAlreadyStored()
{
    QVERIFY(!_bigFiles.isEmpty());
    // frank chooses to send the bytes instead of a proof: they are checked chunk by chunk against
    // the stored blob, his multipart upload is dropped and the file links the existing object
    std::optional<ApiClient> frank = ApiClient::newUser(_http.get(), QStringLiteral("frank"));
    QVERIFY(frank);
    const HttpReply start = frank->startUpload(QStringLiteral("frank-sends.bin"), _big.size(), _bigSha, kChunk);
    NB_EXPECT(start, 200);
    QCOMPARE(start.json().value(QLatin1String("state")).toString(), QStringLiteral("proof_required"));
    const QJsonObject upload = start.json().value(QLatin1String("upload")).toObject();
    QVERIFY(frank->sendChunks(upload, _big));
    QCOMPARE(_probe->multipartUploads(), QStringList{blobKey(_bigSha)});
    const HttpReply done = frank->complete(idOf(upload));
    NB_EXPECT(done, 201);
    const QString id = idOf(done.json().value(QLatin1String("file")).toObject());
    _others.emplace_back(*frank, id);
    QVERIFY(_probe->multipartUploads().isEmpty());
    QCOMPARE(_probe->keys().count(blobKey(_bigSha)), 1);
    const HttpReply down = frank->download(id, {httpHeader("Range", "bytes=100-199")});
    NB_EXPECT(down, 206);
    QVERIFY(down.body == _big.mid(100, 100));

    // someone who has the hash but not the bytes: right chunk hashes of wrong bytes never match
    // the stored blob; nothing is linked and the stored object is untouched
    std::optional<ApiClient> carol = ApiClient::newUser(_http.get(), QStringLiteral("carol"));
    QVERIFY(carol);
    const QByteArray fake = TestData::uniqueBytes(_big.size());
    const HttpReply fakeStart = carol->startUpload(QStringLiteral("not-mine.bin"), _big.size(), _bigSha, kChunk);
    NB_EXPECT(fakeStart, 200);
    const QJsonObject fakeUpload = fakeStart.json().value(QLatin1String("upload")).toObject();
    QVERIFY(carol->sendChunks(fakeUpload, fake));
    NB_EXPECT_ERROR(carol->complete(idOf(fakeUpload)), 422, "checksum_mismatch");
    QVERIFY(carol->listAll().isEmpty());
    QVERIFY(_probe->multipartUploads().isEmpty());
    const HttpReply still = _alice->download(_bigFiles.first());
    NB_EXPECT(still, 200);
    QVERIFY(still.body == _big);
}

void TestDirect::abortDropsTheMultipartUpload()
{
    const QByteArray data = TestData::uniqueBytes(kChunk + 10);
    const QByteArray sha = TestData::sha256Hex(data);
    const HttpReply start = _alice->startUpload(QStringLiteral("aborted.bin"), data.size(), sha, kChunk);
    NB_EXPECT(start, 201);
    const QJsonObject upload = start.json().value(QLatin1String("upload")).toObject();
    QVERIFY(_alice->sendChunks(upload, data, {0}));
    QCOMPARE(_probe->multipartUploads(), QStringList{blobKey(sha)});
    NB_EXPECT(_alice->abort(idOf(upload)), 204);
    QVERIFY(_probe->multipartUploads().isEmpty());
    QVERIFY(!_probe->blobSize(sha));
    NB_EXPECT_ERROR(_alice->uploadStatus(idOf(upload)), 404, "not_found");
}

void TestDirect::oneRequestUpload()
{
    const QByteArray small = TestData::uniqueBytes(70000);
    const QByteArray sha = TestData::sha256Hex(small);
    _smallSha = sha;
    const QJsonObject file = _alice->uploadFile(QStringLiteral("small.bin"), small);
    QVERIFY(!file.isEmpty());
    QCOMPARE(_probe->blobSize(sha), std::optional<qint64>(small.size()));
    // staged as an object, copied to its content key, the staging object gone
    QVERIFY(_probe->keys(QStringLiteral("staging/")).isEmpty());
    // a wrong declared hash stores nothing
    const HttpReply bad = _alice->uploadSimple(QStringLiteral("bad.bin"), TestData::uniqueBytes(1000),
                                               {httpHeader("X-Nestbox-SHA256", TestData::sha256Hex("x"))});
    NB_EXPECT_ERROR(bad, 422, "checksum_mismatch");
    QVERIFY(_probe->keys(QStringLiteral("staging/")).isEmpty());
    const HttpReply down = _alice->download(idOf(file));
    NB_EXPECT(down, 200);
    QVERIFY(down.body == small);

    // a multipart/form-data upload (length unknown until the end) larger than one 8 MiB part:
    // staged as a multipart upload of its own, then copied
    const QByteArray form = TestData::uniqueBytes(9 * kMiB + 333);
    const QByteArray formSha = TestData::sha256Hex(form);
    const QByteArray boundary = "nestbox-direct-boundary-7f3a";
    const QByteArray body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"form.bin\"\r\n"
                            "Content-Type: application/octet-stream\r\n\r\n" + form + "\r\n--" + boundary + "--\r\n";
    const HttpReply posted = _alice->request("POST", "/api/v1/files", body,
                                             {httpHeader("Content-Type", "multipart/form-data; boundary=" + boundary)});
    NB_EXPECT(posted, 201);
    QCOMPARE(posted.json().value(QLatin1String("sha256")).toString().toLatin1(), formSha);
    QCOMPARE(_probe->blobSize(formSha), std::optional<qint64>(form.size()));
    QVERIFY(_probe->keys(QStringLiteral("staging/")).isEmpty());
    QVERIFY(_probe->multipartUploads(QStringLiteral("staging/")).isEmpty());
    const HttpReply formDown = _alice->download(idOf(posted.json()), {httpHeader("Range", "bytes=8388600-8388700")});
    NB_EXPECT(formDown, 206);
    QVERIFY(formDown.body == form.mid(8388600, 101));
    NB_EXPECT(_alice->deleteFile(idOf(posted.json())), 204);

    // an empty file through the chunked API
    const HttpReply empty = _alice->startUpload(QStringLiteral("empty.txt"), 0, TestData::sha256Hex(QByteArray()));
    NB_EXPECT(empty, 201);
    const QString emptyId = idOf(empty.json().value(QLatin1String("file")).toObject());
    const HttpReply emptyDown = _alice->download(emptyId);
    NB_EXPECT(emptyDown, 200);
    QVERIFY(emptyDown.body.isEmpty());
    NB_EXPECT(_alice->deleteFile(emptyId), 204);
    QVERIFY2(bodiesInDataDir().isEmpty(), qPrintable(bodiesInDataDir().join(QLatin1Char('\n'))));
}

void TestDirect::thumbnailsInTheBucket()
{
    _jpeg = noiseJpeg(900, 600, 11);
    QVERIFY(!_jpeg.isEmpty());
    _jpegSha = TestData::sha256Hex(_jpeg);
    const QJsonObject file = _alice->uploadChunked(QStringLiteral("photo.jpg"), _jpeg, kChunk);
    QVERIFY(!file.isEmpty());
    _jpegId = idOf(file);
    QCOMPARE(file.value(QLatin1String("kind")).toString(), QStringLiteral("image"));
    const auto state = [&] {
        return _alice->getFile(_jpegId).json().value(QLatin1String("thumbnail")).toString();
    };
    QVERIFY2(waitUntil([&] { return state() == QLatin1String("ready"); }, 60000),
             qPrintable(state() + QLatin1Char('\n') + _server->logTail(20)));
    for (int size : {256, 1280}) {
        const QString key =
            QStringLiteral("thumbnails/%1-%2.jpg").arg(QString::fromLatin1(_jpegSha)).arg(size);
        QString error;
        const QByteArray stored = _probe->get(key, &error);
        QVERIFY2(!stored.isEmpty(), qPrintable(key + QLatin1Char(' ') + error));
        const HttpReply thumb =
            _alice->request("GET", "/api/v1/files/" + _jpegId.toUtf8() + "/thumbnail?size=" + QByteArray::number(size));
        NB_EXPECT(thumb, 200);
        QVERIFY(thumb.body == stored);
        const QImage image = QImage::fromData(thumb.body, "JPG");
        QVERIFY(!image.isNull());
        QVERIFY(qMax(image.width(), image.height()) <= size);
    }
    // the worker's scratch copy is gone again
    QVERIFY2(bodiesInDataDir().isEmpty(), qPrintable(bodiesInDataDir().join(QLatin1Char('\n'))));
}

void TestDirect::presignedRedirects()
{
    // a second deployment on its own bucket, with presigned downloads valid for 2 s
    const QString bucket = ScaleEnv::uniqueName(QStringLiteral("nbp-") + TestServices::profileName());
    TestServer::Options options;
    options.smallChunks = false;
    options.defines << QStringLiteral("storage.url=") + _env.storageUrl(bucket) << QStringLiteral("storage.mode=direct")
                    << QStringLiteral("storage.presign_seconds=2")
                    << QStringLiteral("storage.access_key=") + _env.accessKey()
                    << QStringLiteral("storage.secret_key=") + _env.secretKey();
    TestServer server(options);
    QVERIFY2(server.start(), qPrintable(server.error()));
    HttpClient http(server.baseUrl());
    std::optional<ApiClient> dave = ApiClient::newUser(&http, QStringLiteral("dave"));
    QVERIFY(dave);
    std::optional<ApiClient> erin = ApiClient::newUser(&http, QStringLiteral("erin"));
    QVERIFY(erin);
    const QByteArray data = TestData::uniqueBytes(300000);
    const QJsonObject file = dave->uploadFile(QStringLiteral("holiday video.mp4"), data);
    QVERIFY(!file.isEmpty());
    const QString id = idOf(file);

    NB_EXPECT_ERROR(erin->download(id), 404, "not_found"); // ownership first: no URL for others
    NB_EXPECT_ERROR(HttpClient(server.baseUrl()).send({"GET", "/api/v1/files/" + id.toUtf8() + "/content", {}, {}}),
                    401, "unauthorized");

    const HttpReply redirect = dave->download(id);
    NB_EXPECT(redirect, 302);
    const QUrl url(QString::fromUtf8(redirect.header("Location")));
    QVERIFY2(url.isValid() && url.toString().startsWith(_env.s3Endpoint()), redirect.header("Location").constData());
    QVERIFY(url.toString().contains(QLatin1String("X-Amz-Signature=")));
    QVERIFY(redirect.header("Cache-Control").contains("no-store"));

    HttpClient rgw(QUrl(url.scheme() + QStringLiteral("://") + url.authority()));
    const QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
    const HttpReply got = rgw.send({"GET", target, {}, {}});
    QCOMPARE(got.status, 200);
    QVERIFY(got.body == data);
    QVERIFY2(got.header("Content-Disposition").contains("holiday%20video.mp4"), got.header("Content-Disposition").constData());
    const HttpReply ranged = rgw.send({"GET", target, {}, {httpHeader("Range", "bytes=1000-1999")}});
    QCOMPARE(ranged.status, 206);
    QVERIFY(ranged.body == data.mid(1000, 1000));
    // a client that follows the redirect with its bearer token still attached is refused by the
    // store (two ways of signing one request): clients must drop Authorization on the way
    const HttpReply withToken = rgw.send({"GET", target, {}, {httpHeader("Authorization", "Bearer " + dave->token)}});
    QCOMPARE(withToken.status, 400);

    // tampered: another object, or a longer life, and the signature no longer matches
    QByteArray otherKey = target;
    otherKey.replace(QByteArray("blobs/" + TestData::sha256Hex(data)), QByteArray("blobs/" + TestData::sha256Hex("other")));
    QVERIFY(otherKey != target);
    QCOMPARE(rgw.send({"GET", otherKey, {}, {}}).status, 403);
    QByteArray longer = target;
    longer.replace("X-Amz-Expires=2", "X-Amz-Expires=3600");
    QVERIFY(longer != target);
    QCOMPARE(rgw.send({"GET", longer, {}, {}}).status, 403);
    // expired
    QThread::msleep(3500);
    QCOMPARE(rgw.send({"GET", target, {}, {}}).status, 403);
    // a fresh redirect works again
    const HttpReply fresh = dave->download(id);
    NB_EXPECT(fresh, 302);
    const QUrl freshUrl(QString::fromUtf8(fresh.header("Location")));
    QCOMPARE(rgw.send({"GET", freshUrl.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority), {}, {}}).status, 200);
    QVERIFY(server.stop());
}

void TestDirect::expiryAbortsTheMultipartUpload()
{
    // a deployment whose uploads expire after 2 s idle; `nestboxd gc` sweeps them
    const QString bucket = ScaleEnv::uniqueName(QStringLiteral("nbe-") + TestServices::profileName());
    BucketProbe probe(_env, bucket);
    TestServer::Options options;
    options.smallChunks = false;
    options.defines << QStringLiteral("storage.url=") + _env.storageUrl(bucket) << QStringLiteral("storage.mode=direct")
                    << QStringLiteral("uploads.expiry_seconds=2")
                    << QStringLiteral("storage.access_key=") + _env.accessKey()
                    << QStringLiteral("storage.secret_key=") + _env.secretKey();
    TestServer server(options);
    QVERIFY2(server.start(), qPrintable(server.error()));
    HttpClient http(server.baseUrl());
    std::optional<ApiClient> gina = ApiClient::newUser(&http, QStringLiteral("gina"));
    QVERIFY(gina);
    const QByteArray data = TestData::uniqueBytes(kChunk + 99);
    const HttpReply start = gina->startUpload(QStringLiteral("left.bin"), data.size(), TestData::sha256Hex(data), kChunk);
    NB_EXPECT(start, 201);
    const QJsonObject upload = start.json().value(QLatin1String("upload")).toObject();
    QVERIFY(gina->sendChunks(upload, data, {0}));
    QCOMPARE(probe.multipartUploads().size(), 1);
    QThread::msleep(2500);
    NB_EXPECT_ERROR(gina->putChunk(idOf(upload), 1, chunkOf(data, kChunk, 1)), 410, "upload_expired");
    const auto gc = server.runCommand({QStringLiteral("gc")});
    QVERIFY2(gc.exitCode == 0 && gc.output.contains("gc: 1 expired upload(s)"), gc.output.constData());
    QVERIFY(probe.multipartUploads().isEmpty());
    QVERIFY(probe.keys().isEmpty());
    NB_EXPECT_ERROR(gina->uploadStatus(idOf(upload)), 404, "not_found");
    QVERIFY(server.stop());
}

void TestDirect::deleteGcAndFsck()
{
    QVERIFY(_bigFiles.size() >= 2 && _others.size() >= 2);
    // every reference but the last: the object stays
    for (const QString &id : _bigFiles) {
        NB_EXPECT(_alice->deleteFile(id), 204);
        QCOMPARE(_probe->blobSize(_bigSha), std::optional<qint64>(_big.size()));
    }
    for (std::size_t i = 0; i + 1 < _others.size(); ++i) {
        NB_EXPECT(_others[i].first.deleteFile(_others[i].second), 204);
        QCOMPARE(_probe->blobSize(_bigSha), std::optional<qint64>(_big.size()));
    }
    NB_EXPECT(_others.back().first.deleteFile(_others.back().second), 204);
    QVERIFY(waitUntil([&] { return !_probe->blobSize(_bigSha); }, 20000));
    NB_EXPECT_ERROR(_alice->download(_bigFiles.first()), 404, "not_found");

    const auto gc = _server->runCommand({QStringLiteral("gc")});
    QVERIFY2(gc.exitCode == 0, gc.output.constData());
    const auto fsck = _server->runCommand({QStringLiteral("fsck")});
    QVERIFY2(fsck.exitCode == 0, fsck.output.constData());
    QVERIFY2(fsck.output.contains("fsck: 2 blob(s) checked, 0 problem(s), 0 stray"), fsck.output.constData());
    QStringList keys = _probe->keys(QStringLiteral("blobs/"));
    keys.sort();
    QStringList expected{blobKey(_jpegSha), blobKey(_smallSha)};
    expected.sort();
    QCOMPARE(keys, expected);
    // deleting the photo takes its thumbnails with it
    NB_EXPECT(_alice->deleteFile(_jpegId), 204);
    QVERIFY(waitUntil([&] { return _probe->keys(QStringLiteral("thumbnails/")).isEmpty(); }, 20000));
    QVERIFY(_probe->multipartUploads().isEmpty());
    QVERIFY(_probe->keys(QStringLiteral("staging/")).isEmpty());
}

void TestDirect::cleanupTestCase()
{
    if (_server && _server->isRunning())
        QVERIFY(_server->stop());
}

QTEST_GUILESS_MAIN(TestDirect)
#include "tst_direct.moc"
