#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace nestbox {

// A token bucket shared by every chunk being sent: take() hands out at most bytesPerSecond per
// second (0 = no limit); when the bucket is empty, readers wait for refilled(). GUI thread.
class BandwidthLimiter : public QObject {
    Q_OBJECT

public:
    explicit BandwidthLimiter(QObject *parent = nullptr);

    void setLimit(qint64 bytesPerSecond);
    qint64 limit() const { return _limit; }
    bool isLimited() const { return _limit > 0; }
    // How many of `wanted` bytes may go now (0 when the bucket is empty).
    qint64 take(qint64 wanted);

Q_SIGNALS:
    void refilled();

private:
    void refill();

    QTimer _timer;
    QElapsedTimer _clock;
    qint64 _limit = 0;
    double _tokens = 0;
};

} // namespace nestbox
