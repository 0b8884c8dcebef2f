#include <QTest>
class TestCommon : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestCommon)
#include "tst_common.moc"
