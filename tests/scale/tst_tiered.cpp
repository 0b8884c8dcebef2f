// Tiered storage end to end against a real Ceph RGW, in the embedded (SQLite) and the
// MariaDB + Redis profile: one nestboxd (--role=all) with storage.url=s3://…; uploads land on local
// disk, the transfer job moves each blob to the bucket (key blobs/<sha256>) and frees the local
// copy; downloads (full and ranged across the 8 MiB read window), instant and proof uploads and
// thumbnails then work from the bucket; deleting the last reference removes the object; gc and
// fsck are clean.

#include "ApiAssert.h"
#include "ApiClient.h"
#include "BucketProbe.h"
#include "HttpClient.h"
#include "ScaleEnv.h"
#include "StartWithUsers.h"
#include "TestData.h"
#include "TestServer.h"

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

#ifndef NESTBOX_THUMBNAILER_PATH
#error "NESTBOX_THUMBNAILER_PATH must name nestbox-thumbnailer"
#endif

namespace {
constexpr int kTransferTimeoutMs = 60000;
QString idOf(const QJsonObject &o)
{
    return o.value(QLatin1String("id")).toString();
}
} // namespace

class TestTiered : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void chunkedUploadReachesBucket();
    void downloadFromBucket();
    void instantAndProofUploadsOfRemoteBlob();
    void thumbnailsFromRemoteJpeg();
    void deleteLastReferenceRemovesObject();
    void gcAndFsckClean();
    void cleanupTestCase();

private:
    bool waitTransferred(const QByteArray &sha, qint64 size);
    QByteArray fileJson(const ApiClient &api, const QString &id, const QString &key);

    ScaleEnv _env;
    QString _bucket;
    QTemporaryDir _tmp;
    QString _thumbFlag;
    std::unique_ptr<TestServer> _server;
    std::unique_ptr<HttpClient> _http;
    std::unique_ptr<BucketProbe> _probe;
    std::optional<ApiClient> _alice;
    std::optional<ApiClient> _bob;

    QByteArray _big;        // 10 MiB + a bit, chunked
    QByteArray _bigSha;
    QStringList _bigFiles;  // every file (alice's, bob's) with that content
    QByteArray _jpeg;
    QByteArray _jpegSha;
    QByteArray _small;
    QByteArray _smallSha;
};

bool TestTiered::waitTransferred(const QByteArray &sha, qint64 size)
{
    const QString local = localBlobPath(_server->dataDir(), sha);
    return waitUntil([&] { return !QFile::exists(local) && _probe->blobSize(sha) == size; }, kTransferTimeoutMs, 100);
}

