// Chunked, resumable and instant uploads: start -> chunks -> status -> complete, instant upload for
// the same user, proof of possession across users, abort, unfinished-upload list, zero-byte files,
// and every bad input the contract names. Runs against the embedded and the MariaDB+Redis profile.

#include "ApiAssert.h"
#include "ApiClient.h"
#include "HttpClient.h"
#include "TestData.h"
#include "TestServer.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <memory>
#include <random>

using Headers = QList<QPair<QByteArray, QByteArray>>;

namespace {
constexpr qint64 kChunk = 65536; // the fixture's chunk_size_min/default
QString idOf(const QJsonObject &o)
{
    return o.value(QLatin1String("id")).toString();
}
QJsonObject uploadOf(const HttpReply &r)
{
    return r.json().value(QLatin1String("upload")).toObject();
}
QJsonObject fileOf(const HttpReply &r)
{
    return r.json().value(QLatin1String("file")).toObject();
}
QList<int> intList(const QJsonValue &v)
{
    QList<int> out;
    for (const auto &x : v.toArray())
        out.append(x.toInt());
    std::sort(out.begin(), out.end());
    return out;
}
QList<QPair<qint64, qint64>> rangesOf(const QJsonObject &challenge)
{
    QList<QPair<qint64, qint64>> out;
    for (const auto &r : challenge.value(QLatin1String("ranges")).toArray()) {
        const QJsonArray pair = r.toArray();
        out.append({pair.at(0).toInteger(-1), pair.at(1).toInteger(-1)});
    }
    return out;
}
bool isRfc3339Utc(const QString &s)
{
    static const QRegularExpression re(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$)"));
    return re.match(s).hasMatch();
}
} // namespace

class TestUploads : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void chunkedFlow();
    void chunkSizeHint_data();
    void chunkSizeHint();
    void realChunkLimits();
    void instantUploadSameUser();
    void proofOfPossessionAcrossUsers();
    void wrongProofThenNormalUpload();
    void hashWithoutBytesNeverYieldsAFile();
    void deleteAfterProofKeepsOtherCopy();
    void abortUpload();
    void listUnfinishedUploads();
    void zeroByteUpload();
    void invalidSize_data();
    void invalidSize();
    void invalidSha256_data();
    void invalidSha256();
    void badChunkIndex_data();
    void badChunkIndex();
    void chunkChecksumMismatch();
    void chunkSizeMismatch_data();
    void chunkSizeMismatch();
    void sameChunkTwice();
    void outOfOrderAndParallel();
    void parallelComplete();
    void completeWithWrongDeclaredHash();
    void otherUsersUpload_data();
    void otherUsersUpload();
    void quota();
    void expiredUpload();

private:
    QJsonObject startReceiving(const ApiClient &c, const QString &name, const QByteArray &data, qint64 chunkSize = 0);

    std::unique_ptr<TestServer> _server;
    std::unique_ptr<HttpClient> _http;
};

void TestUploads::initTestCase()
{
    qInfo("profile: %s", qPrintable(TestServices::profileName()));
    _server = std::make_unique<TestServer>();
    QVERIFY2(_server->start(), qPrintable(_server->error()));
    _http = std::make_unique<HttpClient>(_server->baseUrl());
}

void TestUploads::cleanup()
{
    if (QTest::currentTestFailed()) {
        qWarning("nestboxd log tail:\n%s", qPrintable(_server->logTail(15)));
    }
}

QJsonObject TestUploads::startReceiving(const ApiClient &c, const QString &name, const QByteArray &data, qint64 chunkSize)
{
    const HttpReply s = c.startUpload(name, data.size(), TestData::sha256Hex(data), chunkSize);
    if (s.status != 201 || s.json().value(QLatin1String("state")).toString() != QLatin1String("receiving")) {
        QTest::qFail(qPrintable(QStringLiteral("expected 201 receiving, got: ") + s.describe()), __FILE__, __LINE__);
        return {};
    }
    return uploadOf(s);
}

