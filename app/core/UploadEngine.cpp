#include "UploadEngine.h"

#include "ApiClient.h"
#include "BandwidthLimiter.h"
#include "CancelUploadJob.h"
#include "FileUpload.h"
#include "Logging.h"
#include "ServerInfoJob.h"
#include "UploadQueue.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QTimer>

#include <utility>

namespace nestbox {

UploadEngine::UploadEngine(ApiClient *client, UploadQueue *queue, QObject *parent)
    : QObject(parent)
    , _client(client)
    , _queue(queue)
    , _limiter(new BandwidthLimiter(this))
{
    if (!_queue->isOpen() && !_queue->open())
        qCWarning(lcUpload) << "the upload queue cannot be opened:" << _queue->errorString();
    connect(_client, &ApiClient::tokenChanged, this, &UploadEngine::onTokenChanged);
    connect(_client, &ApiClient::baseUrlChanged, this, [this] { _limitsKnown = false; });
    // after the constructor, so the caller can connect to the signals first
    QTimer::singleShot(0, this, &UploadEngine::restoreQueue);
}

UploadEngine::~UploadEngine()
{
    // Leave every row as it is: a new engine on the same queue resumes what was running.
    const auto active = _active;
    _active.clear();
    for (FileUpload *upload : active) {
        upload->stop();
        delete upload;
    }
}

void UploadEngine::restoreQueue()
{
    bool any = false;
    const QList<UploadItem> items = _queue->items();
    for (UploadItem it : items) {
        if (_active.contains(it.id))
            continue;
        if (it.state == UploadState::Hashing || it.state == UploadState::Uploading
            || (it.state == UploadState::Paused && it.pausedForAuth)) {
            // it was running when the app stopped: queue it again; FileUpload resyncs with the server
            it.state = UploadState::Queued;
            it.pausedForAuth = false;
            _queue->update(it);
            Q_EMIT itemStateChanged(it.id);
        }
        if (it.state == UploadState::Queued)
            any = true;
    }
    if (any) {
        qCInfo(lcUpload) << "resuming the upload queue from" << _queue->databasePath();
        openBatch();
    }
    schedule();
}

void UploadEngine::openBatch()
{
    if (!_batchOpen) {
        _batchOpen = true;
        _batchDone = 0;
        _batchFailed = 0;
    }
}

QList<qint64> UploadEngine::addFiles(const QStringList &paths)
{
    QList<qint64> ids;
    QStringList files;
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            QDirIterator walk(info.absoluteFilePath(), QDir::Files | QDir::NoDotAndDotDot | QDir::Readable,
                              QDirIterator::Subdirectories);
            QStringList found;
            while (walk.hasNext())
                found.append(walk.next());
            found.sort();
            files.append(found);
        } else if (info.isFile()) {
            files.append(info.absoluteFilePath());
        } else {
            qCWarning(lcUpload) << "not a file or folder, skipped:" << path;
        }
    }
    for (const QString &file : std::as_const(files)) {
        const QFileInfo info(file);
        UploadItem it;
        it.localPath = info.absoluteFilePath();
        it.name = info.fileName();
        it.size = info.size();
        it.mtime = info.lastModified().toUTC();
        it.state = UploadState::Queued;
        const qint64 id = _queue->add(it);
        if (id > 0)
            ids.append(id);
    }
    if (!ids.isEmpty()) {
        openBatch();
        qCInfo(lcUpload) << "queued" << ids.size() << "files";
    }
    fetchLimits();
    schedule();
    return ids;
}

void UploadEngine::fetchLimits()
{
    if (_limitsKnown || _fetchingLimits || !_client->baseUrl().isValid())
        return;
    _fetchingLimits = true;
    auto *job = new ServerInfoJob(_client, this);
    connect(job, &AbstractApiJob::finished, this, [this, job] {
        _fetchingLimits = false;
        if (job->succeeded()) {
            _limits = job->limits();
            _limitsKnown = true;
        }
        if (!std::exchange(_limitsAsked, true))
            schedule(); // the files that waited for the first answer
    });
    job->start();
}

