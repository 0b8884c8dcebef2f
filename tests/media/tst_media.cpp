// nestbox-thumbnailer through its server-side runner (ThumbnailerProcess): real images written
// by libvips here (JPEG with EXIF orientation / capture date / GPS, PNG, WebP, GIF, TIFF, HEIC,
// AVIF), hostile files (truncated, random, huge headers, decompression bombs, SVG/PDF/PS), the
// blocked libvips loaders, and the CPU / wall-clock limits.

// libvips (glib) first: its headers use identifiers that Qt's keyword macros would rewrite.
#include <vips/vips.h>
#include "CraftedPng.h"

#include "ImageFormat.h"
#include "ImageProbe.h"
#include "ThumbnailerProcess.h"
#include "VipsSetup.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <atomic>
#include <csignal>
#include <functional>
#include <set>
#include <thread>

using nestbox::server::MediaLimits;
using nestbox::server::MediaResult;
using nestbox::server::ThumbnailerProcess;

namespace {

const QString kThumbnailer = QStringLiteral(NESTBOX_THUMBNAILER_PATH);

std::string toStd(const QString& s)
{
    return s.toStdString();
}

// An RGB image whose pixel (x, y) is colour(x, y), as a libvips image.
struct Rgb {
    unsigned char r, g, b;
};

VipsImage* makeImage(int width, int height, const std::function<Rgb(int, int)>& colour)
{
    std::vector<unsigned char> pixels(std::size_t(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const Rgb c = colour(x, y);
            unsigned char* p = &pixels[(std::size_t(y) * width + x) * 3];
            p[0] = c.r;
            p[1] = c.g;
            p[2] = c.b;
        }
    return vips_image_new_from_memory_copy(pixels.data(), pixels.size(), width, height, 3, VIPS_FORMAT_UCHAR);
}

// A photo-like gradient with a little noise, so encoders have something real to chew on.
VipsImage* makePhoto(int width, int height)
{
    return makeImage(width, height, [width, height](int x, int y) {
        const auto noise = static_cast<unsigned char>((x * 7919 + y * 104729) % 23);
        return Rgb{static_cast<unsigned char>(x * 200 / width + noise), static_cast<unsigned char>(y * 200 / height + noise),
                   static_cast<unsigned char>(128 + noise)};
    });
}

bool save(VipsImage* image, const QString& path)
{
    const int rc = vips_image_write_to_file(image, path.toUtf8().constData(), nullptr);
    if (rc != 0) {
        qWarning("save %s: %s", qPrintable(path), vips_error_buffer());
        vips_error_clear();
    }
    return rc == 0;
}

// Loads a JPEG the way the thumbnailer's own process could: through the allowed stream loader.
VipsImage* loadJpeg(const QString& path)
{
    VipsSource* source = vips_source_new_from_file(path.toUtf8().constData());
    if (!source)
        return nullptr;
    VipsImage* image = nullptr;
    if (vips_jpegload_source(source, &image, nullptr) != 0) {
        qWarning("load %s: %s", qPrintable(path), vips_error_buffer());
        vips_error_clear();
        image = nullptr;
    }
    g_object_unref(source);
    if (image) {
        // Decode now: the source may go away with the temporary directory.
        VipsImage* memory = vips_image_copy_memory(image);
        g_object_unref(image);
        image = memory;
    }
    return image;
}

Rgb pixelAt(VipsImage* image, int x, int y)
{
    double* values = nullptr;
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
    return c.r > 200 && c.g < 60 && c.b < 60;
}

std::string field(VipsImage* image, const char* name)
{
    char* value = nullptr;
    if (vips_image_get_typeof(image, name) == 0 || vips_image_get_as_string(image, name, &value) != 0) {
        vips_error_clear();
        return {};
    }
    std::string text = value;
    g_free(value);
    return text;
}


bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestMedia : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void orientationSixComesOutUpright();
    void capturedAtConvertedToUtc_data();
    void capturedAtConvertedToUtc();
    void outputCarriesNoMetadata();
    void formatsProduceThumbnails_data();
    void formatsProduceThumbnails();
    void animatedGifGivesFirstFrame();
    void smallImageIsNotUpscaled();
    void smallerSizeFromOneDecodeMatchesItsOwnDecode();

    void hostileFilesRefused_data();
    void hostileFilesRefused();
    void hugeHeaderRefusedBeforeDecode();
    void bombUnderTheLimitStreamsInLittleMemory();
    void memoryLimitEndsAsAFailure();
    void blockedLoadersStayBlocked();

    void wallClockLimitKillsAHungChild();
    void cpuLimitStopsALongDecode();
    void crashAndGarbageBecomeResults();
    void missingExecutableThrows();
    void exitCodesAndOneJsonLine();
    void parallelRunsAreIndependent();

    // The worker pool (nestbox-thumbnailer --serve).
    void serveAnswersOneLinePerRequest();
    void serveRetiresAfterAFailedDecode();
    void serveRetiresBeforeItsCpuLimit();
    void crashOfOneRequestDoesNotBreakTheNext();
    void timeoutKillsAndReplacesTheWorker();
    void workerRecyclesAfterJobsPerWorker();
    void parallelRunsShareAFewWorkers();
    void workerDeadWhileIdleIsReplacedSilently();
    void shutdownEndsTheWorkers();

private:
    MediaResult run(const QString& src, const std::vector<int>& sizes = {256, 1280}, MediaLimits limits = {});
    QString path(const QString& name) const { return _dir.filePath(name); }
    QString outDir();
    QString photo(const QString& name, int width = 640, int height = 480);
    QString script(const QString& name, const QByteArray& body);

    QTemporaryDir _dir;
    int _outDirs = 0;
};

void TestMedia::initTestCase()
{
    QVERIFY(_dir.isValid());
    QVERIFY2(QFileInfo(kThumbnailer).isExecutable(), qPrintable(kThumbnailer));
    std::string error;
    // The same hardened start as nestbox-thumbnailer, so the in-process checks below see what
    // the child sees. Savers are untouched by it, which is how the test writes its images.
    QVERIFY2(nestbox::media::initVipsForUntrustedInput("tst_media", error), error.c_str());
    // HEIF comes as a libvips module that the init leaves out; load it here for heifsave too.
    // Debian 12: libheif 1.15 with libde265 (decode), x265 (encode) and aom/dav1d (AVIF).
    QVERIFY2(nestbox::media::ensureHeifLoader(), "this libvips cannot read HEIF");
}

QString TestMedia::outDir()
{
    const QString dir = path(QStringLiteral("out%1").arg(++_outDirs));
    QDir().mkpath(dir);
    return dir;
}

QString TestMedia::photo(const QString& name, int width, int height)
{
    const QString file = path(name);
    if (!QFile::exists(file)) {
        VipsImage* image = makePhoto(width, height);
        save(image, file);
        g_object_unref(image);
    }
    return file;
}

QString TestMedia::script(const QString& name, const QByteArray& body)
{
    const QString file = path(name);
    writeFile(file, "#!/bin/sh\n" + body + "\n");
    QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return file;
}

MediaResult TestMedia::run(const QString& src, const std::vector<int>& sizes, MediaLimits limits)
{
    const ThumbnailerProcess process(toStd(kThumbnailer), limits);
    return process.run(toStd(src), toStd(outDir()), sizes);
}

void TestMedia::orientationSixComesOutUpright()
{
    // Stored landscape 400x300 with a red band down the LEFT edge. Orientation 6 means "rotate
    // 90 degrees clockwise to display", which turns the left edge into the top.
    VipsImage* stored = makeImage(400, 300, [](int x, int) { return x < 60 ? Rgb{255, 0, 0} : Rgb{0, 90, 255}; });
    vips_image_set_int(stored, "orientation", 6);
    const QString src = path(QStringLiteral("portrait.jpg"));
    QVERIFY(save(stored, src));
    g_object_unref(stored);
    {
        // The orientation really is in the file's EXIF.
        VipsImage* check = loadJpeg(src);
        QVERIFY(check);
        QCOMPARE(vips_image_get_orientation(check), 6);
        g_object_unref(check);
    }

    const MediaResult result = run(src);
    QVERIFY2(result.ok, result.message.c_str());
    QCOMPARE(result.mime, std::string("image/jpeg"));
    QCOMPARE(result.width, 300);
    QCOMPARE(result.height, 400);
    QCOMPARE(result.thumbnails.size(), std::size_t(2));

    VipsImage* thumb = loadJpeg(QString::fromStdString(result.thumbnails.at(256)));
    QVERIFY(thumb);
    QCOMPARE(vips_image_get_width(thumb), 192);
    QCOMPARE(vips_image_get_height(thumb), 256);
    QVERIFY(isRed(pixelAt(thumb, 96, 5)));    // top: the band
    QVERIFY(!isRed(pixelAt(thumb, 96, 250))); // bottom: blue
    QVERIFY(!isRed(pixelAt(thumb, 5, 128)));  // left edge is not the band any more
    g_object_unref(thumb);

    VipsImage* big = loadJpeg(QString::fromStdString(result.thumbnails.at(1280)));
    QVERIFY(big);
    // Never upscaled: the 1280 "preview" of a 300x400 photo is the photo's own size.
    QCOMPARE(vips_image_get_width(big), 300);
    QCOMPARE(vips_image_get_height(big), 400);
    g_object_unref(big);
}

void TestMedia::capturedAtConvertedToUtc_data()
{
    QTest::addColumn<QString>("dateTime");
    QTest::addColumn<QString>("offset");
    QTest::addColumn<QString>("expected"); // empty = null

    QTest::newRow("offset +02:00") << "2019:05:04 12:34:56" << "+02:00" << "2019-05-04T10:34:56Z";
    QTest::newRow("offset -05:30 crosses midnight") << "2021:12:31 20:00:00" << "-05:30" << "2022-01-01T01:30:00Z";
    QTest::newRow("no offset is taken as UTC") << "2008:02:29 07:08:09" << "" << "2008-02-29T07:08:09Z";
    QTest::newRow("zero date") << "0000:00:00 00:00:00" << "" << "";
    QTest::newRow("garbage") << "yesterday at noon!!" << "" << "";
    QTest::newRow("impossible day") << "2019:02:30 10:00:00" << "" << "";
    QTest::newRow("bad offset") << "2019:05:04 12:34:56" << "+2h" << "";
    QTest::newRow("absent") << "" << "" << "";
}

void TestMedia::capturedAtConvertedToUtc()
{
    QFETCH(QString, dateTime);
    QFETCH(QString, offset);
    QFETCH(QString, expected);

    VipsImage* image = makePhoto(320, 240);
    if (!dateTime.isEmpty())
        vips_image_set_string(image, "exif-ifd2-DateTimeOriginal", dateTime.toUtf8().constData());
    if (!offset.isEmpty())
        vips_image_set_string(image, "exif-ifd2-OffsetTimeOriginal", offset.toUtf8().constData());
    const QString src = path(QStringLiteral("dated-%1.jpg").arg(QString::fromLatin1(QTest::currentDataTag())).replace(u' ', u'_'));
    QVERIFY(save(image, src));
    g_object_unref(image);
    if (!dateTime.isEmpty()) {
        VipsImage* check = loadJpeg(src);
        QVERIFY(check);
        QVERIFY(field(check, "exif-ifd2-DateTimeOriginal").starts_with(toStd(dateTime)));
        g_object_unref(check);
    }

    const MediaResult result = run(src, {256});
    QVERIFY2(result.ok, result.message.c_str());
    if (expected.isEmpty()) {
        QVERIFY(!result.takenAtMs);
    } else {
        QVERIFY(result.takenAtMs);
        const QDateTime want = QDateTime::fromString(expected, Qt::ISODate);
        QVERIFY(want.isValid());
        QCOMPARE(*result.takenAtMs, want.toMSecsSinceEpoch());
    }
}

void TestMedia::outputCarriesNoMetadata()
{
    VipsImage* image = makePhoto(800, 600);
    vips_image_set_string(image, "exif-ifd2-DateTimeOriginal", "2019:05:04 12:34:56");
    vips_image_set_string(image, "exif-ifd3-GPSLatitudeRef", "N");
    vips_image_set_string(image, "exif-ifd3-GPSLatitude", "52/1 31/1 12/1");
    vips_image_set_string(image, "exif-ifd0-Make", "NestboxCam");
    const QString src = path(QStringLiteral("gps.jpg"));
    QVERIFY(save(image, src));
    g_object_unref(image);
    {
        VipsImage* check = loadJpeg(src);
        QVERIFY(check);
        QVERIFY(vips_image_get_typeof(check, "exif-data") != 0);
        QVERIFY(field(check, "exif-ifd3-GPSLatitude").starts_with("52/1 31/1 12/1"));
        g_object_unref(check);
    }

    const MediaResult result = run(src);
    QVERIFY2(result.ok, result.message.c_str());
    for (const auto& [size, file] : result.thumbnails) {
        VipsImage* thumb = loadJpeg(QString::fromStdString(file));
        QVERIFY(thumb);
        QVERIFY2(vips_image_get_typeof(thumb, "exif-data") == 0, "EXIF left in the thumbnail");
        QVERIFY(vips_image_get_typeof(thumb, "xmp-data") == 0);
        QVERIFY(vips_image_get_typeof(thumb, "iptc-data") == 0);
        QVERIFY(field(thumb, "exif-ifd3-GPSLatitude").empty());
        g_object_unref(thumb);
        // Belt and braces: the bytes themselves hold no Exif APP1 segment and no camera name.
        QFile bytes(QString::fromStdString(file));
        QVERIFY(bytes.open(QIODevice::ReadOnly));
        const QByteArray all = bytes.readAll();
        QVERIFY(!all.contains("Exif"));
        QVERIFY(!all.contains("NestboxCam"));
    }
}

void TestMedia::formatsProduceThumbnails_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QString>("mime");
    QTest::newRow("png") << "png" << "image/png";
    QTest::newRow("webp") << "webp" << "image/webp";
    QTest::newRow("gif") << "gif" << "image/gif";
    QTest::newRow("tiff") << "tif" << "image/tiff";
    // Debian 12's libheif 1.15 has libde265 (decode) and x265 (encode) plugins; AVIF uses aom/dav1d.
    QTest::newRow("heic") << "heic" << "image/heic";
    QTest::newRow("avif") << "avif" << "image/avif";
}