void TestUploads::chunkedFlow()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("flow"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(3 * kChunk + 1234, 21);
    const QByteArray sha = TestData::sha256Hex(data);
    const HttpReply s = a->startUpload(QStringLiteral("flow.bin"), data.size(), sha);
    NB_EXPECT(s, 201);
    QCOMPARE(s.json().value(QLatin1String("state")).toString(), QStringLiteral("receiving"));
    const QJsonObject up = uploadOf(s);
    const QString id = idOf(up);
    QVERIFY(!id.isEmpty());
    QCOMPARE(up.value(QLatin1String("name")).toString(), QStringLiteral("flow.bin"));
    QCOMPARE(up.value(QLatin1String("size")).toInteger(), data.size());
    QCOMPARE(up.value(QLatin1String("sha256")).toString().toLatin1(), sha);
    QCOMPARE(up.value(QLatin1String("chunk_size")).toInteger(), kChunk);
    QCOMPARE(up.value(QLatin1String("chunk_count")).toInt(), 4);
    QCOMPARE(intList(up.value(QLatin1String("received"))), QList<int>{});
    QCOMPARE(up.value(QLatin1String("bytes_received")).toInteger(-1), 0);
    QCOMPARE(up.value(QLatin1String("state")).toString(), QStringLiteral("receiving"));
    QVERIFY2(isRfc3339Utc(up.value(QLatin1String("expires_at")).toString()), qPrintable(s.describe()));
    QVERIFY(QDateTime::fromString(up.value(QLatin1String("expires_at")).toString(), Qt::ISODateWithMs) > QDateTime::currentDateTimeUtc());

    const HttpReply st0 = a->uploadStatus(id);
    NB_EXPECT(st0, 200);
    QCOMPARE(idOf(st0.json()), id);
    QCOMPARE(st0.json().value(QLatin1String("chunk_count")).toInt(), 4);

    NB_EXPECT(a->putChunk(id, 0, chunkOf(data, kChunk, 0)), 204);
    NB_EXPECT(a->putChunk(id, 2, chunkOf(data, kChunk, 2)), 204);
    const HttpReply st = a->uploadStatus(id);
    NB_EXPECT(st, 200);
    QCOMPARE(intList(st.json().value(QLatin1String("received"))), QList<int>({0, 2}));
    QCOMPARE(st.json().value(QLatin1String("bytes_received")).toInteger(), 2 * kChunk);
    QCOMPARE(st.json().value(QLatin1String("state")).toString(), QStringLiteral("receiving"));

    const HttpReply miss = a->complete(id);
    NB_EXPECT_ERROR(miss, 409, "missing_chunks");
    QCOMPARE(intList(miss.json().value(QLatin1String("error")).toObject().value(QLatin1String("missing"))), QList<int>({1, 3}));
    QCOMPARE(a->listAll().size(), 0);

    NB_EXPECT(a->putChunk(id, 3, chunkOf(data, kChunk, 3)), 204);
    NB_EXPECT(a->putChunk(id, 1, chunkOf(data, kChunk, 1)), 204);
    const HttpReply done = a->complete(id);
    NB_EXPECT(done, 201);
    QCOMPARE(done.json().value(QLatin1String("state")).toString(), QStringLiteral("complete"));
    QCOMPARE(done.json().value(QLatin1String("instant")).toBool(true), false);
    const QJsonObject f = fileOf(done);
    QCOMPARE(f.value(QLatin1String("name")).toString(), QStringLiteral("flow.bin"));
    QCOMPARE(f.value(QLatin1String("size")).toInteger(), data.size());
    QCOMPARE(f.value(QLatin1String("sha256")).toString().toLatin1(), sha);
    const HttpReply d = a->download(idOf(f));
    NB_EXPECT(d, 200);
    QCOMPARE(TestData::sha256Hex(d.body), sha);

    // complete again: the same file, no second entry
    const HttpReply again = a->complete(id);
    NB_EXPECT(again, 201);
    QCOMPARE(idOf(fileOf(again)), idOf(f));
    QCOMPARE(a->listAll().size(), 1);
    QCOMPARE(a->usage(), qMakePair(qint64(1), qint64(data.size())));
    // a chunk after completion
    NB_EXPECT_ERROR(a->putChunk(id, 0, chunkOf(data, kChunk, 0)), 409, "upload_complete");
    // no longer among the unfinished uploads
    const HttpReply list = a->listUploads();
    NB_EXPECT(list, 200);
    for (const auto &v : list.json().value(QLatin1String("items")).toArray())
        QVERIFY(idOf(v.toObject()) != id);
}

void TestUploads::chunkSizeHint_data()
{
    QTest::addColumn<qint64>("hint");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("none") << qint64(0) << kChunk;
    QTest::newRow("below min") << qint64(1000) << kChunk;
    QTest::newRow("inside") << qint64(100000) << qint64(100000);
    QTest::newRow("above max") << qint64(1) * 1024 * 1024 * 1024 << qint64(64) * 1024 * 1024;
}

void TestUploads::chunkSizeHint()
{
    QFETCH(qint64, hint);
    QFETCH(qint64, expected);
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("hint"));
    QVERIFY(a);
    const QByteArray data = TestData::uniqueBytes(300000);
    const QJsonObject up = startReceiving(*a, QStringLiteral("hint.bin"), data, hint);
    QVERIFY(!up.isEmpty());
    const qint64 cs = up.value(QLatin1String("chunk_size")).toInteger();
    QCOMPARE(cs, expected);
    QCOMPARE(up.value(QLatin1String("chunk_count")).toInteger(), (data.size() + cs - 1) / cs);
    QVERIFY(a->sendChunks(up, data));
    const HttpReply c = a->complete(idOf(up));
    NB_EXPECT(c, 201);
    QCOMPARE(fileOf(c).value(QLatin1String("sha256")).toString().toLatin1(), TestData::sha256Hex(data));
}

void TestUploads::realChunkLimits()
{
    TestServer::Options options;
    options.smallChunks = false; // the real 5 MiB / 8 MiB / 64 MiB limits
    TestServer server(options);
    QVERIFY2(server.start(), qPrintable(server.error()));
    HttpClient http(server.baseUrl());
    auto a = ApiClient::newUser(&http, QStringLiteral("real"));
    QVERIFY(a);
    const qint64 MiB = 1024 * 1024;
    const QByteArray data = TestData::randomBytes(12 * MiB + 7, 23);
    const QByteArray sha = TestData::sha256Hex(data);

    const HttpReply def = a->startUpload(QStringLiteral("default.bin"), data.size(), sha);
    NB_EXPECT(def, 201);
    QCOMPARE(uploadOf(def).value(QLatin1String("chunk_size")).toInteger(), 8 * MiB);
    QCOMPARE(uploadOf(def).value(QLatin1String("chunk_count")).toInteger(), 2);
    NB_EXPECT(a->abort(idOf(uploadOf(def))), 204);

    const HttpReply small = a->startUpload(QStringLiteral("small-hint.bin"), data.size(), sha, 1 * MiB);
    NB_EXPECT(small, 201);
    QCOMPARE(uploadOf(small).value(QLatin1String("chunk_size")).toInteger(), 5 * MiB);
    QCOMPARE(uploadOf(small).value(QLatin1String("chunk_count")).toInteger(), 3);
    // a non-final chunk below 5 MiB is refused
    NB_EXPECT_ERROR(a->putChunk(idOf(uploadOf(small)), 0, data.left(1 * MiB)), 400, "chunk_size_mismatch");
    QVERIFY(a->sendChunks(uploadOf(small), data));
    const HttpReply done = a->complete(idOf(uploadOf(small)));
    NB_EXPECT(done, 201);
    const HttpReply d = a->download(idOf(fileOf(done)));
    NB_EXPECT(d, 200);
    QCOMPARE(TestData::sha256Hex(d.body), sha);

    // at most max_chunks chunks: a 256 GiB file gets bigger chunks, never more than 10000
    const qint64 huge = 256LL * 1024 * MiB;
    const HttpReply h = a->startUpload(QStringLiteral("huge.bin"), huge, TestData::sha256Hex("not really"));
    NB_EXPECT(h, 201);
    const qint64 cs = uploadOf(h).value(QLatin1String("chunk_size")).toInteger();
    const qint64 count = uploadOf(h).value(QLatin1String("chunk_count")).toInteger();
    QVERIFY2(count <= 10000 && count > 0, qPrintable(h.describe()));
    QVERIFY2(cs >= 5 * MiB && cs <= 64 * MiB, qPrintable(h.describe()));
    QCOMPARE(count, (huge + cs - 1) / cs);
    NB_EXPECT(a->abort(idOf(uploadOf(h))), 204);
}