qint64 UploadEngine::expectedChunkSize(qint64 size) const
{
    if (!_limitsKnown)
        return 0;
    const auto plan = ChunkPlan::make(size, _chunkSizeHint, _limits);
    return plan ? plan->chunkSize() : 0;
}

void UploadEngine::schedule()
{
    if (!_client->hasToken() || _waitingForAuth)
        return;
    fetchLimits();
    // Hashing a file also computes its chunks' digests in the same pass, but only when the
    // server's chunk size is known; starting before the first /server answer meant every chunk
    // was read and hashed a second time while it was being sent. Wait for that one small request
    // (once: when it fails, files start without the chunk digests and compute them as they go).
    if (!_limitsKnown && _fetchingLimits && !_limitsAsked)
        return;
    const QList<qint64> ids = _queue->ids();
    for (qint64 id : ids) {
        if (int(_active.size()) >= _maxParallelFiles)
            break;
        if (_active.contains(id))
            continue;
        const std::optional<UploadItem> it = _queue->item(id);
        if (it && it->state == UploadState::Queued)
            startItem(id);
    }
    checkBatch();
}

void UploadEngine::startItem(qint64 id)
{
    auto *upload = new FileUpload(this, id);
    _active.insert(id, upload);
    upload->start();
}

void UploadEngine::stopActive(qint64 id)
{
    FileUpload *upload = _active.take(id);
    if (!upload)
        return;
    upload->stop();
    // it may be on the stack (stopping from inside one of its own callbacks)
    upload->deleteLater();
}

void UploadEngine::setState(qint64 id, UploadState state, const QString &error)
{
    std::optional<UploadItem> it = _queue->item(id);
    if (!it)
        return;
    it->state = state;
    it->error = error;
    if (state != UploadState::Paused)
        it->pausedForAuth = false;
    _queue->update(*it);
    Q_EMIT itemStateChanged(id);
}

void UploadEngine::onUploadFinished(qint64 id)
{
    stopActive(id);
    const std::optional<UploadItem> it = _queue->item(id);
    if (it) {
        if (it->state == UploadState::Done || it->state == UploadState::Instant)
            ++_batchDone;
        else if (it->state == UploadState::Failed)
            ++_batchFailed;
    }
    Q_EMIT itemStateChanged(id);
    Q_EMIT progressChanged(id);
    // start the next one after this call stack unwinds
    QTimer::singleShot(0, this, &UploadEngine::schedule);
}

void UploadEngine::checkBatch()
{
    if (!_batchOpen || !_active.isEmpty())
        return;
    for (const UploadItem &it : _queue->items()) {
        if (it.state == UploadState::Queued || it.state == UploadState::Hashing || it.state == UploadState::Uploading)
            return;
        if (it.state == UploadState::Paused && it.pausedForAuth)
            return;
    }
    _batchOpen = false;
    qCInfo(lcUpload) << "batch finished:" << _batchDone << "done," << _batchFailed << "failed";
    Q_EMIT batchFinished(_batchDone, _batchFailed);
}

bool UploadEngine::isIdle() const
{
    if (!_active.isEmpty())
        return false;
    for (const UploadItem &it : _queue->items()) {
        if (it.state == UploadState::Queued || it.state == UploadState::Hashing || it.state == UploadState::Uploading)
            return false;
    }
    return true;
}

void UploadEngine::pause(qint64 id)
{
    const std::optional<UploadItem> it = _queue->item(id);
    if (!it || it->isFinal() || it->state == UploadState::Failed || it->state == UploadState::Paused)
        return;
    stopActive(id);
    setState(id, UploadState::Paused);
    qCInfo(lcUpload) << it->localPath << "paused";
    QTimer::singleShot(0, this, &UploadEngine::schedule);
}

void UploadEngine::resume(qint64 id)
{
    const std::optional<UploadItem> it = _queue->item(id);
    if (!it || it->state != UploadState::Paused)
        return;
    setState(id, UploadState::Queued);
    openBatch();
    schedule();
}

void UploadEngine::pauseAll()
{
    const QList<qint64> ids = _queue->ids();
    for (qint64 id : ids)
        pause(id);
}

