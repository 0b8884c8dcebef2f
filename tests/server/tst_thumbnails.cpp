// Thumbnails, image facts and the timeline against the real nestboxd (issue 3, docs/API.md):
// the pending -> ready state machine of a file and of GET /files/{id}/thumbnail (202 +
// Retry-After, then 200 image/jpeg), sizes 256/1280 without upscaling, no EXIF/GPS in what is
// served, ETag/If-None-Match, EXIF orientation (upright thumbnail, swapped width/height),
// taken_at from DateTimeOriginal+OffsetTimeOriginal / modified_at / upload time and the default
// sort by it, one thumbnail shared by two users, PNG/WebP/GIF/TIFF/HEIC, hostile files (each
// ends as "none" + 404 no_thumbnail while the file downloads byte-exact and the server keeps
// serving), isolation between users, bad sizes, `nestboxd thumbnails rebuild` / `jobs list`,
// and the /metrics gauges. Images are written here with libvips (as tests/media does).
// Runs against the embedded and the MariaDB+Redis profile.

// libvips (glib) first: its headers use identifiers that Qt's keyword macros would rewrite.
#include <vips/vips.h>
#include "CraftedPng.h"

#include "ApiAssert.h"
#include "ApiClient.h"
#include "HttpClient.h"
#include "TestData.h"
#include "TestServer.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

using Headers = QList<QPair<QByteArray, QByteArray>>;

namespace {

constexpr int kDeadlineMs = 20000; // longest wait for an asynchronous state
constexpr int kPollMs = 100;

QString idOf(const QJsonObject &o)
{
    return o.value(QLatin1String("id")).toString();
}
QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}
QByteArray encId(const QString &id)
{
    return QUrl::toPercentEncoding(id);
}
QByteArray thumbTarget(const QString &id, const QByteArray &size = {})
{
    QByteArray t = "/api/v1/files/" + encId(id) + "/thumbnail";
    if (!size.isNull())
        t += "?size=" + size;
    return t;
}
QDateTime utc(const QString &rfc3339)
{
    return QDateTime::fromString(rfc3339, Qt::ISODateWithMs).toUTC();
}

// ---- images made with libvips --------------------------------------------------------------

struct VipsUnref {
    void operator()(VipsImage *image) const
    {
        if (image)
            g_object_unref(image);
    }
};
using VipsPtr = std::unique_ptr<VipsImage, VipsUnref>;

struct Rgb {
    unsigned char r, g, b;
};

VipsPtr makeImage(int width, int height, const std::function<Rgb(int, int)> &colour)
{
    std::vector<unsigned char> pixels(std::size_t(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const Rgb c = colour(x, y);
            unsigned char *p = &pixels[(std::size_t(y) * width + x) * 3];
            p[0] = c.r;
            p[1] = c.g;
            p[2] = c.b;
        }
    return VipsPtr(vips_image_new_from_memory_copy(pixels.data(), pixels.size(), width, height, 3, VIPS_FORMAT_UCHAR));
}

// A photo-like gradient with a little noise; `seed` makes the content (and so the hash) unique.
VipsPtr makePhoto(int width, int height, quint32 seed = 0)
{
    return makeImage(width, height, [width, height, seed](int x, int y) {
        const auto noise = static_cast<unsigned char>((x * 7919 + y * 104729 + seed * 31) % 23);
        return Rgb{static_cast<unsigned char>(x * 200 / width + noise), static_cast<unsigned char>(y * 200 / height + noise),
                   static_cast<unsigned char>(100 + (seed % 100) + noise / 2)};
    });
}

// Left half red, right half blue: the content of a thumbnail can be checked, whatever the codec.
VipsPtr makeHalves(int width, int height, quint32 seed)
{
    return makeImage(width, height, [width, seed](int x, int y) {
        // a few seed-dependent pixels in a corner make every image's bytes unique
        if (y == 0 && x < 32)
            return Rgb{static_cast<unsigned char>((seed >> (x % 32)) & 1 ? 255 : 0), 0, 0};
        return x < width / 2 ? Rgb{230, 20, 20} : Rgb{20, 20, 230};
    });
}

// Encodes by suffix (".jpg", ".png", ".webp", ".gif", ".tif", ".heic"); empty on failure.
QByteArray encode(VipsImage *image, const char *suffix)
{
    void *buffer = nullptr;
    size_t size = 0;
    if (vips_image_write_to_buffer(image, suffix, &buffer, &size, nullptr) != 0) {
        qWarning("encoding %s failed: %s", suffix, vips_error_buffer());
        vips_error_clear();
        return {};
    }
    QByteArray bytes(static_cast<const char *>(buffer), qsizetype(size));
    g_free(buffer);
    return bytes;
}

// Decodes JPEG bytes with the JPEG loader only, fully into memory.
VipsPtr decodeJpeg(const QByteArray &bytes)
{
    VipsImage *image = nullptr;
    if (vips_jpegload_buffer(const_cast<char *>(bytes.constData()), size_t(bytes.size()), &image, nullptr) != 0) {
        qWarning("not a JPEG libvips can read: %s", vips_error_buffer());
        vips_error_clear();
        return {};
    }
    VipsPtr lazy(image);
    return VipsPtr(vips_image_copy_memory(lazy.get()));
}

Rgb pixelAt(VipsImage *image, int x, int y)
{
    double *values = nullptr;
    int n = 0;
    if (vips_getpoint(image, &values, &n, x, y, nullptr) != 0 || n < 3) {
        vips_error_clear();
        g_free(values);
        return {0, 0, 0};
    }
    const Rgb rgb{static_cast<unsigned char>(values[0]), static_cast<unsigned char>(values[1]),
                  static_cast<unsigned char>(values[2])};
    g_free(values);
    return rgb;
}
bool isRed(Rgb c)
{
    return c.r > 180 && c.g < 80 && c.b < 80;
}
bool isBlue(Rgb c)
{
    return c.b > 180 && c.r < 80 && c.g < 80;
}
QString rgbText(Rgb c)
{
    return QStringLiteral("rgb(%1,%2,%3)").arg(c.r).arg(c.g).arg(c.b);
}

std::string field(VipsImage *image, const char *name)
{
    char *value = nullptr;
    if (vips_image_get_typeof(image, name) == 0 || vips_image_get_as_string(image, name, &value) != 0) {
        vips_error_clear();
        return {};
    }
    std::string text = value;
    g_free(value);
    return text;
}

// The bytes of a JPEG before its image data (SOI up to SOS) and the markers seen there.
QByteArray jpegHeaderBytes(const QByteArray &jpeg, QList<int> *markers)
{
    if (jpeg.size() < 4 || uchar(jpeg[0]) != 0xFF || uchar(jpeg[1]) != 0xD8)
        return {};
    qsizetype pos = 2;
    while (pos + 4 <= jpeg.size()) {
        if (uchar(jpeg[pos]) != 0xFF)
            break;
        const int marker = uchar(jpeg[pos + 1]);
        if (marker == 0xFF) { // fill byte
            ++pos;
            continue;
        }
        markers->append(marker);
        if (marker == 0xDA) // start of scan: the header ends here
            return jpeg.left(pos);
        const int length = (uchar(jpeg[pos + 2]) << 8) | uchar(jpeg[pos + 3]);
        pos += 2 + length;
    }
    return jpeg.left(pos);
}


qint64 rssKiB(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// "name{label}" -> value of a Prometheus text exposition; nullopt when absent.
std::optional<double> metric(const QByteArray &text, const QByteArray &series)
{
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(QByteArray(series + ' ')))
            return line.mid(series.size() + 1).trimmed().toDouble();
    }
    return std::nullopt;
}

} // namespace

