#pragma once

#include <QDateTime>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QThreadPool>
#include <QTimer>

namespace nestbox {

class ApiClient;
class ThumbnailCache;

// One thumbnail wanted: which file, its content hash (the cache key) and the size (256 or 1280).
struct ThumbnailRequest {
    QString fileId;
    QString sha256;
    int size = 256;
};

// Fetches thumbnails in the order the view wants them: memory cache, then the disk cache (read and
// decoded in a worker thread), then GET /files/{id}/thumbnail (ThumbnailJob), whose JPEG is decoded
// and written to disk in a worker thread. A 202 (still being made) is asked again after its
// Retry-After. setWanted() replaces the queue, so requests for rows scrolled away are dropped
// before they cost anything. Emits QImages only; turning them into QPixmaps is the GUI's business.
// GUI thread; the ApiClient and the ThumbnailCache must outlive it.
class ThumbnailLoader : public QObject {
    Q_OBJECT

public:
    static constexpr int kDefaultMaxConcurrent = 6;

    ThumbnailLoader(ApiClient *client, ThumbnailCache *cache, QObject *parent = nullptr);
    ~ThumbnailLoader() override;

    ThumbnailCache *cache() const { return _cache; }
    void setMaxConcurrent(int count);
    int maxConcurrent() const { return _maxConcurrent; }

    // Most wanted first (the visible rows, then a margin around them). Queued requests not in the
    // list are dropped; ones already running finish.
    void setWanted(const QList<nestbox::ThumbnailRequest> &wanted);
    // Puts one request in front of the queue (the viewer's preview).
    void requestFirst(const nestbox::ThumbnailRequest &request);

    // The decoded image when it is in the memory cache, else a null QImage. Never blocks.
    QImage cachedImage(const QString &sha256, int size) const;
    // The server said this file has no thumbnail of this size (not an image, or undecodable).
    bool isUnavailable(const QString &fileId, int size) const;

    int queuedCount() const { return int(_queue.size()); }
    int runningCount() const { return int(_running.size()); }
    bool isIdle() const { return _queue.isEmpty() && _running.isEmpty(); }
    // Forgets queued work and what failed (after signing in as someone else).
    void reset();

Q_SIGNALS:
    void thumbnailReady(const QString &fileId, int size, const QImage &image);
    void thumbnailUnavailable(const QString &fileId, int size);
    void idle();

private:
    static QString requestKey(const QString &fileId, int size);
    void pump();
    void start(const ThumbnailRequest &request);
    void lookUpDisk(const ThumbnailRequest &request);
    void download(const ThumbnailRequest &request);
    void store(const ThumbnailRequest &request, const QByteArray &jpeg);
    void deliver(const ThumbnailRequest &request, const QImage &image);
    void markUnavailable(const ThumbnailRequest &request);
    void retryLater(const ThumbnailRequest &request, int seconds);
    void finishRunning(const ThumbnailRequest &request);

    ApiClient *_client;
    ThumbnailCache *_cache;
    QList<ThumbnailRequest> _queue;
    QSet<QString> _running;                  // requestKey()s being worked on
    QHash<QString, QDateTime> _notBefore;    // requestKey() → when a 202 may be asked again
    QHash<QString, int> _attempts;           // requestKey() → failed network attempts
    QSet<QString> _unavailable;              // requestKey()s the server has no thumbnail for
    QTimer _retryTimer;
    int _maxConcurrent = kDefaultMaxConcurrent;
    int _writesSinceTrim = 0;
    quint64 _generation = 0;
    // Declared last so it is destroyed first: its destructor waits for running tasks, which use _cache.
    QThreadPool _pool;
};

} // namespace nestbox