void TestUploads::instantUploadSameUser()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("inst"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(2 * kChunk + 5, 24);
    const QJsonObject first = a->uploadChunked(QStringLiteral("first.bin"), data);
    QVERIFY(!first.isEmpty());
    const HttpReply s = a->startUpload(QStringLiteral("second name.bin"), data.size(), TestData::sha256Hex(data));
    NB_EXPECT(s, 201);
    QCOMPARE(s.json().value(QLatin1String("state")).toString(), QStringLiteral("complete"));
    QCOMPARE(s.json().value(QLatin1String("instant")).toBool(), true);
    const QJsonObject f = fileOf(s);
    QVERIFY(idOf(f) != idOf(first));
    QCOMPARE(f.value(QLatin1String("name")).toString(), QStringLiteral("second name.bin"));
    QCOMPARE(f.value(QLatin1String("sha256")), first.value(QLatin1String("sha256")));
    QCOMPARE(a->listAll().size(), 2);
    const HttpReply d = a->download(idOf(f));
    NB_EXPECT(d, 200);
    QCOMPARE(d.body, data);
    // no unfinished upload left behind
    QCOMPARE(a->listUploads().json().value(QLatin1String("items")).toArray().size(), 0);
}

void TestUploads::proofOfPossessionAcrossUsers()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("popa"));
    QVERIFY(a);
    auto b = ApiClient::newUser(_http.get(), QStringLiteral("popb"));
    QVERIFY(b);
    const QByteArray data = TestData::randomBytes(5 * kChunk + 77, 25);
    const QByteArray sha = TestData::sha256Hex(data);
    QVERIFY(!a->uploadChunked(QStringLiteral("a.bin"), data).isEmpty());

    const HttpReply s = b->startUpload(QStringLiteral("b.bin"), data.size(), sha);
    NB_EXPECT(s, 200);
    QCOMPARE(s.json().value(QLatin1String("state")).toString(), QStringLiteral("proof_required"));
    const QJsonObject up = uploadOf(s);
    QCOMPARE(up.value(QLatin1String("state")).toString(), QStringLiteral("proof_required"));
    const QJsonObject challenge = s.json().value(QLatin1String("challenge")).toObject();
    const QByteArray nonce = challenge.value(QLatin1String("nonce")).toString().toLatin1();
    const QByteArray nonceBytes = QByteArray::fromBase64(nonce, QByteArray::AbortOnBase64DecodingErrors);
    QVERIFY2(nonceBytes.size() >= 16, nonce.constData());
    QCOMPARE(nonceBytes.toBase64(), nonce); // standard alphabet, padded
    const auto ranges = rangesOf(challenge);
    QVERIFY(!ranges.isEmpty());
    for (const auto &r : ranges)
        QVERIFY2(r.first >= 0 && r.second > 0 && r.first + r.second <= data.size(), qPrintable(s.describe()));
    // no file before the proof
    QCOMPARE(b->listAll().size(), 0);

    // each challenge is new
    const HttpReply s2 = b->startUpload(QStringLiteral("b2.bin"), data.size(), sha);
    NB_EXPECT(s2, 200);
    QVERIFY(s2.json().value(QLatin1String("challenge")).toObject().value(QLatin1String("nonce")).toString().toLatin1() != nonce);
    NB_EXPECT(b->abort(idOf(uploadOf(s2))), 204);

    const HttpReply p = b->proof(idOf(up), TestData::proofOfPossession(nonce, ranges, data));
    NB_EXPECT(p, 201);
    QCOMPARE(p.json().value(QLatin1String("state")).toString(), QStringLiteral("complete"));
    QCOMPARE(p.json().value(QLatin1String("instant")).toBool(), true);
    const QJsonObject f = fileOf(p);
    QCOMPARE(f.value(QLatin1String("name")).toString(), QStringLiteral("b.bin"));
    QCOMPARE(f.value(QLatin1String("sha256")).toString().toLatin1(), sha);
    const HttpReply d = b->download(idOf(f));
    NB_EXPECT(d, 200);
    QCOMPARE(d.body, data);
    QCOMPARE(b->usage().first, 1);
    QCOMPARE(a->usage(), qMakePair(qint64(1), qint64(data.size())));
}

