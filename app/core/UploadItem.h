#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QObject>
#include <QString>

namespace nestbox {

Q_NAMESPACE

// Where one file of the upload queue stands. Done/Instant/Canceled are final; Failed waits for retry.
enum class UploadState {
    Queued,    // waiting for a free slot
    Hashing,   // SHA-256 of the local file in a worker thread
    Uploading, // talking to the server (create, proof, chunks, complete)
    Paused,    // stopped by the user (or by an expired session); the server keeps its chunks
    Done,      // the server has the file
    Instant,   // done without sending the bytes (the server had the content)
    Failed,    // stopped with an error; retry() starts it again
    Canceled,  // removed by the user; the server's upload was dropped
};
Q_ENUM_NS(UploadState)

// One file in the upload queue, as persisted in the queue's SQLite table.
struct UploadItem {
    qint64 id = 0;
    QString localPath;
    QString name;         // name on the server (the local file name)
    qint64 size = 0;
    QDateTime mtime;      // local modification time when hashed
    QString sha256;       // empty until hashed
    QString uploadId;     // the server's upload id, empty until POST /uploads
    qint64 chunkSize = 0; // the server's chunk size for uploadId
    UploadState state = UploadState::Queued;
    qint64 bytesDone = 0;
    QString error;        // translated, for the UI
    QString fileId;       // the server's file id once done
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime finishedAt;
    bool pausedForAuth = false; // paused by an expired session, not by the user

    bool isFinal() const
    {
        return state == UploadState::Done || state == UploadState::Instant || state == UploadState::Canceled;
    }
    double progress() const { return size > 0 ? double(bytesDone) / double(size) : (isFinal() ? 1.0 : 0.0); }
};

QString uploadStateName(UploadState state);        // stable, for the database: "queued", …
UploadState uploadStateFromName(const QString &name);
QString uploadStateDisplayName(UploadState state); // translated, for the UI

} // namespace nestbox

Q_DECLARE_METATYPE(nestbox::UploadItem)
