// The library: simple upload (raw and multipart), list with keyset paging/sort/search/kind,
// get/rename/delete, download with Range/ETag, names, cross-user isolation, dedup on delete,
// size limit and quota on simple uploads. Runs against the embedded and the MariaDB+Redis profile.

#include "ApiAssert.h"
#include "ApiClient.h"
#include "HttpClient.h"
#include "TestData.h"
#include "TestServer.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QThread>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QUrl>

#include <memory>

using Headers = QList<QPair<QByteArray, QByteArray>>;

namespace {
// A file's JSON without its thumbnail state, which the background job may move from "pending"
// to "ready" between two reads of the same file.
QJsonObject sansThumbnailState(QJsonObject o)
{
    o.remove(QLatin1String("thumbnail"));
    return o;
}

QString idOf(const QJsonObject &o)
{
    return o.value(QLatin1String("id")).toString();
}
QStringList idsOf(const QList<QJsonObject> &items)
{
    QStringList ids;
    for (const auto &o : items)
        ids.append(idOf(o));
    return ids;
}
QStringList namesOf(const QList<QJsonObject> &items)
{
    QStringList names;
    for (const auto &o : items)
        names.append(o.value(QLatin1String("name")).toString());
    return names;
}
bool isRfc3339Utc(const QString &s)
{
    static const QRegularExpression re(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$)"));
    return re.match(s).hasMatch();
}
} // namespace

class TestFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void simpleUploadRaw();
    void simpleUploadChecksum();
    void simpleUploadMultipart();
    void simpleUploadImage();
    void zeroByteFile();
    void validNames_data();
    void validNames();
    void invalidNames_data();
    void invalidNames();
    void listPaging();
    void listSortAndFilter();
    void listStableUnderInserts();
    void listBadParameters_data();
    void listBadParameters();
    void getRenameDelete();
    void downloadHeaders();
    void ranges_data();
    void ranges();
    void etag();
    void otherUsersFiles_data();
    void otherUsersFiles();
    void deleteKeepsContentOfOtherUser();
    void fileTooLarge();
    void quota();

private:
    std::unique_ptr<TestServer> _server;
    std::unique_ptr<HttpClient> _http;
};

void TestFiles::initTestCase()
{
    qInfo("profile: %s", qPrintable(TestServices::profileName()));
    _server = std::make_unique<TestServer>();
    QVERIFY2(_server->start(), qPrintable(_server->error()));
    _http = std::make_unique<HttpClient>(_server->baseUrl());
}

void TestFiles::cleanup()
{
    if (QTest::currentTestFailed()) {
        qWarning("nestboxd log tail:\n%s", qPrintable(_server->logTail(15)));
    }
}

void TestFiles::simpleUploadRaw()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("raw"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(5000, 1);
    const QString name = QStringLiteral("家族 照片 notes.txt");
    const HttpReply r = a->uploadSimple(name, data, {httpHeader("X-Nestbox-Modified-At", "2001-02-03T04:05:06Z")});
    NB_EXPECT(r, 201);
    const QJsonObject f = r.json();
    QVERIFY(!idOf(f).isEmpty());
    QCOMPARE(f.value(QLatin1String("name")).toString(), name);
    QCOMPARE(f.value(QLatin1String("size")).toInteger(), 5000);
    QCOMPARE(f.value(QLatin1String("sha256")).toString().toLatin1(), TestData::sha256Hex(data));
    QVERIFY(f.value(QLatin1String("mime")).isString());
    QVERIFY2(isRfc3339Utc(f.value(QLatin1String("uploaded_at")).toString()), qPrintable(r.describe()));
    QCOMPARE(QDateTime::fromString(f.value(QLatin1String("taken_at")).toString(), Qt::ISODateWithMs),
             QDateTime(QDate(2001, 2, 3), QTime(4, 5, 6), Qt::UTC));
    QVERIFY(f.contains(QLatin1String("width")) && f.value(QLatin1String("width")).isNull());
    QVERIFY(f.contains(QLatin1String("height")) && f.value(QLatin1String("height")).isNull());
    QVERIFY(QStringList({QStringLiteral("ready"), QStringLiteral("pending"), QStringLiteral("none")})
                .contains(f.value(QLatin1String("thumbnail")).toString()));

    QCOMPARE(a->usage(), qMakePair(qint64(1), qint64(5000)));
    const HttpReply g = a->getFile(idOf(f));
    NB_EXPECT(g, 200);
    QCOMPARE(sansThumbnailState(g.json()), sansThumbnailState(f));
    const QList<QJsonObject> all = a->listAll();
    QCOMPARE(all.size(), 1);
    QCOMPARE(sansThumbnailState(all.first()), sansThumbnailState(f));
    const HttpReply d = a->download(idOf(f));
    NB_EXPECT(d, 200);
    QCOMPARE(d.body, data);
}

