#pragma once

#include "nestbox/ProofOfPossession.h"
#include "repository/Records.h"
#include "service/AuthService.h"
#include "service/ServiceError.h"

#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace nestbox::server {

struct ServerConfig;
class BlobStore;
class FileRepository;
class FileService;
class LockManager;
class ScopedLock;
class UploadRepository;

// The chunked, resumable, instant upload flow of API.md: start → (instant | proof | chunks) →
// complete, with abort and expiry. All progress lives in the database; locks keep two
// writers of one chunk, or two completes, from ever stepping on each other. Thread-safe.
class UploadService {
public:
    UploadService(UploadRepository& uploads, FileRepository& files, FileService& library, BlobStore& store,
                  LockManager& locks, const ServerConfig& config);

    struct StartResult {
        enum class Outcome { Instant, ProofRequired, Receiving, Complete } outcome = Outcome::Receiving;
        UploadRecord upload;
        std::optional<FileRecord> file;
        std::string nonce; // base64, for ProofRequired
        std::vector<ByteRange> ranges;
    };
    StartResult start(const AuthContext& ctx, const std::string& name, std::int64_t size, const std::string& sha256,
                      std::optional<std::int64_t> modifiedAt, std::int64_t chunkSizeHint);
    // Right proof → the file; wrong → ServiceError(ProofMismatch) and the upload is receiving.
    FileRecord prove(const AuthContext& ctx, const std::string& uploadId, const std::string& proof);
    // `index` as the client wrote it in the path; `contentLength` < 0 when not given.
    void putChunk(const AuthContext& ctx, const std::string& uploadId, const std::string& index,
                  std::int64_t contentLength, const std::string& chunkSha256, std::istream& body);
    UploadRecord status(const AuthContext& ctx, const std::string& uploadId);
    std::vector<UploadRecord> unfinished(const AuthContext& ctx);
    FileRecord complete(const AuthContext& ctx, const std::string& uploadId);
    void abort(const AuthContext& ctx, const std::string& uploadId);
    // Removes expired uploads and their staged bytes; returns how many.
    int cleanupExpired();

    static std::vector<ByteRange> parseRanges(const std::string& text);

private:
    UploadRecord load(const AuthContext& ctx, const std::string& uploadId);
    void discard(const std::string& uploadId);
    // Direct storage: the upload's multipart upload, begun by whichever node gets there first.
    std::string multipartOf(UploadRecord& upload);
    // `uploadLock` is kept alive through the (long) read-back, so no second complete starts.
    FileRecord completeDirect(const UploadRecord& upload, ScopedLock& uploadLock);
    // Direct storage: the multipart upload is dropped and every chunk is asked for again.
    [[noreturn]] void startOver(const UploadRecord& upload, ErrorCode code, const std::string& message);

    UploadRepository& _uploads;
    FileRepository& _files;
    FileService& _library;
    BlobStore& _store;
    LockManager& _locks;
    const ServerConfig& _config;
};

} // namespace nestbox::server