void TestMedia::formatsProduceThumbnails()
{
    QFETCH(QString, suffix);
    QFETCH(QString, mime);
    VipsImage* image = makePhoto(1600, 1200);
    // The file name lies on purpose: the thumbnailer must go by the bytes.
    const QString written = path(QStringLiteral("photo.%1").arg(suffix));
    QVERIFY(save(image, written));
    g_object_unref(image);
    const QString src = path(QStringLiteral("photo-%1.bin").arg(suffix));
    QVERIFY(QFile::rename(written, src));

    const MediaResult result = run(src);
    QVERIFY2(result.ok, (result.reason + ": " + result.message).c_str());
    QCOMPARE(QString::fromStdString(result.mime), mime);
    QCOMPARE(result.width, 1600);
    QCOMPARE(result.height, 1200);
    const std::pair<int, int> expected[] = {{256, 192}, {1280, 960}};
    for (const auto& [size, height] : expected) {
        QVERIFY(result.thumbnails.count(size));
        VipsImage* thumb = loadJpeg(QString::fromStdString(result.thumbnails.at(size)));
        QVERIFY(thumb);
        QCOMPARE(vips_image_get_width(thumb), size);
        QCOMPARE(vips_image_get_height(thumb), height);
        QCOMPARE(vips_image_get_bands(thumb), 3);
        g_object_unref(thumb);
    }
}