void TestUploads::wrongProofThenNormalUpload()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("wpa"));
    QVERIFY(a);
    auto b = ApiClient::newUser(_http.get(), QStringLiteral("wpb"));
    QVERIFY(b);
    const QByteArray data = TestData::randomBytes(3 * kChunk + 9, 26);
    QVERIFY(!a->uploadFile(QStringLiteral("a.bin"), data).isEmpty());
    const HttpReply s = b->startUpload(QStringLiteral("b.bin"), data.size(), TestData::sha256Hex(data));
    NB_EXPECT(s, 200);
    const QJsonObject up = uploadOf(s);
    const QJsonObject challenge = s.json().value(QLatin1String("challenge")).toObject();
    // a proof over the wrong nonce
    const QByteArray wrong = TestData::proofOfPossession(QByteArray("AAAAAAAAAAAAAAAAAAAAAA=="), rangesOf(challenge), data);
    NB_EXPECT_ERROR(b->proof(idOf(up), wrong), 422, "proof_mismatch");
    const HttpReply st = b->uploadStatus(idOf(up));
    NB_EXPECT(st, 200);
    QCOMPARE(st.json().value(QLatin1String("state")).toString(), QStringLiteral("receiving"));
    QCOMPARE(b->listAll().size(), 0);
    QVERIFY(b->sendChunks(st.json(), data));
    const HttpReply done = b->complete(idOf(up));
    NB_EXPECT(done, 201);
    QCOMPARE(done.json().value(QLatin1String("instant")).toBool(true), false);
    const HttpReply d = b->download(idOf(fileOf(done)));
    NB_EXPECT(d, 200);
    QCOMPARE(d.body, data);
}

void TestUploads::hashWithoutBytesNeverYieldsAFile()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("hwa"));
    QVERIFY(a);
    auto b = ApiClient::newUser(_http.get(), QStringLiteral("hwb"));
    QVERIFY(b);
    const QByteArray data = TestData::randomBytes(4 * kChunk, 27);
    const QByteArray sha = TestData::sha256Hex(data);
    QVERIFY(!a->uploadChunked(QStringLiteral("secret.bin"), data).isEmpty());

    const HttpReply s = b->startUpload(QStringLiteral("guess.bin"), data.size(), sha);
    NB_EXPECT(s, 200);
    const QString id = idOf(uploadOf(s));
    const QJsonObject challenge = s.json().value(QLatin1String("challenge")).toObject();
    // complete without proof and without bytes
    const HttpReply c = b->complete(id);
    QVERIFY2(c.status >= 400, qPrintable(c.describe()));
    // proofs that do not come from the bytes
    const QByteArray zeros(data.size(), '\0');
    const QByteArray nonce = challenge.value(QLatin1String("nonce")).toString().toLatin1();
    NB_EXPECT_ERROR(b->proof(id, TestData::proofOfPossession(nonce, rangesOf(challenge), zeros)), 422, "proof_mismatch");
    for (const QByteArray &p : {sha, QByteArray(64, '0'), QByteArray(""), QByteArray("zz")}) {
        const HttpReply r = b->proof(id, p);
        QVERIFY2(r.status >= 400, qPrintable(r.describe()));
    }
    // bytes that are not the content, chunk hashes right, whole hash claimed
    const HttpReply st = b->uploadStatus(id);
    NB_EXPECT(st, 200);
    QCOMPARE(st.json().value(QLatin1String("state")).toString(), QStringLiteral("receiving"));
    QVERIFY(b->sendChunks(st.json(), zeros));
    NB_EXPECT_ERROR(b->complete(id), 422, "checksum_mismatch");
    QCOMPARE(b->listAll().size(), 0);
    QCOMPARE(b->usage(), qMakePair(qint64(0), qint64(0)));
    // and a fresh start still asks for proof (nothing of B's became that content)
    const HttpReply again = b->startUpload(QStringLiteral("guess2.bin"), data.size(), sha);
    NB_EXPECT(again, 200);
    QCOMPARE(again.json().value(QLatin1String("state")).toString(), QStringLiteral("proof_required"));
    const HttpReply a2 = a->download(idOf(a->listAll().value(0)));
    NB_EXPECT(a2, 200);
    QCOMPARE(a2.body, data);
}

void TestUploads::deleteAfterProofKeepsOtherCopy()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("dpa"));
    QVERIFY(a);
    auto b = ApiClient::newUser(_http.get(), QStringLiteral("dpb"));
    QVERIFY(b);
    const QByteArray data = TestData::randomBytes(2 * kChunk + 3, 28);
    const QJsonObject fa = a->uploadChunked(QStringLiteral("a.bin"), data);
    QVERIFY(!fa.isEmpty());
    const HttpReply s = b->startUpload(QStringLiteral("b.bin"), data.size(), TestData::sha256Hex(data));
    NB_EXPECT(s, 200);
    const QJsonObject challenge = s.json().value(QLatin1String("challenge")).toObject();
    const HttpReply p = b->proof(idOf(uploadOf(s)), TestData::proofOfPossession(challenge.value(QLatin1String("nonce")).toString().toLatin1(),
                                                                              rangesOf(challenge), data));
    NB_EXPECT(p, 201);
    NB_EXPECT(a->deleteFile(idOf(fa)), 204);
    const HttpReply d = b->download(idOf(fileOf(p)));
    NB_EXPECT(d, 200);
    QCOMPARE(d.body, data);
}

void TestUploads::abortUpload()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("abort"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(2 * kChunk + 1, 29);
    const QJsonObject up = startReceiving(*a, QStringLiteral("abort.bin"), data);
    QVERIFY(!up.isEmpty());
    const QString id = idOf(up);
    NB_EXPECT(a->putChunk(id, 0, chunkOf(data, kChunk, 0)), 204);
    NB_EXPECT(a->abort(id), 204);
    NB_EXPECT_ERROR(a->uploadStatus(id), 404, "not_found");
    NB_EXPECT_ERROR(a->putChunk(id, 1, chunkOf(data, kChunk, 1)), 404, "not_found");
    NB_EXPECT_ERROR(a->complete(id), 404, "not_found");
    NB_EXPECT_ERROR(a->abort(id), 404, "not_found");
    QCOMPARE(a->listUploads().json().value(QLatin1String("items")).toArray().size(), 0);
    QCOMPARE(a->listAll().size(), 0);
    // the same content can be uploaded afresh
    QVERIFY(!a->uploadChunked(QStringLiteral("abort.bin"), data).isEmpty());
}