class TestThumbnails : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();

    void jpegLifecycle();
    void smallImageNotUpscaled();
    void orientation_data();
    void orientation();
    void takenAtAndTimeline();
    void sharedAcrossUsers();
    void formats_data();
    void formats();
    void hostileInputs_data();
    void hostileInputs();
    void isolation();
    void nonImageAndBadSize_data();
    void nonImageAndBadSize();
    void metrics();
    void rebuildAndJobs();

private:
    // Polls GET /files/{id} until `thumbnail` is no longer pending (or the deadline): the last
    // File seen. Fails the test if the state machine is broken on the way.
    QJsonObject waitProcessed(const ApiClient &c, const QString &id);
    // Polls GET …/thumbnail?size= until it is not 202; every 202 is checked against the contract.
    HttpReply fetchThumbnail(const ApiClient &c, const QString &id, const QByteArray &size, int *pendingSeen = nullptr);
    // Checks one served thumbnail: 200, image/jpeg, ETag, Cache-Control, no metadata; its size.
    void checkServed(const HttpReply &r, const QByteArray &sha256, const QByteArray &size, int width, int height);
    HttpReply get(const QByteArray &target);

    std::unique_ptr<TestServer> _server;
    std::unique_ptr<HttpClient> _http;
    quint32 _seed = 1;
};

void TestThumbnails::initTestCase()
{
    qInfo("profile: %s", qPrintable(TestServices::profileName()));
    QVERIFY2(vips_init("tst_thumbnails") == 0, vips_error_buffer());
    _server = std::make_unique<TestServer>();
    QVERIFY2(_server->start(), qPrintable(_server->error()));
    _http = std::make_unique<HttpClient>(_server->baseUrl());
    _seed = QRandomGenerator::global()->generate();
}

void TestThumbnails::cleanupTestCase()
{
    _http.reset();
    _server.reset();
}

void TestThumbnails::cleanup()
{
    if (QTest::currentTestFailed() && _server)
        qWarning("nestboxd log tail:\n%s", qPrintable(_server->logTail(20)));
}

HttpReply TestThumbnails::get(const QByteArray &target)
{
    return _http->send({QByteArrayLiteral("GET"), target, {}, {}});
}

QJsonObject TestThumbnails::waitProcessed(const ApiClient &c, const QString &id)
{
    QDeadlineTimer deadline(kDeadlineMs);
    QJsonObject f;
    for (;;) {
        const HttpReply g = c.getFile(id);
        if (g.status != 200) {
            QTest::qFail(qPrintable(QStringLiteral("GET file failed: ") + g.describe()), __FILE__, __LINE__);
            return f;
        }
        f = g.json();
        const QString state = str(f, "thumbnail");
        if (state != QLatin1String("pending")) {
            if (state != QLatin1String("ready") && state != QLatin1String("none"))
                QTest::qFail(qPrintable(QStringLiteral("thumbnail is neither pending, ready nor none: ") + g.describe()),
                             __FILE__, __LINE__);
            return f;
        }
        // pending: the image facts come with processing
        if (!f.value(QLatin1String("width")).isNull() || !f.value(QLatin1String("height")).isNull()) {
            QTest::qFail(qPrintable(QStringLiteral("width/height set while pending: ") + g.describe()), __FILE__, __LINE__);
            return f;
        }
        if (deadline.hasExpired()) {
            QTest::qFail(qPrintable(QStringLiteral("still pending after %1 ms: ").arg(kDeadlineMs) + g.describe()),
                         __FILE__, __LINE__);
            return f;
        }
        QThread::msleep(kPollMs);
    }
}

HttpReply TestThumbnails::fetchThumbnail(const ApiClient &c, const QString &id, const QByteArray &size, int *pendingSeen)
{
    QDeadlineTimer deadline(kDeadlineMs);
    int pending = 0;
    for (;;) {
        const HttpReply r = c.request("GET", thumbTarget(id, size));
        if (r.status != 202) {
            if (pendingSeen)
                *pendingSeen = pending;
            return r;
        }
        ++pending;
        // 202 {state: "pending", retry_after: 1} with Retry-After: 1
        if (r.header("Retry-After") != "1" || str(r.json(), "state") != QLatin1String("pending")
            || r.json().value(QLatin1String("retry_after")).toInt() != 1) {
            QTest::qFail(qPrintable(QStringLiteral("a 202 not as documented (Retry-After: %1): ")
                                        .arg(QString::fromLatin1(r.header("Retry-After")))
                                    + r.describe()),
                         __FILE__, __LINE__);
            return r;
        }
        if (deadline.hasExpired()) {
            QTest::qFail(qPrintable(QStringLiteral("thumbnail still 202 after %1 ms").arg(kDeadlineMs)), __FILE__, __LINE__);
            return r;
        }
        QThread::msleep(kPollMs);
    }
}

void TestThumbnails::checkServed(const HttpReply &r, const QByteArray &sha256, const QByteArray &size, int width, int height)
{
    NB_EXPECT(r, 200);
    QVERIFY2(r.header("Content-Type").startsWith("image/jpeg"), r.header("Content-Type").constData());
    QCOMPARE(r.header("ETag"), QByteArray("\"" + sha256 + "-" + size + "\""));
    QCOMPARE(r.header("Cache-Control"), QByteArray("private, max-age=86400"));

    // no EXIF / XMP / IPTC / GPS: neither libvips nor the header segments see any
    VipsPtr thumb = decodeJpeg(r.body);
    QVERIFY2(thumb, "the served thumbnail is not a JPEG");
    QCOMPARE(vips_image_get_width(thumb.get()), width);
    QCOMPARE(vips_image_get_height(thumb.get()), height);
    QVERIFY2(vips_image_get_typeof(thumb.get(), "exif-data") == 0, "EXIF left in the thumbnail");
    QVERIFY2(vips_image_get_typeof(thumb.get(), "xmp-data") == 0, "XMP left in the thumbnail");
    QVERIFY2(vips_image_get_typeof(thumb.get(), "iptc-data") == 0, "IPTC left in the thumbnail");
    QVERIFY(field(thumb.get(), "exif-ifd3-GPSLatitude").empty());
    QList<int> markers;
    const QByteArray header = jpegHeaderBytes(r.body, &markers);
    QVERIFY2(markers.contains(0xDA), "no start-of-scan found in the JPEG");
    QVERIFY2(!markers.contains(0xE1), "an APP1 (EXIF/XMP) segment is in the thumbnail");
    QVERIFY2(!markers.contains(0xED), "an APP13 (IPTC) segment is in the thumbnail");
    QVERIFY(!header.contains("Exif"));
    QVERIFY(!header.contains("GPS"));
    QVERIFY(!r.body.contains(QByteArray("Exif\0\0", 6)));
    QVERIFY(!r.body.contains("NestboxCam"));
    QVERIFY(!r.body.contains("http://ns.adobe.com/xap/"));
}