void TestMedia::animatedGifGivesFirstFrame()
{
    // Two 300x200 frames stacked: red, then blue; page-height makes it an animation.
    VipsImage* frames = makeImage(300, 400, [](int, int y) { return y < 200 ? Rgb{255, 0, 0} : Rgb{0, 0, 255}; });
    vips_image_set_int(frames, VIPS_META_PAGE_HEIGHT, 200);
    const QString src = path(QStringLiteral("anim.gif"));
    QVERIFY(save(frames, src));
    g_object_unref(frames);

    const MediaResult result = run(src, {256});
    QVERIFY2(result.ok, result.message.c_str());
    QCOMPARE(result.width, 300);
    QCOMPARE(result.height, 200);
    VipsImage* thumb = loadJpeg(QString::fromStdString(result.thumbnails.at(256)));
    QVERIFY(thumb);
    QCOMPARE(vips_image_get_width(thumb), 256);
    QCOMPARE(vips_image_get_height(thumb), 171);
    QVERIFY(isRed(pixelAt(thumb, 128, 85)));
    QVERIFY(isRed(pixelAt(thumb, 128, 165)));
    g_object_unref(thumb);
}

void TestMedia::smallImageIsNotUpscaled()
{
    VipsImage* image = makePhoto(120, 80);
    const QString src = path(QStringLiteral("tiny.png"));
    QVERIFY(save(image, src));
    g_object_unref(image);
    const MediaResult result = run(src);
    QVERIFY2(result.ok, result.message.c_str());
    for (const int size : {256, 1280}) {
        VipsImage* thumb = loadJpeg(QString::fromStdString(result.thumbnails.at(size)));
        QVERIFY(thumb);
        QCOMPARE(vips_image_get_width(thumb), 120);
        QCOMPARE(vips_image_get_height(thumb), 80);
        g_object_unref(thumb);
    }
}

void TestMedia::smallerSizeFromOneDecodeMatchesItsOwnDecode()
{
    // {256, 1280} decodes once and reduces the 256 from the 1280 in memory; {256} alone decodes
    // at 1/8 scale. The two 256 px thumbnails must look the same (an EXIF-rotated, ICC-tagged
    // photo, so orientation and colour handling are covered on both paths).
    VipsImage* image = makeImage(2400, 1600, [](int x, int y) {
        return Rgb{static_cast<unsigned char>(x * 255 / 2400), static_cast<unsigned char>(y * 255 / 1600),
                   static_cast<unsigned char>(x < 400 ? 255 : 40)};
    });
    vips_image_set_int(image, "orientation", 6);
    VipsImage* tagged = nullptr;
    QVERIFY(vips_icc_transform(image, &tagged, "srgb", "input_profile", "srgb", "embedded", FALSE, nullptr) == 0);
    g_object_unref(image);
    QVERIFY(vips_image_get_typeof(tagged, VIPS_META_ICC_NAME) != 0);
    const QString src = path(QStringLiteral("derived.jpg"));
    QVERIFY(save(tagged, src));
    g_object_unref(tagged);

    const MediaResult both = run(src, {256, 1280});
    const MediaResult alone = run(src, {256});
    QVERIFY2(both.ok && alone.ok, (both.message + alone.message).c_str());
    VipsImage* derived = loadJpeg(QString::fromStdString(both.thumbnails.at(256)));
    VipsImage* direct = loadJpeg(QString::fromStdString(alone.thumbnails.at(256)));
    QVERIFY(derived && direct);
    QCOMPARE(vips_image_get_width(derived), 171); // upright: 1600x2400 shown
    QCOMPARE(vips_image_get_height(derived), 256);
    QCOMPARE(vips_image_get_width(direct), vips_image_get_width(derived));
    QCOMPARE(vips_image_get_height(direct), vips_image_get_height(derived));
    VipsImage* difference = nullptr;
    VipsImage* absolute = nullptr;
    QVERIFY(vips_subtract(derived, direct, &difference, nullptr) == 0);
    QVERIFY(vips_abs(difference, &absolute, nullptr) == 0);
    double mean = 0, worst = 0;
    QVERIFY(vips_avg(absolute, &mean, nullptr) == 0);
    QVERIFY(vips_max(absolute, &worst, nullptr) == 0);
    qInfo("derived vs direct 256 px: mean difference %.2f, max %.0f", mean, worst);
    QVERIFY2(mean < 2.0, qPrintable(QString::number(mean)));
    QVERIFY(isRed(pixelAt(derived, 85, 5)) == isRed(pixelAt(direct, 85, 5)));
    for (VipsImage* i : {derived, direct, difference, absolute})
        g_object_unref(i);
}

