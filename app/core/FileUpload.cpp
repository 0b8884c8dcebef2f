#include "FileUpload.h"

#include "ApiClient.h"
#include "BandwidthLimiter.h"
#include "CancelUploadJob.h"
#include "ChunkDevice.h"
#include "CompleteUploadJob.h"
#include "CreateUploadJob.h"
#include "Logging.h"
#include "ProofJob.h"
#include "PutChunkJob.h"
#include "UploadEngine.h"
#include "UploadQueue.h"
#include "UploadStatusJob.h"

#include <nestbox/ProofOfPossession.h>

#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>

#include <algorithm>

namespace nestbox {

namespace {
constexpr qint64 kSpeedWindowMs = 4000;
constexpr qint64 kProgressIntervalMs = 100;
constexpr int kMaxRetryDelayMs = 60'000;
constexpr int kMaxAfresh = 3;
} // namespace

FileUpload::FileUpload(UploadEngine *engine, qint64 id)
    : QObject(engine)
    , _engine(engine)
    , _id(id)
{
    _retryTimer.setSingleShot(true);
    _clock.start();
}

FileUpload::~FileUpload()
{
    stop();
}

UploadItem FileUpload::item() const
{
    return _engine->queue()->item(_id).value_or(UploadItem{});
}

void FileUpload::save(const UploadItem &item)
{
    _engine->queue()->update(item);
}

qint64 FileUpload::chunkCount() const
{
    const UploadItem it = item();
    if (it.chunkSize <= 0)
        return 0;
    return (it.size + it.chunkSize - 1) / it.chunkSize;
}

qint64 FileUpload::chunkLength(qint64 index) const
{
    const UploadItem it = item();
    const qint64 offset = index * it.chunkSize;
    return std::max<qint64>(0, std::min(it.chunkSize, it.size - offset));
}

void FileUpload::track(AbstractApiJob *job)
{
    _jobs.removeAll(nullptr);
    _jobs.append(job);
}

void FileUpload::abortRequests()
{
    _retryTimer.stop();
    disconnect(&_retryTimer, nullptr, this, nullptr);
    const auto jobs = _jobs;
    _jobs.clear();
    for (const QPointer<AbstractApiJob> &job : jobs) {
        if (job) {
            job->disconnect(this);
            job->abort();
        }
    }
    _inFlight.clear();
    _inFlightSent.clear();
    _hashingChunks.clear();
    // results of worker threads started before now are dropped
    _canceled->store(true);
    _canceled = std::make_shared<std::atomic_bool>(false);
}

void FileUpload::stop()
{
    abortRequests();
    _step = Step::Stopped;
}

qint64 FileUpload::speed() const
{
    if (_samples.size() < 2)
        return 0;
    const auto &first = _samples.front();
    const auto &last = _samples.back();
    const qint64 ms = last.first - first.first;
    if (ms <= 0)
        return 0;
    return (last.second - first.second) * 1000 / ms;
}

qint64 FileUpload::eta() const
{
    const qint64 s = speed();
    if (s <= 0)
        return -1;
    const UploadItem it = item();
    return std::max<qint64>(0, (it.size - it.bytesDone + s - 1) / s);
}

bool FileUpload::localFileChanged(const UploadItem &it, QString *error) const
{
    const QFileInfo info(it.localPath);
    if (!info.exists() || !info.isReadable()) {
        *error = tr("The file is no longer there: %1").arg(it.localPath);
        return true;
    }
    return info.size() != it.size || info.lastModified().toUTC() != it.mtime;
}

void FileUpload::start()
{
    _step = Step::Idle;
    UploadItem it = item();
    if (it.id == 0)
        return;
    QString missing;
    const bool changed = localFileChanged(it, &missing);
    if (!missing.isEmpty()) {
        fail(missing);
        return;
    }
    it.state = it.sha256.isEmpty() ? UploadState::Hashing : UploadState::Uploading;
    it.error.clear();
    it.pausedForAuth = false;
    save(it);
    Q_EMIT _engine->itemStateChanged(_id);
    if (changed && !it.sha256.isEmpty()) {
        startAfresh(QStringLiteral("the local file changed since it was hashed"));
        return;
    }
    if (it.sha256.isEmpty())
        hash();
    else if (!it.uploadId.isEmpty())
        resync();
    else
        create();
}

void FileUpload::startAfresh(const QString &why)
{
    UploadItem it = item();
    qCInfo(lcUpload) << it.localPath << "starts afresh:" << why;
    if (++_afresh > kMaxAfresh) {
        fail(tr("The upload had to start again too often; is the file being changed?"));
        return;
    }
    abortRequests();
    if (!it.uploadId.isEmpty()) {
        // the staged chunks are of the old content: let the server drop them now, not in 7 days
        auto *drop = new CancelUploadJob(_engine->client(), it.uploadId, _engine);
        drop->start();
    }
    it.sha256.clear();
    it.uploadId.clear();
    it.chunkSize = 0;
    it.bytesDone = 0;
    it.state = UploadState::Hashing;
    const QFileInfo info(it.localPath);
    it.size = info.size();
    it.mtime = info.lastModified().toUTC();
    save(it);
    Q_EMIT _engine->itemStateChanged(_id);
    _received.clear();
    _missing.clear();
    _chunkHashes.clear();
    hash();
}

void FileUpload::hash()
{
    _step = Step::Hashing;
    UploadItem it = item();
    if (it.state != UploadState::Hashing) {
        it.state = UploadState::Hashing;
        save(it);
        Q_EMIT _engine->itemStateChanged(_id);
    }
    const qint64 chunkSize = _engine->expectedChunkSize(it.size);
    auto *watcher = new QFutureWatcher<FileHasher::Result>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, canceled = _canceled] {
        watcher->deleteLater();
        if (canceled->load() || _step != Step::Hashing)
            return;
        onHashed(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(&FileHasher::hashFile, it.localPath, chunkSize, _canceled));
}

void FileUpload::onHashed(const FileHasher::Result &result)
{
    UploadItem it = item();
    if (!result.ok) {
        fail(result.error);
        return;
    }
    const QFileInfo info(it.localPath);
    if (info.size() != result.size || info.lastModified().toUTC() != result.mtime) {
        qCInfo(lcUpload) << it.localPath << "changed while hashing; hashing again";
        hash();
        return;
    }
    it.sha256 = result.sha256;
    it.size = result.size;
    it.mtime = result.mtime;
    it.state = UploadState::Uploading;
    save(it);
    Q_EMIT _engine->itemStateChanged(_id);
    _chunkHashes.clear();
    _precomputedChunkSize = result.chunkSize;
    for (qsizetype i = 0; i < result.chunkSha256.size(); ++i)
        _chunkHashes.insert(i, result.chunkSha256.at(i));
    qCDebug(lcUpload) << it.localPath << "sha256" << it.sha256;
    create();
}

void FileUpload::create()
{
    _step = Step::Creating;
    const UploadItem it = item();
    auto *job = new CreateUploadJob(_engine->client(), it.name, it.size, it.sha256, it.mtime,
                                    _engine->chunkSizeHint(), this);
    track(job);
    connect(job, &AbstractApiJob::finished, this, [this, job] {
        if (!job->succeeded()) {
            handleError(job->error(), &FileUpload::create);
            return;
        }
        _attempts = 0;
        _networkAttempts = 0;
        if (job->isComplete()) {
            finishDone(job->file(), job->isInstant());
            return;
        }
        const QJsonObject upload = job->upload();
        setUploadGeometry(upload.value(QLatin1String("id")).toString(),
                          static_cast<qint64>(upload.value(QLatin1String("chunk_size")).toDouble()));
        if (job->proofRequired()) {
            prove(upload.value(QLatin1String("id")).toString(), job->challengeNonce(), job->challengeRanges());
            return;
        }
        _received.clear();
        sendMissing();
    });
    job->start();
}

void FileUpload::setUploadGeometry(const QString &uploadId, qint64 chunkSize)
{
    UploadItem it = item();
    it.uploadId = uploadId;
    it.chunkSize = chunkSize;
    save(it);
    if (chunkSize != _precomputedChunkSize)
        _chunkHashes.clear();
    qCDebug(lcUpload) << it.localPath << "upload" << uploadId << "chunk size" << chunkSize;
}

void FileUpload::prove(const QString &uploadId, const QByteArray &nonce, const std::vector<ByteRange> &ranges)
{
    _step = Step::Proving;
    const QString path = item().localPath;
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, uploadId, canceled = _canceled] {
        watcher->deleteLater();
        if (canceled->load() || _step != Step::Proving)
            return;
        const QString proof = watcher->result();
        if (proof.isEmpty()) {
            // cannot read the ranges: send the whole file instead
            resync();
            return;
        }
        auto *job = new ProofJob(_engine->client(), uploadId, proof, this);
        track(job);
        connect(job, &AbstractApiJob::finished, this, [this, job] {
            if (job->succeeded()) {
                finishDone(job->file(), true);
                return;
            }
            if (job->error().is(ErrorCode::ProofMismatch) || job->error().httpStatus == 422) {
                // the server turned the upload into a normal one: send the bytes
                qCInfo(lcUpload) << item().localPath << "proof refused; uploading the content";
                resync();
                return;
            }
            // the challenge is single-use: after any other failure ask for a fresh one
            handleError(job->error(), &FileUpload::resync);
        });
        job->start();
    });
    const std::string nonceBytes(nonce.constData(), std::size_t(nonce.size()));
    watcher->setFuture(QtConcurrent::run([path, nonceBytes, ranges] {
        return QString::fromStdString(computeProofFromFile(QFile::encodeName(path).toStdString(), nonceBytes, ranges));
    }));
}