void TestFiles::simpleUploadChecksum()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("sum"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(3000, 2);
    NB_EXPECT(a->uploadSimple(QStringLiteral("ok.bin"), data, {httpHeader("X-Nestbox-SHA256", TestData::sha256Hex(data))}), 201);
    const auto before = a->usage();
    const QStringList idsBefore = idsOf(a->listAll());
    const QByteArray other = TestData::randomBytes(3000, 3);
    NB_EXPECT_ERROR(a->uploadSimple(QStringLiteral("bad.bin"), other, {httpHeader("X-Nestbox-SHA256", TestData::sha256Hex(data))}),
                    422, "checksum_mismatch");
    QCOMPARE(a->usage(), before);
    QCOMPARE(idsOf(a->listAll()), idsBefore);
    // the wrong bytes did not become content under any hash: a later instant upload of them needs the bytes
    const HttpReply s = a->startUpload(QStringLiteral("probe.bin"), other.size(), TestData::sha256Hex(other));
    NB_EXPECT(s, 201);
    QCOMPARE(s.json().value(QLatin1String("state")).toString(), QStringLiteral("receiving"));
    NB_EXPECT(a->abort(idOf(s.json().value(QLatin1String("upload")).toObject())), 204);
}

void TestFiles::simpleUploadMultipart()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("multi"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(70000, 4) + QByteArray("\r\n--not-the-boundary\r\n");
    QByteArray contentType;
    const QByteArray body = TestData::multipartBody("file", "holiday photo.bin", data, &contentType);
    const HttpReply r = a->request("POST", "/api/v1/files", body, {httpHeader("Content-Type", contentType)});
    NB_EXPECT(r, 201);
    QCOMPARE(r.json().value(QLatin1String("name")).toString(), QStringLiteral("holiday photo.bin"));
    QCOMPARE(r.json().value(QLatin1String("size")).toInteger(), data.size());
    QCOMPARE(r.json().value(QLatin1String("sha256")).toString().toLatin1(), TestData::sha256Hex(data));
    const HttpReply d = a->download(idOf(r.json()));
    NB_EXPECT(d, 200);
    QCOMPARE(d.body, data);
    QCOMPARE(a->usage(), qMakePair(qint64(1), qint64(data.size())));
}

void TestFiles::simpleUploadImage()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("img"));
    QVERIFY(a);
    const QByteArray png = TestData::pngImage(4, 3);
    const HttpReply r = a->uploadSimple(QStringLiteral("tiny.png"), png);
    NB_EXPECT(r, 201);
    QCOMPARE(r.json().value(QLatin1String("mime")).toString(), QStringLiteral("image/png"));
    // width/height may be filled in by background processing: wait for them a little
    QJsonObject f = r.json();
    QDeadlineTimer deadline(15000);
    while (f.value(QLatin1String("width")).isNull() && !deadline.hasExpired()) {
        QThread::msleep(200);
        const HttpReply g = a->getFile(f.value(QLatin1String("id")).toString());
        NB_EXPECT(g, 200);
        f = g.json();
    }
    QVERIFY2(f.value(QLatin1String("width")).isDouble(), "an image never got its width (null is for non-images)");
    QCOMPARE(f.value(QLatin1String("width")).toInt(), 4);
    QCOMPARE(f.value(QLatin1String("height")).toInt(), 3);
    QCOMPARE(a->listAll("kind=image").size(), 1);
}

void TestFiles::zeroByteFile()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("zero"));
    QVERIFY(a);
    const HttpReply r = a->uploadSimple(QStringLiteral("empty.txt"), QByteArray(""));
    NB_EXPECT(r, 201);
    QCOMPARE(r.json().value(QLatin1String("size")).toInteger(-1), 0);
    QCOMPARE(r.json().value(QLatin1String("sha256")).toString(),
             QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    const HttpReply d = a->download(idOf(r.json()));
    NB_EXPECT(d, 200);
    QCOMPARE(d.body.size(), 0);
    QCOMPARE(d.header("ETag"), QByteArray("\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\""));
    QCOMPARE(a->usage(), qMakePair(qint64(1), qint64(0)));
}

void TestFiles::validNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("unicode") << QStringLiteral("家族 照片 ✓ (1).jpg");
    QTest::newRow("255 bytes") << QString(255, QLatin1Char('n'));
    QTest::newRow("255 bytes of 3-byte chars") << QString(85, QChar(0x5bb6));
    QTest::newRow("percent literal") << QStringLiteral("100% real %41.txt");
    QTest::newRow("dots inside") << QStringLiteral("..hidden..txt");
    QTest::newRow("quote and semicolon") << QStringLiteral("a\"b;c'd.txt");
}

