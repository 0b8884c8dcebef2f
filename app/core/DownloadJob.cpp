#include "DownloadJob.h"

#include "ApiClient.h"
#include "AppVersion.h"
#include "Logging.h"

#include <nestbox/Sha256.h>

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>

namespace nestbox {

namespace {
constexpr qint64 kHashBlock = 1 << 20;
} // namespace

DownloadJob::DownloadJob(ApiClient *client, const QString &fileId, const QString &targetPath,
                         const QString &expectedSha256, QObject *parent)
    : AbstractApiJob(client, parent)
    , _fileId(fileId)
    , _targetPath(targetPath)
    , _expectedSha256(expectedSha256.toLower())
{
    // big files: the timeout only applies while nothing moves
    setTimeout(std::chrono::seconds(60));
}

DownloadJob::~DownloadJob() = default;

ApiError DownloadJob::localError(const QString &message) const
{
    ApiError e;
    e.kind = ApiError::Kind::Network;
    e.message = message;
    e.serverMessage = message;
    return e;
}

QNetworkReply *DownloadJob::sendRequest()
{
    QDir().mkpath(QFileInfo(_targetPath).absolutePath());
    _part = std::make_unique<QFile>(partPath());
    if (!_part->open(QIODevice::ReadWrite)) {
        qCWarning(lcDownload) << "cannot open" << partPath() << _part->errorString();
        setLocalError(tr("Cannot write to %1: %2").arg(partPath(), _part->errorString()));
        return nullptr;
    }
    _resumeOffset = _part->size();
    QNetworkRequest request = makeRequest(QStringLiteral("/files/") + _fileId + QStringLiteral("/content"));
    // A server with presigned downloads answers 302 to the object store; that request must not
    // carry our bearer token (the store refuses two signatures, and the token is not its business).
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return get(request, true);
}

QNetworkReply *DownloadJob::followRedirect(const QUrl &target)
{
    QNetworkRequest request(target);
    request.setHeader(QNetworkRequest::UserAgentHeader, QString(QLatin1String("Nestbox/") + QLatin1String(kAppVersion)));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(60000);
    qCInfo(lcDownload) << "content of" << _fileId << "served from" << target.host();
    // The store's ETag is not our SHA-256, and the object behind a presigned URL is one content
    // that never changes: a plain Range continues it.
    return get(request, false);
}

QNetworkReply *DownloadJob::get(QNetworkRequest request, bool ifRange)
{
    request.setRawHeader("Accept", "*/*");
    if (_resumeOffset > 0) {
        request.setRawHeader("Range", "bytes=" + QByteArray::number(_resumeOffset) + '-');
        // only continue the same content; another content answers 200 with the whole file
        if (ifRange && !_expectedSha256.isEmpty())
            request.setRawHeader("If-Range", '"' + _expectedSha256.toLatin1() + '"');
    }
    QNetworkReply *reply = _client->network()->get(request);
    connect(reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64 total) {
        if (total >= 0)
            _total = total + (_started && _resumeOffset > 0 ? _resumeOffset : 0);
        Q_EMIT progress(_resumeOffset + received, _total);
    });
    return reply;
}

void DownloadJob::onReadyRead(QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200 && status != 206)
        return; // an error body: read at the end
    if (!_started) {
        _started = true;
        if (status == 200) {
            // the server sends the whole file: start the .part afresh
            _resumeOffset = 0;
            _part->resize(0);
        }
        _part->seek(_resumeOffset);
    }
    const QByteArray data = reply->readAll();
    if (!_writeFailed && _part->write(data) != data.size()) {
        _writeFailed = true;
        qCWarning(lcDownload) << "cannot write" << partPath() << _part->errorString();
        reply->abort();
    }
}

void DownloadJob::onFinishedReply(QNetworkReply *)
{
    if (_part)
        _part->close();
    // a .part that no longer fits the file (416) is useless: the next attempt starts from 0
    if (error().is(ErrorCode::RangeNotSatisfiable))
        QFile::remove(partPath());
}

ApiError DownloadJob::parseResponse()
{
    if (_writeFailed)
        return localError(tr("Cannot write to %1: %2").arg(partPath(), _part->errorString()));
    if (!_started) {
        // empty body (a zero-byte file)
        _part->resize(0);
    }
    _part->flush();
    QString expected = _expectedSha256;
    if (expected.isEmpty()) {
        // Nestbox's ETag is the SHA-256; an object store's (after a presigned redirect) is not.
        QByteArray etag = responseHeader("ETag");
        etag.replace('"', QByteArray());
        static const QRegularExpression sha256Hex(QStringLiteral("^[0-9a-fA-F]{64}$"));
        if (sha256Hex.match(QString::fromLatin1(etag)).hasMatch())
            expected = QString::fromLatin1(etag).toLower();
    }
    // hash the whole file on disk: what counts is what was written, including an earlier part
    _part->seek(0);
    Sha256 hasher;
    QByteArray block(kHashBlock, Qt::Uninitialized);
    for (;;) {
        const qint64 n = _part->read(block.data(), block.size());
        if (n < 0)
            return localError(tr("Cannot read back %1: %2").arg(partPath(), _part->errorString()));
        if (n == 0)
            break;
        hasher.update(block.constData(), std::size_t(n));
    }
    _sha256 = QString::fromStdString(hasher.finishHex());
    _part->close();
    if (!expected.isEmpty() && expected != _sha256) {
        QFile::remove(partPath());
        ApiError e;
        e.kind = ApiError::Kind::Server;
        e.code = ErrorCode::ChecksumMismatch;
        e.codeName = QStringLiteral("checksum_mismatch");
        e.message = tr("The downloaded file is damaged (its checksum does not match); download it again.");
        return e;
    }
    QFile::remove(_targetPath);
    if (!QFile::rename(partPath(), _targetPath))
        return localError(tr("Cannot move the download to %1.").arg(_targetPath));
    qCInfo(lcDownload) << "downloaded" << _fileId << "to" << _targetPath << "resumed from" << _resumeOffset;
    return {};
}

} // namespace nestbox
