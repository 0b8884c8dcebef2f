#include "storage/DirectBlobStore.h"

#include "nestbox/Sha256.h"
#include "service/ServiceError.h"
#include "storage/HashingInputStream.h"
#include "storage/HashingOutputStream.h"
#include "storage/MemoryBlobReader.h"
#include "storage/ObjectStoreKeys.h"
#include "storage/RemoteBlobReader.h"
#include "storage/s3/S3Client.h"
#include "storage/s3/S3Digest.h"
#include "storage/s3/S3Error.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>
#include <Poco/FileStream.h>
#include <Poco/Timestamp.h>
#include <Poco/Logger.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;

namespace nestbox::server {

namespace {

// CopyObject's limit: larger one-request uploads are refused (the chunked upload has none).
constexpr std::int64_t kMaxSimpleUpload = 5LL << 30;
// Parts of a one-request upload of unknown length, held in memory one at a time.
constexpr std::size_t kStreamPart = 8 << 20;

Poco::Logger& logger()
{
    return Poco::Logger::get("nestbox.storage");
}

bool isChecksumRefusal(const S3Error& e)
{
    const std::string& code = e.code();
    return e.status() == 400
        && (code == "BadDigest" || code == "InvalidDigest" || code.find("SHA256") != std::string::npos
            || code.find("Sha256") != std::string::npos);
}

[[noreturn]] void tooLargeForSimpleUpload()
{
    throw ServiceError(ErrorCode::FileTooLarge,
                       "a one-request upload holds at most 5 GiB with this server's storage; use the chunked upload");
}

class DirectBlobStore final : public BlobStore {
public:
    DirectBlobStore(std::string dataDir, std::unique_ptr<S3Client> s3)
        : _dataDir(std::move(dataDir))
        , _s3(std::move(s3))
    {
    }

    // ---- one-request uploads: staging/<id> objects --------------------------------------

    void writeStaged(const std::string& uploadId, std::int64_t offset, std::int64_t length, std::istream& in,
                     Sha256& hasher, const Progress&) override
    {
        if (offset != 0)
            throw std::logic_error("direct storage stages whole bodies only");
        if (length > kMaxSimpleUpload)
            tooLargeForSimpleUpload();
        HashingInputStream body(in, length, hasher);
        try {
            _s3->putObject(stagingObjectKey(uploadId), body, length);
        } catch (const S3Error& e) {
            if (e.code() == "IncompleteBody")
                throw ServiceError(ErrorCode::ChunkSizeMismatch, "the body is shorter than its declared length");
            objectStoreUnavailable(e);
        }
        if (in.peek() != std::char_traits<char>::eof())
            throw ServiceError(ErrorCode::ChunkSizeMismatch, "the body is longer than its declared length");
    }

    std::int64_t writeStagedStream(const std::string& uploadId, std::istream& in, Sha256& hasher,
                                   std::int64_t maxBytes) override
    {
        const std::string key = stagingObjectKey(uploadId);
        std::string part;
        part.reserve(kStreamPart);
        std::string multipartId;
        std::vector<S3CompletedPart> parts;
        std::int64_t total = 0;
        const auto fill = [&] {
            part.clear();
            std::vector<char> buffer(256 * 1024);
            while (part.size() < kStreamPart) {
                in.read(buffer.data(), static_cast<std::streamsize>(
                                           std::min<std::size_t>(buffer.size(), kStreamPart - part.size())));
                const std::streamsize got = in.gcount();
                if (got <= 0)
                    break;
                part.append(buffer.data(), static_cast<std::size_t>(got));
            }
            total += static_cast<std::int64_t>(part.size());
            if (total > std::min(maxBytes, kMaxSimpleUpload)) {
                if (!multipartId.empty())
                    abortParts("", multipartId, key);
                if (total > maxBytes)
                    throw ServiceError(ErrorCode::FileTooLarge, "the file is larger than this server accepts");
                tooLargeForSimpleUpload();
            }
            hasher.update(part.data(), part.size());
        };
        try {
            fill();
            if (part.size() < kStreamPart) {
                // Fits one part: a plain PUT, checked against its SHA-256 by the store.
                std::istringstream body(part);
                _s3->putObject(key, body, static_cast<std::int64_t>(part.size()), S3Digest::sha256Hex(part));
                return total;
            }
            multipartId = _s3->createMultipart(key);
            for (int number = 1; !part.empty(); ++number) {
                std::istringstream body(part);
                const std::string etag = _s3->uploadPart(key, multipartId, number, body,
                                                         static_cast<std::int64_t>(part.size()),
                                                         {S3Digest::sha256Hex(part), {}});
                parts.push_back({number, etag});
                fill();
            }
            _s3->completeMultipart(key, multipartId, parts);
        } catch (const S3Error& e) {
            if (!multipartId.empty())
                abortParts("", multipartId, key);
            objectStoreUnavailable(e);
        }
        return total;
    }