void TestFiles::validNames()
{
    QFETCH(QString, name);
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("vname"));
    QVERIFY(a);
    const HttpReply r = a->uploadSimple(name, QByteArray("content"));
    NB_EXPECT(r, 201);
    QCOMPARE(r.json().value(QLatin1String("name")).toString(), name);
    const QString id = idOf(r.json());
    const HttpReply p = a->renameFile(id, name + QStringLiteral("-2"));
    if (name.toUtf8().size() + 2 > 255) {
        NB_EXPECT_ERROR(p, 400, "invalid_name");
    } else {
        NB_EXPECT(p, 200);
        QCOMPARE(p.json().value(QLatin1String("name")).toString(), name + QStringLiteral("-2"));
    }
    const HttpReply d = a->download(id);
    NB_EXPECT(d, 200);
    const QByteArray cd = d.header("Content-Disposition");
    QVERIFY2(cd.startsWith("attachment"), cd.constData());
    QVERIFY2(cd.contains("filename*=UTF-8''"), cd.constData());
    // the name is percent-encoded in the header: no raw quote, semicolon or non-ASCII after filename*=
    const QByteArray encoded = cd.mid(cd.indexOf("filename*=UTF-8''") + 17);
    QVERIFY2(!encoded.contains('"') && !encoded.contains(';') && !encoded.contains(' '), cd.constData());
    QCOMPARE(QString::fromUtf8(QByteArray::fromPercentEncoding(encoded)),
             p.status == 200 ? name + QStringLiteral("-2") : name);
}

void TestFiles::invalidNames_data()
{
    QTest::addColumn<QByteArray>("name"); // raw bytes of the name
    QTest::newRow("../../a") << QByteArray("../../a");
    QTest::newRow("empty") << QByteArray("");
    QTest::newRow("300 bytes") << QByteArray(300, 'a');
    QTest::newRow("256 bytes") << QByteArray(256, 'a');
    QTest::newRow("NUL") << QByteArray("a\0b.txt", 7);
    QTest::newRow("slash") << QByteArray("a/b.txt");
    QTest::newRow("backslash") << QByteArray("a\\b.txt");
    QTest::newRow("control char") << QByteArray("a\x01" "b.txt");
    QTest::newRow("newline") << QByteArray("a\nb.txt");
    QTest::newRow("DEL") << QByteArray("a\x7f" "b.txt");
    QTest::newRow("dot") << QByteArray(".");
    QTest::newRow("dotdot") << QByteArray("..");
    QTest::newRow("not UTF-8") << QByteArray("a\xff\xfe.txt");
}

void TestFiles::invalidNames()
{
    QFETCH(QByteArray, name);
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("iname"));
    QVERIFY(a);
    const QJsonObject f = a->uploadFile(QStringLiteral("keep.txt"), QByteArray("keep me"));
    QVERIFY(!f.isEmpty());
    const auto usage = a->usage();
    const QList<QJsonObject> before = a->listAll();

    // simple upload: the name travels percent-encoded in X-Nestbox-Name
    const HttpReply s = a->request("POST", "/api/v1/files", QByteArray("data"),
                                   {httpHeader("X-Nestbox-Name", name.toPercentEncoding())});
    NB_EXPECT_ERROR(s, 400, "invalid_name");

    const bool utf8 = QString::fromUtf8(name).toUtf8() == name;
    if (utf8) {
        const QString n = QString::fromUtf8(name);
        NB_EXPECT_ERROR(a->renameFile(idOf(f), n), 400, "invalid_name");
        const QByteArray data = TestData::randomBytes(100, 5);
        NB_EXPECT_ERROR(a->startUpload(n, data.size(), TestData::sha256Hex(data)), 400, "invalid_name");
    }
    // nothing stored, nothing renamed
    QCOMPARE(a->usage(), usage);
    QCOMPARE(a->listAll(), before);
    const HttpReply uploads = a->listUploads();
    NB_EXPECT(uploads, 200);
    QCOMPARE(uploads.json().value(QLatin1String("items")).toArray().size(), 0);
}

void TestFiles::listPaging()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("page"));
    QVERIFY(a);
    QStringList uploaded;
    for (int i = 0; i < 11; ++i) {
        const QJsonObject f = a->uploadFile(QStringLiteral("page-%1.txt").arg(i, 2, 10, QLatin1Char('0')),
                                            TestData::randomBytes(100 + i, 100 + i));
        QVERIFY(!f.isEmpty());
        uploaded.append(idOf(f));
    }
    for (int limit : {1, 2, 3, 4, 10, 11, 1000}) {
        QStringList seen;
        QString cursor;
        int pages = 0;
        while (true) {
            QByteArray q = "limit=" + QByteArray::number(limit);
            if (!cursor.isEmpty())
                q += "&cursor=" + QUrl::toPercentEncoding(cursor);
            const HttpReply r = a->listFiles(q);
            NB_EXPECT(r, 200);
            const QJsonArray items = r.json().value(QLatin1String("items")).toArray();
            QVERIFY2(items.size() <= limit, qPrintable(r.describe()));
            for (const auto &v : items)
                seen.append(idOf(v.toObject()));
            ++pages;
            QVERIFY(pages <= 12);
            const QJsonValue next = r.json().value(QLatin1String("next_cursor"));
            QVERIFY2(r.json().contains(QLatin1String("next_cursor")), qPrintable(r.describe()));
            if (next.isNull())
                break;
            QVERIFY2(items.size() == limit, "a page before the last one is short");
            cursor = next.toString();
        }
        QCOMPARE(seen.size(), 11);
        QCOMPARE(QSet<QString>(seen.begin(), seen.end()), QSet<QString>(uploaded.begin(), uploaded.end()));
        QVERIFY2(pages >= (11 + limit - 1) / limit, "fewer pages than items / limit");
    }
}