// ---- the JPEG path end to end -----------------------------------------------------------------

void TestThumbnails::jpegLifecycle()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("jpg"));
    QVERIFY(a);
    VipsPtr photo = makePhoto(1600, 1200, ++_seed);
    vips_image_set_string(photo.get(), "exif-ifd0-Make", "NestboxCam");
    vips_image_set_string(photo.get(), "exif-ifd2-DateTimeOriginal", "2019:05:04 12:34:56");
    vips_image_set_string(photo.get(), "exif-ifd3-GPSLatitudeRef", "N");
    vips_image_set_string(photo.get(), "exif-ifd3-GPSLatitude", "52/1 31/1 12/1");
    const QByteArray jpeg = encode(photo.get(), ".jpg");
    QVERIFY(!jpeg.isEmpty());
    {
        // the source really carries EXIF and GPS
        VipsPtr check = decodeJpeg(jpeg);
        QVERIFY(check);
        QVERIFY(vips_image_get_typeof(check.get(), "exif-data") != 0);
        QVERIFY(field(check.get(), "exif-ifd3-GPSLatitude").starts_with("52/1 31/1 12/1"));
        QVERIFY(jpeg.contains("NestboxCam"));
    }
    const QByteArray sha = TestData::sha256Hex(jpeg);

    // upload: an image, pending or (already) ready; width/height only once processed
    const HttpReply up = a->uploadSimple(QStringLiteral("photo.jpg"), jpeg);
    NB_EXPECT(up, 201);
    const QJsonObject f0 = up.json();
    const QString id = idOf(f0);
    QCOMPARE(str(f0, "mime"), QStringLiteral("image/jpeg"));
    QCOMPARE(str(f0, "kind"), QStringLiteral("image"));
    const QString state0 = str(f0, "thumbnail");
    QVERIFY2(state0 == QLatin1String("pending") || state0 == QLatin1String("ready"), qPrintable(up.describe()));
    if (state0 == QLatin1String("pending")) {
        QVERIFY2(f0.value(QLatin1String("width")).isNull() && f0.value(QLatin1String("height")).isNull(),
                 qPrintable(up.describe()));
    }

    // GET thumbnail: 202 while pending (each checked), then 200 — never back to 202
    int pendingSeen = 0;
    const HttpReply t256 = fetchThumbnail(*a, id, "256", &pendingSeen);
    qInfo("202 answers before the thumbnail was ready: %d (upload said %s)", pendingSeen, qPrintable(state0));
    if (QTest::currentTestFailed())
        return;
    checkServed(t256, sha, "256", 256, 192);
    if (QTest::currentTestFailed())
        return;

    const QJsonObject f = waitProcessed(*a, id);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(str(f, "thumbnail"), QStringLiteral("ready"));
    QCOMPARE(f.value(QLatin1String("width")).toInt(), 1600);
    QCOMPARE(f.value(QLatin1String("height")).toInt(), 1200);

    const HttpReply t1280 = fetchThumbnail(*a, id, "1280");
    checkServed(t1280, sha, "1280", 1280, 960);
    if (QTest::currentTestFailed())
        return;
    for (int i = 0; i < 3; ++i) { // ready stays ready
        const HttpReply again = a->request("GET", thumbTarget(id, "256"));
        NB_EXPECT(again, 200);
        QCOMPARE(again.body, t256.body);
    }

    // no size = 256
    const HttpReply def = a->request("GET", thumbTarget(id));
    checkServed(def, sha, "256", 256, 192);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(def.body, t256.body);

    // conditional requests
    const QByteArray etag256 = t256.header("ETag");
    const QByteArray etag1280 = t1280.header("ETag");
    QVERIFY(etag256 != etag1280);
    const HttpReply nm = a->request("GET", thumbTarget(id, "256"), {}, {httpHeader("If-None-Match", etag256)});
    NB_EXPECT(nm, 304);
    QVERIFY(nm.body.isEmpty());
    NB_EXPECT(a->request("GET", thumbTarget(id, "1280"), {}, {httpHeader("If-None-Match", etag1280)}), 304);
    NB_EXPECT(a->request("GET", thumbTarget(id), {}, {httpHeader("If-None-Match", etag256)}), 304);
    // another size's ETag, a foreign ETag: the image
    const HttpReply other = a->request("GET", thumbTarget(id, "1280"), {}, {httpHeader("If-None-Match", etag256)});
    NB_EXPECT(other, 200);
    QCOMPARE(other.body, t1280.body);
    NB_EXPECT(a->request("GET", thumbTarget(id, "256"), {}, {httpHeader("If-None-Match", "\"" + sha + "\"")}), 200);

    // the original is untouched: byte-exact, EXIF and all
    const HttpReply d = a->download(id);
    NB_EXPECT(d, 200);
    QCOMPARE(d.body, jpeg);
}

void TestThumbnails::smallImageNotUpscaled()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("small"));
    QVERIFY(a);
    VipsPtr photo = makePhoto(200, 150, ++_seed);
    const QByteArray jpeg = encode(photo.get(), ".jpg");
    const QJsonObject f0 = a->uploadFile(QStringLiteral("small.jpg"), jpeg);
    QVERIFY(!f0.isEmpty());
    const QJsonObject f = waitProcessed(*a, idOf(f0));
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(str(f, "thumbnail"), QStringLiteral("ready"));
    QCOMPARE(f.value(QLatin1String("width")).toInt(), 200);
    QCOMPARE(f.value(QLatin1String("height")).toInt(), 150);
    for (const QByteArray &size : {QByteArray("256"), QByteArray("1280")}) {
        const HttpReply r = fetchThumbnail(*a, idOf(f), size);
        checkServed(r, TestData::sha256Hex(jpeg), size, 200, 150);
        if (QTest::currentTestFailed())
            return;
    }
}

// ---- EXIF orientation ------------------------------------------------------------------------

void TestThumbnails::orientation_data()
{
    QTest::addColumn<int>("orientation");
    QTest::addColumn<int>("width");  // of the file, upright
    QTest::addColumn<int>("height");
    QTest::addColumn<QString>("band"); // where the stored image's left edge ends up

    // Stored landscape 400x300 with a red band down its LEFT edge.
    // 6 = rotate 90° clockwise to display: the left edge becomes the top.
    QTest::newRow("6") << 6 << 300 << 400 << "top";
    // 8 = rotate 90° counter-clockwise: the left edge becomes the bottom.
    QTest::newRow("8") << 8 << 300 << 400 << "bottom";
    // 3 = rotate 180°: the left edge becomes the right edge; the size stays.
    QTest::newRow("3") << 3 << 400 << 300 << "right";
}