void TestMedia::hostileFilesRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason");

    VipsImage* photo = makePhoto(1000, 800);
    void* buffer = nullptr;
    size_t size = 0;
    QVERIFY(vips_jpegsave_buffer(photo, &buffer, &size, nullptr) == 0);
    const QByteArray jpeg(static_cast<const char*>(buffer), qsizetype(size));
    g_free(buffer);
    QVERIFY(vips_pngsave_buffer(photo, &buffer, &size, nullptr) == 0);
    const QByteArray png(static_cast<const char*>(buffer), qsizetype(size));
    g_free(buffer);
    g_object_unref(photo);

    QByteArray random(64 * 1024, '\0');
    QRandomGenerator rng(42);
    for (char& c : random)
        c = char(rng.bounded(256));
    random[0] = 'x'; // no accidental magic

    const QByteArray svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">"
                           "<rect width=\"100\" height=\"100\" fill=\"red\"/></svg>";
    const QByteArray pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
                           "endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    const QByteArray ps = "%!PS-Adobe-3.0\n%%BoundingBox: 0 0 100 100\nnewpath 0 0 moveto 100 100 lineto stroke showpage\n";

    QTest::newRow("truncated jpeg") << jpeg.left(jpeg.size() / 2) << "decode_failed";
    QTest::newRow("jpeg header only") << jpeg.left(4) << "decode_failed";
    QTest::newRow("truncated png") << png.left(png.size() / 2) << "decode_failed";
    QTest::newRow("random bytes named .jpg") << random << "not_allowed_format";
    QTest::newRow("empty file") << QByteArray() << "not_allowed_format";
    QTest::newRow("svg") << svg << "not_allowed_format";
    QTest::newRow("pdf") << pdf << "not_allowed_format";
    QTest::newRow("postscript") << ps << "not_allowed_format";
    // JPEG magic in front of an SVG: passes the magic check, then only the JPEG decoder runs.
    QTest::newRow("svg behind jpeg magic") << QByteArray("\xFF\xD8\xFF") + svg << "decode_failed";
    QTest::newRow("png 60000x60000 header") << zeroPng(60000, 60000, 8, 1) << "too_many_pixels";
    QTest::newRow("png bomb 20000x20000") << zeroPng(20000, 20000, 1, 20000) << "too_many_pixels";
    QTest::newRow("heic brand, garbage body") << QByteArray("\0\0\0\x18" "ftypheic\0\0\0\0mif1heic", 24)
            + random.left(512) << "decode_failed";
    QTest::newRow("bmp is not on the list") << QByteArray("BM") + random.left(100) << "not_allowed_format";
}

void TestMedia::hostileFilesRefused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    // Every hostile file is named .jpg: the name must not matter.
    const QString src = path(QStringLiteral("hostile-%1.jpg").arg(QString::fromLatin1(QTest::currentDataTag())).replace(u' ', u'_'));
    QVERIFY(writeFile(src, bytes));
    const MediaResult result = run(src);
    QVERIFY(!result.ok);
    QVERIFY2(QString::fromStdString(result.reason) == reason, (result.reason + ": " + result.message).c_str());
    QVERIFY(result.thumbnails.empty());
}

void TestMedia::hugeHeaderRefusedBeforeDecode()
{
    // 60000 x 60000 8-bit grey would be 3.6 GB decoded. The header alone must refuse it: fast,
    // and inside a child allowed only 128 MB of address space... which is still plenty, because
    // nothing is decoded.
    const QString src = path(QStringLiteral("huge.png"));
    QVERIFY(writeFile(src, zeroPng(60000, 60000, 8, 60000)));
    QVERIFY(QFileInfo(src).size() < 8 * 1024 * 1024);
    MediaLimits limits;
    limits.memoryMb = 512;
    QElapsedTimer timer;
    timer.start();
    const MediaResult result = run(src, {256, 1280}, limits);
    const qint64 ms = timer.elapsed();
    QCOMPARE(result.reason, std::string("too_many_pixels"));
    QVERIFY2(ms < 20000, qPrintable(QStringLiteral("took %1 ms").arg(ms)));

    // The probe itself (what the fuzzer drives) answers the same from memory.
    QFile file(src);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    const nestbox::media::ImageProbe probe = nestbox::media::probeImageMemory(bytes.constData(), std::size_t(bytes.size()), 100'000'000);
    QVERIFY(!probe.ok);
    QCOMPARE(probe.reason, std::string("too_many_pixels"));
}

void TestMedia::bombUnderTheLimitStreamsInLittleMemory()
{
    // 9000 x 9000 = 81 megapixels, under the 100 MP limit, 81 MB decoded, ~80 KB on disk. PNG
    // has no shrink-on-load, so this is decoded in full, but streamed: it must fit a child with
    // a 384 MB address-space limit (shared libraries included).
    const QString src = path(QStringLiteral("bomb81.png"));
    QVERIFY(writeFile(src, zeroPng(9000, 9000, 8, 9000)));
    MediaLimits limits;
    limits.memoryMb = 384;
    const MediaResult result = run(src, {256}, limits);
    QVERIFY2(result.ok, (result.reason + ": " + result.message).c_str());
    QCOMPARE(result.width, 9000);
}

void TestMedia::memoryLimitEndsAsAFailure()
{
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer reserves terabytes of address space, so a sanitizer build of the
    // thumbnailer runs without RLIMIT_AS by design: there is no limit here to test.
    QSKIP("the thumbnailer sets no address-space limit in an AddressSanitizer build");
#endif
    // An 8192 px JPEG of a 99 megapixel image needs well over 100 MB; with RLIMIT_AS at 100 MB
    // the child fails (an allocation error, or glib aborting), and the runner reports it.
    const QString src = path(QStringLiteral("hungry.png"));
    QVERIFY(writeFile(src, zeroPng(9950, 9950, 8, 9950)));
    MediaLimits limits;
    limits.memoryMb = 100;
    const MediaResult result = run(src, {8192}, limits);
    QVERIFY(!result.ok);
    QVERIFY2(result.reason == "crashed" || result.reason == "decode_failed", (result.reason + ": " + result.message).c_str());
}