void TestFiles::listSortAndFilter()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("sort"));
    QVERIFY(a);
    struct Item {
        QString name;
        QByteArray modified;
    };
    const QList<Item> items{
        {QStringLiteral("delta needle.txt"), "2020-04-01T00:00:00Z"},
        {QStringLiteral("alpha.txt"), "2020-02-01T00:00:00Z"},
        {QStringLiteral("echo.txt"), "2020-01-01T00:00:00Z"},
        {QStringLiteral("charlie NEEDLEWORK.txt"), "2020-05-01T00:00:00Z"},
        {QStringLiteral("bravo-needle.txt"), "2020-03-01T00:00:00Z"},
    };
    for (int i = 0; i < items.size(); ++i) {
        NB_EXPECT(a->uploadSimple(items[i].name, TestData::randomBytes(200, 300 + i),
                                  {httpHeader("X-Nestbox-Modified-At", items[i].modified)}),
                  201);
    }
    NB_EXPECT(a->uploadSimple(QStringLiteral("picture.png"), TestData::pngImage(8, 8)), 201);
    NB_EXPECT(a->uploadSimple(QStringLiteral("movie.mp4"), TestData::mp4Stub()), 201);

    // name, both orders, over several pages
    const QStringList asc = namesOf(a->listAll("sort=name&order=asc", 2));
    QStringList expected{QStringLiteral("alpha.txt"), QStringLiteral("bravo-needle.txt"), QStringLiteral("charlie NEEDLEWORK.txt"),
                         QStringLiteral("delta needle.txt"), QStringLiteral("echo.txt"), QStringLiteral("movie.mp4"),
                         QStringLiteral("picture.png")};
    QCOMPARE(asc, expected);
    std::reverse(expected.begin(), expected.end());
    QCOMPARE(namesOf(a->listAll("sort=name&order=desc", 3)), expected);

    // taken: the client's modification time for files without EXIF
    const QList<QJsonObject> taken = a->listAll("sort=taken&order=asc&kind=other", 2);
    QCOMPARE(namesOf(taken), QStringList({QStringLiteral("echo.txt"), QStringLiteral("alpha.txt"), QStringLiteral("bravo-needle.txt"),
                                          QStringLiteral("delta needle.txt"), QStringLiteral("charlie NEEDLEWORK.txt")}));
    const QList<QJsonObject> takenDesc = a->listAll("sort=taken&order=desc&kind=other", 2);
    QCOMPARE(namesOf(takenDesc).first(), QStringLiteral("charlie NEEDLEWORK.txt"));
    QCOMPARE(namesOf(takenDesc).last(), QStringLiteral("echo.txt"));

    // uploaded: upload order
    const QList<QJsonObject> up = a->listAll("sort=uploaded&order=asc", 2);
    QCOMPARE(up.size(), 7);
    for (int i = 1; i < up.size(); ++i) {
        QVERIFY(up[i - 1].value(QLatin1String("uploaded_at")).toString() <= up[i].value(QLatin1String("uploaded_at")).toString());
    }
    QCOMPARE(up.first().value(QLatin1String("name")).toString(), items.first().name);
    QCOMPARE(up.last().value(QLatin1String("name")).toString(), QStringLiteral("movie.mp4"));
    const QList<QJsonObject> upDesc = a->listAll("sort=uploaded&order=desc", 3);
    QCOMPARE(upDesc.first().value(QLatin1String("name")).toString(), QStringLiteral("movie.mp4"));

    // q: substring of the name
    QSet<QString> needle;
    for (const QString &n : namesOf(a->listAll("q=needle")))
        needle.insert(n);
    QVERIFY2(needle.contains(QStringLiteral("delta needle.txt")) && needle.contains(QStringLiteral("bravo-needle.txt")),
             qPrintable(QStringList(needle.values()).join(QLatin1Char(','))));
    QVERIFY(!needle.contains(QStringLiteral("alpha.txt")));
    QCOMPARE(namesOf(a->listAll("q=" + QUrl::toPercentEncoding(QStringLiteral("delta needle")))), QStringList{QStringLiteral("delta needle.txt")});
    // SQL wildcards in q are literal characters
    QCOMPARE(a->listAll("q=%25").size(), 0);
    QCOMPARE(a->listAll("q=_").size(), 0);
    QCOMPARE(a->listAll("q=" + QUrl::toPercentEncoding(QStringLiteral("'; --"))).size(), 0);
    QCOMPARE(a->listAll("q=nothing-matches-this").size(), 0);

    // kind
    QCOMPARE(namesOf(a->listAll("kind=image")), QStringList{QStringLiteral("picture.png")});
    QCOMPARE(namesOf(a->listAll("kind=video")), QStringList{QStringLiteral("movie.mp4")});
    QCOMPARE(a->listAll("kind=other").size(), 5);
    QCOMPARE(namesOf(a->listAll("kind=other&q=needle&sort=name&order=asc")).first(), QStringLiteral("bravo-needle.txt"));
}