void TestThumbnails::orientation()
{
    QFETCH(int, orientation);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(QString, band);

    auto a = ApiClient::newUser(_http.get(), QStringLiteral("orient"));
    QVERIFY(a);
    const quint32 seed = ++_seed;
    VipsPtr stored = makeImage(400, 300, [seed](int x, int y) {
        if (y == 299 && x >= 200 && x < 232) // unique bytes per run, away from the checked pixels
            return Rgb{0, 90, static_cast<unsigned char>((seed >> (x - 200)) & 1 ? 255 : 200)};
        return x < 60 ? Rgb{255, 0, 0} : Rgb{0, 90, 255};
    });
    vips_image_set_int(stored.get(), "orientation", orientation);
    const QByteArray jpeg = encode(stored.get(), ".jpg");
    QVERIFY(!jpeg.isEmpty());
    {
        VipsPtr check = decodeJpeg(jpeg);
        QVERIFY(check);
        QCOMPARE(vips_image_get_orientation(check.get()), orientation); // really in the EXIF
        QCOMPARE(vips_image_get_width(check.get()), 400);
    }
    const QJsonObject f0 = a->uploadFile(QStringLiteral("portrait-%1.jpg").arg(orientation), jpeg);
    QVERIFY(!f0.isEmpty());
    const QJsonObject f = waitProcessed(*a, idOf(f0));
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(str(f, "thumbnail"), QStringLiteral("ready"));
    QCOMPARE(f.value(QLatin1String("width")).toInt(), width);
    QCOMPARE(f.value(QLatin1String("height")).toInt(), height);

    struct Expect {
        QByteArray size;
        int w, h;
    };
    const int w256 = width >= height ? 256 : 192;
    const int h256 = width >= height ? 192 : 256;
    const Expect expects[] = {{"256", w256, h256}, {"1280", width, height}}; // 1280: never upscaled
    for (const Expect &e : expects) {
        const HttpReply r = fetchThumbnail(*a, idOf(f), e.size);
        checkServed(r, TestData::sha256Hex(jpeg), e.size, e.w, e.h);
        if (QTest::currentTestFailed())
            return;
        VipsPtr t = decodeJpeg(r.body);
        QVERIFY(t);
        const int W = e.w, H = e.h;
        const Rgb top = pixelAt(t.get(), W / 2, 3), bottom = pixelAt(t.get(), W / 2, H - 4);
        const Rgb left = pixelAt(t.get(), 3, H / 2), right = pixelAt(t.get(), W - 4, H / 2);
        const QString seen = QStringLiteral("size %1: top %2 bottom %3 left %4 right %5")
                                 .arg(QString::fromLatin1(e.size), rgbText(top), rgbText(bottom), rgbText(left), rgbText(right));
        QVERIFY2(isRed(band == QLatin1String("top") ? top : band == QLatin1String("bottom") ? bottom : right), qPrintable(seen));
        QVERIFY2(!isRed(left) || band == QLatin1String("left"), qPrintable(seen)); // the stored left edge moved
        if (band == QLatin1String("top"))
            QVERIFY2(!isRed(bottom), qPrintable(seen));
        if (band == QLatin1String("bottom"))
            QVERIFY2(!isRed(top), qPrintable(seen));
        if (band == QLatin1String("right"))
            QVERIFY2(!isRed(top) && !isRed(bottom), qPrintable(seen));
    }
}

// ---- capture time and the timeline -----------------------------------------------------------

void TestThumbnails::takenAtAndTimeline()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("time"));
    QVERIFY(a);

    auto exifJpeg = [this](const char *dateTime, const char *offset) {
        VipsPtr p = makePhoto(640, 480, ++_seed);
        if (dateTime)
            vips_image_set_string(p.get(), "exif-ifd2-DateTimeOriginal", dateTime);
        if (offset)
            vips_image_set_string(p.get(), "exif-ifd2-OffsetTimeOriginal", offset);
        return encode(p.get(), ".jpg");
    };

    // 1. the newer photo first: EXIF 2019-05-04 12:34:56 +02:00 = 10:34:56Z
    const QByteArray newer = exifJpeg("2019:05:04 12:34:56", "+02:00");
    const QJsonObject fNewer = a->uploadFile(QStringLiteral("newer.jpg"), newer);
    QVERIFY(!fNewer.isEmpty());
    // 2. then an older photo: EXIF 2010-01-02 08:00:00 -05:00 = 13:00:00Z; the client's
    //    modified_at (2030) must lose against the EXIF date
    const QByteArray older = exifJpeg("2010:01:02 08:00:00", "-05:00");
    const HttpReply upOlder = a->uploadSimple(QStringLiteral("older.jpg"), older,
                                              {httpHeader("X-Nestbox-Modified-At", "2030-03-03T03:03:03Z")});
    NB_EXPECT(upOlder, 201);
    const QJsonObject fOlder = upOlder.json();
    // 3. a JPEG without a capture date: X-Nestbox-Modified-At
    const QByteArray plain = exifJpeg(nullptr, nullptr);
    const HttpReply upPlain = a->uploadSimple(QStringLiteral("plain.jpg"), plain,
                                              {httpHeader("X-Nestbox-Modified-At", "2015-06-07T08:09:10Z")});
    NB_EXPECT(upPlain, 201);
    const QJsonObject fPlain = upPlain.json();
    // 4. a PNG through the chunked upload with modified_at
    VipsPtr pngImage = makePhoto(300, 200, ++_seed);
    const QByteArray png = encode(pngImage.get(), ".png");
    const HttpReply start = a->postJson("/api/v1/uploads", {{QStringLiteral("name"), QStringLiteral("chunked.png")},
                                                            {QStringLiteral("size"), png.size()},
                                                            {QStringLiteral("sha256"), QString::fromLatin1(TestData::sha256Hex(png))},
                                                            {QStringLiteral("modified_at"), QStringLiteral("2012-12-12T12:12:12.500Z")}});
    NB_EXPECT(start, 201);
    QCOMPARE(str(start.json(), "state"), QStringLiteral("receiving"));
    const QJsonObject upload = start.json().value(QLatin1String("upload")).toObject();
    QVERIFY(a->sendChunks(upload, png));
    const HttpReply done = a->complete(idOf(upload));
    NB_EXPECT(done, 201);
    const QJsonObject fChunked = done.json().value(QLatin1String("file")).toObject();
    // 5. a non-image with modified_at
    const QByteArray text = "notes " + TestData::uniqueBytes(64).toHex();
    const HttpReply upText = a->uploadSimple(QStringLiteral("notes.txt"), text,
                                             {httpHeader("X-Nestbox-Modified-At", "2017-01-01T00:00:00Z")});
    NB_EXPECT(upText, 201);
    const QJsonObject fText = upText.json();
    // 6. an image with neither EXIF date nor modified_at: the upload time
    VipsPtr nowImage = makePhoto(320, 240, ++_seed);
    const QByteArray nowPng = encode(nowImage.get(), ".png");
    const QJsonObject fNow = a->uploadFile(QStringLiteral("now.png"), nowPng);
    QVERIFY(!fNow.isEmpty());

    // before processing, modified_at already counts
    QCOMPARE(utc(str(fPlain, "taken_at")), QDateTime(QDate(2015, 6, 7), QTime(8, 9, 10), Qt::UTC));
    QCOMPARE(utc(str(fText, "taken_at")), QDateTime(QDate(2017, 1, 1), QTime(0, 0), Qt::UTC));

    QHash<QString, QJsonObject> processed;
    for (const QJsonObject &f : {fNewer, fOlder, fPlain, fChunked, fText, fNow}) {
        processed[idOf(f)] = waitProcessed(*a, idOf(f));
        if (QTest::currentTestFailed())
            return;
    }
    auto takenOf = [&](const QJsonObject &f) { return utc(str(processed.value(idOf(f)), "taken_at")); };
    QCOMPARE(str(processed[idOf(fNewer)], "thumbnail"), QStringLiteral("ready"));
    QCOMPARE(str(processed[idOf(fOlder)], "thumbnail"), QStringLiteral("ready"));
    QCOMPARE(str(processed[idOf(fChunked)], "thumbnail"), QStringLiteral("ready"));
    QCOMPARE(str(processed[idOf(fText)], "thumbnail"), QStringLiteral("none"));

    QCOMPARE(takenOf(fNewer), QDateTime(QDate(2019, 5, 4), QTime(10, 34, 56), Qt::UTC));
    QCOMPARE(takenOf(fOlder), QDateTime(QDate(2010, 1, 2), QTime(13, 0, 0), Qt::UTC));
    QCOMPARE(takenOf(fPlain), QDateTime(QDate(2015, 6, 7), QTime(8, 9, 10), Qt::UTC));
    QCOMPARE(takenOf(fChunked), QDateTime(QDate(2012, 12, 12), QTime(12, 12, 12, 500), Qt::UTC));
    QCOMPARE(takenOf(fText), QDateTime(QDate(2017, 1, 1), QTime(0, 0), Qt::UTC));
    QCOMPARE(takenOf(fNow), utc(str(processed[idOf(fNow)], "uploaded_at")));
    // RFC 3339 UTC with milliseconds
    static const QRegularExpression rfc(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"));
    QVERIFY2(rfc.match(str(processed[idOf(fOlder)], "taken_at")).hasMatch(),
             qPrintable(str(processed[idOf(fOlder)], "taken_at")));

    // the default listing is the timeline: taken_at, newest first
    const QStringList expected{idOf(fNow), idOf(fNewer), idOf(fText), idOf(fPlain), idOf(fChunked), idOf(fOlder)};
    auto idsOf = [](const QList<QJsonObject> &items) {
        QStringList ids;
        for (const auto &o : items)
            ids.append(idOf(o));
        return ids;
    };
    QCOMPARE(idsOf(a->listAll()), expected);
    QCOMPARE(idsOf(a->listAll("sort=taken")), expected);
    QCOMPARE(idsOf(a->listAll("sort=taken&order=desc", 2)), expected); // keyset paging on taken_at
    QStringList reversed = expected;
    std::reverse(reversed.begin(), reversed.end());
    QCOMPARE(idsOf(a->listAll("sort=taken&order=asc")), reversed);
    QCOMPARE(idsOf(a->listAll("sort=taken&order=asc", 4)), reversed);
    // …which is not the upload order
    QVERIFY(idsOf(a->listAll("sort=uploaded")) != expected);
    // the listing carries the processed facts
    for (const QJsonObject &item : a->listAll()) {
        QCOMPARE(item.value(QLatin1String("taken_at")), processed.value(idOf(item)).value(QLatin1String("taken_at")));
        QCOMPARE(item.value(QLatin1String("width")), processed.value(idOf(item)).value(QLatin1String("width")));
    }
}

