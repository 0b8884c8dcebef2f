#include "ThumbnailLoader.h"

#include "ApiClient.h"
#include "ThumbnailCache.h"
#include "ThumbnailJob.h"
#include "ThumbnailLogging.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace nestbox {

namespace {
constexpr int kMaxNetworkAttempts = 3;
constexpr int kTrimEveryWrites = 200;

QImage decodeJpeg(const QByteArray &jpeg)
{
    QImage image;
    if (!jpeg.isEmpty())
        image.loadFromData(jpeg, "JPG");
    // Premultiplied ARGB32 or RGB32 paints fastest with the raster engine.
    if (!image.isNull() && image.format() != QImage::Format_RGB32)
        image = image.convertToFormat(QImage::Format_RGB32);
    return image;
}
} // namespace

ThumbnailLoader::ThumbnailLoader(ApiClient *client, ThumbnailCache *cache, QObject *parent)
    : QObject(parent)
    , _client(client)
    , _cache(cache)
{
    // Two workers: decoding 256 px JPEGs is quick, and the upload engine hashes on the global pool.
    _pool.setMaxThreadCount(2);
    _retryTimer.setSingleShot(true);
    connect(&_retryTimer, &QTimer::timeout, this, &ThumbnailLoader::pump);
}

ThumbnailLoader::~ThumbnailLoader()
{
    _pool.waitForDone();
}

QString ThumbnailLoader::requestKey(const QString &fileId, int size)
{
    return fileId + QLatin1Char('@') + QString::number(size);
}

void ThumbnailLoader::setMaxConcurrent(int count)
{
    _maxConcurrent = std::max(1, count);
    pump();
}

void ThumbnailLoader::setWanted(const QList<ThumbnailRequest> &wanted)
{
    _queue.clear();
    QSet<QString> seen;
    for (const ThumbnailRequest &request : wanted) {
        const QString key = requestKey(request.fileId, request.size);
        if (seen.contains(key) || _running.contains(key) || _unavailable.contains(key))
            continue;
        seen.insert(key);
        _queue.append(request);
    }
    pump();
}

void ThumbnailLoader::requestFirst(const ThumbnailRequest &request)
{
    const QString key = requestKey(request.fileId, request.size);
    if (_running.contains(key))
        return;
    _queue.erase(std::remove_if(_queue.begin(), _queue.end(),
                                [&](const ThumbnailRequest &r) { return requestKey(r.fileId, r.size) == key; }),
                 _queue.end());
    _unavailable.remove(key);
    _queue.prepend(request);
    pump();
}

QImage ThumbnailLoader::cachedImage(const QString &sha256, int size) const
{
    return _cache->memoryImage(ThumbnailCache::key(sha256, size));
}

bool ThumbnailLoader::isUnavailable(const QString &fileId, int size) const
{
    return _unavailable.contains(requestKey(fileId, size));
}

void ThumbnailLoader::reset()
{
    ++_generation;
    _queue.clear();
    _running.clear();
    _notBefore.clear();
    _attempts.clear();
    _unavailable.clear();
    _retryTimer.stop();
}

void ThumbnailLoader::pump()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    qint64 nextRetryMs = -1;
    for (auto it = _queue.begin(); it != _queue.end() && int(_running.size()) < _maxConcurrent;) {
        const QString key = requestKey(it->fileId, it->size);
        const auto notBefore = _notBefore.constFind(key);
        if (notBefore != _notBefore.constEnd() && *notBefore > now) {
            const qint64 wait = now.msecsTo(*notBefore);
            nextRetryMs = nextRetryMs < 0 ? wait : std::min(nextRetryMs, wait);
            ++it;
            continue;
        }
        const ThumbnailRequest request = *it;
        it = _queue.erase(it);
        start(request);
    }
    if (nextRetryMs >= 0 && !_retryTimer.isActive())
        _retryTimer.start(int(std::max<qint64>(50, nextRetryMs)));
    if (isIdle())
        Q_EMIT idle();
}

void ThumbnailLoader::start(const ThumbnailRequest &request)
{
    const QImage memory = cachedImage(request.sha256, request.size);
    if (!memory.isNull()) {
        Q_EMIT thumbnailReady(request.fileId, request.size, memory);
        return;
    }
    _running.insert(requestKey(request.fileId, request.size));
    if (request.sha256.isEmpty())
        download(request);
    else
        lookUpDisk(request);
}