void TestMedia::blockedLoadersStayBlocked()
{
    // An SVG under a .jpg name, through the real child.
    const QString svg = path(QStringLiteral("drawing.svg"));
    QVERIFY(writeFile(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>"));
    const QString disguised = path(QStringLiteral("drawing.jpg"));
    QVERIFY(QFile::copy(svg, disguised));
    QCOMPARE(run(disguised).reason, std::string("not_allowed_format"));

    // In process, after the same init: libvips 8.14's sniffing still *names* svgload for an SVG
    // (vips_foreign_find_load does not skip blocked classes), but running it must be refused.
    const char* found = vips_foreign_find_load(svg.toUtf8().constData());
    vips_error_clear();
    VipsImage* image = vips_image_new_from_file(svg.toUtf8().constData(), nullptr);
    const QByteArray error = vips_error_buffer();
    vips_error_clear();
    QVERIFY2(!image, found);
    QVERIFY2(error.contains("blocked") || !found, error.constData());

    // HEIF arrives as a libvips module after the init; the block list must cover it as well.
    QVERIFY2(nestbox::media::ensureHeifLoader(), "no HEIF loader in this libvips");

    // Every dangerous or needless loader is blocked (or not even loaded: Debian's magick,
    // poppler, openslide and jxl modules stay out), the six allowed stream loaders are not.
    const char* blocked[] = {"svgload", "svgload_buffer", "svgload_source", "pdfload", "pdfload_buffer", "pdfload_source",
                             "magickload", "magickload_buffer", "openslideload", "openslideload_source", "fitsload",
                             "matload", "vipsload", "vipsload_source", "csvload", "matrixload", "ppmload", "radload",
                             "jp2kload", "jxlload", "analyzeload", "rawload", "openexrload",
                             // the file and buffer variants of allowed formats too: only streams are used
                             "jpegload", "jpegload_buffer", "pngload", "webpload", "gifload", "tiffload", "heifload"};
    for (const char* name : blocked) {
        VipsOperation* op = vips_operation_new(name);
        if (!op) { // not built into this libvips at all: as good as blocked
            vips_error_clear();
            continue;
        }
        const bool isBlocked = vips_operation_get_flags(op) & VIPS_OPERATION_BLOCKED;
        g_object_unref(op);
        QVERIFY2(isBlocked, name);
    }
    const char* allowed[] = {"jpegload_source", "pngload_source", "webpload_source",
                             "gifload_source", "tiffload_source", "heifload_source"};
    for (const char* name : allowed) {
        VipsOperation* op = vips_operation_new(name);
        QVERIFY2(op, name);
        const bool isBlocked = vips_operation_get_flags(op) & VIPS_OPERATION_BLOCKED;
        g_object_unref(op);
        QVERIFY2(!isBlocked, name);
    }
}

void TestMedia::wallClockLimitKillsAHungChild()
{
    // A FIFO with no writer: the child blocks forever opening it, the way a stuck decoder would
    // hang. The runner must kill it at the wall-clock limit and answer, not hang with it.
    const QString fifo = path(QStringLiteral("stuck.jpg"));
    QCOMPARE(::mkfifo(fifo.toUtf8().constData(), 0600), 0);
    MediaLimits limits;
    limits.wallSeconds = 1;
    QElapsedTimer timer;
    timer.start();
    const MediaResult result = run(fifo, {256}, limits);
    QCOMPARE(result.reason, std::string("timeout"));
    // Killed at its 1 s limit, not left hanging: a generous bound that a loaded machine meets.
    QVERIFY(timer.elapsed() < 30000);
}

void TestMedia::cpuLimitStopsALongDecode()
{
    // 99 megapixels of PNG (no shrink-on-load), decoded once per size and encoded up to 8192 px:
    // about 3 CPU seconds here, so a 1 s CPU limit ends it with SIGXCPU, reported as a timeout.
    const QString src = path(QStringLiteral("long.png"));
    QVERIFY(writeFile(src, zeroPng(9950, 9950, 8, 9950)));
    MediaLimits limits;
    limits.cpuSeconds = 1;
    limits.wallSeconds = 30;
    const MediaResult result = run(src, {256, 512, 1024, 2048, 4096, 8192}, limits);
    QVERIFY2(!result.ok, "the decode finished within one CPU second; make the image bigger");
    QCOMPARE(result.reason, std::string("timeout"));
    // The CPU limit ended it, not the 30 s wall clock (a loaded machine stretches wall time,
    // so the message tells which limit fired rather than a stopwatch).
    QVERIFY2(result.message.find("CPU limit") != std::string::npos, result.message.c_str());
}

void TestMedia::crashAndGarbageBecomeResults()
{
    // Stand-in children (small shell scripts) that misbehave the ways a broken decoder can.
    const auto script = [this](const QString& name, const QByteArray& body) {
        const QString file = path(name);
        writeFile(file, "#!/bin/sh\n" + body + "\n");
        QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return file;
    };
    const QString src = path(QStringLiteral("any.jpg"));
    writeFile(src, "x");
    const struct {
        const char* name;
        QByteArray body;
        const char* reason;
    } cases[] = {
        {"segv.sh", "echo 'half an answ' ; kill -SEGV $$", "crashed"},
        {"abort.sh", "kill -ABRT $$", "crashed"},
        {"garbage.sh", "echo 'this is not json'; exit 0", "decode_failed"},
        {"silent.sh", "exit 1", "decode_failed"},
        {"xcpu.sh", "kill -XCPU $$", "timeout"},
        {"chatty.sh", "head -c 1000000 /dev/zero | tr '\\\\0' x; exit 3", "decode_failed"},
    };
    for (const auto& c : cases) {
        const ThumbnailerProcess process(toStd(script(QString::fromLatin1(c.name), c.body)), MediaLimits{});
        MediaResult result;
        try {
            result = process.run(toStd(src), toStd(outDir()), {256});
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QStringLiteral("%1 threw %2").arg(QString::fromLatin1(c.name), QString::fromUtf8(e.what()))));
        }
        QVERIFY2(!result.ok, c.name);
        QVERIFY2(result.reason == c.reason, (std::string(c.name) + " -> " + result.reason + ": " + result.message).c_str());
    }
}

void TestMedia::missingExecutableThrows()
{
    const ThumbnailerProcess process(toStd(path(QStringLiteral("no-such-thumbnailer"))), MediaLimits{});
    QVERIFY_THROWS_EXCEPTION(std::exception, process.run("/dev/null", toStd(outDir()), {256}));
}

