#pragma once

#include "repository/Records.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nestbox::server {

class Database;

// Users' files and the content-addressed blobs they point at (with reference counts).
// Thread-safe.
class FileRepository {
public:
    explicit FileRepository(Database& db)
        : _db(db)
    {
    }

    // The file when it belongs to `userId`; another user's file is simply not found.
    std::optional<FileRecord> find(const std::string& userId, const std::string& fileId);
    // Up to query.limit + 1 rows (the extra row tells that a next page exists).
    std::vector<FileRecord> list(const FileQuery& query);
    // Any file of this user with this content (for same-user instant upload).
    std::optional<FileRecord> findByContent(const std::string& userId, const std::string& sha256);
    // Size of a stored blob, when one exists.
    std::optional<std::int64_t> blobSize(const std::string& sha256);
    std::optional<FileRecord> rename(const std::string& userId, const std::string& fileId, const std::string& name);

    // One transaction: adds a reference to the blob (creating its row unless
    // `requireExistingBlob`), inserts the file and, when `completeUploadId` is not empty, marks
    // that upload complete with this file. False (nothing written) when the blob was required
    // but has no references left.
    // The file's thumbnail, width, height and (EXIF) taken_at are filled in from the blob.
    bool insertFile(FileRecord& file, const std::string& location, const std::string& completeUploadId,
                    bool requireExistingBlob);
    // One transaction: deletes the file and drops its reference; returns the blob's hash when
    // that was the last reference (its row is gone and the bytes may be removed).
    std::optional<std::string> deleteFile(const FileRecord& file);
    // Records the image facts of a blob on it and on every file of that content; `takenAt`
    // (EXIF capture time) replaces the files' taken_at when present. state: ready | none.
    void setMedia(const std::string& sha256, const std::string& state, std::optional<std::int64_t> width,
                  std::optional<std::int64_t> height, std::optional<std::int64_t> takenAt);
    // Queue a "transfer" job with every file whose blob is only local (tiered storage).
    void queueTransfers(bool on) { _transfers = on; }
    // "local" or "s3"; empty when the blob has no references.
    std::string blobLocation(const std::string& sha256);
    void setBlobLocation(const std::string& sha256, const std::string& location);
    // Referenced blobs still only on local disk (`nestboxd transfer pending`).
    std::vector<std::string> localBlobs();
    // Blob count by media state (metrics).
    std::map<std::string, std::int64_t> countMediaStates();
    // Blobs of image files that have no thumbnails yet (`nestboxd thumbnails rebuild`).
    std::vector<std::string> imageBlobsWithoutThumbnails();
    // Hashes of blob rows with no references (left by an interrupted delete).
    std::vector<std::string> unreferencedBlobs();
    bool blobRowExists(const std::string& sha256);
    // Every blob row (sha256, size) for fsck.
    std::vector<std::pair<std::string, std::int64_t>> allBlobs();
    void deleteBlobRow(const std::string& sha256);

    static const char* columns();

private:
    Database& _db;
    bool _transfers = false;
};

} // namespace nestbox::server