// ---- dedup: one thumbnail for one content ---------------------------------------------------

void TestThumbnails::sharedAcrossUsers()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("sharea"));
    auto b = ApiClient::newUser(_http.get(), QStringLiteral("shareb"));
    auto c = ApiClient::newUser(_http.get(), QStringLiteral("sharec"));
    QVERIFY(a && b && c);
    VipsPtr photo = makePhoto(1024, 768, ++_seed);
    vips_image_set_string(photo.get(), "exif-ifd2-DateTimeOriginal", "2018:08:08 18:08:08");
    vips_image_set_string(photo.get(), "exif-ifd2-OffsetTimeOriginal", "+00:00");
    const QByteArray jpeg = encode(photo.get(), ".jpg");
    const QByteArray sha = TestData::sha256Hex(jpeg);

    const QJsonObject fa0 = a->uploadFile(QStringLiteral("family.jpg"), jpeg);
    QVERIFY(!fa0.isEmpty());
    const QJsonObject fa = waitProcessed(*a, idOf(fa0));
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(str(fa, "thumbnail"), QStringLiteral("ready"));
    const HttpReply ta = fetchThumbnail(*a, idOf(fa), "256");
    NB_EXPECT(ta, 200);

    // B uploads the same bytes: the facts and the thumbnail are there at once
    const HttpReply upB = b->uploadSimple(QStringLiteral("same photo.jpg"), jpeg,
                                          {httpHeader("X-Nestbox-Modified-At", "2001-01-01T00:00:00Z")});
    NB_EXPECT(upB, 201);
    const QJsonObject fb = upB.json();
    QCOMPARE(str(fb, "thumbnail"), QStringLiteral("ready"));
    QCOMPARE(fb.value(QLatin1String("width")).toInt(), 1024);
    QCOMPARE(fb.value(QLatin1String("height")).toInt(), 768);
    QCOMPARE(utc(str(fb, "taken_at")), QDateTime(QDate(2018, 8, 8), QTime(18, 8, 8), Qt::UTC));
    QCOMPARE(fb.value(QLatin1String("taken_at")), fa.value(QLatin1String("taken_at")));
    const HttpReply tb = b->request("GET", thumbTarget(idOf(fb), "256")); // no 202: already ready
    checkServed(tb, sha, "256", 256, 192);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(tb.header("ETag"), ta.header("ETag"));
    QCOMPARE(tb.body, ta.body);
    // B's If-None-Match with the shared ETag
    NB_EXPECT(b->request("GET", thumbTarget(idOf(fb), "256"), {}, {httpHeader("If-None-Match", ta.header("ETag"))}), 304);

    // C through the chunked API: the instant upload (proof of possession) gives a ready file too
    const HttpReply s = c->startUpload(QStringLiteral("from c.jpg"), jpeg.size(), sha);
    QVERIFY2(s.status == 200 || s.status == 201, qPrintable(s.describe()));
    QJsonObject fc;
    if (str(s.json(), "state") == QLatin1String("proof_required")) {
        const QJsonObject ch = s.json().value(QLatin1String("challenge")).toObject();
        QList<QPair<qint64, qint64>> ranges;
        for (const auto &v : ch.value(QLatin1String("ranges")).toArray())
            ranges.append({v.toArray().at(0).toInteger(), v.toArray().at(1).toInteger()});
        const HttpReply p = c->proof(idOf(s.json().value(QLatin1String("upload")).toObject()),
                                     TestData::proofOfPossession(ch.value(QLatin1String("nonce")).toString().toLatin1(), ranges, jpeg));
        NB_EXPECT(p, 201);
        fc = p.json().value(QLatin1String("file")).toObject();
    } else {
        QCOMPARE(str(s.json(), "state"), QStringLiteral("receiving")); // dedup.scope = user
        const QJsonObject up = s.json().value(QLatin1String("upload")).toObject();
        QVERIFY(c->sendChunks(up, jpeg));
        const HttpReply done = c->complete(idOf(up));
        NB_EXPECT(done, 201);
        fc = done.json().value(QLatin1String("file")).toObject();
    }
    QCOMPARE(str(fc, "thumbnail"), QStringLiteral("ready"));
    QCOMPARE(fc.value(QLatin1String("width")).toInt(), 1024);
    QCOMPARE(fc.value(QLatin1String("height")).toInt(), 768);
    const HttpReply tc = c->request("GET", thumbTarget(idOf(fc), "1280"));
    checkServed(tc, sha, "1280", 1024, 768);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(tc.body, fetchThumbnail(*a, idOf(fa), "1280").body);

    // A deletes: B's thumbnail stays
    NB_EXPECT(a->deleteFile(idOf(fa)), 204);
    const HttpReply tb2 = b->request("GET", thumbTarget(idOf(fb), "256"));
    NB_EXPECT(tb2, 200);
    QCOMPARE(tb2.body, ta.body);
}