void TestUploads::listUnfinishedUploads()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("unf"));
    QVERIFY(a);
    auto b = ApiClient::newUser(_http.get(), QStringLiteral("unfb"));
    QVERIFY(b);
    const QByteArray d1 = TestData::randomBytes(2 * kChunk, 30), d2 = TestData::randomBytes(kChunk + 1, 31);
    const QJsonObject u1 = startReceiving(*a, QStringLiteral("one.bin"), d1);
    const QJsonObject u2 = startReceiving(*a, QStringLiteral("two.bin"), d2);
    QVERIFY(!u1.isEmpty() && !u2.isEmpty());
    NB_EXPECT(a->putChunk(idOf(u2), 1, chunkOf(d2, kChunk, 1)), 204);
    QVERIFY(!a->uploadChunked(QStringLiteral("done.bin"), TestData::randomBytes(100, 32)).isEmpty());
    QVERIFY(!startReceiving(*b, QStringLiteral("bs.bin"), TestData::randomBytes(100, 33)).isEmpty());

    const HttpReply r = a->listUploads();
    NB_EXPECT(r, 200);
    QVERIFY2(r.json().value(QLatin1String("items")).isArray(), qPrintable(r.describe()));
    QHash<QString, QJsonObject> byId;
    for (const auto &v : r.json().value(QLatin1String("items")).toArray())
        byId.insert(idOf(v.toObject()), v.toObject());
    QCOMPARE(byId.size(), 2);
    QVERIFY(byId.contains(idOf(u1)) && byId.contains(idOf(u2)));
    QCOMPARE(byId.value(idOf(u2)).value(QLatin1String("name")).toString(), QStringLiteral("two.bin"));
    QCOMPARE(intList(byId.value(idOf(u2)).value(QLatin1String("received"))), QList<int>{1});
    QCOMPARE(byId.value(idOf(u2)).value(QLatin1String("sha256")).toString().toLatin1(), TestData::sha256Hex(d2));
    // a client that lost its state resumes from the list alone
    QVERIFY(a->sendChunks(byId.value(idOf(u2)), d2, {0}));
    const HttpReply c = a->complete(idOf(u2));
    NB_EXPECT(c, 201);
    QCOMPARE(a->listUploads().json().value(QLatin1String("items")).toArray().size(), 1);
}

void TestUploads::zeroByteUpload()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("zero"));
    QVERIFY(a);
    const HttpReply s = a->startUpload(QStringLiteral("empty.bin"), 0, TestData::sha256Hex(QByteArray("")));
    NB_EXPECT(s, 201);
    QCOMPARE(s.json().value(QLatin1String("state")).toString(), QStringLiteral("complete"));
    const QJsonObject f = fileOf(s);
    QCOMPARE(f.value(QLatin1String("size")).toInteger(-1), 0);
    QCOMPARE(f.value(QLatin1String("name")).toString(), QStringLiteral("empty.bin"));
    const HttpReply d = a->download(idOf(f));
    NB_EXPECT(d, 200);
    QCOMPARE(d.body.size(), 0);
    QCOMPARE(a->listAll().size(), 1);
    // size 0 with a hash that is not the empty hash
    NB_EXPECT_ERROR(a->startUpload(QStringLiteral("liar.bin"), 0, TestData::sha256Hex("x")), 422, "checksum_mismatch");
    QCOMPARE(a->listAll().size(), 1);
}

void TestUploads::invalidSize_data()
{
    QTest::addColumn<QByteArray>("sizeJson"); // the raw JSON of the size member; empty = missing
    QTest::newRow("-1") << QByteArray("-1");
    QTest::newRow("2^63") << QByteArray("9223372036854775808");
    QTest::newRow("2^64") << QByteArray("18446744073709551616");
    QTest::newRow("non-numeric") << QByteArray("\"abc\"");
    QTest::newRow("fraction") << QByteArray("1.5");
    QTest::newRow("null") << QByteArray("null");
    QTest::newRow("missing") << QByteArray();
}

void TestUploads::invalidSize()
{
    QFETCH(QByteArray, sizeJson);
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("size"));
    QVERIFY(a);
    QByteArray body = "{\"name\":\"s.bin\",\"sha256\":\"" + TestData::sha256Hex("abc") + "\"";
    if (!sizeJson.isNull())
        body += ",\"size\":" + sizeJson;
    body += '}';
    NB_EXPECT_ERROR(a->request("POST", "/api/v1/uploads", body, {httpHeader("Content-Type", "application/json")}), 400, "invalid_size");
    QCOMPARE(a->listUploads().json().value(QLatin1String("items")).toArray().size(), 0);
    QCOMPARE(a->listAll().size(), 0);
}

void TestUploads::invalidSha256_data()
{
    QTest::addColumn<QByteArray>("shaJson");
    QTest::newRow("upper case") << "\"" + TestData::sha256Hex("abc").toUpper() + "\"";
    QTest::newRow("63 digits") << "\"" + TestData::sha256Hex("abc").left(63) + "\"";
    QTest::newRow("not hex") << "\"" + QByteArray(64, 'g') + "\"";
    QTest::newRow("number") << QByteArray("12345");
    QTest::newRow("missing") << QByteArray();
}

void TestUploads::invalidSha256()
{
    QFETCH(QByteArray, shaJson);
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("sha"));
    QVERIFY(a);
    QByteArray body = "{\"name\":\"s.bin\",\"size\":3";
    if (!shaJson.isNull())
        body += ",\"sha256\":" + shaJson;
    body += '}';
    NB_EXPECT_ERROR(a->request("POST", "/api/v1/uploads", body, {httpHeader("Content-Type", "application/json")}), 400, "invalid_sha256");
    QCOMPARE(a->listUploads().json().value(QLatin1String("items")).toArray().size(), 0);
}

