#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <atomic>
#include <memory>

namespace nestbox {

// Streaming SHA-256 of local files (nestbox::Sha256 over OpenSSL) in bounded blocks; meant to run
// in a worker thread (QtConcurrent). Never holds a whole file in memory.
class FileHasher {
public:
    struct Result {
        bool ok = false;
        QString error;                // translated
        QString sha256;               // lower-case hex of the whole file
        qint64 size = 0;
        QDateTime mtime;              // as seen before reading
        qint64 chunkSize = 0;         // the chunk size chunkSha256 was computed for (0 = none)
        QList<QByteArray> chunkSha256; // hex per chunk, when a chunk size was given
    };

    static constexpr qint64 kBlockSize = 1 << 20;

    // Hashes the whole file and, with chunkSize > 0, every chunk of that size on the way.
    // `canceled` (may be null) stops it early (ok = false).
    static Result hashFile(const QString &path, qint64 chunkSize, const std::shared_ptr<std::atomic_bool> &canceled);
    // Hex SHA-256 of [offset, offset + length) of a file; empty on a read error or short file.
    static QByteArray hashRange(const QString &path, qint64 offset, qint64 length);
};

} // namespace nestbox