// ---- formats -------------------------------------------------------------------------------

void TestThumbnails::formats_data()
{
    QTest::addColumn<QByteArray>("suffix");
    QTest::addColumn<QString>("mime");
    QTest::newRow("png") << QByteArray(".png") << "image/png";
    QTest::newRow("webp") << QByteArray(".webp") << "image/webp";
    QTest::newRow("gif") << QByteArray(".gif") << "image/gif";
    QTest::newRow("tiff") << QByteArray(".tif") << "image/tiff";
    QTest::newRow("heic") << QByteArray(".heic") << "image/heic";
}

void TestThumbnails::formats()
{
    QFETCH(QByteArray, suffix);
    QFETCH(QString, mime);
    VipsPtr image = makeHalves(1600, 1200, ++_seed);
    const QByteArray bytes = encode(image.get(), suffix.constData());
    if (bytes.isEmpty() && suffix == ".heic")
        QSKIP("libvips/libheif here cannot encode HEIC, so no HEIC test image can be made");
    QVERIFY(!bytes.isEmpty());

    auto a = ApiClient::newUser(_http.get(), QStringLiteral("fmt"));
    QVERIFY(a);
    // the name says nothing: the server goes by the bytes
    const QJsonObject f0 = a->uploadFile(QStringLiteral("picture-%1.img").arg(QString::fromLatin1(QTest::currentDataTag())), bytes);
    QVERIFY(!f0.isEmpty());
    QCOMPARE(str(f0, "mime"), mime);
    QCOMPARE(str(f0, "kind"), QStringLiteral("image"));
    const QJsonObject f = waitProcessed(*a, idOf(f0));
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(str(f, "thumbnail"), QStringLiteral("ready"));
    QCOMPARE(f.value(QLatin1String("width")).toInt(), 1600);
    QCOMPARE(f.value(QLatin1String("height")).toInt(), 1200);
    const std::pair<QByteArray, std::pair<int, int>> sizes[] = {{"256", {256, 192}}, {"1280", {1280, 960}}};
    for (const auto &[size, dims] : sizes) {
        const HttpReply r = fetchThumbnail(*a, idOf(f), size);
        checkServed(r, TestData::sha256Hex(bytes), size, dims.first, dims.second);
        if (QTest::currentTestFailed())
            return;
        VipsPtr t = decodeJpeg(r.body);
        QCOMPARE(vips_image_get_bands(t.get()), 3);
        const Rgb left = pixelAt(t.get(), dims.first / 4, dims.second / 2);
        const Rgb right = pixelAt(t.get(), dims.first * 3 / 4, dims.second / 2);
        QVERIFY2(isRed(left) && isBlue(right), qPrintable(QStringLiteral("left %1 right %2").arg(rgbText(left), rgbText(right))));
    }
    const HttpReply d = a->download(idOf(f));
    NB_EXPECT(d, 200);
    QCOMPARE(d.body, bytes);
}

// ---- hostile files -------------------------------------------------------------------------

void TestThumbnails::hostileInputs_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");

    VipsPtr photo = makePhoto(1000, 800, QRandomGenerator::global()->generate());
    const QByteArray jpeg = encode(photo.get(), ".jpg");
    QVERIFY(!jpeg.isEmpty());
    QByteArray random = TestData::uniqueBytes(64 * 1024);
    random[0] = 'x'; // no accidental magic
    const QByteArray svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">"
                           "<rect width=\"100\" height=\"100\" fill=\"red\"/><!-- "
                           + TestData::uniqueBytes(16).toHex() + " --></svg>";
    // unique content per run: a tEXt chunk before IEND does not change what the header claims
    auto unique = [](const QByteArray &png) -> QByteArray {
        return png.left(png.size() - 12) + pngChunk("tEXt", QByteArray("Comment\0", 8) + TestData::uniqueBytes(16).toHex()) + png.right(12);
    };

    QTest::newRow("truncated jpeg") << "truncated.jpg" << jpeg.left(jpeg.size() / 2);
    QTest::newRow("random bytes named .jpg") << "random.jpg" << random;
    QTest::newRow("png header 60000x60000") << "huge.png" << unique(zeroPng(60000, 60000, 8, 1));
    QTest::newRow("decompression bomb png") << "bomb.png" << unique(zeroPng(20000, 20000, 1, 20000));
    QTest::newRow("svg named .png") << "drawing.png" << svg;
}

void TestThumbnails::hostileInputs()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);

    auto a = ApiClient::newUser(_http.get(), QStringLiteral("bad"));
    QVERIFY(a);
    const qint64 rssBefore = rssKiB(_server->pid());
    QElapsedTimer timer;
    timer.start();
    const HttpReply up = a->uploadSimple(name, bytes);
    NB_EXPECT(up, 201);
    const QString id = idOf(up.json());
    const QJsonObject f = waitProcessed(*a, id);
    if (QTest::currentTestFailed())
        return;
    qInfo("%s: mime %s, thumbnail %s after %lld ms", qPrintable(name), qPrintable(str(f, "mime")),
          qPrintable(str(f, "thumbnail")), timer.elapsed());
    QCOMPARE(str(f, "thumbnail"), QStringLiteral("none"));
    QVERIFY(f.value(QLatin1String("width")).isNull());
    QVERIFY(f.value(QLatin1String("height")).isNull());
    NB_EXPECT_ERROR(a->request("GET", thumbTarget(id, "256")), 404, "no_thumbnail");
    NB_EXPECT_ERROR(a->request("GET", thumbTarget(id, "1280")), 404, "no_thumbnail");
    NB_EXPECT_ERROR(a->request("GET", thumbTarget(id)), 404, "no_thumbnail");

    // the file itself is intact
    const HttpReply d = a->download(id);
    NB_EXPECT(d, 200);
    QVERIFY2(d.body == bytes, "the download is not byte-exact");
    QCOMPARE(d.header("ETag"), QByteArray("\"" + TestData::sha256Hex(bytes) + "\""));

    // and the server keeps serving: alive, memory flat, and the next photo still gets thumbnails
    QVERIFY(_server->isRunning());
    NB_EXPECT(get("/healthz"), 200);
    const qint64 rssAfter = rssKiB(_server->pid());
    qInfo("nestboxd RSS %lld KiB -> %lld KiB", rssBefore, rssAfter);
    QVERIFY2(rssAfter - rssBefore < 64 * 1024,
             qPrintable(QStringLiteral("nestboxd grew from %1 to %2 KiB").arg(rssBefore).arg(rssAfter)));
    VipsPtr good = makePhoto(500, 400, ++_seed);
    const QByteArray goodJpeg = encode(good.get(), ".jpg");
    const QJsonObject g0 = a->uploadFile(QStringLiteral("after.jpg"), goodJpeg);
    QVERIFY(!g0.isEmpty());
    const HttpReply t = fetchThumbnail(*a, idOf(g0), "256");
    checkServed(t, TestData::sha256Hex(goodJpeg), "256", 256, 205);
}

