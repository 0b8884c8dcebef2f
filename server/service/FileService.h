#pragma once

#include "repository/Records.h"

#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nestbox::server {

struct ServerConfig;
class BlobReader;
class BlobStore;
class FileRepository;
class LockManager;
class UserRepository;

// What a new file entry is made of, before it has an id.
struct FileDraft {
    std::string userId;
    std::string name;
    std::int64_t size = 0;
    std::string sha256;
    std::optional<std::int64_t> modifiedAt;
    std::string mime = "application/octet-stream";
    std::string kind = "other";
};

// A user's library: listing, reading, renaming and deleting files, simple one-request uploads,
// and adding file entries for content in the blob store (shared by every upload path).
// Thread-safe.
class FileService {
public:
    FileService(FileRepository& files, UserRepository& users, BlobStore& store, LockManager& locks,
                const ServerConfig& config);

    struct Page {
        std::vector<FileRecord> items;
        std::optional<std::string> nextCursor;
    };
    // sort: taken|uploaded|name, order: asc|desc, kind: image|video|other|"" — validated here.
    Page list(const std::string& userId, const std::string& sort, const std::string& order, const std::string& q,
              const std::string& kind, int limit, const std::string& cursor);
    FileRecord get(const std::string& userId, const std::string& fileId);
    FileRecord rename(const std::string& userId, const std::string& fileId, const std::string& name);
    void remove(const std::string& userId, const std::string& fileId);

    struct Content {
        FileRecord file;
        std::unique_ptr<BlobReader> reader;
    };
    Content open(const std::string& userId, const std::string& fileId);

    // Simple upload: streams the body into staging while hashing, checks the declared hash,
    // then stores it. `length` < 0 means unknown (read to the end).
    FileRecord uploadSimple(const UserRecord& user, FileDraft draft, std::istream& body, std::int64_t length,
                            const std::string& declaredSha256);

    // ServiceError(QuotaExceeded) when `extra` more bytes would pass the user's quota.
    void checkQuota(const UserRecord& user, std::int64_t extra);

    // A new file entry for content that is already a blob. nullopt when the blob has gone.
    std::optional<FileRecord> attachExisting(const FileDraft& draft, const std::string& completeUploadId);
    // Commits staged bytes (already verified to hash to draft.sha256) as a blob, unless the blob
    // exists, and adds the file entry — one blob lock around both.
    FileRecord commitStaged(const FileDraft& draft, const std::string& stagingId,
                            const std::string& completeUploadId);

    // Direct storage: under the blob's lock, `place(exists, keepAlive)` puts the upload's content
    // in place as blob draft.sha256 — or, when `exists` (the blob is stored already), checks the
    // upload against it — and returns the content's first bytes (its type is sniffed from them);
    // then the file entry is added and the upload marked complete, in one transaction.
    using Placer = std::function<std::string(bool exists, const std::function<void()>& keepAlive)>;
    FileRecord commitPlaced(FileDraft draft, const std::string& completeUploadId, const Placer& place);

    // Called after a file was added whose thumbnails are still to be made.
    void onJobQueued(std::function<void()> callback) { _jobQueued = std::move(callback); }

private:
    FileRecord makeRecord(const FileDraft& draft) const;
    // "s3" when new blobs go straight to the object store, "local" otherwise.
    std::string newBlobLocation() const;

    FileRepository& _files;
    UserRepository& _users;
    BlobStore& _store;
    LockManager& _locks;
    const ServerConfig& _config;
    std::function<void()> _jobQueued;
};

} // namespace nestbox::server