void TestMedia::exitCodesAndOneJsonLine()
{
    VipsImage* image = makePhoto(640, 480);
    const QString good = path(QStringLiteral("cli.jpg"));
    QVERIFY(save(image, good));
    g_object_unref(image);
    const QString bad = path(QStringLiteral("cli.svg"));
    QVERIFY(writeFile(bad, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    const QString out = outDir();

    const auto call = [&](const QStringList& args, int expectedExit) {
        QProcess child;
        child.start(kThumbnailer, args);
        QVERIFY(child.waitForFinished(30000));
        QCOMPARE(child.exitStatus(), QProcess::NormalExit);
        QCOMPARE(child.exitCode(), expectedExit);
        const QByteArray stdoutBytes = child.readAllStandardOutput();
        QCOMPARE(stdoutBytes.count('\n'), 1);
        QVERIFY(stdoutBytes.endsWith('\n'));
        QVERIFY(stdoutBytes.startsWith('{'));
    };
    call({QStringLiteral("--src=") + good, QStringLiteral("--out=") + out, QStringLiteral("--sizes=1280,256")}, 0);
    QVERIFY(QFile::exists(out + QStringLiteral("/256.jpg")));
    QVERIFY(QFile::exists(out + QStringLiteral("/1280.jpg")));
    // No temporary file is left behind.
    QCOMPARE(QDir(out).entryList(QDir::Files).size(), 2);
    call({QStringLiteral("--src=") + bad, QStringLiteral("--out=") + out, QStringLiteral("--sizes=256")}, 3);
    call({QStringLiteral("--src=") + good, QStringLiteral("--sizes=256")}, 2);
    call({QStringLiteral("--src=") + good, QStringLiteral("--out=") + out, QStringLiteral("--sizes=abc")}, 2);
    call({QStringLiteral("--src=") + good, QStringLiteral("--out=") + out, QStringLiteral("--sizes=256"),
          QStringLiteral("--bogus=1")}, 2);
}

void TestMedia::parallelRunsAreIndependent()
{
    std::vector<QString> sources;
    for (int i = 0; i < 6; ++i) {
        VipsImage* image = makePhoto(900 + i * 10, 700);
        sources.push_back(path(QStringLiteral("par%1.jpg").arg(i)));
        QVERIFY(save(image, sources.back()));
        g_object_unref(image);
    }
    std::vector<QString> outs;
    for (std::size_t i = 0; i < sources.size(); ++i)
        outs.push_back(outDir());
    const ThumbnailerProcess process(toStd(kThumbnailer), MediaLimits{});
    std::vector<MediaResult> results(sources.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < sources.size(); ++i)
        threads.emplace_back([&, i] { results[i] = process.run(toStd(sources[i]), toStd(outs[i]), {256}); });
    for (std::thread& t : threads)
        t.join();
    for (std::size_t i = 0; i < sources.size(); ++i) {
        QVERIFY2(results[i].ok, results[i].message.c_str());
        QCOMPARE(results[i].width, 900 + std::int64_t(i) * 10);
        QVERIFY(results[i].thumbnails.at(256).starts_with(toStd(outs[i])));
    }
}

namespace {

// A nestbox-thumbnailer --serve stand-in that answers every request with ok, its pid as the
// width and the number of requests it has seen as the height, and misbehaves on request:
// "crash" in the source path gets half an answer and SIGSEGV, "hang" sleeps, "garbage" answers
// a non-JSON line first and stays alive.
const QByteArray kServeStandIn = R"(n=0
while IFS= read -r line; do
  n=$((n+1))
  case "$line" in
    *crash*) echo 'half an answ'; kill -SEGV $$ ;;
    *hang*) sleep 30 ;;
    *garbage*) echo 'not json at all' ;;
  esac
  echo "{\"ok\":true,\"mime\":\"image/jpeg\",\"width\":$$,\"height\":$n,\"taken_at\":null,\"thumbnails\":{}}"
done)";

QByteArray requestLine(const QString& src, const QString& out, const QByteArray& sizes)
{
    return "--src=" + src.toUtf8() + "\t--out=" + out.toUtf8() + "\t--sizes=" + sizes;
}

bool processAlive(int pid)
{
    return ::kill(pid, 0) == 0;
}

// Talks to `nestbox-thumbnailer --serve` directly: sends `requests`, returns the answer lines.
QList<QByteArray> serveSession(const QStringList& args, const QList<QByteArray>& requests, int& exitCode)
{
    QProcess child;
    child.start(kThumbnailer, QStringList{QStringLiteral("--serve")} + args);
    if (!child.waitForStarted(10000))
        return {};
    for (const QByteArray& request : requests)
        child.write(request + "\n");
    child.closeWriteChannel();
    if (!child.waitForFinished(60000))
        child.kill();
    exitCode = child.exitStatus() == QProcess::NormalExit ? child.exitCode() : -1;
    QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

} // namespace