void ThumbnailLoader::lookUpDisk(const ThumbnailRequest &request)
{
    const QString cacheKey = ThumbnailCache::key(request.sha256, request.size);
    const ThumbnailCache *cache = _cache;
    auto *watcher = new QFutureWatcher<QImage>(this);
    const quint64 generation = _generation;
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, request, generation] {
        watcher->deleteLater();
        if (generation != _generation)
            return;
        const QImage image = watcher->result();
        if (image.isNull()) {
            download(request);
            return;
        }
        deliver(request, image);
    });
    watcher->setFuture(QtConcurrent::run(&_pool, [cache, cacheKey] { return decodeJpeg(cache->readFromDisk(cacheKey)); }));
}

void ThumbnailLoader::download(const ThumbnailRequest &request)
{
    auto *job = new ThumbnailJob(_client, request.fileId, request.size, this);
    const quint64 generation = _generation;
    connect(job, &AbstractApiJob::finished, this, [this, job, request, generation] {
        if (generation != _generation)
            return;
        const QString key = requestKey(request.fileId, request.size);
        if (job->succeeded() && job->pending()) {
            finishRunning(request);
            retryLater(request, job->retryAfterSeconds());
            return;
        }
        if (job->succeeded()) {
            _attempts.remove(key);
            store(request, job->jpeg());
            return;
        }
        const ApiError error = job->error();
        finishRunning(request);
        if (error.isRetryable() && _attempts.value(key) + 1 < kMaxNetworkAttempts) {
            _attempts[key] += 1;
            retryLater(request, 2 * _attempts.value(key));
            return;
        }
        qCDebug(lcThumbs) << "no thumbnail for" << request.fileId << error.toString();
        markUnavailable(request);
    });
    job->start();
}

void ThumbnailLoader::store(const ThumbnailRequest &request, const QByteArray &jpeg)
{
    const ThumbnailCache *cache = _cache;
    const QString cacheKey = request.sha256.isEmpty() ? QString() : ThumbnailCache::key(request.sha256, request.size);
    const bool trim = ++_writesSinceTrim >= kTrimEveryWrites;
    if (trim)
        _writesSinceTrim = 0;
    auto *watcher = new QFutureWatcher<QImage>(this);
    const quint64 generation = _generation;
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, request, generation] {
        watcher->deleteLater();
        if (generation != _generation)
            return;
        const QImage image = watcher->result();
        if (image.isNull()) {
            finishRunning(request);
            markUnavailable(request);
            return;
        }
        deliver(request, image);
    });
    watcher->setFuture(QtConcurrent::run(&_pool, [cache, cacheKey, jpeg, trim] {
        QImage image = decodeJpeg(jpeg);
        if (!image.isNull() && !cacheKey.isEmpty()) {
            cache->writeToDisk(cacheKey, jpeg);
            if (trim)
                cache->trimDisk();
        }
        return image;
    }));
}

void ThumbnailLoader::deliver(const ThumbnailRequest &request, const QImage &image)
{
    if (!request.sha256.isEmpty())
        _cache->insertInMemory(ThumbnailCache::key(request.sha256, request.size), image);
    finishRunning(request);
    Q_EMIT thumbnailReady(request.fileId, request.size, image);
    pump();
}

void ThumbnailLoader::markUnavailable(const ThumbnailRequest &request)
{
    _unavailable.insert(requestKey(request.fileId, request.size));
    Q_EMIT thumbnailUnavailable(request.fileId, request.size);
    pump();
}

void ThumbnailLoader::retryLater(const ThumbnailRequest &request, int seconds)
{
    const QString key = requestKey(request.fileId, request.size);
    _notBefore.insert(key, QDateTime::currentDateTimeUtc().addSecs(std::max(1, seconds)));
    // It stays wanted until the next setWanted() says otherwise.
    _queue.append(request);
    pump();
}

void ThumbnailLoader::finishRunning(const ThumbnailRequest &request)
{
    _running.remove(requestKey(request.fileId, request.size));
}

} // namespace nestbox