    std::string hashStaged(const std::string& uploadId, std::int64_t size, const Progress& progress) override
    {
        return hashObject(stagingObjectKey(uploadId), 0, size, progress);
    }

    std::string hashStagedRange(const std::string& uploadId, std::int64_t offset, std::int64_t length) override
    {
        return hashObject(stagingObjectKey(uploadId), offset, length, {});
    }

    std::string headStaged(const std::string& uploadId, std::size_t bytes) override
    {
        std::ostringstream out;
        try {
            _s3->getObject(stagingObjectKey(uploadId), out, S3ByteRange{0, static_cast<std::int64_t>(bytes) - 1});
        } catch (const S3Error& e) {
            if (e.status() == 416 || e.status() == 404)
                return {}; // empty (or no) object
            objectStoreUnavailable(e);
        }
        return out.str();
    }

    void commitStaged(const std::string& uploadId, const std::string& sha256) override
    {
        try {
            if (sha256 == Sha256::hashHex("")) {
                // A zero-byte upload may never have written an object.
                std::istringstream empty;
                _s3->putObject(blobObjectKey(sha256), empty, 0, sha256);
            } else {
                _s3->copyObject(stagingObjectKey(uploadId), blobObjectKey(sha256));
            }
        } catch (const S3Error& e) {
            objectStoreUnavailable(e);
        }
        dropStaged(uploadId);
    }

    void dropStaged(const std::string& uploadId) override
    {
        try {
            _s3->deleteObject(stagingObjectKey(uploadId));
        } catch (const S3Error& e) {
            // gc removes staging objects no upload knows.
            logger().warning("staging object %s not deleted: %s", uploadId, std::string(e.what()));
        }
    }

    std::vector<Staged> stagedUploads() override
    {
        std::vector<Staged> out;
        try {
            for (const Entry& e : listObjectEntries(*_s3, "staging/"))
                out.push_back({e.sha256, e.ageSeconds});
        } catch (const S3Error& e) {
            objectStoreUnavailable(e);
        }
        return out;
    }

    // ---- chunked uploads: multipart on blobs/<sha256> ------------------------------------

    bool uploadsDirect() const override { return true; }

    std::string beginParts(const std::string& sha256) override
    {
        try {
            return _s3->createMultipart(blobObjectKey(sha256));
        } catch (const S3Error& e) {
            objectStoreUnavailable(e);
        }
    }

    std::string putPart(const std::string& sha256, const std::string& multipartId, int partNumber,
                        std::int64_t length, std::istream& in, Sha256& hasher, const std::string& partSha256,
                        const Progress& progress) override
    {
        HashingInputStream body(in, length, hasher, progress);
        std::string etag;
        try {
            etag = _s3->uploadPart(blobObjectKey(sha256), multipartId, partNumber, body, length, {partSha256, {}});
        } catch (const S3Error& e) {
            if (e.code() == "IncompleteBody")
                throw ServiceError(ErrorCode::ChunkSizeMismatch, "the chunk body is shorter than its declared length");
            if (isChecksumRefusal(e))
                throw ServiceError(ErrorCode::ChunkChecksumMismatch, "the chunk does not hash to X-Nestbox-Chunk-SHA256");
            if (e.status() == 404)
                throw ServiceError(ErrorCode::NotFound, "no such upload");
            objectStoreUnavailable(e);
        }
        if (body.count() != length)
            throw ServiceError(ErrorCode::ChunkSizeMismatch, "the chunk body is shorter than its declared length");
        if (in.peek() != std::char_traits<char>::eof())
            throw ServiceError(ErrorCode::ChunkSizeMismatch, "the chunk body is longer than its declared length");
        return etag;
    }

