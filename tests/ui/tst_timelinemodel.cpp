// Both the test support and app/core have an ApiClient.h: name each by its folder.
#include "../support/ApiClient.h"
#include "../support/HttpClient.h"
#include "../support/TestServer.h"

#include "../../app/core/ApiClient.h"

#include "ThumbnailCache.h"
#include "ThumbnailLoader.h"
#include "TimelineModel.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QGuiApplication>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

// TimelineModel against a real nestboxd: keyset paging through canFetchMore/fetchMore, month
// sections from taken_at, sort and filters, local updates, and thumbnails through ThumbnailLoader
// (202 while pending, then ready). The model is watched by QAbstractItemModelTester throughout.
class TestTimelineModel : public QObject {
    Q_OBJECT

private:
    static constexpr int kImages = 6;
    static constexpr int kOthers = 19;

    std::unique_ptr<TestServer> _server;
    std::unique_ptr<HttpClient> _http;
    std::optional<::ApiClient> _user;

    static QByteArray png(int i)
    {
        QImage image(64 + i, 48, QImage::Format_RGB32);
        image.fill(QColor::fromHsv((i * 47) % 360, 200, 220));
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        return bytes;
    }

    static void fetchAll(nestbox::TimelineModel &model)
    {
        // A filter or sort change reloads at once; let that page land first.
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), 15000);
        while (model.canFetchMore({})) {
            const int before = model.rowCount();
            model.fetchMore({});
            QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), 15000);
            QVERIFY2(model.rowCount() > before || model.isComplete(), "a page added nothing");
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        _server = std::make_unique<TestServer>();
        QVERIFY2(_server->start(), qPrintable(_server->error()));
        _http = std::make_unique<HttpClient>(_server->baseUrl());
        _user = ::ApiClient::newUser(_http.get(), QStringLiteral("tl"));
        QVERIFY(_user);
        // Three months: January, February, March 2024 (taken_at falls back to modified_at).
        int n = 0;
        for (int i = 0; i < kImages + kOthers; ++i, ++n) {
            const int month = 1 + (i % 3);
            const QByteArray when = QStringLiteral("2024-%1-%2T12:00:00Z")
                                        .arg(month, 2, 10, QLatin1Char('0'))
                                        .arg(1 + i, 2, 10, QLatin1Char('0'))
                                        .toLatin1();
            const bool image = i < kImages;
            const QString name = image ? QStringLiteral("photo_%1.png").arg(i, 2, 10, QLatin1Char('0'))
                                       : QStringLiteral("note_%1.txt").arg(i, 2, 10, QLatin1Char('0'));
            const QByteArray data = image ? png(i) : QByteArray("note number ") + QByteArray::number(i);
            const HttpReply reply = _user->uploadSimple(name, data, {{"X-Nestbox-Modified-At", when}});
            QVERIFY2(reply.status == 201, qPrintable(reply.describe()));
        }
        QCOMPARE(n, kImages + kOthers);
    }

    void pagesEverythingWithSections()
    {
        nestbox::ApiClient client;
        client.setBaseUrl(_server->baseUrl());
        nestbox::TimelineModel model(&client);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // No token: nothing to fetch yet.
        QVERIFY(!model.canFetchMore({}));
        client.setToken(QString::fromLatin1(_user->token));
        model.setPageSize(7);
        QVERIFY(model.canFetchMore({}));
        QSignalSpy pages(&model, &nestbox::TimelineModel::pageLoaded);
        model.fetchMore({});
        // (QAbstractItemModelTester itself asks for more rows too, so only "at least a page".)
        QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() >= 7, 15000);
        fetchAll(model);
        QCOMPARE(model.rowCount(), kImages + kOthers);
        QVERIFY(model.isComplete());
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(pages.count(), 4); // 7 + 7 + 7 + 4

        // Newest taken first, and one section per month.
        int starts = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex index = model.index(row);
            if (row > 0)
                QVERIFY(model.index(row - 1).data(nestbox::TimelineModel::TakenAtRole).toDateTime()
                        >= index.data(nestbox::TimelineModel::TakenAtRole).toDateTime());
            if (index.data(nestbox::TimelineModel::SectionStartRole).toBool()) {
                ++starts;
                QVERIFY(!index.data(nestbox::TimelineModel::SectionTextRole).toString().isEmpty());
            }
            QVERIFY(!index.data(nestbox::TimelineModel::IdRole).toString().isEmpty());
            QCOMPARE(model.rowOfId(index.data(nestbox::TimelineModel::IdRole).toString()), row);
        }
        QCOMPARE(starts, 3);
        QCOMPARE(model.index(0).data(nestbox::TimelineModel::SectionDateRole).toDate().month(), 3);
    }

    void sortsAndFilters()
    {
        nestbox::ApiClient client;
        client.setBaseUrl(_server->baseUrl());
        client.setToken(QString::fromLatin1(_user->token));
        nestbox::TimelineModel model(&client);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(5);

        model.setKindFilter(nestbox::TimelineModel::KindFilter::Photos);
        fetchAll(model);
        QCOMPARE(model.rowCount(), kImages);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.index(row).data(nestbox::TimelineModel::KindRole).toString(), QStringLiteral("image"));

        model.setKindFilter(nestbox::TimelineModel::KindFilter::All);
        model.setNameFilter(QStringLiteral("NOTE_1"));
        fetchAll(model);
        QCOMPARE(model.rowCount(), 10); // note_10 … note_19

        model.setNameFilter(QString());
        model.setSort(nestbox::TimelineModel::Sort::Name, Qt::AscendingOrder);
        fetchAll(model);
        QCOMPARE(model.rowCount(), kImages + kOthers);
        for (int row = 1; row < model.rowCount(); ++row)
            QVERIFY(model.index(row - 1).data(nestbox::TimelineModel::NameRole).toString()
                    < model.index(row).data(nestbox::TimelineModel::NameRole).toString());
        // Sorted by name there are no month sections.
        QVERIFY(!model.index(0).data(nestbox::TimelineModel::SectionStartRole).toBool());
    }

    void localUpdates()
    {
        nestbox::ApiClient client;
        client.setBaseUrl(_server->baseUrl());
        client.setToken(QString::fromLatin1(_user->token));
        nestbox::TimelineModel model(&client);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        fetchAll(model);
        const int count = model.rowCount();
        const QString id = model.index(3).data(nestbox::TimelineModel::IdRole).toString();
        QJsonObject renamed = _user->getFile(id).json();
        renamed.insert(QStringLiteral("name"), QStringLiteral("renamed.txt"));
        model.updateFile(renamed);
        QCOMPARE(model.index(3).data(Qt::DisplayRole).toString(), QStringLiteral("renamed.txt"));
        model.removeFile(id);
        QCOMPARE(model.rowCount(), count - 1);
        QCOMPARE(model.rowOfId(id), -1);
        QCOMPARE(model.rowOfId(model.index(3).data(nestbox::TimelineModel::IdRole).toString()), 3);
    }

    void thumbnailsArrive()
    {
        QTemporaryDir cacheDir;
        nestbox::ApiClient client;
        client.setBaseUrl(_server->baseUrl());
        client.setToken(QString::fromLatin1(_user->token));
        nestbox::ThumbnailCache cache(cacheDir.path());
        nestbox::ThumbnailLoader loader(&client, &cache);
        nestbox::TimelineModel model(&client);
        model.setThumbnailLoader(&loader);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setKindFilter(nestbox::TimelineModel::KindFilter::Photos);
        fetchAll(model);
        QCOMPARE(model.rowCount(), kImages);
        // Nothing is fetched until a view asks; data() never blocks and answers nothing yet.
        QVERIFY(model.index(0).data(Qt::DecorationRole).isNull());
        model.requestThumbnails(0, model.rowCount() - 1, 0);
        for (int row = 0; row < model.rowCount(); ++row) {
            // The server may answer 202 first: the loader asks again after Retry-After.
            QTRY_VERIFY_WITH_TIMEOUT(model.index(row).data(nestbox::TimelineModel::HasThumbnailRole).toBool(), 30000);
            const QPixmap pixmap = model.index(row).data(Qt::DecorationRole).value<QPixmap>();
            QVERIFY(!pixmap.isNull());
            QVERIFY(pixmap.width() <= 256 && pixmap.height() <= 256);
        }
        QTRY_VERIFY(loader.isIdle());
        QVERIFY(cache.diskBytes() > 0);

        // A second loader with the same disk cache needs no network at all.
        nestbox::ApiClient offline;
        offline.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:1")));
        offline.setToken(QStringLiteral("x"));
        nestbox::ThumbnailCache sameDisk(cacheDir.path());
        nestbox::ThumbnailLoader fromDisk(&offline, &sameDisk);
        QSignalSpy ready(&fromDisk, &nestbox::ThumbnailLoader::thumbnailReady);
        const QString sha = model.index(0).data(nestbox::TimelineModel::Sha256Role).toString();
        fromDisk.setWanted({{model.index(0).data(nestbox::TimelineModel::IdRole).toString(), sha, 256}});
        QTRY_COMPARE(ready.count(), 1);
        QVERIFY(!fromDisk.cachedImage(sha, 256).isNull());
    }
};

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    TestTimelineModel test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_timelinemodel.moc"
