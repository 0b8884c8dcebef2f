#include "ApiClient.h"
#include "ThumbnailCache.h"
#include "ThumbnailDelegate.h"
#include "ThumbnailLoader.h"
#include "TimelineModel.h"
#include "TimelineView.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QPixmapCache>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>

using namespace nestbox;

// The timeline grid with a large library: uniform cells, a month header that follows the scroll
// position, thumbnails asked for the visible rows first (and only around them), pixmaps far from
// the view dropped so memory stays bounded, and paging driven by the view through fetchMore.
class TestTimelineView : public QObject {
    Q_OBJECT

private:
    static QJsonArray files(int first, int count, const QString &sha)
    {
        QJsonArray page;
        const QDateTime start(QDate(2024, 12, 31), QTime(12, 0), Qt::UTC);
        for (int i = first; i < first + count; ++i) {
            // About 300 files per month, newest first.
            const QDateTime taken = start.addSecs(-qint64(i) * 9000);
            page.append(QJsonObject{
                {QStringLiteral("id"), QStringLiteral("f%1").arg(i)},
                {QStringLiteral("name"), QStringLiteral("IMG_%1.jpg").arg(i, 6, 10, QLatin1Char('0'))},
                {QStringLiteral("size"), 123456},
                {QStringLiteral("sha256"), sha.isEmpty() ? QStringLiteral("%1").arg(i, 64, 16, QLatin1Char('0')) : sha},
                {QStringLiteral("mime"), QStringLiteral("image/jpeg")},
                {QStringLiteral("kind"), QStringLiteral("image")},
                {QStringLiteral("taken_at"), taken.toString(Qt::ISODateWithMs)},
                {QStringLiteral("uploaded_at"), taken.toString(Qt::ISODateWithMs)},
                {QStringLiteral("width"), 4000},
                {QStringLiteral("height"), 3000},
                {QStringLiteral("thumbnail"), QStringLiteral("ready")},
            });
        }
        return page;
    }

private Q_SLOTS:
    void uniformCells()
    {
        ThumbnailDelegate delegate;
        delegate.setThumbnailSize(150);
        QStyleOptionViewItem option;
        QCOMPARE(delegate.sizeHint(option, {}), delegate.cellSize());
        QVERIFY(delegate.cellSize().width() >= 150);
        QVERIFY(delegate.cellSize().height() > delegate.cellSize().width());
    }

    void hundredThousandItems()
    {
        QTemporaryDir dir;
        ApiClient client; // no server: nothing is fetched, rows come from appendFiles()
        ThumbnailCache cache(dir.path());
        ThumbnailLoader loader(&client, &cache);
        TimelineModel model(&client);
        model.setThumbnailLoader(&loader);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);

        // Every row shares one thumbnail already in memory, so painting makes pixmaps.
        const QString sha(64, QLatin1Char('a'));
        QImage image(256, 192, QImage::Format_RGB32);
        image.fill(Qt::darkCyan);
        cache.insertInMemory(ThumbnailCache::key(sha, 256), image);
        QElapsedTimer clock;
        clock.start();
        for (int first = 0; first < 100000; first += 1000)
            model.appendFiles(files(first, 1000, sha));
        QCOMPARE(model.rowCount(), 100000);
        qInfo() << "100,000 rows appended in" << clock.elapsed() << "ms";

        TimelineView view;
        view.resize(1000, 700);
        view.setTimelineModel(&model);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_VERIFY(view.visibleRows().first == 0);
        const auto [first, last] = view.visibleRows();
        QVERIFY(last > first);
        QVERIFY(last - first < 200);
        QVERIFY(view.headerText().contains(QLatin1String("2024")));
        const QString topMonth = view.headerText();

        // Scroll through the whole grid in screen steps; time each step's repaint.
        QScrollBar *bar = view.verticalScrollBar();
        QVERIFY(bar->maximum() > 100000 / 10);
        clock.restart();
        int steps = 0;
        qint64 slowest = 0;
        for (int value = 0; value <= bar->maximum(); value += bar->maximum() / 60) {
            QElapsedTimer frame;
            frame.start();
            bar->setValue(value);
            view.viewport()->repaint();
            slowest = std::max(slowest, frame.elapsed());
            ++steps;
            // The pixmaps near the view stay; the rest are dropped by the timer.
            QTest::qWait(TimelineView::kThumbnailDelayMs + 20);
            QVERIFY2(model.cachedPixmapCount() < 2000, qPrintable(QString::number(model.cachedPixmapCount())));
        }
        qInfo() << steps << "scroll steps; slowest repaint" << slowest << "ms";
        QVERIFY(slowest < 250);
        bar->setValue(bar->maximum());
        QTRY_VERIFY(view.visibleRows().second == 99999);
        QVERIFY(view.headerText() != topMonth);

        // What the loader is asked for is the screen and a margin, never the library.
        model.requestThumbnails(view.visibleRows().first, view.visibleRows().second, 50);
        QVERIFY(loader.queuedCount() + loader.runningCount() <= 400);
    }

    void pagingIsDrivenByTheView()
    {
        // Without a token nothing can be fetched, and the view must not loop asking.
        ApiClient client;
        TimelineModel model(&client);
        TimelineView view;
        view.setTimelineModel(&model);
        view.setEmptyText(QStringLiteral("Empty"), QStringLiteral("Drop photos"));
        view.resize(600, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(!model.isLoading());
        QCOMPARE(view.visibleRows().first, -1);
        // With a token the view's first layout starts the first page.
        client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:1")));
        client.setToken(QStringLiteral("token"));
        QVERIFY(model.canFetchMore({}));
        model.reload();
        QVERIFY(model.isLoading());
        // The refused connection fails the page; canFetchMore then stays false until reload().
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), 15000);
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(model.lastError().isError());
    }
};

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QPixmapCache::setCacheLimit(64 * 1024);
    TestTimelineView test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_timelineview.moc"