void TestFiles::listStableUnderInserts()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("stable"));
    QVERIFY(a);
    QStringList originals;
    for (int i = 0; i < 9; ++i) {
        const QJsonObject f = a->uploadFile(QStringLiteral("m-%1.txt").arg(i), TestData::randomBytes(50, 400 + i));
        QVERIFY(!f.isEmpty());
        originals.append(idOf(f));
    }
    for (const QByteArray &sort : {QByteArray("sort=uploaded&order=desc"), QByteArray("sort=name&order=asc"),
                                   QByteArray("sort=taken&order=desc")}) {
        const HttpReply first = a->listFiles(sort + "&limit=4");
        NB_EXPECT(first, 200);
        QStringList seen;
        for (const auto &v : first.json().value(QLatin1String("items")).toArray())
            seen.append(idOf(v.toObject()));
        QString cursor = first.json().value(QLatin1String("next_cursor")).toString();
        QVERIFY2(!cursor.isEmpty(), qPrintable(first.describe()));
        // inserts between pages: one that sorts before the cursor, one after
        NB_EXPECT(a->uploadSimple(QStringLiteral("a-new-%1.txt").arg(QString::fromLatin1(sort.left(8))), TestData::randomBytes(10, qHash(sort))), 201);
        NB_EXPECT(a->uploadSimple(QStringLiteral("z-new-%1.txt").arg(QString::fromLatin1(sort.left(8))), TestData::randomBytes(10, qHash(sort) + 1)), 201);
        while (!cursor.isEmpty()) {
            const HttpReply r = a->listFiles(sort + "&limit=4&cursor=" + QUrl::toPercentEncoding(cursor));
            NB_EXPECT(r, 200);
            for (const auto &v : r.json().value(QLatin1String("items")).toArray())
                seen.append(idOf(v.toObject()));
            cursor = r.json().value(QLatin1String("next_cursor")).toString();
        }
        for (const QString &id : std::as_const(originals))
            QVERIFY2(seen.count(id) == 1, qPrintable(QStringLiteral("%1: original file %2 seen %3 times").arg(QString::fromLatin1(sort), id).arg(seen.count(id))));
        QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), seen.size());
    }
}

void TestFiles::listBadParameters_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QByteArray>("code");
    QTest::newRow("limit=0") << QByteArray("limit=0") << QByteArray("invalid_parameter");
    QTest::newRow("limit=-1") << QByteArray("limit=-1") << QByteArray("invalid_parameter");
    QTest::newRow("limit=1001") << QByteArray("limit=1001") << QByteArray("invalid_parameter");
    QTest::newRow("limit=abc") << QByteArray("limit=abc") << QByteArray("invalid_parameter");
    QTest::newRow("sort=size") << QByteArray("sort=size") << QByteArray("invalid_parameter");
    QTest::newRow("order=up") << QByteArray("order=up") << QByteArray("invalid_parameter");
    QTest::newRow("kind=doc") << QByteArray("kind=doc") << QByteArray("invalid_parameter");
    QTest::newRow("cursor=garbage") << QByteArray("cursor=garbage") << QByteArray("invalid_cursor");
    QTest::newRow("cursor=sql") << QByteArray("cursor=%27%20OR%201%3D1%20--") << QByteArray("invalid_cursor");
}

void TestFiles::listBadParameters()
{
    QFETCH(QByteArray, query);
    QFETCH(QByteArray, code);
    static std::optional<ApiClient> a;
    if (!a) {
        a = ApiClient::newUser(_http.get(), QStringLiteral("badq"));
        QVERIFY(a);
        NB_EXPECT(a->uploadSimple(QStringLiteral("x.txt"), QByteArray("x")), 201);
    }
    NB_EXPECT_ERROR(a->listFiles(query), 400, code.constData());
    NB_EXPECT(a->listFiles("limit=1000"), 200);
}