    void abortParts(const std::string& sha256, const std::string& multipartId) override
    {
        abortParts(sha256, multipartId, blobObjectKey(sha256));
    }

    std::optional<std::string> completeParts(const std::string& sha256, const std::string& multipartId,
                                             const std::vector<std::pair<int, std::string>>& parts, std::string& head,
                                             std::size_t headBytes, const Progress& progress) override
    {
        const std::string key = blobObjectKey(sha256);
        std::vector<S3CompletedPart> completed;
        for (const auto& [number, etag] : parts)
            completed.push_back({number, etag});
        try {
            try {
                _s3->completeMultipart(key, multipartId, completed);
            } catch (const S3Error& e) {
                // A part the store does not have (ETag of an aborted multipart upload): the
                // parts cannot be assembled, the upload starts over.
                if (e.code() == "InvalidPart" || e.code() == "InvalidPartOrder")
                    return std::nullopt;
                // Completed earlier by a node that died before writing it down: the object is
                // there (it is verified below). Otherwise the parts are gone.
                if (e.status() != 404)
                    throw;
                if (!_s3->headObject(key))
                    return std::nullopt;
                logger().information("multipart upload of %s was completed before; verifying the object", sha256);
            }
            // The whole-file check: the object as the store now holds it, read back through SHA-256.
            Sha256 hasher;
            HashingOutputStream sink(hasher, headBytes, progress);
            _s3->getObject(key, sink);
            head = sink.head();
            return hasher.finishHex();
        } catch (const S3Error& e) {
            objectStoreUnavailable(e);
        }
    }

    std::vector<PendingParts> pendingParts() override
    {
        std::vector<PendingParts> out;
        const Poco::Timestamp now;
        try {
            for (const S3MultipartInfo& upload : _s3->listMultipartUploads("blobs/")) {
                Poco::DateTime initiated;
                int tz = 0;
                std::int64_t age = 0;
                if (Poco::DateTimeParser::tryParse(upload.initiated, initiated, tz))
                    age = (now - initiated.timestamp()) / Poco::Timestamp::resolution();
                out.push_back({upload.key.substr(6), upload.uploadId, age});
            }
        } catch (const S3Error& e) {
            objectStoreUnavailable(e);
        }
        return out;
    }

    std::optional<std::string> presignedGet(const std::string& sha256, std::chrono::seconds ttl,
                                            const std::string& disposition, const std::string& contentType) override
    {
        return _s3->presignGet(blobObjectKey(sha256), ttl,
                               {{"response-content-disposition", disposition}, {"response-content-type", contentType}});
    }

    // ---- blobs --------------------------------------------------------------------------

    bool exists(const std::string& sha256) override
    {
        try {
            return _s3->headObject(blobObjectKey(sha256)).has_value();
        } catch (const S3Error& e) {
            objectStoreUnavailable(e);
        }
    }

    std::unique_ptr<BlobReader> open(const std::string& sha256) override
    {
        std::optional<S3ObjectInfo> info;
        try {
            info = _s3->headObject(blobObjectKey(sha256));
        } catch (const S3Error& e) {
            objectStoreUnavailable(e);
        }
        if (!info) {
            logger().error("blob %s missing from the bucket", sha256);
            throw ServiceError(ErrorCode::Internal, "the file's content is missing from storage");
        }
        return std::make_unique<RemoteBlobReader>(*_s3, blobObjectKey(sha256), info->size);
    }

    void remove(const std::string& sha256) override
    {
        try {
            _s3->deleteObject(blobObjectKey(sha256));
        } catch (const S3Error& e) {
            // The row is gone already; gc removes what the bucket still holds.
            logger().warning("object %s not deleted: %s", sha256, std::string(e.what()));
        }
    }