void FileUpload::resync()
{
    _step = Step::Resyncing;
    const UploadItem it = item();
    if (it.uploadId.isEmpty()) {
        create();
        return;
    }
    auto *job = new UploadStatusJob(_engine->client(), it.uploadId, this);
    track(job);
    connect(job, &AbstractApiJob::finished, this, [this, job] {
        const ApiError error = job->error();
        if (!job->succeeded()) {
            if (error.httpStatus == 404 || error.httpStatus == 410) {
                startAfreshKeepingHash(QStringLiteral("the server no longer has the upload (%1)").arg(error.codeName));
                return;
            }
            handleError(error, &FileUpload::resync);
            return;
        }
        _attempts = 0;
        _networkAttempts = 0;
        const QString state = job->state();
        if (job->chunkSize() > 0 && job->chunkSize() != item().chunkSize)
            setUploadGeometry(job->uploadId(), job->chunkSize());
        _received = job->received();
        qCDebug(lcUpload) << item().localPath << "server has" << _received.size() << "of" << chunkCount()
                          << "chunks, state" << state;
        if (state == QLatin1String("complete")) {
            complete();
            return;
        }
        sendMissing();
    });
    job->start();
}

void FileUpload::startAfreshKeepingHash(const QString &why)
{
    // the content is known and unchanged: only the server's upload is gone, so a new one will do
    QString missing;
    UploadItem it = item();
    if (localFileChanged(it, &missing)) {
        if (!missing.isEmpty())
            fail(missing);
        else
            startAfresh(QStringLiteral("the local file changed"));
        return;
    }
    qCInfo(lcUpload) << it.localPath << "new server upload:" << why;
    if (++_afresh > kMaxAfresh) {
        fail(tr("The upload had to start again too often."));
        return;
    }
    abortRequests();
    it.uploadId.clear();
    it.chunkSize = 0;
    it.bytesDone = 0;
    save(it);
    _received.clear();
    _missing.clear();
    create();
}