void TestFiles::getRenameDelete()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("grd"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(4321, 6);
    const QJsonObject f = a->uploadFile(QStringLiteral("before.bin"), data);
    QVERIFY(!f.isEmpty());
    const QJsonObject keep = a->uploadFile(QStringLiteral("other.bin"), TestData::randomBytes(10, 7));
    QVERIFY(!keep.isEmpty());
    const QString id = idOf(f);

    const HttpReply p = a->renameFile(id, QStringLiteral("after.bin"));
    NB_EXPECT(p, 200);
    QJsonObject expected = f;
    expected.insert(QStringLiteral("name"), QStringLiteral("after.bin"));
    QJsonObject got = p.json();
    // only the name changes
    for (const QString &key : {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("size"), QStringLiteral("sha256"),
                               QStringLiteral("mime"), QStringLiteral("uploaded_at"), QStringLiteral("taken_at")})
        QCOMPARE(got.value(key), expected.value(key));
    const HttpReply g = a->getFile(id);
    NB_EXPECT(g, 200);
    QCOMPARE(g.json().value(QLatin1String("name")).toString(), QStringLiteral("after.bin"));
    NB_EXPECT_ERROR(a->renameFile(QStringLiteral("no-such-file-id"), QStringLiteral("x.bin")), 404, "not_found");
    NB_EXPECT_ERROR(a->request("PATCH", "/api/v1/files/" + QUrl::toPercentEncoding(id), "{\"name\":", {httpHeader("Content-Type", "application/json")}),
                    400, "invalid_json");
    NB_EXPECT_ERROR(a->getFile(QStringLiteral("12345")), 404, "not_found");

    NB_EXPECT(a->deleteFile(id), 204);
    NB_EXPECT_ERROR(a->getFile(id), 404, "not_found");
    NB_EXPECT_ERROR(a->download(id), 404, "not_found");
    NB_EXPECT_ERROR(a->renameFile(id, QStringLiteral("again.bin")), 404, "not_found");
    NB_EXPECT_ERROR(a->deleteFile(id), 404, "not_found");
    QCOMPARE(idsOf(a->listAll()), QStringList{idOf(keep)});
    QCOMPARE(a->usage(), qMakePair(qint64(1), qint64(10)));
}

void TestFiles::downloadHeaders()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("dlh"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(1000, 8);
    const QJsonObject f = a->uploadFile(QStringLiteral("résumé 1.txt"), data);
    QVERIFY(!f.isEmpty());
    const HttpReply d = a->download(idOf(f));
    NB_EXPECT(d, 200);
    QCOMPARE(d.body, data);
    QCOMPARE(d.header("ETag"), "\"" + TestData::sha256Hex(data) + "\"");
    QCOMPARE(d.header("Accept-Ranges"), QByteArray("bytes"));
    QCOMPARE(d.header("X-Content-Type-Options"), QByteArray("nosniff"));
    QCOMPARE(d.header("Content-Length"), QByteArray("1000"));
    const QByteArray cd = d.header("Content-Disposition");
    QVERIFY2(cd.startsWith("attachment"), cd.constData());
    QVERIFY2(cd.contains("filename*=UTF-8''r%C3%A9sum%C3%A9%201.txt"), cd.constData());
}

void TestFiles::ranges_data()
{
    QTest::addColumn<QByteArray>("range");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("first"); // for 206
    QTest::addColumn<int>("last");
    // the file is 1000 bytes
    QTest::newRow("0-4") << QByteArray("bytes=0-4") << 206 << 0 << 4;
    QTest::newRow("5-") << QByteArray("bytes=5-") << 206 << 5 << 999;
    QTest::newRow("suffix -3") << QByteArray("bytes=-3") << 206 << 997 << 999;
    QTest::newRow("last byte") << QByteArray("bytes=999-999") << 206 << 999 << 999;
    QTest::newRow("end past the end is clamped") << QByteArray("bytes=990-5000") << 206 << 990 << 999;
    QTest::newRow("5-2") << QByteArray("bytes=5-2") << 416 << 0 << 0;
    QTest::newRow("start at size") << QByteArray("bytes=1000-") << 416 << 0 << 0;
    QTest::newRow("past the end") << QByteArray("bytes=2000-3000") << 416 << 0 << 0;
    QTest::newRow("multiple ranges") << QByteArray("bytes=0-1,3-4") << 416 << 0 << 0;
    QTest::newRow("multiple ranges spaced") << QByteArray("bytes=0-1, 5-9") << 416 << 0 << 0;
}

void TestFiles::ranges()
{
    QFETCH(QByteArray, range);
    QFETCH(int, status);
    QFETCH(int, first);
    QFETCH(int, last);
    static std::optional<ApiClient> a;
    static QString id;
    const QByteArray data = TestData::randomBytes(1000, 9);
    if (!a) {
        a = ApiClient::newUser(_http.get(), QStringLiteral("range"));
        QVERIFY(a);
        id = idOf(a->uploadFile(QStringLiteral("range.bin"), data));
        QVERIFY(!id.isEmpty());
    }
    const HttpReply r = a->download(id, {httpHeader("Range", range)});
    if (status == 206) {
        NB_EXPECT(r, 206);
        QCOMPARE(r.body, data.mid(first, last - first + 1));
        QCOMPARE(r.header("Content-Range"), QByteArray("bytes %1-%2/1000").replace("%1", QByteArray::number(first)).replace("%2", QByteArray::number(last)));
        QCOMPARE(r.header("Content-Length").toInt(), last - first + 1);
        QCOMPARE(r.header("ETag"), "\"" + TestData::sha256Hex(data) + "\"");
    } else {
        NB_EXPECT_ERROR(r, 416, "range_not_satisfiable");
    }
    // the whole file is still there
    const HttpReply full = a->download(id);
    NB_EXPECT(full, 200);
    QCOMPARE(full.body, data);
}

