#pragma once

#include "nestbox/ProofOfPossession.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace nestbox {
class Sha256;
}

namespace nestbox::server {

// Reads one stored blob at any offset (downloads with Range, proofs, fsck).
class BlobReader {
public:
    virtual ~BlobReader() = default;
    virtual std::int64_t size() const = 0;
    // Up to `length` bytes at `offset`; returns the count read (0 at the end).
    virtual std::size_t read(std::int64_t offset, char* buffer, std::size_t length) = 0;
};

// Where file bodies live, addressed by SHA-256. Uploads are staged per upload id, verified and
// then committed under their hash; committed blobs never change. Implementations are
// thread-safe. The server never builds a path from a client's name: only from a verified hash
// or a server-made upload id.
class BlobStore {
public:
    virtual ~BlobStore() = default;

    // Called between blocks of long transfers (lock keep-alive).
    using Progress = std::function<void()>;

    // Streams exactly `length` bytes from `in` into the upload's staging area at `offset`,
    // feeding them to `hasher`, then makes them durable. Throws ServiceError(ChunkSizeMismatch)
    // when `in` holds fewer or more bytes.
    virtual void writeStaged(const std::string& uploadId, std::int64_t offset, std::int64_t length,
                             std::istream& in, Sha256& hasher, const Progress& progress = {}) = 0;
    // Streams `in` to its end into a fresh staging area (simple uploads of unknown length),
    // feeding the bytes to `hasher`; returns the byte count. ServiceError(FileTooLarge) past
    // `maxBytes` (the staged bytes are dropped).
    virtual std::int64_t writeStagedStream(const std::string& uploadId, std::istream& in, Sha256& hasher,
                                           std::int64_t maxBytes) = 0;
    // SHA-256 of the first `size` bytes staged for the upload.
    virtual std::string hashStaged(const std::string& uploadId, std::int64_t size, const Progress& progress = {}) = 0;
    // SHA-256 of `length` staged bytes at `offset` (re-checking one chunk).
    virtual std::string hashStagedRange(const std::string& uploadId, std::int64_t offset, std::int64_t length) = 0;
    // The first bytes of the staged upload (MIME sniffing).
    virtual std::string headStaged(const std::string& uploadId, std::size_t bytes) = 0;
    // Makes the staged bytes the blob `sha256` (atomic; a blob already there is kept).
    virtual void commitStaged(const std::string& uploadId, const std::string& sha256) = 0;
    virtual void dropStaged(const std::string& uploadId) = 0;
    // Upload ids that have staged data, with the age of that data in seconds (gc).
    struct Staged {
        std::string uploadId;
        std::int64_t ageSeconds = 0;
    };
    virtual std::vector<Staged> stagedUploads() = 0;

    virtual bool exists(const std::string& sha256) = 0;
    virtual std::unique_ptr<BlobReader> open(const std::string& sha256) = 0;
    virtual void remove(const std::string& sha256) = 0;
    // A path the blob can be read from by another process (the thumbnailer): the local copy,
    // or one fetched into `scratchDir` when the blob lives only in an object store.
    virtual std::string localCopy(const std::string& sha256, const std::string& scratchDir) = 0;

    // Tiered storage (uploads land locally, a transfer job moves them to an object store).
    // The local store has no second tier: nothing to move.
    virtual bool hasRemoteTier() const { return false; }
    // Copies the local blob to the remote tier and checks it arrived whole (the store verifies
    // the SHA-256 of the body, the size is read back); throws on any failure.
    virtual void pushToRemote(const std::string& /*sha256*/, std::int64_t /*size*/) {}
    // Frees the local copy of a blob that the remote tier holds.
    virtual void dropLocal(const std::string& /*sha256*/) {}
    // Direct storage: chunks go straight into an object-store multipart upload whose key is the
    // blob's own (blobs/<sha256>), from whichever node receives them; nothing is staged locally.
    // The other stores answer false here and never get the calls below.
    virtual bool uploadsDirect() const { return false; }
    // Begins a multipart upload for blob `sha256`; returns its id.
    virtual std::string beginParts(const std::string& /*sha256*/) { throw std::logic_error("no direct uploads"); }
    // Streams exactly `length` bytes of `in` as part `partNumber` (1-based), feeding them to
    // `hasher`. The object store checks the body against `partSha256` (the chunk's declared hash)
    // and keeps nothing of a mismatch. Returns the part's ETag. ServiceError(ChunkSizeMismatch)
    // for a body shorter or longer than `length`, ChunkChecksumMismatch when the store refused it.
    virtual std::string putPart(const std::string& /*sha256*/, const std::string& /*multipartId*/, int /*partNumber*/,
                                std::int64_t /*length*/, std::istream& /*in*/, Sha256& /*hasher*/,
                                const std::string& /*partSha256*/, const Progress& /*progress*/ = {})
    {
        throw std::logic_error("no direct uploads");
    }
    // Drops a multipart upload and its parts (one already gone is fine).
    virtual void abortParts(const std::string& /*sha256*/, const std::string& /*multipartId*/) {}
    // Assembles the parts (number, ETag) into blob `sha256`, then reads the object back through
    // SHA-256: returns the hash of what the store now holds, its first `headBytes` bytes in
    // `head`. nullopt when the parts cannot be assembled (the multipart upload is gone and no
    // object was made of it, or it lacks a part named): the upload has to start over.
    virtual std::optional<std::string> completeParts(const std::string& /*sha256*/, const std::string& /*multipartId*/,
                                                     const std::vector<std::pair<int, std::string>>& /*parts*/,
                                                     std::string& /*head*/, std::size_t /*headBytes*/,
                                                     const Progress& /*progress*/)
    {
        throw std::logic_error("no direct uploads");
    }

    // Multipart uploads in progress (direct storage) with their age in seconds: gc aborts the
    // ones no upload knows (a node killed between beginning one and writing it down).
    struct PendingParts {
        std::string sha256;
        std::string multipartId;
        std::int64_t ageSeconds = 0;
    };
    virtual std::vector<PendingParts> pendingParts() { return {}; }

    // A short-lived URL the client can fetch the blob from itself (object store only); nullopt
    // when the blob must be streamed through the server.
    virtual std::optional<std::string> presignedGet(const std::string& /*sha256*/, std::chrono::seconds /*ttl*/,
                                                    const std::string& /*disposition*/,
                                                    const std::string& /*contentType*/)
    {
        return std::nullopt;
    }

    // A fresh private directory for scratch files; the caller removes it.
    virtual std::string makeScratchDir() = 0;

    // Thumbnails, keyed by content and edge length, so equal photos share them.
    virtual void putThumbnail(const std::string& sha256, int size, const std::string& jpegPath) = 0;
    // nullptr when there is none.
    virtual std::unique_ptr<BlobReader> openThumbnail(const std::string& sha256, int size) = 0;
    virtual void removeThumbnails(const std::string& sha256) = 0;

    // Every stored blob's hash and its age in seconds (gc, fsck).
    struct Entry {
        std::string sha256;
        std::int64_t size = 0;
        std::int64_t ageSeconds = 0;
    };
    virtual std::vector<Entry> list() = 0;
};

std::unique_ptr<BlobStore> makeLocalBlobStore(const std::string& dataDir);

} // namespace nestbox::server