void FileUpload::sendMissing()
{
    _step = Step::Sending;
    _doubt = false;
    _missing.clear();
    const qint64 count = chunkCount();
    for (qint64 i = 0; i < count; ++i) {
        if (!_received.contains(i) && !_inFlight.contains(i) && !_hashingChunks.contains(i))
            _missing.push_back(i);
    }
    updateProgress();
    fillSlots();
}

void FileUpload::fillSlots()
{
    if (_step != Step::Sending)
        return;
    const int maxSlots = std::max(1, _engine->chunksInFlight());
    while (!_missing.empty() && _inFlight.size() + _hashingChunks.size() < maxSlots) {
        const qint64 index = _missing.front();
        _missing.pop_front();
        const auto cached = _chunkHashes.constFind(index);
        if (cached != _chunkHashes.cend()) {
            sendChunk(index, *cached);
            continue;
        }
        // hash the chunk in a worker thread, then send it
        _hashingChunks.insert(index);
        const UploadItem it = item();
        auto *watcher = new QFutureWatcher<QByteArray>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, index, canceled = _canceled] {
            watcher->deleteLater();
            if (canceled->load() || _step != Step::Sending)
                return;
            _hashingChunks.remove(index);
            const QByteArray sha = watcher->result();
            if (sha.isEmpty()) {
                startAfresh(QStringLiteral("cannot read chunk %1").arg(index));
                return;
            }
            _chunkHashes.insert(index, sha);
            sendChunk(index, sha);
        });
        watcher->setFuture(QtConcurrent::run(&FileHasher::hashRange, it.localPath, index * it.chunkSize,
                                             chunkLength(index)));
    }
    if (_missing.empty() && _inFlight.isEmpty() && _hashingChunks.isEmpty())
        complete();
}