void TestFiles::etag()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("etag"));
    QVERIFY(a);
    const QByteArray data = TestData::randomBytes(777, 10);
    const QString id = idOf(a->uploadFile(QStringLiteral("etag.bin"), data));
    QVERIFY(!id.isEmpty());
    const QByteArray tag = "\"" + TestData::sha256Hex(data) + "\"";
    const HttpReply same = a->download(id, {httpHeader("If-None-Match", tag)});
    NB_EXPECT(same, 304);
    QCOMPARE(same.body.size(), 0);
    QCOMPARE(same.header("ETag"), tag);
    const HttpReply listed = a->download(id, {httpHeader("If-None-Match", "\"0000\", " + tag)});
    NB_EXPECT(listed, 304);
    const HttpReply star = a->download(id, {httpHeader("If-None-Match", "*")});
    NB_EXPECT(star, 304);
    const HttpReply other = a->download(id, {httpHeader("If-None-Match", "\"" + TestData::sha256Hex("x") + "\"")});
    NB_EXPECT(other, 200);
    QCOMPARE(other.body, data);
}

void TestFiles::otherUsersFiles_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("route");
    QTest::newRow("GET file") << QByteArray("GET") << QByteArray("/api/v1/files/{id}");
    QTest::newRow("PATCH file") << QByteArray("PATCH") << QByteArray("/api/v1/files/{id}");
    QTest::newRow("DELETE file") << QByteArray("DELETE") << QByteArray("/api/v1/files/{id}");
    QTest::newRow("GET content") << QByteArray("GET") << QByteArray("/api/v1/files/{id}/content");
    QTest::newRow("GET content range") << QByteArray("GET") << QByteArray("/api/v1/files/{id}/content#range");
    QTest::newRow("GET thumbnail") << QByteArray("GET") << QByteArray("/api/v1/files/{id}/thumbnail?size=256");
}

void TestFiles::otherUsersFiles()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, route);
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("owner"));
    QVERIFY(a);
    auto b = ApiClient::newUser(_http.get(), QStringLiteral("intruder"));
    QVERIFY(b);
    const QByteArray data = TestData::pngImage(16, 16);
    const QJsonObject f = a->uploadFile(QStringLiteral("private.png"), data);
    QVERIFY(!f.isEmpty());
    const QString id = idOf(f);
    const auto usageA = a->usage();

    QByteArray target = route;
    target.replace("{id}", QUrl::toPercentEncoding(id));
    Headers headers;
    if (target.endsWith("#range")) {
        target.chop(6);
        headers.append(httpHeader("Range", "bytes=0-9"));
    }
    QByteArray body;
    if (method == "PATCH") {
        body = "{\"name\":\"stolen.png\"}";
        headers.append(httpHeader("Content-Type", "application/json"));
    }
    const HttpReply r = b->request(method, target, body, headers);
    NB_EXPECT_ERROR(r, 404, "not_found");
    // exactly like a missing id
    const HttpReply missing = b->request(method, QByteArray(target).replace(QUrl::toPercentEncoding(id), "0000000000"), body, headers);
    QCOMPARE(r.status, missing.status);
    QCOMPARE(r.errorCode(), missing.errorCode());

    // A unchanged, B still empty
    const HttpReply g = a->getFile(id);
    NB_EXPECT(g, 200);
    QCOMPARE(sansThumbnailState(g.json()), sansThumbnailState(f));
    const HttpReply d = a->download(id);
    NB_EXPECT(d, 200);
    QCOMPARE(d.body, data);
    QCOMPARE(a->usage(), usageA);
    QCOMPARE(b->listAll().size(), 0);
    QCOMPARE(b->usage(), qMakePair(qint64(0), qint64(0)));
    QCOMPARE(b->listAll("q=private").size(), 0);
}

