#include <QTest>
class TestUploads : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestUploads)
#include "tst_uploads.moc"
