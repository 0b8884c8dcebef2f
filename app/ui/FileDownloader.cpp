#include "FileDownloader.h"

#include "DownloadJob.h"
#include "UiLogging.h"

#include <QDir>
#include <QFileInfo>

namespace nestbox {

FileDownloader::FileDownloader(ApiClient *client, QObject *parent)
    : QObject(parent)
    , _client(client)
{
}

QString FileDownloader::freeName(const QString &folder, const QString &name)
{
    const QDir dir(folder);
    if (!dir.exists(name))
        return name;
    const QFileInfo info(name);
    const QString base = info.completeBaseName();
    const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
    for (int n = 2;; ++n) {
        const QString candidate = base + QStringLiteral(" (%1)").arg(n) + suffix;
        if (!dir.exists(candidate))
            return candidate;
    }
}

void FileDownloader::download(const QList<Request> &files, const QString &folder)
{
    if (isRunning()) {
        _queue.append(files);
        _count += int(files.size());
    } else {
        _queue = files;
        _folder = folder;
        _errors.clear();
        _count = int(files.size());
        _index = 0;
        _succeeded = 0;
        _bytesBefore = 0;
        _bytesTotal = 0;
    }
    for (const Request &request : files)
        _bytesTotal += request.size;
    if (!isRunning())
        startNext();
}

void FileDownloader::cancel()
{
    _queue.clear();
    if (_job)
        _job->abort();
    Q_EMIT finished(_succeeded, _errors, _folder);
}

void FileDownloader::startNext()
{
    if (_queue.isEmpty()) {
        Q_EMIT finished(_succeeded, _errors, _folder);
        return;
    }
    const Request request = _queue.takeFirst();
    ++_index;
    // A .part of the same name is an earlier attempt at this file: DownloadJob resumes it.
    QString name = request.name;
    const QDir dir(_folder);
    if (dir.exists(name))
        name = freeName(_folder, name);
    const QString target = dir.filePath(name);
    _job = new DownloadJob(_client, request.fileId, target, request.sha256, this);
    connect(_job, &DownloadJob::progress, this, [this](qint64 done, qint64) {
        Q_EMIT progress(_index, _count, _bytesBefore + done, _bytesTotal);
    });
    connect(_job, &AbstractApiJob::finished, this, [this, request] {
        DownloadJob *job = _job;
        _bytesBefore += request.size;
        if (job && job->succeeded()) {
            ++_succeeded;
        } else if (job) {
            _errors.append(tr("%1: %2").arg(request.name, job->error().message));
            qCWarning(lcUi) << "download of" << request.fileId << "failed:" << job->error().toString();
        }
        _job.clear();
        startNext();
    });
    _job->start();
}

} // namespace nestbox