void TestTiered::initTestCase()
{
    _env = ScaleEnv::fromEnvironment();
    QVERIFY2(_env.hasCeph(), qPrintable(_env.error()));
    QVERIFY(_tmp.isValid());
    _bucket = ScaleEnv::uniqueName(QStringLiteral("nbt-") + TestServices::profileName());
    _probe = std::make_unique<BucketProbe>(_env, _bucket);

    // The thumbnailer fails until the flag file exists: the first image is left without
    // thumbnails, so `thumbnails rebuild` later makes them from the copy in the bucket.
    _thumbFlag = _tmp.filePath(QStringLiteral("thumbnails-on"));
    const QString wrapper = _tmp.filePath(QStringLiteral("thumbnailer.sh"));
    QFile w(wrapper);
    QVERIFY(w.open(QIODevice::WriteOnly));
    w.write(QStringLiteral("#!/bin/sh\nif [ -f '%1' ]; then exec '%2' \"$@\"; fi\nread request\nexit 1\n")
                .arg(_thumbFlag, QStringLiteral(NESTBOX_THUMBNAILER_PATH))
                .toUtf8());
    w.close();
    QVERIFY(QFile::setPermissions(wrapper, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));

    TestServer::Options options;
    options.defines << _env.storageDefines(_bucket)
                    << QStringLiteral("thumbnails.thumbnailer=") + wrapper
                    << QStringLiteral("jobs.lease_seconds=5");
    const QString failed = startWithUsers(options, &_server, &_http, &_alice, &_bob);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

void TestTiered::chunkedUploadReachesBucket()
{
    _big = TestData::uniqueBytes((10LL << 20) + 12345);
    _bigSha = TestData::sha256Hex(_big);
    const QJsonObject file = _alice->uploadChunked(QStringLiteral("big.bin"), _big, 2 << 20);
    QVERIFY(!file.isEmpty());
    QCOMPARE(file.value(QLatin1String("sha256")).toString().toLatin1(), _bigSha);
    _bigFiles << idOf(file);

    QVERIFY2(waitTransferred(_bigSha, _big.size()),
             qPrintable(QStringLiteral("blob not in bucket %1 with the local copy freed; log:\n%2")
                            .arg(_bucket, _server->logTail(20))));
    // the local tier keeps nothing of it, not even in staging
    QVERIFY(!QFile::exists(localBlobPath(_server->dataDir(), _bigSha)));
    const auto fsck = _server->runCommand({QStringLiteral("fsck")});
    QVERIFY2(fsck.exitCode == 0, fsck.output.constData());
    QVERIFY2(fsck.output.contains(" 0 problem(s)"), fsck.output.constData());
}

void TestTiered::downloadFromBucket()
{
    QVERIFY(!_bigFiles.isEmpty());
    const QString id = _bigFiles.first();
    const HttpReply full = _alice->download(id);
    NB_EXPECT(full, 200);
    QCOMPARE(full.body.size(), _big.size());
    QVERIFY(full.body == _big);
    QCOMPARE(full.header("ETag"), QByteArray("\"" + _bigSha + "\""));

    // across the remote reader's 8 MiB window
    const qint64 window = 8LL << 20;
    struct Case {
        qint64 from;
        qint64 to;
    };
    const Case cases[] = {{window - 1000, window + 999}, {window - 1, window}, {0, window + 1}, {window, window + 4095}};
    for (const Case &c : cases) {
        const QByteArray range = "bytes=" + QByteArray::number(c.from) + '-' + QByteArray::number(c.to);
        const HttpReply part = _alice->download(id, {httpHeader("Range", range)});
        NB_EXPECT(part, 206);
        QVERIFY2(part.body == _big.mid(c.from, c.to - c.from + 1), range.constData());
        QCOMPARE(part.header("Content-Range"), "bytes " + QByteArray::number(c.from) + '-' + QByteArray::number(c.to)
                                                   + '/' + QByteArray::number(_big.size()));
    }
    const HttpReply tail = _alice->download(id, {httpHeader("Range", "bytes=-70000")});
    NB_EXPECT(tail, 206);
    QVERIFY(tail.body == _big.right(70000));
    const HttpReply open = _alice->download(id, {httpHeader("Range", "bytes=8388000-")});
    NB_EXPECT(open, 206);
    QVERIFY(open.body == _big.mid(8388000));
    const HttpReply past = _alice->download(id, {httpHeader("Range", "bytes=" + QByteArray::number(_big.size()) + "-")});
    NB_EXPECT_ERROR(past, 416, "range_not_satisfiable");
}

void TestTiered::instantAndProofUploadsOfRemoteBlob()
{
    QVERIFY(!_bigFiles.isEmpty());
    // same user: instant
    const HttpReply again = _alice->startUpload(QStringLiteral("big-again.bin"), _big.size(), _bigSha);
    NB_EXPECT(again, 201);
    QCOMPARE(again.json().value(QLatin1String("state")).toString(), QStringLiteral("complete"));
    QVERIFY(again.json().value(QLatin1String("instant")).toBool());
    const QString againId = idOf(again.json().value(QLatin1String("file")).toObject());
    QVERIFY(!againId.isEmpty());
    if (!_bigFiles.contains(againId))
        _bigFiles << againId;

    // another user: proof of possession, the challenged ranges read from the bucket
    const HttpReply start = _bob->startUpload(QStringLiteral("bobs-copy.bin"), _big.size(), _bigSha);
    NB_EXPECT(start, 200);
    QCOMPARE(start.json().value(QLatin1String("state")).toString(), QStringLiteral("proof_required"));
    const QJsonObject challenge = start.json().value(QLatin1String("challenge")).toObject();
    QList<QPair<qint64, qint64>> ranges;
    for (const QJsonValue &r : challenge.value(QLatin1String("ranges")).toArray())
        ranges.append({r.toArray().at(0).toInteger(), r.toArray().at(1).toInteger()});
    QVERIFY(!ranges.isEmpty());
    const QString uploadId = idOf(start.json().value(QLatin1String("upload")).toObject());
    const QByteArray proof =
        TestData::proofOfPossession(challenge.value(QLatin1String("nonce")).toString().toLatin1(), ranges, _big);
    const HttpReply proved = _bob->proof(uploadId, proof);
    NB_EXPECT(proved, 201);
    QVERIFY(proved.json().value(QLatin1String("instant")).toBool());
    const QString bobId = idOf(proved.json().value(QLatin1String("file")).toObject());
    _bigFiles << bobId;

    const HttpReply bobDownload = _bob->download(bobId);
    NB_EXPECT(bobDownload, 200);
    QVERIFY(bobDownload.body == _big);
    // nothing came back to the local tier
    QVERIFY(!QFile::exists(localBlobPath(_server->dataDir(), _bigSha)));
    QCOMPARE(_probe->keys().count(QStringLiteral("blobs/") + QString::fromLatin1(_bigSha)), 1);
}

QByteArray TestTiered::fileJson(const ApiClient &api, const QString &id, const QString &key)
{
    const HttpReply r = api.getFile(id);
    return r.status == 200 ? r.json().value(key).toString().toUtf8() : QByteArray("status ") + QByteArray::number(r.status);
}

void TestTiered::thumbnailsFromRemoteJpeg()
{
    _jpeg = noiseJpeg(900, 600, 7);
    QVERIFY(!_jpeg.isEmpty());
    _jpegSha = TestData::sha256Hex(_jpeg);
    const QJsonObject file = _alice->uploadChunked(QStringLiteral("photo.jpg"), _jpeg, 256 * 1024);
    QVERIFY(!file.isEmpty());
    const QString id = idOf(file);
    QCOMPARE(file.value(QLatin1String("kind")).toString(), QStringLiteral("image"));

    // first pass fails (thumbnailer off): thumbnail `none`, blob moved to the bucket
    QVERIFY2(waitUntil([&] { return fileJson(*_alice, id, QStringLiteral("thumbnail")) == "none"; }, 60000),
             fileJson(*_alice, id, QStringLiteral("thumbnail")).constData());
    QVERIFY(waitTransferred(_jpegSha, _jpeg.size()));

    // now from the bucket
    QFile flag(_thumbFlag);
    QVERIFY(flag.open(QIODevice::WriteOnly));
    flag.close();
    const auto rebuild = _server->runCommand({QStringLiteral("thumbnails"), QStringLiteral("rebuild")});
    QVERIFY2(rebuild.exitCode == 0, rebuild.output.constData());
    QVERIFY2(waitUntil([&] { return fileJson(*_alice, id, QStringLiteral("thumbnail")) == "ready"; }, 60000),
             qPrintable(QString::fromUtf8(fileJson(*_alice, id, QStringLiteral("thumbnail"))) + QLatin1Char('\n') + _server->logTail(20)));
    for (int size : {256, 1280}) {
        const HttpReply thumb = _alice->request("GET", "/api/v1/files/" + id.toUtf8() + "/thumbnail?size="
                                                           + QByteArray::number(size));
        NB_EXPECT(thumb, 200);
        QCOMPARE(thumb.header("Content-Type"), QByteArray("image/jpeg"));
        const QImage image = QImage::fromData(thumb.body, "JPG");
        QVERIFY(!image.isNull());
        QVERIFY(qMax(image.width(), image.height()) <= size);
    }
    const HttpReply info = _alice->getFile(id);
    QCOMPARE(info.json().value(QLatin1String("width")).toInt(), 900);
    QCOMPARE(info.json().value(QLatin1String("height")).toInt(), 600);
    // the blob stayed remote
    QVERIFY(!QFile::exists(localBlobPath(_server->dataDir(), _jpegSha)));
}

void TestTiered::deleteLastReferenceRemovesObject()
{
    QVERIFY(_bigFiles.size() >= 2);
    // alice's references (all but the last): the object stays
    for (int i = 0; i + 1 < _bigFiles.size(); ++i) {
        NB_EXPECT(_alice->deleteFile(_bigFiles.at(i)), 204);
        QCOMPARE(_probe->blobSize(_bigSha), std::optional<qint64>(_big.size()));
    }
    // bob's copy is the last reference
    NB_EXPECT(_bob->deleteFile(_bigFiles.last()), 204);
    QString error;
    QVERIFY2(waitUntil([&] { return !_probe->blobSize(_bigSha, &error) && error.isEmpty(); }, 20000),
             qPrintable(QStringLiteral("blobs/%1 still in the bucket %2").arg(QString::fromLatin1(_bigSha), error)));
    NB_EXPECT_ERROR(_alice->download(_bigFiles.first()), 404, "not_found");
}

void TestTiered::gcAndFsckClean()
{
    _small = TestData::uniqueBytes(70000);
    _smallSha = TestData::sha256Hex(_small);
    QVERIFY(!_alice->uploadFile(QStringLiteral("small.bin"), _small).isEmpty());
    QVERIFY(waitTransferred(_smallSha, _small.size()));

    const auto gc = _server->runCommand({QStringLiteral("gc")});
    QVERIFY2(gc.exitCode == 0, gc.output.constData());
    const auto fsck = _server->runCommand({QStringLiteral("fsck")});
    QVERIFY2(fsck.exitCode == 0, fsck.output.constData());
    QVERIFY2(fsck.output.contains("fsck: 2 blob(s) checked, 0 problem(s), 0 stray"), fsck.output.constData());
    // the bucket holds exactly the live blobs
    QString error;
    QStringList keys = _probe->keys(QStringLiteral("blobs/"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    keys.sort();
    QStringList expected{QStringLiteral("blobs/") + QString::fromLatin1(_jpegSha),
                         QStringLiteral("blobs/") + QString::fromLatin1(_smallSha)};
    expected.sort();
    QCOMPARE(keys, expected);
    // and the small one downloads from there
    const QList<QJsonObject> files = _alice->listAll();
    for (const QJsonObject &f : files) {
        if (f.value(QLatin1String("sha256")).toString().toLatin1() == _smallSha) {
            const HttpReply r = _alice->download(idOf(f));
            NB_EXPECT(r, 200);
            QVERIFY(r.body == _small);
        }
    }
}

void TestTiered::cleanupTestCase()
{
    if (_server && _server->isRunning())
        QVERIFY(_server->stop());
}

QTEST_GUILESS_MAIN(TestTiered)
#include "tst_tiered.moc"