void FileUpload::sendChunk(qint64 index, const QByteArray &sha256)
{
    const UploadItem it = item();
    auto *device = new ChunkDevice(it.localPath, index * it.chunkSize, chunkLength(index));
    if (!device->open(QIODevice::ReadOnly)) {
        delete device;
        startAfresh(QStringLiteral("cannot read chunk %1").arg(index));
        return;
    }
    device->setBandwidthLimiter(_engine->bandwidthLimiter());
    auto *job = new PutChunkJob(_engine->client(), it.uploadId, index, sha256, device, this);
    // a chunk may take long under a bandwidth limit; the timeout is for a stalled transfer only
    track(job);
    _inFlight.insert(index, job);
    _inFlightSent.insert(index, 0);
    connect(job, &PutChunkJob::uploadProgress, this, [this, index](qint64 sent, qint64) {
        const auto slot = _inFlightSent.find(index);
        if (slot == _inFlightSent.end())
            return;
        *slot = sent;
        // QNetworkAccessManager reports every 16 KiB block; the panel needs a few updates a
        // second, and the GUI thread that feeds the network thread its next block stays free.
        const qint64 now = _clock.elapsed();
        if (_progressAtMs < 0 || now - _progressAtMs >= kProgressIntervalMs) {
            _progressAtMs = now;
            updateProgress();
        }
    });
    connect(job, &AbstractApiJob::finished, this, [this, job] { onChunkFinished(job); });
    job->start();
}

void FileUpload::onChunkFinished(PutChunkJob *job)
{
    const qint64 index = job->index();
    _inFlight.remove(index);
    _inFlightSent.remove(index);
    if (_step != Step::Sending)
        return;
    const ApiError error = job->error();
    if (job->succeeded()) {
        _received.insert(index);
        _engine->noteChunkSent();
        _attempts = 0;
        _networkAttempts = 0;
        updateProgress();
        if (_doubt) {
            // an earlier chunk failed: wait for the others, then ask the server
            if (_inFlight.isEmpty() && _hashingChunks.isEmpty())
                resync();
            return;
        }
        fillSlots();
        return;
    }
    updateProgress();
    if (error.is(ErrorCode::UploadComplete)) {
        abortRequests();
        complete();
        return;
    }
    if (error.httpStatus == 404 || error.httpStatus == 410) {
        startAfreshKeepingHash(QStringLiteral("chunk answered %1").arg(error.codeName));
        return;
    }
    if (error.is(ErrorCode::ChunkChecksumMismatch) || error.is(ErrorCode::ChunkSizeMismatch)) {
        QString missing;
        if (localFileChanged(item(), &missing)) {
            if (!missing.isEmpty())
                fail(missing);
            else
                startAfresh(QStringLiteral("the local file changed while uploading"));
            return;
        }
        _chunkHashes.remove(index);
    }
    if (error.isAuthError()) {
        handleError(error, &FileUpload::resync);
        return;
    }
    // after any doubt: stop sending, then ask the server what it has
    qCInfo(lcUpload) << item().localPath << "chunk" << index << "failed:" << error.toString();
    _doubt = true;
    abortRequests();
    handleError(error, &FileUpload::resync);
}

void FileUpload::complete()
{
    _step = Step::Completing;
    updateProgress();
    const UploadItem it = item();
    auto *job = new CompleteUploadJob(_engine->client(), it.uploadId, this);
    track(job);
    connect(job, &AbstractApiJob::finished, this, [this, job] {
        const ApiError error = job->error();
        if (job->succeeded()) {
            finishDone(job->file(), false);
            return;
        }
        if (error.is(ErrorCode::MissingChunks)) {
            const QList<qint64> missing = error.missingChunks();
            qCInfo(lcUpload) << item().localPath << "server misses chunks" << missing;
            for (qint64 m : missing) {
                _received.remove(m);
                _chunkHashes.remove(m);
            }
            if (++_attempts > _engine->maxAttempts()) {
                fail(error.message);
                return;
            }
            sendMissing();
            return;
        }
        if (error.httpStatus == 404 || error.httpStatus == 410) {
            startAfreshKeepingHash(QStringLiteral("complete answered %1").arg(error.codeName));
            return;
        }
        if (error.is(ErrorCode::ChecksumMismatch)) {
            // what the server assembled is not what was hashed: the file changed under us
            startAfresh(QStringLiteral("the assembled content did not match the hash"));
            return;
        }
        handleError(error, &FileUpload::resync);
    });
    job->start();
}