    std::string localCopy(const std::string& sha256, const std::string& scratchDir) override
    {
        const std::string path = (fs::path(scratchDir) / sha256).string();
        Poco::FileOutputStream out(path);
        try {
            _s3->getObject(blobObjectKey(sha256), out);
        } catch (const S3Error& e) {
            objectStoreUnavailable(e);
        }
        out.close();
        return path;
    }

    std::string makeScratchDir() override
    {
        std::error_code ec;
        fs::create_directories(fs::path(_dataDir) / "tmp", ec);
        for (int attempt = 0; attempt < 8; ++attempt) {
            const fs::path dir = fs::path(_dataDir) / "tmp"
                / ("scratch-" + std::to_string(::getpid()) + "-" + std::to_string(++_scratch));
            if (fs::create_directory(dir, ec))
                return dir.string();
        }
        throw ServiceError(ErrorCode::Internal, "storage error: no scratch directory under " + _dataDir);
    }

    // ---- thumbnails: objects every node reads -----------------------------------------------

    void putThumbnail(const std::string& sha256, int size, const std::string& jpegPath) override
    {
        std::string bytes;
        {
            Poco::FileInputStream in(jpegPath);
            std::ostringstream all;
            all << in.rdbuf();
            bytes = all.str();
        }
        std::istringstream body(bytes);
        try {
            _s3->putObject(thumbnailObjectKey(sha256, size), body, static_cast<std::int64_t>(bytes.size()),
                           S3Digest::sha256Hex(bytes));
        } catch (const S3Error& e) {
            objectStoreUnavailable(e);
        }
    }

    std::unique_ptr<BlobReader> openThumbnail(const std::string& sha256, int size) override
    {
        std::ostringstream out;
        try {
            _s3->getObject(thumbnailObjectKey(sha256, size), out);
        } catch (const S3Error& e) {
            if (e.status() == 404)
                return nullptr;
            objectStoreUnavailable(e);
        }
        return std::make_unique<MemoryBlobReader>(out.str());
    }

    void removeThumbnails(const std::string& sha256) override
    {
        for (int size : {256, 1280}) {
            try {
                _s3->deleteObject(thumbnailObjectKey(sha256, size));
            } catch (const S3Error& e) {
                logger().warning("thumbnail of %s not deleted: %s", sha256, std::string(e.what()));
            }
        }
    }

    std::vector<Entry> list() override
    {
        std::vector<Entry> out;
        try {
            for (Entry& e : listObjectEntries(*_s3, "blobs/"))
                if (isSha256Hex(e.sha256))
                    out.push_back(std::move(e));
        } catch (const S3Error& e) {
            objectStoreUnavailable(e);
        }
        return out;
    }

private:
    void abortParts(const std::string& sha256, const std::string& multipartId, const std::string& key)
    {
        try {
            _s3->abortMultipart(key, multipartId);
        } catch (const S3Error& e) {
            if (e.status() == 404)
                return; // aborted or completed already
            logger().warning("multipart upload %s of %s not aborted: %s", multipartId, sha256.empty() ? key : sha256,
                             std::string(e.what()));
        }
    }

    std::string hashObject(const std::string& key, std::int64_t offset, std::int64_t length, const Progress& progress)
    {
        Sha256 hasher;
        if (length == 0)
            return hasher.finishHex();
        HashingOutputStream sink(hasher, 0, progress);
        try {
            _s3->getObject(key, sink, S3ByteRange{offset, offset + length - 1});
        } catch (const S3Error& e) {
            if (e.status() == 404 || e.status() == 416)
                return {}; // nothing (or less) there: cannot match
            objectStoreUnavailable(e);
        }
        return hasher.finishHex();
    }

    std::string _dataDir;
    std::unique_ptr<S3Client> _s3;
    std::atomic<unsigned> _scratch{0};
};

} // namespace

std::unique_ptr<BlobStore> makeDirectBlobStore(const std::string& dataDir, const S3Config& config)
{
    auto s3 = std::make_unique<S3Client>(config);
    try {
        s3->createBucket();
    } catch (const S3Error& e) {
        logger().warning("bucket %s not created (it may exist already): %s", config.bucket, std::string(e.what()));
    }
    return std::make_unique<DirectBlobStore>(dataDir, std::move(s3));
}

} // namespace nestbox::server
