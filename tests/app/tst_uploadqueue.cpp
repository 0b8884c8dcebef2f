// The persistent upload queue (SQLite through Qt Sql) and its list model, without a server.

#include "UploadEngine.h"
#include "UploadItem.h"
#include "UploadQueue.h"
#include "UploadQueueModel.h"

#include "ApiClient.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace nestbox;

class TestUploadQueue : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stateNames();
    void persistsEveryField();
    void progressIsThrottledButFlushed();
    void modelFollowsTheQueue();
    void engineRestoresRunningItems();

private:
    QTemporaryDir _dir;
};

void TestUploadQueue::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(_dir.isValid());
}

void TestUploadQueue::stateNames()
{
    for (UploadState s : {UploadState::Queued, UploadState::Hashing, UploadState::Uploading, UploadState::Paused,
                          UploadState::Done, UploadState::Instant, UploadState::Failed, UploadState::Canceled}) {
        QCOMPARE(uploadStateFromName(uploadStateName(s)), s);
        QVERIFY(!uploadStateDisplayName(s).isEmpty());
    }
    QVERIFY(UploadQueue::defaultDatabasePath().endsWith(QLatin1String("uploads.sqlite")));
}

void TestUploadQueue::persistsEveryField()
{
    const QString db = _dir.filePath(QStringLiteral("fields.sqlite"));
    qint64 id = 0;
    const QDateTime mtime = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);
    {
        UploadQueue q(db);
        QVERIFY(q.open());
        QSignalSpy added(&q, &UploadQueue::itemAdded);
        UploadItem it;
        it.localPath = QStringLiteral("/photos/é 1.jpg");
        it.name = QStringLiteral("é 1.jpg");
        it.size = 123456789012;
        it.mtime = mtime;
        id = q.add(it);
        QVERIFY(id > 0);
        QCOMPARE(added.size(), 1);
        UploadItem row = *q.item(id);
        row.sha256 = QStringLiteral("ab").repeated(32);
        row.uploadId = QStringLiteral("up-1");
        row.chunkSize = 8 << 20;
        row.state = UploadState::Paused;
        row.bytesDone = 42;
        row.error = QStringLiteral("why");
        row.fileId = QStringLiteral("f-1");
        row.pausedForAuth = true;
        QVERIFY(q.update(row));
    }
    UploadQueue q(db);
    QVERIFY(q.open());
    QCOMPARE(q.count(), 1);
    const UploadItem it = *q.item(id);
    QCOMPARE(it.localPath, QStringLiteral("/photos/é 1.jpg"));
    QCOMPARE(it.name, QStringLiteral("é 1.jpg"));
    QCOMPARE(it.size, 123456789012);
    QCOMPARE(it.mtime, mtime);
    QCOMPARE(it.sha256, QStringLiteral("ab").repeated(32));
    QCOMPARE(it.uploadId, QStringLiteral("up-1"));
    QCOMPARE(it.chunkSize, 8 << 20);
    QCOMPARE(it.state, UploadState::Paused);
    QCOMPARE(it.bytesDone, 42);
    QCOMPARE(it.error, QStringLiteral("why"));
    QCOMPARE(it.fileId, QStringLiteral("f-1"));
    QVERIFY(it.pausedForAuth);
    QVERIFY(it.createdAt.isValid());
    QVERIFY(it.updatedAt >= it.createdAt);
}

void TestUploadQueue::progressIsThrottledButFlushed()
{
    const QString db = _dir.filePath(QStringLiteral("progress.sqlite"));
    qint64 id = 0;
    {
        UploadQueue q(db);
        QVERIFY(q.open());
        UploadItem it;
        it.localPath = QStringLiteral("/x");
        it.name = QStringLiteral("x");
        it.size = 1000;
        id = q.add(it);
        for (int i = 1; i <= 100; ++i)
            q.setBytesDone(id, i * 10);
        QCOMPARE(q.item(id)->bytesDone, 1000);
    }
    UploadQueue q(db);
    QVERIFY(q.open());
    QCOMPARE(q.item(id)->bytesDone, 1000); // written when the queue closed
}

void TestUploadQueue::modelFollowsTheQueue()
{
    UploadQueue q(_dir.filePath(QStringLiteral("model.sqlite")));
    QVERIFY(q.open());
    UploadQueueModel model(&q);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QList<qint64> ids;
    for (int i = 0; i < 5; ++i) {
        UploadItem it;
        it.localPath = QStringLiteral("/p/%1.jpg").arg(i);
        it.name = QStringLiteral("%1.jpg").arg(i);
        it.size = 100;
        ids << q.add(it);
    }
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.data(model.index(2), UploadQueueModel::NameRole).toString(), QStringLiteral("2.jpg"));
    QCOMPARE(model.data(model.index(2), UploadQueueModel::PathRole).toString(), QStringLiteral("/p/2.jpg"));
    QCOMPARE(model.data(model.index(2), UploadQueueModel::SizeRole).toLongLong(), 100);
    QCOMPARE(model.data(model.index(2), UploadQueueModel::EtaRole).toLongLong(), -1);
    QCOMPARE(model.data(model.index(2), UploadQueueModel::SpeedRole).toLongLong(), 0);
    QCOMPARE(model.idAt(2), ids[2]);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    q.setBytesDone(ids[2], 50);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.data(model.index(2), UploadQueueModel::ProgressRole).toDouble(), 0.5);
    UploadItem done = *q.item(ids[3]);
    done.state = UploadState::Instant;
    done.bytesDone = 100;
    q.update(done);
    QCOMPARE(model.data(model.index(3), UploadQueueModel::IsInstantRole).toBool(), true);
    QCOMPARE(UploadState(model.data(model.index(3), UploadQueueModel::StateRole).toInt()), UploadState::Instant);
    q.remove(ids[1]);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.idAt(1), ids[2]);
    q.removeFinished();
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.roleNames().contains(UploadQueueModel::ProgressRole));
}

void TestUploadQueue::engineRestoresRunningItems()
{
    // rows left Uploading/Hashing by a crash come back Queued; user-paused rows stay paused
    const QString db = _dir.filePath(QStringLiteral("restore.sqlite"));
    const QString file = _dir.filePath(QStringLiteral("f.bin"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello");
    }
    qint64 running = 0, paused = 0;
    {
        UploadQueue q(db);
        QVERIFY(q.open());
        UploadItem it;
        it.localPath = file;
        it.name = QStringLiteral("f.bin");
        it.size = 5;
        it.state = UploadState::Uploading;
        running = q.add(it);
        UploadItem r = *q.item(running);
        r.state = UploadState::Uploading;
        q.update(r);
        paused = q.add(it);
        UploadItem p = *q.item(paused);
        p.state = UploadState::Paused;
        q.update(p);
    }
    UploadQueue q(db);
    QVERIFY(q.open());
    nestbox::ApiClient client; // no token: nothing starts
    UploadEngine engine(&client, &q);
    QTRY_COMPARE(q.item(running)->state, UploadState::Queued);
    QCOMPARE(q.item(paused)->state, UploadState::Paused);
    QCOMPARE(engine.activeCount(), 0);
}

QTEST_GUILESS_MAIN(TestUploadQueue)
#include "tst_uploadqueue.moc"