void FileUpload::handleError(const ApiError &error, void (FileUpload::*retryStep)())
{
    if (error.isAuthError()) {
        abortRequests();
        _step = Step::Waiting;
        _engine->onAuthenticationFailure();
        return;
    }
    if (error.isRetryable()) {
        retryLater(retryStep, error);
        return;
    }
    fail(error.message);
}

void FileUpload::retryLater(void (FileUpload::*step)(), const ApiError &error)
{
    abortRequests();
    _step = Step::Waiting;
    const bool network = error.kind == ApiError::Kind::Network || error.kind == ApiError::Kind::Timeout;
    int attempt;
    if (network) {
        // the server or the network is away: keep trying (slower and slower), never give up
        attempt = ++_networkAttempts;
    } else {
        attempt = ++_attempts;
        if (attempt > _engine->maxAttempts()) {
            fail(error.message);
            return;
        }
    }
    qint64 delay = qint64(_engine->retryBaseDelayMs()) << std::min(attempt - 1, 16);
    if (error.retryAfterSeconds() > 0)
        delay = std::max<qint64>(delay, error.retryAfterSeconds() * 1000LL);
    delay = std::min<qint64>(delay, kMaxRetryDelayMs);
    qCInfo(lcUpload) << item().localPath << "retry" << attempt << "in" << delay << "ms after" << error.toString();
    UploadItem it = item();
    it.error = network ? tr("Waiting for the server… (%1)").arg(error.message) : error.message;
    save(it);
    disconnect(&_retryTimer, nullptr, this, nullptr);
    connect(&_retryTimer, &QTimer::timeout, this, [this, step] {
        UploadItem current = item();
        current.error.clear();
        save(current);
        (this->*step)();
    });
    _retryTimer.start(int(delay));
}

void FileUpload::updateProgress()
{
    const UploadItem it = item();
    // every chunk is full-sized except the last
    auto lengthOf = [&it](qint64 index) {
        return it.chunkSize <= 0 ? 0 : std::max<qint64>(0, std::min(it.chunkSize, it.size - index * it.chunkSize));
    };
    qint64 bytes = 0;
    for (qint64 i : std::as_const(_received))
        bytes += lengthOf(i);
    for (auto sent = _inFlightSent.cbegin(); sent != _inFlightSent.cend(); ++sent)
        bytes += std::min(sent.value(), lengthOf(sent.key()));
    bytes = std::min(bytes, it.size);
    const qint64 now = _clock.elapsed();
    _samples.emplace_back(now, bytes);
    while (_samples.size() > 2 && now - _samples.front().first > kSpeedWindowMs)
        _samples.pop_front();
    if (bytes < _lastBytes)
        _samples.clear();
    _lastBytes = bytes;
    if (bytes != it.bytesDone) {
        _engine->queue()->setBytesDone(_id, bytes);
        Q_EMIT _engine->progressChanged(_id);
    }
}

void FileUpload::finishDone(const QJsonObject &file, bool instant)
{
    abortRequests();
    _step = Step::Stopped;
    UploadItem it = item();
    it.state = instant ? UploadState::Instant : UploadState::Done;
    it.fileId = file.value(QLatin1String("id")).toString();
    it.bytesDone = it.size;
    it.error.clear();
    it.finishedAt = QDateTime::currentDateTimeUtc();
    save(it);
    qCInfo(lcUpload) << it.localPath << (instant ? "instant upload" : "uploaded") << "as" << it.fileId;
    _engine->onUploadFinished(_id);
}

void FileUpload::fail(const QString &message)
{
    abortRequests();
    _step = Step::Stopped;
    UploadItem it = item();
    it.state = UploadState::Failed;
    it.error = message;
    save(it);
    qCWarning(lcUpload) << it.localPath << "failed:" << message;
    _engine->onUploadFinished(_id);
}

} // namespace nestbox