void TestUploads::badChunkIndex_data()
{
    QTest::addColumn<QByteArray>("index");
    QTest::newRow("-1") << QByteArray("-1");
    QTest::newRow("= chunk_count") << QByteArray("3");
    QTest::newRow("far beyond") << QByteArray("10000");
    QTest::newRow("..%2F1") << QByteArray("..%2F1");
    QTest::newRow("non-numeric") << QByteArray("abc");
    QTest::newRow("fraction") << QByteArray("1.0");
    QTest::newRow("overflow") << QByteArray("99999999999999999999");
    QTest::newRow("plus sign") << QByteArray("%2B1");
}

void TestUploads::badChunkIndex()
{
    QFETCH(QByteArray, index);
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("idx"));
    QVERIFY(a);
    const QByteArray data = TestData::uniqueBytes(3 * kChunk);
    const QJsonObject up = startReceiving(*a, QStringLiteral("idx.bin"), data);
    QVERIFY(!up.isEmpty());
    QCOMPARE(up.value(QLatin1String("chunk_count")).toInt(), 3);
    const HttpReply r = _http->send(a->chunkRequest(idOf(up), index, chunkOf(data, kChunk, 1)));
    NB_EXPECT_ERROR(r, 400, "bad_chunk_index");
    const HttpReply st = a->uploadStatus(idOf(up));
    NB_EXPECT(st, 200);
    QCOMPARE(intList(st.json().value(QLatin1String("received"))), QList<int>{});
    QCOMPARE(st.json().value(QLatin1String("bytes_received")).toInteger(-1), 0);
    QVERIFY(a->sendChunks(up, data));
    NB_EXPECT(a->complete(idOf(up)), 201);
}

void TestUploads::chunkChecksumMismatch()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("csum"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(2 * kChunk + 10, 35);
    const QJsonObject up = startReceiving(*a, QStringLiteral("c.bin"), data);
    QVERIFY(!up.isEmpty());
    const QString id = idOf(up);
    NB_EXPECT_ERROR(a->putChunk(id, 0, chunkOf(data, kChunk, 0), TestData::sha256Hex(chunkOf(data, kChunk, 1))), 422,
                    "chunk_checksum_mismatch");
    // right hash, bytes corrupted on the way
    QByteArray corrupted = chunkOf(data, kChunk, 1);
    corrupted[100] = char(corrupted.at(100) ^ 0x01);
    NB_EXPECT_ERROR(a->putChunk(id, 1, corrupted, TestData::sha256Hex(chunkOf(data, kChunk, 1))), 422, "chunk_checksum_mismatch");
    // missing header
    const HttpReply noHeader = a->request("PUT", "/api/v1/uploads/" + QUrl::toPercentEncoding(id) + "/chunks/2", chunkOf(data, kChunk, 2));
    QVERIFY(nbCheckReply(noHeader, 400, nullptr, __FILE__, __LINE__));
    const HttpReply st = a->uploadStatus(id);
    NB_EXPECT(st, 200);
    QCOMPARE(intList(st.json().value(QLatin1String("received"))), QList<int>{});
    QCOMPARE(st.json().value(QLatin1String("bytes_received")).toInteger(-1), 0);
    const HttpReply c = a->complete(id);
    NB_EXPECT_ERROR(c, 409, "missing_chunks");
    QCOMPARE(intList(c.json().value(QLatin1String("error")).toObject().value(QLatin1String("missing"))), QList<int>({0, 1, 2}));
    QVERIFY(a->sendChunks(up, data));
    const HttpReply done = a->complete(id);
    NB_EXPECT(done, 201);
    const HttpReply d = a->download(idOf(fileOf(done)));
    QCOMPARE(d.body, data);
}

void TestUploads::chunkSizeMismatch_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<int>("delta"); // bytes added to (or removed from) the right length
    QTest::newRow("first chunk short") << 0 << -1;
    QTest::newRow("first chunk long") << 0 << 1;
    QTest::newRow("first chunk empty") << 0 << -int(kChunk);
    QTest::newRow("last chunk short") << 2 << -1;
    QTest::newRow("last chunk long") << 2 << 1;
    QTest::newRow("last chunk full size") << 2 << int(kChunk) - 10;
}

void TestUploads::chunkSizeMismatch()
{
    QFETCH(int, index);
    QFETCH(int, delta);
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("csize"));
    QVERIFY(a);
    const QByteArray data = TestData::uniqueBytes(2 * kChunk + 10);
    const QJsonObject up = startReceiving(*a, QStringLiteral("c.bin"), data);
    QVERIFY(!up.isEmpty());
    QByteArray body = chunkOf(data, kChunk, index);
    if (delta < 0)
        body.chop(-delta);
    else
        body += TestData::randomBytes(delta, 37);
    NB_EXPECT_ERROR(a->putChunk(idOf(up), index, body), 400, "chunk_size_mismatch");
    const HttpReply st = a->uploadStatus(idOf(up));
    NB_EXPECT(st, 200);
    QCOMPARE(intList(st.json().value(QLatin1String("received"))), QList<int>{});
    QVERIFY(a->sendChunks(up, data));
    const HttpReply done = a->complete(idOf(up));
    NB_EXPECT(done, 201);
    QCOMPARE(a->download(idOf(fileOf(done))).body, data);
}

void TestUploads::sameChunkTwice()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("twice"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(2 * kChunk + 10, 38);
    const QJsonObject up = startReceiving(*a, QStringLiteral("t.bin"), data);
    QVERIFY(!up.isEmpty());
    NB_EXPECT(a->putChunk(idOf(up), 1, chunkOf(data, kChunk, 1)), 204);
    NB_EXPECT(a->putChunk(idOf(up), 1, chunkOf(data, kChunk, 1)), 204);
    const HttpReply st = a->uploadStatus(idOf(up));
    NB_EXPECT(st, 200);
    QCOMPARE(intList(st.json().value(QLatin1String("received"))), QList<int>{1});
    QCOMPARE(st.json().value(QLatin1String("bytes_received")).toInteger(), kChunk);
    QVERIFY(a->sendChunks(up, data, {0, 2, 1}));
    const HttpReply done = a->complete(idOf(up));
    NB_EXPECT(done, 201);
    QCOMPARE(a->download(idOf(fileOf(done))).body, data);
}

