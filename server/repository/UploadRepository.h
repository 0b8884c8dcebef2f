#pragma once

#include "repository/Records.h"

#include <optional>
#include <string>
#include <vector>

namespace Poco::Data {
class Session;
}

namespace nestbox::server {

class Database;

// Upload sessions and the chunks recorded for them: the durable truth of every upload's
// progress (Redis never holds the only copy). Thread-safe.
class UploadRepository {
public:
    explicit UploadRepository(Database& db)
        : _db(db)
    {
    }

    void insert(const UploadRecord& upload);
    // The upload with its received chunks, when it belongs to `userId`.
    std::optional<UploadRecord> find(const std::string& userId, const std::string& uploadId);
    // Unfinished uploads of a user, newest first (with received chunks).
    std::vector<UploadRecord> listUnfinished(const std::string& userId);
    // The hash recorded for a chunk, if it was received.
    std::optional<std::string> chunkHash(const std::string& uploadId, std::int64_t index);
    // Records a received chunk (idempotent) and pushes the upload's expiry forward.
    void recordChunk(const std::string& uploadId, std::int64_t index, std::int64_t size,
                     const std::string& sha256, std::int64_t now, std::int64_t expiresAt);
    // Direct storage: records a received chunk with its part ETag, only while the upload's
    // multipart upload is still `multipartId` (false when it started over meanwhile: the part
    // belongs to an aborted multipart upload).
    bool recordPart(const std::string& uploadId, const std::string& multipartId, std::int64_t index,
                    std::int64_t size, const std::string& sha256, const std::string& etag, std::int64_t now,
                    std::int64_t expiresAt);
    // The upload (any user's) by id: expiry sweeps and gc.
    std::optional<UploadRecord> findById(const std::string& uploadId);
    // Direct storage: records the multipart upload begun for this upload unless another node
    // recorded one first (false then; the caller aborts its own and uses the recorded one).
    bool setMultipart(const std::string& uploadId, const std::string& multipartId);
    // Direct storage: forgets the multipart upload and every received chunk (the upload starts over).
    void resetMultipart(const std::string& uploadId, std::int64_t now);
    // Multipart upload ids of every unfinished upload (gc).
    std::vector<std::string> allMultipartIds();
    // Every recorded chunk's part ETag by index (direct storage).
    std::vector<std::pair<std::int64_t, std::string>> chunkEtags(const std::string& uploadId);
    // Every recorded chunk's hash by index.
    std::vector<std::pair<std::int64_t, std::string>> chunkHashes(const std::string& uploadId);
    // Forgets chunks whose stored bytes turned out not to match their record.
    void forgetChunks(const std::string& uploadId, const std::vector<std::int64_t>& indices);
    // proof_required → receiving (the challenge is used up).
    void dropChallenge(const std::string& uploadId, std::int64_t now);
    // Deletes the upload row and its chunk rows.
    void remove(const std::string& uploadId);
    // Unfinished uploads whose expiry passed (ids only), at most `limit`.
    std::vector<std::string> expired(std::int64_t now, int limit);
    // How many uploads are unfinished (metrics).
    std::int64_t countByState();
    // Every unfinished upload id (for gc's orphan check).
    std::vector<std::string> allUnfinishedIds();

private:
    void loadChunks(Poco::Data::Session& s, UploadRecord& upload);
    Database& _db;
};

} // namespace nestbox::server
