#pragma once

#include "UploadItem.h"

#include <nestbox/ChunkPlan.h>

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <memory>

namespace nestbox {

class ApiClient;
class BandwidthLimiter;
class FileUpload;
class UploadQueue;

// Drives the UploadQueue: at most maxParallelFiles() files at a time, each through a FileUpload
// state machine (hash off the GUI thread → POST /uploads → instant | proof | chunks → complete),
// with the server as the truth about what it has. Pause aborts the in-flight requests and keeps
// the state; resume asks the server (GET /uploads/{id}) and sends only what is missing. On
// construction it reloads the queue and resumes every unfinished item (once the ApiClient has a
// token). A 401 pauses everything and asks for a new sign-in (ApiClient::authenticationRequired);
// a new token resumes what the 401 paused. GUI thread.
class UploadEngine : public QObject {
    Q_OBJECT

public:
    UploadEngine(ApiClient *client, UploadQueue *queue, QObject *parent = nullptr);
    ~UploadEngine() override;

    UploadQueue *queue() const { return _queue; }

    // Adds files (folders are walked recursively; hidden files and symlinked dirs skipped); ids in order.
    QList<qint64> addFiles(const QStringList &paths);

    void pause(qint64 id);
    void resume(qint64 id);
    void pauseAll();
    void resumeAll();
    // Stops and drops the server's upload (DELETE /uploads/{id}); the item becomes Canceled.
    void cancel(qint64 id);
    // A Failed (or Canceled) item starts again from what the server has.
    void retry(qint64 id);
    void retryAll();

    void setMaxParallelFiles(int count);
    int maxParallelFiles() const { return _maxParallelFiles; }
    void setBandwidthLimit(qint64 bytesPerSecond /*0 = none*/);
    qint64 bandwidthLimit() const;
    // Chunk PUTs in flight per file (default 3).
    void setChunksInFlight(int count);
    int chunksInFlight() const { return _chunksInFlight; }
    // Chunk size asked of the server (clamped by it); 0 = the server's default.
    void setChunkSizeHint(qint64 bytes) { _chunkSizeHint = bytes; }
    qint64 chunkSizeHint() const { return _chunkSizeHint; }
    // First retry delay; doubles up to 60 s (tests shorten it).
    void setRetryBaseDelayMs(int ms) { _retryBaseDelayMs = ms; }
    int retryBaseDelayMs() const { return _retryBaseDelayMs; }
    // Retries of one step before the item fails (network errors wait longer, see FileUpload).
    void setMaxAttempts(int attempts) { _maxAttempts = attempts; }
    int maxAttempts() const { return _maxAttempts; }

    // Current send rate of an item (bytes/s, smoothed) and its time left (-1 = unknown).
    qint64 speed(qint64 id) const;
    qint64 eta(qint64 id) const;
    int activeCount() const { return int(_active.size()); }
    bool isIdle() const;
    // Waiting for a new token after a 401.
    bool isWaitingForAuthentication() const { return _waitingForAuth; }
    // Chunk PUTs that were answered 2xx since this engine started (for tests and diagnostics).
    qint64 chunksSent() const { return _chunksSent; }
    ApiClient *client() const { return _client; }
    BandwidthLimiter *bandwidthLimiter() const { return _limiter; }

Q_SIGNALS:
    void progressChanged(qint64 id);
    void itemStateChanged(qint64 id);
    // Everything queued since the last batch has ended (done or failed; paused items hold a batch open).
    void batchFinished(int done, int failed);
    // A 401 paused the uploads; they carry on once the ApiClient has a new token.
    void authenticationPaused();

private:
    friend class FileUpload;
    void schedule();
    void startItem(qint64 id);
    void onUploadFinished(qint64 id);
    void onAuthenticationFailure();
    void holdForAuthentication();
    void onTokenChanged(const QString &token);
    void setState(qint64 id, UploadState state, const QString &error = {});
    void stopActive(qint64 id);
    void checkBatch();
    void restoreQueue();
    void fetchLimits();
    // The chunk size the server will choose for a file (to hash chunks while hashing the file), 0 if unknown.
    qint64 expectedChunkSize(qint64 size) const;
    void noteChunkSent() { ++_chunksSent; }
    void openBatch();

    ApiClient *_client;
    UploadQueue *_queue;
    BandwidthLimiter *_limiter;
    QHash<qint64, FileUpload *> _active;
    int _maxParallelFiles = 2;
    int _chunksInFlight = 3;
    qint64 _chunkSizeHint = 0;
    int _retryBaseDelayMs = 1000;
    int _maxAttempts = 8;
    qint64 _chunksSent = 0;
    int _batchDone = 0;
    int _batchFailed = 0;
    bool _batchOpen = false;
    bool _waitingForAuth = false;
    bool _limitsKnown = false;
    bool _fetchingLimits = false;
    bool _limitsAsked = false; // one answer (or failure) seen: schedule() no longer waits for it
    ChunkLimits _limits;
};

} // namespace nestbox