void TestFiles::deleteKeepsContentOfOtherUser()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("dela"));
    QVERIFY(a);
    auto b = ApiClient::newUser(_http.get(), QStringLiteral("delb"));
    QVERIFY(b);
    const QByteArray data = TestData::randomBytes(150000, 11);
    const QJsonObject fa = a->uploadFile(QStringLiteral("shared.bin"), data);
    QVERIFY(!fa.isEmpty());
    const QJsonObject fb = b->uploadFile(QStringLiteral("mine-too.bin"), data);
    QVERIFY(!fb.isEmpty());
    // A holds it twice (instant upload for the same user), then deletes both
    const HttpReply again = a->startUpload(QStringLiteral("shared copy.bin"), data.size(), TestData::sha256Hex(data));
    NB_EXPECT(again, 201);
    QCOMPARE(again.json().value(QLatin1String("instant")).toBool(), true);
    const QString fa2 = idOf(again.json().value(QLatin1String("file")).toObject());
    NB_EXPECT(a->deleteFile(idOf(fa)), 204);
    const HttpReply stillA = a->download(fa2);
    NB_EXPECT(stillA, 200);
    QCOMPARE(stillA.body, data);
    NB_EXPECT(a->deleteFile(fa2), 204);
    QCOMPARE(a->usage(), qMakePair(qint64(0), qint64(0)));

    const HttpReply d = b->download(idOf(fb));
    NB_EXPECT(d, 200);
    QCOMPARE(TestData::sha256Hex(d.body), TestData::sha256Hex(data));
    const HttpReply part = b->download(idOf(fb), {httpHeader("Range", "bytes=100000-100009")});
    NB_EXPECT(part, 206);
    QCOMPARE(part.body, data.mid(100000, 10));
    // and B deleting the last reference, then A uploading it again, still works
    NB_EXPECT(b->deleteFile(idOf(fb)), 204);
    const QJsonObject back = a->uploadFile(QStringLiteral("back.bin"), data);
    QVERIFY(!back.isEmpty());
    const HttpReply d2 = a->download(idOf(back));
    NB_EXPECT(d2, 200);
    QCOMPARE(d2.body, data);
}

void TestFiles::fileTooLarge()
{
    TestServer::Options options;
    options.defines << QStringLiteral("limits.max_file_size=10000");
    TestServer server(options);
    QVERIFY2(server.start(), qPrintable(server.error()));
    HttpClient http(server.baseUrl());
    auto a = ApiClient::newUser(&http, QStringLiteral("large"));
    QVERIFY(a);
    NB_EXPECT_ERROR(a->uploadSimple(QStringLiteral("big.bin"), TestData::randomBytes(10001, 12)), 413, "file_too_large");
    NB_EXPECT_ERROR(a->startUpload(QStringLiteral("big.bin"), 10001, TestData::sha256Hex(TestData::randomBytes(10001, 12))),
                    413, "file_too_large");
    QCOMPARE(a->usage(), qMakePair(qint64(0), qint64(0)));
    NB_EXPECT(a->uploadSimple(QStringLiteral("fits.bin"), TestData::randomBytes(10000, 12)), 201);
    const HttpReply info = a->request("GET", "/api/v1/server");
    QCOMPARE(info.json().value(QLatin1String("limits")).toObject().value(QLatin1String("max_file_size")).toInteger(), 10000);
    // the default limit (256 GiB) applies on the main server
    auto c = ApiClient::newUser(_http.get(), QStringLiteral("huge"));
    QVERIFY(c);
    NB_EXPECT_ERROR(c->startUpload(QStringLiteral("huge.bin"), 274877906945LL, TestData::sha256Hex("x")), 413, "file_too_large");
}

void TestFiles::quota()
{
    TestServer::Options options;
    options.defines << QStringLiteral("quota.default_bytes=100000");
    TestServer server(options);
    QVERIFY2(server.start(), qPrintable(server.error()));
    HttpClient http(server.baseUrl());
    auto a = ApiClient::newUser(&http, QStringLiteral("quota"));
    QVERIFY(a);
    const HttpReply m = a->me();
    NB_EXPECT(m, 200);
    QCOMPARE(m.json().value(QLatin1String("usage")).toObject().value(QLatin1String("quota_bytes")).toInteger(), 100000);
    NB_EXPECT(a->uploadSimple(QStringLiteral("a.bin"), TestData::randomBytes(60000, 13)), 201);
    const auto before = a->usage();
    NB_EXPECT_ERROR(a->uploadSimple(QStringLiteral("b.bin"), TestData::randomBytes(40001, 14)), 507, "quota_exceeded");
    QByteArray contentType;
    const QByteArray multipart = TestData::multipartBody("file", "c.bin", TestData::randomBytes(40001, 15), &contentType);
    NB_EXPECT_ERROR(a->request("POST", "/api/v1/files", multipart, {httpHeader("Content-Type", contentType)}), 507, "quota_exceeded");
    QCOMPARE(a->usage(), before);
    QCOMPARE(a->listAll().size(), 1);
    NB_EXPECT(a->uploadSimple(QStringLiteral("exact.bin"), TestData::randomBytes(40000, 16)), 201);
    QCOMPARE(a->usage(), qMakePair(qint64(2), qint64(100000)));
    NB_EXPECT_ERROR(a->uploadSimple(QStringLiteral("one more.bin"), QByteArray("x")), 507, "quota_exceeded");
}

QTEST_GUILESS_MAIN(TestFiles)
#include "tst_files.moc"