// ---- isolation, non-images, sizes --------------------------------------------------------------

void TestThumbnails::isolation()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("isoa"));
    auto b = ApiClient::newUser(_http.get(), QStringLiteral("isob"));
    QVERIFY(a && b);
    VipsPtr photo = makePhoto(800, 600, ++_seed);
    const QByteArray jpeg = encode(photo.get(), ".jpg");
    const QJsonObject f = a->uploadFile(QStringLiteral("private.jpg"), jpeg);
    QVERIFY(!f.isEmpty());
    // while it may still be pending: B gets 404, never 202
    NB_EXPECT_ERROR(b->request("GET", thumbTarget(idOf(f), "256")), 404, "not_found");
    const HttpReply ta = fetchThumbnail(*a, idOf(f), "256");
    NB_EXPECT(ta, 200);

    for (const QByteArray &size : {QByteArray("256"), QByteArray("1280"), QByteArray()}) {
        const HttpReply r = b->request("GET", thumbTarget(idOf(f), size));
        NB_EXPECT_ERROR(r, 404, "not_found");
        QVERIFY(!r.body.contains("\xFF\xD8\xFF"));
    }
    // not even a 304 for the right ETag
    NB_EXPECT_ERROR(b->request("GET", thumbTarget(idOf(f), "256"), {}, {httpHeader("If-None-Match", ta.header("ETag"))}),
                    404, "not_found");
    NB_EXPECT_ERROR(b->getFile(idOf(f)), 404, "not_found");
    // an id nobody has, and no token at all
    NB_EXPECT_ERROR(b->request("GET", thumbTarget(QStringLiteral("0123456789abcdef"), "256")), 404, "not_found");
    ApiClient anonymous(_http.get());
    NB_EXPECT_ERROR(anonymous.request("GET", thumbTarget(idOf(f), "256")), 401, "unauthorized");
    // A still gets it
    NB_EXPECT(a->request("GET", thumbTarget(idOf(f), "256")), 200);
}

void TestThumbnails::nonImageAndBadSize_data()
{
    QTest::addColumn<QByteArray>("size");
    QTest::newRow("999") << QByteArray("999");
    QTest::newRow("0") << QByteArray("0");
    QTest::newRow("128") << QByteArray("128");
    QTest::newRow("2560") << QByteArray("2560");
    QTest::newRow("-256") << QByteArray("-256");
    QTest::newRow("abc") << QByteArray("abc");
}

void TestThumbnails::nonImageAndBadSize()
{
    QFETCH(QByteArray, size);
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("other"));
    QVERIFY(a);
    const QByteArray text = "just some text\n" + TestData::uniqueBytes(100).toHex();
    const QJsonObject t0 = a->uploadFile(QStringLiteral("readme.jpg"), text); // the name does not make it an image
    QVERIFY(!t0.isEmpty());
    QCOMPARE(str(t0, "kind"), QStringLiteral("other"));
    QVERIFY(str(t0, "thumbnail") == QLatin1String("none") || str(t0, "thumbnail") == QLatin1String("pending"));
    const QJsonObject t = waitProcessed(*a, idOf(t0));
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(str(t, "thumbnail"), QStringLiteral("none"));
    QVERIFY(t.value(QLatin1String("width")).isNull());
    NB_EXPECT_ERROR(a->request("GET", thumbTarget(idOf(t), "256")), 404, "no_thumbnail");
    NB_EXPECT_ERROR(a->request("GET", thumbTarget(idOf(t), "1280")), 404, "no_thumbnail");
    NB_EXPECT_ERROR(a->request("GET", thumbTarget(idOf(t))), 404, "no_thumbnail");

    VipsPtr photo = makePhoto(300, 300, ++_seed);
    const QByteArray jpeg = encode(photo.get(), ".jpg");
    const QJsonObject f = a->uploadFile(QStringLiteral("square.jpg"), jpeg);
    QVERIFY(!f.isEmpty());
    NB_EXPECT(fetchThumbnail(*a, idOf(f), "256"), 200);
    NB_EXPECT_ERROR(a->request("GET", thumbTarget(idOf(f), size)), 400, "invalid_parameter");
}

// ---- /metrics ------------------------------------------------------------------------------

void TestThumbnails::metrics()
{
    auto a = ApiClient::newUser(_http.get(), QStringLiteral("metric"));
    QVERIFY(a);
    // at least one ready and one none content of its own
    VipsPtr photo = makePhoto(400, 300, ++_seed);
    const QByteArray jpeg = encode(photo.get(), ".jpg");
    const QJsonObject f = a->uploadFile(QStringLiteral("m.jpg"), jpeg);
    QVERIFY(!f.isEmpty());
    const QJsonObject t = a->uploadFile(QStringLiteral("m.txt"), "metrics " + TestData::uniqueBytes(32).toHex());
    QVERIFY(!t.isEmpty());
    NB_EXPECT(fetchThumbnail(*a, idOf(f), "256"), 200);

    const HttpReply m = get("/metrics");
    NB_EXPECT(m, 200);
    QVERIFY2(m.body.contains("# TYPE nestbox_jobs gauge"), m.body.constData());
    QVERIFY2(m.body.contains("# TYPE nestbox_thumbnails gauge"), m.body.constData());
    for (const char *state : {"pending", "running", "dead"}) {
        const auto v = metric(m.body, QByteArray("nestbox_jobs{state=\"") + state + "\"}");
        QVERIFY2(v && *v >= 0, state);
    }
    for (const char *state : {"pending", "ready", "none"})
        QVERIFY2(metric(m.body, QByteArray("nestbox_thumbnails{state=\"") + state + "\"}"), state);
    QVERIFY(*metric(m.body, "nestbox_thumbnails{state=\"ready\"}") >= 1);
    QVERIFY(*metric(m.body, "nestbox_thumbnails{state=\"none\"}") >= 1);
}

// ---- `nestboxd thumbnails rebuild` and `nestboxd jobs list` ---------------------------------

