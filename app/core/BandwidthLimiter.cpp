#include "BandwidthLimiter.h"

#include <algorithm>

namespace nestbox {

namespace {
constexpr int kTickMs = 50;
} // namespace

BandwidthLimiter::BandwidthLimiter(QObject *parent)
    : QObject(parent)
{
    _timer.setInterval(kTickMs);
    connect(&_timer, &QTimer::timeout, this, &BandwidthLimiter::refill);
    _clock.start();
}

void BandwidthLimiter::setLimit(qint64 bytesPerSecond)
{
    _limit = std::max<qint64>(0, bytesPerSecond);
    _tokens = double(_limit) * kTickMs / 1000.0;
    _clock.restart();
    if (_limit > 0)
        _timer.start();
    else
        _timer.stop();
    Q_EMIT refilled();
}

qint64 BandwidthLimiter::take(qint64 wanted)
{
    if (_limit <= 0)
        return wanted;
    refill();
    const qint64 granted = std::min<qint64>(wanted, qint64(_tokens));
    _tokens -= double(granted);
    return granted;
}

void BandwidthLimiter::refill()
{
    if (_limit <= 0)
        return;
    const qint64 elapsed = _clock.restart();
    const bool wasEmpty = _tokens < 1.0;
    // at most a quarter second of burst
    _tokens = std::min(_tokens + double(_limit) * double(elapsed) / 1000.0, double(_limit) / 4.0 + 1.0);
    if (wasEmpty && _tokens >= 1.0)
        Q_EMIT refilled();
}

} // namespace nestbox
