#pragma once

#include "AbstractApiJob.h"

#include <QFile>

#include <memory>

namespace nestbox {

// GET /files/{id}/content into `targetPath`, resumable: the bytes go to targetPath + ".part"; a
// .part left by an earlier attempt is continued with Range (and If-Range on the content's ETag),
// the whole file is hashed with nestbox::Sha256 and compared with `expectedSha256` (or the ETag
// when empty) before it is renamed into place. A hash mismatch deletes the .part and fails.
class DownloadJob : public AbstractApiJob {
    Q_OBJECT

public:
    DownloadJob(ApiClient *client, const QString &fileId, const QString &targetPath,
                const QString &expectedSha256 = {}, QObject *parent = nullptr);
    ~DownloadJob() override;

    QString fileId() const { return _fileId; }
    QString targetPath() const { return _targetPath; }
    QString partPath() const { return _targetPath + QStringLiteral(".part"); }
    qint64 resumedFrom() const { return _resumeOffset; }
    QString sha256() const { return _sha256; }

Q_SIGNALS:
    // bytes of the whole file done so far, and its total size (-1 while unknown)
    void progress(qint64 bytesDone, qint64 bytesTotal);

protected:
    QNetworkReply *sendRequest() override;
    QNetworkReply *followRedirect(const QUrl &target) override;
    bool expectsJson() const override { return false; }
    void onReadyRead(QNetworkReply *reply) override;
    ApiError parseResponse() override;
    void onFinishedReply(QNetworkReply *reply) override;

private:
    QNetworkReply *get(QNetworkRequest request, bool ifRange);
    ApiError localError(const QString &message) const;

    QString _fileId;
    QString _targetPath;
    QString _expectedSha256;
    QString _sha256;
    std::unique_ptr<QFile> _part;
    qint64 _resumeOffset = 0;
    qint64 _total = -1;
    bool _started = false;
    bool _writeFailed = false;
};

} // namespace nestbox
