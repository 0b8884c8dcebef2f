#include "UploadItem.h"
#include "UploadQueue.h"
#include "UploadQueueModel.h"

#include <QAbstractItemModelTester>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace nestbox;

// UploadQueueModel (the upload panel's model) stays a well-behaved model while the queue changes.
class TestUploadQueueModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void followsTheQueue()
    {
        QTemporaryDir dir;
        UploadQueue queue(dir.filePath(QStringLiteral("uploads.sqlite")));
        QVERIFY2(queue.open(), qPrintable(queue.errorString()));
        UploadQueueModel model(&queue);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);

        QList<qint64> ids;
        for (int i = 0; i < 5; ++i) {
            UploadItem item;
            item.localPath = dir.filePath(QStringLiteral("photo%1.jpg").arg(i));
            item.name = QStringLiteral("photo%1.jpg").arg(i);
            item.size = 1000 * (i + 1);
            ids.append(queue.add(item));
            QVERIFY(ids.last() > 0);
        }
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.index(2).data(UploadQueueModel::NameRole).toString(), QStringLiteral("photo2.jpg"));
        QCOMPARE(model.index(2).data(UploadQueueModel::SizeRole).toLongLong(), 3000);
        QCOMPARE(model.idAt(2), ids.at(2));
        QCOMPARE(model.indexOfId(ids.at(3)).row(), 3);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        queue.setBytesDone(ids.at(1), 1000);
        QVERIFY(!changed.isEmpty());
        QCOMPARE(model.index(1).data(UploadQueueModel::ProgressRole).toDouble(), 0.5);

        UploadItem paused = *queue.item(ids.at(1));
        paused.state = UploadState::Paused;
        QVERIFY(queue.update(paused));
        QCOMPARE(UploadState(model.index(1).data(UploadQueueModel::StateRole).toInt()), UploadState::Paused);
        QVERIFY(!model.index(1).data(UploadQueueModel::StateTextRole).toString().isEmpty());

        UploadItem done = *queue.item(ids.at(0));
        done.state = UploadState::Instant;
        done.bytesDone = done.size;
        QVERIFY(queue.update(done));
        QVERIFY(queue.remove(ids.at(4)));
        QCOMPARE(model.rowCount(), 4);
        queue.removeFinished();
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0).data(UploadQueueModel::NameRole).toString(), QStringLiteral("photo1.jpg"));
    }
};

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    TestUploadQueueModel test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_uploadqueuemodel.moc"
