#pragma once

#include "ApiError.h"
#include "FileHasher.h"
#include "UploadItem.h"

#include <nestbox/ProofOfPossession.h>

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <atomic>
#include <deque>
#include <memory>

namespace nestbox {

class AbstractApiJob;
class PutChunkJob;
class UploadEngine;

// The upload of one queued file, as a small state machine with the server as the truth
// (after owncloud's PropagateUploadTUS and seafile's reliable upload): validate the local file
// against the queue row → hash (worker thread) → POST /uploads → instant | proof | chunks →
// complete. A known server upload id is always resynchronised first (GET /uploads/{id}) and only
// the missing chunks are sent; after any doubt (an error on a chunk) it resynchronises again.
// Reports by changing the queue row and calling back into the engine. Owned by UploadEngine;
// stop() aborts everything in flight and leaves the row as it is. GUI thread.
class FileUpload : public QObject {
    Q_OBJECT

public:
    FileUpload(UploadEngine *engine, qint64 id);
    ~FileUpload() override;

    qint64 id() const { return _id; }
    void start();
    // Aborts every request and worker result; emits nothing afterwards.
    void stop();

    qint64 speed() const;
    qint64 eta() const;

private:
    enum class Step { Idle, Hashing, Creating, Proving, Resyncing, Sending, Completing, Waiting, Stopped };

    UploadItem item() const;
    void save(const UploadItem &item);
    bool localFileChanged(const UploadItem &item, QString *error) const;
    void startAfresh(const QString &why);
    void startAfreshKeepingHash(const QString &why);
    void hash();
    void onHashed(const FileHasher::Result &result);
    void create();
    void prove(const QString &uploadId, const QByteArray &nonce, const std::vector<ByteRange> &ranges);
    void resync();
    void sendMissing();
    void fillSlots();
    void sendChunk(qint64 index, const QByteArray &sha256);
    void onChunkFinished(PutChunkJob *job);
    void complete();
    void handleError(const ApiError &error, void (FileUpload::*retryStep)());
    void retryLater(void (FileUpload::*step)(), const ApiError &error);
    void abortRequests();
    void track(AbstractApiJob *job);
    void updateProgress();
    void finishDone(const QJsonObject &file, bool instant);
    void fail(const QString &message);
    void setUploadGeometry(const QString &uploadId, qint64 chunkSize);
    qint64 chunkLength(qint64 index) const;
    qint64 chunkCount() const;

    UploadEngine *_engine;
    qint64 _id;
    Step _step = Step::Idle;
    std::shared_ptr<std::atomic_bool> _canceled = std::make_shared<std::atomic_bool>(false);
    QList<QPointer<AbstractApiJob>> _jobs;
    QHash<qint64, QPointer<PutChunkJob>> _inFlight;
    QHash<qint64, qint64> _inFlightSent;
    QSet<qint64> _hashingChunks;
    QSet<qint64> _received;
    std::deque<qint64> _missing;
    QHash<qint64, QByteArray> _chunkHashes; // precomputed while hashing the whole file
    qint64 _precomputedChunkSize = 0;
    QTimer _retryTimer;
    int _attempts = 0;
    int _networkAttempts = 0;
    int _afresh = 0;
    bool _doubt = false;
    // speed: (ms, bytes) samples of the last few seconds
    QElapsedTimer _clock;
    std::deque<std::pair<qint64, qint64>> _samples;
    qint64 _lastBytes = 0;
    qint64 _progressAtMs = -1; // when chunk progress last updated the item (at most every 100 ms)

};

} // namespace nestbox
