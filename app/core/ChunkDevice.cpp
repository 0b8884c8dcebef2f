#include "ChunkDevice.h"

#include "BandwidthLimiter.h"

#include <algorithm>

namespace nestbox {

ChunkDevice::ChunkDevice(const QString &path, qint64 offset, qint64 length, QObject *parent)
    : QIODevice(parent)
    , _file(path)
    , _offset(offset)
    , _length(length)
{
}

ChunkDevice::~ChunkDevice() = default;

bool ChunkDevice::open(OpenMode mode)
{
    if (mode & QIODevice::WriteOnly) {
        setErrorString(tr("A chunk of a file is read-only."));
        return false;
    }
    if (!_file.open(QIODevice::ReadOnly)) {
        setErrorString(_file.errorString());
        return false;
    }
    if (_file.size() < _offset + _length) {
        setErrorString(tr("The file is shorter than expected; it has changed."));
        _file.close();
        return false;
    }
    if (!_file.seek(_offset)) {
        setErrorString(_file.errorString());
        _file.close();
        return false;
    }
    // unbuffered: QIODevice would otherwise read ahead 16 KiB past what the limiter allows
    return QIODevice::open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

void ChunkDevice::close()
{
    _file.close();
    QIODevice::close();
}

bool ChunkDevice::seek(qint64 pos)
{
    if (pos < 0 || pos > _length)
        return false;
    if (!_file.seek(_offset + pos))
        return false;
    return QIODevice::seek(pos);
}

bool ChunkDevice::atEnd() const
{
    return pos() >= _length;
}

qint64 ChunkDevice::bytesAvailable() const
{
    return _length - pos() + QIODevice::bytesAvailable();
}

void ChunkDevice::setBandwidthLimiter(BandwidthLimiter *limiter)
{
    if (_limiter)
        disconnect(_limiter, nullptr, this, nullptr);
    _limiter = limiter;
    if (_limiter)
        connect(_limiter, &BandwidthLimiter::refilled, this, &QIODevice::readyRead);
}

qint64 ChunkDevice::readData(char *data, qint64 maxlen)
{
    const qint64 left = _length - pos();
    if (left <= 0)
        return -1;
    qint64 want = std::min(maxlen, left);
    if (_limiter && _limiter->isLimited()) {
        want = _limiter->take(want);
        if (want == 0)
            return 0; // readyRead() comes with the next refill
    }
    const qint64 got = _file.read(data, want);
    if (got < 0)
        setErrorString(_file.errorString());
    return got;
}

} // namespace nestbox