void TestUploads::outOfOrderAndParallel()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("par"));
    QVERIFY(a);
    const int chunks = 12;
    const QByteArray data = TestData::randomBytes(chunks * kChunk - 17, 39);
    const QJsonObject up = startReceiving(*a, QStringLiteral("parallel.bin"), data);
    QVERIFY(!up.isEmpty());
    QCOMPARE(up.value(QLatin1String("chunk_count")).toInt(), chunks);
    QList<int> order;
    for (int i = 0; i < chunks; ++i)
        order.append(i);
    std::mt19937 rng(40);
    std::shuffle(order.begin(), order.end(), rng);
    QList<HttpRequest> requests;
    for (int i : std::as_const(order))
        requests.append(a->chunkRequest(idOf(up), QByteArray::number(i), chunkOf(data, kChunk, i)));
    // and the same chunk three times at once
    for (int k = 0; k < 3; ++k)
        requests.append(a->chunkRequest(idOf(up), "5", chunkOf(data, kChunk, 5)));
    const QList<HttpReply> replies = _http->sendAll(requests);
    for (const HttpReply &r : replies)
        QVERIFY(nbCheckReply(r, 204, nullptr, __FILE__, __LINE__));
    const HttpReply st = a->uploadStatus(idOf(up));
    NB_EXPECT(st, 200);
    QCOMPARE(intList(st.json().value(QLatin1String("received"))).size(), chunks);
    QCOMPARE(st.json().value(QLatin1String("bytes_received")).toInteger(), data.size());
    const HttpReply done = a->complete(idOf(up));
    NB_EXPECT(done, 201);
    const HttpReply d = a->download(idOf(fileOf(done)));
    NB_EXPECT(d, 200);
    QCOMPARE(TestData::sha256Hex(d.body), TestData::sha256Hex(data));
}

void TestUploads::parallelComplete()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("pcomp"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(6 * kChunk, 41);
    const QJsonObject up = startReceiving(*a, QStringLiteral("pc.bin"), data);
    QVERIFY(!up.isEmpty());
    QVERIFY(a->sendChunks(up, data));
    QList<HttpRequest> requests;
    for (int k = 0; k < 4; ++k)
        requests.append(a->makeRequest("POST", "/api/v1/uploads/" + QUrl::toPercentEncoding(idOf(up)) + "/complete"));
    const QList<HttpReply> replies = _http->sendAll(requests);
    QSet<QString> fileIds;
    for (const HttpReply &r : replies) {
        if (r.status == 409 && r.errorCode() == QLatin1String("upload_busy"))
            continue;
        QVERIFY(nbCheckReply(r, 201, nullptr, __FILE__, __LINE__));
        fileIds.insert(idOf(fileOf(r)));
    }
    QCOMPARE(fileIds.size(), 1);
    const HttpReply again = a->complete(idOf(up));
    NB_EXPECT(again, 201);
    QCOMPARE(idOf(fileOf(again)), *fileIds.begin());
    QCOMPARE(a->listAll().size(), 1);
    QCOMPARE(a->usage(), qMakePair(qint64(1), qint64(data.size())));
}

void TestUploads::completeWithWrongDeclaredHash()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("wrongsha"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(3 * kChunk + 5, 42);
    const QByteArray declared = TestData::sha256Hex(TestData::randomBytes(3 * kChunk + 5, 43));
    const HttpReply s = a->startUpload(QStringLiteral("liar.bin"), data.size(), declared);
    NB_EXPECT(s, 201);
    const QJsonObject up = uploadOf(s);
    QVERIFY(a->sendChunks(up, data));
    NB_EXPECT_ERROR(a->complete(idOf(up)), 422, "checksum_mismatch");
    QCOMPARE(a->listAll().size(), 0);
    QCOMPARE(a->usage(), qMakePair(qint64(0), qint64(0)));
    NB_EXPECT_ERROR(a->complete(idOf(up)), 422, "checksum_mismatch");
    QCOMPARE(a->listAll().size(), 0);
    // neither hash became content of this user
    const HttpReply probe = a->startUpload(QStringLiteral("probe.bin"), data.size(), TestData::sha256Hex(data));
    NB_EXPECT(probe, 201);
    QCOMPARE(probe.json().value(QLatin1String("state")).toString(), QStringLiteral("receiving"));
    const HttpReply probe2 = a->startUpload(QStringLiteral("probe2.bin"), data.size(), declared);
    NB_EXPECT(probe2, 201);
    QCOMPARE(probe2.json().value(QLatin1String("state")).toString(), QStringLiteral("receiving"));
}

void TestUploads::otherUsersUpload_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("route");
    QTest::newRow("GET upload") << QByteArray("GET") << QByteArray("/api/v1/uploads/{id}");
    QTest::newRow("PUT chunk") << QByteArray("PUT") << QByteArray("/api/v1/uploads/{id}/chunks/0");
    QTest::newRow("POST complete") << QByteArray("POST") << QByteArray("/api/v1/uploads/{id}/complete");
    QTest::newRow("POST proof") << QByteArray("POST") << QByteArray("/api/v1/uploads/{id}/proof");
    QTest::newRow("DELETE upload") << QByteArray("DELETE") << QByteArray("/api/v1/uploads/{id}");
}

