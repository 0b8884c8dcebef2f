#pragma once

#include <QFile>
#include <QIODevice>

namespace nestbox {

// A read-only, seekable window [offset, offset + length) of a file on disk, read in place (after
// owncloud's UploadDevice): QNetworkAccessManager pulls the chunk body from it in small blocks, so
// a chunk is never held in memory whole. An optional BandwidthLimiter caps how fast it gives bytes.
class BandwidthLimiter;

class ChunkDevice : public QIODevice {
    Q_OBJECT

public:
    ChunkDevice(const QString &path, qint64 offset, qint64 length, QObject *parent = nullptr);
    ~ChunkDevice() override;

    // Opens the file read-only; false (errorString()) when it cannot be read.
    bool open(OpenMode mode) override;
    void close() override;
    bool isSequential() const override { return false; }
    qint64 size() const override { return _length; }
    bool seek(qint64 pos) override;
    bool atEnd() const override;
    qint64 bytesAvailable() const override;

    void setBandwidthLimiter(BandwidthLimiter *limiter);
    qint64 offset() const { return _offset; }

protected:
    qint64 readData(char *data, qint64 maxlen) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QFile _file;
    qint64 _offset;
    qint64 _length;
    BandwidthLimiter *_limiter = nullptr;
};

} // namespace nestbox
