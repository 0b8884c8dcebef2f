#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

namespace nestbox {

class ApiClient;
class DownloadJob;

// Downloads chosen files into one folder, one after the other, with DownloadJob (resumable with
// Range, verified by SHA-256). A name already taken in the folder gets " (2)", " (3)"… Reports
// progress over the whole batch and, at the end, what worked. GUI thread.
class FileDownloader : public QObject {
    Q_OBJECT

public:
    struct Request {
        QString fileId;
        QString name;
        QString sha256;
        qint64 size = 0;
    };

    explicit FileDownloader(ApiClient *client, QObject *parent = nullptr);

    void download(const QList<Request> &files, const QString &folder);
    void cancel();
    bool isRunning() const { return !_job.isNull(); }
    // A file name not taken yet in `folder` ("a.jpg", "a (2).jpg", …).
    static QString freeName(const QString &folder, const QString &name);

Q_SIGNALS:
    void progress(int fileIndex, int fileCount, qint64 bytesDone, qint64 bytesTotal);
    void finished(int succeeded, const QStringList &errors, const QString &folder);

private:
    void startNext();

    ApiClient *_client;
    QList<Request> _queue;
    QString _folder;
    QPointer<DownloadJob> _job;
    QStringList _errors;
    qint64 _bytesTotal = 0;
    qint64 _bytesBefore = 0;
    int _count = 0;
    int _index = 0;
    int _succeeded = 0;
};

} // namespace nestbox