void TestMedia::serveAnswersOneLinePerRequest()
{
    const QString good = photo(QStringLiteral("serve.jpg"));
    const QString svg = path(QStringLiteral("serve.svg"));
    QVERIFY(writeFile(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    const QString out = outDir();
    const QByteArray goodRequest = requestLine(good, out, "1280,256");
    int exitCode = -1;
    const QList<QByteArray> lines = serveSession(
        {QStringLiteral("--jobs=10")},
        {goodRequest, requestLine(svg, out, "256"), "--bogus=1", goodRequest},
        exitCode);
    // End of input ends the worker cleanly, one line per request.
    QCOMPARE(exitCode, 0);
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[0].startsWith("{\"ok\":true"));
    QVERIFY(!lines[0].contains("\"last\""));
    QVERIFY(QFile::exists(out + QStringLiteral("/256.jpg")));
    QVERIFY(QFile::exists(out + QStringLiteral("/1280.jpg")));
    // A refusal before any decoder ran keeps the worker.
    QVERIFY(lines[1].contains("\"not_allowed_format\""));
    QVERIFY(!lines[1].contains("\"last\""));
    // A bad request is answered, and the worker retires after it.
    QVERIFY(lines[2].contains("\"usage\""));
    QVERIFY(lines[2].contains("\"last\":true"));

    // --jobs: the answer to the last job says so, and the worker stops reading.
    const QList<QByteArray> two = serveSession({QStringLiteral("--jobs=2")}, {goodRequest, goodRequest, goodRequest}, exitCode);
    QCOMPARE(exitCode, 0);
    QCOMPARE(two.size(), 2);
    QVERIFY(!two[0].contains("\"last\""));
    QVERIFY(two[1].startsWith("{\"ok\":true"));
    QVERIFY(two[1].contains("\"last\":true"));

    // Request words only on the lines, limits only on the command line.
    const QList<QByteArray> mixed = serveSession({QStringLiteral("--src=") + good}, {goodRequest}, exitCode);
    QCOMPARE(exitCode, 2);
    const QList<QByteArray> limitInRequest = serveSession({}, {goodRequest + "\t--memory-mb=100000"}, exitCode);
    QCOMPARE(limitInRequest.size(), 1);
    QVERIFY(limitInRequest[0].contains("\"usage\""));
}

void TestMedia::serveRetiresAfterAFailedDecode()
{
    VipsImage* image = makePhoto(800, 600);
    void* buffer = nullptr;
    size_t size = 0;
    QVERIFY(vips_jpegsave_buffer(image, &buffer, &size, nullptr) == 0);
    g_object_unref(image);
    const QString truncated = path(QStringLiteral("serve-truncated.jpg"));
    QVERIFY(writeFile(truncated, QByteArray(static_cast<const char*>(buffer), qsizetype(size / 2))));
    g_free(buffer);
    const QString good = photo(QStringLiteral("serve.jpg"));
    const QString out = outDir();
    int exitCode = -1;
    const QList<QByteArray> lines = serveSession(
        {}, {requestLine(truncated, out, "256"),
             requestLine(good, out, "256")},
        exitCode);
    QCOMPARE(exitCode, 0);
    QCOMPARE(lines.size(), 1);
    QVERIFY(lines[0].contains("\"decode_failed\""));
    QVERIFY(lines[0].contains("\"last\":true"));
}

void TestMedia::serveRetiresBeforeItsCpuLimit()
{
    // With --cpu-seconds=1 every request gets one CPU second (RLIMIT_CPU re-armed per request)
    // under a hard limit of 3 + 1 s; the worker retires once a further full second would no
    // longer fit, i.e. after about 2 s of CPU, and is never killed by the limit on the way.
    const QString src = path(QStringLiteral("cpu.png"));
    QVERIFY(writeFile(src, zeroPng(5000, 5000, 8, 5000)));
    const QString out = outDir();
    QList<QByteArray> requests;
    for (int i = 0; i < 60; ++i)
        requests << requestLine(src, out, "256");
    int exitCode = -1;
    QElapsedTimer timer;
    timer.start();
    const QList<QByteArray> lines = serveSession({QStringLiteral("--cpu-seconds=1")}, requests, exitCode);
    QCOMPARE(exitCode, 0); // not SIGXCPU
    QVERIFY(!lines.isEmpty());
    QVERIFY2(lines.size() < requests.size(), "60 requests in under 2 CPU seconds: make the image bigger");
    for (const QByteArray& line : lines)
        QVERIFY2(line.startsWith("{\"ok\":true"), line.constData());
    QVERIFY(lines.last().contains("\"last\":true"));
    qInfo("retired after %lld requests, %lld ms", qint64(lines.size()), timer.elapsed());
}

void TestMedia::crashOfOneRequestDoesNotBreakTheNext()
{
    const QString standIn = script(QStringLiteral("serve-stand-in.sh"), kServeStandIn);
    MediaLimits limits;
    limits.workers = 1;
    limits.wallSeconds = 1;
    const ThumbnailerProcess process(toStd(standIn), limits);
    const std::string out = toStd(outDir());

    const MediaResult first = process.run("/photos/ok-1.jpg", out, {256});
    QVERIFY2(first.ok, first.message.c_str());
    QCOMPARE(first.height, 1); // the worker's first request
    const MediaResult second = process.run("/photos/ok-2.jpg", out, {256});
    QVERIFY(second.ok);
    QCOMPARE(second.width, first.width); // the same worker
    QCOMPARE(second.height, 2);

    const MediaResult crash = process.run("/photos/crash.jpg", out, {256});
    QVERIFY(!crash.ok);
    QCOMPARE(crash.reason, std::string("crashed"));
    QVERIFY(!processAlive(int(first.width)));

    const MediaResult afterCrash = process.run("/photos/ok-3.jpg", out, {256});
    QVERIFY2(afterCrash.ok, (afterCrash.reason + ": " + afterCrash.message).c_str());
    QVERIFY(afterCrash.width != first.width); // a fresh worker...
    QCOMPARE(afterCrash.height, 1);           // ...that saw only this request

    const MediaResult garbage = process.run("/photos/garbage.jpg", out, {256});
    QCOMPARE(garbage.reason, std::string("bad_output"));
    QVERIFY(!processAlive(int(afterCrash.width)));
    const MediaResult hang = process.run("/photos/hang.jpg", out, {256});
    QCOMPARE(hang.reason, std::string("timeout"));
    const MediaResult last = process.run("/photos/ok-4.jpg", out, {256});
    QVERIFY(last.ok);
    QCOMPARE(last.height, 1);

    const ThumbnailerProcess::Stats stats = process.stats();
    QCOMPARE(stats.started, std::uint64_t(4));
    QCOMPARE(stats.replaced, std::uint64_t(3));
    QCOMPARE(stats.requests, std::uint64_t(7));
    QCOMPARE(stats.pids.size(), std::size_t(1));

    // Two workers, one thread crashing its requests and three others working: only the
    // crashing requests fail.
    limits.workers = 2;
    const ThumbnailerProcess shared(toStd(standIn), limits);
    std::atomic<int> okCount{0}, crashed{0}, wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 8; ++i) {
                const MediaResult r = shared.run(t == 0 ? "/photos/crash.jpg" : "/photos/ok.jpg", out, {256});
                if (t == 0 ? r.reason == "crashed" : r.ok)
                    ++(t == 0 ? crashed : okCount);
                else
                    ++wrong;
            }
        });
    for (std::thread& thread : threads)
        thread.join();
    QCOMPARE(wrong.load(), 0);
    QCOMPARE(okCount.load(), 24);
    QCOMPARE(crashed.load(), 8);
    QVERIFY(shared.stats().pids.size() <= 2);
}