void TestThumbnails::rebuildAndJobs()
{
    // A server of its own whose thumbnailer is a wrapper this test steers with two files:
    // `broken` = exit at once without an answer (a thumbnailer that cannot decode anything),
    // `hold` = wait before becoming the real nestbox-thumbnailer (keeps images pending).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString wrapper = dir.filePath(QStringLiteral("thumbnailer.sh"));
    {
        QFile w(wrapper);
        QVERIFY(w.open(QIODevice::WriteOnly));
        const QByteArray d = dir.path().toUtf8();
        w.write("#!/bin/sh\n"
                "while [ -e '" + d + "/hold' ]; do sleep 0.05; done\n"
                "if [ -e '" + d + "/broken' ]; then exit 3; fi\n"
                "exec '" NESTBOX_THUMBNAILER_PATH "' \"$@\"\n");
        w.close();
        QVERIFY(w.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    }
    auto touch = [&](const char *name) {
        QFile f(dir.filePath(QLatin1String(name)));
        return f.open(QIODevice::WriteOnly);
    };
    QVERIFY(touch("broken"));

    TestServer::Options options;
    options.defines << QStringLiteral("thumbnails.thumbnailer=") + wrapper;
    TestServer server(options);
    QVERIFY2(server.start(), qPrintable(server.error()));
    HttpClient http(server.baseUrl());
    auto a = ApiClient::newUser(&http, QStringLiteral("rebuild"));
    QVERIFY(a);

    VipsPtr photo = makePhoto(1200, 900, ++_seed);
    const QByteArray jpeg = encode(photo.get(), ".jpg");
    VipsPtr other = makeHalves(600, 400, ++_seed);
    const QByteArray png = encode(other.get(), ".png");
    const QJsonObject fj = a->uploadFile(QStringLiteral("a.jpg"), jpeg);
    const QJsonObject fp = a->uploadFile(QStringLiteral("b.png"), png);
    const QJsonObject ft = a->uploadFile(QStringLiteral("c.txt"), "text " + TestData::uniqueBytes(16).toHex());
    QVERIFY(!fj.isEmpty() && !fp.isEmpty() && !ft.isEmpty());

    // with a thumbnailer that fails, the images end as none
    for (const QJsonObject &f : {fj, fp}) {
        const QJsonObject done = waitProcessed(*a, idOf(f));
        if (QTest::currentTestFailed()) {
            qWarning("log:\n%s", qPrintable(server.logTail(20)));
            return;
        }
        QCOMPARE(str(done, "thumbnail"), QStringLiteral("none"));
        NB_EXPECT_ERROR(a->request("GET", thumbTarget(idOf(f), "256")), 404, "no_thumbnail");
    }

    // "HEIC got enabled": the thumbnailer works again, but only after a rebuild, and we hold it
    QVERIFY(touch("hold"));
    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("broken"))));
    const TestServer::CommandResult rebuild = server.runCommand({QStringLiteral("thumbnails"), QStringLiteral("rebuild")});
    QVERIFY2(rebuild.exitCode == 0, rebuild.output.constData());
    qInfo("thumbnails rebuild: %s", rebuild.output.trimmed().constData());
    QVERIFY2(rebuild.output.contains("2 image"), rebuild.output.constData()); // the two images, not the text file

    // queued again: pending, 202 with Retry-After
    for (const QJsonObject &f : {fj, fp}) {
        const HttpReply g = a->getFile(idOf(f));
        NB_EXPECT(g, 200);
        QCOMPARE(str(g.json(), "thumbnail"), QStringLiteral("pending"));
        for (const QByteArray &size : {QByteArray("256"), QByteArray("1280")}) {
            const HttpReply r = a->request("GET", thumbTarget(idOf(f), size));
            NB_EXPECT(r, 202);
            QCOMPARE(r.header("Retry-After"), QByteArray("1"));
            QCOMPARE(str(r.json(), "state"), QStringLiteral("pending"));
            QCOMPARE(r.json().value(QLatin1String("retry_after")).toInt(), 1);
        }
    }
    QCOMPARE(str(a->getFile(idOf(ft)).json(), "thumbnail"), QStringLiteral("none"));

    // the job table shows them, and so do the gauges
    const TestServer::CommandResult jobs = server.runCommand({QStringLiteral("jobs"), QStringLiteral("list")});
    QVERIFY2(jobs.exitCode == 0, jobs.output.constData());
    qInfo("jobs list:\n%s", jobs.output.trimmed().constData());
    QVERIFY2(jobs.output.contains(TestData::sha256Hex(jpeg)), jobs.output.constData());
    QVERIFY2(jobs.output.contains(TestData::sha256Hex(png)), jobs.output.constData());
    QVERIFY2(jobs.output.contains("thumbnail"), jobs.output.constData());
    for (const char *state : {"pending", "running", "dead"}) {
        const TestServer::CommandResult only = server.runCommand({QStringLiteral("jobs"), QStringLiteral("list"), QString::fromLatin1(state)});
        QVERIFY2(only.exitCode == 0, only.output.constData());
    }
    const HttpReply m = http.send({"GET", "/metrics", {}, {}});
    NB_EXPECT(m, 200);
    QCOMPARE(metric(m.body, "nestbox_thumbnails{state=\"pending\"}").value_or(-1), 2.0);
    QCOMPARE(metric(m.body, "nestbox_thumbnails{state=\"ready\"}").value_or(-1), 0.0);
    QCOMPARE(metric(m.body, "nestbox_thumbnails{state=\"none\"}").value_or(-1), 1.0); // the text file
    QCOMPARE(metric(m.body, "nestbox_jobs{state=\"pending\"}").value_or(-1) + metric(m.body, "nestbox_jobs{state=\"running\"}").value_or(-1),
             2.0);

    // let go: both become ready with both sizes
    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("hold"))));
    const std::pair<QJsonObject, QByteArray> images[] = {{fj, jpeg}, {fp, png}};
    for (const auto &[f, bytes] : images) {
        const QJsonObject done = waitProcessed(*a, idOf(f));
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(str(done, "thumbnail"), QStringLiteral("ready"));
        QVERIFY(done.value(QLatin1String("width")).toInt() > 0);
        for (const QByteArray &size : {QByteArray("256"), QByteArray("1280")}) {
            const HttpReply r = a->request("GET", thumbTarget(idOf(f), size));
            NB_EXPECT(r, 200);
            QCOMPARE(r.header("ETag"), QByteArray("\"" + TestData::sha256Hex(bytes) + "-" + size + "\""));
        }
    }
    QCOMPARE(str(a->getFile(idOf(ft)).json(), "thumbnail"), QStringLiteral("none"));

    // nothing left to do: a second rebuild queues nothing, the queue drains
    const TestServer::CommandResult again = server.runCommand({QStringLiteral("thumbnails"), QStringLiteral("rebuild")});
    QVERIFY2(again.exitCode == 0, again.output.constData());
    QVERIFY2(again.output.contains(" 0 image"), again.output.constData());
    QDeadlineTimer deadline(kDeadlineMs);
    QByteArray last;
    for (;;) {
        const HttpReply mm = http.send({"GET", "/metrics", {}, {}});
        NB_EXPECT(mm, 200);
        last = mm.body;
        if (metric(last, "nestbox_jobs{state=\"pending\"}") == 0.0 && metric(last, "nestbox_jobs{state=\"running\"}") == 0.0)
            break;
        QVERIFY2(!deadline.hasExpired(), last.constData());
        QThread::msleep(kPollMs);
    }
    QCOMPARE(metric(last, "nestbox_thumbnails{state=\"ready\"}").value_or(-1), 2.0);
    QCOMPARE(metric(last, "nestbox_thumbnails{state=\"pending\"}").value_or(-1), 0.0);
    const TestServer::CommandResult after = server.runCommand({QStringLiteral("jobs"), QStringLiteral("list")});
    QVERIFY2(after.exitCode == 0, after.output.constData());
    QVERIFY2(after.output.contains("pending: 0") && after.output.contains("running: 0"), after.output.constData());
    QVERIFY(server.stop());
}

QTEST_GUILESS_MAIN(TestThumbnails)
#include "tst_thumbnails.moc"