void TestUploads::otherUsersUpload()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, route);
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("uowner"));
    QVERIFY(a);
    auto b = ApiClient::newUser(_http.get(), QStringLiteral("uintruder"));
    QVERIFY(b);
    auto c = ApiClient::newUser(_http.get(), QStringLiteral("uholder"));
    QVERIFY(c);
    const QByteArray data = TestData::uniqueBytes(2 * kChunk + 1);
    // one receiving upload and one waiting for proof, both A's
    const QJsonObject up = startReceiving(*a, QStringLiteral("a.bin"), data);
    QVERIFY(!up.isEmpty());
    NB_EXPECT(a->putChunk(idOf(up), 1, chunkOf(data, kChunk, 1)), 204);
    const QByteArray held = TestData::uniqueBytes(kChunk + 5);
    QVERIFY(!c->uploadFile(QStringLiteral("c.bin"), held).isEmpty());
    const HttpReply ps = a->startUpload(QStringLiteral("a-proof.bin"), held.size(), TestData::sha256Hex(held));
    NB_EXPECT(ps, 200);
    const QJsonObject challenge = ps.json().value(QLatin1String("challenge")).toObject();

    for (const QString &id : {idOf(up), idOf(uploadOf(ps))}) {
        QByteArray target = route;
        target.replace("{id}", QUrl::toPercentEncoding(id));
        Headers headers;
        QByteArray body;
        if (method == "PUT") {
            body = chunkOf(data, kChunk, 0);
            headers.append(httpHeader("X-Nestbox-Chunk-SHA256", TestData::sha256Hex(body)));
        } else if (route.endsWith("/proof")) {
            body = "{\"proof\":\"" + TestData::proofOfPossession(challenge.value(QLatin1String("nonce")).toString().toLatin1(),
                                                                 rangesOf(challenge), held) + "\"}";
            headers.append(httpHeader("Content-Type", "application/json"));
        }
        NB_EXPECT_ERROR(b->request(method, target, body, headers), 404, "not_found");
    }
    QCOMPARE(b->listUploads().json().value(QLatin1String("items")).toArray().size(), 0);
    QCOMPARE(b->listAll().size(), 0);

    // A's uploads are untouched and still work
    const HttpReply st = a->uploadStatus(idOf(up));
    NB_EXPECT(st, 200);
    QCOMPARE(intList(st.json().value(QLatin1String("received"))), QList<int>{1});
    QCOMPARE(st.json().value(QLatin1String("state")).toString(), QStringLiteral("receiving"));
    QVERIFY(a->sendChunks(up, data, {0, 2}));
    const HttpReply done = a->complete(idOf(up));
    NB_EXPECT(done, 201);
    QCOMPARE(a->download(idOf(fileOf(done))).body, data);
    const HttpReply pst = a->uploadStatus(idOf(uploadOf(ps)));
    NB_EXPECT(pst, 200);
    QCOMPARE(pst.json().value(QLatin1String("state")).toString(), QStringLiteral("proof_required"));
    const HttpReply proved = a->proof(idOf(uploadOf(ps)), TestData::proofOfPossession(
                                                             challenge.value(QLatin1String("nonce")).toString().toLatin1(), rangesOf(challenge), held));
    NB_EXPECT(proved, 201);
    QCOMPARE(a->listAll().size(), 2);
}

void TestUploads::quota()
{
    TestServer::Options options;
    options.defines << QStringLiteral("quota.default_bytes=300000");
    TestServer server(options);
    QVERIFY2(server.start(), qPrintable(server.error()));
    HttpClient http(server.baseUrl());
    auto a = ApiClient::newUser(&http, QStringLiteral("uquota"));
    QVERIFY(a);
    const QByteArray big = TestData::randomBytes(300001, 46);
    NB_EXPECT_ERROR(a->startUpload(QStringLiteral("big.bin"), big.size(), TestData::sha256Hex(big)), 507, "quota_exceeded");
    const QByteArray data = TestData::randomBytes(200000, 47);
    QVERIFY(!a->uploadChunked(QStringLiteral("fits.bin"), data).isEmpty());
    const auto before = a->usage();
    const QByteArray more = TestData::randomBytes(100001, 48);
    NB_EXPECT_ERROR(a->startUpload(QStringLiteral("more.bin"), more.size(), TestData::sha256Hex(more)), 507, "quota_exceeded");
    QCOMPARE(a->usage(), before);
    QCOMPARE(a->listUploads().json().value(QLatin1String("items")).toArray().size(), 0);
    // a file that fits exactly
    const QByteArray rest = TestData::randomBytes(100000, 49);
    QVERIFY(!a->uploadChunked(QStringLiteral("rest.bin"), rest).isEmpty());
    QCOMPARE(a->usage(), qMakePair(qint64(2), qint64(300000)));
}

void TestUploads::expiredUpload()
{
    TestServer::Options options;
    options.defines << QStringLiteral("uploads.expiry_seconds=2") << QStringLiteral("uploads.cleanup_interval_seconds=3600");
    TestServer server(options);
    QVERIFY2(server.start(), qPrintable(server.error()));
    HttpClient http(server.baseUrl());
    auto a = ApiClient::newUser(&http, QStringLiteral("expire"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(2 * kChunk, 50);
    const QJsonObject up = startReceiving(*a, QStringLiteral("late.bin"), data);
    QVERIFY(!up.isEmpty());
    NB_EXPECT(a->putChunk(idOf(up), 0, chunkOf(data, kChunk, 0)), 204);
    QThread::msleep(3500);
    NB_EXPECT_ERROR(a->putChunk(idOf(up), 1, chunkOf(data, kChunk, 1)), 410, "upload_expired");
    NB_EXPECT_ERROR(a->complete(idOf(up)), 410, "upload_expired");
    QCOMPARE(a->listAll().size(), 0);
    // a fresh upload of the same content works
    QVERIFY(!a->uploadChunked(QStringLiteral("again.bin"), data).isEmpty());
}

QTEST_GUILESS_MAIN(TestUploads)
#include "tst_uploads.moc"