void TestMedia::timeoutKillsAndReplacesTheWorker()
{
    const QString good = photo(QStringLiteral("pool.jpg"));
    const QString fifo = path(QStringLiteral("pool-stuck.jpg"));
    QCOMPARE(::mkfifo(fifo.toUtf8().constData(), 0600), 0);
    MediaLimits limits;
    limits.workers = 1;
    limits.wallSeconds = 1;
    const ThumbnailerProcess process(toStd(kThumbnailer), limits);

    QVERIFY(process.run(toStd(good), toStd(outDir()), {256}).ok);
    const std::vector<int> before = process.stats().pids;
    QCOMPARE(before.size(), std::size_t(1));

    QElapsedTimer timer;
    timer.start();
    const MediaResult stuck = process.run(toStd(fifo), toStd(outDir()), {256});
    QCOMPARE(stuck.reason, std::string("timeout"));
    QVERIFY(timer.elapsed() < 30000);
    QVERIFY(!processAlive(before[0])); // killed and reaped
    QVERIFY(process.stats().pids.empty());

    const MediaResult next = process.run(toStd(good), toStd(outDir()), {256});
    QVERIFY2(next.ok, (next.reason + ": " + next.message).c_str());
    const ThumbnailerProcess::Stats stats = process.stats();
    QCOMPARE(stats.started, std::uint64_t(2));
    QCOMPARE(stats.replaced, std::uint64_t(1));
    QCOMPARE(stats.pids.size(), std::size_t(1));
    QVERIFY(stats.pids[0] != before[0]);
}

void TestMedia::workerRecyclesAfterJobsPerWorker()
{
    const QString good = photo(QStringLiteral("pool.jpg"));
    MediaLimits limits;
    limits.workers = 1;
    limits.jobsPerWorker = 3;
    const ThumbnailerProcess process(toStd(kThumbnailer), limits);
    std::set<int> pids;
    for (int i = 0; i < 7; ++i) {
        const MediaResult result = process.run(toStd(good), toStd(outDir()), {256});
        QVERIFY2(result.ok, (result.reason + ": " + result.message).c_str());
        const ThumbnailerProcess::Stats stats = process.stats();
        // A worker that answered its third request has exited and been reaped already.
        QCOMPARE(stats.pids.size(), std::size_t((i + 1) % 3 == 0 ? 0 : 1));
        pids.insert(stats.pids.begin(), stats.pids.end());
    }
    const ThumbnailerProcess::Stats stats = process.stats();
    QCOMPARE(stats.started, std::uint64_t(3)); // requests 1-3, 4-6, 7
    QCOMPARE(stats.retired, std::uint64_t(2));
    QCOMPARE(stats.replaced, std::uint64_t(0));
    QCOMPARE(pids.size(), std::size_t(3));
}

void TestMedia::parallelRunsShareAFewWorkers()
{
    std::vector<QString> sources;
    for (int i = 0; i < 4; ++i)
        sources.push_back(photo(QStringLiteral("share%1.jpg").arg(i), 700 + i * 10, 500));
    MediaLimits limits;
    limits.workers = 2;
    const ThumbnailerProcess process(toStd(kThumbnailer), limits);
    constexpr int kThreads = 5, kPerThread = 6;
    std::vector<std::vector<std::string>> outs(kThreads);
    for (auto& list : outs)
        for (int i = 0; i < kPerThread; ++i)
            list.push_back(toStd(outDir()));
    std::vector<std::vector<MediaResult>> results(kThreads, std::vector<MediaResult>(kPerThread));
    std::atomic<std::size_t> maxWorkers{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                results[t][i] = process.run(toStd(sources[(t + i) % sources.size()]), outs[t][i], {256, 1280});
                const std::size_t live = process.stats().pids.size();
                for (std::size_t seen = maxWorkers; live > seen && !maxWorkers.compare_exchange_weak(seen, live);) {
                }
            }
        });
    for (std::thread& thread : threads)
        thread.join();
    for (int t = 0; t < kThreads; ++t)
        for (int i = 0; i < kPerThread; ++i) {
            const MediaResult& r = results[t][i];
            QVERIFY2(r.ok, (r.reason + ": " + r.message).c_str());
            QCOMPARE(r.width, 700 + std::int64_t((t + i) % sources.size()) * 10);
            QVERIFY(r.thumbnails.at(256).starts_with(outs[t][i]));
            QVERIFY(QFile::exists(QString::fromStdString(r.thumbnails.at(1280))));
        }
    const ThumbnailerProcess::Stats stats = process.stats();
    QCOMPARE(stats.started, std::uint64_t(2)); // 30 images, two processes
    QCOMPARE(stats.requests, std::uint64_t(kThreads * kPerThread));
    QVERIFY(maxWorkers <= 2);
}

void TestMedia::workerDeadWhileIdleIsReplacedSilently()
{
    const QString good = photo(QStringLiteral("pool.jpg"));
    MediaLimits limits;
    limits.workers = 1;
    const ThumbnailerProcess process(toStd(kThumbnailer), limits);
    QVERIFY(process.run(toStd(good), toStd(outDir()), {256}).ok);
    const int pid = process.stats().pids.at(0);
    // Killed from outside while idle (the OOM killer, an administrator): the next request
    // must not pay for it.
    QCOMPARE(::kill(pid, SIGKILL), 0);
    // Dead (a zombie: its pipes are closed) before the next request is handed out; a worker
    // killed *while* taking a request is that request's crash, which is another test.
    const auto zombie = [pid] {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            return true;
        const QByteArray text = stat.readAll();
        const qsizetype paren = text.lastIndexOf(')');
        return paren > 0 && text.mid(paren + 2, 1) == "Z";
    };
    QTRY_VERIFY_WITH_TIMEOUT(zombie(), 5000);
    const MediaResult next = process.run(toStd(good), toStd(outDir()), {256});
    QVERIFY2(next.ok, (next.reason + ": " + next.message).c_str());
    QCOMPARE(process.stats().started, std::uint64_t(2));
}

void TestMedia::shutdownEndsTheWorkers()
{
    const QString good = photo(QStringLiteral("pool.jpg"));
    std::vector<int> pids;
    {
        MediaLimits limits;
        limits.workers = 2;
        const ThumbnailerProcess process(toStd(kThumbnailer), limits);
        std::thread other([&] { process.run(toStd(good), toStd(outDir()), {256}); });
        QVERIFY(process.run(toStd(good), toStd(outDir()), {256}).ok);
        other.join();
        pids = process.stats().pids;
        QVERIFY(!pids.empty());
        const ThumbnailerProcess copy = process; // copies share the pool
        copy.shutdown();
        QVERIFY(process.stats().pids.empty());
        QVERIFY(copy.run(toStd(good), toStd(outDir()), {256}).ok); // fresh workers on demand
        pids.push_back(process.stats().pids.at(0));
    }
    // The last copy gone, every worker has exited and been reaped.
    for (const int pid : pids)
        QVERIFY(!processAlive(pid));
}

QTEST_GUILESS_MAIN(TestMedia)
#include "tst_media.moc"
