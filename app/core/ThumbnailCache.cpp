#include "ThumbnailCache.h"

#include "ThumbnailLogging.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <vector>

namespace nestbox {

ThumbnailCache::ThumbnailCache(const QString &directory, qint64 memoryBytes, qint64 diskBytes)
    : _directory(directory.isEmpty() ? defaultDirectory() : directory)
    , _diskLimit(diskBytes)
{
    // QCache counts cost in qsizetype; images cost their bytes.
    _memory.setMaxCost(qsizetype(memoryBytes));
}

QString ThumbnailCache::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/thumbnails");
}

QString ThumbnailCache::key(const QString &sha256, int size)
{
    return sha256 + QLatin1Char('-') + QString::number(size);
}

QImage ThumbnailCache::memoryImage(const QString &key) const
{
    const QImage *image = _memory.object(key);
    return image ? *image : QImage();
}

void ThumbnailCache::insertInMemory(const QString &key, const QImage &image)
{
    if (image.isNull())
        return;
    _memory.insert(key, new QImage(image), qsizetype(std::max<qint64>(1, image.sizeInBytes())));
}

QString ThumbnailCache::diskPath(const QString &key) const
{
    // Two-character fan-out keeps directories small with a large library.
    return _directory + QLatin1Char('/') + key.left(2) + QLatin1Char('/') + key + QStringLiteral(".jpg");
}

QByteArray ThumbnailCache::readFromDisk(const QString &key) const
{
    QFile file(diskPath(key));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool ThumbnailCache::writeToDisk(const QString &key, const QByteArray &jpeg) const
{
    const QString path = diskPath(key);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(jpeg) != jpeg.size() || !file.commit()) {
        qCWarning(lcThumbs) << "cannot write thumbnail cache file" << path << file.errorString();
        return false;
    }
    return true;
}

void ThumbnailCache::trimDisk() const
{
    struct Entry {
        QString path;
        qint64 size;
        QDateTime modified;
    };
    std::vector<Entry> entries;
    qint64 total = 0;
    QDirIterator it(_directory, {QStringLiteral("*.jpg")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QFileInfo info = it.fileInfo();
        entries.push_back({info.filePath(), info.size(), info.lastModified()});
        total += info.size();
    }
    if (total <= _diskLimit)
        return;
    std::sort(entries.begin(), entries.end(),
              [](const Entry &a, const Entry &b) { return a.modified < b.modified; });
    for (const Entry &entry : entries) {
        if (total <= _diskLimit)
            break;
        if (QFile::remove(entry.path))
            total -= entry.size;
    }
    qCDebug(lcThumbs) << "thumbnail disk cache trimmed to" << total << "bytes";
}

qint64 ThumbnailCache::diskBytes() const
{
    qint64 total = 0;
    QDirIterator it(_directory, {QStringLiteral("*.jpg")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
    }
    return total;
}

} // namespace nestbox
