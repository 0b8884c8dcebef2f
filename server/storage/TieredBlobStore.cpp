#include "storage/TieredBlobStore.h"

#include "storage/ObjectStoreKeys.h"
#include "storage/RemoteBlobReader.h"

#include "nestbox/Sha256.h"
#include "service/ServiceError.h"
#include "storage/s3/S3Client.h"
#include "storage/s3/S3Error.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/FileStream.h>
#include <Poco/Logger.h>

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <sstream>

namespace nestbox::server {

namespace {

std::string objectKey(const std::string& sha256)
{
    return blobObjectKey(sha256);
}

[[noreturn]] void unavailable(const S3Error& e)
{
    objectStoreUnavailable(e);
}

class TieredBlobStore final : public BlobStore {
public:
    TieredBlobStore(std::unique_ptr<BlobStore> local, std::unique_ptr<S3Client> s3)
        : _local(std::move(local))
        , _s3(std::move(s3))
    {
    }

    void writeStaged(const std::string& uploadId, std::int64_t offset, std::int64_t length, std::istream& in,
                     Sha256& hasher, const Progress& progress) override
    {
        _local->writeStaged(uploadId, offset, length, in, hasher, progress);
    }
    std::int64_t writeStagedStream(const std::string& uploadId, std::istream& in, Sha256& hasher,
                                   std::int64_t maxBytes) override
    {
        return _local->writeStagedStream(uploadId, in, hasher, maxBytes);
    }
    std::string hashStaged(const std::string& uploadId, std::int64_t size, const Progress& progress) override
    {
        return _local->hashStaged(uploadId, size, progress);
    }
    std::string hashStagedRange(const std::string& uploadId, std::int64_t offset, std::int64_t length) override
    {
        return _local->hashStagedRange(uploadId, offset, length);
    }
    std::string headStaged(const std::string& uploadId, std::size_t bytes) override
    {
        return _local->headStaged(uploadId, bytes);
    }
    void commitStaged(const std::string& uploadId, const std::string& sha256) override
    {
        _local->commitStaged(uploadId, sha256);
    }
    void dropStaged(const std::string& uploadId) override { _local->dropStaged(uploadId); }
    std::vector<Staged> stagedUploads() override { return _local->stagedUploads(); }

    bool exists(const std::string& sha256) override
    {
        if (_local->exists(sha256))
            return true;
        try {
            return _s3->headObject(objectKey(sha256)).has_value();
        } catch (const S3Error& e) {
            unavailable(e);
        }
    }

    std::unique_ptr<BlobReader> open(const std::string& sha256) override
    {
        if (_local->exists(sha256))
            return _local->open(sha256);
        std::optional<S3ObjectInfo> info;
        try {
            info = _s3->headObject(objectKey(sha256));
        } catch (const S3Error& e) {
            unavailable(e);
        }
        if (!info) {
            Poco::Logger::get("nestbox.storage").error("blob %s missing from both tiers", sha256);
            throw ServiceError(ErrorCode::Internal, "the file's content is missing from storage");
        }
        return std::make_unique<RemoteBlobReader>(*_s3, objectKey(sha256), info->size);
    }

    void remove(const std::string& sha256) override
    {
        _local->remove(sha256);
        try {
            _s3->deleteObject(objectKey(sha256));
        } catch (const S3Error& e) {
            // The row is gone already; gc removes what the bucket still holds.
            Poco::Logger::get("nestbox.storage").warning("object %s not deleted: %s", sha256, std::string(e.what()));
        }
    }

    std::string localCopy(const std::string& sha256, const std::string& scratchDir) override
    {
        const std::string path = (std::filesystem::path(scratchDir) / sha256).string();
        // A transfer may free the local copy at any moment: a hard link in the scratch dir (same
        // file system, under data.dir) keeps the bytes for the reader whatever happens to the
        // blob's own path. Only when there is no local copy left is the object fetched.
        if (_local->exists(sha256) && ::link(_local->localCopy(sha256, scratchDir).c_str(), path.c_str()) == 0)
            return path;
        Poco::FileOutputStream out(path);
        try {
            _s3->getObject(objectKey(sha256), out);
        } catch (const S3Error& e) {
            unavailable(e);
        }
        out.close();
        return path;
    }

    bool hasRemoteTier() const override { return true; }

    std::optional<std::string> presignedGet(const std::string& sha256, std::chrono::seconds ttl,
                                            const std::string& disposition, const std::string& contentType) override
    {
        // Only a blob the bucket holds alone; one still on local disk is streamed by the node.
        if (_local->exists(sha256))
            return std::nullopt;
        return _s3->presignGet(objectKey(sha256), ttl,
                               {{"response-content-disposition", disposition}, {"response-content-type", contentType}});
    }

    void pushToRemote(const std::string& sha256, std::int64_t size) override
    {
        const std::string key = objectKey(sha256);
        const std::string path = _local->localCopy(sha256, {});
        Poco::FileInputStream in(path);
        // The object store checks the body against x-amz-content-sha256 (the content's own
        // hash) and refuses a mismatch; the size is read back before the local copy may go.
        _s3->putObject(key, in, size, sha256);
        const auto info = _s3->headObject(key);
        if (!info || info->size != size)
            throw std::runtime_error("object " + key + " did not arrive whole");
    }

    void dropLocal(const std::string& sha256) override { _local->remove(sha256); }

    std::string makeScratchDir() override { return _local->makeScratchDir(); }
    void putThumbnail(const std::string& sha256, int size, const std::string& jpegPath) override
    {
        _local->putThumbnail(sha256, size, jpegPath);
    }
    std::unique_ptr<BlobReader> openThumbnail(const std::string& sha256, int size) override
    {
        return _local->openThumbnail(sha256, size);
    }
    void removeThumbnails(const std::string& sha256) override { _local->removeThumbnails(sha256); }

    std::vector<Entry> list() override
    {
        std::vector<Entry> out = _local->list();
        try {
            for (Entry& entry : listObjectEntries(*_s3, "blobs/")) {
                if (isSha256Hex(entry.sha256))
                    out.push_back(std::move(entry));
            }
        } catch (const S3Error& e) {
            unavailable(e);
        }
        // A blob may sit in both tiers for a moment (transferred, local copy not yet freed).
        std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.sha256 < b.sha256; });
        out.erase(std::unique(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.sha256 == b.sha256; }),
                  out.end());
        return out;
    }

private:
    std::unique_ptr<BlobStore> _local;
    std::unique_ptr<S3Client> _s3;
};

} // namespace

std::unique_ptr<BlobStore> makeTieredBlobStore(const std::string& dataDir, const S3Config& config)
{
    auto s3 = std::make_unique<S3Client>(config);
    try {
        s3->createBucket();
    } catch (const S3Error& e) {
        Poco::Logger::get("nestbox.storage").warning("bucket %s not created (it may exist already): %s", config.bucket,
                                                      std::string(e.what()));
    }
    return std::make_unique<TieredBlobStore>(makeLocalBlobStore(dataDir), std::move(s3));
}

} // namespace nestbox::server