void UploadEngine::resumeAll()
{
    const QList<qint64> ids = _queue->ids();
    for (qint64 id : ids) {
        const std::optional<UploadItem> it = _queue->item(id);
        if (it && it->state == UploadState::Paused)
            setState(id, UploadState::Queued);
    }
    openBatch();
    schedule();
}

void UploadEngine::cancel(qint64 id)
{
    const std::optional<UploadItem> it = _queue->item(id);
    if (!it || it->isFinal())
        return;
    stopActive(id);
    if (!it->uploadId.isEmpty() && _client->hasToken()) {
        auto *job = new CancelUploadJob(_client, it->uploadId, this);
        job->start();
    }
    std::optional<UploadItem> row = _queue->item(id);
    row->state = UploadState::Canceled;
    row->uploadId.clear();
    row->error.clear();
    _queue->update(*row);
    Q_EMIT itemStateChanged(id);
    QTimer::singleShot(0, this, &UploadEngine::schedule);
}

void UploadEngine::retry(qint64 id)
{
    const std::optional<UploadItem> it = _queue->item(id);
    if (!it || (it->state != UploadState::Failed && it->state != UploadState::Canceled))
        return;
    setState(id, UploadState::Queued);
    openBatch();
    schedule();
}

void UploadEngine::retryAll()
{
    const QList<qint64> ids = _queue->ids();
    for (qint64 id : ids) {
        const std::optional<UploadItem> it = _queue->item(id);
        if (it && it->state == UploadState::Failed)
            setState(id, UploadState::Queued);
    }
    openBatch();
    schedule();
}

void UploadEngine::setMaxParallelFiles(int count)
{
    _maxParallelFiles = std::max(1, count);
    schedule();
}

void UploadEngine::setBandwidthLimit(qint64 bytesPerSecond)
{
    _limiter->setLimit(bytesPerSecond);
}

qint64 UploadEngine::bandwidthLimit() const
{
    return _limiter->limit();
}

void UploadEngine::setChunksInFlight(int count)
{
    _chunksInFlight = std::max(1, count);
}

qint64 UploadEngine::speed(qint64 id) const
{
    const FileUpload *upload = _active.value(id);
    return upload ? upload->speed() : 0;
}

qint64 UploadEngine::eta(qint64 id) const
{
    const FileUpload *upload = _active.value(id);
    return upload ? upload->eta() : -1;
}

void UploadEngine::onAuthenticationFailure()
{
    const bool first = !_waitingForAuth;
    holdForAuthentication();
    if (first) {
        qCInfo(lcUpload) << "session expired: uploads paused until the next sign-in";
        Q_EMIT authenticationPaused();
    }
}

void UploadEngine::holdForAuthentication()
{
    _waitingForAuth = true;
    const QList<qint64> ids = _active.keys();
    for (qint64 id : ids) {
        stopActive(id);
        std::optional<UploadItem> it = _queue->item(id);
        if (!it)
            continue;
        it->state = UploadState::Paused;
        it->pausedForAuth = true;
        it->error = tr("Waiting for you to sign in again.");
        _queue->update(*it);
        Q_EMIT itemStateChanged(id);
    }
}

void UploadEngine::onTokenChanged(const QString &token)
{
    if (token.isEmpty()) {
        // signed out: hold what runs, it carries on with the next sign-in
        if (!_active.isEmpty())
            qCInfo(lcUpload) << "signed out: uploads paused until the next sign-in";
        holdForAuthentication();
        return;
    }
    if (_waitingForAuth) {
        _waitingForAuth = false;
        qCInfo(lcUpload) << "new session: resuming the uploads paused by the expired one";
        const QList<UploadItem> items = _queue->items();
        for (const UploadItem &it : items) {
            if (it.state == UploadState::Paused && it.pausedForAuth) {
                UploadItem copy = it;
                copy.state = UploadState::Queued;
                copy.pausedForAuth = false;
                copy.error.clear();
                _queue->update(copy);
                Q_EMIT itemStateChanged(it.id);
            }
        }
    }
    schedule();
}

} // namespace nestbox
