#include "ThumbnailCache.h"

#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

using nestbox::ThumbnailCache;

// The thumbnail cache stays within its memory and disk budgets and keys by content and size.
class TestThumbnailCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void memoryIsBounded()
    {
        QTemporaryDir dir;
        const QImage image(256, 256, QImage::Format_RGB32); // 256 KiB
        ThumbnailCache cache(dir.path(), 2 * 1024 * 1024, 1024 * 1024);
        for (int i = 0; i < 50; ++i)
            cache.insertInMemory(ThumbnailCache::key(QString::number(i), 256), image);
        QVERIFY(cache.memoryBytes() <= cache.memoryLimit());
        QVERIFY(cache.memoryCount() <= 8);
        QVERIFY(cache.memoryCount() >= 7);
        // The most recent survive, the oldest went first.
        QVERIFY(cache.containsInMemory(ThumbnailCache::key(QStringLiteral("49"), 256)));
        QVERIFY(!cache.containsInMemory(ThumbnailCache::key(QStringLiteral("0"), 256)));
    }

    void keysSeparateSizes()
    {
        QCOMPARE(ThumbnailCache::key(QStringLiteral("ab"), 256), QStringLiteral("ab-256"));
        QVERIFY(ThumbnailCache::key(QStringLiteral("ab"), 256) != ThumbnailCache::key(QStringLiteral("ab"), 1280));
    }

    void diskRoundTripAndTrim()
    {
        QTemporaryDir dir;
        ThumbnailCache cache(dir.path(), 1024 * 1024, 100 * 1024);
        const QByteArray jpeg(20 * 1024, 'x');
        for (int i = 0; i < 20; ++i) {
            const QString key = ThumbnailCache::key(QStringLiteral("%1abc").arg(i, 2, 10, QLatin1Char('0')), 256);
            QVERIFY(cache.writeToDisk(key, jpeg));
            QCOMPARE(cache.readFromDisk(key), jpeg);
        }
        QCOMPARE(cache.diskBytes(), 20 * 20 * 1024);
        cache.trimDisk();
        QVERIFY(cache.diskBytes() <= cache.diskLimit());
        QVERIFY(cache.diskBytes() > 0);
        QVERIFY(cache.readFromDisk(ThumbnailCache::key(QStringLiteral("missing"), 256)).isEmpty());
    }

    void defaultDirectoryIsUnderCacheLocation()
    {
        QVERIFY(ThumbnailCache::defaultDirectory().endsWith(QLatin1String("/thumbnails")));
    }
};

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    TestThumbnailCache test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_thumbnailcache.moc"
