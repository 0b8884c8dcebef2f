#pragma once

#include <QByteArray>
#include <QCache>
#include <QImage>
#include <QString>

namespace nestbox {

// Two levels of thumbnail storage, keyed by content (SHA-256) and size, because files with the
// same content share their thumbnails: a memory cache of decoded QImages bounded in bytes (GUI
// thread only) and a disk cache of the server's JPEGs under QStandardPaths::CacheLocation bounded
// in bytes (the disk functions are thread-safe and meant for worker threads).
class ThumbnailCache {
public:
    static constexpr qint64 kDefaultMemoryBytes = 96LL * 1024 * 1024;
    static constexpr qint64 kDefaultDiskBytes = 512LL * 1024 * 1024;

    // `directory` empty = defaultDirectory().
    explicit ThumbnailCache(const QString &directory = {}, qint64 memoryBytes = kDefaultMemoryBytes,
                            qint64 diskBytes = kDefaultDiskBytes);
    ThumbnailCache(const ThumbnailCache &) = delete;
    ThumbnailCache &operator=(const ThumbnailCache &) = delete;

    static QString defaultDirectory();
    static QString key(const QString &sha256, int size);

    QString directory() const { return _directory; }

    // Memory level (GUI thread).
    QImage memoryImage(const QString &key) const;
    bool containsInMemory(const QString &key) const { return _memory.contains(key); }
    void insertInMemory(const QString &key, const QImage &image);
    void clearMemory() { _memory.clear(); }
    qint64 memoryBytes() const { return _memory.totalCost(); }
    qint64 memoryLimit() const { return _memory.maxCost(); }
    int memoryCount() const { return int(_memory.count()); }

    // Disk level (any thread).
    QString diskPath(const QString &key) const;
    QByteArray readFromDisk(const QString &key) const;
    bool writeToDisk(const QString &key, const QByteArray &jpeg) const;
    // Deletes the least recently written files until the directory holds at most diskLimit().
    void trimDisk() const;
    qint64 diskBytes() const;
    qint64 diskLimit() const { return _diskLimit; }

private:
    QString _directory;
    qint64 _diskLimit;
    QCache<QString, QImage> _memory;
};

} // namespace nestbox
